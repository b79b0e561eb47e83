#include "workbook_exporter.hpp"

#include "fields_sheet.hpp"
#include "plugin_views.hpp"
#include "sheet_names.hpp"
#include "summary_sheet.hpp"
#include "../src/record_columns.hpp"

#include <formwork/exporters/export_audit.hpp>
#include <formwork/model/atomic_file.hpp>
#include <formwork/model/build_info.hpp>
#include <formwork/model/definition_walk.hpp>
#include <formwork/model/exportable.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/values.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <system_error>

namespace formwork::exporters {

namespace {

using namespace record_columns;
using Row = std::uint32_t;
using Col = std::uint32_t;
using forms::with_commas;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// ---- Sheets ----

struct TableRef {
    const forms::Node* table = nullptr;
    std::vector<Step> steps;  // from the root to the table element
    std::string path;
};

struct SheetPlan {
    std::string wanted_name;
    // The sheet's name within so many characters (sheet_names.hpp): a clash with another
    // sheet's name makes room for its " (2)" by whole words.
    std::function<std::string(std::size_t units)> name_within;
    bool codes = false;  // choices as their codes (sdk::ExportOptions::choice_codes)
    std::string name;
    std::optional<TableRef> table;  // a table's sheet: one row per table row
    std::vector<Column> columns;
    XlsxSheet* sheet = nullptr;
    Row next_row = 1;
};

// A repeating table flattened into the wide layout's columns.
struct WideTable {
    TableRef table;
    std::size_t columns_for = 0;  // rows that have columns
};

struct FormPlan {
    forms::FormDefinitionPtr form;
    forms::ScanQuery scan;
    std::size_t records = 0;
    std::vector<SheetPlan> sheets;  // the first is the records sheet
    std::vector<WideTable> wide_tables;
};


// In a table sheet, the columns of a table's fields: path head "impacts/row".
void row_columns(const forms::FormDefinition& form, const forms::Node& table, const std::string& prefix,
                 const std::vector<Step>& steps, const std::string& row_path, std::vector<Column>& out) {
    // Groups inside a row lengthen the head; fields add the tail.
    std::function<void(const std::vector<forms::Node>&, const std::vector<Step>&, const std::string&)> walk =
        [&](const std::vector<forms::Node>& nodes, const std::vector<Step>& at, const std::string& tail) {
            const auto exported = [&](const forms::Node& node) { return form.exported(node); };
            forms::for_each_element(nodes, exported, [&](const forms::Node& node) {
                if (!exported(node)) return;
                if (node.kind == forms::NodeKind::group) {
                    const auto first = out.size();
                    walk(node.children, plus(at, {node.id, {}, 0}), tail + "/" + node.id);
                    for (auto c = first; c < out.size(); ++c)
                        out[c].groups.insert(out[c].groups.begin(), node.label.empty() ? node.id : node.label);
                } else if (node.kind == forms::NodeKind::field) {
                    field_columns(form, node, plus(at, {node.id, {}, 0}), row_path, tail + "/" + node.id, prefix, out);
                }
            });
        };
    walk(table.children, steps, {});
}


void collect_tables(const forms::FormDefinition& form, std::vector<TableRef>& tables) {
    std::vector<Column> ignored;
    node_columns(form, form.items, {}, {}, {}, ignored,
                 [&](const forms::Node& table, const std::vector<Step>& steps, const std::string& path) {
                     tables.push_back({&table, steps, path});
                 });
}


// ---- The way back ----

// A workbook read back (workbook_import.cpp) finds each row's record and table row by its
// record id, revision, row key or row position. Their cells are grey, to look read-only, and
// selecting one shows what it is for. The records and table sheets are not protected, though:
// officers sort them, filter them and add rows, and Excel refuses to sort a protected sheet's
// range that holds locked cells (unlocking every other cell would make protection pointless).
// Only the Fields sheet, which nobody needs to change, is protected.
constexpr std::string_view key_style = "key";

struct InputMessage {
    std::string_view title;    // at most 32 characters
    std::string_view message;  // at most 255
};

std::optional<InputMessage> way_back_message(ColumnKind kind, bool table_sheet) {
    switch (kind) {
        case ColumnKind::record_id:
            if (table_sheet)
                return InputMessage{"Record id",
                                    "Record id: ties this row to its record. Leave it as it is. A new row gives its "
                                    "record's id, or the name of your own (NEW1) that a new record has on the records "
                                    "sheet."};
            return InputMessage{"Record id",
                                "Record id: ties this row to its record. Leave it as it is. A new record's row leaves "
                                "it blank, or gives a name of your own (NEW1) that its rows on the table sheets repeat."};
        case ColumnKind::revision:
            return InputMessage{"Revision",
                                "Revision: the record's revision when it was exported, to tell whether it has changed "
                                "since. Leave it as it is. A new record's row leaves it blank."};
        case ColumnKind::row_key:
            return InputMessage{"Row key", "Row key: ties this row to its row of the record's table. Leave it as it is."};
        case ColumnKind::row_number:
            return InputMessage{"Row", "Row: this row's place in the record's table. A new row may leave it blank."};
        default:
            return std::nullopt;
    }
}

// Writes one record's or one table row's cells, checking Excel's limits as it goes.
class RowWriter {
public:
    RowWriter(XlsxSheet& sheet, Row row, const std::string& record_id, std::string row_selector, bool codes = false)
        : sheet_(sheet), row_(row), record_id_(record_id), selector_(std::move(row_selector)), codes_(codes) {}

