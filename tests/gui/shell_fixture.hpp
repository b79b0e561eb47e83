// The main window over real plugins and a real SQLite store, as the GUI tests set it up:
// the domain plugins loaded through Boost.DLL, their forms registered, a store in a fresh
// folder, and a window that is destroyed (before the store and the plugins it uses) when
// the test ends.
#pragma once

#include "gui_session.hpp"
#include "main_frame.hpp"

#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <wx/uiaction.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace formwork::test {

// Plugins, forms and a store, torn down in the order the program uses: the store, the
// forms, then the plugins (members are destroyed in reverse).
struct ShellData {
    explicit ShellData(const std::string& database_name = "gui.db",
                       const std::vector<std::filesystem::path>& more_plugins = {},
                       std::optional<forms::CouncilProfile> profile = std::nullopt)
        : registry(std::move(profile)) {
        std::vector<std::filesystem::path> path{FORMWORK_DOMAIN_PLUGIN_DIR};
        path.insert(path.end(), more_plugins.begin(), more_plugins.end());
        host.load(forms::PluginSearchPath{path});
        registry.add_plugin_forms(host);
        database_ = folder.path() / database_name;
        name_ = database_.stem().string();
        store = second_connection();
    }
    ShellData(const ShellData&) = delete;
    ShellData& operator=(const ShellData&) = delete;

    // The SQLite file, when the store is one (FORMWORK_TEST_STORE unset: store_fixture.hpp).
    const std::filesystem::path& database() const noexcept { return database_; }
    // Another connection to the same database, as a colleague's program has: the SQLite file,
    // or the test cluster's database when FORMWORK_TEST_STORE names it.
    std::unique_ptr<forms::RecordStore> second_connection() const { return make_test_store(folder.path(), name_); }

    TempFolder folder;
    forms::PluginHost host;
    forms::FormRegistry registry;
    std::unique_ptr<forms::RecordStore> store;

private:
    std::filesystem::path database_;
    std::string name_;
};

// The main window over some data, shown and settled.
struct ShellWindow {
    explicit ShellWindow(ShellData& shown, const std::string& user = "gui-test") : data(shown) {
        frame = new ui::MainFrame(data.host, data.registry, *data.store, user);
        frame->Show();
        settle();
    }
    ~ShellWindow() {
        if (frame == nullptr) {  // a test that closed the window itself, as a person would
            settle();
            return;
        }
        // Destroy() waits for an idle moment, which Yield() never gives: give it one, so the
        // window (and its editors' sessions) are gone before the data they use.
        if (!wxTheApp->IsScheduledForDestruction(frame)) frame->Destroy();
        for (int round = 0; round < 10 && wxTheApp->IsScheduledForDestruction(frame); ++round) wxTheApp->ProcessIdle();
        CHECK_FALSE(wxTheApp->IsScheduledForDestruction(frame));
        settle();
    }
    ShellWindow(const ShellWindow&) = delete;
    ShellWindow& operator=(const ShellWindow&) = delete;

    ShellData& data;
    ui::MainFrame* frame = nullptr;
};

// Every shipped sample in the store, and what the tests look up in it.
struct SampleData : ShellData {
    SampleData() {
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& sample : registry.samples()) files.emplace_back(sample.name, sample.text);
        store->import(registry, files, "gui-test");
    }
    // The first record of `form` whose title holds `words`; "" for none.
    std::string id_titled(const std::string& form, const std::string& words) const {
        std::string found;
        store->scan({form, {}, {}, {}}, [&](const forms::Record& record) {
            const std::string title = record.instance().first_element_by_path("title").text().as_string();
            if (title.find(words) != std::string::npos) found = record.meta.id;
            return found.empty();
        });
        return found;
    }
    // A value as stored, read through a second connection: what a crash would leave. The
    // path is XPath from the record's root: "impacts/row[@key='sex']/nature".
    std::string stored_value(const std::string& id, const std::string& path) const {
        auto second = second_connection();
        auto record = second->load(id);
        REQUIRE(record);
        return record->instance().select_node(path.c_str()).node().text().as_string();
    }
    std::vector<forms::AuditEntry> history(const std::string& id) const {
        return second_connection()->history(id);
    }
};

// The main window over the samples, in front, with the pointer over it: under Xvfb there is
// no window manager, and the keyboard goes to the window under the pointer.
struct SampleShell : SampleData {
    SampleShell() {
        frame->Raise();
        wxUIActionSimulator().MouseMove(frame->GetScreenRect().GetTopLeft() + wxPoint(600, 400));
        settle();
    }
    ShellWindow window{*this};
    ui::MainFrame* frame = window.frame;
};

}  // namespace formwork::test
