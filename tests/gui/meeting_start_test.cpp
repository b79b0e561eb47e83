// A meeting recorded in the window as a clerk records it, for each of the seed's four bodies,
// through the generic hooks of SDK 1.8 (record_start.hpp) and the real attendance plugin: the
// body chosen in its drop-down fills the minutes' name and the members' grid from the roster,
// everyone expected; marking attendance gives the quorum the seed implies; a member is picked by
// name in a cell's picker, which fills the row's name and role; and Record › "Next meeting of
// this body" starts the next one. Values are read back from the session, never from the widgets
// alone.
#include "accessible_label.hpp"
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "screenshot_check.hpp"
#include "shell_fixture.hpp"
#include "table_editor.hpp"

#include <catch2/catch.hpp>

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/dataview.h>
#include <wx/listbox.h>
#include <wx/menu.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace forms = formwork::forms;
using formwork::test::settle;
using formwork::test::wait_until;
using formwork::ui::MainFrame;
using formwork::ui::RecordEditor;
using formwork::ui::TableEditor;
using namespace std::chrono_literals;

namespace {

using Shell = formwork::test::SampleShell;

constexpr const char* meeting_date = "2023-11-07";

// A body of the seed as its record holds it: who sits on it, who votes, and the quorum the
// seed's papers give (Cabinet and the committee: 3; the council a quarter, the board half, of
// their voting members, rounded up).
struct Body {
    std::string id;
    std::string name;
    std::vector<std::string> members;  // person ids, in the roster's order
    std::set<std::string> voting;
    long quorum = 0;
};

Body body_named(const Shell& shell, const std::string& name) {
    Body body;
    body.name = name;
    shell.store->scan({"attendance-body", {}, {}, {}}, [&](const forms::Record& record) {
        const auto instance = record.instance();
        if (name != instance.child("name").text().get()) return true;
        body.id = record.meta.id;
        for (auto row : instance.child("members").children("row")) {
            const std::string person = row.child("person-id").text().get();
            const std::string role = row.child("role").text().get();
            const std::string start = row.child("term-start").text().get();
            const std::string end = row.child("term-end").text().get();
            if ((!start.empty() && meeting_date < start) || (!end.empty() && meeting_date > end)) continue;
            body.members.push_back(person);
            if (role == "chair" || role == "deputy-chair" || role == "member") body.voting.insert(person);
        }
        return false;
    });
    REQUIRE_FALSE(body.id.empty());
    const long voting = static_cast<long>(body.voting.size());
    if (name == "Cabinet" || name == "Scrutiny Co-ordination Committee") body.quorum = 3;
    else if (name == "Coventry City Council") body.quorum = (voting + 3) / 4;
    else body.quorum = (voting + 1) / 2;
    return body;
}

int column_of(const TableEditor& table, const std::string& id) {
    for (std::size_t i = 0; i < table.columns().size(); ++i)
        if (table.columns()[i].field->id == id) return static_cast<int>(i);
    return -1;
}

// What a person does in the Body drop-down: chooses the body by its name.
void choose_body(RecordEditor& editor, const std::string& name) {
    auto* choice = dynamic_cast<wxChoice*>(editor.control_for("body"));
    REQUIRE(choice != nullptr);
    const int at = choice->FindString(wxString::FromUTF8(name), true);
    REQUIRE(at != wxNOT_FOUND);
    choice->SetSelection(at);
    wxCommandEvent chosen(wxEVT_CHOICE, choice->GetId());
    chosen.SetEventObject(choice);
    chosen.SetInt(at);
    choice->HandleWindowEvent(chosen);
    settle(5);
}

bool warns_not_quorate(RecordEditor& editor) {
    return editor.marked_message("attendance").Contains("not quorate");
}

}  // namespace

