#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <ostream>

namespace formwork::cli {

int run_forms_command(const Session& session, std::ostream& out, std::ostream& err) {
    auto entries = session.registry.forms();
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return std::tie(a.plugin_id, a.form->id, a.form->version) < std::tie(b.plugin_id, b.form->id, b.form->version);
    });
    std::size_t width = 4;
    for (const auto& entry : entries) width = std::max(width, entry.form->id.size());
    out << "Forms: " << entries.size() << "\n";
    for (const auto& entry : entries)
        out << "  " << entry.form->id << std::string(width - entry.form->id.size() + 2, ' ') << "v"
            << entry.form->version << "  " << entry.form->title << "  (plugin " << entry.plugin_id << ")\n";
    for (const auto& diagnostic : session.registry.diagnostics()) err << diagnostic.format() << "\n";
    return forms::has_errors(session.registry.diagnostics()) ? exit_failure : exit_ok;
}

Verb add_forms_verb(CLI::App& app) {
    auto* command = app.add_subcommand("forms", "List the forms");
    // It says the forms' problems itself, after the list.
    return {command, [](Context& context) { return run_forms_command(context.session, context.out, context.err); },
            Stage::forms_loaded};
}

}  // namespace formwork::cli
