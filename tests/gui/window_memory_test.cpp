// The main window remembers (docs/app.md, "What the window remembers"): a real window under
// Xvfb over a real SQLite file, with XDG_CONFIG_HOME pointing at a folder of the test's own.
// Its size and place, its sashes, the History panel, its tabs (in order, with the one in
// front) and the record list's filter and sort are set, the window is closed as a person
// closes it, and a new window over the same database and settings has them back:
// - a tab whose record was erased meanwhile is left out, with a note in the status bar and no
//   box;
// - tabs belong to their database: another database opens without them, and they come back
//   with their own;
// - a place no display shows any more comes back on the primary display;
// - the memory file reads back what was written, maximised or not, and a damaged one is no
//   reason to stop.
#include "form_navigator.hpp"
#include "gui_session.hpp"
#include "history_panel.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "shell_fixture.hpp"
#include "window_memory.hpp"

#include "temp_folder.hpp"

#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <wx/display.h>
#include <wx/notebook.h>
#include <wx/splitter.h>
#include <wx/statusbr.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace forms = formwork::forms;
namespace ui = formwork::ui;
using formwork::test::settle;

namespace {

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

// A window as formwork makes one: its memory given before it is shown.
ui::MainFrame* remembering_window(formwork::test::ShellData& data) {
    auto* frame = new ui::MainFrame(data.host, data.registry, *data.store, "memory-test");
    frame->remember_window(ui::WindowMemoryFile(ui::WindowMemoryFile::standard_path()));
    frame->Show();
    settle();
    return frame;
}

// Closed as a person closes it (File > Quit, the title bar's cross): saved on the way.
void close_window(ui::MainFrame* frame) {
    REQUIRE(frame->Close());
    for (int round = 0; round < 20 && wxTheApp->IsScheduledForDestruction(frame); ++round) wxTheApp->ProcessIdle();
    REQUIRE_FALSE(wxTheApp->IsScheduledForDestruction(frame));
    settle();
}

// A window destroyed when the test ends, however it ends.
struct Destroyed {
    ui::MainFrame*& frame;
    ~Destroyed() {
        if (frame == nullptr) return;
        if (!wxTheApp->IsScheduledForDestruction(frame)) frame->Destroy();
        for (int round = 0; round < 20 && wxTheApp->IsScheduledForDestruction(frame); ++round) wxTheApp->ProcessIdle();
        frame = nullptr;
        settle();
    }
};

std::string saved_motion(ui::MainFrame& frame, const std::string& title) {
    auto* editor = frame.new_record("motion");
    REQUIRE(editor != nullptr);
    REQUIRE_FALSE(editor->session().set_value("title", title));
    editor->refresh_from_session();
    REQUIRE(editor->save_now());
    return editor->record_id();
}

std::vector<std::string> open_tabs(const ui::MainFrame& frame) {
    std::vector<std::string> ids;
    for (auto* editor : frame.editors()) ids.push_back(editor->record_id());
    return ids;
}

}  // namespace

