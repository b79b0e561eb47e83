#include "year_grid.hpp"

#include "form_labels.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string_view>

namespace formwork::plugins::attendance {

namespace {

// Each category a member's cell can show, in the order of the grid's key: its code (a code of
// the meeting form's attendance list, or "none" or "unknown"), what it means in the seed's RAG
// sense, and the key's words (short: a picture's column is only so wide). The cell's style
// class is "attendance-" and the code.
struct Category {
    std::string_view code;
    Rag rag;
    std::string_view meaning;
};
constexpr Category categories[] = {
    {"present", Rag::green, "Green: attended"},
    {"present-virtual", Rag::green, "Green: attended virtually"},
    {"substitute", Rag::amber, "Amber: a substitute stood in"},
    {"substitute-virtual", Rag::amber, "Amber: a substitute, virtually"},
    {"apologies-substitute", Rag::amber, "Amber: a substitute was sent"},
    {"deputy-sent", Rag::amber, "Amber: a deputy was sent"},
    {"apologies", Rag::red, "Red: apologies, no one attended"},
    {"absent", Rag::red, "Red: absent, no one attended"},
    {"none", Rag::red, "Red: no row, no one attended"},
    {"in-attendance", Rag::in_attendance, "Not as a member: not counted"},
    {"in-attendance-virtual", Rag::in_attendance, "Virtually, not as a member"},
    {"expected", Rag::expected, "Not yet recorded"},
    {"unknown", Rag::unknown, "Kept as published: check it"},
};

constexpr const char* quorum_row_heading = "Voting members present (as the quorum counts)";

const Category* category_of(std::string_view code) {
    for (const auto& category : categories)
        if (category.code == code) return &category;
    return nullptr;
}

}  // namespace

std::string category_label(const std::string& category) {
    if (category == "none") return "None";
    if (category == "unknown") return "Unknown";
    return choice_label("attendance-meeting", "attendance", category);
}

std::string category_style(const std::string& category) { return category.empty() ? std::string() : "attendance-" + category; }

bool is_substitute(const std::string& code) { return code == "substitute" || code == "substitute-virtual"; }
bool is_in_attendance(const std::string& code) { return code == "in-attendance" || code == "in-attendance-virtual"; }

Meeting read_meeting(const std::string& id, pugi::xml_node instance) {
    Meeting meeting;
    meeting.id = id;
    meeting.body_id = instance.child("body").text().get();
    meeting.body_name = instance.child("body-name").text().get();
    meeting.date = instance.child("date").text().get();
    meeting.period = instance.child("period").text().get();
    for (auto node : instance.child("attendance").children("row")) {
        AttendanceRow row;
        row.person_id = node.child("person-id").text().get();
        row.name = node.child("name").text().get();
        row.attendance = node.child("attendance").text().get();
        row.substitute_for = node.child("substitute-for").text().get();
        row.as_published = node.child("attendance-as-published").text().get();
        meeting.rows.push_back(std::move(row));
    }
    return meeting;
}

std::optional<pugi::xml_document> load_instance(const sdk::RecordQuery& records, const std::string& id) {
    const auto xml = records.instance_xml(id);
    if (!xml) return std::nullopt;
    std::optional<pugi::xml_document> document(std::in_place);
    if (const auto parsed = document->load_buffer(xml->data(), xml->size()); !parsed)
        throw std::runtime_error("record " + id + " could not be read at offset " + std::to_string(parsed.offset) + ": " +
                                 parsed.description());
    return document;
}

bool expected_at(const RosterMember& member, const std::string& date) {
    // ISO dates compare as text.
    if (!member.term_start.empty() && !date.empty() && date < member.term_start) return false;
    if (!member.term_end.empty() && !date.empty() && date > member.term_end) return false;
    return true;
}

bool row_is_members(const AttendanceRow& row, const RosterMember& member) {
    return !row.person_id.empty() ? row.person_id == member.person_id : comparable_name(row.name) == comparable_name(member.name);
}

bool stands_in_for(const AttendanceRow& row, const RosterMember& member) {
    return is_substitute(row.attendance) && !row.substitute_for.empty() &&
           comparable_name(row.substitute_for) == comparable_name(member.name);
}

MemberAttendance attendance_of(const RosterMember& member, const Meeting& meeting) {
    if (!expected_at(member, meeting.date)) return {Rag::not_expected, false, {}};
    const AttendanceRow* own = nullptr;         // the member's own row, the first
    const AttendanceRow* substitute = nullptr;  // someone standing in for the member
    for (const auto& row : meeting.rows) {
        // A member's row as a substitute is them standing in for someone else, not their seat.
        if (row_is_members(row, member) && !is_substitute(row.attendance)) {
            if (row.attendance == "present" || row.attendance == "present-virtual") return {Rag::green, false, row.attendance};
            if (own == nullptr) own = &row;
        }
        if (substitute == nullptr && stands_in_for(row, member)) substitute = &row;
    }
    // Someone present as the member's substitute: they attended, and vote, in the member's place.
    if (substitute != nullptr) return {Rag::amber, true, substitute->attendance};
    if (own == nullptr) return {Rag::red, false, "none"};
    // A value kept only as published is unknown, never an absence; a row with nothing in it yet
    // is not yet recorded.
    if (own->attendance.empty()) return own->as_published.empty() ? MemberAttendance{Rag::expected, false, "expected"}
                                                                  : MemberAttendance{Rag::unknown, false, "unknown"};
    if (const auto* category = category_of(own->attendance)) return {category->rag, false, own->attendance};
    return {Rag::unknown, false, "unknown"};
}

long voting_members_present(const Roster& roster, const Meeting& meeting) {
    long present = 0;
    for (const auto& member : roster.members) {
        if (!member.voting()) continue;
        const auto seen = attendance_of(member, meeting);
        present += seen.rag == Rag::green || seen.by_substitute ? 1 : 0;
    }
    return present;
}

namespace {

// The voting members a meeting needs, by the body's rule; 0 when the rule is incomplete.
long quorum_needed(const Roster& roster, const std::string& date) {
    long voting = 0;
    for (const auto& member : roster.members) voting += member.voting() && expected_at(member, date) ? 1 : 0;
    if (roster.quorum_rule == "number") return roster.quorum_number;
    if (roster.quorum_rule == "fraction" && roster.quorum_one_in > 0)
        return (voting + roster.quorum_one_in - 1) / roster.quorum_one_in;  // a quarter of 54 is 14, not 13.5
    return 0;
}

std::string sheet_name_for(const std::string& body) {
    std::string name = "Year " + body;
    for (auto& c : name)
        if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '-';
    // At most 31 characters (body names are BMP text, so a character is one UTF-16 unit), by
    // whole words: a word cut in half reads as another word. Only one word longer than the
    // whole name is cut, at a character boundary.
    const auto characters = [](std::string_view text) {
        std::size_t n = 0;
        for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
        return n;
    };
    while (characters(name) > 31) {
        const auto space = name.find_last_of(' ');
        if (space == std::string::npos || space <= 4) {  // "Year" and one long word
            std::size_t cut = 0;
            for (std::size_t kept = 0; cut < name.size(); ++cut)
                if ((static_cast<unsigned char>(name[cut]) & 0xC0) != 0x80 && ++kept > 31) break;
            name.resize(cut);
            break;
        }
        name.resize(space);
    }
    while (!name.empty() && (name.back() == ' ' || name.back() == '\'')) name.pop_back();
    return name;
}

sdk::SheetView grid(const Roster& roster, std::vector<Meeting> meetings, bool percentages) {
    std::sort(meetings.begin(), meetings.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
    sdk::SheetView view;
    view.name = sheet_name_for(roster.name);
    view.title = "Attendance at " + roster.name + (meetings.empty() ? "" : ", " + meetings.front().date + " to " + meetings.back().date);
    std::vector<sdk::Cell> header{sdk::Cell::of_text("Member"), sdk::Cell::of_text("Title or role")};
    for (const auto& meeting : meetings)
        header.push_back(sdk::Cell::of_text(meeting.period.empty() ? meeting.date : meeting.period + " (" + meeting.date + ")"));
    header.push_back(sdk::Cell::of_text("Expected"));
    header.push_back(sdk::Cell::of_text("Attended"));
    header.push_back(sdk::Cell::of_text("Deputy attended"));
    if (percentages) header.push_back(sdk::Cell::of_text("Attended %"));
    view.header_rows.push_back(std::move(header));

    std::string described = "Attendance at " + std::to_string(meetings.size()) + " meetings of " + roster.name + ". ";
    for (const auto& member : roster.members) {
        const auto name = printed_name(roster, member);
        std::vector<sdk::Cell> cells{
            sdk::Cell::of_text(name),
            sdk::Cell::of_text(member.title.empty() ? role_label(member.role) : member.title)};
        int expected = 0;
        int attended = 0;
        int deputies = 0;
        std::map<Rag, int> others;  // in attendance, not yet recorded, unknown
        for (const auto& meeting : meetings) {
            const auto seen = attendance_of(member, meeting);
            cells.push_back(seen.rag == Rag::not_expected
                                ? sdk::Cell{}
                                : sdk::Cell::of_text(category_label(seen.category), category_style(seen.category)));
            expected += seen.rag == Rag::not_expected ? 0 : 1;
            attended += seen.rag == Rag::green ? 1 : 0;
            deputies += seen.rag == Rag::amber ? 1 : 0;
            if (seen.rag == Rag::in_attendance || seen.rag == Rag::expected || seen.rag == Rag::unknown) ++others[seen.rag];
        }
        cells.push_back(sdk::Cell::of_number(expected));
        cells.push_back(sdk::Cell::of_number(attended));
        cells.push_back(sdk::Cell::of_number(deputies));
        const double share = expected == 0 ? 0.0 : std::round(1000.0 * attended / expected) / 10.0;
        if (percentages) cells.push_back(expected == 0 ? sdk::Cell{} : sdk::Cell::of_number(share));
        view.rows.push_back(std::move(cells));
        described += name + ": attended " + std::to_string(attended) + " of " + std::to_string(expected) +
                     (percentages && expected > 0 ? " (" + std::to_string(static_cast<int>(std::lround(share))) + "%)" : "") +
                     (deputies > 0 ? ", a deputy at " + std::to_string(deputies) : "") +
                     (others.count(Rag::in_attendance) ? ", in attendance not as a member at " + std::to_string(others[Rag::in_attendance]) : "") +
                     (others.count(Rag::expected) ? ", not yet recorded at " + std::to_string(others[Rag::expected]) : "") +
                     (others.count(Rag::unknown) ? ", unknown at " + std::to_string(others[Rag::unknown]) : "") + ". ";
    }
    // The quorum's count under each meeting: the same function the quorum check calls, so the
    // grid and the editor's warning never disagree (a substitute counts for the member they
    // replaced; a deputy sent and anyone in attendance do not).
    std::vector<sdk::Cell> counted{sdk::Cell::of_text(quorum_row_heading), sdk::Cell{}};
    described += "Voting members present, as the quorum counts them:";
    for (const auto& meeting : meetings) {
        const auto present = voting_members_present(roster, meeting);
        counted.push_back(sdk::Cell::of_number(static_cast<double>(present)));
        described += " " + std::to_string(present) + " on " + meeting.date + ",";
    }
    described.back() = '.';
    described += ' ';
    view.rows.push_back(std::move(counted));
    // The key, as rows after the grid: a sheet view has no legend of its own, and the workbook
    // and the picture both show rows. Each category's cell, in its colour, and what it means.
    view.rows.push_back({sdk::Cell::of_text("Key", "header")});
    described += "Key: ";
    for (const auto& category : categories) {
        const std::string code(category.code);
        view.rows.push_back({sdk::Cell::of_text(category_label(code), category_style(code)), sdk::Cell::of_text(std::string(category.meaning))});
        described += category_label(code) + " (" + std::string(category.meaning) + "); ";
    }
    described.replace(described.size() - 2, 2, ".");
    view.text_alternative = described;
    return view;
}

}  // namespace

std::vector<BodyMeetings> meetings_by_body(const sdk::ViewRequest& request) {
    if (request.records == nullptr) throw std::invalid_argument("the attendance views need the stored records to read");
    // Meetings by body, in the order the bodies first appear.
    std::vector<std::string> bodies;
    std::map<std::string, std::vector<Meeting>> meetings;
    for (const auto& id : request.record_ids) {
        const auto document = load_instance(*request.records, id);
        if (!document) throw std::runtime_error("record " + id + " is in scope but not stored");
        auto meeting = read_meeting(id, document->document_element());
        // A range asked for (SDK 1.8: export --view with --from and --to) is of meeting dates;
        // ISO dates compare as text, and a meeting with no date is in no range.
        const bool ranged = !request.date_from.empty() || !request.date_to.empty();
        if (ranged && (meeting.date.empty() || (!request.date_from.empty() && meeting.date < request.date_from) ||
                       (!request.date_to.empty() && meeting.date > request.date_to)))
            continue;
        const auto key = meeting.body_id.empty() ? "name:" + meeting.body_name : meeting.body_id;
        if (!meetings.count(key)) bodies.push_back(key);
        meetings[key].push_back(std::move(meeting));
    }
    std::vector<BodyMeetings> out;
    for (const auto& key : bodies) {
        auto& of_body = meetings[key];
        Roster roster;
        const auto body = of_body.front().body_id.empty() ? std::nullopt : load_instance(*request.records, of_body.front().body_id);
        if (body) {
            roster = read_roster(body->document_element());
        } else {
            // No roster held: the members are whoever the meetings list, in first-seen order.
            roster.name = of_body.front().body_name;
            for (const auto& meeting : of_body)
                for (const auto& row : meeting.rows)
                    if (!is_in_attendance(row.attendance) && !is_substitute(row.attendance) &&
                        std::none_of(roster.members.begin(), roster.members.end(),
                                     [&](const auto& m) { return comparable_name(m.name) == comparable_name(row.name); }))
                        roster.members.push_back({row.person_id, row.name, {}, {}, "member", {}, {}, {}});
        }
        out.push_back({std::move(roster), std::move(of_body)});
    }
    return out;
}

std::vector<sdk::SheetView> year_grids(const sdk::ViewRequest& request) {
    if (request.form_id != "attendance-meeting") return {};
    const bool percentages = request.display_value("attendance-percentages") != "hidden";
    std::vector<sdk::SheetView> views;
    for (auto& body : meetings_by_body(request)) views.push_back(grid(body.roster, std::move(body.meetings), percentages));
    return views;
}

std::optional<QuorumShortfall> quorum_shortfall(const Roster& roster, const Meeting& meeting) {
    const long present = voting_members_present(roster, meeting);
    const auto needed = quorum_needed(roster, meeting.date);
    const bool recorded = std::any_of(meeting.rows.begin(), meeting.rows.end(),
                                      [](const auto& row) { return row.attendance != "expected" && !row.attendance.empty(); });
    if (needed <= 0 || !recorded || present >= needed) return std::nullopt;
    return QuorumShortfall{present, needed,
                           std::to_string(present) + " voting members present, and " + roster.name + " needs " +
                               std::to_string(needed)};
}

std::vector<sdk::FlaggedRow> inquorate_meetings(const sdk::ViewRequest& request, const std::vector<sdk::SheetView>& views) {
    if (request.form_id != "attendance-meeting") return {};
    std::vector<sdk::FlaggedRow> flags;
    for (const auto& body : meetings_by_body(request)) {
        const auto name = sheet_name_for(body.roster.name);
        const auto view = std::find_if(views.begin(), views.end(), [&](const auto& v) { return v.name == name; });
        if (view == views.end()) continue;
        // The row the grid shows the quorum's count on, found by its heading.
        const auto counted = std::find_if(view->rows.begin(), view->rows.end(), [](const auto& cells) {
            return !cells.empty() && cells.front().text == quorum_row_heading;
        });
        if (counted == view->rows.end()) continue;
        const auto row = static_cast<std::size_t>(counted - view->rows.begin());
        for (const auto& meeting : body.meetings)
            if (const auto short_of = quorum_shortfall(body.roster, meeting))
                flags.push_back({view->name, row, meeting.id,
                                 "The meeting of " + (meeting.date.empty() ? std::string("no date") : meeting.date) +
                                     " was not quorate: " + short_of->words + "."});
    }
    return flags;
}

}  // namespace formwork::plugins::attendance
