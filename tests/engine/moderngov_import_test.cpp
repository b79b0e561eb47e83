// The moderngov import format (plugin attendance): ModernGov's GetMeeting XML, the real
// Manchester file and copies of it with more attendees, read into a meeting record. Every
// attendee is a row, matched to the body's roster by memberid or by name and alias; whoever is
// not on it is also a guest; unknown attendance values are kept as published; bad texts throw.
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"

#include "moderngov_import.hpp"

#include <catch2/catch.hpp>

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/host/text_import.hpp>
#include <formwork/sdk/record_query.hpp>

#include <pugixml.hpp>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace formwork::plugins::attendance;
using Catch::Matchers::Contains;
using formwork::sdk::Finding;
using formwork::sdk::ImportNote;
using formwork::sdk::ImportRequest;
using formwork::sdk::ImportResult;
using formwork::sdk::RecordQuery;
using formwork::sdk::RecordSummary;

namespace {

std::string manchester() {
    return formwork::test::read_text(std::string(FORMWORK_MODERNGOV_DIR) + "/getmeeting-manchester.xml");
}

// A roster for the Audit Committee: Basil Curley by his memberid (192), Ann Smith by hers
// (201), Pat Pigeon by his (301), L Biggam by an alias only (no system id), and a member the
// file never names.
const char* const audit_committee = R"(<attendance-body>
  <name>Audit Committee</name><kind>committee</kind>
  <quorum><rule>number</rule><number>3</number><one-in/><note/></quorum>
  <members>
    <row><person-id>b-curley</person-id><name>Councillor Basil Curley</name><aliases/><system-id>192</system-id><role>chair</role></row>
    <row><person-id>a-smith</person-id><name>Councillor A Smith</name><aliases/><system-id>201</system-id><role>member</role></row>
    <row><person-id>p-pigeon</person-id><name>Councillor P Pigeon</name><aliases/><system-id>301</system-id><role>member</role></row>
    <row><person-id>l-biggam</person-id><name>L Biggam</name><aliases>L Bigham
Councillor Lee Bigham</aliases><system-id/><role>member</role></row>
    <row><person-id>n-other</person-id><name>Councillor N Other</name><aliases/><system-id>400</system-id><role>member</role></row>
  </members>
</attendance-body>)";

class MemoryRecords final : public RecordQuery {
public:
    void add(RecordSummary summary, std::string instance) {
        instances_[summary.id] = std::move(instance);
        summaries_[summary.id] = std::move(summary);
    }
    std::vector<RecordSummary> records_of_form(const std::string& form_id) const override {
        std::vector<RecordSummary> found;
        for (const auto& [id, summary] : summaries_)
            if (summary.form_id == form_id) found.push_back(summary);
        return found;
    }
    std::optional<RecordSummary> summary(const std::string& id) const override {
        const auto found = summaries_.find(id);
        if (found == summaries_.end()) return std::nullopt;
        return found->second;
    }
    std::optional<std::string> instance_xml(const std::string& id) const override {
        const auto found = instances_.find(id);
        if (found == instances_.end()) return std::nullopt;
        return found->second;
    }

private:
    std::map<std::string, RecordSummary> summaries_;
    std::map<std::string, std::string> instances_;
};

const MemoryRecords& store() {
    static MemoryRecords records;
    if (!records.summary("body-audit")) {
        records.add({"body-audit", "attendance-body", 1, "draft", "Audit Committee", "2026-01-01T00:00:00Z"}, audit_committee);
        records.add({"eia-1", "eia", 1, "draft", "Library closures", "2026-01-01T00:00:00Z"}, "<eia/>");
    }
    return records;
}

ImportResult import(const std::string& text, const std::string& body = "body-audit") {
    ImportRequest request;
    request.format = "moderngov";
    request.text = text;
    request.source = "getmeeting.xml";
    if (!body.empty()) request.options.emplace_back("body", body);
    request.records = &store();
    return import_moderngov(request);
}

