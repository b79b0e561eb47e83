// Withdrawing, restoring and copying records from the record list and the Record menu
// (docs/app.md, "Withdrawing and restoring records", "New record from this one"), in a real
// window under Xvfb over a real SQLite file, and again (CTest) on the test PostgreSQL cluster. Keys and clicks come through wxUIActionSimulator;
// the questions and the right-click menu are answered from a GLib timeout, as a person answers
// them (dialog_answerer.hpp):
// - Delete on a chosen row asks for a reason, with Cancel the default; cancelled it withdraws
//   nothing, answered it withdraws the record with the reason in the audit log;
// - the right-click menu withdraws, restores, shows the history and exports the chosen rows,
//   and its items that do not apply are off;
// - the list's filter shows withdrawn rows, marked "(withdrawn)", and the window remembers it;
// - two rows chosen with Ctrl+click are withdrawn by one answer;
// - New record from this one (Ctrl+Shift+D) opens the copy, whose audit entry names its source;
// - withdrawing an open record saves what was typed and closes its tab;
// - on a read-only database nothing of this can be chosen.
// Screenshots: withdraw-question.png, record-list-menu.png, record-list-withdrawn.png.
#include "dialog_answerer.hpp"
#include "export_dialog.hpp"
#include "history_panel.hpp"
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "screenshot_check.hpp"
#include "read_only_folder.hpp"
#include "shell_fixture.hpp"
#include "window_memory.hpp"
#include "withdraw_dialog.hpp"

#include "temp_folder.hpp"

#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/menu.h>
#include <wx/notebook.h>
#include <wx/statusbr.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <gtk/gtk.h>

#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace forms = formwork::forms;
namespace ui = formwork::ui;
using Answerer = formwork::test::DialogAnswerer;
using Catch::Matchers::Contains;
using formwork::test::settle;
using formwork::test::wait_until;
using namespace std::chrono_literals;

