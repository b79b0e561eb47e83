// Record › Erase… in a real window under Xvfb, over a real SQLite file, its two questions
// answered from a GLib timeout as a person answers them (dialog_answerer.hpp):
// - cancelling at the first question or at the second erases nothing, and the tab stays;
// - Erase… is off until a reason is typed, and blanks are no reason;
// - answering both erases: the record is gone from the database and the list, its tab is
//   closed and nothing brings it back, and the audit log holds the erase entry with the
//   reason, its chain intact;
// - a refusal from the store is said, and nothing changes;
// - on a read-only database the menu item is off.
// Both questions are saved as screenshots (erase-first-question.png, erase-second-question.png).
#include "dialog_answerer.hpp"
#include "erase_dialog.hpp"
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "screenshot_check.hpp"
#include "read_only_folder.hpp"
#include "shell_fixture.hpp"

#include <formwork/store/audit_log.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <wx/button.h>
#include <wx/menu.h>
#include <wx/notebook.h>
#include <wx/statusbr.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <gtk/gtk.h>

#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace forms = formwork::forms;
using Answerer = formwork::test::DialogAnswerer;
using Catch::Matchers::Contains;
using formwork::test::settle;
using formwork::test::wait_until;
using namespace std::chrono_literals;

namespace {

using Shell = formwork::test::SampleShell;

constexpr const char* reason_given = "Subject access request SAR-2024-17";

formwork::ui::EraseDialog* erase_dialog() {
    auto* dialog = dynamic_cast<formwork::ui::EraseDialog*>(Answerer::shown_dialog(formwork::ui::EraseDialog::window_name));
    return dialog != nullptr && dialog->IsModal() ? dialog : nullptr;
}

// Whether Record > Erase… can be chosen now, as the menu shows it once its state is updated.
bool erase_item_enabled(formwork::ui::MainFrame& frame) {
    auto* bar = frame.GetMenuBar();
    const int item = bar->FindMenuItem("Record", wxString(L"Erase\u2026"));
    REQUIRE(item != wxNOT_FOUND);
    frame.UpdateWindowUI(wxUPDATE_UI_RECURSE);
    bar->UpdateMenus();
    return bar->IsEnabled(item);
}

// A new draft EIA titled `title`, saved, in its tab.
formwork::ui::RecordEditor* saved_draft(Shell& shell, const std::string& title) {
    auto* editor = shell.frame->new_record("eia");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    REQUIRE_FALSE(editor->session().set_value("title", title));
    editor->refresh_from_session();
    REQUIRE(editor->save_now());
    shell.frame->record_list()->refresh();
    settle();
    return editor;
}

bool listed(formwork::ui::RecordListPanel& list, const std::string& id) {
    list.refresh();
    for (std::size_t row = 0; row < list.row_count(); ++row)
        if (list.record_id_at(row) == id) return true;
    return false;
}

// GTK's message box is no wx window: it is drawn into an image the way save_window_screenshot
// draws one, and checked to show something.
void save_message_box_screenshot(GtkMessageDialog* box, const std::string& name) {
    const std::filesystem::path shot = std::filesystem::path(FORMWORK_SCREENSHOT_DIR) / name;
    std::filesystem::create_directories(shot.parent_path());
    std::filesystem::remove(shot);
    auto* widget = GTK_WIDGET(box);
    const int width = gtk_widget_get_allocated_width(widget);
    const int height = gtk_widget_get_allocated_height(widget);
    REQUIRE(width > 1);
    REQUIRE(height > 1);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    cairo_t* context = cairo_create(surface);
    gtk_widget_draw(widget, context);
    cairo_destroy(context);
    cairo_surface_flush(surface);
    const auto written = cairo_surface_write_to_png(surface, shot.c_str());
    cairo_surface_destroy(surface);
    REQUIRE(written == CAIRO_STATUS_SUCCESS);
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
    const wxImage picture(shot.string(), wxBITMAP_TYPE_PNG);
    REQUIRE(picture.IsOk());
    INFO(shot.string());
    CHECK(formwork::test::distinct_colours(picture, 4) > 3);
}

// The erase dialog answered with `reason` and Erase… pressed; its text kept.
Answerer::Step give_reason_and_erase(std::string& shown, const std::string& reason = reason_given) {
    return [&shown, reason] {
        auto* dialog = erase_dialog();
        if (dialog == nullptr) return false;
        shown = dialog->explanation().utf8_string();
        dialog->reason_box()->SetValue(wxString::FromUTF8(reason));
        if (!dialog->erase_button()->IsEnabled()) return true;  // the test then finds nothing erased and fails
        Answerer::press_later(*dialog->erase_button());
        return true;
    };
}

// The second question, once it is drawn: its text, whether "Keep it" is the default and the
// "yes" button's label kept, a screenshot saved when `screenshot` names one, `meanwhile` done,
// then answered.
Answerer::Step answer_second_question(GtkResponseType response, std::string& text, bool& keep_is_default,
                                      std::string& yes_label, std::string screenshot = {},
                                      std::function<void()> meanwhile = {}) {
    auto ticks = std::make_shared<int>(0);
    return [=, &text, &keep_is_default, &yes_label] {
        auto* box = Answerer::shown_message_box();
        if (box == nullptr || !gtk_widget_get_mapped(GTK_WIDGET(box))) return false;
        if (++*ticks < 15) return false;  // laid out and drawn (a tick is 10 ms)
        text = Answerer::text_of(box);
        auto* keep = gtk_dialog_get_widget_for_response(GTK_DIALOG(box), GTK_RESPONSE_NO);
        auto* yes = gtk_dialog_get_widget_for_response(GTK_DIALOG(box), GTK_RESPONSE_YES);
        keep_is_default = keep != nullptr && gtk_window_get_default_widget(GTK_WINDOW(box)) == keep;
        yes_label = yes != nullptr && GTK_IS_BUTTON(yes) && gtk_button_get_label(GTK_BUTTON(yes)) != nullptr
                        ? gtk_button_get_label(GTK_BUTTON(yes))
                        : "";
        if (!screenshot.empty()) save_message_box_screenshot(box, screenshot);
        if (meanwhile) meanwhile();
        gtk_dialog_response(GTK_DIALOG(box), response);
        return true;
    };
}

using formwork::test::ReadOnlyFolder;

}  // namespace

