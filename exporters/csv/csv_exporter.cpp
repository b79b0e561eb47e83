#include "csv_exporter.hpp"

#include "../src/record_columns.hpp"
#include "../xlsx/plugin_views.hpp"

#include <formwork/exporters/export_audit.hpp>
#include <formwork/model/atomic_file.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/model/record.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <system_error>

namespace formwork::exporters {

namespace {

using namespace record_columns;
using forms::with_commas;

void check_cancel(sdk::ExportProgress& progress) {
    if (progress.IsCancelled()) throw ExportError(ExportError::Kind::cancelled, "the export was cancelled; no file was written");
}

// What the CSV field of a value column holds: numbers, dates and booleans of their field's type
// as they are stored (they are already as a spreadsheet reads them), anything else as text;
// choices as their labels, or with `codes` (sdk::ExportOptions::choice_codes) their codes.
std::string typed_field(const Column& column, std::string_view value, bool codes) {
    if (value.empty()) return {};
    switch (column.field ? column.field->type : forms::FieldType::text) {
        case forms::FieldType::integer:
        case forms::FieldType::decimal:
            if (forms::is_integer(value) || forms::is_decimal(value)) return std::string(value);
            break;
        case forms::FieldType::date:
            if (forms::is_iso_date(value)) return std::string(value);
            break;
        case forms::FieldType::boolean:
            if (forms::is_boolean(value)) return std::string(value);
            break;
        case forms::FieldType::choice:
            return csv_text(choice_shown(column, value, codes));
        default:
            break;
    }
    return csv_text(value);
}

std::string field_of(const Column& column, pugi::xml_node element, bool codes) {
    if (!element) return {};
    switch (column.kind) {
        case ColumnKind::multi_labels:
        case ColumnKind::multi_codes:
            return csv_text(joined_choices(column, element, codes));
        case ColumnKind::person_part:
            return csv_text(element.text().get());
        default:
            return typed_field(column, element.text().get(), codes);
    }
}

void append_line(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        out += fields[i];
    }
    out += "\r\n";
}

// The file, written whole or not at all.
class CsvFile {
public:
    explicit CsvFile(const std::filesystem::path& destination) {
        try {
            file_ = std::make_unique<forms::AtomicFile>(destination);
        } catch (const std::runtime_error& e) {
            throw ExportError(ExportError::Kind::io, e.what());
        }
        write(csv_byte_order_mark);
    }
    void write(std::string_view text) { file_->writer().write(text.data(), text.size()); }
    forms::AtomicFile& file() { return *file_; }

