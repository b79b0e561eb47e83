// Erasure and audit chain version 2, through the store's interface on either backend (on the
// server, erasing as its records manager, whose role it needs): an erased record is gone, its
// audit entries keep who did what and when behind a tombstone, and the chain still verifies,
// with every head it ever had still found.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/values.hpp>

#include <catch2/catch.hpp>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

constexpr const char* marker = "FWKMARKER-ERASE-4f1c8b2e";

struct ErasureFixture {
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());

    // A record that holds the marker in its title and in a value, changed once and then marked
    // complete (so it is locked): four audit entries, every one naming the marker somewhere.
    std::string marked_record() {
        auto record = test::complete_everything_record(*form, std::string("Case of ") + marker);
        REQUIRE_FALSE(forms::set_value(*form, record, "email", "clerk@example.org"));  // complete needs it
        store->create(*form, record, "author");
        REQUIRE_FALSE(forms::set_value(*form, record, "author/role", std::string("Lives at 4 Elm Row, ") + marker));
        store->update(*form, record, 1, "author");
        REQUIRE_FALSE(forms::set_value(*form, record, "author/role", "Moved away"));
        store->update(*form, record, 2, "editor");
        REQUIRE(store->set_status(*form, record.meta.id, "complete", 3, "manager").changed);
        return record.meta.id;
    }
};

std::string history_text(const std::vector<forms::AuditEntry>& entries) {
    std::string text;
    for (const auto& entry : entries) {
        text += entry.by + " " + entry.at + " " + entry.action + " " + entry.tombstone + "\n";
        for (const auto& change : entry.changes) text += change.path + "|" + change.old_value + "|" + change.new_value + "\n";
    }
    return text;
}

}  // namespace

TEST_CASE_METHOD(ErasureFixture, "an erased record is gone, in any status: its audit entries keep who did what and when "
                                 "behind a tombstone, and the chain still verifies, with its old heads") {
    auto other = test::complete_everything_record(*form, "Someone else's record");
    store->create(*form, other, "author");
    const auto id = marked_record();
    const auto before = store->history(id);
    REQUIRE(before.size() == 4);
    REQUIRE_THAT(history_text(before), Contains(marker));
    const auto head_before = store->verify_trail();
    REQUIRE(head_before.intact);
    REQUIRE(head_before.entries == 5);
    REQUIRE(store->list({"", "", marker, {}, true, 0, 10}).total == 1);

    const auto report = test::make_test_records_manager_store(folder.path())
                            ->erase(id, "records manager", "Subject access request SAR-2024-17");
    CHECK(report.entries_erased == 4);
    CHECK(report.erase_entry == 6);

    CHECK_FALSE(store->load(id));
    CHECK(store->list({"", "", marker, {}, true, 0, 10}).total == 0);
    CHECK(store->list({"", "", "Case of", {}, true, 0, 10}).total == 0);
    CHECK(store->list({"", "", "", {}, true, 0, 10}).total == 1);
    CHECK(store->load(other.meta.id));

    const auto after = store->history(id);
    REQUIRE(after.size() == 5);
    CHECK_THAT(history_text(after), !Contains(marker));
    CHECK_THAT(history_text(after), !Contains("Elm Row"));
    for (std::size_t i = 0; i < 4; ++i) {
        // Who, when, what and which revision stay; the values are gone, the paths kept.
        CHECK(after[i].sequence == before[i].sequence);
        CHECK(after[i].by == before[i].by);
        CHECK(after[i].at == before[i].at);
        CHECK(after[i].action == before[i].action);
        CHECK(after[i].revision == before[i].revision);
        CHECK(after[i].digest == before[i].digest);
        REQUIRE(after[i].changes.size() == before[i].changes.size());
        for (std::size_t c = 0; c < after[i].changes.size(); ++c) {
            CHECK(after[i].changes[c].path == before[i].changes[c].path);
            CHECK(after[i].changes[c].old_value.empty());
            CHECK(after[i].changes[c].new_value.empty());
        }
        const auto tombstone = forms::parse_tombstone(after[i].tombstone);
        REQUIRE(tombstone);
        CHECK(tombstone->by == "records manager");
        CHECK(tombstone->reason == "Subject access request SAR-2024-17");
        CHECK(tombstone->erase_entry == 6);
    }
    CHECK(after[4].action == "erase");
    CHECK(after[4].by == "records manager");
    CHECK(after[4].revision == 4);

    const auto check = store->verify_trail(head_before.head_digest);
    CHECK(check.intact);
    CHECK(check.entries == 6);
    REQUIRE(check.erased.size() == 4);
    CHECK(check.erased[0].sequence == 2);
    CHECK(check.erased[0].record_id == id);
    CHECK(check.erased[0].tombstone.reason == "Subject access request SAR-2024-17");
    // A head from before the erasure is still this log's head at the entry it was.
    REQUIRE(check.head_found);
    CHECK(check.head_found->entry == 5);
    CHECK_FALSE(check.head_found->chain_v1);
    // ... and a digest it never had is not.
    CHECK_FALSE(store->verify_trail(std::string(64, 'a')).head_found);
    CHECK(store->verify_trail(forms::genesis_digest()).head_found->entry == 0);

    // Saves go on after it, chained to the erase entry.
    auto next = test::complete_everything_record(*form, "After the erasure");
    store->create(*form, next, "author");
    CHECK(store->verify_trail().intact);
    CHECK(store->verify_trail().entries == 7);
}

TEST_CASE_METHOD(ErasureFixture, "an erasure without a reason, or of no such record, is refused and changes nothing") {
    const auto id = marked_record();
    const auto head = store->verify_trail().head_digest;
    auto manager = test::make_test_records_manager_store(folder.path());
    CHECK_THROWS_WITH(manager->erase(id, "records manager", ""), Contains("needs a reason"));
    CHECK_THROWS_WITH(manager->erase(id, "records manager", "  \t"), Contains("needs a reason"));
    CHECK_THROWS_WITH(manager->erase("no-such-record", "records manager", "A reason"), Contains("no record no-such-record"));
    CHECK(store->load(id));
    CHECK_THAT(history_text(store->history(id)), Contains(marker));
    CHECK(store->verify_trail().head_digest == head);
    CHECK(store->verify_trail().erased.empty());
}
