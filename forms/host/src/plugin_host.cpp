#include <formwork/host/plugin_host.hpp>

#include <formwork/host/plugin_file.hpp>

#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <mutex>
#include <set>
#include <sstream>
#include <system_error>

namespace fs = std::filesystem;

namespace formwork::forms {

class PluginLibrary {
public:
    explicit PluginLibrary(const fs::path& path)
        : library_(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local) {}
    const boost::dll::shared_library& library() const noexcept { return library_; }

private:
    boost::dll::shared_library library_;
};

namespace {

// Every library stays loaded until the process ends, whoever still holds objects,
// strings or exception types made by its code. The registry is deliberately never
// destroyed: static destructors run in an order we do not control.
void keep_for_process_lifetime(std::shared_ptr<PluginLibrary> library) {
    static std::mutex mutex;
    static auto* libraries = new std::vector<std::shared_ptr<PluginLibrary>>();
    const std::lock_guard lock(mutex);
    libraries->push_back(std::move(library));
}

std::string message_of(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an exception that is not a std::exception";
    }
}

std::string mode_text(fs::perms perms) {
    std::ostringstream out;
    out << std::oct << static_cast<unsigned>(perms & fs::perms::mask);
    return "mode 0" + out.str();
}

bool world_writable(const fs::path& path, std::string& mode) {
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error) return false;
    mode = mode_text(status.permissions());
    return (status.permissions() & fs::perms::others_write) != fs::perms::none;
}

bool valid_plugin_id(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

// SDK 1.7 brought the identity note. Before it a plugin exported only a descriptor of
// relocated pointers, which cannot be read without loading the library: such a library is
// refused unloaded, with the advice to rebuild it.
constexpr std::uint32_t first_sdk_with_note = 1007;
constexpr std::string_view legacy_descriptor_symbol = "formwork_plugin_descriptor";

bool is_plugin_file_name(const fs::path& path) {
    return path.extension() == boost::dll::shared_library::suffix();
}

}  // namespace

std::string describe_sdk_version(std::uint32_t version) {
    return std::to_string(sdk::sdk_major(version)) + "." + std::to_string(sdk::sdk_minor(version)) +
           " (" + std::to_string(version) + ")";
}

std::string PluginFailure::describe() const {
    return "plugin '" + plugin_id + "' (" + path.string() + ") failed in " + operation + ": " +
           message;
}

LoadedPlugin::LoadedPlugin(std::shared_ptr<PluginLibrary> library,
                           std::unique_ptr<sdk::Plugin> plugin, PluginInfo info)
    : library_(std::move(library)), plugin_(std::move(plugin)), info_(std::move(info)) {}
LoadedPlugin::LoadedPlugin(LoadedPlugin&&) noexcept = default;
LoadedPlugin& LoadedPlugin::operator=(LoadedPlugin&&) noexcept = default;
LoadedPlugin::~LoadedPlugin() {
    // The plugin's own destructor is plugin code too: keep its exceptions here.
    try {
        plugin_.reset();
    } catch (...) {
    }
}

PluginFailure LoadedPlugin::failure(const char* operation, std::exception_ptr error) const noexcept {
    try {
        return PluginFailure{info_.id, info_.path, operation, message_of(error)};
    } catch (...) {
        return PluginFailure{};
    }
}

const LoadedPlugin* PluginHost::find(std::string_view id) const noexcept {
    for (const auto& plugin : loaded_)
        if (plugin.info().id == id) return &plugin;
    return nullptr;
}

void PluginHost::refuse(const fs::path& path, std::string reason) {
    refused_.push_back(PluginRefusal{path, std::move(reason)});
}

void PluginHost::load(const PluginSearchPath& search_path) {
    std::set<fs::path> seen;
    for (const auto& entry : search_path.entries) {
        std::error_code error;
        const fs::path absolute = fs::absolute(entry, error).lexically_normal();
        const auto status = fs::status(absolute, error);
        if (error || !fs::exists(status)) {
            refuse(absolute, "no such file or folder");
            continue;
        }
        const fs::path canonical = fs::canonical(absolute, error);
        if (!seen.insert(error ? absolute : canonical).second) continue;
        if (fs::is_directory(status))
            load_folder(absolute);
        else
            load_file(absolute);
    }
}

void PluginHost::load_folder(const fs::path& folder) {
    std::error_code error;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        std::error_code file_error;
        if (it->is_regular_file(file_error) && is_plugin_file_name(it->path()))
            files.push_back(it->path());
    }
    if (error) {
        refuse(folder, "cannot read the folder: " + error.message());
        return;
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) load_file(file);
}

