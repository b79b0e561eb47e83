// Tables as grids over the EditSession (see table_grid.hpp).
#include "table_grid.hpp"

#include "accessible_label.hpp"
#include "wx_text.hpp"

#include <formwork/model/definition_walk.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/store/record_store.hpp>

#include <wx/button.h>
#include <wx/clipbrd.h>
#include <wx/dataobj.h>
#include <wx/filedlg.h>
#include <wx/grid.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/scrolwin.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tokenzr.h>

#include <pugixml.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace formwork::ui {

using forms::FieldType;

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

// Breaks `text` into lines no wider than `width` pixels in `window`'s font, at spaces.
wxString wrap_to_width(wxWindow* window, const wxFont& font, const wxString& text, int width, int* lines = nullptr) {
    auto measure = [&](const wxString& line) {
        int w = 0;
        int h = 0;
        window->GetTextExtent(line, &w, &h, nullptr, nullptr, &font);
        return w;
    };
    wxString out;
    wxString line;
    int count = 1;
    wxStringTokenizer words(text, " ");
    while (words.HasMoreTokens()) {
        const wxString word = words.GetNextToken();
        const wxString candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && measure(candidate) > width) {
            out += line + "\n";
            ++count;
            line = word;
        } else {
            line = candidate;
        }
    }
    out += line;
    if (lines != nullptr) *lines = count;
    return out;
}

// Tab-separated text as Word and Excel put it on the clipboard: a cell holding a tab, a line
// break or a quote is quoted, with its quotes doubled.
std::string tab_separated(const std::vector<std::vector<std::string>>& rows) {
    std::string text;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) text += '\t';
            const auto& cell = row[i];
            if (cell.find_first_of("\t\r\n\"") == std::string::npos) {
                text += cell;
                continue;
            }
            text += '"';
            for (char c : cell) {
                if (c == '"') text += '"';
                text += c;
            }
            text += '"';
        }
        text += '\n';
    }
    return text;
}

int column_width(wxWindow* window, const forms::FormDefinition& form, const forms::Node& field) {
    auto px = [window](int dip) { return window->FromDIP(dip); };
    switch (field.type) {
    case FieldType::long_text: return px(260);
    case FieldType::date: return px(110);
    case FieldType::boolean: return px(90);
    case FieldType::integer:
    case FieldType::decimal: return px(90);
    case FieldType::telephone: return px(130);
    case FieldType::email: return px(200);
    case FieldType::person: return px(170);
    case FieldType::reference: return px(220);
    case FieldType::choice: {
        int widest = px(80);
        if (const auto* list = form.list(field.choice_list))
            for (const auto& option : list->options)
                widest = std::max(widest, window->GetTextExtent(from_utf8(option.label)).GetWidth() + px(30));
        return std::min(widest, px(260));
    }
    default:
        if (field.max_length && *field.max_length <= 50) return px(110);
        if (field.max_length && *field.max_length <= 300) return px(170);
        return px(220);
    }
}

}  // namespace

// --- the grid's table: cells read from and written to the session --------------------------

class TableGrid::Table final : public wxGridTableBase {
public:
    explicit Table(TableGrid& owner) : owner_(owner) {
        for (const auto& column : owner_.columns()) {
            auto* attr = new wxGridCellAttr;
            const auto& field = *column.field;
            attr->SetAlignment(wxALIGN_LEFT, wxALIGN_TOP);
            if (field.type == FieldType::choice) {
                wxArrayString labels;
                labels.Add(wxString());
                if (const auto* list = owner_.session().form().list(field.choice_list))
                    for (const auto& option : list->options) labels.Add(from_utf8(option.label));
                attr->SetEditor(new wxGridCellChoiceEditor(labels, false));
            } else if (field.type == FieldType::boolean) {
                attr->SetEditor(new wxGridCellBoolEditor);
                attr->SetRenderer(new wxGridCellBoolRenderer);
                attr->SetAlignment(wxALIGN_CENTRE, wxALIGN_CENTRE);
            } else if (field.type == FieldType::long_text) {
                attr->SetEditor(new wxGridCellAutoWrapStringEditor);
                attr->SetRenderer(new wxGridCellAutoWrapStringRenderer);
            }
            if (field.read_only || field.calculate) {
                attr->SetReadOnly();
                attr->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
            }
            attrs_.push_back(attr);
        }
    }
    ~Table() override {
        for (auto* attr : attrs_) attr->DecRef();
    }
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;

    int GetNumberRows() override { return static_cast<int>(owner_.session().row_count(owner_.path())); }
    int GetNumberCols() override { return static_cast<int>(owner_.columns().size()); }

    wxString GetValue(int row, int col) override {
        const auto& column = owner_.columns()[static_cast<std::size_t>(col)];
        const std::string value = owner_.session().value(owner_.cell_path(row, col));
        if (column.field->type == FieldType::choice && !value.empty())
            if (const auto* list = owner_.session().form().list(column.field->choice_list))
                if (const auto* option = list->find(value)) return from_utf8(option->label);
        return from_utf8(value);
    }

