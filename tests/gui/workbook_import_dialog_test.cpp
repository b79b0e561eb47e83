// File › Import workbook… in a real window (Xvfb under CTest), over every shipped sample in a
// real SQLite store. The motions are exported sheet per table through the engine, as File ›
// Export… writes them; cells are changed with openpyxl (tests/exporters/edit_workbook.py), as an
// officer would in Excel; the workbook is read as the window reads it (MainFrame::plan_workbook,
// under its progress dialog) and its preview is shown. The list names each record and the
// chosen one's changes cell by cell; a screenshot is left in the build tree
// (workbook-import-dialog.png); Import saves through MainFrame::apply_workbook_plan, and the
// store has the new revision. A locked record waits for a reason; a bad cell is named.
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "screenshot_check.hpp"
#include "shell_fixture.hpp"
#include "workbook_import_dialog.hpp"

#include "reader_output.hpp"

#include <formwork/exporters/export_request.hpp>
#include <formwork/model/record.hpp>

#include <catch2/catch.hpp>

#include <wx/button.h>
#include <wx/dataview.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace exporters = formwork::exporters;
namespace forms = formwork::forms;
namespace test = formwork::test;
using formwork::test::settle;
using formwork::ui::WorkbookImportDialog;
using Outcome = exporters::WorkbookRecordPlan::Outcome;

namespace {

// The motions of the samples, as `formwork-cli export --format xlsx --form motion` writes them.
std::filesystem::path export_motions(test::SampleData& data) {
    const auto path = data.folder.path() / "motions.xlsx";
    exporters::ExportRequest request;
    request.form = "motion";
    request.target = path;
    exporters::run_export({*data.store, data.registry, "gui-test"}, request);
    REQUIRE(std::filesystem::exists(path));
    return path;
}

// The motions at `status`, by id.
std::vector<std::string> motions_at(test::SampleData& data, const std::string& status) {
    std::vector<std::string> ids;
    data.store->scan({"motion", {}, {}, {}}, [&](const forms::Record& record) {
        if (record.meta.status == status) ids.push_back(record.meta.id);
        return true;
    });
    return ids;
}

// The workbook `from` with the steps of tests/exporters/edit_workbook.py made, as `to`.
void edit_workbook(const std::filesystem::path& from, const std::filesystem::path& to, const std::vector<std::string>& steps) {
    std::string command = "/usr/bin/python3 " + test::shell_quoted(FORMWORK_EDIT_WORKBOOK) + " " +
                          test::shell_quoted(from.string()) + " " + test::shell_quoted(to.string());
    for (const auto& step : steps) command += " " + test::shell_quoted(step);
    test::command_output(command + " 2>&1");
    REQUIRE(std::filesystem::exists(to));
}

// Presses a button as a click would: its wxEVT_BUTTON, from the button.
void press(wxWindow& button) {
    wxCommandEvent click(wxEVT_BUTTON, button.GetId());
    click.SetEventObject(&button);
    button.ProcessWindowEvent(click);
}

std::string cell(wxDataViewListCtrl& list, unsigned row, unsigned column) {
    return list.GetTextValue(row, column).utf8_string();
}

// Whether the list of changes has a row for the field headed `field`.
bool changes_named(wxDataViewListCtrl& changes, const std::string& field) {
    for (unsigned row = 0; row < static_cast<unsigned>(changes.GetItemCount()); ++row)
        if (cell(changes, row, WorkbookImportDialog::change_field) == field) return true;
    return false;
}

// The preview of `workbook` over the window, as File › Import workbook… opens it.
WorkbookImportDialog* preview(formwork::ui::MainFrame& frame, test::SampleData& data, const std::filesystem::path& workbook) {
    auto plan = frame.plan_workbook(workbook, {});
    REQUIRE(plan);
    auto* dialog = new WorkbookImportDialog(
        &frame, data.registry, std::move(*plan),
        [&frame, workbook](const std::string& reason) { return frame.plan_workbook(workbook, reason); },
        [&frame](exporters::WorkbookImportPlan& planned, const std::string& reason) {
            return frame.apply_workbook_plan(planned, reason);
        });
    dialog->Show();
    settle();
    return dialog;
}

}  // namespace

