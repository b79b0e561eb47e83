// The dates of a timeline view, as every renderer of one reads them: the workbook's week
// grid and the window's picture put the same days in the same places.
#pragma once

#include <formwork/sdk/views.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace formwork::exporters {

// A YYYY-MM-DD date as a day; nothing for text that is not a real calendar date.
std::optional<std::chrono::sys_days> timeline_day(const std::string& iso);

struct TimelineSpan {
    std::chrono::sys_days first;
    std::chrono::sys_days last;
};

// The earliest and latest dates of every interval and marker; nothing when none is a date.
std::optional<TimelineSpan> timeline_span(const sdk::TimelineView& timeline);

}  // namespace formwork::exporters
