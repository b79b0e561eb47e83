// Tying labels to controls for screen readers through GTK and ATK (see accessible_label.hpp).
#include "accessible_label.hpp"

#include <gtk/gtk.h>

namespace formwork::ui {
namespace {

GtkWidget* search_focusable(GtkWidget* widget);

void visit_child(GtkWidget* child, gpointer data) {
    auto* found = static_cast<GtkWidget**>(data);
    // A hidden child (a control of a field not shown) is not where the focus goes.
    if (*found == nullptr && gtk_widget_get_visible(child)) *found = search_focusable(child);
}

// The widget in `widget`'s tree that takes the keyboard focus: the text view of a multi-line
// text, the entry of a date picker, the tree view of a list, or the widget itself.
GtkWidget* search_focusable(GtkWidget* widget) {
    if (widget == nullptr) return nullptr;
    if (GTK_IS_ENTRY(widget) || GTK_IS_TEXT_VIEW(widget) || GTK_IS_TREE_VIEW(widget) || GTK_IS_COMBO_BOX(widget) ||
        GTK_IS_TOGGLE_BUTTON(widget) || GTK_IS_BUTTON(widget))
        return widget;
    if (GTK_IS_CONTAINER(widget)) {
        GtkWidget* found = nullptr;
        // forall, not foreach: a combo control's entry is an internal child.
        gtk_container_forall(GTK_CONTAINER(widget), visit_child, &found);
        if (found != nullptr) return found;
    }
    return gtk_widget_get_can_focus(widget) ? widget : nullptr;
}

GtkWidget* focus_widget(wxWindow* control) {
    if (control == nullptr) return nullptr;
    auto* widget = static_cast<GtkWidget*>(control->GetHandle());
    if (widget == nullptr) return nullptr;
    if (GtkWidget* found = search_focusable(widget)) return found;
    return widget;
}

std::string plain_label(const wxString& text) {
    std::string name(text.utf8_str());
    // The visible " *" marks a required field; a screen reader would read "star".
    while (!name.empty() && (name.back() == '*' || name.back() == ' ')) name.pop_back();
    return name;
}

}  // namespace

void tie_label(wxStaticText* label, wxWindow* control) {
    if (label == nullptr || control == nullptr) return;
    GtkWidget* target = focus_widget(control);
    if (target == nullptr) return;
    auto* label_widget = static_cast<GtkWidget*>(label->GetHandle());
    if (label_widget != nullptr && GTK_IS_LABEL(label_widget)) gtk_label_set_mnemonic_widget(GTK_LABEL(label_widget), target);
    const std::string name = plain_label(label->GetLabelText());
    if (name.empty()) return;
    if (AtkObject* accessible = gtk_widget_get_accessible(target)) atk_object_set_name(accessible, name.c_str());
}

void set_accessible_name(wxWindow* control, const wxString& name) {
    GtkWidget* target = focus_widget(control);
    if (target == nullptr) return;
    if (AtkObject* accessible = gtk_widget_get_accessible(target))
        atk_object_set_name(accessible, static_cast<const char*>(name.utf8_str()));
}

void set_accessible_description(wxWindow* control, const wxString& description) {
    GtkWidget* target = focus_widget(control);
    if (target == nullptr) return;
    if (AtkObject* accessible = gtk_widget_get_accessible(target))
        atk_object_set_description(accessible, static_cast<const char*>(description.utf8_str()));
}

std::string accessible_name(wxWindow* control) {
    GtkWidget* target = focus_widget(control);
    if (target == nullptr) return {};
    AtkObject* accessible = gtk_widget_get_accessible(target);
    if (accessible == nullptr) return {};
    const char* name = atk_object_get_name(accessible);
    return name != nullptr ? std::string(name) : std::string();
}

}  // namespace formwork::ui
