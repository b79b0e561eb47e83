// Withdrawn records (docs/store.md, "Withdrawn records"), through the RecordStore interface
// alone, so these run on SQLite and again on the PostgreSQL test cluster ("postgres/" in
// CTest, as an officer): a withdrawn record leaves the lists, the exports' count and scan (even
// named by id) and the plugins' view of a form's records, and keeps its content, revision and
// history; load and history still find it; withdraw and restore are audit entries with who, when
// and why, in the chain; a locked record is withdrawn as any other; the refusals name the record
// and change nothing; another connection hears of both.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/model/values.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <thread>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

struct WithdrawFixture {
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());

    std::string stored(const std::string& title) {
        auto record = test::complete_everything_record(*form, title);
        store->create(*form, record, "author");
        return record.meta.id;
    }

    std::set<std::string> listed(forms::ListQuery query = {}) {
        std::set<std::string> ids;
        for (const auto& row : store->list(query).rows) ids.insert(row.id);
        return ids;
    }

    std::set<std::string> scanned(const forms::ScanQuery& query = {}) {
        std::set<std::string> ids;
        store->scan(query, [&](const forms::Record& record) {
            ids.insert(record.meta.id);
            return true;
        });
        return ids;
    }

    // The change at `path` in `entry`, or nothing.
    static std::optional<forms::FieldChange> change_at(const forms::AuditEntry& entry, const std::string& path) {
        for (const auto& change : entry.changes)
            if (change.path == path) return change;
        return std::nullopt;
    }
};

forms::ListQuery with(forms::ListWithdrawn withdrawn) {
    forms::ListQuery query;
    query.withdrawn = withdrawn;
    return query;
}

}  // namespace

