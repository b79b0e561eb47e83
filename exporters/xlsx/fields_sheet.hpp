// The Fields sheet: the workbook's data dictionary. A row for every column of every sheet —
// the records' and tables' columns with their field paths (which a workbook read back relies
// on), then the plugins' view sheets' columns — with each column's choices, codes and labels.
#pragma once

#include "plugin_views.hpp"
#include "xlsx_workbook.hpp"
#include "../src/record_columns.hpp"

#include <formwork/model/definition.hpp>

#include <string>
#include <vector>

namespace formwork::exporters {

// A sheet of records (or of a table's rows) as it was written: its name, its form, its columns.
struct DescribedSheet {
    std::string name;
    const forms::FormDefinition* form = nullptr;
    const std::vector<record_columns::Column>* columns = nullptr;
};

// Columns: Sheet, Column, Field path, Label, Type, Hint, Choices, Form (the form's id). A view's
// column has no field path and no form; its type is "view" and its hint the view's title. The
// sheet is protected (no password) against casual edits.
void write_fields_sheet(XlsxSheet& sheet, const std::vector<DescribedSheet>& sheets, const std::vector<DrawnView>& views);

// "yes = Yes; no = No": a choice column's options, or a status column's statuses.
std::string choices_of(const forms::FormDefinition& form, const record_columns::Column& column);

}  // namespace formwork::exporters
