#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <formwork/model/record.hpp>

#include <CLI/CLI.hpp>

#include <ostream>

namespace formwork::cli {

int run_template_command(const Session& session, const std::string& form_id,
                         const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err) {
    const auto form = session.registry.latest(form_id);
    if (!form) {
        err << "formwork-cli template: no form '" << form_id << "'; `formwork-cli forms` lists them\n";
        return exit_failure;
    }
    const auto record = forms::new_record(*form, session.user, forms::utc_timestamp_now());
    return write_output(output, out, err, [&](pugi::xml_writer& writer) { forms::write_record(record, writer); });
}

Verb add_template_verb(CLI::App& app) {
    struct Options { std::string form; std::optional<std::filesystem::path> output; };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("template", "Write an empty record file for a form");
    command->add_option("FORM", options->form, "The form's id, as `forms` lists it")->required();
    command->add_option("-o,--output", options->output, "Write to this file instead of standard output");
    return {command, [options](Context& context) {
                return run_template_command(context.session, options->form, options->output, context.out, context.err);
            }};
}

}  // namespace formwork::cli
