// Saves what a window shows as a PNG, for tests and documentation.
#pragma once

#include <wx/string.h>
#include <wx/window.h>

namespace formwork::ui {

// Draws the window (GTK renders its widgets into an image) as a PNG at `path`. Returns
// false (and says why in `error`) when the window is not shown or the save fails.
bool save_window_screenshot(wxWindow& window, const wxString& path, wxString& error);

}  // namespace formwork::ui
