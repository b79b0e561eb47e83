#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <formwork/store/copy_store.hpp>
#include <formwork/store/export_entry.hpp>
#include <formwork/store/database_files.hpp>
#include <formwork/store/open_store.hpp>
#include <formwork/store/postgres_store.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/record_store.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <utility>

namespace formwork::cli {

namespace {

const char* outcome_name(forms::ImportItem::Outcome outcome) {
    switch (outcome) {
    case forms::ImportItem::Outcome::added: return "added";
    case forms::ImportItem::Outcome::updated: return "updated";
    case forms::ImportItem::Outcome::unchanged: return "unchanged";
    case forms::ImportItem::Outcome::refused: return "refused";
    }
    return "?";
}

std::string fit(const std::string& text, std::size_t width) {
    if (text.size() <= width) return text + std::string(width - text.size(), ' ');
    return text.substr(0, width - 1) + "~";
}

struct ImportOptions {
    std::string format = "record";
    std::vector<std::filesystem::path> files;
    bool samples = false;
    std::string into;
    long revision = 0;
    std::string body;
    std::string reopen;  // the reason for reopening locked records
    bool dry_run = false;  // --format workbook: say what would change, save nothing
};

// Whether the files, --samples and --into go with the format; says why not on `err`.
bool check_import_options(const ImportOptions& options, std::ostream& err) {
    if (options.dry_run && options.format != "workbook") {
        err << "formwork-cli import: --dry-run is for --format workbook; record files and texts are saved as they "
               "are read (check them first with `formwork-cli validate`)\n";
        return false;
    }
    if (options.format == "workbook") {
        if (options.samples || !options.into.empty() || !options.body.empty() || options.files.size() != 1) {
            err << "formwork-cli import: --format workbook reads one workbook exported by Formwork: give exactly one "
                   "FILE.xlsx, without --samples, --into or --body\n";
            return false;
        }
        return true;
    }
    if (options.format != "record" && (options.samples || options.files.empty())) {
        err << "formwork-cli import: --format " << options.format << " reads text files: give them, without --samples\n";
        return false;
    }
    if (!options.into.empty() && (options.format == "record" || options.files.size() != 1)) {
        err << "formwork-cli import: --into takes one text file in a plugin's --format\n";
        return false;
    }
    if (options.files.empty() && !options.samples) {
        err << "formwork-cli import: give record files, or --samples\n";
        return false;
    }
    return true;
}

// `--format list` needs no database; the other imports open it once their options check out.
int run_import_verb(const ImportOptions& options, Context& context) {
    if (options.format == "list") return run_import_formats_command(context.session, context.out, context.err);
    if (!check_import_options(options, context.err)) return exit_usage;
    if (options.format == "workbook") {
        // A workbook comes back into the database it was exported from: none is made for it.
        const auto store = context.open_store_if_exists();
        if (!store) {
            context.err << "formwork-cli import: there is no database at " << database_location(context.db)
                        << ": a workbook comes back into the database it was exported from; nothing was made\n";
            return exit_usage;
        }
        return run_import_workbook_command(context.session, *store, options.files.front(), options.dry_run,
                                           options.reopen, context.out, context.err);
    }
    // The one verb that makes a database where there is none; it says so, with the path.
    const auto location = database_location(context.db);
    const bool making = !forms::database_exists(location);
    const auto store = context.open_store();
    if (making)
        context.err << "import: made a new database at " << std::filesystem::absolute(location).lexically_normal().string()
                    << "\n";
    if (options.format == "record")
        return run_import_command(context.session, *store, options.files, options.samples, context.out, context.err,
                                  options.reopen);
    ImportTarget into{options.into, options.revision, {}, options.reopen};
    if (!options.body.empty()) into.options.emplace_back("body", options.body);
    return run_import_text_command(context.session, *store, options.format, options.files, into, context.out,
                                   context.err);
}

}  // namespace

namespace {

// What the form's plugin finds in an imported record (a sign-off dated before it was sent, a
// missing response): said at import, not only by `validate`, against the record as stored.
void report_plugin_checks(const Session& session, forms::RecordStore& store, const forms::ImportItem& item,
                          std::ostream& out) {
    const auto record = store.load(item.record_id);
    if (!record) return;
    const auto form = session.registry.find(record->meta.form_id, record->meta.form_version);
    if (!form || !form->extension) return;
    const forms::ValidationOptions options{{}, session.user, {}, &store.query()};
    for (auto diagnostic : form->extension->check(*form, *record, options)) {
        if (diagnostic.file.empty()) diagnostic.file = item.source;
        out << diagnostic.format() << "\n";
    }
}

}  // namespace

int run_import_command(const Session& session, forms::RecordStore& store, const std::vector<std::filesystem::path>& files,
                       bool samples, std::ostream& out, std::ostream& err, const std::string& reopen_reason) {
    std::vector<std::pair<std::string, std::string>> inputs;
    if (samples)
        for (const auto& sample : session.registry.samples())
            inputs.emplace_back(sample.plugin_id + "/" + sample.name, sample.text);
    for (const auto& file : files) {
        auto text = read_input_file(file);
        if (!text) {
            err << "formwork-cli import: cannot read " << file.string() << "\n";
            return exit_failure;
        }
        inputs.emplace_back(file.string(), std::move(*text));
    }
    std::size_t counts[4] = {0, 0, 0, 0};
    // Each file is reported once its batch is committed, and flushed at once: an import that
    // is killed part-way leaves an account of exactly what was saved.
    const auto report = [&](const forms::ImportItem& item) {
        ++counts[static_cast<int>(item.outcome)];
        if (item.outcome == forms::ImportItem::Outcome::refused) {
            for (const auto& diagnostic : item.diagnostics) out << diagnostic.format() << "\n";
        } else {
            out << item.source << ": " << outcome_name(item.outcome) << " " << item.record_id << " (revision "
                << item.revision << ")\n";
            // A reopened record that stays in the first status says why.
            for (const auto& diagnostic : item.diagnostics)
                if (diagnostic.severity == forms::Severity::warning) out << diagnostic.format() << "\n";
            if (item.outcome != forms::ImportItem::Outcome::unchanged) report_plugin_checks(session, store, item, out);
        }
        out.flush();
    };
    store.import(session.registry, inputs, session.user, 1000, reopen_reason, report);
    err << "import into " << store.location() << ": " << counts[0] << " added, " << counts[1] << " updated, "
        << counts[2] << " unchanged, " << counts[3] << " refused\n";
    return counts[3] > 0 ? exit_failure : exit_ok;
}

int run_list_command(forms::RecordStore& store, const forms::ListQuery& query, std::ostream& out) {
    const auto page = store.list(query);
    out << fit("ID", 36) << "  " << fit("FORM", 18) << "  " << fit("STATUS", 10) << "  REV  " << fit("MODIFIED", 20)
        << "  " << fit("BY", 14) << "  TITLE\n";
    for (const auto& row : page.rows)
        out << row.id << "  " << fit(row.form_id, 18) << "  " << fit(row.status, 10) << "  " << fit(std::to_string(row.revision), 3)
            << "  " << fit(row.modified_at, 20) << "  " << fit(row.modified_by, 14) << "  "
            << (row.withdrawn ? "[withdrawn] " : "") << row.title << "\n";
    const auto first = page.rows.empty() ? 0 : query.offset + 1;
    out << "Records " << first << "-" << query.offset + page.rows.size() << " of " << (page.total_exact ? "" : "more than ")
        << page.total << "\n";
    return exit_ok;
}

int run_show_command(forms::RecordStore& store, const std::string& id, const std::optional<std::filesystem::path>& output,
                     std::ostream& out, std::ostream& err) {
    const auto record = store.load(id);
    if (!record) {
        err << "formwork-cli show: no record " << id << " in " << store.location() << "\n";
        return exit_failure;
    }
    // Said apart from the record file, which stays one that import reads.
    if (const auto withdrawal = store.withdrawal(id))
        err << "formwork-cli show: record " << id << " is withdrawn (audit entry " << withdrawal->entry << ", "
            << withdrawal->at << ", by " << withdrawal->by << ": " << withdrawal->reason << "); formwork-cli restore "
            << id << " brings it back\n";
    return write_output(output, out, err, [&](pugi::xml_writer& writer) { forms::write_record(*record, writer); });
}

namespace {

// How history says the changes that are facts of a save rather than values: a reason, a
// source; nullptr for any other path.
const char* said_of(const std::string& path) {
    static const std::pair<const char*, const char*> sayings[] = {
        {"meta/erase-reason", "erased because: "},
        {"meta/reopen-reason", "reopened because: "},
        {"meta/withdraw-reason", "withdrawn because: "},
        {"meta/restore-reason", "restored because: "},
        {"meta/duplicated-from", "a copy of record "},
        {"meta/restored-revision", "restored the content of revision "},
        {"meta/imported-from", "imported from "},
    };
    for (const auto& [meta, words] : sayings)
        if (path == meta) return words;
    return nullptr;
}

}  // namespace

int run_history_command(forms::RecordStore& store, const std::string& id, std::ostream& out, std::ostream& err) {
    const auto entries = store.history(id);
    if (entries.empty()) {
        err << "formwork-cli history: no record " << id << " in " << store.location() << "\n";
        return exit_failure;
    }
    for (const auto& entry : entries) {
        out << "#" << entry.sequence << "  " << entry.at << "  " << entry.by << "  " << entry.action << "  revision "
            << entry.revision << "  " << entry.digest.substr(0, 16) << "\n";
        if (const auto tombstone = forms::parse_tombstone(entry.tombstone)) {
            out << "    erased on " << tombstone->at << " by " << tombstone->by << ", because: " << tombstone->reason << "\n";
            for (const auto& change : entry.changes) out << "    " << change.path << ": (erased)\n";
            continue;
        }
        if (entry.action == forms::export_action) {
            // Not the ids it wrote, which may be thousands: verify-export lists the export in full.
            if (const auto facts = forms::parse_export_changes(entry.changes))
                out << "    exported in a " << facts->format << " file of " << facts->record_ids.size()
                    << (facts->record_ids.size() == 1 ? " record" : " records") << ", " << facts->file << " (SHA-256 "
                    << facts->sha256 << ")\n";
            continue;
        }
        for (const auto& change : entry.changes) {
            if (const auto said = said_of(change.path)) {
                out << "    " << said << change.new_value << "\n";
                continue;
            }
            if (change.path.rfind("erased/", 0) == 0) {
                out << "    erased the values of entry #" << change.path.substr(7) << "\n";
                continue;
            }
            const auto show = [](const std::string& value) {
                std::string one_line = value.size() > 60 ? value.substr(0, 57) + "..." : value;
                std::replace(one_line.begin(), one_line.end(), '\n', ' ');
                return "\"" + one_line + "\"";
            };
            out << "    " << change.path << ": " << show(change.old_value) << " -> " << show(change.new_value) << "\n";
        }
    }
    if (const auto withdrawal = store.withdrawal(id))
        out << "Record " << id << " is withdrawn, since entry #" << withdrawal->entry
            << ": it is in no list or export until formwork-cli restore " << id << " brings it back\n";
    return exit_ok;
}

namespace {

int run_withdraw_command(const Session& session, forms::RecordStore& store, const std::string& id,
                         const std::string& reason, std::ostream& out, std::ostream& err) {
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        err << "formwork-cli withdraw: give the reason, which the audit log keeps: --reason REASON. Nothing was "
               "withdrawn\n";
        return exit_usage;
    }
    try {
        const auto entry = store.withdraw(id, session.user, reason);
        out << "Withdrew record " << id << " (audit entry " << entry
            << "): it is kept, with its revisions and history, but is in no list or export until formwork-cli restore "
            << id << " brings it back\n";
    } catch (const forms::StoreError& e) {
        err << "formwork-cli withdraw: " << e.what() << "\n";
        return exit_failure;
    }
    return exit_ok;
}

int run_restore_command(const Session& session, forms::RecordStore& store, const std::string& id,
                        const std::string& reason, std::ostream& out, std::ostream& err) {
    try {
        const auto entry = store.restore(id, session.user, reason);
        out << "Restored record " << id << " (audit entry " << entry << "): it is in the lists and exports again\n";
    } catch (const forms::StoreError& e) {
        err << "formwork-cli restore: " << e.what() << "\n";
        return exit_failure;
    }
    return exit_ok;
}

}  // namespace

