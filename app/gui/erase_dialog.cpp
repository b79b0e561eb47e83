// Record › Erase…'s two questions (see erase_dialog.hpp).
#include "erase_dialog.hpp"

#include "accessible_label.hpp"
#include "wx_text.hpp"

#include <wx/artprov.h>
#include <wx/button.h>
#include <wx/display.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <iterator>

namespace formwork::ui {

namespace {

// What erasing does and does not reach, as docs/store.md ("Erasure") says it, in a
// records manager's words: what they sign off is what happens. The third stands out.
const wchar_t* const what_erasing_does[] = {
    L"Erasing removes this record's content from the database: the record, its search text, and the values "
    L"in its audit entries, which are replaced by a tombstone saying when, by whom and why it was erased.",
    L"The audit log keeps who did what and when: each entry's date, name, action and the fields it changed, "
    L"and an entry for this erasure with your name and reason.",
    L"It cannot be undone.",
    L"Exports, printed copies and backups made before are not reached: find and erase them by the "
    L"council's own process.",
};
constexpr std::size_t cannot_be_undone = 2;

bool blank(const wxString& text) { return text.find_first_not_of(" \t\r\n") == wxString::npos; }

}  // namespace

EraseDialog::EraseDialog(wxWindow* parent, const wxString& title, const wxString& details)
    : wxDialog(parent, wxID_ANY, _("Erase a record"), wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE,
               window_name) {
    // As wide as a paragraph reads comfortably, and never wider than the screen.
    const int shown_on = wxDisplay::GetFromWindow(parent != nullptr ? parent : this);
    const int screen = wxDisplay(static_cast<unsigned>(std::max(shown_on, 0))).GetClientArea().GetWidth();
    const int width = std::min(FromDIP(560), screen - FromDIP(120));

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* body = new wxBoxSizer(wxHORIZONTAL);
    body->Add(new wxStaticBitmap(this, wxID_ANY, wxArtProvider::GetBitmap(wxART_WARNING, wxART_MESSAGE_BOX)),
              wxSizerFlags().Border(wxRIGHT, FromDIP(12)).Top());
    auto* text = new wxBoxSizer(wxVERTICAL);

    // The title and details as text: an "&" in a title is no mnemonic.
    heading_ = new wxStaticText(this, wxID_ANY, wxString());
    heading_->SetLabelText(wxString::Format(_("Erase \"%s\"?"), title));
    heading_->SetFont(heading_->GetFont().Bold().Larger());
    heading_->Wrap(width);
    text->Add(heading_, wxSizerFlags().Border(wxBOTTOM, FromDIP(2)));
    auto* about = new wxStaticText(this, wxID_ANY, wxString());
    about->SetLabelText(details);
    about->Wrap(width);
    text->Add(about, wxSizerFlags().Border(wxBOTTOM, FromDIP(12)));

    for (std::size_t index = 0; index < std::size(what_erasing_does); ++index) {
        auto* paragraph = new wxStaticText(this, wxID_ANY, what_erasing_does[index]);
        if (index == cannot_be_undone) paragraph->SetFont(paragraph->GetFont().Bold());
        paragraph->Wrap(width);
        text->Add(paragraph, wxSizerFlags().Border(wxBOTTOM, FromDIP(10)));
        explanation_.push_back(paragraph);
    }
    text->AddSpacer(FromDIP(4));

    auto* label = new wxStaticText(this, wxID_ANY,
                                   _("&Why is it erased? The audit log keeps the reason in the clear, with your name: "
                                     "give a reference that names no one."));
    label->Wrap(width);
    text->Add(label, wxSizerFlags().Border(wxBOTTOM, FromDIP(4)));
    reason_ = new wxTextCtrl(this, wxID_ANY);
    reason_->SetHint(_("For example: subject access request SAR-2024-17"));
    tie_label(label, reason_);
    text->Add(reason_, wxSizerFlags().Expand());

    body->Add(text, wxSizerFlags(1).Expand());
    sizer->Add(body, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(16)));

    // Cancel first and Erase… last, as GTK orders a dialog's buttons; neither is the default,
    // so Enter in the reason box erases nothing.
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->AddStretchSpacer();
    auto* cancel = new wxButton(this, wxID_CANCEL, _("&Cancel"));
    buttons->Add(cancel, wxSizerFlags().Border(wxRIGHT, FromDIP(8)));
    erase_ = new wxButton(this, wxID_OK, _(L"&Erase\u2026"));
    erase_->SetToolTip(_("Asks once more before anything is erased"));
    erase_->Disable();
    buttons->Add(erase_);
    sizer->Add(buttons, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12)));

    reason_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { erase_->Enable(!blank(reason_->GetValue())); });
    SetEscapeId(wxID_CANCEL);
    SetAffirmativeId(wxID_OK);
    SetSizerAndFit(sizer);
    reason_->SetFocus();
    CentreOnParent();
}

wxString EraseDialog::explanation() const {
    wxString all;
    for (const auto* paragraph : explanation_) all += (all.empty() ? "" : "\n\n") + paragraph->GetLabelText();
    return all;
}

std::string EraseDialog::reason() const {
    wxString typed = reason_->GetValue();
    typed.Trim(true).Trim(false);
    return to_utf8(typed);
}

bool confirm_erase_for_good(wxWindow* parent, const wxString& title, const std::string& reason) {
    wxMessageDialog question(parent, wxString::Format(_("Erase \"%s\" for good?"), title), _("Erase a record"),
                             wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
    question.SetExtendedMessage(
        wxString::Format(_("Its content goes from the database now and cannot be brought back. The audit log keeps "
                           "who did what and when, and this reason: \"%s\"."),
                         from_utf8(reason)));
    question.SetYesNoLabels(_("&Erase for good"), _("&Keep it"));
    return question.ShowModal() == wxID_YES;
}

std::optional<std::string> ask_to_erase(wxWindow* parent, const wxString& title, const wxString& details) {
    std::string reason;
    {
        EraseDialog dialog(parent, title, details);
        if (dialog.ShowModal() != wxID_OK) return std::nullopt;
        reason = dialog.reason();
    }
    if (reason.empty()) return std::nullopt;  // the button is off without one; a reason is never assumed
    if (!confirm_erase_for_good(parent, title, reason)) return std::nullopt;
    return reason;
}

}  // namespace formwork::ui
