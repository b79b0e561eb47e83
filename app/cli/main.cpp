// formwork-cli: parses the command line, loads the plugins and their forms, runs one verb.
#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/model/build_info.hpp>
#include <formwork/model/council_profile.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/copy_store.hpp>
#include <formwork/store/open_store.hpp>
#include <formwork/store/sqlite_store.hpp>
#include <formwork/sdk/version.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>

namespace {

std::string version_text() {
    return std::string("formwork-cli ") + formwork::program_version + "\nFormwork SDK " +
           formwork::forms::describe_sdk_version(formwork::sdk::sdk_version) + ", ABI " +
           formwork::sdk::abi_tag;
}

// The store at `location`, each of its warnings (a file on a network share) said first on
// standard error, where a script's output stays clean of them.
std::unique_ptr<formwork::forms::RecordStore> open_and_warn(const std::string& location) {
    auto store = formwork::forms::open_store(location);
    for (const auto& warning : store->warnings()) std::cerr << "formwork-cli: warning: " << warning << "\n";
    return store;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace formwork;

    CLI::App app{"Formwork: governance forms for councils, on the command line.", "formwork-cli"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough();

    std::vector<std::filesystem::path> plugin_dirs;
    app.add_option("--plugin-dir", plugin_dirs,
                   "A folder of plugins (or one plugin file) to load as well as the standard ones; may be repeated")
        ->type_name("PATH");
    std::string user;
    app.add_option("--user", user, "Your name for records and the audit log (default: FORMWORK_USER, else your login)")
        ->type_name("NAME");
    std::filesystem::path db_path;
    app.add_option("--db", db_path,
                   "The database: a file, or a PostgreSQL server's postgresql://host/dbname or libpq key=value "
                   "string such as service=formwork (default: FORMWORK_DB, else formwork.db in your data folder, "
                   "$XDG_DATA_HOME/formwork or ~/.local/share/formwork)")
        ->type_name("PATH|URI");
    std::string profile_path;
    app.add_option("--profile", profile_path, "A council profile (docs/profile.md); default: FORMWORK_PROFILE")
        ->type_name("FILE")
        ->envname("FORMWORK_PROFILE");

    auto* plugins = app.add_subcommand("plugins", "List the loaded plugins and every refused file, with its reason");
    auto* forms_verb = app.add_subcommand("forms", "List the forms");

    auto* template_verb = app.add_subcommand("template", "Write an empty record file for a form");
    std::string template_form;
    std::optional<std::filesystem::path> template_output;
    template_verb->add_option("FORM", template_form, "The form's id, as `forms` lists it")->required();
    template_verb->add_option("-o,--output", template_output, "Write to this file instead of standard output");

    auto* validate_verb = app.add_subcommand("validate", "Validate record files");
    std::vector<std::filesystem::path> validate_files;
    std::string validate_status;
    validate_verb->add_option("FILE", validate_files, "Record files")->required()->check(CLI::ExistingFile);
    validate_verb->add_option("--status", validate_status,
                              "Check as if the record were at this status (e.g. complete); default: its own");
    bool validate_apply_derived = false;
    validate_verb->add_flag("--apply-derived", validate_apply_derived,
                            "Write the values the form's plugin derives (shown as 'offer' lines) into each file");

    auto* schema_verb = app.add_subcommand("schema", "Write an XSD: of a form's record files, or of a submission");
    std::optional<std::string> schema_form;
    bool schema_submission = false;
    std::optional<std::filesystem::path> schema_output;
    auto* schema_form_option = schema_verb->add_option("--form", schema_form, "The form's id");
    auto* schema_submission_flag = schema_verb->add_flag("--submission", schema_submission, "The submission envelope");
    schema_form_option->excludes(schema_submission_flag);
    schema_verb->add_option("-o,--output", schema_output, "Write to this file instead of standard output");

    auto* import_verb = app.add_subcommand("import", "Import record files, or texts a plugin reads (a Word sign-off "
                                                     "table), into the database");
    std::string import_format = "record";
    std::vector<std::filesystem::path> import_files;
    bool import_samples = false;
    std::string import_into;
    long import_revision = 0;
    import_verb->add_option("--format", import_format,
                            "record (the default), or a plugin's text format: word-trail, a sign-off table copied "
                            "out of a Word report (`formwork-cli import --format list` lists them)");
    import_verb->add_flag("--samples", import_samples, "Import every plugin's sample records");
    auto* into_option = import_verb->add_option("--into", import_into,
                                                "Text formats: replace what the text gives in this stored record "
                                                "instead of making a new one");
    import_verb->add_option("--revision", import_revision, "With --into: the revision you started from")
        ->needs(into_option);
    std::string import_body;
    import_verb->add_option("--body", import_body,
                            "moderngov: the id of the body's record, whose roster the attendees are matched against");
    import_verb->add_option("FILE", import_files, "Record files, or text files in --format")->check(CLI::ExistingFile);

    auto* list_verb = app.add_subcommand("list", "List records, newest first");
    forms::ListQuery list_query;
    list_verb->add_option("--form", list_query.form, "Only records of this form");
    list_verb->add_option("--status", list_query.status, "Only records at this status");
    list_verb->add_option("--search", list_query.text, "Only records whose title or values contain this text");
    list_verb->add_option("--limit", list_query.limit, "How many records to show (default 100)")->check(CLI::Range(1, 100000));
    list_verb->add_option("--offset", list_query.offset, "How many to skip, for the next page");

    auto* show_verb = app.add_subcommand("show", "Write a stored record as a record file (to edit, then import)");
    std::string show_id;
    std::optional<std::filesystem::path> show_output;
    show_verb->add_option("ID", show_id, "The record's id")->required();
    show_verb->add_option("-o,--output", show_output, "Write to this file instead of standard output");

    auto* print_verb = app.add_subcommand("print", "Write a stored record as a printable HTML document, laid out like the paper form");
    std::string print_id;
    std::optional<std::filesystem::path> print_output;
    bool print_include_unpublished = false;
    print_verb->add_option("ID", print_id, "The record's id")->required();
    print_verb->add_option("-o,--output", print_output, "Write to this file (FILE.html) instead of standard output");
    print_verb->add_flag("--include-unpublished", print_include_unpublished,
                         "Print what the council profile keeps out of exports too");

    auto* history_verb = app.add_subcommand("history", "Show a record's entries in the audit log");
    std::string history_id;
    history_verb->add_option("ID", history_id, "The record's id")->required();

    auto* status_verb = app.add_subcommand("set-status", "Move a record to another status (e.g. complete)");
    std::string status_id, status_to;
    long status_revision = 0;
    status_verb->add_option("ID", status_id, "The record's id")->required();
    status_verb->add_option("STATUS", status_to, "The status to move to")->required();
    status_verb->add_option("--revision", status_revision, "The revision you are changing, as `list` shows it")->required();

    auto* verify_verb = app.add_subcommand("verify-trail", "Check the audit log's digest chain and print its head digest");

    auto* copy_verb = app.add_subcommand("copy-db", "Copy a local database to a PostgreSQL server: records, the audit "
                                                    "log with its digests, and the counters, into an empty database");
    std::string copy_from, copy_to;
    copy_verb->add_option("--from", copy_from, "The SQLite database file to copy")->type_name("PATH")->required();
    copy_verb->add_option("--to", copy_to, "The empty PostgreSQL database: postgresql://host/dbname or service=NAME")
        ->type_name("URI")
        ->required();

    auto* export_verb = app.add_subcommand("export", "Export records: an Excel workbook or an XML submission");
    exporters::ExportRequest export_request;
    std::string export_format;
    std::string export_layout = "sheet-per-table";
    export_verb->add_option("--format", export_format, "xlsx (a workbook) or xml (a submission)")
        ->required()
        ->check(CLI::IsMember({"xlsx", "xml"}));
    export_verb->add_option("--form", export_request.form, "Only records of this form (default: every form)");
    export_verb->add_option("--status", export_request.status,
                            "Only records at this status (default: all in a workbook; complete and later in a submission)");
    export_verb->add_option("--id", export_request.record_ids,
                            "Only the record with this id; may be repeated (with --form, --status, --from and --to, "
                            "those of them that match)")
        ->type_name("ID");
    export_verb->add_option("--layout", export_layout, "Workbooks: sheet-per-table (default) or wide")
        ->check(CLI::IsMember({"sheet-per-table", "wide"}));
    export_verb->add_option("--from", export_request.modified_from, "Only records modified on or after this date (YYYY-MM-DD)");
    export_verb->add_option("--to", export_request.modified_to, "Only records modified on or before this date (YYYY-MM-DD)");
    export_verb->add_option("--collection", export_request.collection.collection, "Submissions: the collection's name");
    export_verb->add_option("--year", export_request.collection.year, "Submissions: the collection's year");
    export_verb->add_option("--reference-date", export_request.collection.reference_date,
                            "Submissions: the collection's reference date (YYYY-MM-DD)");
    export_verb->add_flag("--include-drafts", export_request.include_drafts,
                          "Submissions: include drafts, each marked as a draft");
    export_verb->add_option("-o,--output", export_request.target, "The file to write")->required();

    try {
        app.parse(argc, argv);
        if (*schema_verb && !schema_form && !schema_submission)
            throw CLI::ValidationError("schema", "give --form FORM or --submission");
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return cli::exit_usage;
    }

    try {
        std::optional<forms::CouncilProfile> profile;
        if (!profile_path.empty()) {
            forms::Diagnostics problems;
            profile = forms::read_council_profile(profile_path, problems);
            for (const auto& problem : problems) std::cerr << problem.format() << "\n";
            if (!profile) return cli::exit_failure;
        }
        cli::Session session{forms::PluginHost{}, forms::FormRegistry(std::move(profile)),
                             user.empty() ? forms::current_user() : user};
        session.host.load(forms::PluginSearchPath::standard(plugin_dirs));
        if (*plugins) return cli::run_plugins_command(session.host, std::cout);

        for (const auto& refusal : session.host.refused())
            std::cerr << "formwork-cli: plugin refused: " << refusal.path.string() << ": " << refusal.reason << "\n";
        session.registry.add_plugin_forms(session.host);
        if (*forms_verb) return cli::run_forms_command(session, std::cout, std::cerr);
        for (const auto& problem : session.registry.diagnostics()) std::cerr << problem.format() << "\n";

        if (*template_verb)
            return cli::run_template_command(session, template_form, template_output, std::cout, std::cerr);
        if (*validate_verb) {
            // The checks that read other records (a meeting's body, a report's EIA) run against
            // the database when there is one; validate never creates one.
            const auto location = (db_path.empty() ? forms::default_database_path() : db_path).string();
            std::unique_ptr<forms::RecordStore> store;
            if (forms::is_postgres_location(location) || std::filesystem::exists(location))
                store = open_and_warn(location);
            return cli::run_validate_command(session, validate_files, validate_status, validate_apply_derived,
                                             store ? &store->query() : nullptr, std::cout, std::cerr);
        }
        if (*schema_verb)
            return cli::run_schema_command(session, schema_form, schema_submission, schema_output, std::cout, std::cerr);

        const auto* verb = app.get_subcommands().front();
        if (*import_verb && import_format == "list") return cli::run_import_formats_command(session, std::cout, std::cerr);
        if (*import_verb && import_format != "record" && (import_samples || import_files.empty())) {
            std::cerr << "formwork-cli import: --format " << import_format << " reads text files: give them, without --samples\n";
            return cli::exit_usage;
        }
        if (*import_verb && !import_into.empty() && (import_format == "record" || import_files.size() != 1)) {
            std::cerr << "formwork-cli import: --into takes one text file in a plugin's --format\n";
            return cli::exit_usage;
        }
        if (*import_verb && import_files.empty() && !import_samples) {
            std::cerr << "formwork-cli import: give record files, or --samples\n";
            return cli::exit_usage;
        }
        if (*copy_verb) return cli::run_copy_db_command(copy_from, copy_to, std::cout, std::cerr);
        const bool store_verb =
            *import_verb || *list_verb || *show_verb || *print_verb || *history_verb || *status_verb || *verify_verb || *export_verb;
        if (!store_verb) {
            std::cerr << "formwork-cli " << verb->get_name() << ": not yet available in this version\n";
            return cli::exit_failure;
        }

        const auto location = (db_path.empty() ? forms::default_database_path() : db_path).string();
        if (db_path.empty() && std::getenv("FORMWORK_DB") == nullptr)
            std::filesystem::create_directories(std::filesystem::path(location).parent_path());
        const auto store = open_and_warn(location);
        if (*export_verb) {
            export_request.format = exporters::format_named(export_format);
            export_request.layout = exporters::layout_named(export_layout);
            return cli::run_export_command(session, *store, export_request, std::cout, std::cerr);
        }
        if (*import_verb && import_format != "record")
            return cli::run_import_text_command(session, *store, import_format, import_files,
                                                {import_into, import_revision,
                                                 import_body.empty() ? std::vector<std::pair<std::string, std::string>>{}
                                                                     : std::vector<std::pair<std::string, std::string>>{{"body", import_body}}},
                                                std::cout, std::cerr);
        if (*import_verb) return cli::run_import_command(session, *store, import_files, import_samples, std::cout, std::cerr);
        if (*list_verb) return cli::run_list_command(*store, list_query, std::cout);
        if (*show_verb) return cli::run_show_command(*store, show_id, show_output, std::cout, std::cerr);
        if (*print_verb)
            return cli::run_print_command(session, *store, print_id, print_include_unpublished, print_output, std::cout, std::cerr);
        if (*history_verb) return cli::run_history_command(*store, history_id, std::cout, std::cerr);
        if (*status_verb)
            return cli::run_set_status_command(session, *store, status_id, status_to, status_revision, std::cout, std::cerr);
        return cli::run_verify_trail_command(*store, std::cout, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "formwork-cli: " << e.what() << "\n";
        return cli::exit_failure;
    }
}
