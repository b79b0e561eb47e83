// Earlier revisions and copies (docs/store.md, "Earlier revisions"; docs/forms.md, "What a copy
// leaves out"), through the RecordStore interface alone, so these run on SQLite and again on
// the PostgreSQL test cluster ("postgres/" in CTest, as an officer): a revision rebuilt from the
// audit log holds what was saved then; two compared give what changed; a restore is a new
// save naming the revision, refused on a locked record without a reopen and on a withdrawn
// one, with nothing written; a copy is a new draft that names its source and leaves out what
// the form marks copy="false".
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/duplicate.hpp>
#include <formwork/store/revisions.hpp>

#include <catch2/catch.hpp>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

std::string value_at(const forms::FormDefinition& form, const forms::Record& record, const std::string& path) {
    for (const auto& change : forms::diff_records(form, nullptr, record))
        if (change.path == path) return change.new_value;
    return {};
}

struct RevisionsFixture {
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());

    void set(forms::Record& record, const std::string& path, const std::string& value) {
        if (const auto refused = forms::set_value(*form, record, path, value)) FAIL(refused->format());
    }

    // Revision 1: as made; 2: the title changed and a date given; 3: a second action; 4: complete.
    std::string four_revisions() {
        auto record = test::complete_everything_record(*form, "Libraries plan");
        store->create(*form, record, "author");
        set(record, "title", "Libraries plan 2027");
        set(record, "completed", "01/12/2026");
        store->update(*form, record, 1, "author");
        forms::add_row(*form, record, "actions");
        set(record, "actions/row[2]/action", "Consult the users");
        set(record, "actions/row[2]/by-when", "March");
        store->update(*form, record, 2, "editor");
        const auto moved = store->set_status(*form, record.meta.id, "complete", 3, "manager");
        REQUIRE(moved.changed);
        return record.meta.id;
    }

    forms::RevisionContent revision(const std::string& id, long number) {
        const auto current = store->load(id);
        REQUIRE(current);
        return forms::rebuild_revision(*form, *current, store->history(id), number);
    }
};

const forms::FieldChange* change_at(const std::vector<forms::FieldChange>& changes, const std::string& path) {
    for (const auto& change : changes)
        if (change.path == path) return &change;
    return nullptr;
}

}  // namespace

TEST_CASE_METHOD(RevisionsFixture, "an earlier revision is rebuilt from the audit log, and two are compared field by field") {
    const auto id = four_revisions();
    const auto first = revision(id, 1);
    CHECK(first.revision == 1);
    CHECK(first.status == "draft");
    CHECK(first.values.at("title") == "Libraries plan");
    CHECK(first.values.count("completed") == 0);
    CHECK(first.values.count("actions/row[2]/action") == 0);
    CHECK(first.values.at("actions/row[1]/action") == "Act");

    const auto third = revision(id, 3);
    CHECK(third.status == "draft");
    CHECK(third.values.at("title") == "Libraries plan 2027");
    CHECK(third.values.at("completed") == "2026-12-01");
    CHECK(third.values.at("actions/row[2]/by-when") == "March");
    CHECK(revision(id, 4).status == "complete");

    const auto changes = forms::compare_revisions(first, third);
    REQUIRE(changes.size() == 4);
    CHECK(change_at(changes, "meta/status") == nullptr);
    REQUIRE(change_at(changes, "title"));
    CHECK(change_at(changes, "title")->old_value == "Libraries plan");
    CHECK(change_at(changes, "title")->new_value == "Libraries plan 2027");
    CHECK(change_at(changes, "completed")->new_value == "2026-12-01");
    CHECK(change_at(changes, "actions/row[2]/action")->new_value == "Consult the users");
    CHECK(change_at(changes, "actions/row[2]/by-when")->new_value == "March");

    const auto with_status = forms::compare_revisions(third, revision(id, 4));
    REQUIRE(!with_status.empty());
    CHECK(with_status.front().path == "meta/status");
    CHECK(with_status.front().old_value == "draft");
    CHECK(with_status.front().new_value == "complete");
    CHECK(forms::compare_revisions(first, revision(id, 1)).empty());

    // Through read_revisions, which reads the store itself.
    const auto pair = forms::read_revisions(*store, *form, id, 2, 3);
    CHECK(forms::compare_revisions(pair.from, pair.to).size() == 2);

    for (const long missing : {0L, 5L, -1L})
        CHECK_THROWS_WITH(revision(id, missing), Contains("record " + id + " has no revision " + std::to_string(missing)) &&
                                                     Contains("its revisions are 1 to 4"));
    CHECK_THROWS_AS(forms::read_revisions(*store, *form, "no-such-record", 1, 2), forms::StoreError);
}

