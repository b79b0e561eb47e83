// Saves what a window shows on screen as a PNG, for tests and documentation.
#pragma once

#include <wx/string.h>
#include <wx/window.h>

namespace formwork::ui {

// Copies the window's area of the screen into a PNG at `path`. Returns false (and
// says why in `error`) when the copy or the save fails.
bool save_window_screenshot(wxWindow& window, const wxString& path, wxString& error);

}  // namespace formwork::ui
