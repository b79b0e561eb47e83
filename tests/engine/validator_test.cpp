// Validation and the status lifecycle, on the "everything" form: types, required and
// relevant, constraints and rules with their severities and statuses, tables, parts,
// calculations, and what marking a record complete does.
#include "form_fixtures.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/model/evaluation_context.hpp>
#include <formwork/model/validator.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

using namespace formwork;
using Catch::Matchers::Contains;
using forms::Severity;
using test::describe;
using test::has_diagnostic;

namespace {

// A record of the everything form with no errors at "complete".
forms::Record clean_record(const forms::FormDefinition& form) {
    auto record = forms::new_record(form, "clerk", "2023-10-09T09:00:00Z");
    for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
             {"title", "Youth Justice Plan"},
             {"author/name", "Rachael Sugars"},
             {"author/role", "Head of Service"},
             {"activity", "new-policy"},
             {"people", "1200"},
             {"actions/row[1]/action", "Refresh the data"},
             {"email", "rachael.sugars@coventry.gov.uk"}}) {
        const auto problem = forms::set_value(form, record, path, value);
        REQUIRE_FALSE(problem);
    }
    return record;
}

forms::Diagnostics validate(const forms::FormDefinition& form, const forms::Record& record, std::string status = {}) {
    return forms::validate_record(form, record, {std::move(status), "clerk", "2023-10-17"});
}

}  // namespace

TEST_CASE("a clean record has nothing to report") {
    const auto form = test::everything_form();
    const auto record = clean_record(*form);
    INFO(describe(validate(*form, record)));
    CHECK(validate(*form, record).empty());
    CHECK(validate(*form, record, "complete").empty());
}

TEST_CASE("required fields, with the field's own node as context") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "title", ""));
    REQUIRE_FALSE(forms::set_value(*form, record, "author/name", ""));
    REQUIRE_FALSE(forms::set_value(*form, record, "author/role", ""));
    const auto found = validate(*form, record);
    CHECK(has_diagnostic(found, "title", "Title is required"));
    CHECK(has_diagnostic(found, "author", "Author is required"));
    REQUIRE_FALSE(forms::set_value(*form, record, "author/role", "Head of Service"));
    CHECK(has_diagnostic(validate(*form, record), "author", "a role is given but no name"));
}

TEST_CASE("a field that is not relevant is not validated, and is kept while drafting") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    CHECK_FALSE(has_diagnostic(validate(*form, record), "other-details", "required"));
    REQUIRE_FALSE(forms::set_value(*form, record, "activity", "other"));
    CHECK(has_diagnostic(validate(*form, record), "other-details", "Details of the other project is required"));
    REQUIRE_FALSE(forms::set_value(*form, record, "other-details", "A pilot with the police"));
    CHECK(validate(*form, record).empty());
    // Switching back hides the field; what was typed stays in the draft.
    REQUIRE_FALSE(forms::set_value(*form, record, "activity", "new-policy"));
    CHECK(validate(*form, record).empty());
    REQUIRE_FALSE(forms::set_value(*form, record, "activity", "other"));
    CHECK(std::string(record.instance().child("other-details").text().get()) == "A pilot with the police");
}

TEST_CASE("values are checked against their types") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
             {"completed", "2023-02-30"},
             {"people", "12.5"},
             {"budget", "1,000"},
             {"email", "rachael at coventry"},
             {"phone", "call me"},
             {"activity", "new-service"},
             {"apologies", "illness illness"},
             {"key-decision", "yes"},
             {"eia", "EIA-12"},
             {"title", "two\nlines"}})
        REQUIRE_FALSE(forms::set_value(*form, record, path, value));
    const auto found = validate(*form, record);
    INFO(describe(found));
    CHECK(has_diagnostic(found, "completed", "'2023-02-30' is not a date (February 2023 has no day 30); write it as 15/01/2024"));
    CHECK(has_diagnostic(found, "people", "'12.5' is not a whole number"));
    CHECK(has_diagnostic(found, "budget", "'1,000' is not a number"));
    CHECK(has_diagnostic(found, "email", "is not an email address"));
    CHECK(has_diagnostic(found, "phone", "is not a telephone number"));
    CHECK(has_diagnostic(found, "activity", "'new-service' is not one of the choices for Carried out on"));
    CHECK(has_diagnostic(found, "apologies", "'illness' is chosen twice"));
    CHECK(has_diagnostic(found, "key-decision", "'yes' is not true or false"));
    CHECK(has_diagnostic(found, "eia", "is not a record id"));
    CHECK(has_diagnostic(found, "title", "holds a line break"));
    CHECK(found.size() == 10);
}

