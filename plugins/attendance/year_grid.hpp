// The year at a glance: for each body, a grid of members by meetings with a RAG status in each
// cell (green: the member attended; amber: a suitable deputy attended; red: nobody did), then
// meetings expected and attended, as a count and a percentage the council may hide.
#pragma once

#include "roster.hpp"

#include <formwork/sdk/record_code.hpp>

#include <string>
#include <vector>

namespace formwork::plugins::attendance {

enum class Rag { green, amber, red, not_expected };

struct AttendanceRow {
    std::string person_id;
    std::string name;
    std::string attendance;      // a code of the meeting form's attendance list, or empty
    std::string substitute_for;  // whom a substitute replaced, as published
};

struct Meeting {
    std::string id;
    std::string body_id;
    std::string body_name;
    std::string date;
    std::string period;
    std::vector<AttendanceRow> rows;
};

Meeting read_meeting(const std::string& id, pugi::xml_node instance);

// How a roster member attended a meeting: the one reading that the quorum check, the year grid
// and its counts all take, so that one meeting gives the same numbers everywhere. A row is the
// member's by person id when it has one, else by name as published.
struct MemberAttendance {
    Rag rag = Rag::red;          // what the member's cell in the year grid shows
    bool by_substitute = false;  // a substitute attended in the member's place, and votes for them
};
MemberAttendance attendance_of(const RosterMember& member, const Meeting& meeting);

// Whether an attendance row is the member's own (see attendance_of).
bool row_is_members(const AttendanceRow& row, const RosterMember& member);

// Whether an attendance row is a substitute standing in for the member, by the name it gives.
bool stands_in_for(const AttendanceRow& row, const RosterMember& member);

// The voting members a meeting counts towards its quorum: those who attended and those a
// substitute stood in for, among the voting members on the body that day.
long voting_members_present(const Roster& roster, const Meeting& meeting);

// Whether the member was on the body at the meeting's date (their term covers it).
bool expected_at(const RosterMember& member, const std::string& date);

std::vector<sdk::SheetView> year_grids(const sdk::ViewRequest& request);

}  // namespace formwork::plugins::attendance
