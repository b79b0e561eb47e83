// The subcommands of formwork-cli, one function each.
#pragma once

#include <formwork/forms/plugin_host.hpp>

#include <iosfwd>

namespace formwork::cli {

// Lists every loaded plugin and every refused file with its reason.
int run_plugins_command(const forms::PluginHost& host, std::ostream& out);

}  // namespace formwork::cli