    bool codes() const noexcept { return codes_; }

    void text(Col col, Column& column, std::string_view value, std::string_view style = {}) {
        if (value.empty()) return;
        // Whatever path a value took into the store (an older version, a bug elsewhere), a
        // character XML 1.0 forbids never reaches the workbook, as it never reaches a submission.
        if (const auto problem = cell_text_problem(value))
            throw ExportError(ExportError::Kind::invalid_output, "record " + record_id_ + ": the value of " +
                                                                     column.path_at(selector_) + " " + *problem +
                                                                     "; the workbook was not written");
        const auto length = excel_length(value);
        if (length > excel_max_cell_characters)
            throw ExportError(ExportError::Kind::limit_exceeded,
                              "record " + record_id_ + ": " + column.path_at(selector_) + " holds " + with_commas(length) +
                                  " characters, and an Excel cell holds at most 32,767; the workbook was not written "
                                  "(the XML export carries any length)");
        guarded(column, [&] { sheet_.text(row_, col, value, style); });
        column.widest = std::max(column.widest, std::min<std::size_t>(length, 80));
    }

    void number(Col col, Column& column, double value, std::size_t shown_length, std::string_view style = {}) {
        guarded(column, [&] { sheet_.number(row_, col, value, style); });
        column.widest = std::max(column.widest, shown_length);
    }

    // A value of the field's type: numbers as numbers, dates as dates, booleans as
    // booleans, choices as their labels; anything that does not parse, as text.
    void typed(Col col, Column& column, std::string_view value) {
        if (value.empty()) return;
        switch (column.field ? column.field->type : forms::FieldType::text) {
            case forms::FieldType::integer:
            case forms::FieldType::decimal:
                if (const auto number = exact_number(value)) return this->number(col, column, *number, value.size());
                break;
            case forms::FieldType::date:
                if (forms::is_iso_date(value) && number_at(value, 0, 4) >= 1900) {
                    guarded(column, [&] {
                        sheet_.date(row_, col, number_at(value, 0, 4), number_at(value, 5, 2), number_at(value, 8, 2));
                    });
                    column.widest = std::max<std::size_t>(column.widest, 10);
                    return;
                }
                break;  // Excel has no dates before 1900
            case forms::FieldType::boolean:
                if (forms::is_boolean(value)) {
                    guarded(column, [&] { sheet_.boolean(row_, col, value == "true"); });
                    column.widest = std::max<std::size_t>(column.widest, 5);
                    return;
                }
                break;
            case forms::FieldType::choice:
                return text(col, column, choice_shown(column, value, codes_));
            default:
                break;
        }
        text(col, column, value);
    }

    void timestamp(Col col, Column& column, const std::string& value) {
        if (!forms::is_timestamp(value) || number_at(value, 0, 4) < 1900) return text(col, column, value);
        guarded(column, [&] {
            sheet_.datetime(row_, col, number_at(value, 0, 4), number_at(value, 5, 2), number_at(value, 8, 2),
                            number_at(value, 11, 2), number_at(value, 14, 2), number_at(value, 17, 2));
        });
        column.widest = std::max<std::size_t>(column.widest, 19);
    }

private:
    template <typename Write>
    void guarded(const Column& column, Write write) {
        try {
            write();
        } catch (const ExportError& e) {
            if (e.kind != ExportError::Kind::limit_exceeded) throw;
            throw ExportError(e.kind, "record " + record_id_ + ": " + column.path_at(selector_) + ": " + e.what());
        }
    }

