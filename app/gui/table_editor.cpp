// Tables as native views over the EditSession (see table_editor.hpp).
#include "table_editor.hpp"

#include "accessible_cells.hpp"
#include "accessible_label.hpp"
#include "assert_handler.hpp"
#include "native_table.hpp"
#include "paste_refusal_dialog.hpp"
#include "wx_text.hpp"

#include <formwork/host/record_start.hpp>
#include <formwork/model/date_format.hpp>
#include <formwork/model/definition_walk.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/store/record_store.hpp>

#include <wx/button.h>
#include <wx/clipbrd.h>
#include <wx/dataobj.h>
#include <wx/dataview.h>
#include <wx/dc.h>
#include <wx/filedlg.h>
#include <wx/listbox.h>
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

wxDataViewColumn* view_column_for(wxDataViewCtrl* view, int column) {
    for (unsigned i = 0; i < view->GetColumnCount(); ++i)
        if (static_cast<int>(view->GetColumn(i)->GetModelColumn()) == column + 1) return view->GetColumn(i);
    return nullptr;
}

}  // namespace

// --- the view's model: rows and cells read from and written to the session -----------------

// Column 0 is the row's label or number; column c + 1 shows columns()[c].
class TableEditor::Model final : public wxDataViewIndexListModel {
public:
    Model(TableEditor& owner, unsigned rows) : wxDataViewIndexListModel(rows), owner_(owner) {}

    void GetValueByRow(wxVariant& variant, unsigned row, unsigned col) const override {
        const int r = static_cast<int>(row);
        if (col == 0) {
            variant = owner_.row_name(r);
            return;
        }
        const int c = static_cast<int>(col) - 1;
        if (owner_.columns()[static_cast<std::size_t>(c)].field->type == FieldType::boolean) {
            variant = owner_.session().value(owner_.cell_path(r, c)) == "true";
            return;
        }
        wxString shown = owner_.shown_value(r, c);
        // A long text shows its start; all of it is read out (TableEditor::spoken_name) and edited.
        constexpr std::size_t most_shown = 600;
        if (shown.length() > most_shown) shown = shown.Left(most_shown) + wxString(L" \u2026");
        variant = shown;
    }

    bool SetValueByRow(const wxVariant& variant, unsigned row, unsigned col) override {
        if (col == 0) return false;
        const int c = static_cast<int>(col) - 1;
        const auto& column = owner_.columns()[static_cast<std::size_t>(c)];
        std::string value;
        if (column.field->type == FieldType::boolean) {
            value = variant.GetBool() ? "true" : "false";
        } else {
            value = to_utf8(variant.GetString());
            if (column.field->type == FieldType::choice && !value.empty())
                if (const auto* list = owner_.session().form().list(column.field->choice_list))
                    for (const auto& option : list->options)
                        if (option.label == value) {
                            value = option.code;
                            break;
                        }
        }
        owner_.cell_edited(static_cast<int>(row), c, value);
        return true;
    }

    bool GetAttrByRow(unsigned row, unsigned col, wxDataViewItemAttr& attr) const override {
        if (col == 0) return false;
        const int r = static_cast<int>(row);
        const int c = static_cast<int>(col) - 1;
        const auto& field = *owner_.columns()[static_cast<std::size_t>(c)].field;
        const Mark mark = owner_.mark_at(r, c);
        if (mark != Mark::none) {
            attr.SetBackgroundColour(mark_background(mark));
            return true;
        }
        if (field.read_only || field.calculate || !owner_.session().relevant(owner_.cell_path(r, c))) {
            // Not typed into: calculated, or not asked for by the rest of the row.
            attr.SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
            return true;
        }
        return false;
    }

    bool IsEnabledByRow(unsigned row, unsigned col) const override {
        if (col == 0) return true;
        if (owner_.locked()) return false;
        const int c = static_cast<int>(col) - 1;
        return owner_.session().relevant(owner_.cell_path(static_cast<int>(row), c));
    }

private:
    TableEditor& owner_;
};

// --- what a screen reader reads for each cell ---------------------------------------------

class TableEditor::Namer final : public CellNamer {
public:
    explicit Namer(const TableEditor& owner) : owner_(owner) {}
    wxString cell_name(unsigned row, unsigned column) const override {
        if (column == 0) return owner_.row_name(static_cast<int>(row));
        return owner_.spoken_name(static_cast<int>(row), static_cast<int>(column) - 1);
    }
    wxString cell_description(unsigned row, unsigned column) const override {
        if (column == 0) return {};
        return owner_.spoken_description(static_cast<int>(row), static_cast<int>(column) - 1);
    }

private:
    const TableEditor& owner_;
};

// --- the picker of a column the plugin gives choices for -------------------------------------

struct TableEditor::Picker {
    wxTextCtrl* text = nullptr;
    wxListBox* list = nullptr;
    std::vector<sdk::FieldChoice> choices;  // all the plugin gave, as it ordered them
    std::vector<sdk::FieldChoice> shown;    // those matching what is typed, as the list shows them
};

// --- TableEditor ----------------------------------------------------------------------------

TableEditor::TableEditor(wxWindow* parent, forms::EditSession& session, const forms::Node& table, std::string path,
                         Changed changed, std::vector<std::string> choice_fields)
    : wxPanel(parent, wxID_ANY),
      session_(session),
      table_(table),
      path_(std::move(path)),
      changed_(std::move(changed)),
      choice_fields_(std::move(choice_fields)) {
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
    build_view();
    sizer->Add(view_, wxSizerFlags().Expand());
    build_buttons(sizer);
    message_ = new wxStaticText(this, wxID_ANY, wxString());
    message_->Hide();
    sizer->Add(message_, wxSizerFlags().Border(wxTOP, FromDIP(2)));
    SetSizer(sizer);

    tie_label(label_, view_);
    set_accessible_name(view_, title);
    namer_ = std::make_unique<Namer>(*this);
    name_cells(view_, namer_.get());

    view_->Bind(wxEVT_KEY_DOWN, &TableEditor::on_key, this);
    Bind(wxEVT_CHAR_HOOK, &TableEditor::on_char_hook, this);
    view_->Bind(wxEVT_DATAVIEW_ITEM_EDITING_STARTED, [this](wxDataViewEvent& event) {
        event.Skip();
        if (closing_) return;
        const int row = static_cast<int>(model_->GetRow(event.GetItem()));
        const int column = event.GetDataViewColumn() != nullptr
                               ? static_cast<int>(event.GetDataViewColumn()->GetModelColumn()) - 1
                               : -1;
        on_editing_started(row, column);
    });
    view_->Bind(wxEVT_DATAVIEW_ITEM_EDITING_DONE, [this](wxDataViewEvent& event) {
        event.Skip();
        if (closing_) return;
        on_editing_done(event.IsEditCancelled());
    });
    // Enter on a row (GTK's "activate") edits the cell under the cursor, as F2 does.
    view_->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent&) {
        const auto [row, column] = cursor();
        if (row >= 0) edit_cell(row, std::max(column, 0));
    });
    view_->Bind(wxEVT_MOTION, [this](wxMouseEvent& event) {
        event.Skip();
        wxDataViewItem item;
        wxDataViewColumn* column = nullptr;
        view_->HitTest(event.GetPosition(), item, column);
        wxString tip;
        if (item.IsOk() && column != nullptr && column->GetModelColumn() > 0)
            tip = message_at(static_cast<int>(model_->GetRow(item)), static_cast<int>(column->GetModelColumn()) - 1);
        if (tip != tooltip_) {
            tooltip_ = tip;
            view_->SetToolTip(tip);
        }
    });
    // Columns take the width there is (fit_columns); the tips and messages wrap to it.
    view_->Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
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
    size_view();
}

