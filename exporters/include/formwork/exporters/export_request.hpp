// The one entry point of an export, for the window and the command line alike: a request
// says what to export, in which format and layout, where to, and whom to tell how far it
// has got; run_export narrows the scope, runs the registered exporter and returns what it
// wrote, or throws ExportError with nothing left at the target.
#pragma once

#include <formwork/exporters/exporter.hpp>
#include <formwork/sdk/export.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::exporters {

enum class ExportFormat { xlsx, xml, csv };
enum class WorkbookLayout { sheet_per_table, wide };

struct ExportRequest {
    ExportFormat format = ExportFormat::xlsx;
    WorkbookLayout layout = WorkbookLayout::sheet_per_table;  // workbooks
    // What to export.
    std::string form;           // empty: every form (or, with record ids, the one form they share)
    std::string status;         // empty: complete and later (submissions) or all (workbooks)
    // YYYY-MM-DD, empty for no bound: the records' modified dates; with a view, the range of
    // the view's own dates (a meeting's date) instead, and the records are not chosen by date.
    std::string modified_from;
    std::string modified_to;
    std::string view;  // csv: one plugin view, by its sheet's name in a workbook; empty: the records
    std::vector<std::string> record_ids;  // empty: every record in scope; else only these
    bool include_drafts = false;          // submissions: drafts too, each marked as a draft
    bool skip_invalid = false;            // submissions: leave out (and list) a record that fails the schema
    bool choice_codes = false;            // workbooks and CSV: choices by their codes, not their labels
    sdk::CollectionDetails collection;    // submissions
    // Where to, and whom to tell: a null progress is silent and never cancels.
    std::filesystem::path target;
    sdk::ExportProgress* progress = nullptr;
};

// The name of a format or layout as the command line and the SDK's options spell it
// ("xlsx", "sheet-per-table"), and back. An unknown name is an ExportError(bad_options)
// that lists the names there are.
const char* format_name(ExportFormat format) noexcept;
ExportFormat format_named(std::string_view name);
const char* layout_name(WorkbookLayout layout) noexcept;
WorkbookLayout layout_named(std::string_view name);

// The exporter's options (the SDK's data) that a request stands for.
sdk::ExportOptions export_options(const ExportRequest& request);

// Runs the export. Records named by id are read through the store's own query, with the
// request's form, statuses and dates applied to them too; when they are all of one form and
// no form is named, only that form's sheets (or part of the schema) are written.
ExportResult run_export(const ExportDataset& dataset, const ExportRequest& request);

}  // namespace formwork::exporters
