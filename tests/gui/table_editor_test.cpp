// The editor's tables in a real window under Xvfb: what the accessibility layer (ATK, which
// AT-SPI and Orca read) gives for each cell of the seed EIA's protected characteristics, and
// a table worked with the keyboard alone, as wxUIActionSimulator types: arrows, Tab, F2 and
// Enter to edit, Alt+Enter for a new line, Escape to take an edit back. Values are read back
// from the session and from the database, never from the widgets alone.
#include "accessible_cells.hpp"
#include "accessible_label.hpp"
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "shell_fixture.hpp"
#include "table_editor.hpp"
#include "window_screenshot.hpp"

#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <wx/button.h>
#include <wx/clipbrd.h>
#include <wx/dataobj.h>
#include <wx/dataview.h>
#include <wx/listbox.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace forms = formwork::forms;
using formwork::test::settle;
using formwork::test::wait_until;
using formwork::ui::TableEditor;
using namespace std::chrono_literals;

namespace {

// The plugins, every shipped sample in a store, and the main window.
using Shell = formwork::test::SampleShell;

void save_screenshot(wxWindow& window, const std::string& name) {
    const std::filesystem::path shot = std::filesystem::path(FORMWORK_SCREENSHOT_DIR) / name;
    std::filesystem::create_directories(shot.parent_path());
    window.Refresh();
    window.Update();
    settle(50);
    wxString error;
    CHECK(formwork::ui::save_window_screenshot(window, shot.string(), error));
    INFO(error.utf8_string());
}

std::string label_of(const forms::FormDefinition& form, const std::string& list, const std::string& code) {
    if (const auto* choices = form.list(list))
        if (const auto* option = choices->find(code)) return option->label;
    return code;
}

int column_of(const TableEditor& table, const std::string& id) {
    for (std::size_t i = 0; i < table.columns().size(); ++i)
        if (table.columns()[i].field->id == id) return static_cast<int>(i);
    return -1;
}

std::string cell_name(const TableEditor& table, int row, int column) {
    return formwork::ui::accessible_cell_name(table.view(), static_cast<unsigned>(row), static_cast<unsigned>(column) + 1);
}

}  // namespace

TEST_CASE("a screen reader reads the seed EIA's protected characteristics cell by cell, by heading and row", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    const auto id = shell.id_titled("eia", "Youth Justice");
    REQUIRE_FALSE(id.empty());
    auto* editor = shell.frame->open_record(id);
    REQUIRE(editor != nullptr);
    auto* table = editor->table_for("impacts");
    REQUIRE(table != nullptr);
    REQUIRE(editor->focus_path("impacts/row[@key='age-0-18']/impact"));
    settle();
    save_screenshot(*shell.frame, "table-eia-impacts.png");

    const auto& form = editor->session().form();
    const auto& node = table->node();
    REQUIRE(table->row_count() == static_cast<int>(node.fixed_rows.size()));
    REQUIRE(table->row_count() == 11);
    const int impact = column_of(*table, "impact");
    const int nature = column_of(*table, "nature");
    REQUIRE(impact >= 0);
    REQUIRE(nature >= 0);
    // The table is named by its label; the first column holds the row labels.
    CHECK(formwork::ui::accessible_name(table->view()) == "2.2 Protected characteristics");
    int impacts_read = 0;
    for (int row = 0; row < table->row_count(); ++row) {
        const auto& fixed = node.fixed_rows[static_cast<std::size_t>(row)];
        INFO("row " << fixed.label);
        CHECK(formwork::ui::accessible_cell_name(table->view(), static_cast<unsigned>(row), 0) == fixed.label);
        const std::string code =
            editor->session().value("impacts/row[@key='" + fixed.code + "']/impact");
        const std::string shown = code.empty() ? "blank" : label_of(form, "impact-type", code);
        CHECK(cell_name(*table, row, impact) ==
              "Impact type P, N, PN, NI or ID, required, " + fixed.label + ": " + shown);
        if (!code.empty()) ++impacts_read;
        // A long text reads whole, whatever the cell shows of it.
        const std::string text = editor->session().value("impacts/row[@key='" + fixed.code + "']/nature");
        CHECK(cell_name(*table, row, nature) ==
              "Nature of impact and any mitigations required, " + fixed.label + ": " + (text.empty() ? "blank" : text));
    }
    // The seed gives an impact type for every characteristic.
    CHECK(impacts_read == 11);
}

