// The CSV export (DESIGN.md, "Formats"; docs/exports.md, "CSV"): one form's records as a row
// each, in the columns of the workbook's record sheet, or one plugin view (export --view NAME)
// as its header rows and data rows. RFC 4180 (CRLF line ends; a field holding a comma, a quote,
// CR or LF quoted, its quotes doubled), UTF-8 with a byte order mark so that Excel reads it as
// UTF-8. Text that a spreadsheet would take for a formula is prefixed with an apostrophe. The
// file is written whole or not at all (forms::AtomicFile), and the export is audited.
#pragma once

#include <formwork/exporters/exporter.hpp>
#include <formwork/sdk/views.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace formwork::exporters {

class CsvExporter final : public Exporter {
public:
    // options.view empty: the records of one form (options.form, or the one form the records in
    // scope are of); else that view. Throws ExportError: bad_options (records of several forms
    // and no form named; a view that no form in scope draws, listing those there are),
    // no_records, cancelled, io.
    ExportResult run(const ExportDataset& dataset, const sdk::ExportOptions& options,
                     const std::filesystem::path& destination, sdk::ExportProgress& progress) override;
};

// The UTF-8 byte order mark every CSV starts with.
inline constexpr std::string_view csv_byte_order_mark = "\xEF\xBB\xBF";

// A text value as one CSV field: prefixed with ' when it starts with = + - @ a tab or a CR
// (a spreadsheet would run it as a formula), then quoted when it holds a comma, a quote, CR or
// LF, its quotes doubled.
std::string csv_text(std::string_view text);
// A number as one CSV field: '.' for the decimal point, no thousands separator, an integer
// without a fraction; never prefixed, a negative number included.
std::string csv_number(double value);
// A cell of a view as one CSV field: numbers and YYYY-MM-DD dates as they are, booleans as
// true or false, text through csv_text.
std::string csv_cell(const sdk::Cell& cell);
// A view's rows as CSV lines (no byte order mark): header rows, with a merged heading's text
// in its first column and the columns it spans empty, then data rows; every line as wide as
// the widest.
std::string csv_of_view(const sdk::SheetView& view);

}  // namespace formwork::exporters
