// The main window: the forms of every plugin on the left, and on the right a notebook with
// the record list, the Plugins view and one tab per open record's editor.
#pragma once

#include "export_dialog.hpp"
#include "preferences.hpp"
#include "window_memory.hpp"

#include <formwork/exporters/workbook_import.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/sdk/record_start.hpp>
#include <formwork/store/record_store.hpp>

#include <wx/dialog.h>
#include <wx/frame.h>
#include <wx/infobar.h>
#include <wx/notebook.h>
#include <wx/splitter.h>
#include <wx/timer.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace formwork::ui {

class FormNavigator;
class HistoryPanel;
class PluginsPanel;
class RecordEditor;
class RecordListPanel;
class RecordPrinter;
class ViewsPanel;

// The store at a location as `formwork --db` opens it: a file's path, or a server's
// connection string. Throws std::exception with the reason.
std::unique_ptr<forms::RecordStore> open_store_at(const std::string& location);

// A database's location as the window keeps it (the recent databases, the tabs of each
// database): a file's whole path, so it means the same wherever Formwork starts next; a
// server's connection string as it is.
wxString location_to_remember(const std::string& location);

class MainFrame : public wxFrame {
public:
    // Opens the database at a location (a file's path, or a server's connection string);
    // throws std::exception with the reason when it cannot.
    using StoreOpener = std::function<std::unique_ptr<forms::RecordStore>(const std::string& location)>;

    // The guide Help opens: share/doc/formwork/app.md where Formwork is installed, else the
    // docs of the source it was built from; empty when neither is there.
    static std::filesystem::path help_document();
    // Help > Plugins…: a dialog of what loaded and what was refused (the caller shows it).
    wxDialog* plugins_dialog();

    // The host, registry and store must outlive the frame: editors hold sessions on the
    // store, and the forms they edit carry code from the plugins' libraries.
    MainFrame(const forms::PluginHost& host, const forms::FormRegistry& registry, forms::RecordStore& store,
              std::string user);
    ~MainFrame() override;

    PluginsPanel* plugins_panel() const noexcept { return plugins_panel_; }
    RecordListPanel* record_list() const noexcept { return record_list_; }
    FormNavigator* navigator() const noexcept { return navigator_; }
    wxNotebook* notebook() const noexcept { return notebook_; }
    wxSplitterWindow* splitter() const noexcept { return splitter_; }
    // The tabs above, the History panel below (when shown).
    wxSplitterWindow* content_splitter() const noexcept { return content_split_; }

    // Opens a stored record in its editor's tab, or brings its tab forward when it is open
    // already. Returns nullptr, having told the person why, when it cannot be opened.
    RecordEditor* open_record(const std::string& id);
    // Makes a new record of the form (its latest version) and opens its editor.
    RecordEditor* new_record(const std::string& form_id);
    // New record for what the navigator has selected; asks which form when that is not one form.
    RecordEditor* new_record_from_selection();
    // The editor of the tab in front; nullptr when the list or the Plugins view is in front.
    RecordEditor* current_editor() const;
    RecordEditor* editor_for(const std::string& id) const;
    std::vector<RecordEditor*> editors() const;
    // Closes an editor's tab after it has saved (prepare_to_close). False when the person
    // chose to keep it open.
    bool close_editor(RecordEditor* editor);

    // --- Databases and preferences (docs/app.md, "Preferences") ------------------------------

    // The settings file this window keeps the recent databases and the preferences in, and
    // what they are now. Remembers the database in use as the most recent: `opened_at` as it
    // was given (else the store's location). Without it (as in most tests) nothing is
    // remembered.
    void use_preferences(PreferencesFile file, Preferences preferences, wxString in_use = {},
                         const std::string& opened_at = {});
    const Preferences& preferences() const noexcept { return preferences_; }
    // How File > Open database… and the recent databases open a store.
    void set_store_opener(StoreOpener opener) { open_store_ = std::move(opener); }
    // Opens another database in this window: every open record is saved and closed first
    // (if one cannot be, nothing changes), then the list shows the other database's records.
    // False, having said why, when the database could not be opened; the old one stays.
    bool open_database(const std::string& location);
    forms::RecordStore& store() const noexcept { return *store_; }
    // The bar above the window's panes that gives the database's warnings (a file on a
    // network share); hidden when there are none.
    wxInfoBar* database_warning() const noexcept { return database_warning_; }
    // File > Recent databases, the latest first.
    wxMenu* recent_menu() const noexcept { return recent_menu_; }
    // Keeps the preferences chosen in Edit > Preferences…: writes the settings file, uses the
    // name for what is saved from now on, and opens the database when it is another one.
    bool apply_preferences(const Preferences& chosen);
    // Edit > Preferences… (asks a person: under test, nothing is shown).
    void show_preferences();
    const std::string& user() const noexcept { return user_; }

