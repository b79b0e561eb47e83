// The problems panel under a record's editor: every problem the engine finds in the record,
// one row each (severity, the field as people name it, the message). Double-click or Enter
// on a row takes the person to the field.
//
// The list is a wxDataViewListCtrl, a native GtkTreeView on GTK, which a screen reader reads
// as a table; each row's first cell reads as the whole problem ("Error, Title of EIA, Title of
// EIA is required"), so that moving from row to row says what each one is.
#pragma once

#include "accessible_cells.hpp"

#include <formwork/model/diagnostic.hpp>

#include <wx/panel.h>
#include <wx/string.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

class wxDataViewEvent;
class wxDataViewListCtrl;
class wxStaticText;

namespace formwork::ui {

struct Problem {
    forms::Severity severity = forms::Severity::error;
    std::string path;   // the field path, "" for the record as a whole
    wxString field;     // how people name the field: "EIA author: Name", "Actions, row 2: Lead"
    wxString message;
    wxString when;      // "" for now; else the status it is checked for ("for Complete")

    bool operator==(const Problem& other) const {
        return severity == other.severity && path == other.path && field == other.field && message == other.message &&
               when == other.when;
    }
};

class ProblemsPanel : public wxPanel {
public:
    // Called with a problem's path when the person activates its row.
    using Activate = std::function<void(const std::string& path)>;

    explicit ProblemsPanel(wxWindow* parent);
    ~ProblemsPanel() override;

    void set_on_activate(Activate on_activate) { on_activate_ = std::move(on_activate); }
    // Shows these problems; does nothing when they are the ones shown. Keeps the selected
    // problem selected when it is still there.
    void set_problems(std::vector<Problem> problems);
    const std::vector<Problem>& problems() const noexcept { return problems_; }
    std::size_t count() const noexcept { return problems_.size(); }
    std::size_t error_count() const noexcept;

    // The selected row, or -1.
    long selected() const;
    // Selects a row and scrolls it into view (without going to its field).
    void select(std::size_t index);
    // As a double-click on the row: selects it and goes to its field.
    void activate(std::size_t index);

    wxDataViewListCtrl* list() const noexcept { return list_; }

    // What the severity column shows for a problem: "Error", "Warning (for Complete)".
    static wxString severity_text(const Problem& problem);
    // What a screen reader reads for a problem's row: "Error, Title of EIA, Title of EIA is
    // required"; "Error for Complete, ..." when it is checked for another status.
    static wxString spoken(const Problem& problem);

private:
    // Names the list's cells for screen readers from the problems shown.
    class Namer : public CellNamer {
    public:
        explicit Namer(const std::vector<Problem>& problems) : problems_(problems) {}
        wxString cell_name(unsigned row, unsigned column) const override;
        wxString cell_description(unsigned row, unsigned column) const override;

    private:
        const std::vector<Problem>& problems_;
    };

    void on_activated(wxDataViewEvent& event);
    void update_heading();

    wxStaticText* heading_ = nullptr;
    wxDataViewListCtrl* list_ = nullptr;
    std::vector<Problem> problems_;
    Namer namer_{problems_};
    Activate on_activate_;
};

}  // namespace formwork::ui