    void SetValue(int row, int col, const wxString& text) override {
        const auto& column = owner_.columns()[static_cast<std::size_t>(col)];
        std::string value = to_utf8(text);
        if (column.field->type == FieldType::choice && !value.empty())
            if (const auto* list = owner_.session().form().list(column.field->choice_list))
                for (const auto& option : list->options)
                    if (option.label == value) {
                        value = option.code;
                        break;
                    }
        owner_.cell_edited(row, col, value);
    }

    bool IsEmptyCell(int row, int col) override { return owner_.session().value(owner_.cell_path(row, col)).empty(); }

    wxString GetTypeName(int, int col) override {
        return is_bool(col) ? wxString(wxGRID_VALUE_BOOL) : wxString(wxGRID_VALUE_STRING);
    }
    bool CanGetValueAs(int, int col, const wxString& type) override {
        return type == wxGRID_VALUE_STRING || (is_bool(col) && type == wxGRID_VALUE_BOOL);
    }
    bool CanSetValueAs(int row, int col, const wxString& type) override { return CanGetValueAs(row, col, type); }
    bool GetValueAsBool(int row, int col) override { return owner_.session().value(owner_.cell_path(row, col)) == "true"; }
    void SetValueAsBool(int row, int col, bool value) override { owner_.cell_edited(row, col, value ? "true" : "false"); }

    wxString GetRowLabelValue(int row) override {
        const auto& table = owner_.node();
        if (!table.repeating) {
            if (row >= 0 && static_cast<std::size_t>(row) < row_labels_.size()) return row_labels_[static_cast<std::size_t>(row)];
            return {};
        }
        return wxString::Format("%d", row + 1);
    }
    wxString GetColLabelValue(int col) override {
        return col >= 0 && static_cast<std::size_t>(col) < col_labels_.size() ? col_labels_[static_cast<std::size_t>(col)]
                                                                               : wxString();
    }

    bool CanHaveAttributes() override { return true; }
    wxGridCellAttr* GetAttr(int row, int col, wxGridCellAttr::wxAttrKind) override {
        if (col < 0 || static_cast<std::size_t>(col) >= attrs_.size()) return nullptr;
        wxGridCellAttr* column = attrs_[static_cast<std::size_t>(col)];
        const Mark mark = owner_.mark_at(row, col);
        const bool relevant = owner_.session().relevant(owner_.cell_path(row, col));
        if (mark == Mark::none && relevant) {
            column->IncRef();
            return column;
        }
        wxGridCellAttr* attr = column->Clone();
        if (!relevant) {
            // Not asked for by the rest of the row: greyed and not typed into.
            attr->SetReadOnly();
            attr->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
        } else {
            attr->SetBackgroundColour(mark_background(mark));
        }
        return attr;
    }

    std::vector<wxString> row_labels_;
    std::vector<wxString> col_labels_;

private:
    bool is_bool(int col) const {
        return col >= 0 && static_cast<std::size_t>(col) < owner_.columns().size() &&
               owner_.columns()[static_cast<std::size_t>(col)].field->type == FieldType::boolean;
    }

    TableGrid& owner_;
    std::vector<wxGridCellAttr*> attrs_;
};

// --- TableGrid ------------------------------------------------------------------------------

