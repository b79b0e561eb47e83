// The year at a glance: for each body, a grid of members by meetings with the member's
// attendance category in each cell, coloured in the seed's RAG sense (green: the member
// attended; amber: a deputy or substitute did; red: nobody did; other colours for what is
// none of these), then meetings expected and attended, as a count and a percentage the council
// may hide, and a key to the colours.
#pragma once

#include "roster.hpp"

#include <formwork/sdk/record_code.hpp>

#include <optional>
#include <string>
#include <vector>

namespace formwork::plugins::attendance {

// What a member's cell says, in the seed's RAG sense. The first four keep their old meaning;
// the rest are neither an attendance nor an absence, so never red.
enum class Rag {
    green,          // the member attended, in person or virtually
    amber,          // a deputy or substitute attended for the member
    red,            // no one attended for the member
    not_expected,   // the member's term did not cover the meeting: a blank cell
    in_attendance,  // the member's row says "in attendance": there, but not as a member
    expected,       // not yet recorded
    unknown,        // recorded as a value Formwork does not know, kept as published
};

struct AttendanceRow {
    std::string person_id;
    std::string name;
    std::string attendance;      // a code of the meeting form's attendance list, or empty
    std::string substitute_for;  // whom a substitute replaced, as published
    std::string as_published;    // the published attendance, when it is no code of the list
};

// Whether an attendance code is a substitute's (present as substitute, in person or
// virtually), or someone's in attendance who is not there as a member.
bool is_substitute(const std::string& code);
bool is_in_attendance(const std::string& code);

// A cell's category (see MemberAttendance) as the grid shows it: its label, and its style class.
std::string category_label(const std::string& category);
std::string category_style(const std::string& category);

struct Meeting {
    std::string id;
    std::string body_id;
    std::string body_name;
    std::string date;
    std::string period;
    std::vector<AttendanceRow> rows;
};

Meeting read_meeting(const std::string& id, pugi::xml_node instance);

// A stored record's instance, parsed; nothing when no record has that id. Throws, naming the
// record and the offset, when what is stored is not XML.
std::optional<pugi::xml_document> load_instance(const sdk::RecordQuery& records, const std::string& id);

// How a roster member attended a meeting: the one reading that the quorum check, the year grid
// and its counts all take, so that one meeting gives the same numbers everywhere. A row is the
// member's by person id when it has one, else by name as published.
struct MemberAttendance {
    Rag rag = Rag::red;          // what the member's cell in the year grid shows
    bool by_substitute = false;  // a substitute attended in the member's place, and votes for them
    // The cell's category: a code of the meeting form's attendance list, "none" (no row for the
    // member) or "unknown" (a row whose attendance is kept only as published); empty when the
    // member was not expected.
    std::string category = "none";
};
MemberAttendance attendance_of(const RosterMember& member, const Meeting& meeting);

// Whether an attendance row is the member's own (see attendance_of).
bool row_is_members(const AttendanceRow& row, const RosterMember& member);

// Whether an attendance row is a substitute (in person or virtually) standing in for the
// member, by the name it gives.
bool stands_in_for(const AttendanceRow& row, const RosterMember& member);

// The voting members a meeting counts towards its quorum: those who attended and those a
// substitute stood in for, among the voting members on the body that day.
long voting_members_present(const Roster& roster, const Meeting& meeting);

// Whether the member was on the body at the meeting's date (their term covers it).
bool expected_at(const RosterMember& member, const std::string& date);

// The meetings a view covers (those in scope, and in the request's range of meeting dates when it
// gives one), by body in the order the bodies first appear, each body's in the order of the scope,
// with the body's roster (or, with no body record held, whoever its meetings list as members): what the
// year grid and the attendance summary are both drawn over.
struct BodyMeetings {
    Roster roster;
    std::vector<Meeting> meetings;
};
std::vector<BodyMeetings> meetings_by_body(const sdk::ViewRequest& request);

// A recorded meeting with fewer voting members present than its body's quorum rule needs, or
// nothing (quorate, not yet recorded, or a rule that is incomplete). `words`: "3 voting members
// present, and Audit Committee needs 4".
struct QuorumShortfall {
    long present = 0;
    long needed = 0;
    std::string words;
};
std::optional<QuorumShortfall> quorum_shortfall(const Roster& roster, const Meeting& meeting);

std::vector<sdk::SheetView> year_grids(const sdk::ViewRequest& request);

// The year grids' rows of the quorum's count, among `views` (what year_grids gave for
// `request`), once for each inquorate meeting, with the meeting's record id.
std::vector<sdk::FlaggedRow> inquorate_meetings(const sdk::ViewRequest& request, const std::vector<sdk::SheetView>& views);

}  // namespace formwork::plugins::attendance
