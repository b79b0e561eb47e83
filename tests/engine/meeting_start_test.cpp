// Starting a record from the records held (SDK 1.8, record_start.hpp), through the real
// attendance plugin and a real store: a meeting from its body's roster as it stood that day,
// the next meeting from the last, members picked by name; and the host's guards: a plugin
// built for SDK 1.7 is never asked, and one that fails is named.
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"
#include "sample_records.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/host/record_start.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/store/edit_session.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <set>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;

namespace {

const forms::FormRegistry& registry() {
    static const auto shared = test::make_registry(test::domain_plugins({"attendance.so"}));
    return *shared;
}

struct SampleStore {
    test::TempFolder folder;
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());
    SampleStore() { test::import_samples(*store, registry()); }
    // The id of the stored record of `form` whose element `field` holds `value`.
    std::string id_of(const std::string& form, const char* field, const std::string& value) {
        std::string found;
        store->scan({form, {}, {}, {}}, [&](const forms::Record& record) {
            if (value == record.instance().child(field).text().get()) found = record.meta.id;
            return found.empty();
        });
        REQUIRE(!found.empty());
        return found;
    }
};

std::vector<std::string> column(const forms::Record& record, const char* field) {
    std::vector<std::string> out;
    for (auto row : record.instance().child("attendance").children("row")) out.emplace_back(row.child(field).text().get());
    return out;
}

forms::Record new_meeting() {
    return forms::new_record(*registry().latest("attendance-meeting"), "clerk", "2023-11-01T09:00:00Z");
}

}  // namespace

TEST_CASE("the attendance plugin offers the meeting's body as its key field, members by name, and a next meeting") {
    forms::Diagnostics problems;
    const auto assist = forms::record_assist(*registry().latest("attendance-meeting"), problems);
    CHECK(problems.empty());
    CHECK(assist.key_fields == std::vector<std::string>{"body"});
    CHECK(assist.choice_fields == std::vector<std::string>{"attendance/row/person-id"});
    REQUIRE(assist.next_commands.size() == 1);
    CHECK(assist.next_commands[0].label == "Next meeting of this body");
    CHECK(forms::record_assist(*registry().latest("attendance-body"), problems).key_fields.empty());
    CHECK(forms::general_path("attendance/row[3]/person-id") == "attendance/row/person-id");
    CHECK(forms::general_path("impacts/row[@key='a[b]']/nature") == "impacts/row/nature");
}

TEST_CASE("choosing a meeting's body fills the minutes' name and the roster on the meeting's date, everyone expected") {
    SampleStore samples;
    const auto form = registry().latest("attendance-meeting");
    const auto cabinet = samples.id_of("attendance-body", "name", "Cabinet");
    auto meeting = new_meeting();
    meeting.instance().child("body").text().set(cabinet.c_str());
    meeting.instance().child("date").text().set("2023-11-07");

    const auto started = forms::prefill_record(form, meeting, {"body", {}, {}, {}, {}, &samples.store->query()});
    INFO(describe(started.diagnostics));
    REQUIRE(started.record);
    CHECK(started.diagnostics.empty());
    const auto& filled = *started.record;
    CHECK(std::string(filled.instance().child("body-name").text().get()) == "Cabinet");
    CHECK(filled.meta.id == meeting.meta.id);
    const auto people = column(filled, "person-id");
    REQUIRE(people.size() == 17);
    CHECK(people.front() == "g-duggins");
    CHECK(column(filled, "role").front() == "Chair");  // the role's label, not its code
    for (const auto& attendance : column(filled, "attendance")) CHECK(attendance == "expected");
    REQUIRE(started.notes.size() == 1);
    CHECK_THAT(started.notes[0], Contains("Cabinet") && Contains("2023-11-07") && Contains("17"));
    // Nothing marked yet, so nothing to warn of quorum; every row is a member's.
    const auto found = forms::validate_record(*form, filled, {"draft", "clerk", "2023-11-07", &samples.store->query()});
    INFO(describe(found));
    CHECK_FALSE(forms::has_errors(found));
    for (const auto& problem : found) CHECK(problem.rule != "on-roster");

    SECTION("a row added with no one in it is flagged on its row, saying so") {
        auto added = filled;
        forms::add_row(*form, added, "attendance");
        const auto flagged = forms::validate_record(*form, added, {"draft", "clerk", "2023-11-07", &samples.store->query()});
        CHECK(test::has_diagnostic(flagged, "attendance/row[18]/person-id", "A row with no name is not on the roster of Cabinet",
                                   forms::Severity::warning));
    }
    SECTION("once attendance is marked, choosing the body again leaves the rows alone") {
        auto marked = filled;
        marked.instance().child("attendance").first_child().child("attendance").text().set("present");
        const auto again = forms::prefill_record(form, marked, {"body", {}, {}, {}, {}, &samples.store->query()});
        REQUIRE(again.record);
        CHECK(column(*again.record, "attendance").front() == "present");
        REQUIRE(again.notes.size() == 1);
        CHECK_THAT(again.notes[0], Contains("already marked"));
    }
    SECTION("another field than the key leaves the record as it is") {
        const auto other = forms::prefill_record(form, meeting, {"venue", {}, {}, {}, {}, &samples.store->query()});
        CHECK_FALSE(other.record);
        CHECK(other.diagnostics.empty());
    }
}