TEST_CASE("Record > Erase... asks twice; cancelled at either question, or without a reason, it erases nothing",
          "[erase]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;

    // Nothing in front and nothing chosen: nothing to erase.
    frame.notebook()->SetSelection(static_cast<std::size_t>(frame.notebook()->FindPage(frame.record_list())));
    frame.record_list()->view()->UnselectAll();
    settle();
    CHECK_FALSE(erase_item_enabled(frame));

    auto* editor = saved_draft(shell, "Erasure drill: a record that stays");
    const auto id = editor->record_id();
    const auto entries_before = shell.history(id).size();
    CHECK(erase_item_enabled(frame));

    SECTION("cancelled at the first question, where Erase... waits for a reason") {
        bool off_when_empty = false, off_when_blank = false, on_when_given = false, off_when_cleared = false;
        std::string asked;
        {
            Answerer answerer;
            answerer.then([&] {
                auto* dialog = erase_dialog();
                if (dialog == nullptr) return false;
                asked = dialog->explanation().utf8_string();
                off_when_empty = !dialog->erase_button()->IsEnabled();
                formwork::test::save_checked_screenshot(*dialog, "erase-first-question-no-reason.png", 4, 3);
                dialog->reason_box()->SetValue("   \t  ");
                off_when_blank = !dialog->erase_button()->IsEnabled();
                dialog->reason_box()->SetValue(reason_given);
                on_when_given = dialog->erase_button()->IsEnabled();
                dialog->reason_box()->SetValue("");
                off_when_cleared = !dialog->erase_button()->IsEnabled();
                Answerer::press_later(*dialog->FindWindow(wxID_CANCEL));
                return true;
            });
            CHECK_FALSE(frame.erase_record());
            CHECK(answerer.done());
        }
        CHECK(off_when_empty);
        CHECK(off_when_blank);
        CHECK(on_when_given);
        CHECK(off_when_cleared);
        // Wrapped to the dialog's width: its line breaks read as spaces.
        std::replace(asked.begin(), asked.end(), '\n', ' ');
        INFO(asked);
        CHECK_THAT(asked, Contains("cannot be undone") && Contains("who did what and when") && Contains("tombstone") &&
                              Contains("backups made before are not reached"));
    }
    SECTION("cancelled at the second question, whose default is to keep it") {
        std::string asked, question, yes_label;
        bool keep_is_default = false;
        {
            Answerer answerer;
            answerer.then(give_reason_and_erase(asked));
            answerer.then(answer_second_question(GTK_RESPONSE_NO, question, keep_is_default, yes_label));
            CHECK_FALSE(frame.erase_record());
            CHECK(answerer.done());
        }
        INFO(question);
        CHECK_THAT(question, Contains("Erase \"Erasure drill: a record that stays\" for good?") && Contains(reason_given));
        CHECK(keep_is_default);
        CHECK(yes_label == "_Erase for good");
    }

    // Nothing erased: the record, its tab, its list row and its audit entries are as they were.
    settle();
    REQUIRE(shell.store->load(id));
    CHECK(frame.editor_for(id) == editor);
    CHECK(listed(*frame.record_list(), id));
    const auto history = shell.history(id);
    CHECK(history.size() == entries_before);
    for (const auto& entry : history) {
        CHECK(entry.action != "erase");
        CHECK(entry.tombstone.empty());
    }
    CHECK(shell.store->verify_trail().erased.empty());
    CHECK(frame.GetStatusBar()->GetStatusText(0) == "Nothing was erased.");
}