TableEditor::~TableEditor() {
    // The view's cells stop asking the namer before it goes. The view goes first, while this
    // is still a TableEditor: closing a cell's editor on the way out tells the table, which
    // then does nothing (the session may be going too).
    closing_ = true;
    unname_cells(view_);
    view_->Destroy();
}

void TableEditor::build_columns() {
    std::size_t index = 0;
    auto add = [&](const forms::Node& field, std::string sub_path) {
        wxString text = from_utf8(field.label.empty() ? field.id : field.label);
        if (sub_path == "/name") text += _(": name");
        if (sub_path == "/role") text += _(": role");
        wxString spoken = text;
        if (field.required && field.required->is_literal_true()) {
            text += " *";
            spoken += _(", required");
        }
        if (field.type == FieldType::date) {
            // The council's format, as the cells show dates and as they may be typed.
            const auto& format = session_.form().date_format;
            text += " (" + from_utf8(format) + ")";
            spoken += wxString::Format(_(", a date such as %s"), from_utf8(forms::date_example(format)));
        }
        columns_.push_back({&field, index, std::move(sub_path), text, spoken});
        if (field.type == FieldType::long_text) has_long_text_ = true;
    };
    for (const auto& child : table_.children) {
        if (child.kind != forms::NodeKind::field) continue;
        if (child.type == FieldType::person) {
            add(child, "/name");
            add(child, "/role");
        } else {
            add(child, {});
        }
        ++index;
    }
    for (const auto& row : table_.fixed_rows) row_labels_.push_back(from_utf8(row.label));
}

void TableEditor::build_view() {
    view_ = new wxDataViewCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                               wxDV_ROW_LINES | wxDV_VERT_RULES | wxDV_VARIABLE_LINE_HEIGHT | wxDV_MULTIPLE);
    view_->SetName(from_utf8(path_));
    model_ = new Model(*this, static_cast<unsigned>(row_count()));
    view_->AssociateModel(model_);
    model_->DecRef();  // the view holds it now

    const wxFont font = GetFont();
    const wxString title = plain_text(table_.label.empty() ? table_.id : table_.label);
    // The first column: a fixed table's row labels (wrapped), or a repeating table's numbers.
    if (!table_.repeating) {
        label_width_ = FromDIP(80);
        for (const auto& label : row_labels_) label_width_ = std::max(label_width_, GetTextExtent(label).GetWidth() + FromDIP(16));
        label_width_ = std::min(label_width_, FromDIP(220));
        auto* renderer = new wxDataViewTextRenderer("string", wxDATAVIEW_CELL_INERT, wxALIGN_LEFT | wxALIGN_TOP);
        auto* column = new wxDataViewColumn(wrap_to_width(this, font, title, label_width_ - FromDIP(12)), renderer, 0,
                                            label_width_, wxALIGN_LEFT, 0);
        view_->AppendColumn(column);
        wrap_text_cells(renderer, label_width_ - FromDIP(12));
        name_column_heading(column, title);
    } else {
        label_width_ = FromDIP(48);
        auto* column = view_->AppendTextColumn(_("Row"), 0, wxDATAVIEW_CELL_INERT, label_width_, wxALIGN_RIGHT, 0);
        name_column_heading(column, _("Row"));
    }
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const auto& field = *columns_[i].field;
        const unsigned model_column = static_cast<unsigned>(i) + 1;
        const bool typed_into = !field.read_only && !field.calculate;
        const auto mode = typed_into ? wxDATAVIEW_CELL_EDITABLE : wxDATAVIEW_CELL_INERT;
        const int width = column_width(this, session_.form(), field);
        base_widths_.push_back(width);
        wxDataViewRenderer* renderer = nullptr;
        if (field.type == FieldType::boolean) {
            renderer = new wxDataViewToggleRenderer("bool", typed_into ? wxDATAVIEW_CELL_ACTIVATABLE : wxDATAVIEW_CELL_INERT,
                                                    wxALIGN_CENTRE);
        } else if (field.type == FieldType::choice || field.type == FieldType::long_text) {
            // Shown by GTK's own text cell; edited in a box of the table's own (open_cell_box),
            // a list of the choices or a text of several lines.
            renderer = new wxDataViewTextRenderer("string", wxDATAVIEW_CELL_INERT, wxALIGN_LEFT | wxALIGN_TOP);
        } else if (typed_into && offers_choices(static_cast<int>(i))) {
            // Edited in a picker (open_picker), or typed into as text when the plugin has
            // nothing to offer (edit_cell): made editable, so that GTK's text cell has its
            // editor, then inert, so that a click does not open that instead of the picker.
            renderer = new wxDataViewTextRenderer("string", wxDATAVIEW_CELL_EDITABLE, wxALIGN_LEFT | wxALIGN_TOP);
            renderer->SetMode(wxDATAVIEW_CELL_INERT);
        } else {
            renderer = new wxDataViewTextRenderer("string", mode, wxALIGN_LEFT | wxALIGN_TOP);
        }
        auto* column = new wxDataViewColumn(wrap_to_width(this, font, columns_[i].heading, width - FromDIP(12)), renderer,
                                            model_column, width, wxALIGN_LEFT, 0);
        view_->AppendColumn(column);
        name_column_heading(column, columns_[i].spoken_heading);
        if (field.type == FieldType::long_text) wrap_text_cells(renderer, width - FromDIP(12));
        // A native text cell tells each key typed, so validation follows the typing and
        // nothing typed waits for Enter.
        if (typed_into && field.type != FieldType::boolean && field.type != FieldType::choice &&
            field.type != FieldType::long_text)
            on_cell_typing(
                view_, renderer,
                [this, c = static_cast<int>(i)](unsigned row, const wxString& text) {
                    cell_edited(static_cast<int>(row), c, to_utf8(text), true);
                },
                [this](unsigned, const wxString& text) { paste_block_from_editor(to_utf8(text)); });
    }
}