    XlsxSheet& sheet_;
    Row row_;
    const std::string& record_id_;
    std::string selector_;
    bool codes_ = false;
};

// The cells of a value column (or a person's part, or a multi-choice's two columns).
void write_field(RowWriter& writer, Col col, Column& column, pugi::xml_node element) {
    if (!element) return;
    switch (column.kind) {
        case ColumnKind::multi_labels:
        case ColumnKind::multi_codes:
            writer.text(col, column, joined_choices(column, element, writer.codes()));
            break;
        case ColumnKind::person_part:
            writer.text(col, column, element.text().get());
            break;
        default:
            writer.typed(col, column, element.text().get());
            break;
    }
}

void check_row(const SheetPlan& plan, const std::string& record_id, const std::string& where) {
    if (plan.next_row >= excel_max_rows)
        throw ExportError(ExportError::Kind::limit_exceeded,
                          "record " + record_id + ": " + where + " would be row " + with_commas(plan.next_row + 1ULL) +
                              " of the sheet '" + plan.name +
                              "', and an Excel sheet holds 1,048,576 rows; narrow the export (a status, or dates)");
}

// ---- Drop-down lists ----

// Whether a list's labels fit an inline drop-down: at most 255 characters with their
// commas, and no label holding a comma or a quote (Excel would split or refuse it).
bool fits_inline(const forms::ChoiceList& list, bool codes) {
    std::size_t length = list.options.empty() ? 0 : list.options.size() - 1;
    for (const auto& option : list.options) {
        const auto& shown = option_shown(option, codes);
        if (shown.find_first_of(",\"") != std::string::npos) return false;
        length += excel_length(shown);
    }
    return length <= 255;
}

std::string list_key(const forms::FormDefinition& form, const forms::ChoiceList& list) { return form.id + "/" + list.id; }

// RAG lists, by their id: a label (or code) of green, amber or red gets that colour.
std::string rag_class(const forms::ChoiceOption& option) {
    for (const auto& text : {lower_ascii(option.label), lower_ascii(option.code)}) {
        if (text == "g" || starts_with(text, "green")) return "rag-green";
        if (text == "a" || starts_with(text, "amber")) return "rag-amber";
        if (text == "r" || starts_with(text, "red")) return "rag-red";
    }
    return {};
}

bool is_rag_list(const forms::ChoiceList& list) { return lower_ascii(list.id).find("rag") != std::string::npos; }

std::string quoted_sheet(const std::string& name) {
    std::string quoted = "'";
    for (const char c : name) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

struct ListsSheet {
    std::string name;
    bool codes = false;  // the lists hold codes, as the cells do (sdk::ExportOptions::choice_codes)
    std::vector<std::pair<std::string, const forms::ChoiceList*>> lists;  // key, list: one column each
    std::map<std::string, std::string> ranges;                           // key -> formula

    void add(const forms::FormDefinition& form, const forms::ChoiceList& list) {
        const auto key = list_key(form, list);
        if (ranges.count(key) != 0) return;
        ranges[key] = {};
        lists.emplace_back(key, &list);
    }
};

void write_header(XlsxSheet& sheet, const std::vector<Column>& columns) {
    for (Col c = 0; c < columns.size(); ++c) sheet.text(0, c, columns[c].header, "header");
    sheet.freeze(1, 0);
}

// Longer text and headings wrap (xlsx_workbook.hpp) instead of widening the column.
double width_for(std::size_t header, std::size_t widest) {
    const auto characters = std::max(std::min(header, widest_heading_column), std::min(widest, widest_text_column));
    return static_cast<double>(std::max<std::size_t>(characters, 6) + 2);
}

// Widths, hidden columns, the autofilter, drop-downs and RAG colours, once the rows are in.
void finish_sheet(const forms::FormDefinition* form, SheetPlan& plan, const ListsSheet& lists) {
    auto& sheet = *plan.sheet;
    const Row last = plan.next_row - 1;
    const Row last_for_rules = std::max<Row>(last, 1);
    for (Col c = 0; c < plan.columns.size(); ++c) {
        const auto& column = plan.columns[c];
        sheet.column_width(c, width_for(excel_length(column.header), column.widest), column.hidden);
        // Down to the sheet's last row: rows added in Excel show the message too.
        if (const auto note = way_back_message(column.kind, plan.table.has_value()))
            sheet.input_message(1, excel_max_rows - 1, c, note->title, note->message);
        if (form == nullptr || column.kind != ColumnKind::value || column.list == nullptr || column.field == nullptr ||
            column.field->type != forms::FieldType::choice || column.list->options.empty())
            continue;
        if (const auto range = lists.ranges.find(list_key(*form, *column.list)); range != lists.ranges.end()) {
            sheet.range_validation(1, last_for_rules, c, range->second);
        } else {
            std::vector<std::string> labels;
            for (const auto& option : column.list->options) labels.push_back(option_shown(option, plan.codes));
            sheet.list_validation(1, last_for_rules, c, labels);
        }
        if (is_rag_list(*column.list))
            for (const auto& option : column.list->options)
                if (const auto style = rag_class(option); !style.empty())
                    sheet.highlight_equal(1, last_for_rules, c, option_shown(option, plan.codes), style);
    }
    if (!plan.columns.empty()) sheet.autofilter(0, 0, last, static_cast<Col>(plan.columns.size() - 1));
}

// ---- Progress ----

class Progress {
public:
    Progress(sdk::ExportProgress& delegate, std::size_t total)
        : delegate_(delegate), total_(total), step_(std::max<std::size_t>(total / 100, 1)) {}

    void check_cancel() const {
        if (delegate_.IsCancelled())
            throw ExportError(ExportError::Kind::cancelled, "the export was cancelled; no file was written");
    }
    void record_done(const std::string& stage) {
        ++done_;
        if (done_ % step_ == 0 || done_ == total_)
            delegate_.OnProgress(std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_)), stage);
    }
    std::size_t done() const noexcept { return done_; }
    void report(double fraction, const std::string& stage) { delegate_.OnProgress(fraction, stage); }

private:
    sdk::ExportProgress& delegate_;
    std::size_t total_;
    std::size_t step_;
    std::size_t done_ = 0;
};

// ---- Planning ----

// What a sheet's header rows say, once its columns are all planned: no header twice, and with
// the "codes" option no hidden codes column beside one that shows codes already.
void settle_columns(SheetPlan& sheet) {
    if (sheet.codes) drop_code_columns(sheet.columns);
    distinguish_headings(sheet.columns);
}

std::string label_or_id(const std::string& label, const std::string& id) { return label.empty() ? id : label; }

// Sheets are named for people: the form's title, and a table's "Form title – Table label"
// (sheet_names.hpp). A row reads from its record's title; the ids, to join on, come last.
void plan_sheet_per_table(FormPlan& plan, bool codes) {
    const auto& form = *plan.form;
    const auto title = label_or_id(form.title, form.id);
    SheetPlan records;
    records.name_within = [title](std::size_t units) { return sheet_names::for_records(title, units); };
    records.codes = codes;
    add_record_meta_columns(records.columns);
    std::vector<SheetPlan> tables;
    node_columns(form, form.items, {}, {}, {}, records.columns,
                 [&](const forms::Node& table, const std::vector<Step>& steps, const std::string& path) {
                     SheetPlan sheet;
                     const auto label = label_or_id(table.label, table.id);
                     sheet.name_within = [title, label](std::size_t units) {
                         return sheet_names::for_table(title, label, units);
                     };
                     sheet.codes = codes;
                     sheet.table = TableRef{&table, steps, path};
                     sheet.columns.push_back(meta_column(ColumnKind::record_title, "Record", "meta/title", "record title"));
                     if (table.repeating)
                         sheet.columns.push_back(meta_column(ColumnKind::row_number, "Row", path + "/row (position)", "row number"));
                     else
                         sheet.columns.push_back(meta_column(ColumnKind::row_label, "Row", path + "/row/@key", "row label"));
                     row_columns(form, table, {}, {}, path + "/row", sheet.columns);
                     if (!table.repeating)
                         sheet.columns.push_back(meta_column(ColumnKind::row_key, "Row key", path + "/row/@key", "row key"));
                     add_record_id_column(sheet.columns);
                     // A fixed table's rows are known: check the sheet's size now.
                     if (!table.repeating) {
                         const auto rows = static_cast<std::uint64_t>(plan.records) * table.fixed_rows.size();
                         if (rows + 1 > excel_max_rows)
                             throw ExportError(ExportError::Kind::limit_exceeded,
                                               "the table " + path + " of form '" + form.id + "' has " + with_commas(rows) +
                                                   " rows in scope, and an Excel sheet holds 1,048,575 under its header; "
                                                   "narrow the export (a status, or dates)");
                     }
                     tables.push_back(std::move(sheet));
                 });
    add_record_id_column(records.columns);
    add_revision_column(records.columns);
    plan.sheets.push_back(std::move(records));
    for (auto& table : tables) plan.sheets.push_back(std::move(table));
    for (auto& sheet : plan.sheets) {
        settle_columns(sheet);
        sheet.wanted_name = sheet.name_within(excel_max_sheet_name);
    }
}

void plan_wide(FormPlan& plan, forms::ExportSource& source, Progress& progress, bool codes) {
    const auto& form = *plan.form;
    // A repeating table without max-rows gets as many column groups as the record with
    // the most rows has: count them first (records stream; nothing is held).
    std::vector<TableRef> tables;
    collect_tables(form, tables);
    std::map<std::string, std::pair<std::size_t, std::string>> most_rows;  // path -> rows, record id
    bool counting = false;
    for (const auto& table : tables) counting = counting || (table.table->repeating && table.table->max_rows == 0);
    if (counting) {
        progress.report(0.0, "Counting the table rows of " + form.title);
        source.scan(plan.scan, [&](const forms::Record& record) {
            progress.check_cancel();
            for (const auto& table : tables) {
                if (!table.table->repeating || table.table->max_rows != 0) continue;
                const auto element = follow(record.instance(), table.steps, forms::LeftOut());
                const auto rows = static_cast<std::size_t>(std::distance(element.children("row").begin(), element.children("row").end()));
                auto& most = most_rows[table.path];
                if (rows > most.first) most = {rows, record.meta.id};
            }
            return true;
        });
    }

    SheetPlan sheet;
    const auto title = label_or_id(form.title, form.id);
    sheet.name_within = [title](std::size_t units) { return sheet_names::for_records(title, units); };
    sheet.wanted_name = sheet.name_within(excel_max_sheet_name);
    sheet.codes = codes;
    add_record_meta_columns(sheet.columns);
    node_columns(form, form.items, {}, {}, {}, sheet.columns,
                 [&](const forms::Node& table, const std::vector<Step>& steps, const std::string& path) {
                     const std::string label = table.label.empty() ? table.id : table.label;
                     if (!table.repeating) {
                         for (const auto& row : table.fixed_rows) {
                             const auto at = path + "/row[@key='" + row.code + "']";
                             node_columns(form, table.children, plus(steps, {"row", row.code, 0}), at,
                                          label + ": " + (row.label.empty() ? row.code : row.label) + std::string(dash),
                                          sheet.columns, {});
                         }
                         return;
                     }
                     const auto rows = table.max_rows != 0 ? table.max_rows : most_rows[path].first;
                     for (std::size_t n = 1; n <= rows; ++n) {
                         node_columns(form, table.children, plus(steps, {"row", {}, n}), path + "/row[" + std::to_string(n) + "]",
                                      label + " " + std::to_string(n) + std::string(dash), sheet.columns, {});
                         if (sheet.columns.size() > excel_max_columns) {
                             const auto& most = most_rows[path];
                             throw ExportError(ExportError::Kind::limit_exceeded,
                                               "the wide layout of form '" + form.id + "' needs more than 16,384 columns, "
                                               "Excel's most: the table " + path + " has " + with_commas(rows) +
                                                   " rows" + (most.second.empty() ? std::string() : " in record " + most.second) +
                                                   "; use the sheet-per-table layout");
                         }
                     }
                     plan.wide_tables.push_back({TableRef{&table, steps, path}, rows});
                 });
    add_record_id_column(sheet.columns);
    add_revision_column(sheet.columns);
    settle_columns(sheet);
    if (sheet.columns.size() > excel_max_columns)
        throw ExportError(ExportError::Kind::limit_exceeded, "the wide layout of form '" + form.id + "' needs " +
                                                                 with_commas(sheet.columns.size()) +
                                                                 " columns, and Excel holds 16,384; use the sheet-per-table layout");
    plan.sheets.push_back(std::move(sheet));
}

// ---- Writing ----

// A record's title for its rows, as lists name it (forms::record_title). The title is made
// from fields: one holding a character XML forbids is left blank here, so that the export is
// refused where that field's own cell is written, naming the field (and the title's column
// never stands in for it).
std::string row_title(const forms::FormDefinition& form, const forms::Record& record) {
    auto title = forms::record_title(form, record);
    if (cell_text_problem(title)) title.clear();
    return title;
}

void write_record_row(SheetPlan& plan, const forms::FormDefinition& form, const forms::Record& record,
                      const std::string& title, pugi::xml_node root, const forms::LeftOut& left_out) {
    check_row(plan, record.meta.id, "its row");
    RowWriter writer(*plan.sheet, plan.next_row, record.meta.id, {}, plan.codes);
    // Columns follow the instance's order: a field at the top is usually the next sibling
    // of the previous column's, which spares looking for it among all of them.
    pugi::xml_node previous;
    for (Col c = 0; c < plan.columns.size(); ++c) {
        auto& column = plan.columns[c];
        switch (column.kind) {
            case ColumnKind::record_id: writer.text(c, column, record.meta.id, key_style); break;
            case ColumnKind::revision: {
                const auto revision = std::to_string(record.meta.revision);
                writer.number(c, column, static_cast<double>(record.meta.revision), revision.size(), key_style);
                break;
            }
            case ColumnKind::record_title: writer.text(c, column, title); break;
            case ColumnKind::status: writer.text(c, column, status_shown(form, record.meta.status, plan.codes)); break;
            case ColumnKind::modified: writer.timestamp(c, column, record.meta.modified_at); break;
            case ColumnKind::modified_by: writer.text(c, column, record.meta.modified_by); break;
            default: {
                const auto& steps = column.steps;
                if (steps.size() == 1 && steps.front().key.empty() && steps.front().index == 0) {
                    const auto next = previous ? previous.next_sibling() : root.first_child();
                    auto element = next && steps.front().name == next.name() ? next : root.child(steps.front().name.c_str());
                    if (element) previous = element;
                    if (!left_out.empty() && left_out.contains(element)) element = pugi::xml_node();
                    write_field(writer, c, column, element);
                } else {
                    write_field(writer, c, column, follow(root, steps, left_out));
                }
                break;
            }
        }
    }
    ++plan.next_row;
}

void write_table_rows(SheetPlan& plan, const forms::Record& record, const std::string& title, pugi::xml_node root,
                      const forms::LeftOut& left_out) {
    const auto& table = *plan.table;
    const auto element = follow(root, table.steps, left_out);
    if (!element) return;
    std::size_t position = 0;
    for (auto row : element.children("row")) {
        ++position;
        const std::string key = row.attribute("key").value();
        const std::string selector = table.table->repeating ? "[" + std::to_string(position) + "]" : "[@key='" + key + "']";
        check_row(plan, record.meta.id, table.path + "/row" + selector);
        RowWriter writer(*plan.sheet, plan.next_row, record.meta.id, selector, plan.codes);
        for (Col c = 0; c < plan.columns.size(); ++c) {
            auto& column = plan.columns[c];
            switch (column.kind) {
                case ColumnKind::record_id: writer.text(c, column, record.meta.id, key_style); break;
                case ColumnKind::record_title: writer.text(c, column, title); break;
                case ColumnKind::row_key: writer.text(c, column, key, key_style); break;
                case ColumnKind::row_label: {
                    std::string label = key;
                    for (const auto& fixed : table.table->fixed_rows)
                        if (fixed.code == key && !fixed.label.empty()) label = fixed.label;
                    writer.text(c, column, label);
                    break;
                }
                case ColumnKind::row_number:
                    writer.number(c, column, static_cast<double>(position), std::to_string(position).size(), key_style);
                    break;
                default: write_field(writer, c, column, follow(row, column.steps, left_out)); break;
            }
        }
        ++plan.next_row;
    }
}

void check_wide_rows(const FormPlan& plan, const forms::Record& record, pugi::xml_node root, const forms::LeftOut& left_out) {
    for (const auto& wide : plan.wide_tables) {
        const auto element = follow(root, wide.table.steps, left_out);
        const auto rows = static_cast<std::size_t>(std::distance(element.children("row").begin(), element.children("row").end()));
        if (rows > wide.columns_for)
            throw ExportError(ExportError::Kind::limit_exceeded,
                              "record " + record.meta.id + ": " + wide.table.path + " has " + std::to_string(rows) +
                                  " rows, and the wide layout has columns for " + std::to_string(wide.columns_for) +
                                  " (the table's max-rows); use the sheet-per-table layout");
    }
}

void write_lists_sheet(XlsxSheet& sheet, ListsSheet& lists) {
    std::size_t longest = 0;
    for (Col c = 0; c < lists.lists.size(); ++c) {
        const auto& [key, list] = lists.lists[c];
        sheet.text(0, c, key, "header");
        longest = std::max(longest, list->options.size());
        lists.ranges[key] = "=" + quoted_sheet(lists.name) + "!$" + column_letters(c) + "$2:$" + column_letters(c) + "$" +
                            std::to_string(std::max<std::size_t>(list->options.size(), 1) + 1);
        sheet.column_width(c, 30);
    }
    sheet.freeze(1, 0);
    for (std::size_t r = 0; r < longest; ++r)
        for (Col c = 0; c < lists.lists.size(); ++c)
            if (r < lists.lists[c].second->options.size())
                sheet.text(static_cast<Row>(r + 1), c, option_shown(lists.lists[c].second->options[r], lists.codes));
    sheet.hide();
}

}  // namespace

