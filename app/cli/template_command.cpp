#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <formwork/host/record_start.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/values.hpp>

#include <CLI/CLI.hpp>

#include <ostream>

namespace formwork::cli {

namespace {

// Prints the problems of a start from another record, FILE:LINE: severity: message as elsewhere.
void report(const forms::Diagnostics& problems, std::ostream& err) {
    for (const auto& problem : problems) err << problem.format() << "\n";
}

}  // namespace

int run_template_command(const Session& session, const std::string& form_id,
                         const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err,
                         const TemplateStart& start) {
    const auto form = session.registry.latest(form_id);
    if (!form) {
        err << "formwork-cli template: no form '" << form_id << "'; `formwork-cli forms` lists them\n";
        return exit_failure;
    }
    auto record = forms::new_record(*form, session.user, forms::utc_timestamp_now());
    if (!start.from.empty()) {
        if (!start.date.empty() && !forms::is_iso_date(start.date)) {
            err << "formwork-cli template: --date " << start.date << " is not a date as YYYY-MM-DD\n";
            return exit_usage;
        }
        if (start.records == nullptr || start.records->summary(start.from) == std::nullopt) {
            err << "formwork-cli template: --from " << start.from << ": no such record is stored\n";
            return exit_failure;
        }
        forms::StartRequest request;
        request.from_record = start.from;
        request.date = start.date;
        request.records = start.records;
        auto started = forms::prefill_record(form, record, request);
        report(started.diagnostics, err);
        if (forms::has_errors(started.diagnostics)) return exit_failure;
        if (!started.record) {
            err << "formwork-cli template: form '" << form_id << "' does not start from record " << start.from << '\n';
            return exit_failure;
        }
        for (const auto& note : started.notes) err << "formwork-cli template: " << note << '\n';
        record = std::move(*started.record);
    }
    return write_output(output, out, err, [&](pugi::xml_writer& writer) { forms::write_record(record, writer); });
}

Verb add_template_verb(CLI::App& app) {
    struct Options {
        std::string form;
        std::optional<std::filesystem::path> output;
        std::string from;
        std::string date;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("template", "Write an empty record file for a form, or one started from a stored record");
    command->add_option("FORM", options->form, "The form's id, as `forms` lists it")->required();
    command->add_option("-o,--output", options->output, "Write to this file instead of standard output");
    auto* from = command->add_option("--from", options->from,
                                     "Start from this stored record, as the form's plugin does it (a meeting from its body, or "
                                     "the next meeting from the last)");
    command->add_option("--date", options->date, "With --from: the date, YYYY-MM-DD, that rosters are read at; today by default")
        ->needs(from);
    return {command, [options](Context& context) {
                TemplateStart start{options->from, options->date, nullptr};
                std::unique_ptr<forms::RecordStore> store;
                if (!options->from.empty()) {
                    store = context.open_existing_store();
                    if (!store) return static_cast<int>(exit_usage);
                    start.records = &store->query();
                }
                return run_template_command(context.session, options->form, options->output, context.out, context.err, start);
            }};
}

}  // namespace formwork::cli
