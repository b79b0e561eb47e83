// Undo and redo in the edit session (docs/app.md, "Undo and redo"), against a real SQLite
// file: what one step is (a value typed into one field, a paste, a row added or removed, a
// Step of several edits), redo forgotten by a new edit, undo across an autosave making the
// next revision, the history cleared when the record is replaced by the stored one, and
// refused while the record is locked.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/store/audit_log.hpp>
#include <formwork/store/edit_session.hpp>

#include <catch2/catch.hpp>

using namespace formwork;
using Catch::Matchers::Contains;
using Session = forms::EditSession;
using namespace std::chrono_literals;

namespace {

struct UndoFixture {
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());
    Session::Clock::time_point t0 = Session::Clock::time_point{} + 1000h;

    // A stored record with every field a complete record needs, opened: nothing to undo yet.
    Session filled() {
        auto session = Session::create(*store, form, "clerk");
        for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
                 {"title", "Youth Justice Plan"}, {"author/name", "Rachael Sugars"}, {"activity", "new-policy"},
                 {"people", "10"}, {"actions/row[1]/action", "Consult"}})
            REQUIRE_FALSE(session.set_value(path, value, t0));
        REQUIRE(session.save().kind == forms::SaveOutcome::Kind::saved);
        auto opened = Session::open(*store, form, session.id(), "clerk");
        REQUIRE_FALSE(opened.can_undo());
        return opened;
    }

    // Types `text` into `path` a key at a time, as the window sends it.
    void type(Session& session, const std::string& path, const std::string& text) {
        std::string typed = session.value(path);
        for (char key : text) {
            typed += key;
            REQUIRE_FALSE(session.set_value(path, typed, t0));
        }
    }
};

}  // namespace

TEST_CASE_METHOD(UndoFixture, "a value typed into a field is one step, undone and redone with its calculations", "[undo]") {
    auto session = Session::create(*store, form, "clerk");
    CHECK_FALSE(session.can_undo());
    CHECK_FALSE(session.can_redo());
    CHECK_THAT(session.undo()->message, Contains("nothing to undo"));

    type(session, "title", "Plan");
    CHECK(session.undo_steps() == 1);  // four keys, one step
    type(session, "people", "12");
    CHECK(session.undo_steps() == 2);  // another field: another step
    type(session, "people", "0");      // the same field, still being typed into: the same step
    CHECK(session.undo_steps() == 2);
    session.end_typing();              // the person left the field and came back
    type(session, "people", "5");
    CHECK(session.undo_steps() == 3);
    CHECK(session.value("people") == "1205");

    REQUIRE(session.can_undo());
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.value("people") == "120");
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.value("people").empty());
    CHECK(session.value("title") == "Plan");
    CHECK(session.can_redo());
    CHECK(session.redo_steps() == 2);

    // The instance is recalculated and checked again: the count of actions follows rows.
    REQUIRE_FALSE(session.add_row("actions", t0));
    CHECK(session.value("action-count") == "2");
    CHECK(session.redo_steps() == 0);  // a new edit forgets what could be redone
    CHECK_FALSE(session.can_redo());
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.row_count("actions") == 1);
    CHECK(session.value("action-count") == "1");
    REQUIRE_FALSE(session.redo(t0));
    CHECK(session.row_count("actions") == 2);
    CHECK(session.value("action-count") == "2");
    REQUIRE_FALSE(session.undo(t0));

    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.value("title").empty());
    CHECK_FALSE(session.can_undo());
    // What the new row made impossible to redo (the people steps) stays gone.
    REQUIRE_FALSE(session.redo(t0));
    REQUIRE_FALSE(session.redo(t0));
    CHECK(session.value("title") == "Plan");
    CHECK(session.value("people").empty());
    CHECK(session.row_count("actions") == 2);
    CHECK_FALSE(session.can_redo());
    CHECK_THAT(session.redo()->message, Contains("nothing to redo"));
}

TEST_CASE_METHOD(UndoFixture, "undo brings back every character of a value as it was typed", "[undo]") {
    auto session = Session::create(*store, form, "clerk");
    const std::string exact = "  two\r\nlines & <tags> \"quoted\" \xC3\xA9\t ";
    REQUIRE_FALSE(session.set_value("other-details", exact, t0));
    REQUIRE_FALSE(session.set_value("title", "   ", t0));
    session.end_typing();
    REQUIRE_FALSE(session.set_value("title", "changed", t0));
    REQUIRE_FALSE(session.set_value("other-details", "changed", t0));
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.value("other-details") == exact);
    CHECK(session.value("title") == "changed");
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.value("title") == "   ");
}

