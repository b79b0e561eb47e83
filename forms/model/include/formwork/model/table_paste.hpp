// Tables filled from text: what Word and Excel put on the clipboard when cells are copied
// (rows end in a newline, cells are separated by tabs, and a cell holding a tab, a newline
// or a quote is quoted with doubled quotes inside).
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/model/record.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

// The cells of tab-separated text: CRLF or LF rows, the last newline optional, quoted cells
// unquoted. A row of one empty cell at the end is dropped.
std::vector<std::vector<std::string>> parse_tab_separated(std::string_view text);

// Writes `cells` into the table at `table_path` from row `first_row` (1-based). All or
// nothing: on any error the record is unchanged and the diagnostics say why, each naming the
// cell as in the block ("row 3 of the pasted block, column 'Date doc sent out'") and as in the
// table. See docs/forms.md, "Pasting into a table".
// - A header row: when the block's first row names at least two of the table's columns (its
//   only column, for a table of one) by label or <alias>, compared as heading_key compares,
//   the block's columns go to the columns they name, in any order, and `first_column` is not
//   used. A block column whose heading names no column is refused when any row holds text in
//   it. Blank rows are skipped.
// - Without one, the cells go in the table's column order from the column at index
//   `first_column`.
// - Section rows, in a block of two or more columns: a row whose only text is in its first
//   cell, naming (by label, code or <alias>, a plural s aside) a choice of a choice column
//   the block does not fill, sets that column for the rows below it and is not itself a row.
//   A first cell starting "Choice: " sets it for its own row, and the prefix is taken off.
// A repeating table gains rows as needed up to its max-rows; a fixed table keeps its rows.
// Each cell goes through set_value (which reads dates day first, as typed dates are read)
// and is checked as the validator checks it.
Diagnostics paste_table_cells(const FormDefinition& form, Record& record, std::string_view table_path,
                              std::size_t first_row, std::size_t first_column,
                              const std::vector<std::vector<std::string>>& cells);

// A heading as pasted headings are compared: inline markup such as <b> left out, lower case,
// spaces (non-breaking ones too) run together, none next to a '/', and no ':' at the end.
// "<b>Contributor/ approver name:</b>" gives "contributor/approver name".
std::string heading_key(std::string_view text);

// The rows of a repeating table that repeat an earlier row in every column marked row-key
// (compared as headings are): a warning on each later row, "Michele Salmon (Contributor) is
// already in row 2 of ...". The validator reports them.
Diagnostics repeated_rows(const FormDefinition& form, const Node& table, pugi::xml_node table_element,
                          const std::string& table_path);

// Removes a repeating table's row (1-based); refused below min-rows.
std::optional<Diagnostic> remove_row(const FormDefinition& form, Record& record, std::string_view table_path,
                                     std::size_t row);

}  // namespace formwork::forms
