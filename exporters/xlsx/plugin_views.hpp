// The views of the forms' plugins (SDK 1.4) as sheets of a workbook export: the EIA's impact
// matrix, the approval timeline. Sheet views are drawn as they are; a timeline view becomes a
// grid of weeks, each person's interval coloured across the weeks it spans, the meetings
// marked in theirs.
#pragma once

#include "xlsx_workbook.hpp"

#include <formwork/exporters/exporter.hpp>
#include <formwork/store/export_source.hpp>
#include <formwork/sdk/views.hpp>

#include <string>
#include <vector>

namespace formwork::exporters {

// A timeline as a sheet view: who, from, to and what, then a column per week from the first
// date to the last (at most five years of weeks; a longer span keeps only the first columns).
sdk::SheetView timeline_sheet(const sdk::TimelineView& timeline);

// For each form in scope whose plugin draws views, asks for them over the records in scope and
// adds each as a sheet. A plugin whose views fail is named in the returned warnings and its
// views are left out; the export goes on.
std::vector<std::string> add_plugin_view_sheets(XlsxWorkbook& workbook, const ExportDataset& dataset,
                                                const std::vector<std::pair<forms::FormDefinitionPtr, forms::ScanQuery>>& scopes);

}  // namespace formwork::exporters
