#include <formwork/exporters/workbook_import.hpp>

#include <formwork/archive/xlsx_package.hpp>
#include <formwork/model/instance_paths.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/model/values.hpp>
#include <formwork/model/xml_input.hpp>
#include <formwork/sdk/uk_date.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

namespace formwork::exporters {

// ---- Places, problems and counts ----

std::string WorkbookPlace::describe() const {
    std::string text = "sheet '" + sheet + "'";
    if (row == 0) return text;
    if (column == 0) return text + ", row " + std::to_string(row);
    text += ", cell " + cell();
    if (!heading.empty()) text += " (" + heading + ")";
    return text;
}

std::string WorkbookPlace::cell() const {
    return row == 0 || column == 0 ? std::string() : archive::cell_reference(row - 1, column - 1);
}

std::string WorkbookProblem::format(const std::string& workbook) const {
    std::string text = workbook + ": ";
    if (!place.sheet.empty()) text += place.describe() + ": ";
    text += severity == forms::Severity::error ? "error: " : "warning: ";
    return text + message;
}

const char* outcome_name(WorkbookRecordPlan::Outcome outcome) {
    using Outcome = WorkbookRecordPlan::Outcome;
    switch (outcome) {
        case Outcome::added: return "added";
        case Outcome::updated: return "updated";
        case Outcome::unchanged: return "unchanged";
        case Outcome::conflict: return "conflict";
        case Outcome::locked: return "locked";
        case Outcome::refused: return "refused";
    }
    return "?";
}

std::size_t WorkbookImportPlan::count(WorkbookRecordPlan::Outcome outcome) const {
    return static_cast<std::size_t>(
        std::count_if(records.begin(), records.end(), [&](const WorkbookRecordPlan& r) { return r.outcome == outcome; }));
}

bool WorkbookImportPlan::saves_anything() const {
    return !refused() && (count(WorkbookRecordPlan::Outcome::added) + count(WorkbookRecordPlan::Outcome::updated) > 0);
}

bool WorkbookImportPlan::refused() const {
    // An error on a row (a table's row that belongs to no record) refuses that row alone.
    return std::any_of(problems.begin(), problems.end(), [](const WorkbookProblem& p) {
        return p.severity == forms::Severity::error && p.place.row == 0;
    });
}

namespace {

using archive::CellType;
using archive::XlsxCell;
using Outcome = WorkbookRecordPlan::Outcome;

// ---- What the Fields sheet says ----

// A column of a records or table sheet, as the Fields sheet describes it, and where its heading
// is on the sheet (headings are matched by their text, so that columns moved or inserted
// by the officer do not matter).
struct ColumnSpec {
    std::string path;
    std::string label;
    std::string type;
    std::optional<std::uint32_t> at;  // its column on the sheet, from 0, when its heading is there
};

enum class SheetKind { records, repeating_table, fixed_table };

struct SheetSpec {
    std::string name;
    std::string form_id;
    SheetKind kind = SheetKind::records;
    std::string table_path;  // a table sheet's table
    std::vector<ColumnSpec> columns;
    archive::XlsxSheetCells cells;
    // The key columns, by their index in `columns`.
    std::optional<std::size_t> id, revision, row_number, row_key, status;
};

bool ends_with(std::string_view text, std::string_view tail) {
    return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

bool starts_with(std::string_view text, std::string_view head) { return text.substr(0, head.size()) == head; }

std::string trimmed(std::string_view text) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return std::string(text);
}

// A cell's text as people see it in a heading or a key: its text, or its number written plainly.
std::string plain_text(const XlsxCell* cell) {
    if (cell == nullptr) return {};
    switch (cell->type) {
        case CellType::text: return cell->text;
        case CellType::number: {
            char buffer[64];
            const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, cell->number);
            return error == std::errc() ? std::string(buffer, end) : cell->text;
        }
        case CellType::boolean: return cell->number != 0 ? "TRUE" : "FALSE";
        case CellType::error: return cell->text;
        case CellType::empty: return {};
    }
    return {};
}

// An archive's problem in the words a workbook's problem takes: WorkbookProblem::format names
// the workbook already, so only the part of it and the place in that part.
std::string archive_problem(const archive::ArchiveError& e) {
    if (e.entry.empty()) return e.problem;
    std::string where = e.entry;
    if (e.line != 0) where += ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
    return where + ": " + e.problem;
}

// A count the export wrote (a revision, a row's number): a whole number from 1, or nothing.
std::optional<long> positive_number(const std::string& text) {
    long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
    return value;
}

// Whether a column is one the import reads values from (a field), rather than a key or
// something the export shows for reading only.
bool is_meta(const ColumnSpec& column) { return starts_with(column.path, "meta/"); }
bool is_field_column(const ColumnSpec& column) {
    return !is_meta(column) && column.type != "row number" && column.type != "row label" && column.type != "row key" &&
           !ends_with(column.type, ", codes");
}

// ---- Reading cells as values of fields ----

struct CellValue {
    std::string value;    // as the record file holds it
    std::string problem;  // why the cell cannot be read for its field; empty when it can
};

std::string number_text(double number, bool integral) {
    char buffer[400];
    const auto [end, error] = integral ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(number))
                                       : std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed);
    return error == std::errc() ? std::string(buffer, end) : std::string();
}

std::string choices_expected(const forms::ChoiceList* list) {
    if (list == nullptr || list->options.empty()) return "a choice of its list";
    std::string text;
    std::size_t shown = 0;
    for (const auto& option : list->options) {
        if (shown == 12) {
            text += ", ... (" + std::to_string(list->options.size()) + " in all; the Fields sheet lists them)";
            break;
        }
        text += (shown++ == 0 ? "" : ", ") + ("'" + (option.label.empty() ? option.code : option.label) + "'");
    }
    return "one of " + text + ", or its code";
}