TEST_CASE("after a restart the window has its size, place, sashes, tabs, filter and sort back") {
    REQUIRE(formwork::test::wx_started());
    ConfigHome config;
    formwork::test::ShellData data("memory.db");

    ui::MainFrame* frame = remembering_window(data);
    Destroyed first_cleanup{frame};
    // A first run: nothing kept, nothing opened.
    CHECK(frame->editors().empty());

    const std::string first = saved_motion(*frame, "Motion on bus lanes");
    const std::string second = saved_motion(*frame, "Motion on libraries");
    const std::string third = saved_motion(*frame, "Motion on parks");

    const wxRect placed(60, 40, 1000, 700);
    frame->SetSize(placed);
    settle();
    frame->splitter()->SetSashPosition(310);
    frame->show_history(true);
    settle();
    const int content_height = frame->content_splitter()->GetClientSize().GetHeight();
    frame->content_splitter()->SetSashPosition(content_height - 210);
    settle();
    const int history_height = frame->history_height();
    CHECK(history_height > 150);

    auto* list = frame->record_list();
    REQUIRE(frame->navigator()->select_form("motion"));
    list->set_status_filter("draft");
    list->set_text_filter("Motion");
    list->set_sort(forms::ListSort::title, false);
    // Choosing a form brings the list forward: the second record's tab in front after.
    REQUIRE(frame->open_record(second) != nullptr);
    settle();
    // Its problems pane made higher than it opened.
    frame->current_editor()->set_problems_height(150);
    settle();
    const int problems_height = frame->current_editor()->problems_height();
    CHECK(problems_height == 150);
    REQUIRE(frame->GetRect() == placed);
    REQUIRE(frame->splitter()->GetSashPosition() == 310);

    close_window(frame);
    frame = nullptr;
    REQUIRE(std::filesystem::exists(config.folder.path() / "formwork" / "window.ini"));

    SECTION("a new window has them all back") {
        frame = remembering_window(data);
        Destroyed cleanup{frame};
        CHECK(frame->GetRect() == placed);
        CHECK(frame->splitter()->GetSashPosition() == 310);
        REQUIRE(frame->history_shown());
        CHECK(frame->history_height() == history_height);
        CHECK(open_tabs(*frame) == std::vector<std::string>{first, second, third});
        REQUIRE(frame->current_editor() != nullptr);
        CHECK(frame->current_editor()->record_id() == second);
        CHECK(frame->current_editor()->problems_height() == problems_height);
        // The History panel follows the record in front from the start.
        CHECK(frame->history_panel()->record_id() == second);

        const auto& query = frame->record_list()->query();
        CHECK(query.form == "motion");
        CHECK(frame->navigator()->selected_form() == "motion");
        CHECK(query.status == "draft");
        CHECK(query.text == "Motion");
        CHECK(frame->record_list()->search_box()->GetValue() == "Motion");
        CHECK(query.sort == forms::ListSort::title);
        CHECK_FALSE(query.descending);
        CHECK(frame->record_list()->row_count() == 3);
        CHECK(frame->record_list()->text_at(0, ui::RecordListPanel::column_title) == "Motion on bus lanes");
        CHECK(frame->GetStatusBar()->GetStatusText(0).Find("no longer") == wxNOT_FOUND);
        close_window(frame);
        frame = nullptr;
    }

    SECTION("a tab whose record was erased meanwhile is left out, quietly") {
        forms::open_sqlite_store({data.database()})->erase(third, "records-manager", "Entered twice by mistake");
        frame = remembering_window(data);
        Destroyed cleanup{frame};
        CHECK(open_tabs(*frame) == std::vector<std::string>{first, second});
        REQUIRE(frame->current_editor() != nullptr);
        CHECK(frame->current_editor()->record_id() == second);
        const wxString note = frame->GetStatusBar()->GetStatusText(0);
        INFO(note.utf8_string());
        CHECK(note.Contains("no longer in this database"));
        // Closed again, the erased record is forgotten for good.
        close_window(frame);
        frame = nullptr;
        const auto memory = ui::WindowMemoryFile(ui::WindowMemoryFile::standard_path()).load();
        const auto* tabs = memory.tabs_for(ui::location_to_remember(data.database().string()));
        REQUIRE(tabs != nullptr);
        CHECK(tabs->records == std::vector<std::string>{first, second});
    }

    SECTION("tabs belong to their database") {
        frame = remembering_window(data);
        Destroyed cleanup{frame};
        REQUIRE(frame->editors().size() == 3);
        const auto other = data.folder.path() / "other.db";
        REQUIRE(frame->open_database(other.string()));
        settle();
        CHECK(frame->editors().empty());
        CHECK(frame->GetStatusBar()->GetStatusText(0).Find("no longer") == wxNOT_FOUND);
        // Back to the first: its tabs come back with it.
        REQUIRE(frame->open_database(data.database().string()));
        settle();
        CHECK(open_tabs(*frame) == std::vector<std::string>{first, second, third});
        REQUIRE(frame->current_editor() != nullptr);
        CHECK(frame->current_editor()->record_id() == second);
        close_window(frame);
        frame = nullptr;
    }
}

