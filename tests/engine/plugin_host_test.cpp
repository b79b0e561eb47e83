// The plugin host against real shared libraries built by this project: a good one, and
// one of each way a file can fail to be a plugin this program should run.
#include "temp_folder.hpp"

#include <formwork/host/plugin_host.hpp>

#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;
using formwork::forms::PluginHost;
using formwork::forms::PluginRefusal;
using formwork::forms::PluginSearchPath;
using formwork::test::TempFolder;
using Catch::Matchers::Contains;

namespace {

fs::path fixture(const std::string& name) { return fs::path(FORMWORK_FIXTURE_PLUGIN_DIR) / (name + ".so"); }

PluginSearchPath only(std::vector<fs::path> entries) { return PluginSearchPath{std::move(entries)}; }

const PluginRefusal& refusal_of(const PluginHost& host, const std::string& file_name) {
    const auto& refused = host.refused();
    const auto it = std::find_if(refused.begin(), refused.end(),
                                 [&](const PluginRefusal& r) { return r.path.filename() == file_name; });
    if (it == refused.end()) throw std::runtime_error("no refusal recorded for " + file_name);
    return *it;
}

}  // namespace

TEST_CASE("a real plugin is loaded, described and called") {
    TempFolder folder;
    folder.copy_in(fixture("fixture_good"));

    PluginHost host;
    host.load(only({folder.path()}));

    REQUIRE(host.refused().empty());
    REQUIRE(host.loaded().size() == 1);
    const auto& info = host.loaded().front().info();
    CHECK(info.id == "fixture-good");
    CHECK(info.name == "Good fixture");
    CHECK(info.version == "1.2.3");
    CHECK(info.sdk_version == FORMWORK_SDK_VERSION);
    CHECK(info.abi_tag == FORMWORK_SDK_ABI_TAG);
    CHECK(info.summary == "A plugin that does everything right.");
    CHECK(info.path == fs::canonical(folder.path() / "fixture_good.so"));
    CHECK(host.find("fixture-good") == &host.loaded().front());
    CHECK(host.find("nothing-such") == nullptr);
}

TEST_CASE("the three domain plugins load from the programs' own plugin folder") {
    PluginHost host;
    host.load(only({FORMWORK_DOMAIN_PLUGIN_DIR}));
    CHECK(host.refused().empty());
    for (const char* id : {"eia", "approvals", "attendance"}) {
        INFO(id);
        const auto* plugin = host.find(id);
        REQUIRE(plugin != nullptr);
        CHECK_FALSE(plugin->info().summary.empty());
    }
}

TEST_CASE("a plugin built for another SDK version is refused, naming it and both versions") {
    unsetenv("FORMWORK_FIXTURE_OTHER_SDK_RAN");
    PluginHost host;
    host.load(only({fixture("fixture_other_sdk")}));
    REQUIRE(host.loaded().empty());
    const auto& reason = refusal_of(host, "fixture_other_sdk.so").reason;
    CHECK_THAT(reason, Contains("'fixture-other-sdk'"));
    CHECK_THAT(reason, Contains("SDK 2.0 (2000)"));
    CHECK_THAT(reason, Contains("SDK 1.10 (1010)"));
    // Refused from the file alone: its static constructor never ran.
    CHECK(std::getenv("FORMWORK_FIXTURE_OTHER_SDK_RAN") == nullptr);
}

TEST_CASE("a plugin built with another compiler ABI is refused, naming both tags") {
    unsetenv("FORMWORK_FIXTURE_OTHER_ABI_RAN");
    PluginHost host;
    host.load(only({fixture("fixture_other_abi")}));
    REQUIRE(host.loaded().empty());
    const auto& reason = refusal_of(host, "fixture_other_abi.so").reason;
    CHECK_THAT(reason, Contains("'fixture-other-abi'"));
    CHECK_THAT(reason, Contains("msvc-1930/msvc-stl"));
    CHECK_THAT(reason, Contains(FORMWORK_SDK_ABI_TAG));
    CHECK(std::getenv("FORMWORK_FIXTURE_OTHER_ABI_RAN") == nullptr);
}