const forms::ChoiceOption* find_choice(const forms::ChoiceList* list, std::string_view text) {
    if (list == nullptr) return nullptr;
    for (const auto& option : list->options)
        if (option.label == text) return &option;
    return list->find(text);
}

// LibreOffice writes every TRUE or FALSE it saves as the formula TRUE() or FALSE() beside its
// value: a constant, read as the value it always has.
bool constant_boolean(const XlsxCell& cell) {
    if (cell.type != CellType::boolean) return false;
    std::string text;
    for (const char c : cell.formula_text)
        if (c != ' ' && c != '=') text += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return text == (cell.number != 0 ? "TRUE()" : "FALSE()");
}

// A date cell's serial as an ISO date, or why not.
CellValue date_of(const XlsxCell& cell, bool date1904) {
    if (!cell.date)
        return {{}, "a date is expected, and the cell holds the number " + plain_text(&cell) +
                        " in a number format that is not a date's"};
    if (cell.number != std::floor(cell.number))
        return {{}, "a date is expected, and the cell holds a date and a time of day"};
    if (auto iso = archive::serial_to_iso_date(cell.number, date1904)) return {*iso, {}};
    return {{}, "a date is expected, and the cell's date is outside the years Excel writes"};
}

CellValue read_field_cell(const XlsxCell* cell, const forms::FormDefinition& form, const forms::Node& field, bool person_part,
                          bool date1904) {
    if (cell == nullptr) return {};
    // LibreOffice keeps an error as the formula that gives it (=#N/A): it is the error people see.
    if (cell->type == CellType::error) return {{}, "holds the error " + cell->text + "; type the value itself"};
    if (cell->formula && !constant_boolean(*cell))
        return {{}, "holds a formula" + (cell->formula_text.empty() ? std::string() : " (=" + cell->formula_text + ")") +
                        "; type the value itself: a formula's result is not read back"};
    if (cell->type == CellType::empty) return {};
    const auto type = person_part ? forms::FieldType::text : field.type;
    const auto* list = field.choice_list.empty() ? nullptr : form.list(field.choice_list);
    const std::string text = cell->type == CellType::text ? cell->text : std::string();
    CellValue read;
    switch (type) {
        case forms::FieldType::integer: {
            if (cell->type == CellType::number && !cell->date) {
                if (cell->number == std::floor(cell->number) && std::fabs(cell->number) <= 9007199254740992.0)
                    return {number_text(cell->number, true), {}};
            } else if (cell->type == CellType::text && forms::is_integer(trimmed(text))) {
                return {trimmed(text), {}};
            }
            return {{}, "a whole number is expected, and the cell holds " + plain_text(cell)};
        }
        case forms::FieldType::decimal: {
            if (cell->type == CellType::number && !cell->date && std::isfinite(cell->number))
                return {number_text(cell->number, false), {}};
            if (cell->type == CellType::text && (forms::is_decimal(trimmed(text)) || forms::is_integer(trimmed(text))))
                return {trimmed(text), {}};
            return {{}, "a number is expected (as 12.5), and the cell holds " + plain_text(cell)};
        }
        case forms::FieldType::date: {
            if (cell->type == CellType::number) return date_of(*cell, date1904);
            if (cell->type == CellType::text) {
                const auto date = sdk::read_uk_date(text);
                if (!date.iso.empty()) return {date.iso, {}};
                return {{}, "a date is expected (a date cell, or " + forms::date_example(form.date_format) + "), and '" + text +
                                "' is not one: " + date.problem};
            }
            return {{}, "a date is expected, and the cell holds " + plain_text(cell)};
        }
        case forms::FieldType::boolean: {
            if (cell->type == CellType::boolean) return {cell->number != 0 ? "true" : "false", {}};
            auto lower = trimmed(text);
            for (auto& ch : lower)
                if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
            if (lower == "true" || lower == "yes") return {"true", {}};
            if (lower == "false" || lower == "no") return {"false", {}};
            return {{}, "TRUE or FALSE is expected, and the cell holds " + plain_text(cell)};
        }
        case forms::FieldType::choice: {
            const auto shown = trimmed(plain_text(cell));
            if (const auto* option = find_choice(list, shown)) return {option->code, {}};
            return {{}, "'" + shown + "' is not a choice of this field: " + choices_expected(list)};
        }
        case forms::FieldType::multi_choice: {
            // Labels joined with "; " (as the export writes them), or codes with spaces (the
            // codes option's cells).
            const auto shown = trimmed(plain_text(cell));
            std::vector<std::string> codes;
            std::string refused;
            const auto take = [&](const std::string& item) {
                const auto piece = trimmed(item);
                if (piece.empty()) return;
                if (const auto* option = find_choice(list, piece))
                    codes.push_back(option->code);
                else if (refused.empty())
                    refused = piece;
            };
            if (shown.find(';') != std::string::npos || find_choice(list, shown) != nullptr) {
                std::size_t start = 0;
                for (std::size_t semicolon; (semicolon = shown.find(';', start)) != std::string::npos; start = semicolon + 1)
                    take(shown.substr(start, semicolon - start));
                take(shown.substr(start));
            } else {
                std::size_t start = 0;
                for (std::size_t space; (space = shown.find(' ', start)) != std::string::npos; start = space + 1)
                    take(shown.substr(start, space - start));
                take(shown.substr(start));
            }
            if (!refused.empty())
                return {{}, "'" + refused + "' is not a choice of this field: " + choices_expected(list) +
                                "; give several as labels with '; ' between them"};
            std::string joined;
            for (const auto& code : codes) joined += (joined.empty() ? "" : " ") + code;
            return {joined, {}};
        }
        default: {
            // Text of any kind: a number or a date typed into it is kept as the cell shows it.
            if (cell->type == CellType::number && cell->date && cell->number == std::floor(cell->number))
                if (auto iso = archive::serial_to_iso_date(cell->number, date1904))
                    return {forms::format_date(*iso, form.date_format), {}};
            read.value = plain_text(cell);
            if (const auto problem = forms::xml_text_problem(read.value))
                return {{}, *problem + "; a record cannot hold it"};
            return read;
        }
    }
}

