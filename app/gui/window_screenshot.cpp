#include "window_screenshot.hpp"

#include <gtk/gtk.h>

#include <memory>

namespace formwork::ui {

namespace {

struct SurfaceRelease {
    void operator()(cairo_surface_t* surface) const noexcept { cairo_surface_destroy(surface); }
};
struct ContextRelease {
    void operator()(cairo_t* context) const noexcept { cairo_destroy(context); }
};

}  // namespace

// GTK draws the window's widgets into an image, rather than the screen being copied: a copy
// of the screen shows whatever is on top there (another window, stale pixels under Xvfb).
bool save_window_screenshot(wxWindow& window, const wxString& path, wxString& error) {
    window.Update();
    auto* widget = static_cast<GtkWidget*>(window.GetHandle());
    if (widget == nullptr || !gtk_widget_get_realized(widget)) {
        error = "the window is not shown";
        return false;
    }
    const int width = gtk_widget_get_allocated_width(widget);
    const int height = gtk_widget_get_allocated_height(widget);
    if (width <= 1 || height <= 1) {
        error = "the window has no area";
        return false;
    }
    std::unique_ptr<cairo_surface_t, SurfaceRelease> surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
    {
        std::unique_ptr<cairo_t, ContextRelease> context(cairo_create(surface.get()));
        gtk_widget_draw(widget, context.get());
    }
    cairo_surface_flush(surface.get());
    if (cairo_surface_write_to_png(surface.get(), path.utf8_str()) != CAIRO_STATUS_SUCCESS) {
        error = "could not write " + path;
        return false;
    }
    return true;
}

}  // namespace formwork::ui
