#include <formwork/model/table_paste.hpp>
#include <formwork/model/xml_input.hpp>

#include <formwork/model/instance_paths.hpp>
#include <formwork/model/instance_walker.hpp>
#include <formwork/model/value_checks.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>

namespace formwork::forms {

std::vector<std::vector<std::string>> parse_tab_separated(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::size_t at = 0;
    // Ends the row at a line break (CRLF, LF or a lone CR) and returns true, else false.
    const auto line_break = [&](std::size_t& i) {
        if (i < text.size() && text[i] == '\r') {
            i += i + 1 < text.size() && text[i + 1] == '\n' ? 2U : 1U;
            return true;
        }
        if (i < text.size() && text[i] == '\n') {
            ++i;
            return true;
        }
        return false;
    };
    while (at < text.size()) {
        std::string cell;
        bool quoted = false;
        if (text[at] == '"') {
            // Quoted as Excel quotes: "" inside is one quote. Only a cell whose closing quote
            // is found is read as quoted; otherwise the quote is the cell's own text.
            std::string inner;
            std::size_t i = at + 1;
            while (i < text.size()) {
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        inner += '"';
                        i += 2;
                        continue;
                    }
                    quoted = true;
                    break;
                }
                if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                    inner += '\n';  // a line break inside a cell is kept as LF
                    i += 2;
                    continue;
                }
                inner += text[i++];
            }
            if (quoted) {
                cell = std::move(inner);
                at = i + 1;
                // Excel keeps what follows the closing quote, up to the cell's end.
                while (at < text.size() && text[at] != '\t' && text[at] != '\n' && text[at] != '\r') cell += text[at++];
            }
        }
        if (!quoted) {
            const auto end = text.find_first_of("\t\r\n", at);
            const auto stop = end == std::string_view::npos ? text.size() : end;
            cell.assign(text.substr(at, stop - at));
            at = stop;
        }
        row.push_back(std::move(cell));
        if (at < text.size() && text[at] == '\t') {
            ++at;
            if (at == text.size()) row.emplace_back();  // a tab at the very end: one more empty cell
            continue;
        }
        line_break(at);
        rows.push_back(std::move(row));
        row.clear();
    }
    if (!row.empty()) rows.push_back(std::move(row));  // the text ended in a tab
    if (!rows.empty() && rows.back().size() == 1 && rows.back().front().empty()) rows.pop_back();
    return rows;
}