TableGrid::TableGrid(wxWindow* parent, forms::EditSession& session, const forms::Node& table, std::string path,
                     Changed changed)
    : wxPanel(parent, wxID_ANY), session_(session), table_(table), path_(std::move(path)), changed_(std::move(changed)) {
    build_columns();
    auto* sizer = new wxBoxSizer(wxVERTICAL);

    const wxString title = plain_text(table.label.empty() ? table.id : table.label);
    label_ = new wxStaticText(this, wxID_ANY, title);
    label_->SetFont(label_->GetFont().Bold());
    label_->SetMinSize(label_->GetTextExtent(title));
    sizer->Add(label_, wxSizerFlags().Border(wxBOTTOM, FromDIP(4)));
    if (!table.hint.empty()) {
        auto* hint = new wxStaticText(this, wxID_ANY, plain_text(table.hint));
        hint->SetFont(hint->GetFont().Smaller());
        hint->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        sizer->Add(hint, wxSizerFlags().Border(wxBOTTOM, FromDIP(4)));
    }

    grid_ = new wxGrid(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxWANTS_CHARS | wxBORDER_THEME);
    grid_table_ = new Table(*this);
    // Labels in the normal weight: a fixed table's row labels are read as text.
    grid_->SetLabelFont(GetFont());
    const wxFont label_font = GetFont();
    // Column labels, wrapped to their columns; fixed rows' labels, wrapped to the label column.
    int label_lines = 1;
    std::vector<int> widths;
    for (const auto& column : columns_) {
        wxString text = from_utf8(column.field->label.empty() ? column.field->id : column.field->label);
        if (column.sub_path == "/name") text += _(": name");
        if (column.sub_path == "/role") text += _(": role");
        if (column.field->required && column.field->required->is_literal_true()) text += " *";
        if (column.field->type == FieldType::date) text += _(" (YYYY-MM-DD)");
        int width = column_width(this, session_.form(), *column.field);
        int lines = 1;
        const wxString wrapped = wrap_to_width(this, label_font, text, width - FromDIP(8), &lines);
        label_lines = std::max(label_lines, lines);
        grid_table_->col_labels_.push_back(wrapped);
        col_texts_.push_back(text);
        widths.push_back(width);
        if (column.field->type == FieldType::long_text) has_long_text_ = true;
    }
    int row_label_width = FromDIP(40);
    std::vector<int> row_label_lines;
    if (!table.repeating) {
        row_label_width = FromDIP(80);
        for (const auto& row : table.fixed_rows)
            row_label_width = std::max(row_label_width, GetTextExtent(from_utf8(row.label)).GetWidth() + FromDIP(12));
        row_label_width = std::min(row_label_width, FromDIP(220));
        for (const auto& row : table.fixed_rows) {
            int lines = 1;
            grid_table_->row_labels_.push_back(
                wrap_to_width(this, label_font, from_utf8(row.label), row_label_width - FromDIP(12), &lines));
            row_label_lines.push_back(lines);
        }
    }
    grid_->SetTable(grid_table_, true, wxGrid::wxGridSelectCells);
    shown_rows_ = grid_->GetNumberRows();
    grid_->SetRowLabelSize(row_label_width);
    grid_->SetRowLabelAlignment(wxALIGN_LEFT, wxALIGN_CENTRE);
    grid_->SetColLabelSize(label_lines * GetCharHeight() + FromDIP(10));
    grid_->SetColLabelAlignment(wxALIGN_LEFT, wxALIGN_CENTRE);
    for (std::size_t i = 0; i < widths.size(); ++i) grid_->SetColSize(static_cast<int>(i), widths[i]);
    base_widths_ = widths;
    grid_->SetDefaultRowSize(GetCharHeight() + FromDIP(12), true);
    grid_->EnableDragRowSize(true);
    grid_->DisableDragColMove();
    row_label_lines_ = std::move(row_label_lines);
    sizer->Add(grid_, wxSizerFlags().Expand());

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    if (table.repeating) {
        add_ = new wxButton(this, wxID_ANY, _("Add row"));
        remove_ = new wxButton(this, wxID_ANY, _("Remove row"));
        add_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_add_row(); });
        remove_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_remove_row(); });
        buttons->Add(add_, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
        buttons->Add(remove_, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
        const auto& form = session_.form();
        if (form.extension) {
            forms::Diagnostics problems;
            for (auto& format : form.extension->import_formats(problems))
                if (format.form_id == form.id) import_formats_.push_back(std::move(format));
        }
        if (!import_formats_.empty()) {
            import_ = new wxButton(this, wxID_ANY, wxString(L"Import rows from a file\u2026"));
            wxString tip;
            for (const auto& format : import_formats_)
                tip += (tip.empty() ? "" : "\n") + from_utf8(format.description);
            import_->SetToolTip(tip);
            import_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_import(); });
            buttons->Add(import_, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
        }
    }
    wxString tips = _("Ctrl+V pastes cells copied from Word or Excel at the selected cell.");
    if (has_long_text_) tips += " " + wxString(_("Alt+Enter starts a new line in a cell."));
    tips_text_ = tips;
    tips_ = new wxStaticText(this, wxID_ANY, tips);
    tips_->SetFont(tips_->GetFont().Smaller());
    tips_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    if (buttons->IsEmpty()) {
        sizer->Add(tips_, wxSizerFlags().Border(wxTOP, FromDIP(4)));
        delete buttons;
    } else {
        sizer->Add(buttons, wxSizerFlags().Border(wxTOP, FromDIP(4)));
        sizer->Add(tips_, wxSizerFlags().Border(wxTOP, FromDIP(2)));
    }

    message_ = new wxStaticText(this, wxID_ANY, wxString());
    message_->Hide();
    sizer->Add(message_, wxSizerFlags().Border(wxTOP, FromDIP(2)));
    SetSizer(sizer);

    tie_label(label_, grid_->GetGridWindow());
    set_accessible_name(grid_, title);
    grid_->Bind(wxEVT_KEY_DOWN, &TableGrid::on_key, this);
    // A grid that shows all its rows passes the mouse wheel on, so the form scrolls under it.
    grid_->GetGridWindow()->Bind(wxEVT_MOUSEWHEEL, [this](wxMouseEvent& event) {
        int top = 0;
        int visible = 0;
        grid_->GetViewStart(nullptr, &top);
        visible = grid_->GetGridWindow()->GetClientSize().GetHeight();
        int height = 0;
        for (int row = 0; row < grid_->GetNumberRows(); ++row) height += grid_->GetRowSize(row);
        const bool down = event.GetWheelRotation() < 0;
        const bool can_scroll = event.GetWheelAxis() == wxMOUSE_WHEEL_VERTICAL &&
                                ((down && grid_->CalcUnscrolledPosition(wxPoint(0, visible)).y < height) || (!down && top > 0));
        if (can_scroll) {
            event.Skip();
            return;
        }
        for (wxWindow* up = GetParent(); up != nullptr; up = up->GetParent())
            if (auto* scrolled = dynamic_cast<wxScrolledWindow*>(up)) {
                scrolled->GetEventHandler()->ProcessEvent(event);
                return;
            }
        event.Skip();
    });
    grid_->GetGridWindow()->Bind(wxEVT_MOTION, [this](wxMouseEvent& event) {
        event.Skip();
        const wxPoint at = grid_->CalcUnscrolledPosition(event.GetPosition());
        const int row = grid_->YToRow(at.y);
        const int col = grid_->XToCol(at.x);
        const wxString tip = row >= 0 && col >= 0 ? message_at(row, col) : wxString();
        if (tip != tooltip_) {
            tooltip_ = tip;
            grid_->GetGridWindow()->SetToolTip(tip);
        }
    });
    // Columns take the width there is (fit_columns); the tips and messages wrap to it.
    grid_->Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        event.Skip();
        CallAfter([this] { fit_columns(); });
    });
    Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        event.Skip();
        const int width = event.GetSize().GetWidth() - FromDIP(8);
        if (width <= 0 || width == tips_width_) return;
        tips_width_ = width;
        CallAfter([this] {
            tips_->SetLabelText(tips_text_);
            tips_->Wrap(tips_width_);
            if (!message_shown_.empty()) {
                message_->SetLabelText(message_shown_);
                message_->Wrap(tips_width_);
            }
            Layout();
        });
    });
    size_rows();
    size_grid();
}

