// ModernGov's GetMeeting XML read into an attendance-meeting record: the date, time and venue,
// and one attendance row for each attendee in file order, none dropped. Attendees are matched
// to the body's roster; whoever is not on it is kept as a row without a person id and listed as
// a guest. What cannot be read as it stands is kept as published and noted, never guessed. A
// file holding a character XML 1.0 forbids, written as it is or as a reference, is refused.
#include "moderngov_import.hpp"

#include "moderngov_xml.hpp"
#include "roster.hpp"

#include <formwork/sdk/xml_text.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace formwork::plugins::attendance {

namespace {

using sdk::Finding;
using sdk::ImportNote;

constexpr std::array<const char*, 12> attendance_columns{
    "person-id",      "name",    "role",         "attendance", "attendance-as-published", "substitute-for",
    "apology-category", "deputy", "arrived-late", "left-early", "party",                   "ward"};
constexpr std::array<const char*, 2> guest_columns{"name", "description"};

// The code of the form's attendance list a published value means, or empty: each category
// ModernGov publishes is kept as itself (a virtual attendance is not an attendance in person,
// a substitute's apologies are not bare apologies). docs/attendance.md has the table.
std::string attendance_code(std::string_view published) {
    static const std::map<std::string, std::string, std::less<>> codes{
        {"present", "present"},
        {"present virtual", "present-virtual"},
        {"present virtually", "present-virtual"},
        {"present remotely", "present-virtual"},
        {"present as substitute", "substitute"},
        {"present as a substitute", "substitute"},
        {"present as substitute virtual", "substitute-virtual"},
        {"present as substitute virtually", "substitute-virtual"},
        {"present as a substitute virtually", "substitute-virtual"},
        {"apologies", "apologies"},
        {"apologies for absence", "apologies"},
        {"apologies sent substitute", "apologies-substitute"},
        {"apologies substitute sent", "apologies-substitute"},
        {"apologies with substitute", "apologies-substitute"},
        {"apologies sent a substitute", "apologies-substitute"},
        {"absent", "absent"},
        {"expected", "expected"},
        {"in attendance", "in-attendance"},
        {"in attendance virtual", "in-attendance-virtual"},
        {"in attendance virtually", "in-attendance-virtual"},
        {"deputy sent", "deputy-sent"},
        {"sent deputy", "deputy-sent"},
    };
    const auto found = codes.find(as_words(published));
    return found == codes.end() ? std::string() : found->second;
}

struct Row {
    std::array<std::string, attendance_columns.size()> cells;
    std::string& operator[](std::string_view column) {
        for (std::size_t i = 0; i < attendance_columns.size(); ++i)
            if (column == attendance_columns[i]) return cells[i];
        throw std::logic_error("no attendance column " + std::string(column));
    }
};

using Reading = MgNotes;

struct Body {
    std::string id;
    Roster roster;
};

Body read_body(const sdk::ImportRequest& request, const std::string& id) {
    if (request.records == nullptr)
        throw std::invalid_argument("the body '" + id + "' cannot be looked up: no record store is open");
    const auto summary = request.records->summary(id);
    if (!summary) throw std::invalid_argument("the body '" + id + "' is no record of the store");
    if (summary->form_id != "attendance-body")
        throw std::invalid_argument("the body '" + id + "' is a record of the form " + summary->form_id +
                                    (summary->title.empty() ? std::string() : " ('" + summary->title + "')") +
                                    ", not a body (attendance-body)");
    const auto instance = request.records->instance_xml(id);
    if (!instance) throw std::invalid_argument("the body '" + id + "' has no instance in the store");
    pugi::xml_document document;
    const auto parsed = document.load_buffer(instance->data(), instance->size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed || std::string_view(document.document_element().name()) != "attendance-body")
        throw std::invalid_argument("the body '" + id + "' could not be read as an attendance body");
    return Body{id, read_roster(document.document_element())};
}

void add_text(pugi::xml_node parent, const char* name, const std::string& value) {
    auto child = parent.append_child(name);
    if (!value.empty()) child.text().set(value.c_str());
}

}  // namespace

