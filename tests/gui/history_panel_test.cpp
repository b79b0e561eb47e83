// The History panel (docs/app.md, "History"), in a real window under Xvfb over a real SQLite
// file: a motion is made, filled in, two of its fields changed, marked complete and exported
// to a workbook, and the panel, opened from Record > History, lists each entry as it happens:
// who, when and what in words, and each change by the field's label (never its path), with
// its values as the person sees them (a choice's label), long ones shortened with the whole
// value below. A screenshot of the panel is left as history-panel.png.
//
// Comparing and restoring revisions, with real clicks on the panel's rows and buttons and the
// questions answered as a person answers them (dialog_answerer.hpp): two revisions compared
// give each field that differs by its label with both values; restoring one gives its values
// back in the database and in the open tab, with an audit entry naming the revision; on a
// locked record it asks for the reason to reopen it (cancelled, or with none, nothing
// changes); a withdrawn record and a save in between are refused in words. The compare
// dialog is left as history-compare.png.
#include "dialog_answerer.hpp"
#include "gui_session.hpp"
#include "history_panel.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "revision_compare_dialog.hpp"
#include "screenshot_check.hpp"
#include "shell_fixture.hpp"

#include <formwork/store/audit_log.hpp>
#include <formwork/store/revisions.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <wx/button.h>
#include <wx/menu.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>
#include <wx/uiaction.h>

#include <gtk/gtk.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace forms = formwork::forms;
namespace ui = formwork::ui;
using formwork::test::settle;

namespace {

// The panel's rows as "what | before | after", the headings as "# what".
std::vector<std::string> described(const ui::HistoryPanel& panel) {
    std::vector<std::string> lines;
    for (const auto& row : panel.rows())
        lines.push_back(row.kind == ui::HistoryRow::Kind::entry
                            ? "# " + row.what.utf8_string()
                            : row.what.utf8_string() + " | " + row.before.utf8_string() + " | " + row.after.utf8_string());
    return lines;
}

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::string all_of(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

void set(ui::RecordEditor& editor, const std::string& path, const std::string& value) {
    INFO(path);
    REQUIRE_FALSE(editor.session().set_value(path, value));
}

}  // namespace

TEST_CASE("the History panel lists the record's entries by field label, its status moves and its export") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data("history.db");
    formwork::test::ShellWindow window(data, "Officer Ada");
    auto* frame = window.frame;
    frame->SetSize(wxSize(1250, 800));
    frame->Raise();
    settle();

    // Record > History, as the menu sends it.
    auto* bar = frame->GetMenuBar();
    const int item = bar->FindMenuItem("Record", "History");
    REQUIRE(item != wxNOT_FOUND);
    CHECK(bar->FindItem(item)->GetItemLabel().Contains("Ctrl+H"));
    REQUIRE_FALSE(frame->history_shown());
    REQUIRE(frame->ProcessCommand(item));
    settle();
    REQUIRE(frame->history_shown());
    auto* panel = frame->history_panel();
    REQUIRE(panel->IsShownOnScreen());
    CHECK(panel->record_id().empty());  // the list in front, nothing chosen

    auto* editor = frame->new_record("motion");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();
    const std::string id = editor->record_id();
    // It follows the record in front.
    REQUIRE(panel->record_id() == id);
    REQUIRE(panel->rows().size() >= 1);
    CHECK(panel->rows().front().what == "Created");
    CHECK(panel->rows().front().who == "Officer Ada");

    const std::string motion_text =
        "This Council notes the proposed closure of ticket offices at Coventry's train stations and calls on the "
        "operator to keep them open, staffed and accessible to every passenger.";
    set(*editor, "moved-by/name", "Councillor J Blundell");
    set(*editor, "seconded-by/name", "Councillor R Simpson");
    set(*editor, "motion-text", motion_text);
    set(*editor, "meeting/date", "2023-10-17");
    REQUIRE_FALSE(editor->session().add_row("amendments"));
    set(*editor, "amendments/row[1]/moved-by", "Councillor Lloyd");
    set(*editor, "amendments/row[1]/amendment-text", "Delete the word \"notes\" and insert \"regrets\".");
    set(*editor, "amendments/row[1]/dealt-with", "carried");
    editor->refresh_from_session();
    REQUIRE(editor->save_now());
    settle();
    // Read again after the save, with nobody asking.
    CHECK(panel->latest_revision() == editor->session().record().meta.revision);

    // Two fields changed.
    set(*editor, "title", "Closure of Ticket Offices at Coventry's Train Stations");
    set(*editor, "outcome", "adopted");
    editor->refresh_from_session();
    REQUIRE(editor->save_now());
    settle();
    CHECK(panel->latest_revision() == editor->session().record().meta.revision);
    CHECK(panel->rows().front().what == "Changed 2 fields");