TableGrid::~TableGrid() = default;

void TableGrid::fit_columns() {
    const int available = grid_->GetClientSize().GetWidth() - grid_->GetRowLabelSize() - FromDIP(2);
    if (available == fitted_width_ || available <= 0) return;
    fitted_width_ = available;
    // Spare width goes to the long texts, or else to the text columns (up to two and a half
    // times their width), so that what they hold shows without scrolling.
    std::vector<int> widths = base_widths_;
    int total = 0;
    for (int width : widths) total += width;
    std::vector<std::size_t> stretchy;
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i].field->type == FieldType::long_text) stretchy.push_back(i);
    const bool capped = stretchy.empty();
    if (capped)
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            const auto type = columns_[i].field->type;
            if (type == FieldType::text || type == FieldType::email || type == FieldType::person ||
                type == FieldType::reference)
                stretchy.push_back(i);
        }
    int spare = std::max(0, available - total);
    for (std::size_t round = 0; round < 3 && spare > 0 && !stretchy.empty(); ++round) {
        const int share = spare / static_cast<int>(stretchy.size());
        if (share <= 0) break;
        for (auto i : stretchy) {
            const int most = capped ? base_widths_[i] * 5 / 2 : widths[i] + share;
            const int grow = std::min(share, most - widths[i]);
            widths[i] += grow;
            spare -= grow;
        }
    }
    bool changed = false;
    grid_->BeginBatch();
    int label_lines = 1;
    for (std::size_t i = 0; i < widths.size(); ++i) {
        const int col = static_cast<int>(i);
        if (grid_->GetColSize(col) != widths[i]) {
            grid_->SetColSize(col, widths[i]);
            changed = true;
        }
        int lines = 1;
        grid_table_->col_labels_[i] = wrap_to_width(this, grid_->GetLabelFont(), col_texts_[i], widths[i] - FromDIP(8), &lines);
        label_lines = std::max(label_lines, lines);
    }
    const int label_height = label_lines * GetCharHeight() + FromDIP(10);
    if (grid_->GetColLabelSize() != label_height) {
        grid_->SetColLabelSize(label_height);
        changed = true;
    }
    grid_->EndBatch();
    if (!changed) return;
    size_rows();
    if (size_grid() && GetParent() != nullptr) GetParent()->Layout();
}

void TableGrid::build_columns() {
    std::size_t index = 0;
    for (const auto& child : table_.children) {
        if (child.kind != forms::NodeKind::field) continue;
        if (child.type == FieldType::person) {
            columns_.push_back({&child, index, "/name"});
            columns_.push_back({&child, index, "/role"});
        } else {
            columns_.push_back({&child, index, {}});
        }
        ++index;
    }
}

std::string TableGrid::row_path(int row) const {
    if (!table_.repeating) {
        if (row < 0 || static_cast<std::size_t>(row) >= table_.fixed_rows.size()) return path_ + "/row[0]";
        return path_ + "/row[@key='" + table_.fixed_rows[static_cast<std::size_t>(row)].code + "']";
    }
    return path_ + "/row[" + std::to_string(row + 1) + "]";
}

std::string TableGrid::cell_path(int row, int column) const {
    const auto& col = columns_[static_cast<std::size_t>(column)];
    return row_path(row) + "/" + col.field->id + col.sub_path;
}

bool TableGrid::owns(std::string_view path) const {
    return path == path_ || (starts_with(path, path_) && path.size() > path_.size() && path[path_.size()] == '/');
}

std::optional<std::pair<int, int>> TableGrid::cell_of(std::string_view path) const {
    const std::string prefix = path_ + "/row[";
    if (!starts_with(path, prefix)) return std::nullopt;
    std::string_view rest = path.substr(prefix.size());
    int row = -1;
    if (starts_with(rest, "@key='")) {
        rest.remove_prefix(6);
        const auto quote = rest.find('\'');
        if (quote == std::string_view::npos) return std::nullopt;
        const std::string_view key = rest.substr(0, quote);
        for (std::size_t i = 0; i < table_.fixed_rows.size(); ++i)
            if (table_.fixed_rows[i].code == key) row = static_cast<int>(i);
        rest.remove_prefix(quote + 1);
    } else {
        std::size_t digits = 0;
        int number = 0;
        while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9' && digits < 9)
            number = number * 10 + (rest[digits++] - '0');
        if (digits == 0) return std::nullopt;
        row = number - 1;
        rest.remove_prefix(digits);
    }
    if (row < 0 || !starts_with(rest, "]")) return std::nullopt;
    rest.remove_prefix(1);
    if (rest.empty()) return std::pair{row, -1};
    if (!starts_with(rest, "/")) return std::nullopt;
    rest.remove_prefix(1);
    const auto slash = rest.find('/');
    const std::string_view id = rest.substr(0, slash);
    const std::string_view sub = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    int found = -1;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i].field->id != id) continue;
        if (found < 0 || columns_[i].sub_path == sub) found = static_cast<int>(i);
    }
    if (found < 0) return std::pair{row, -1};
    return std::pair{row, found};
}

