// retention: the records past the retention period the council profile gives their form
// (docs/profile.md, "Retention"), listed; with --erase, erased, each with its own audit entry.
// The judging is the engine's (formwork/store/retention.hpp); this file asks and prints.
#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <formwork/model/values.hpp>
#include <formwork/store/retention.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <iostream>
#include <memory>
#include <set>
#include <string>

namespace formwork::cli {

namespace {

struct RetentionOptions {
    std::string form;
    std::string on;
    bool erase = false;
    std::string reason;
    bool yes = false;
};

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string column(const std::string& text, std::size_t width) {
    if (text.size() <= width) return text + std::string(width - text.size(), ' ');
    return text.substr(0, width - 1) + "~";
}

std::string records(std::size_t count) { return std::to_string(count) + (count == 1 ? " record" : " records"); }

std::string these(std::size_t count) { return count == 1 ? "this record" : "these " + records(count); }

void print_review(const forms::RetentionReview& review, std::ostream& out) {
    out << column("ID", 36) << "  " << column("FORM", 18) << "  " << column("STATUS", 10) << "  "
        << column("STARTED", 10) << "  " << column("ENDED", 10) << "  TITLE\n";
    for (const auto& due : review.due)
        out << due.record_id << "  " << column(due.form_id, 18) << "  " << column(due.status, 10) << "  " << due.started
            << "  " << due.ended << "  " << due.title << "\n";
    if (review.due.empty())
        out << "No records past their retention period on " << review.on << "\n";
    else
        out << records(review.due.size()) << (review.due.size() == 1 ? " past its" : " past their")
            << " retention period on " << review.on << "\n";
}

// The rules --form leaves, or nothing with the reason said: there is no profile, it gives no
// retention periods, or none for --form. A records manager is told rather than shown an empty
// list, which would read as "nothing is due".
std::optional<std::vector<forms::RetentionRule>> chosen_rules(const RetentionOptions& options, const Session& session,
                                                              std::ostream& err) {
    const auto* profile = session.registry.profile();
    if (profile == nullptr) {
        err << "formwork-cli retention: retention periods come from the council profile, and none was given: use "
               "--profile FILE or FORMWORK_PROFILE (docs/profile.md, \"Retention\"). Nothing was listed\n";
        return std::nullopt;
    }
    if (profile->retention.empty()) {
        err << "formwork-cli retention: the council profile " << profile->source
            << " gives no retention periods (<retention form=\"eia\" years=\"6\"/>, docs/profile.md). Nothing was "
               "listed\n";
        return std::nullopt;
    }
    if (options.form.empty()) return profile->retention;
    const auto* rule = profile->retention_for(options.form);
    if (rule == nullptr) {
        err << "formwork-cli retention: the council profile " << profile->source
            << " gives no retention period for form '" << options.form << "'. Nothing was listed\n";
        return std::nullopt;
    }
    return std::vector<forms::RetentionRule>{*rule};
}

// Whether the person typed yes. Only a terminal is asked: elsewhere there is no one to answer,
// and a script must say --yes rather than have its input taken for an answer.
std::optional<bool> confirmed(std::size_t count, std::ostream& err) {
    if (::isatty(STDIN_FILENO) != 1) {
        err << "formwork-cli retention: standard input is not a terminal, so there is no one to ask: give --yes to "
               "erase "
            << these(count) << " without asking. Nothing was erased\n";
        return std::nullopt;
    }
    err << "Erase " << these(count) << "? Type yes to go on: " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    const auto first = answer.find_first_not_of(" \t\r");
    const auto last = answer.find_last_not_of(" \t\r");
    return first != std::string::npos && answer.substr(first, last - first + 1) == "yes";
}

int erase_due(const forms::RetentionReview& review, const std::vector<forms::RetentionRule>& rules,
              const RetentionOptions& options, Context& context, forms::RecordStore& store) {
    auto& out = context.out;
    auto& err = context.err;
    std::size_t erased = 0;
    std::set<std::string> notes;
    forms::erase_past_retention(
        store, context.session.registry, rules, review.due, review.on, context.session.user, options.reason,
        [&](const forms::RetentionErasure& result) {
            if (result.report) {
                ++erased;
                out << "Erased record " << result.record_id << ": " << result.report->entries_erased
                    << (result.report->entries_erased == 1 ? " audit entry keeps" : " audit entries keep")
                    << " who did what and when; erase entry " << result.report->erase_entry << std::endl;
                notes.insert(result.report->notes.begin(), result.report->notes.end());
            } else {
                err << "formwork-cli retention: record " << result.record_id << ": " << result.problem << std::endl;
            }
        });
    // Every record's erasure on a server leaves the same note; it is said once.
    for (const auto& note : notes) err << "formwork-cli retention: " << note << "\n";
    out << "Erased " << erased << " of " << records(review.due.size()) << "\n";
    return erased == review.due.size() ? exit_ok : exit_failure;
}

int run_retention_verb(const RetentionOptions& options, Context& context) {
    auto& err = context.err;
    if (options.erase && blank(options.reason)) {
        err << "formwork-cli retention: give the reason for erasing, which the audit log keeps: --reason REASON. "
               "Nothing was erased\n";
        return exit_usage;
    }
    const std::string on = options.on.empty() ? forms::utc_today() : options.on;
    if (!forms::is_iso_date(on)) {
        err << "formwork-cli retention: --on takes a date, YYYY-MM-DD, not '" << on << "'\n";
        return exit_usage;
    }
    const auto rules = chosen_rules(options, context.session, err);
    if (!rules) return exit_usage;
    const auto store = context.open_existing_store();
    if (!store) return exit_usage;
    const auto review = forms::review_retention(*store, context.session.registry, *rules, on);
    for (const auto& problem : review.diagnostics) err << problem.format() << "\n";
    if (forms::has_errors(review.diagnostics)) {
        err << "formwork-cli retention: the profile's retention periods have errors; nothing was listed"
            << (options.erase ? " or erased" : "") << "\n";
        return exit_failure;
    }
    print_review(review, context.out);
    if (!options.erase || review.due.empty()) return exit_ok;
    if (!options.yes) {
        const auto yes = confirmed(review.due.size(), err);
        if (!yes) return exit_usage;
        if (!*yes) {
            context.out << "Nothing was erased\n";
            return exit_ok;
        }
    }
    return erase_due(review, *rules, options, context, *store);
}

}  // namespace

Verb add_retention_verb(CLI::App& app) {
    auto options = std::make_shared<RetentionOptions>();
    auto* command = app.add_subcommand("retention", "List the records past the retention period the council profile "
                                                    "gives their form; with --erase, erase them");
    command->add_option("--form", options->form, "Only records of this form");
    command->add_option("--on", options->on, "Judge as of this date instead of today (UTC)")->type_name("YYYY-MM-DD");
    auto* erase = command->add_flag("--erase", options->erase,
                                    "Erase the records listed, each with its own audit entry; asks first, unless --yes");
    command->add_option("--reason", options->reason, "With --erase: why, which the audit log keeps (required)")
        ->type_name("REASON")
        ->needs(erase);
    command->add_flag("--yes", options->yes, "With --erase: erase without asking")->needs(erase);
    return {command, [options](Context& context) { return run_retention_verb(*options, context); }};
}

}  // namespace formwork::cli
