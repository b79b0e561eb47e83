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

// What a member's cell shows for a meeting.
Rag rag_for(const RosterMember& member, const Meeting& meeting);

// Whether the member was on the body at the meeting's date (their term covers it).
bool expected_at(const RosterMember& member, const std::string& date);

std::vector<sdk::SheetView> year_grids(const sdk::ViewRequest& request);

}  // namespace formwork::plugins::attendance