TEST_CASE("a meeting of each seed body starts from its roster when the body is chosen, and its quorum is the seed's",
          "[record-start]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    for (const std::string name : {"Cabinet", "Coventry City Council", "Scrutiny Co-ordination Committee", "CYJS Management Board"}) {
        INFO(name);
        const auto body = body_named(shell, name);
        REQUIRE(body.members.size() >= 9);
        REQUIRE(body.quorum >= 3);
        auto* editor = shell.frame->new_record("attendance-meeting");
        REQUIRE(editor != nullptr);
        editor->set_interactive(false);
        settle(5);
        CHECK(editor->assist().key_fields == std::vector<std::string>{"body"});

        auto* date = dynamic_cast<wxTextCtrl*>(editor->control_for("date"));
        REQUIRE(date != nullptr);
        date->SetValue("07/11/2023");
        REQUIRE(editor->session().value("date") == meeting_date);

        choose_body(*editor, name);
        CHECK(editor->session().value("body") == body.id);
        auto* minutes_name = dynamic_cast<wxTextCtrl*>(editor->control_for("body-name"));
        REQUIRE(minutes_name != nullptr);
        CHECK(minutes_name->GetValue().utf8_string() == name);
        CHECK(editor->session().value("body-name") == name);
        auto* table = editor->table_for("attendance");
        REQUIRE(table != nullptr);
        REQUIRE(table->row_count() == static_cast<int>(body.members.size()));
        const int attendance = column_of(*table, "attendance");
        const int person = column_of(*table, "person-id");
        REQUIRE(attendance >= 0);
        REQUIRE(person >= 0);
        for (int row = 0; row < table->row_count(); ++row) {
            INFO("row " << row + 1);
            CHECK(editor->session().value(table->cell_path(row, person)) == body.members[static_cast<std::size_t>(row)]);
            CHECK(editor->session().value(table->cell_path(row, attendance)) == "expected");
            CHECK(table->shown_value(row, attendance).StartsWith("Expected"));
        }
        // The plugin's words on what it filled: in the editor and the window's status bar.
        CHECK(editor->start_notes().Contains(wxString::FromUTF8(name)));
        CHECK(shell.frame->GetStatusBar()->GetStatusText(0) == editor->start_notes());
        CHECK_FALSE(warns_not_quorate(*editor));  // nothing marked yet

        if (name == "Cabinet") {
            // The choice and all it filled are one step: one undo takes both back.
            REQUIRE(editor->undo());
            CHECK(editor->session().value("body").empty());
            CHECK(editor->session().value("body-name").empty());
            CHECK(table->row_count() == 0);
            REQUIRE(editor->redo());
            CHECK(editor->session().value("body") == body.id);
            CHECK(table->row_count() == static_cast<int>(body.members.size()));
        }

        // One voting member short of the quorum, then the quorum: marked in the table's cells.
        std::vector<int> voters;
        for (int row = 0; row < table->row_count(); ++row)
            if (body.voting.count(editor->session().value(table->cell_path(row, person))) > 0) voters.push_back(row);
        REQUIRE(voters.size() >= static_cast<std::size_t>(body.quorum));
        for (long i = 0; i + 1 < body.quorum; ++i) table->cell_edited(voters[static_cast<std::size_t>(i)], attendance, "present");
        settle(3);
        CHECK(warns_not_quorate(*editor));
        CHECK(editor->marked_message("attendance").Contains(wxString::Format("needs %ld", body.quorum)));
        table->cell_edited(voters[static_cast<std::size_t>(body.quorum - 1)], attendance, "present");
        settle(3);
        CHECK_FALSE(warns_not_quorate(*editor));
        // A non-voting member present counts for nothing.
        if (name == "Cabinet") {
            table->cell_edited(voters[static_cast<std::size_t>(body.quorum - 1)], attendance, "apologies");
            for (int row = 0; row < table->row_count(); ++row)
                if (body.voting.count(editor->session().value(table->cell_path(row, person))) == 0) {
                    table->cell_edited(row, attendance, "present");
                    break;
                }
            settle(3);
            CHECK(warns_not_quorate(*editor));
            table->cell_edited(voters[static_cast<std::size_t>(body.quorum - 1)], attendance, "present");
            settle(3);
            CHECK_FALSE(warns_not_quorate(*editor));
            REQUIRE(editor->focus_path("body"));
            formwork::test::save_checked_screenshot(*shell.frame, "meeting-started-cabinet.png", 7, 8);
            editor->show_section(1);  // Members
            formwork::test::save_checked_screenshot(*shell.frame, "meeting-members-cabinet.png", 7, 8);
        }
        REQUIRE(editor->save_now());
    }
}