TEST_CASE("maximum length counts characters, not bytes") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "title", std::string(20, 'a') + "éééééééééééééééééééé"));  // 40 characters
    CHECK(validate(*form, record).empty());
    REQUIRE_FALSE(forms::set_value(*form, record, "title", std::string(41, 'a')));
    CHECK(has_diagnostic(validate(*form, record), "title", "Title has 41 characters; the most allowed is 40"));
}

TEST_CASE("constraints carry their message, severity and starting status") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "budget", "-5"));
    REQUIRE_FALSE(forms::set_value(*form, record, "people", "2000000"));
    auto found = validate(*form, record);
    CHECK(has_diagnostic(found, "budget", "A budget cannot be negative."));
    CHECK(has_diagnostic(found, "people", "That is more people than live in the city.", Severity::warning));

    REQUIRE_FALSE(forms::set_value(*form, record, "people", "0"));
    CHECK_FALSE(has_diagnostic(validate(*form, record), "people", "Say how many"));                   // a draft
    CHECK(has_diagnostic(validate(*form, record, "complete"), "people", "Say how many people are affected."));
    CHECK(has_diagnostic(validate(*form, record, "submitted"), "people", "Say how many people are affected."));
}

TEST_CASE("form rules point at their field and apply from their status") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "completed", "2023-12-01"));
    REQUIRE_FALSE(forms::set_value(*form, record, "email", ""));
    auto found = validate(*form, record, "complete");
    CHECK(has_diagnostic(found, "completed", "The date of completion is in the future.", Severity::warning));
    CHECK_FALSE(has_diagnostic(found, "email", "before submission"));
    CHECK(has_diagnostic(validate(*form, record, "submitted"), "email", "Give an email address before submission."));
    for (const auto& d : found)
        if (d.path == "completed") CHECK(d.rule == "completed-not-future");
}

TEST_CASE("$today and $user are bound as variables, and typed values are never part of an expression") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "completed", "2023-10-18"));
    CHECK(has_diagnostic(forms::validate_record(*form, record, {{}, "u", "2023-10-17"}), "completed", "in the future",
                         Severity::warning));
    CHECK(forms::validate_record(*form, record, {{}, "u", "2023-10-18"}).empty());

    // Text that looks like XPath stays text: it cannot change what a rule means.
    REQUIRE_FALSE(forms::set_value(*form, record, "completed", ""));
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "') or true() or ('"));
    REQUIRE_FALSE(forms::set_value(*form, record, "email", "x' or '1'='1"));
    const auto found = validate(*form, record, "submitted");
    CHECK(has_diagnostic(found, "email", "is not an email address"));
    CHECK_FALSE(has_diagnostic(found, "email", "before submission"));
}

