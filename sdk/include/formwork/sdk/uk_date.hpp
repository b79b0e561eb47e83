// UK day-first dates as committee reports write them: 03.08.2023, 05.09.23, 14/9/2023, 03/10/23,
// and written out, 13 September 2023. Never guessed: a date that is impossible or ambiguous is
// refused with the reason. The engine, the window and every plugin read typed and imported dates
// through this one reader (SDK 1.6).
#pragma once

#include <boost/config.hpp>

#include <string>
#include <string_view>

namespace formwork::sdk {

struct UkDate {
    std::string iso;      // YYYY-MM-DD; empty when the text could not be read
    std::string problem;  // why not, for people; empty when it was read
};

// Reads d.m.yyyy, d.m.yy, d/m/yyyy, d/m/yy, d-m-yyyy, d-m-yy (always day first; two-digit years
// are 20yy), YYYY-MM-DD as ISO, and [Wednesday] 13[th] [of] September[,] 2023 with the month's
// name or a common abbreviation, in any case. Spaces and non-breaking spaces around it do not
// count. Refuses, with the reason: impossible dates (31.02.2023, month 13, day 0), a date with
// no year or no day, more than one date in the text, and anything else ("TBC": not a date).
// Empty text gives neither a date nor a problem.
BOOST_SYMBOL_VISIBLE UkDate read_uk_date(std::string_view text);

}  // namespace formwork::sdk