TEST_CASE("a member is picked by name in the person id's picker, which fills the row's name and role in one step",
          "[record-start]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    const auto body = body_named(shell, "Cabinet");
    auto* editor = shell.frame->new_record("attendance-meeting");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle(5);
    dynamic_cast<wxTextCtrl*>(editor->control_for("date"))->SetValue("07/11/2023");
    choose_body(*editor, "Cabinet");
    auto* table = editor->table_for("attendance");
    REQUIRE(table != nullptr);
    REQUIRE(table->row_count() == static_cast<int>(body.members.size()));
    const int person = column_of(*table, "person-id");
    REQUIRE(table->offers_choices(person));
    CHECK_FALSE(table->offers_choices(column_of(*table, "name")));

    // A new row, as the Add row button adds it.
    wxCommandEvent click(wxEVT_BUTTON, table->add_row_button()->GetId());
    click.SetEventObject(table->add_row_button());
    table->add_row_button()->HandleWindowEvent(click);
    settle(5);
    const int row = table->row_count() - 1;
    REQUIRE(row == static_cast<int>(body.members.size()));
    const std::string cell = table->cell_path(row, person);
    const std::string row_path = "attendance/row[" + std::to_string(row + 1) + "]";
    REQUIRE(editor->focus_path(cell));
    settle();

    SECTION("typed letters narrow the list; Down and Enter pick; one undo takes it all back") {
        wxUIActionSimulator keys;
        keys.Char(WXK_F2);
        REQUIRE(wait_until([&] { return table->picker_text() != nullptr && wxWindow::FindFocus() == table->picker_text(); }, 3s));
        auto* list = table->picker_list();
        REQUIRE(list != nullptr);
        CHECK(formwork::ui::accessible_name(table->picker_text()) == "Person id, row " + std::to_string(row + 1));
        CHECK(list->GetCount() == body.members.size());  // everyone, before anything is typed
        keys.Text("hether");
        REQUIRE(wait_until([&] { return list->GetCount() == 1; }, 3s));
        CHECK(list->GetString(0).StartsWith("Councillor P Hetherton"));
        CHECK(list->GetSelection() == wxNOT_FOUND);
        keys.Char(WXK_DOWN);
        REQUIRE(wait_until([&] { return list->GetSelection() == 0; }, 3s));
        formwork::test::save_checked_screenshot(*shell.frame, "meeting-member-picker.png", 7, 8);
        const auto steps = editor->session().undo_steps();
        keys.Char(WXK_RETURN);
        REQUIRE(wait_until([&] { return table->picker_text() == nullptr; }, 3s));
        CHECK(editor->session().value(cell) == "p-hetherton");
        CHECK(editor->session().value(row_path + "/name") == "Councillor P Hetherton");
        CHECK_FALSE(editor->session().value(row_path + "/role").empty());
        CHECK(editor->session().undo_steps() == steps + 1);
        REQUIRE(editor->undo());
        CHECK(editor->session().value(cell).empty());
        CHECK(editor->session().value(row_path + "/name").empty());
        CHECK(editor->session().value(row_path + "/role").empty());
    }
    SECTION("a guest's name typed, nothing highlighted, stays as typed; Escape leaves the cell as it was") {
        table->edit_cell(row, person);
        REQUIRE(wait_until([&] { return table->picker_text() != nullptr; }, 3s));
        table->picker_text()->ChangeValue("r-guest");
        wxCommandEvent typed(wxEVT_TEXT, table->picker_text()->GetId());
        typed.SetEventObject(table->picker_text());
        typed.SetString("r-guest");
        table->picker_text()->HandleWindowEvent(typed);
        CHECK(table->picker_list()->GetCount() == 0);
        table->finish_editing();  // as Enter, or leaving the cell
        CHECK(table->picker_text() == nullptr);
        CHECK(editor->session().value(cell) == "r-guest");
        CHECK(editor->session().value(row_path + "/name").empty());

        table->edit_cell(row, person);
        REQUIRE(wait_until([&] { return table->picker_text() != nullptr; }, 3s));
        table->picker_text()->SetValue("duggins");
        REQUIRE(table->picker_list()->GetCount() == 1);
        REQUIRE(wait_until([&] { return wxWindow::FindFocus() == table->picker_text(); }, 3s));
        wxUIActionSimulator().Char(WXK_ESCAPE);
        REQUIRE(wait_until([&] { return table->picker_text() == nullptr; }, 3s));
        CHECK(editor->session().value(cell) == "r-guest");
    }
}

