// What the audit log keeps of an export (docs/store.md, "Exports in the audit log"): one entry
// per export, whose changes hold who and when (as every entry does), the format, the scope,
// the ids of the records written, the file's name and the SHA-256 of its bytes as written. The
// chain covers all of it; each exported record's history lists the entry.
#pragma once

#include <formwork/store/audit_log.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

// The action of an export's entry; its record id is empty and its revision 0.
inline constexpr const char* export_action = "export";

struct ExportFacts {
    std::string format;     // xlsx, xml
    std::string scope;      // in words: "form eia; statuses complete, submitted; modified 2024-01-01 to 2024-03-31"
    std::string file;       // the path as the exporter was given it, made absolute
    std::string sha256;     // of the file's bytes as written, lower-case hex
    std::uintmax_t bytes = 0;
    long serial = 0;             // a submission's serial number; 0 for a workbook
    std::string audit_head;      // the head digest a submission's header carries; empty for a workbook
    std::vector<std::string> record_ids;  // in the order written
};

// The entry's changes (each an "export/..." path with the value as its new value), and back:
// nothing when `changes` are not an export's.
std::vector<FieldChange> export_changes(const ExportFacts& facts);
std::optional<ExportFacts> parse_export_changes(const std::vector<FieldChange>& changes);

// An export's entry as verify-export and history read it.
struct ExportEntry {
    long sequence = 0;
    std::string at, by;
    ExportFacts facts;
};

// The export an audit entry records; nothing when it is not an export's.
std::optional<ExportEntry> export_entry_from(const AuditEntry& entry);

// SHA-256 and size of the file at `path`, read a block at a time. Throws std::runtime_error
// naming the file when it cannot be read.
struct FileDigest {
    std::string sha256;
    std::uintmax_t bytes = 0;
};
FileDigest digest_file(const std::filesystem::path& path);

}  // namespace formwork::forms