// The real file with more attendees after its own.
const char* const more_attendees = R"xml(
    <attendee membertype="U" memberid="201" name="Councillor Ann Smith" roledescription="Committee Member" attendance="Present, virtual" politicalparty="LAB" ward="Ardwick"/>
    <attendee membertype="U" memberid="999" name="Cllr L. Bigham" roledescription="Committee Member" attendance=" apologies " politicalparty="LAB" ward="Baguley"/>
    <attendee membertype="U" memberid="300" name="Councillor Zed Unknown" roledescription="Substitute Member" attendance="Present as substitute" politicalparty="LD" ward="Didsbury West"/>
    <attendee membertype="U" memberid="301" name="Councillor Pat Pigeon" roledescription="Committee Member" attendance="Present by carrier pigeon" politicalparty="GRN" ward="Hulme"/>
    <attendee membertype="O" memberid="" name="Ms J Auditor" roledescription="External auditor (Mazars)" attendance="In attendance" politicalparty="" ward=""/>
  </attendees>)xml";

std::string with_more_attendees() {
    auto text = manchester();
    const auto at = text.find("\n  </attendees>");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("\n  </attendees>").size(), more_attendees);
    return text;
}

// The 1-based line of the first occurrence of `what` in the text.
int line_of(const std::string& text, const std::string& what) {
    const auto at = text.find(what);
    REQUIRE(at != std::string::npos);
    int line = 1;
    for (std::size_t i = 0; i < at; ++i)
        if (text[i] == '\n') ++line;
    return line;
}

const ImportNote* note_at(const ImportResult& result, const std::string& field) {
    for (const auto& note : result.notes)
        if (note.field == field) return &note;
    return nullptr;
}

std::string describe(const ImportResult& result) {
    std::string all;
    for (const auto& note : result.notes)
        all += std::to_string(note.line) + " " + note.field + ": " + note.message + "\n";
    return all;
}

pugi::xml_node parsed(pugi::xml_document& document, const ImportResult& result) {
    REQUIRE(document.load_string(result.instance_xml.c_str()));
    auto root = document.document_element();
    REQUIRE(std::string(root.name()) == "attendance-meeting");
    return root;
}

std::vector<pugi::xml_node> rows_of(pugi::xml_node table) {
    std::vector<pugi::xml_node> rows;
    for (auto row : table.children("row")) rows.push_back(row);
    return rows;
}

std::string cell(pugi::xml_node row, const char* column) { return row.child(column).text().get(); }

std::vector<std::string> column_names(pugi::xml_node row) {
    std::vector<std::string> names;
    for (auto child : row.children()) names.push_back(child.name());
    return names;
}

const std::vector<std::string> attendance_columns{
    "person-id", "name",           "role",   "attendance",   "attendance-as-published", "substitute-for",
    "apology-category", "deputy", "arrived-late", "left-early", "party",                   "ward"};

// The forms of the real attendance plugin library, as the host loads them.
const formwork::forms::FormRegistry& attendance_forms() {
    static const auto registry = formwork::test::make_registry(formwork::test::domain_plugins({"attendance.so"}));
    return *registry;
}

std::size_t attendee_count(const std::string& text) {
    pugi::xml_document file;
    REQUIRE(file.load_string(text.c_str()));
    return file.select_nodes("/meeting/attendees/attendee").size();
}

}  // namespace

