#include "main_frame.hpp"
#include "app_icon.hpp"

#include "assert_handler.hpp"
#include "erase_dialog.hpp"
#include "form_navigator.hpp"
#include "history_panel.hpp"
#include "plugins_panel.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "record_print.hpp"
#include "view_picture.hpp"
#include "wx_text.hpp"

#include <formwork/host/record_start.hpp>
#include <formwork/model/build_info.hpp>
#include <formwork/store/edit_session.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/values.hpp>
#include <formwork/sdk/version.hpp>

#include <wx/aboutdlg.h>
#include <wx/choicdlg.h>
#include <wx/choice.h>
#include <wx/control.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/progdlg.h>
#include <wx/sizer.h>
#include <wx/statusbr.h>
#include <wx/stdpaths.h>
#include <wx/utils.h>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace formwork::ui {

MainFrame::MainFrame(const forms::PluginHost& host, const forms::FormRegistry& registry, forms::RecordStore& store,
                     std::string user)
    : wxFrame(nullptr, wxID_ANY, "Formwork", wxDefaultPosition, wxSize(1200, 720)),
      host_(host),
      registry_(registry),
      store_(&store),
      open_store_(open_store_at),
      user_(std::move(user)) {
    SetName("formwork-main");
    SetIcon(application_icon(64));
    printer_ = std::make_unique<RecordPrinter>(this);
    auto& print_options = printer_->options();
    if (const auto* profile = registry_.profile()) print_options.organisation = profile->organisation_name;
    // A reference prints as the title of the record it points at, when the store has it.
    print_options.reference_title = [this](const std::string& other_id) -> std::string {
        if (!forms::is_uuid(other_id)) return {};
        try {
            const auto other = store_->load(other_id);
            if (!other) return {};
            const auto other_form = registry_.find(other->meta.form_id, other->meta.form_version);
            return other_form ? forms::record_title(*other_form, *other) : std::string();
        } catch (const std::exception&) {
            return {};  // printed as the id
        }
    };
    build_menus();

    splitter_ = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE | wxSP_3DSASH);
    splitter_->SetName("main splitter");
    navigator_ = new FormNavigator(splitter_, host_, registry_);
    // The tabs, and below them the History panel when it is shown; growing the window grows
    // the tabs.
    content_split_ = new wxSplitterWindow(splitter_, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                          wxSP_LIVE_UPDATE | wxSP_3DSASH);
    content_split_->SetName("records and history");
    content_split_->SetMinimumPaneSize(160);
    content_split_->SetSashGravity(1.0);
    notebook_ = new wxNotebook(content_split_, wxID_ANY);
    notebook_->SetName("tabs");
    history_ = new HistoryPanel(content_split_);
    history_->Hide();
    // Restoring a revision there: the record's tab saves first and reads it again after.
    history_->set_record_hooks({[this](const std::string& id) { return editor_for(id); }, [this] { return user_; },
                                [this] { record_list_->refresh_soon(); }});
    content_split_->Initialize(notebook_);
    record_list_ = new RecordListPanel(notebook_, *store_, registry_);
    notebook_->AddPage(record_list_, "Records", true);
    plugins_panel_ = new PluginsPanel(notebook_, host_);
    plugins_panel_->SetName("plugins view");
    notebook_->AddPage(plugins_panel_, "Plugins");
    splitter_->SetMinimumPaneSize(160);
    splitter_->SplitVertically(navigator_, content_split_, 260);

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    database_warning_ = new wxInfoBar(this);
    database_warning_->SetName("database warning");
    sizer->Add(database_warning_, wxSizerFlags().Expand());
    sizer->Add(splitter_, wxSizerFlags(1).Expand());
    SetSizer(sizer);

    CreateStatusBar(2);
    const int widths[] = {-1, -2};
    GetStatusBar()->SetStatusWidths(2, widths);
    SetStatusText(plugins_panel_->summary_text(), 0);
    show_database_in_use();

    // Windows being destroyed with the frame can still send events (an editor saving on its
    // way out): none of them may reach the children already gone.
    Bind(EVT_FORM_SELECTED, [this](wxCommandEvent& event) {
        if (IsBeingDeleted()) return;
        record_list_->set_form_filter(event.GetString().utf8_string());
        // The records come forward. A notebook gives the focus to the page it shows, even the
        // one already shown: the keyboard stays in the navigator, where the arrows go on choosing.
        const int records = page_of(record_list_);
        if (notebook_->GetSelection() != records) {
            const bool in_navigator = wxWindow::FindFocus() == navigator_;
            notebook_->SetSelection(static_cast<std::size_t>(records));
            if (in_navigator) navigator_->SetFocus();
        }
    });
    Bind(EVT_RECORD_ACTIVATED, [this](wxCommandEvent& event) {
        if (!IsBeingDeleted()) open_record(event.GetString().utf8_string());
    });
    Bind(EVT_RECORD_DELETE_KEY, [this](wxCommandEvent&) {
        if (!IsBeingDeleted()) withdraw_records();
    });
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { new_record_from_selection(); }, wxID_NEW);
    connect_record_list();
    notebook_->Bind(wxEVT_NOTEBOOK_PAGE_CHANGED, [this](wxBookCtrlEvent& event) {
        event.Skip();
        if (!IsBeingDeleted() && event.GetEventObject() == notebook_) update_history();
    });
    // What is kept of a window closed while maximised: its size before.
    const auto note_normal_rect = [this](wxEvent& event) {
        event.Skip();
        if (IsShown() && !IsMaximized() && !IsIconized() && !IsFullScreen()) normal_rect_ = GetRect();
    };
    Bind(wxEVT_SIZE, note_normal_rect);
    Bind(wxEVT_MOVE, note_normal_rect);
    // The editors' problems pane, as a person last sized it: the next tab opens with it.
    Bind(wxEVT_SPLITTER_SASH_POS_CHANGED, [this](wxSplitterEvent& event) {
        event.Skip();
        auto* split = dynamic_cast<wxSplitterWindow*>(event.GetEventObject());
        if (split != nullptr && split->GetName() == "form and problems")
            problems_height_ = split->GetClientSize().GetHeight() - event.GetSashPosition() - split->GetSashSize();
    });
    Bind(EVT_RECORD_EDITOR_STATE, &MainFrame::on_editor_state, this);
    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::on_close, this);

    record_list_->view()->SetFocus();

    // Saves by colleagues (other windows, formwork-cli) on the same database: heard once a
    // second, which costs no query while nothing has changed.
    check_changes_elsewhere();  // starts the store watching
    changes_timer_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (!IsBeingDeleted()) check_changes_elsewhere();
    });
    changes_timer_.Start(1000);
}