int run_set_status_command(const Session& session, forms::RecordStore& store, const std::string& id,
                           const std::string& status, long revision, std::ostream& out, std::ostream& err,
                           const std::string& reopen_reason) {
    const auto record = store.load(id);
    if (!record) {
        err << "formwork-cli set-status: no record " << id << " in " << store.location() << "\n";
        return exit_failure;
    }
    const auto form = session.registry.find(record->meta.form_id, record->meta.form_version);
    if (!form) {
        err << "formwork-cli set-status: record " << id << " is a " << record->meta.form_id << " v"
            << record->meta.form_version << ", a form this program does not have; is its plugin loaded?\n";
        return exit_failure;
    }
    const auto result = store.set_status(*form, id, status, revision, session.user, reopen_reason);
    for (auto diagnostic : result.diagnostics) {
        diagnostic.file = id;
        err << diagnostic.format() << "\n";
    }
    if (!result.changed) return exit_failure;
    const auto now = store.load(id);
    out << id << ": " << record->meta.status << " -> " << status << " (revision " << now->meta.revision << ")\n";
    return exit_ok;
}

int run_verify_trail_command(forms::RecordStore& store, std::ostream& out, std::ostream& err, const std::string& head) {
    const auto check = store.verify_trail(head);
    if (!check.intact) {
        err << "formwork-cli verify-trail: the audit log of " << store.location() << " is broken at entry "
            << *check.first_broken << ": " << check.problem << "\n";
        out << "entries checked: " << check.entries << "\nbroken at: " << *check.first_broken << "\n";
        return exit_failure;
    }
    out << "The audit log is intact: " << check.entries << (check.entries == 1 ? " entry" : " entries");
    if (!check.erased.empty())
        out << ", " << check.erased.size() << (check.erased.size() == 1 ? " of them erased" : " of them erased");
    out << "\nhead digest: " << check.head_digest << "\n";
    for (const auto& erased : check.erased)
        out << "entry " << erased.sequence << " (record " << erased.record_id << "): erased on " << erased.tombstone.at
            << " by " << erased.tombstone.by << ", because: " << erased.tombstone.reason << " (erase entry "
            << erased.tombstone.erase_entry << ")\n";
    if (head.empty()) return exit_ok;
    if (!check.head_found) {
        err << "formwork-cli verify-trail: " << head << " was never the head of the audit log of " << store.location()
            << "\n";
        out << "head " << head << ": never this log's head\n";
        return exit_failure;
    }
    const auto& found = *check.head_found;
    out << "head " << head << ": ";
    if (found.entry == 0)
        out << "this log's head when it was empty\n";
    else
        out << "this log's head after entry " << found.entry << " (" << found.at << ", by " << found.by << ")"
            << (found.chain_v1 ? ", a chain version 1 digest, from before the database was migrated to chain version 2"
                               : "")
            << "\n";
    return exit_ok;
}

