// The columns of a form's records, as every tabular export lays them out: the workbook's
// record sheet (and its table sheets) and the CSV export of one form share them, so that a
// CSV's header is the workbook's first sheet's. Where a value is in an instance (steps from
// the record's root), the column's header and kind, and the typed reading of a value.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/definition_walk.hpp>
#include <formwork/model/exportable.hpp>
#include <formwork/model/values.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace formwork::exporters::record_columns {

inline constexpr std::string_view dash = " \xE2\x80\x94 ";  // " — "

// ---- Where a value is in an instance ----

// A step from an element to a child: by name, and for a table's rows by key or position.
struct Step {
    std::string name;
    std::string key;        // a fixed table's row, by its key
    std::size_t index = 0;  // a repeating table's row, by its position from 1
};

// Follows `steps` from `node`; an element the export leaves out (left_out) is as absent as
// it is from exportable_instance's copy.
inline pugi::xml_node follow(pugi::xml_node node, const std::vector<Step>& steps, const forms::LeftOut& left_out) {
    for (const auto& step : steps) {
        if (!node) break;
        if (!step.key.empty()) {
            node = node.find_child_by_attribute(step.name.c_str(), "key", step.key.c_str());
        } else if (step.index > 0) {
            pugi::xml_node found;
            std::size_t position = 0;
            for (auto child : node.children(step.name.c_str()))
                if (++position == step.index) {
                    found = child;
                    break;
                }
            node = found;
        } else {
            node = node.child(step.name.c_str());
        }
        if (!left_out.empty() && left_out.contains(node)) return {};
    }
    return node;
}

inline std::vector<Step> plus(std::vector<Step> steps, Step step) {
    steps.push_back(std::move(step));
    return steps;
}

inline std::string join(const std::string& path, const std::string& id) { return path.empty() ? id : path + "/" + id; }

// ---- Columns and sheets ----

enum class ColumnKind {
    record_id,
    revision,
    record_title,
    status,
    modified,
    modified_by,
    row_key,
    row_label,
    row_number,
    value,
    person_part,
    multi_labels,
    multi_codes
};

struct Column {
    ColumnKind kind = ColumnKind::value;
    std::string header;
    // The field's path, for the Fields sheet and for messages. A table sheet's columns are
    // "impacts/row" + "/impact"; a message puts the row between: impacts/row[2]/impact.
    std::string path_head;
    std::string path_tail;
    std::string type;  // for the Fields sheet
    std::string hint;
    const forms::Node* field = nullptr;
    const forms::ChoiceList* list = nullptr;
    std::vector<Step> steps;  // from the record's root, or from the table's row
    // The labels of the groups the field is in, outermost first (within the sheet's rows: a
    // table sheet's column has its groups inside the row), and what the header starts with
    // before the field's own label (the wide layout's "Actions 2 — "): distinguish_headings
    // puts a group's label between the two where a header repeats.
    std::vector<std::string> groups;
    std::string heading_prefix;
    bool hidden = false;
    std::size_t widest = 0;  // the longest value written, in characters

    std::string path() const { return path_head + path_tail; }
    std::string path_at(std::string_view row_selector) const {
        return path_tail.empty() ? path_head : path_head + std::string(row_selector) + path_tail;
    }
};

using TableHandler = std::function<void(const forms::Node& table, const std::vector<Step>& steps, const std::string& path)>;

inline std::string type_description(const forms::Node& field) {
    std::string type = forms::field_type_name(field.type);
    if (!field.choice_list.empty()) type += " (" + field.choice_list + ")";
    if (field.type == forms::FieldType::reference && !field.references.empty()) type += " (" + field.references + ")";
    return type;
}

