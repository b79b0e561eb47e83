// A body and a meeting that hold every attendance category the year grid shows, for the tests
// that follow each category through the form, the grid, the quorum, the workbook, the XML and
// the picture's key. The body has one voting member for each category (and a non-voting one,
// present); the meeting has one row of each: the member's own row, or, for a substitute, a
// row standing in for the member, or, for "none", no row at all.
#pragma once

#include <string>
#include <vector>

namespace formwork::test {

struct AttendanceCategory {
    std::string code;   // the attendance list's code, or "none" / "unknown"
    std::string label;  // what a person reads in the grid
    std::string rag;    // green, amber, red, or none of these ("other")
};

inline const std::vector<AttendanceCategory>& attendance_categories() {
    static const std::vector<AttendanceCategory> categories{
        {"present", "Present", "green"},
        {"present-virtual", "Present virtually", "green"},
        {"substitute", "Present as substitute", "amber"},
        {"substitute-virtual", "Present as substitute virtually", "amber"},
        {"apologies-substitute", "Apologies, substitute sent", "amber"},
        {"deputy-sent", "Deputy sent", "amber"},
        {"apologies", "Apologies", "red"},
        {"absent", "Absent", "red"},
        {"none", "None", "red"},
        {"in-attendance", "In attendance (not a member)", "other"},
        {"in-attendance-virtual", "In attendance virtually", "other"},
        {"expected", "Expected (not yet recorded)", "other"},
        {"unknown", "Unknown", "other"},
    };
    return categories;
}

inline const char* categories_body_id() { return "6c0e2a7d-1f3b-4d59-8e6a-2b7c9d0e1f21"; }
inline const char* categories_meeting_id() { return "7d1f3b8e-2a4c-4e6a-9f7b-3c8d0e1f2a32"; }
inline const char* categories_body_name() { return "Categories Committee"; }
inline const char* unknown_as_published() { return "Sent deputy (ward matters)"; }

// The member who shows a category ("Councillor absent"), and their person id ("m-absent").
inline std::string category_member(const std::string& code) { return "Councillor " + code; }
inline std::string category_person(const std::string& code) { return "m-" + code; }

inline std::string categories_record_meta(const std::string& id, const std::string& form) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<record format=\"1\">\n  <meta>\n    <id>" + id +
           "</id>\n    <form id=\"" + form +
           "\" version=\"1\"/>\n    <status>draft</status>\n"
           "    <created at=\"2026-01-05T10:00:00Z\" by=\"clerk\"/>\n"
           "    <modified at=\"2026-01-05T10:00:00Z\" by=\"clerk\"/>\n    <revision>1</revision>\n  </meta>\n";
}

// The body: a quorum no meeting reaches, so that the quorum check always says its count.
inline std::string categories_body_record() {
    const auto member = [](const std::string& person, const std::string& name, const std::string& role) {
        return "      <row><person-id>" + person + "</person-id><name>" + name + "</name><aliases/><system-id/><role>" + role +
               "</role><portfolio/><organisation/><title/><term-start/><term-end/><note/></row>\n";
    };
    std::string members;
    for (const auto& category : attendance_categories())
        members += member(category_person(category.code), category_member(category.code),
                          category.code == "present" ? "chair" : "member");
    members += member("m-observer", "Councillor Observer", "non-voting-deputy-cabinet-member");
    return categories_record_meta(categories_body_id(), "attendance-body") + "  <attendance-body>\n    <name>" +
           categories_body_name() +
           "</name>\n    <kind>committee</kind>\n"
           "    <quorum><rule>number</rule><number>99</number><one-in/><note/></quorum>\n    <members>\n" +
           members + "    </members>\n  </attendance-body>\n</record>\n";
}

inline std::string categories_meeting_record() {
    const auto row = [](const std::string& person, const std::string& name, const std::string& attendance,
                        const std::string& published = {}, const std::string& substitute_for = {},
                        const std::string& apology = {}, const std::string& deputy = {}) {
        const auto element = [](const char* tag, const std::string& value) {
            return value.empty() ? "<" + std::string(tag) + "/>" : "<" + std::string(tag) + ">" + value + "</" + tag + ">";
        };
        return "      <row>" + element("person-id", person) + element("name", name) + "<role/>" +
               element("attendance", attendance) + element("attendance-as-published", published) +
               element("substitute-for", substitute_for) + element("apology-category", apology) + element("deputy", deputy) +
               "<arrived-late/><left-early/><party/><ward/></row>\n";
    };
    std::string rows;
    for (const auto& category : attendance_categories()) {
        const auto& code = category.code;
        if (code == "none") continue;
        if (code == "substitute" || code == "substitute-virtual")
            rows += row({}, "Councillor Stand In " + code, code, {}, category_member(code));
        else if (code == "unknown")
            rows += row(category_person(code), category_member(code), {}, unknown_as_published());
        else if (code == "apologies" || code == "apologies-substitute")
            rows += row(category_person(code), category_member(code), code, {}, {}, "illness");
        else if (code == "deputy-sent")
            rows += row(category_person(code), category_member(code), code, {}, {}, {}, "Councillor A Deputy");
        else
            rows += row(category_person(code), category_member(code), code);
    }
    rows += row("m-observer", "Councillor Observer", "present");
    return categories_record_meta(categories_meeting_id(), "attendance-meeting") +
           "  <attendance-meeting>\n    <body>" + categories_body_id() + "</body>\n    <body-name>" + categories_body_name() +
           "</body-name>\n    <date>2026-01-05</date>\n    <time/>\n    <venue/>\n    <period/>\n    <attendance>\n" + rows +
           "    </attendance>\n    <invited/>\n    <employees/>\n    <honorary-aldermen/>\n    <guests/>\n"
           "    <declarations/>\n    <petitions/>\n  </attendance-meeting>\n</record>\n";
}

}  // namespace formwork::test
