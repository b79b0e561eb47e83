// One record open for editing (EditSession), against a real SQLite file: live checks and
// relevance as values are typed, autosave timing on a synthetic clock, saves that land in
// the file, two editors of one record (a conflict, then keep mine or take theirs), a save
// that fails and keeps the edits, status changes, rows, and the word count.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/store/edit_session.hpp>
#include <formwork/store/sqlite_store.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/model/values.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;
using Session = forms::EditSession;
using namespace std::chrono_literals;

namespace {

struct SessionFixture {
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());
    Session::Clock::time_point t0 = Session::Clock::time_point{} + 1000h;

    std::filesystem::path database() const { return folder.path() / "store.db"; }

    // A record with every field a complete record needs.
    void fill(Session& session) {
        for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
                 {"title", "Youth Justice Plan"}, {"author/name", "Rachael Sugars"}, {"activity", "new-policy"},
                 {"people", "10"}, {"actions/row[1]/action", "Consult"}})
            REQUIRE_FALSE(session.set_value(path, value, t0));
    }
};

const forms::FieldDifference* difference(const forms::SaveConflict& conflict, const std::string& path) {
    for (const auto& d : conflict.differences)
        if (d.path == path) return &d;
    return nullptr;
}

std::string stored_value(forms::RecordStore& store, const std::string& id, const char* element) {
    const auto record = store.load(id);
    REQUIRE(record);
    return record->instance().child(element).text().get();
}

}  // namespace

TEST_CASE_METHOD(SessionFixture, "a new session is a stored record at revision 1, named as lists name it") {
    auto session = Session::create(*store, form, "clerk");
    CHECK(session.record().meta.revision == 1);
    CHECK(session.record().meta.created_by == "clerk");
    CHECK_FALSE(session.dirty());
    REQUIRE(store->load(session.id()));
    CHECK(session.title() == forms::record_title(*form, session.record()));
    REQUIRE_FALSE(session.set_value("title", "Youth   Justice\nPlan", t0));
    REQUIRE_FALSE(session.set_value("author/name", "R Sugars", t0));
    CHECK(session.title() == "Youth Justice Plan (R Sugars)");
    CHECK(session.value("title") == "Youth   Justice\nPlan");
    CHECK(session.value("author/name") == "R Sugars");
    CHECK(session.value("no-such-field").empty());
    // A long title is cut for lists at 300 bytes, at a character's start.
    REQUIRE_FALSE(session.set_value("title", std::string(299, 'a') + "\xC3\xA9" + "tail", t0));
    CHECK(session.title() == std::string(299, 'a'));

    auto reopened = Session::open(*store, form, session.id(), "clerk");
    CHECK(reopened.record().meta.revision == 1);
    CHECK_THROWS_AS(Session::open(*store, form, "00000000-0000-4000-8000-000000000000", "clerk"), forms::StoreError);
}

TEST_CASE_METHOD(SessionFixture, "a typed value changes the diagnostics: an error appears, then clears") {
    auto session = Session::create(*store, form, "clerk");
    fill(session);
    INFO(describe(session.diagnostics()));
    CHECK_FALSE(test::has_diagnostic(session.diagnostics(), "title", "required"));
    CHECK_FALSE(test::has_diagnostic(session.diagnostics(), "completed", "is not a date"));

    REQUIRE_FALSE(session.set_value("title", "", t0));
    CHECK(test::has_diagnostic(session.diagnostics(), "title", "Title is required"));
    REQUIRE_FALSE(session.set_value("completed", "2023-02-30", t0));
    CHECK(test::has_diagnostic(session.diagnostics(), "completed", "'2023-02-30' is not a date"));
    REQUIRE_FALSE(session.set_value("budget", "-5", t0));
    CHECK(test::has_diagnostic(session.diagnostics(), "budget", "cannot be negative"));

    REQUIRE_FALSE(session.set_value("title", "Plan", t0));
    REQUIRE_FALSE(session.set_value("completed", "2023-02-28", t0));
    REQUIRE_FALSE(session.set_value("budget", "5", t0));
    INFO(describe(session.diagnostics()));
    CHECK_FALSE(forms::has_errors(session.diagnostics()));

    // Text XML forbids is refused at entry, naming the field, and changes nothing.
    const auto refused = session.set_value("title", std::string("Plan\x01"), t0);
    REQUIRE(refused);
    CHECK(refused->path == "title");
    CHECK(session.value("title") == "Plan");
    CHECK(session.set_value("no-such-field", "x", t0));
}