TEST_CASE("a window kept where no display shows it any more comes back on the primary display") {
    REQUIRE(formwork::test::wx_started());
    ConfigHome config;
    formwork::test::ShellData data("offscreen.db");
    ui::WindowMemory kept;
    kept.geometry = wxRect(9000, 7000, 900, 600);  // a second monitor, unplugged since
    wxString error;
    REQUIRE(ui::WindowMemoryFile(ui::WindowMemoryFile::standard_path()).save(kept, error));

    ui::MainFrame* frame = remembering_window(data);
    Destroyed cleanup{frame};
    const wxRect primary = wxDisplay(0u).GetGeometry();
    const wxRect shown = frame->GetRect();
    INFO("shown at " << shown.x << "," << shown.y << " " << shown.width << "x" << shown.height);
    CHECK(primary.Contains(shown.GetTopLeft()));
    CHECK(shown.GetSize() == wxSize(900, 600));
    // A place on the display is left as it is.
    CHECK(ui::placed_on_a_display(wxRect(30, 20, 800, 500)) == wxRect(30, 20, 800, 500));
    // Larger than the display: made to fit it.
    const wxRect huge = ui::placed_on_a_display(wxRect(-20000, 0, 20000, 20000));
    CHECK(wxDisplay(0u).GetClientArea().Contains(huge));
}

TEST_CASE("the window's memory file reads back what was written, and a damaged one is no reason to stop") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::TempFolder folder;
    const ui::WindowMemoryFile file(folder.path() / "formwork" / "window.ini");
    CHECK_FALSE(file.load().geometry);  // no file yet: a first run

    ui::WindowMemory kept;
    kept.geometry = wxRect(10, 20, 1100, 800);
    kept.maximised = true;
    kept.history_shown = true;
    kept.sashes["main splitter"] = 280;
    kept.sashes["form and problems"] = -140;
    kept.list = ui::WindowMemory::ListState{"eia", "complete", "a = b; [c] #d", "status", false};
    kept.remember_tabs({"postgresql://server/council?sslmode=require", {"id-1"}, "id-1"});
    kept.remember_tabs({"/home/officer/Formwork/formwork.db", {"id-2", "id-3"}, ""});
    wxString error;
    REQUIRE(file.save(kept, error));

    const auto read = file.load();
    REQUIRE(read.geometry);
    CHECK(*read.geometry == wxRect(10, 20, 1100, 800));
    CHECK(read.maximised);
    CHECK(read.history_shown);
    CHECK(read.sashes == kept.sashes);
    REQUIRE(read.list);
    CHECK(read.list->form == "eia");
    CHECK(read.list->status == "complete");
    CHECK(read.list->text == "a = b; [c] #d");
    CHECK(read.list->sort == "status");
    CHECK_FALSE(read.list->descending);
    REQUIRE(read.databases.size() == 2);
    CHECK(read.databases[0].location == "/home/officer/Formwork/formwork.db");  // the latest first
    CHECK(read.databases[0].records == std::vector<std::string>{"id-2", "id-3"});
    CHECK(read.databases[0].front.empty());
    const auto* server = read.tabs_for("postgresql://server/council?sslmode=require");
    REQUIRE(server != nullptr);
    CHECK(server->front == "id-1");

    // Damaged: what can be read is used; the rest is forgotten.
    {
        std::ofstream damaged(file.path(), std::ios::app);
        damaged << "\n[Window\nWidth=wide\n";
    }
    const auto after_damage = file.load();
    CHECK(after_damage.list);
}