void TableEditor::build_buttons(wxSizer* sizer) {
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    if (table_.repeating) {
        add_ = new wxButton(this, wxID_ANY, _("Add row"));
        remove_ = new wxButton(this, wxID_ANY, _("Remove row"));
        add_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_add_row(); });
        remove_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_remove_row(); });
        buttons->Add(add_, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
        buttons->Add(remove_, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
        remove_->Enable(row_count() > 0);
        const auto& form = session_.form();
        if (form.extension) {
            forms::Diagnostics problems;
            for (auto& format : form.extension->import_formats(problems))
                if (format.form_id == form.id) import_formats_.push_back(std::move(format));
        }
        if (!import_formats_.empty()) {
            import_ = new wxButton(this, wxID_ANY, wxString(L"Import rows from a file\u2026"));
            wxString tip;
            for (const auto& format : import_formats_) tip += (tip.empty() ? "" : "\n") + from_utf8(format.description);
            import_->SetToolTip(tip);
            import_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_import(); });
            buttons->Add(import_, wxSizerFlags().Border(wxRIGHT, FromDIP(6)));
        }
    }
    wxString tips = _("Enter or F2 edits a cell; Ctrl+V pastes cells copied from Word or Excel at the selected cell, "
                      "or, copied with their heading row, into the columns the headings name.");
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
}

int TableEditor::row_count() const { return static_cast<int>(session_.row_count(path_)); }

wxString TableEditor::row_name(int row) const {
    if (!table_.repeating)
        return row >= 0 && static_cast<std::size_t>(row) < row_labels_.size() ? row_labels_[static_cast<std::size_t>(row)]
                                                                               : wxString();
    return wxString::Format("%d", row + 1);
}

wxString TableEditor::shown_value(int row, int column) const {
    const auto& field = *columns_[static_cast<std::size_t>(column)].field;
    const std::string value = session_.value(cell_path(row, column));
    if (field.type == FieldType::boolean) return value.empty() ? wxString() : value == "true" ? _("Yes") : _("No");
    if (field.type == FieldType::date) return from_utf8(forms::format_date(value, session_.form().date_format));
    if (field.type == FieldType::choice && !value.empty())
        if (const auto* list = session_.form().list(field.choice_list))
            if (const auto* option = list->find(value)) return from_utf8(option->label);
    return from_utf8(value);
}

wxString TableEditor::spoken_name(int row, int column) const {
    if (column < 0 || static_cast<std::size_t>(column) >= columns_.size()) return {};
    const wxString where = table_.repeating ? wxString::Format(_("row %d"), row + 1) : row_name(row);
    const wxString value = shown_value(row, column);
    return wxString::Format("%s, %s: %s", columns_[static_cast<std::size_t>(column)].spoken_heading, where,
                            value.empty() ? wxString(_("blank")) : value);
}

wxString TableEditor::spoken_description(int row, int column) const { return message_at(row, column); }

std::pair<int, int> TableEditor::cursor() const {
    const auto at = cell_cursor(view_);
    if (at.row < 0) return {-1, -1};
    int column = -1;
    if (at.column >= 0)
        if (auto* shown = view_->GetColumn(static_cast<unsigned>(at.column)))
            column = static_cast<int>(shown->GetModelColumn()) - 1;
    return {at.row, column};
}

void TableEditor::set_locked(bool locked) {
    if (locked == locked_) return;
    locked_ = locked;
    if (locked) close_cell_box(false);
    for (auto* button : {add_, remove_, import_})
        if (button != nullptr) button->Enable(!locked);
    if (remove_ != nullptr && !locked) remove_->Enable(row_count() > 0);
    view_->Refresh();
}

void TableEditor::edit_cell(int row, int column) {
    if (row < 0 || row >= row_count() || column < 0 || static_cast<std::size_t>(column) >= columns_.size()) return;
    if (locked_) {
        show_refusal(from_utf8(session_.locked_message()));
        return;
    }
    const auto& field = *columns_[static_cast<std::size_t>(column)].field;
    if (field.read_only || field.calculate || !session_.relevant(cell_path(row, column))) return;
    if (field.type == FieldType::boolean) {
        cell_edited(row, column, session_.value(cell_path(row, column)) == "true" ? "false" : "true");
        model_->RowValueChanged(static_cast<unsigned>(row), static_cast<unsigned>(column) + 1);
        return;
    }
    if (field.type == FieldType::long_text || field.type == FieldType::choice) {
        open_cell_box(row, column);
        return;
    }
    auto* shown = view_column_for(view_, column);
    if (shown == nullptr) return;
    if (offers_choices(column)) {
        if (open_picker(row, column)) return;
        // Nothing to choose from: GTK's own text editor, as for any text (on_editing_done
        // makes the column inert again).
        shown->GetRenderer()->SetMode(wxDATAVIEW_CELL_EDITABLE);
    }
    view_->EditItem(model_->GetItem(static_cast<unsigned>(row)), shown);
}

bool TableEditor::offers_choices(int column) const {
    if (choice_fields_.empty() || column < 0 || static_cast<std::size_t>(column) >= columns_.size()) return false;
    const auto& col = columns_[static_cast<std::size_t>(column)];
    const std::string general = forms::general_path(row_path(0) + "/" + col.field->id + col.sub_path);
    return std::find(choice_fields_.begin(), choice_fields_.end(), general) != choice_fields_.end();
}

wxTextCtrl* TableEditor::picker_text() const noexcept { return picker_ ? picker_->text : nullptr; }

wxListBox* TableEditor::picker_list() const noexcept { return picker_ ? picker_->list : nullptr; }

