#include <formwork/exporters/timeline_dates.hpp>
#include <formwork/model/values.hpp>

#include <algorithm>

namespace formwork::exporters {

std::optional<std::chrono::sys_days> timeline_day(const std::string& iso) {
    if (!forms::is_iso_date(iso)) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(std::stoi(iso.substr(0, 4))),
                                           std::chrono::month(static_cast<unsigned>(std::stoi(iso.substr(5, 2)))),
                                           std::chrono::day(static_cast<unsigned>(std::stoi(iso.substr(8, 2))))};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days(date);
}

std::optional<TimelineSpan> timeline_span(const sdk::TimelineView& timeline) {
    std::optional<TimelineSpan> span;
    const auto widen = [&](const std::string& iso) {
        const auto day = timeline_day(iso);
        if (!day) return;
        if (!span) span = TimelineSpan{*day, *day};
        span->first = std::min(span->first, *day);
        span->last = std::max(span->last, *day);
    };
    for (const auto& row : timeline.rows) {
        for (const auto& interval : row.intervals) {
            widen(interval.start);
            widen(interval.end);
        }
        for (const auto& marker : row.markers) widen(marker.date);
    }
    return span;
}

}  // namespace formwork::exporters
