// A form's table (fixed or repeating) in the record editor, over the EditSession: cells read
// the session and write to it as they are typed, choices show labels and store codes, rows
// are added and removed through the session, tab-separated text from Word or Excel is pasted
// at the cursor (Ctrl+V; a block with a heading row goes to the columns it names, and a
// refused one says why in a window of its own), and a plugin's text import (e.g. the approval trail's Word sign-off
// table) fills the table through the same paste. Problems the engine reports in cells tint
// them, show in their tooltips and are their accessible descriptions.
//
// The table is a wxDataViewCtrl, a native GtkTreeView, because GTK shows that to screen
// readers (AT-SPI) as a table of cells; each cell is named by its heading and its row
// ("Impact type, Age 0-18: Positive"). See docs/app.md, "Accessibility".
#pragma once

#include "field_controls.hpp"

#include <formwork/model/definition.hpp>
#include <formwork/sdk/record_code.hpp>
#include <formwork/sdk/record_start.hpp>
#include <formwork/store/edit_session.hpp>

#include <wx/panel.h>
#include <wx/string.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

class wxButton;
class wxDataViewCtrl;
class wxListBox;
class wxStaticText;
class wxTextCtrl;

namespace formwork::ui {

class TableEditor : public wxPanel {
public:
    // Called after the table changed the session (a cell, a row, a paste), so the editor
    // refreshes what depends on it.
    using Changed = std::function<void(TableEditor*)>;

    // `choice_fields`: the fields the form's plugin gives choices for (RecordAssist, as the
    // record editor asked it); their cells open a picker with type-ahead.
    TableEditor(wxWindow* parent, forms::EditSession& session, const forms::Node& table, std::string path, Changed changed,
                std::vector<std::string> choice_fields = {});
    ~TableEditor() override;
    TableEditor(const TableEditor&) = delete;
    TableEditor& operator=(const TableEditor&) = delete;

    const forms::Node& node() const noexcept { return table_; }
    const std::string& path() const noexcept { return path_; }
    // The table's view: its first column holds each row's label (a fixed table) or number
    // (a repeating one); the columns after it are columns() in order.
    wxDataViewCtrl* view() const noexcept { return view_; }
    wxStaticText* label() const noexcept { return label_; }
    // A repeating table's Add row button; null for a fixed table.
    wxButton* add_row_button() const noexcept { return add_; }

    // Whether `path` is the table itself or lies in it (a row, a cell, a person's name in a cell).
    bool owns(std::string_view path) const;
    // The row (from 0) and the column (an index into columns()) a cell path names; column -1
    // for a row's own path.
    std::optional<std::pair<int, int>> cell_of(std::string_view path) const;
    // The path of a cell, e.g. "impacts/row[@key='age']/nature" or "amendments/row[2]/moved-by".
    std::string cell_path(int row, int column) const;
    // How people name a cell: "Protected characteristics, Disability: Impact".
    wxString describe(std::string_view path) const;
    int row_count() const;
    // What a cell shows: a choice's label, "Yes"/"No" for a yes-or-no, else the value.
    wxString shown_value(int row, int column) const;
    // What a screen reader reads for a cell: "Impact type, Age 0-18: Positive" ("blank"
    // when empty), and its problem ("" when none).
    wxString spoken_name(int row, int column) const;
    wxString spoken_description(int row, int column) const;

    // Re-reads the session: rows added or removed, values changed elsewhere (take theirs).
    // Returns whether the table's size changed, so the editor lays out again.
    bool refresh();
    // After an edit of its own: repaints, and returns whether the table's size changed.
    bool update_size();
    // The problems in the table, by path (the table's own path for the whole table).
    void set_marks(const std::map<std::string, std::pair<Mark, wxString>>& marks);
    Mark mark_at(int row, int column) const;
    wxString message_at(int row, int column) const;
    // The message of the problem at `path`, "" when none.
    wxString marked_message(std::string_view path) const;

    // Puts the cursor on the cell a path names (or the row's first cell, or the table's
    // first) and gives the table the focus.
    bool select_path(std::string_view path);
    // The cell under the cursor: row and column (an index into columns()); -1 for none.
    std::pair<int, int> cursor() const;
    // Opens the cell's editor (as Enter and F2 do); a yes-or-no cell is flipped instead.
    void edit_cell(int row, int column);
    // Closes a cell's editor that is open, keeping what it holds (before an undo, say).
    void finish_editing();

    // A column whose field the plugin gives choices for (a member picked from the roster): its
    // cells open a picker, a text box that narrows a list of the choices as it is typed into
    // (forms::matching_choices). Down and Up move in the list; Enter, or a double click, picks
    // the choice highlighted, which sets the cell and the row's fields the choice fills, one
    // step of undo; with none highlighted, Enter keeps what was typed (the field stays free
    // text, for a guest or an officer). Escape puts the value from before back. With no
    // choices to offer, the cell is typed into as any text.
    bool offers_choices(int column) const;
    // The picker open now: its text box and its list (null when none is open).
    wxTextCtrl* picker_text() const noexcept;
    wxListBox* picker_list() const noexcept;

