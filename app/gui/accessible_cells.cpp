// Cell names through ATK (see accessible_cells.hpp). GTK's cell accessibles take their name
// from the renderer's text and have no hook for more, so the name and description functions
// of their classes are wrapped once: for a tree view that has a namer the namer answers, for
// every other tree view GTK's own function does as before.
#include "accessible_cells.hpp"

#include <wx/dataview.h>

#include <gtk/gtk-a11y.h>
#include <gtk/gtk.h>

#include <array>
#include <utility>

namespace formwork::ui {
namespace {

constexpr const char* namer_key = "formwork-cell-namer";

using AtkText = const gchar* (*)(AtkObject*);

// GTK's own functions, for each cell accessible class that was wrapped.
struct Wrapped {
    GType type = 0;
    AtkText name = nullptr;
    AtkText description = nullptr;
};
std::array<Wrapped, 4> wrapped{};

const Wrapped* original_for(AtkObject* cell) {
    // The nearest wrapped class: a class made after wrapping copies its parent's (wrapped)
    // functions, and is then answered with that parent's originals.
    for (GType type = G_OBJECT_TYPE(cell); type != 0; type = g_type_parent(type))
        for (const auto& entry : wrapped)
            if (entry.type == type) return &entry;
    return nullptr;
}

// The namer of the table holding `cell`, and the cell's row and column; null when its tree
// view has none.
const CellNamer* namer_of(AtkObject* cell, int& row, int& column) {
    AtkObject* parent = atk_object_get_parent(cell);
    if (parent == nullptr || !GTK_IS_ACCESSIBLE(parent) || !ATK_IS_TABLE_CELL(cell)) return nullptr;
    GtkWidget* widget = gtk_accessible_get_widget(GTK_ACCESSIBLE(parent));
    if (widget == nullptr || !GTK_IS_TREE_VIEW(widget)) return nullptr;
    const auto* namer = static_cast<const CellNamer*>(g_object_get_data(G_OBJECT(widget), namer_key));
    if (namer == nullptr) return nullptr;
    row = -1;
    column = -1;
    atk_table_cell_get_position(ATK_TABLE_CELL(cell), &row, &column);
    return row >= 0 && column >= 0 ? namer : nullptr;
}

// ATK hands out names as borrowed strings that live as long as the object; the cell keeps its
// latest name and description as object data.
const gchar* keep(AtkObject* cell, const char* key, const wxString& text) {
    auto* copy = g_strdup(static_cast<const char*>(text.utf8_str()));
    g_object_set_data_full(G_OBJECT(cell), key, copy, g_free);
    return copy;
}

const gchar* cell_name(AtkObject* cell) {
    int row = 0;
    int column = 0;
    if (const auto* namer = namer_of(cell, row, column))
        return keep(cell, "formwork-name", namer->cell_name(static_cast<unsigned>(row), static_cast<unsigned>(column)));
    const auto* original = original_for(cell);
    return original != nullptr && original->name != nullptr ? original->name(cell) : nullptr;
}

const gchar* cell_description(AtkObject* cell) {
    int row = 0;
    int column = 0;
    if (const auto* namer = namer_of(cell, row, column))
        return keep(cell, "formwork-description",
                    namer->cell_description(static_cast<unsigned>(row), static_cast<unsigned>(column)));
    const auto* original = original_for(cell);
    return original != nullptr && original->description != nullptr ? original->description(cell) : nullptr;
}

void wrap_cell_classes() {
    static bool done = false;
    if (done) return;
    done = true;
    // Every class is made before any is changed, so each keeps GTK's function, not ours.
    const std::array<GType, 4> types{GTK_TYPE_CELL_ACCESSIBLE, GTK_TYPE_RENDERER_CELL_ACCESSIBLE,
                                     GTK_TYPE_TEXT_CELL_ACCESSIBLE, GTK_TYPE_BOOLEAN_CELL_ACCESSIBLE};
    std::array<AtkObjectClass*, 4> classes{};
    for (std::size_t i = 0; i < types.size(); ++i) classes[i] = static_cast<AtkObjectClass*>(g_type_class_ref(types[i]));
    for (std::size_t i = 0; i < types.size(); ++i) {
        wrapped[i] = {types[i], classes[i]->get_name, classes[i]->get_description};
        classes[i]->get_name = cell_name;
        classes[i]->get_description = cell_description;
    }
}

GtkWidget* tree_view_of(wxDataViewCtrl* view) { return view != nullptr ? view->GtkGetTreeView() : nullptr; }

AtkObject* cell_at(wxDataViewCtrl* view, unsigned row, unsigned column) {
    GtkWidget* tree = tree_view_of(view);
    if (tree == nullptr) return nullptr;
    AtkObject* table = gtk_widget_get_accessible(tree);
    if (table == nullptr || !ATK_IS_TABLE(table)) return nullptr;
    return atk_table_ref_at(ATK_TABLE(table), static_cast<gint>(row), static_cast<gint>(column));
}

std::string read_cell(wxDataViewCtrl* view, unsigned row, unsigned column, bool description) {
    AtkObject* cell = cell_at(view, row, column);
    if (cell == nullptr) return {};
    const char* text = description ? atk_object_get_description(cell) : atk_object_get_name(cell);
    std::string out = text != nullptr ? text : "";
    g_object_unref(cell);
    return out;
}

}  // namespace

void name_cells(wxDataViewCtrl* view, const CellNamer* namer) {
    wrap_cell_classes();
    if (GtkWidget* tree = tree_view_of(view)) g_object_set_data(G_OBJECT(tree), namer_key, const_cast<CellNamer*>(namer));
}

void unname_cells(wxDataViewCtrl* view) {
    if (GtkWidget* tree = tree_view_of(view)) g_object_set_data(G_OBJECT(tree), namer_key, nullptr);
}

std::string accessible_cell_name(wxDataViewCtrl* view, unsigned row, unsigned column) {
    return read_cell(view, row, column, false);
}

std::string accessible_cell_description(wxDataViewCtrl* view, unsigned row, unsigned column) {
    return read_cell(view, row, column, true);
}

}  // namespace formwork::ui