int run_erase_command(const Session& session, forms::RecordStore& store, const std::string& id, const std::string& reason,
                      std::ostream& out, std::ostream& err) {
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        err << "formwork-cli erase: give the reason, which the audit log keeps: --reason REASON. Nothing was erased\n";
        return exit_usage;
    }
    const auto report = store.erase(id, session.user, reason);
    out << "Erased record " << id << ": " << report.entries_erased
        << (report.entries_erased == 1 ? " audit entry keeps" : " audit entries keep")
        << " who did what and when, their values replaced by a tombstone; erase entry " << report.erase_entry << "\n";
    for (const auto& note : report.notes) err << "formwork-cli erase: " << note << "\n";
    return exit_ok;
}

int run_vacuum_db_command(const std::string& location, std::ostream& out, std::ostream& err) {
    if (!forms::is_postgres_location(location)) {
        err << "formwork-cli vacuum-db: --db takes a PostgreSQL database (postgresql://host/dbname, or service=NAME); "
               "a local database file is cleaned by erase itself\n";
        return exit_usage;
    }
    const auto notes = forms::vacuum_postgres_database(location);
    out << "VACUUM FULL done on the records and the audit log of " << forms::redact_connection_string(location) << "\n";
    for (const auto& note : notes) err << "formwork-cli vacuum-db: " << note << "\n";
    return notes.empty() ? exit_ok : exit_failure;
}

