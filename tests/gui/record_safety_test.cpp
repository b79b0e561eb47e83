// Nothing typed is lost and nothing locked changes, in a real window under Xvfb:
// - text typed into a table cell, with its editor still open, reaches the database by every
//   way out of the cell (read back through a second connection);
// - a complete record's editor is read-only until Reopen, which asks for a reason that the
//   audit log keeps.
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "record_list_panel.hpp"
#include "record_editor.hpp"
#include "shell_fixture.hpp"
#include "table_editor.hpp"
#include "window_screenshot.hpp"
#include "field_controls.hpp"
#include "problems_panel.hpp"

#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <wx/dataview.h>
#include <wx/image.h>
#include <wx/imagpng.h>
#include <wx/tooltip.h>
#include <wx/notebook.h>
#include <wx/print.h>
#include <wx/splitter.h>
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
using namespace std::chrono_literals;

namespace {

using Shell = formwork::test::SampleShell;

// A new approval trail with "typed" in its first sign-off's name, typed into GTK's own cell
// editor, which is left open: no Enter, no Tab.
formwork::ui::RecordEditor* type_into_open_cell(Shell& shell, const std::string& typed) {
    auto* editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    REQUIRE(editor->focus_path("sign-offs/row[1]/name"));
    settle();
    wxUIActionSimulator person;
    person.Char(WXK_RETURN);
    settle();
    person.Text(typed.c_str());
    REQUIRE(wait_until([&] { return editor->session().value("sign-offs/row[1]/name") == typed; }, 3s));
    return editor;
}

}  // namespace

TEST_CASE("text typed into a cell, its editor still open, reaches the database by every way out", "[editor]") {
    REQUIRE(formwork::test::wx_started());
    const std::string cell = "sign-offs/row[1]/name";

    SECTION("autosave's tick") {
        Shell shell;
        auto* editor = type_into_open_cell(shell, "Rose Bennett");
        const auto id = editor->record_id();
        REQUIRE(wait_until([&] { return shell.stored_value(id, cell) == "Rose Bennett"; }, 5s));
    }
    SECTION("another section") {
        Shell shell;
        auto* editor = type_into_open_cell(shell, "Andrew Walster");
        const auto id = editor->record_id();
        editor->show_section(0);
        settle();
        REQUIRE(editor->save_now());
        CHECK(shell.stored_value(id, cell) == "Andrew Walster");
    }
    SECTION("closing the tab (Ctrl+W)") {
        Shell shell;
        auto* editor = type_into_open_cell(shell, "Barry Hastie");
        const auto id = editor->record_id();
        REQUIRE(shell.frame->close_editor(editor));
        settle();
        CHECK(shell.stored_value(id, cell) == "Barry Hastie");
    }
    SECTION("the print preview") {
        Shell shell;
        auto* editor = type_into_open_cell(shell, "Julie Newman");
        const auto id = editor->record_id();
        REQUIRE(shell.frame->record_for_printing());
        CHECK(shell.stored_value(id, cell) == "Julie Newman");
    }
    SECTION("Mark complete, refused for the errors left") {
        Shell shell;
        auto* editor = type_into_open_cell(shell, "Kirston Nelson");
        const auto id = editor->record_id();
        CHECK_FALSE(editor->change_status("complete"));
        CHECK(shell.stored_value(id, cell) == "Kirston Nelson");
    }
    SECTION("closing the window, as quitting does") {
        Shell shell;
        auto* editor = type_into_open_cell(shell, "Gurj Lall");
        const auto id = editor->record_id();
        shell.frame->Close();
        settle();
        // The window is gone (it was closed as a person closes it, and destroyed at idle).
        shell.window.frame = nullptr;
        CHECK(shell.stored_value(id, cell) == "Gurj Lall");
    }
}

