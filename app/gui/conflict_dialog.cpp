// The save-conflict dialog (see conflict_dialog.hpp).
#include "conflict_dialog.hpp"

#include "wx_text.hpp"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace formwork::ui {

namespace {

// One line of a cell: a long text shows its beginning, with its line breaks as spaces.
wxString cell_text(const std::string& value) {
    if (value.empty()) return _("(empty)");
    wxString text = from_utf8(value);
    text.Replace("\r", "");
    text.Replace("\n", " ");
    if (text.length() > 200) text = text.Left(200) + L"\u2026";
    return text;
}

}  // namespace

ConflictDialog::ConflictDialog(wxWindow* parent, const forms::SaveConflict& conflict, const wxString& record_title,
                               const std::function<wxString(const std::string& path)>& describe)
    : wxDialog(parent, wxID_ANY, _("Someone else saved this record"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const auto& theirs = conflict.theirs.meta;
    wxString intro = wxString::Format(
        _("\"%s\" was saved by %s at %s (revision %ld) after you opened it. Your changes are not saved yet.\n"
          "These fields differ. Choose whose values to keep; the other values are not saved."),
        record_title, from_utf8(theirs.modified_by.empty() ? std::string("someone") : theirs.modified_by),
        from_utf8(theirs.modified_at), theirs.revision);
    auto* text = new wxStaticText(this, wxID_ANY, intro);
    text->Wrap(FromDIP(720));
    sizer->Add(text, wxSizerFlags().Border(wxALL, FromDIP(10)));

    list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxSize(FromDIP(760), FromDIP(260)),
                           wxLC_REPORT | wxLC_SINGLE_SEL);
    list_->AppendColumn(_("Field"), wxLIST_FORMAT_LEFT, FromDIP(220));
    list_->AppendColumn(_("Mine"), wxLIST_FORMAT_LEFT, FromDIP(270));
    list_->AppendColumn(_("Theirs"), wxLIST_FORMAT_LEFT, FromDIP(270));
    long row = 0;
    for (const auto& difference : conflict.differences) {
        wxString field = describe ? describe(difference.path) : wxString();
        if (field.empty()) field = from_utf8(difference.label.empty() ? difference.path : difference.label);
        list_->InsertItem(row, field);
        list_->SetItem(row, 1, cell_text(difference.mine));
        list_->SetItem(row, 2, cell_text(difference.theirs));
        ++row;
    }
    if (conflict.differences.empty()) {
        list_->InsertItem(0, _("(no field differs: only the revision moved on)"));
    }
    sizer->Add(list_, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* later = new wxButton(this, wxID_CANCEL, _("Decide later"));
    auto* theirs_button = new wxButton(this, wxID_NO, _("Take theirs"));
    auto* mine = new wxButton(this, wxID_YES, _("Keep mine"));
    buttons->Add(later);
    buttons->AddStretchSpacer();
    buttons->Add(theirs_button, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
    buttons->Add(mine);
    sizer->Add(buttons, wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    SetSizerAndFit(sizer);
    SetEscapeId(wxID_CANCEL);
    mine->SetToolTip(_("Save your values over theirs, as a new revision"));
    theirs_button->SetToolTip(_("Drop your unsaved changes and show what is stored"));

    mine->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        choice_ = ConflictChoice::keep_mine;
        EndModal(wxID_YES);
    });
    theirs_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        choice_ = ConflictChoice::take_theirs;
        EndModal(wxID_NO);
    });
    later->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        choice_ = ConflictChoice::decide_later;
        EndModal(wxID_CANCEL);
    });
    CentreOnParent();
}

}  // namespace formwork::ui