TEST_CASE("the roster is read on the meeting's date: a member who left before it is not expected") {
    SampleStore samples;
    const auto form = registry().latest("attendance-meeting");
    const auto body_id = samples.id_of("attendance-body", "name", "Scrutiny Co-ordination Committee");
    // The second member leaves at the end of October 2023.
    const auto body_form = registry().latest("attendance-body");
    const auto held = samples.store->load(body_id);
    REQUIRE(held);
    samples.store->set_status(*body_form, body_id, "draft", held->meta.revision, "clerk", "a member's term ends");
    auto body = samples.store->load(body_id);
    REQUIRE(body);
    auto second = *std::next(body->instance().child("members").children("row").begin());
    const std::string leaver = second.child("person-id").text().get();
    second.child("term-end").text().set("2023-10-31");
    samples.store->update(*body_form, *body, body->meta.revision, "clerk");

    auto meeting = new_meeting();
    meeting.instance().child("body").text().set(body_id.c_str());
    const auto on = [&](const std::string& date) {
        const auto started = forms::prefill_record(form, meeting, {"body", {}, {}, date, {}, &samples.store->query()});
        INFO(describe(started.diagnostics));
        REQUIRE(started.record);
        return column(*started.record, "person-id");
    };
    const auto october = on("2023-10-18");
    const auto november = on("2023-11-15");
    CHECK(std::find(october.begin(), october.end(), leaver) != october.end());
    CHECK(std::find(november.begin(), november.end(), leaver) == november.end());
    CHECK(november.size() + 1 == october.size());
    // The meeting's own date, once given, is the one the roster is read at.
    meeting.instance().child("date").text().set("2023-10-18");
    CHECK(on("2023-11-15") == october);
}

TEST_CASE("the next meeting starts from the last: same body, venue and time, the roster expected again") {
    SampleStore samples;
    const auto form = registry().latest("attendance-meeting");
    const auto last = samples.id_of("attendance-meeting", "date", "2023-10-03");
    const auto started = forms::prefill_record(form, new_meeting(), {{}, last, "next-meeting", "2023-11-07", {}, &samples.store->query()});
    INFO(describe(started.diagnostics));
    REQUIRE(started.record);
    const auto instance = started.record->instance();
    const auto previous = samples.store->load(last);
    REQUIRE(previous);
    CHECK(std::string(instance.child("body").text().get()) == previous->instance().child("body").text().get());
    CHECK(std::string(instance.child("body-name").text().get()) == "Cabinet");
    CHECK(std::string(instance.child("venue").text().get()) == previous->instance().child("venue").text().get());
    CHECK(std::string(instance.child("date").text().get()).empty());  // the clerk gives the new date
    CHECK(column(*started.record, "person-id").size() == 17);

    SECTION("a record that is neither a body nor a meeting is refused, naming it") {
        const auto eia_like = forms::prefill_record(form, new_meeting(), {{}, "no-such-record", {}, {}, {}, &samples.store->query()});
        CHECK_FALSE(eia_like.record);
        REQUIRE(eia_like.diagnostics.size() == 1);
        CHECK_THAT(eia_like.diagnostics[0].message, Contains("attendance") && Contains("no-such-record"));
    }
}

