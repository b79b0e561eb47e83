// The GtkTreeView under a wxDataViewCtrl (see native_table.hpp).
#include "native_table.hpp"

#include <wx/dataview.h>

#include <gtk/gtk.h>

#include <cstdlib>
#include <string>
#include <memory>

namespace formwork::ui {
namespace {

GtkTreeView* tree_of(wxDataViewCtrl* view) {
    GtkWidget* widget = view != nullptr ? view->GtkGetTreeView() : nullptr;
    return widget != nullptr && GTK_IS_TREE_VIEW(widget) ? GTK_TREE_VIEW(widget) : nullptr;
}

struct Typing {
    CellTyping typed;
    CellTyping block;
};

void typing_changed(GtkEditable* editable, gpointer data) {
    auto* typing = static_cast<Typing*>(data);
    const char* row = static_cast<const char*>(g_object_get_data(G_OBJECT(editable), "formwork-row"));
    if (row == nullptr || !GTK_IS_ENTRY(editable)) return;
    const gchar* text = gtk_entry_get_text(GTK_ENTRY(editable));
    typing->typed(static_cast<unsigned>(std::strtoul(row, nullptr, 10)), wxString::FromUTF8(text != nullptr ? text : ""));
}

void pasting(GtkEntry* entry, gpointer data) {
    auto* typing = static_cast<Typing*>(data);
    const char* row = static_cast<const char*>(g_object_get_data(G_OBJECT(entry), "formwork-row"));
    if (row == nullptr || !typing->block) return;
    gchar* text = gtk_clipboard_wait_for_text(gtk_widget_get_clipboard(GTK_WIDGET(entry), GDK_SELECTION_CLIPBOARD));
    if (text == nullptr) return;
    const std::string pasted(text);
    g_free(text);
    // Cells from Word or Excel: a block, not text for this one cell.
    std::string trimmed = pasted;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) trimmed.pop_back();
    if (trimmed.find_first_of("\t\n") == std::string::npos) return;
    g_signal_stop_emission_by_name(entry, "paste-clipboard");
    typing->block(static_cast<unsigned>(std::strtoul(row, nullptr, 10)), wxString::FromUTF8(pasted.c_str()));
}

void editing_started(GtkCellRenderer*, GtkCellEditable* editable, const gchar* path, gpointer data) {
    if (!GTK_IS_ENTRY(editable)) return;
    // The path of a flat list is the row's index.
    g_object_set_data_full(G_OBJECT(editable), "formwork-row", g_strdup(path), g_free);
    g_signal_connect(editable, "changed", G_CALLBACK(typing_changed), data);
    g_signal_connect(editable, "paste-clipboard", G_CALLBACK(pasting), data);
}

void free_typing(gpointer data, GClosure*) { delete static_cast<Typing*>(data); }

}  // namespace

CellCursor cell_cursor(wxDataViewCtrl* view) {
    CellCursor cursor;
    GtkTreeView* tree = tree_of(view);
    if (tree == nullptr) return cursor;
    GtkTreePath* path = nullptr;
    GtkTreeViewColumn* column = nullptr;
    gtk_tree_view_get_cursor(tree, &path, &column);
    if (path != nullptr) {
        if (gtk_tree_path_get_depth(path) > 0) cursor.row = gtk_tree_path_get_indices(path)[0];
        gtk_tree_path_free(path);
    }
    if (column != nullptr) {
        GList* columns = gtk_tree_view_get_columns(tree);
        cursor.column = g_list_index(columns, column);
        g_list_free(columns);
    }
    return cursor;
}