    REQUIRE(editor->change_status("complete"));
    settle();
    CHECK(panel->rows().front().what == "Status moved from Draft to Complete");

    const auto out = data.folder.make_subfolder("out") / "motion.xlsx";
    ui::ExportRequest request;
    request.format = "xlsx";
    request.scope = ui::ExportScope::this_record;
    request.record_ids = {id};
    request.output = out;
    const auto outcome = frame->run_export(request, nullptr);
    INFO(outcome.message.utf8_string());
    REQUIRE(outcome.kind == ui::ExportOutcome::Kind::written);
    settle();

    const auto lines = described(*panel);
    INFO(all_of(lines));
    // Newest first: the export, the status move, the change of two fields, the filling in, the creation.
    std::vector<std::string> headings;
    for (const auto& line : lines)
        if (line.rfind("# ", 0) == 0) headings.push_back(line);
    REQUIRE(headings.size() == 5);
    CHECK(headings[0] == "# Exported in a workbook, 1 record");
    CHECK(headings[1] == "# Status moved from Draft to Complete");
    CHECK(headings[2] == "# Changed 2 fields");
    CHECK(headings[3] == "# Changed 7 fields");
    CHECK(headings[4] == "# Created");
    CHECK(has_line(lines, "File |  | " + out.string()));
    CHECK(has_line(lines, "Title |  | Closure of Ticket Offices at Coventry's Train Stations"));
    CHECK(has_line(lines, "Outcome |  | Adopted"));  // the choice's label, not its code
    CHECK(has_line(lines, "Moved by (name) |  | Councillor J Blundell"));
    CHECK(has_line(lines, "Amendments, row 1, Moved by |  | Councillor Lloyd"));
    CHECK(has_line(lines, "Amendments, row 1, How it was dealt with |  | Carried"));
    CHECK(has_line(lines, "Meeting, Date |  | 17/10/2023"));
    CHECK(has_line(lines, "Text of the motion |  | " + motion_text));
    // No row is named by a path.
    for (const auto& row : panel->rows()) {
        INFO(row.what.utf8_string());
        CHECK_FALSE(row.what.Contains("/"));
    }
    // The status move's own paths are said in its heading, not listed under it.
    CHECK_FALSE(has_line(lines, "Status | draft | complete"));

    // The list shortens the long value; the details below give it whole.
    std::size_t text_row = panel->rows().size();
    for (std::size_t row = 0; row < panel->rows().size(); ++row)
        if (panel->rows()[row].what == "Text of the motion") text_row = row;
    REQUIRE(text_row < panel->rows().size());
    const wxString shown = panel->text_at(text_row, ui::HistoryPanel::column_after);
    CHECK(shown.length() == ui::HistoryPanel::shown_length);
    CHECK(shown.EndsWith(wxString(L"\u2026")));
    CHECK(panel->text_at(text_row, ui::HistoryPanel::column_what).Strip(wxString::leading) == "Text of the motion");
    REQUIRE(panel->select_row(text_row));
    CHECK(panel->details()->GetValue().Contains(wxString::FromUTF8(motion_text)));
    const auto entry = panel->selected_entry();
    REQUIRE(entry);
    CHECK(entry->action == "update");

    // The export's row chosen: its file and digest in full.
    REQUIRE(panel->select_row(0));
    CHECK(panel->details()->GetValue().Contains(wxString::FromUTF8(out.string())));
    CHECK(panel->details()->GetValue().Contains("SHA-256"));

    // Pictured with the long value chosen: shortened in the list, whole beside it.
    REQUIRE(panel->select_row(text_row));
    formwork::test::save_checked_screenshot(*frame, "history-panel.png", 4, 20);
    formwork::test::save_checked_screenshot(*panel, "history-panel-alone.png", 3, 10);

    // The tab closed, the list in front: the panel follows the record chosen there, if any.
    REQUIRE(frame->close_editor(editor));
    settle();
    CHECK(panel->record_id() == frame->record_list()->selected_record_id());
    // Hidden again from the menu.
    REQUIRE(frame->ProcessCommand(item));
    settle();
    CHECK_FALSE(frame->history_shown());
}

TEST_CASE("Ctrl+H shows and hides the History panel") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::SampleShell shell;
    REQUIRE_FALSE(shell.frame->history_shown());
    wxUIActionSimulator person;
    person.Char('h', wxMOD_CONTROL);
    CHECK(formwork::test::wait_until([&] { return shell.frame->history_shown(); }, std::chrono::seconds(5)));
    person.Char('h', wxMOD_CONTROL);
    CHECK(formwork::test::wait_until([&] { return !shell.frame->history_shown(); }, std::chrono::seconds(5)));
}