TEST_CASE("Record > Next meeting of this body starts the next meeting in a tab of its own, with the same body and roster",
          "[record-start]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto* frame = shell.frame;
    const auto body = body_named(shell, "Scrutiny Co-ordination Committee");
    REQUIRE(frame->next_commands().size() == 1);
    CHECK(frame->next_commands()[0].label == "Next meeting of this body");
    auto* item = frame->GetMenuBar()->FindItem(MainFrame::id_next_first);
    REQUIRE(item != nullptr);
    CHECK(item->GetItemLabelText() == "Next meeting of this body");
    const std::string command = frame->next_commands()[0].id;
    CHECK_FALSE(frame->can_start_next(command));  // the record list is in front

    auto* eia = frame->new_record("eia");
    REQUIRE(eia != nullptr);
    CHECK_FALSE(frame->can_start_next(command));  // a form whose plugin offers none

    auto* last = frame->new_record("attendance-meeting");
    REQUIRE(last != nullptr);
    last->set_interactive(false);
    dynamic_cast<wxTextCtrl*>(last->control_for("date"))->SetValue("07/11/2023");
    choose_body(*last, body.name);
    REQUIRE(last->table_for("attendance")->row_count() == static_cast<int>(body.members.size()));
    REQUIRE(frame->can_start_next(command));

    // The menu item, chosen: the last meeting's changes are saved first, then read.
    wxCommandEvent chosen(wxEVT_MENU, MainFrame::id_next_first);
    chosen.SetEventObject(frame);
    frame->ProcessWindowEvent(chosen);
    settle(5);
    auto* next = frame->current_editor();
    REQUIRE(next != nullptr);
    REQUIRE(next != last);
    CHECK_FALSE(last->session().dirty());
    CHECK(next->session().value("body") == body.id);
    CHECK(next->session().value("body-name") == body.name);
    CHECK(next->session().value("date").empty());  // the clerk gives the new date
    auto* table = next->table_for("attendance");
    REQUIRE(table != nullptr);
    REQUIRE(table->row_count() == static_cast<int>(body.members.size()));
    const int person = column_of(*table, "person-id");
    const int attendance = column_of(*table, "attendance");
    for (int row = 0; row < table->row_count(); ++row) {
        CHECK(next->session().value(table->cell_path(row, person)) == body.members[static_cast<std::size_t>(row)]);
        CHECK(next->session().value(table->cell_path(row, attendance)) == "expected");
    }
    CHECK(frame->GetStatusBar()->GetStatusText(0).Contains(wxString::FromUTF8(body.name)));
    CHECK(frame->editors().size() == 3);
    // A new record, stored at once as any new record is.
    CHECK(shell.store->load(next->record_id()));
}

TEST_CASE("with no records to pick from, a picked column's cell is typed into as any text", "[record-start]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData empty("no-bodies.db");  // no body held: the plugin has no one to offer
    formwork::test::ShellWindow window(empty);
    window.frame->Raise();
    wxUIActionSimulator().MouseMove(window.frame->GetScreenRect().GetTopLeft() + wxPoint(600, 400));
    settle();
    auto* editor = window.frame->new_record("attendance-meeting");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    auto* table = editor->table_for("attendance");
    REQUIRE(table != nullptr);
    const int person = column_of(*table, "person-id");
    REQUIRE(table->offers_choices(person));
    wxCommandEvent click(wxEVT_BUTTON, table->add_row_button()->GetId());
    click.SetEventObject(table->add_row_button());
    table->add_row_button()->HandleWindowEvent(click);
    settle(5);
    REQUIRE(table->row_count() == 1);
    REQUIRE(editor->focus_path(table->cell_path(0, person)));
    settle();

    wxUIActionSimulator keys;
    keys.Char(WXK_F2);  // GTK's own editor in the cell, as for any text
    settle();
    CHECK(table->picker_text() == nullptr);
    keys.Text("visitor");
    REQUIRE(wait_until([&] { return editor->session().value(table->cell_path(0, person)) == "visitor"; }, 3s));
    keys.Char(WXK_RETURN);
    REQUIRE(wait_until([&] { return wxWindow::FindFocus() == table->view() || table->view()->IsDescendant(wxWindow::FindFocus()); }, 3s));
    settle();
    CHECK(editor->session().value(table->cell_path(0, person)) == "visitor");
    // The column is left to its picker again, for when there are records to pick from.
    wxDataViewColumn* shown = nullptr;
    for (unsigned i = 0; i < table->view()->GetColumnCount(); ++i)
        if (static_cast<int>(table->view()->GetColumn(i)->GetModelColumn()) == person + 1) shown = table->view()->GetColumn(i);
    REQUIRE(shown != nullptr);
    CHECK(shown->GetRenderer()->GetMode() == wxDATAVIEW_CELL_INERT);
}
