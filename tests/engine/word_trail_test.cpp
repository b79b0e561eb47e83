// The sign-off table pasted from a Word report (plugin approvals): UK day-first dates in every
// form the seed reports use, and refused with a reason when they cannot be read; the three
// seed trails read row for row, with roles given by prefix or inferred from the title; what
// cannot be read kept as written and noted on its row.
#include "form_fixtures.hpp"

#include "word_trail.hpp"

#include <catch2/catch.hpp>
#include <formwork/sdk/uk_date.hpp>

#include <pugixml.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using namespace formwork::plugins::approvals;
using Catch::Matchers::Contains;
using formwork::sdk::Finding;

namespace {

std::string trail_text(const std::string& name) {
    return formwork::test::read_text(std::string(FORMWORK_WORD_TRAILS_DIR) + "/" + name + ".txt");
}

struct Expected {
    int line;
    std::string name, title, service_area, role;
    bool inferred;
    std::string sent, received;
};

void check_rows(const WordTrailReading& reading, const std::vector<Expected>& expected) {
    REQUIRE(reading.rows.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& row = reading.rows[i];
        const auto& want = expected[i];
        INFO("row " << i + 1 << ": " << want.name);
        CHECK(row.line == want.line);
        CHECK(row.name == want.name);
        CHECK(row.title == want.title);
        CHECK(row.service_area == want.service_area);
        CHECK(row.role == want.role);
        CHECK(row.role_inferred == want.inferred);
        CHECK(row.sent == want.sent);
        CHECK(row.received == want.received);
        CHECK(row.sent_as_written.empty());
        CHECK(row.received_as_written.empty());
    }
}

// The notes of an import where the only thing to say is which roles were inferred: one
// warning on the role of each inferred row, naming the role.
void check_only_inferred_notes(const WordTrailReading& reading) {
    std::size_t inferred = 0;
    for (std::size_t i = 0; i < reading.rows.size(); ++i) {
        if (!reading.rows[i].role_inferred) continue;
        REQUIRE(inferred < reading.notes.size());
        const auto& note = reading.notes[inferred++];
        CHECK(note.severity == Finding::Severity::warning);
        CHECK(note.line == reading.rows[i].line);
        CHECK(note.field == "sign-offs/row[" + std::to_string(i + 1) + "]/role");
        CHECK_THAT(note.message, Contains("inferred from") && Contains("check it"));
    }
    CHECK(reading.notes.size() == inferred);
}

std::string read(std::string_view text) {
    const auto date = formwork::sdk::read_uk_date(text);
    INFO("'" << text << "': " << date.problem);
    CHECK(date.problem.empty());
    return date.iso;
}

std::string refusal(std::string_view text) {
    const auto date = formwork::sdk::read_uk_date(text);
    INFO("'" << text << "' read as " << date.iso);
    CHECK(date.iso.empty());
    CHECK_FALSE(date.problem.empty());
    return date.problem;
}

}  // namespace

TEST_CASE("uk dates: every form the seed reports use, day first", "[word-trail]") {
    CHECK(read("03.08.2023") == "2023-08-03");
    CHECK(read("05.09.23") == "2023-09-05");
    CHECK(read("14/9/2023") == "2023-09-14");
    CHECK(read("03/10/23") == "2023-10-03");
    CHECK(read("15/9/23") == "2023-09-15");
    CHECK(read("3/10/23") == "2023-10-03");
    CHECK(read("29/09/23") == "2023-09-29");
    CHECK(read("13 September 2023") == "2023-09-13");
}

TEST_CASE("uk dates: the other spellings officers use", "[word-trail]") {
    CHECK(read("1.2.2024") == "2024-02-01");
    CHECK(read("12/1/2023") == "2023-01-12");  // the 12th of January, never December
    CHECK(read("3-10-2023") == "2023-10-03");
    CHECK(read("3-10-23") == "2023-10-03");
    CHECK(read("13th September 2023") == "2023-09-13");
    CHECK(read("1st Oct 2023") == "2023-10-01");
    CHECK(read("13 Sept 2023") == "2023-09-13");
    CHECK(read("13 sep. 2023") == "2023-09-13");
    CHECK(read("13 SEPTEMBER 2023") == "2023-09-13");
    CHECK(read("13th of September, 2023") == "2023-09-13");
    CHECK(read("Wednesday 13 September 2023") == "2023-09-13");
    CHECK(read("13 Sept 23") == "2023-09-13");
    CHECK(read("2023-09-14") == "2023-09-14");  // ISO stays ISO
    CHECK(read("29/2/24") == "2024-02-29");     // 2024 is a leap year
    CHECK(read("  03.08.2023\xC2\xA0") == "2023-08-03");
    CHECK(read("\xC2\xA0" "13\xC2\xA0September  2023 ") == "2023-09-13");
}

