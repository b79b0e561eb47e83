#include <formwork/model/table_paste.hpp>
#include <formwork/model/xml_input.hpp>

#include <formwork/model/instance_paths.hpp>
#include <formwork/model/instance_walker.hpp>
#include <formwork/model/value_checks.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>

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

bool is_blank(std::string_view text) { return trimmed(text).empty(); }

bool same_heading(const std::string& key, const Node& column) {
    if (key.empty()) return false;
    if (key == heading_key(label_of(column))) return true;
    return std::any_of(column.aliases.begin(), column.aliases.end(),
                       [&](const std::string& alias) { return key == heading_key(alias); });
}

// A section row's text against a choice's label or alias: as headings compare, and a plural
// "Contributors" names the choice "Contributor".
bool names_choice(const std::string& key, const ChoiceOption& option) {
    const auto same = [&](std::string other) {
        other = heading_key(other);
        return !other.empty() && (key == other || key == other + "s" || key + "s" == other);
    };
    return same(option.label) || same(option.code) || std::any_of(option.aliases.begin(), option.aliases.end(), same);
}

// The choice of one of `choices` (columns the block does not fill) that `text` names.
struct NamedChoice {
    std::size_t column = 0;  // index among the table's columns
    std::string code;
};
std::optional<NamedChoice> named_choice(const FormDefinition& form, const std::vector<const Node*>& columns,
                                        const std::vector<std::size_t>& choices, std::string_view text) {
    const auto key = heading_key(text);
    if (key.empty()) return std::nullopt;
    for (const auto column : choices)
        if (const auto* list = form.list(columns[column]->choice_list))
            for (const auto& option : list->options)
                if (names_choice(key, option)) return NamedChoice{column, option.code};
    return std::nullopt;
}

// One row of the block that goes into the table: its line in the block, and the text for
// each table column it fills (by index among the table's columns), with how the block names
// where that text came from.
struct PlacedCell {
    std::size_t column = 0;
    std::string text;
    std::string from;  // "column 'Date doc sent out'", "column 2", "the section row 'Contributors:' (row 2)"
};
struct PlacedRow {
    std::size_t line = 0;  // 1-based, in the block as pasted
    std::vector<PlacedCell> cells;
};

std::string list_of_labels(const std::vector<const Node*>& columns) {
    std::string all;
    for (const auto* column : columns) all += (all.empty() ? "'" : ", '") + label_of(*column) + "'";
    return all;
}

}  // namespace

