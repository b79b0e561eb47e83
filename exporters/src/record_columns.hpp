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

#include <charconv>
#include <cstddef>
#include <functional>
#include <optional>
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
            case forms::NodeKind::group:
                node_columns(form, node.children, plus(steps, {node.id, {}, 0}), join(path, node.id), prefix, out, on_table);
                break;
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

inline void add_record_meta_columns(std::vector<Column>& columns) {
    columns.push_back(meta_column(ColumnKind::record_id, "Record id", "meta/id", "record id"));
    columns.push_back(meta_column(ColumnKind::status, "Status", "meta/status", "status"));
    columns.push_back(meta_column(ColumnKind::modified, "Modified (UTC)", "meta/modified/@at", "timestamp"));
    columns.push_back(meta_column(ColumnKind::modified_by, "Modified by", "meta/modified/@by", "text"));
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

// A multi-choice's items in one cell: its labels joined with "; ", or its codes with spaces.
inline std::string joined_choices(const Column& column, pugi::xml_node element) {
    std::string joined;
    for (auto item : element.children("item")) {
        const std::string code = item.text().get();
        if (code.empty()) continue;
        if (!joined.empty()) joined += column.kind == ColumnKind::multi_labels ? "; " : " ";
        joined += column.kind == ColumnKind::multi_labels ? std::string(label_of(column.list, code)) : code;
    }
    return joined;
}

inline const std::string& status_label(const forms::FormDefinition& form, const std::string& status) {
    for (const auto& known : form.lifecycle.statuses)
        if (known.id == status) return known.label.empty() ? known.id : known.label;
    return status;
}

}  // namespace formwork::exporters::record_columns