TEST_CASE("uk dates: an empty cell is no date and no problem", "[word-trail]") {
    for (const auto* text : {"", "   ", "\xC2\xA0"}) {
        const auto date = formwork::sdk::read_uk_date(text);
        CHECK(date.iso.empty());
        CHECK(date.problem.empty());
    }
}

TEST_CASE("uk dates: impossible dates are refused, saying why", "[word-trail]") {
    CHECK_THAT(refusal("31.02.2023"), Contains("February 2023 has no day 31"));
    CHECK_THAT(refusal("29/2/23"), Contains("February 2023 has no day 29"));
    CHECK_THAT(refusal("31/9/2023"), Contains("September 2023 has no day 31"));
    CHECK_THAT(refusal("14.13.2023"), Contains("no month 13"));
    CHECK_THAT(refusal("0/9/2023"), Contains("no day 0"));
    CHECK_THAT(refusal("12/00/23"), Contains("no month 0"));
    CHECK_THAT(refusal("31 June 2023"), Contains("June 2023 has no day 31"));
    CHECK_THAT(refusal("Monday 13 September 2023"), Contains("was a Wednesday, not a Monday"));
    CHECK_THAT(refusal("2023-02-30"), Contains("February 2023 has no day 30"));
}

TEST_CASE("uk dates: a date with no year is refused, never completed", "[word-trail]") {
    CHECK_THAT(refusal("14/9"), Contains("no year"));
    CHECK_THAT(refusal("14.09"), Contains("no year"));
    CHECK_THAT(refusal("13 September"), Contains("no year"));
    CHECK_THAT(refusal("13th Sept"), Contains("no year"));
    CHECK_THAT(refusal("September 2023"), Contains("no day"));
    CHECK_THAT(refusal("9/2023"), Contains("no day"));
    CHECK_THAT(refusal("14/9/202"), Contains("2 or 4 digits"));
}

TEST_CASE("uk dates: a cell with two dates is refused, never split", "[word-trail]") {
    CHECK_THAT(refusal("03.08.2023 / 05.08.2023"), Contains("more than one date"));
    CHECK_THAT(refusal("03.08.2023 and 05.08.2023"), Contains("more than one date"));
    CHECK_THAT(refusal("03.08.2023, 05.08.2023"), Contains("more than one date"));
    CHECK_THAT(refusal("3 August and 5 August 2023"), Contains("more than one date"));
    CHECK_THAT(refusal("03/08/2023/05/08/2023"), Contains("more than one date"));
    CHECK_THAT(refusal("03.08.2023 (by email)"), Contains("more than a date"));
}

TEST_CASE("uk dates: what is not a date is refused as not a date", "[word-trail]") {
    for (const auto* text : {"TBC", "n/a", "-", "awaiting", "Sept", "2023", "14", "14th"})
        CHECK_THAT(refusal(text), Contains("not a date"));
    CHECK_THAT(refusal("2023/09/14"), Contains("starts with the year"));
    CHECK_THAT(refusal("14.9/2023"), Contains("separators differ"));
    CHECK_THAT(refusal("14/9/1066"), Contains("out of range"));
    CHECK_THAT(refusal(std::string(100, '1')), Contains("not a date"));
}