TEST_CASE("a field's path in the words of its form") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data("labels.db");
    const auto motion = data.registry.latest("motion");
    REQUIRE(motion);
    CHECK(ui::field_label(*motion, "title") == "Title");
    CHECK(ui::field_label(*motion, "amendments/row[2]/moved-by") == "Amendments, row 2, Moved by");
    CHECK(ui::field_label(*motion, "seconded-by/role") == "Seconded by (role)");
    CHECK(ui::field_label(*motion, "meeting/date") == "Meeting, Date");
    CHECK(ui::field_label(*motion, "meta/status") == "Status");
    // A field the form no longer has: its path as it is, after what the form does know.
    CHECK(ui::field_label(*motion, "meeting/room") == "Meeting, room");
    CHECK(ui::field_label(*motion, "gone") == "gone");
    const auto eia = data.registry.latest("eia");
    REQUIRE(eia);
    CHECK(ui::field_label(*eia, "impacts/row[@key='disability']/nature") ==
          "2.2 Protected characteristics, Disability, Nature of impact and any mitigations required");
    CHECK(ui::field_label(*eia, "actions/row[3]/lead") == "2.1 Actions, row 3, Lead");

    CHECK(ui::shortened("one\ntwo", 20) == "one two");
    CHECK(ui::shortened(wxString('x', 30), 10) == wxString('x', 9) + wxString(L"\u2026"));
}

TEST_CASE("the History panel says in words what reopening, importing and erasing did") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data("words.db");
    const auto motion = data.registry.latest("motion");
    REQUIRE(motion);
    std::vector<forms::AuditEntry> entries(5);
    entries[0].sequence = 1;
    entries[0].action = "import";
    entries[0].at = "2024-01-02T10:00:00Z";
    entries[0].by = "clerk";
    entries[0].changes = {{"title", "", "Imported title"}};
    entries[1].sequence = 2;
    entries[1].action = "reopen";
    entries[1].changes = {{"meta/status", "complete", "draft"}, {"meta/reopen-reason", "", "Minutes corrected"}};
    entries[2].sequence = 3;
    entries[2].action = "update";
    entries[2].changes = {{"title", "", ""}};
    entries[2].tombstone = forms::tombstone_text({3, "digest", 9, "2024-03-01T09:00:00Z", "records-manager", "SAR-17"});
    entries[3].sequence = 4;
    entries[3].action = "withdraw";
    entries[3].changes = {{"meta/withdraw-reason", "", "Duplicate"}};
    entries[4].sequence = 5;
    entries[4].action = "archive";  // an action added after this panel: named as it is
    entries[4].changes = {{"meta/box", "", "Box 12"}};
    const auto rows = ui::describe_history(motion.get(), entries);
    std::vector<wxString> headings;
    for (const auto& row : rows)
        if (row.kind == ui::HistoryRow::Kind::entry) headings.push_back(row.what);
    REQUIRE(headings.size() == 5);
    CHECK(headings[0] == "Archive");
    CHECK(headings[1] == "Withdrawn, because: Duplicate");
    CHECK(headings[2].StartsWith("Changed 1 field; its values erased on "));
    CHECK(headings[2].EndsWith("by records-manager, because: SAR-17"));
    CHECK(headings[3] == "Reopened (from Complete to Draft), because: Minutes corrected");
    CHECK(headings[4] == "Imported from a file, 1 field");
    bool box_listed = false, reason_listed = false, erased_listed = false;
    for (const auto& row : rows) {
        if (row.what == "Box" && row.after == "Box 12") box_listed = true;
        if (row.what == "Withdraw reason") reason_listed = true;
        if (row.sequence == 3 && row.kind == ui::HistoryRow::Kind::change && row.after == "(erased)") erased_listed = true;
    }
    CHECK(box_listed);
    CHECK_FALSE(reason_listed);  // said in the heading
    CHECK(erased_listed);
}

