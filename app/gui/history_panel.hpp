// The History panel below the record editors (Record › History, Ctrl+H; docs/app.md,
// "History"): every audit entry of the record in front, newest first, each as a row saying
// when, who and what was done in words, with a row under it for each field it changed, named
// by the field's label, its value before and after. Long values are shortened in the list;
// the area beside it gives the chosen row in full.
//
// Comparing two revisions and restoring an earlier one come later, over an engine of their
// own: selected_entry() is what they will act on, and revision_actions() is where their
// buttons go.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/store/audit_log.hpp>
#include <formwork/store/record_store.hpp>

#include <wx/dataview.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::ui {

// A field's path as people name it, from the form's labels: "Title",
// "Actions, row 2, Owner", "Impacts, Disability, Nature", "Lead officer (role)". Steps the
// form does not know (a field since removed) are given as they are. "meta/status" is
// "Status".
wxString field_label(const forms::FormDefinition& form, std::string_view path);

// One line of the panel: an entry's heading, or one change under it.
struct HistoryRow {
    enum class Kind { entry, change } kind = Kind::entry;
    long sequence = 0;  // the audit entry's
    long revision = 0;  // the record's revision after the entry (0 for an export)
    wxString when;      // heading only: local time, "7 Dec 2026 14:05"
    wxString who;       // heading only
    wxString what;      // heading: the action in words; change: the field's label
    wxString before;    // change only: in full
    wxString after;     // change only: in full
};

// The panel's rows for a record's history, newest entry first. `form` may be null (its plugin
// is not loaded): paths are then shown as they are.
std::vector<HistoryRow> describe_history(const forms::FormDefinition* form, const std::vector<forms::AuditEntry>& entries);

// A value as the list shows it: on one line, at most `limit` characters, "…" where cut.
wxString shortened(const wxString& value, std::size_t limit);

class HistoryPanel : public wxPanel {
public:
    enum Column : unsigned { column_when, column_who, column_what, column_before, column_after, column_count };
    // How many characters of a value the list shows before it cuts the rest off.
    static constexpr std::size_t shown_length = 48;

    explicit HistoryPanel(wxWindow* parent);

    // Shows a record's history, read from `store` now. `form` (may be null) names the fields.
    void show_record(forms::RecordStore& store, forms::FormDefinitionPtr form, const std::string& id,
                     const wxString& title);
    // No record: says why in the heading ("Open a record…").
    void show_nothing(const wxString& why);
    // Reads the history of the record shown again (after a save, an export).
    void refresh();

    const std::string& record_id() const noexcept { return record_id_; }
    // The latest revision the entries shown reach; 0 when none.
    long latest_revision() const noexcept { return latest_revision_; }
    const std::vector<HistoryRow>& rows() const noexcept { return rows_; }
    // A cell as the list shows it (values shortened).
    wxString text_at(std::size_t row, Column column) const;
    // Why the last read failed, or "".
    const wxString& read_error() const noexcept { return read_error_; }

    bool select_row(std::size_t row);
    // The audit entry of the row chosen (the heading or one of its changes): what comparing
    // and restoring revisions will act on. Nothing when no row is chosen.
    std::optional<forms::AuditEntry> selected_entry() const;

    wxStaticText* heading() const noexcept { return heading_; }
    wxDataViewListCtrl* list() const noexcept { return list_; }
    // The chosen row in full: every value unshortened.
    wxTextCtrl* details() const noexcept { return details_; }
    // Where "Compare…" and "Restore this revision…" will go; empty for now.
    wxBoxSizer* revision_actions() const noexcept { return revision_actions_; }

private:
    void fill();
    void show_details();

    forms::RecordStore* store_ = nullptr;
    forms::FormDefinitionPtr form_;
    std::string record_id_;
    wxString title_;
    std::vector<forms::AuditEntry> entries_;
    std::vector<HistoryRow> rows_;
    long latest_revision_ = 0;
    wxString read_error_;

    wxStaticText* heading_ = nullptr;
    wxDataViewListCtrl* list_ = nullptr;
    wxTextCtrl* details_ = nullptr;
    wxBoxSizer* revision_actions_ = nullptr;
};

}  // namespace formwork::ui