TEST_CASE_METHOD(SessionFixture, "relevance follows the values and is inherited, by the paths diagnostics use") {
    auto session = Session::create(*store, form, "clerk");
    CHECK_FALSE(session.relevant("other-details"));
    REQUIRE_FALSE(session.set_value("activity", "other", t0));
    CHECK(session.relevant("other-details"));
    CHECK(test::has_diagnostic(session.diagnostics(), "other-details", "required"));
    REQUIRE_FALSE(session.set_value("activity", "new-policy", t0));
    CHECK_FALSE(session.relevant("other-details"));
    CHECK_FALSE(test::has_diagnostic(session.diagnostics(), "other-details", "required"));

    const auto relevance = forms::element_relevance(*form, session.record());
    for (const auto* path : {"title", "author", "impacts", "impacts/row[@key='age-0-18']",
                             "impacts/row[@key='disability']/nature", "actions", "actions/row[1]",
                             "actions/row[1]/action", "action-count"}) {
        INFO(path);
        REQUIRE(relevance.count(path) == 1);
        CHECK(relevance.at(path));
    }
    // The workforce part is off by default: its group and everything in it is not relevant.
    for (const auto* path : {"workforce", "workforce/headcount", "workforce/sex", "workforce/sex/female"}) {
        INFO(path);
        REQUIRE(relevance.count(path) == 1);
        CHECK_FALSE(relevance.at(path));
    }
    CHECK_FALSE(session.relevant("workforce/sex/female"));
    CHECK(session.relevant("author/name"));  // a person's part, as its field
}

TEST_CASE_METHOD(SessionFixture, "autosave is due once typing pauses, and never later than the longest wait") {
    auto session = Session::create(*store, form, "clerk", {700ms, 1500ms});
    CHECK_FALSE(session.save_due(t0 + 1h));  // nothing typed
    REQUIRE_FALSE(session.set_value("title", "P", t0));
    CHECK(session.dirty());
    CHECK_FALSE(session.save_due(t0 + 699ms));
    CHECK(session.save_due(t0 + 700ms));

    // Steady typing: each keystroke restarts the quiet wait, but not the longest one.
    REQUIRE_FALSE(session.set_value("title", "Pl", t0 + 500ms));
    REQUIRE_FALSE(session.set_value("title", "Pla", t0 + 1000ms));
    CHECK_FALSE(session.save_due(t0 + 1200ms));
    CHECK_FALSE(session.save_due(t0 + 1499ms));
    CHECK(session.save_due(t0 + 1500ms));

    CHECK(session.save().kind == forms::SaveOutcome::Kind::saved);
    CHECK_FALSE(session.dirty());
    CHECK_FALSE(session.save_due(t0 + 1h));
    // The next edit starts a new wait from its own time.
    REQUIRE_FALSE(session.set_value("title", "Plan", t0 + 2000ms));
    CHECK_FALSE(session.save_due(t0 + 2600ms));
    CHECK(session.save_due(t0 + 2700ms));
    // A value set to what it already was is no edit.
    CHECK(session.save().kind == forms::SaveOutcome::Kind::saved);
    REQUIRE_FALSE(session.set_value("title", "Plan", t0 + 3000ms));
    CHECK_FALSE(session.dirty());
}

TEST_CASE_METHOD(SessionFixture, "a save lands in the file: a second store opened on it reads the values") {
    auto session = Session::create(*store, form, "clerk");
    fill(session);
    REQUIRE_FALSE(session.set_value("impacts/row[@key='disability']/impact", "N", t0));
    const auto saved = session.save();
    INFO(saved.message);
    REQUIRE(saved.kind == forms::SaveOutcome::Kind::saved);
    CHECK(session.record().meta.revision == 2);
    CHECK(session.save().kind == forms::SaveOutcome::Kind::nothing_to_save);

    const auto other = test::make_test_store(folder.path());  // the same database, a second connection
    const auto loaded = other->load(session.id());
    REQUIRE(loaded);
    CHECK(loaded->meta.revision == 2);
    CHECK(std::string(loaded->instance().child("title").text().get()) == "Youth Justice Plan");
    CHECK(std::string(loaded->instance().child("impacts").find_child_by_attribute("row", "key", "disability")
                          .child("impact").text().get()) == "N");
    const auto listed = other->list({});
    REQUIRE(listed.rows.size() == 1);
    CHECK(listed.rows[0].title == "Youth Justice Plan (Rachael Sugars)");
    CHECK(listed.rows[0].title == session.title());
}