TEST_CASE("Record > Erase..., both questions answered, erases the record: gone from the database and the list, its tab "
          "closed without saving, the erasure in the audit log with the reason",
          "[erase]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    // An ampersand, which a label would take for a mnemonic, shows as typed.
    const std::string title = "Erasure drill: Rosa Parkes's complaint & appeal";
    auto* editor = saved_draft(shell, title);
    const auto id = editor->record_id();
    REQUIRE(listed(*frame.record_list(), id));
    const auto listed_before = frame.record_list()->row_count();
    const auto entries_before = shell.history(id).size();
    REQUIRE(entries_before >= 2);
    REQUIRE(frame.current_editor() == editor);
    // Typed and not yet saved as the person answers: nothing may save it after the erasure.
    bool unsaved_at_erasure = false;
    const auto type_more = [&] {
        unsaved_at_erasure = !editor->session().set_value("title", title + ", still being typed") &&
                             editor->session().dirty();
    };

    std::string asked, question, yes_label, finished, heading;
    bool keep_is_default = false;
    {
        Answerer answerer;
        answerer.then([&] {
            auto* dialog = erase_dialog();
            if (dialog == nullptr) return false;
            dialog->reason_box()->SetValue(reason_given);
            heading = dialog->heading()->GetLabelText().utf8_string();
            formwork::test::save_checked_screenshot(*dialog, "erase-first-question.png", 4, 3);
            return true;
        });
        answerer.then(give_reason_and_erase(asked));
        answerer.then(answer_second_question(GTK_RESPONSE_YES, question, keep_is_default, yes_label,
                                             "erase-second-question.png", type_more));
        answerer.then(Answerer::answer_message_box(GTK_RESPONSE_OK, finished));
        CHECK(frame.erase_record());
        CHECK(answerer.done());
    }
    std::replace(heading.begin(), heading.end(), '\n', ' ');
    CHECK(heading == "Erase \"" + title + "\"?");
    INFO(question);
    CHECK(keep_is_default);
    CHECK(yes_label == "_Erase for good");
    CHECK_THAT(question, Contains("Erase \"" + title + "\" for good?") && Contains(reason_given));
    CHECK(unsaved_at_erasure);

    // Gone from the database (through the window's store and through another connection).
    CHECK_FALSE(shell.store->load(id));
    CHECK_FALSE(forms::open_sqlite_store({shell.database()})->load(id));
    // Gone from the list and the tabs; the list is in front.
    CHECK(frame.editor_for(id) == nullptr);
    CHECK(frame.editors().empty());
    CHECK(frame.notebook()->GetPage(static_cast<std::size_t>(frame.notebook()->GetSelection())) ==
          static_cast<wxWindow*>(frame.record_list()));
    CHECK_FALSE(listed(*frame.record_list(), id));
    CHECK(frame.record_list()->row_count() == listed_before - 1);
    // Said, with how many entries keep who did what and when.
    INFO(finished);
    CHECK_THAT(finished, Contains("Erased \"" + title) && Contains("audit entries keep who did what and when"));
    const auto status = frame.GetStatusBar()->GetStatusText(0).utf8_string();
    CHECK_THAT(status, Contains("Erased \"" + title) && Contains("audit entries keep who did what and when"));

    // The audit log: the record's entries keep who and when behind a tombstone with the
    // reason, the erase entry holds the reason, and the chain verifies.
    const auto history = shell.history(id);
    REQUIRE(history.size() >= entries_before + 1);
    const auto& erasure = history.back();
    CHECK(erasure.action == "erase");
    CHECK(erasure.by == "gui-test");
    bool reason_kept = false;
    for (const auto& change : erasure.changes)
        reason_kept = reason_kept || (change.path == "meta/erase-reason" && change.new_value == reason_given);
    CHECK(reason_kept);
    for (std::size_t i = 0; i + 1 < history.size(); ++i) {
        CHECK(history[i].by == "gui-test");
        const auto tombstone = forms::parse_tombstone(history[i].tombstone);
        REQUIRE(tombstone);
        CHECK(tombstone->reason == reason_given);
        CHECK(tombstone->erase_entry == erasure.sequence);
        for (const auto& change : history[i].changes) CHECK(change.new_value.find("Rosa Parkes") == std::string::npos);
    }
    const auto trail = shell.store->verify_trail();
    CHECK(trail.intact);
    REQUIRE_FALSE(trail.erased.empty());
    CHECK(trail.erased.front().record_id == id);
    CHECK(trail.erased.front().tombstone.reason == reason_given);

    // Nothing brings it back: no autosave, no save elsewhere heard, for longer than autosave waits.
    const auto until = std::chrono::steady_clock::now() + 3s;
    wait_until([&] { return std::chrono::steady_clock::now() > until; }, 5s);
    CHECK_FALSE(shell.store->load(id));
    CHECK(frame.check_changes_elsewhere() == 0);
    CHECK_FALSE(listed(*frame.record_list(), id));
    CHECK(shell.history(id).size() == history.size());
}

