// Undo and redo in a real window under Xvfb (docs/app.md, "Undo and redo"): a field typed
// into, a paste and a row import are each taken back and done again in one step, with the
// keys a person presses (Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z) and through the Edit menu opened from
// the keyboard; an undo after autosave is stored as the next revision, read back through a
// second connection; a cell's editor left open does not put back what was undone.
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "shell_fixture.hpp"
#include "table_editor.hpp"

#include <formwork/store/audit_log.hpp>

#include <catch2/catch.hpp>

#include <wx/clipbrd.h>
#include <wx/dataobj.h>
#include <wx/menu.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace forms = formwork::forms;
using formwork::test::settle;
using formwork::test::wait_until;
using namespace std::chrono_literals;

namespace {

using Shell = formwork::test::SampleShell;

void put_on_clipboard(const std::string& text) {
    REQUIRE(wxTheClipboard->Open());
    wxTheClipboard->SetData(new wxTextDataObject(wxString::FromUTF8(text)));
    wxTheClipboard->Close();
}

int column_of(const formwork::ui::TableEditor& table, const std::string& id) {
    for (std::size_t i = 0; i < table.columns().size(); ++i)
        if (table.columns()[i].field->id == id) return static_cast<int>(i);
    return -1;
}

std::string shortcut_of(const wxMenuItem& item) {
    const std::unique_ptr<wxAcceleratorEntry> accel(item.GetAccel());
    return accel ? accel->ToString().utf8_string() : std::string();
}

// Whether the Edit menu's item is enabled now, as the menu shows it when it opens.
bool menu_enabled(formwork::ui::MainFrame& frame, int id) {
    frame.UpdateWindowUI();
    auto* item = frame.GetMenuBar()->FindItem(id);
    REQUIRE(item != nullptr);
    return item->IsEnabled();
}

// Edit › Undo or Redo as a person chooses it from the keyboard: Alt+E opens the menu, the
// item's underlined letter chooses it.
void choose_from_edit_menu(wxUIActionSimulator& person, char letter) {
    person.Char('E', wxMOD_ALT);
    settle(10);
    person.Char(letter);
    settle(10);
}

}  // namespace

