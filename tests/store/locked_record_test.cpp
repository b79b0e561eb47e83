// Locked records (DESIGN.md): a record in any status but its lifecycle's first changes only
// after an explicit reopen with a reason. Through the RecordStore interface alone, so these
// run on SQLite and again on the PostgreSQL test cluster ("postgres/" in CTest).
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/model/values.hpp>

#include <catch2/catch.hpp>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

struct LockedFixture {
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());
    forms::FormRegistry registry;

    LockedFixture() {
        REQUIRE(registry.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml"));
    }

    // A record filled in (for every status) and marked complete: revision 2.
    forms::Record complete(const std::string& title) {
        auto record = test::complete_everything_record(*form, title);
        REQUIRE_FALSE(forms::set_value(*form, record, "email", "clerk@example.org"));
        store->create(*form, record, "author");
        REQUIRE(store->set_status(*form, record.meta.id, "complete", 1, "manager").changed);
        auto stored = store->load(record.meta.id);
        REQUIRE(stored);
        REQUIRE(stored->meta.status == "complete");
        return std::move(*stored);
    }

    std::string title_of(const std::string& id) {
        return store->load(id)->instance().child("title").text().get();
    }
};

const forms::FieldChange* change_at(const forms::AuditEntry& entry, const std::string& path) {
    for (const auto& change : entry.changes)
        if (change.path == path) return &change;
    return nullptr;
}

}  // namespace

TEST_CASE_METHOD(LockedFixture, "a complete record's content is refused without a reopen, naming it and how to reopen") {
    auto record = complete("Locked plan");
    const auto entries = store->history(record.meta.id).size();
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "Changed behind its back"));
    try {
        store->update(*form, record, record.meta.revision, "someone");
        FAIL("a locked record's content was saved");
    } catch (const forms::LockedError& locked) {
        CHECK(locked.record_id == record.meta.id);
        CHECK_THAT(std::string(locked.what()), Contains(record.meta.id) && Contains("locked") && Contains("--reopen"));
    }
    CHECK(title_of(record.meta.id) == "Locked plan");
    CHECK(store->load(record.meta.id)->meta.revision == 2);
    CHECK(store->history(record.meta.id).size() == entries);

    // A save that only says "draft" is no reopen either.
    auto demoted = *store->load(record.meta.id);
    demoted.meta.status = "draft";
    CHECK_THROWS_AS(store->update(*form, demoted, 2, "someone"), forms::LockedError);
    CHECK(store->load(record.meta.id)->meta.status == "complete");
}

TEST_CASE_METHOD(LockedFixture, "a reopen needs a reason, and the audit log keeps who, when and why") {
    auto record = complete("Plan to reopen");
    const auto refused = store->set_status(*form, record.meta.id, "draft", 2, "manager");
    CHECK_FALSE(refused.changed);
    REQUIRE_FALSE(refused.diagnostics.empty());
    CHECK_THAT(refused.diagnostics.front().message, Contains("reopens it") && Contains("reason"));
    CHECK(store->set_status(*form, record.meta.id, "draft", 2, "manager", "   ").changed == false);
    CHECK(store->load(record.meta.id)->meta.status == "complete");

    const auto reopened = store->set_status(*form, record.meta.id, "draft", 2, "manager", "The cabinet date moved");
    CHECK(reopened.changed);
    auto stored = *store->load(record.meta.id);
    CHECK(stored.meta.status == "draft");
    CHECK(stored.meta.revision == 3);
    const auto history = store->history(record.meta.id);
    REQUIRE_FALSE(history.empty());
    const auto& entry = history.back();
    CHECK(entry.action == "reopen");
    CHECK(entry.by == "manager");
    CHECK_FALSE(entry.at.empty());
    const auto* why = change_at(entry, "meta/reopen-reason");
    REQUIRE(why != nullptr);
    CHECK(why->new_value == "The cabinet date moved");
    const auto* status = change_at(entry, "meta/status");
    REQUIRE(status != nullptr);
    CHECK(status->old_value == "complete");
    CHECK(status->new_value == "draft");
    CHECK(store->verify_trail().intact);

    // Reopened, it takes changes again.
    REQUIRE_FALSE(forms::set_value(*form, stored, "title", "Plan, reopened"));
    store->update(*form, stored, 3, "author");
    CHECK(title_of(record.meta.id) == "Plan, reopened");
}

TEST_CASE_METHOD(LockedFixture, "no reopen where the lifecycle has no way back") {
    auto record = complete("Approved plan");
    REQUIRE(store->set_status(*form, record.meta.id, "approved", 2, "manager").changed);
    const auto refused = store->set_status(*form, record.meta.id, "draft", 3, "manager", "A reason");
    CHECK_FALSE(refused.changed);
    CHECK(store->load(record.meta.id)->meta.status == "approved");
}

