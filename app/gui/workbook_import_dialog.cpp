// The preview of a workbook coming back (see workbook_import_dialog.hpp).
#include "workbook_import_dialog.hpp"

#include "accessible_label.hpp"
#include "assert_handler.hpp"
#include "history_panel.hpp"
#include "wx_text.hpp"

#include <wx/button.h>
#include <wx/dataview.h>
#include <wx/display.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <cstdint>
#include <utility>

namespace formwork::ui {

namespace {

using Outcome = exporters::WorkbookRecordPlan::Outcome;

// A column's letters, as the sheet shows them: 1 is A, 27 is AA.
wxString column_letters(std::uint32_t column) {
    wxString letters;
    while (column > 0) {
        --column;
        letters.Prepend(wxUniChar(static_cast<int>('A' + column % 26)));
        column /= 26;
    }
    return letters;
}

// A change's cell as the sheet names it: "H5" on the record's own sheet, "Impacts!C7" on
// another; a whole row is "row 7" ("Impacts, row 7").
wxString cell_of(const exporters::WorkbookPlace& place, const std::string& record_sheet) {
    const wxString sheet = place.sheet.empty() || place.sheet == record_sheet ? wxString() : from_utf8(place.sheet);
    if (place.row == 0) return sheet;
    if (place.column == 0) return (sheet.empty() ? wxString() : sheet + ", ") + wxString::Format("row %u", place.row);
    return (sheet.empty() ? wxString() : sheet + "!") + column_letters(place.column) + wxString::Format("%u", place.row);
}

wxString counted(std::size_t count, const char* one, const char* many) {
    return wxString::Format(count == 1 ? one : many, count);
}

// Why a record is not saved, in words, before its problems.
wxString why_not_saved(const exporters::WorkbookRecordPlan& record) {
    switch (record.outcome) {
    case Outcome::conflict:
        return wxString::Format(_("Would not be saved: the record was changed in the database since the workbook was "
                                  "exported (exported at revision %ld, now at revision %ld). Export it again and make "
                                  "the changes there."),
                                record.exported_revision, record.stored_revision);
    case Outcome::locked:
        return wxString::Format(_("Would not be saved: the record is locked (%s). Give a reason to reopen locked "
                                  "records below, and its changes are saved with it."),
                                from_utf8(record.status));
    case Outcome::refused:
        return _("Would not be saved: the problems below must be corrected in the workbook first.");
    default:
        return {};
    }
}

}  // namespace

wxString workbook_outcome_words(Outcome outcome, bool done) {
    switch (outcome) {
    case Outcome::added: return done ? _("Added") : _("Would add");
    case Outcome::updated: return done ? _("Updated") : _("Would update");
    case Outcome::unchanged: return _("Unchanged");
    case Outcome::conflict: return _("Conflict");
    case Outcome::locked: return _("Locked");
    case Outcome::refused: return _("Refused");
    }
    return {};
}

wxString workbook_plan_summary(const exporters::WorkbookImportPlan& plan, bool done) {
    if (plan.refused()) return _("The workbook was refused: nothing can be imported from it (the problems say why).");
    const auto updated = plan.count(Outcome::updated);
    const auto added = plan.count(Outcome::added);
    wxArrayString saved;
    if (updated > 0)
        saved.Add(done ? counted(updated, "updated %zu record", "updated %zu records")
                       : counted(updated, "would update %zu record", "would update %zu records"));
    if (added > 0)
        saved.Add(done ? counted(added, "added %zu new record", "added %zu new records")
                       : counted(added, "would add %zu new record", "would add %zu new records"));
    wxString said = saved.empty() ? wxString(done ? _("nothing was saved") : _("nothing would be saved")) : saved[0];
    if (saved.size() > 1) said += _(" and ") + saved[1];
    said = said.Left(1).Upper() + said.Mid(1);
    said += wxString::Format(_("; %zu unchanged."), plan.count(Outcome::unchanged));
    wxArrayString held;
    if (const auto conflicts = plan.count(Outcome::conflict); conflicts > 0)
        held.Add(wxString::Format(_("%zu changed in the database since the export"), conflicts));
    if (const auto locked = plan.count(Outcome::locked); locked > 0) held.Add(wxString::Format(_("%zu locked"), locked));
    if (const auto refused = plan.count(Outcome::refused); refused > 0)
        held.Add(wxString::Format(_("%zu with cells refused"), refused));
    if (!held.empty()) {
        wxString listed;
        for (const auto& each : held) listed += (listed.empty() ? wxString() : wxString(", ")) + each;
        said += (done ? _(" Not saved: ") : _(" Would not be saved: ")) + listed + ".";
    }
    return said;
}

WorkbookImportDialog::WorkbookImportDialog(wxWindow* parent, const forms::FormRegistry& registry,
                                           exporters::WorkbookImportPlan plan, Planner planner, Importer importer)
    : wxDialog(parent, wxID_ANY, _(L"Import workbook"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, window_name),
      registry_(registry), plan_(std::move(plan)), planner_(std::move(planner)), importer_(std::move(importer)) {
    build();
    fill();
}

void WorkbookImportDialog::build() {
    const int gap = FromDIP(8);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* heading = new wxStaticText(this, wxID_ANY, wxString());
    heading->SetLabelText(wxString::Format(_("What importing %s would change"), from_utf8(plan_.workbook.filename().string())));
    heading->SetFont(heading->GetFont().Bold());
    sizer->Add(heading, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    auto* where = new wxStaticText(this, wxID_ANY, wxString());
    where->SetLabelText(from_utf8(plan_.workbook.string()) + _(L" \u2014 nothing is saved until you press Import."));
    sizer->Add(where, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));

    summary_ = new wxStaticText(this, wxID_ANY, wxString());
    summary_->SetName("import summary");
    sizer->Add(summary_, wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));

    // Problems of the workbook rather than of a record: shown only when there are any.
    workbook_problems_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxSize(-1, FromDIP(70)),
                                        wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    workbook_problems_->SetName("workbook problems");
    set_accessible_name(workbook_problems_, _("Problems of the workbook"));
    sizer->Add(workbook_problems_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10)));

    records_ = new wxDataViewListCtrl(this, wxID_ANY, wxDefaultPosition, wxSize(-1, FromDIP(170)),
                                      wxDV_ROW_LINES | wxDV_SINGLE | wxDV_VERT_RULES);
    records_->SetName("workbook records");
    records_->AppendTextColumn(_("Outcome"), wxDATAVIEW_CELL_INERT, FromDIP(110), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    records_->AppendTextColumn(_("Where"), wxDATAVIEW_CELL_INERT, FromDIP(230), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    records_->AppendTextColumn(_("Record"), wxDATAVIEW_CELL_INERT, FromDIP(330), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    records_->AppendTextColumn(_("Changes"), wxDATAVIEW_CELL_INERT, FromDIP(130), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    auto* records_label = new wxStaticText(this, wxID_ANY, _("&Records the workbook changes or refuses:"));
    tie_label(records_label, records_);
    sizer->Add(records_label, wxSizerFlags().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    sizer->Add(records_, wxSizerFlags(2).Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));

    changes_label_ = new wxStaticText(this, wxID_ANY, _("&Changes to the chosen record:"));
    sizer->Add(changes_label_, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    changes_ = new wxDataViewListCtrl(this, wxID_ANY, wxDefaultPosition, wxSize(-1, FromDIP(150)),
                                      wxDV_ROW_LINES | wxDV_SINGLE | wxDV_VERT_RULES);
    changes_->SetName("field changes");
    changes_->AppendTextColumn(_("Cell"), wxDATAVIEW_CELL_INERT, FromDIP(110), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    changes_->AppendTextColumn(_("Field"), wxDATAVIEW_CELL_INERT, FromDIP(230), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    changes_->AppendTextColumn(_("Before"), wxDATAVIEW_CELL_INERT, FromDIP(230), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    changes_->AppendTextColumn(_("After"), wxDATAVIEW_CELL_INERT, FromDIP(230), wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    tie_label(changes_label_, changes_);
    sizer->Add(changes_, wxSizerFlags(2).Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));

    // Why the chosen record is not saved, and each of its problems on its cell, in full.
    problems_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxSize(-1, FromDIP(80)),
                               wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    problems_->SetName("record problems");
    set_accessible_name(problems_, _("Problems of the chosen record"));
    sizer->Add(problems_, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(10)));

    // A reason to reopen locked records: offered where the workbook changes one.
    const bool any_locked = plan_.count(Outcome::locked) > 0;
    if (any_locked) {
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        auto* label = new wxStaticText(this, wxID_ANY, _("Reason to re&open locked records:"));
        reason_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxSize(FromDIP(360), -1));
        reason_->SetName("reopen reason");
        reason_->SetHint(_("e.g. Corrected at the panel meeting"));
        tie_label(label, reason_);
        check_again_ = new wxButton(this, wxID_ANY, _("Chec&k again with this reason"));
        check_again_->SetName("check again");
        row->Add(label, wxSizerFlags().CenterVertical().Border(wxRIGHT, gap));
        row->Add(reason_, wxSizerFlags(1).CenterVertical().Border(wxRIGHT, gap));
        row->Add(check_again_, wxSizerFlags().CenterVertical());
        sizer->Add(row, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10)));
        reason_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { update_enabled(); });
        check_again_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { check_again(); });
    }

    auto* buttons = new wxStdDialogButtonSizer;
    import_ = new wxButton(this, wxID_OK, _("&Import"));
    import_->SetDefault();
    buttons->AddButton(import_);
    buttons->AddButton(new wxButton(this, wxID_CANCEL));
    buttons->Realize();
    sizer->Add(buttons, wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    SetSizer(sizer);

    const int shown_on = wxDisplay::GetFromWindow(GetParent() != nullptr ? GetParent() : this);
    const wxRect screen = wxDisplay(static_cast<unsigned>(std::max(shown_on, 0))).GetClientArea();
    SetSize(wxSize(std::min(FromDIP(900), screen.GetWidth() - FromDIP(40)),
                   std::min(FromDIP(720), screen.GetHeight() - FromDIP(40))));
    CentreOnParent();

    records_->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) { show_record(); });
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { import_now(); }, wxID_OK);
}