TEST_CASE("undo and redo a field edit, a paste and a row import, from the keys and the Edit menu", "[editor][undo]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();
    auto& session = editor->session();
    auto* table = editor->table_for("sign-offs");
    REQUIRE(table != nullptr);
    auto* title = dynamic_cast<wxTextCtrl*>(editor->control_for("title"));
    REQUIRE(title != nullptr);
    wxUIActionSimulator person;

    // The menu has both, with the shortcuts people know; there is nothing to undo yet.
    auto* undo_item = shell.frame->GetMenuBar()->FindItem(wxID_UNDO);
    auto* redo_item = shell.frame->GetMenuBar()->FindItem(wxID_REDO);
    REQUIRE(undo_item != nullptr);
    REQUIRE(redo_item != nullptr);
    CHECK(undo_item->GetItemLabelText() == "Undo");
    CHECK(shortcut_of(*undo_item) == "Ctrl+Z");
    CHECK(shortcut_of(*redo_item) == "Ctrl+Shift+Z");
    REQUIRE(redo_item->GetExtraAccels().size() == 1);
    CHECK(redo_item->GetExtraAccels()[0].ToString() == "Ctrl+Y");
    CHECK_FALSE(menu_enabled(*shell.frame, wxID_UNDO));
    CHECK_FALSE(menu_enabled(*shell.frame, wxID_REDO));

    SECTION("a field typed into: one step for the whole visit, with Ctrl+Z in the box itself") {
        REQUIRE(editor->focus_path("title"));
        settle();
        person.Text("Budget 2024");
        REQUIRE(wait_until([&] { return session.value("title") == "Budget 2024"; }, 5s));
        CHECK(menu_enabled(*shell.frame, wxID_UNDO));
        person.Char('Z', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return session.value("title").empty(); }, 3s));
        CHECK(title->GetValue().empty());  // the box shows what the record holds
        CHECK(wxWindow::FindFocus() == title);
        CHECK_FALSE(menu_enabled(*shell.frame, wxID_UNDO));
        CHECK(menu_enabled(*shell.frame, wxID_REDO));
        person.Char('Y', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return session.value("title") == "Budget 2024"; }, 3s));
        CHECK(title->GetValue() == "Budget 2024");
        person.Char('Z', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return session.value("title").empty(); }, 3s));
        person.Char('Z', wxMOD_CONTROL | wxMOD_SHIFT);
        REQUIRE(wait_until([&] { return session.value("title") == "Budget 2024"; }, 3s));
        CHECK(title->GetValue() == "Budget 2024");

        // The Edit menu does the same, with the box still in focus.
        choose_from_edit_menu(person, 'U');
        REQUIRE(wait_until([&] { return session.value("title").empty(); }, 3s));
        CHECK(title->GetValue().empty());
        choose_from_edit_menu(person, 'R');
        REQUIRE(wait_until([&] { return session.value("title") == "Budget 2024"; }, 3s));
        CHECK(title->GetValue() == "Budget 2024");
    }

    SECTION("a paste into the table: every row it filled goes in one step") {
        const int rows = table->row_count();
        REQUIRE(editor->focus_path("sign-offs/row[1]/name"));
        settle();
        put_on_clipboard("Rose Bennett\tChief Executive\t-\nAndrew Walster\tDirector\tStreetscene\n");
        person.Char('V', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return session.value("sign-offs/row[2]/name") == "Andrew Walster"; }, 3s));
        REQUIRE(table->row_count() == std::max(rows, 2));
        person.Char('Z', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return session.value("sign-offs/row[1]/name").empty(); }, 3s));
        CHECK(table->row_count() == rows);
        CHECK(table->shown_value(0, column_of(*table, "name")).empty());
        person.Char('Y', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return session.value("sign-offs/row[2]/name") == "Andrew Walster"; }, 3s));
        CHECK(session.value("sign-offs/row[1]/title") == "Chief Executive");
        CHECK(table->shown_value(1, column_of(*table, "name")) == "Andrew Walster");

        // From the Edit menu, with the table in focus.
        choose_from_edit_menu(person, 'U');
        REQUIRE(wait_until([&] { return session.value("sign-offs/row[1]/name").empty(); }, 3s));
        CHECK(table->row_count() == rows);
    }

    SECTION("a row import: every row read from the Word table goes in one step") {
        const int rows = table->row_count();
        const auto file =
            std::filesystem::path(FORMWORK_TEST_FORMS_DIR).parent_path() / "word-trails" / "youth-justice-plan-2023.txt";
        REQUIRE(std::filesystem::exists(file));
        REQUIRE(editor->focus_path("sign-offs"));
        settle();
        REQUIRE(table->import_file("word-trail", file.string()));
        const int imported = table->row_count();
        REQUIRE(imported > rows + 1);
        const std::string last_name = session.value("sign-offs/row[" + std::to_string(imported) + "]/name");
        REQUIRE_FALSE(last_name.empty());

        choose_from_edit_menu(person, 'U');
        REQUIRE(wait_until([&] { return table->row_count() == rows; }, 3s));
        CHECK(session.value("sign-offs/row[1]/name").empty());
        CHECK_FALSE(menu_enabled(*shell.frame, wxID_UNDO));
        person.Char('Z', wxMOD_CONTROL | wxMOD_SHIFT);
        REQUIRE(wait_until([&] { return table->row_count() == imported; }, 3s));
        CHECK(session.value("sign-offs/row[" + std::to_string(imported) + "]/name") == last_name);
    }
}

TEST_CASE("an undo after autosave is stored as the next revision; no revision is rewritten", "[editor][undo]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();
    const auto id = editor->record_id();
    wxUIActionSimulator person;
    REQUIRE(editor->focus_path("title"));
    settle();
    person.Text("Housing plan");
    // Autosave stores it (read back through a second connection).
    REQUIRE(wait_until([&] { return shell.stored_value(id, "title") == "Housing plan" && !editor->session().dirty(); }, 5s));
    const long saved = editor->session().record().meta.revision;

    person.Char('Z', wxMOD_CONTROL);
    REQUIRE(wait_until([&] { return editor->session().value("title").empty(); }, 3s));
    CHECK(editor->tab_label().EndsWith("*"));  // unsaved, like any edit
    REQUIRE(wait_until([&] { return shell.stored_value(id, "title").empty() && !editor->session().dirty(); }, 5s));
    CHECK(editor->session().record().meta.revision == saved + 1);

    // The audit log keeps both revisions: the typed title, then the undo as a change of its own.
    const auto entries = shell.history(id);
    REQUIRE(entries.size() >= 2);
    auto title_change = [](const forms::AuditEntry& entry) -> const forms::FieldChange* {
        for (const auto& change : entry.changes)
            if (change.path == "title") return &change;
        return nullptr;
    };
    const auto& undone = entries.back();
    CHECK(undone.revision == saved + 1);
    REQUIRE(title_change(undone) != nullptr);
    CHECK(title_change(undone)->old_value == "Housing plan");
    CHECK(title_change(undone)->new_value.empty());
    const auto& typed = entries[entries.size() - 2];
    CHECK(typed.revision == saved);
    REQUIRE(title_change(typed) != nullptr);
    CHECK(title_change(typed)->new_value == "Housing plan");

    // Redo after that autosave is the revision after it.
    person.Char('Y', wxMOD_CONTROL);
    REQUIRE(wait_until([&] { return shell.stored_value(id, "title") == "Housing plan" && !editor->session().dirty(); }, 5s));
    CHECK(editor->session().record().meta.revision == saved + 2);
}

