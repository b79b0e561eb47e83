// Seed content the attendance forms once had no place for (issue 27), entered in the samples and
// read back from a real SQLite store: the youth justice board's note on how its attendance is
// counted and its two development events (seed 004 line 5147), John Gregg's former role as
// Chair (line 5133), and the council's honorary aldermen one to a row (line 115). A former role
// must name a member of the roster; a meeting stored before the aldermen table still loads.
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"
#include "sample_records.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/validator.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace formwork;
using test::describe;

namespace {

const forms::FormRegistry& registry() {
    static const auto shared = test::make_registry(test::domain_plugins({"attendance.so"}), {});
    return *shared;
}

// Every attendance sample, imported into a SQLite file whatever test server the run has.
struct SqliteSamples {
    test::TempFolder folder;
    std::unique_ptr<forms::RecordStore> store = forms::open_sqlite_store({folder.path() / "seed.db", 2000});
    SqliteSamples() { test::import_samples(*store, registry()); }
    // The stored record of the form whose `field` reads `value`.
    std::optional<forms::Record> find(const std::string& form, const char* field, const std::string& value) {
        std::optional<forms::Record> found;
        store->scan({form, {}, {}, {}}, [&](const forms::Record& record) {
            if (record.instance().child(field).text().get() == value) found = record;
            return !found;
        });
        return found;
    }
    forms::Diagnostics validate(const forms::Record& record) {
        return forms::validate_record(*registry().latest(record.meta.form_id), record,
                                      {"complete", "t", "2023-12-01", &store->query()});
    }
};

std::vector<std::string> column(pugi::xml_node table, const char* field) {
    std::vector<std::string> values;
    for (auto row : table.children("row")) values.emplace_back(row.child(field).text().get());
    return values;
}

std::string text_of(pugi::xml_node node) { return node.text().get(); }

}  // namespace

TEST_CASE("attendance seed content: the board's counting note, development events and John Gregg's former Chair role are "
          "stored in the body's new fields and validate") {
    SqliteSamples samples;
    const auto board = samples.find("attendance-body", "name", "CYJS Management Board");
    REQUIRE(board);
    const auto body = board->instance();
    CHECK(text_of(body.child("counting-note")) ==
          "Attendance does not include deputies unless specified. Where members have changed mid-year, attendance has been "
          "included from the predecessor.");

    // "Two additional Board Member development events took place on 4th May 2022 and 23rd November 2021."
    const auto events = body.child("development-events");
    CHECK(column(events, "date") == std::vector<std::string>{"2022-05-04", "2021-11-23"});
    CHECK(column(events, "description") ==
          std::vector<std::string>{"Board Member development event", "Board Member development event"});
    for (const auto& note : column(events, "note")) CHECK(note.find("4th May 2022 and 23rd November 2021") != std::string::npos);

    // "John Gregg (Previous Chair)": the person on the roster, and the role he held, with the dates
    // the seed does not give left empty and the note saying what it does give.
    const auto roles = body.child("former-roles");
    REQUIRE(column(roles, "person-id") == std::vector<std::string>{"j-gregg"});
    const auto gregg = roles.child("row");
    CHECK(text_of(gregg.child("role")) == "Chair");
    CHECK(text_of(gregg.child("from")).empty());
    CHECK(text_of(gregg.child("to")).empty());
    CHECK(text_of(gregg.child("note")).find("Dates not published") != std::string::npos);
    const auto member = body.child("members").find_child([](pugi::xml_node row) {
        return std::string(row.child_value("person-id")) == "j-gregg";
    });
    REQUIRE(member);
    CHECK(text_of(member.child("name")) == "John Gregg");
    CHECK(text_of(member.child("aliases")) == "John Gregg (Previous Chair)");

    const auto found = samples.validate(*board);
    INFO(describe(found));
    CHECK(found.empty());
}

TEST_CASE("attendance seed content: the council meeting's honorary aldermen are one row each, the printed line kept, and "
          "the meeting validates") {
    SqliteSamples samples;
    const auto council = samples.find("attendance-meeting", "date", "2023-09-05");
    REQUIRE(council);
    const auto meeting = council->instance();
    CHECK(text_of(meeting.child("body-name")) == "Council");
    // "Honorary Alderman J Clifford, H Fitzpatrick, Hammon, Skinner and Skipper"
    CHECK(column(meeting.child("aldermen"), "name") ==
          std::vector<std::string>{"J Clifford", "H Fitzpatrick", "Hammon", "Skinner", "Skipper"});
    CHECK(text_of(meeting.child("honorary-aldermen")) ==
          "Honorary Alderman J Clifford, H Fitzpatrick, Hammon, Skinner and Skipper");
    const auto found = samples.validate(*council);
    INFO(describe(found));
    CHECK(found.empty());
}

TEST_CASE("attendance seed content: a former role names a member of the roster, and does not end before it starts") {
    SqliteSamples samples;
    auto board = samples.find("attendance-body", "name", "CYJS Management Board");
    REQUIRE(board);
    auto row = board->instance().child("former-roles").child("row");
    REQUIRE(row);
    const std::string path = "former-roles/row[1]";
    CHECK_FALSE(test::has_diagnostic(samples.validate(*board), path + "/person-id", ""));

    row.child("person-id").text().set("j-greg");  // no member of the board
    auto found = samples.validate(*board);
    INFO(describe(found));
    CHECK(test::has_diagnostic(found, path + "/person-id", "no member's in the members above"));
    CHECK(forms::has_errors(found));

    row.child("person-id").text().set("j-gregg");
    row.child("from").text().set("2021-04-01");
    row.child("to").text().set("2020-03-31");
    found = samples.validate(*board);
    CHECK(test::has_diagnostic(found, path + "/to", "cannot end before it starts"));
    row.child("to").text().set("2023-07-31");
    found = samples.validate(*board);
    CHECK_FALSE(forms::has_errors(found));
}

TEST_CASE("attendance seed content: a meeting stored before the aldermen table, with only the printed line, still loads "
          "and keeps it") {
    const forms::FormRegistry& forms = registry();
    std::string text;
    for (const auto& s : forms.samples())
        if (s.name.find("council-2023-09-05") != std::string::npos) text = s.text;
    REQUIRE_FALSE(text.empty());
    const auto from = text.find("<aldermen>");
    const auto to = text.find("</aldermen>");
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    text.erase(from, to + std::string("</aldermen>").size() - from);  // as a record written before the table

    auto read = forms::read_record(text, "old-council.record.xml", forms);
    INFO(describe(read.diagnostics));
    REQUIRE(read.record);
    CHECK_FALSE(forms::has_errors(read.diagnostics));
    CHECK(text_of(read.record->instance().child("honorary-aldermen")) ==
          "Honorary Alderman J Clifford, H Fitzpatrick, Hammon, Skinner and Skipper");
    CHECK_FALSE(read.record->instance().child("aldermen").child("row"));

    test::TempFolder folder;
    auto store = forms::open_sqlite_store({folder.path() / "old.db", 2000});
    const auto imported = store->import(forms, {{"old-council.record.xml", text}}, "democratic-services");
    REQUIRE(imported.size() == 1);
    INFO(describe(imported[0].diagnostics));
    CHECK(imported[0].outcome == forms::ImportItem::Outcome::added);
}