TEST_CASE("a plugin built against SDK 1.6, before the identity note, is refused unloaded") {
    unsetenv("FORMWORK_FIXTURE_SDK_1_6_RAN");
    PluginHost host;
    host.load(only({fixture("fixture_sdk_1_6"), fixture("fixture_good")}));
    const auto& reason = refusal_of(host, "fixture_sdk_1_6.so").reason;
    CHECK_THAT(reason, Contains("before 1.7 (1007)") && Contains("rebuild the plugin against SDK 1.10 (1010)"));
    CHECK(std::getenv("FORMWORK_FIXTURE_SDK_1_6_RAN") == nullptr);
    REQUIRE(host.loaded().size() == 1);
    CHECK(host.loaded().front().info().id == "fixture-good");
}

TEST_CASE("a plugin whose factory throws is refused with what it threw, and the host survives") {
    PluginHost host;
    host.load(only({fixture("fixture_throwing_factory"), fixture("fixture_good")}));
    const auto& reason = refusal_of(host, "fixture_throwing_factory.so").reason;
    CHECK_THAT(reason, Contains("'fixture-throwing-factory'"));
    CHECK_THAT(reason, Contains("cannot open my configuration"));
    REQUIRE(host.loaded().size() == 1);
    CHECK(host.loaded().front().info().id == "fixture-good");
}

TEST_CASE("a plugin that throws a non-standard exception when first asked is refused") {
    PluginHost host;
    host.load(only({fixture("fixture_throwing_summary")}));
    REQUIRE(host.loaded().empty());
    const auto& reason = refusal_of(host, "fixture_throwing_summary.so").reason;
    CHECK_THAT(reason, Contains("plugin 'fixture-throwing-summary'"));
    CHECK_THAT(reason, Contains("failed in summary"));
    CHECK_THAT(reason, Contains("not a std::exception"));
}

TEST_CASE("an exception from any later plugin call becomes a failure naming the plugin") {
    PluginHost host;
    host.load(only({fixture("fixture_good")}));
    REQUIRE(host.loaded().size() == 1);
    const auto& plugin = host.loaded().front();

    auto answer = plugin.call("summary", [](const formwork::sdk::Plugin& p) { return p.summary(); });
    REQUIRE(answer.ok());
    CHECK(answer.value() == "A plugin that does everything right.");

    auto failed = plugin.call("render view", [](const formwork::sdk::Plugin&) -> int {
        throw std::runtime_error("no such view");
    });
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.failure().plugin_id == "fixture-good");
    CHECK(failed.failure().describe() ==
          "plugin 'fixture-good' (" + plugin.info().path.string() + ") failed in render view: no such view");
}

TEST_CASE("a shared library without the identity note is refused without running its code") {
    unsetenv("FORMWORK_FIXTURE_NO_DESCRIPTOR_RAN");
    PluginHost host;
    host.load(only({fixture("fixture_no_descriptor")}));
    REQUIRE(host.loaded().empty());
    CHECK_THAT(refusal_of(host, "fixture_no_descriptor.so").reason,
               Contains("not a Formwork plugin") && Contains("no Formwork identity note"));
    CHECK(std::getenv("FORMWORK_FIXTURE_NO_DESCRIPTOR_RAN") == nullptr);
}

TEST_CASE("a file that is not a shared library is refused by name") {
    TempFolder folder;
    std::ofstream(folder.path() / "bogus.so") << "this is a text file, not a library\n";
    std::ofstream(folder.path() / "empty.so");
    folder.copy_in(fixture("fixture_good"));

    PluginHost host;
    host.load(only({folder.path()}));
    CHECK_THAT(refusal_of(host, "bogus.so").reason, Contains("not a shared library"));
    CHECK_THAT(refusal_of(host, "empty.so").reason, Contains("not a shared library"));
    REQUIRE(host.loaded().size() == 1);
}

TEST_CASE("plugins in a world-writable folder are refused while other folders still load") {
    TempFolder root;
    const auto open_folder = root.make_subfolder("open");
    const auto private_folder = root.make_subfolder("private");
    fs::copy_file(fixture("fixture_good"), open_folder / "fixture_good.so");
    fs::copy_file(FORMWORK_DOMAIN_PLUGIN_DIR "/eia.so", private_folder / "eia.so");
    fs::permissions(open_folder, fs::perms::all);

    PluginHost host;
    host.load(only({open_folder, private_folder}));
    const auto& reason = refusal_of(host, "fixture_good.so").reason;
    CHECK_THAT(reason, Contains("world-writable") && Contains("mode 0777") && Contains(open_folder.string()));
    REQUIRE(host.loaded().size() == 1);
    CHECK(host.loaded().front().info().id == "eia");
}

