#include "year_grid.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace formwork::plugins::attendance {

Meeting read_meeting(const std::string& id, pugi::xml_node instance) {
    Meeting meeting;
    meeting.id = id;
    meeting.body_id = instance.child("body").text().get();
    meeting.body_name = instance.child("body-name").text().get();
    meeting.date = instance.child("date").text().get();
    meeting.period = instance.child("period").text().get();
    for (auto row : instance.child("attendance").children("row"))
        meeting.rows.push_back({row.child("person-id").text().get(), row.child("name").text().get(),
                                row.child("attendance").text().get(), row.child("substitute-for").text().get()});
    return meeting;
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
    return row.attendance == "substitute" && !row.substitute_for.empty() &&
           comparable_name(row.substitute_for) == comparable_name(member.name);
}

MemberAttendance attendance_of(const RosterMember& member, const Meeting& meeting) {
    if (!expected_at(member, meeting.date)) return {Rag::not_expected, false};
    MemberAttendance seen;
    for (const auto& row : meeting.rows) {
        const bool theirs = row_is_members(row, member);
        if (theirs && (row.attendance == "present" || row.attendance == "present-virtual")) return {Rag::green, false};
        if (theirs && row.attendance == "deputy-sent") seen.rag = Rag::amber;
        // Someone present as the member's substitute: a suitable deputy attended.
        if (stands_in_for(row, member)) seen = {Rag::amber, true};
    }
    return seen;
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

std::string sheet_name_for(const std::string& body) {
    std::string name = "Year " + body;
    for (auto& c : name)
        if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '-';
    // At most 31 characters, cut at a character boundary.
    if (name.size() > 31) {
        std::size_t cut = 31;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
        name.resize(cut);
    }
    while (!name.empty() && (name.back() == ' ' || name.back() == '\'')) name.pop_back();
    return name;
}

std::optional<pugi::xml_document> load(const sdk::RecordQuery& records, const std::string& id) {
    const auto xml = records.instance_xml(id);
    if (!xml) return std::nullopt;
    std::optional<pugi::xml_document> document(std::in_place);
    if (const auto parsed = document->load_buffer(xml->data(), xml->size()); !parsed)
        throw std::runtime_error("record " + id + " could not be read at offset " + std::to_string(parsed.offset) + ": " +
                                 parsed.description());
    return document;
}

const char* text_of(Rag rag) {
    switch (rag) {
        case Rag::green: return "attended";
        case Rag::amber: return "deputy";
        case Rag::red: return "none";
        case Rag::not_expected: return "";
    }
    return "";
}

const char* style_of(Rag rag) {
    switch (rag) {
        case Rag::green: return "rag-green";
        case Rag::amber: return "rag-amber";
        case Rag::red: return "rag-red";
        case Rag::not_expected: return "";
    }
    return "";
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
        std::vector<sdk::Cell> cells{sdk::Cell::of_text(member.name),
                                     sdk::Cell::of_text(member.title.empty() ? member.role : member.title)};
        int expected = 0;
        int attended = 0;
        int deputies = 0;
        for (const auto& meeting : meetings) {
            const auto rag = attendance_of(member, meeting).rag;
            cells.push_back(rag == Rag::not_expected ? sdk::Cell{} : sdk::Cell::of_text(text_of(rag), style_of(rag)));
            expected += rag == Rag::not_expected ? 0 : 1;
            attended += rag == Rag::green ? 1 : 0;
            deputies += rag == Rag::amber ? 1 : 0;
        }
        cells.push_back(sdk::Cell::of_number(expected));
        cells.push_back(sdk::Cell::of_number(attended));
        cells.push_back(sdk::Cell::of_number(deputies));
        const double share = expected == 0 ? 0.0 : std::round(1000.0 * attended / expected) / 10.0;
        if (percentages) cells.push_back(expected == 0 ? sdk::Cell{} : sdk::Cell::of_number(share));
        view.rows.push_back(std::move(cells));
        described += member.name + ": attended " + std::to_string(attended) + " of " + std::to_string(expected) +
                     (percentages && expected > 0 ? " (" + std::to_string(static_cast<int>(std::lround(share))) + "%)" : "") +
                     (deputies > 0 ? ", a deputy at " + std::to_string(deputies) : "") + ". ";
    }
    view.text_alternative = described;
    return view;
}

}  // namespace

std::vector<sdk::SheetView> year_grids(const sdk::ViewRequest& request) {
    if (request.form_id != "attendance-meeting") return {};
    if (request.records == nullptr) throw std::invalid_argument("the attendance year needs the stored records to read");
    // Meetings by body, in the order the bodies first appear.
    std::vector<std::string> bodies;
    std::map<std::string, std::vector<Meeting>> meetings;
    for (const auto& id : request.record_ids) {
        const auto document = load(*request.records, id);
        if (!document) throw std::runtime_error("record " + id + " is in scope but not stored");
        auto meeting = read_meeting(id, document->document_element());
        const auto key = meeting.body_id.empty() ? "name:" + meeting.body_name : meeting.body_id;
        if (!meetings.count(key)) bodies.push_back(key);
        meetings[key].push_back(std::move(meeting));
    }
    const bool percentages = request.display_value("attendance-percentages") != "hidden";
    std::vector<sdk::SheetView> views;
    for (const auto& key : bodies) {
        auto& of_body = meetings[key];
        Roster roster;
        const auto body = of_body.front().body_id.empty() ? std::nullopt : load(*request.records, of_body.front().body_id);
        if (body) {
            roster = read_roster(body->document_element());
        } else {
            // No roster held: the members are whoever the meetings list, in first-seen order.
            roster.name = of_body.front().body_name;
            for (const auto& meeting : of_body)
                for (const auto& row : meeting.rows)
                    if (row.attendance != "in-attendance" && row.attendance != "substitute" &&
                        std::none_of(roster.members.begin(), roster.members.end(),
                                     [&](const auto& m) { return comparable_name(m.name) == comparable_name(row.name); }))
                        roster.members.push_back({row.person_id, row.name, {}, {}, "member", {}, {}, {}});
        }
        views.push_back(grid(roster, std::move(of_body), percentages));
    }
    return views;
}

}  // namespace formwork::plugins::attendance