bool TableEditor::open_picker(int row, int column) {
    close_cell_box(true);
    auto* shown = view_column_for(view_, column);
    if (shown == nullptr) return false;
    const std::string path = cell_path(row, column);
    // Asked as the picker opens, so the choices follow the record as it stands (the body
    // chosen a moment ago, the meeting's date).
    forms::Diagnostics problems;
    auto choices = forms::field_choices(session_.form(), session_.record(), path, {{}, {}, {}, {}, {}, &session_.store().query()},
                                        problems);
    if (!problems.empty()) {
        wxString why;
        for (const auto& problem : problems) why += (why.empty() ? "" : "\n") + from_utf8(problem.message);
        show_refusal(why);
    }
    if (choices.empty()) return false;
    set_cell_cursor(view_, row, view_->GetColumnPosition(shown));
    wxRect area = cell_rect(view_, row, view_->GetColumnPosition(shown), this);
    if (area.IsEmpty()) return false;
    on_editing_started(row, column);

    picker_ = std::make_unique<Picker>();
    picker_->choices = std::move(choices);
    auto* box = new wxPanel(this, wxID_ANY);
    box->SetName("picker");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* text = new wxTextCtrl(box, wxID_ANY, from_utf8(session_.value(path)), wxDefaultPosition, wxDefaultSize,
                                wxTE_PROCESS_ENTER);
    auto* list = new wxListBox(box, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, wxLB_SINGLE);
    // The text box over the cell, eight choices high below it, wide enough for "Councillor A
    // S Khan — Deputy Chair"; above it when the table has no room below (a window is not drawn
    // outside its parent).
    const int width = std::max(area.width, FromDIP(340));
    const int text_height = std::max(text->GetBestSize().GetHeight(), area.height);
    const int height = text_height + 8 * (GetCharHeight() + FromDIP(6)) + FromDIP(8);
    const wxSize room = GetClientSize();
    const bool above = area.y + height > room.GetHeight() && area.GetBottom() + 1 - height >= 0;
    int y = above ? area.GetBottom() + 1 - height : area.y;
    if (y + height > room.GetHeight()) y = std::max(0, room.GetHeight() - height);
    const int x = std::max(0, std::min(area.x, room.GetWidth() - width));
    if (above) sizer->Add(list, wxSizerFlags(1).Expand());
    sizer->Add(text, wxSizerFlags().Expand());
    if (!above) sizer->Add(list, wxSizerFlags(1).Expand());
    box->SetSizer(sizer);
    box->SetSize(x, y, width, height);
    box->Layout();
    picker_->text = text;
    picker_->list = list;
    // Read as the cell it edits, and the list as its choices: "Person id, row 3".
    const wxString where = columns_[static_cast<std::size_t>(column)].spoken_heading + ", " +
                           (table_.repeating ? wxString::Format(_("row %d"), row + 1) : row_name(row));
    set_accessible_name(text, where);
    set_accessible_name(list, wxString::Format(_("%s: choices"), where));
    list->SetToolTip(_("Type to narrow the list; Down and Up choose, Enter picks, Escape leaves the cell as it was."));
    show_picked({});

    text->Bind(wxEVT_TEXT, [this](wxCommandEvent& event) {
        event.Skip();
        if (picker_) show_picked(to_utf8(event.GetString()));
    });
    list->Bind(wxEVT_LISTBOX_DCLICK, [this](wxCommandEvent&) { CallAfter([this] { close_cell_box(true); }); });
    auto keys = [this](wxKeyEvent& event) {
        if (leave_cell_box_by_key(event)) return;
        const int key = event.GetKeyCode();
        const int modifiers = event.GetModifiers();
        if ((key == WXK_DOWN || key == WXK_UP) && modifiers == wxMOD_NONE && picker_ && wxWindow::FindFocus() == picker_->text) {
            move_in_picker(key == WXK_DOWN ? 1 : -1);
            return;
        }
        event.Skip();
    };
    text->Bind(wxEVT_KEY_DOWN, keys);
    list->Bind(wxEVT_KEY_DOWN, keys);
    // Enter in a one-line box may come as its own event rather than as a key.
    text->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { CallAfter([this] { close_cell_box(true); }); });
    auto left = [this](wxFocusEvent& event) {
        event.Skip();
        CallAfter([this] {
            if (cell_box_ == nullptr) return;
            auto* focused = wxWindow::FindFocus();
            if (focused != cell_box_ && !cell_box_->IsDescendant(focused)) close_cell_box(true);
        });
    };
    text->Bind(wxEVT_KILL_FOCUS, left);
    list->Bind(wxEVT_KILL_FOCUS, left);
    cell_box_ = box;
    box->Raise();
    box->Show();
    reveal(box->GetRect());
    text->SetFocus();
    text->SetInsertionPointEnd();
    text->SelectAll();
    return true;
}

bool TableEditor::leave_cell_box_by_key(const wxKeyEvent& event) {
    const int key = event.GetKeyCode();
    const int modifiers = event.GetModifiers();
    if (key == WXK_ESCAPE) {
        close_cell_box(false);
        return true;
    }
    if ((key == WXK_RETURN || key == WXK_NUMPAD_ENTER) && modifiers == wxMOD_NONE) {
        close_cell_box(true);
        return true;
    }
    if (key == WXK_TAB && (modifiers == wxMOD_NONE || modifiers == wxMOD_SHIFT)) {
        move_by_tab(modifiers == wxMOD_SHIFT);
        return true;
    }
    return false;
}

void TableEditor::reveal(const wxRect& area) {
    // The form around the table scrolls, when it must, so that all of `area` (this panel's
    // coordinates) shows: a picker over a low cell reaches below what the form shows.
    for (wxWindow* up = GetParent(); up != nullptr; up = up->GetParent()) {
        auto* scroll = dynamic_cast<wxScrolledWindow*>(up);
        if (scroll == nullptr) continue;
        int unit_x = 0;
        int unit_y = 0;
        scroll->GetScrollPixelsPerUnit(&unit_x, &unit_y);
        if (unit_y <= 0) return;
        const int top = scroll->CalcUnscrolledPosition(scroll->ScreenToClient(ClientToScreen(area.GetPosition()))).y;
        const int bottom = top + area.height;
        const int view_top = scroll->CalcUnscrolledPosition(wxPoint(0, 0)).y;
        const int view_height = scroll->GetClientSize().GetHeight();
        if (top < view_top) scroll->Scroll(-1, top / unit_y);
        else if (bottom > view_top + view_height) scroll->Scroll(-1, (std::min(top, bottom - view_height) + unit_y - 1) / unit_y);
        return;
    }
}

void TableEditor::show_picked(const std::string& typed) {
    auto& picker = *picker_;
    picker.shown = forms::matching_choices(picker.choices, typed);
    wxArrayString items;
    for (const auto& choice : picker.shown) {
        wxString item = from_utf8(choice.label.empty() ? choice.value : choice.label);
        if (!choice.detail.empty()) item += wxString(L" \u2014 ") + from_utf8(choice.detail);
        items.Add(item);
    }
    picker.list->Set(items);  // nothing highlighted: Enter keeps what is typed until Down is pressed
}

