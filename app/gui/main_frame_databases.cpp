// The main window's databases and preferences: File > Open database…, New database…,
// Connect to a server…, Recent databases, and Edit > Preferences….
#include "main_frame.hpp"

#include "assert_handler.hpp"
#include "form_navigator.hpp"
#include "history_panel.hpp"
#include "preferences_dialog.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "view_picture.hpp"
#include "wx_text.hpp"

#include <formwork/store/database_files.hpp>
#include <formwork/store/open_store.hpp>
#include <formwork/model/record.hpp>

#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/textdlg.h>

#include <cstdio>
#include <filesystem>

namespace formwork::ui {

wxString location_to_remember(const std::string& location) {
    if (forms::is_postgres_location(location)) return from_utf8(location);
    std::error_code error;
    const auto absolute = std::filesystem::absolute(location, error);
    return from_utf8(error ? location : absolute.lexically_normal().string());
}

std::unique_ptr<forms::RecordStore> open_store_at(const std::string& location) { return forms::open_store(location); }

void MainFrame::show_database_in_use() {
    const wxString where = from_utf8(store_->location());
    SetTitle("Formwork - " + wxFileName(where).GetFullName());
    SetStatusText("Database: " + where, 1);
    // Said where it cannot be missed, and not in a box to dismiss at every start.
    wxString warnings;
    for (const auto& warning : store_->warnings()) {
        if (!warnings.empty()) warnings += "\n";
        warnings += from_utf8(warning);
        if (running_under_test()) std::fprintf(stderr, "formwork: warning: %s\n", warning.c_str());
    }
    if (warnings.empty()) database_warning_->Dismiss();
    else database_warning_->ShowMessage(warnings, wxICON_WARNING);
    Layout();
}

void MainFrame::use_preferences(PreferencesFile file, Preferences preferences, wxString in_use,
                                const std::string& opened_at) {
    preferences_file_ = std::move(file);
    preferences_ = std::move(preferences);
    preferences_in_use_ = std::move(in_use);
    // As it was given: a server's location as the store shows it has lost its settings.
    const std::string location = opened_at.empty() ? store_->location() : opened_at;
    if (remember_database(preferences_, location_to_remember(location))) save_preferences();
    rebuild_recent_menu();
}

void MainFrame::save_preferences() {
    if (!preferences_file_) return;
    wxString error;
    // Not worth a box: the work goes on; the status bar says the settings were not kept.
    if (!preferences_file_->save(preferences_, error)) SetStatusText("Preferences not saved: " + error, 0);
}

void MainFrame::rebuild_recent_menu() {
    while (recent_menu_->GetMenuItemCount() > 0) recent_menu_->Destroy(recent_menu_->FindItemByPosition(0));
    const auto& recent = preferences_.recent_databases;
    for (std::size_t index = 0; index < recent.size() && index < Preferences::recent_limit; ++index) {
        wxString label = recent[index];
        label.Replace("&", "&&");  // a literal ampersand, not a mnemonic
        recent_menu_->Append(id_recent_first + static_cast<int>(index), wxString::Format("&%zu %s", index + 1, label),
                             "Open " + recent[index]);
    }
    if (recent.empty()) recent_menu_->Append(wxID_ANY, "(none yet)")->Enable(false);
}

void MainFrame::open_recent(std::size_t index) {
    if (index >= preferences_.recent_databases.size()) return;
    const wxString location = preferences_.recent_databases[index];
    const std::string chosen = location.utf8_string();
    std::error_code error;
    // A file gone since: opening it would make a new, empty database under its name.
    if (!forms::is_postgres_location(chosen) && !std::filesystem::exists(chosen, error)) {
        report_problem("The database " + location + " is no longer there (moved or deleted), so it was taken off "
                       "the recent databases.", "Recent databases");
        preferences_.recent_databases.erase(preferences_.recent_databases.begin() + static_cast<std::ptrdiff_t>(index));
        save_preferences();
        rebuild_recent_menu();
        return;
    }
    open_database(chosen);
}

bool MainFrame::open_database(const std::string& location) {
    if (location == store_->location()) return true;
    std::unique_ptr<forms::RecordStore> opened;
    try {
        opened = open_store_(location);
    } catch (const std::exception& e) {
        report_problem("The database " + from_utf8(forms::printable_location(location)) +
                           " could not be opened, so you are still working in " + from_utf8(store_->location()) +
                           ":\n" + from_utf8(e.what()),
                       "Open database");
        return false;
    }
    // The old database's tabs are kept, to come back when it is opened again.
    if (memory_file_) keep_tabs_in_memory();
    // Every tab on the old database goes: records saved first; a record that cannot be saved
    // (the person keeps it open) keeps the old database.
    for (auto* editor : editors())
        if (!close_editor(editor)) {
            report_problem("\"" + from_utf8(editor->session().title()) + "\" is still open, so the database was not changed.",
                           "Open database");
            return false;
        }
    for (std::size_t index = notebook_->GetPageCount(); index-- > 0;)
        if (dynamic_cast<ViewsPanel*>(notebook_->GetPage(index)) != nullptr) notebook_->DeletePage(index);

    history_->show_nothing(_("Open a record to see its history."));  // it reads the old store
    const forms::ListQuery shown = record_list_->query();
    auto* list = new RecordListPanel(notebook_, *opened, registry_);
    notebook_->InsertPage(0, list, "Records", true);
    notebook_->DeletePage(1);  // the old list, on the old store: gone before the store goes
    record_list_ = list;
    connect_record_list();
    // The list keeps its filter and order across databases, as it keeps them across runs.
    record_list_->set_form_filter(navigator_->selected_form());
    record_list_->set_status_filter(shown.status);
    record_list_->set_withdrawn_filter(shown.withdrawn);
    record_list_->set_text_filter(from_utf8(shown.text));
    record_list_->set_sort(shown.sort, shown.descending);
    store_ = opened.get();
    owned_store_ = std::move(opened);  // the old one, if this window opened it, is closed here
    show_database_in_use();
    check_changes_elsewhere();  // starts the new store watching
    if (remember_database(preferences_, location_to_remember(location))) save_preferences();
    rebuild_recent_menu();
    record_list_->view()->SetFocus();
    if (memory_file_) {
        open_remembered_tabs();
        save_window_memory();
    }
    update_history();
    return true;
}

void MainFrame::choose_database_file(bool new_file) {
    if (running_under_test()) return;  // the file dialog would wait for a person
    const wxString current = from_utf8(store_->location());
    wxFileDialog dialog(this, new_file ? "New database" : "Open database",
                        forms::is_postgres_location(store_->location()) ? wxString() : wxFileName(current).GetPath(),
                        new_file ? wxString("formwork.db") : wxString(),
                        "Formwork databases (*.db)|*.db|All files|*",
                        new_file ? wxFD_SAVE | wxFD_OVERWRITE_PROMPT : wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK) return;
    const std::string path = dialog.GetPath().utf8_string();
    if (const auto named = forms::database_file_named(store_->location(), path); new_file && named) {
        // A new database named like the open one's rollback journal would be taken for it.
        report_problem(dialog.GetPath() + " is " + from_utf8(*named) + " " + current + ": choose another name.",
                       "New database");
        return;
    }
    std::error_code error;
    if (new_file && std::filesystem::exists(path, error)) {
        // Overwriting a database with an empty one would lose it: open it instead, or choose again.
        report_problem("There is a file " + dialog.GetPath() + " already. To work in it, use Open database.",
                       "New database");
        return;
    }
    open_database(path);
}

void MainFrame::connect_to_server() {
    if (running_under_test()) return;
    wxTextEntryDialog dialog(this,
                             "The server's database, as a libpq connection string: postgresql://host/database, or "
                             "service=name for an entry in your ~/.pg_service.conf.\nPut no password here: libpq reads it "
                             "from your ~/.pgpass file.",
                             "Connect to a server", "postgresql://");
    if (dialog.ShowModal() != wxID_OK) return;
    const std::string location = dialog.GetValue().Strip(wxString::both).utf8_string();
    if (!location.empty()) open_database(location);
}

bool MainFrame::apply_preferences(const Preferences& chosen) {
    const Preferences previous = preferences_;
    preferences_.database = chosen.database;
    preferences_.user_name = chosen.user_name;
    preferences_.profile = chosen.profile;
    user_ = chosen.user_name.empty() ? forms::current_user() : chosen.user_name.utf8_string();
    save_preferences();
    if (chosen.database != previous.database && !chosen.database.empty())
        return open_database(chosen.database.utf8_string());
    return true;
}

void MainFrame::show_preferences() {
    if (running_under_test()) return;  // the tests drive PreferencesDialog and apply_preferences
    PreferencesDialog dialog(this, preferences_, preferences_in_use_);
    if (dialog.ShowModal() == wxID_OK) apply_preferences(dialog.chosen());
}

}  // namespace formwork::ui
