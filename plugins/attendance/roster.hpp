// A body's roster and a meeting's attendance as the plugin's rules and views read them, and
// the matching of a published name to a roster member.
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::plugins::attendance {

struct RosterMember {
    std::string person_id;
    std::string name;
    std::vector<std::string> aliases;
    std::string system_id;  // the id in the committee system (ModernGov's memberid)
    std::string role;       // a code of the body form's member-role list
    std::string term_start;
    std::string term_end;
    std::string title;  // partnership boards: the member's title as printed
    bool voting() const;    // chair, deputy-chair and member vote; the non-voting roles do not
};

// A role a member of the roster held before (the body's former-roles table); dates the papers
// do not give are empty.
struct FormerRole {
    std::string person_id;
    std::string role;  // as published, e.g. Chair
    std::string from;
    std::string to;
};

struct Roster {
    std::string name;
    std::string kind;
    std::string quorum_rule;  // number or fraction
    long quorum_number = 0;
    long quorum_one_in = 0;
    std::vector<RosterMember> members;
    std::vector<FormerRole> former_roles;
};

Roster read_roster(pugi::xml_node body_instance);

// A member's name as an attendance table prints it: the name, then any former role,
// "John Gregg (Previous Chair)" (seed 004, the youth justice board's Appendix 1).
std::string printed_name(const Roster& roster, const RosterMember& member);

// A name as the papers print it, reduced for comparison: lower case, titles ("Councillor",
// "Cllr") and punctuation dropped, spaces collapsed. "Councillor L. Bigham" -> "l bigham".
std::string comparable_name(std::string_view name);

// The roster member a published name, or a committee system id, belongs to: by system id
// first, then by name or alias. Nothing when no member matches, or more than one does.
const RosterMember* match_member(const Roster& roster, std::string_view system_id, std::string_view name);

}  // namespace formwork::plugins::attendance
