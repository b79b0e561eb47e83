// The record store, through its interface only: saves, conflicts, status changes,
// listing, import in batches, the audit log and the read-only query API.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/validator.hpp>
#include <formwork/model/values.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

struct StoreFixture {
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());

    forms::Record filled(const std::string& title) { return test::complete_everything_record(*form, title); }
};

}  // namespace

TEST_CASE_METHOD(StoreFixture, "a record saved is the record loaded, at revision 1") {
    auto record = filled("Youth Justice Plan");
    store->create(*form, record, "csinclair");
    CHECK(record.meta.revision == 1);
    CHECK(record.meta.created_by == "csinclair");
    const auto loaded = store->load(record.meta.id);
    REQUIRE(loaded);
    CHECK(test::record_text(*loaded) == test::record_text(record));
    CHECK_FALSE(store->load("00000000-0000-4000-8000-000000000000"));
    CHECK_THROWS_WITH(store->create(*form, record, "csinclair"), Contains("already stored"));
}

TEST_CASE_METHOD(StoreFixture, "an update names its revision, and a stale one is a conflict that overwrites nothing") {
    auto record = filled("First title");
    store->create(*form, record, "clerk");
    auto mine = *store->load(record.meta.id);
    auto theirs = *store->load(record.meta.id);

    REQUIRE_FALSE(forms::set_value(*form, theirs, "title", "Their title"));
    store->update(*form, theirs, 1, "colleague");
    CHECK(theirs.meta.revision == 2);

    REQUIRE_FALSE(forms::set_value(*form, mine, "title", "My title"));
    try {
        store->update(*form, mine, 1, "clerk");
        FAIL("a stale save was accepted");
    } catch (const forms::ConflictError& conflict) {
        CHECK(conflict.base_revision == 1);
        CHECK(conflict.stored_revision == 2);
        CHECK_THAT(std::string(conflict.what()), Contains("Nothing was overwritten"));
    }
    const auto stored = store->load(record.meta.id);
    CHECK(std::string(stored->instance().child("title").text().get()) == "Their title");
    CHECK(stored->meta.revision == 2);
    CHECK(stored->meta.modified_by == "colleague");
}

TEST_CASE_METHOD(StoreFixture, "saving with no change makes no revision and no audit entry") {
    auto record = filled("Same");
    store->create(*form, record, "clerk");
    auto again = *store->load(record.meta.id);
    store->update(*form, again, 1, "clerk");
    CHECK(store->load(record.meta.id)->meta.revision == 1);
    CHECK(store->history(record.meta.id).size() == 1);
}

TEST_CASE_METHOD(StoreFixture, "a status change is one save: refused with errors, recorded when allowed") {
    auto record = filled("Plan");
    REQUIRE_FALSE(forms::set_value(*form, record, "title", ""));
    store->create(*form, record, "clerk");
    const auto refused = store->set_status(*form, record.meta.id, "complete", 1, "manager");
    CHECK_FALSE(refused.changed);
    CHECK(test::has_diagnostic(refused.diagnostics, "title", "Title is required"));
    CHECK(store->load(record.meta.id)->meta.status == "draft");
    CHECK(store->load(record.meta.id)->meta.revision == 1);

    auto fixed = *store->load(record.meta.id);
    REQUIRE_FALSE(forms::set_value(*form, fixed, "title", "Plan"));
    store->update(*form, fixed, 1, "clerk");
    CHECK_THROWS_AS(store->set_status(*form, record.meta.id, "complete", 1, "manager"), forms::ConflictError);
    const auto done = store->set_status(*form, record.meta.id, "complete", 2, "manager");
    CHECK(done.changed);
    const auto stored = store->load(record.meta.id);
    CHECK(stored->meta.status == "complete");
    CHECK(stored->meta.revision == 3);
    REQUIRE(stored->meta.transitions.size() == 1);
    CHECK(stored->meta.transitions[0].by == "manager");
    const auto history = store->history(record.meta.id);
    REQUIRE(history.size() == 3);
    CHECK(history[2].action == "status");
    CHECK(history[2].changes.front().path == "meta/status");
    CHECK(history[2].changes.front().old_value == "draft");
    CHECK(history[2].changes.front().new_value == "complete");
}

