#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <formwork/model/form_extension.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/validator.hpp>

#include <CLI/CLI.hpp>

#include <ostream>

namespace formwork::cli {

namespace {

// "positive" (Positive impact has been identified ...) for a choice; the value itself otherwise.
std::string describe(const std::string& value, const std::string& label) {
    if (value.empty()) return "nothing";
    return "\"" + value + "\"" + (label.empty() ? "" : " (" + label + ")");
}

}  // namespace

int run_validate_command(const Session& session, const std::vector<std::filesystem::path>& files,
                         const std::string& status, bool apply_derived, const sdk::RecordQuery* records, std::ostream& out,
                         std::ostream& err) {
    std::size_t failed = 0;
    std::size_t warned = 0;
    std::size_t written = 0;
    for (const auto& file : files) {
        auto read = forms::read_record_file(file, session.registry);
        auto diagnostics = std::move(read.diagnostics);
        std::vector<forms::DerivedOffer> offers;
        if (read.record) {
            if (!status.empty() && read.form->lifecycle.rank(status) < 0) {
                err << "formwork-cli validate: '" << status << "' is not a status of form '" << read.form->id << "'\n";
                return exit_usage;
            }
            const forms::ValidationOptions options{status, session.user, {}, records};
            // Calculated fields are checked as the editor would show them.
            auto record = *read.record;
            forms::recalculate(*read.form, record, options);
            auto found = forms::validate_record(*read.form, record, options);
            diagnostics.insert(diagnostics.end(), found.begin(), found.end());
            offers = forms::derived_offers(*read.form, record, options, diagnostics);
        }
        for (auto& diagnostic : diagnostics) {
            if (diagnostic.file.empty()) diagnostic.file = file.string();
            out << diagnostic.format() << "\n";
        }
        for (const auto& offer : offers)
            out << file.string() << ":" << offer.derived.field << ": offer: "
                << describe(offer.derived.value, offer.derived_label) << ", because " << offer.derived.reason
                << "; the file has " << describe(offer.current, offer.current_label) << "\n";
        if (apply_derived && !offers.empty()) {
            auto& record = *read.record;
            for (const auto& offer : offers)
                if (auto problem = forms::set_value(*read.form, record, offer.derived.field, offer.derived.value)) {
                    problem->file = file.string();
                    err << problem->format() << "\n";
                    return exit_failure;
                }
            record.meta.modified_at = forms::utc_timestamp_now();
            record.meta.modified_by = session.user;
            if (const auto problem = forms::save_record_file(record, file)) {
                err << "formwork-cli validate: " << file.string() << ": " << *problem << "\n";
                return exit_failure;
            }
            ++written;
            out << file.string() << ": wrote " << offers.size() << (offers.size() == 1 ? " derived value" : " derived values")
                << "\n";
        }
        if (forms::has_errors(diagnostics))
            ++failed;
        else if (!diagnostics.empty())
            ++warned;
    }
    err << files.size() << (files.size() == 1 ? " file" : " files") << " checked: " << failed << " with errors, "
        << warned << " with warnings only";
    if (apply_derived) err << "; derived values written to " << written << (written == 1 ? " file" : " files");
    err << "\n";
    return failed > 0 ? exit_failure : exit_ok;
}

Verb add_validate_verb(CLI::App& app) {
    struct Options {
        std::vector<std::filesystem::path> files;
        std::string status;
        bool apply_derived = false;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("validate", "Validate record files");
    command->add_option("FILE", options->files, "Record files")->required()->check(CLI::ExistingFile);
    command->add_option("--status", options->status,
                        "Check as if the record were at this status (e.g. complete); default: its own");
    command->add_flag("--apply-derived", options->apply_derived,
                      "Write the values the form's plugin derives (shown as 'offer' lines) into each file");
    return {command, [options](Context& context) {
                // The checks that read other records (a meeting's body, a report's EIA) run
                // against the database when there is one; validate never creates one.
                const auto store = context.open_store_if_exists();
                return run_validate_command(context.session, options->files, options->status, options->apply_derived,
                                            store ? &store->query() : nullptr, context.out, context.err);
            }};
}

}  // namespace formwork::cli
