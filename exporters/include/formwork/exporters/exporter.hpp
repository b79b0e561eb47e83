// The exporter contract: an exporter takes its options as data (sdk::ExportOptions), reads
// records one at a time through the store's narrow ExportSource, reports to a progress
// delegate that can cancel, and writes its file whole or not at all. run_export
// (export_request.hpp) is the one entry point the window and the command line call.
#pragma once

#include <formwork/host/form_registry.hpp>
#include <formwork/model/council_profile.hpp>
#include <formwork/store/export_source.hpp>
#include <formwork/sdk/export.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::exporters {

// What an exporter reads: the records in the source (only those named in `record_ids`, when
// any are), the forms they are records of, and who is exporting.
struct ExportDataset {
    forms::ExportSource& source;
    const forms::FormRegistry& forms;
    std::string user;
    std::vector<std::string> record_ids{};
};

// A failed export. Nothing was left at the destination, and a file already there is as
// it was.
class ExportError : public std::runtime_error {
public:
    enum class Kind {
        bad_options,     // the options ask for something that cannot be done
        no_records,      // nothing in scope
        limit_exceeded,  // a value or a count is beyond what the format holds
        invalid_output,  // the output failed its schema: a bug of ours, never shipped
        cancelled,       // the person cancelled
        io,              // the file could not be written: a missing or read-only folder, a full disk
        not_recordable,  // a submission from a database that cannot record it (read-only)
        invalid_records  // records in scope that the output cannot hold as they are (a draft not yet
                         // valid against a submission's schema): each named, for the person to correct
                         // or leave out (skip_invalid); nothing was written
    };
    ExportError(Kind what_kind, const std::string& message) : std::runtime_error(message), kind(what_kind) {}
    Kind kind;
};

struct ExportResult {
    std::filesystem::path path;
    std::size_t records = 0;
    std::uintmax_t bytes = 0;
    long serial = 0;  // submissions: the serial number this one carries
    long audit_entry = 0;  // the export's entry in the audit log; 0 when none was written (a read-only database)
    // What was written but is worth saying: a plugin whose views could not be drawn, say.
    std::vector<std::string> warnings;
};

class Exporter {
public:
    virtual ~Exporter() = default;
    virtual ExportResult run(const ExportDataset& dataset, const sdk::ExportOptions& options,
                             const std::filesystem::path& destination, sdk::ExportProgress& progress) = 0;
};

// The one explicit list of exporters (exporters/src/registry.cpp).
struct ExporterEntry {
    const char* format;       // the --format name
    const char* description;  // for --help and the export dialog
    std::unique_ptr<Exporter> (*make)();
};
const std::vector<ExporterEntry>& registered_exporters();
// The exporter for a format, or an ExportError(bad_options) naming the formats there are.
std::unique_ptr<Exporter> make_exporter(std::string_view format);

// A progress delegate that reports nothing and never cancels.
class SilentProgress final : public sdk::ExportProgress {
public:
    void OnProgress(double, const std::string&) override {}
    bool IsCancelled() const override { return false; }
};

// The forms an export covers: one named form, or every form, latest version each.
std::vector<forms::FormDefinitionPtr> forms_in_scope(const forms::FormRegistry& registry, const sdk::ExportOptions& options);
// What an export of `form` reads: its statuses in scope, the options' dates and the
// dataset's chosen records, all applied by the store.
forms::ScanQuery scan_in_scope(const ExportDataset& dataset, const forms::FormDefinition& form,
                               const sdk::ExportOptions& options, bool submission);
// Refuses (ExportError bad_options) a modified_from or modified_to that is not YYYY-MM-DD.
void check_scope_dates(const sdk::ExportOptions& options);
// The scope in words, for the refusal of an export that finds no records: "form 'motion' at
// status 'complete' modified from 2024-01-01" (its audit entry words it as scope_in_words does).
std::string no_records_scope(const ExportDataset& dataset, const sdk::ExportOptions& options);
// The statuses of `form` an export takes: the one asked for; else, for a submission,
// "complete" and every status after it (and the first status too when drafts are asked
// for); else all.
std::vector<std::string> statuses_in_scope(const forms::FormDefinition& form, const sdk::ExportOptions& options,
                                           bool submission);

}  // namespace formwork::exporters