TEST_CASE("Record > Erase... acts on the record chosen in the list when none is in front", "[erase]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    const auto id = shell.id_titled("eia", "Youth Justice");  // complete: erasing is allowed in any status
    REQUIRE_FALSE(id.empty());
    auto& list = *frame.record_list();
    bool chosen = false;
    for (std::size_t row = 0; row < list.row_count() && !chosen; ++row)
        if (list.record_id_at(row) == id) chosen = list.select_row(row);
    REQUIRE(chosen);
    settle();
    REQUIRE(frame.current_editor() == nullptr);
    const auto target = frame.erase_target();
    REQUIRE(target);
    CHECK(target->id == id);
    CHECK(target->title.Contains("Youth Justice"));
    CHECK(erase_item_enabled(frame));

    std::string asked, question, yes_label, finished;
    bool keep_is_default = false;
    {
        Answerer answerer;
        answerer.then(give_reason_and_erase(asked));
        answerer.then(answer_second_question(GTK_RESPONSE_YES, question, keep_is_default, yes_label));
        answerer.then(Answerer::answer_message_box(GTK_RESPONSE_OK, finished));
        CHECK(frame.erase_record());
        CHECK(answerer.done());
    }
    CHECK_THAT(question, Contains("Youth Justice"));
    CHECK_FALSE(shell.store->load(id));
    CHECK_FALSE(listed(list, id));
    CHECK(shell.store->verify_trail().intact);
}

TEST_CASE("Record > Erase... refused by the store says why, and nothing changes", "[erase]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    auto& frame = *shell.frame;
    auto* editor = saved_draft(shell, "Erasure drill: erased meanwhile elsewhere");
    const auto id = editor->record_id();
    // Someone else erases it while it is open here; the window does not know yet.
    forms::open_sqlite_store({shell.database()})->erase(id, "records manager", "Erased at the other desk");
    const auto head = shell.store->verify_trail().head_digest;

    std::string asked, question, yes_label, refusal;
    bool keep_is_default = false;
    {
        Answerer answerer;
        answerer.then(give_reason_and_erase(asked, "A second request"));
        answerer.then(answer_second_question(GTK_RESPONSE_YES, question, keep_is_default, yes_label));
        answerer.then(Answerer::answer_message_box(GTK_RESPONSE_OK, refusal));
        CHECK_FALSE(frame.erase_record());
        CHECK(answerer.done());
    }
    INFO(refusal);
    CHECK_THAT(refusal, Contains("was not erased") && Contains("no record " + id));
    // The window is as it was: the tab stays; the audit log has nothing new.
    CHECK(frame.editor_for(id) == editor);
    CHECK(shell.store->verify_trail().head_digest == head);
}

TEST_CASE("Record > Erase... is off on a read-only database", "[erase]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::SampleData data;
    const auto id = data.id_titled("eia", "Youth Justice");
    REQUIRE_FALSE(id.empty());
    data.store.reset();  // the last connection: the write-ahead log goes into the file
    {
        ReadOnlyFolder read_only(data.folder.path());
        data.store = forms::open_sqlite_store({data.database()});
        {
            formwork::test::ShellWindow window(data);
            auto& frame = *window.frame;
            CHECK(frame.database_read_only());
            auto& list = *frame.record_list();
            REQUIRE(list.row_count() > 0);
            REQUIRE(list.select_row(0));
            settle();
            CHECK_FALSE(erase_item_enabled(frame));
            REQUIRE(frame.open_record(id) != nullptr);
            settle();
            CHECK_FALSE(erase_item_enabled(frame));
            // Asked anyway (a key, a test), it says why before asking anything.
            CHECK_FALSE(frame.erase_record());
            CHECK(data.store->load(id));
        }
        data.store.reset();  // before the folder can be written again
    }
}