MainFrame::~MainFrame() = default;

std::size_t MainFrame::check_changes_elsewhere() {
    std::vector<forms::RecordChange> changes;
    try {
        changes = store_->changes_elsewhere();
    } catch (const std::exception& e) {
        // The database is unreachable for now (a server restarting): the next save says so
        // too; the status bar says why colleagues' saves are not shown.
        SetStatusText("Colleagues' saves cannot be heard: " + from_utf8(e.what()), 0);
        return 0;
    }
    if (changes.empty()) return 0;
    record_list_->refresh_soon();
    wxString withdrawn_here;  // an open record someone withdrew: what is typed in it can no longer be saved
    for (const auto& change : changes) {
        if (auto* editor = editor_for(change.record_id)) {
            editor->saved_elsewhere(change);
            if (change.action == "withdraw")
                withdrawn_here = wxString::Format(_(L"%s withdrew \"%s\" elsewhere: its changes cannot be saved until it "
                                                    L"is restored (Record \u203a Restore\u2026)."),
                                                  from_utf8(change.by), from_utf8(editor->session().title()));
        }
        if (change.record_id == history_->record_id()) update_history(true);
    }
    const auto& last = changes.back();
    SetStatusText(changes.size() == 1 ? wxString::Format("%s saved a record elsewhere; the list shows it.", from_utf8(last.by))
                                      : wxString::Format("%zu saves elsewhere, the last by %s; the list shows them.",
                                                         changes.size(), from_utf8(last.by)),
                  0);
    if (!withdrawn_here.empty()) SetStatusText(withdrawn_here, 0);
    return changes.size();
}

