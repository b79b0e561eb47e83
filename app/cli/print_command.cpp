// `formwork-cli print ID [-o FILE.html] [--include-unpublished]`: one stored record as a
// printable HTML document laid out like the paper form (docs/printing.md).
#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <CLI/CLI.hpp>

#include <html/record_document.hpp>

#include <formwork/model/record.hpp>
#include <formwork/model/values.hpp>

#include <ostream>

namespace formwork::cli {

int run_print_command(const Session& session, forms::RecordStore& store, const std::string& id, bool include_unpublished,
                      const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err) {
    const auto record = store.load(id);
    if (!record) {
        err << "formwork-cli print: no record " << id << " in " << store.location() << "\n";
        return exit_failure;
    }
    const auto form = session.registry.find(record->meta.form_id, record->meta.form_version);
    if (!form) {
        err << "formwork-cli print: record " << id << " is a " << record->meta.form_id << " v" << record->meta.form_version
            << ", a form no loaded plugin offers\n";
        return exit_failure;
    }

    exporters::RecordDocumentOptions options;
    options.include_unpublished = include_unpublished;
    if (const auto* profile = session.registry.profile()) options.organisation = profile->organisation_name;
    // A reference prints as the title of the record it points at, when the database has it.
    options.reference_title = [&](const std::string& other_id) -> std::string {
        if (!forms::is_uuid(other_id)) return {};
        const auto other = store.load(other_id);
        if (!other) return {};
        const auto other_form = session.registry.find(other->meta.form_id, other->meta.form_version);
        return other_form ? forms::record_title(*other_form, *other) : std::string();
    };
    const int status = write_output(output, out, err, [&](pugi::xml_writer& writer) {
        exporters::write_record_document(*form, *record, options, writer);
    });
    if (status == exit_ok && output)
        out << "Printed " << form->title << " \"" << forms::record_title(*form, *record) << "\" to " << output->string() << "\n";
    return status;
}

Verb add_print_verb(CLI::App& app) {
    struct Options {
        std::string id;
        std::optional<std::filesystem::path> output;
        bool include_unpublished = false;
    };
    auto options = std::make_shared<Options>();
    auto* command =
        app.add_subcommand("print", "Write a stored record as a printable HTML document, laid out like the paper form");
    add_record_id(*command, options->id);
    command->add_option("-o,--output", options->output, "Write to this file (FILE.html) instead of standard output");
    command->add_flag("--include-unpublished", options->include_unpublished,
                      "Print what the council profile keeps out of exports too");
    return {command, with_store([options](Context& context, forms::RecordStore& store) {
                return run_print_command(context.session, store, options->id, options->include_unpublished,
                                         options->output, context.out, context.err);
            })};
}

}  // namespace formwork::cli