TEST_CASE("members are picked from the body's roster by name, and picking one fills the row's name and role") {
    SampleStore samples;
    const auto form = registry().latest("attendance-meeting");
    auto meeting = new_meeting();
    meeting.instance().child("body").text().set(samples.id_of("attendance-body", "name", "Cabinet").c_str());
    forms::Diagnostics problems;
    const auto choices =
        forms::field_choices(*form, meeting, "attendance/row[1]/person-id", {{}, {}, {}, "2023-11-07", {}, &samples.store->query()}, problems);
    INFO(describe(problems));
    CHECK(problems.empty());
    REQUIRE(choices.size() == 17);
    CHECK(choices[0].value == "g-duggins");
    CHECK(choices[0].label == "Councillor G Duggins");
    CHECK(choices[0].detail == "Chair");
    CHECK(choices[0].fills == std::vector<std::pair<std::string, std::string>>{{"name", "Councillor G Duggins"}, {"role", "Chair"}});

    const auto typed = forms::matching_choices(choices, "dug");
    REQUIRE(typed.size() == 1);
    CHECK(typed[0].value == "g-duggins");
    CHECK(forms::matching_choices(choices, "").size() == choices.size());
    CHECK(forms::matching_choices(choices, "nobody-at-all").empty());

    SECTION("with no body chosen, the members of every body held are offered, each once") {
        const auto everyone =
            forms::field_choices(*form, new_meeting(), "attendance/row[1]/person-id", {{}, {}, {}, "2023-11-07", {}, &samples.store->query()}, problems);
        CHECK(everyone.size() > choices.size());
        std::set<std::string> ids;
        for (const auto& choice : everyone) CHECK(ids.insert(choice.value).second);
    }
}

TEST_CASE("a body's prefill is one step of the editor's history") {
    SampleStore samples;
    const auto form = registry().latest("attendance-meeting");
    auto session = forms::EditSession::create(*samples.store, form, "clerk");
    forms::EditSession::Step step(session);
    REQUIRE_FALSE(session.set_value("body", samples.id_of("attendance-body", "name", "Cabinet")));
    const auto started = forms::prefill_record(form, session.record(), {"body", {}, {}, "2023-11-07", {}, &samples.store->query()});
    REQUIRE(started.record);
    REQUIRE_FALSE(session.take_values(*started.record));
    CHECK(session.row_count("attendance") == 17);
    CHECK(session.value("body-name") == "Cabinet");
}

TEST_CASE("the host never asks a plugin built for SDK 1.7 to start a record") {
    unsetenv("FORMWORK_FIXTURE_SDK_1_7_CALLED");
    forms::PluginHost host;
    host.load(forms::PluginSearchPath{{std::string(FORMWORK_FIXTURE_PLUGIN_DIR) + "/fixture_sdk_1_7.so"}});
    REQUIRE(host.loaded().size() == 1);
    forms::FormRegistry forms_of_host;
    forms_of_host.add_plugin_forms(host);
    const auto form = forms_of_host.latest("older");
    REQUIRE(form);
    test::TempFolder folder;
    const auto store = test::make_test_store(folder.path());
    forms::Diagnostics problems;
    CHECK(forms::record_assist(*form, problems).key_fields.empty());
    const auto record = forms::new_record(*form, "t", "2023-12-01T10:00:00Z");
    CHECK_FALSE(forms::prefill_record(form, record, {"name", {}, {}, {}, {}, &store->query()}).record);
    CHECK(forms::field_choices(*form, record, "name", {{}, {}, {}, {}, {}, &store->query()}, problems).empty());
    CHECK(problems.empty());
    CHECK(std::getenv("FORMWORK_FIXTURE_SDK_1_7_CALLED") == nullptr);
}

TEST_CASE("a plugin that fails to start a record or give choices is named, with what it said") {
    forms::PluginHost host;
    host.load(forms::PluginSearchPath{{std::string(FORMWORK_FIXTURE_PLUGIN_DIR) + "/fixture_throwing_checks.so"}});
    forms::FormRegistry forms_of_host;
    forms_of_host.add_plugin_forms(host);
    const auto form = forms_of_host.latest("fragile");
    REQUIRE(form);
    test::TempFolder folder;
    const auto store = test::make_test_store(folder.path());
    const auto record = forms::new_record(*form, "t", "2023-12-01T10:00:00Z");
    const auto started = forms::prefill_record(form, record, {{}, "x", {}, {}, {}, &store->query()});
    CHECK_FALSE(started.record);
    REQUIRE(started.diagnostics.size() == 1);
    CHECK_THAT(started.diagnostics[0].message, Contains("fixture-throwing-checks") && Contains("no record to start from"));
    forms::Diagnostics problems;
    CHECK(forms::field_choices(*form, record, "name", {{}, {}, {}, {}, {}, &store->query()}, problems).empty());
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Contains("field_choices") && Contains("the roster could not be read"));
}