TEST_CASE("word trail: infer_role reads the job title, in the order members, finance, legal, director",
          "[word-trail]") {
    CHECK(infer_role("Barry Hastie", "Chief Operating Officer (Section 151 Officer)") == "finance");
    CHECK(infer_role("Ewan Dewar", "Head of Finance") == "finance");
    CHECK(infer_role("Sarah Kinsell", "Finance Manager") == "finance");
    CHECK(infer_role("X", "Chief Financial Officer") == "finance");
    CHECK(infer_role("Claire Coulson-Haggins", "Deputy Team Leader, Legal Services") == "legal");
    CHECK(infer_role("Claire Coulson-Haggins", "Solicitor, Legal Services") == "legal");
    CHECK(infer_role("Julie Newman", "chief legal officer") == "legal");
    CHECK(infer_role("Neil Macdonald", "Interim Director of Children's Services") == "director");
    CHECK(infer_role("Julie Nugent", "Chief Executive") == "director");
    CHECK(infer_role("Councillor P Seaman", "Cabinet Member for Children and Young People") == "members");
    CHECK(infer_role("Councillor L Bigham", "") == "members");
    CHECK(infer_role("P Seaman", "Cabinet Member for Children and Young People") == "members");
    CHECK(infer_role("Councillor A Smith", "Director of Nothing") == "members");       // members first
    CHECK(infer_role("Y", "Director of Finance (Section 151 Officer)") == "finance");  // finance before director
    CHECK(infer_role("Y", "Director of Legal Services") == "legal");                   // legal before director
    CHECK(infer_role("Georgia Shelton", "Accountant").empty());
    CHECK(infer_role("Michele Salmon", "Governance Services Officer").empty());
    CHECK(infer_role("", "").empty());
}

TEST_CASE("word trail: the Adult Social Care annual report's trail, roles inferred from the titles",
          "[word-trail]") {
    const auto reading = read_word_trail(trail_text("adult-social-care-2023"), "adult-social-care-2023.txt");
    const std::string c = "contributor";
    const std::string ash = "Adult Services and Housing";
    check_rows(reading, {
        {5, "Lisa Lawson", "Adult Services Programme Delivery Manager", ash, c, false, "2023-08-03", "2023-08-03"},
        {6, "Michele Salmon", "Governance Services Officer", "Law and Governance", c, false, "2023-08-07", "2023-08-07"},
        {7, "Sally Caren", "Head of Adult Social Care and Support", ash, c, false, "2023-08-07", "2023-08-30"},
        {8, "Tracey Denny", "Head of Service Localities and Social Care Operations", ash, c, false, "2023-08-07", "2023-08-23"},
        {9, "Aideen Staunton", "Acting Head of Service Partnerships and Social Care Operations", ash, c, false, "2023-08-07", "2023-08-17"},
        {10, "Louise Ferro", "Head of Business Systems", ash, c, false, "2023-08-07", "2023-08-09"},
        {11, "Jon Reading", "Head of Commissioning and Quality", ash, c, false, "2023-08-07", "2023-08-22"},
        {12, "Ewan Dewar", "Head of Finance", "Finance", c, false, "2023-08-07", "2023-08-21"},
        {14, "Pete Fahy", "Director of Adult Services and Housing", "-", "director", true, "2023-08-03", "2023-08-03"},
        {15, "Barry Hastie", "Chief Operating Officer (Section 151 Officer)", "-", "finance", true, "2023-08-23", "2023-09-01"},
        {16, "Claire Coulson-Haggins", "Deputy Team Leader, Legal Services", "Law and Governance", "legal", true, "2023-08-07", "2023-08-21"},
        {17, "Councillor L Bigham", "Cabinet Member for Adult Services", "-", "members", true, "2023-08-31", "2023-08-31"},
    });
    check_only_inferred_notes(reading);
    REQUIRE(reading.notes.size() == 4);
    CHECK(reading.notes[1].message ==
          "role Finance inferred from the title 'Chief Operating Officer (Section 151 Officer)': check it");
}

TEST_CASE("word trail: the Youth Justice Plan's trail, two-digit years and roles inferred", "[word-trail]") {
    const auto reading = read_word_trail(trail_text("youth-justice-plan-2023"), "youth-justice-plan-2023.txt");
    const std::string c = "contributor";
    check_rows(reading, {
        {5, "Chris Heeley", "Strategic Lead, Help and Protection", "Children's Services", c, false, "2023-09-05", "2023-09-07"},
        {6, "Georgia Shelton", "Accountant", "Finance", c, false, "2023-09-05", "2023-09-05"},
        {7, "Michelle Salmon", "Governance Services Officer", "Law and Governance", c, false, "2023-09-05", "2023-09-05"},
        {9, "Sarah Kinsell", "Finance Manager", "Finance", "finance", true, "2023-09-05", "2023-09-09"},
        {10, "Claire Coulson-Haggins", "Solicitor, Legal Services", "Law and Governance", "legal", true, "2023-09-05", "2023-09-10"},
        {11, "Neil Macdonald", "Interim Director of Children's Services", "-", "director", true, "2023-09-05", "2023-09-07"},
        {12, "Councillor P Seaman", "Cabinet Member for Children and Young People", "-", "members", true, "2023-09-05", "2023-09-07"},
    });
    check_only_inferred_notes(reading);
    CHECK(reading.notes.size() == 4);
}