void TableEditor::move_in_picker(int by) {
    auto* list = picker_->list;
    const int count = static_cast<int>(list->GetCount());
    if (count == 0) return;
    const int at = list->GetSelection();
    int next = at == wxNOT_FOUND ? (by > 0 ? 0 : wxNOT_FOUND) : at + by;
    if (next >= count) next = count - 1;
    // Up past the first choice highlights none again: what is typed stands.
    if (next < 0 || next == wxNOT_FOUND) list->SetSelection(wxNOT_FOUND);
    else {
        list->SetSelection(next);
        list->EnsureVisible(next);
    }
}

void TableEditor::take_pick(int row, int column) {
    const auto& picker = *picker_;
    const std::string path = cell_path(row, column);
    const std::string typed = to_utf8(picker.text->GetValue());
    const int at = picker.list->GetSelection();
    const sdk::FieldChoice* chosen =
        at != wxNOT_FOUND && static_cast<std::size_t>(at) < picker.shown.size() ? &picker.shown[static_cast<std::size_t>(at)] : nullptr;
    // A choice's id or name typed whole is that choice, with what it fills.
    if (chosen == nullptr && !typed.empty())
        for (const auto& choice : picker.choices)
            if (choice.value == typed || choice.label == typed) {
                chosen = &choice;
                break;
            }
    std::optional<forms::Diagnostic> refused;
    {
        const forms::EditSession::Step one_step(session_);  // the choice and what it fills: one undo
        if (chosen == nullptr) {
            if (typed != session_.value(path)) refused = session_.set_value(path, typed);
        } else {
            refused = session_.set_value(path, chosen->value);
            for (const auto& [id, value] : chosen->fills) {
                if (refused) break;
                refused = session_.set_value(row_path(row) + "/" + id, value);
            }
        }
    }
    session_.end_typing();
    show_refusal(refused ? wxString::Format("%s: %s", describe(refused->path), from_utf8(refused->message)) : wxString());
}

void TableEditor::open_cell_box(int row, int column) {
    close_cell_box(true);
    auto* shown = view_column_for(view_, column);
    if (shown == nullptr) return;
    set_cell_cursor(view_, row, view_->GetColumnPosition(shown));
    wxRect area = cell_rect(view_, row, view_->GetColumnPosition(shown), this);
    if (area.IsEmpty()) return;
    const auto& field = *columns_[static_cast<std::size_t>(column)].field;
    on_editing_started(row, column);
    const std::string path = cell_path(row, column);
    if (field.type == FieldType::long_text) {
        // At least five lines high and 20 em wide, so that a paragraph can be written.
        area.width = std::max(area.width, GetCharWidth() * 40);
        area.height = std::max(area.height, GetCharHeight() * 5 + FromDIP(10));
        auto* text = new wxTextCtrl(this, wxID_ANY, from_utf8(session_.value(path)), area.GetPosition(), area.GetSize(),
                                    wxTE_MULTILINE);
        text->SetInsertionPointEnd();
        // Cells copied from Word or Excel (a tab between them) paste as a block, not into
        // this one cell; a long text's own paragraphs paste into it.
        text->Bind(wxEVT_TEXT_PASTE, [this](wxClipboardTextEvent& event) {
            const std::string pasted = clipboard_text();
            if (pasted.find('\t') == std::string::npos) {
                event.Skip();
                return;
            }
            paste_block_from_editor(pasted);
        });
        text->Bind(wxEVT_TEXT, [this](wxCommandEvent& event) {
            event.Skip();
            if (editing_row_ >= 0) cell_edited(editing_row_, editing_column_, to_utf8(event.GetString()), true);
        });
        cell_box_ = text;
    } else {
        auto* list = new wxListBox(this, wxID_ANY, area.GetPosition(), wxDefaultSize);
        list->Append(_("(none)"));
        std::vector<std::string> codes{std::string()};
        if (const auto* choices = session_.form().list(field.choice_list))
            for (const auto& option : choices->options) {
                list->Append(from_utf8(option.label));
                codes.push_back(option.code);
            }
        const std::string value = session_.value(path);
        for (std::size_t i = 0; i < codes.size(); ++i)
            if (codes[i] == value) list->SetSelection(static_cast<int>(i));
        const int lines = std::min(static_cast<int>(codes.size()), 8);
        list->SetSize(area.x, area.y, std::max(area.width, FromDIP(160)), lines * (GetCharHeight() + FromDIP(10)) + FromDIP(8));
        list->Bind(wxEVT_LISTBOX, [this, codes](wxCommandEvent& event) {
            const int chosen = event.GetSelection();
            if (editing_row_ >= 0 && chosen >= 0 && static_cast<std::size_t>(chosen) < codes.size())
                cell_edited(editing_row_, editing_column_, codes[static_cast<std::size_t>(chosen)], true);
        });
        list->Bind(wxEVT_LISTBOX_DCLICK, [this](wxCommandEvent&) { CallAfter([this] { close_cell_box(true); }); });
        cell_box_ = list;
    }
    // Read as the cell it edits: "Nature of impact, Age 0-18".
    set_accessible_name(cell_box_, columns_[static_cast<std::size_t>(column)].spoken_heading + ", " +
                                       (table_.repeating ? wxString::Format(_("row %d"), row + 1) : row_name(row)));
    cell_box_->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& event) {
        if (leave_cell_box_by_key(event)) return;
        const int key = event.GetKeyCode();
        if ((key == WXK_RETURN || key == WXK_NUMPAD_ENTER) && dynamic_cast<wxTextCtrl*>(cell_box_) != nullptr) {
            // Alt+Enter (as in Excel), Shift+Enter or Ctrl+Enter: a new line.
            static_cast<wxTextCtrl*>(cell_box_)->WriteText("\n");
            return;
        }
        event.Skip();
    });
    cell_box_->Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& event) {
        event.Skip();
        CallAfter([this] {
            if (cell_box_ != nullptr && wxWindow::FindFocus() != cell_box_) close_cell_box(true);
        });
    });
    cell_box_->Raise();
    cell_box_->SetFocus();
}

void TableEditor::close_cell_box(bool keep) {
    if (cell_box_ == nullptr) return;
    wxWindow* box = cell_box_;
    cell_box_ = nullptr;
    const int row = editing_row_;
    const int column = editing_column_;
    if (picker_) {
        // A picker changes nothing while open: what it keeps goes in as it closes.
        if (keep && row >= 0 && row < row_count() && column >= 0) take_pick(row, column);
        picker_.reset();
    }
    on_editing_done(!keep);
    box->Hide();
    box->Destroy();
    if (row >= 0 && row < row_count()) {
        model_->RowChanged(static_cast<unsigned>(row));
        view_->SetFocus();
        select_path(cell_path(row, column));
    }
    if (changed_) changed_(this);
}

