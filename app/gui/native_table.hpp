// What a table in the editor needs from its GtkTreeView that wxDataViewCtrl does not offer on
// GTK: putting the cursor on a cell without editing it, the height that shows every row,
// a column heading's spoken name when its shown text is wrapped, and each keystroke while a
// native text cell is being edited. GTK stays out of the headers.
#pragma once

#include <wx/gdicmn.h>
#include <wx/string.h>

#include <functional>

class wxDataViewCtrl;
class wxDataViewColumn;
class wxDataViewRenderer;
class wxWindow;

namespace formwork::ui {

struct CellCursor {
    int row = -1;     // -1 when the view has no cursor
    int column = -1;  // the column's position in the view; -1 for none
};

// Where the view's cursor (the focused cell) is.
CellCursor cell_cursor(wxDataViewCtrl* view);
// Puts the cursor on a cell and scrolls it into view, without starting an edit.
void set_cell_cursor(wxDataViewCtrl* view, int row, int column);
// A cell's rectangle in `window`'s client coordinates; empty when it is not shown.
wxRect cell_rect(wxDataViewCtrl* view, int row, int column, wxWindow* window);
// Wraps a text column's cells at `width` pixels, at word boundaries.
void wrap_text_cells(wxDataViewRenderer* renderer, int width);
// The height that shows the headings and every row, in pixels.
int natural_height(wxDataViewCtrl* view);
// The name a screen reader reads for a column's heading.
void name_column_heading(wxDataViewColumn* column, const wxString& name);
// Calls `typed` with the text of a native text cell's editor after each change while it is
// open (GTK otherwise tells only when the edit ends). The row is the edited row. A paste of
// several cells into the open editor (text holding a tab or a line break) is not put in the
// cell: `block` gets the clipboard's text instead, to paste as a block.
using CellTyping = std::function<void(unsigned row, const wxString& text)>;
void on_cell_typing(wxDataViewCtrl* view, wxDataViewRenderer* renderer, CellTyping typed, CellTyping block);

}  // namespace formwork::ui