    // --- What the window remembers (docs/app.md, "What the window remembers") ---------------

    // Keeps the window's place and size, its sashes, the record list's filter and sort and the
    // History panel's being shown, and each database's open tabs, in `file`, and puts back
    // what the file kept: called once, before Show(). A tab whose record is not in this
    // database (erased since, or kept from another database) is left out, and the status bar
    // says so. Without it (as in most tests) nothing is remembered.
    void remember_window(WindowMemoryFile file);
    // What would be kept of the window as it is now (with what is kept of other databases).
    WindowMemory window_memory_now() const;
    // Writes what is kept: as the window closes, and before another database is opened. Never
    // on the way down from a crash: a half-closed window is no state to come back to. False
    // (said in the status bar) when it could not be written, or nothing is remembered.
    bool save_window_memory();

    // --- History (docs/app.md, "History") ----------------------------------------------------

    // Record > History (Ctrl+H): the panel below the tabs, across their whole width (its
    // columns need it), following the record in front (else the record chosen in the list),
    // read again after each save.
    HistoryPanel* history_panel() const noexcept { return history_; }
    bool history_shown() const;
    void show_history(bool shown);
    // Its height, the sash's not counted; 0 when it is hidden.
    int history_height() const;
    // Shows the record the History panel follows; reads its history again when it is another
    // record, its revision moved, or `reread` (an export, which makes no revision).
    void update_history(bool reread = false);

    // --- Colleagues' saves (docs/app.md, "Working as a team") -------------------------------

    // What the store has heard others save since the last look (a timer looks every second):
    // the list is read again, and each open record they saved says so above its form and
    // offers to reload. Returns how many saves it heard of.
    std::size_t check_changes_elsewhere();

    // --- Printing (docs/printing.md) ----------------------------------------------------------

    // The record in front, as it is to be printed: its editor's session saved first, so the
    // document names the revision in the database. Nothing, having told the person why
    // (report_problem), when no editor is in front or the record could not be saved (a
    // conflict, a full disk). What "Print preview…" and "Save as HTML…" print.
    struct PrintableRecord {
        forms::FormDefinitionPtr form;
        forms::Record record;
    };
    std::optional<PrintableRecord> record_for_printing();
    // File > Print preview… (Ctrl+P) and File > Save as HTML… for the record in front.
    bool print_preview();
    bool save_as_html();
    // The printer every print and saved document goes through: the council's name from the
    // profile, references printed as the titles of the records they point at.
    RecordPrinter& printer() noexcept { return *printer_; }

    // --- Exporting (docs/exports.md) -----------------------------------------------------------

    // File > Export… (Ctrl+E): every open record saved, the export dialog, which runs the
    // export under a progress dialog that can cancel it and stays open, as it was, after a
    // refusal, then a message saying where the file is (with "Open folder"). Each export run
    // keeps the dialog's choices in the preferences. Asks a person throughout: under test,
    // nothing is shown unless the test answers the dialogs. `scope`, when given, is where the
    // dialog starts instead of where it was left (Export these… starts from the records chosen).
    void export_records(std::optional<ExportScope> scope = std::nullopt);
    // What the dialog starts from: the record in front, the record chosen in the list, the
    // form chosen on the left, the dialog's last choices, the last folder (else the documents
    // folder).
    ExportContext export_context() const;
    // The export itself, over this window's store, forms and user: what the dialog's
    // "Export" runs, with no window of its own (the tests call it).
    ExportOutcome run_export(const ExportRequest& request, sdk::ExportProgress* progress);
    // The export under a progress dialog whose Cancel stops it (leaving no file), the outcome
    // then in the status bar: what "Export" does once the dialog has made the request.
    ExportOutcome export_with_progress(const ExportRequest& request);

    // --- Importing a workbook (docs/app.md, "Importing a workbook") -----------------------------