namespace {

using Shell = formwork::test::SampleShell;

constexpr const char* reason_given = "Entered twice by mistake";

// --- the question -------------------------------------------------------------------------------

ui::WithdrawDialog* shown_question(const char* name) {
    auto* dialog = dynamic_cast<ui::WithdrawDialog*>(Answerer::shown_dialog(name));
    return dialog != nullptr && dialog->IsModal() ? dialog : nullptr;
}

struct Seen {
    bool shown = false;
    std::string heading;
    std::string explanation;
    bool action_off_without_reason = false;
    bool cancel_is_default = false;
    bool action_is_default = false;
};

// A step answering the withdraw or restore question: what it shows is noted (and saved as a
// screenshot when `screenshot` names one), then `reason` is typed and Withdraw or Restore
// pressed, or Cancel when `cancel`.
Answerer::Step answer_question(const char* name, Seen& seen, std::string reason, bool cancel = false,
                               std::string screenshot = {}) {
    return [=, &seen] {
        auto* dialog = shown_question(name);
        if (dialog == nullptr) return false;
        seen.shown = true;
        seen.heading = dialog->heading()->GetLabelText().utf8_string();
        seen.explanation = dialog->explanation().utf8_string();
        std::replace(seen.explanation.begin(), seen.explanation.end(), '\n', ' ');
        seen.action_off_without_reason = !dialog->action_button()->IsEnabled();
        seen.cancel_is_default = dialog->GetDefaultItem() == dialog->cancel_button();
        seen.action_is_default = dialog->GetDefaultItem() == dialog->action_button();
        if (!screenshot.empty()) formwork::test::save_checked_screenshot(*dialog, screenshot, 4, 3);
        dialog->reason_box()->SetValue(wxString::FromUTF8(reason));
        if (cancel) {
            Answerer::press_later(*dialog->cancel_button());
        } else if (dialog->action_button()->IsEnabled()) {
            Answerer::press_later(*dialog->action_button());
        }  // else: left open, and the test fails on what was not done
        return true;
    };
}

// --- the right-click menu -----------------------------------------------------------------------

// The popup menu shown now (a GtkMenu in a popup window of its own), or null.
GtkMenuShell* shown_popup_menu() {
    GtkMenuShell* found = nullptr;
    GList* windows = gtk_window_list_toplevels();
    for (GList* item = windows; item != nullptr && found == nullptr; item = item->next) {
        auto* window = GTK_WIDGET(item->data);
        if (!GTK_IS_WINDOW(window) || !gtk_widget_get_mapped(window)) continue;
        GtkWidget* child = gtk_bin_get_child(GTK_BIN(window));
        if (child != nullptr && GTK_IS_MENU(child)) found = GTK_MENU_SHELL(child);
    }
    g_list_free(windows);
    return found;
}

std::string plain_label(GtkWidget* item) {
    const char* label = gtk_menu_item_get_label(GTK_MENU_ITEM(item));
    std::string text = label != nullptr ? label : "";
    text.erase(std::remove(text.begin(), text.end(), '_'), text.end());
    return text;
}

// Each item of the menu shown: its label (without mnemonics) and whether it can be chosen.
struct MenuSeen {
    std::vector<std::pair<std::string, bool>> items;
    bool chosen = false;
    bool enabled(const std::string& label) const {
        for (const auto& [text, on] : items)
            if (text.rfind(label, 0) == 0) return on;
        FAIL("no item " << label);
        return false;
    }
};

struct Activation {
    GtkMenuShell* menu;
    GtkWidget* item;
};

// Chooses the item from an idle moment of GLib's: its handler may show a modal dialog, which
// must not run inside the step that chose it (dialog_answerer.hpp).
gboolean activate_item(gpointer data) {
    std::unique_ptr<Activation> activation(static_cast<Activation*>(data));
    gtk_menu_shell_activate_item(activation->menu, activation->item, TRUE);
    return G_SOURCE_REMOVE;
}

// The whole screen as Xvfb shows it: a popup menu over the window is no wx window to draw.
void save_screen(const std::string& name) {
    const std::filesystem::path shot = formwork::test::screenshot_path(name);
    std::filesystem::create_directories(shot.parent_path());
    std::filesystem::remove(shot);
    GdkWindow* root = gdk_get_default_root_window();
    GdkPixbuf* picture = gdk_pixbuf_get_from_window(root, 0, 0, gdk_window_get_width(root), gdk_window_get_height(root));
    REQUIRE(picture != nullptr);
    const bool saved = gdk_pixbuf_save(picture, shot.c_str(), "png", nullptr, nullptr) != FALSE;
    g_object_unref(picture);
    REQUIRE(saved);
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
    const wxImage image(shot.string(), wxBITMAP_TYPE_PNG);
    REQUIRE(image.IsOk());
    CHECK(formwork::test::distinct_colours(image, 4) > 3);
}

// A step that waits for the right-click menu to be drawn, notes its items (and saves the
// screen when `screenshot` names a file), then chooses the item whose label starts with
// `label`; when that is off (or `label` is empty), the menu is closed with nothing chosen.
Answerer::Step choose_from_menu(std::string label, MenuSeen& seen, std::string screenshot = {}) {
    auto ticks = std::make_shared<int>(0);
    return [=, &seen] {
        auto* menu = shown_popup_menu();
        if (menu == nullptr) return false;
        if (++*ticks < 15) return false;  // laid out and drawn (a tick is 10 ms)
        seen.items.clear();
        GtkWidget* wanted = nullptr;
        GList* children = gtk_container_get_children(GTK_CONTAINER(menu));
        for (GList* child = children; child != nullptr; child = child->next) {
            auto* item = GTK_WIDGET(child->data);
            if (!GTK_IS_MENU_ITEM(item) || GTK_IS_SEPARATOR_MENU_ITEM(item)) continue;
            const auto text = plain_label(item);
            seen.items.emplace_back(text, gtk_widget_get_sensitive(item) != FALSE);
            if (!label.empty() && text.rfind(label, 0) == 0 && gtk_widget_get_sensitive(item)) wanted = item;
        }
        g_list_free(children);
        if (!screenshot.empty()) save_screen(screenshot);
        if (wanted == nullptr) {
            gtk_menu_shell_deactivate(menu);
            return true;
        }
        seen.chosen = true;
        g_idle_add(&activate_item, new Activation{menu, wanted});
        return true;
    };
}

// --- the list -----------------------------------------------------------------------------------

std::optional<std::size_t> row_of(ui::RecordListPanel& list, const std::string& id) {
    for (std::size_t row = 0; row < list.row_count(); ++row)
        if (list.record_id_at(row) == id) return row;
    return std::nullopt;
}

bool listed(ui::RecordListPanel& list, const std::string& id) {
    list.refresh();
    return row_of(list, id).has_value();
}

// Where a row is on the screen, in its title column, scrolled into view first.
wxPoint row_on_screen(ui::RecordListPanel& list, std::size_t row) {
    auto* view = list.view();
    view->EnsureVisible(list.item_at(row));
    settle();
    const wxRect rect = view->GetItemRect(list.item_at(row), view->GetColumn(0));
    REQUIRE(rect.height > 0);
    return view->ClientToScreen(wxPoint(rect.x + std::min(rect.width / 2, 120), rect.y + rect.height / 2));
}

// A click on a row with the mouse, as a person clicks (right: the right-click menu).
void click_row(ui::RecordListPanel& list, std::size_t row, int button = wxMOUSE_BTN_LEFT, bool control = false) {
    wxUIActionSimulator mouse;
    mouse.MouseMove(row_on_screen(list, row));
    settle(5);
    if (control) mouse.KeyDown(WXK_CONTROL);
    mouse.MouseClick(button);
    if (control) mouse.KeyUp(WXK_CONTROL);
}

// The filter of withdrawn records chosen as a person chooses it: the choice's event follows.
void choose_withdrawn_filter(ui::RecordListPanel& list, int index) {
    auto* choice = list.withdrawn_choice();
    choice->SetSelection(index);
    wxCommandEvent chosen(wxEVT_CHOICE, choice->GetId());
    chosen.SetEventObject(choice);
    chosen.SetInt(index);
    choice->ProcessWindowEvent(chosen);
    settle(5);
}

// Whether the Record menu's item can be chosen now, as the menu shows it once brought up to date.
bool record_item_enabled(ui::MainFrame& frame, const wxString& label) {
    auto* bar = frame.GetMenuBar();
    const int item = bar->FindMenuItem("Record", label);
    REQUIRE(item != wxNOT_FOUND);
    frame.UpdateWindowUI(wxUPDATE_UI_RECURSE);
    bar->UpdateMenus();
    return bar->IsEnabled(item);
}

// A Record menu item chosen (when it can be).
void choose_record_item(ui::MainFrame& frame, const wxString& label) {
    REQUIRE(record_item_enabled(frame, label));
    const int item = frame.GetMenuBar()->FindMenuItem("Record", label);
    wxCommandEvent chosen(wxEVT_MENU, item);
    chosen.SetEventObject(&frame);
    frame.ProcessWindowEvent(chosen);
}

// The list in front, with its keyboard focus, and the pointer over it.
void list_in_front(ui::MainFrame& frame) {
    auto& notebook = *frame.notebook();
    notebook.SetSelection(static_cast<std::size_t>(notebook.FindPage(frame.record_list())));
    frame.record_list()->view()->SetFocus();
    settle();
}

std::size_t choose_row(ui::RecordListPanel& list, const std::string& id) {
    const auto row = row_of(list, id);
    REQUIRE(row);
    REQUIRE(list.select_row(*row));
    settle(5);
    return *row;
}

// The audit entry's change at `path`: its new value, or nothing.
std::optional<std::string> change_at(const forms::AuditEntry& entry, const std::string& path) {
    for (const auto& change : entry.changes)
        if (change.path == path) return change.new_value;
    return std::nullopt;
}

// --- the window's memory and a read-only database -------------------------------------------------

// XDG_CONFIG_HOME set to a folder of the test's own while it runs, and put back after.
struct ConfigHome {
    ConfigHome() {
        if (const char* before = std::getenv("XDG_CONFIG_HOME")) previous = before;
        ::setenv("XDG_CONFIG_HOME", folder.path().c_str(), 1);
    }
    ~ConfigHome() {
        if (previous) ::setenv("XDG_CONFIG_HOME", previous->c_str(), 1);
        else ::unsetenv("XDG_CONFIG_HOME");
    }
    ConfigHome(const ConfigHome&) = delete;
    ConfigHome& operator=(const ConfigHome&) = delete;

