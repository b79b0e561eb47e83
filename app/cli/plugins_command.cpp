#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <ostream>

namespace formwork::cli {

int run_plugins_command(const forms::PluginHost& host, std::ostream& out) {
    const auto& loaded = host.loaded();
    const auto& refused = host.refused();

    std::size_t id_width = 2;
    std::size_t name_width = 4;
    for (const auto& plugin : loaded) {
        id_width = std::max(id_width, plugin.info().id.size());
        name_width = std::max(name_width, plugin.info().name.size());
    }
    const auto pad = [](const std::string& text, std::size_t width) {
        return text + std::string(width - text.size() + 2, ' ');
    };

    out << "Loaded plugins: " << loaded.size() << "\n";
    for (const auto& plugin : loaded) {
        const auto& info = plugin.info();
        out << "  " << pad(info.id, id_width) << pad(info.name, name_width) << info.version
            << "  SDK " << forms::describe_sdk_version(info.sdk_version) << "  " << info.path.string()
            << "\n";
    }
    out << "Refused files: " << refused.size() << "\n";
    for (const auto& refusal : refused)
        out << "  " << refusal.path.string() << "\n      " << refusal.reason << "\n";
    return refused.empty() ? exit_ok : exit_plugins_refused;
}

Verb add_plugins_verb(CLI::App& app) {
    auto* command = app.add_subcommand("plugins", "List the loaded plugins and every refused file, with its reason");
    // It lists the refused files itself, before the forms are read.
    return {command, [](Context& context) { return run_plugins_command(context.session.host, context.out); },
            Stage::plugins_loaded};
}

}  // namespace formwork::cli
