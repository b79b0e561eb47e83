#include "attendance_summary.hpp"

#include "form_labels.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace formwork::plugins::attendance {

namespace {

// The column a member's seat at a meeting counts in, from attendance_of's reading of it.
// Not yet recorded and unknown are no known attendance, so not in Expected (ModernGov counts
// only meetings whose attendance is known); everything else the member was expected at is.
void count_seat(const MemberAttendance& seen, SummaryCounts& counts) {
    if (seen.rag == Rag::not_expected) return;
    const auto& c = seen.category;
    if (seen.rag == Rag::expected) {
        ++counts.not_yet_recorded;
        return;
    }
    if (seen.rag == Rag::unknown) {
        ++counts.unknown;
        return;
    }
    ++counts.expected;
    // A substitute stood in for the member: the substitute's attendance is theirs, on their own
    // row; the member sent apologies and a substitute, as ModernGov counts "Apologies, sent
    // substitute". A deputy sent is the same for a board.
    if (seen.by_substitute || c == "apologies" || c == "apologies-substitute" || c == "deputy-sent") ++counts.apologies;
    else if (c == "present") ++counts.present;
    else if (c == "present-virtual") ++counts.present_virtually;
    else if (c == "in-attendance") ++counts.in_attendance;
    else if (c == "in-attendance-virtual") ++counts.in_attendance_virtually;
    else ++counts.absent;  // absent, or no row for the member: red in the year grid
}

std::string person_key(const AttendanceRow& row) {
    return row.person_id.empty() ? "name:" + comparable_name(row.name) : "id:" + row.person_id;
}

std::string percent_text(double share) {
    auto text = std::to_string(std::lround(share));
    return text + "%";
}

double share_of(const SummaryCounts& counts) {
    return std::round(1000.0 * counts.attended() / counts.expected) / 10.0;
}

}  // namespace

std::vector<SummaryRow> summarise(const Roster& roster, const std::vector<Meeting>& meetings) {
    std::vector<SummaryRow> rows;
    for (const auto& member : roster.members)
        rows.push_back({roster.name, member.person_id, printed_name(roster, member), true, role_label(member.role), {}});
    std::vector<std::string> keys;  // of those on no roster, by rows' index after the roster's
    const auto row_for = [&](const AttendanceRow& attendance) -> SummaryRow& {
        for (std::size_t m = 0; m < roster.members.size(); ++m)
            if (row_is_members(attendance, roster.members[m])) return rows[m];
        const auto key = person_key(attendance);
        const auto seen = std::find(keys.begin(), keys.end(), key);
        if (seen != keys.end()) return rows[roster.members.size() + static_cast<std::size_t>(seen - keys.begin())];
        keys.push_back(key);
        rows.push_back({roster.name, attendance.person_id, attendance.name, false, {}, {}});
        return rows.back();
    };

    std::vector<const Meeting*> in_order;
    for (const auto& meeting : meetings) in_order.push_back(&meeting);
    std::stable_sort(in_order.begin(), in_order.end(), [](const auto* a, const auto* b) { return a->date < b->date; });
    for (const auto* meeting : in_order) {
        // Each member's seat: the one reading the year grid and the quorum take.
        for (std::size_t m = 0; m < roster.members.size(); ++m) count_seat(attendance_of(roster.members[m], *meeting), rows[m].counts);
        // Then those who came otherwise than to their own seat: as a substitute, who counts for
        // themselves and never for the member they replaced, and in attendance not as a member.
        for (const auto& attendance : meeting->rows) {
            const bool substitute = is_substitute(attendance.attendance);
            if (!substitute && !is_in_attendance(attendance.attendance)) continue;
            const auto member = std::find_if(roster.members.begin(), roster.members.end(),
                                             [&](const auto& m) { return row_is_members(attendance, m); });
            const bool seated = member != roster.members.end() && expected_at(*member, meeting->date);
            // A member's own row in attendance is their seat's reading, counted above.
            if (!substitute && seated) continue;
            auto& row = row_for(attendance);
            if (substitute) {
                ++row.counts.as_substitute;
                // They were expected there once they agreed to stand in, so the share attended
                // never passes 100%; a member whose seat that day is counted already is not
                // expected twice.
                if (!seated) ++row.counts.expected;
            } else if (attendance.attendance == "in-attendance") {
                ++row.counts.in_attendance;
            } else {
                ++row.counts.in_attendance_virtually;
            }
        }
    }
    // A member the range holds nothing of (their term covered none of its meetings) has no row.
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [](const SummaryRow& row) {
                                  const auto& c = row.counts;
                                  return c.expected == 0 && c.as_substitute == 0 && c.in_attendance == 0 &&
                                         c.in_attendance_virtually == 0 && c.not_yet_recorded == 0 && c.unknown == 0;
                              }),
               rows.end());
    return rows;
}