namespace {

Diagnostic error(std::string path, std::string message) {
    return Diagnostic{Severity::error, {}, 0, 0, std::move(path), std::move(message), {}};
}

std::size_t count_rows(pugi::xml_node table) {
    return static_cast<std::size_t>(std::distance(table.children("row").begin(), table.children("row").end()));
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A cell's text as the field stores it: numbers, dates and codes without the spaces a
// spreadsheet may leave around them, Excel's TRUE and FALSE, a choice by its label (as
// workbooks show choices) as well as by its code.
std::string stored_form(const FormDefinition& form, const Node& field, std::string_view text) {
    switch (field.type) {
    case FieldType::text:
    case FieldType::long_text:
    case FieldType::person:
        return std::string(text);
    case FieldType::boolean: {
        const auto value = lower(trimmed(text));
        return value == "true" || value == "false" ? value : std::string(trimmed(text));
    }
    case FieldType::choice: {
        const auto value = trimmed(text);
        if (const auto* list = form.list(field.choice_list); list != nullptr && list->find(value) == nullptr) {
            for (const auto& option : list->options)
                if (option.label == value) return option.code;
            const auto folded = lower(value);
            for (const auto& option : list->options)
                if (lower(option.label) == folded) return option.code;
        }
        return std::string(value);
    }
    default:
        return std::string(trimmed(text));
    }
}

// "row 3, Role" or "row 'Age', Nature": a cell as the person sees it.
std::string cell_name(const Node& table, std::size_t index, pugi::xml_node row, const Node& column) {
    std::string name = "row ";
    if (table.repeating) {
        name += std::to_string(index);
    } else {
        const std::string key = row.attribute("key").value();
        std::string label = key;
        for (const auto& fixed : table.fixed_rows)
            if (fixed.code == key && !fixed.label.empty()) label = fixed.label;
        name += "'" + label + "'";
    }
    return name + ", " + label_of(column);
}

constexpr std::size_t most_reported = 20;

}  // namespace

Diagnostics paste_table_cells(const FormDefinition& form, Record& record, std::string_view table_path,
                              std::size_t first_row, std::size_t first_column,
                              const std::vector<std::vector<std::string>>& cells) {
    const std::string table_at(table_path);
    const auto located = locate(form, record.instance(), table_path);
    if (!located || located->node->kind != NodeKind::table)
        return {error(table_at, "no such table in form '" + form.id + "'; nothing was pasted")};
    const Node& table = *located->node;
    std::vector<const Node*> columns;
    for (const auto& child : table.children)
        if (child.kind == NodeKind::field) columns.push_back(&child);
    if (cells.empty()) return {};
    if (first_row < 1) return {error(table_at, "rows are counted from 1; nothing was pasted")};
    if (first_column >= columns.size())
        return {error(table_at, label_of(table) + " has " + std::to_string(columns.size()) +
                                    " columns; there is no column " + std::to_string(first_column + 1) +
                                    " to paste into; nothing was pasted")};
    std::size_t width = 0;
    for (const auto& row : cells) width = std::max(width, row.size());
    if (first_column + width > columns.size())
        return {error(table_at, "the pasted text has " + std::to_string(width) + " columns, but " + label_of(table) +
                                    " has only " + std::to_string(columns.size() - first_column) + " from column '" +
                                    label_of(*columns[first_column]) + "' on; nothing was pasted")};

    const std::size_t needed = first_row - 1 + cells.size();
    const std::size_t existing = count_rows(located->element);
    if (needed > existing) {
        if (!table.repeating)
            return {error(table_at, label_of(table) + " has " + std::to_string(existing) + " fixed rows; the pasted text needs " +
                                        std::to_string(needed) + "; nothing was pasted")};
        if (table.max_rows != 0 && needed > table.max_rows)
            return {error(table_at, label_of(table) + " may have at most " + std::to_string(table.max_rows) +
                                        " rows; the pasted text needs " + std::to_string(needed) + "; nothing was pasted")};
    }

    // All or nothing: the paste is made on a copy, which replaces the record only when every
    // cell was taken.
    Record copy = record;
    for (std::size_t added = existing; added < needed; ++added)
        if (!add_row(form, copy, table_path))
            return {error(table_at, "a row could not be added to " + label_of(table) + "; nothing was pasted")};
    const auto copy_table = locate(form, copy.instance(), table_path)->element;
    std::vector<pugi::xml_node> rows;
    for (auto row : copy_table.children("row")) rows.push_back(row);

    Diagnostics out;
    std::size_t refused = 0;
    const auto refuse = [&](std::string path, std::string message) {
        if (++refused <= most_reported) out.push_back(error(std::move(path), std::move(message) + "; nothing was pasted"));
    };
    for (std::size_t r = 0; r < cells.size(); ++r) {
        const std::size_t index = first_row + r;  // 1-based
        const auto row = rows[index - 1];
        const auto row_path = table_at + InstanceWalker::row_step(table, index, row);
        for (std::size_t c = 0; c < cells[r].size(); ++c) {
            const Node& column = *columns[first_column + c];
            const auto path = join_path(row_path, column.id);
            const auto name = cell_name(table, index, row, column);
            const auto value = stored_form(form, column, cells[r][c]);
            const auto target = column.type == FieldType::person ? path + "/name" : path;
            if (column.read_only) {
                const auto element = row.child(column.id.c_str());
                if (value != element.text().get())
                    refuse(path, name + ": the column is filled in by the form and cannot be pasted into ('" + value + "')");
                continue;
            }
            if (const auto problem = xml_text_problem(value)) {
                refuse(path, name + ": the text " + *problem);
                continue;
            }
            if (auto refused_value = set_value(form, copy, target, value)) {
                refuse(path, name + ": " + refused_value->message);
                continue;
            }
            if (value.empty() || column.type == FieldType::person) continue;
            if (auto problem = type_problem(form, column, row.child(column.id.c_str())); !problem.empty())
                refuse(path, name + ": " + problem);
        }
    }
    if (refused > most_reported)
        out.push_back(error(table_at, std::to_string(refused - most_reported) + " more cells were refused"));
    if (out.empty()) record = std::move(copy);
    return out;
}

std::optional<Diagnostic> remove_row(const FormDefinition& form, Record& record, std::string_view table_path,
                                     std::size_t row) {
    const std::string table_at(table_path);
    const auto located = locate(form, record.instance(), table_path);
    if (!located || located->node->kind != NodeKind::table)
        return error(table_at, "no such table in form '" + form.id + "'");
    const Node& table = *located->node;
    if (!table.repeating) return error(table_at, label_of(table) + " has fixed rows; none can be removed");
    const std::size_t rows = count_rows(located->element);
    if (row < 1 || row > rows)
        return error(table_at, label_of(table) + " has no row " + std::to_string(row) + " (it has " + std::to_string(rows) + ")");
    if (rows - 1 < table.min_rows)
        return error(table_at, label_of(table) + " needs at least " + std::to_string(table.min_rows) +
                                   (table.min_rows == 1 ? " row" : " rows") + "; row " + std::to_string(row) +
                                   " was not removed");
    auto table_element = located->element;
    auto element = table_element.child("row");
    for (std::size_t i = 1; i < row; ++i) element = element.next_sibling("row");
    table_element.remove_child(element);
    return std::nullopt;
}

}  // namespace formwork::forms