TEST_CASE("a world-writable plugin file is refused") {
    TempFolder folder;
    const auto file = folder.copy_in(fixture("fixture_good"));
    fs::permissions(file, fs::perms::others_write, fs::perm_options::add);
    PluginHost host;
    host.load(only({folder.path()}));
    CHECK(host.loaded().empty());
    CHECK_THAT(refusal_of(host, "fixture_good.so").reason, Contains("world-writable"));
}

TEST_CASE("a second plugin with an id already loaded is refused, naming the first") {
    TempFolder first;
    TempFolder second;
    const auto kept = first.copy_in(fixture("fixture_good"));
    second.copy_in(fixture("fixture_good"));

    PluginHost host;
    host.load(only({first.path(), second.path()}));
    REQUIRE(host.loaded().size() == 1);
    REQUIRE(host.refused().size() == 1);
    CHECK_THAT(host.refused().front().reason, Contains("already loaded from " + fs::canonical(kept).string()));
}

TEST_CASE("a search path entry that does not exist is reported, and a folder named twice is read once") {
    TempFolder folder;
    folder.copy_in(fixture("fixture_good"));
    PluginHost host;
    host.load(only({folder.path() / "missing", folder.path(), folder.path() / "." }));
    REQUIRE(host.refused().size() == 1);
    CHECK(host.refused().front().path == folder.path() / "missing");
    CHECK(host.refused().front().reason == "no such file or folder");
    CHECK(host.loaded().size() == 1);
}

TEST_CASE("one folder holding every kind of bad plugin still loads the good one") {
    TempFolder folder;
    for (const char* name : {"fixture_good", "fixture_other_sdk", "fixture_other_abi", "fixture_throwing_factory",
                             "fixture_throwing_summary", "fixture_no_descriptor"})
        folder.copy_in(fixture(name));
    std::ofstream(folder.path() / "bogus.so") << "not a library";
    std::ofstream(folder.path() / "README.txt") << "not named like a plugin, so not considered";

    PluginHost host;
    host.load(only({folder.path()}));
    REQUIRE(host.loaded().size() == 1);
    CHECK(host.loaded().front().info().id == "fixture-good");
    CHECK(host.refused().size() == 6);
    for (const auto& refusal : host.refused()) {
        INFO(refusal.path.string() << ": " << refusal.reason);
        CHECK_FALSE(refusal.reason.empty());
        CHECK(refusal.path.parent_path() == fs::canonical(folder.path()));
    }
}

TEST_CASE("FORMWORK_PLUGIN_PATH is read as colon-separated entries, empty ones skipped") {
    setenv("FORMWORK_PLUGIN_PATH", "/one:/two/three::relative/four:", 1);
    const auto entries = PluginSearchPath::from_environment();
    unsetenv("FORMWORK_PLUGIN_PATH");
    REQUIRE(entries.size() == 3);
    CHECK(entries[0] == "/one");
    CHECK(entries[1] == "/two/three");
    CHECK(entries[2] == "relative/four");
    CHECK(PluginSearchPath::from_environment().empty());
}

TEST_CASE("the standard search path is the program's folder, then the environment, then extras") {
    setenv("FORMWORK_PLUGIN_PATH", "/from/env", 1);
    const auto path = PluginSearchPath::standard({"/from/command-line"});
    unsetenv("FORMWORK_PLUGIN_PATH");
    REQUIRE(path.entries.size() == 3);
    CHECK(path.entries[0].filename() == "plugins");
    CHECK(path.entries[0].parent_path().filename() == "formwork");
    CHECK(path.entries[1] == "/from/env");
    CHECK(path.entries[2] == "/from/command-line");
}

TEST_CASE("a loaded library stays in the process after its host and plugins are gone") {
    TempFolder folder;
    const auto file = fs::canonical(folder.copy_in(fixture("fixture_good")));
    {
        PluginHost host;
        host.load(only({folder.path()}));
        REQUIRE(host.loaded().size() == 1);
    }
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_NOLOAD);
    CHECK(handle != nullptr);
    if (handle != nullptr) dlclose(handle);  // drops only the reference RTLD_NOLOAD added
}
