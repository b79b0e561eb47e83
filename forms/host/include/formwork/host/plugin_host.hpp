// The plugin host: finds plugin libraries, checks each one's identity note in the file
// before any of its code runs, creates the plugins that pass, and explains every refusal.
#pragma once

#include <formwork/sdk/plugin.hpp>

#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace formwork::forms {

// What the host read from a plugin's identity note and asked of the plugin.
struct PluginInfo {
    std::string id;
    std::string name;
    std::string version;
    std::uint32_t sdk_version = 0;
    std::string abi_tag;
    std::string summary;
    std::filesystem::path path;  // absolute, as loaded
};

// A file the host would not load, and why, in words for the person reading it.
struct PluginRefusal {
    std::filesystem::path path;
    std::string reason;
};

// A plugin call that failed: which plugin, doing what, and the message it threw.
struct PluginFailure {
    std::string plugin_id;
    std::filesystem::path path;
    std::string operation;
    std::string message;

    std::string describe() const;
};

template <class T>
class PluginOutcome {
    static_assert(!std::is_void_v<T>, "a plugin call returns a value; use bool for 'done'");

public:
    PluginOutcome(T value) : state_(std::move(value)) {}
    PluginOutcome(PluginFailure failure) : state_(std::move(failure)) {}

    bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }
    T& value() { return std::get<0>(state_); }
    const T& value() const { return std::get<0>(state_); }
    const PluginFailure& failure() const { return std::get<1>(state_); }

private:
    std::variant<T, PluginFailure> state_;
};

class PluginLibrary;  // a loaded shared library; defined in plugin_host.cpp

// A created plugin together with the library its code lives in.
class LoadedPlugin {
public:
    LoadedPlugin(std::shared_ptr<PluginLibrary> library, std::unique_ptr<sdk::Plugin> plugin,
                 PluginInfo info);
    LoadedPlugin(LoadedPlugin&&) noexcept;
    LoadedPlugin& operator=(LoadedPlugin&&) noexcept;
    ~LoadedPlugin();

    const PluginInfo& info() const noexcept { return info_; }

    // Runs fn(plugin) and turns anything it throws into a PluginFailure naming this
    // plugin, so no exception from plugin code travels further unchecked.
    template <class Fn>
    auto call(const char* operation, Fn&& fn) const noexcept
        -> PluginOutcome<decltype(fn(std::declval<const sdk::Plugin&>()))>;

private:
    friend class PluginHost;  // completes info_ once the plugin has answered
    PluginFailure failure(const char* operation, std::exception_ptr error) const noexcept;

    // Declared before the plugin so that it is destroyed after it: the plugin's
    // destructor and vtable are code in that library.
    std::shared_ptr<PluginLibrary> library_;
    std::unique_ptr<sdk::Plugin> plugin_;
    PluginInfo info_;
};

template <class Fn>
auto LoadedPlugin::call(const char* operation, Fn&& fn) const noexcept
    -> PluginOutcome<decltype(fn(std::declval<const sdk::Plugin&>()))> {
    try {
        return fn(static_cast<const sdk::Plugin&>(*plugin_));
    } catch (...) {
        return failure(operation, std::current_exception());
    }
}

// Where to look: folders to scan for *.so files, or plugin files named directly.
struct PluginSearchPath {
    std::vector<std::filesystem::path> entries;

    // The application's own plugin folder (../lib/formwork/plugins beside the running
    // program), then FORMWORK_PLUGIN_PATH's colon-separated entries, then `extra`.
    static PluginSearchPath standard(const std::vector<std::filesystem::path>& extra);
    static std::optional<std::filesystem::path> application_plugin_folder();
    static std::vector<std::filesystem::path> from_environment();
};

class PluginHost {
public:
    PluginHost() = default;
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // Loads every plugin found on the path. Never throws for a bad plugin: each
    // refusal is recorded and the rest still load.
    void load(const PluginSearchPath& search_path);
    void load_file(const std::filesystem::path& file);

    const std::vector<LoadedPlugin>& loaded() const noexcept { return loaded_; }
    const std::vector<PluginRefusal>& refused() const noexcept { return refused_; }
    const LoadedPlugin* find(std::string_view id) const noexcept;

private:
    void load_folder(const std::filesystem::path& folder);
    void refuse(const std::filesystem::path& path, std::string reason);

    std::vector<LoadedPlugin> loaded_;
    std::vector<PluginRefusal> refused_;
};

// "1.0 (1000)": how SDK versions appear in messages.
std::string describe_sdk_version(std::uint32_t version);

}  // namespace formwork::forms