TEST_CASE("word trail: the Devolution Deal's trail, roles given by their prefixes", "[word-trail]") {
    // The text starts with the report authors' own tab-separated line, before the header.
    const auto reading = read_word_trail(trail_text("devolution-deal-2023"), "devolution-deal-2023.txt");
    const std::string c = "contributor";
    check_rows(reading, {
        {9, "Steve Weir", "Head of Economic Development", "Economic Development", c, false, "2023-09-14", "2023-10-03"},
        {10, "Marc Greenwood", "Strategic Lead for Policy and Public Affairs", "Policy and Public Affairs", c, false, "2023-09-14", "2023-10-03"},
        {11, "David Hope", "Business Development Manager", "Business, Investment & Culture", c, false, "2023-09-14", "2023-09-15"},
        {12, "Phil Helm", "Head of Finance", "Financial Management", c, false, "2023-09-14", "2023-09-29"},
        {13, "Suzanne Bennett", "Governance Services Co-ordinator", "Law and Governance", c, false, "2023-10-03", "2023-10-03"},
        {14, "Andy Williams", "Director of Business, Investment and Culture", "Business, Investment and Culture", c, false, "2023-09-14", "2023-10-03"},
        {15, "Richard Moon", "Director of Property Services and Development", "Property Services and Development", c, false, "2023-09-14", "2023-10-03"},
        {16, "Pete Fahy", "Director of Adults Services and Housing", "Adult Services and Housing", c, false, "2023-09-14", "2023-10-03"},
        {17, "Colin Knight", "Director of Transportation and Highways", "Transportation and Highways", c, false, "2023-09-14", "2023-10-03"},
        {18, "Allison Duggal", "Director of Public Health and Wellbeing", "Public Health and Wellbeing", c, false, "2023-09-14", "2023-10-03"},
        {19, "Barry Hastie", "Chief Operating Officer (Section 151 Officer)", "Finance", c, false, "2023-09-14", "2023-10-03"},
        {20, "Paul Ward", "Head of ICT and Digital", "ICT", c, false, "2023-09-14", "2023-10-03"},
        {22, "Phil Helm", "Head of Finance", "Finance", "finance", false, "2023-09-29", "2023-09-29"},
        {23, "Julie Newman", "Chief Legal Officer", "Law and Governance", "legal", false, "2023-10-03", "2023-10-03"},
        {24, "Julie Nugent", "Chief Executive", "", "director", false, "2023-10-05", "2023-10-05"},
        {25, "Name Councillor G Duggins, Leader of the Council", "Cabinet Member for Policy and Leadership", "", "members", false, "2023-10-05", "2023-10-05"},
    });
    CHECK(reading.notes.empty());
}

TEST_CASE("word trail: CRLF text reads as LF text does", "[word-trail]") {
    for (const auto* name : {"adult-social-care-2023", "youth-justice-plan-2023", "devolution-deal-2023"}) {
        const auto lf = trail_text(name);
        std::string crlf;
        for (char ch : lf) {
            if (ch == '\n') crlf += '\r';
            crlf += ch;
        }
        INFO(name);
        const auto from_lf = read_word_trail(lf, name);
        const auto from_crlf = read_word_trail(crlf, name);
        CHECK(trail_instance_xml(from_crlf) == trail_instance_xml(from_lf));
        REQUIRE(from_crlf.rows.size() == from_lf.rows.size());
        for (std::size_t i = 0; i < from_lf.rows.size(); ++i) CHECK(from_crlf.rows[i].line == from_lf.rows[i].line);
        REQUIRE(from_crlf.notes.size() == from_lf.notes.size());
        for (std::size_t i = 0; i < from_lf.notes.size(); ++i) {
            CHECK(from_crlf.notes[i].line == from_lf.notes[i].line);
            CHECK(from_crlf.notes[i].field == from_lf.notes[i].field);
            CHECK(from_crlf.notes[i].message == from_lf.notes[i].message);
        }
    }
}