int run_copy_db_command(const std::string& from, const std::string& to, std::ostream& out, std::ostream& err) {
    if (forms::is_postgres_location(from)) {
        err << "formwork-cli copy-db: --from takes a local database file, not a server\n";
        return exit_usage;
    }
    if (!std::filesystem::is_regular_file(from)) {
        err << "formwork-cli copy-db: there is no database file " << from << "\n";
        return exit_usage;
    }
    if (!forms::is_postgres_location(to)) {
        err << "formwork-cli copy-db: --to takes a PostgreSQL database (postgresql://host/dbname, or service=NAME)\n";
        return exit_usage;
    }
    const auto source = forms::open_store(from);
    const auto target = forms::open_store(to);
    const auto report = forms::copy_store(*source, *target);
    out << "Copied " << from << " to " << target->location() << ": " << report.records
        << (report.records == 1 ? " record, " : " records, ") << report.audit_entries
        << (report.audit_entries == 1 ? " audit entry, " : " audit entries, ") << report.counters
        << (report.counters == 1 ? " counter" : " counters") << "\nhead digest: " << report.head_digest << "\n";
    return exit_ok;
}

int run_upgrade_db_command(const std::string& location, std::ostream& out, std::ostream& err) {
    if (!forms::is_postgres_location(location)) {
        err << "formwork-cli upgrade-db: --db takes a PostgreSQL database (postgresql://host/dbname, or service=NAME); "
               "a local database file is upgraded whenever it is opened\n";
        return exit_usage;
    }
    const auto upgrade = forms::upgrade_postgres_database(location);
    out << "The database " << forms::redact_connection_string(location) << " is at schema version "
        << upgrade.version_after;
    if (upgrade.version_before == 0) out << " (its tables made now)";
    else if (upgrade.version_before != upgrade.version_after) out << " (upgraded from version " << upgrade.version_before << ")";
    out << "\n";
    for (const auto& role : upgrade.roles_granted) out << "granted to role " << role << "\n";
    for (const auto& role : upgrade.roles_missing)
        out << "no role " << role << " on this server: nothing granted to it (docs/store.md, \"Roles\")\n";
    return exit_ok;
}

