// Two windows on one database, as two officers' copies of Formwork would be: each hears the
// other's saves (through the store's changes_elsewhere: LISTEN/NOTIFY on a server, the
// file's data_version for SQLite), reads its list again, and an open record saved by the
// other says so and offers to reload; with changes of its own unsaved it offers the choice
// of versions instead, and nothing is lost. Runs on whichever backend FORMWORK_TEST_STORE
// chooses (store_fixture.hpp): CTest runs it on SQLite and on the test's PostgreSQL server.
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"

#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/record.hpp>

#include <catch2/catch.hpp>

#include <wx/infobar.h>

#include <chrono>
#include <memory>
#include <string>

namespace forms = formwork::forms;
using formwork::test::settle;
using formwork::test::wait_until;
using namespace std::chrono_literals;

namespace {

// The plugins and forms both windows use, and the database they share (two connections).
struct Team {
    Team() {
        host.load(forms::PluginSearchPath{{FORMWORK_DOMAIN_PLUGIN_DIR}});
        registry.add_plugin_forms(host);
        alex_store = formwork::test::make_test_store(folder.path(), "team");
        bea_store = formwork::test::make_test_store(folder.path(), "team");
    }
    ~Team() {
        for (auto* frame : {alex, bea})
            if (frame != nullptr && !wxTheApp->IsScheduledForDestruction(frame)) frame->Destroy();
        for (int round = 0; round < 10; ++round) wxTheApp->ProcessIdle();
        settle();
    }
    Team(const Team&) = delete;
    Team& operator=(const Team&) = delete;

    formwork::test::TempFolder folder;
    forms::PluginHost host;
    forms::FormRegistry registry;
    std::unique_ptr<forms::RecordStore> alex_store, bea_store;
    formwork::ui::MainFrame* alex = nullptr;
    formwork::ui::MainFrame* bea = nullptr;
};

wxString bar_text(const formwork::ui::RecordEditor& editor) { return editor.elsewhere_message(); }

}  // namespace

TEST_CASE("team: two windows on one database hear each other's saves, and an open record offers to reload",
          "[team]") {
    REQUIRE(formwork::test::wx_started());
    Team team;
    const auto form = team.registry.latest("eia");
    REQUIRE(form);
    auto record = forms::new_record(*form, "setup", forms::utc_timestamp_now());
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "Mill Lane library closure"));
    team.alex_store->create(*form, record, "setup");
    const std::string id = record.meta.id;

    team.alex = new formwork::ui::MainFrame(team.host, team.registry, *team.alex_store, "Alex Officer");
    team.bea = new formwork::ui::MainFrame(team.host, team.registry, *team.bea_store, "Bea Clerk");
    team.alex->Show();
    team.bea->Show();
    settle();
    auto* alex_editor = team.alex->open_record(id);
    auto* bea_editor = team.bea->open_record(id);
    REQUIRE(alex_editor != nullptr);
    REQUIRE(bea_editor != nullptr);
    CHECK_FALSE(alex_editor->elsewhere_bar()->IsShown());

    // Bea saves; Alex's window hears it within its timer's second or two.
    REQUIRE_FALSE(bea_editor->session().set_value("title", "Mill Lane library closure (consultation)"));
    REQUIRE(bea_editor->save_now());
    REQUIRE(wait_until([&] { return alex_editor->elsewhere_bar()->IsShown(); }, 5s));
    CHECK(alex_editor->offers_reload());
    CHECK(bar_text(*alex_editor).Contains("Bea Clerk saved this record elsewhere (revision 2)"));
    CHECK(wait_until(
        [&] { return team.alex->record_list()->text_at(0, formwork::ui::RecordListPanel::column_title) ==
                     "Mill Lane library closure (consultation)"; },
        5s));
    // Her own save is no news to Bea's window.
    settle(5);
    CHECK_FALSE(bea_editor->elsewhere_bar()->IsShown());
    CHECK(team.bea->check_changes_elsewhere() == 0);

    // Reload: Alex sees Bea's version, and the bar goes.
    REQUIRE(alex_editor->reload_from_store());
    CHECK(alex_editor->session().value("title") == "Mill Lane library closure (consultation)");
    CHECK(alex_editor->session().record().meta.revision == 2);
    CHECK_FALSE(alex_editor->elsewhere_bar()->IsShown());

    // Alex types while Bea saves again: Alex is told, not offered a reload that would lose
    // the typing; his save then meets the conflict, and keeping his version loses nothing.
    REQUIRE_FALSE(bea_editor->session().set_value("title", "Mill Lane library: decision deferred"));
    REQUIRE(bea_editor->save_now());
    REQUIRE_FALSE(alex_editor->session().set_value("author/name", "Alex Officer"));
    // Asked directly, without running the event loop (whose autosave would save Alex's typing
    // first): a server's notice arrives a moment after Bea's commit.
    std::size_t heard = 0;
    for (int attempt = 0; attempt < 200 && heard == 0; ++attempt) {
        heard = team.alex->check_changes_elsewhere();
        if (heard == 0) wxMilliSleep(10);
    }
    CHECK(heard == 1);
    CHECK(alex_editor->elsewhere_bar()->IsShown());
    CHECK_FALSE(alex_editor->offers_reload());
    CHECK(bar_text(*alex_editor).Contains("Your changes are not saved yet"));
    CHECK_FALSE(alex_editor->reload_from_store());
    CHECK(alex_editor->session().value("author/name") == "Alex Officer");
    CHECK_FALSE(alex_editor->save_now());
    REQUIRE(alex_editor->session().conflict());
    alex_editor->resolve_conflict(formwork::ui::ConflictChoice::keep_mine);
    CHECK_FALSE(alex_editor->session().dirty());
    CHECK_FALSE(alex_editor->elsewhere_bar()->IsShown());
    const auto stored = team.bea_store->load(id);
    REQUIRE(stored);
    CHECK(stored->meta.revision == 4);
    CHECK(stored->meta.modified_by == "Alex Officer");

    // And Bea hears Alex's save.
    REQUIRE(wait_until([&] { return bea_editor->elsewhere_bar()->IsShown(); }, 5s));
    CHECK(bar_text(*bea_editor).Contains("Alex Officer saved this record elsewhere (revision 4)"));
    CHECK(team.alex_store->verify_trail().intact);
}