TEST_CASE("workbook import: the preview lists the changed record cell by cell, and Import saves it",
          "[workbook-import]") {
    REQUIRE(formwork::test::wx_started());
    test::SampleData data;
    test::ShellWindow window(data);
    const auto exported = export_motions(data);
    const auto drafts = motions_at(data, "draft");
    REQUIRE(drafts.size() >= 2);
    const auto& id = drafts.front();
    const auto edited = data.folder.path() / "edited.xlsx";
    edit_workbook(exported, edited,
                  {"set", "motion", id, "title", "Bus lanes, as amended offline", "set", "motion", id, "outcome", "Lost"});
    const long revision = data.store->load(id)->meta.revision;

    auto* dialog = preview(*window.frame, data, edited);
    const auto& plan = dialog->plan();
    CHECK_FALSE(plan.refused());
    CHECK(plan.count(Outcome::updated) == 1);
    CHECK(plan.count(Outcome::unchanged) == plan.records.size() - 1);
    INFO(dialog->summary()->GetLabelText().utf8_string());
    CHECK(dialog->summary()->GetLabelText().StartsWith("Would update 1 record;"));
    CHECK_FALSE(dialog->workbook_problems()->IsShown());
    CHECK(dialog->reason_box() == nullptr);  // no record is locked

    // The list: the one record the workbook changes (the unchanged ones are only counted).
    auto& records = *dialog->records();
    REQUIRE(records.GetItemCount() == 1);
    CHECK(cell(records, 0, WorkbookImportDialog::record_outcome) == "Would update");
    CHECK(cell(records, 0, WorkbookImportDialog::record_place).rfind("Motion for debate, row ", 0) == 0);
    CHECK(cell(records, 0, WorkbookImportDialog::record_title) == "Bus lanes, as amended offline");
    CHECK(cell(records, 0, WorkbookImportDialog::record_changes) == "2 changes");

    // Its changes, cell by cell, as the editor shows the values: the choice by its label.
    auto& changes = *dialog->changes();
    REQUIRE(changes.GetItemCount() == 2);
    std::vector<std::string> fields, afters, cells;
    for (unsigned row = 0; row < 2; ++row) {
        cells.push_back(cell(changes, row, WorkbookImportDialog::change_cell));
        fields.push_back(cell(changes, row, WorkbookImportDialog::change_field));
        afters.push_back(cell(changes, row, WorkbookImportDialog::change_after));
    }
    CHECK(fields == std::vector<std::string>{"Title", "Outcome"});
    CHECK(afters == std::vector<std::string>{"Bus lanes, as amended offline", "Lost"});
    CHECK(cells[0].rfind("E", 0) == 0);
    CHECK(cells[1].rfind("L", 0) == 0);
    CHECK(dialog->problems()->GetValue().StartsWith("Nothing to correct"));
    REQUIRE(dialog->import_button()->IsEnabled());
    // Nothing is saved by the preview.
    CHECK(data.store->load(id)->meta.revision == revision);

    test::save_checked_screenshot(*dialog, "workbook-import-dialog.png", 6, 20);

    press(*dialog->import_button());
    settle();
    const auto saved = data.store->load(id);
    REQUIRE(saved);
    CHECK(saved->meta.revision == revision + 1);
    CHECK(std::string(saved->instance().child("title").text().as_string()) == "Bus lanes, as amended offline");
    CHECK(std::string(saved->instance().child("outcome").text().as_string()) == "lost");
    CHECK(dialog->plan().records.size() == plan.records.size());
    const auto status = window.frame->GetStatusBar()->GetStatusText(0).utf8_string();
    INFO(status);
    CHECK(status.find("edited.xlsx: Updated 1 record;") != std::string::npos);
    // Its history names the workbook.
    const auto history = data.history(id);
    REQUIRE_FALSE(history.empty());
    bool named = false;
    for (const auto& change : history.back().changes)
        if (change.path == "meta/imported-from" && change.new_value.find("edited.xlsx") != std::string::npos) named = true;
    CHECK(named);
    dialog->Destroy();
    settle();
}