    // Pastes tab-separated text at the cursor (row 1, first column when none), through
    // EditSession::paste. Returns false when it was refused; refusal() then says why.
    bool paste_text(const std::string& text);
    // Imports a file in one of the form's plugin's text formats and pastes this table's rows
    // from what was read. Returns false when nothing was put in; refusal() says why.
    bool import_file(const std::string& format, const std::string& file);
    // What the last refused edit, row change, paste or import said; "" after one that worked.
    const wxString& refusal() const noexcept { return refusal_; }

    // A locked record's table (DESIGN.md): read and moved through, its cells not edited, its
    // buttons off; an attempt to edit says why.
    void set_locked(bool locked);
    bool locked() const noexcept { return locked_; }

    // Whether to ask before removing a row that holds values (off in tests).
    void set_interactive(bool interactive) noexcept { interactive_ = interactive; }

    // Which field a column shows.
    struct Column {
        const forms::Node* field = nullptr;
        std::size_t table_index = 0;  // among the table's columns, as EditSession::paste counts them
        std::string sub_path;         // "/name" or "/role" for a person's two columns
        wxString heading;             // as shown, before wrapping: "Name *", "Date (dd/mm/yyyy)"
        wxString spoken_heading;      // as read: "Name, required"
    };
    const std::vector<Column>& columns() const noexcept { return columns_; }
    forms::EditSession& session() const noexcept { return session_; }

    // A cell's value as the person typed or chose it (a choice's code), from its editor
    // when it closes (`live` false) or as each key is typed (`live` true).
    void cell_edited(int row, int column, const std::string& value, bool live = false);

private:
    class Model;
    class Namer;

    void build_columns();
    void build_view();
    void build_buttons(wxSizer* sizer);
    bool size_view();
    void fit_columns();
    void sync_rows();
    // Shows why an edit was refused under the table: `text`, or `shown_inline` instead when given.
    void show_refusal(const wxString& text, const wxString& shown_inline = {});
    // A paste or import refused whole: its reasons in a window sized to them (as they may be
    // long), and refusal() holds them.
    void refuse_whole(const wxString& title, const wxString& why);
    // A refused cell's line in such a message.
    static wxString reason_of(const forms::Diagnostic& refused);
    void on_key(wxKeyEvent& event);
    void on_char_hook(wxKeyEvent& event);
    void on_editing_started(int row, int column);
    void on_editing_done(bool cancelled);
    void move_by_tab(bool back);
    void commit_open_edit();
    // Several cells pasted into an open cell editor: pasted as a block from that cell.
    void paste_block_from_editor(const std::string& text);
    static std::string clipboard_text();
    // A long text's or a choice's editor: a box over the cell, closed keeping what it holds or
    // putting the value from before back.
    void open_cell_box(int row, int column);
    void close_cell_box(bool keep);
    // The picker over a cell of a column offering choices; false when the plugin gives none.
    bool open_picker(int row, int column);
    void show_picked(const std::string& typed);
    // Escape (the value from before), a plain Enter (keep it) or Tab (keep it and move on)
    // in a cell's box; returns whether the key was one of those.
    bool leave_cell_box_by_key(const wxKeyEvent& event);
    void reveal(const wxRect& area);
    void move_in_picker(int by);
    // The picker closed keeping its choice, or what was typed.
    void take_pick(int row, int column);
    void on_add_row();
    void on_remove_row();
    void on_import();
    void copy_selection();
    void clear_selection();
    std::vector<int> chosen_rows() const;
    std::string row_path(int row) const;
    wxString row_name(int row) const;

    forms::EditSession& session_;
    const forms::Node& table_;
    std::string path_;
    Changed changed_;
    std::vector<Column> columns_;
    std::vector<wxString> row_labels_;  // a fixed table's row labels
    wxStaticText* label_ = nullptr;
    wxDataViewCtrl* view_ = nullptr;
    Model* model_ = nullptr;  // shared with the view, which holds a reference
    std::unique_ptr<Namer> namer_;
    wxButton* add_ = nullptr;
    wxButton* remove_ = nullptr;
    wxButton* import_ = nullptr;
    wxStaticText* message_ = nullptr;  // the table's own problem, or a refusal
    wxStaticText* tips_ = nullptr;     // how to paste
    wxString tips_text_;
    wxString message_shown_;  // message_'s text before wrapping
    int tips_width_ = 0;
    std::map<std::pair<int, int>, std::pair<Mark, wxString>> cell_marks_;
    std::pair<Mark, wxString> table_mark_{Mark::none, {}};
    std::map<std::string, std::pair<Mark, wxString>> marks_;
    wxString refusal_;
    wxString refusal_inline_;  // what the table shows of refusal_, when not all of it
    wxString tooltip_;
    bool interactive_ = true;
    bool has_long_text_ = false;
    int label_width_ = 0;          // the first column's
    std::vector<int> base_widths_;  // the columns' widths before long texts stretch
    int fitted_width_ = -1;
    int best_width_ = 0;
    // The cell being edited, and its value before the edit (Escape puts it back).
    int editing_row_ = -1;
    int editing_column_ = -1;
    std::string value_before_edit_;
    wxWindow* cell_box_ = nullptr;
    struct Picker;
    std::unique_ptr<Picker> picker_;  // set while cell_box_ is a picker
    std::vector<std::string> choice_fields_;
    bool closing_ = false;  // set while the table is destroyed
    bool locked_ = false;
    std::vector<sdk::ImportFormat> import_formats_;
};

}  // namespace formwork::ui