sdk::ImportResult import_moderngov(const sdk::ImportRequest& request) {
    if (request.format != "moderngov")
        throw std::invalid_argument("the attendance plugin reads no format '" + request.format + "'");
    MgDocument file;
    read_moderngov(request, "GetMeeting", {"meeting"}, file);
    const auto meeting = file.document.document_element();
    Reading reading{file.text, {}};

    // The body: the one the person names; else the one whose system-id is the committee id the
    // file gives, when it gives one (the GetMeeting files published so far do not).
    Body body;
    const auto body_id = request.option("body");
    const auto committee_node = meeting.child("committeeid");
    const auto committee_id = reading.clean(committee_node.text().get(), committee_node, "body");
    if (!body_id.empty()) {
        body = read_body(request, body_id);
    } else if (!committee_id.empty()) {
        if (const auto stored = stored_by_system_id(request.records, "attendance-body", committee_id))
            body = read_body(request, stored->id);
        else
            reading.note(Finding::Severity::warning, committee_node, "body",
                         "no body held has the committee id " + committee_id +
                             " as its id in the committee system: choose it, or import the committees first "
                             "(format moderngov-committees)");
    } else {
        reading.note(Finding::Severity::warning, pugi::xml_node(), "body", "the file names no body: choose it");
    }
    std::size_t dropped_in_body_name = 0;
    const auto body_name = sdk::trim_spaces(sdk::xml_safe(body.roster.name, dropped_in_body_name));
    const std::string body_label = body_name.empty() ? "the body '" + body.id + "'" : body_name;

    // The date, time and venue.
    std::string date;
    if (const auto node = meeting.child("meetingdate"); !node) {
        reading.note(Finding::Severity::error, meeting, "date", "the file gives no meetingdate: enter the date");
    } else {
        const auto published = reading.clean(node.text().get(), node, "date");
        date = iso_date(published);
        if (date.empty())
            reading.note(Finding::Severity::error, node, "date",
                         "the meetingdate '" + published + "' is not a date (dd/mm/yyyy): enter the date");
    }
    const auto time_node = meeting.child("meetingtime");
    const auto time = reading.clean(time_node.text().get(), time_node, "time");
    const auto venue_node = meeting.child("meetinglocation");
    const auto venue = reading.clean(venue_node.text().get(), venue_node, "venue");
    const auto id_node = meeting.child("meetingid");
    const auto meeting_id = reading.clean(id_node.text().get(), id_node, "system-id");

    // The attendees, in file order, none dropped.
    std::vector<Row> rows;
    std::vector<std::pair<std::string, std::string>> guests;  // name, description
    std::map<std::string, std::size_t> row_of_person;         // person id -> first row number
    for (auto attendees : meeting.children("attendees")) {
        for (auto attendee : attendees.children("attendee")) {
            Row row;
            const std::size_t number = rows.size() + 1;
            const auto path = "attendance/row[" + std::to_string(number) + "]";
            const auto attribute = [&](const char* name, const char* column) {
                return reading.clean(attendee.attribute(name).value(), attendee, path + "/" + column);
            };
            row["name"] = attribute("name", "name");
            row["role"] = attribute("roledescription", "role");
            row["party"] = attribute("politicalparty", "party");
            row["ward"] = attribute("ward", "ward");
            const auto member_id = attribute("memberid", "person-id");
            const auto published = attribute("attendance", "attendance");

            if (row["name"].empty())
                reading.note(Finding::Severity::warning, attendee, path + "/name",
                             "the attendee" + (member_id.empty() ? std::string() : " with memberid " + member_id) +
                                 " has no name: enter it");

            const auto code = attendance_code(published);
            row["attendance"] = code;
            if (code.empty()) {
                row["attendance-as-published"] = published;
                reading.note(Finding::Severity::warning, attendee, path + "/attendance",
                             published.empty()
                                 ? std::string("no attendance is given: choose it")
                                 : "attendance '" + published + "' is not one Formwork knows: it is kept as published");
            } else if (code == "substitute" || code == "substitute-virtual") {
                reading.note(Finding::Severity::warning, attendee, path + "/substitute-for",
                             "present as substitute, but the file does not say for whom: enter the member replaced");
            } else if (code == "apologies" || code == "apologies-substitute") {
                row["apology-category"] = "not-given";
            } else if (code == "deputy-sent") {
                reading.note(Finding::Severity::warning, attendee, path + "/deputy",
                             "a deputy was sent, but the file does not name them: enter the deputy");
            }

            if (!body.id.empty()) {
                const auto* member = match_member(body.roster, member_id, row["name"]);
                if (member != nullptr) {
                    row["person-id"] = member->person_id;
                    const auto [first, inserted] = row_of_person.emplace(member->person_id, number);
                    if (!inserted)
                        reading.note(Finding::Severity::warning, attendee, path + "/person-id",
                                     "'" + row["name"] + "' is the same roster member (" + member->person_id +
                                         ") as row " + std::to_string(first->second) + ": check both rows");
                } else {
                    guests.emplace_back(row["name"], row["role"]);
                    reading.note(Finding::Severity::warning, attendee, path + "/person-id",
                                 "'" + row["name"] + "'" +
                                     (member_id.empty() ? std::string() : " (memberid " + member_id + ")") +
                                     " is not on the roster of " + body_label +
                                     ": added as a row without a person id and as a guest (guests/row[" +
                                     std::to_string(guests.size()) + "]); choose the member or keep as is");
                }
            }
            rows.push_back(std::move(row));
        }
    }
    if (rows.empty())
        reading.note(Finding::Severity::warning, meeting, "attendance", "the file lists no attendees");

    // The meeting's element, every table row with all the form's columns in the form's order.
    pugi::xml_document out;
    auto root = out.append_child("attendance-meeting");
    add_text(root, "body", body.id);
    add_text(root, "body-name", body_name);
    add_text(root, "date", date);
    add_text(root, "time", time);
    add_text(root, "venue", venue);
    add_text(root, "system-id", meeting_id);
    auto attendance = root.append_child("attendance");
    for (const auto& row : rows) {
        auto element = attendance.append_child("row");
        for (std::size_t i = 0; i < attendance_columns.size(); ++i) add_text(element, attendance_columns[i], row.cells[i]);
    }
    auto guest_table = root.append_child("guests");
    for (const auto& [name, description] : guests) {
        auto element = guest_table.append_child("row");
        add_text(element, guest_columns[0], name);
        add_text(element, guest_columns[1], description);
    }
    return {printed(root), std::move(reading.notes)};
}

}  // namespace formwork::plugins::attendance