    formwork::test::TempFolder folder;
    std::optional<std::string> previous;
};

using formwork::test::ReadOnlyFolder;

}  // namespace

TEST_CASE("Delete on a chosen row asks why, Cancel first; cancelled it withdraws nothing, answered it withdraws",
          "[record-actions]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    auto& list = *frame.record_list();
    // Complete: withdrawing is allowed in any status.
    const auto id = shell.id_titled("eia", "Youth Justice");
    REQUIRE_FALSE(id.empty());
    list_in_front(frame);
    choose_row(list, id);
    const auto entries_before = shell.history(id).size();

    {
        Seen seen;
        Answerer answerer;
        answerer.then(answer_question(ui::WithdrawDialog::withdraw_name, seen, reason_given, true));
        wxUIActionSimulator().Char(WXK_DELETE);
        CHECK(wait_until([&] { return answerer.done(); }, 10s));
        settle();
        CHECK(seen.shown);
        CHECK(seen.cancel_is_default);
        CHECK(seen.action_off_without_reason);
        CHECK_THAT(seen.heading, Contains("Withdraw \"") && Contains("Youth Justice"));
        INFO(seen.explanation);
        CHECK_THAT(seen.explanation, Contains("out of the list of records") && Contains("Everything is kept") &&
                                         Contains("Restore brings it back"));
    }
    CHECK_FALSE(shell.store->withdrawal(id));
    CHECK(listed(list, id));
    CHECK(shell.history(id).size() == entries_before);
    CHECK(frame.GetStatusBar()->GetStatusText(0) == "Nothing was withdrawn.");

    choose_row(list, id);
    list.view()->SetFocus();
    {
        Seen seen;
        Answerer answerer;
        answerer.then(answer_question(ui::WithdrawDialog::withdraw_name, seen, reason_given, false, "withdraw-question.png"));
        wxUIActionSimulator().Char(WXK_DELETE);
        CHECK(wait_until([&] { return answerer.done(); }, 10s));
        settle();
        CHECK(seen.shown);
    }
    const auto withdrawal = shell.store->withdrawal(id);
    REQUIRE(withdrawal);
    CHECK(withdrawal->reason == reason_given);
    CHECK(withdrawal->by == "gui-test");
    CHECK_FALSE(listed(list, id));
    const auto history = shell.history(id);
    REQUIRE(history.size() == entries_before + 1);
    CHECK(history.back().action == "withdraw");
    CHECK(change_at(history.back(), "meta/withdraw-reason") == std::optional<std::string>(reason_given));
    CHECK(shell.store->verify_trail().intact);
    CHECK_THAT(frame.GetStatusBar()->GetStatusText(0).utf8_string(), Contains("Withdrew \""));

    // Delete typed into the search box deletes text, and asks nothing.
    list.search_box()->SetFocus();
    list.search_box()->ChangeValue("Youth");
    list.search_box()->SetInsertionPoint(0);
    settle(5);
    {
        Seen seen;
        Answerer answerer;
        answerer.then(answer_question(ui::WithdrawDialog::withdraw_name, seen, reason_given, true));
        wxUIActionSimulator().Char(WXK_DELETE);
        wait_until([&] { return answerer.done(); }, 1500ms);
        CHECK_FALSE(seen.shown);
    }
    CHECK(list.search_box()->GetValue() == "outh");
}