void MainFrame::build_menus() {
    auto* file = new wxMenu;
    file->Append(wxID_NEW, "&New record\tCtrl+N", "A new record of the form chosen on the left");
    file->Append(wxID_SAVE, "&Save\tCtrl+S", "Save the record in front now");
    file->Append(wxID_CLOSE, "&Close tab\tCtrl+W", "Save and close the record in front");
    file->AppendSeparator();
    file->Append(id_open_database, wxString(L"&Open database…\tCtrl+O"), "Work in another database file");
    file->Append(id_new_database, wxString(L"New &database…"), "Start an empty database file");
    file->Append(id_connect_server, wxString(L"Connect to a &server…"),
                 "Work in a team's database on a PostgreSQL server");
    recent_menu_ = new wxMenu;
    file->AppendSubMenu(recent_menu_, "&Recent databases", "The databases opened lately");
    file->AppendSeparator();
    file->Append(id_print_preview, wxString(L"Print pre&view\u2026\tCtrl+P"),
                 "The record in front as it will print, laid out like the paper form");
    file->Append(id_save_html, wxString(L"Save as &HTML\u2026"),
                 "The record in front as a document any browser opens and prints");
    file->Append(id_export, wxString(L"&Export\u2026\tCtrl+E"), "Records to an Excel workbook or an XML submission");
    file->Append(id_import_workbook, wxString(L"&Import workbook\u2026"),
                 "Bring back a workbook exported from here and edited offline: see what it changes, then save it");
    file->AppendSeparator();
    file->Append(wxID_EXIT, "&Quit\tCtrl+Q");
    auto* edit = new wxMenu;
    edit->Append(wxID_UNDO, "&Undo\tCtrl+Z", "Take back the last change to the record in front");
    auto* redo = edit->Append(wxID_REDO, "&Redo\tCtrl+Shift+Z", "Make the change last taken back again");
    redo->AddExtraAccel(wxAcceleratorEntry(wxACCEL_CTRL, 'Y'));  // as Word and Excel have it
    edit->AppendSeparator();
    edit->Append(wxID_PREFERENCES, wxString(L"&Preferences…\tCtrl+,"),
                 "The database Formwork opens, your name for the audit log and the council profile");
    auto* record = new wxMenu;
    record->Append(id_validate, "&Validate\tF7", "Check the record in front and list every problem");
    record->Append(id_next_problem, "&Next problem\tF8", "Go to the field of the next problem");
    record->Append(id_reopen, wxString(L"Re&open\u2026\tCtrl+Shift+R"),
                   "Move a locked record back to its first status, with a reason, so that it can be changed");
    record->AppendSeparator();
    record->Append(id_duplicate, "New record from &this one\tCtrl+Shift+D",
                   "A copy of the record in front (or chosen in the list), in its first status, in a tab of its own");
    // The plugins' "next one" commands: each a new record its plugin starts from the one in
    // front ("Next meeting of this body": same body, the roster expected again).
    for (const auto& entry : registry_.forms()) {
        if (!entry.form) continue;
        forms::Diagnostics ignored;  // a failing plugin says so in the editor of its records
        for (const auto& command : forms::record_assist(*entry.form, ignored).next_commands) {
            const bool listed = std::any_of(next_commands_.begin(), next_commands_.end(), [&](const sdk::NextCommand& known) {
                return known.id == command.id && known.label == command.label;
            });
            if (listed || command.label.empty() || id_next_first + static_cast<int>(next_commands_.size()) > id_next_last) continue;
            record->Append(id_next_first + static_cast<int>(next_commands_.size()), wxControl::EscapeMnemonics(from_utf8(command.label)),
                           "A new record started from the record in front, by its form's plugin");
            next_commands_.push_back(command);
        }
    }
    // Delete in the list asks for it too; no key here, where Delete belongs to the fields.
    record->Append(id_withdraw, wxString(L"&Withdraw\u2026"),
                   "Take the record out of the list and the exports, keeping everything, with a reason");
    record->Append(id_restore, wxString(L"Re&store\u2026"),
                   "Bring withdrawn records chosen in the list back into the list and the exports");
    // No key of its own: nothing that cannot be undone is one keystroke away.
    record->Append(id_erase, wxString(L"&Erase\u2026"),
                   "Remove the record's content from the database for good, with a reason the audit log keeps");
    record->AppendSeparator();
    record->AppendCheckItem(id_history, "&History\tCtrl+H",
                            "Every change to the record in front, who made it and when, field by field");
    record->Append(id_refresh_list, "&Refresh list\tF5", "Read the record list again");
    auto* view = new wxMenu;
    view->Append(id_pictures, wxString(L"&Pictures of these records\u2026\tCtrl+Shift+P"),
                 "The pictures of the views of the form chosen on the left, or of the record in front");
    auto* help = new wxMenu;
    help->Append(wxID_HELP, "Formwork &help\tF1", "The guide to this window (docs/app.md), in your viewer");
    help->Append(id_plugins_dialog, wxString(L"&Plugins\u2026"), "What loaded, and every plugin file refused, with why");
    help->Append(wxID_ABOUT, "&About Formwork");
    auto* bar = new wxMenuBar;
    bar->Append(file, "&File");
    bar->Append(edit, "&Edit");
    bar->Append(view, "&View");
    bar->Append(record, "&Record");
    bar->Append(help, "&Help");
    SetMenuBar(bar);

    Bind(wxEVT_MENU, [this](wxCommandEvent&) { new_record_from_selection(); }, wxID_NEW);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        if (auto* editor = current_editor()) editor->save_now();
    }, wxID_SAVE);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        if (auto* editor = current_editor()) {
            close_editor(editor);
            return;
        }
        const int selected = notebook_->GetSelection();
        if (selected != wxNOT_FOUND && dynamic_cast<ViewsPanel*>(notebook_->GetPage(static_cast<std::size_t>(selected))))
            notebook_->DeletePage(static_cast<std::size_t>(selected));
    }, wxID_CLOSE);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { choose_database_file(false); }, id_open_database);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { choose_database_file(true); }, id_new_database);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { connect_to_server(); }, id_connect_server);
    Bind(wxEVT_MENU, [this](wxCommandEvent& event) {
        open_recent(static_cast<std::size_t>(event.GetId() - id_recent_first));
    }, id_recent_first, id_recent_last);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { show_preferences(); }, wxID_PREFERENCES);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        if (auto* editor = current_editor()) editor->undo();
    }, wxID_UNDO);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        if (auto* editor = current_editor()) editor->redo();
    }, wxID_REDO);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) {
        auto* editor = current_editor();
        event.Enable(editor != nullptr && editor->can_undo());
    }, wxID_UNDO);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) {
        auto* editor = current_editor();
        event.Enable(editor != nullptr && editor->can_redo());
    }, wxID_REDO);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        if (auto* editor = current_editor()) editor->validate_now();
    }, id_validate);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        if (auto* editor = current_editor()) editor->focus_next_problem();
    }, id_next_problem);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        if (auto* editor = current_editor()) editor->ask_to_reopen();
    }, id_reopen);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { erase_record(); }, id_erase);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { duplicate_record(); }, id_duplicate);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(can_duplicate()); }, id_duplicate);
    Bind(wxEVT_MENU, [this](wxCommandEvent& event) {
        const auto index = static_cast<std::size_t>(event.GetId() - id_next_first);
        if (index < next_commands_.size()) start_next_record(next_commands_[index].id);
    }, id_next_first, id_next_last);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) {
        const auto index = static_cast<std::size_t>(event.GetId() - id_next_first);
        event.Enable(index < next_commands_.size() && can_start_next(next_commands_[index].id));
    }, id_next_first, id_next_last);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { withdraw_records(); }, id_withdraw);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(can_withdraw()); }, id_withdraw);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { restore_records(); }, id_restore);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(can_restore()); }, id_restore);
    // The record list's right-click menu (record_list_menu).
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open_chosen_record(false, false); }, id_list_open);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open_chosen_record(true, false); }, id_list_history);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open_chosen_record(false, true); }, id_list_print);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { export_records(ExportScope::selected_records); }, id_list_export);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(can_erase()); }, id_erase);
    Bind(wxEVT_MENU, [this](wxCommandEvent& event) { show_history(event.IsChecked()); }, id_history);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Check(history_shown()); }, id_history);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { record_list_->refresh(); }, id_refresh_list);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { print_preview(); }, id_print_preview);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { save_as_html(); }, id_save_html);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { export_records(); }, id_export);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { import_workbook(); }, id_import_workbook);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(!database_read_only()); }, id_import_workbook);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { show_pictures(); }, id_pictures);
    Bind(wxEVT_MENU, &MainFrame::on_about, this, wxID_ABOUT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open_help(); }, wxID_HELP);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        auto* dialog = plugins_dialog();
        if (running_under_test()) return;
        dialog->ShowModal();
        dialog->Destroy();
    }, id_plugins_dialog);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) {
        const int selected = notebook_->GetSelection();
        event.Enable(selected != wxNOT_FOUND && (current_editor() != nullptr ||
                                                 dynamic_cast<ViewsPanel*>(notebook_->GetPage(static_cast<std::size_t>(selected)))));
    }, wxID_CLOSE);
    for (const int id : {static_cast<int>(wxID_SAVE), static_cast<int>(id_validate),
                         static_cast<int>(id_next_problem), static_cast<int>(id_reopen), static_cast<int>(id_print_preview),
                         static_cast<int>(id_save_html)})
        Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(current_editor() != nullptr); }, id);
}