namespace {

using Answerer = formwork::test::DialogAnswerer;
using formwork::test::wait_until;
using namespace std::chrono_literals;

const std::string first_title = "Ticket offices";
const std::string second_title = "Closure of Ticket Offices at Coventry's Train Stations";
const std::string long_text =
    "This Council notes the proposed closure of ticket offices at Coventry's train stations and calls on the operator "
    "to keep them open, staffed and accessible to every passenger, and asks the Leader to write to the Secretary of "
    "State to say so.";

// A motion in its tab, made in three revisions: 1 created; 2 filled in (title "Ticket
// offices", outcome Referred, a short text); 3 its title, outcome and text changed. Its
// History panel shown.
struct ThreeRevisions {
    explicit ThreeRevisions(formwork::test::ShellData& data) : window(data, "Officer Ada") {
        frame = window.frame;
        frame->SetSize(wxSize(1250, 900));
        frame->Raise();
        wxUIActionSimulator().MouseMove(frame->GetScreenRect().GetTopLeft() + wxPoint(600, 300));
        frame->show_history(true);
        settle();
        panel = frame->history_panel();
        editor = frame->new_record("motion");
        REQUIRE(editor != nullptr);
        editor->set_interactive(false);
        id = editor->record_id();
        set(*editor, "title", first_title);
        set(*editor, "moved-by/name", "Councillor J Blundell");
        set(*editor, "seconded-by/name", "Councillor R Simpson");
        set(*editor, "motion-text", "Keep the ticket offices open.");
        set(*editor, "meeting/date", "2023-10-17");
        set(*editor, "outcome", "referred");
        editor->refresh_from_session();
        REQUIRE(editor->save_now());
        set(*editor, "title", second_title);
        set(*editor, "outcome", "adopted");
        set(*editor, "motion-text", long_text);
        editor->refresh_from_session();
        REQUIRE(editor->save_now());
        settle();
        REQUIRE(editor->session().record().meta.revision == 3);
        REQUIRE(panel->record_id() == id);
        REQUIRE(panel->latest_revision() == 3);
        // The panel tall enough to show every row, as a person would make it.
        frame->content_splitter()->SetSashPosition(250);
        settle();
    }
    formwork::test::ShellWindow window;
    ui::MainFrame* frame = nullptr;
    ui::HistoryPanel* panel = nullptr;
    ui::RecordEditor* editor = nullptr;
    std::string id;
};

// A real click on a row of the panel's list; with `add`, Ctrl is held (the row is added to
// those chosen).
void click_row(ui::HistoryPanel& panel, std::size_t row, bool add = false) {
    auto* list = panel.list();
    const auto item = list->RowToItem(static_cast<int>(row));
    list->EnsureVisible(item);
    settle(5);
    const wxRect cell = list->GetItemRect(item, list->GetColumn(ui::HistoryPanel::column_what));
    wxUIActionSimulator person;
    person.MouseMove(list->ClientToScreen(wxPoint(cell.GetLeft() + 30, cell.GetTop() + cell.GetHeight() / 2)));
    settle(5);
    if (add) person.KeyDown(WXK_CONTROL);
    person.MouseClick();
    if (add) person.KeyUp(WXK_CONTROL);
    settle(10);
}

void click(wxWindow& button) {
    wxUIActionSimulator person;
    person.MouseMove(button.GetScreenRect().GetPosition() + button.GetSize() / 2);
    settle(5);
    person.MouseClick();
}

std::string stored_value(formwork::test::ShellData& data, const std::string& id, const std::string& path) {
    auto second = forms::open_sqlite_store({data.database()});
    const auto record = second->load(id);
    REQUIRE(record);
    return record->instance().select_node(path.c_str()).node().text().as_string();
}

std::string stored_status(formwork::test::ShellData& data, const std::string& id) {
    const auto record = forms::open_sqlite_store({data.database()})->load(id);
    REQUIRE(record);
    return record->meta.status;
}

const forms::FieldChange* change_named(const forms::AuditEntry& entry, const std::string& path) {
    for (const auto& change : entry.changes)
        if (change.path == path) return &change;
    return nullptr;
}

std::vector<std::string> compared(const std::vector<ui::CompareRow>& rows) {
    std::vector<std::string> lines;
    for (const auto& row : rows)
        lines.push_back(std::string(row.differs ? "* " : "  ") + row.field.utf8_string() + " | " +
                        row.in_a.utf8_string() + " | " + row.in_b.utf8_string());
    return lines;
}

// The compare dialog, once shown and drawn.
ui::RevisionCompareDialog* compare_dialog() {
    auto* dialog = dynamic_cast<ui::RevisionCompareDialog*>(Answerer::shown_dialog(ui::RevisionCompareDialog::window_name));
    return dialog != nullptr && dialog->IsModal() ? dialog : nullptr;
}

// The reopen question, once shown: `reason` typed and OK pressed, or Cancel when `cancel`.
Answerer::Step answer_reopen(const std::string& reason, bool cancel, std::string& shown) {
    return [reason, cancel, &shown] {
        auto* dialog = dynamic_cast<wxTextEntryDialog*>(Answerer::shown_dialog(ui::HistoryPanel::reopen_to_restore_name));
        if (dialog == nullptr || !dialog->IsModal()) return false;
        shown.clear();
        for (auto* child : dialog->GetChildren())
            if (auto* text = dynamic_cast<wxStaticText*>(child)) shown += text->GetLabelText().utf8_string() + "\n";
        dialog->SetValue(wxString::FromUTF8(reason));
        auto* button = dialog->FindWindow(cancel ? wxID_CANCEL : wxID_OK);
        if (button == nullptr) return false;
        Answerer::press_later(*button);
        return true;
    };
}

}  // namespace