std::string heading_key(std::string_view text) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        // Inline markup (<b>, </b>, <br/>) that text taken from Word or a web page may carry.
        if (c == '<' && i + 1 < text.size() && (std::isalpha(static_cast<unsigned char>(text[i + 1])) != 0 || text[i + 1] == '/')) {
            const auto close = text.find_first_of("<>", i + 1);
            if (close != std::string_view::npos && text[close] == '>') {
                i = close;
                space = true;
                continue;
            }
        }
        if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {  // a non-breaking space
            ++i;
            space = true;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = true;
            continue;
        }
        if (space && !out.empty() && out.back() != '/' && c != '/') out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!out.empty() && (out.back() == ':' || out.back() == ' ')) out.pop_back();
    return out;
}

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
    std::size_t width = 0;
    for (const auto& row : cells) width = std::max(width, row.size());

    // Where each column of the block goes: by its heading when the first row names the
    // table's columns, else in the table's order from the cursor's column.
    const auto& first = cells.front();
    std::vector<std::optional<std::size_t>> target(width);
    std::size_t named = 0;
    for (std::size_t c = 0; c < first.size(); ++c) {
        const auto key = heading_key(first[c]);
        for (std::size_t t = 0; t < columns.size() && !target[c]; ++t)
            if (same_heading(key, *columns[t])) target[c] = t;
        if (target[c]) ++named;
    }
    const bool has_header = columns.size() == 1 ? named == 1 : named >= 2;
    const auto block_column = [&](std::size_t c) {
        if (has_header && c < first.size() && !is_blank(first[c])) return "column '" + std::string(trimmed(first[c])) + "'";
        return "column " + std::to_string(c + 1);
    };
    if (has_header) {
        for (std::size_t c = 0; c < width; ++c) {
            if (target[c]) {
                for (std::size_t earlier = 0; earlier < c; ++earlier)
                    if (target[earlier] == target[c])
                        return {error(table_at, "the pasted block's " + block_column(earlier) + " and " + block_column(c) +
                                                    " both name the column '" + label_of(*columns[*target[c]]) +
                                                    "'; nothing was pasted")};
                continue;
            }
            // A column with no place in the table is refused when it holds anything.
            for (std::size_t r = 1; r < cells.size(); ++r)
                if (c < cells[r].size() && !is_blank(cells[r][c]))
                    return {error(table_at, "the pasted block's " + block_column(c) +
                                                (is_blank(c < first.size() ? first[c] : std::string()) ? " has no heading"
                                                                                                      : " matches no column of " +
                                                                                                            label_of(table)) +
                                                ", and row " + std::to_string(r + 1) + " of the block has '" +
                                                std::string(trimmed(cells[r][c])) + "' in it. The columns are " +
                                                list_of_labels(columns) +
                                                "; give the block's column one of these headings, or leave it out. Nothing was pasted")};
        }
    } else {
        if (first_column >= columns.size())
            return {error(table_at, label_of(table) + " has " + std::to_string(columns.size()) +
                                        " columns; there is no column " + std::to_string(first_column + 1) +
                                        " to paste into; nothing was pasted")};
        if (first_column + width > columns.size())
            return {error(table_at, "the pasted text has " + std::to_string(width) + " columns, but " + label_of(table) +
                                        " has only " + std::to_string(columns.size() - first_column) + " from column '" +
                                        label_of(*columns[first_column]) + "' on; nothing was pasted")};
        for (std::size_t c = 0; c < width; ++c) target[c] = first_column + c;
    }

    // Choice columns the block does not fill: a section row naming one of their choices sets
    // it for the rows below, and a "Choice: " before a row's first cell sets it for that row.
    // Only in a block of several columns, a table's: one column of cells is values, and
    // "Finance" pasted into a name column is a name.
    std::vector<std::size_t> open_choices;
    for (std::size_t t = 0; t < columns.size() && width >= 2; ++t)
        if (columns[t]->type == FieldType::choice && !columns[t]->read_only &&
            std::find(target.begin(), target.end(), std::optional<std::size_t>(t)) == target.end())
            open_choices.push_back(t);
    std::vector<PlacedCell> from_section;
    std::vector<PlacedRow> placed;
    for (std::size_t r = has_header ? 1 : 0; r < cells.size(); ++r) {
        const auto& line = cells[r];
        const bool empty = std::all_of(line.begin(), line.end(), [](const std::string& cell) { return is_blank(cell); });
        if (empty && has_header) continue;  // a blank line of a table copied from Word
        const bool first_only = !line.empty() && !is_blank(line.front()) &&
                                std::all_of(line.begin() + 1, line.end(), [](const std::string& cell) { return is_blank(cell); });
        if (first_only && !open_choices.empty()) {
            if (const auto choice = named_choice(form, columns, open_choices, line.front())) {
                const auto from = "the section row '" + std::string(trimmed(line.front())) + "' (row " + std::to_string(r + 1) +
                                  " of the pasted block)";
                from_section.erase(std::remove_if(from_section.begin(), from_section.end(),
                                                  [&](const PlacedCell& cell) { return cell.column == choice->column; }),
                                   from_section.end());
                from_section.push_back({choice->column, choice->code, from});
                continue;
            }
        }
        PlacedRow row{r + 1, {}};
        for (std::size_t c = 0; c < line.size(); ++c)
            if (target[c]) row.cells.push_back({*target[c], line[c], block_column(c)});
        if (!row.cells.empty() && !open_choices.empty()) {
            auto& lead = row.cells.front();
            const auto colon = lead.text.find(':');
            if (colon != std::string::npos && columns[lead.column]->type != FieldType::choice) {
                if (const auto choice = named_choice(form, columns, open_choices, std::string_view(lead.text).substr(0, colon))) {
                    row.cells.push_back({choice->column, choice->code,
                                         "the '" + lead.text.substr(0, colon + 1) + "' before " + lead.from});
                    lead.text = std::string(trimmed(std::string_view(lead.text).substr(colon + 1)));
                }
            }
        }
        for (const auto& cell : from_section)
            if (std::none_of(row.cells.begin(), row.cells.end(), [&](const PlacedCell& own) { return own.column == cell.column; }))
                row.cells.push_back(cell);
        placed.push_back(std::move(row));
    }
    if (placed.empty()) return {};

    const std::size_t needed = first_row - 1 + placed.size();
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
    for (std::size_t p = 0; p < placed.size(); ++p) {
        const std::size_t index = first_row + p;  // 1-based
        const auto row = rows[index - 1];
        const auto row_path = table_at + InstanceWalker::row_step(table, index, row);
        for (const auto& cell : placed[p].cells) {
            const Node& column = *columns[cell.column];
            const auto path = join_path(row_path, column.id);
            // "row 3 of the pasted block, column 'Date doc sent out' (row 5, Date document sent
            // out, in the table)": where the person finds it in what they copied and in the table.
            const auto where = "row " + std::to_string(placed[p].line) + " of the pasted block, " + cell.from + " (" +
                               cell_name(table, index, row, column) + ", in the table)";
            const auto refuse = [&](std::string message) {
                if (++refused <= most_reported) out.push_back(error(path, where + ": " + std::move(message) + "; nothing was pasted"));
            };
            const auto value = stored_form(form, column, cell.text);
            const auto target_path = column.type == FieldType::person ? path + "/name" : path;
            if (column.read_only) {
                const auto element = row.child(column.id.c_str());
                if (value != element.text().get())
                    refuse("the column is filled in by the form and cannot be pasted into ('" + value + "')");
                continue;
            }
            if (const auto problem = xml_text_problem(value)) {
                refuse("the text " + *problem);
                continue;
            }
            if (auto refused_value = set_value(form, copy, target_path, value)) {
                refuse(refused_value->message);
                continue;
            }
            if (value.empty() || column.type == FieldType::person) continue;
            if (auto problem = type_problem(form, column, row.child(column.id.c_str())); !problem.empty()) refuse(problem);
        }
    }
    if (refused > most_reported)
        out.push_back(error(table_at, std::to_string(refused - most_reported) + " more cells were refused"));
    if (out.empty()) record = std::move(copy);
    return out;
}