TEST_CASE("an evaluation context binds $status, $user and $today for its life, and puts back what it found") {
    const auto form = test::everything_form();
    const pugi::xpath_query seen("concat($status, '|', $user, '|', $today)", form->variables->compile_set());
    const pugi::xml_document nothing;
    const auto read = [&] { return std::string(seen.evaluate_string(pugi::xpath_node(nothing))); };
    CHECK(read() == "||");
    std::atomic<bool> bound_elsewhere{false};
    std::thread other;
    {
        const forms::EvaluationContext outer(*form, {"draft", "Si\xC3\xA2n", "2023-10-17"});
        CHECK(read() == "draft|Si\xC3\xA2n|2023-10-17");
        {
            const forms::EvaluationContext inner(*form, {"complete", "", "2024-01-01"});
            CHECK(read() == "complete||2024-01-01");
        }
        CHECK(read() == "draft|Si\xC3\xA2n|2023-10-17");
        // Validation inside it binds its own values, and leaves the outer ones as they were.
        static_cast<void>(forms::validate_record(*form, clean_record(*form), {"complete", "u", "2000-01-01"}));
        CHECK(read() == "draft|Si\xC3\xA2n|2023-10-17");
        // Another evaluation of the same definition, on another thread, waits for this one.
        other = std::thread([&] {
            const forms::EvaluationContext theirs(*form, {"submitted", "other", "2025-05-05"});
            bound_elsewhere = true;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CHECK_FALSE(bound_elsewhere);
        CHECK(read() == "draft|Si\xC3\xA2n|2023-10-17");
    }
    other.join();
    CHECK(bound_elsewhere);
    CHECK(read() == "||");
    const forms::EvaluationContext today(*form, {});
    CHECK(read() == "||" + forms::today_iso_date());
}

TEST_CASE("fixed and repeating tables are validated row by row, with row paths") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "impacts/row[@key='disability']/impact", "N"));
    CHECK(has_diagnostic(validate(*form, record), "impacts/row[@key='disability']/nature", "Nature of impact is required"));
    REQUIRE_FALSE(forms::set_value(*form, record, "impacts/row[@key='disability']/impact", "XX"));
    CHECK(has_diagnostic(validate(*form, record), "impacts/row[@key='disability']/impact", "'XX' is not one of the choices"));

    REQUIRE(forms::add_row(*form, record, "actions"));
    CHECK(has_diagnostic(validate(*form, record), "actions/row[2]/action", "Action is required"));
    REQUIRE_FALSE(forms::set_value(*form, record, "actions/row[2]/action", "Second"));
    REQUIRE(forms::add_row(*form, record, "actions"));
    REQUIRE(forms::add_row(*form, record, "actions"));
    CHECK(has_diagnostic(validate(*form, record), "actions", "Actions may have at most 3 rows; it has 4"));
    auto actions = record.instance().child("actions");
    while (actions.first_child()) actions.remove_child(actions.first_child());
    CHECK(has_diagnostic(validate(*form, record), "actions", "Actions needs at least 1 row; it has 0"));
}

TEST_CASE("an optional part switched off is not validated, a profile switches it on without changing the form") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    record.instance().append_child("workforce").append_child("headcount").text().set("seven");
    CHECK(validate(*form, record).empty());

    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(
        "<council-profile id='coventry' name='Coventry'><part form='everything' id='workforce' enabled='true'/></council-profile>",
        "coventry.profile.xml", problems);
    REQUIRE(profile);
    const auto configured = test::everything_form(&*profile);
    CHECK(configured->id == form->id);
    CHECK(configured->version == form->version);
    auto with_part = forms::new_record(*configured, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE(with_part.instance().child("workforce").child("sex").child("female"));
    REQUIRE_FALSE(forms::set_value(*configured, with_part, "workforce/headcount", "10"));
    REQUIRE_FALSE(forms::set_value(*configured, with_part, "workforce/sex/female", "6"));
    REQUIRE_FALSE(forms::set_value(*configured, with_part, "workforce/sex/male", "3"));
    CHECK(has_diagnostic(validate(*configured, with_part), "workforce/headcount",
                         "The headcount by sex must add up to the headcount."));
    REQUIRE_FALSE(forms::set_value(*configured, with_part, "workforce/sex/male", "4"));
    CHECK_FALSE(has_diagnostic(validate(*configured, with_part), "workforce/headcount", "add up"));
}

TEST_CASE("calculated fields follow the record") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    forms::recalculate(*form, record);
    CHECK(std::string(record.instance().child("action-count").text().get()) == "1");
    REQUIRE(forms::add_row(*form, record, "actions"));
    forms::recalculate(*form, record);
    CHECK(std::string(record.instance().child("action-count").text().get()) == "2");
}