TEST_CASE("moderngov: every attendee of the real Manchester file is a row of the meeting", "[moderngov]") {
    const auto text = manchester();
    pugi::xml_document file;
    REQUIRE(file.load_string(text.c_str()));
    const auto attendees = file.select_nodes("/meeting/attendees/attendee");
    REQUIRE(attendees.size() >= 1);

    const auto result = import(text);
    INFO(describe(result));
    pugi::xml_document document;
    const auto meeting = parsed(document, result);
    const auto rows = rows_of(meeting.child("attendance"));
    REQUIRE(rows.size() == attendees.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        CHECK(cell(rows[i], "name") == attendees[i].node().attribute("name").value());

    CHECK(cell(meeting, "date") == "2026-02-10");
    CHECK(cell(meeting, "time") == "10.00 am");
    CHECK(cell(meeting, "venue") == "Council Antechamber, Level 2, Town Hall Extension");
    CHECK(cell(meeting, "system-id") == "4967");
    CHECK(cell(meeting, "body") == "body-audit");
    CHECK(cell(meeting, "body-name") == "Audit Committee");

    const auto& curley = rows.front();
    CHECK(cell(curley, "person-id") == "b-curley");
    CHECK(cell(curley, "name") == "Councillor Basil Curley");
    CHECK(cell(curley, "role") == "Committee Member");
    CHECK(cell(curley, "attendance") == "expected");
    CHECK(cell(curley, "attendance-as-published").empty());
    CHECK(cell(curley, "party") == "LAB");
    CHECK(cell(curley, "ward") == "Charlestown");
    CHECK(rows_of(meeting.child("guests")).empty());
    CHECK(result.notes.empty());
}

TEST_CASE("moderngov: attendees matched by memberid and by alias carry person ids and the rest are rows and guests",
          "[moderngov]") {
    const auto text = with_more_attendees();
    const auto result = import(text);
    INFO(describe(result));
    pugi::xml_document document;
    const auto meeting = parsed(document, result);
    const auto rows = rows_of(meeting.child("attendance"));
    REQUIRE(rows.size() == 6);

    CHECK(cell(rows[0], "person-id") == "b-curley");
    CHECK(cell(rows[1], "person-id") == "a-smith");  // by memberid: the names differ
    CHECK(cell(rows[1], "name") == "Councillor Ann Smith");
    CHECK(cell(rows[1], "attendance") == "present-virtual");
    CHECK(cell(rows[2], "person-id") == "l-biggam");  // by an alias: the memberid is on no roster row
    CHECK(cell(rows[2], "attendance") == "apologies");
    CHECK(cell(rows[2], "apology-category") == "not-given");
    CHECK(cell(rows[3], "person-id").empty());
    CHECK(cell(rows[3], "name") == "Councillor Zed Unknown");
    CHECK(cell(rows[3], "attendance") == "substitute");
    CHECK(cell(rows[3], "substitute-for").empty());
    CHECK(cell(rows[4], "person-id") == "p-pigeon");
    CHECK(cell(rows[5], "person-id").empty());
    CHECK(cell(rows[5], "name") == "Ms J Auditor");
    CHECK(cell(rows[5], "attendance") == "in-attendance");

    const auto guests = rows_of(meeting.child("guests"));
    REQUIRE(guests.size() == 2);
    CHECK(cell(guests[0], "name") == "Councillor Zed Unknown");
    CHECK(cell(guests[0], "description") == "Substitute Member");
    CHECK(cell(guests[1], "name") == "Ms J Auditor");
    CHECK(cell(guests[1], "description") == "External auditor (Mazars)");

    const auto* unknown = note_at(result, "attendance/row[4]/person-id");
    REQUIRE(unknown != nullptr);
    CHECK(unknown->severity == Finding::Severity::warning);
    CHECK(unknown->line == line_of(text, "Zed Unknown"));
    CHECK_THAT(unknown->message, Contains("Councillor Zed Unknown") && Contains("not on the roster of Audit Committee") &&
                                     Contains("guests/row[1]") && Contains("choose the member or keep as is"));
    const auto* auditor = note_at(result, "attendance/row[6]/person-id");
    REQUIRE(auditor != nullptr);
    CHECK_THAT(auditor->message, Contains("guests/row[2]"));
    const auto* substitute = note_at(result, "attendance/row[4]/substitute-for");
    REQUIRE(substitute != nullptr);
    CHECK_THAT(substitute->message, Contains("does not say for whom"));
}

TEST_CASE("moderngov: an attendance value Formwork does not know is kept as published with a note", "[moderngov]") {
    const auto text = with_more_attendees();
    const auto result = import(text);
    pugi::xml_document document;
    const auto rows = rows_of(parsed(document, result).child("attendance"));
    REQUIRE(rows.size() == 6);
    CHECK(cell(rows[4], "attendance").empty());
    CHECK(cell(rows[4], "attendance-as-published") == "Present by carrier pigeon");
    const auto* note = note_at(result, "attendance/row[5]/attendance");
    REQUIRE(note != nullptr);
    CHECK(note->severity == Finding::Severity::warning);
    CHECK(note->line == line_of(text, "carrier pigeon"));
    CHECK_THAT(note->message, Contains("'Present by carrier pigeon' is not one Formwork knows") &&
                                  Contains("kept as published"));
}

TEST_CASE("moderngov: every table row of the result has all the form's columns in the form's order", "[moderngov]") {
    const auto result = import(with_more_attendees());
    pugi::xml_document document;
    const auto meeting = parsed(document, result);
    std::vector<std::string> top;
    for (auto child : meeting.children()) top.push_back(child.name());
    CHECK(top == std::vector<std::string>{"body", "body-name", "date", "time", "venue", "system-id", "attendance", "guests"});
    for (auto row : rows_of(meeting.child("attendance"))) CHECK(column_names(row) == attendance_columns);
    for (auto row : rows_of(meeting.child("guests")))
        CHECK(column_names(row) == std::vector<std::string>{"name", "description"});
}

TEST_CASE("moderngov: without a body the meeting's body is left to be chosen", "[moderngov]") {
    const auto result = import(with_more_attendees(), "");
    pugi::xml_document document;
    const auto meeting = parsed(document, result);
    CHECK(cell(meeting, "body").empty());
    CHECK(cell(meeting, "body-name").empty());
    const auto* note = note_at(result, "body");
    REQUIRE(note != nullptr);
    CHECK(note->severity == Finding::Severity::warning);
    CHECK_THAT(note->message, Contains("the file names no body: choose it"));
    const auto rows = rows_of(meeting.child("attendance"));
    CHECK(rows.size() == 6);
    for (auto row : rows) CHECK(cell(row, "person-id").empty());
    CHECK(cell(meeting, "date") == "2026-02-10");
}

TEST_CASE("moderngov: a body id that names no body is refused", "[moderngov]") {
    CHECK_THROWS_WITH(import(manchester(), "eia-1"), Contains("eia-1") && Contains("not a body"));
    CHECK_THROWS_WITH(import(manchester(), "missing"), Contains("missing") && Contains("no record"));
    CHECK_THROWS_AS(import(manchester(), "eia-1"), std::invalid_argument);
}

TEST_CASE("moderngov: an impossible meeting date is left empty and noted", "[moderngov]") {
    auto text = manchester();
    const auto at = text.find("<meetingdate>10/02/2026");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("<meetingdate>10/02/2026").size(), "<meetingdate>30/02/2026");
    const auto result = import(text);
    pugi::xml_document document;
    CHECK(cell(parsed(document, result), "date").empty());
    const auto* note = note_at(result, "date");
    REQUIRE(note != nullptr);
    CHECK(note->severity == Finding::Severity::error);
    CHECK(note->line == 4);
    CHECK_THAT(note->message, Contains("30/02/2026"));
}

