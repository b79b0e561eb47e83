#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <formwork/model/xsd.hpp>

#include <CLI/CLI.hpp>

#include <ostream>

namespace formwork::cli {

int run_schema_command(const Session& session, const std::optional<std::string>& form_id, bool submission,
                       const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err) {
    if (submission) {
        std::vector<forms::FormDefinitionPtr> all;
        for (const auto& entry : session.registry.forms()) all.push_back(entry.form);
        return write_output(output, out, err, [&](pugi::xml_writer& writer) { forms::write_submission_xsd(all, writer); });
    }
    const auto form = session.registry.latest(*form_id);
    if (!form) {
        err << "formwork-cli schema: no form '" << *form_id << "'; `formwork-cli forms` lists them\n";
        return exit_failure;
    }
    return write_output(output, out, err, [&](pugi::xml_writer& writer) { forms::write_form_xsd(*form, writer); });
}

Verb add_schema_verb(CLI::App& app) {
    struct Options {
        std::optional<std::string> form;
        bool submission = false;
        std::optional<std::filesystem::path> output;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("schema", "Write an XSD: of a form's record files, or of a submission");
    auto* form_option = command->add_option("--form", options->form, "The form's id");
    auto* submission_flag = command->add_flag("--submission", options->submission, "The submission envelope");
    form_option->excludes(submission_flag);
    command->add_option("-o,--output", options->output, "Write to this file instead of standard output");
    // Once the whole command line is parsed, as a usage error like CLI11's own.
    command->callback([options] {
        if (!options->form && !options->submission)
            throw CLI::ValidationError("schema", "give --form FORM or --submission");
    });
    return {command, [options](Context& context) {
                return run_schema_command(context.session, options->form, options->submission, options->output,
                                          context.out, context.err);
            }};
}

}  // namespace formwork::cli
