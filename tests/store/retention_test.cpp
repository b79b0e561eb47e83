// Retention (docs/profile.md, "Retention"): calendar periods, the date a period runs from as the
// audit history gives it, and exactly the records past their period found and erased, on a real
// SQLite file whose audit log is dated as if its saves had been made years ago.
#include "form_fixtures.hpp"
#include "temp_folder.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/store/export_entry.hpp>
#include <formwork/store/retention.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <map>
#include <set>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

forms::AuditEntry entry(const std::string& at, const std::string& action, const std::string& from = {},
                        const std::string& to = {}) {
    forms::AuditEntry made;
    made.at = at;
    made.action = action;
    if (!to.empty()) made.changes.push_back({"meta/status", from, to});
    made.changes.push_back({"title", "", "x"});
    return made;
}

forms::Lifecycle default_lifecycle() { return test::everything_form()->lifecycle; }

// Gives the audit entries named the times given, and hashes the chain again from the first
// entry, as if the saves had been made then: the log verifies, as the store wrote it.
void redate_audit(const std::filesystem::path& database, const std::map<long, std::string>& times) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(database.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* select = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT sequence, at, by, record_id, revision, action, values_digest, v1_digest "
                               "FROM audit ORDER BY sequence",
                               -1, &select, nullptr) == SQLITE_OK);
    std::vector<forms::AuditEntry> entries;
    const auto text = [&](int column) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(select, column))); };
    while (sqlite3_step(select) == SQLITE_ROW) {
        forms::AuditEntry row;
        row.sequence = static_cast<long>(sqlite3_column_int64(select, 0));
        row.at = text(1);
        row.by = text(2);
        row.record_id = text(3);
        row.revision = static_cast<long>(sqlite3_column_int64(select, 4));
        row.action = text(5);
        row.values_digest = text(6);
        row.v1_digest = text(7);
        entries.push_back(std::move(row));
    }
    sqlite3_finalize(select);
    sqlite3_stmt* update = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "UPDATE audit SET at = ?, previous_digest = ?, digest = ? WHERE sequence = ?", -1,
                               &update, nullptr) == SQLITE_OK);
    std::string previous = forms::genesis_digest();
    for (auto& row : entries) {
        if (const auto found = times.find(row.sequence); found != times.end()) row.at = found->second;
        row.previous_digest = previous;
        row.digest = forms::audit_digest(row);
        previous = row.digest;
        sqlite3_bind_text(update, 1, row.at.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(update, 2, row.previous_digest.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(update, 3, row.digest.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(update, 4, row.sequence);
        REQUIRE(sqlite3_step(update) == SQLITE_DONE);
        sqlite3_reset(update);
    }
    sqlite3_finalize(update);
    sqlite3_close(db);
}

forms::CouncilProfile profile_with(const std::string& retention, forms::Diagnostics& problems) {
    auto profile = forms::parse_council_profile(
        "<council-profile id='test' name='Test'>\n" + retention + "\n</council-profile>\n", "test.profile.xml", problems);
    if (!profile) throw std::runtime_error("the profile was refused:\n" + test::describe(problems));
    return *profile;
}

// The everything form, and a copy of it named "other" that no retention rule names.
struct Forms {
    forms::FormRegistry registry;
    Forms() {
        const auto text = test::read_text(test::fixture_form_path("everything"));
        REQUIRE(registry.add_definition(text, "everything.form.xml"));
        auto other = text;
        other.replace(other.find("id=\"everything\""), 15, "id=\"other\"");
        REQUIRE(registry.add_definition(other, "other.form.xml"));
    }
};

}  // namespace

TEST_CASE("a retention period is a calendar period: years and months first, a missing day the month's last, then days") {
    CHECK(forms::add_calendar_period("2019-03-31", 6, 0, 0) == "2025-03-31");
    CHECK(forms::add_calendar_period("2020-02-29", 1, 0, 0) == "2021-02-28");
    CHECK(forms::add_calendar_period("2020-02-29", 4, 0, 0) == "2024-02-29");
    CHECK(forms::add_calendar_period("2019-01-31", 0, 1, 0) == "2019-02-28");
    CHECK(forms::add_calendar_period("2020-01-31", 0, 1, 0) == "2020-02-29");
    CHECK(forms::add_calendar_period("2019-08-31", 0, 18, 0) == "2021-02-28");
    CHECK(forms::add_calendar_period("2023-11-30", 0, 3, 1) == "2024-03-01");
    CHECK(forms::add_calendar_period("2023-12-31", 0, 0, 1) == "2024-01-01");
    CHECK(forms::add_calendar_period("2024-02-28", 0, 0, 366) == "2025-02-28");
    CHECK(forms::add_calendar_period("2023-06-15", 100, 0, 0) == "2123-06-15");
    CHECK_THROWS_AS(forms::add_calendar_period("2023-02-29", 1, 0, 0), std::invalid_argument);
}

TEST_CASE("a period runs from the last time the record entered the status or a later one, as its audit history says") {
    const auto lifecycle = default_lifecycle();
    SECTION("completed, reopened, completed again: the second completion") {
        const std::vector<forms::AuditEntry> history{
            entry("2017-05-01T10:00:00Z", "create"), entry("2017-06-01T10:00:00Z", "status", "draft", "complete"),
            entry("2018-01-09T10:00:00Z", "reopen", "complete", "draft"), entry("2018-02-01T10:00:00Z", "update"),
            entry("2019-03-31T23:59:59Z", "status", "draft", "complete")};
        CHECK(forms::retention_start(lifecycle, "complete", history, "complete") == "2019-03-31");
    }
    SECTION("completed, then submitted: still the completion, a move among later statuses starts nothing") {
        const std::vector<forms::AuditEntry> history{
            entry("2017-05-01T10:00:00Z", "create"), entry("2017-06-01T10:00:00Z", "status", "draft", "complete"),
            entry("2020-01-01T10:00:00Z", "status", "complete", "submitted")};
        CHECK(forms::retention_start(lifecycle, "complete", history, "submitted") == "2017-06-01");
        CHECK(forms::retention_start(lifecycle, "submitted", history, "submitted") == "2020-01-01");
    }
    SECTION("imported complete: the import") {
        const std::vector<forms::AuditEntry> history{entry("2016-02-29T08:00:00Z", "import")};
        CHECK(forms::retention_start(lifecycle, "complete", history, "complete") == "2016-02-29");
        const std::vector<forms::AuditEntry> later{entry("2016-02-29T08:00:00Z", "import"),
                                                   entry("2017-01-01T08:00:00Z", "status", "complete", "approved")};
        CHECK(forms::retention_start(lifecycle, "complete", later, "approved") == "2016-02-29");
    }
    SECTION("never completed, or reopened and a draft now: nothing") {
        const std::vector<forms::AuditEntry> draft{entry("2016-01-01T08:00:00Z", "create"),
                                                   entry("2016-01-02T08:00:00Z", "update")};
        CHECK_FALSE(forms::retention_start(lifecycle, "complete", draft, "draft"));
        const std::vector<forms::AuditEntry> reopened{entry("2016-01-01T08:00:00Z", "create"),
                                                      entry("2016-02-01T08:00:00Z", "status", "draft", "complete"),
                                                      entry("2016-03-01T08:00:00Z", "reopen", "complete", "draft")};
        CHECK_FALSE(forms::retention_start(lifecycle, "complete", reopened, "draft"));
    }
    SECTION("a history that does not end in the record's status is never guessed from") {
        const std::vector<forms::AuditEntry> history{entry("2016-01-01T08:00:00Z", "create"),
                                                     entry("2016-02-01T08:00:00Z", "status", "draft", "complete")};
        CHECK_FALSE(forms::retention_start(lifecycle, "complete", history, "submitted"));
        CHECK_FALSE(forms::retention_start(lifecycle, "complete", {}, "complete"));
    }
    SECTION("an id erased and imported again: only what came after the erasure") {
        const std::vector<forms::AuditEntry> history{
            entry("2010-01-01T08:00:00Z", "import"), entry("2011-01-01T08:00:00Z", "erase"),
            entry("2020-07-01T08:00:00Z", "import")};
        CHECK(forms::retention_start(lifecycle, "complete", history, "complete") == "2020-07-01");
    }
}

TEST_CASE("retention rules in a profile: periods and statuses checked, at their line and column") {
    forms::Diagnostics problems;
    const auto profile = profile_with("<retention form='everything' years='6' after='complete'/>\n"
                                      "<retention form='other' months='18' days='10'/>",
                                      problems);
    REQUIRE(profile.retention.size() == 2);
    const auto* rule = profile.retention_for("other");
    REQUIRE(rule != nullptr);
    CHECK(rule->years == 0);
    CHECK(rule->months == 18);
    CHECK(rule->days == 10);
    CHECK(rule->after.empty());
    CHECK(rule->where.line == 3);
    CHECK(profile.retention_for("nothing") == nullptr);

    const auto refused = [](const std::string& element) {
        forms::Diagnostics found;
        const auto read = forms::parse_council_profile("<council-profile id='test' name='Test'>\n" + element +
                                                           "\n</council-profile>\n",
                                                       "bad.profile.xml", found);
        CHECK_FALSE(read);
        return test::describe(found);
    };
    CHECK_THAT(refused("<retention form='eia' years='six'/>"),
               Contains("bad.profile.xml:2:") && Contains("years must be a whole number from 0 to 100, not 'six'"));
    CHECK_THAT(refused("<retention form='eia' years='-1'/>"), Contains("years must be a whole number"));
    CHECK_THAT(refused("<retention form='eia' days='36601'/>"), Contains("days must be a whole number from 0 to 36600"));
    CHECK_THAT(refused("<retention form='eia' years='0' months='0'/>"), Contains("bad.profile.xml:2:1: error: the retention period of form 'eia' is zero"));
    CHECK_THAT(refused("<retention form='eia'/>"), Contains("needs its period"));
    CHECK_THAT(refused("<retention years='6'/>"), Contains("needs the form"));
    CHECK_THAT(refused("<retention form='eia' years='6' after='Complete!'/>"), Contains("after names a status"));
    CHECK_THAT(refused("<retention form='eia' years='6' weeks='2'/>"), Contains("unknown attribute 'weeks'"));
    CHECK_THAT(refused("<retention form='eia' years='6'/>\n<retention form='eia' years='7'/>"),
               Contains("bad.profile.xml:3:") && Contains("the retention of form 'eia' is given twice"));

    // Once the forms are known: a form no plugin has is a warning, a status the form lacks an error.
    Forms known;
    forms::Diagnostics later;
    const auto checked = forms::check_retention_rules(
        profile_with("<retention form='nosuch' years='1'/>\n<retention form='everything' years='1' after='published'/>",
                     later)
            .retention,
        known.registry);
    REQUIRE(checked.size() == 2);
    CHECK(checked[0].severity == forms::Severity::warning);
    CHECK_THAT(checked[0].format(), Contains("test.profile.xml:2:1: warning: no form 'nosuch' is loaded"));
    CHECK(checked[1].severity == forms::Severity::error);
    CHECK_THAT(checked[1].format(), Contains("test.profile.xml:3:1: error: form 'everything' has no status 'published'") &&
                                        Contains("draft, complete, submitted, approved"));
}

TEST_CASE("exactly the records past their period are listed for a date, and erased each with its own entry") {
    test::TempFolder folder;
    const auto path = folder.path() / "council.db";
    Forms known;
    const auto everything = known.registry.latest("everything");
    const auto other = known.registry.latest("other");
    forms::Diagnostics problems;
    const auto rules = profile_with("<retention form='everything' years='6'/>", problems).retention;

    // Each record's saves, with the dates they are given afterwards.
    std::map<long, std::string> times;
    long sequence = 0;
    std::map<std::string, std::string> ids;
    auto store = forms::open_sqlite_store({path, 2000});
    const auto make = [&](const forms::FormDefinition& form, const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& moves) {
        auto record = test::complete_everything_record(form, name);
        REQUIRE_FALSE(forms::set_value(form, record, "email", "clerk@example.org"));
        store->create(form, record, "author");
        times[++sequence] = moves.front().second;
        long revision = 1;
        for (std::size_t i = 1; i < moves.size(); ++i) {
            const auto& [status, at] = moves[i];
            const auto moved = store->set_status(form, record.meta.id, status, revision++, "manager",
                                                 status == "draft" ? "Corrections" : "");
            REQUIRE(moved.changed);
            times[++sequence] = at;
        }
        ids[name] = record.meta.id;
    };
    make(*everything, "a day before its end", {{"", "2019-04-01T09:00:00Z"}, {"complete", "2019-04-02T09:00:00Z"}});
    make(*everything, "on its end date", {{"", "2019-03-01T09:00:00Z"}, {"complete", "2019-04-01T23:59:59Z"}});
    make(*everything, "the day after its end", {{"", "2019-03-01T09:00:00Z"}, {"complete", "2019-03-31T00:00:01Z"}});
    make(*everything, "submitted long after completion",
         {{"", "2015-01-01T09:00:00Z"}, {"complete", "2015-06-30T09:00:00Z"}, {"submitted", "2024-01-01T09:00:00Z"}});
    make(*everything, "reopened, a draft now",
         {{"", "2010-01-01T09:00:00Z"}, {"complete", "2010-02-01T09:00:00Z"}, {"draft", "2010-03-01T09:00:00Z"}});
    make(*everything, "completed again lately",
         {{"", "2010-01-01T09:00:00Z"}, {"complete", "2010-02-01T09:00:00Z"}, {"draft", "2010-03-01T09:00:00Z"},
          {"complete", "2020-01-01T09:00:00Z"}});
    make(*everything, "never completed", {{"", "2001-01-01T09:00:00Z"}});
    make(*other, "of a form without a rule", {{"", "2001-01-01T09:00:00Z"}, {"complete", "2001-02-01T09:00:00Z"}});
    store.reset();
    redate_audit(path, times);
    store = forms::open_sqlite_store({path, 2000});
    REQUIRE(store->verify_trail().intact);

    const auto listed = [&](const forms::RetentionReview& review) {
        std::set<std::string> names;
        for (const auto& due : review.due) names.insert(due.title.substr(0, due.title.find(" (")));
        return names;
    };
    const auto on_end = forms::review_retention(*store, known.registry, rules, "2025-04-01");
    INFO(test::describe(on_end.diagnostics));
    CHECK(on_end.diagnostics.empty());
    CHECK(listed(on_end) == std::set<std::string>{"the day after its end", "submitted long after completion"});
    REQUIRE(on_end.due.size() == 2);
    // By end date: the one completed in 2015 first.
    CHECK(on_end.due[0].record_id == ids["submitted long after completion"]);
    CHECK(on_end.due[0].started == "2015-06-30");
    CHECK(on_end.due[0].ended == "2021-06-30");
    CHECK(on_end.due[0].status == "submitted");
    CHECK(on_end.due[0].after == "complete");
    CHECK(on_end.due[1].started == "2019-03-31");
    CHECK(on_end.due[1].ended == "2025-03-31");
    CHECK(on_end.due[1].title == "the day after its end (Rachael Sugars)");
    CHECK(listed(forms::review_retention(*store, known.registry, rules, "2025-04-02")) ==
          std::set<std::string>{"on its end date", "the day after its end", "submitted long after completion"});
    CHECK(listed(forms::review_retention(*store, known.registry, rules, "2025-04-03")).size() == 4);
    CHECK(listed(forms::review_retention(*store, known.registry, rules, "2021-06-30")).empty());
    CHECK(listed(forms::review_retention(*store, known.registry, rules, "2026-01-01")).count("completed again lately") == 0);
    CHECK(listed(forms::review_retention(*store, known.registry, rules, "2026-01-02")) ==
          std::set<std::string>{"a day before its end", "on its end date", "the day after its end",
                                "submitted long after completion", "completed again lately"});

    std::vector<std::string> heard;
    const auto erased = forms::erase_past_retention(*store, known.registry, rules, on_end.due, on_end.on, "rmanager",
                                                    "Retention schedule: six years after completion",
                                                    [&](const forms::RetentionErasure& one) { heard.push_back(one.record_id); });
    REQUIRE(erased.size() == 2);
    CHECK(heard.size() == 2);
    for (const auto& one : erased) {
        INFO(one.problem);
        REQUIRE(one.report);
        CHECK_FALSE(store->load(one.record_id));
        const auto history = store->history(one.record_id);
        REQUIRE_FALSE(history.empty());
        CHECK(history.back().action == "erase");
        CHECK(history.back().by == "rmanager");
        CHECK(history.back().sequence == one.report->erase_entry);
        REQUIRE_FALSE(history.back().changes.empty());
        CHECK(history.back().changes.front().path == "meta/erase-reason");
        CHECK(history.back().changes.front().new_value == "Retention schedule: six years after completion");
    }
    for (const auto& name : {"a day before its end", "on its end date", "reopened, a draft now", "completed again lately",
                             "never completed", "of a form without a rule"})
        CHECK(store->load(ids[name]));
    const auto trail = store->verify_trail();
    CHECK(trail.intact);
    CHECK(trail.erased.size() == 5);  // the two records' create and status entries, and one's submission
    CHECK(forms::review_retention(*store, known.registry, rules, "2025-04-01").due.empty());
}

TEST_CASE("a record reopened after it was listed is not erased, and the others are") {
    test::TempFolder folder;
    const auto path = folder.path() / "council.db";
    Forms known;
    const auto everything = known.registry.latest("everything");
    forms::Diagnostics problems;
    const auto rules = profile_with("<retention form='everything' days='1'/>", problems).retention;
    auto store = forms::open_sqlite_store({path, 2000});
    std::vector<std::string> ids;
    for (const auto* name : {"first", "second"}) {
        auto record = test::complete_everything_record(*everything, name);
        REQUIRE_FALSE(forms::set_value(*everything, record, "email", "clerk@example.org"));
        store->create(*everything, record, "author");
        REQUIRE(store->set_status(*everything, record.meta.id, "complete", 1, "manager").changed);
        ids.push_back(record.meta.id);
    }
    const auto later = forms::add_calendar_period(forms::utc_today(), 0, 0, 2);
    const auto review = forms::review_retention(*store, known.registry, rules, later);
    REQUIRE(review.due.size() == 2);
    REQUIRE(store->set_status(*everything, ids[0], "draft", 2, "manager", "A correction").changed);
    const auto erased = forms::erase_past_retention(*store, known.registry, rules, review.due, later, "rmanager", "Schedule");
    REQUIRE(erased.size() == 2);
    const auto& reopened = erased[0].record_id == ids[0] ? erased[0] : erased[1];
    const auto& other = erased[0].record_id == ids[0] ? erased[1] : erased[0];
    CHECK_FALSE(reopened.report);
    CHECK_THAT(reopened.problem, Contains("no longer past its retention period (it is draft now"));
    CHECK(store->load(ids[0]));
    CHECK(other.report);
    CHECK_FALSE(store->load(ids[1]));
    CHECK(store->verify_trail().intact);
}

TEST_CASE("a withdrawn record keeps its retention period, and an exported one is judged by its own entries") {
    test::TempFolder folder;
    const auto path = folder.path() / "council.db";
    Forms known;
    const auto everything = known.registry.latest("everything");
    forms::Diagnostics problems;
    const auto rules = profile_with("<retention form='everything' days='1'/>", problems).retention;
    auto store = forms::open_sqlite_store({path, 2000});
    std::vector<std::string> ids;
    for (const auto* name : {"withdrawn", "exported"}) {
        auto record = test::complete_everything_record(*everything, name);
        REQUIRE_FALSE(forms::set_value(*everything, record, "email", "clerk@example.org"));
        store->create(*everything, record, "author");
        REQUIRE(store->set_status(*everything, record.meta.id, "complete", 1, "manager").changed);
        ids.push_back(record.meta.id);
    }
    store->withdraw(ids[0], "clerk", "Duplicate of another case");
    forms::ExportFacts facts;
    facts.format = "xlsx";
    facts.scope = "every form; every status";
    facts.file = (folder.path() / "returns.xlsx").string();
    facts.sha256 = forms::sha256_hex("returns");
    facts.record_ids = {ids[1]};
    store->record_export(facts, "clerk");
    const auto later = forms::add_calendar_period(forms::utc_today(), 0, 0, 2);
    const auto review = forms::review_retention(*store, known.registry, rules, later);
    INFO(test::describe(review.diagnostics));
    CHECK(review.diagnostics.empty());
    std::set<std::string> due;
    for (const auto& one : review.due) due.insert(one.record_id);
    CHECK(due == std::set<std::string>(ids.begin(), ids.end()));
}