// ---- The export ----

ExportResult WorkbookExporter::run(const ExportDataset& dataset, const sdk::ExportOptions& options,
                                   const std::filesystem::path& destination, sdk::ExportProgress& progress_delegate) {
    const bool wide = options.layout == "wide";
    if (!wide && options.layout != "sheet-per-table")
        throw ExportError(ExportError::Kind::bad_options,
                          "no workbook layout '" + options.layout + "'; the layouts are sheet-per-table and wide");
    check_scope_dates(options);

    // The scope, counted before anything is written.
    std::vector<FormPlan> plans;
    std::size_t total = 0;
    for (const auto& form : forms_in_scope(dataset.forms, options)) {
        FormPlan plan;
        plan.form = form;
        plan.scan = scan_in_scope(dataset, *form, options, false);
        plan.records = dataset.source.count(plan.scan);
        if (plan.records == 0) continue;  // no empty sheets for forms without records
        if (plan.records + 1 > excel_max_rows)
            throw ExportError(ExportError::Kind::limit_exceeded,
                              "form '" + form->id + "' has " + with_commas(plan.records) +
                                  " records in scope, and an Excel sheet holds 1,048,575 under its header; narrow the "
                                  "export (a status, or dates)");
        total += plan.records;
        plans.push_back(std::move(plan));
    }
    if (total == 0)
        throw ExportError(ExportError::Kind::no_records, "no records of " + no_records_scope(dataset, options) +
                                                             "; nothing was written");

    Progress progress(progress_delegate, total);
    for (auto& plan : plans) {
        if (wide)
            plan_wide(plan, dataset.source, progress, options.choice_codes);
        else
            plan_sheet_per_table(plan, options.choice_codes);
    }

    // Drop-downs too long (or with commas) for an inline list read from a hidden sheet.
    ListsSheet lists;
    lists.codes = options.choice_codes;
    for (const auto& plan : plans)
        for (const auto& sheet : plan.sheets)
            for (const auto& column : sheet.columns)
                if (column.kind == ColumnKind::value && column.list != nullptr && column.field != nullptr &&
                    column.field->type == forms::FieldType::choice && !column.list->options.empty() &&
                    !fits_inline(*column.list, lists.codes))
                    lists.add(*plan.form, *column.list);

    std::unique_ptr<forms::AtomicFile> file;
    std::filesystem::path scratch;
    try {
        file = std::make_unique<forms::AtomicFile>(destination);
        // libxlsxwriter's own temporary files (constant-memory mode) go in a locked folder
        // beside the target: on the target's disk, and swept like the workbook's own
        // temporary if the export is killed.
        scratch = file->scratch_folder();
    } catch (const std::runtime_error& e) {
        throw ExportError(ExportError::Kind::io, e.what());
    }
    // Declared after the file: on any failure the workbook is freed first, then the
    // temporary file removed. libxlsxwriter opens the temporary by name: for an unnamed
    // file, /proc/self/fd/N.
    XlsxWorkbook workbook(file->temporary(), scratch, destination.string());
    // Every form carries the one council profile's date format.
    if (!plans.empty()) workbook.set_date_format(plans.front().form->date_format);

    // The Summary opens the workbook; it is filled once the records have been read.
    auto& summary_sheet = workbook.add_sheet("Summary");
    WorkbookSummary summary(dataset.user, &dataset.source.query());
    for (const auto& plan : plans) summary.add_form(*plan.form);
    workbook.reserve_sheet_name("Fields");
    workbook.reserve_sheet_name("Lists");
    for (auto& plan : plans)
        for (auto& sheet : plan.sheets) {
            sheet.name = sheet_names::unique(sheet.name_within,
                                             [&](const std::string& name) { return workbook.sheet_name_taken(name); });
            sheet.sheet = &workbook.add_sheet(sheet.name);
            write_header(*sheet.sheet, sheet.columns);
        }
    // The plugins' pictures of the same records, after the records and before the Fields sheet.
    std::vector<std::pair<forms::FormDefinitionPtr, forms::ScanQuery>> scopes;
    for (const auto& plan : plans) scopes.emplace_back(plan.form, plan.scan);
    auto views = add_plugin_view_sheets(workbook, dataset, scopes);
    summary.set_flagged(std::move(views.flagged));
    auto& fields_sheet = workbook.add_sheet("Fields");
    XlsxSheet* lists_sheet = nullptr;
    if (!lists.lists.empty()) {
        lists.name = "Lists";
        lists_sheet = &workbook.add_sheet(lists.name);
        write_lists_sheet(*lists_sheet, lists);
    }

    std::string titles;
    WrittenExport written;
    for (auto& plan : plans) {
        const auto& form = *plan.form;
        titles += (titles.empty() ? "" : ", ") + form.title;
        const std::string stage = "Writing " + form.title;
        dataset.source.scan(plan.scan, [&](const forms::Record& record) {
            progress.check_cancel();
            // Relevance as the record's own version of the form has it; columns as the latest.
            auto definition = dataset.forms.find(record.meta.form_id, record.meta.form_version);
            const auto& own = definition ? *definition : form;
            // What exportable_instance would leave out of its copy, read in place (usually nothing).
            const auto left_out = forms::may_leave_out(own) ? forms::LeftOut(own, record) : forms::LeftOut();
            const auto root = record.instance();
            const auto title = row_title(own, record);
            write_record_row(plan.sheets.front(), form, record, title, root, left_out);
            for (std::size_t s = 1; s < plan.sheets.size(); ++s) write_table_rows(plan.sheets[s], record, title, root, left_out);
            if (wide) check_wide_rows(plan, record, root, left_out);
            summary.add_record(form, own, record);
            written.record_ids.push_back(record.meta.id);
            progress.record_done(stage);
            return true;
        });
    }
    progress.check_cancel();

    for (auto& plan : plans)
        for (auto& sheet : plan.sheets) finish_sheet(plan.form.get(), sheet, lists);
    summary.write(summary_sheet);
    std::vector<DescribedSheet> described;
    for (const auto& plan : plans)
        for (const auto& sheet : plan.sheets) described.push_back({sheet.name, plan.form.get(), &sheet.columns});
    write_fields_sheet(fields_sheet, described, views.drawn);

    DocumentProperties properties;
    properties.title = "Formwork export: " + titles;
    properties.author = dataset.user;
    properties.comments = std::string("Formwork ") + formwork::program_version;
    if (const auto* profile = dataset.forms.profile()) properties.company = profile->organisation_name;
    workbook.set_properties(properties);
    workbook.set_print_heading(properties.company, forms::format_date(forms::today_iso_date(), plans.front().form->date_format));

    progress.report(1.0, "Saving " + destination.filename().string());
    workbook.close();
    ExportResult result;
    result.warnings = std::move(views.warnings);
    record_and_commit(dataset, options, *file, written, result);
    result.records = progress.done();
    return result;
}

