#include <formwork/host/plugin_host.hpp>

#include <boost/dll/runtime_symbol_info.hpp>

#include <cstdlib>
#include <string_view>
#include <system_error>

namespace formwork::forms {

std::optional<std::filesystem::path> PluginSearchPath::application_plugin_folder() {
    std::error_code error;
    const std::filesystem::path program = boost::dll::program_location(error);
    if (error || program.empty()) return std::nullopt;
    return (program.parent_path() / ".." / FORMWORK_PLUGIN_SUBDIR).lexically_normal();
}

std::vector<std::filesystem::path> PluginSearchPath::from_environment() {
    std::vector<std::filesystem::path> entries;
    const char* value = std::getenv("FORMWORK_PLUGIN_PATH");
    if (value == nullptr) return entries;
    std::string_view rest(value);
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        const auto entry = rest.substr(0, colon);
        // An empty entry ("a::b", a trailing colon) names nothing; it is not "here".
        if (!entry.empty()) entries.emplace_back(entry);
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return entries;
}

PluginSearchPath PluginSearchPath::standard(const std::vector<std::filesystem::path>& extra) {
    PluginSearchPath path;
    if (auto own = application_plugin_folder()) path.entries.push_back(*own);
    for (auto& entry : from_environment()) path.entries.push_back(std::move(entry));
    path.entries.insert(path.entries.end(), extra.begin(), extra.end());
    return path;
}

}  // namespace formwork::forms
