#include "working_days.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace formwork::plugins::approvals {

namespace {

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
long days_from_civil(long y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? static_cast<unsigned>(-3) : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

bool leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<long> day_number(std::string_view iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
    long y = 0;
    unsigned m = 0;
    unsigned d = 0;
    const auto number = [&](std::size_t at, std::size_t length, auto& out) {
        const auto* first = iso.data() + at;
        const auto [end, error] = std::from_chars(first, first + length, out);
        return error == std::errc() && end == first + length;
    };
    if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
    static constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return std::nullopt;
    if (d > lengths[m - 1] + (m == 2 && leap(y) ? 1u : 0u)) return std::nullopt;
    return days_from_civil(y, m, d);
}

long working_days_between(long from, long to, const std::vector<std::string>& bank_holidays) {
    if (to <= from) return 0;
    std::set<long> holidays;
    for (const auto& date : bank_holidays)
        if (const auto day = day_number(date)) holidays.insert(*day);
    long count = 0;
    for (long day = from + 1; day <= to; ++day) {
        // Day 0 (1970-01-01) was a Thursday: weekday 0 is Monday.
        const long weekday = ((day % 7) + 7 + 3) % 7;
        if (weekday < 5 && holidays.count(day) == 0) ++count;
    }
    return count;
}

}  // namespace formwork::plugins::approvals
