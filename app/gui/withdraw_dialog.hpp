// The questions Record › Withdraw… (and Delete in the record list) and Record › Restore… ask
// before RecordStore::withdraw and restore run (docs/app.md, "Withdrawing and restoring
// records"). Withdrawing keeps everything and can be undone, so it asks once; its reason is
// required (the audit log keeps it) and Cancel is the default, so a stray Delete and Enter
// withdraw nothing. Restoring asks for a reason too, which may be left empty.
#pragma once

#include <wx/dialog.h>
#include <wx/string.h>

#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxStaticText;
class wxTextCtrl;

namespace formwork::ui {

class WithdrawDialog : public wxDialog {
public:
    enum class Kind { withdraw, restore };
    // The dialog's window names, for tests that find and answer it.
    static constexpr const char* withdraw_name = "withdraw-records";
    static constexpr const char* restore_name = "restore-records";

    // `titles` name the records as the list does, one or many.
    WithdrawDialog(wxWindow* parent, Kind kind, const std::vector<wxString>& titles);

    Kind kind() const noexcept { return kind_; }
    // The reason as typed, without the blanks around it; empty when none was typed.
    std::string reason() const;

    wxTextCtrl* reason_box() const noexcept { return reason_; }
    // Withdraw (off until a reason is typed) or Restore.
    wxButton* action_button() const noexcept { return action_; }
    wxButton* cancel_button() const noexcept { return cancel_; }
    // "Withdraw "title"?", "Withdraw 3 records?", "Restore …?"
    wxStaticText* heading() const noexcept { return heading_; }
    // What the dialog says, its lines as shown (wrapped to the dialog's width).
    wxString explanation() const;

private:
    Kind kind_;
    wxTextCtrl* reason_ = nullptr;
    wxButton* action_ = nullptr;
    wxButton* cancel_ = nullptr;
    wxStaticText* heading_ = nullptr;
    std::vector<wxStaticText*> explanation_;
};

// The question, shown modally: the reason when the person chose Withdraw (never empty) or
// Restore (maybe empty); nothing when they cancelled.
std::optional<std::string> ask_withdraw_reason(wxWindow* parent, WithdrawDialog::Kind kind,
                                               const std::vector<wxString>& titles);

}  // namespace formwork::ui
