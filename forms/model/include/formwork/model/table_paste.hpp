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

// Writes `cells` into the table at `table_path` from row `first_row` (1-based) and the
// column at index `first_column` of the table's columns. A repeating table gains rows as
// needed up to its max-rows; a fixed table keeps its rows. Each cell goes through
// set_value, so a bad value is refused with a diagnostic naming its cell. All or nothing:
// on any error the record is unchanged and the diagnostics say why.
Diagnostics paste_table_cells(const FormDefinition& form, Record& record, std::string_view table_path,
                              std::size_t first_row, std::size_t first_column,
                              const std::vector<std::vector<std::string>>& cells);

// Removes a repeating table's row (1-based); refused below min-rows.
std::optional<Diagnostic> remove_row(const FormDefinition& form, Record& record, std::string_view table_path,
                                     std::size_t row);

}  // namespace formwork::forms