TEST_CASE("word trail: a text with no sign-off table is refused, naming its source", "[word-trail]") {
    const std::vector<std::string> texts{
        "",
        "This page is intentionally left blank\n",
        "Contributor/approver name\tTitle\tService Area\tDate doc sent out\tDate response received or approved\n"
        "Contributors:\t\t\t\n",
        "Lisa Lawson, Adult Services Programme Delivery Manager, 03.08.2023\n",
        "Lisa Lawson\tManager\tAdult Services\n",
    };
    for (const auto& text : texts) {
        INFO(text);
        try {
            (void)read_word_trail(text, "pasted.txt");
            FAIL("no exception");
        } catch (const std::invalid_argument& error) {
            CHECK_THAT(error.what(), Contains("pasted.txt: no sign-off table") &&
                                          Contains("name, title, service area, date sent out and date received"));
        }
    }
}

TEST_CASE("word trail: a row before any divider is a contributor, and noted", "[word-trail]") {
    const auto reading = read_word_trail(
        "Lisa Lawson\tManager\tAdult Services\t03.08.2023\t04.08.2023\n"
        "Finance: Phil Helm\tHead of Finance\tFinance\t29/09/23\t29/09/23\n"
        "Names of approvers for submission:\t\t\t\t\n"
        "Pete Fahy\tDirector of Adult Services\t-\t03.08.2023\t03.08.2023\n",
        "clipboard");
    REQUIRE(reading.rows.size() == 3);
    CHECK(reading.rows[0].role == "contributor");
    CHECK_FALSE(reading.rows[0].role_inferred);
    CHECK(reading.rows[1].role == "finance");  // its prefix says what it is
    CHECK(reading.rows[1].name == "Phil Helm");
    CHECK(reading.rows[2].role == "director");
    CHECK(reading.rows[2].role_inferred);
    REQUIRE(reading.notes.size() == 3);
    CHECK(reading.notes[0].severity == Finding::Severity::warning);
    CHECK(reading.notes[0].line == 1);
    CHECK(reading.notes[0].field == "sign-offs/row[1]/role");
    CHECK(reading.notes[0].message ==
          "no Contributors: or approvers line before this row; taken as a contributor");
    CHECK(reading.notes[1].line == 2);
    CHECK_THAT(reading.notes[1].message, Contains("taken as an approver (Finance) from its prefix"));
    CHECK(reading.notes[2].field == "sign-offs/row[3]/role");
}

TEST_CASE("word trail: an unreadable date is kept as written, noted on its row", "[word-trail]") {
    const auto reading = read_word_trail(
        "Contributor/approver name\tTitle\tService Area\tDate doc sent out\tDate response received or approved\n"
        "Contributors:\t\t\t\t\n"
        "Lisa Lawson\tManager\tAdult Services\t03.08.2023\t04.08.2023\n"
        "\n"
        "Michele Salmon\tGovernance Services Officer\tLaw and Governance\t31.02.2023\t03.08.2023 / 05.08.2023\n"
        "Jon Reading\tHead of Commissioning\tAdult Services\tTBC\t\n",
        "clipboard");
    REQUIRE(reading.rows.size() == 3);
    const auto& row = reading.rows[1];
    CHECK(row.line == 5);
    CHECK(row.sent.empty());
    CHECK(row.sent_as_written == "31.02.2023");
    CHECK(row.received.empty());
    CHECK(row.received_as_written == "03.08.2023 / 05.08.2023");
    CHECK(reading.rows[2].sent_as_written == "TBC");
    CHECK(reading.rows[2].received.empty());
    CHECK(reading.rows[2].received_as_written.empty());  // an empty cell is no problem

    REQUIRE(reading.notes.size() == 3);
    CHECK(reading.notes[0].severity == Finding::Severity::warning);
    CHECK(reading.notes[0].line == 5);
    CHECK(reading.notes[0].field == "sign-offs/row[2]/sent");
    CHECK_THAT(reading.notes[0].message, Contains("'31.02.2023'") && Contains("February 2023 has no day 31"));
    CHECK(reading.notes[1].field == "sign-offs/row[2]/received");
    CHECK_THAT(reading.notes[1].message, Contains("more than one date"));
    CHECK(reading.notes[2].field == "sign-offs/row[3]/sent");
    CHECK(reading.notes[2].line == 6);
    CHECK_THAT(reading.notes[2].message, Contains("'TBC'") && Contains("not a date"));

    pugi::xml_document document;
    REQUIRE(document.load_string(trail_instance_xml(reading).c_str()));
    const auto rows = document.select_nodes("/approval-trail/sign-offs/row");
    REQUIRE(rows.size() == 3);
    CHECK(std::string(rows[1].node().child_value("sent")).empty());
    CHECK(std::string(rows[1].node().child_value("sent-as-written")) == "31.02.2023");
}