TEST_CASE("Ctrl+Z with a cell's editor open takes the typing back, and closing the editor keeps it taken back",
          "[editor][undo]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    auto* table = editor->table_for("sign-offs");
    REQUIRE(table != nullptr);
    const std::string cell = "sign-offs/row[1]/name";
    REQUIRE(editor->focus_path(cell));
    settle();
    wxUIActionSimulator person;
    person.Char(WXK_RETURN);  // GTK's own editor of the cell
    settle();
    person.Text("Rose Bennett");
    REQUIRE(wait_until([&] { return editor->session().value(cell) == "Rose Bennett"; }, 3s));
    person.Char('Z', wxMOD_CONTROL);
    REQUIRE(wait_until([&] { return editor->session().value(cell).empty(); }, 3s));
    settle();
    CHECK(editor->session().value(cell).empty());
    CHECK(table->shown_value(0, column_of(*table, "name")).empty());
    INFO("redo steps " << editor->session().redo_steps() << ", undo steps " << editor->session().undo_steps());
    CHECK(editor->can_redo());
    person.Char('Y', wxMOD_CONTROL);
    REQUIRE(wait_until([&] { return editor->session().value(cell) == "Rose Bennett"; }, 3s));
    CHECK(table->shown_value(0, column_of(*table, "name")) == "Rose Bennett");
    person.Char('Z', wxMOD_CONTROL);
    REQUIRE(wait_until([&] { return editor->session().value(cell).empty(); }, 3s));
    // Typing into the cell again is a new step, which forgets the redo.
    REQUIRE(editor->focus_path(cell));
    settle();
    person.Char(WXK_RETURN);
    settle();
    person.Text("Andrew");
    REQUIRE(wait_until([&] { return editor->session().value(cell) == "Andrew"; }, 3s));
    person.Char(WXK_RETURN);
    settle();
    CHECK_FALSE(editor->can_redo());
    CHECK(editor->session().value(cell) == "Andrew");
}

TEST_CASE("Ctrl+Z in a date box that keeps its text until Enter takes back what was typed there", "[editor][undo]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("eia");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();
    const std::string path = "author/completion-date";
    auto* box = dynamic_cast<wxTextCtrl*>(editor->control_for(path));
    REQUIRE(box != nullptr);
    REQUIRE(editor->focus_path(path));
    settle();
    wxUIActionSimulator person;
    person.Text("15/01/2024");
    REQUIRE(wait_until([&] { return box->GetValue() == "15/01/2024"; }, 3s));
    // Typed, not yet sent (no Enter, still in the box): Ctrl+Z takes the typing back.
    person.Char('Z', wxMOD_CONTROL);
    settle();
    CHECK(box->GetValue().empty());
    CHECK(editor->session().value(path).empty());
    CHECK(editor->can_redo());
    // Leaving the box now does not bring the typing back.
    REQUIRE(editor->focus_path("title"));
    settle();
    CHECK(editor->session().value(path).empty());
    REQUIRE(editor->focus_path(path));
    settle();
    person.Char('Y', wxMOD_CONTROL);
    REQUIRE(wait_until([&] { return editor->session().value(path) == "2024-01-15"; }, 3s));
    CHECK(box->GetValue() == "15/01/2024");
}

TEST_CASE("a locked record has nothing to undo: the menu items are off and Ctrl+Z changes nothing", "[editor][undo]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    const auto id = shell.id_titled("eia", "Youth Justice");
    REQUIRE_FALSE(id.empty());
    auto* editor = shell.frame->open_record(id);
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();
    REQUIRE(editor->session().locked());
    CHECK_FALSE(menu_enabled(*shell.frame, wxID_UNDO));
    CHECK_FALSE(menu_enabled(*shell.frame, wxID_REDO));
    const std::string title = editor->session().value("title");
    REQUIRE(editor->focus_path("title"));
    settle();
    wxUIActionSimulator person;
    person.Char('Z', wxMOD_CONTROL);
    settle();
    CHECK(editor->session().value("title") == title);
    CHECK_FALSE(editor->session().dirty());
    CHECK_FALSE(editor->undo());
}