TEST_CASE("the list's filter shows withdrawn rows, marked, and Restore... from the right-click menu brings one back",
          "[record-actions]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    auto& list = *frame.record_list();
    const auto id = shell.id_titled("eia", "Youth Justice");
    REQUIRE_FALSE(id.empty());
    const auto current = list.row_count();
    REQUIRE(current > 2);
    // Withdrawn elsewhere (formwork-cli withdraw), as the window's list reads it.
    shell.second_connection()->withdraw(id, "records-manager", "Superseded by the 2024 review");
    list.refresh();
    CHECK(list.row_count() == current - 1);
    CHECK_FALSE(row_of(list, id));
    CHECK(list.withdrawn_choice()->GetStringSelection() == "Current records");

    choose_withdrawn_filter(list, 1);  // Withdrawn only
    CHECK(list.query().withdrawn == forms::ListWithdrawn::only);
    REQUIRE(list.row_count() == 1);
    CHECK(list.record_id_at(0) == id);
    CHECK(list.row_at(0)->withdrawn);
    CHECK(list.text_at(0, ui::RecordListPanel::column_status).EndsWith(" (withdrawn)"));

    choose_withdrawn_filter(list, 2);  // Current and withdrawn
    CHECK(list.query().withdrawn == forms::ListWithdrawn::included);
    CHECK(list.row_count() == current);
    const auto row = row_of(list, id);
    REQUIRE(row);
    CHECK(list.text_at(*row, ui::RecordListPanel::column_status).EndsWith(" (withdrawn)"));
    std::size_t marked = 0;
    for (std::size_t index = 0; index < list.row_count(); ++index)
        if (list.text_at(index, ui::RecordListPanel::column_status).Contains("(withdrawn)")) ++marked;
    CHECK(marked == 1);
    // Shown unchosen, so that its grey stands out among current rows.
    list.view()->UnselectAll();
    list.view()->EnsureVisible(list.item_at(*row));
    formwork::test::save_checked_screenshot(frame, "record-list-withdrawn.png", 4, 3);

    choose_withdrawn_filter(list, 1);
    list_in_front(frame);
    // History on a withdrawn row, which does not open: the panel shows it, the list in front.
    {
        MenuSeen history_menu;
        Answerer answerer;
        answerer.then(choose_from_menu("History", history_menu));
        click_row(list, 0, wxMOUSE_BTN_RIGHT);
        CHECK(wait_until([&] { return answerer.done(); }, 10s));
        settle();
        CHECK(history_menu.chosen);
    }
    CHECK(frame.history_shown());
    CHECK(frame.history_panel()->record_id() == id);
    CHECK(frame.current_editor() == nullptr);
    const auto entries_before = shell.history(id).size();
    MenuSeen menu;
    Seen seen;
    {
        Answerer answerer;
        answerer.then(choose_from_menu("Restore", menu));
        answerer.then(answer_question(ui::WithdrawDialog::restore_name, seen, "Withdrawn in error"));
        click_row(list, 0, wxMOUSE_BTN_RIGHT);
        CHECK(wait_until([&] { return answerer.done(); }, 10s));
        settle();
    }
    REQUIRE(menu.chosen);
    // A withdrawn row: it restores, and shows its history; it does not open, copy or print.
    CHECK(menu.enabled("Restore"));
    CHECK(menu.enabled("History"));
    CHECK_FALSE(menu.enabled("Withdraw"));
    CHECK_FALSE(menu.enabled("Open"));
    CHECK_FALSE(menu.enabled("New record from this one"));
    CHECK_FALSE(menu.enabled("Print preview"));
    CHECK_FALSE(menu.enabled("Export these"));
    CHECK(seen.shown);
    CHECK(seen.action_is_default);  // restoring is harmless: a reason is optional
    CHECK_FALSE(seen.action_off_without_reason);
    CHECK_FALSE(shell.store->withdrawal(id));
    const auto history = shell.history(id);
    REQUIRE(history.size() == entries_before + 1);
    CHECK(history.back().action == "restore");
    CHECK(change_at(history.back(), "meta/restore-reason") == std::optional<std::string>("Withdrawn in error"));
    CHECK(list.row_count() == 0);  // none withdrawn now
    choose_withdrawn_filter(list, 0);
    CHECK(listed(list, id));
    CHECK(list.row_count() == current);
}

