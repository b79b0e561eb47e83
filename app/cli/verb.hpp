// The verbs of formwork-cli on its command line. Each verb's file adds its subcommand, with
// the options it owns, and hands back how to run it; main() sets up as far as the verb needs
// (the profile, the plugins, the forms) and then runs it.
#pragma once

#include "commands.hpp"
#include "exit_codes.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace formwork::cli {

// How far main() sets up before a verb runs, in the order it does it.
enum class Stage {
    plugins_loaded,  // the plugins loaded; the files refused not yet said
    forms_loaded,    // the refused files said and the plugins' forms registered; their problems not yet said
    forms_checked,   // the forms' problems said too
};

// What a verb runs with.
struct Context {
    Session& session;
    const std::filesystem::path& db;  // --db; empty for the default
    std::ostream& out;
    std::ostream& err;
    std::string verb{};  // its name, for messages

    // The database, made if need be (the default's folder too), each of its warnings (a
    // file on a network share) said first on `err`, where a script's output stays clean of them.
    std::unique_ptr<forms::RecordStore> open_store() const;
    // The same when the database is there already (a server always is); else nothing.
    std::unique_ptr<forms::RecordStore> open_store_if_exists() const;
    // The same when the database is there already; else nothing, said on `err`, naming the
    // path: the verbs that read or change records never make a database.
    std::unique_ptr<forms::RecordStore> open_existing_store() const;
};

// The database the verbs open: --db (`db`), else FORMWORK_DB, else the default.
std::string database_location(const std::filesystem::path& db);

// Whether a verb's -o, `output`, names the database at `location` or one of the files SQLite
// keeps beside it (forms::database_file_named); if so, says so on `err`, naming both, and the
// verb must write nothing.
bool output_is_database(const std::string& verb, const std::filesystem::path& output, const std::string& location,
                        std::ostream& err);

// A verb: its subcommand, and what runs when that is the one given.
struct Verb {
    const CLI::App* command = nullptr;
    std::function<int(Context&)> run;
    Stage stage = Stage::forms_checked;
};

// The required ID of the verbs on one stored record (show, print, history, set-status).
void add_record_id(CLI::App& command, std::string& id);

// The runner of a verb over a database that must be there already: opens it
// (Context::open_existing_store), then runs `run(context, store)`. Where there is none, it
// has said so, and the command line was wrong (exit 2).
template <typename Run>
std::function<int(Context&)> with_store(Run run) {
    return [run](Context& context) {
        const auto store = context.open_existing_store();
        if (!store) return static_cast<int>(exit_usage);
        return run(context, *store);
    };
}

// Each adds its subcommand to `app`, binding its options into a struct the returned Verb owns.
Verb add_plugins_verb(CLI::App& app);   // plugins_command.cpp
Verb add_forms_verb(CLI::App& app);     // forms_command.cpp
Verb add_template_verb(CLI::App& app);  // template_command.cpp
Verb add_validate_verb(CLI::App& app);  // validate_command.cpp
Verb add_schema_verb(CLI::App& app);    // schema_command.cpp
Verb add_print_verb(CLI::App& app);     // print_command.cpp
Verb add_export_verb(CLI::App& app);    // export_command.cpp
Verb add_verify_export_verb(CLI::App& app);  // verify_export_command.cpp
Verb add_retention_verb(CLI::App& app); // retention_command.cpp
// store_commands.cpp
Verb add_import_verb(CLI::App& app);
Verb add_list_verb(CLI::App& app);
Verb add_show_verb(CLI::App& app);
Verb add_history_verb(CLI::App& app);
Verb add_set_status_verb(CLI::App& app);
Verb add_verify_trail_verb(CLI::App& app);
Verb add_erase_verb(CLI::App& app);
Verb add_withdraw_verb(CLI::App& app);
Verb add_restore_verb(CLI::App& app);
Verb add_vacuum_db_verb(CLI::App& app);
Verb add_copy_db_verb(CLI::App& app);
Verb add_upgrade_db_verb(CLI::App& app);
// revision_commands.cpp
Verb add_duplicate_verb(CLI::App& app);
Verb add_diff_verb(CLI::App& app);
Verb add_restore_revision_verb(CLI::App& app);

}  // namespace formwork::cli