TEST_CASE("a table worked with the keyboard alone: arrows, Tab, F2 and Enter, Alt+Enter, Escape", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("eia");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    auto* table = editor->table_for("impacts");
    REQUIRE(table != nullptr);
    const int impact = column_of(*table, "impact");
    const int nature = column_of(*table, "nature");
    REQUIRE(editor->focus_path("impacts/row[@key='age-0-18']/nature"));
    settle();
    wxUIActionSimulator person;
    auto cursor_is = [&](int row, int column) {
        const bool there = wait_until([&] { return table->cursor() == std::pair{row, column}; }, 3s);
        if (!there) UNSCOPED_INFO("the cursor is at " << table->cursor().first << ", " << table->cursor().second);
        return there;
    };
    REQUIRE(cursor_is(0, nature));
    const std::string cell = "impacts/row[@key='age-19-64']/nature";

    // Down moves to the next characteristic; F2 opens the cell's editor; what is typed is in
    // the session at once; Enter ends the edit and keeps it.
    person.Char(WXK_DOWN);
    REQUIRE(cursor_is(1, nature));
    person.Char(WXK_F2);
    REQUIRE(wait_until([] { return dynamic_cast<wxTextCtrl*>(wxWindow::FindFocus()) != nullptr; }, 3s));
    person.Text("Fewer places");
    REQUIRE(wait_until([&] { return editor->session().value(cell) == "Fewer places"; }, 3s));
    // Alt+Enter starts a new line in a long text; Enter ends the edit.
    person.Char(WXK_RETURN, wxMOD_ALT);
    person.Text("for older people");
    person.Char(WXK_RETURN);
    REQUIRE(wait_until([&] { return wxWindow::FindFocus() == table->view() || table->view()->IsDescendant(wxWindow::FindFocus()); }, 3s));
    settle();
    CHECK(editor->session().value(cell) == "Fewer places\nfor older people");
    CHECK(cell_name(*table, 1, nature) ==
          "Nature of impact and any mitigations required, Age 19-64: Fewer places\nfor older people");

    // Escape takes an edit back, keys and all.
    person.Char(WXK_RETURN);
    REQUIRE(wait_until([] { return dynamic_cast<wxTextCtrl*>(wxWindow::FindFocus()) != nullptr; }, 3s));
    person.Text(" and more");
    REQUIRE(wait_until([&] { return editor->session().value(cell) == "Fewer places\nfor older people and more"; }, 3s));
    person.Char(WXK_ESCAPE);
    REQUIRE(wait_until([&] { return editor->session().value(cell) == "Fewer places\nfor older people"; }, 3s));

    // Tab goes on to the next row's first cell that can be typed into; Shift+Tab comes back.
    settle();
    REQUIRE(cursor_is(1, nature));
    person.Char(WXK_TAB);
    REQUIRE(cursor_is(2, impact));
    person.Char(WXK_TAB, wxMOD_SHIFT);
    REQUIRE(cursor_is(1, nature));

    // A cell's problem is its description: an impact type is required.
    editor->validate_now();
    settle();
    CHECK_FALSE(formwork::ui::accessible_cell_description(table->view(), 1, static_cast<unsigned>(impact) + 1).empty());
    save_screenshot(*shell.frame, "table-eia-typed.png");

    // Autosave stores it; another connection reads it.
    REQUIRE(wait_until([&] { return !editor->session().dirty(); }, 5s));
    CHECK(shell.stored_value(editor->record_id(), cell) == "Fewer places\nfor older people");
}

TEST_CASE("a text cell is typed into key by key, and Tab from the last cell leaves the table", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    auto* table = editor->table_for("sign-offs");
    REQUIRE(table != nullptr);
    REQUIRE(table->row_count() >= 1);
    const int name = column_of(*table, "name");
    REQUIRE(editor->focus_path("sign-offs/row[1]/name"));
    settle();
    wxUIActionSimulator person;
    REQUIRE(wait_until([&] { return table->cursor() == std::pair{0, name}; }, 3s));
    // Enter opens GTK's own editor of the cell; each key reaches the session before Enter.
    person.Char(WXK_RETURN);
    settle();
    person.Text("Andrew Walster");
    REQUIRE(wait_until([&] { return editor->session().value("sign-offs/row[1]/name") == "Andrew Walster"; }, 3s));
    person.Char(WXK_RETURN);
    settle();
    CHECK(editor->session().value("sign-offs/row[1]/name") == "Andrew Walster");
    CHECK(cell_name(*table, 0, name) == "Contributor/approver name, required, row 1: Andrew Walster");

    // Tab from the last cell of the last row leaves the table for the next control.
    const int last = static_cast<int>(table->columns().size()) - 1;
    REQUIRE(editor->focus_path(table->cell_path(table->row_count() - 1, last)));
    settle();
    person.Char(WXK_TAB);
    REQUIRE(wait_until([&] { return wxWindow::FindFocus() != table->view(); }, 3s));
}