TEST_CASE_METHOD(SessionFixture, "two editors of one record: the later save is a conflict that names the differences") {
    auto created = Session::create(*store, form, "clerk");
    fill(created);
    REQUIRE(created.save().kind == forms::SaveOutcome::Kind::saved);  // revision 2
    const auto id = created.id();

    // Theirs: another window, through a second connection to the same file.
    const auto their_store = test::make_test_store(folder.path());
    auto mine = Session::open(*store, form, id, "clerk");
    auto theirs = Session::open(*their_store, form, id, "colleague");

    REQUIRE_FALSE(mine.set_value("title", "My title", t0));
    REQUIRE_FALSE(mine.set_value("budget", "100", t0));
    REQUIRE_FALSE(theirs.set_value("title", "Their title", t0));
    REQUIRE_FALSE(theirs.add_row("actions", t0));
    REQUIRE_FALSE(theirs.set_value("actions/row[2]/action", "Publish", t0));
    REQUIRE(theirs.save().kind == forms::SaveOutcome::Kind::saved);  // revision 3

    const auto outcome = mine.save();
    REQUIRE(outcome.kind == forms::SaveOutcome::Kind::conflict);
    CHECK_THAT(outcome.message, Contains("Nothing was overwritten"));
    CHECK(mine.dirty());
    REQUIRE(mine.conflict());
    const auto& conflict = *mine.conflict();
    CHECK(conflict.theirs.meta.revision == 3);
    std::vector<std::string> paths;
    for (const auto& d : conflict.differences) paths.push_back(d.path);
    // In the form's order: the header, section 1, the table's cells, then the count.
    CHECK(paths == std::vector<std::string>{"title", "budget", "actions/row[2]/action", "action-count"});
    const auto* title = difference(conflict, "title");
    REQUIRE(title);
    CHECK(title->label == "Title");
    CHECK(title->mine == "My title");
    CHECK(title->theirs == "Their title");
    const auto* budget = difference(conflict, "budget");
    REQUIRE(budget);
    CHECK(budget->label == "Budget (£)");
    CHECK(budget->mine == "100");
    CHECK(budget->theirs.empty());
    const auto* row = difference(conflict, "actions/row[2]/action");
    REQUIRE(row);
    CHECK(row->label == "Actions, row 2: Action");
    CHECK(row->mine.empty());
    CHECK(row->theirs == "Publish");
    const auto* count = difference(conflict, "action-count");
    REQUIRE(count);
    CHECK(count->mine == "1");
    CHECK(count->theirs == "2");
    // Nothing of mine reached the store.
    CHECK(stored_value(*store, id, "title") == "Their title");
    CHECK(store->load(id)->meta.revision == 3);
    CHECK(mine.change_status("complete").changed == false);

    SECTION("keep mine: my values become the revision after theirs") {
        const auto kept = mine.keep_mine();
        INFO(kept.message);
        REQUIRE(kept.kind == forms::SaveOutcome::Kind::saved);
        CHECK_FALSE(mine.conflict());
        CHECK_FALSE(mine.dirty());
        CHECK(mine.record().meta.revision == 4);
        const auto stored = their_store->load(id);
        CHECK(stored->meta.revision == 4);
        CHECK(std::string(stored->instance().child("title").text().get()) == "My title");
        CHECK(std::string(stored->instance().child("budget").text().get()) == "100");
        CHECK(mine.row_count("actions") == 1);
        // And the session goes on saving from there.
        REQUIRE_FALSE(mine.set_value("title", "My title, again", t0 + 1s));
        CHECK(mine.save().kind == forms::SaveOutcome::Kind::saved);
        CHECK(stored_value(*their_store, id, "title") == "My title, again");
    }
    SECTION("take theirs: their values, nothing unsaved, and the next save follows theirs") {
        mine.take_theirs();
        CHECK_FALSE(mine.conflict());
        CHECK_FALSE(mine.dirty());
        CHECK(mine.value("title") == "Their title");
        CHECK(mine.value("budget").empty());
        CHECK(mine.value("actions/row[2]/action") == "Publish");
        CHECK(mine.record().meta.revision == 3);
        REQUIRE_FALSE(mine.set_value("budget", "7", t0 + 1s));
        CHECK(mine.save().kind == forms::SaveOutcome::Kind::saved);
        const auto stored = their_store->load(id);
        CHECK(stored->meta.revision == 4);
        CHECK(std::string(stored->instance().child("title").text().get()) == "Their title");
        CHECK(std::string(stored->instance().child("budget").text().get()) == "7");
    }
}