TEST_CASE("moderngov: texts that are not GetMeeting XML are refused", "[moderngov]") {
    SECTION("not XML") {
        CHECK_THROWS_AS(import("Name\tAttendance\nBasil Curley\tPresent\n"), std::invalid_argument);
        CHECK_THROWS_WITH(import("<meeting><attendees></meeting>"), Contains("not XML") && Contains("offset"));
        CHECK_THROWS_WITH(import(""), Contains("not XML"));
    }
    SECTION("a root other than meeting") {
        CHECK_THROWS_WITH(import("<?xml version=\"1.0\"?><meetings><meeting/></meetings>"),
                          Contains("<meetings>") && Contains("<meeting>"));
    }
    SECTION("a DOCTYPE") {
        const std::string entities =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE meeting [<!ENTITY x \"expanded\">]>\n<meeting><meetinglocation>&x;</meetinglocation></meeting>";
        CHECK_THROWS_WITH(import(entities), Contains("DOCTYPE") && Contains("line 2"));
        CHECK_THROWS_AS(import(entities), std::invalid_argument);
        // In a comment it is only text.
        const auto result = import("<!-- <!DOCTYPE meeting> --><meeting><meetingdate>01/04/2024</meetingdate></meeting>");
        pugi::xml_document document;
        CHECK(cell(parsed(document, result), "date") == "2024-04-01");
    }
}

namespace {

// The Manchester file with `inserted` in its venue after "Council": line 13, column 27.
std::string with_in_venue(const std::string& inserted) {
    auto text = manchester();
    const auto at = text.find("<meetinglocation>Council Antechamber");
    REQUIRE(at != std::string::npos);
    REQUIRE(line_of(text, "<meetinglocation>") == 13);
    text.insert(at + std::string("<meetinglocation>Council").size(), inserted);
    return text;
}

// What the message says after the place: the character, and the reference as written.
std::string forbidden(const std::string& spelled, const std::string& code = "U+0000") {
    return "the character " + code + " is not allowed in XML 1.0" +
           (spelled.front() == '&' ? " (written as " + spelled + ")" : std::string());
}

}  // namespace

// A U+0000 that pugixml decoded cut the venue short ("Council") with no word said.
TEST_CASE("moderngov: U+0000, as the reference &#0 or &#x0 or itself, refuses the file at its line and column", "[moderngov]") {
    for (const std::string& nul : {std::string("&#0;"), std::string("&#x0;"), std::string(1, '\0')}) {
        INFO("written as " << (nul.front() == '&' ? nul : std::string("a NUL byte")));
        const auto text = with_in_venue(nul);
        CHECK_THROWS_AS(import(text), std::invalid_argument);
        CHECK_THROWS_WITH(import(text), "getmeeting.xml:13:27: " + forbidden(nul));
    }
}

TEST_CASE("moderngov: any character XML forbids refuses the file at its place, in an attribute too", "[moderngov]") {
    // A control character in an attendee's name, once left out with a note, now refuses the file.
    auto text = with_more_attendees();
    const auto at = text.find("Ms J Auditor");
    REQUIRE(at != std::string::npos);
    const auto line = line_of(text, "Ms J Auditor");
    const auto line_start = text.rfind('\n', at) + 1;
    const auto column = std::to_string(at - line_start + 6);  // all ASCII: after "Ms J "
    text.insert(at + 5, "&#1;");
    CHECK_THROWS_WITH(import(text), "getmeeting.xml:" + std::to_string(line) + ":" + column + ": " +
                                        forbidden("&#1;", "U+0001"));
    CHECK_THROWS_WITH(import(with_in_venue("\x07")), "getmeeting.xml:13:27: " + forbidden("\x07", "U+0007"));
    CHECK_THROWS_WITH(import(with_in_venue("&#xFFFF;")), "getmeeting.xml:13:27: " + forbidden("&#xFFFF;", "U+FFFF"));
    CHECK_THROWS_WITH(import(with_in_venue("&#xD800;")), "getmeeting.xml:13:27: " + forbidden("&#xD800;", "U+D800"));
    // Characters XML allows, written as references, are read as ever.
    const auto allowed = import(with_in_venue("&#x20;&#233;"));
    pugi::xml_document document;
    CHECK(cell(parsed(document, allowed), "venue") == "Council \xC3\xA9 Antechamber, Level 2, Town Hall Extension");
}

TEST_CASE("moderngov: through the host, U+0000 in the file is an error at FILE:LINE:COLUMN and no record is made",
          "[moderngov]") {
    for (const std::string& nul : {std::string("&#0;"), std::string("&#x0;"), std::string(1, '\0')}) {
        INFO("written as " << (nul.front() == '&' ? nul : std::string("a NUL byte")));
        const formwork::forms::TextImportContext context{{{"body", "body-audit"}}, &store()};
        const auto imported = formwork::forms::import_text(attendance_forms(), "moderngov", with_in_venue(nul),
                                                           "getmeeting.xml", std::nullopt, "clerk", "2026-02-11T09:00:00Z",
                                                           context);
        CHECK_FALSE(imported.record);
        REQUIRE(imported.diagnostics.size() == 1);
        CHECK(imported.diagnostics.front().format() ==
              "getmeeting.xml:13:27: error: not readable as moderngov (plugin 'attendance'): " + forbidden(nul));
    }
}

TEST_CASE("moderngov: through the plugin and the host a GetMeeting file becomes a meeting record with every attendee",
          "[moderngov]") {
    for (const auto& text : {manchester(), with_more_attendees()}) {
        const formwork::forms::TextImportContext context{{{"body", "body-audit"}}, &store()};
        auto imported = formwork::forms::import_text(attendance_forms(), "moderngov", text, "getmeeting.xml", std::nullopt,
                                                     "clerk", "2026-02-11T09:00:00Z", context);
        INFO(formwork::test::describe(imported.diagnostics));
        REQUIRE(imported.record);
        const auto meeting = imported.record->instance();
        CHECK(rows_of(meeting.child("attendance")).size() == attendee_count(text));
        CHECK(cell(meeting, "body") == "body-audit");
        CHECK(cell(meeting, "date") == "2026-02-10");
    }
}

TEST_CASE("moderngov: each category ModernGov publishes becomes its own code, an unknown one is kept word for word",
          "[moderngov]") {
    const std::vector<std::pair<std::string, std::string>> published{
        {"Present", "present"},
        {"Present, virtual", "present-virtual"},
        {"Present virtual", "present-virtual"},
        {"Present virtually", "present-virtual"},
        {"Present as substitute", "substitute"},
        {"Present as substitute virtual", "substitute-virtual"},
        {"Present as substitute virtually", "substitute-virtual"},
        {"Present as substitute, virtual", "substitute-virtual"},
        {"Apologies", "apologies"},
        {"Apologies, sent substitute", "apologies-substitute"},
        {"Apologies with substitute", "apologies-substitute"},
        {"Apologies, substitute sent", "apologies-substitute"},
        {"Absent", "absent"},
        {"Expected", "expected"},
        {"In attendance", "in-attendance"},
        {"In attendance virtual", "in-attendance-virtual"},
        {"In attendance virtually", "in-attendance-virtual"},
        {"Sent deputy", "deputy-sent"},
        {"Deputy sent", "deputy-sent"},
        {"Sent deputy (ward matters)", ""},
    };
    for (const auto& [text, code] : published) {
        INFO("'" << text << "'");
        const auto result = import("<meeting><meetingdate>10/02/2026</meetingdate><attendees>"
                                   "<attendee memberid=\"192\" name=\"Councillor Basil Curley\" attendance=\"" +
                                   text + "\"/></attendees></meeting>");
        pugi::xml_document document;
        const auto rows = rows_of(parsed(document, result).child("attendance"));
        REQUIRE(rows.size() == 1);
        CHECK(cell(rows[0], "attendance") == code);
        CHECK(cell(rows[0], "attendance-as-published") == (code.empty() ? text : std::string()));
        if (code == "apologies" || code == "apologies-substitute") CHECK(cell(rows[0], "apology-category") == "not-given");
        if (code == "substitute" || code == "substitute-virtual")
            CHECK(note_at(result, "attendance/row[1]/substitute-for") != nullptr);
    }
}