TEST_CASE_METHOD(StoreFixture, "the audit log records who, when, which revision and what changed") {
    auto record = filled("Before");
    store->create(*form, record, "clerk");
    auto changed = *store->load(record.meta.id);
    REQUIRE_FALSE(forms::set_value(*form, changed, "title", "After\twith a tab\nand a line"));
    REQUIRE_FALSE(forms::set_value(*form, changed, "impacts/row[@key='disability']/impact", "N"));
    store->update(*form, changed, 1, "editor");
    const auto history = store->history(record.meta.id);
    REQUIRE(history.size() == 2);
    CHECK(history[0].action == "create");
    CHECK(history[0].by == "clerk");
    CHECK(history[0].revision == 1);
    CHECK(history[1].action == "update");
    CHECK(history[1].by == "editor");
    CHECK(history[1].revision == 2);
    CHECK(forms::is_timestamp(history[1].at));
    REQUIRE(history[1].changes.size() == 2);
    CHECK(history[1].changes[0].path == "impacts/row[@key='disability']/impact");
    CHECK(history[1].changes[0].new_value == "N");
    CHECK(history[1].changes[1].path == "title");
    CHECK(history[1].changes[1].old_value == "Before");
    CHECK(history[1].changes[1].new_value == "After\twith a tab\nand a line");
    CHECK(history[1].previous_digest == history[0].digest);

    const auto check = store->verify_trail();
    CHECK(check.intact);
    CHECK(check.entries == 2);
    CHECK(check.head_digest == history[1].digest);
}

TEST_CASE_METHOD(StoreFixture, "listing pages, sorts, filters by form, status and text, and counts the whole") {
    for (int i = 0; i < 25; ++i) {
        auto record = filled("Plan " + std::string(i < 10 ? "0" : "") + std::to_string(i) + (i % 5 == 0 ? " 100% sure_" : ""));
        store->create(*form, record, "clerk");
        if (i % 3 == 0) REQUIRE(store->set_status(*form, record.meta.id, "complete", 1, "clerk").changed);
    }
    auto page = store->list({"everything", "", "", forms::ListSort::title, false, 0, 10});
    CHECK(page.total == 25);
    REQUIRE(page.rows.size() == 10);
    CHECK(page.rows[0].title == "Plan 00 100% sure_ (Rachael Sugars)");
    CHECK(page.rows[9].title == "Plan 09 (Rachael Sugars)");
    CHECK(page.rows[0].form_id == "everything");
    const auto last = store->list({"everything", "", "", forms::ListSort::title, false, 20, 10});
    CHECK(last.rows.size() == 5);
    CHECK(last.total == 25);

    CHECK(store->list({"", "complete", "", {}, true, 0, 100}).total == 9);
    CHECK(store->list({"", "draft", "", {}, true, 0, 100}).total == 16);
    CHECK(store->list({"other-form", "", "", {}, true, 0, 100}).total == 0);
    // Text is matched literally: % and _ are not wildcards.
    CHECK(store->list({"", "", "100% sure_", {}, true, 0, 100}).total == 5);
    CHECK(store->list({"", "", "1_0", {}, true, 0, 100}).total == 0);
    CHECK(store->list({"", "", "Rachael", {}, true, 0, 100}).total == 25);  // a value, not the title
}