TEST_CASE("the right-click menu: a right-click chooses the row, Withdraw... withdraws it, History and Export these... "
          "act on the rows chosen",
          "[record-actions]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    auto& list = *frame.record_list();
    list_in_front(frame);
    REQUIRE(list.row_count() > 3);
    const auto first = list.record_id_at(1);
    const auto second = list.record_id_at(3);

    SECTION("Withdraw...") {
        list.select_row(0);
        settle(5);
        MenuSeen menu;
        Seen seen;
        {
            Answerer answerer;
            answerer.then(choose_from_menu("Withdraw", menu, "record-list-menu.png"));
            answerer.then(answer_question(ui::WithdrawDialog::withdraw_name, seen, reason_given));
            click_row(list, 1, wxMOUSE_BTN_RIGHT);
            CHECK(wait_until([&] { return answerer.done(); }, 10s));
            settle();
        }
        REQUIRE(menu.chosen);
        // The row clicked was chosen alone, and everything applies to a current record.
        for (const auto& [label, on] : menu.items) {
            INFO(label);
            CHECK(on == (label.rfind("Restore", 0) != 0));
        }
        CHECK(seen.shown);
        const auto withdrawal = shell.store->withdrawal(first);
        REQUIRE(withdrawal);
        CHECK(withdrawal->reason == reason_given);
        CHECK_FALSE(listed(list, first));
        CHECK_FALSE(shell.store->withdrawal(list.record_id_at(0)));
    }
    SECTION("History opens the record with the History panel") {
        CHECK_FALSE(frame.history_shown());
        MenuSeen menu;
        {
            Answerer answerer;
            answerer.then(choose_from_menu("History", menu));
            click_row(list, 1, wxMOUSE_BTN_RIGHT);
            CHECK(wait_until([&] { return answerer.done(); }, 10s));
            settle();
        }
        REQUIRE(menu.chosen);
        REQUIRE(frame.current_editor() != nullptr);
        CHECK(frame.current_editor()->record_id() == first);
        CHECK(frame.history_shown());
        // The menu's "Delete" is a label, not a key of the window's: Delete in a field of the
        // record now in front deletes text there, and asks nothing.
        frame.current_editor()->focus_first_field();
        settle(5);
        Seen seen;
        {
            Answerer answerer;
            answerer.then(answer_question(ui::WithdrawDialog::withdraw_name, seen, reason_given, true));
            wxUIActionSimulator().Char(WXK_DELETE);
            wait_until([&] { return answerer.done(); }, 1500ms);
        }
        CHECK_FALSE(seen.shown);
        CHECK_FALSE(shell.store->withdrawal(first));
    }
    SECTION("Export these... starts the export from the records chosen; with two, Open and History are off") {
        click_row(list, 1);
        settle(5);
        click_row(list, 3, wxMOUSE_BTN_LEFT, true);
        settle(5);
        REQUIRE(list.selected_count() == 2);
        MenuSeen menu;
        ui::ExportRequest asked;
        bool dialog_seen = false;
        {
            Answerer answerer;
            answerer.then(choose_from_menu("Export these", menu));
            answerer.then([&] {
                auto* dialog = dynamic_cast<ui::ExportDialog*>(Answerer::shown_dialog("export dialog"));
                if (dialog == nullptr || !dialog->IsModal()) return false;
                dialog_seen = true;
                asked = dialog->request();
                Answerer::press_later(*dialog->FindWindow(wxID_CANCEL));
                return true;
            });
            click_row(list, 3, wxMOUSE_BTN_RIGHT);
            CHECK(wait_until([&] { return answerer.done(); }, 10s));
            settle();
        }
        REQUIRE(menu.chosen);
        CHECK_FALSE(menu.enabled("Open"));
        CHECK_FALSE(menu.enabled("New record from this one"));
        CHECK_FALSE(menu.enabled("History"));
        CHECK_FALSE(menu.enabled("Print preview"));
        CHECK(menu.enabled("Withdraw"));
        CHECK_FALSE(menu.enabled("Restore"));
        REQUIRE(dialog_seen);
        CHECK(asked.scope == ui::ExportScope::selected_records);
        CHECK(asked.record_ids == std::vector<std::string>{first, second});
    }
}