std::vector<sdk::SheetView> attendance_summaries(const sdk::ViewRequest& request) {
    if (request.form_id != "attendance-meeting") return {};
    // The summary is the attendance table counted: a council that keeps it out of exports gets
    // no summary.
    if (request.is_unpublished("attendance")) return {};
    const bool percentages = request.display_value("attendance-percentages") != "hidden";

    const auto bodies = meetings_by_body(request);
    std::string first;
    std::string last;
    std::size_t meeting_count = 0;
    for (const auto& body : bodies)
        for (const auto& meeting : body.meetings) {
            ++meeting_count;
            if (meeting.date.empty()) continue;
            if (first.empty() || meeting.date < first) first = meeting.date;
            if (last.empty() || meeting.date > last) last = meeting.date;
        }
    const auto from = request.date_from.empty() ? first : request.date_from;
    const auto to = request.date_to.empty() ? last : request.date_to;
    const auto range = !from.empty() && !to.empty() ? "from " + from + " to " + to
                       : !from.empty()               ? "from " + from
                       : !to.empty()                 ? "up to " + to
                                                     : std::string();

    sdk::SheetView view;
    view.name = attendance_summary_name;
    view.title = "Attendance summary" + (range.empty() ? std::string() : ", meetings " + range);
    std::vector<sdk::Cell> header;
    for (const char* heading : {"Body", "Member", "Person id", "Role", "Expected", "Present", "Present virtually",
                                "Present as substitute", "In attendance", "In attendance virtually", "Apologies", "Absent",
                                "Not yet recorded", "Unknown"})
        header.push_back(sdk::Cell::of_text(heading));
    if (percentages) header.push_back(sdk::Cell::of_text("Attended %"));
    view.header_rows.push_back(std::move(header));

    std::string described = "Attendance summary of " + std::to_string(meeting_count) + (meeting_count == 1 ? " meeting" : " meetings") +
                            (range.empty() ? std::string() : ", " + range) + ". ";
    for (const auto& body : bodies) {
        for (const auto& row : summarise(body.roster, body.meetings)) {
            const auto& c = row.counts;
            std::vector<sdk::Cell> cells{sdk::Cell::of_text(row.body), sdk::Cell::of_text(row.name),
                                         sdk::Cell::of_text(row.person_id),
                                         sdk::Cell::of_text(row.on_roster ? row.role : std::string("Not on the roster"))};
            for (const int count : {c.expected, c.present, c.present_virtually, c.as_substitute, c.in_attendance,
                                    c.in_attendance_virtually, c.apologies, c.absent, c.not_yet_recorded, c.unknown})
                cells.push_back(sdk::Cell::of_number(count));
            if (percentages) cells.push_back(c.expected == 0 ? sdk::Cell{} : sdk::Cell::of_number(share_of(c)));
            view.rows.push_back(std::move(cells));

            described += row.name + ", " + row.body + ": attended " + std::to_string(c.attended()) + " of " +
                         std::to_string(c.expected) +
                         (percentages && c.expected > 0 ? " (" + percent_text(share_of(c)) + ")" : "");
            const std::pair<int, std::string_view> others[] = {
                {c.as_substitute, "as a substitute"}, {c.in_attendance + c.in_attendance_virtually, "in attendance, not as a member"},
                {c.apologies, "apologies"},           {c.absent, "absent"},
                {c.not_yet_recorded, "not yet recorded"}, {c.unknown, "unknown"}};
            for (const auto& [count, what] : others)
                if (count > 0) described += ", " + std::string(what) + " " + std::to_string(count);
            described += ". ";
        }
    }
    described.pop_back();
    view.text_alternative = described;
    return {std::move(view)};
}

}  // namespace formwork::plugins::attendance