TEST_CASE_METHOD(RevisionsFixture, "restoring a revision is a new save that names it, and a locked record needs a reopen") {
    const auto id = four_revisions();
    const auto entries_before = store->history(id).size();

    SECTION("without a reopen, a complete record is refused and nothing is written") {
        CHECK_THROWS_AS(forms::restore_revision(*store, *form, id, 1, "author"), forms::LockedError);
        CHECK(store->load(id)->meta.revision == 4);
        CHECK(store->history(id).size() == entries_before);
    }

    SECTION("with a reopen, it is reopened and restored in one go, each an entry") {
        const auto done = forms::restore_revision(*store, *form, id, 1, "author", "The second action was not agreed");
        CHECK(done.restored == 1);
        CHECK(done.reopened);
        CHECK_FALSE(done.unchanged);
        CHECK(done.revision == 6);
        const auto now = store->load(id);
        REQUIRE(now);
        CHECK(now->meta.revision == 6);
        CHECK(now->meta.status == "draft");
        CHECK(value_at(*form, *now, "title") == "Libraries plan");
        CHECK(value_at(*form, *now, "completed").empty());
        CHECK(now->instance().child("actions").select_nodes("row").size() == 1);
        CHECK(value_at(*form, *now, "actions/row[1]/action") == "Act");

        const auto history = store->history(id);
        REQUIRE(history.size() == entries_before + 2);
        const auto& reopen = history[history.size() - 2];
        CHECK(reopen.action == "reopen");
        CHECK(reopen.revision == 5);
        const auto& restore = history.back();
        CHECK(restore.action == "restore-revision");
        CHECK(restore.by == "author");
        CHECK(restore.revision == 6);
        REQUIRE(!restore.changes.empty());
        CHECK(restore.changes.front().path == "meta/restored-revision");
        CHECK(restore.changes.front().new_value == "1");
        REQUIRE(change_at(restore.changes, "title"));
        CHECK(change_at(restore.changes, "title")->old_value == "Libraries plan 2027");
        CHECK(store->verify_trail().intact);

        // The revision restored is the latest's content now; and the revisions before it still
        // rebuild across the restore.
        CHECK(forms::compare_revisions(revision(id, 1), revision(id, 6)).empty());  // a draft then, and now
        CHECK(revision(id, 3).values.at("actions/row[2]/action") == "Consult the users");

        SECTION("restoring what is there already saves nothing") {
            const auto again = forms::restore_revision(*store, *form, id, 6, "author");
            CHECK(again.unchanged);
            CHECK(store->load(id)->meta.revision == 6);
        }
        SECTION("a stale base revision is a conflict") {
            CHECK_THROWS_AS(forms::restore_revision(*store, *form, id, 3, "author", {}, 5), forms::ConflictError);
            CHECK(store->load(id)->meta.revision == 6);
        }
    }

    SECTION("a withdrawn record is refused until it is restored") {
        store->withdraw(id, "clerk", "Filed under the wrong service");
        CHECK_THROWS_AS(forms::restore_revision(*store, *form, id, 1, "author", "reason"), forms::WithdrawnError);
        CHECK(store->load(id)->meta.revision == 4);
    }

    SECTION("a revision it never had is refused, naming it") {
        CHECK_THROWS_WITH(forms::restore_revision(*store, *form, id, 9, "author", "reason"),
                          Contains("has no revision 9"));
        CHECK(store->history(id).size() == entries_before);
    }
}