TEST_CASE("two rows chosen with Ctrl+click are withdrawn by one answer to Delete", "[record-actions]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    auto& list = *frame.record_list();
    list_in_front(frame);
    REQUIRE(list.row_count() > 4);
    const auto before = list.row_count();
    const auto first = list.record_id_at(0);
    const auto second = list.record_id_at(2);
    click_row(list, 0);
    settle(5);
    click_row(list, 2, wxMOUSE_BTN_LEFT, true);
    settle(5);
    REQUIRE(list.selected_record_ids() == std::vector<std::string>{first, second});
    CHECK(record_item_enabled(frame, wxString(L"Withdraw\u2026")));
    CHECK_FALSE(record_item_enabled(frame, wxString(L"Restore\u2026")));
    CHECK_FALSE(record_item_enabled(frame, "New record from this one"));
    CHECK_FALSE(record_item_enabled(frame, wxString(L"Erase\u2026")));  // one record at a time

    Seen seen;
    {
        Answerer answerer;
        answerer.then(answer_question(ui::WithdrawDialog::withdraw_name, seen, reason_given));
        wxUIActionSimulator().Char(WXK_DELETE);
        CHECK(wait_until([&] { return answerer.done(); }, 10s));
        settle();
    }
    CHECK(seen.heading == "Withdraw 2 records?");
    for (const auto& id : {first, second}) {
        const auto withdrawal = shell.store->withdrawal(id);
        REQUIRE(withdrawal);
        CHECK(withdrawal->reason == reason_given);
        CHECK_FALSE(listed(list, id));
    }
    CHECK(list.row_count() == before - 2);

    // Both restored by one answer, from the filter that shows them.
    choose_withdrawn_filter(list, 1);
    REQUIRE(list.row_count() == 2);
    list.select_row(0);
    list.add_to_selection(1);
    settle(5);
    CHECK_FALSE(record_item_enabled(frame, wxString(L"Withdraw\u2026")));
    Seen restored;
    {
        Answerer answerer;
        answerer.then(answer_question(ui::WithdrawDialog::restore_name, restored, ""));
        choose_record_item(frame, wxString(L"Restore\u2026"));
        CHECK(answerer.done());
    }
    CHECK(restored.heading == "Restore 2 records?");
    CHECK_FALSE(shell.store->withdrawal(first));
    CHECK_FALSE(shell.store->withdrawal(second));
    // No reason given: the restore entry has none.
    CHECK_FALSE(change_at(shell.history(first).back(), "meta/restore-reason"));
    CHECK(list.row_count() == 0);
}

