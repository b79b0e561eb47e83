// formwork-cli: parses the command line, loads the plugins and their forms, runs one verb.
#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/forms/build_info.hpp>
#include <formwork/forms/council_profile.hpp>
#include <formwork/forms/record.hpp>
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

// A verb whose work needs the record store or the exporters, which are not built yet:
// listed in --help so the verb table is whole, and honest when run.
void add_later_verb(CLI::App& app, const char* name, const char* what, const char* arrives_with) {
    auto* verb = app.add_subcommand(name, std::string(what) + "  [not yet available: needs " + arrives_with + "]");
    verb->allow_extras();
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

    auto* schema_verb = app.add_subcommand("schema", "Write an XSD: of a form's record files, or of a submission");
    std::optional<std::string> schema_form;
    bool schema_submission = false;
    std::optional<std::filesystem::path> schema_output;
    auto* schema_form_option = schema_verb->add_option("--form", schema_form, "The form's id");
    auto* schema_submission_flag = schema_verb->add_flag("--submission", schema_submission, "The submission envelope");
    schema_form_option->excludes(schema_submission_flag);
    schema_verb->add_option("-o,--output", schema_output, "Write to this file instead of standard output");

    auto* import_verb = app.add_subcommand("import", "Import files: record files; Word approval trails and ModernGov meetings later  [not yet available: needs the record store]");
    std::string import_format = "record";
    std::vector<std::filesystem::path> import_files;
    import_verb->add_option("--format", import_format, "record, word-trail or moderngov")
        ->check(CLI::IsMember({"record", "word-trail", "moderngov"}));
    import_verb->add_option("FILE", import_files, "Files to import")->required();

    add_later_verb(app, "list", "List records, by form and status", "the record store");
    add_later_verb(app, "show", "Show a record", "the record store");
    add_later_verb(app, "history", "Show a record's audit log", "the record store");
    add_later_verb(app, "set-status", "Move a record to another status", "the record store");
    add_later_verb(app, "verify-trail", "Check the audit log's digest chain", "the record store");
    add_later_verb(app, "export", "Export workbooks and XML submissions", "the exporters");
    add_later_verb(app, "copy-db", "Copy a database, with its audit log", "the record store");

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
        if (*validate_verb)
            return cli::run_validate_command(session, validate_files, validate_status, std::cout, std::cerr);
        if (*schema_verb)
            return cli::run_schema_command(session, schema_form, schema_submission, schema_output, std::cout, std::cerr);

        const auto* verb = app.get_subcommands().front();
        std::cerr << "formwork-cli " << verb->get_name()
                  << ": not yet available in this version; it needs the record store or the exporters. "
                     "`formwork-cli validate` checks record files now.\n";
        return cli::exit_failure;
    } catch (const std::exception& e) {
        std::cerr << "formwork-cli: " << e.what() << "\n";
        return cli::exit_failure;
    }
}