TEST_CASE_METHOD(WithdrawFixture, "a withdrawn record leaves the list and the exports, keeps its content and history, "
                                  "and a restore brings it back") {
    const auto kept = stored("Kept in the list");
    const auto gone = stored("Withdrawn from the list");
    const auto before = store->load(gone);
    REQUIRE(before);
    REQUIRE(store->list({}).total == 2);

    const auto entry = store->withdraw(gone, "jokafor", "Entered twice by mistake");
    CHECK(entry == 3);

    // The list, every filter of it, and each way of sorting: only the record kept.
    CHECK(store->list({}).total == 1);
    CHECK(listed() == std::set<std::string>{kept});
    forms::ListQuery filtered;
    filtered.form = form->id;
    filtered.status = before->meta.status;
    filtered.sort = forms::ListSort::title;
    CHECK(listed(filtered) == std::set<std::string>{kept});
    forms::ListQuery searched;
    searched.text = "Withdrawn from";
    CHECK(store->list(searched).total == 0);
    searched.text = "Wi";  // a short text takes another path through the search
    CHECK(listed(searched).count(gone) == 0);

    // Asked for, it is there, and marked.
    const auto only = store->list(with(forms::ListWithdrawn::only));
    REQUIRE(only.rows.size() == 1);
    CHECK(only.total == 1);
    CHECK(only.rows[0].id == gone);
    CHECK(only.rows[0].withdrawn);
    searched.withdrawn = forms::ListWithdrawn::only;
    searched.text = "Withdrawn from";
    CHECK(store->list(searched).total == 1);
    const auto all = store->list(with(forms::ListWithdrawn::included));
    REQUIRE(all.rows.size() == 2);
    CHECK(all.total == 2);
    for (const auto& row : all.rows) CHECK(row.withdrawn == (row.id == gone));

    // Exports: neither counted nor read, even when named by id.
    CHECK(store->count({}) == 1);
    CHECK(scanned() == std::set<std::string>{kept});
    forms::ScanQuery named;
    named.ids = {gone, kept};
    CHECK(store->count(named) == 1);
    CHECK(scanned(named) == std::set<std::string>{kept});
    named.ids = {gone};
    CHECK(store->count(named) == 0);
    CHECK(scanned(named).empty());
    // Nor in the plugins' view of a form's records (their sheets reach exports).
    const auto of_form = store->query().records_of_form(form->id);
    REQUIRE(of_form.size() == 1);
    CHECK(of_form[0].id == kept);

    // Kept as it was: load finds it, at the same revision with the same content.
    const auto after = store->load(gone);
    REQUIRE(after);
    CHECK(after->meta.revision == before->meta.revision);
    CHECK(test::record_text(*after) == test::record_text(*before));

    // Who, when and why, in the chain.
    const auto withdrawal = store->withdrawal(gone);
    REQUIRE(withdrawal);
    CHECK(withdrawal->entry == entry);
    CHECK(withdrawal->by == "jokafor");
    CHECK(withdrawal->reason == "Entered twice by mistake");
    CHECK_FALSE(withdrawal->at.empty());
    CHECK_FALSE(store->withdrawal(kept));
    auto history = store->history(gone);
    REQUIRE(history.size() == 2);
    CHECK(history.back().action == "withdraw");
    CHECK(history.back().by == "jokafor");
    CHECK(history.back().revision == before->meta.revision);
    const auto reason = change_at(history.back(), "meta/withdraw-reason");
    REQUIRE(reason);
    CHECK(reason->new_value == "Entered twice by mistake");
    auto check = store->verify_trail();
    CHECK(check.intact);
    CHECK(check.entries == 3);

    // Restored: back everywhere, with an entry of its own.
    CHECK(store->restore(gone, "asmith", "It was not a duplicate") == 4);
    CHECK_FALSE(store->withdrawal(gone));
    CHECK(listed() == std::set<std::string>{kept, gone});
    CHECK(store->list(with(forms::ListWithdrawn::only)).total == 0);
    CHECK(store->count({}) == 2);
    CHECK(scanned() == std::set<std::string>{kept, gone});
    CHECK(store->query().records_of_form(form->id).size() == 2);
    history = store->history(gone);
    REQUIRE(history.size() == 3);
    CHECK(history.back().action == "restore");
    CHECK(history.back().by == "asmith");
    const auto restore_reason = change_at(history.back(), "meta/restore-reason");
    REQUIRE(restore_reason);
    CHECK(restore_reason->new_value == "It was not a duplicate");
    check = store->verify_trail();
    CHECK(check.intact);
    CHECK(check.entries == 4);

    // A restore's reason is optional; a second withdrawal is an entry of its own.
    CHECK(store->withdraw(gone, "jokafor", "Withdrawn again") == 5);
    CHECK(store->restore(gone, "jokafor") == 6);
    CHECK(store->history(gone).back().changes.empty());
    CHECK(store->verify_trail().intact);
}

TEST_CASE_METHOD(WithdrawFixture, "withdrawing is allowed in any status: a complete, locked record is withdrawn and "
                                  "restored with its status and content unchanged") {
    auto record = test::complete_everything_record(*form, "Signed off");
    REQUIRE_FALSE(forms::set_value(*form, record, "email", "clerk@example.org"));
    store->create(*form, record, "author");
    REQUIRE(store->set_status(*form, record.meta.id, "complete", 1, "manager").changed);
    REQUIRE(form->lifecycle.locks("complete"));

    store->withdraw(record.meta.id, "manager", "The report was pulled from the agenda");
    auto stored = store->load(record.meta.id);
    REQUIRE(stored);
    CHECK(stored->meta.status == "complete");
    CHECK(stored->meta.revision == 2);
    CHECK(store->list({}).total == 0);
    store->restore(record.meta.id, "manager", "Back on the agenda");
    stored = store->load(record.meta.id);
    REQUIRE(stored);
    CHECK(stored->meta.status == "complete");
    CHECK(stored->meta.revision == 2);
    CHECK(store->list({}).total == 1);
    CHECK(store->verify_trail().intact);
}