wxDialog* MainFrame::plugins_dialog() {
    // The same view as the Plugins tab, for someone who looks for it under Help.
    auto* dialog = new wxDialog(this, wxID_ANY, "Plugins", wxDefaultPosition, wxSize(900, 420),
                                wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    dialog->SetName("formwork-plugins-dialog");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* panel = new PluginsPanel(dialog, host_);
    sizer->Add(panel, wxSizerFlags(1).Expand().Border(wxALL, 6));
    sizer->Add(dialog->CreateStdDialogButtonSizer(wxCLOSE), wxSizerFlags().Expand().Border(wxALL, 6));
    dialog->SetSizer(sizer);
    dialog->SetEscapeId(wxID_CLOSE);
    dialog->Bind(wxEVT_BUTTON, [dialog](wxCommandEvent&) { dialog->EndModal(wxID_CLOSE); }, wxID_CLOSE);
    return dialog;
}

std::filesystem::path MainFrame::help_document() {
    // Installed: share/doc/formwork beside the program's bin folder; built: the source's docs.
    std::error_code ignored;
    const auto program = std::filesystem::read_symlink("/proc/self/exe", ignored);
    if (!program.empty()) {
        const auto installed = program.parent_path().parent_path() / "share" / "doc" / "formwork" / "app.md";
        if (std::filesystem::exists(installed, ignored)) return installed;
    }
    const std::filesystem::path built = FORMWORK_DOCS_DIR "/app.md";
    if (std::filesystem::exists(built, ignored)) return built;
    return {};
}

void MainFrame::open_help() {
    const auto document = help_document();
    if (document.empty()) {
        report_problem("The guide (app.md) is not installed beside Formwork, nor found where it was built.");
        return;
    }
    if (running_under_test()) return;  // nobody to read it; the tests check help_document()
    if (!wxLaunchDefaultApplication(wxString::FromUTF8(document.string())))
        report_problem("Could not open " + wxString::FromUTF8(document.string()) + " in a viewer.");
}

void MainFrame::on_about(wxCommandEvent&) {
    wxAboutDialogInfo about;
    about.SetName("Formwork");
    about.SetVersion(formwork::program_version);
    about.SetDescription("Governance forms for councils: equality impact assessments, report "
                         "approval trails and meeting attendance.\nPlugin SDK " +
                         forms::describe_sdk_version(sdk::sdk_version));
    wxAboutBox(about, this);
}

std::optional<MainFrame::PrintableRecord> MainFrame::record_for_printing() {
    auto* editor = current_editor();
    if (editor == nullptr) {
        report_problem("Open a record first: printing prints the record in front.", "Print");
        return std::nullopt;
    }
    // Saved first, so that the revision the document names is the one in the database.
    if (!editor->save_now()) {
        const wxString why = editor->session().conflict()
                                 ? wxString("someone else saved it since you opened it; save it (Ctrl+S) and choose "
                                            "which version to keep")
                                 : editor->save_state_text();
        report_problem("\"" + from_utf8(editor->session().title()) + "\" was not printed, because it could not be saved (" +
                           why + ").",
                       "Print");
        return std::nullopt;
    }
    const auto& record = editor->session().record();
    auto form = registry_.find(record.meta.form_id, record.meta.form_version);
    if (!form) {
        report_problem("The form of this record is no longer loaded, so it cannot be printed.", "Print");
        return std::nullopt;
    }
    return PrintableRecord{std::move(form), record};
}

bool MainFrame::print_preview() {
    const auto printable = record_for_printing();
    if (!printable) return false;
    // The preview is a window of its own, which the tests find and close.
    return printer_->preview(*printable->form, printable->record, this);
}

bool MainFrame::save_as_html() {
    const auto printable = record_for_printing();
    if (!printable) return false;
    if (running_under_test()) return true;  // the file dialog would wait for a person
    return printer_->save_html_as(*printable->form, printable->record, this, store_->location());
}

ExportContext MainFrame::export_context() const {
    ExportContext context;
    if (auto* editor = current_editor()) {
        context.current_record_id = editor->record_id();
        context.current_record_title = from_utf8(editor->session().title());
    }
    // Every record chosen in the list (Export these… in its right-click menu), but the
    // withdrawn ones, which exports leave out.
    std::vector<forms::ListRow> chosen;
    for (auto& row : record_list_->selected_rows())
        if (!row.withdrawn) chosen.push_back(std::move(row));
    for (const auto& row : chosen) context.selected_record_ids.push_back(row.id);
    if (chosen.size() == 1) {
        const auto& selected = chosen.front().id;
        context.selected_description = from_utf8(chosen.front().title.empty() ? selected : chosen.front().title);
        try {
            if (const auto record = store_->load(selected))
                if (const auto form = registry_.find(record->meta.form_id, record->meta.form_version))
                    context.selected_description = from_utf8(forms::record_title(*form, *record));
        } catch (const std::exception&) {
            // named as the list names it
        }
    } else if (chosen.size() > 1) {
        context.selected_description = wxString::Format("%zu records", chosen.size());
    }
    context.form = navigator_->selected_form();
    context.database = store_->location();
    context.remembered = preferences_.last_export;
    std::error_code error;
    const std::filesystem::path documents(wxStandardPaths::Get().GetDocumentsDir().utf8_string());
    const std::filesystem::path last_folder(context.remembered.folder.utf8_string());
    context.folder = !last_folder.empty() && std::filesystem::is_directory(last_folder, error) ? last_folder
                     : std::filesystem::is_directory(documents, error)                       ? documents
                                                          : std::filesystem::path(wxGetHomeDir().utf8_string());
    return context;
}

ExportOutcome MainFrame::run_export(const ExportRequest& request, sdk::ExportProgress* progress) {
    auto outcome = ui::run_export({*store_, registry_, user_}, request, progress);
    update_history(true);  // an export is an entry in the history of each record it wrote
    return outcome;
}

ExportOutcome MainFrame::export_with_progress(const ExportRequest& request) {
    ExportOutcome outcome;
    {
        wxProgressDialog dialog("Export", wxString(L"Counting the records\u2026"), ProgressDialogDelegate::range, this,
                                wxPD_CAN_ABORT | wxPD_APP_MODAL | wxPD_AUTO_HIDE | wxPD_ELAPSED_TIME);
        dialog.SetName("export progress");
        ProgressDialogDelegate delegate(dialog);
        outcome = run_export(request, &delegate);
        dialog.Update(ProgressDialogDelegate::range);  // done: hidden
    }
    SetStatusText(outcome.message.BeforeFirst('\n'), 0);
    return outcome;
}

void MainFrame::export_records(std::optional<ExportScope> scope) {
    if (!modal_dialogs_allowed()) {
        report_problem(wxString(L"Export\u2026 asks a person; under test, run_export is called directly."), "Export");
        return;
    }
    // The export reads the database: what is typed goes there first (as it would within seconds).
    for (auto* editor : editors())
        if (editor->session().dirty()) editor->save_now();
    ExportRequest request;
    ExportOutcome outcome;
    {
        // The export runs from the dialog, which stays open, as it was, after a refusal.
        auto context = export_context();
        if (scope) context.remembered.scope = scope_name(*scope);
        ExportDialog dialog(this, registry_, std::move(context));
        dialog.set_runner([this](const ExportRequest& asked) {
            if (const auto choices = choices_of(asked); choices != preferences_.last_export) {
                preferences_.last_export = choices;
                save_preferences();
            }
            if (asked.scope == ExportScope::this_record && !asked.record_ids.empty())
                if (auto* editor = editor_for(asked.record_ids.front());
                    editor != nullptr && (editor->session().dirty() || editor->session().conflict())) {
                    ExportOutcome unsaved;
                    unsaved.message = "\"" + from_utf8(editor->session().title()) +
                                      "\" was not exported, because its changes could not be saved (" +
                                      editor->save_state_text() + ").";
                    return unsaved;
                }
            return export_with_progress(asked);
        });
        if (dialog.ShowModal() != wxID_OK) return;
        request = dialog.request();
        outcome = dialog.outcome();
    }

    // The dialog closes with OK only once the file is written.
    wxMessageDialog done(this, outcome.message, "Export", wxYES_NO | wxICON_INFORMATION);
    done.SetYesNoLabels("&Open folder", "&Close");
    if (done.ShowModal() == wxID_YES) {
        const auto folder = request.output.has_parent_path() ? request.output.parent_path() : std::filesystem::current_path();
        if (!wxLaunchDefaultApplication(from_utf8(folder.string())))
            report_problem("The folder " + from_utf8(folder.string()) + " could not be opened.", "Export");
    }
}

bool MainFrame::database_read_only() const {
    // A server connection says so only when a write is refused: the erasure's refusal is shown.
    return !store_->read_only_reason().empty();
}

std::optional<MainFrame::EraseTarget> MainFrame::erase_target() const {
    auto* editor = current_editor();
    EraseTarget target;
    target.id = editor != nullptr ? editor->record_id() : record_list_->selected_record_id();
    if (target.id.empty()) return std::nullopt;
    target.title = from_utf8(target.id);
    wxString form_title, status;
    if (editor != nullptr) {
        const auto& session = editor->session();
        target.title = from_utf8(session.title());
        form_title = from_utf8(session.form().title);
        status = from_utf8(session.form().lifecycle.label_of(session.record().meta.status));
    } else {
        try {
            if (const auto record = store_->load(target.id)) {
                form_title = from_utf8(record->meta.form_id);
                status = from_utf8(record->meta.status);
                if (const auto form = registry_.find(record->meta.form_id, record->meta.form_version)) {
                    target.title = from_utf8(forms::record_title(*form, *record));
                    form_title = from_utf8(form->title);
                    status = from_utf8(form->lifecycle.label_of(record->meta.status));
                }
            }
        } catch (const std::exception&) {
            // named by its id; erasing says what is wrong
        }
    }
    target.details = form_title.empty() ? wxString::Format(_("Record %s"), from_utf8(target.id))
                                        : wxString::Format(_("%s, %s; record %s"), form_title, status, from_utf8(target.id));
    return target;
}

bool MainFrame::can_erase() const {
    // One record at a time: what cannot be undone is never done to several by one answer.
    return (current_editor() != nullptr || record_list_->selected_count() == 1) && !database_read_only();
}

bool MainFrame::erase_record() {
    const auto target = erase_target();
    if (target && current_editor() == nullptr && record_list_->selected_count() > 1) {
        report_problem("Choose one record in the list to erase: erasing is done one record at a time.", "Erase");
        return false;
    }
    if (!target) {
        report_problem("Open the record to erase, or choose it in the list of records.", "Erase");
        return false;
    }
    if (database_read_only()) {
        report_problem("Nothing can be erased from " + from_utf8(store_->location()) +
                           ": it is read-only. Open it where it can be written.",
                       "Erase");
        return false;
    }
    if (!modal_dialogs_allowed()) {
        report_problem(wxString(L"Erase\u2026 asks a person twice; under test, only inside ModalDialogsAnswered."), "Erase");
        return false;
    }
    const auto reason = ask_to_erase(this, target->title, target->details);
    if (!reason) {
        SetStatusText("Nothing was erased.", 0);
        return false;
    }
    forms::EraseReport report;
    try {
        report = store_->erase(target->id, user_, *reason);
    } catch (const std::exception& e) {
        // Refused (a server's officer without the records managers' role, a record erased
        // elsewhere meanwhile): the store changed nothing, and neither does the window.
        report_problem("\"" + target->title + "\" was not erased: " + from_utf8(e.what()), "Erase");
        return false;
    }
    // The record is gone: its tab goes without saving, since a save (autosave's, or closing's)
    // would find no record to update. Nothing runs between the erasure and this, so no save can.
    if (auto* editor = editor_for(target->id)) {
        const int page = page_of(editor);
        const bool in_front = notebook_->GetSelection() == page;
        notebook_->DeletePage(static_cast<std::size_t>(page));
        if (in_front)
            if (const int records = page_of(record_list_); records != wxNOT_FOUND)
                notebook_->SetSelection(static_cast<std::size_t>(records));
    }
    record_list_->refresh();
    const wxString kept = wxString::Format(report.entries_erased == 1 ? "%ld audit entry keeps" : "%ld audit entries keep",
                                           report.entries_erased);
    SetStatusText("Erased \"" + target->title + "\": " + kept + " who did what and when", 0);
    wxString message = wxString::Format("Erased \"%s\": %s who did what and when, their values replaced by a "
                                        "tombstone. Entry %ld of the audit log records the erasure, with your name and "
                                        "reason.",
                                        target->title, kept, report.erase_entry);
    for (const auto& note : report.notes) message += "\n\n" + from_utf8(note);
    wxMessageBox(message, "Erase", wxOK | (report.notes.empty() ? wxICON_INFORMATION : wxICON_WARNING), this);
    return true;
}

ViewsPanel* MainFrame::show_pictures() {
    forms::FormDefinitionPtr form;
    std::vector<std::string> ids;
    wxString label;
    if (auto* editor = current_editor()) {
        // The pictures read the database: the record as typed, saved first.
        if (!editor->save_now()) {
            report_problem("\"" + from_utf8(editor->session().title()) +
                               "\" could not be saved, so its pictures would not show it as it is (" +
                               editor->save_state_text() + ").",
                           "Pictures");
            return nullptr;
        }
        const auto& meta = editor->session().record().meta;
        form = registry_.find(meta.form_id, meta.form_version);
        ids.push_back(meta.id);
        label = "Pictures: " + from_utf8(editor->session().title());
    } else {
        const auto chosen = navigator_->forms_in_selection();
        if (chosen.size() != 1) {
            report_problem("Choose a form on the left first: the pictures are of one form's records.", "Pictures");
            return nullptr;
        }
        form = registry_.latest(chosen.front());
        if (form) {
            // Every record of the form, page by page, as the list reads them.
            forms::ListQuery query;
            query.form = form->id;
            query.limit = 1000;
            try {
                for (;;) {
                    const auto page = store_->list(query);
                    for (const auto& row : page.rows) ids.push_back(row.id);
                    if (page.rows.empty() || (page.total_exact && ids.size() >= page.total)) break;
                    query.offset += page.rows.size();
                }
            } catch (const std::exception& e) {
                report_problem("The records of " + from_utf8(form->title) + " could not be read: " + from_utf8(e.what()),
                               "Pictures");
                return nullptr;
            }
            label = "Pictures: " + from_utf8(form->title);
        }
    }
    if (!form) {
        report_problem("The form of these records is not loaded.", "Pictures");
        return nullptr;
    }
    if (!form->extension) {
        report_problem("The plugin of " + from_utf8(form->title) + " draws no pictures.", "Pictures");
        return nullptr;
    }
    auto* panel = new ViewsPanel(notebook_, form, std::move(ids), store_->query());
    if (panel->view_count() == 0 && panel->problems_text().empty()) {
        panel->Destroy();
        report_problem("The plugin of " + from_utf8(form->title) + " draws no pictures of its records.", "Pictures");
        return nullptr;
    }
    panel->SetName("pictures");
    // The same pictures opened again: drawn afresh, in place of the old tab.
    for (std::size_t index = 0; index < notebook_->GetPageCount(); ++index)
        if (dynamic_cast<ViewsPanel*>(notebook_->GetPage(index)) != nullptr && notebook_->GetPageText(index) == label) {
            notebook_->DeletePage(index);
            break;
        }
    notebook_->AddPage(panel, label, true);
    if (auto* choice = panel->view_choice(); choice != nullptr && choice->IsEnabled()) choice->SetFocus();
    return panel;
}

void MainFrame::report_problem(const wxString& message, const wxString& caption) {
    if (!modal_dialogs_allowed()) {
        std::fprintf(stderr, "formwork: %s\n", static_cast<const char*>(message.utf8_str()));
        return;
    }
    wxMessageBox(message, caption, wxOK | wxICON_ERROR, this);
}

int MainFrame::page_of(const wxWindow* page) const {
    for (std::size_t index = 0; index < notebook_->GetPageCount(); ++index)
        if (notebook_->GetPage(index) == page) return static_cast<int>(index);
    return wxNOT_FOUND;
}

std::vector<RecordEditor*> MainFrame::editors() const {
    std::vector<RecordEditor*> found;
    for (std::size_t index = 0; index < notebook_->GetPageCount(); ++index)
        if (auto* editor = dynamic_cast<RecordEditor*>(notebook_->GetPage(index))) found.push_back(editor);
    return found;
}

RecordEditor* MainFrame::editor_for(const std::string& id) const {
    for (auto* editor : editors())
        if (editor->record_id() == id) return editor;
    return nullptr;
}

RecordEditor* MainFrame::current_editor() const {
    const int selected = notebook_->GetSelection();
    if (selected == wxNOT_FOUND) return nullptr;
    return dynamic_cast<RecordEditor*>(notebook_->GetPage(static_cast<std::size_t>(selected)));
}

RecordEditor* MainFrame::add_editor_page(RecordEditor* editor) {
    // Unattended runs cannot answer the editor's dialogs.
    if (running_under_test()) editor->set_interactive(false);
    notebook_->AddPage(editor, editor->tab_label(), true);
    // The problems pane as high as the person last made it.
    if (problems_height_ > 0) editor->set_problems_height(problems_height_);
    // The form's first field has the focus, so the keyboard (and Ctrl+P, Ctrl+S) work at once.
    editor->focus_first_field();
    return editor;
}

RecordEditor* MainFrame::open_record(const std::string& id) {
    if (auto* open = editor_for(id)) {
        notebook_->SetSelection(static_cast<std::size_t>(page_of(open)));
        return open;
    }
    try {
        const auto stored = store_->load(id);
        if (!stored) {
            report_problem("There is no record " + from_utf8(id) + " in " + from_utf8(store_->location()) + ".");
            return nullptr;
        }
        const auto& meta = stored->meta;
        // A withdrawn record's changes could not be saved: it is restored first.
        if (const auto withdrawal = store_->withdrawal(id)) {
            report_problem("This record was withdrawn on " + from_utf8(withdrawal->at) + " by " + from_utf8(withdrawal->by) +
                               " (\"" + from_utf8(withdrawal->reason) +
                               wxString(L"\"). Restore it (Record \u203a Restore\u2026) to open it; its history is in "
                                        L"the History panel (Ctrl+H) with it chosen in the list."),
                           "Open");
            return nullptr;
        }
        auto form = registry_.find(meta.form_id, meta.form_version);
        if (!form) {
            report_problem(wxString::Format("This record is of the form %s, version %d, which none of the loaded plugins "
                                            "provides, so it cannot be edited here.",
                                            from_utf8(meta.form_id), meta.form_version));
            return nullptr;
        }
        return add_editor_page(new RecordEditor(notebook_, forms::EditSession::open(*store_, std::move(form), id, user_)));
    } catch (const std::exception& e) {
        report_problem("The record " + from_utf8(id) + " could not be opened: " + from_utf8(e.what()));
        return nullptr;
    }
}

RecordEditor* MainFrame::new_record(const std::string& form_id) {
    auto form = registry_.latest(form_id);
    if (!form) {
        report_problem("No loaded plugin provides the form " + from_utf8(form_id) + ".");
        return nullptr;
    }
    try {
        auto* editor = add_editor_page(new RecordEditor(notebook_, forms::EditSession::create(*store_, std::move(form), user_)));
        record_list_->refresh();
        return editor;
    } catch (const std::exception& e) {
        report_problem("A new " + from_utf8(form_id) + " record could not be made: " + from_utf8(e.what()));
        return nullptr;
    }
}

RecordEditor* MainFrame::new_record_from_selection() {
    const auto forms = navigator_->forms_in_selection();
    if (forms.empty()) {
        report_problem("No forms are loaded: the Plugins tab says why.");
        return nullptr;
    }
    if (forms.size() == 1) return new_record(forms.front());

    std::vector<std::pair<wxString, std::string>> choices;  // title, id
    for (const auto& id : forms) {
        const auto form = registry_.latest(id);
        choices.emplace_back(from_utf8(form ? form->title : id), id);
    }
    std::sort(choices.begin(), choices.end());
    wxArrayString titles;
    for (const auto& choice : choices) titles.Add(choice.first);
    wxSingleChoiceDialog dialog(this, "Which form is the new record of?", "New record", titles);
    dialog.SetName("new record form");
    if (dialog.ShowModal() != wxID_OK) return nullptr;
    const int chosen = dialog.GetSelection();
    if (chosen < 0) return nullptr;
    return new_record(choices[static_cast<std::size_t>(chosen)].second);
}

bool MainFrame::close_editor(RecordEditor* editor) {
    const int page = page_of(editor);
    if (page == wxNOT_FOUND) return false;
    if (!editor->prepare_to_close()) return false;
    const bool in_front = notebook_->GetSelection() == page;
    notebook_->DeletePage(static_cast<std::size_t>(page));
    // The list of records comes to the front, not whichever tab was beside the closed one.
    if (in_front)
        if (const int records = notebook_->FindPage(record_list_); records != wxNOT_FOUND)
            notebook_->SetSelection(static_cast<std::size_t>(records));
    record_list_->refresh_soon();
    return true;
}

void MainFrame::on_editor_state(wxCommandEvent& event) {
    if (IsBeingDeleted()) return;
    auto* editor = dynamic_cast<RecordEditor*>(event.GetEventObject());
    const int page = page_of(editor);
    if (editor == nullptr || page == wxNOT_FOUND) return;
    notebook_->SetPageText(static_cast<std::size_t>(page), editor->tab_label());
    // Saved: the list shows the new title, status and time, and the history the new entry.
    if (!editor->session().dirty()) {
        record_list_->refresh_soon();
        if (editor == current_editor()) update_history();
    }
}

void MainFrame::on_close(wxCloseEvent& event) {
    for (auto* editor : editors()) {
        if (editor->prepare_to_close() || !event.CanVeto()) continue;
        // They chose to keep this record open: show it, and stay.
        notebook_->SetSelection(static_cast<std::size_t>(page_of(editor)));
        event.Veto();
        return;
    }
    if (memory_file_) save_window_memory();
    event.Skip();  // the default handler destroys the frame
}

}  // namespace formwork::ui
