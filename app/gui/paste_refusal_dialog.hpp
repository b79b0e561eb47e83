// Why a paste (or a row import) was refused, in a window of its own that is sized to its
// message, so the whole of it shows at once: under the table it sat below the visible part of
// the editor, cut in half. The message names each cell that could not be placed, in the
// pasted block and in the table.
#pragma once

#include <wx/dialog.h>

class wxStaticText;

namespace formwork::ui {

class PasteRefusalDialog : public wxDialog {
public:
    // The dialog's window name, for tests that find and answer it.
    static constexpr const char* window_name = "paste-refused";

    PasteRefusalDialog(wxWindow* parent, const wxString& title, const wxString& why);

    wxStaticText* message() const noexcept { return message_; }

private:
    wxStaticText* message_ = nullptr;
};

}  // namespace formwork::ui