Verb add_import_verb(CLI::App& app) {
    auto options = std::make_shared<ImportOptions>();
    auto* command = app.add_subcommand("import", "Import record files, a workbook exported and edited offline, or "
                                                 "texts a plugin reads (a Word sign-off table), into the database");
    command->add_option("--format", options->format,
                        "record (the default); workbook, a sheet-per-table workbook exported by Formwork and edited "
                        "offline (one FILE.xlsx; see --dry-run); or a plugin's text format: word-trail, a sign-off "
                        "table copied out of a Word report; moderngov, moderngov-committees, moderngov-membership and "
                        "moderngov-meetings, ModernGov web service files (`formwork-cli import --format list` "
                        "lists them)");
    command->add_flag("--samples", options->samples, "Import every plugin's sample records");
    command->add_flag("--dry-run", options->dry_run,
                      "--format workbook: list what would change, record by record and cell by cell, and every cell "
                      "refused, saving nothing");
    auto* into_option = command->add_option("--into", options->into,
                                            "Text formats: replace what the text gives in this stored record "
                                            "instead of making a new one");
    command->add_option("--revision", options->revision, "With --into: the revision you started from")
        ->needs(into_option);
    command->add_option("--body", options->body,
                        "moderngov, moderngov-membership, moderngov-meetings: the id of the body's record the file is "
                        "about (else found by the file's committee id), whose roster attendees are matched against");
    command->add_option("FILE", options->files, "Record files, a workbook (--format workbook), or text files in --format")
        ->check(CLI::ExistingFile);
    command->add_option("--reopen", options->reopen,
                        "Reopen a locked record (complete, submitted...) that a file, text or workbook changes (a "
                        "ModernGov meeting imported again), giving the reason the audit log keeps; without it such a "
                        "record is refused")
        ->type_name("REASON");
    return {command, [options](Context& context) { return run_import_verb(*options, context); }};
}