TEST_CASE("a complete record's editor is read-only until Reopen, which asks for a reason the audit log keeps", "[editor]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    const auto id = shell.id_titled("eia", "Youth Justice");
    REQUIRE_FALSE(id.empty());
    auto* editor = shell.frame->open_record(id);
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();
    REQUIRE(editor->session().record().meta.status == "complete");
    CHECK(editor->session().locked());
    const std::string title = editor->session().value("title");

    // The title can be read and selected but not typed into; the engine refuses it too.
    auto* text = dynamic_cast<wxTextCtrl*>(editor->control_for("title"));
    REQUIRE(text != nullptr);
    CHECK_FALSE(text->IsEditable());
    text->SetFocus();
    settle();
    wxUIActionSimulator person;
    person.Text("xyz");
    settle();
    CHECK(editor->session().value("title") == title);
    CHECK(editor->session().set_value("title", "Changed"));
    // A table's cells are not edited either; trying says why.
    auto* table = editor->table_for("impacts");
    REQUIRE(table != nullptr);
    CHECK(table->locked());
    table->edit_cell(0, 1);
    CHECK(table->refusal().Contains("locked"));
    CHECK_FALSE(table->paste_text("N\tChanged\n"));
    CHECK_FALSE(editor->session().dirty());

    // Reopen without a reason is refused, saying so; with one, the record is a draft again.
    CHECK_FALSE(editor->reopen("  "));
    REQUIRE_FALSE(editor->status_refusal().empty());
    CHECK_THAT(editor->status_refusal().front().message, Catch::Matchers::Contains("reason"));
    CHECK(editor->session().locked());
    REQUIRE(editor->reopen("The plan's dates were corrected by the board"));
    settle();
    CHECK_FALSE(editor->session().locked());
    CHECK(editor->session().record().meta.status == "draft");
    CHECK(text->IsEditable());
    CHECK_FALSE(table->locked());
    const auto history = shell.history(id);
    REQUIRE_FALSE(history.empty());
    CHECK(history.back().action == "reopen");
    bool reason_kept = false;
    for (const auto& change : history.back().changes)
        reason_kept = reason_kept || change.new_value == "The plan's dates were corrected by the board";
    CHECK(reason_kept);

    // Now it takes typing, and saves it.
    REQUIRE_FALSE(editor->session().set_value("title", title + " (corrected)"));
    REQUIRE(editor->save_now());
    CHECK(shell.stored_value(id, "title") == title + " (corrected)");
}

TEST_CASE("Reopen is refused, saying why, where the lifecycle has no way back", "[editor]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    const auto id = shell.id_titled("eia", "Youth Justice");
    auto* editor = shell.frame->open_record(id);
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    REQUIRE(editor->change_status("submitted"));
    CHECK(editor->session().locked());
    CHECK_FALSE(editor->session().can_reopen());
    CHECK_FALSE(editor->reopen("A reason"));
    REQUIRE_FALSE(editor->status_refusal().empty());
    CHECK_THAT(editor->status_refusal().front().message, Catch::Matchers::Contains("no way back"));
    CHECK_FALSE(editor->ask_to_reopen());
}

TEST_CASE("a record opens with its first field focused, and closing its tab brings Records to the front", "[editor]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* notebook = shell.frame->notebook();
    const auto id = shell.id_titled("eia", "Youth Justice");
    auto* editor = shell.frame->open_record(id);
    REQUIRE(editor != nullptr);
    settle();
    // The keyboard is in the form at once (Ctrl+P, Ctrl+S and typing need no Tab first).
    const auto paths = editor->visible_paths();
    REQUIRE_FALSE(paths.empty());
    auto* first = editor->control_for(paths.front());
    REQUIRE(first != nullptr);
    CHECK(wait_until([&] { return wxWindow::FindFocus() == first; }, 3s));

    // Ctrl+W: the tab goes, and the record list is in front, not the tab beside it.
    REQUIRE(shell.frame->close_editor(editor));
    settle();
    const int selected = notebook->GetSelection();
    REQUIRE(selected != wxNOT_FOUND);
    CHECK(notebook->GetPage(static_cast<std::size_t>(selected)) == static_cast<wxWindow*>(shell.frame->record_list()));
}

