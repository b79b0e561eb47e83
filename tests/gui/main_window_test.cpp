// The main window in a real X display (Xvfb under CTest): it starts, lists the
// plugins and the refusals, and leaves a screenshot in the build tree.
#include "assert_handler.hpp"
#include "main_frame.hpp"
#include "plugins_panel.hpp"
#include "window_screenshot.hpp"

#include <formwork/forms/plugin_host.hpp>

#include <catch2/catch.hpp>

#include <wx/app.h>
#include <wx/init.h>

#include <filesystem>
#include <set>

namespace {

// wx is started once for the whole test run, the way a program starts it.
class WxSession {
public:
    WxSession() {
        static int argc = 1;
        static char name[] = "formwork-gui-tests";
        static char* argv[] = {name, nullptr};
        formwork::ui::install_assert_handler(true);
        wxApp::SetInstance(new wxApp);
        started_ = wxEntryStart(argc, argv);
        if (started_) wxTheApp->CallOnInit();
    }
    ~WxSession() {
        if (started_) wxEntryCleanup();
    }
    bool started() const noexcept { return started_; }

private:
    bool started_ = false;
};

bool wx_started() {
    static WxSession session;
    return session.started();
}

// Lets the window map and paint: a few rounds of pending events.
void settle() {
    for (int round = 0; round < 20; ++round) {
        wxTheApp->Yield(true);
        wxMilliSleep(10);
    }
}

}  // namespace

TEST_CASE("the main window lists the loaded plugins and the refused files") {
    REQUIRE(wx_started());

    formwork::forms::PluginHost host;
    host.load(formwork::forms::PluginSearchPath{
        {FORMWORK_DOMAIN_PLUGIN_DIR, FORMWORK_FIXTURE_PLUGIN_DIR "/fixture_other_sdk.so"}});
    REQUIRE(host.loaded().size() == 4);
    REQUIRE(host.refused().size() == 1);

    auto* frame = new formwork::ui::MainFrame(host);
    frame->Show();
    settle();

    const wxListView* list = frame->plugins_panel()->list();
    REQUIRE(list->GetItemCount() == 5);
    std::set<wxString> loaded_ids;
    for (long row = 0; row < 4; ++row) {
        CHECK(list->GetItemText(row, formwork::ui::PluginsPanel::column_status) == "Loaded");
        loaded_ids.insert(list->GetItemText(row, formwork::ui::PluginsPanel::column_id));
    }
    CHECK(loaded_ids == std::set<wxString>{"eia", "approvals", "attendance", "questions"});
    CHECK(list->GetItemText(4, formwork::ui::PluginsPanel::column_status) == "Refused");
    CHECK(list->GetItemText(4, formwork::ui::PluginsPanel::column_detail).Contains("SDK 2.0 (2000)"));
    CHECK(frame->GetStatusBar()->GetStatusText() == "4 plugins loaded, 1 file refused");
    // The refusal is selected, and its whole reason is readable below the list.
    CHECK(list->GetFirstSelected() == 4);
    const wxString detail = frame->plugins_panel()->detail()->GetValue();
    CHECK(detail.Contains("fixture_other_sdk.so"));
    CHECK(detail.Contains("SDK 2.0 (2000)"));
    CHECK(detail.Contains("SDK 1.4 (1004)"));
    CHECK(frame->IsShownOnScreen());

    const std::filesystem::path shot = FORMWORK_SCREENSHOT_DIR "/main-window.png";
    std::filesystem::create_directories(shot.parent_path());
    std::filesystem::remove(shot);
    wxString error;
    CHECK(formwork::ui::save_window_screenshot(*frame, shot.string(), error));
    INFO(error);
    REQUIRE(std::filesystem::exists(shot));
    CHECK(std::filesystem::file_size(shot) > 2000);

    frame->Destroy();
    settle();
}
