// Dates as a council shows them: the profile's <display name="date-format"> (docs/profile.md).
// Stored dates are always ISO YYYY-MM-DD; a format changes only what people see, and every
// format offered reads back through sdk::read_uk_date to the same date, so a date shown in a
// box can be typed again as it is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

// What a council gets when its profile is silent, or there is none: how UK officers write dates.
inline constexpr std::string_view default_date_format = "dd/mm/yyyy";

// The formats a profile may choose: dd/mm/yyyy, d/m/yyyy, dd.mm.yyyy, d.m.yyyy, dd-mm-yyyy,
// yyyy-mm-dd, d MMM yyyy, dd MMM yyyy and d MMMM yyyy. Month-first formats are not offered: a
// date shown month first would read back as another date.
const std::vector<std::string_view>& date_formats();
bool is_date_format(std::string_view format) noexcept;

// An ISO date as `format` shows it ("2024-01-15", "d MMM yyyy": "15 Jan 2024"). Text that is
// not an ISO date comes back unchanged: what a person typed and the reader refused stays as
// they typed it.
std::string format_date(std::string_view iso, std::string_view format);

// 15 January 2024 in the format, for messages that say how to write a date: "15/01/2024".
std::string date_example(std::string_view format);

}  // namespace formwork::forms