TEST_CASE("the History panel says in words what a copy and a restored revision are") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data("copy-words.db");
    const auto motion = data.registry.latest("motion");
    REQUIRE(motion);
    std::vector<forms::AuditEntry> entries(3);
    entries[0].sequence = 1;
    entries[0].revision = 1;
    entries[0].action = "duplicate";
    entries[0].changes = {{"meta/duplicated-from", "", "source-id"}, {"title", "", "Ticket offices"}};
    entries[1].sequence = 2;
    entries[1].revision = 2;
    entries[1].action = "duplicate";
    entries[1].changes = {{"meta/duplicated-from", "", "gone-id"}};
    entries[2].sequence = 3;
    entries[2].revision = 3;
    entries[2].action = "restore-revision";
    entries[2].changes = {{"meta/restored-revision", "", "1"}, {"title", "Closure", "Ticket offices"}};
    const auto name_of = [](const std::string& id) { return id == "source-id" ? wxString("Ticket offices") : wxString(); };
    const auto rows = ui::describe_history(motion.get(), entries, name_of);
    std::vector<wxString> headings;
    for (const auto& row : rows)
        if (row.kind == ui::HistoryRow::Kind::entry) headings.push_back(row.what);
    REQUIRE(headings.size() == 3);
    CHECK(headings[0] == "Revision 1 restored");
    CHECK(headings[1] == "Created as a copy of record gone-id");  // a source erased since: by its id
    CHECK(headings[2] == "Created as a copy of \"Ticket offices\"");
    bool restored_row = false, title_row = false;
    for (const auto& row : rows) {
        if (row.what == "Restored revision") restored_row = true;  // said in the heading
        if (row.sequence == 3 && row.what == "Title" && row.before == "Closure" && row.after == "Ticket offices") title_row = true;
    }
    CHECK_FALSE(restored_row);
    CHECK(title_row);

    // Compare lists each revision once, by the entry that made it; exports are none.
    const auto choices = ui::revision_choices(rows);
    REQUIRE(choices.size() == 3);
    CHECK(choices[0].revision == 1);
    CHECK(choices[2].label.StartsWith("Revision 3: "));
    CHECK(choices[2].label.EndsWith("Revision 1 restored"));
}

TEST_CASE("compare_rows gives the fields that differ by label, in the form's order, the status first") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data("compare-rows.db");
    const auto motion = data.registry.latest("motion");
    REQUIRE(motion);
    forms::RevisionContent a, b;
    a.revision = 2;
    a.status = "draft";
    a.values = {{"title", "Ticket offices"},
                {"outcome", "referred"},
                {"meeting/date", "2023-10-17"},
                {"amendments/row[2]/moved-by", "Cllr B"},
                {"amendments/row[10]/moved-by", "Cllr J"},
                {"motion-text", "Same"}};
    b = a;
    b.revision = 5;
    b.status = "complete";
    b.values["title"] = second_title;
    b.values["outcome"] = "adopted";
    b.values["amendments/row[2]/moved-by"] = "Cllr C";
    b.values["amendments/row[10]/moved-by"] = "Cllr K";
    b.values["meeting/date"] = "2023-10-18";
    const auto lines = compared(ui::compare_rows(*motion, a, b, false));
    INFO(all_of(lines));
    REQUIRE(lines.size() == 6);
    CHECK(lines[0] == "* Status | Draft | Complete");
    CHECK(lines[1] == "* Title | Ticket offices | " + second_title);
    CHECK(lines[2] == "* Amendments, row 2, Moved by | Cllr B | Cllr C");  // row 2 before row 10
    CHECK(lines[3] == "* Amendments, row 10, Moved by | Cllr J | Cllr K");
    CHECK(lines[4] == "* Outcome | Referred | Adopted");  // choices by their labels
    CHECK(lines[5] == "* Meeting, Date | 17/10/2023 | 18/10/2023");
    const auto every = compared(ui::compare_rows(*motion, a, b, true));
    INFO(all_of(every));
    CHECK(every.size() == 7);
    CHECK(has_line(every, "  Text of the motion | Same | Same"));
    CHECK(ui::compare_rows(*motion, a, a, false).empty());
}