TEST_CASE("word trail: an approver with no prefix and no telling title has no role, and is noted",
          "[word-trail]") {
    const auto reading = read_word_trail(
        "Names of approvers for submission:\t\t\t\t\n"
        "Georgia Shelton\tAccountant\tFinance\t05.09.23\t05.09.23\n"
        "Legal: Julie Newman\tChief Legal Officer\tLaw and Governance\t03/10/23\t03/10/23\n",
        "clipboard");
    REQUIRE(reading.rows.size() == 2);
    CHECK(reading.rows[0].role.empty());
    CHECK_FALSE(reading.rows[0].role_inferred);
    CHECK(reading.rows[1].role == "legal");
    CHECK_FALSE(reading.rows[1].role_inferred);
    REQUIRE(reading.notes.size() == 1);
    CHECK(reading.notes[0].field == "sign-offs/row[1]/role");
    CHECK(reading.notes[0].message == "no role given and none could be inferred from 'Accountant': choose one");

    const auto untitled = read_word_trail("Names of approvers for submission:\t\t\t\t\nA Person\t\t\t1/1/24\t\n", "x");
    REQUIRE(untitled.notes.size() == 1);
    CHECK(untitled.notes[0].message == "no role given, and no title to infer one from: choose one");
}

TEST_CASE("word trail: extra columns are an error on their row, missing ones a warning", "[word-trail]") {
    const auto reading = read_word_trail(
        "Contributors:\t\t\t\t\n"
        "Lisa Lawson\tManager\tAdult Services\t03.08.2023\t04.08.2023\t\tby email\n"
        "Jon Reading\tHead of Commissioning\tAdult Services\n",
        "clipboard");
    REQUIRE(reading.rows.size() == 2);
    CHECK(reading.rows[0].received == "2023-08-04");
    CHECK(reading.rows[1].sent.empty());
    REQUIRE(reading.notes.size() == 2);
    CHECK(reading.notes[0].severity == Finding::Severity::error);
    CHECK(reading.notes[0].field == "sign-offs/row[1]");
    CHECK_THAT(reading.notes[0].message, Contains("'by email'"));
    CHECK(reading.notes[1].severity == Finding::Severity::warning);
    CHECK(reading.notes[1].field == "sign-offs/row[2]");
    CHECK_THAT(reading.notes[1].message, Contains("3 columns where 5 were expected"));
}

TEST_CASE("word trail: the table ends at the first line that is not a row", "[word-trail]") {
    const auto reading = read_word_trail(
        "Contributors:\t\t\t\t\n"
        "Lisa Lawson\tManager\tAdult Services\t03.08.2023\t04.08.2023\n"
        "Councillor A Smith\t\t\t\t\n"  // a row not yet filled in is still a row
        "Enquiries should be directed to the above person\n"
        "Someone Else\tManager\tSomewhere\t03.08.2023\t04.08.2023\n",
        "clipboard");
    REQUIRE(reading.rows.size() == 2);
    CHECK(reading.rows[1].name == "Councillor A Smith");
    CHECK(reading.rows[1].role == "contributor");
}

TEST_CASE("word trail: HTML tags and entities from a conversion are left out of the cells", "[word-trail]") {
    const auto reading = read_word_trail(
        "<p><b>Contributors:</b></p>\t\t\t\t\n"
        "<b>Lisa</b> Lawson\t<u>R&amp;D</u> Manager\t<span class=\"x\">Adult Services</span>\t<b>03.08.2023</b>\t&nbsp;04.08.2023\n"
        "A &lt; B\tx < y\tService\t03.08.2023\t04.08.2023\n",
        "clipboard");
    REQUIRE(reading.rows.size() == 2);
    CHECK(reading.rows[0].name == "Lisa Lawson");
    CHECK(reading.rows[0].title == "R&D Manager");
    CHECK(reading.rows[0].service_area == "Adult Services");
    CHECK(reading.rows[0].sent == "2023-08-03");
    CHECK(reading.rows[0].received == "2023-08-04");
    CHECK(reading.rows[1].name == "A < B");
    CHECK(reading.rows[1].title == "x < y");
    CHECK(reading.notes.empty());
}