void WorkbookImportDialog::fill() {
    summary_->SetLabelText(workbook_plan_summary(plan_, false));
    wxString workbook_said;
    for (const auto& problem : plan_.problems)
        workbook_said += from_utf8(problem.format(plan_.workbook.filename().string())) + "\n";
    workbook_problems_->ChangeValue(workbook_said);
    workbook_problems_->Show(!workbook_said.empty());

    listed_.clear();
    records_->DeleteAllItems();
    for (std::size_t index = 0; index < plan_.records.size(); ++index) {
        const auto& record = plan_.records[index];
        if (record.outcome == Outcome::unchanged && record.problems.empty()) continue;
        listed_.push_back(index);
        wxString place = from_utf8(record.row.sheet);
        if (record.row.row > 0) place += wxString::Format(_(", row %u"), record.row.row);
        wxString title = from_utf8(record.title);
        if (title.empty()) title = record.record_id.empty() ? wxString(_("(a new record)")) : from_utf8(record.record_id);
        wxString changed;
        if (!record.changes.empty()) changed = counted(record.changes.size(), "%zu change", "%zu changes");
        std::size_t errors = 0;
        for (const auto& problem : record.problems)
            if (problem.severity == forms::Severity::error) ++errors;
        if (errors > 0)
            changed += (changed.empty() ? wxString() : wxString(", ")) + counted(errors, "%zu problem", "%zu problems");
        wxVector<wxVariant> cells;
        cells.push_back(wxVariant(workbook_outcome_words(record.outcome, false)));
        cells.push_back(wxVariant(place));
        cells.push_back(wxVariant(title));
        cells.push_back(wxVariant(changed));
        records_->AppendItem(cells);
    }
    if (!listed_.empty()) records_->SelectRow(0);
    show_record();
    update_enabled();
    Layout();
}