TEST_CASE("Compare shows two revisions chosen in the History panel side by side") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data("compare.db");
    ThreeRevisions record(data);
    auto& panel = *record.panel;

    // Revisions 2 and 3 chosen with the mouse: a click on one's heading, Ctrl+click on the other's.
    const auto row_2 = panel.row_of_revision(2);
    const auto row_3 = panel.row_of_revision(3);
    REQUIRE(row_2 < panel.rows().size());
    REQUIRE(row_3 < panel.rows().size());
    click_row(panel, row_3);
    click_row(panel, row_2, true);
    REQUIRE(panel.selected_entries().size() == 2);
    CHECK_FALSE(panel.selected_entry());  // two entries: nothing single to restore
    CHECK_FALSE(panel.restore_button()->IsEnabled());
    REQUIRE(panel.compare_button()->IsEnabled());
    const auto pair = panel.revisions_to_compare();
    REQUIRE(pair);
    CHECK(pair->first == 2);
    CHECK(pair->second == 3);

    std::vector<std::string> differing, with_all, against_first;
    wxString summary;
    long shown_a = 0, shown_b = 0;
    wxString details;
    {
        Answerer answerer;
        answerer.then([&] {
            auto* dialog = compare_dialog();
            if (dialog == nullptr) return false;
            shown_a = dialog->revision_a();
            shown_b = dialog->revision_b();
            differing = compared(dialog->rows());
            summary = dialog->summary();
            for (std::size_t row = 0; row < dialog->rows().size(); ++row)
                if (dialog->rows()[row].field == "Text of the motion") dialog->select_row(row);
            details = dialog->details()->GetValue();
            dialog->show_all(true);
            with_all = compared(dialog->rows());
            dialog->show_all(false);
            dialog->show_revisions(1, 3);  // any two: as the choices above the list do
            against_first = compared(dialog->rows());
            Answerer::press_later(*dialog->FindWindow(wxID_CLOSE));
            return true;
        });
        click(*panel.compare_button());
        REQUIRE(wait_until([&] { return answerer.done(); }, 10s));
        REQUIRE(wait_until([] { return Answerer::shown_dialog(ui::RevisionCompareDialog::window_name) == nullptr; }, 5s));
    }
    CHECK(shown_a == 2);
    CHECK(shown_b == 3);
    INFO(all_of(differing));
    REQUIRE(differing.size() == 3);
    CHECK(differing[0] == "* Title | " + first_title + " | " + second_title);
    CHECK(differing[1] == "* Text of the motion | Keep the ticket offices open. | " + long_text);
    CHECK(differing[2] == "* Outcome | Referred | Adopted");
    CHECK(summary == "3 fields differ between revision 2 and revision 3.");
    // The long value in full below the list.
    CHECK(details.Contains(wxString::FromUTF8(long_text)));
    INFO(all_of(with_all));
    CHECK(has_line(with_all, "  Moved by (name) | Councillor J Blundell | Councillor J Blundell"));
    CHECK(has_line(with_all, "  Status | Draft | Draft"));
    INFO(all_of(against_first));
    CHECK(has_line(against_first, "* Title |  | " + second_title));
    CHECK(has_line(against_first, "* Meeting, Date |  | 17/10/2023"));

    // One entry chosen: it against the latest.
    click_row(panel, panel.row_of_revision(1));
    REQUIRE(panel.revisions_to_compare());
    CHECK(panel.revisions_to_compare()->first == 1);
    CHECK(panel.revisions_to_compare()->second == 3);

    // Pictured: revisions 2 and 3, the long text chosen.
    auto* dialog = new ui::RevisionCompareDialog(record.frame, data.store.operator*(), data.registry.latest("motion"),
                                                 record.id, "Closure of Ticket Offices",
                                                 ui::revision_choices(panel.rows()), 2, 3);
    dialog->Show();
    settle();
    dialog->select_row(1);
    formwork::test::save_checked_screenshot(*dialog, "history-compare.png", 3, 10);
    dialog->show_all(true);
    formwork::test::save_checked_screenshot(*dialog, "history-compare-all.png", 3, 10);
    dialog->Destroy();
    settle();
}