TEST_CASE_METHOD(StoreFixture, "an export's scan takes only the records named, with its other filters, in the store's order") {
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i) {
        auto record = filled("Scan " + std::to_string(i));
        store->create(*form, record, "clerk");
        if (i % 2 == 0) REQUIRE(store->set_status(*form, record.meta.id, "complete", 1, "clerk").changed);
        ids.push_back(record.meta.id);
    }
    const auto scanned = [&](const forms::ScanQuery& query) {
        std::vector<std::string> seen;
        store->scan(query, [&](const forms::Record& record) {
            seen.push_back(record.meta.id);
            return true;
        });
        CHECK(store->count(query) == seen.size());
        return seen;
    };
    CHECK(scanned({}).size() == 6);
    // Named ids, one of them twice and one of no record: each record once, in scan order.
    forms::ScanQuery chosen;
    chosen.ids = {ids[4], ids[1], ids[4], "00000000-0000-4000-8000-000000000000", "it's \"odd\"\\"};
    const auto two = scanned(chosen);
    REQUIRE(two.size() == 2);
    CHECK(std::set<std::string>(two.begin(), two.end()) == std::set<std::string>{ids[1], ids[4]});
    CHECK(two == [&] {
        auto all = scanned({});
        all.erase(std::remove_if(all.begin(), all.end(), [&](const auto& id) { return id != ids[1] && id != ids[4]; }),
                  all.end());
        return all;
    }());
    // The other filters apply to the records named too.
    chosen.statuses = {"complete"};
    CHECK(scanned(chosen) == std::vector<std::string>{ids[4]});
    chosen.statuses.clear();
    chosen.form = "other-form";
    CHECK(scanned(chosen).empty());
    // Many ids at once: more than SQLite's 32,766 parameters, and more than libpq's 65,535.
    forms::ScanQuery many;
    for (int i = 0; i < 70'000; ++i) many.ids.push_back("no-such-record-" + std::to_string(i));
    many.ids.push_back(ids[0]);
    CHECK(scanned(many) == std::vector<std::string>{ids[0]});
}

TEST_CASE_METHOD(StoreFixture, "text search finds any part of a title or a value, whatever the case, as saved last") {
    const auto matches = [&](const std::string& text) {
        const auto page = store->list({"", "", text, {}, true, 0, 100});
        CHECK(page.rows.size() == page.total);
        return page.total;
    };
    auto record = filled("Youth Justice Plan");
    REQUIRE_FALSE(forms::set_value(*form, record, "other-details", "Works at the Corn Exchange"));
    store->create(*form, record, "clerk");
    auto other = filled("Budget");
    store->create(*form, other, "clerk");

    CHECK(matches("justice pl") == 1);      // part of the title, another case
    CHECK(matches("CORN EXCH") == 1);       // part of a value
    CHECK(matches("rachael sug") == 2);     // a value of both
    CHECK(matches("Exchange Youth") == 0);  // not across values
    CHECK(matches("Corn Exchanges") == 0);
    // One or two characters: looked for the same way, in titles and values only.
    CHECK(matches("Yo") == 1);
    CHECK(matches("q") == 0);
    CHECK(matches("u") == 2);
    // Filters and search together, and a page of them.
    CHECK(store->list({"everything", "draft", "plan", forms::ListSort::title, false, 0, 10}).total == 1);
    CHECK(store->list({"everything", "complete", "plan", forms::ListSort::title, false, 0, 10}).total == 0);
    const auto second = store->list({"", "", "rachael", forms::ListSort::title, false, 1, 1});
    CHECK(second.total == 2);
    REQUIRE(second.rows.size() == 1);
    CHECK(second.rows[0].title == "Youth Justice Plan (Rachael Sugars)");

    // After an update the old text no longer matches, and the new does.
    REQUIRE_FALSE(forms::set_value(*form, record, "other-details", "Works at the Guildhall"));
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "Youth Offending Plan"));
    store->update(*form, record, record.meta.revision, "clerk");
    CHECK(matches("corn exch") == 0);
    CHECK(matches("justice") == 0);
    CHECK(matches("guildhall") == 1);
    CHECK(matches("offending") == 1);
    // A status change keeps the record findable.
    REQUIRE(store->set_status(*form, other.meta.id, "complete", other.meta.revision, "clerk").changed);
    CHECK(matches("budget") == 1);
    CHECK(store->list({"", "complete", "budget", {}, true, 0, 100}).total == 1);

    // Imported records, added and updated, are found by their new text.
    forms::FormRegistry registry;
    REQUIRE(registry.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml"));
    auto imported = filled("Imported harbour plan");
    auto items = store->import(registry, {{"one.xml", test::record_text(imported)}}, "importer", 10);
    REQUIRE(items[0].outcome == forms::ImportItem::Outcome::added);
    CHECK(matches("HARBOUR") == 1);
    REQUIRE_FALSE(forms::set_value(*form, imported, "title", "Imported marina plan"));
    items = store->import(registry, {{"one.xml", test::record_text(imported)}}, "importer", 10);
    REQUIRE(items[0].outcome == forms::ImportItem::Outcome::updated);
    CHECK(matches("harbour") == 0);
    CHECK(matches("marina") == 1);
    CHECK(matches("Ma") == 1);
    CHECK(store->verify_trail().intact);
}

