// What a screen reader reads for each cell of a native table. A wxDataViewCtrl is a GtkTreeView
// on GTK, which AT-SPI sees as a table whose cells are named by their text alone ("Positive").
// A table registers a CellNamer here so that each cell says where it is as well ("Impact type,
// Age 0-18: Positive") and what is wrong with it (its accessible description).
#pragma once

#include <wx/string.h>

#include <string>

class wxDataViewCtrl;

namespace formwork::ui {

class CellNamer {
public:
    virtual ~CellNamer() = default;
    // The accessible name of the cell at a row and a column of the view (both from 0, in the
    // order the columns are shown).
    virtual wxString cell_name(unsigned row, unsigned column) const = 0;
    // Its accessible description: the problem with its value, "" when there is none.
    virtual wxString cell_description(unsigned row, unsigned column) const = 0;
};

// From now on `view`'s cells are named and described by `namer`, which must outlive the
// registration: call unname_cells before it goes.
void name_cells(wxDataViewCtrl* view, const CellNamer* namer);
void unname_cells(wxDataViewCtrl* view);

// What the accessibility layer (ATK, which AT-SPI reads) gives as the name and the
// description of a cell now, UTF-8. For tests.
std::string accessible_cell_name(wxDataViewCtrl* view, unsigned row, unsigned column);
std::string accessible_cell_description(wxDataViewCtrl* view, unsigned row, unsigned column);

}  // namespace formwork::ui