TEST_CASE_METHOD(UndoFixture, "a paste is one step, however many rows and cells it fills", "[undo]") {
    auto session = filled();
    const auto rows = session.row_count("actions");
    REQUIRE(session.paste("actions", 1, 0, "Consult young people\t2024-01\nPublish the plan\t2024-03\nReview\t2024-09", t0)
                .empty());
    CHECK(session.row_count("actions") == 3);
    CHECK(session.undo_steps() == 1);
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.row_count("actions") == rows);
    CHECK(session.value("actions/row[1]/action") == "Consult");
    CHECK(session.value("actions/row[1]/by-when").empty());
    REQUIRE_FALSE(session.redo(t0));
    CHECK(session.row_count("actions") == 3);
    CHECK(session.value("actions/row[3]/by-when") == "2024-09");

    // A refused paste changes nothing, and is no step.
    CHECK(forms::has_errors(session.paste("actions", 1, 0, "a\nb\nc\nd", t0)));
    CHECK(session.undo_steps() == 1);
}

TEST_CASE_METHOD(UndoFixture, "a row removal is one step, and undoing it brings the row back with its values", "[undo]") {
    auto session = filled();
    REQUIRE(session.paste("actions", 1, 0, "First\t2024-01\nSecond\t2024-02\nThird\t2024-03", t0).empty());
    REQUIRE_FALSE(session.remove_row("actions", 2, t0));
    CHECK(session.value("actions/row[2]/action") == "Third");
    CHECK(session.undo_steps() == 2);
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.row_count("actions") == 3);
    CHECK(session.value("actions/row[2]/action") == "Second");
    CHECK(session.value("actions/row[2]/by-when") == "2024-02");
    CHECK(session.value("actions/row[3]/action") == "Third");
}

TEST_CASE_METHOD(UndoFixture, "edits made inside a Step are one step, steps nest, a Step that changed nothing is none", "[undo]") {
    auto session = filled();
    {
        Session::Step step(session);
        REQUIRE_FALSE(session.add_row("actions", t0));
        REQUIRE_FALSE(session.set_value("actions/row[2]/action", "Imported", t0));
        {
            Session::Step inner(session);
            REQUIRE_FALSE(session.set_value("actions/row[2]/by-when", "2024-05", t0));
        }
        REQUIRE_FALSE(session.set_value("title", "Imported plan", t0));
        CHECK(session.undo_steps() == 0);
        CHECK_FALSE(session.can_undo());  // not in the middle of the step
    }
    CHECK(session.undo_steps() == 1);
    {
        Session::Step nothing(session);
        CHECK(session.set_value("no-such-field", "x", t0));
    }
    CHECK(session.undo_steps() == 1);
    // Typing after a step is a step of its own, even in a field the step set.
    type(session, "title", "!");
    CHECK(session.undo_steps() == 2);
    REQUIRE_FALSE(session.undo(t0));
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.row_count("actions") == 1);
    CHECK(session.value("title") == "Youth Justice Plan");
}

TEST_CASE_METHOD(UndoFixture, "a cell edit taken back (Escape) leaves no step to undo", "[undo]") {
    auto session = filled();
    type(session, "people", "5");
    REQUIRE_FALSE(session.set_value("people", "10", t0));  // back to what it was, in the same step
    type(session, "title", "!");
    session.end_typing();
    REQUIRE_FALSE(session.set_value("title", "Youth Justice Plan", t0));
    // The title's two steps are undone; the people step, which ended where it began, is passed over.
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.value("title") == "Youth Justice Plan!");
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.value("title") == "Youth Justice Plan");
    CHECK(session.value("people") == "10");
    CHECK_THAT(session.undo(t0)->message, Contains("nothing to undo"));
}

TEST_CASE_METHOD(UndoFixture, "undo across an autosave stores the old value as the next revision, never rewriting one", "[undo]") {
    auto session = filled();
    const long saved = session.record().meta.revision;
    type(session, "title", " 2024");
    REQUIRE(session.save_due(t0 + 2s));
    REQUIRE(session.save().kind == forms::SaveOutcome::Kind::saved);
    CHECK(session.record().meta.revision == saved + 1);
    CHECK_FALSE(session.dirty());

    REQUIRE(session.can_undo());
    REQUIRE_FALSE(session.undo(t0 + 3s));
    CHECK(session.value("title") == "Youth Justice Plan");
    CHECK(session.dirty());  // autosave stores the undo like any edit
    CHECK(session.save_due(t0 + 5s));
    REQUIRE(session.save().kind == forms::SaveOutcome::Kind::saved);
    CHECK(session.record().meta.revision == saved + 2);

    // Read back from the store: the undo is revision N+2 with the old title, and revision
    // N+1 (the typed title) stays in the audit log as it was saved.
    auto reopened = test::make_test_store(folder.path());
    const auto stored = reopened->load(session.id());
    REQUIRE(stored);
    CHECK(stored->meta.revision == saved + 2);
    CHECK(std::string(stored->instance().child("title").text().get()) == "Youth Justice Plan");
    const auto entries = reopened->history(session.id());
    REQUIRE(entries.size() >= 2);
    const auto& typed = entries[entries.size() - 2];
    const auto& undone = entries.back();
    CHECK(typed.revision == saved + 1);
    CHECK(undone.revision == saved + 2);
    auto title_change = [](const forms::AuditEntry& entry) -> const forms::FieldChange* {
        for (const auto& change : entry.changes)
            if (change.path == "title") return &change;
        return nullptr;
    };
    REQUIRE(title_change(typed));
    CHECK(title_change(typed)->new_value == "Youth Justice Plan 2024");
    REQUIRE(title_change(undone));
    CHECK(title_change(undone)->old_value == "Youth Justice Plan 2024");
    CHECK(title_change(undone)->new_value == "Youth Justice Plan");

    // Redo after that save is the revision after it.
    REQUIRE_FALSE(session.redo(t0 + 6s));
    REQUIRE(session.save().kind == forms::SaveOutcome::Kind::saved);
    CHECK(session.record().meta.revision == saved + 3);
    CHECK(std::string(reopened->load(session.id())->instance().child("title").text().get()) == "Youth Justice Plan 2024");
}