TEST_CASE_METHOD(RevisionsFixture, "a copy is a new draft naming its source, without what the form marks copy=\"false\"") {
    const auto id = four_revisions();
    auto source = store->load(id);
    REQUIRE(source);

    const auto made = forms::duplicate_record(*form, *source, "copier", "2026-12-07T10:00:00Z");
    CHECK(made.meta.id != id);
    CHECK(made.meta.status == "draft");
    CHECK(made.meta.created_by == "copier");
    CHECK(value_at(*form, made, "title") == "Libraries plan 2027");
    CHECK(value_at(*form, made, "author/name") == "Rachael Sugars");
    CHECK(value_at(*form, made, "completed").empty());               // a field marked copy="false"
    CHECK(value_at(*form, made, "actions/row[2]/action") == "Consult the users");
    CHECK(value_at(*form, made, "actions/row[2]/by-when").empty());  // a column so marked, in every row
    CHECK(value_at(*form, made, "key-decision") == value_at(*form, *source, "key-decision"));

    const auto copy = forms::duplicate_stored(*store, *form, id, "copier");
    const auto stored = store->load(copy.meta.id);
    REQUIRE(stored);
    CHECK(stored->meta.revision == 1);
    CHECK(stored->meta.status == "draft");
    CHECK(value_at(*form, *stored, "completed").empty());
    CHECK(value_at(*form, *stored, "title") == "Libraries plan 2027");
    const auto history = store->history(copy.meta.id);
    REQUIRE(history.size() == 1);
    CHECK(history.front().action == "duplicate");
    CHECK(history.front().by == "copier");
    REQUIRE(!history.front().changes.empty());
    CHECK(history.front().changes.front().path == "meta/duplicated-from");
    CHECK(history.front().changes.front().new_value == id);
    // The source is as it was.
    CHECK(store->load(id)->meta.revision == 4);
    CHECK(store->load(id)->meta.status == "complete");
    // The copy's history begins with it: there is no revision before.
    CHECK(revision(copy.meta.id, 1).values.at("title") == "Libraries plan 2027");

    // A withdrawn record may be copied; none at all may not.
    store->withdraw(id, "clerk", "Superseded");
    CHECK_NOTHROW(forms::duplicate_stored(*store, *form, id, "copier"));
    CHECK_THROWS_WITH(forms::duplicate_stored(*store, *form, "no-such-record", "copier"),
                      Contains("no record no-such-record is stored"));
}

TEST_CASE("a copy leaves out a section, a group and a table marked copy=\"false\" as a new record has them") {
    const auto load = forms::load_form_definition(R"(<form id="copies" version="1" title="Copies">
  <section title="Kept"><field id="name" type="text" label="Name"/></section>
  <section title="Sign-off" copy="false">
    <field id="signed" type="text" label="Signed" default="not yet"/>
  </section>
  <group id="decision" label="Decision" copy="false">
    <field id="outcome" type="text" label="Outcome"/>
    <field id="on" type="date" label="On"/>
  </group>
  <group id="contact" label="Contact"><field id="email" type="email" label="Email"/></group>
  <table id="votes" label="Votes" repeat="true" min-rows="1" copy="false">
    <field id="member" type="text" label="Member"/>
  </table>
  <table id="scores" label="Scores" copy="false">
    <row key="a" label="A"/><row key="b" label="B"/>
    <field id="score" type="integer" label="Score"/>
  </table>
</form>)", "copies.form.xml");
    INFO(test::describe(load.diagnostics));
    REQUIRE(load.form);
    const auto& form = *load.form;
    auto source = forms::new_record(form, "author", "2026-12-01T09:00:00Z");
    for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
             {"name", "Kept"}, {"signed", "A Clerk"}, {"decision/outcome", "Agreed"}, {"decision/on", "2026-12-01"},
             {"contact/email", "clerk@example.org"}, {"votes/row[1]/member", "Cllr One"},
             {"scores/row[@key='a']/score", "3"}}) {
        const auto refused = forms::set_value(form, source, path, value);
        REQUIRE_FALSE(refused);
    }
    forms::add_row(form, source, "votes");
    REQUIRE_FALSE(forms::set_value(form, source, "votes/row[2]/member", "Cllr Two"));

    const auto copy = forms::duplicate_record(form, source, "copier", "2026-12-07T10:00:00Z");
    CHECK(value_at(form, copy, "name") == "Kept");
    CHECK(value_at(form, copy, "contact/email") == "clerk@example.org");
    CHECK(value_at(form, copy, "signed") == "not yet");  // the field's default, as a new record has it
    CHECK(value_at(form, copy, "decision/outcome").empty());
    CHECK(value_at(form, copy, "decision/on").empty());
    CHECK(copy.instance().child("decision").child("on"));  // there, empty
    CHECK(copy.instance().child("votes").select_nodes("row").size() == 1);  // min-rows, empty
    CHECK(value_at(form, copy, "votes/row[1]/member").empty());
    CHECK(copy.instance().child("scores").select_nodes("row").size() == 2);  // its fixed rows, empty
    CHECK(value_at(form, copy, "scores/row[@key='a']/score").empty());
    // The source is untouched.
    CHECK(value_at(form, source, "decision/outcome") == "Agreed");
}