// ---- Plugins' views ----

std::string view_problem(const sdk::SheetView& view) {
    if (const auto problem = sheet_name_problem(view.name); !problem.empty())
        return "it names its sheet '" + view.name + "', but " + problem;
    std::size_t width = 0;
    for (const auto& row : view.header_rows) width = std::max(width, row.size());
    for (const auto& row : view.rows) width = std::max(width, row.size());
    for (const auto& merged : view.merged_headings) {
        if (merged.last_column < merged.first_column)
            return "its merged heading '" + merged.text + "' ends before it starts";
        if (merged.row >= view.header_rows.size())
            return "its merged heading '" + merged.text + "' is on a heading row it does not have";
        width = std::max(width, merged.last_column + 1);
    }
    if (width > excel_max_columns)
        return "it has " + std::to_string(width) + " columns, and an Excel sheet holds at most 16,384";
    if (view.header_rows.size() + view.rows.size() > excel_max_rows)
        return "it has more rows than an Excel sheet holds (1,048,576)";
    const auto cell_problem = [](const sdk::Cell& cell) -> std::string {
        if (cell.text.empty()) return {};
        if (const auto problem = cell_text_problem(cell.text)) return "a cell " + *problem;
        if (excel_length(cell.text) > excel_max_cell_characters)
            return "a cell holds " + std::to_string(excel_length(cell.text)) +
                   " characters, and an Excel cell holds at most 32,767";
        return {};
    };
    for (const auto* rows : {&view.header_rows, &view.rows})
        for (const auto& row : *rows)
            for (const auto& cell : row)
                if (auto problem = cell_problem(cell); !problem.empty()) return problem;
    for (const auto& merged : view.merged_headings)
        if (auto problem = cell_problem(sdk::Cell::of_text(merged.text)); !problem.empty()) return problem;
    return {};
}