inline void field_columns(const forms::FormDefinition& form, const forms::Node& field, const std::vector<Step>& steps,
                   const std::string& path_head, const std::string& path_tail, const std::string& prefix,
                   std::vector<Column>& out) {
    const std::string label = field.label.empty() ? field.id : field.label;
    Column base;
    base.field = &field;
    base.hint = field.hint;
    base.type = type_description(field);
    base.path_head = path_head;
    base.path_tail = path_tail;
    base.steps = steps;
    base.heading_prefix = prefix;
    if (!field.choice_list.empty()) base.list = form.list(field.choice_list);
    if (field.type == forms::FieldType::person) {
        for (const char* part : {"name", "role"}) {
            Column column = base;
            column.kind = ColumnKind::person_part;
            column.header = prefix + label + std::string(dash) + part;
            column.steps.push_back({part, {}, 0});
            (path_tail.empty() ? column.path_head : column.path_tail) += std::string("/") + part;
            column.type = std::string("person (") + part + ")";
            out.push_back(std::move(column));
        }
    } else if (field.type == forms::FieldType::multi_choice) {
        Column labels = base;
        labels.kind = ColumnKind::multi_labels;
        labels.header = prefix + label;
        Column codes = base;
        codes.kind = ColumnKind::multi_codes;
        codes.header = prefix + label + std::string(dash) + "codes";
        codes.type += ", codes";
        codes.hidden = true;
        out.push_back(std::move(labels));
        out.push_back(std::move(codes));
    } else {
        base.header = prefix + label;
        out.push_back(std::move(base));
    }
}

// The columns of `nodes` in definition order, from the record's root; tables go to
// `on_table`.
inline void node_columns(const forms::FormDefinition& form, const std::vector<forms::Node>& nodes, const std::vector<Step>& steps,
                  const std::string& path, const std::string& prefix, std::vector<Column>& out,
                  const TableHandler& on_table) {
    // A part switched off is not exported, nor are the elements of a section in one.
    const auto exported = [&](const forms::Node& node) { return form.exported(node); };
    forms::for_each_element(nodes, exported, [&](const forms::Node& node) {
        if (!exported(node)) return;
        switch (node.kind) {
            case forms::NodeKind::group: {
                const auto first = out.size();
                node_columns(form, node.children, plus(steps, {node.id, {}, 0}), join(path, node.id), prefix, out, on_table);
                for (auto c = first; c < out.size(); ++c)
                    out[c].groups.insert(out[c].groups.begin(), node.label.empty() ? node.id : node.label);
                break;
            }
            case forms::NodeKind::field:
                field_columns(form, node, plus(steps, {node.id, {}, 0}), join(path, node.id), {}, prefix, out);
                break;
            case forms::NodeKind::table:
                if (on_table) on_table(node, plus(steps, {node.id, {}, 0}), join(path, node.id));
                break;
            case forms::NodeKind::section:
            case forms::NodeKind::note:
                break;
        }
    });
}

inline Column meta_column(ColumnKind kind, std::string header, std::string path, std::string type) {
    Column column;
    column.kind = kind;
    column.header = std::move(header);
    column.path_head = std::move(path);
    column.type = std::move(type);
    return column;
}

// A record's columns before its fields: what people read first, its title (as lists name it,
// forms::record_title), then its status and last change. Its id comes after the fields
// (add_record_id_column): it is for joins, not for reading.
inline void add_record_meta_columns(std::vector<Column>& columns) {
    columns.push_back(meta_column(ColumnKind::record_title, "Record", "meta/title", "record title"));
    columns.push_back(meta_column(ColumnKind::status, "Status", "meta/status", "status"));
    columns.push_back(meta_column(ColumnKind::modified, "Modified (UTC)", "meta/modified/@at", "timestamp"));
    columns.push_back(meta_column(ColumnKind::modified_by, "Modified by", "meta/modified/@by", "text"));
}

// The last column of a records sheet and of a table's sheet: the record's id, to join on.
inline void add_record_id_column(std::vector<Column>& columns) {
    columns.push_back(meta_column(ColumnKind::record_id, "Record id", "meta/id", "record id"));
}

// After the record id on a workbook's records sheet (not the CSV's, nor a table's sheet): the
// revision the row was exported at, so that a workbook read back can tell a record changed
// since. Hidden: it is for the import, not for reading or printing.
inline void add_revision_column(std::vector<Column>& columns) {
    auto column = meta_column(ColumnKind::revision, "Revision", "meta/revision", "revision");
    column.hidden = true;
    columns.push_back(std::move(column));
}

// ---- Headings for people ----