    // File › Import workbook…: every open record saved, a file dialog (*.xlsx, in the folder of
    // the last export), the workbook read and compared with the database under a progress
    // dialog whose Cancel stops it, then its preview (WorkbookImportDialog), whose Import saves
    // through apply_workbook_plan. Asks a person: under test, nothing is shown unless the test
    // answers the dialogs.
    void import_workbook();
    // The workbook read and compared with the database (exporters::plan_workbook_import), under
    // a progress dialog that can cancel it; nothing is saved. Nothing when it was cancelled or
    // failed, having said why.
    std::optional<exporters::WorkbookImportPlan> plan_workbook(const std::filesystem::path& workbook,
                                                               const std::string& reopen_reason);
    // Saves what the plan says (exporters::apply_workbook_import) under a progress dialog; then
    // the list and the History panel are read again, each open tab of a record saved reloads,
    // and the status bar says what was saved. False, having said why, when the save failed.
    bool apply_workbook_plan(exporters::WorkbookImportPlan& plan, const std::string& reopen_reason);

    // --- Erasing (docs/app.md, "Erasing a record") ---------------------------------------------

    // What Record > Erase… acts on: the record in front, else the record chosen in the list.
    struct EraseTarget {
        std::string id;
        wxString title;    // as lists name it; the id when the record cannot be read
        wxString details;  // its form and status, for the question
    };
    std::optional<EraseTarget> erase_target() const;
    // Whether Record > Erase… can be chosen: there is a record to act on, and the database
    // can be written (a read-only database says so as it opens, and refuses every save).
    bool can_erase() const;
    // Record > Erase…: asks twice (what erasing does and why, then whether for good), then
    // erases the record through the store. Its tab closes without saving, the list is read
    // again, and a message says how many audit entries keep who did what and when, with what
    // is left to do. A refusal (no right to erase on a server) is said, and nothing changes.
    // Asks a person: under test, only inside ModalDialogsAnswered. True when it erased.
    bool erase_record();
    // Whether the database cannot be written (a read-only file; a server says so only when a
    // write is refused).
    bool database_read_only() const;

    // --- Withdrawing, restoring and copying records (docs/app.md, "Withdrawing and restoring
    // records", "New record from this one") -----------------------------------------------------

    // What Record › Withdraw…, Restore… and New record from this one act on: the record in
    // front, else every record chosen in the list, in the list's order. The right-click menu
    // is the list's, so it acts on the list's choice.
    struct RecordTarget {
        std::string id;
        wxString title;  // as the list names it; the id when it has no title
        bool withdrawn = false;
    };
    std::vector<RecordTarget> record_targets() const;
    // Whether each item can be chosen: a target it applies to (one not withdrawn to withdraw,
    // a withdrawn one to restore, exactly one current record to copy), and a database that can
    // be written.
    bool can_withdraw() const;
    bool can_restore() const;
    bool can_duplicate() const;
    // Record › Withdraw… and Delete in the list: asks for the reason (required; Cancel is the
    // default), then withdraws every target not withdrawn already, in any status. An open tab
    // of one is saved first and then closed (a withdrawn record's changes cannot be saved until
    // it is restored); one that cannot be saved is not withdrawn, and the message says so. The
    // list is read again. Asks a person: under test, only inside ModalDialogsAnswered. Returns
    // how many were withdrawn.
    std::size_t withdraw_records();
    // Record › Restore…: asks for a reason, which may be left empty, then restores every
    // withdrawn target. Returns how many were restored.
    std::size_t restore_records();
    // The same without asking, with the reason given (what the questions run once answered).
    std::size_t withdraw_targets(const std::vector<RecordTarget>& targets, const std::string& reason);
    std::size_t restore_targets(const std::vector<RecordTarget>& targets, const std::string& reason);
    // Record › New record from this one (Ctrl+Shift+D): the one target (saved first, when its
    // tab has changes) copied by forms::duplicate_stored, in its lifecycle's first status, the
    // copy opened in a tab of its own and the list read again. Nullptr, having said why, when
    // it cannot be.
    RecordEditor* duplicate_record();
    // --- Starting a record from the one in front (docs/app.md, "Starting a record from others") --

    // The "next one" commands of every form's plugin (SDK 1.8), as the Record menu lists them
    // (id_next_first on), e.g. "Next meeting of this body". An item can be chosen when the
    // record in front is of a form whose plugin offers it.
    const std::vector<sdk::NextCommand>& next_commands() const noexcept { return next_commands_; }
    bool can_start_next(const std::string& command_id) const;
    // The command's new record, started by the plugin from the record in front (saved first
    // when its tab has changes), in a tab of its own; the plugin's notes go to the status bar.
    // Nullptr, having said why (report_problem), when it cannot be.
    RecordEditor* start_next_record(const std::string& command_id);