wxString TableGrid::describe(std::string_view path) const {
    wxString text = from_utf8(table_.label.empty() ? table_.id : table_.label);
    const auto cell = cell_of(path);
    if (!cell) return text;
    if (!table_.repeating && static_cast<std::size_t>(cell->first) < table_.fixed_rows.size())
        text += ", " + from_utf8(table_.fixed_rows[static_cast<std::size_t>(cell->first)].label);
    else
        text += wxString::Format(_(", row %d"), cell->first + 1);
    if (cell->second >= 0) {
        const auto& column = columns_[static_cast<std::size_t>(cell->second)];
        text += ": " + from_utf8(column.field->label.empty() ? column.field->id : column.field->label);
        if (column.sub_path == "/role") text += _(" (role)");
    }
    return text;
}

void TableGrid::sync_rows() {
    const int rows = grid_table_->GetNumberRows();
    if (rows == shown_rows_) return;
    grid_->BeginBatch();
    if (rows > shown_rows_) {
        wxGridTableMessage message(grid_table_, wxGRIDTABLE_NOTIFY_ROWS_APPENDED, rows - shown_rows_);
        grid_->ProcessTableMessage(message);
    } else {
        wxGridTableMessage message(grid_table_, wxGRIDTABLE_NOTIFY_ROWS_DELETED, rows, shown_rows_ - rows);
        grid_->ProcessTableMessage(message);
    }
    shown_rows_ = rows;
    grid_->EndBatch();
}

void TableGrid::size_rows() {
    if (!has_long_text_ && row_label_lines_.empty()) return;
    grid_->BeginBatch();
    for (int row = 0; row < grid_->GetNumberRows(); ++row) size_row(row);
    grid_->EndBatch();
}

void TableGrid::size_row(int row) {
    if (!has_long_text_ && row_label_lines_.empty()) return;
    if (row < 0 || row >= grid_->GetNumberRows()) return;
    const int line = GetCharHeight();
    const int least = line + FromDIP(12);
    const int most = line * 8 + FromDIP(12);
    int height = least;
    if (static_cast<std::size_t>(row) < row_label_lines_.size())
        height = std::max(height, row_label_lines_[static_cast<std::size_t>(row)] * line + FromDIP(10));
    if (has_long_text_) {
        for (int col = 0; col < grid_->GetNumberCols(); ++col) {
            if (columns_[static_cast<std::size_t>(col)].field->type != FieldType::long_text) continue;
            const wxString value = grid_table_->GetValue(row, col);
            if (value.empty()) continue;
            int lines = 0;
            for (const auto& paragraph : wxSplit(value, '\n', '\0')) {
                int wrapped = 1;
                wrap_to_width(this, grid_->GetDefaultCellFont(), paragraph, grid_->GetColSize(col) - FromDIP(10), &wrapped);
                lines += wrapped;
                if (lines * line > most) break;
            }
            height = std::max(height, std::min(most, lines * line + FromDIP(10)));
        }
    }
    if (grid_->GetRowSize(row) != height) grid_->SetRowSize(row, height);
}

bool TableGrid::size_grid() {
    int height = grid_->GetColLabelSize() + FromDIP(4);
    for (int row = 0; row < grid_->GetNumberRows(); ++row) height += grid_->GetRowSize(row);
    if (grid_->GetNumberRows() == 0) height += grid_->GetDefaultRowSize();
    height = std::min(height, FromDIP(480));
    int width = grid_->GetRowLabelSize() + FromDIP(4);
    for (int col = 0; col < grid_->GetNumberCols(); ++col) width += grid_->GetColSize(col);
    // As wide as its columns when that fits; otherwise the grid scrolls sideways.
    const wxSize wanted(std::min(width, FromDIP(400)), height);
    if (grid_->GetMinSize() == wanted && best_width_ == width) return false;
    grid_->SetMinSize(wanted);
    best_width_ = width;
    // A table of short columns is as wide as they can grow; long texts stretch (fit_columns).
    if (!has_long_text_) {
        int widest = grid_->GetRowLabelSize() + FromDIP(20);
        for (std::size_t i = 0; i < base_widths_.size(); ++i) {
            const auto type = columns_[i].field->type;
            const bool grows = type == FieldType::text || type == FieldType::email || type == FieldType::person ||
                               type == FieldType::reference;
            widest += grows ? base_widths_[i] * 5 / 2 : base_widths_[i];
        }
        grid_->SetMaxSize(wxSize(widest, -1));
    }
    return true;
}

bool TableGrid::refresh() {
    sync_rows();
    size_rows();
    return update_size();
}