TEST_CASE("marking complete is refused while errors remain, and says which") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "title", ""));
    REQUIRE_FALSE(forms::set_value(*form, record, "people", "0"));
    const auto refused = forms::change_status(*form, record, "complete", "clerk", "2023-10-10T10:00:00Z");
    CHECK_FALSE(refused.changed);
    CHECK(record.meta.status == "draft");
    CHECK(record.meta.transitions.empty());
    REQUIRE_FALSE(refused.diagnostics.empty());
    CHECK_THAT(refused.diagnostics.front().message, Contains("cannot be marked complete while it has 2 errors"));
    CHECK(has_diagnostic(refused.diagnostics, "title", "Title is required"));
    CHECK(has_diagnostic(refused.diagnostics, "people", "Say how many people are affected."));
}

TEST_CASE("warnings never block, transitions are recorded, and leaving the draft clears what no longer applies") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "activity", "other"));
    REQUIRE_FALSE(forms::set_value(*form, record, "other-details", "Typed, then the choice changed"));
    REQUIRE_FALSE(forms::set_value(*form, record, "activity", "new-policy"));
    REQUIRE_FALSE(forms::set_value(*form, record, "people", "2000000"));  // a warning

    const auto done = forms::change_status(*form, record, "complete", "manager", "2023-10-10T10:00:00Z");
    INFO(describe(done.diagnostics));
    CHECK(done.changed);
    CHECK(has_diagnostic(done.diagnostics, "people", "more people", Severity::warning));
    CHECK(record.meta.status == "complete");
    CHECK(record.meta.modified_by == "manager");
    REQUIRE(record.meta.transitions.size() == 1);
    CHECK(record.meta.transitions[0].from == "draft");
    CHECK(record.meta.transitions[0].to == "complete");
    CHECK(record.meta.transitions[0].at == "2023-10-10T10:00:00Z");
    CHECK(std::string(record.instance().child("other-details").text().get()).empty());

    CHECK_FALSE(forms::change_status(*form, record, "complete", "manager", "2023-10-10T10:00:00Z").changed);
    const auto reopened = forms::change_status(*form, record, "draft", "manager", "2023-10-11T10:00:00Z");
    CHECK(reopened.changed);
    const auto skipped = forms::change_status(*form, record, "submitted", "manager", "2023-10-11T10:00:00Z");
    CHECK_FALSE(skipped.changed);
    CHECK_THAT(skipped.diagnostics.front().message, Contains("does not allow a record to go from draft to submitted"));
    CHECK(record.meta.transitions.size() == 2);
}

TEST_CASE("submission needs what the rules for submission ask") {
    const auto form = test::everything_form();
    auto record = clean_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "email", ""));
    REQUIRE(forms::change_status(*form, record, "complete", "clerk", "2023-10-10T10:00:00Z").changed);
    const auto refused = forms::change_status(*form, record, "submitted", "clerk", "2023-10-10T11:00:00Z");
    CHECK_FALSE(refused.changed);
    CHECK(has_diagnostic(refused.diagnostics, "email", "Give an email address before submission."));
    REQUIRE_FALSE(forms::set_value(*form, record, "email", "clerk@coventry.gov.uk"));
    CHECK(forms::change_status(*form, record, "submitted", "clerk", "2023-10-10T11:00:00Z").changed);
}

TEST_CASE("a plugin's form may declare its own lifecycle") {
    const auto loaded = forms::load_form_definition(
        "<form id='minutes' version='1' title='Minutes'>"
        "<lifecycle><status id='draft'/><status id='agreed'/><status id='published'/>"
        "<transition from='draft' to='agreed'/><transition from='agreed' to='published'/></lifecycle>"
        "<field id='text' type='long-text' required='true()'/>"
        "<rule id='r' field='text' from-status='published' test=\"string-length(text) &gt; 10\">Too short to publish.</rule>"
        "</form>",
        "minutes.form.xml");
    INFO(describe(loaded.diagnostics));
    REQUIRE(loaded.form);
    auto record = forms::new_record(*loaded.form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE_FALSE(forms::set_value(*loaded.form, record, "text", "Agreed."));
    CHECK(forms::change_status(*loaded.form, record, "agreed", "clerk", "2023-10-09T10:00:00Z").changed);
    CHECK_FALSE(forms::change_status(*loaded.form, record, "published", "clerk", "2023-10-09T10:00:00Z").changed);
    CHECK_FALSE(forms::change_status(*loaded.form, record, "complete", "clerk", "2023-10-09T10:00:00Z").changed);
}
