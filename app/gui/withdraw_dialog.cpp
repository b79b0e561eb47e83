// Record › Withdraw… and Restore…'s question (see withdraw_dialog.hpp).
#include "withdraw_dialog.hpp"

#include "accessible_label.hpp"
#include "wx_text.hpp"

#include <wx/artprov.h>
#include <wx/button.h>
#include <wx/display.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>

namespace formwork::ui {

namespace {

// As docs/store.md ("Withdrawn records") says it, in an officer's words.
const wchar_t* const what_withdrawing_does[] = {
    L"Withdrawing takes it out of the list of records and out of every export.",
    L"Everything is kept: its content, its earlier revisions and its audit entries. Restore brings it back "
    L"as it was (choose \u201cWithdrawn only\u201d above the list to find it).",
    L"An open tab of it is saved and closed.",
};
const wchar_t* const what_restoring_does[] = {
    L"Restoring brings it back into the list of records and the exports, as it was when it was withdrawn.",
};

// More than this many titles are summed up as "and N more".
constexpr std::size_t titles_shown = 8;

bool blank(const wxString& text) { return text.find_first_not_of(" \t\r\n") == wxString::npos; }

}  // namespace

WithdrawDialog::WithdrawDialog(wxWindow* parent, Kind kind, const std::vector<wxString>& titles)
    : wxDialog(parent, wxID_ANY, kind == Kind::withdraw ? _("Withdraw records") : _("Restore records"),
               wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE,
               kind == Kind::withdraw ? withdraw_name : restore_name),
      kind_(kind) {
    const bool withdrawing = kind == Kind::withdraw;
    const int shown_on = wxDisplay::GetFromWindow(parent != nullptr ? parent : this);
    const int screen = wxDisplay(static_cast<unsigned>(std::max(shown_on, 0))).GetClientArea().GetWidth();
    const int width = std::min(FromDIP(520), screen - FromDIP(120));

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* body = new wxBoxSizer(wxHORIZONTAL);
    body->Add(new wxStaticBitmap(this, wxID_ANY,
                                 wxArtProvider::GetBitmap(withdrawing ? wxART_QUESTION : wxART_INFORMATION,
                                                          wxART_MESSAGE_BOX)),
              wxSizerFlags().Border(wxRIGHT, FromDIP(12)).Top());
    auto* text = new wxBoxSizer(wxVERTICAL);

    // Titles as text: an "&" in a title is no mnemonic.
    heading_ = new wxStaticText(this, wxID_ANY, wxString());
    const wxString verb = withdrawing ? _("Withdraw") : _("Restore");
    heading_->SetLabelText(titles.size() == 1 ? wxString::Format("%s \"%s\"?", verb, titles.front())
                                              : wxString::Format(_("%s %zu records?"), verb, titles.size()));
    heading_->SetFont(heading_->GetFont().Bold().Larger());
    heading_->Wrap(width);
    text->Add(heading_, wxSizerFlags().Border(wxBOTTOM, FromDIP(8)));
    if (titles.size() > 1) {
        wxString listed;
        for (std::size_t index = 0; index < titles.size() && index < titles_shown; ++index)
            listed += (listed.empty() ? "" : "\n") + wxString(L"\u2022 ") + titles[index];
        if (titles.size() > titles_shown) listed += wxString::Format(_("\nand %zu more"), titles.size() - titles_shown);
        auto* names = new wxStaticText(this, wxID_ANY, wxString());
        names->SetLabelText(listed);
        text->Add(names, wxSizerFlags().Border(wxBOTTOM, FromDIP(10)));
    }

    const auto add_paragraph = [&](const wchar_t* words) {
        auto* paragraph = new wxStaticText(this, wxID_ANY, words);
        paragraph->Wrap(width);
        text->Add(paragraph, wxSizerFlags().Border(wxBOTTOM, FromDIP(8)));
        explanation_.push_back(paragraph);
    };
    if (withdrawing)
        for (const auto* words : what_withdrawing_does) add_paragraph(words);
    else
        for (const auto* words : what_restoring_does) add_paragraph(words);

    auto* label = new wxStaticText(this, wxID_ANY,
                                   withdrawing ? _("&Why is it withdrawn? The audit log keeps the reason, with your name.")
                                               : _("&Why is it restored (if you wish to say)? The audit log keeps the "
                                                   "reason, with your name."));
    label->Wrap(width);
    text->Add(label, wxSizerFlags().Border(wxTOP, FromDIP(4)).Border(wxBOTTOM, FromDIP(4)));
    reason_ = new wxTextCtrl(this, wxID_ANY);
    reason_->SetHint(withdrawing ? _("For example: entered twice by mistake") : _("For example: withdrawn in error"));
    tie_label(label, reason_);
    text->Add(reason_, wxSizerFlags().Expand());

    body->Add(text, wxSizerFlags(1).Expand());
    sizer->Add(body, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(16)));

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->AddStretchSpacer();
    cancel_ = new wxButton(this, wxID_CANCEL, _("&Cancel"));
    buttons->Add(cancel_, wxSizerFlags().Border(wxRIGHT, FromDIP(8)));
    action_ = new wxButton(this, wxID_OK, withdrawing ? _("&Withdraw") : _("&Restore"));
    buttons->Add(action_);
    sizer->Add(buttons, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12)));

    SetEscapeId(wxID_CANCEL);
    SetAffirmativeId(wxID_OK);
    if (withdrawing) {
        // Cancel is the default, and Withdraw is off until a reason is typed: Delete then Enter
        // withdraws nothing.
        action_->Disable();
        cancel_->SetDefault();
        reason_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { action_->Enable(!blank(reason_->GetValue())); });
    } else {
        action_->SetDefault();
    }
    SetSizerAndFit(sizer);
    reason_->SetFocus();
    CentreOnParent();
}

wxString WithdrawDialog::explanation() const {
    wxString all;
    for (const auto* paragraph : explanation_) all += (all.empty() ? "" : "\n\n") + paragraph->GetLabelText();
    return all;
}

std::string WithdrawDialog::reason() const {
    wxString typed = reason_->GetValue();
    typed.Trim(true).Trim(false);
    return to_utf8(typed);
}

std::optional<std::string> ask_withdraw_reason(wxWindow* parent, WithdrawDialog::Kind kind,
                                               const std::vector<wxString>& titles) {
    WithdrawDialog dialog(parent, kind, titles);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    auto reason = dialog.reason();
    // The button is off without one; a reason to withdraw is never assumed.
    if (kind == WithdrawDialog::Kind::withdraw && reason.empty()) return std::nullopt;
    return reason;
}

}  // namespace formwork::ui