bool TableGrid::update_size() {
    grid_->ForceRefresh();
    if (remove_ != nullptr) remove_->Enable(grid_->GetNumberRows() > 0);
    return size_grid();
}

Mark TableGrid::mark_at(int row, int column) const {
    if (auto found = cell_marks_.find({row, column}); found != cell_marks_.end()) return found->second.first;
    if (auto found = cell_marks_.find({row, -1}); found != cell_marks_.end()) return found->second.first;
    return Mark::none;
}

wxString TableGrid::message_at(int row, int column) const {
    if (auto found = cell_marks_.find({row, column}); found != cell_marks_.end()) return found->second.second;
    if (auto found = cell_marks_.find({row, -1}); found != cell_marks_.end()) return found->second.second;
    return {};
}

wxString TableGrid::marked_message(std::string_view path) const {
    if (auto found = marks_.find(std::string(path)); found != marks_.end()) return found->second.second;
    if (path == path_) return table_mark_.second;
    if (const auto cell = cell_of(path)) return message_at(cell->first, cell->second);
    return {};
}

void TableGrid::set_marks(const std::map<std::string, std::pair<Mark, wxString>>& marks) {
    if (marks == marks_) return;
    marks_ = marks;
    std::map<std::pair<int, int>, std::pair<Mark, wxString>> cells;
    std::pair<Mark, wxString> whole{Mark::none, {}};
    auto merge = [](std::pair<Mark, wxString>& into, const std::pair<Mark, wxString>& mark) {
        if (into.first == Mark::none) {
            into = mark;
            return;
        }
        if (mark.first == Mark::error && into.first != Mark::error) into.first = Mark::error;
        into.second += "\n" + mark.second;
    };
    for (const auto& [path, mark] : marks) {
        const auto cell = cell_of(path);
        if (cell) merge(cells[*cell], mark);
        else merge(whole, mark);
    }
    const bool cells_changed = cells != cell_marks_;
    cell_marks_ = std::move(cells);
    table_mark_ = std::move(whole);
    if (cells_changed) {
        for (int row = 0; row < grid_->GetNumberRows(); ++row)
            for (int col = 0; col < grid_->GetNumberCols(); ++col) grid_->RefreshAttr(row, col);
        grid_->ForceRefresh();
    }
    show_refusal(refusal_);
}

void TableGrid::show_refusal(const wxString& text) {
    refusal_ = text;
    wxString shown = table_mark_.second;
    if (!refusal_.empty()) shown = shown.empty() ? refusal_ : shown + "\n" + refusal_;
    const Mark mark = !refusal_.empty() ? Mark::error : table_mark_.first;
    if (shown == message_shown_ && message_->IsShown() == !shown.empty()) return;
    message_shown_ = shown;
    message_->SetLabelText(shown);
    message_->SetForegroundColour(mark_foreground(mark == Mark::none ? Mark::error : mark));
    message_->Wrap(std::max(FromDIP(200), GetClientSize().GetWidth() - FromDIP(8)));
    message_->Show(!shown.empty());
    set_accessible_description(grid_->GetGridWindow(), shown);
    Layout();
    if (GetParent() != nullptr) GetParent()->Layout();
}

void TableGrid::cell_edited(int row, int column, const std::string& value) {
    const auto refused = session_.set_value(cell_path(row, column), value);
    show_refusal(refused ? wxString::Format("%s: %s", describe(refused->path), from_utf8(refused->message)) : wxString());
    size_row(row);
    if (changed_) changed_(this);
}

bool TableGrid::select_path(std::string_view path) {
    if (!owns(path)) return false;
    int row = 0;
    int col = 0;
    if (const auto cell = cell_of(path)) {
        row = cell->first;
        col = std::max(cell->second, 0);
    }
    if (row >= grid_->GetNumberRows() || col >= grid_->GetNumberCols()) {
        grid_->SetFocus();
        return true;
    }
    grid_->SetGridCursor(row, col);
    grid_->MakeCellVisible(row, col);
    grid_->SetFocus();
    return true;
}

bool TableGrid::paste_text(const std::string& text) {
    int row = grid_->GetGridCursorRow();
    int col = grid_->GetGridCursorCol();
    if (row < 0) row = 0;
    if (col < 0) col = 0;
    std::size_t first_column = 0;
    if (static_cast<std::size_t>(col) < columns_.size()) first_column = columns_[static_cast<std::size_t>(col)].table_index;
    const auto diagnostics = session_.paste(path_, static_cast<std::size_t>(row) + 1, first_column, text);
    const bool refused = forms::has_errors(diagnostics);
    if (refused) {
        wxString why = _("Nothing was pasted:");
        for (const auto& diagnostic : diagnostics)
            if (diagnostic.severity == forms::Severity::error)
                why += "\n" + (diagnostic.path.empty() || diagnostic.path == path_
                                   ? from_utf8(diagnostic.message)
                                   : describe(diagnostic.path) + ": " + from_utf8(diagnostic.message));
        show_refusal(why);
    } else {
        show_refusal({});
    }
    sync_rows();
    size_rows();
    if (changed_) changed_(this);
    return !refused;
}

