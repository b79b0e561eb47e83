// File › Import workbook… (docs/app.md, "Importing a workbook"): a workbook exported here and
// edited offline, read and previewed, then saved (see main_frame.hpp and
// workbook_import_dialog.hpp).
#include "main_frame.hpp"

#include "assert_handler.hpp"
#include "export_dialog.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "workbook_import_dialog.hpp"
#include "wx_text.hpp"

#include <formwork/exporters/exporter.hpp>

#include <wx/filedlg.h>
#include <wx/progdlg.h>
#include <wx/stdpaths.h>
#include <wx/utils.h>

#include <exception>
#include <set>
#include <utility>

namespace formwork::ui {

std::optional<exporters::WorkbookImportPlan> MainFrame::plan_workbook(const std::filesystem::path& workbook,
                                                                      const std::string& reopen_reason) {
    const exporters::WorkbookImportOptions options{user_, reopen_reason};
    try {
        wxProgressDialog dialog(_("Import workbook"), wxString(L"Reading the workbook\u2026"), ProgressDialogDelegate::range,
                                this, wxPD_CAN_ABORT | wxPD_APP_MODAL | wxPD_AUTO_HIDE | wxPD_ELAPSED_TIME);
        dialog.SetName("workbook import progress");
        ProgressDialogDelegate delegate(dialog);
        auto plan = exporters::plan_workbook_import(workbook, registry_, *store_, options, delegate);
        dialog.Update(ProgressDialogDelegate::range);  // done: hidden
        return plan;
    } catch (const exporters::ExportError& e) {
        if (e.kind == exporters::ExportError::Kind::cancelled) {
            SetStatusText(_("The workbook import was cancelled; nothing was saved."), 0);
            return std::nullopt;
        }
        report_problem(wxString::Format(_("%s could not be read: %s. Nothing was saved."), from_utf8(workbook.string()),
                                        from_utf8(e.what())),
                       _("Import workbook"));
    } catch (const std::exception& e) {
        report_problem(wxString::Format(_("%s could not be read: %s. Nothing was saved."), from_utf8(workbook.string()),
                                        from_utf8(e.what())),
                       _("Import workbook"));
    }
    return std::nullopt;
}

bool MainFrame::apply_workbook_plan(exporters::WorkbookImportPlan& plan, const std::string& reopen_reason) {
    const exporters::WorkbookImportOptions options{user_, reopen_reason};
    bool applied = false;
    try {
        // No Cancel: the records saved in a batch stay saved, and half a workbook is no state
        // to leave a person in.
        wxProgressDialog dialog(_("Import workbook"), wxString(L"Saving the records\u2026"), ProgressDialogDelegate::range,
                                this, wxPD_APP_MODAL | wxPD_AUTO_HIDE | wxPD_ELAPSED_TIME);
        dialog.SetName("workbook import progress");
        ProgressDialogDelegate delegate(dialog);
        exporters::apply_workbook_import(plan, registry_, *store_, options, delegate);
        dialog.Update(ProgressDialogDelegate::range);
        applied = true;
    } catch (const std::exception& e) {
        report_problem(wxString::Format(_("The workbook could not be saved whole: %s. The records saved before this "
                                          "happened are in the list."),
                                        from_utf8(e.what())),
                       _("Import workbook"));
    }
    // What was saved: open tabs of those records show them as saved (nothing was typed in
    // them since they were saved before the workbook was read), and the list and History too.
    for (const auto& record : plan.records) {
        if (record.saved_revision == 0 || record.record_id.empty()) continue;
        if (auto* editor = editor_for(record.record_id)) editor->reload_from_store();
    }
    record_list_->refresh();
    update_history(true);
    SetStatusText(from_utf8(plan.workbook.filename().string()) + ": " + workbook_plan_summary(plan, true), 0);
    return applied;
}

void MainFrame::import_workbook() {
    if (!modal_dialogs_allowed()) {
        report_problem(wxString(L"Import workbook\u2026 asks a person; under test, plan_workbook and the dialog are "
                                L"called directly."),
                       _("Import workbook"));
        return;
    }
    // The workbook is compared with the database: what is typed goes there first.
    for (auto* editor : editors())
        if (editor->session().dirty()) editor->save_now();

    // Where the workbook most likely is: the folder the last export went to.
    std::error_code error;
    const std::filesystem::path last_folder(preferences_.last_export.folder.utf8_string());
    const std::filesystem::path documents(wxStandardPaths::Get().GetDocumentsDir().utf8_string());
    const auto folder = !last_folder.empty() && std::filesystem::is_directory(last_folder, error) ? last_folder
                        : std::filesystem::is_directory(documents, error)                       ? documents
                                                                    : std::filesystem::path(wxGetHomeDir().utf8_string());
    wxFileDialog choose(this, _("Import a workbook exported from Formwork"), from_utf8(folder.string()), wxString(),
                        _("Excel workbooks (*.xlsx)|*.xlsx|All files|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    choose.SetName("choose workbook");
    if (choose.ShowModal() != wxID_OK) return;
    const std::filesystem::path workbook(choose.GetPath().utf8_string());

    auto plan = plan_workbook(workbook, {});
    if (!plan) return;
    WorkbookImportDialog dialog(
        this, registry_, std::move(*plan),
        [this, workbook](const std::string& reason) { return plan_workbook(workbook, reason); },
        [this](exporters::WorkbookImportPlan& planned, const std::string& reason) {
            return apply_workbook_plan(planned, reason);
        });
    dialog.ShowModal();
}

}  // namespace formwork::ui