TEST_CASE_METHOD(StoreFixture, "the count of a list follows saves between its pages") {
    for (int i = 0; i < 3; ++i) {
        auto record = filled("Paged " + std::to_string(i));
        store->create(*form, record, "clerk");
    }
    const forms::ListQuery first{"", "", "paged", forms::ListSort::title, false, 0, 2};
    CHECK(store->list(first).total == 3);
    auto another = filled("Paged 3");
    store->create(*form, another, "clerk");
    auto second = first;
    second.offset = 2;
    const auto page = store->list(second);
    CHECK(page.total == 4);
    CHECK(page.rows.size() == 2);
}

TEST_CASE_METHOD(StoreFixture, "a one- or two-letter search counts only a little past its page, says so, and counts "
                                "further as pages further on are asked for") {
    for (int i = 0; i < 30; ++i) {
        auto record = filled("Plan " + std::string(i < 10 ? "0" : "") + std::to_string(i));
        store->create(*form, record, "clerk");
    }
    auto other = filled("Budget");
    store->create(*form, other, "clerk");

    forms::ListQuery query{"", "", "pL", forms::ListSort::title, false, 0, 5};
    query.count_ahead = 10;
    auto page = store->list(query);
    REQUIRE(page.rows.size() == 5);
    CHECK(page.rows[0].title == "Plan 00 (Rachael Sugars)");
    CHECK_FALSE(page.total_exact);
    CHECK(page.total == 15);  // more than 15: the page's end and 10 more
    query.offset = 10;
    page = store->list(query);
    CHECK(page.rows[0].title == "Plan 10 (Rachael Sugars)");
    CHECK_FALSE(page.total_exact);
    CHECK(page.total == 25);
    query.offset = 20;
    page = store->list(query);
    CHECK(page.total_exact);
    CHECK(page.total == 30);
    // The exact count is kept for an earlier page of the same list.
    query.offset = 0;
    page = store->list(query);
    CHECK(page.total_exact);
    CHECK(page.total == 30);
    // A save between pages counts afresh, stopping short again.
    auto another = filled("Plan 30");
    store->create(*form, another, "clerk");
    page = store->list(query);
    CHECK_FALSE(page.total_exact);
    CHECK(page.total == 15);
    // Few matches are counted exactly, however short the text.
    query.text = "Bu";
    page = store->list(query);
    CHECK(page.total_exact);
    CHECK(page.total == 1);
    // Three letters or more, or no text, are always counted exactly.
    query.text = "pla";
    page = store->list(query);
    CHECK(page.total_exact);
    CHECK(page.total == 31);
    query.text.clear();
    page = store->list(query);
    CHECK(page.total_exact);
    CHECK(page.total == 32);
    // Filters apply before the count stops: nine of the plans are complete.
    for (int i = 0; i < 9; ++i) {
        auto plan = store->list({"", "", "Plan " + std::string(i < 10 ? "0" : "") + std::to_string(i), {}, true, 0, 1});
        REQUIRE(plan.rows.size() == 1);
        REQUIRE(store->set_status(*form, plan.rows[0].id, "complete", plan.rows[0].revision, "clerk").changed);
    }
    query = {"", "complete", "pl", forms::ListSort::title, false, 0, 5};
    query.count_ahead = 10;
    page = store->list(query);
    CHECK(page.total_exact);
    CHECK(page.total == 9);
    // A huge offset does not wrap the count's limit round.
    query.offset = static_cast<std::size_t>(-1) - 2;
    query.status.clear();
    page = store->list(query);
    CHECK(page.rows.empty());
    CHECK(page.total_exact);
    CHECK(page.total == 31);
}

