// A form's table (fixed or repeating) as a grid over the EditSession: cells read the session
// and write to it, choices show labels and store codes, rows are added and removed through
// the session, tab-separated text from Word or Excel is pasted at the cursor (Ctrl+V), and a
// plugin's text import (e.g. the approval trail's Word sign-off table) fills the table through
// the same paste. Problems the engine reports in cells tint them and show in their tooltips.
#pragma once

#include "field_controls.hpp"

#include <formwork/model/definition.hpp>
#include <formwork/store/edit_session.hpp>
#include <formwork/sdk/record_code.hpp>

#include <wx/panel.h>
#include <wx/string.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

class wxButton;
class wxGrid;
class wxStaticText;

namespace formwork::ui {

class TableGrid : public wxPanel {
public:
    // Called after the grid changed the session (a cell, a row, a paste), so the editor
    // refreshes what depends on it.
    using Changed = std::function<void(TableGrid*)>;

    TableGrid(wxWindow* parent, forms::EditSession& session, const forms::Node& table, std::string path, Changed changed);
    ~TableGrid() override;

    const forms::Node& node() const noexcept { return table_; }
    const std::string& path() const noexcept { return path_; }
    wxGrid* grid() const noexcept { return grid_; }
    wxStaticText* label() const noexcept { return label_; }

    // Whether `path` is the table itself or lies in it (a row, a cell, a person's name in a cell).
    bool owns(std::string_view path) const;
    // The grid row (0-based) and column a cell path names; column -1 for a row's own path.
    std::optional<std::pair<int, int>> cell_of(std::string_view path) const;
    // The path of a grid cell, e.g. "impacts/row[@key='age']/nature" or "amendments/row[2]/moved-by".
    std::string cell_path(int row, int column) const;
    // How people name a cell: "Protected characteristics, Disability: Impact".
    wxString describe(std::string_view path) const;

    // Re-reads the session: rows added or removed, values changed elsewhere (take theirs).
    // Returns whether the grid's size changed, so the editor lays out again.
    bool refresh();
    // After an edit of its own: repaints, and returns whether the grid's size changed.
    bool update_size();
    // The problems in the table, by path (the table's own path for the whole table).
    void set_marks(const std::map<std::string, std::pair<Mark, wxString>>& marks);
    Mark mark_at(int row, int column) const;
    wxString message_at(int row, int column) const;
    // The message of the problem at `path`, "" when none.
    wxString marked_message(std::string_view path) const;

    // Selects the cell a path names (or the row's first cell, or the table) and gives it the focus.
    bool select_path(std::string_view path);

    // Pastes tab-separated text at the grid's cursor (row 1, first column when none), through
    // EditSession::paste. Returns false when it was refused; refusal() then says why.
    bool paste_text(const std::string& text);
    // Imports a file in one of the form's plugin's text formats and pastes this table's rows
    // from what was read. Returns false when nothing was put in; refusal() says why.
    bool import_file(const std::string& format, const std::string& file);
    // What the last refused edit, row change, paste or import said; "" after one that worked.
    const wxString& refusal() const noexcept { return refusal_; }

    // Whether to ask before removing a row that holds values (off in tests).
    void set_interactive(bool interactive) noexcept { interactive_ = interactive; }

    // For the grid's table: which field a grid column shows.
    struct Column {
        const forms::Node* field = nullptr;
        std::size_t table_index = 0;  // among the table's columns, as EditSession::paste counts them
        std::string sub_path;         // "/name" or "/role" for a person's two columns
    };
    const std::vector<Column>& columns() const noexcept { return columns_; }
    forms::EditSession& session() const noexcept { return session_; }
    // From the grid's table: a cell typed in.
    void cell_edited(int row, int column, const std::string& value);

private:
    class Table;

    void build_columns();
    bool size_grid();
    void size_rows();
    void size_row(int row);
    void fit_columns();
    void sync_rows();
    void show_refusal(const wxString& text);
    void on_key(wxKeyEvent& event);
    void on_add_row();
    void on_remove_row();
    void on_import();
    void copy_selection();
    void clear_selection();
    std::string row_path(int row) const;

    forms::EditSession& session_;
    const forms::Node& table_;
    std::string path_;
    Changed changed_;
    std::vector<Column> columns_;
    wxStaticText* label_ = nullptr;
    wxGrid* grid_ = nullptr;
    Table* grid_table_ = nullptr;  // owned by the grid
    wxButton* add_ = nullptr;
    wxButton* remove_ = nullptr;
    wxButton* import_ = nullptr;
    wxStaticText* message_ = nullptr;  // the table's own problem, or a refusal
    wxStaticText* tips_ = nullptr;     // how to paste
    wxString tips_text_;
    wxString message_shown_;  // message_'s text before wrapping
    int tips_width_ = 0;
    int shown_rows_ = 0;
    std::map<std::pair<int, int>, std::pair<Mark, wxString>> cell_marks_;
    std::pair<Mark, wxString> table_mark_{Mark::none, {}};
    std::map<std::string, std::pair<Mark, wxString>> marks_;
    wxString refusal_;
    wxString tooltip_;
    bool interactive_ = true;
    bool has_long_text_ = false;
    std::vector<int> row_label_lines_;  // a fixed table's row labels, in lines
    int best_width_ = 0;
    std::vector<int> base_widths_;
    std::vector<wxString> col_texts_;  // the column labels before wrapping  // the columns' widths before long texts stretch
    int fitted_width_ = -1;
    std::vector<sdk::ImportFormat> import_formats_;
};

}  // namespace formwork::ui