Verb add_list_verb(CLI::App& app) {
    auto query = std::make_shared<forms::ListQuery>();
    auto* command = app.add_subcommand("list", "List records, newest first");
    command->add_option("--form", query->form, "Only records of this form");
    command->add_option("--status", query->status, "Only records at this status");
    command->add_option("--search", query->text, "Only records whose title or values contain this text");
    command->add_option("--limit", query->limit, "How many records to show (default 100)")->check(CLI::Range(1, 100000));
    command->add_option("--offset", query->offset, "How many to skip, for the next page");
    auto* only_withdrawn = command->add_flag_function(
        "--withdrawn", [query](std::int64_t) { query->withdrawn = forms::ListWithdrawn::only; },
        "Only withdrawn records (each marked [withdrawn])");
    command->add_flag_function(
               "--include-withdrawn", [query](std::int64_t) { query->withdrawn = forms::ListWithdrawn::included; },
               "Withdrawn records too, each marked [withdrawn]")
        ->excludes(only_withdrawn);
    return {command, with_store([query](Context& context, forms::RecordStore& store) {
                return run_list_command(store, *query, context.out);
            })};
}

Verb add_show_verb(CLI::App& app) {
    struct Options { std::string id; std::optional<std::filesystem::path> output; };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("show", "Write a stored record as a record file (to edit, then import)");
    add_record_id(*command, options->id);
    command->add_option("-o,--output", options->output, "Write to this file instead of standard output");
    return {command, with_store([options](Context& context, forms::RecordStore& store) {
                return run_show_command(store, options->id, options->output, context.out, context.err);
            })};
}

Verb add_history_verb(CLI::App& app) {
    auto id = std::make_shared<std::string>();
    auto* command = app.add_subcommand("history", "Show a record's entries in the audit log");
    add_record_id(*command, *id);
    return {command, with_store([id](Context& context, forms::RecordStore& store) {
                return run_history_command(store, *id, context.out, context.err);
            })};
}

