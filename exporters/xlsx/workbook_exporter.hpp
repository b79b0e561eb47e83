// The Excel workbook export (DESIGN.md, "Exports"): typed cells, a sheet of records per
// form and a sheet per table (or one wide sheet per form), a "Fields" sheet describing
// every column, frozen headers, autofilters, drop-downs on choice columns and RAG colours.
// Streams records one at a time into libxlsxwriter's constant-memory mode and writes the
// file whole or not at all (forms::AtomicFile).
#pragma once

#include "xlsx_workbook.hpp"

#include <formwork/exporters/exporter.hpp>
#include <formwork/sdk/views.hpp>

namespace formwork::exporters {

class WorkbookExporter final : public Exporter {
public:
    // options.layout: "sheet-per-table" or "wide". Throws ExportError: bad_options,
    // no_records, limit_exceeded (naming the record and field, or the sheet), cancelled, io.
    ExportResult run(const ExportDataset& dataset, const sdk::ExportOptions& options,
                     const std::filesystem::path& destination, sdk::ExportProgress& progress) override;
};

// Draws a plugin's view as a new sheet named view.name (with " (2)"... when the name is
// taken), and returns the sheet: header rows frozen, drawn in the "header" style unless a cell names its own
// class; merged headings; typed cells coloured by their style classes; an autofilter over
// the last header row and the data; column widths from the content. A name Excel would
// refuse, or a text over 32,767 characters, is an ExportError(limit_exceeded).
XlsxSheet& render_sheet(XlsxWorkbook& workbook, const sdk::SheetView& view);

// Why render_sheet would refuse the view (a sheet name Excel refuses, a merged heading that
// ends before it starts, more rows or columns than a sheet holds, a cell Excel or XML cannot
// hold), or "" when it can be drawn. Asked before anything of the view reaches the workbook,
// which cannot take a sheet back once it is added.
std::string view_problem(const sdk::SheetView& view);

}  // namespace formwork::exporters