bool WorkbookImportDialog::select_record(std::size_t row) {
    if (row >= listed_.size()) return false;
    records_->SelectRow(static_cast<unsigned>(row));
    records_->EnsureVisible(records_->RowToItem(static_cast<int>(row)));
    show_record();
    return true;
}

void WorkbookImportDialog::show_record() {
    changes_->DeleteAllItems();
    const int chosen = records_->GetSelectedRow();
    if (chosen == wxNOT_FOUND || static_cast<std::size_t>(chosen) >= listed_.size()) {
        problems_->ChangeValue(wxString());
        return;
    }
    const auto& record = plan_.records[listed_[static_cast<std::size_t>(chosen)]];
    const auto form = registry_.latest(record.form_id);
    for (const auto& change : record.changes) {
        wxVector<wxVariant> cells;
        cells.push_back(wxVariant(cell_of(change.place, record.row.sheet)));
        cells.push_back(wxVariant(from_utf8(change.label)));
        cells.push_back(wxVariant(shortened(value_in_words(form.get(), change.path, change.before), shown_length)));
        cells.push_back(wxVariant(shortened(value_in_words(form.get(), change.path, change.after), shown_length)));
        changes_->AppendItem(cells);
    }
    wxString said = why_not_saved(record);
    const auto workbook = plan_.workbook.filename().string();
    for (const auto& problem : record.problems)
        said += (said.empty() ? wxString() : wxString("\n")) + from_utf8(problem.format(workbook));
    if (said.empty()) said = _("Nothing to correct: this record would be saved with the changes above.");
    problems_->ChangeValue(said);
}

std::string WorkbookImportDialog::reopen_reason() const {
    if (reason_ == nullptr) return planned_reason_;
    return to_utf8(reason_->GetValue().Strip(wxString::both));
}

void WorkbookImportDialog::set_reopen_reason(const wxString& reason) {
    if (reason_ != nullptr) reason_->ChangeValue(reason);
    update_enabled();
}

bool WorkbookImportDialog::can_import() const {
    if (plan_.refused()) return false;
    if (plan_.saves_anything()) return true;
    // Locked records are saved once the workbook is read again with a reason.
    return plan_.count(Outcome::locked) > 0 && !reopen_reason().empty() && reopen_reason() != planned_reason_;
}

void WorkbookImportDialog::update_enabled() {
    import_->Enable(can_import());
    if (check_again_ != nullptr) check_again_->Enable(!reopen_reason().empty() && reopen_reason() != planned_reason_);
}

bool WorkbookImportDialog::check_again() {
    if (!planner_) return false;
    const auto reason = reopen_reason();
    auto replanned = planner_(reason);
    if (!replanned) return false;
    plan_ = std::move(*replanned);
    planned_reason_ = reason;
    fill();
    return true;
}

bool WorkbookImportDialog::import_now() {
    // A reason typed but not yet checked: the workbook is read with it first.
    if (reopen_reason() != planned_reason_ && !check_again()) return false;
    if (!plan_.saves_anything() || !importer_) return false;
    if (!importer_(plan_, planned_reason_)) return false;
    if (IsModal()) EndModal(wxID_OK);
    return true;
}

}  // namespace formwork::ui