Verb add_set_status_verb(CLI::App& app) {
    struct Options {
        std::string id, status, reopen;
        long revision = 0;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("set-status", "Move a record to another status (e.g. complete)");
    add_record_id(*command, options->id);
    command->add_option("STATUS", options->status, "The status to move to")->required();
    command->add_option("--revision", options->revision, "The revision you are changing, as `list` shows it")->required();
    command->add_option("--reopen", options->reopen,
                        "Needed to move a locked record back to its first status (e.g. draft): the reason, which "
                        "the audit log keeps")
        ->type_name("REASON");
    return {command, with_store([options](Context& context, forms::RecordStore& store) {
                return run_set_status_command(context.session, store, options->id, options->status, options->revision,
                                              context.out, context.err, options->reopen);
            })};
}

Verb add_verify_trail_verb(CLI::App& app) {
    auto head = std::make_shared<std::string>();
    auto* command = app.add_subcommand("verify-trail", "Check the audit log's digest chain and print its head digest");
    command->add_option("--head", *head,
                        "Also say whether this digest (a submission's audit head, say) was ever the log's head, and "
                        "after which entry")
        ->type_name("DIGEST");
    return {command, with_store([head](Context& context, forms::RecordStore& store) {
                return run_verify_trail_command(store, context.out, context.err, *head);
            })};
}

Verb add_erase_verb(CLI::App& app) {
    struct Options { std::string id, reason; };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("erase", "Erase a record, in any status: its content is removed from the database "
                                                "and its audit entries keep only who did what and when");
    add_record_id(*command, options->id);
    command->add_option("--reason", options->reason, "Why it is erased, which the audit log keeps (required)")
        ->type_name("REASON");
    return {command, with_store([options](Context& context, forms::RecordStore& store) {
                return run_erase_command(context.session, store, options->id, options->reason, context.out, context.err);
            })};
}

Verb add_withdraw_verb(CLI::App& app) {
    struct Options { std::string id, reason; };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("withdraw", "Withdraw a record, in any status: it leaves the lists and exports "
                                                   "and keeps its content and history, until restored");
    add_record_id(*command, options->id);
    command->add_option("--reason", options->reason, "Why it is withdrawn, which the audit log keeps (required)")
        ->type_name("REASON");
    return {command, with_store([options](Context& context, forms::RecordStore& store) {
                return run_withdraw_command(context.session, store, options->id, options->reason, context.out,
                                            context.err);
            })};
}

Verb add_restore_verb(CLI::App& app) {
    struct Options { std::string id, reason; };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("restore", "Bring a withdrawn record back into the lists and exports");
    add_record_id(*command, options->id);
    command->add_option("--reason", options->reason, "Why it is restored, which the audit log keeps")->type_name("REASON");
    return {command, with_store([options](Context& context, forms::RecordStore& store) {
                return run_restore_command(context.session, store, options->id, options->reason, context.out,
                                           context.err);
            })};
}

// The owner's step after an erasure on a server: it opens --db itself.
Verb add_vacuum_db_verb(CLI::App& app) {
    auto* command = app.add_subcommand("vacuum-db", "As the owner of a PostgreSQL database: VACUUM FULL the records and "
                                                    "the audit log after an erasure (locks both while it runs)");
    return {command,
            [](Context& context) {
                return run_vacuum_db_command(database_location(context.db), context.out, context.err);
            },
            Stage::plugins_loaded};
}

// It opens its own two databases, not --db's.
Verb add_copy_db_verb(CLI::App& app) {
    struct Options { std::string from, to; };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("copy-db", "Copy a local database to a PostgreSQL server: records, the audit "
                                                  "log with its digests, and the counters, into an empty database");
    command->add_option("--from", options->from, "The SQLite database file to copy")->type_name("PATH")->required();
    command->add_option("--to", options->to, "The empty PostgreSQL database: postgresql://host/dbname or service=NAME")
        ->type_name("URI")
        ->required();
    return {command, [options](Context& context) {
                return run_copy_db_command(options->from, options->to, context.out, context.err);
            }};
}

// The owner's step: it opens --db itself, with no records or forms.
Verb add_upgrade_db_verb(CLI::App& app) {
    auto* command = app.add_subcommand("upgrade-db", "As the owner of a PostgreSQL database: create or upgrade "
                                                     "Formwork's tables, and grant them to the officers' and records "
                                                     "managers' roles");
    return {command,
            [](Context& context) {
                return run_upgrade_db_command(database_location(context.db), context.out, context.err);
            },
            Stage::plugins_loaded};
}

}  // namespace formwork::cli