Diagnostics repeated_rows(const FormDefinition& form, const Node& table, pugi::xml_node table_element,
                          const std::string& table_path) {
    Diagnostics out;
    std::vector<const Node*> keys;
    for (const auto& column : table.children)
        if (column.kind == NodeKind::field && column.row_key) keys.push_back(&column);
    if (keys.empty() || !table.repeating) return out;
    std::map<std::string, std::size_t> seen;  // a row's key, compared as headings are, and its first row
    std::size_t index = 0;
    for (auto row : table_element.children("row")) {
        ++index;
        std::string key;
        std::string shown;
        std::string others;
        bool any = false;
        for (const auto* column : keys) {
            const auto element = row.child(column->id.c_str());
            std::string value = column->type == FieldType::person ? element.child("name").text().get() : element.text().get();
            any = any || !is_blank(value);
            key += heading_key(value) + '\t';
            if (column->type == FieldType::choice)
                if (const auto* list = form.list(column->choice_list))
                    if (const auto* option = list->find(value)) value = option->label;
            if (is_blank(value)) continue;
            if (shown.empty()) shown = std::string(trimmed(value));
            else others += (others.empty() ? "" : ", ") + std::string(trimmed(value));
        }
        if (!any) continue;
        const auto [earlier, added] = seen.emplace(key, index);
        if (added) continue;
        if (!others.empty()) shown += " (" + others + ")";
        out.push_back(Diagnostic{Severity::warning, {}, 0, 0,
                                 join_path(table_path + InstanceWalker::row_step(table, index, row), keys.front()->id),
                                 shown + " is already in row " + std::to_string(earlier->second) + " of " + label_of(table),
                                 "repeated-row"});
    }
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