TEST_CASE("a long text's tint and tooltip go when its problem does", "[editor]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("eia");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    REQUIRE(editor->focus_path("baseline"));
    editor->validate_now();
    settle();
    auto* text = dynamic_cast<wxTextCtrl*>(editor->control_for("baseline"));
    REQUIRE(text != nullptr);
    REQUIRE_FALSE(editor->marked_message("baseline").empty());
    const wxColour pink = formwork::ui::mark_background(formwork::ui::Mark::error);
    // The colour drawn in the box's corner, where no text is.
    auto corner = [&] {
        text->Refresh();
        text->Update();
        settle(30);
        const auto shot = std::filesystem::temp_directory_path() / "formwork-long-text-tint.png";
        wxString error;
        REQUIRE(formwork::ui::save_window_screenshot(*text, shot.string(), error));
        if (wxImage::FindHandler(wxBITMAP_TYPE_PNG) == nullptr) wxImage::AddHandler(new wxPNGHandler);
        wxImage image;
        REQUIRE(image.LoadFile(shot.string(), wxBITMAP_TYPE_PNG));
        std::filesystem::remove(shot);
        const int x = image.GetWidth() - 12;
        const int y = image.GetHeight() - 12;
        return wxColour(image.GetRed(x, y), image.GetGreen(x, y), image.GetBlue(x, y));
    };
    CHECK(corner() == pink);

    text->SetFocus();
    settle();
    wxUIActionSimulator person;
    person.Text("Census 2021 and the service's own caseload figures");
    REQUIRE(wait_until([&] { return editor->marked_message("baseline").empty(); }, 5s));
    settle();
    CHECK(corner() != pink);
    CHECK(text->GetToolTip() == nullptr);
}

TEST_CASE("Ctrl+P straight after a record is opened from the list, by the keyboard, shows its print preview", "[editor]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* list = shell.frame->record_list();
    REQUIRE(list->row_count() > 0);
    const auto preview_open = [] {
        for (auto* window : wxTopLevelWindows)
            if (dynamic_cast<wxPreviewFrame*>(window) != nullptr && window->IsShown()) return true;
        return false;
    };
    REQUIRE_FALSE(preview_open());
    REQUIRE(list->select_row(0));
    list->view()->SetFocus();
    settle();
    wxUIActionSimulator person;
    person.Char(WXK_RETURN);  // opens the selected record in a tab
    REQUIRE(wait_until([&] { return shell.frame->current_editor() != nullptr; }, 3s));
    settle();
    person.Char('p', wxMOD_CONTROL);  // no Tab or click first
    CHECK(wait_until(preview_open, 5s));
    for (auto* window : wxTopLevelWindows)
        if (dynamic_cast<wxPreviewFrame*>(window) != nullptr) window->Close(true);
    settle();
}

TEST_CASE("the problems panel has a sash: dragged up, the list of problems grows and the form gives way", "[editor]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* editor = shell.frame->new_record("eia");  // a new record: a long list of problems
    REQUIRE(editor != nullptr);
    settle();
    wxWindow* problems = editor->problems();
    auto* split = dynamic_cast<wxSplitterWindow*>(problems->GetParent());
    REQUIRE(split != nullptr);
    REQUIRE(split->IsSplit());
    const int before = problems->GetSize().GetHeight();

    // The sash is the gap between the form and the problems: pressed there and dragged 150
    // pixels up, as a person drags it.
    const wxRect form = split->GetWindow1()->GetScreenRect();
    const wxPoint sash(form.GetLeft() + form.GetWidth() / 2, form.GetBottom() + split->GetSashSize() / 2 + 1);
    wxUIActionSimulator person;
    person.MouseMove(sash);
    settle();
    person.MouseDown();
    settle();
    for (int step = 1; step <= 10; ++step) {
        person.MouseMove(sash - wxPoint(0, 15 * step));
        settle(2);
    }
    person.MouseUp();
    settle();
    CHECK(problems->GetSize().GetHeight() >= before + 100);
    wxString error;
    CHECK(formwork::ui::save_window_screenshot(*shell.frame, (std::filesystem::path(FORMWORK_SCREENSHOT_DIR) / "problems-sash-dragged.png").string(), error));
}