TEST_CASE("Restore this revision brings an earlier revision back, in the database and in the open tab") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data("restore.db");
    ThreeRevisions record(data);
    auto& panel = *record.panel;
    auto& editor = *record.editor;
    // Typed and not saved yet: saved first, as a revision of its own.
    set(editor, "minute", "C/23/41");
    editor.refresh_from_session();
    REQUIRE(editor.session().dirty());

    click_row(panel, panel.row_of_revision(2));
    const auto entry = panel.selected_entry();
    REQUIRE(entry);
    CHECK(entry->revision == 2);
    REQUIRE(panel.restore_button()->IsEnabled());

    std::string cancelled_text;
    {
        Answerer answerer;
        answerer.then(Answerer::answer_message_box(GTK_RESPONSE_NO, cancelled_text));
        click(*panel.restore_button());
        REQUIRE(wait_until([&] { return answerer.done(); }, 10s));
        settle();
    }
    CHECK(cancelled_text.find("Restore revision 2") != std::string::npos);
    CHECK(cancelled_text.find("Nothing is lost") != std::string::npos);
    CHECK(cancelled_text.find("saved first") != std::string::npos);
    CHECK(stored_value(data, record.id, "title") == second_title);  // cancelled: nothing changed
    for (const auto& earlier : data.store->history(record.id)) CHECK(earlier.action != "restore-revision");

    std::string question;
    {
        Answerer answerer;
        answerer.then([&] {
            auto* box = Answerer::shown_message_box();
            if (box == nullptr) return false;
            // Typed while the question is asked (autosave may have saved the first): the
            // restore starts the moment it is answered, with this not saved yet.
            editor.session().set_value("minute", "C/23/42");
            editor.refresh_from_session();
            question = Answerer::text_of(box);
            gtk_dialog_response(GTK_DIALOG(box), GTK_RESPONSE_YES);
            return true;
        });
        click(*panel.restore_button());
        REQUIRE(wait_until([&] { return answerer.done(); }, 10s));
        REQUIRE(wait_until([&] { return stored_value(data, record.id, "title") == first_title; }, 5s));
        settle();
    }
    // In the database: revision 2's values, the unsaved minute number saved first (a revision
    // of its own) and then taken back with the rest (revision 2 had none).
    CHECK(stored_value(data, record.id, "outcome") == "referred");
    CHECK(stored_value(data, record.id, "motion-text") == "Keep the ticket offices open.");
    CHECK(stored_value(data, record.id, "minute").empty());
    const auto history = data.store->history(record.id);
    REQUIRE(history.size() >= 5);
    const auto& saved_first = history[history.size() - 2];
    CHECK(saved_first.action == "update");
    const auto* minute = change_named(saved_first, "minute");
    REQUIRE(minute != nullptr);
    CHECK(minute->new_value == "C/23/42");
    const auto& restore = history.back();
    CHECK(restore.action == "restore-revision");
    CHECK(restore.by == "Officer Ada");
    CHECK(restore.revision == saved_first.revision + 1);
    REQUIRE_FALSE(restore.changes.empty());
    CHECK(restore.changes.front().path == "meta/restored-revision");
    CHECK(restore.changes.front().new_value == "2");
    const auto* title = change_named(restore, "title");
    REQUIRE(title != nullptr);
    CHECK(title->old_value == second_title);
    CHECK(title->new_value == first_title);

    // In the tab: the restored record, nothing unsaved.
    CHECK(editor.session().record().meta.revision == restore.revision);
    CHECK_FALSE(editor.session().dirty());
    CHECK(editor.session().value("title") == first_title);
    auto* title_box = dynamic_cast<wxTextCtrl*>(editor.control_for("title"));
    REQUIRE(title_box != nullptr);
    CHECK(title_box->GetValue().utf8_string() == first_title);
    // In the panel: the restore in words, newest.
    REQUIRE_FALSE(panel.rows().empty());
    CHECK(panel.rows().front().what == "Revision 2 restored");
    CHECK(panel.action_note()->GetLabelText() == wxString::Format("Revision 2 restored as revision %ld.", restore.revision));
    CHECK(panel.latest_revision() == restore.revision);

    // The revision the record holds already: nothing is saved, and the note says so.
    const auto again = panel.restore(restore.revision);
    CHECK(again.kind == ui::HistoryPanel::RestoreOutcome::Kind::unchanged);
    CHECK(panel.action_note()->GetLabelText().EndsWith("nothing was saved."));
    CHECK(data.store->history(record.id).size() == history.size());
}