TEST_CASE_METHOD(SessionFixture, "reload reads another's save only when nothing here is unsaved") {
    auto created = Session::create(*store, form, "clerk");
    fill(created);
    REQUIRE(created.save().kind == forms::SaveOutcome::Kind::saved);  // revision 2
    const auto their_store = test::make_test_store(folder.path());
    auto theirs = Session::open(*their_store, form, created.id(), "colleague");
    REQUIRE_FALSE(theirs.set_value("title", "Their title", t0));
    REQUIRE(theirs.save().kind == forms::SaveOutcome::Kind::saved);  // revision 3

    // Unsaved typing here: not read over.
    REQUIRE_FALSE(created.set_value("budget", "250", t0));
    CHECK_FALSE(created.reload());
    CHECK(created.value("budget") == "250");
    CHECK(created.value("title") == "Youth Justice Plan");
    REQUIRE(created.save().kind == forms::SaveOutcome::Kind::conflict);
    created.take_theirs();

    // Nothing unsaved: their next save is read.
    REQUIRE_FALSE(theirs.set_value("people", "", t0));
    REQUIRE(theirs.save().kind == forms::SaveOutcome::Kind::saved);  // revision 4
    REQUIRE(created.reload());
    CHECK(created.record().meta.revision == 4);
    CHECK(created.value("title") == "Their title");
    CHECK(created.value("people").empty());
    CHECK_FALSE(created.dirty());
    REQUIRE_FALSE(created.set_value("people", "12", t0));
    CHECK(created.save().kind == forms::SaveOutcome::Kind::saved);  // from revision 4: no conflict
}

TEST_CASE_METHOD(SessionFixture, "keeping mine never undoes a status change someone else made") {
    auto created = Session::create(*store, form, "clerk");
    fill(created);
    REQUIRE(created.save().kind == forms::SaveOutcome::Kind::saved);
    auto mine = Session::open(*store, form, created.id(), "clerk");
    auto theirs = Session::open(*store, form, created.id(), "manager");

    // A status change while this session holds nothing unsaved: refused, and the session
    // shows what is stored now.
    REQUIRE(theirs.change_status("complete").changed);
    const auto stale = mine.change_status("complete");
    CHECK_FALSE(stale.changed);
    CHECK_THAT(describe(stale.diagnostics), Contains("saved by someone else"));
    CHECK(mine.record().meta.status == "complete");
    REQUIRE(theirs.change_status("draft", "A figure to correct").changed);
    REQUIRE(mine.reload());  // reopened: a draft here too, to be edited

    REQUIRE_FALSE(mine.set_value("budget", "250", t0));
    REQUIRE(theirs.change_status("complete").changed);
    REQUIRE(mine.save().kind == forms::SaveOutcome::Kind::conflict);
    CHECK(mine.conflict()->differences.size() == 1);  // the status is not a field
    // Theirs is complete, so locked: keeping mine would change it without a reopen, and is
    // refused with the reason; their status and values stand.
    const auto kept = mine.keep_mine();
    CHECK(kept.kind == forms::SaveOutcome::Kind::failed);
    CHECK_THAT(kept.message, Contains("locked"));
    const auto stored = store->load(created.id());
    CHECK(stored->meta.status == "complete");
    CHECK(stored->meta.transitions.size() == 3);
    CHECK(std::string(stored->instance().child("budget").text().get()).empty());
}