// Whether two values of a field say the same: numbers by their value ("1.50" and "1.5").
bool same_value(const forms::Node& field, bool person_part, const std::string& before, const std::string& after) {
    if (before == after) return true;
    if (person_part || (field.type != forms::FieldType::integer && field.type != forms::FieldType::decimal)) return false;
    double a = 0, b = 0;
    const auto parse = [](const std::string& text, double& value) {
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        return error == std::errc() && end == text.data() + text.size();
    };
    return parse(before, a) && parse(after, b) && a == b;
}

std::string multi_codes(pugi::xml_node element) {
    std::string joined;
    for (auto item : element.children("item")) {
        const std::string code = item.text().get();
        if (!code.empty()) joined += (joined.empty() ? "" : " ") + code;
    }
    return joined;
}

// ---- The plan, record by record ----

// A row of a records sheet, and the rows of its tables' sheets.
struct RecordRows {
    const SheetSpec* sheet = nullptr;
    std::uint32_t row = 0;  // from 0
    std::string key;        // its Record id cell: a stored id, a name of the officer's own, or empty
    std::uint32_t duplicate_of = 0;  // the sheet's row (from 1) with the same key before it, if any
    std::map<const SheetSpec*, std::vector<std::uint32_t>> table_rows;
};

class Planner {
public:
    Planner(WorkbookImportPlan& plan, const forms::FormRegistry& forms, forms::RecordStore& store,
            const WorkbookImportOptions& options, sdk::ExportProgress& progress)
        : plan_(plan), forms_(forms), store_(store), options_(options), progress_(progress) {}

    void run() {
        const auto shown = plan_.workbook.filename().string();
        std::optional<archive::XlsxPackage> package;
        try {
            package.emplace(archive::XlsxPackage::open(plan_.workbook));
        } catch (const archive::ArchiveError& e) {
            workbook_error(WorkbookPlace{}, archive_problem(e));
            return;
        }
        date1904_ = package->date1904();
        if (!read_fields(*package)) return;
        progress_.OnProgress(0.0, "Reading " + shown);
        std::size_t done = 0;
        for (auto& sheet : sheets_) {
            cancel_point();
            const auto* info = package->sheet(sheet.name);
            try {
                sheet.cells = package->read_sheet(*info);
            } catch (const archive::ArchiveError& e) {
                workbook_error(sheet_place(sheet.name), archive_problem(e));
                return;
            }
            progress_.OnProgress(0.3 * static_cast<double>(++done) / static_cast<double>(sheets_.size()), "Reading " + shown);
            if (!find_headings(sheet)) return;
        }
        if (!gather_rows()) return;
        std::size_t planned = 0;
        for (auto& rows : records_) {
            cancel_point();
            plan_record(rows);
            if (++planned % 100 == 0)
                progress_.OnProgress(0.3 + 0.7 * static_cast<double>(planned) / static_cast<double>(records_.size()),
                                     "Comparing with the database");
        }
        progress_.OnProgress(1.0, "Compared with the database");
    }

private:
    void cancel_point() const {
        if (progress_.IsCancelled())
            throw ExportError(ExportError::Kind::cancelled, "the workbook import was cancelled; nothing was saved");
    }

    void workbook_error(WorkbookPlace place, std::string message) {
        plan_.problems.push_back({forms::Severity::error, std::move(place), {}, std::move(message)});
    }
    void workbook_warning(WorkbookPlace place, std::string message) {
        plan_.problems.push_back({forms::Severity::warning, std::move(place), {}, std::move(message)});
    }

    static WorkbookPlace sheet_place(std::string name) { return {std::move(name), 0, 0, {}}; }

    static WorkbookPlace cell_place(const SheetSpec& sheet, std::uint32_t row, const ColumnSpec& column) {
        return {sheet.name, row + 1, column.at ? *column.at + 1 : 0, column.label};
    }

    const XlsxCell* cell(const SheetSpec& sheet, std::uint32_t row, const std::optional<std::size_t>& column) const {
        if (!column || !sheet.columns[*column].at) return nullptr;
        return sheet.cells.find(row, *sheet.columns[*column].at);
    }