TEST_CASE_METHOD(WithdrawFixture, "withdraw and restore are refused, naming the record, without a reason, twice, for a "
                                  "record not withdrawn and for none, and a withdrawn record is not saved until restored") {
    const auto id = stored("Refusals");
    const auto entries = store->verify_trail().entries;

    CHECK_THROWS_WITH(store->withdraw(id, "jokafor", ""), Contains("needs a reason") && Contains(id));
    CHECK_THROWS_WITH(store->withdraw(id, "jokafor", "  \n"), Contains("needs a reason"));
    CHECK_THROWS_WITH(store->restore(id, "jokafor", "Why not"), Contains("is not withdrawn") && Contains(id));
    CHECK_THROWS_WITH(store->withdraw("no-such-record", "jokafor", "Gone"), Contains("no record no-such-record"));
    CHECK_THROWS_WITH(store->restore("no-such-record", "jokafor"), Contains("no record no-such-record"));
    CHECK(store->verify_trail().entries == entries);
    CHECK(store->list({}).total == 1);
    CHECK_FALSE(store->withdrawal(id));

    const auto entry = store->withdraw(id, "jokafor", "Entered twice");
    CHECK_THROWS_WITH(store->withdraw(id, "asmith", "Again"),
                      Contains("record " + id + " is withdrawn already") && Contains("formwork-cli restore " + id));
    CHECK(store->verify_trail().entries == entries + 1);
    CHECK(store->withdrawal(id)->entry == entry);

    // A save, a status change and an import that would change it are refused, naming restore.
    auto record = *store->load(id);
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "Changed while withdrawn"));
    CHECK_THROWS_AS(store->update(*form, record, record.meta.revision, "jokafor"), forms::WithdrawnError);
    CHECK_THROWS_WITH(store->update(*form, record, record.meta.revision, "jokafor"),
                      Contains("record " + id + " is withdrawn") && Contains("formwork-cli restore " + id));
    CHECK_THROWS_AS(store->set_status(*form, id, "complete", record.meta.revision, "jokafor"), forms::WithdrawnError);
    forms::FormRegistry registry;
    REQUIRE(registry.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml"));
    const auto imported = store->import(registry, {{"changed.xml", test::record_text(record)}}, "jokafor");
    REQUIRE(imported.size() == 1);
    CHECK(imported[0].outcome == forms::ImportItem::Outcome::refused);
    CHECK(test::has_diagnostic(imported[0].diagnostics, "", "formwork-cli restore " + id));
    // The same file unchanged changes nothing, and is no refusal: an import run again stays quiet.
    const auto same = store->import(registry, {{"same.xml", test::record_text(*store->load(id))}}, "jokafor");
    REQUIRE(same.size() == 1);
    CHECK(same[0].outcome == forms::ImportItem::Outcome::unchanged);
    CHECK(store->load(id)->meta.revision == 1);
    CHECK(store->verify_trail().entries == entries + 1);

    store->restore(id, "jokafor");
    store->update(*form, record, record.meta.revision, "jokafor");
    CHECK(store->load(id)->meta.revision == 2);
    CHECK(store->verify_trail().intact);
}

TEST_CASE_METHOD(WithdrawFixture, "another connection hears of a withdrawal and a restore") {
    const auto id = stored("Watched");
    auto window = test::make_test_store(folder.path());
    CHECK(window->changes_elsewhere().empty());  // starts watching
    store->withdraw(id, "jokafor", "Entered twice");
    store->restore(id, "jokafor", "It was not");
    std::vector<forms::RecordChange> heard;
    // The server's notice may take a moment to arrive.
    for (int attempt = 0; attempt < 50 && heard.size() < 2; ++attempt) {
        for (auto& change : window->changes_elsewhere()) heard.push_back(std::move(change));
        if (heard.size() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(heard.size() == 2);
    CHECK(heard[0].record_id == id);
    CHECK(heard[0].action == "withdraw");
    CHECK(heard[0].by == "jokafor");
    CHECK(heard[0].revision == 1);
    CHECK(heard[1].action == "restore");
}