TEST_CASE("word trail: characters a record cannot hold are left out, and noted", "[word-trail]") {
    std::string text = "Contributors:\t\t\t\t\nLisa\x01 Lawson\tMan\x1F" "ager\tAdult \xFF" "Services\t03.08.2023\t04.08.2023\n";
    const auto reading = read_word_trail(text, "clipboard");
    REQUIRE(reading.rows.size() == 1);
    CHECK(reading.rows[0].name == "Lisa Lawson");
    CHECK(reading.rows[0].title == "Manager");
    CHECK(reading.rows[0].service_area == "Adult Services");
    REQUIRE(reading.notes.size() == 1);
    CHECK(reading.notes[0].field == "sign-offs/row[1]");
    CHECK_THAT(reading.notes[0].message, Contains("3 characters"));

    // Rows made by hand still give well-formed XML.
    WordTrailReading by_hand;
    by_hand.rows.push_back(TrailRow{1, "A\x02 B", "", "", "contributor", false, "", "", "", ""});
    pugi::xml_document document;
    REQUIRE(document.load_string(trail_instance_xml(by_hand).c_str()));
    CHECK(std::string(document.select_node("/approval-trail/sign-offs/row/name").node().child_value()) == "A B");
}

TEST_CASE("word trail: the instance holds every column of the form's sign-off table, in order",
          "[word-trail]") {
    pugi::xml_document form;
    REQUIRE(form.load_file(FORMWORK_APPROVAL_TRAIL_FORM));
    std::vector<std::string> columns;
    for (const auto field : form.select_node("//table[@id='sign-offs']").node().children("field"))
        columns.emplace_back(field.attribute("id").value());
    REQUIRE(columns.size() == 9);

    const auto reading = read_word_trail(trail_text("devolution-deal-2023"), "devolution-deal-2023.txt");
    const auto xml = trail_instance_xml(reading);
    CHECK(xml.rfind("<approval-trail><sign-offs><row><name>Steve Weir</name>", 0) == 0);
    CHECK(xml.find("<?xml") == std::string::npos);
    pugi::xml_document instance;
    REQUIRE(instance.load_string(xml.c_str()));
    const auto rows = instance.select_nodes("/approval-trail/sign-offs/row");
    REQUIRE(rows.size() == reading.rows.size());
    for (const auto& row : rows) {
        std::vector<std::string> names;
        for (const auto child : row.node().children()) names.emplace_back(child.name());
        CHECK(names == columns);
    }
    const auto last = rows[rows.size() - 1].node();
    CHECK(std::string(last.child_value("name")) == "Name Councillor G Duggins, Leader of the Council");
    CHECK(std::string(last.child_value("role")) == "members");
    CHECK(std::string(last.child_value("role-inferred")) == "false");
    CHECK(std::string(last.child_value("sent")) == "2023-10-05");
    CHECK(std::string(last.child_value("service-area")).empty());

    const auto inferred = trail_instance_xml(read_word_trail(trail_text("adult-social-care-2023"), "a"));
    CHECK(inferred.find("<name>Barry Hastie</name><title>Chief Operating Officer (Section 151 Officer)</title>"
                        "<service-area>-</service-area><role>finance</role><role-inferred>true</role-inferred>"
                        "<sent>2023-08-23</sent><received>2023-09-01</received><sent-as-written/>"
                        "<received-as-written/></row>") != std::string::npos);
}

TEST_CASE("word trail: characters a record cannot hold are counted as characters, not bytes", "[word-trail]") {
    // U+FFFE and U+FFFF (three bytes each in UTF-8), a bell (one byte), and a surrogate as
    // CESU-8 writes it (three bytes, not UTF-8): four characters left out, not eight or ten.
    const std::string forbidden = "\xEF\xBF\xBE" "\xEF\xBF\xBF" "\x07" "\xED\xA0\x80";
    const auto reading = read_word_trail(
        "Contributors:\t\t\t\t\n"
        "Lisa " + forbidden + "Lawson\tManager\tAdult Services\t03.08.2023\t04.08.2023\n",
        "clipboard");
    REQUIRE(reading.rows.size() == 1);
    CHECK(reading.rows[0].name == "Lisa Lawson");
    bool counted = false;
    for (const auto& note : reading.notes)
        if (note.message.find("left out of the line") != std::string::npos) {
            CHECK_THAT(note.message, Contains("4 characters that a record cannot hold"));
            counted = true;
        }
    CHECK(counted);
}