    ExportResult finish(const ExportDataset& dataset, const sdk::ExportOptions& options, const WrittenExport& written,
                        std::vector<std::string> warnings) {
        ExportResult result;
        result.warnings = std::move(warnings);
        record_and_commit(dataset, options, *file_, written, result);
        return result;
    }

private:
    std::unique_ptr<forms::AtomicFile> file_;
};

// ---- One form's records ----

ExportResult export_records(const ExportDataset& dataset, const sdk::ExportOptions& options,
                            const std::filesystem::path& destination, sdk::ExportProgress& progress) {
    // A CSV is one table: the records of one form.
    forms::FormDefinitionPtr form;
    forms::ScanQuery scan;
    std::size_t total = 0;
    std::vector<std::string> forms_with_records;
    for (const auto& each : forms_in_scope(dataset.forms, options)) {
        auto each_scan = scan_in_scope(dataset, *each, options, false);
        const auto records = dataset.source.count(each_scan);
        if (records == 0) continue;
        forms_with_records.push_back(each->id);
        if (!form) {
            form = each;
            scan = std::move(each_scan);
            total = records;
        }
    }
    if (forms_with_records.size() > 1) {
        std::string names;
        for (const auto& id : forms_with_records) names += (names.empty() ? "" : ", ") + id;
        throw ExportError(ExportError::Kind::bad_options,
                          "a CSV holds the records of one form, and those in scope are of " +
                              std::to_string(forms_with_records.size()) + " (" + names +
                              "); choose one form (--form on the command line), or export a workbook, which holds them all");
    }
    if (!form) throw ExportError(ExportError::Kind::no_records, "no records of " + no_records_scope(dataset, options) + "; nothing was written");

    // The workbook's record sheet's columns, headers and all. A table's rows are not flattened
    // into them.
    const bool codes = options.choice_codes;
    std::vector<Column> columns;
    add_record_meta_columns(columns);
    std::vector<std::string> tables;
    node_columns(*form, form->items, {}, {}, {}, columns,
                 [&](const forms::Node&, const std::vector<Step>&, const std::string& path) { tables.push_back(path); });
    add_record_id_column(columns);
    if (codes) drop_code_columns(columns);
    distinguish_headings(columns);
    std::vector<std::string> warnings;
    if (!tables.empty()) {
        std::string paths;
        for (const auto& path : tables) paths += (paths.empty() ? "" : ", ") + path;
        warnings.push_back("the table" + std::string(tables.size() == 1 ? " " : "s ") + paths + " of form '" + form->id +
                           "' " + (tables.size() == 1 ? "is" : "are") +
                           " not in the CSV, which has a row per record: a workbook export has a sheet per table, and a "
                           "plugin's view of a table is exported with --view");
    }

    CsvFile out(destination);
    std::string line;
    std::vector<std::string> fields;
    for (const auto& column : columns) fields.push_back(csv_text(column.header));
    append_line(line, fields);
    out.write(line);

    WrittenExport written;
    const std::size_t step = std::max<std::size_t>(total / 100, 1);
    const std::string stage = "Writing " + form->title;
    dataset.source.scan(scan, [&](const forms::Record& record) {
        check_cancel(progress);
        // Relevance as the record's own version of the form has it; columns as the latest.
        const auto definition = dataset.forms.find(record.meta.form_id, record.meta.form_version);
        const auto& own = definition ? *definition : *form;
        const auto left_out = forms::may_leave_out(own) ? forms::LeftOut(own, record) : forms::LeftOut();
        const auto root = record.instance();
        fields.clear();
        for (const auto& column : columns) {
            switch (column.kind) {
                case ColumnKind::record_id: fields.push_back(csv_text(record.meta.id)); break;
                case ColumnKind::record_title: fields.push_back(csv_text(forms::record_title(own, record))); break;
                case ColumnKind::status: fields.push_back(csv_text(status_shown(*form, record.meta.status, codes))); break;
                case ColumnKind::modified: fields.push_back(csv_text(record.meta.modified_at)); break;
                case ColumnKind::modified_by: fields.push_back(csv_text(record.meta.modified_by)); break;
                default: fields.push_back(field_of(column, follow(root, column.steps, left_out), codes)); break;
            }
        }
        line.clear();
        append_line(line, fields);
        out.write(line);
        written.record_ids.push_back(record.meta.id);
        const auto done = written.record_ids.size();
        if (done % step == 0 || done == total)
            progress.OnProgress(std::min(1.0, static_cast<double>(done) / static_cast<double>(total)), stage);
        return true;
    });
    check_cancel(progress);
    progress.OnProgress(1.0, "Saving " + destination.filename().string());
    auto result = out.finish(dataset, options, written, std::move(warnings));
    result.records = written.record_ids.size();
    return result;
}

// ---- One plugin view ----

ExportResult export_view(const ExportDataset& dataset, const sdk::ExportOptions& options,
                         const std::filesystem::path& destination, sdk::ExportProgress& progress) {
    // --from and --to are the view's own dates: the records are not chosen by modified date.
    auto record_options = options;
    record_options.modified_from.clear();
    record_options.modified_to.clear();

    std::vector<std::string> names;
    std::vector<std::string> problems_seen;
    std::optional<sdk::SheetView> found;
    std::vector<std::string> record_ids;
    for (const auto& form : forms_in_scope(dataset.forms, options)) {
        if (!form->extension) continue;
        check_cancel(progress);
        std::vector<std::string> ids;
        dataset.source.scan(scan_in_scope(dataset, *form, record_options, false), [&](const forms::Record& record) {
            ids.push_back(record.meta.id);
            return true;
        });
        // As in a workbook: a form with no records in scope has no views.
        if (ids.empty()) continue;
        auto request = form->extension->view_request(*form, ids, dataset.source.query());
        request.date_from = options.modified_from;
        request.date_to = options.modified_to;
        forms::Diagnostics problems;
        auto sheets = form->extension->sheet_views(request, problems);
        for (const auto& timeline : form->extension->timeline_views(request, problems)) sheets.push_back(timeline_sheet(timeline));
        if (!problems.empty()) {
            for (const auto& problem : problems)
                problems_seen.push_back("the views of plugin '" + form->extension->plugin_id() + "' for form '" + form->id +
                                        "' could not be drawn: " + problem.message);
            continue;
        }
        for (auto& view : sheets) {
            if (std::find(names.begin(), names.end(), view.name) == names.end()) names.push_back(view.name);
            if (!found && view.name == options.view) {
                found = std::move(view);
                record_ids = ids;
            }
        }
    }
    if (!found) {
        std::string message = "no view '" + options.view + "' of " + (options.form.empty() ? "any form" : "form '" + options.form + "'") +
                              " with records in scope";
        if (names.empty()) {
            message += "; there are no views";
        } else {
            message += "; the views are ";
            for (std::size_t i = 0; i < names.size(); ++i) message += (i == 0 ? "'" : ", '") + names[i] + "'";
        }
        for (const auto& problem : problems_seen) message += "; " + problem;
        throw ExportError(ExportError::Kind::bad_options, message);
    }

    check_cancel(progress);
    progress.OnProgress(0.5, "Writing " + (found->title.empty() ? found->name : found->title));
    CsvFile out(destination);
    out.write(csv_of_view(*found));
    check_cancel(progress);
    progress.OnProgress(1.0, "Saving " + destination.filename().string());
    WrittenExport written;
    written.record_ids = std::move(record_ids);
    auto result = out.finish(dataset, options, written, {});
    result.records = written.record_ids.size();
    return result;
}

}  // namespace

