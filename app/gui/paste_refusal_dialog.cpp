// The paste refusal window (see paste_refusal_dialog.hpp).
#include "paste_refusal_dialog.hpp"

#include <wx/artprov.h>
#include <wx/button.h>
#include <wx/display.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>

#include <algorithm>

namespace formwork::ui {

PasteRefusalDialog::PasteRefusalDialog(wxWindow* parent, const wxString& title, const wxString& why)
    : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE, window_name) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* body = new wxBoxSizer(wxHORIZONTAL);
    body->Add(new wxStaticBitmap(this, wxID_ANY, wxArtProvider::GetBitmap(wxART_WARNING, wxART_MESSAGE_BOX)),
              wxSizerFlags().Border(wxRIGHT, FromDIP(12)).Top());
    message_ = new wxStaticText(this, wxID_ANY, why);
    // As wide as a line of a long refusal reads comfortably, and never wider than the screen:
    // the text wraps to it, and the dialog grows to the wrapped text.
    const int shown_on = wxDisplay::GetFromWindow(parent != nullptr ? parent : this);
    const int screen = wxDisplay(static_cast<unsigned>(std::max(shown_on, 0))).GetClientArea().GetWidth();
    message_->Wrap(std::min(FromDIP(640), screen - FromDIP(120)));
    body->Add(message_, wxSizerFlags(1).Expand());
    sizer->Add(body, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(16)));
    auto* ok = new wxButton(this, wxID_OK, _("OK"));
    ok->SetDefault();
    sizer->Add(ok, wxSizerFlags().Right().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12)));
    SetSizerAndFit(sizer);
    SetEscapeId(wxID_OK);
    ok->SetFocus();
    CentreOnParent();
}

}  // namespace formwork::ui