    // The Fields sheet: which sheet holds which form's records or table, column by column.
    bool read_fields(archive::XlsxPackage& package) {
        const auto* fields = package.sheet("Fields");
        if (fields == nullptr) {
            workbook_error(WorkbookPlace{}, "it has no Fields sheet, which says which field each column holds: only a workbook "
                               "exported by Formwork in the sheet-per-table layout comes back (with its Fields sheet "
                               "as it was exported)");
            return false;
        }
        archive::XlsxSheetCells cells;
        try {
            cells = package.read_sheet(*fields);
        } catch (const archive::ArchiveError& e) {
            workbook_error(sheet_place("Fields"), archive_problem(e));
            return false;
        }
        std::map<std::string, std::uint32_t> heading_at;
        if (!cells.rows.empty() && cells.rows.front().front().row == 0)
            for (const auto& c : cells.rows.front()) heading_at[plain_text(&c)] = c.column;
        for (const char* heading : {"Sheet", "Field path", "Label", "Type", "Form"})
            if (heading_at.count(heading) == 0) {
                workbook_error(sheet_place("Fields"), std::string("its Fields sheet has no '") + heading +
                                               "' column: export the workbook again with this version of Formwork");
                return false;
            }
        const auto text_at = [&](const std::vector<XlsxCell>& row, const char* heading) {
            const auto column = heading_at[heading];
            for (const auto& c : row)
                if (c.column == column) return plain_text(&c);
            return std::string();
        };
        std::map<std::string, std::size_t> index;
        for (const auto& row : cells.rows) {
            if (row.front().row == 0) continue;
            const auto sheet_name = text_at(row, "Sheet");
            const auto path = text_at(row, "Field path");
            const auto form_id = text_at(row, "Form");
            if (sheet_name.empty() || path.empty() || form_id.empty()) continue;  // a view's column, or a note
            if (path.find('[') != std::string::npos) {
                workbook_error(sheet_place(sheet_name), "the sheet is in the wide layout (its columns hold table rows side by side): "
                                             "only the sheet-per-table layout comes back; export it in that layout");
                return false;
            }
            auto [at, added] = index.emplace(sheet_name, sheets_.size());
            if (added) {
                SheetSpec sheet;
                sheet.name = sheet_name;
                sheet.form_id = form_id;
                sheets_.push_back(std::move(sheet));
            }
            auto& sheet = sheets_[at->second];
            sheet.columns.push_back({path, text_at(row, "Label"), text_at(row, "Type"), std::nullopt});
        }
        if (sheets_.empty()) {
            workbook_error(sheet_place("Fields"), "its Fields sheet describes no sheet of records");
            return false;
        }
        // What each sheet is, by its key columns; a sheet named but missing is left as stored.
        std::vector<SheetSpec> present;
        for (auto& sheet : sheets_) {
            if (!forms_.latest(sheet.form_id)) {
                workbook_error(sheet_place(sheet.name), "its records are of form '" + sheet.form_id +
                                                 "', which no plugin here provides; nothing was read");
                return false;
            }
            for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
                const auto& column = sheet.columns[c];
                if (column.path == "meta/id") sheet.id = c;
                if (column.path == "meta/revision") sheet.revision = c;
                if (column.path == "meta/status") sheet.status = c;
                if (column.type == "row number") {
                    sheet.row_number = c;
                    sheet.kind = SheetKind::repeating_table;
                    sheet.table_path = column.path.substr(0, column.path.size() - std::string_view("/row (position)").size());
                }
                if (column.type == "row key") {
                    sheet.row_key = c;
                    sheet.kind = SheetKind::fixed_table;
                    sheet.table_path = column.path.substr(0, column.path.size() - std::string_view("/row/@key").size());
                }
            }
            if (package.sheet(sheet.name) == nullptr) {
                workbook_warning(sheet_place(sheet.name), "the Fields sheet names this sheet, and the workbook has no sheet of that "
                                               "name (was it renamed or deleted?): what it held is left as stored");
                continue;
            }
            present.push_back(std::move(sheet));
        }
        sheets_ = std::move(present);
        return true;
    }

    // Finds each column's heading on its sheet's first row; keys that are missing refuse the
    // workbook, fields that are missing are left as stored, and columns of the officer's own are
    // named and not read.
    bool find_headings(SheetSpec& sheet) {
        std::map<std::string, std::uint32_t> at;
        std::vector<std::pair<std::uint32_t, std::string>> headings;
        if (!sheet.cells.rows.empty() && sheet.cells.rows.front().front().row == 0)
            for (const auto& c : sheet.cells.rows.front()) {
                const auto text = plain_text(&c);
                if (text.empty()) continue;
                at.emplace(text, c.column);
                headings.emplace_back(c.column, text);
            }
        std::set<std::uint32_t> known;
        for (auto& column : sheet.columns) {
            if (const auto found = at.find(column.label); found != at.end()) {
                column.at = found->second;
                known.insert(found->second);
            }
        }
        const auto require = [&](const std::optional<std::size_t>& key, const char* what) {
            if (key && sheet.columns[*key].at) return true;
            workbook_error(sheet_place(sheet.name), std::string("the sheet has no '") +
                                             (key ? sheet.columns[*key].label : std::string(what)) + "' column, which " +
                                             "ties its rows to their records; put it back as it was exported");
            return false;
        };
        if (!require(sheet.id, "Record id")) return false;
        if (sheet.kind == SheetKind::records && !require(sheet.revision, "Revision")) return false;
        if (sheet.kind == SheetKind::repeating_table && !require(sheet.row_number, "Row")) return false;
        if (sheet.kind == SheetKind::fixed_table && !require(sheet.row_key, "Row key")) return false;
        for (const auto& column : sheet.columns)
            if (!column.at && is_field_column(column))
                workbook_warning(sheet_place(sheet.name), "the column '" + column.label + "' (" + column.path +
                                                   ") is not on the sheet: that field is left as stored");
        for (const auto& [column, text] : headings)
            if (known.count(column) == 0)
                workbook_warning(WorkbookPlace{sheet.name, 1, column + 1, text},
                                 "this column is no field of the form (the Fields sheet does not name it): its cells "
                                 "were not read");
        return true;
    }

    // Each records sheet's rows are records; each table sheet's rows join them by Record id.
    bool gather_rows() {
        std::map<std::string, std::map<std::string, std::size_t>> by_key;  // form -> key -> records_ index
        for (const auto& sheet : sheets_) {
            if (sheet.kind != SheetKind::records) continue;
            auto& keys = by_key[sheet.form_id];
            for (const auto& cells : sheet.cells.rows) {
                const auto row = cells.front().row;
                if (row == 0 || !row_has_values(sheet, row)) continue;
                RecordRows rows;
                rows.sheet = &sheet;
                rows.row = row;
                rows.key = trimmed(plain_text(cell(sheet, row, sheet.id)));
                if (!rows.key.empty()) {
                    const auto [at, added] = keys.emplace(rows.key, records_.size());
                    if (!added) {
                        const auto& first = records_[at->second];
                        rows.duplicate_of = first.row + 1;
                    }
                }
                records_.push_back(std::move(rows));
            }
        }
        for (const auto& sheet : sheets_) {
            if (sheet.kind == SheetKind::records) continue;
            auto& keys = by_key[sheet.form_id];
            for (const auto& cells : sheet.cells.rows) {
                const auto row = cells.front().row;
                if (row == 0 || !row_has_values(sheet, row)) continue;
                const auto key = trimmed(plain_text(cell(sheet, row, sheet.id)));
                const auto found = keys.find(key);
                if (found == keys.end()) {
                    orphans_.push_back({forms::Severity::error, {sheet.name, row + 1, *sheet.columns[*sheet.id].at + 1,
                                                                 sheet.columns[*sheet.id].label},
                                        {},
                                        key.empty() ? "a table's row needs the Record id of its record, as the records "
                                                      "sheet has it (or the name given to a new record's row there)"
                                                    : "no row of the form's records sheet has the Record id '" + key +
                                                          "': this row was not read"});
                    continue;
                }
                records_[found->second].table_rows[&sheet].push_back(row);
            }
        }
        if (!orphans_.empty())
            for (auto& problem : orphans_) plan_.problems.push_back(std::move(problem));
        return true;
    }

    bool row_has_values(const SheetSpec& sheet, std::uint32_t row) const {
        for (const auto& column : sheet.columns)
            if (column.at)
                if (const auto* c = sheet.cells.find(row, *column.at); c && (c->type != CellType::empty || c->formula))
                    return true;
        return false;
    }

    void plan_record(RecordRows& rows) {
        const auto& sheet = *rows.sheet;
        places_.clear();
        WorkbookRecordPlan record_plan;
        record_plan.form_id = sheet.form_id;
        record_plan.row = {sheet.name, rows.row + 1, 0, {}};
        const auto refuse = [&](WorkbookPlace place, std::string message) {
            record_plan.problems.push_back({forms::Severity::error, std::move(place), {}, std::move(message)});
            record_plan.outcome = Outcome::refused;
        };
        const auto id_place = cell_place(sheet, rows.row, sheet.columns[*sheet.id]);
        if (rows.duplicate_of != 0) {
            refuse(id_place, "row " + std::to_string(rows.duplicate_of) + " of this sheet has the same Record id: a "
                             "record comes back from one row");
            plan_.records.push_back(std::move(record_plan));
            return;
        }

        std::optional<forms::Record> stored;
        forms::FormDefinitionPtr form;
        forms::Record record;
        const bool existing = forms::is_uuid(rows.key);
        if (existing) {
            record_plan.record_id = rows.key;
            stored = store_.load(rows.key);
            if (!stored) {
                refuse(id_place, "no record in " + store_.location() + " has this id: a new record's row leaves Record id "
                                 "blank, or gives a name of your own (NEW1)");
                plan_.records.push_back(std::move(record_plan));
                return;
            }
            record_plan.stored_revision = stored->meta.revision;
            record_plan.status = stored->meta.status;
            if (stored->meta.form_id != sheet.form_id) {
                refuse(id_place, "record " + rows.key + " is a " + stored->meta.form_id + ", not a " + sheet.form_id);
                plan_.records.push_back(std::move(record_plan));
                return;
            }
            form = forms_.find(stored->meta.form_id, stored->meta.form_version);
            const auto* revision = cell(sheet, rows.row, sheet.revision);
            const auto revision_text = trimmed(plain_text(revision));
            const auto exported_revision = positive_number(revision_text);
            if (!exported_revision || (revision != nullptr && revision->formula)) {
                refuse(cell_place(sheet, rows.row, sheet.columns[*sheet.revision]),
                       "the record's Revision must be the whole number the export wrote (it says which revision the "
                       "row was exported at), and the cell holds '" + revision_text + "'");
                plan_.records.push_back(std::move(record_plan));
                return;
            }
            record_plan.exported_revision = *exported_revision;
            record = *stored;
        } else {
            form = forms_.latest(sheet.form_id);
            record = forms::new_record(*form, options_.user, forms::utc_timestamp_now());
        }
        if (!form) {
            refuse(id_place, "record " + rows.key + "'s version of form '" + sheet.form_id + "' is not loaded here");
            plan_.records.push_back(std::move(record_plan));
            return;
        }
        // Status is shown, not read: a changed status cell is said, and left.
        if (existing && sheet.status) {
            const auto shown = trimmed(plain_text(cell(sheet, rows.row, sheet.status)));
            if (!shown.empty() && shown != stored->meta.status && shown != form->lifecycle.label_of(stored->meta.status))
                record_plan.problems.push_back(
                    {forms::Severity::warning, cell_place(sheet, rows.row, sheet.columns[*sheet.status]), "meta/status",
                     "a workbook does not change a record's status (it is " + form->lifecycle.label_of(stored->meta.status) +
                         "); this cell was not read: use Set status in the window, or formwork-cli set-status"});
        }

        auto root = record.instance();
        // The record's own fields.
        for (const auto& column : sheet.columns) {
            if (!column.at || !is_field_column(column)) continue;
            apply_cell(record_plan, *form, root, sheet, rows.row, column, column.path, !existing);
        }
        // Its tables' rows.
        for (const auto& table_sheet : sheets_) {
            if (table_sheet.form_id != sheet.form_id || table_sheet.kind == SheetKind::records) continue;
            const auto found = rows.table_rows.find(&table_sheet);
            static const std::vector<std::uint32_t> none;
            const auto& sheet_rows = found == rows.table_rows.end() ? none : found->second;
            if (table_sheet.kind == SheetKind::repeating_table)
                apply_repeating_rows(record_plan, *form, record, table_sheet, sheet_rows);
            else
                apply_fixed_rows(record_plan, *form, record, table_sheet, sheet_rows);
        }
        record_plan.title = forms::record_title(*form, record);

        if (record_plan.outcome == Outcome::refused) {
            plan_.records.push_back(std::move(record_plan));
            return;
        }
        if (existing && record_plan.changes.empty()) {
            record_plan.outcome = Outcome::unchanged;
            plan_.records.push_back(std::move(record_plan));
            return;
        }
        if (existing && record_plan.exported_revision != record_plan.stored_revision) {
            record_plan.outcome = Outcome::conflict;
            record_plan.problems.push_back(
                {forms::Severity::error, record_plan.row, {},
                 "record " + record_plan.record_id + " was changed in the database since this workbook was exported "
                 "(revision " + std::to_string(record_plan.exported_revision) + " then, " +
                     std::to_string(record_plan.stored_revision) + " now, by " + stored->meta.modified_by + " at " +
                     stored->meta.modified_at + "): its row was not saved; export again and make the changes there"});
            plan_.records.push_back(std::move(record_plan));
            return;
        }
        if (existing && form->lifecycle.locks(stored->meta.status) && options_.reopen_reason.empty()) {
            record_plan.outcome = Outcome::locked;
            record_plan.problems.push_back({forms::Severity::error, record_plan.row, {},
                                            forms::locked_record_message(*form, record_plan.record_id, stored->meta.status) +
                                                "; its row was not saved"});
            plan_.records.push_back(std::move(record_plan));
            return;
        }

        // The record as the store will read it: anything a record file may not hold is refused
        // here, on its cell, rather than at the save.
        if (existing) record.meta.revision = record_plan.exported_revision;
        forms::StringWriter writer;
        forms::write_record(record, writer);
        const auto read = forms::read_record(writer.text, plan_.workbook.string(), forms_);
        for (const auto& diagnostic : read.diagnostics)
            if (diagnostic.severity == forms::Severity::error) {
                record_plan.problems.push_back({forms::Severity::error, place_of(record_plan, diagnostic.path),
                                                diagnostic.path, diagnostic.message});
                record_plan.outcome = Outcome::refused;
            }
        if (record_plan.outcome == Outcome::refused) {
            plan_.records.push_back(std::move(record_plan));
            return;
        }
        // What the form's rules and its plugin find: said, as the editor says it, and saved
        // all the same (a draft may be incomplete; a locked record reopened stays a draft
        // unless it is still valid for its status).
        const forms::ValidationOptions validation{{}, options_.user, {}, &store_.query()};
        for (const auto& diagnostic : forms::validate_record(*form, record, validation))
            record_plan.problems.push_back({forms::Severity::warning, place_of(record_plan, diagnostic.path),
                                            diagnostic.path, diagnostic.message});
        if (!existing) warn_if_added_before(record_plan);
        record_plan.record_file = std::move(writer.text);
        record_plan.outcome = existing ? Outcome::updated : Outcome::added;
        plan_.records.push_back(std::move(record_plan));
    }

    // A new record's row has no id to know it by: a workbook brought back twice adds it twice.
    // Where a record of the form already has its title, the preview says so.
    void warn_if_added_before(WorkbookRecordPlan& record_plan) {
        if (record_plan.title.empty()) return;
        forms::ListQuery query;
        query.form = record_plan.form_id;
        query.text = record_plan.title;
        query.limit = 20;
        query.withdrawn = forms::ListWithdrawn::included;
        for (const auto& row : store_.list(query).rows)
            if (row.title == record_plan.title) {
                record_plan.problems.push_back(
                    {forms::Severity::warning, record_plan.row, {},
                     "record " + row.id + " already has this title (\"" + row.title + "\", saved " + row.modified_at +
                         " by " + row.modified_by + "): if this row was brought back before, importing it again adds "
                         "the record twice; a new record's row is added each time its workbook comes back"});
                return;
            }
    }

    // Where a field path's value came from in the workbook: its cell, or the record's row.
    WorkbookPlace place_of(const WorkbookRecordPlan& record_plan, const std::string& path) const {
        if (const auto found = places_.find(path); found != places_.end()) return found->second;
        return record_plan.row;
    }

    // Reads one cell into the field at `path` (a concrete path: rows by position or key). In a
    // new record or a new table row (`fresh`), a blank cell leaves the field as a new one has
    // it, its default if it has one, as the editor starts it.
    void apply_cell(WorkbookRecordPlan& record_plan, const forms::FormDefinition& form, pugi::xml_node root,
                    const SheetSpec& sheet, std::uint32_t row, const ColumnSpec& column, const std::string& path,
                    bool fresh) {
        const auto place = cell_place(sheet, row, column);
        places_[path] = place;
        const auto* c = sheet.cells.find(row, *column.at);
        if (fresh && (c == nullptr || (c->type == CellType::empty && !c->formula))) return;
        const auto located = forms::locate(form, root, path);
        if (!located || !located->node || !located->element) {
            if (c != nullptr && (c->type != CellType::empty || c->formula)) {
                record_plan.problems.push_back({forms::Severity::error, place, path,
                                                "version " + std::to_string(form.version) + " of form '" + form.id +
                                                    "', which this record was made with, has no field " + path});
                record_plan.outcome = Outcome::refused;
            }
            return;
        }
        const auto& field = *located->node;
        const auto read = read_field_cell(c, form, field, located->person_part, date1904_);
        if (!read.problem.empty()) {
            record_plan.problems.push_back({forms::Severity::error, place, path, read.problem});
            record_plan.outcome = Outcome::refused;
            return;
        }
        auto element = located->element;
        if (!located->person_part && field.type == forms::FieldType::multi_choice) {
            const auto before = multi_codes(element);
            if (before == read.value) return;
            while (element.first_child()) element.remove_child(element.first_child());
            std::size_t start = 0;
            const auto& codes = read.value;
            while (start < codes.size()) {
                auto space = codes.find(' ', start);
                if (space == std::string::npos) space = codes.size();
                element.append_child("item").text().set(codes.substr(start, space - start).c_str());
                start = space + 1;
            }
            record_plan.changes.push_back({path, column.label, place, before, read.value});
            return;
        }
        const std::string before = element.text().get();
        if (same_value(field, located->person_part, before, read.value)) return;
        element.text().set(read.value.c_str());
        record_plan.changes.push_back({path, column.label, place, before, read.value});
    }

    static std::vector<pugi::xml_node> rows_of(pugi::xml_node table) {
        std::vector<pugi::xml_node> rows;
        for (auto row : table.children("row")) rows.push_back(row);
        return rows;
    }

    // A repeating table's rows: those the sheet keeps, by their Row number, in their order;
    // then new rows (a blank Row), in the sheet's order. A stored row the sheet no longer has
    // is removed.
    void apply_repeating_rows(WorkbookRecordPlan& record_plan, const forms::FormDefinition& form, forms::Record& record,
                              const SheetSpec& sheet, const std::vector<std::uint32_t>& sheet_rows) {
        const auto located = forms::locate(form, record.instance(), sheet.table_path);
        if (!located || !located->element) return;
        auto table = located->element;
        const auto stored_rows = rows_of(table);
        const auto& row_column = sheet.columns[*sheet.row_number];
        std::map<std::size_t, std::uint32_t> kept;  // stored position (from 1) -> sheet row
        std::vector<std::uint32_t> added;
        for (const auto row : sheet_rows) {
            const auto* c = cell(sheet, row, sheet.row_number);
            const auto text = trimmed(plain_text(c));
            if (text.empty()) {
                added.push_back(row);
                continue;
            }
            const auto place = cell_place(sheet, row, row_column);
            const auto number = positive_number(text);
            if (c->formula || !number) {
                record_plan.problems.push_back({forms::Severity::error, place, {},
                                                "Row must be the row's number as exported (a new row leaves it blank), "
                                                "and the cell holds '" + text + "'"});
                record_plan.outcome = Outcome::refused;
                continue;
            }
            const auto position = static_cast<std::size_t>(*number);
            if (position > stored_rows.size()) {
                record_plan.problems.push_back(
                    {forms::Severity::error, place, {},
                     "the record has " + std::to_string(stored_rows.size()) + " rows in this table, so there is no row " +
                         text + " (a new row leaves Row blank)"});
                record_plan.outcome = Outcome::refused;
                continue;
            }
            if (!kept.emplace(position, row).second) {
                record_plan.problems.push_back({forms::Severity::error, place, {},
                                                "row " + std::to_string(kept[position] + 1) + " of this sheet is row " +
                                                    text + " of the same record: a row comes back from one row"});
                record_plan.outcome = Outcome::refused;
            }
        }
        if (record_plan.outcome == Outcome::refused) return;
        for (std::size_t position = stored_rows.size(); position >= 1; --position)
            if (kept.count(position) == 0) {
                record_plan.changes.push_back({sheet.table_path + "/row[" + std::to_string(position) + "]", "Row removed",
                                               {sheet.name, 0, 0, {}}, "row " + std::to_string(position), ""});
                table.remove_child(stored_rows[position - 1]);
            }
        std::vector<std::uint32_t> order;
        for (const auto& [position, row] : kept) order.push_back(row);
        for (const auto row : added) {
            if (!forms::add_row(form, record, sheet.table_path)) {
                record_plan.problems.push_back({forms::Severity::error, {sheet.name, row + 1, 0, {}}, sheet.table_path,
                                                "the table holds no more rows"});
                record_plan.outcome = Outcome::refused;
                return;
            }
            order.push_back(row);
        }
        const auto root = record.instance();
        for (std::size_t n = 0; n < order.size(); ++n) {
            const auto selector = sheet.table_path + "/row[" + std::to_string(n + 1) + "]";
            if (n >= kept.size())
                record_plan.changes.push_back({selector, "Row added", {sheet.name, order[n] + 1, 0, {}}, "", "a new row"});
            for (const auto& column : sheet.columns) {
                if (!column.at || !is_field_column(column)) continue;
                const auto tail = column.path.substr(std::min(column.path.size(), sheet.table_path.size() + 4));
                apply_cell(record_plan, form, root, sheet, order[n], column, selector + tail, n >= kept.size());
            }
        }
    }

    // A fixed table's rows, by their key: a row the sheet leaves out stays as stored.
    void apply_fixed_rows(WorkbookRecordPlan& record_plan, const forms::FormDefinition& form, forms::Record& record,
                          const SheetSpec& sheet, const std::vector<std::uint32_t>& sheet_rows) {
        const auto located = forms::locate(form, record.instance(), sheet.table_path);
        if (!located || located->node == nullptr) return;
        const auto* table = located->node;
        std::map<std::string, std::uint32_t> seen;
        const auto& key_column = sheet.columns[*sheet.row_key];
        for (const auto row : sheet_rows) {
            const auto key = trimmed(plain_text(cell(sheet, row, sheet.row_key)));
            const auto place = cell_place(sheet, row, key_column);
            const bool known = std::any_of(table->fixed_rows.begin(), table->fixed_rows.end(),
                                           [&](const forms::ChoiceOption& fixed) { return fixed.code == key; });
            if (!known) {
                record_plan.problems.push_back({forms::Severity::error, place, {},
                                                "'" + key + "' is not a row of this table: its rows are fixed, and each "
                                                "keeps the Row key it was exported with"});
                record_plan.outcome = Outcome::refused;
                continue;
            }
            if (!seen.emplace(key, row).second) {
                record_plan.problems.push_back({forms::Severity::error, place, {},
                                                "row " + std::to_string(seen[key] + 1) + " of this sheet is the same row of "
                                                "the same record: a row comes back from one row"});
                record_plan.outcome = Outcome::refused;
                continue;
            }
            const auto selector = sheet.table_path + "/row[@key='" + key + "']";
            for (const auto& column : sheet.columns) {
                if (!column.at || !is_field_column(column)) continue;
                const auto tail = column.path.substr(std::min(column.path.size(), sheet.table_path.size() + 4));
                apply_cell(record_plan, form, record.instance(), sheet, row, column, selector + tail, false);
            }
        }
    }

    WorkbookImportPlan& plan_;
    const forms::FormRegistry& forms_;
    forms::RecordStore& store_;
    const WorkbookImportOptions& options_;
    sdk::ExportProgress& progress_;
    bool date1904_ = false;
    std::vector<SheetSpec> sheets_;
    std::vector<RecordRows> records_;
    std::vector<WorkbookProblem> orphans_;
    std::map<std::string, WorkbookPlace> places_;  // the record being planned: field path -> its cell
};

}  // namespace