inline std::string folded(std::string_view text) {
    std::string lower(text);
    for (auto& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

// No two headers of a sheet the same (as people read them: case aside). Where a header
// repeats ("Name" of the author, the head of service and the cabinet member), each gets the
// label of its nearest group that tells it apart ("EIA author: Name"); where groups run
// out, a number, as the last resort ("Status (2)"). Headers that do not repeat keep their
// plain label.
inline void distinguish_headings(std::vector<Column>& columns) {
    std::vector<std::size_t> used(columns.size(), 0);  // groups already in a header, from the nearest
    for (bool changed = true; changed;) {
        changed = false;
        std::map<std::string, std::vector<std::size_t>> by_header;
        for (std::size_t c = 0; c < columns.size(); ++c) by_header[folded(columns[c].header)].push_back(c);
        for (const auto& [header, same] : by_header) {
            if (same.size() < 2) continue;
            for (const auto c : same) {
                auto& column = columns[c];
                if (used[c] >= column.groups.size()) continue;
                // The nearest group not shared by all the others that repeat the header.
                std::size_t pick = used[c];
                for (std::size_t depth = used[c]; depth < column.groups.size(); ++depth) {
                    const auto& label = column.groups[column.groups.size() - 1 - depth];
                    const bool shared = std::all_of(same.begin(), same.end(), [&](std::size_t other) {
                        const auto& groups = columns[other].groups;
                        return other == c || std::find(groups.begin(), groups.end(), label) != groups.end();
                    });
                    if (!shared) {
                        pick = depth;
                        break;
                    }
                }
                const auto& label = column.groups[column.groups.size() - 1 - pick];
                const auto own = column.header.substr(std::min(column.heading_prefix.size(), column.header.size()));
                column.header = column.heading_prefix + label + ": " + own;
                used[c] = pick + 1;
                changed = true;
            }
        }
    }
    // The last resort: numbers, in the sheet's order.
    std::set<std::string> seen;
    for (auto& column : columns) {
        if (seen.insert(folded(column.header)).second) continue;
        const auto base = column.header;
        for (int n = 2;; ++n) {
            auto numbered = base + " (" + std::to_string(n) + ")";
            if (seen.insert(folded(numbered)).second) {
                column.header = std::move(numbered);
                break;
            }
        }
    }
}

// ---- Values ----

// A number that a double holds exactly enough: at most 15 significant digits. Longer ones
// (codes, money to the penny beyond 15 digits) stay text rather than change.
inline std::optional<double> exact_number(std::string_view text) {
    if (!forms::is_integer(text) && !forms::is_decimal(text)) return std::nullopt;
    std::size_t digits = 0;
    bool leading = true;
    for (const char c : text) {
        if (c < '0' || c > '9') continue;
        if (c != '0') leading = false;
        if (!leading) ++digits;
    }
    if (digits > 15) return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

inline int number_at(std::string_view text, std::size_t at, std::size_t length) {
    int value = 0;
    std::from_chars(text.data() + at, text.data() + at + length, value);
    return value;
}

inline std::string_view label_of(const forms::ChoiceList* list, std::string_view code) {
    if (list != nullptr)
        if (const auto* option = list->find(code)) return option->label;
    return code;
}

// A choice as a cell shows it: its label, or with the "codes" option (sdk::ExportOptions::
// choice_codes, for analysts) its code, as the XML has it.
inline std::string_view choice_shown(const Column& column, std::string_view code, bool codes) {
    return codes ? code : label_of(column.list, code);
}

inline const std::string& option_shown(const forms::ChoiceOption& option, bool codes) {
    return codes ? option.code : option.label;
}

// A multi-choice's items in one cell: its labels joined with "; ", or its codes with spaces
// (its hidden codes column, or every multi-choice column with the "codes" option).
inline std::string joined_choices(const Column& column, pugi::xml_node element, bool codes = false) {
    const bool labels = column.kind == ColumnKind::multi_labels && !codes;
    std::string joined;
    for (auto item : element.children("item")) {
        const std::string code = item.text().get();
        if (code.empty()) continue;
        if (!joined.empty()) joined += labels ? "; " : " ";
        joined += labels ? std::string(label_of(column.list, code)) : code;
    }
    return joined;
}

// With the "codes" option a multi-choice's own column shows its codes: its hidden codes
// column would say the same again, and is left out.
inline void drop_code_columns(std::vector<Column>& columns) {
    columns.erase(std::remove_if(columns.begin(), columns.end(),
                                 [](const Column& column) { return column.kind == ColumnKind::multi_codes; }),
                  columns.end());
}

inline const std::string& status_label(const forms::FormDefinition& form, const std::string& status) {
    for (const auto& known : form.lifecycle.statuses)
        if (known.id == status) return known.label.empty() ? known.id : known.label;
    return status;
}

inline const std::string& status_shown(const forms::FormDefinition& form, const std::string& status, bool codes) {
    return codes ? status : status_label(form, status);
}

}  // namespace formwork::exporters::record_columns