bool TableGrid::import_file(const std::string& format, const std::string& file) {
    const auto& form = session_.form();
    if (!form.extension) {
        show_refusal(_("This form's plugin reads no files."));
        return false;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        show_refusal(wxString::Format(_("Cannot read %s."), from_utf8(file)));
        return false;
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    sdk::ImportRequest request;
    request.format = format;
    request.text = contents.str();
    request.source = file;
    request.records = &session_.store().query();
    // What the record already says that a reading may need: its top-level references, by
    // their ids (a meeting's body=<record id>, whose roster the reading matches).
    forms::for_each_element(form.items, [&](const forms::Node& item) {
        if (item.kind == forms::NodeKind::field && item.type == FieldType::reference)
            if (auto value = session_.value(item.id); !value.empty()) request.options.emplace_back(item.id, std::move(value));
    });
    forms::Diagnostics problems;
    const auto result = form.extension->import_text(request, problems);
    if (!result) {
        wxString why = wxString::Format(_("%s could not be read:"), from_utf8(file));
        for (const auto& problem : problems) why += "\n" + from_utf8(problem.message);
        show_refusal(why);
        return false;
    }
    pugi::xml_document read;
    if (!read.load_string(result->instance_xml.c_str(), pugi::parse_default & ~pugi::parse_doctype)) {
        show_refusal(_("The plugin's reading of the file is not XML; nothing was imported."));
        return false;
    }
    const auto table = read.document_element().first_element_by_path(path_.c_str());
    std::vector<std::vector<std::string>> cells;
    for (auto row : table.children("row")) {
        std::vector<std::string> line;
        for (const auto& child : table_.children) {
            if (child.kind != forms::NodeKind::field) continue;
            const auto element = row.child(child.id.c_str());
            if (child.type == FieldType::person) {
                line.emplace_back(element.child("name").text().get());
            } else if (child.type == FieldType::multi_choice) {
                std::string codes;
                for (auto item : element.children("item")) codes += (codes.empty() ? "" : " ") + std::string(item.text().get());
                line.push_back(std::move(codes));
            } else {
                line.emplace_back(element.text().get());
            }
        }
        cells.push_back(std::move(line));
    }
    if (cells.empty()) {
        show_refusal(wxString::Format(_("%s gave no rows for %s."), from_utf8(file), from_utf8(table_.label)));
        return false;
    }
    // Into the first empty rows: after the last row holding anything.
    std::size_t first = 0;
    for (int row = 0; row < grid_->GetNumberRows(); ++row)
        for (int col = 0; col < grid_->GetNumberCols(); ++col)
            if (!grid_table_->IsEmptyCell(row, col)) first = static_cast<std::size_t>(row) + 1;
    const auto diagnostics = session_.paste(path_, first + 1, 0, tab_separated(cells));
    if (forms::has_errors(diagnostics)) {
        wxString why = _("Nothing was imported:");
        for (const auto& diagnostic : diagnostics)
            if (diagnostic.severity == forms::Severity::error)
                why += "\n" + describe(diagnostic.path) + ": " + from_utf8(diagnostic.message);
        show_refusal(why);
    } else {
        show_refusal({});
    }
    sync_rows();
    size_rows();
    if (changed_) changed_(this);
    return !forms::has_errors(diagnostics);
}

void TableGrid::on_import() {
    std::string format = import_formats_.front().id;
    if (import_formats_.size() > 1) {
        wxMenu menu;
        for (std::size_t i = 0; i < import_formats_.size(); ++i)
            menu.Append(static_cast<int>(wxID_HIGHEST + 1 + i), from_utf8(import_formats_[i].description));
        const int chosen = GetPopupMenuSelectionFromUser(menu, import_->GetPosition());
        if (chosen == wxID_NONE) return;
        format = import_formats_[static_cast<std::size_t>(chosen - wxID_HIGHEST - 1)].id;
    }
    wxFileDialog dialog(this, _("Import a table"), wxString(), wxString(),
                        _("Text files (*.txt)|*.txt|All files|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK) return;
    import_file(format, to_utf8(dialog.GetPath()));
}

void TableGrid::on_add_row() {
    if (const auto refused = session_.add_row(path_)) {
        show_refusal(from_utf8(refused->message));
        return;
    }
    show_refusal({});
    sync_rows();
    size_rows();
    if (changed_) changed_(this);
    const int last = grid_->GetNumberRows() - 1;
    if (last >= 0) {
        grid_->SetGridCursor(last, 0);
        grid_->MakeCellVisible(last, 0);
    }
    grid_->SetFocus();
}

void TableGrid::on_remove_row() {
    const int row = grid_->GetGridCursorRow();
    if (row < 0 || row >= grid_->GetNumberRows()) {
        show_refusal(_("Select a cell of the row to remove."));
        return;
    }
    bool filled = false;
    for (int col = 0; col < grid_->GetNumberCols(); ++col) filled = filled || !grid_table_->IsEmptyCell(row, col);
    if (filled && interactive_ &&
        wxMessageBox(wxString::Format(_("Remove row %d of %s, with what it holds?"), row + 1, from_utf8(table_.label)),
                     _("Remove row"), wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION, this) != wxYES)
        return;
    if (const auto refused = session_.remove_row(path_, static_cast<std::size_t>(row) + 1)) {
        show_refusal(from_utf8(refused->message));
        return;
    }
    show_refusal({});
    sync_rows();
    size_rows();
    if (changed_) changed_(this);
}

void TableGrid::copy_selection() {
    int top = grid_->GetGridCursorRow();
    int left = grid_->GetGridCursorCol();
    int bottom = top;
    int right = left;
    const auto blocks = grid_->GetSelectedBlocks();
    for (const auto& block : blocks) {
        top = block.GetTopRow();
        left = block.GetLeftCol();
        bottom = block.GetBottomRow();
        right = block.GetRightCol();
        break;  // the first block: what Ctrl+C copies in a spreadsheet
    }
    if (top < 0 || left < 0) return;
    std::vector<std::vector<std::string>> cells;
    for (int row = top; row <= bottom; ++row) {
        std::vector<std::string> line;
        for (int col = left; col <= right; ++col) line.push_back(to_utf8(grid_table_->GetValue(row, col)));
        cells.push_back(std::move(line));
    }
    if (wxTheClipboard->Open()) {
        wxTheClipboard->SetData(new wxTextDataObject(from_utf8(tab_separated(cells))));
        wxTheClipboard->Close();
    }
}

void TableGrid::clear_selection() {
    std::vector<std::pair<int, int>> cells;
    const auto blocks = grid_->GetSelectedBlocks();
    for (const auto& block : blocks)
        for (int row = block.GetTopRow(); row <= block.GetBottomRow(); ++row)
            for (int col = block.GetLeftCol(); col <= block.GetRightCol(); ++col) cells.emplace_back(row, col);
    if (cells.empty() && grid_->GetGridCursorRow() >= 0)
        cells.emplace_back(grid_->GetGridCursorRow(), grid_->GetGridCursorCol());
    for (const auto& [row, col] : cells) {
        if (grid_->IsReadOnly(row, col) || grid_table_->IsEmptyCell(row, col)) continue;
        const auto refused = session_.set_value(cell_path(row, col), "");
        if (refused) show_refusal(describe(refused->path) + ": " + from_utf8(refused->message));
    }
    size_rows();
    if (changed_) changed_(this);
}

void TableGrid::on_key(wxKeyEvent& event) {
    const bool control = event.GetModifiers() == wxMOD_CONTROL;
    // In a long text's cell, Alt, Shift or Ctrl with Enter starts a new line (Alt+Enter as
    // in Excel); Enter alone ends the edit.
    if ((event.GetKeyCode() == WXK_RETURN || event.GetKeyCode() == WXK_NUMPAD_ENTER) &&
        (event.GetModifiers() == wxMOD_ALT || event.GetModifiers() == wxMOD_SHIFT || control) &&
        grid_->IsCellEditControlEnabled()) {
        const int row = grid_->GetGridCursorRow();
        const int col = grid_->GetGridCursorCol();
        if (col >= 0 && static_cast<std::size_t>(col) < columns_.size() &&
            columns_[static_cast<std::size_t>(col)].field->type == FieldType::long_text) {
            wxGridCellEditorPtr editor(grid_->GetCellEditor(row, col));
            if (auto* text = dynamic_cast<wxTextCtrl*>(editor ? editor->GetControl() : nullptr)) {
                text->WriteText("\n");
                return;
            }
        }
    }
    if (control && event.GetKeyCode() == 'V') {
        std::string text;
        if (wxTheClipboard->Open()) {
            if (wxTheClipboard->IsSupported(wxDF_UNICODETEXT) || wxTheClipboard->IsSupported(wxDF_TEXT)) {
                wxTextDataObject data;
                if (wxTheClipboard->GetData(data)) text = to_utf8(data.GetText());
            }
            wxTheClipboard->Close();
        }
        if (text.empty()) show_refusal(_("The clipboard holds no text to paste."));
        else paste_text(text);
        return;
    }
    if (control && event.GetKeyCode() == 'C') {
        copy_selection();
        return;
    }
    if (event.GetKeyCode() == WXK_TAB && (event.GetModifiers() == wxMOD_NONE || event.GetModifiers() == wxMOD_SHIFT)) {
        // Tab goes from cell to cell, row after row, and leaves the grid after the last cell
        // (Shift+Tab: before the first), so the keyboard never gets stuck in a table.
        const bool back = event.ShiftDown();
        if (grid_->IsCellEditControlEnabled()) grid_->DisableCellEditControl();
        const int rows = grid_->GetNumberRows();
        const int cols = grid_->GetNumberCols();
        int row = grid_->GetGridCursorRow();
        int col = grid_->GetGridCursorCol();
        if (rows == 0 || cols == 0 || row < 0 || col < 0 || (!back && row == rows - 1 && col == cols - 1) ||
            (back && row == 0 && col == 0)) {
            grid_->Navigate(back ? wxNavigationKeyEvent::IsBackward : wxNavigationKeyEvent::IsForward);
            return;
        }
        if (back) {
            if (--col < 0) {
                col = cols - 1;
                --row;
            }
        } else if (++col >= cols) {
            col = 0;
            ++row;
        }
        grid_->SetGridCursor(row, col);
        grid_->MakeCellVisible(row, col);
        return;
    }
    if (event.GetModifiers() == wxMOD_NONE && (event.GetKeyCode() == WXK_DELETE || event.GetKeyCode() == WXK_BACK) &&
        !grid_->IsCellEditControlEnabled()) {
        clear_selection();
        return;
    }
    event.Skip();
}

}  // namespace formwork::ui
