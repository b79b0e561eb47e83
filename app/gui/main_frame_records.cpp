// The main window's work on whole records from the list and the Record menu: withdrawing and
// restoring them, a new record from one, and the list's right-click menu (docs/app.md,
// "Withdrawing and restoring records", "New record from this one"), and a record its form's
// plugin starts from the one in front ("Starting a record from others").
#include "main_frame.hpp"

#include "assert_handler.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "withdraw_dialog.hpp"
#include "wx_text.hpp"

#include <formwork/host/record_start.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/edit_session.hpp>

#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/statusbr.h>

#include <algorithm>
#include <memory>
#include <utility>

namespace formwork::ui {
namespace {

std::vector<wxString> titles_of(const std::vector<MainFrame::RecordTarget>& targets) {
    std::vector<wxString> titles;
    for (const auto& target : targets) titles.push_back(target.title);
    return titles;
}

// "“Motion on parks”" for one, "3 records" for more.
wxString naming(const std::vector<MainFrame::RecordTarget>& targets) {
    return targets.size() == 1 ? "\"" + targets.front().title + "\"" : wxString::Format("%zu records", targets.size());
}

}  // namespace

std::vector<MainFrame::RecordTarget> MainFrame::record_targets() const {
    std::vector<RecordTarget> targets;
    if (auto* editor = current_editor()) {
        // An open record is never a withdrawn one: withdrawing closes its tab, and a withdrawn
        // record does not open.
        targets.push_back({editor->record_id(), from_utf8(editor->session().title()), false});
        return targets;
    }
    for (const auto& row : record_list_->selected_rows())
        targets.push_back({row.id, from_utf8(row.title.empty() ? row.id : row.title), row.withdrawn});
    return targets;
}

bool MainFrame::can_withdraw() const {
    if (database_read_only()) return false;
    const auto targets = record_targets();
    return std::any_of(targets.begin(), targets.end(), [](const RecordTarget& target) { return !target.withdrawn; });
}

bool MainFrame::can_restore() const {
    if (database_read_only()) return false;
    const auto targets = record_targets();
    return std::any_of(targets.begin(), targets.end(), [](const RecordTarget& target) { return target.withdrawn; });
}

bool MainFrame::can_duplicate() const {
    if (database_read_only()) return false;
    const auto targets = record_targets();
    return targets.size() == 1 && !targets.front().withdrawn;
}

std::size_t MainFrame::withdraw_records() {
    auto targets = record_targets();
    targets.erase(std::remove_if(targets.begin(), targets.end(), [](const RecordTarget& target) { return target.withdrawn; }),
                  targets.end());
    if (targets.empty()) {
        report_problem("Choose the records to withdraw in the list (those not withdrawn already), or open one.", "Withdraw");
        return 0;
    }
    if (database_read_only()) {
        report_problem("Nothing can be withdrawn in " + from_utf8(store_->location()) +
                           ": it is read-only. Open it where it can be written.",
                       "Withdraw");
        return 0;
    }
    if (!modal_dialogs_allowed()) {
        report_problem(wxString(L"Withdraw\u2026 asks a person; under test, only inside ModalDialogsAnswered."), "Withdraw");
        return 0;
    }
    const auto reason = ask_withdraw_reason(this, WithdrawDialog::Kind::withdraw, titles_of(targets));
    if (!reason) {
        SetStatusText("Nothing was withdrawn.", 0);
        return 0;
    }
    return withdraw_targets(targets, *reason);
}

std::size_t MainFrame::withdraw_targets(const std::vector<RecordTarget>& targets, const std::string& reason) {
    std::vector<RecordTarget> done;
    wxString refusals;
    for (const auto& target : targets) {
        auto* editor = editor_for(target.id);
        // What is typed goes in first: once withdrawn, nothing of it could be saved.
        if (editor != nullptr && (editor->session().dirty() || editor->session().conflict()) && !editor->save_now()) {
            refusals += "\n\"" + target.title + "\" was not withdrawn: its changes could not be saved (" +
                        editor->save_state_text() + ").";
            continue;
        }
        try {
            store_->withdraw(target.id, user_, reason);
        } catch (const std::exception& e) {
            refusals += "\n\"" + target.title + "\" was not withdrawn: " + from_utf8(e.what());
            continue;
        }
        done.push_back(target);
        // Its tab closes: it is saved, and a withdrawn record takes no more changes.
        if (editor != nullptr) {
            const int page = page_of(editor);
            const bool in_front = notebook_->GetSelection() == page;
            notebook_->DeletePage(static_cast<std::size_t>(page));
            if (in_front)
                if (const int records = page_of(record_list_); records != wxNOT_FOUND)
                    notebook_->SetSelection(static_cast<std::size_t>(records));
        }
    }
    record_list_->refresh();
    update_history(true);
    if (!done.empty())
        SetStatusText("Withdrew " + naming(done) +
                          wxString(L": everything is kept, and Record \u203a Restore\u2026 brings it back."),
                      0);
    else
        SetStatusText("Nothing was withdrawn.", 0);
    if (!refusals.empty()) report_problem(refusals.Mid(1), "Withdraw");
    return done.size();
}

std::size_t MainFrame::restore_records() {
    auto targets = record_targets();
    targets.erase(std::remove_if(targets.begin(), targets.end(), [](const RecordTarget& target) { return !target.withdrawn; }),
                  targets.end());
    if (targets.empty()) {
        report_problem("Choose withdrawn records in the list to restore (Show: Withdrawn only lists them).", "Restore");
        return 0;
    }
    if (database_read_only()) {
        report_problem("Nothing can be restored in " + from_utf8(store_->location()) +
                           ": it is read-only. Open it where it can be written.",
                       "Restore");
        return 0;
    }
    if (!modal_dialogs_allowed()) {
        report_problem(wxString(L"Restore\u2026 asks a person; under test, only inside ModalDialogsAnswered."), "Restore");
        return 0;
    }
    const auto reason = ask_withdraw_reason(this, WithdrawDialog::Kind::restore, titles_of(targets));
    if (!reason) {
        SetStatusText("Nothing was restored.", 0);
        return 0;
    }
    return restore_targets(targets, *reason);
}

std::size_t MainFrame::restore_targets(const std::vector<RecordTarget>& targets, const std::string& reason) {
    std::vector<RecordTarget> done;
    wxString refusals;
    for (const auto& target : targets) {
        try {
            store_->restore(target.id, user_, reason);
            done.push_back(target);
        } catch (const std::exception& e) {
            refusals += "\n\"" + target.title + "\" was not restored: " + from_utf8(e.what());
        }
    }
    record_list_->refresh();
    update_history(true);
    SetStatusText(done.empty() ? wxString("Nothing was restored.")
                               : "Restored " + naming(done) + ": back in the list of current records and the exports.",
                  0);
    if (!refusals.empty()) report_problem(refusals.Mid(1), "Restore");
    return done.size();
}

RecordEditor* MainFrame::duplicate_record() {
    const auto targets = record_targets();
    if (targets.size() != 1 || targets.front().withdrawn) {
        report_problem("Open the record to copy, or choose one record (not a withdrawn one) in the list.",
                       "New record from this one");
        return nullptr;
    }
    if (database_read_only()) {
        report_problem("No record can be made in " + from_utf8(store_->location()) +
                           ": it is read-only. Open it where it can be written.",
                       "New record from this one");
        return nullptr;
    }
    const auto& source = targets.front();
    // The copy is made from the stored record: what is typed in its tab goes there first.
    if (auto* editor = editor_for(source.id);
        editor != nullptr && (editor->session().dirty() || editor->session().conflict()) && !editor->save_now()) {
        report_problem("\"" + source.title + "\" was not copied, because its changes could not be saved (" +
                           editor->save_state_text() + ").",
                       "New record from this one");
        return nullptr;
    }
    std::string copy_id;
    try {
        const auto stored = store_->load(source.id);
        if (!stored) {
            report_problem("There is no record " + from_utf8(source.id) + " in " + from_utf8(store_->location()) + ".",
                           "New record from this one");
            return nullptr;
        }
        const auto form = registry_.find(stored->meta.form_id, stored->meta.form_version);
        if (!form) {
            report_problem(wxString::Format("\"%s\" is of the form %s, version %d, which none of the loaded plugins "
                                            "provides, so it cannot be copied here.",
                                            source.title, from_utf8(stored->meta.form_id), stored->meta.form_version),
                           "New record from this one");
            return nullptr;
        }
        copy_id = forms::duplicate_stored(*store_, *form, source.id, user_).meta.id;
    } catch (const std::exception& e) {
        report_problem("\"" + source.title + "\" could not be copied: " + from_utf8(e.what()), "New record from this one");
        return nullptr;
    }
    record_list_->refresh();
    auto* editor = open_record(copy_id);
    SetStatusText("New record from " + naming(targets) + ": the copy is in its first status, in the tab in front.", 0);
    return editor;
}

bool MainFrame::can_start_next(const std::string& command_id) const {
    const auto* editor = current_editor();
    if (editor == nullptr) return false;
    const auto& offered = editor->assist().next_commands;
    return std::any_of(offered.begin(), offered.end(), [&](const sdk::NextCommand& command) { return command.id == command_id; }) &&
           !database_read_only();
}

RecordEditor* MainFrame::start_next_record(const std::string& command_id) {
    auto* editor = current_editor();
    const sdk::NextCommand* command = nullptr;
    if (editor != nullptr)
        for (const auto& offered : editor->assist().next_commands)
            if (offered.id == command_id) command = &offered;
    if (command == nullptr) {
        report_problem("Open a record whose form offers this first: the new record starts from the record in front.");
        return nullptr;
    }
    const wxString caption = from_utf8(command->label);
    if (database_read_only()) {
        report_problem("No record can be made in " + from_utf8(store_->location()) +
                           ": it is read-only. Open it where it can be written.",
                       caption);
        return nullptr;
    }
    // The plugin reads the stored record: what is typed in its tab goes there first.
    if ((editor->session().dirty() || editor->session().conflict()) && !editor->save_now()) {
        report_problem("\"" + from_utf8(editor->session().title()) + "\" was not started from, because its changes could not be saved (" +
                           editor->save_state_text() + ").",
                       caption);
        return nullptr;
    }
    const auto form = registry_.latest(editor->session().form().id);
    if (!form) {
        report_problem("No loaded plugin provides the form " + from_utf8(editor->session().form().id) + ".", caption);
        return nullptr;
    }
    forms::RecordStart started;
    try {
        started = forms::prefill_record(form, forms::new_record(*form, user_, forms::utc_timestamp_now()),
                                        {{}, editor->record_id(), command->id, {}, {}, &store_->query()});
    } catch (const std::exception& e) {
        report_problem("The new record could not be started: " + from_utf8(e.what()), caption);
        return nullptr;
    }
    if (!started.record) {
        wxString why;
        for (const auto& diagnostic : started.diagnostics) why += "\n" + from_utf8(diagnostic.message);
        report_problem(why.empty() ? wxString("The form's plugin started nothing from \"" + from_utf8(editor->session().title()) + "\".")
                                   : "The new record could not be started:" + why,
                       caption);
        return nullptr;
    }
    const wxString source = from_utf8(editor->session().title());
    RecordEditor* next = nullptr;
    try {
        next = add_editor_page(new RecordEditor(notebook_, forms::EditSession::create(*store_, form, std::move(*started.record), user_)));
    } catch (const std::exception& e) {
        report_problem("The new record could not be made: " + from_utf8(e.what()), caption);
        return nullptr;
    }
    record_list_->refresh();
    wxString notes;
    for (const auto& note : started.notes) notes += (notes.empty() ? "" : " ") + from_utf8(note);
    SetStatusText(notes.empty() ? caption + ": started from \"" + source + "\", in the tab in front." : notes, 0);
    return next;
}

wxMenu* MainFrame::record_list_menu() const {
    const auto rows = record_list_->selected_rows();
    const bool one = rows.size() == 1;
    const bool one_current = one && !rows.front().withdrawn;
    const bool any_current = std::any_of(rows.begin(), rows.end(), [](const forms::ListRow& row) { return !row.withdrawn; });
    const bool any_withdrawn = std::any_of(rows.begin(), rows.end(), [](const forms::ListRow& row) { return row.withdrawn; });
    const bool writable = !database_read_only();

    auto* menu = new wxMenu;
    menu->Append(id_list_open, "&Open", "Open the record in a tab of its own")->Enable(one_current);
    menu->Append(id_duplicate, "New record from &this one\tCtrl+Shift+D", "A copy of the record, in its first status")
        ->Enable(one_current && writable);
    menu->AppendSeparator();
    menu->Append(id_withdraw, wxString(L"&Withdraw\u2026\tDelete"),
                 "Take the records out of the list and the exports, keeping everything, with a reason")
        ->Enable(any_current && writable);
    menu->Append(id_restore, wxString(L"Re&store\u2026"), "Bring the withdrawn records back into the list and the exports")
        ->Enable(any_withdrawn && writable);
    menu->AppendSeparator();
    menu->Append(id_list_history, "&History", "Every change to the record, who made it and when")->Enable(one);
    menu->Append(id_list_print, wxString(L"&Print preview\u2026"), "The record as it will print")->Enable(one_current);
    menu->Append(id_list_export, wxString(L"E&xport these\u2026"), "The chosen records to a workbook or a submission")
        ->Enable(any_current);
    return menu;
}

void MainFrame::show_record_list_menu(const wxPoint& where) {
    std::unique_ptr<wxMenu> menu(record_list_menu());
    // wx brings the menu's items up to date before it shows (UPDATE_UI), and the handlers of
    // the Record menu's items say the same as record_list_menu does.
    const wxPoint at = where == wxDefaultPosition ? wxDefaultPosition : ScreenToClient(record_list_->view()->ClientToScreen(where));
    PopupMenu(menu.get(), at);
}

void MainFrame::open_chosen_record(bool history, bool print) {
    const auto rows = record_list_->selected_rows();
    if (rows.size() != 1) {
        report_problem("Choose one record in the list.", "Records");
        return;
    }
    const auto& row = rows.front();
    if (row.withdrawn) {
        // A withdrawn record does not open; its history is shown with it chosen in the list.
        if (history) {
            show_history(true);
            update_history(true);
        } else {
            open_record(row.id);  // says why not
        }
        return;
    }
    if (open_record(row.id) == nullptr) return;
    if (history) {
        show_history(true);
        update_history(true);
    }
    if (print) print_preview();
}

}  // namespace formwork::ui