XlsxSheet& render_sheet(XlsxWorkbook& workbook, const sdk::SheetView& view) {
    if (const auto problem = sheet_name_problem(view.name); !problem.empty())
        throw ExportError(ExportError::Kind::limit_exceeded,
                          "the view '" + view.title + "' names its sheet '" + view.name + "', but " + problem);
    auto& sheet = workbook.add_sheet(workbook.unique_sheet_name(view.name));
    sheet.set_title(view.title.empty() ? sheet.name() : view.title);

    std::size_t width = 0;
    for (const auto& row : view.header_rows) width = std::max(width, row.size());
    for (const auto& row : view.rows) width = std::max(width, row.size());
    for (const auto& merged : view.merged_headings) width = std::max(width, merged.last_column + 1);
    std::vector<std::size_t> widest(width, 0);

    const auto cell_text = [&](Row r, Col c, const std::string& text, const std::string& style) {
        if (text.empty()) {
            if (!style.empty()) sheet.blank(r, c, style);
            return;
        }
        sheet.text(r, c, text, style);
        widest[c] = std::max(widest[c], std::min<std::size_t>(excel_length(text), 60));
    };
    const auto draw = [&](Row r, Col c, const sdk::Cell& cell, const std::string& style) {
        switch (cell.type) {
            case sdk::Cell::Type::empty:
                if (!style.empty()) sheet.blank(r, c, style);
                break;
            case sdk::Cell::Type::text:
                cell_text(r, c, cell.text, style);
                break;
            case sdk::Cell::Type::number:
                sheet.number(r, c, cell.number, style);
                widest[c] = std::max<std::size_t>(widest[c], 10);
                break;
            case sdk::Cell::Type::date:
                if (forms::is_iso_date(cell.text) && number_at(cell.text, 0, 4) >= 1900) {
                    sheet.date(r, c, number_at(cell.text, 0, 4), number_at(cell.text, 5, 2), number_at(cell.text, 8, 2), style);
                    widest[c] = std::max<std::size_t>(widest[c], 10);
                } else {
                    cell_text(r, c, cell.text, style);
                }
                break;
            case sdk::Cell::Type::boolean:
                sheet.boolean(r, c, cell.text == "true", style);
                widest[c] = std::max<std::size_t>(widest[c], 5);
                break;
        }
    };

    Row r = 0;
    for (std::size_t h = 0; h < view.header_rows.size(); ++h, ++r) {
        const auto& cells = view.header_rows[h];
        std::vector<bool> merged_over(width, false);
        for (const auto& merged : view.merged_headings) {
            if (merged.row != h) continue;
            if (merged.last_column < merged.first_column)
                throw ExportError(ExportError::Kind::invalid_output, "the view '" + view.title + "' has a merged heading '" +
                                                                         merged.text + "' that ends before it starts");
            for (auto c = merged.first_column; c <= merged.last_column; ++c) merged_over[c] = true;
        }
        for (Col c = 0; c < cells.size(); ++c)
            if (!merged_over[c]) draw(r, c, cells[c], cells[c].style.empty() ? std::string("header") : cells[c].style);
        for (const auto& merged : view.merged_headings)
            if (merged.row == h)
                sheet.merge(r, static_cast<Col>(merged.first_column), static_cast<Col>(merged.last_column), merged.text,
                            "header");
    }
    for (const auto& cells : view.rows) {
        if (r >= excel_max_rows)
            throw ExportError(ExportError::Kind::limit_exceeded,
                              "the view '" + view.title + "' has more rows than an Excel sheet holds (1,048,576)");
        for (Col c = 0; c < cells.size(); ++c) draw(r, c, cells[c], cells[c].style);
        ++r;
    }
    const auto header_rows = static_cast<Row>(view.header_rows.size());
    if (header_rows > 0) sheet.freeze(header_rows, 0);
    for (Col c = 0; c < width; ++c) {
        std::size_t header = 0;
        if (!view.header_rows.empty() && c < view.header_rows.back().size())
            header = excel_length(view.header_rows.back()[c].text);
        sheet.column_width(c, width_for(header, widest[c]));
    }
    if (header_rows > 0 && width > 0) sheet.autofilter(header_rows - 1, 0, std::max(r, header_rows) - 1, static_cast<Col>(width - 1));
    return sheet;
}

}  // namespace formwork::exporters