TEST_CASE("pasting a block and importing a Word sign-off table fill a table through the session", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    auto* table = editor->table_for("sign-offs");
    REQUIRE(table != nullptr);
    REQUIRE(editor->focus_path("sign-offs/row[1]/name"));
    settle();

    REQUIRE(table->paste_text("Rose Bennett\tChief Executive\t-\nAndrew Walster\tDirector\tStreetscene\n"));
    settle();
    CHECK(table->refusal().empty());
    REQUIRE(table->row_count() >= 2);
    CHECK(editor->session().value("sign-offs/row[2]/name") == "Andrew Walster");
    CHECK(cell_name(*table, 1, column_of(*table, "title")) == "Title, row 2: Director");

    // A refused paste says why, and changes nothing.
    const auto rows = table->row_count();
    CHECK_FALSE(table->paste_text(std::string(40, '\t') + "x\n"));
    CHECK_FALSE(table->refusal().empty());
    CHECK(table->row_count() == rows);

    // The plugin's reading of a Word sign-off table lands in the first empty rows.
    const auto file = std::filesystem::path(FORMWORK_TEST_FORMS_DIR).parent_path() / "word-trails" / "youth-justice-plan-2023.txt";
    REQUIRE(std::filesystem::exists(file));
    const bool imported = table->import_file("word-trail", file.string());
    INFO(table->refusal().utf8_string());
    CHECK(imported);
    CHECK(table->row_count() > rows);
    CHECK(editor->session().value("sign-offs/row[3]/name").size() > 0);
    save_screenshot(*shell.frame, "table-approval-sign-offs.png");
}

TEST_CASE("a choice is chosen from its list with the keyboard, and a yes-or-no flips with Space", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    auto* table = editor->table_for("sign-offs");
    REQUIRE(table != nullptr);
    const int role = column_of(*table, "role");
    const int inferred = column_of(*table, "role-inferred");
    REQUIRE(role >= 0);
    REQUIRE(inferred >= 0);
    const auto& form = editor->session().form();
    const auto* roles = form.list(table->columns()[static_cast<std::size_t>(role)].field->choice_list);
    REQUIRE(roles != nullptr);
    REQUIRE(roles->options.size() >= 2);
    wxUIActionSimulator person;

    // F2 opens the list of the choices over the cell, read as the cell it edits; Down moves
    // through it, and each move is the cell's value at once; Enter keeps it.
    REQUIRE(editor->focus_path("sign-offs/row[1]/role"));
    settle();
    person.Char(WXK_F2);
    REQUIRE(wait_until([] { return dynamic_cast<wxListBox*>(wxWindow::FindFocus()) != nullptr; }, 3s));
    auto* list = dynamic_cast<wxListBox*>(wxWindow::FindFocus());
    CHECK(formwork::ui::accessible_name(list) == "Role, required, row 1");
    person.Char(WXK_DOWN);
    person.Char(WXK_DOWN);
    REQUIRE(wait_until([&] { return !editor->session().value("sign-offs/row[1]/role").empty(); }, 3s));
    const std::string chosen = editor->session().value("sign-offs/row[1]/role");
    person.Char(WXK_RETURN);
    REQUIRE(wait_until([&] { return wxWindow::FindFocus() == table->view(); }, 3s));
    CHECK(editor->session().value("sign-offs/row[1]/role") == chosen);
    CHECK(cell_name(*table, 0, role) == "Role, required, row 1: " + label_of(form, roles->id, chosen));

    // Escape in the list puts the value from before back.
    person.Char(WXK_F2);
    REQUIRE(wait_until([] { return dynamic_cast<wxListBox*>(wxWindow::FindFocus()) != nullptr; }, 3s));
    person.Char(WXK_DOWN);
    REQUIRE(wait_until([&] { return editor->session().value("sign-offs/row[1]/role") != chosen; }, 3s));
    person.Char(WXK_ESCAPE);
    REQUIRE(wait_until([&] { return editor->session().value("sign-offs/row[1]/role") == chosen; }, 3s));

    // Space on a yes-or-no flips it.
    settle();
    REQUIRE(editor->focus_path("sign-offs/row[1]/role-inferred"));
    settle();
    person.Char(WXK_SPACE);
    REQUIRE(wait_until([&] { return editor->session().value("sign-offs/row[1]/role-inferred") == "true"; }, 3s));
    CHECK(cell_name(*table, 0, inferred) == "Role inferred from the title, row 1: Yes");
    person.Char(WXK_SPACE);
    REQUIRE(wait_until([&] { return editor->session().value("sign-offs/row[1]/role-inferred") == "false"; }, 3s));
    save_screenshot(*shell.frame, "table-approval-role.png");
}

