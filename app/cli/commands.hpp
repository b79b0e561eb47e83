// The subcommands of formwork-cli, one function each, over what main() has loaded.
#pragma once

#include <formwork/exporters/export_request.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/store/record_store.hpp>
#include <formwork/sdk/export.hpp>

#include <pugixml.hpp>

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace formwork::cli {

struct Session {
    forms::PluginHost host;
    forms::FormRegistry registry;
    std::string user;
};

// Lists every loaded plugin and every refused file with its reason.
int run_plugins_command(const forms::PluginHost& host, std::ostream& out);
// Lists the forms, and every definition that failed to load with its problems.
int run_forms_command(const Session& session, std::ostream& out, std::ostream& err);
// Where a new record starts from: a stored record (`--from`), with rosters read at `date`
// (YYYY-MM-DD; today when empty). Nothing to start from: an empty record.
struct TemplateStart {
    std::string from;
    std::string date;
    const sdk::RecordQuery* records = nullptr;  // the store's records, when `from` is given
};
// Writes an empty record of a form, or one its plugin started from another record, to
// `output`, or to `out` when there is none.
int run_template_command(const Session& session, const std::string& form_id,
                         const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err,
                         const TemplateStart& start = {});
// Validates record files; prints FILE:PATH: severity: message for each problem, and
// FILE:PATH: offer: ... for each value the form's plugin derives that differs from the file's.
// With apply_derived, writes those values into the file, atomically.
int run_validate_command(const Session& session, const std::vector<std::filesystem::path>& files,
                         const std::string& status, bool apply_derived, const sdk::RecordQuery* records, std::ostream& out,
                         std::ostream& err);
// Writes the XSD of a form's record files, or of a submission.
int run_schema_command(const Session& session, const std::optional<std::string>& form_id, bool submission,
                       const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err);

// The record store verbs.
// A record that is locked (any status but its lifecycle's first) is refused unless
// `reopen_reason` is given: then it is reopened with that reason (see RecordStore::import).
int run_import_command(const Session& session, forms::RecordStore& store, const std::vector<std::filesystem::path>& files,
                       bool samples, std::ostream& out, std::ostream& err, const std::string& reopen_reason = {});
// Lists the text formats the loaded plugins read.
int run_import_formats_command(const Session& session, std::ostream& out, std::ostream& err);
// Reads text files in a plugin's format into records: new drafts, or, with `into`, the stored
// record `into.id` at revision `into.revision` with what the text gives replaced.
struct ImportTarget {
    std::string id;
    long revision = 0;
    std::vector<std::pair<std::string, std::string>> options;  // for the plugin: body=<id>
    std::string reopen_reason;  // a locked record (--into) is reopened first, with this reason
};
int run_import_text_command(const Session& session, forms::RecordStore& store, const std::string& format,
                            const std::vector<std::filesystem::path>& files, const ImportTarget& into, std::ostream& out,
                            std::ostream& err);
// import --format workbook: a sheet-per-table workbook exported by Formwork and edited offline
// (docs/exports.md, "The round trip"). Prints what it changes, record by record and cell by
// cell, with each problem on its cell; with `dry_run`, what it would change, saving nothing.
// Exit 1 when the workbook, or any record in it, is refused, locked or in conflict.
int run_import_workbook_command(const Session& session, forms::RecordStore& store, const std::filesystem::path& workbook,
                                bool dry_run, const std::string& reopen_reason, std::ostream& out, std::ostream& err);
// Copies the SQLite database at `from` into the empty PostgreSQL database `to`, checks the
// copy's audit log and prints what was copied and the head digest.
int run_copy_db_command(const std::string& from, const std::string& to, std::ostream& out, std::ostream& err);
// upgrade-db: the PostgreSQL database at `location` created or upgraded and granted to the roles, as its owner.
int run_upgrade_db_command(const std::string& location, std::ostream& out, std::ostream& err);
int run_list_command(forms::RecordStore& store, const forms::ListQuery& query, std::ostream& out);
int run_show_command(forms::RecordStore& store, const std::string& id, const std::optional<std::filesystem::path>& output,
                     std::ostream& out, std::ostream& err);
int run_history_command(forms::RecordStore& store, const std::string& id, std::ostream& out, std::ostream& err);
// A move back to the first status reopens a locked record and needs `reopen_reason`.
int run_set_status_command(const Session& session, forms::RecordStore& store, const std::string& id,
                           const std::string& status, long revision, std::ostream& out, std::ostream& err,
                           const std::string& reopen_reason = {});
// `head`, when not empty: a digest to find among the log's heads, past and present (--head).
// verify-export: whether `file` is an export of this database (by its SHA-256), when and by
// whom, and whether it has changed since; exit 0 only when it is as exported.
int run_verify_export_command(forms::RecordStore& store, const std::filesystem::path& file, std::ostream& out,
                              std::ostream& err);
int run_verify_trail_command(forms::RecordStore& store, std::ostream& out, std::ostream& err, const std::string& head = {});
// Erases a record with the reason given; refused without one.
int run_erase_command(const Session& session, forms::RecordStore& store, const std::string& id, const std::string& reason,
                      std::ostream& out, std::ostream& err);
// vacuum-db: VACUUM FULL of the records and the audit log of the PostgreSQL database at `location`, as its owner.
int run_vacuum_db_command(const std::string& location, std::ostream& out, std::ostream& err);
// Writes one stored record as a printable HTML document (docs/printing.md) to `output`, or to `out`.
int run_print_command(const Session& session, forms::RecordStore& store, const std::string& id, bool include_unpublished,
                      const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err);
// Exports a workbook or a submission, with a progress bar on a terminal.
int run_export_command(const Session& session, forms::RecordStore& store, exporters::ExportRequest request,
                       std::ostream& out, std::ostream& err);

// The whole of a file the person named, as bytes; nothing when it cannot be read.
std::optional<std::string> read_input_file(const std::filesystem::path& file);

// Writes XML produced by `produce` to `output` atomically, or to `out`.
int write_output(const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err,
                 const std::function<void(pugi::xml_writer&)>& produce);

}  // namespace formwork::cli