TEST_CASE_METHOD(LockedFixture, "import refuses a changed locked record, and with --reopen reopens, updates and restores its status") {
    auto record = complete("Imported plan");
    auto changed = record;
    REQUIRE_FALSE(forms::set_value(*form, changed, "title", "Imported plan, amended"));
    auto draft_only = record;
    draft_only.meta.status = "draft";
    const auto entries = store->history(record.meta.id).size();

    // Without a reason: refused, naming the record; the others in the same import go in.
    auto fresh = test::complete_everything_record(*form, "A new one");
    auto items = store->import(registry,
                               {{"changed.xml", test::record_text(changed)},
                                {"draft.xml", test::record_text(draft_only)},
                                {"fresh.xml", test::record_text(fresh)}},
                               "importer");
    REQUIRE(items.size() == 3);
    CHECK(items[0].outcome == forms::ImportItem::Outcome::refused);
    REQUIRE_FALSE(items[0].diagnostics.empty());
    CHECK_THAT(items[0].diagnostics.back().message, Contains(record.meta.id) && Contains("locked"));
    CHECK(items[1].outcome == forms::ImportItem::Outcome::refused);
    CHECK(items[2].outcome == forms::ImportItem::Outcome::added);
    CHECK(title_of(record.meta.id) == "Imported plan");
    CHECK(store->load(record.meta.id)->meta.status == "complete");
    CHECK(store->history(record.meta.id).size() == entries);

    // With a reason: reopened, updated, and complete again, as it validates: three entries.
    items = store->import(registry, {{"changed.xml", test::record_text(changed)}}, "importer", 1000,
                          "Corrected from the signed copy");
    REQUIRE(items.size() == 1);
    CHECK(items[0].outcome == forms::ImportItem::Outcome::updated);
    CHECK(title_of(record.meta.id) == "Imported plan, amended");
    const auto stored = *store->load(record.meta.id);
    CHECK(stored.meta.status == "complete");
    CHECK(stored.meta.revision == 5);
    CHECK(items[0].revision == 5);
    const auto history = store->history(record.meta.id);
    REQUIRE(history.size() == entries + 3);
    CHECK(history[entries].action == "reopen");
    REQUIRE(change_at(history[entries], "meta/reopen-reason") != nullptr);
    CHECK(change_at(history[entries], "meta/reopen-reason")->new_value == "Corrected from the signed copy");
    CHECK(history[entries + 1].action == "import");
    CHECK(history[entries + 2].action == "status");
    CHECK(store->verify_trail().intact);
}

TEST_CASE_METHOD(LockedFixture, "import --reopen keeps to the lifecycle: a record with no way back is refused, not reopened") {
    auto record = complete("Approved plan, imported");
    REQUIRE(store->set_status(*form, record.meta.id, "approved", 2, "manager").changed);
    auto changed = *store->load(record.meta.id);
    REQUIRE_FALSE(forms::set_value(*form, changed, "title", "Approved plan, rewritten"));
    const auto entries = store->history(record.meta.id).size();

    const auto items = store->import(registry, {{"approved.xml", test::record_text(changed)}}, "importer", 1000,
                                     "A reason that the lifecycle does not allow");
    REQUIRE(items.size() == 1);
    CHECK(items[0].outcome == forms::ImportItem::Outcome::refused);
    REQUIRE_FALSE(items[0].diagnostics.empty());
    CHECK_THAT(items[0].diagnostics.back().message,
               Contains(record.meta.id) && Contains("cannot be reopened") && Contains("not imported"));
    const auto stored = *store->load(record.meta.id);
    CHECK(stored.meta.status == "approved");
    CHECK(stored.meta.revision == 3);
    CHECK(title_of(record.meta.id) == "Approved plan, imported");
    CHECK(store->history(record.meta.id).size() == entries);
    CHECK(store->verify_trail().intact);
}

TEST_CASE_METHOD(LockedFixture, "a reopened import that does not validate for the file's status stays in the first, and says why") {
    auto record = complete("Plan that breaks");
    auto broken = record;
    REQUIRE_FALSE(forms::set_value(*form, broken, "title", ""));  // the title is required
    const auto items = store->import(registry, {{"broken.xml", test::record_text(broken)}}, "importer", 1000,
                                     "Title to be retyped");
    REQUIRE(items.size() == 1);
    CHECK(items[0].outcome == forms::ImportItem::Outcome::updated);
    const auto stored = *store->load(record.meta.id);
    CHECK(stored.meta.status == "draft");
    CHECK(title_of(record.meta.id).empty());
    bool warned = false;
    for (const auto& d : items[0].diagnostics)
        warned = warned || (d.severity == forms::Severity::warning && d.message.find("stays") != std::string::npos);
    CHECK(warned);
    CHECK(store->verify_trail().intact);
}