void PluginHost::load_file(const fs::path& requested) {
    std::error_code error;
    const fs::path path = fs::canonical(fs::absolute(requested, error), error);
    if (error) {
        refuse(requested, "cannot resolve the path: " + error.message());
        return;
    }
    if (!fs::is_regular_file(path, error)) {
        refuse(path, "not a regular file");
        return;
    }

    // Anyone could have replaced what is in a world-writable place.
    std::string mode;
    if (world_writable(path.parent_path(), mode)) {
        refuse(path, "its folder " + path.parent_path().string() + " is world-writable (" + mode +
                         "); plugins are not loaded from a folder anyone can write to");
        return;
    }
    if (world_writable(path, mode)) {
        refuse(path, "the file is world-writable (" + mode + "); plugins anyone can change are not loaded");
        return;
    }

    // Everything the host needs to decide comes from the file itself: the identity note
    // and the exported names. A library that fails any check never runs a line of its
    // code in this process, not even a static constructor.
    const PluginFileReading reading = read_plugin_file(path);
    if (!reading) {
        refuse(path, "not a shared library this system can load (" + describe(*reading.error) + ")");
        return;
    }
    std::vector<std::string> symbols;
    try {
        symbols = boost::dll::library_info(path).symbols();
    } catch (const std::exception& e) {
        refuse(path, std::string("not a shared library this system can load (") + e.what() + ")");
        return;
    }
    const auto exports = [&](std::string_view name) {
        return std::find(symbols.begin(), symbols.end(), name) != symbols.end();
    };
    if (!reading.identity) {
        if (exports(legacy_descriptor_symbol)) {
            refuse(path, "was built for a Formwork SDK before " + describe_sdk_version(first_sdk_with_note) +
                             ", whose plugins can only be read by running them; rebuild the plugin against SDK " +
                             describe_sdk_version(sdk::sdk_version));
            return;
        }
        refuse(path, "not a Formwork plugin: the library carries no Formwork identity note (was it built "
                     "with FORMWORK_PLUGIN?)");
        return;
    }

    const auto& identity = *reading.identity;
    PluginInfo info;
    info.id = identity.id;
    info.name = identity.name;
    info.version = identity.version;
    info.abi_tag = identity.abi_tag;
    info.sdk_version = identity.sdk_version;
    info.path = path;
    const std::string who = "plugin '" + (info.id.empty() ? std::string("?") : info.id) + "'";

    if (!sdk::sdk_compatible(info.sdk_version, sdk::sdk_version) || info.sdk_version < first_sdk_with_note) {
        refuse(path, who + " was built for Formwork SDK " + describe_sdk_version(info.sdk_version) +
                         ", but this program provides SDK " + describe_sdk_version(sdk::sdk_version) +
                         "; rebuild the plugin against this SDK");
        return;
    }
    if (info.abi_tag != sdk::abi_tag) {
        refuse(path, who + " was built with " + (info.abi_tag.empty() ? "no ABI tag" : info.abi_tag) +
                         ", but this program was built with " + sdk::abi_tag +
                         "; plugin and program must use the same compiler and standard library");
        return;
    }
    if (!valid_plugin_id(info.id)) {
        refuse(path, who + " has an invalid id: use lower-case letters, digits, '-' and '_'");
        return;
    }
    if (info.name.empty() || info.version.empty()) {
        refuse(path, who + " has no " + (info.name.empty() ? "name" : "version") + " in its identity note");
        return;
    }
    if (const auto* earlier = find(info.id)) {
        refuse(path, who + " is already loaded from " + earlier->info().path.string());
        return;
    }
    if (!exports(FORMWORK_PLUGIN_FACTORY_SYMBOL)) {
        refuse(path, who + " is not a whole Formwork plugin: the library exports no " FORMWORK_PLUGIN_FACTORY_SYMBOL);
        return;
    }

    std::shared_ptr<PluginLibrary> library;
    try {
        library = std::make_shared<PluginLibrary>(path);
    } catch (const std::exception& e) {
        refuse(path, who + ": the system could not load it: " + e.what());
        return;
    }
    keep_for_process_lifetime(library);

    std::unique_ptr<sdk::Plugin> plugin;
    try {
        auto& create = library->library().get_alias<sdk::PluginFactory>(FORMWORK_PLUGIN_FACTORY_SYMBOL);
        plugin = create();
    } catch (...) {
        refuse(path, who + " failed while being created: " + message_of(std::current_exception()));
        return;
    }
    if (!plugin) {
        refuse(path, who + "'s factory returned no plugin");
        return;
    }

    LoadedPlugin loaded(std::move(library), std::move(plugin), std::move(info));
    auto summary = loaded.call("summary", [](const sdk::Plugin& p) { return p.summary(); });
    if (!summary) {
        refuse(path, summary.failure().describe());
        return;
    }
    // Only a plugin that has answered is listed.
    loaded.info_.summary = std::move(summary.value());
    loaded_.push_back(std::move(loaded));
}

}  // namespace formwork::forms