void TableEditor::on_editing_started(int row, int column) {
    session_.end_typing();  // each visit to a cell is a step of undo of its own
    editing_row_ = row;
    editing_column_ = column;
    value_before_edit_ = row >= 0 && column >= 0 ? session_.value(cell_path(row, column)) : std::string();
}

void TableEditor::on_editing_done(bool cancelled) {
    const int row = editing_row_;
    const int column = editing_column_;
    // A picked column typed into as text, for want of choices, is left to its picker again.
    if (offers_choices(column))
        if (auto* shown = view_column_for(view_, column); shown != nullptr && shown->GetRenderer()->GetMode() != wxDATAVIEW_CELL_INERT)
            shown->GetRenderer()->SetMode(wxDATAVIEW_CELL_INERT);
    editing_row_ = -1;
    editing_column_ = -1;
    // What was typed went to the session key by key; Escape puts the value from before back.
    if (cancelled && row >= 0 && column >= 0 && row < row_count() &&
        session_.value(cell_path(row, column)) != value_before_edit_) {
        cell_edited(row, column, value_before_edit_);
        model_->RowValueChanged(static_cast<unsigned>(row), static_cast<unsigned>(column) + 1);
    }
}

std::string TableEditor::clipboard_text() {
    std::string text;
    if (wxTheClipboard->Open()) {
        if (wxTheClipboard->IsSupported(wxDF_UNICODETEXT) || wxTheClipboard->IsSupported(wxDF_TEXT)) {
            wxTextDataObject data;
            if (wxTheClipboard->GetData(data)) text = to_utf8(data.GetText());
        }
        wxTheClipboard->Close();
    }
    return text;
}

void TableEditor::paste_block_from_editor(const std::string& text) {
    // After the event that brought it: the editor is closed first, keeping what was typed in
    // it, then the block goes in from its cell, as Ctrl+V in the table puts it.
    CallAfter([this, text] {
        if (closing_) return;
        commit_open_edit();
        paste_text(text);
    });
}

void TableEditor::finish_editing() {
    if (cell_box_ != nullptr || editing_row_ < 0) {
        commit_open_edit();
        return;
    }
    // GTK ends its own editor as cancelled when it loses the focus, and a cancelled edit puts
    // the value from before back. What was typed is in the session already, key by key: the
    // edit is forgotten first, so that the focus closes the editor keeping it.
    editing_row_ = -1;
    editing_column_ = -1;
    view_->SetFocus();
}

void TableEditor::commit_open_edit() {
    if (cell_box_ != nullptr) {
        close_cell_box(true);
        return;
    }
    if (editing_row_ < 0) return;
    // GTK's own text editor finishes, keeping what was typed, when it loses the focus to the table.
    view_->SetFocus();
    editing_row_ = -1;
    editing_column_ = -1;
}

bool TableEditor::size_view() {
    int height = natural_height(view_) + FromDIP(4);
    if (row_count() == 0) height += GetCharHeight() + FromDIP(12);
    height = std::min(height, FromDIP(480));
    int width = label_width_ + FromDIP(4);
    for (int base : base_widths_) width += base;
    // As wide as its columns when that fits; otherwise the table scrolls sideways.
    const wxSize wanted(std::min(width, FromDIP(400)), height);
    if (view_->GetMinSize() == wanted && best_width_ == width) return false;
    view_->SetMinSize(wanted);
    best_width_ = width;
    // A table of short columns is as wide as they can grow; long texts stretch (fit_columns).
    if (!has_long_text_) {
        int widest = label_width_ + FromDIP(24);
        for (std::size_t i = 0; i < base_widths_.size(); ++i) {
            const auto type = columns_[i].field->type;
            const bool grows = type == FieldType::text || type == FieldType::email || type == FieldType::person ||
                               type == FieldType::reference;
            widest += grows ? base_widths_[i] * 5 / 2 : base_widths_[i];
        }
        view_->SetMaxSize(wxSize(widest, -1));
    }
    return true;
}

void TableEditor::fit_columns() {
    const int available = view_->GetClientSize().GetWidth() - label_width_ - FromDIP(4);
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
    const wxFont font = GetFont();
    for (std::size_t i = 0; i < widths.size(); ++i) {
        auto* column = view_column_for(view_, static_cast<int>(i));
        if (column == nullptr || column->GetWidth() == widths[i]) continue;
        column->SetWidth(widths[i]);
        if (columns_[i].field->type == FieldType::long_text) wrap_text_cells(column->GetRenderer(), widths[i] - FromDIP(12));
        column->SetTitle(wrap_to_width(this, font, columns_[i].heading, widths[i] - FromDIP(12)));
        name_column_heading(column, columns_[i].spoken_heading);
        changed = true;
    }
    if (!changed) return;
    // Wrapped texts take other heights at the new widths.
    if (has_long_text_)
        for (int row = 0; row < row_count(); ++row) model_->RowChanged(static_cast<unsigned>(row));
    if (size_view() && GetParent() != nullptr) GetParent()->Layout();
}

void TableEditor::sync_rows() {
    const auto rows = static_cast<unsigned>(row_count());
    if (rows != model_->GetCount()) model_->Reset(rows);
}

bool TableEditor::refresh() {
    const auto rows = static_cast<unsigned>(row_count());
    if (rows != model_->GetCount()) {
        model_->Reset(rows);
    } else if (editing_row_ < 0) {
        // Values may have changed anywhere (the other version taken, a reload).
        for (unsigned row = 0; row < rows; ++row) model_->RowChanged(row);
    }
    return update_size();
}

bool TableEditor::update_size() {
    view_->Refresh();
    if (remove_ != nullptr) remove_->Enable(!locked_ && row_count() > 0);
    return size_view();
}

std::string TableEditor::row_path(int row) const {
    if (!table_.repeating) {
        if (row < 0 || static_cast<std::size_t>(row) >= table_.fixed_rows.size()) return path_ + "/row[0]";
        return path_ + "/row[@key='" + table_.fixed_rows[static_cast<std::size_t>(row)].code + "']";
    }
    return path_ + "/row[" + std::to_string(row + 1) + "]";
}

std::string TableEditor::cell_path(int row, int column) const {
    const auto& col = columns_[static_cast<std::size_t>(column)];
    return row_path(row) + "/" + col.field->id + col.sub_path;
}