TEST_CASE_METHOD(UndoFixture, "the history never crosses a status change, a reopen, a reload or taking theirs", "[undo]") {
    auto session = filled();
    type(session, "budget", "100");
    REQUIRE(session.can_undo());
    REQUIRE(session.change_status("complete").changed);
    CHECK(session.undo_steps() == 0);
    CHECK_FALSE(session.can_undo());
    REQUIRE(session.change_status("draft", "A figure to correct").changed);
    CHECK_FALSE(session.can_undo());
    CHECK(session.value("budget") == "100");

    type(session, "budget", "5");
    REQUIRE_FALSE(session.undo(t0));
    CHECK(session.can_redo());
    REQUIRE(session.change_status("complete").changed);  // saves the undo first
    CHECK_FALSE(session.can_redo());
    REQUIRE(session.change_status("draft", "Another figure").changed);
    CHECK(session.value("budget") == "100");
    CHECK_FALSE(session.can_undo());
    CHECK_FALSE(session.can_redo());

    // Someone else saves: reading their version again clears the history.
    auto theirs = Session::open(*store, form, session.id(), "manager");
    type(session, "budget", "1");
    REQUIRE(session.save().kind == forms::SaveOutcome::Kind::saved);
    REQUIRE(session.can_undo());
    REQUIRE(theirs.reload());
    REQUIRE_FALSE(theirs.set_value("phone", "01632 960000", t0));
    REQUIRE(theirs.save().kind == forms::SaveOutcome::Kind::saved);
    REQUIRE(session.reload());
    CHECK_FALSE(session.can_undo());

    // A conflict: no undo while it waits, and none after taking theirs.
    type(session, "budget", "2");
    REQUIRE(theirs.reload());
    type(theirs, "budget", "3");
    REQUIRE(theirs.save().kind == forms::SaveOutcome::Kind::saved);
    REQUIRE(session.save().kind == forms::SaveOutcome::Kind::conflict);
    CHECK_FALSE(session.can_undo());
    CHECK_THAT(session.undo(t0)->message, Contains("saved by someone else"));
    session.take_theirs();
    CHECK(session.value("budget") == "10013");
    CHECK_FALSE(session.can_undo());
    CHECK_THAT(session.undo(t0)->message, Contains("nothing to undo"));
}

TEST_CASE_METHOD(UndoFixture, "undo and redo are refused while the record is locked, saying so", "[undo]") {
    auto session = filled();
    REQUIRE(session.change_status("complete").changed);
    REQUIRE(session.locked());
    CHECK_FALSE(session.can_undo());
    CHECK_FALSE(session.can_redo());
    const auto undo = session.undo(t0);
    REQUIRE(undo);
    CHECK_THAT(undo->message, Contains("locked") && Contains("reopen"));
    const auto redo = session.redo(t0);
    REQUIRE(redo);
    CHECK_THAT(redo->message, Contains("locked"));
    CHECK_FALSE(session.dirty());
    CHECK(session.record().meta.status == "complete");
}

TEST_CASE_METHOD(UndoFixture, "the history keeps the latest history_limit steps", "[undo]") {
    auto session = Session::create(*store, form, "clerk");
    for (std::size_t i = 1; i <= Session::history_limit + 20; ++i) {
        REQUIRE_FALSE(session.set_value("people", std::to_string(i), t0));
        session.end_typing();
    }
    CHECK(session.undo_steps() == Session::history_limit);
    while (session.can_undo()) REQUIRE_FALSE(session.undo(t0));
    CHECK(session.value("people") == "20");  // the oldest steps were forgotten
    CHECK(session.redo_steps() == Session::history_limit);
}
