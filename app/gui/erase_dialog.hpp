// Record › Erase… asks twice before RecordStore::erase runs (docs/app.md, "Erasing a record"):
// first what erasing does, with the reason the audit log keeps (required), then whether to
// erase for good, with No the default. Erasing cannot be undone, so neither question can be
// answered by a stray Enter.
#pragma once

#include <wx/dialog.h>

#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxStaticText;
class wxTextCtrl;

namespace formwork::ui {

// The first question: what erasing does and does not reach, and why this record is erased.
// Its Erase… button is off until a reason is typed (blanks alone are no reason).
class EraseDialog : public wxDialog {
public:
    // The dialog's window name, for tests that find and answer it.
    static constexpr const char* window_name = "erase-record";

    // `title` names the record as lists do; `details` says its form, status and id.
    EraseDialog(wxWindow* parent, const wxString& title, const wxString& details);

    // The reason as typed, without the blanks around it; empty when none was typed.
    std::string reason() const;

    wxTextCtrl* reason_box() const noexcept { return reason_; }
    wxButton* erase_button() const noexcept { return erase_; }
    // "Erase "title"?", above the rest.
    wxStaticText* heading() const noexcept { return heading_; }
    // What the dialog says erasing does, its paragraphs as shown (wrapped to the dialog's width).
    wxString explanation() const;

private:
    wxTextCtrl* reason_ = nullptr;
    wxButton* erase_ = nullptr;
    wxStaticText* heading_ = nullptr;
    std::vector<wxStaticText*> explanation_;
};

// The second question, a message box: "Erase "title" for good?", with the reason given,
// answered "Erase for good" or "Keep it" (the default, and what Escape gives).
bool confirm_erase_for_good(wxWindow* parent, const wxString& title, const std::string& reason);

// Both questions in turn. The reason when the person answered both; nothing when they
// stopped at either.
std::optional<std::string> ask_to_erase(wxWindow* parent, const wxString& title, const wxString& details);

}  // namespace formwork::ui