TEST_CASE("cells pasted into an open cell editor go in as a block, not into that one cell", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    wxUIActionSimulator person;
    auto put_on_clipboard = [](const std::string& text) {
        REQUIRE(wxTheClipboard->Open());
        wxTheClipboard->SetData(new wxTextDataObject(wxString::FromUTF8(text)));
        wxTheClipboard->Close();
    };

    SECTION("GTK's own editor of a text cell") {
        auto* editor = shell.frame->new_record("approval-trail");
        REQUIRE(editor != nullptr);
        editor->set_interactive(false);
        auto* table = editor->table_for("sign-offs");
        REQUIRE(table != nullptr);
        REQUIRE(editor->focus_path("sign-offs/row[1]/name"));
        settle();
        person.Char(WXK_RETURN);
        settle();
        put_on_clipboard("Rose Bennett\tChief Executive\t-\nAndrew Walster\tDirector\tStreetscene\n");
        person.Char('V', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return editor->session().value("sign-offs/row[2]/name") == "Andrew Walster"; }, 3s));
        CHECK(editor->session().value("sign-offs/row[1]/name") == "Rose Bennett");
        CHECK(editor->session().value("sign-offs/row[1]/title") == "Chief Executive");
        CHECK(editor->session().value("sign-offs/row[2]/service-area") == "Streetscene");
        CHECK(table->refusal().empty());
    }
    SECTION("the box that edits a long text") {
        auto* editor = shell.frame->new_record("eia");
        REQUIRE(editor != nullptr);
        editor->set_interactive(false);
        auto* table = editor->table_for("actions");
        REQUIRE(table != nullptr);
        if (table->row_count() == 0) {  // a new EIA's actions start empty
            REQUIRE_FALSE(editor->session().add_row("actions"));
            editor->refresh_from_session();
        }
        REQUIRE(editor->focus_path("actions/row[1]/action"));
        settle();
        INFO("cursor " << table->cursor().first << "," << table->cursor().second << " focus "
                       << (wxWindow::FindFocus() ? wxString(wxWindow::FindFocus()->GetClassInfo()->GetClassName()).utf8_string()
                                                 : std::string("none")));
        person.Char(WXK_F2);
        REQUIRE(wait_until([] { return dynamic_cast<wxTextCtrl*>(wxWindow::FindFocus()) != nullptr; }, 3s));
        put_on_clipboard("Review the offer\tHead of Service\nTrain the panel\tPanel chair\n");
        person.Char('V', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return editor->session().value("actions/row[2]/action") == "Train the panel"; }, 3s));
        CHECK(editor->session().value("actions/row[1]/action") == "Review the offer");
        CHECK(editor->session().value("actions/row[1]/lead") == "Head of Service");
        CHECK(editor->session().value("actions/row[2]/lead") == "Panel chair");
    }
}

TEST_CASE("after Add row the table has the focus, on the new row, so Ctrl+V pastes there at once", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    auto* table = editor->table_for("sign-offs");
    REQUIRE(table != nullptr);
    const int rows = table->row_count();
    REQUIRE(editor->focus_path("sign-offs"));
    settle();
    // Add row, pressed from the keyboard on the button.
    auto* add = table->add_row_button();
    REQUIRE(add != nullptr);
    add->SetFocus();
    settle();
    wxUIActionSimulator person;
    person.Char(WXK_SPACE);
    REQUIRE(wait_until([&] { return table->row_count() == rows + 1; }, 3s));
    CHECK(wait_until([&] { return wxWindow::FindFocus() == table->view(); }, 3s));
    CHECK(table->cursor().first == rows);
    REQUIRE(wxTheClipboard->Open());
    wxTheClipboard->SetData(new wxTextDataObject("Julie Newman\tChief Legal Officer\tLegal Services\n"));
    wxTheClipboard->Close();
    person.Char('V', wxMOD_CONTROL);
    REQUIRE(wait_until([&] {
        return editor->session().value("sign-offs/row[" + std::to_string(rows + 1) + "]/name") == "Julie Newman";
    }, 3s));
}
