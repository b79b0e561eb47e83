// The approval trail's pictures: a timeline of each sign-off, from the date the document was
// sent to the date of the response (or today, while awaited), against the meeting dates; and
// the sign-off table with each row's derived status.
#pragma once

#include <formwork/sdk/record_code.hpp>

#include <vector>

namespace formwork::plugins::approvals {

std::vector<sdk::TimelineView> trail_timelines(const sdk::ViewRequest& request);
std::vector<sdk::SheetView> trail_sheets(const sdk::ViewRequest& request);
// The rows of the Sign-off status view among `views` (what trail_sheets gave for `request`)
// whose status is overdue or dates to check, each with its report's record id.
std::vector<sdk::FlaggedRow> trail_flags(const sdk::ViewRequest& request, const std::vector<sdk::SheetView>& views);

}  // namespace formwork::plugins::approvals
