// The audit log's entries and their digest chain. The serialisation that is hashed is
// defined here, once, so that every backend computes the same digests and a copy of a
// log to another backend verifies with the same head digest.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/record.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

struct FieldChange {
    std::string path;  // a field path, or meta/status for a transition
    std::string old_value;
    std::string new_value;
};

struct AuditEntry {
    long sequence = 0;  // 1, 2, 3... across the whole log
    std::string at;     // UTC, YYYY-MM-DDThh:mm:ssZ
    std::string by;
    std::string record_id;
    long revision = 0;   // the record's revision after the change
    std::string action;  // create, update, status, import
    std::vector<FieldChange> changes;
    std::string previous_digest;  // the digest of entry sequence - 1; 64 zeros for the first
    std::string digest;           // SHA-256, lower-case hex
};

// The digest every chain starts from.
const std::string& genesis_digest();

// The bytes that are hashed: a versioned, line-based text of every field of the entry
// but its digest, with tabs, line breaks and backslashes escaped.
std::string canonical_audit_text(const AuditEntry& entry);

// SHA-256 of the canonical text (which holds the previous digest), with OpenSSL.
std::string audit_digest(const AuditEntry& entry);
// The same, with the entry's changes as the store keeps them (encode_changes' text), so a
// check of a stored log hashes what is stored instead of decoding and encoding it again. A
// stored text that is not what encode_changes would write cannot match the digest either.
std::string audit_digest(const AuditEntry& entry, std::string_view encoded_changes);

// The changes field by field from `before` to `after` (either may be empty for a record
// that did not exist): every leaf value whose text differs, by field path.
std::vector<FieldChange> diff_records(const FormDefinition& form, const Record* before, const Record& after);

// The changes as stored in a backend's text column, and back.
std::string encode_changes(const std::vector<FieldChange>& changes);
std::vector<FieldChange> decode_changes(const std::string& text);

struct TrailCheck {
    bool intact = true;
    long entries = 0;
    std::string head_digest;                 // of the last entry; the genesis digest when empty
    std::optional<long> first_broken;        // the first entry whose digest does not hold
    std::string problem;                     // what is wrong with it
};

// Checks a log entry by entry, in sequence order, holding only the last digest: a log of
// any length is checked in constant memory.
class TrailVerifier {
public:
    // Returns false once the chain is broken; later entries are not looked at.
    bool add(const AuditEntry& entry);
    // The same, for an entry whose changes are given as stored (entry.changes is not read).
    bool add(const AuditEntry& entry, std::string_view encoded_changes);
    const TrailCheck& result() const noexcept { return check_; }

private:
    TrailCheck check_{true, 0, genesis_digest(), std::nullopt, {}};
};

// Checks a whole log held in memory, in sequence order.
TrailCheck check_trail(const std::vector<AuditEntry>& entries);

}  // namespace formwork::forms
