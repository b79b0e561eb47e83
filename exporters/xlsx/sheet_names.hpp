// Sheet names for people: a form's title names its records sheet, and "Form title – Table
// label" a table's, shortened by whole words to Excel's 31 characters and told apart with
// " (2)". Pure functions, so that the rule is tested on its own (tests/exporters/names_test.cpp).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace formwork::exporters::sheet_names {

// Between a form's title and a table's label: an en dash, one UTF-16 unit.
inline constexpr std::string_view separator = " \xE2\x80\x93 ";  // " – "

// `text` as a sheet name may hold it: Excel's forbidden characters become the nearest it
// allows ([ ] as ( ), / \ as -, : * ? dropped), runs of white space one space, and no
// apostrophe or space at either end.
std::string cleaned(std::string_view text);

// The longest run of `text`'s first words (cleaned) that fits in `units` UTF-16 units, with
// no connective ("and", "of") or open bracket left dangling at its end; empty when not even
// the first word fits.
std::string first_words(std::string_view text, std::size_t units);

// `text` (cleaned) within `units`: whole words where any fit, else its first word cut, with an
// ellipsis (see the .cpp for why).
std::string within(std::string_view text, std::size_t units);

// A form's records sheet: its title, within `units`.
std::string for_records(std::string_view form_title, std::size_t units = 31);

// A table's sheet: "Form title – Table label"; where that is too long, the form's title loses
// words from its end; then the label stands alone; then it loses words from its end.
std::string for_table(std::string_view form_title, std::string_view table_label, std::size_t units = 31);

// The first of name(31), "name(27) (2)", "name(27) (3)"... that `taken` does not hold, where
// name(n) is the name made within n units: a clash loses whole words to its suffix, as a long
// name does. `taken` compares as Excel does, case-insensitively.
std::string unique(const std::function<std::string(std::size_t units)>& name_within,
                   const std::function<bool(const std::string&)>& taken);

}  // namespace formwork::exporters::sheet_names
