// RecordStore::changes_elsewhere, on whichever backend FORMWORK_TEST_STORE chooses: two
// store objects on one database (two officers' windows) hear each other's committed saves,
// named by record, revision, person and action, and never their own, nor a save that was
// refused or rolled back.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/model/values.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace formwork;

namespace {

struct TwoWindows {
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::unique_ptr<forms::RecordStore> alex = test::make_test_store(folder.path(), "shared");
    std::unique_ptr<forms::RecordStore> bea = test::make_test_store(folder.path(), "shared");

    // A record that may be marked complete.
    forms::Record titled(const std::string& title) { return test::complete_everything_record(*form, title); }
};

// What `store` hears, asked until `expected` saves have come or two seconds pass: a
// server's notice reaches the listener a moment after the commit, so it is asked as a
// window's timer would ask, again and again. Then it is asked once more, a little later,
// so that a save heard too often shows as one too many.
std::vector<forms::RecordChange> hear(forms::RecordStore& store, std::size_t expected) {
    std::vector<forms::RecordChange> heard;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (heard.size() < expected && std::chrono::steady_clock::now() < give_up) {
        for (auto& change : store.changes_elsewhere()) heard.push_back(std::move(change));
        if (heard.size() < expected) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (auto& change : store.changes_elsewhere()) heard.push_back(std::move(change));
    return heard;
}

}  // namespace

TEST_CASE_METHOD(TwoWindows, "each store hears the other's saves, in order, and never its own") {
    // The first call starts the watching: what was there before is not news.
    auto before = titled("Saved before anyone watched");
    alex->create(*form, before, "setup");
    CHECK(alex->changes_elsewhere().empty());
    CHECK(bea->changes_elsewhere().empty());
    CHECK(hear(*alex, 0).empty());  // nothing since

    auto record = titled("Mill Lane library closure");
    bea->create(*form, record, "Bea Clerk");
    CHECK(hear(*bea, 0).empty());  // her own
    auto heard = hear(*alex, 1);
    REQUIRE(heard.size() == 1);
    CHECK(heard[0].record_id == record.meta.id);
    CHECK(heard[0].revision == 1);
    CHECK(heard[0].by == "Bea Clerk");
    CHECK(heard[0].action == "create");
    CHECK(hear(*alex, 0).empty());  // heard once

    auto mine = *alex->load(record.meta.id);
    REQUIRE_FALSE(forms::set_value(*form, mine, "title", "Mill Lane library closure (revised)"));
    alex->update(*form, mine, 1, "Alex Officer");
    CHECK(hear(*alex, 0).empty());
    heard = hear(*bea, 1);
    REQUIRE(heard.size() == 1);
    CHECK(heard[0].revision == 2);
    CHECK(heard[0].by == "Alex Officer");
    CHECK(heard[0].action == "update");

    // A refused save (a stale revision) writes nothing, so there is nothing to hear.
    auto stale = record;
    REQUIRE_FALSE(forms::set_value(*form, stale, "title", "Bea's stale title"));
    CHECK_THROWS_AS(bea->update(*form, stale, 1, "Bea Clerk"), forms::ConflictError);
    CHECK(hear(*alex, 0).empty());

    // A status change and an import of several, in the order they were saved, mixed with
    // the listener's own saves, which are left out.
    CHECK(bea->set_status(*form, record.meta.id, "complete", 2, "Bea Clerk").changed);
    auto own = titled("Alex's own");
    alex->create(*form, own, "Alex Officer");
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto* title : {"Imported one", "Imported two", "Imported three"})
        files.emplace_back(std::string(title) + ".xml", test::record_text(titled(title)));
    forms::FormRegistry registry;
    REQUIRE(registry.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml"));
    const auto items = bea->import(registry, files, "Bea Clerk", 2);
    REQUIRE(items.size() == 3);
    heard = hear(*alex, 4);
    REQUIRE(heard.size() == 4);
    CHECK(heard[0].action == "status");
    CHECK(heard[0].revision == 3);
    for (std::size_t index = 1; index < heard.size(); ++index) {
        CHECK(heard[index].action == "import");
        CHECK(heard[index].by == "Bea Clerk");
        CHECK(heard[index].sequence > heard[index - 1].sequence);
    }
    heard = hear(*bea, 1);
    REQUIRE(heard.size() == 1);
    CHECK(heard[0].record_id == own.meta.id);
    CHECK(alex->verify_trail().intact);
}

TEST_CASE_METHOD(TwoWindows, "a list's count, kept between its pages, follows the other's saves") {
    for (int number = 0; number < 3; ++number) {
        auto record = titled("Kept count " + std::to_string(number));
        alex->create(*form, record, "Alex Officer");
    }
    forms::ListQuery first_page;
    first_page.limit = 2;
    CHECK(alex->list(first_page).total == 3);
    auto next_page = first_page;
    next_page.offset = 2;
    CHECK(alex->list(next_page).total == 3);  // the same list: the count kept

    auto theirs = titled("Bea's record");
    bea->create(*form, theirs, "Bea Clerk");
    const auto after = alex->list(next_page);
    CHECK(after.total == 4);
    CHECK(after.rows.size() == 2);
    // A status change moves a record out of a status filter, whoever made it.
    forms::ListQuery drafts;
    drafts.status = "draft";
    CHECK(alex->list(drafts).total == 4);
    REQUIRE(bea->set_status(*form, theirs.meta.id, "complete", 1, "Bea Clerk").changed);
    CHECK(alex->list(drafts).total == 3);
}