WorkbookImportPlan plan_workbook_import(const std::filesystem::path& workbook, const forms::FormRegistry& forms,
                                        forms::RecordStore& store, const WorkbookImportOptions& options,
                                        sdk::ExportProgress& progress) {
    WorkbookImportPlan plan;
    plan.workbook = workbook;
    Planner(plan, forms, store, options, progress).run();
    return plan;
}

void apply_workbook_import(WorkbookImportPlan& plan, const forms::FormRegistry& forms, forms::RecordStore& store,
                           const WorkbookImportOptions& options, sdk::ExportProgress& progress) {
    if (plan.refused()) return;
    std::vector<WorkbookRecordPlan*> saving;
    for (auto& record : plan.records)
        if ((record.outcome == Outcome::added || record.outcome == Outcome::updated) && !record.record_file.empty())
            saving.push_back(&record);
    constexpr std::size_t batch = 1000;
    for (std::size_t start = 0; start < saving.size(); start += batch) {
        if (progress.IsCancelled()) {
            for (auto i = start; i < saving.size(); ++i)
                saving[i]->problems.push_back({forms::Severity::error, saving[i]->row, {},
                                               "the import was cancelled before this record was saved"});
            return;
        }
        const auto end = std::min(saving.size(), start + batch);
        std::vector<std::pair<std::string, std::string>> files;
        for (auto i = start; i < end; ++i)
            files.emplace_back(plan.workbook.string() + ", " + saving[i]->row.describe(), saving[i]->record_file);
        // Each record's outcome as its batch is committed (or refused), and told on at once.
        std::size_t next = start;
        const auto decided = [&](const forms::ImportItem& item) {
            auto& record = *saving[next++];
            record.record_id = item.record_id;
            switch (item.outcome) {
                case forms::ImportItem::Outcome::added:
                case forms::ImportItem::Outcome::updated:
                    record.saved_revision = item.revision;
                    break;
                case forms::ImportItem::Outcome::unchanged:
                    record.outcome = Outcome::unchanged;
                    break;
                case forms::ImportItem::Outcome::refused: {
                    // Changed since it was planned (another officer saved first), or refused for another reason.
                    const auto now = item.record_id.empty() ? std::nullopt : store.load(item.record_id);
                    record.outcome = now && now->meta.revision != record.exported_revision && record.exported_revision != 0
                                         ? Outcome::conflict
                                         : Outcome::refused;
                    for (const auto& diagnostic : item.diagnostics)
                        record.problems.push_back({forms::Severity::error, record.row, diagnostic.path, diagnostic.message});
                    break;
                }
            }
            // A saved record's warnings (a reopened record left a draft) come back with it.
            if (item.outcome != forms::ImportItem::Outcome::refused)
                for (const auto& diagnostic : item.diagnostics)
                    if (diagnostic.severity == forms::Severity::warning)
                        record.problems.push_back({forms::Severity::warning, record.row, diagnostic.path, diagnostic.message});
            if (options.decided) options.decided(record);
        };
        store.import(forms, files, options.user, batch, options.reopen_reason, decided, true);
        progress.OnProgress(static_cast<double>(end) / static_cast<double>(saving.size()), "Saving");
    }
}

}  // namespace formwork::exporters