bool TableEditor::owns(std::string_view path) const {
    return path == path_ || (starts_with(path, path_) && path.size() > path_.size() && path[path_.size()] == '/');
}

std::optional<std::pair<int, int>> TableEditor::cell_of(std::string_view path) const {
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

wxString TableEditor::describe(std::string_view path) const {
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

Mark TableEditor::mark_at(int row, int column) const {
    if (auto found = cell_marks_.find({row, column}); found != cell_marks_.end()) return found->second.first;
    if (auto found = cell_marks_.find({row, -1}); found != cell_marks_.end()) return found->second.first;
    return Mark::none;
}

wxString TableEditor::message_at(int row, int column) const {
    if (auto found = cell_marks_.find({row, column}); found != cell_marks_.end()) return found->second.second;
    if (auto found = cell_marks_.find({row, -1}); found != cell_marks_.end()) return found->second.second;
    return {};
}

wxString TableEditor::marked_message(std::string_view path) const {
    if (auto found = marks_.find(std::string(path)); found != marks_.end()) return found->second.second;
    if (path == path_) return table_mark_.second;
    if (const auto cell = cell_of(path)) return message_at(cell->first, cell->second);
    return {};
}

void TableEditor::set_marks(const std::map<std::string, std::pair<Mark, wxString>>& marks) {
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
    if (cells_changed) view_->Refresh();
    show_refusal(refusal_, refusal_inline_);
}

void TableEditor::show_refusal(const wxString& text, const wxString& shown_inline) {
    refusal_ = text;
    refusal_inline_ = shown_inline;
    const wxString& refused = refusal_inline_.empty() ? refusal_ : refusal_inline_;
    wxString shown = table_mark_.second;
    if (!refused.empty()) shown = shown.empty() ? refused : shown + "\n" + refused;
    const Mark mark = !refusal_.empty() ? Mark::error : table_mark_.first;
    if (shown == message_shown_ && message_->IsShown() == !shown.empty()) return;
    message_shown_ = shown;
    message_->SetLabelText(shown);
    message_->SetForegroundColour(mark_foreground(mark == Mark::none ? Mark::error : mark));
    message_->Wrap(std::max(FromDIP(200), GetClientSize().GetWidth() - FromDIP(8)));
    message_->Show(!shown.empty());
    set_accessible_description(view_, shown);
    Layout();
    if (GetParent() != nullptr) GetParent()->Layout();
}

wxString TableEditor::reason_of(const forms::Diagnostic& refused) {
    // The heading says nothing went in: each line need not say it again.
    std::string message = refused.message;
    const std::string said = "; nothing was pasted";
    if (message.size() > said.size() && message.compare(message.size() - said.size(), said.size(), said) == 0)
        message.resize(message.size() - said.size());
    return from_utf8(message);
}

void TableEditor::refuse_whole(const wxString& title, const wxString& why) {
    // Under the table a long refusal sat below the editor's visible part, cut off: it shows
    // whole in a window of its own, and the table keeps a line saying so.
    const bool dialog = modal_dialogs_allowed();
    show_refusal(why, dialog ? title + ". " + _("Its reasons were in the window that opened.") : wxString());
    if (!dialog) return;
    PasteRefusalDialog shown(wxGetTopLevelParent(this), title, why);
    shown.ShowModal();
}

void TableEditor::cell_edited(int row, int column, const std::string& value, bool live) {
    if (closing_) return;
    if (row < 0 || row >= row_count() || column < 0 || static_cast<std::size_t>(column) >= columns_.size()) return;
    const std::string path = cell_path(row, column);
    // The editor's value when it closes is usually what the keys already put in.
    if (!live && session_.value(path) == value && refusal_.empty()) return;
    const auto refused = session_.set_value(path, value);
    show_refusal(refused ? wxString::Format("%s: %s", describe(refused->path), from_utf8(refused->message)) : wxString());
    if (changed_) changed_(this);
}

bool TableEditor::select_path(std::string_view path) {
    if (!owns(path)) return false;
    int row = 0;
    int column = 0;
    if (const auto cell = cell_of(path)) {
        row = cell->first;
        column = std::max(cell->second, 0);
    }
    view_->SetFocus();
    if (row >= row_count() || static_cast<std::size_t>(column) >= columns_.size()) return true;
    const auto item = model_->GetItem(static_cast<unsigned>(row));
    view_->UnselectAll();
    view_->Select(item);
    if (auto* shown = view_column_for(view_, column)) set_cell_cursor(view_, row, view_->GetColumnPosition(shown));
    return true;
}

bool TableEditor::paste_text(const std::string& text) {
    const forms::EditSession::Step one_step(session_);  // a paste is one step of undo
    auto [row, column] = cursor();
    if (row < 0) row = 0;
    if (column < 0) column = 0;
    std::size_t first_column = 0;
    if (static_cast<std::size_t>(column) < columns_.size()) first_column = columns_[static_cast<std::size_t>(column)].table_index;
    const auto diagnostics = session_.paste(path_, static_cast<std::size_t>(row) + 1, first_column, text);
    const bool refused = forms::has_errors(diagnostics);
    if (refused) {
        // The engine's messages name each cell, in the pasted block and in the table.
        wxString why = _("Nothing was pasted:");
        for (const auto& diagnostic : diagnostics)
            if (diagnostic.severity == forms::Severity::error) why += "\n" + reason_of(diagnostic);
        refuse_whole(_("Nothing was pasted"), why);
    } else {
        show_refusal({});
    }
    refresh();
    if (changed_) changed_(this);
    return !refused;
}

bool TableEditor::import_file(const std::string& format, const std::string& file) {
    const forms::EditSession::Step one_step(session_);  // an import is one step of undo
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
        for (const auto& problem : problems) why += "\n" + from_utf8(problem.format());
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
    for (int row = 0; row < row_count(); ++row)
        for (std::size_t col = 0; col < columns_.size(); ++col)
            if (!session_.value(cell_path(row, static_cast<int>(col))).empty()) first = static_cast<std::size_t>(row) + 1;
    const auto diagnostics = session_.paste(path_, first + 1, 0, tab_separated(cells));
    if (forms::has_errors(diagnostics)) {
        wxString why = _("Nothing was imported:");
        for (const auto& diagnostic : diagnostics)
            if (diagnostic.severity == forms::Severity::error) why += "\n" + reason_of(diagnostic);
        refuse_whole(_("Nothing was imported"), why);
    } else {
        show_refusal({});
    }
    sync_rows();
    if (changed_) changed_(this);
    return !forms::has_errors(diagnostics);
}

void TableEditor::on_import() {
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

void TableEditor::on_add_row() {
    if (const auto refused = session_.add_row(path_)) {
        show_refusal(from_utf8(refused->message));
        return;
    }
    show_refusal({});
    sync_rows();
    if (changed_) changed_(this);
    const int last = row_count() - 1;
    if (last >= 0) select_path(row_path(last));
}

void TableEditor::on_remove_row() {
    const int row = cursor().first;
    if (row < 0 || row >= row_count()) {
        show_refusal(_("Select a cell of the row to remove."));
        return;
    }
    bool filled = false;
    for (std::size_t col = 0; col < columns_.size(); ++col)
        filled = filled || !session_.value(cell_path(row, static_cast<int>(col))).empty();
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
    if (changed_) changed_(this);
    if (row_count() > 0) select_path(row_path(std::min(row, row_count() - 1)));
}

// The rows a copy or a clear works on: the selected ones, or the cursor's.
std::vector<int> TableEditor::chosen_rows() const {
    std::vector<int> rows;
    wxDataViewItemArray selected;
    view_->GetSelections(selected);
    for (const auto& item : selected) rows.push_back(static_cast<int>(model_->GetRow(item)));
    std::sort(rows.begin(), rows.end());
    if (rows.empty() && cursor().first >= 0) rows.push_back(cursor().first);
    return rows;
}

void TableEditor::copy_selection() {
    // One row: the cell under the cursor, as a spreadsheet copies one cell; several rows:
    // their cells, a line each.
    const auto rows = chosen_rows();
    if (rows.empty()) return;
    std::vector<std::vector<std::string>> cells;
    const int column = cursor().second;
    for (int row : rows) {
        std::vector<std::string> line;
        if (rows.size() == 1 && column >= 0) line.push_back(to_utf8(shown_value(row, column)));
        else
            for (std::size_t col = 0; col < columns_.size(); ++col) line.push_back(to_utf8(shown_value(row, static_cast<int>(col))));
        cells.push_back(std::move(line));
    }
    if (wxTheClipboard->Open()) {
        wxTheClipboard->SetData(new wxTextDataObject(from_utf8(tab_separated(cells))));
        wxTheClipboard->Close();
    }
}

void TableEditor::clear_selection() {
    const forms::EditSession::Step one_step(session_);  // clearing several cells is one step of undo
    // The cursor's column, in each chosen row.
    const int column = cursor().second;
    if (column < 0) return;
    const auto& field = *columns_[static_cast<std::size_t>(column)].field;
    if (field.read_only || field.calculate) return;
    for (int row : chosen_rows()) {
        const std::string path = cell_path(row, column);
        if (!session_.relevant(path) || session_.value(path).empty()) continue;
        if (const auto refused = session_.set_value(path, ""))
            show_refusal(describe(refused->path) + ": " + from_utf8(refused->message));
        model_->RowValueChanged(static_cast<unsigned>(row), static_cast<unsigned>(column) + 1);
    }
    if (changed_) changed_(this);
}

void TableEditor::move_by_tab(bool back) {
    // Tab goes from cell to cell of those that can be typed into, row after row, and leaves
    // the table after the last (Shift+Tab: before the first), so the keyboard is never stuck.
    commit_open_edit();
    const int rows = row_count();
    const int cols = static_cast<int>(columns_.size());
    auto [row, column] = cursor();
    auto editable = [&](int r, int c) {
        const auto& field = *columns_[static_cast<std::size_t>(c)].field;
        return !field.read_only && !field.calculate && session_.relevant(cell_path(r, c));
    };
    if (row >= 0 && column < 0) column = back ? cols : -1;
    while (row >= 0 && rows > 0 && cols > 0) {
        if (back) {
            if (--column < 0) {
                column = cols - 1;
                --row;
            }
        } else if (++column >= cols) {
            column = 0;
            ++row;
        }
        if (row < 0 || row >= rows) break;
        if (editable(row, column)) {
            select_path(cell_path(row, column));
            return;
        }
    }
    view_->Navigate(back ? wxNavigationKeyEvent::IsBackward : wxNavigationKeyEvent::IsForward);
}

void TableEditor::on_char_hook(wxKeyEvent& event) {
    const int key = event.GetKeyCode();
    const int modifiers = event.GetModifiers();
    if (key == WXK_TAB && (modifiers == wxMOD_NONE || modifiers == wxMOD_SHIFT) &&
        (editing_row_ >= 0 || wxWindow::FindFocus() == view_)) {
        move_by_tab(modifiers == wxMOD_SHIFT);
        return;
    }
    event.Skip();
}

void TableEditor::on_key(wxKeyEvent& event) {
    const int key = event.GetKeyCode();
    const bool control = event.GetModifiers() == wxMOD_CONTROL;
    const bool plain = event.GetModifiers() == wxMOD_NONE;
    if (editing_row_ >= 0) {
        event.Skip();
        return;
    }
    if (control && key == 'V') {
        const std::string text = clipboard_text();
        if (text.empty()) show_refusal(_("The clipboard holds no text to paste."));
        else paste_text(text);
        return;
    }
    if (control && key == 'C') {
        copy_selection();
        return;
    }
    if (plain && (key == WXK_F2 || key == WXK_RETURN || key == WXK_NUMPAD_ENTER || key == WXK_SPACE)) {
        const auto [row, column] = cursor();
        if (row >= 0 && column >= 0) {
            // Space flips a yes-or-no; elsewhere it selects the row, as GTK does.
            if (key != WXK_SPACE || columns_[static_cast<std::size_t>(column)].field->type == FieldType::boolean) {
                edit_cell(row, column);
                return;
            }
        }
    }
    if (plain && (key == WXK_DELETE || key == WXK_BACK)) {
        clear_selection();
        return;
    }
    // The arrows move from cell to cell (GTK's own keys move from row to row, and across only
    // the cells it can edit).
    if (plain && (key == WXK_UP || key == WXK_DOWN || key == WXK_LEFT || key == WXK_RIGHT)) {
        auto [row, column] = cursor();
        const int rows = row_count();
        const int columns = static_cast<int>(columns_.size());
        if (rows == 0 || columns == 0) return;
        row = std::max(row, 0);
        column = std::max(column, 0);
        if (key == WXK_UP) row = std::max(row - 1, 0);
        if (key == WXK_DOWN) row = std::min(row + 1, rows - 1);
        if (key == WXK_LEFT) column = std::max(column - 1, 0);
        if (key == WXK_RIGHT) column = std::min(column + 1, columns - 1);
        select_path(cell_path(row, column));
        return;
    }
    event.Skip();
}

}  // namespace formwork::ui
