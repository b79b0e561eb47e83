// The attendance summary: one row per person and body over the meetings in range, in the columns
// of ModernGov's attendance summary (expected, present, present virtually, present as substitute,
// in attendance, in attendance virtually, apologies, absent) and the share of the expected
// meetings the person attended, read from each meeting through attendance_of, the one reading
// the year grid and the quorum take (docs/attendance.md, "Attendance summary").
#pragma once

#include "year_grid.hpp"

#include <formwork/sdk/record_code.hpp>
#include <formwork/sdk/views.hpp>

#include <string>
#include <vector>

namespace formwork::plugins::attendance {

// The view's name: its sheet in a workbook, and `export --format csv --view "Attendance summary"`.
inline constexpr const char* attendance_summary_name = "Attendance summary";

// One person's meetings of one body, by the column they count in.
struct SummaryCounts {
    int expected = 0;  // meetings whose attendance is known that the person was expected at
    int present = 0;
    int present_virtually = 0;
    int as_substitute = 0;  // in person or virtually, standing in for a member
    int in_attendance = 0;
    int in_attendance_virtually = 0;
    int apologies = 0;  // with a substitute or a deputy sent, or none
    int absent = 0;     // absent, or no row at all
    int not_yet_recorded = 0;
    int unknown = 0;  // kept only as published
    int attended() const { return present + present_virtually + as_substitute; }
};

struct SummaryRow {
    std::string body;
    std::string person_id;
    std::string name;  // a roster member's as the papers print it (printed_name)
    bool on_roster = true;
    std::string role;  // the roster role's label; empty for someone on no roster
    SummaryCounts counts;
};

// The summary's rows for one body's meetings: its roster's members in roster order, then those
// who came as a substitute or in attendance and are on no roster, in the order first seen.
std::vector<SummaryRow> summarise(const Roster& roster, const std::vector<Meeting>& meetings);

// The view (none for another form, or when the council keeps the attendance table unpublished).
std::vector<sdk::SheetView> attendance_summaries(const sdk::ViewRequest& request);

}  // namespace formwork::plugins::attendance
