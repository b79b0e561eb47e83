// The verbs on a record's revisions: duplicate (a new record from this one), diff (two
// revisions compared) and restore-revision (an earlier revision's content saved again).
#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <formwork/store/record_store.hpp>
#include <formwork/store/revisions.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

namespace formwork::cli {

namespace {

// The stored record's form, or nothing, said on `err`.
forms::FormDefinitionPtr form_of(const Session& session, forms::RecordStore& store, const std::string& id,
                                 const std::string& verb, std::ostream& err) {
    const auto record = store.load(id);
    if (!record) {
        err << "formwork-cli " << verb << ": no record " << id << " in " << store.location() << "\n";
        return nullptr;
    }
    auto form = session.registry.find(record->meta.form_id, record->meta.form_version);
    if (!form)
        err << "formwork-cli " << verb << ": record " << id << " is a " << record->meta.form_id << " v"
            << record->meta.form_version << ", a form this program does not have; is its plugin loaded?\n";
    return form;
}

// A value in one line, quoted, as history prints it; in full, since a diff is read for detail.
std::string quoted(const std::string& value) {
    std::string text = "\"";
    for (const char c : value) {
        if (c == '\n') text += "\\n";
        else if (c == '\t') text += "\\t";
        else if (c == '"' || c == '\\') text += std::string("\\") + c;
        else if (c != '\r') text += c;
    }
    return text + "\"";
}

int run_duplicate_command(const Session& session, forms::RecordStore& store, const std::string& id, std::ostream& out,
                          std::ostream& err) {
    const auto form = form_of(session, store, id, "duplicate", err);
    if (!form) return exit_failure;
    try {
        const auto copy = forms::duplicate_stored(store, *form, id, session.user);
        // The new id alone on standard output, for scripts; the rest is said on the error stream.
        out << copy.meta.id << "\n";
        err << "formwork-cli duplicate: record " << copy.meta.id << " is a copy of " << id << ", "
            << form->lifecycle.label_of(copy.meta.status) << ", revision 1\n";
    } catch (const forms::StoreError& e) {
        err << "formwork-cli duplicate: " << e.what() << "\n";
        return exit_failure;
    }
    return exit_ok;
}

int run_diff_command(const Session& session, forms::RecordStore& store, const std::string& id, long from, long to,
                     std::ostream& out, std::ostream& err) {
    const auto form = form_of(session, store, id, "diff", err);
    if (!form) return exit_failure;
    try {
        const auto pair = forms::read_revisions(store, *form, id, from, to);
        const auto changes = forms::compare_revisions(pair.from, pair.to);
        if (changes.empty()) {
            out << "Revisions " << from << " and " << to << " of record " << id << " hold the same\n";
            return exit_ok;
        }
        out << "Record " << id << ", revision " << from << " -> revision " << to << "\n";
        for (const auto& change : changes)
            out << "  " << change.path << ": " << quoted(change.old_value) << " -> " << quoted(change.new_value) << "\n";
    } catch (const forms::StoreError& e) {
        err << "formwork-cli diff: " << e.what() << "\n";
        return exit_failure;
    }
    return exit_ok;
}

int run_restore_revision_command(const Session& session, forms::RecordStore& store, const std::string& id, long revision,
                                 const std::string& reopen_reason, std::ostream& out, std::ostream& err) {
    const auto form = form_of(session, store, id, "restore-revision", err);
    if (!form) return exit_failure;
    try {
        const auto done = forms::restore_revision(store, *form, id, revision, session.user, reopen_reason);
        if (done.unchanged) {
            out << "Record " << id << " holds revision " << revision << "'s content already: nothing was saved\n";
            return exit_ok;
        }
        out << "Restored revision " << revision << " of record " << id << " as revision " << done.revision
            << (done.reopened ? ", reopened first" : "") << "\n";
    } catch (const forms::LockedError& e) {
        err << "formwork-cli restore-revision: " << e.what() << "; or restore-revision " << id << " " << revision
            << " --reopen REASON. Nothing was saved\n";
        return exit_failure;
    } catch (const forms::StoreError& e) {
        err << "formwork-cli restore-revision: " << e.what() << "\n";
        return exit_failure;
    }
    return exit_ok;
}

}  // namespace

Verb add_duplicate_verb(CLI::App& app) {
    auto id = std::make_shared<std::string>();
    auto* command = app.add_subcommand("duplicate", "New record from this one: a copy in its lifecycle's first status, "
                                                    "leaving out what its form marks copy=\"false\"; prints the new id");
    add_record_id(*command, *id);
    return {command, with_store([id](Context& context, forms::RecordStore& store) {
                return run_duplicate_command(context.session, store, *id, context.out, context.err);
            })};
}

Verb add_diff_verb(CLI::App& app) {
    struct Options {
        std::string id;
        long from = 0, to = 0;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("diff", "What differs between two revisions of a record, field by field");
    add_record_id(*command, options->id);
    command->add_option("REV-A", options->from, "The earlier revision, as history shows it")->required();
    command->add_option("REV-B", options->to, "The later revision")->required();
    return {command, with_store([options](Context& context, forms::RecordStore& store) {
                return run_diff_command(context.session, store, options->id, options->from, options->to, context.out,
                                        context.err);
            })};
}

Verb add_restore_revision_verb(CLI::App& app) {
    struct Options {
        std::string id, reopen;
        long revision = 0;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("restore-revision", "Save an earlier revision's content again, as a new "
                                                           "revision that names the one restored");
    add_record_id(*command, options->id);
    command->add_option("REV", options->revision, "The revision to restore, as history shows it")->required();
    command->add_option("--reopen", options->reopen,
                        "Needed for a locked record: reopen it first, with this reason, which the audit log keeps")
        ->type_name("REASON");
    return {command, with_store([options](Context& context, forms::RecordStore& store) {
                return run_restore_revision_command(context.session, store, options->id, options->revision,
                                                    options->reopen, context.out, context.err);
            })};
}

}  // namespace formwork::cli
