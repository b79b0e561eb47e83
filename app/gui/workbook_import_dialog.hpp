// File › Import workbook… (docs/app.md, "Importing a workbook"): a workbook exported sheet per
// table and edited offline, previewed before anything is saved. The dialog shows the plan that
// exporters::plan_workbook_import made (docs/exports.md, "The round trip"): what it would do to
// each record, the chosen record's changes cell by cell with its values before and after as
// the editor shows them, and every problem on its cell. Where records are locked, a reason to
// reopen them can be given, and the workbook is read again with it. The dialog saves nothing
// itself: its Import hands the plan to the window's importer (MainFrame::apply_workbook_plan).
#pragma once

#include <formwork/exporters/workbook_import.hpp>
#include <formwork/host/form_registry.hpp>

#include <wx/dialog.h>
#include <wx/string.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxDataViewListCtrl;
class wxStaticText;
class wxTextCtrl;

namespace formwork::ui {

// What a plan does in words, for the dialog and the status bar: "Would update 2 records and
// add 1; 40 unchanged. 1 conflict: not saved." (`done`: "Updated 2 records and added 1; ...").
wxString workbook_plan_summary(const exporters::WorkbookImportPlan& plan, bool done);

// An outcome as the list says it: "Would update", "Updated", "Conflict", "Locked"...
wxString workbook_outcome_words(exporters::WorkbookRecordPlan::Outcome outcome, bool done);

class WorkbookImportDialog : public wxDialog {
public:
    static constexpr const char* window_name = "import-workbook";
    enum RecordColumn : unsigned { record_outcome, record_place, record_title, record_changes };
    enum ChangeColumn : unsigned { change_cell, change_field, change_before, change_after };
    // How many characters of a value the list of changes shows.
    static constexpr std::size_t shown_length = 48;

    // Reads the workbook again with a reason to reopen locked records (under a progress dialog
    // whose Cancel stops it); nothing when cancelled or it failed, having said why.
    using Planner = std::function<std::optional<exporters::WorkbookImportPlan>(const std::string& reopen_reason)>;
    // Saves what the plan says; true when it ran (its records' outcomes then say what was saved).
    using Importer = std::function<bool(exporters::WorkbookImportPlan& plan, const std::string& reopen_reason)>;

    WorkbookImportDialog(wxWindow* parent, const forms::FormRegistry& registry, exporters::WorkbookImportPlan plan,
                         Planner planner, Importer importer);

    const exporters::WorkbookImportPlan& plan() const noexcept { return plan_; }
    // The records the list shows, in its order (indexes into plan().records): every record
    // but those unchanged with nothing said of them.
    const std::vector<std::size_t>& listed() const noexcept { return listed_; }
    // Chooses a row of the list, as a click would, showing that record's changes.
    bool select_record(std::size_t row);
    // The reason typed to reopen locked records ("" when none), trimmed.
    std::string reopen_reason() const;
    void set_reopen_reason(const wxString& reason);
    // Reads the workbook again with the reason typed (the button beside it).
    bool check_again();
    // Import, as the button does it: with a reason not yet checked, the workbook is read again
    // with it first; then the importer saves. True when it saved (a modal dialog then closes).
    bool import_now();
    // Whether Import can be pressed: something would be saved, or a locked record would be
    // once reopened with the reason typed.
    bool can_import() const;

    wxStaticText* summary() const noexcept { return summary_; }
    wxDataViewListCtrl* records() const noexcept { return records_; }
    wxDataViewListCtrl* changes() const noexcept { return changes_; }
    wxTextCtrl* problems() const noexcept { return problems_; }
    wxTextCtrl* workbook_problems() const noexcept { return workbook_problems_; }
    wxTextCtrl* reason_box() const noexcept { return reason_; }  // null when no record is locked
    wxButton* import_button() const noexcept { return import_; }

private:
    void build();
    void fill();
    void show_record();
    void update_enabled();

    const forms::FormRegistry& registry_;
    exporters::WorkbookImportPlan plan_;
    Planner planner_;
    Importer importer_;
    std::string planned_reason_;  // the reason plan_ was made with
    std::vector<std::size_t> listed_;

    wxStaticText* summary_ = nullptr;
    wxTextCtrl* workbook_problems_ = nullptr;
    wxDataViewListCtrl* records_ = nullptr;
    wxStaticText* changes_label_ = nullptr;
    wxDataViewListCtrl* changes_ = nullptr;
    wxTextCtrl* problems_ = nullptr;
    wxTextCtrl* reason_ = nullptr;
    wxButton* check_again_ = nullptr;
    wxButton* import_ = nullptr;
};

}  // namespace formwork::ui