void set_cell_cursor(wxDataViewCtrl* view, int row, int column) {
    GtkTreeView* tree = tree_of(view);
    if (tree == nullptr || row < 0) return;
    GtkTreeViewColumn* shown = column >= 0 ? gtk_tree_view_get_column(tree, column) : nullptr;
    GtkTreePath* path = gtk_tree_path_new_from_indices(row, -1);
    gtk_tree_view_set_cursor(tree, path, shown, FALSE);
    // Sideways only when the cell is out of sight, so that the row labels stay in view.
    GdkRectangle visible{};
    GdkRectangle cell{};
    gtk_tree_view_get_visible_rect(tree, &visible);
    if (shown != nullptr) gtk_tree_view_get_cell_area(tree, path, shown, &cell);
    int cell_x = 0;
    int cell_y = 0;
    gtk_tree_view_convert_bin_window_to_tree_coords(tree, cell.x, cell.y, &cell_x, &cell_y);
    const bool across = shown != nullptr && (cell_x < visible.x || cell_x + cell.width > visible.x + visible.width);
    gtk_tree_view_scroll_to_cell(tree, path, across ? shown : nullptr, FALSE, 0, 0);
    gtk_tree_path_free(path);
}

wxRect cell_rect(wxDataViewCtrl* view, int row, int column, wxWindow* window) {
    GtkTreeView* tree = tree_of(view);
    auto* target = window != nullptr ? static_cast<GtkWidget*>(window->GetHandle()) : nullptr;
    if (tree == nullptr || target == nullptr || row < 0 || column < 0) return {};
    GtkTreeViewColumn* shown = gtk_tree_view_get_column(tree, column);
    if (shown == nullptr) return {};
    GtkTreePath* path = gtk_tree_path_new_from_indices(row, -1);
    GdkRectangle area{};
    gtk_tree_view_get_background_area(tree, path, shown, &area);
    gtk_tree_path_free(path);
    int x = 0;
    int y = 0;
    gtk_tree_view_convert_bin_window_to_widget_coords(tree, area.x, area.y, &x, &y);
    int tx = 0;
    int ty = 0;
    if (!gtk_widget_translate_coordinates(GTK_WIDGET(tree), target, x, y, &tx, &ty)) return {};
    return wxRect(tx, ty, area.width, area.height);
}

void wrap_text_cells(wxDataViewRenderer* renderer, int width) {
    auto* cell = renderer != nullptr ? renderer->GetGtkHandle() : nullptr;
    if (cell == nullptr || !GTK_IS_CELL_RENDERER_TEXT(cell)) return;
    g_object_set(cell, "wrap-width", width, "wrap-mode", PANGO_WRAP_WORD_CHAR, nullptr);
}

int natural_height(wxDataViewCtrl* view) {
    GtkTreeView* tree = tree_of(view);
    if (tree == nullptr) return 0;
    // A tree view asks for the height of all its rows and its headings.
    int minimum = 0;
    int natural = 0;
    // Asking for the width first has the view measure its rows.
    gtk_widget_get_preferred_width(GTK_WIDGET(tree), &minimum, &natural);
    gtk_widget_get_preferred_height(GTK_WIDGET(tree), &minimum, &natural);
    return natural;
}

void name_column_heading(wxDataViewColumn* column, const wxString& name) {
    auto* handle = column != nullptr ? reinterpret_cast<GtkTreeViewColumn*>(column->GetGtkHandle()) : nullptr;
    if (handle == nullptr || !GTK_IS_TREE_VIEW_COLUMN(handle)) return;
    GtkWidget* button = gtk_tree_view_column_get_button(handle);
    if (button == nullptr) return;
    if (AtkObject* accessible = gtk_widget_get_accessible(button))
        atk_object_set_name(accessible, static_cast<const char*>(name.utf8_str()));
}

void on_cell_typing(wxDataViewCtrl*, wxDataViewRenderer* renderer, CellTyping typed, CellTyping block) {
    auto* cell = renderer != nullptr ? renderer->GetGtkHandle() : nullptr;
    if (cell == nullptr || !GTK_IS_CELL_RENDERER(cell)) return;
    g_signal_connect_data(cell, "editing-started", G_CALLBACK(editing_started), new Typing{std::move(typed), std::move(block)}, free_typing,
                          GConnectFlags{});
}

}  // namespace formwork::ui