    // The record list's right-click menu for the rows chosen now: Open, New record from this
    // one, Withdraw…, Restore…, History, Print preview…, Export these…; items that do not
    // apply are off (see docs/app.md). The caller owns it.
    wxMenu* record_list_menu() const;
    // Right-click on the list: a row not among those chosen is chosen alone first, then the
    // menu shows at `where` (the list's coordinates; wxDefaultPosition: the pointer).
    void show_record_list_menu(const wxPoint& where = wxDefaultPosition);

    // --- Pictures (docs/pictures.md) ------------------------------------------------------------

    // View > Pictures of these records… (Ctrl+Shift+P): a tab with the pictures of the views
    // of the form chosen on the left over all its records, or, with a record in front, over
    // that record alone. Opened again, the tab is drawn afresh. Nullptr, having said why, when
    // no one form is chosen or its plugin draws no pictures.
    ViewsPanel* show_pictures();

    // Problems the person must hear about: a message box, or standard error under test
    // (a modal box would hang an unattended run).
    void report_problem(const wxString& message, const wxString& caption = "Formwork");

    // The Record menu's and the record list's menu's items, for tests that find them.
    enum MenuId : int { id_validate = wxID_HIGHEST + 1, id_next_problem, id_reopen, id_erase, id_history, id_refresh_list, id_print_preview, id_save_html, id_plugins_dialog,
                    id_duplicate, id_withdraw, id_restore, id_list_open, id_list_history, id_list_print, id_list_export,
                    id_export, id_import_workbook, id_pictures, id_open_database, id_new_database, id_connect_server, id_recent_first,
                    id_recent_last = id_recent_first + static_cast<int>(Preferences::recent_limit) - 1,
                    id_next_first, id_next_last = id_next_first + 7 };

private:
    void build_menus();
    // The right-click menu's Open, History and Print preview…: on the one record chosen.
    void open_chosen_record(bool history, bool print);
    // Ties the record list (made anew with each database) to the window: its Pictures button,
    // and the History panel following the record chosen in it.
    void connect_record_list();
    void rebuild_recent_menu();
    void open_recent(std::size_t index);
    void choose_database_file(bool new_file);
    void connect_to_server();
    void save_preferences();
    void show_database_in_use();
    void on_about(wxCommandEvent& event);
    void open_help();
    void on_close(wxCloseEvent& event);
    void on_editor_state(wxCommandEvent& event);
    RecordEditor* add_editor_page(RecordEditor* editor);
    // Puts back the list's filter and sort, and the sashes, from memory_.
    void apply_remembered_layout();
    // Opens the tabs memory_ keeps for the database in use, skipping (and saying so in the
    // status bar) those whose record is gone.
    void open_remembered_tabs();
    // Keeps the tabs open now in memory_, for the database in use.
    void keep_tabs_in_memory();
    int page_of(const wxWindow* page) const;

    const forms::PluginHost& host_;
    const forms::FormRegistry& registry_;
    // The store in use: the one given at first, or one this window opened, which it owns.
    forms::RecordStore* store_;
    std::unique_ptr<forms::RecordStore> owned_store_;
    StoreOpener open_store_;
    std::string user_;
    std::optional<PreferencesFile> preferences_file_;
    Preferences preferences_;
    wxString preferences_in_use_;
    wxMenu* recent_menu_ = nullptr;
    wxInfoBar* database_warning_ = nullptr;  // the store's warnings, above everything
    wxTimer changes_timer_;

    std::optional<WindowMemoryFile> memory_file_;
    WindowMemory memory_;
    // The window's place and size when last neither maximised nor minimised: what is kept
    // of a window closed while maximised, so that it comes back to that size when restored.
    wxRect normal_rect_;
    // The editors' problems pane height, as last set: new tabs open with it.
    int problems_height_ = 0;

    wxSplitterWindow* splitter_ = nullptr;
    FormNavigator* navigator_ = nullptr;
    wxSplitterWindow* content_split_ = nullptr;
    HistoryPanel* history_ = nullptr;
    wxNotebook* notebook_ = nullptr;
    RecordListPanel* record_list_ = nullptr;
    PluginsPanel* plugins_panel_ = nullptr;
    std::unique_ptr<RecordPrinter> printer_;
    std::vector<sdk::NextCommand> next_commands_;  // the Record menu's, id_next_first on
};

}  // namespace formwork::ui