TEST_CASE_METHOD(StoreFixture, "import adds, leaves alone, updates and refuses, and says which") {
    forms::FormRegistry registry;
    REQUIRE(registry.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml"));
    auto first = filled("Imported one");
    auto second = filled("Imported two");
    std::vector<std::pair<std::string, std::string>> files{
        {"one.xml", test::record_text(first)}, {"two.xml", test::record_text(second)}, {"bad.xml", "<record>"}};
    auto items = store->import(registry, files, "importer", 2);
    REQUIRE(items.size() == 3);
    CHECK(items[0].outcome == forms::ImportItem::Outcome::added);
    CHECK(items[1].outcome == forms::ImportItem::Outcome::added);
    CHECK(items[2].outcome == forms::ImportItem::Outcome::refused);
    CHECK_THAT(test::describe(items[2].diagnostics), Contains("bad.xml:1:"));

    items = store->import(registry, files, "importer", 2);
    CHECK(items[0].outcome == forms::ImportItem::Outcome::unchanged);
    CHECK(store->list({}).total == 2);

    // Exported, edited and brought back: an update, at the next revision.
    REQUIRE_FALSE(forms::set_value(*form, first, "title", "Edited outside"));
    items = store->import(registry, {{"one.xml", test::record_text(first)}}, "importer", 10);
    CHECK(items[0].outcome == forms::ImportItem::Outcome::updated);
    CHECK(items[0].revision == 2);
    // The same old file again is now stale: refused, nothing overwritten.
    REQUIRE_FALSE(forms::set_value(*form, first, "title", "Stale edit"));
    items = store->import(registry, {{"one.xml", test::record_text(first)}}, "importer", 10);
    CHECK(items[0].outcome == forms::ImportItem::Outcome::refused);
    CHECK_THAT(test::describe(items[0].diagnostics), Contains("database holds revision 2"));
    CHECK(std::string(store->load(first.meta.id)->instance().child("title").text().get()) == "Edited outside");
    CHECK(store->verify_trail().intact);
}

TEST_CASE_METHOD(StoreFixture, "plugins read other records through the read-only query API") {
    auto record = filled("For the query");
    store->create(*form, record, "clerk");
    const auto& query = store->query();
    const auto rows = query.records_of_form("everything");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].title == "For the query (Rachael Sugars)");
    CHECK(rows[0].status == "draft");
    CHECK(query.summary(record.meta.id)->form_version == 2);
    CHECK_FALSE(query.summary("nope"));
    const auto xml = query.instance_xml(record.meta.id);
    REQUIRE(xml);
    CHECK(xml->rfind("<everything>", 0) == 0);
    CHECK_THAT(*xml, Contains("<title>For the query</title>"));
}

TEST_CASE("a database reopened holds what was saved, and says where it is") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    std::string id;
    {
        auto store = test::make_test_store(folder.path());
        auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
        store->create(*form, record, "clerk");
        id = record.meta.id;
    }
    auto store = test::make_test_store(folder.path());
    CHECK(store->load(id));
    CHECK_THAT(store->location(), Contains(test::test_store_location_hint(folder.path())));
    CHECK(store->verify_trail().entries == 1);
}
