// The History panel's "Compare…" (docs/app.md, "History"): two revisions of a record side by
// side, rebuilt from the audit log (formwork/store/revisions.hpp). A row for each field that
// differs between them, named by its label, its value in each as the editor shows it, the
// status first when it differs; "Show all fields" lists those that are the same too. Either
// revision can be changed in the dialog, so any two can be compared. Values are shortened in
// the list; the area below gives the chosen row's in full.
#pragma once

#include "history_panel.hpp"

#include <formwork/model/definition.hpp>
#include <formwork/store/record_store.hpp>
#include <formwork/store/revisions.hpp>

#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/dataview.h>
#include <wx/dialog.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <cstddef>
#include <string>
#include <vector>

namespace formwork::ui {

// One row of the comparison.
struct CompareRow {
    std::string path;  // "meta/status" for the status
    wxString field;    // the field's label (field_label)
    wxString in_a;     // in full, as the editor shows it
    wxString in_b;
    bool differs = false;
};

// The rows comparing revision `a` with revision `b`: those that differ (compare_revisions),
// or with `all` every field either holds, in the form's order, the status first.
std::vector<CompareRow> compare_rows(const forms::FormDefinition& form, const forms::RevisionContent& a,
                                     const forms::RevisionContent& b, bool all);

class RevisionCompareDialog : public wxDialog {
public:
    // The dialog's window name, for tests that find it.
    static constexpr const char* window_name = "compare-revisions";
    enum Column : unsigned { column_differs, column_field, column_a, column_b };
    // How many characters of a value the list shows.
    static constexpr std::size_t shown_length = 60;

    // `revisions` are those the record has (revision_choices); `a` and `b` the two shown first.
    // The store and form must outlive the dialog.
    RevisionCompareDialog(wxWindow* parent, forms::RecordStore& store, forms::FormDefinitionPtr form, std::string id,
                          const wxString& title, std::vector<RevisionChoice> revisions, long a, long b);

    // Shows two other revisions (as choosing them in the dialog does). False when the record
    // has no such revision.
    bool show_revisions(long a, long b);
    // "Show all fields": the fields that are the same too.
    void show_all(bool all);

    long revision_a() const noexcept { return a_; }
    long revision_b() const noexcept { return b_; }
    const std::vector<CompareRow>& rows() const noexcept { return rows_; }
    // What the dialog says above the list: how many fields differ, or why the revisions could
    // not be rebuilt (an entry's values erased).
    wxString summary() const { return summary_->GetLabelText(); }
    bool select_row(std::size_t row);

    wxChoice* choice_a() const noexcept { return choice_a_; }
    wxChoice* choice_b() const noexcept { return choice_b_; }
    wxCheckBox* all_fields() const noexcept { return all_; }
    wxDataViewListCtrl* list() const noexcept { return list_; }
    wxTextCtrl* details() const noexcept { return details_; }

private:
    void read();
    void fill();
    void show_details();

    forms::RecordStore& store_;
    forms::FormDefinitionPtr form_;
    std::string id_;
    std::vector<RevisionChoice> revisions_;
    long a_ = 0;
    long b_ = 0;
    forms::RevisionPair pair_{};
    bool read_ = false;
    std::vector<CompareRow> rows_;

    wxChoice* choice_a_ = nullptr;
    wxChoice* choice_b_ = nullptr;
    wxCheckBox* all_ = nullptr;
    wxStaticText* summary_ = nullptr;
    wxDataViewListCtrl* list_ = nullptr;
    wxTextCtrl* details_ = nullptr;
};

}  // namespace formwork::ui