TEST_CASE("Record > Withdraw... on the record in front saves what was typed, then withdraws it and closes its tab; a "
          "withdrawn record does not open",
          "[record-actions]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    auto* editor = frame.new_record("motion");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    REQUIRE_FALSE(editor->session().set_value("title", "Motion typed and withdrawn"));
    editor->refresh_from_session();
    REQUIRE(editor->save_now());
    const auto id = editor->record_id();
    // Typed, not yet saved, as Withdraw… is chosen.
    REQUIRE_FALSE(editor->session().set_value("title", "Motion typed, then withdrawn"));
    REQUIRE(editor->session().dirty());
    CHECK(record_item_enabled(frame, "New record from this one"));
    CHECK_FALSE(record_item_enabled(frame, wxString(L"Restore\u2026")));

    Seen seen;
    {
        Answerer answerer;
        answerer.then(answer_question(ui::WithdrawDialog::withdraw_name, seen, reason_given));
        choose_record_item(frame, wxString(L"Withdraw\u2026"));
        CHECK(answerer.done());
    }
    CHECK(seen.heading == "Withdraw \"Motion typed, then withdrawn\"?");
    REQUIRE(shell.store->withdrawal(id));
    CHECK(frame.editor_for(id) == nullptr);
    CHECK(frame.notebook()->GetPage(static_cast<std::size_t>(frame.notebook()->GetSelection())) ==
          static_cast<wxWindow*>(frame.record_list()));
    CHECK(shell.stored_value(id, "title") == "Motion typed, then withdrawn");
    // Nothing saves it afterwards, and it does not open until restored.
    CHECK(frame.open_record(id) == nullptr);
    CHECK(frame.editor_for(id) == nullptr);
}

TEST_CASE("a record open here and withdrawn elsewhere: the status bar says its changes cannot be saved until it is "
          "restored",
          "[record-actions]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    const auto id = shell.id_titled("eia", "Youth Justice");
    REQUIRE(frame.open_record(id) != nullptr);
    settle();
    frame.check_changes_elsewhere();
    shell.second_connection()->withdraw(id, "records-manager", "Superseded");
    // A server's notice comes a moment later (LISTEN/NOTIFY); a file's is there at once.
    // Asked directly, without running the event loop, whose timer would ask first.
    std::size_t heard = 0;
    for (int attempt = 0; attempt < 500 && heard == 0; ++attempt) {
        heard = frame.check_changes_elsewhere();
        if (heard == 0) wxMilliSleep(10);
    }
    CHECK(heard == 1);
    const auto said = frame.GetStatusBar()->GetStatusText(0).utf8_string();
    INFO(said);
    CHECK_THAT(said, Contains("records-manager withdrew") && Contains("Youth Justice") &&
                         Contains("cannot be saved until it is restored"));
}

TEST_CASE("New record from this one (Ctrl+Shift+D) opens the copy in a tab, in its first status, its audit entry "
          "naming the source",
          "[record-actions]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    auto& list = *frame.record_list();
    const auto source = shell.id_titled("eia", "Youth Justice");  // complete: the copy starts as a draft
    REQUIRE_FALSE(source.empty());
    const auto before = list.row_count();

    SECTION("from the record in front, by its key") {
        REQUIRE(frame.open_record(source) != nullptr);
        settle();
        frame.Raise();
        wxUIActionSimulator().Char('d', wxMOD_CONTROL | wxMOD_SHIFT);
        CHECK(wait_until([&] { return frame.editors().size() == 2; }, 10s));
    }
    SECTION("from the list's right-click menu") {
        list_in_front(frame);
        const auto row = row_of(list, source);
        REQUIRE(row);
        MenuSeen menu;
        {
            Answerer answerer;
            answerer.then(choose_from_menu("New record from this one", menu));
            click_row(list, *row, wxMOUSE_BTN_RIGHT);
            CHECK(wait_until([&] { return answerer.done() && !frame.editors().empty(); }, 10s));
            settle();
        }
        REQUIRE(menu.chosen);
    }
    auto* copy = frame.current_editor();
    REQUIRE(copy != nullptr);
    const auto copy_id = copy->record_id();
    CHECK(copy_id != source);
    CHECK(copy->session().record().meta.status == "draft");
    CHECK_THAT(copy->session().title(), Contains("Youth Justice"));
    const auto history = shell.history(copy_id);
    REQUIRE_FALSE(history.empty());
    CHECK(history.front().action == "duplicate");
    REQUIRE_FALSE(history.front().changes.empty());
    CHECK(history.front().changes.front().path == "meta/duplicated-from");
    CHECK(history.front().changes.front().new_value == source);
    CHECK(listed(list, copy_id));
    CHECK(list.row_count() == before + 1);
    CHECK(shell.store->verify_trail().intact);
}

