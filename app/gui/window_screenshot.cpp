#include "window_screenshot.hpp"

#include <wx/bitmap.h>
#include <wx/dcmemory.h>
#include <wx/dcscreen.h>
#include <wx/image.h>

namespace formwork::ui {

bool save_window_screenshot(wxWindow& window, const wxString& path, wxString& error) {
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);

    window.Update();
    const wxRect area = window.GetScreenRect();
    if (area.IsEmpty()) {
        error = "the window has no area on screen";
        return false;
    }
    wxBitmap bitmap(area.GetSize());
    {
        // GTK 3 cannot read back a window's own DC; the screen's can be read.
        wxScreenDC screen;
        wxMemoryDC memory(bitmap);
        if (!memory.Blit(0, 0, area.width, area.height, &screen, area.x, area.y)) {
            error = "could not copy the screen";
            return false;
        }
    }
    if (!bitmap.SaveFile(path, wxBITMAP_TYPE_PNG)) {
        error = "could not write " + path;
        return false;
    }
    return true;
}

}  // namespace formwork::ui
