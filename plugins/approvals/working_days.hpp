// Working days, as a council counts them when it chases a sign-off: Monday to Friday, less the
// bank holidays in its profile.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::plugins::approvals {

// Days since the civil epoch for an ISO date (YYYY-MM-DD), or nothing when it is not one.
std::optional<long> day_number(std::string_view iso_date);

// The working days after `from` up to and including `to`: a document sent on a Friday and
// still waiting on Monday has waited one working day. Zero when `to` is not after `from`.
// `bank_holidays` are ISO dates, in any order.
long working_days_between(long from, long to, const std::vector<std::string>& bank_holidays);

}  // namespace formwork::plugins::approvals
