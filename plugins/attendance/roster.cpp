#include "roster.hpp"

#include <cctype>
#include <charconv>
#include <sstream>

namespace formwork::plugins::attendance {

bool RosterMember::voting() const { return role == "chair" || role == "deputy-chair" || role == "member"; }

namespace {

long number_of(const char* text) {
    long value = 0;
    const std::string_view view(text);
    std::from_chars(view.data(), view.data() + view.size(), value);
    return value;
}

}  // namespace

Roster read_roster(pugi::xml_node body) {
    Roster roster;
    roster.name = body.child("name").text().get();
    roster.kind = body.child("kind").text().get();
    const auto quorum = body.child("quorum");
    roster.quorum_rule = quorum.child("rule").text().get();
    roster.quorum_number = number_of(quorum.child("number").text().get());
    roster.quorum_one_in = number_of(quorum.child("one-in").text().get());
    for (auto row : body.child("members").children("row")) {
        RosterMember member;
        member.person_id = row.child("person-id").text().get();
        member.name = row.child("name").text().get();
        std::istringstream aliases(row.child("aliases").text().get());
        for (std::string alias; std::getline(aliases, alias);)
            if (alias.find_first_not_of(" \t\r") != std::string::npos) member.aliases.push_back(alias);
        member.system_id = row.child("system-id").text().get();
        member.role = row.child("role").text().get();
        member.term_start = row.child("term-start").text().get();
        member.term_end = row.child("term-end").text().get();
        member.title = row.child("title").text().get();
        roster.members.push_back(std::move(member));
    }
    for (auto row : body.child("former-roles").children("row"))
        roster.former_roles.push_back({row.child("person-id").text().get(), row.child("role").text().get(),
                                       row.child("from").text().get(), row.child("to").text().get()});
    return roster;
}

std::string printed_name(const Roster& roster, const RosterMember& member) {
    std::string roles;
    for (const auto& former : roster.former_roles)
        if (!member.person_id.empty() && former.person_id == member.person_id && !former.role.empty())
            roles += (roles.empty() ? "" : ", ") + former.role;
    return roles.empty() ? member.name : member.name + " (Previous " + roles + ")";
}

std::string comparable_name(std::string_view name) {
    std::string words;
    std::string word;
    const auto finish = [&] {
        if (word.empty()) return;
        if (word != "councillor" && word != "cllr" && word != "mr" && word != "mrs" && word != "ms" && word != "dr")
            words += (words.empty() ? "" : " ") + word;
        word.clear();
    };
    for (std::size_t i = 0; i < name.size(); ++i) {
        // O'Boyle, O’Boyle and OBoyle compare alike.
        if (name[i] == '\'') continue;
        if (name.substr(i, 3) == "\xE2\x80\x99") {
            i += 2;
            continue;
        }
        const auto byte = static_cast<unsigned char>(name[i]);
        if (std::isalnum(byte) || byte >= 0x80)
            word += static_cast<char>(std::tolower(byte));
        else
            finish();
    }
    finish();
    return words;
}

const RosterMember* match_member(const Roster& roster, std::string_view system_id, std::string_view name) {
    if (!system_id.empty())
        for (const auto& member : roster.members)
            if (member.system_id == system_id) return &member;
    const auto wanted = comparable_name(name);
    if (wanted.empty()) return nullptr;
    const RosterMember* found = nullptr;
    for (const auto& member : roster.members) {
        bool same = comparable_name(member.name) == wanted;
        for (const auto& alias : member.aliases) same = same || comparable_name(alias) == wanted;
        if (!same) continue;
        if (found != nullptr) return nullptr;  // two members answer to the name: never guess
        found = &member;
    }
    return found;
}

}  // namespace formwork::plugins::attendance
