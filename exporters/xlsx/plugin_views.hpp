// The views of the forms' plugins (SDK 1.4) as sheets of a workbook export: the EIA's impact
// matrix, the approval timeline. Sheet views are drawn as they are; a timeline view becomes a
// grid of weeks, each person's interval coloured across the weeks it spans, the meetings
// marked in theirs.
#pragma once

#include "xlsx_workbook.hpp"

#include <formwork/exporters/exporter.hpp>
#include <formwork/store/export_source.hpp>
#include <formwork/sdk/views.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace formwork::exporters {

// A timeline as a sheet view: who, from, to and what, then a column per week from the first
// date to the last; over more than 26 weeks, a column per month, so that it prints one page
// wide (at most 265 columns; a longer span keeps only the first).
sdk::SheetView timeline_sheet(const sdk::TimelineView& timeline);

// A row a plugin flags (SDK 1.10, Plugin::flagged_rows), on the sheet its view was drawn as.
struct FlaggedSheetRow {
    std::string form;          // the form's title
    std::string sheet;         // the name the view's sheet got (a clash makes it "Name (2)")
    std::uint32_t row = 0;     // as Excel numbers it, from 1, header rows counted
    std::string record_id;     // empty when the row is of several records, or none
    std::string problem;
};

// A drawn view's columns, for the Fields sheet: the headings of its last header row.
struct DrawnView {
    std::string sheet;
    std::string title;
    std::vector<std::string> headings;
};

struct PluginViewSheets {
    std::vector<std::string> warnings;
    std::vector<FlaggedSheetRow> flagged;
    std::vector<DrawnView> drawn;
};

// For each form in scope whose plugin draws views, asks for them over the records in scope and
// adds each as a sheet, and asks the plugin which of their rows are problems. A plugin whose
// views fail is named in the warnings and its views are left out (its flags with them); a
// plugin whose flags fail is named too, and its views stay. The export goes on.
PluginViewSheets add_plugin_view_sheets(XlsxWorkbook& workbook, const ExportDataset& dataset,
                                        const std::vector<std::pair<forms::FormDefinitionPtr, forms::ScanQuery>>& scopes);

}  // namespace formwork::exporters