TEST_CASE("the list's filter of withdrawn records comes back after a restart", "[record-actions]") {
    REQUIRE(formwork::test::wx_started());
    ConfigHome config;
    formwork::test::SampleData data;
    const auto id = data.id_titled("eia", "Youth Justice");
    data.store->withdraw(id, "records-manager", "Superseded");

    auto* frame = new ui::MainFrame(data.host, data.registry, *data.store, "memory-test");
    frame->remember_window(ui::WindowMemoryFile(ui::WindowMemoryFile::standard_path()));
    frame->Show();
    settle();
    choose_withdrawn_filter(*frame->record_list(), 1);
    REQUIRE(frame->Close());
    for (int round = 0; round < 20 && wxTheApp->IsScheduledForDestruction(frame); ++round) wxTheApp->ProcessIdle();
    settle();
    const auto kept = ui::WindowMemoryFile(ui::WindowMemoryFile::standard_path()).load();
    REQUIRE(kept.list);
    CHECK(kept.list->withdrawn == "only");

    formwork::test::ShellWindow again(data, "memory-test");
    again.frame->remember_window(ui::WindowMemoryFile(ui::WindowMemoryFile::standard_path()));
    settle();
    auto& list = *again.frame->record_list();
    CHECK(list.query().withdrawn == forms::ListWithdrawn::only);
    CHECK(list.withdrawn_choice()->GetSelection() == 1);
    REQUIRE(list.row_count() == 1);
    CHECK(list.record_id_at(0) == id);
}

TEST_CASE("on a read-only database nothing can be withdrawn, restored or copied", "[record-actions][sqlite-file]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::SampleData data;
    const auto id = data.id_titled("eia", "Youth Justice");
    REQUIRE_FALSE(id.empty());
    // Another record, withdrawn: Restore… has something to act on, and is off all the same.
    std::string other;
    for (const auto& row : data.store->list({}).rows)
        if (row.id != id) other = row.id;
    REQUIRE_FALSE(other.empty());
    data.store->withdraw(other, "records-manager", "Superseded");
    data.store.reset();  // the last connection: the write-ahead log goes into the file
    {
        ReadOnlyFolder read_only(data.folder.path());
        data.store = forms::open_sqlite_store({data.database()});
        {
            formwork::test::ShellWindow window(data);
            auto& frame = *window.frame;
            REQUIRE(frame.database_read_only());
            auto& list = *frame.record_list();
            choose_withdrawn_filter(list, 2);
            choose_row(list, id);
            list.add_to_selection(*row_of(list, other));
            settle(5);
            REQUIRE(list.selected_count() == 2);
            CHECK_FALSE(frame.can_withdraw());
            CHECK_FALSE(frame.can_restore());
            CHECK_FALSE(record_item_enabled(frame, wxString(L"Withdraw\u2026")));
            CHECK_FALSE(record_item_enabled(frame, wxString(L"Restore\u2026")));
            std::unique_ptr<wxMenu> menu(frame.record_list_menu());
            CHECK_FALSE(menu->IsEnabled(ui::MainFrame::id_withdraw));
            CHECK_FALSE(menu->IsEnabled(ui::MainFrame::id_restore));
            CHECK(menu->IsEnabled(ui::MainFrame::id_list_export));  // a workbook can still be written
            choose_row(list, id);
            CHECK_FALSE(frame.can_duplicate());
            CHECK_FALSE(record_item_enabled(frame, "New record from this one"));
            // Asked anyway (Delete), it says why before asking anything.
            CHECK(frame.withdraw_records() == 0);
            CHECK_FALSE(data.store->withdrawal(id));
        }
        data.store.reset();  // before the folder can be written again
    }
}
