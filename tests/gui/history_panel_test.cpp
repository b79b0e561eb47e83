// The History panel (docs/app.md, "History"), in a real window under Xvfb over a real SQLite
// file: a motion is made, filled in, two of its fields changed, marked complete and exported
// to a workbook, and the panel, opened from Record > History, lists each entry as it happens:
// who, when and what in words, and each change by the field's label (never its path), with
// its values as the person sees them (a choice's label), long ones shortened with the whole
// value below. A screenshot of the panel is left as history-panel.png.
#include "gui_session.hpp"
#include "history_panel.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "screenshot_check.hpp"
#include "shell_fixture.hpp"

#include <formwork/store/audit_log.hpp>

#include <catch2/catch.hpp>

#include <wx/menu.h>
#include <wx/uiaction.h>

#include <algorithm>
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