TEST_CASE("workbook import: a locked record waits for a reason to reopen it, and a bad cell is named on its cell",
          "[workbook-import]") {
    REQUIRE(formwork::test::wx_started());
    test::SampleData data;
    test::ShellWindow window(data);
    const auto exported = export_motions(data);
    const auto drafts = motions_at(data, "draft");
    const auto complete = motions_at(data, "complete");
    REQUIRE_FALSE(drafts.empty());
    REQUIRE_FALSE(complete.empty());
    const auto edited = data.folder.path() / "locked.xlsx";
    edit_workbook(exported, edited,
                  {"set", "motion", complete.front(), "title", "Ticket offices, as corrected", "set", "motion",
                   drafts.front(), "meeting/date", "next Tuesday"});
    const long revision = data.store->load(complete.front())->meta.revision;
    const long draft_revision = data.store->load(drafts.front())->meta.revision;

    auto* dialog = preview(*window.frame, data, edited);
    CHECK(dialog->plan().count(Outcome::locked) == 1);
    CHECK(dialog->plan().count(Outcome::refused) == 1);
    auto& records = *dialog->records();
    REQUIRE(records.GetItemCount() == 2);
    std::vector<std::string> outcomes{cell(records, 0, WorkbookImportDialog::record_outcome),
                                      cell(records, 1, WorkbookImportDialog::record_outcome)};
    std::sort(outcomes.begin(), outcomes.end());
    CHECK(outcomes == std::vector<std::string>{"Locked", "Refused"});
    // Nothing would be saved until a reason is given.
    CHECK_FALSE(dialog->import_button()->IsEnabled());
    REQUIRE(dialog->reason_box() != nullptr);

    // The bad cell, named on its sheet and cell, saying what was expected.
    for (std::size_t row = 0; row < dialog->listed().size(); ++row) {
        REQUIRE(dialog->select_record(row));
        const auto& record = dialog->plan().records[dialog->listed()[row]];
        const auto said = dialog->problems()->GetValue().utf8_string();
        INFO(said);
        if (record.outcome == Outcome::refused) {
            CHECK(said.find("sheet 'Motion for debate', cell O") != std::string::npos);
            CHECK(said.find("a date is expected") != std::string::npos);
        } else {
            CHECK(said.find("locked") != std::string::npos);
            CHECK(changes_named(*dialog->changes(), "Title"));
        }
    }

    test::save_checked_screenshot(*dialog, "workbook-import-dialog-locked.png", 6, 20);

    dialog->set_reopen_reason("Title corrected from the signed minutes");
    CHECK(dialog->import_button()->IsEnabled());
    REQUIRE(dialog->import_now());  // read again with the reason, then saved
    CHECK(dialog->plan().count(Outcome::updated) == 1);
    const auto saved = data.store->load(complete.front());
    REQUIRE(saved);
    CHECK(saved->meta.revision > revision);
    CHECK(std::string(saved->instance().child("title").text().as_string()) == "Ticket offices, as corrected");
    bool reason_kept = false;
    for (const auto& entry : data.history(complete.front()))
        for (const auto& change : entry.changes)
            if (change.path == "meta/reopen-reason" && change.new_value == "Title corrected from the signed minutes")
                reason_kept = true;
    CHECK(reason_kept);
    // The draft with the bad cell is as it was.
    CHECK(data.store->load(drafts.front())->meta.revision == draft_revision);
    dialog->Destroy();
    settle();
}