TEST_CASE_METHOD(SessionFixture, "a save that fails keeps every edit, and the next save lands them") {
    // A store that waits only briefly for the database while another program writes to it.
    store.reset();
    const auto quick = forms::open_sqlite_store({database(), 50});
    auto session = Session::create(*quick, form, "clerk");
    REQUIRE_FALSE(session.set_value("title", "Typed while the database was locked", t0));

    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(database().c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto failed = session.save();
    CHECK(failed.kind == forms::SaveOutcome::Kind::failed);
    CHECK_FALSE(failed.message.empty());
    CHECK(session.dirty());
    CHECK(session.save_due(t0 + 1h));
    CHECK_FALSE(session.conflict());
    CHECK(session.value("title") == "Typed while the database was locked");
    // A status change cannot go ahead of the save.
    const auto refused = session.change_status("complete");
    CHECK_FALSE(refused.changed);
    CHECK_THAT(describe(refused.diagnostics), Contains("could not be saved"));
    REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(other);

    const auto saved = session.save();
    INFO(saved.message);
    CHECK(saved.kind == forms::SaveOutcome::Kind::saved);
    CHECK_FALSE(session.dirty());
    CHECK(stored_value(*quick, session.id(), "title") == "Typed while the database was locked");
}

TEST_CASE_METHOD(SessionFixture, "a status change saves first, is refused while errors remain, and is made when clean") {
    auto session = Session::create(*store, form, "clerk");
    CHECK(session.next_statuses().size() == 1);
    CHECK(session.next_statuses().front().id == "complete");
    REQUIRE_FALSE(session.set_value("title", "Plan", t0));

    const auto refused = session.change_status("complete");
    CHECK_FALSE(refused.changed);
    CHECK(test::has_diagnostic(refused.diagnostics, "author", "Author is required"));
    CHECK(test::has_diagnostic(refused.diagnostics, "activity", "required"));
    CHECK(session.record().meta.status == "draft");
    CHECK_FALSE(session.dirty());  // the edit was saved before the status was tried
    CHECK(stored_value(*store, session.id(), "title") == "Plan");
    CHECK(store->load(session.id())->meta.status == "draft");

    CHECK_FALSE(session.change_status("approved").changed);  // not from draft
    fill(session);
    const auto done = session.change_status("complete");
    INFO(describe(done.diagnostics));
    CHECK(done.changed);
    CHECK(session.record().meta.status == "complete");
    CHECK_FALSE(session.dirty());
    const auto stored = store->load(session.id());
    CHECK(stored->meta.status == "complete");
    CHECK(session.record().meta.revision == stored->meta.revision);
    std::vector<std::string> next;
    for (const auto& status : session.next_statuses()) next.push_back(status.id);
    CHECK(next == std::vector<std::string>{"draft", "submitted", "approved"});
    // Complete now, the record is locked (DESIGN.md): an edit is refused, saying so, and
    // nothing waits to be saved.
    CHECK(session.locked());
    const auto locked = session.set_value("people", "0", t0);
    REQUIRE(locked);
    CHECK_THAT(locked->message, Contains("locked") && Contains("reopen"));
    CHECK_FALSE(session.dirty());
    CHECK(session.save().kind == forms::SaveOutcome::Kind::nothing_to_save);
    // Reopened with a reason, it takes edits again, saved on from the reopen's revision.
    CHECK_FALSE(session.change_status("draft").changed);  // no reason
    REQUIRE(session.change_status("draft", "The numbers were recounted").changed);
    REQUIRE_FALSE(session.set_value("people", "12", t0));
    CHECK(session.save().kind == forms::SaveOutcome::Kind::saved);
}

TEST_CASE_METHOD(SessionFixture, "rows are added up to max-rows and removed down to min-rows, each an edit") {
    auto session = Session::create(*store, form, "clerk");
    CHECK(session.row_count("actions") == 1);
    CHECK(session.value("action-count") == "1");
    REQUIRE_FALSE(session.add_row("actions", t0));
    CHECK(session.dirty());
    REQUIRE_FALSE(session.add_row("actions", t0));
    CHECK(session.row_count("actions") == 3);
    CHECK(session.value("action-count") == "3");  // recalculated
    const auto full = session.add_row("actions", t0);
    REQUIRE(full);
    CHECK_THAT(full->message, Contains("at most 3"));
    CHECK(session.row_count("actions") == 3);
    CHECK(session.add_row("impacts", t0));  // a fixed table
    CHECK(session.add_row("title", t0));

    REQUIRE_FALSE(session.set_value("actions/row[3]/action", "Third", t0));
    REQUIRE_FALSE(session.remove_row("actions", 2, t0));
    CHECK(session.row_count("actions") == 2);
    CHECK(session.value("actions/row[2]/action") == "Third");
    CHECK(session.remove_row("actions", 5, t0));
    REQUIRE_FALSE(session.remove_row("actions", 1, t0));
    const auto last = session.remove_row("actions", 1, t0);
    REQUIRE(last);
    CHECK_THAT(last->message, Contains("at least 1"));
    CHECK(session.row_count("actions") == 1);
    CHECK(session.value("action-count") == "1");
    CHECK(session.save().kind == forms::SaveOutcome::Kind::saved);
    CHECK(stored_value(*store, session.id(), "action-count") == "1");
}

TEST_CASE("words are counted as runs of characters that are not white space") {
    CHECK(forms::count_words("") == 0);
    CHECK(forms::count_words("   \t\n ") == 0);
    CHECK(forms::count_words("one") == 1);
    CHECK(forms::count_words("  one two\tthree\r\nfour  ") == 4);
    CHECK(forms::count_words("Coventry\xC2\xA0" "City\xC2\xA0" "Council") == 3);  // no-break spaces
    CHECK(forms::count_words("caf\xC3\xA9 na\xC3\xAFve") == 2);                     // accents are letters
    CHECK(forms::count_words("self-assessment, 2023/24") == 2);
    CHECK(forms::count_words("\xC2\xA0") == 0);
}