TEST_CASE("restoring a revision of a locked record asks for the reason to reopen it") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data("restore-locked.db");
    ThreeRevisions record(data);
    auto& panel = *record.panel;
    auto& editor = *record.editor;
    REQUIRE(editor.change_status("complete"));
    settle();
    REQUIRE(stored_status(data, record.id) == "complete");
    const std::size_t before = data.store->history(record.id).size();

    // Cancelled, and then with no reason: nothing changes.
    std::string shown, refusal;
    click_row(panel, panel.row_of_revision(2));
    {
        Answerer answerer;
        answerer.then(answer_reopen("Minutes corrected", true, shown));
        click(*panel.restore_button());
        REQUIRE(wait_until([&] { return answerer.done(); }, 10s));
        settle();
    }
    CHECK(shown.find("locked") != std::string::npos);
    CHECK(shown.find("Why is it reopened?") != std::string::npos);
    CHECK(panel.action_note()->GetLabelText() == "Nothing was restored.");
    {
        Answerer answerer;
        answerer.then(answer_reopen("   ", false, shown));
        answerer.then(Answerer::answer_message_box(GTK_RESPONSE_OK, refusal));
        click(*panel.restore_button());
        REQUIRE(wait_until([&] { return answerer.done(); }, 10s));
        settle();
    }
    CHECK(refusal.find("none was given") != std::string::npos);
    CHECK(data.store->history(record.id).size() == before);
    CHECK(stored_status(data, record.id) == "complete");
    CHECK(stored_value(data, record.id, "title") == second_title);

    // With a reason: reopened, then restored.
    click_row(panel, panel.row_of_revision(2));
    {
        Answerer answerer;
        answerer.then(answer_reopen("Minutes corrected at the next meeting", false, shown));
        click(*panel.restore_button());
        REQUIRE(wait_until([&] { return answerer.done(); }, 10s));
        REQUIRE(wait_until([&] { return stored_value(data, record.id, "title") == first_title; }, 5s));
        settle();
    }
    const auto history = data.store->history(record.id);
    REQUIRE(history.size() == before + 2);
    const auto& reopen = history[before];
    CHECK(reopen.action == "reopen");
    const auto* reason = change_named(reopen, "meta/reopen-reason");
    REQUIRE(reason != nullptr);
    CHECK(reason->new_value == "Minutes corrected at the next meeting");
    const auto& restore = history[before + 1];
    CHECK(restore.action == "restore-revision");
    REQUIRE_FALSE(restore.changes.empty());
    CHECK(restore.changes.front().path == "meta/restored-revision");
    CHECK(restore.changes.front().new_value == "2");
    CHECK(stored_status(data, record.id) == "draft");
    CHECK(stored_value(data, record.id, "outcome") == "referred");
    // The tab shows it, open to changes again.
    CHECK_FALSE(editor.session().locked());
    CHECK(editor.session().value("title") == first_title);
    CHECK(panel.rows().front().what == "Revision 2 restored");
    CHECK(panel.action_note()->GetLabelText().StartsWith("Revision 2 restored as revision "));
}

TEST_CASE("restoring a revision of a withdrawn record, or one saved meanwhile, is refused in words") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data("restore-refused.db");
    ThreeRevisions record(data);
    auto& panel = *record.panel;

    SECTION("a save in between") {
        click_row(panel, panel.row_of_revision(1));
        std::string question, refusal;
        {
            Answerer answerer;
            answerer.then([&] {
                auto* box = Answerer::shown_message_box();
                if (box == nullptr) return false;
                // A colleague saves the record while the question is asked.
                auto second = forms::open_sqlite_store({data.database()});
                auto stored = second->load(record.id);
                const auto form = data.registry.latest("motion");
                stored->instance().select_node("title").node().text().set("Their title");
                second->update(*form, *stored, stored->meta.revision, "Officer Bo");
                question = Answerer::text_of(box);
                gtk_dialog_response(GTK_DIALOG(box), GTK_RESPONSE_YES);
                return true;
            });
            answerer.then(Answerer::answer_message_box(GTK_RESPONSE_OK, refusal));
            click(*panel.restore_button());
            REQUIRE(wait_until([&] { return answerer.done(); }, 10s));
            settle();
        }
        CHECK(refusal.find("saved elsewhere") != std::string::npos);
        CHECK(refusal.find("Nothing was restored") != std::string::npos);
        CHECK(stored_value(data, record.id, "title") == "Their title");
        const auto history = data.store->history(record.id);
        CHECK(history.back().action == "update");
        CHECK(history.back().by == "Officer Bo");
    }
    SECTION("a withdrawn record") {
        data.store->withdraw(record.id, "Officer Bo", "Made twice");
        click_row(panel, panel.row_of_revision(2));
        std::string refusal;
        {
            Answerer answerer;
            answerer.then(Answerer::answer_message_box(GTK_RESPONSE_OK, refusal));
            click(*panel.restore_button());
            REQUIRE(wait_until([&] { return answerer.done(); }, 10s));
            settle();
        }
        CHECK(refusal.find("withdrawn") != std::string::npos);
        CHECK(refusal.find("Nothing was restored") != std::string::npos);
        CHECK(stored_value(data, record.id, "title") == second_title);
        CHECK(data.store->history(record.id).back().action == "withdraw");
    }
}