std::string csv_text(std::string_view text) {
    std::string field;
    if (!text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' || text.front() == '@' ||
                          text.front() == '\t' || text.front() == '\r'))
        field += '\'';
    field += text;
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string quoted = "\"";
    for (const char c : field) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string csv_number(double value) {
    if (!std::isfinite(value)) return csv_text(std::isnan(value) ? "NaN" : value < 0 ? "-Infinity" : "Infinity");
    char buffer[64];
    // An integer as one, without the exponent the shortest form gives 1e+15.
    if (value == std::trunc(value) && std::fabs(value) < 1e15) {
        const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
        return error == std::errc() ? std::string(buffer, end) : std::string();
    }
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return error == std::errc() ? std::string(buffer, end) : std::string();
}

std::string csv_cell(const sdk::Cell& cell) {
    switch (cell.type) {
        case sdk::Cell::Type::empty: return {};
        case sdk::Cell::Type::number: return csv_number(cell.number);
        case sdk::Cell::Type::date: return forms::is_iso_date(cell.text) ? cell.text : csv_text(cell.text);
        case sdk::Cell::Type::boolean: return cell.text == "true" ? "true" : "false";
        case sdk::Cell::Type::text: break;
    }
    return csv_text(cell.text);
}

std::string csv_of_view(const sdk::SheetView& view) {
    std::size_t width = 0;
    for (const auto& row : view.header_rows) width = std::max(width, row.size());
    for (const auto& row : view.rows) width = std::max(width, row.size());
    for (const auto& merged : view.merged_headings) width = std::max(width, merged.last_column + 1);

    std::string out;
    std::vector<std::string> fields;
    const auto line = [&](const std::vector<sdk::Cell>& cells) {
        fields.assign(width, {});
        for (std::size_t c = 0; c < cells.size(); ++c) fields[c] = csv_cell(cells[c]);
    };
    for (std::size_t h = 0; h < view.header_rows.size(); ++h) {
        line(view.header_rows[h]);
        // As the workbook merges them: the heading in its first column, nothing under the rest.
        for (const auto& merged : view.merged_headings) {
            if (merged.row != h || merged.last_column < merged.first_column) continue;
            for (auto c = merged.first_column; c <= merged.last_column && c < width; ++c) fields[c].clear();
            fields[merged.first_column] = csv_text(merged.text);
        }
        append_line(out, fields);
    }
    for (const auto& row : view.rows) {
        line(row);
        append_line(out, fields);
    }
    return out;
}

ExportResult CsvExporter::run(const ExportDataset& dataset, const sdk::ExportOptions& options,
                              const std::filesystem::path& destination, sdk::ExportProgress& progress) {
    check_scope_dates(options);
    return options.view.empty() ? export_records(dataset, options, destination, progress)
                                : export_view(dataset, options, destination, progress);
}

}  // namespace formwork::exporters
