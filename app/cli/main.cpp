// formwork-cli: parses the command line, loads the plugins, runs one subcommand.
#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/forms/build_info.hpp>
#include <formwork/forms/plugin_host.hpp>
#include <formwork/sdk/version.hpp>

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

namespace {

std::string version_text() {
    return std::string("formwork-cli ") + formwork::program_version + "\nFormwork SDK " +
           formwork::forms::describe_sdk_version(formwork::sdk::sdk_version) + ", ABI " +
           formwork::sdk::abi_tag;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace formwork;

    CLI::App app{"Formwork: governance forms for councils, on the command line.", "formwork-cli"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough();

    std::vector<std::filesystem::path> plugin_dirs;
    app.add_option("--plugin-dir", plugin_dirs,
                   "A folder of plugins (or one plugin file) to load as well as the standard ones; "
                   "may be repeated")
        ->type_name("PATH");

    auto* plugins = app.add_subcommand("plugins", "List the loaded plugins and every refused file, with its reason");

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return cli::exit_usage;
    }

    try {
        forms::PluginHost host;
        host.load(forms::PluginSearchPath::standard(plugin_dirs));
        if (*plugins) return cli::run_plugins_command(host, std::cout);
    } catch (const std::exception& e) {
        std::cerr << "formwork-cli: " << e.what() << "\n";
        return cli::exit_failure;
    }
    return cli::exit_usage;
}
