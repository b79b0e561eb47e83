// formwork-cli: parses the command line, loads the plugins and their forms, runs one verb.
#include "exit_codes.hpp"
#include "verb.hpp"

#include <formwork/model/build_info.hpp>
#include <formwork/model/council_profile.hpp>
#include <formwork/model/record.hpp>
#include <formwork/sdk/version.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <exception>
#include <iostream>

using namespace formwork;

namespace {

std::string version_text() {
    return std::string("formwork-cli ") + formwork::program_version + "\nFormwork SDK " +
           formwork::forms::describe_sdk_version(formwork::sdk::sdk_version) + ", ABI " +
           formwork::sdk::abi_tag;
}

// The options before the verb.
struct GlobalOptions {
    std::vector<std::filesystem::path> plugin_dirs;
    std::string user;
    std::filesystem::path db;
    std::string profile;
};

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough();
    app.add_option("--plugin-dir", options.plugin_dirs,
                   "A folder of plugins (or one plugin file) to load as well as the standard ones; may be repeated")
        ->type_name("PATH");
    app.add_option("--user", options.user,
                   "Your name for records and the audit log (default: FORMWORK_USER, else your login)")
        ->type_name("NAME");
    app.add_option("--db", options.db,
                   "The database: a file, or a PostgreSQL server's postgresql://host/dbname or libpq key=value "
                   "string such as service=formwork (default: FORMWORK_DB, else formwork.db in your data folder, "
                   "$XDG_DATA_HOME/formwork or ~/.local/share/formwork)")
        ->type_name("PATH|URI");
    app.add_option("--profile", options.profile, "A council profile (docs/profile.md); default: FORMWORK_PROFILE")
        ->type_name("FILE")
        ->envname("FORMWORK_PROFILE");
}

// Every verb, in the order --help lists them (a braced list adds them in its own order).
std::vector<cli::Verb> add_verbs(CLI::App& app) {
    return {cli::add_plugins_verb(app),  cli::add_forms_verb(app),      cli::add_template_verb(app),
            cli::add_validate_verb(app), cli::add_schema_verb(app),     cli::add_import_verb(app),
            cli::add_list_verb(app),     cli::add_show_verb(app),       cli::add_print_verb(app),
            cli::add_history_verb(app),  cli::add_diff_verb(app),       cli::add_restore_revision_verb(app),
            cli::add_duplicate_verb(app), cli::add_set_status_verb(app), cli::add_verify_trail_verb(app),
            cli::add_withdraw_verb(app), cli::add_restore_verb(app),
            cli::add_erase_verb(app),    cli::add_retention_verb(app),  cli::add_copy_db_verb(app),
            cli::add_upgrade_db_verb(app),
            cli::add_vacuum_db_verb(app), cli::add_export_verb(app),
            cli::add_verify_export_verb(app)};
}

// Parses the command line: nothing when it names a verb to run, else the exit code, the
// help, the version or the mistake said.
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return cli::exit_usage;
    }
    return std::nullopt;
}

// The session: --profile's council profile read (its problems said), and the plugins loaded.
// Nothing when the profile could not be read.
std::unique_ptr<cli::Session> start_session(const GlobalOptions& options) {
    std::optional<forms::CouncilProfile> profile;
    if (!options.profile.empty()) {
        forms::Diagnostics problems;
        profile = forms::read_council_profile(options.profile, problems);
        for (const auto& problem : problems) std::cerr << problem.format() << "\n";
        if (!profile) return nullptr;
    }
    auto user = options.user.empty() ? forms::current_user() : options.user;
    std::unique_ptr<cli::Session> session(
        new cli::Session{forms::PluginHost{}, forms::FormRegistry(std::move(profile)), std::move(user)});
    session->host.load(forms::PluginSearchPath::standard(options.plugin_dirs));
    return session;
}

// Says each plugin file refused, then registers the loaded plugins' forms.
void add_plugin_forms(cli::Session& session) {
    for (const auto& refusal : session.host.refused())
        std::cerr << "formwork-cli: plugin refused: " << refusal.path.string() << ": " << refusal.reason << "\n";
    session.registry.add_plugin_forms(session.host);
}

// Says each problem found in the forms' definitions.
void report_form_problems(const cli::Session& session) {
    for (const auto& problem : session.registry.diagnostics()) std::cerr << problem.format() << "\n";
}

// Whether the verb's -o names the database (or a file SQLite keeps beside it); said if so.
// Every verb's -o is checked here, before anything is loaded or written.
bool output_is_database(const cli::Verb& verb, const GlobalOptions& options) {
    const auto* output = verb.command->get_option_no_throw("--output");
    if (output == nullptr || output->count() == 0) return false;
    return cli::output_is_database(verb.command->get_name(), output->results().front(),
                                   cli::database_location(options.db), std::cerr);
}

// Sets up as far as `verb` needs (its Stage), then runs it.
int run(const cli::Verb& verb, const GlobalOptions& options) {
    if (output_is_database(verb, options)) return cli::exit_usage;
    const auto session = start_session(options);
    if (!session) return cli::exit_failure;
    cli::Context context{*session, options.db, std::cout, std::cerr, verb.command->get_name()};
    if (verb.stage == cli::Stage::plugins_loaded) return verb.run(context);
    add_plugin_forms(*session);
    if (verb.stage == cli::Stage::forms_loaded) return verb.run(context);
    report_form_problems(*session);
    return verb.run(context);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Formwork: governance forms for councils, on the command line.", "formwork-cli"};
    GlobalOptions options;
    add_global_options(app, options);
    const auto verbs = add_verbs(app);
    if (const auto parse_exit = parse(app, argc, argv)) return *parse_exit;

    // CLI11 has made sure that exactly one verb was given.
    const auto chosen =
        std::find_if(verbs.begin(), verbs.end(), [](const cli::Verb& verb) { return verb.command->parsed(); });
    try {
        return run(*chosen, options);
    } catch (const std::exception& e) {
        std::cerr << "formwork-cli: " << e.what() << "\n";
        return cli::exit_failure;
    }
}
