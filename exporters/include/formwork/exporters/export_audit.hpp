// The audit entry every export leaves (DESIGN.md, "Exports write to the store";
// docs/store.md, "Exports in the audit log"). An exporter calls this with its finished
// temporary file just before renaming it into place: the bytes are digested and the entry
// written first, so that no file Formwork exports is missing from the log. (A rename that
// fails after it leaves an entry for a file that never appeared, which verify-export then
// cannot match, rather than a file the log does not know.)
#pragma once

#include <formwork/exporters/exporter.hpp>
#include <formwork/model/atomic_file.hpp>

#include <string>
#include <vector>

namespace formwork::exporters {

// What an exporter knows of what it wrote, beside the file itself.
struct WrittenExport {
    std::vector<std::string> record_ids;  // in the order written
    long serial = 0;                      // a submission's serial number
    std::string audit_head;               // the head digest a submission's header carries
};

// Digests `file`'s temporary and records the export's entry through the dataset's source;
// sets result.audit_entry. A temporary whose writing failed is left to the commit, which
// reports it, and is not recorded. From a read-only database nothing is recorded, and a warning in
// result.warnings says the file is "not recorded in the audit log" and why. Throws
// ExportError(io), leaving `file` uncommitted, when the entry cannot be written.
void record_export(const ExportDataset& dataset, const sdk::ExportOptions& options, forms::AtomicFile& file,
                   const WrittenExport& written, ExportResult& result);

// How every exporter ends: records the export (record_export), then commits `file` into place
// and sets result.path and result.bytes. Throws ExportError(io), leaving no file, when either fails.
void record_and_commit(const ExportDataset& dataset, const sdk::ExportOptions& options, forms::AtomicFile& file,
                       const WrittenExport& written, ExportResult& result);

// The export's scope in words, as its entry keeps it: "form eia; statuses complete, submitted;
// modified 2024-01-01 to 2024-03-31; 3 chosen records; drafts included".
std::string scope_in_words(const ExportDataset& dataset, const sdk::ExportOptions& options);

}  // namespace formwork::exporters
