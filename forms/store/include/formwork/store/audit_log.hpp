// The audit log's entries and their digest chain. The serialisation that is hashed is
// defined here, once, so that every backend computes the same digests and a copy of a
// log to another backend verifies with the same head digest.
//
// Chain version 2 (docs/store.md, "The audit chain"): an entry's digest covers a SHA-256 of
// its values (the changes as first written), not the values themselves, so that the values
// can be erased and replaced by a tombstone while the chain still verifies. A tombstone is
// tamper-evident through the erase entry that made it, which holds the tombstone's digest.
// An entry written under chain version 1 (before the migration) keeps its old digest, which
// the version 2 chain covers: heads printed before the migration stay checkable.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/record.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

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
    // Chain version 2: SHA-256 of encode_changes(changes) as the entry was first written.
    std::string values_digest;
    // The entry's chain version 1 digest, for an entry written before the migration; else empty.
    std::string v1_digest;
    // Empty, or the tombstone (tombstone_text) that stands in for the erased values: `changes`
    // then keeps each change's path, its values emptied.
    std::string tombstone;
};

// What an erasure leaves in an entry's place: when, by whom, why, and which entry erased it.
struct Tombstone {
    long entry = 0;             // the erased entry's sequence
    std::string values_digest;  // the erased entry's values_digest, binding the tombstone to it
    long erase_entry = 0;       // the sequence of the erase entry that confirms the tombstone
    std::string at, by, reason;
};

std::string tombstone_text(const Tombstone& tombstone);
std::optional<Tombstone> parse_tombstone(const std::string& text);
// What the erase entry holds for a tombstone: SHA-256 of its text and of the changes kept
// beside it (paths only), so a byte changed in either is found.
std::string tombstone_digest(std::string_view tombstone, std::string_view kept_changes);
// The path of the erase entry's change that confirms entry `sequence`'s tombstone; its new value
// is the tombstone's digest.
std::string erased_change_path(long sequence);
// `changes` with every value emptied: what an erased entry keeps.
std::vector<FieldChange> erased_changes(const std::vector<FieldChange>& changes);

// The digest every chain starts from.
const std::string& genesis_digest();

// SHA-256 of `bytes`, lower-case hex, with OpenSSL.
std::string sha256_hex(std::string_view bytes);

// The same, of bytes fed in pieces (a file read a block at a time).
class Sha256Stream {
public:
    Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;
    ~Sha256Stream();
    void add(std::string_view bytes);
    std::string hex();  // lower-case; once

private:
    evp_md_ctx_st* context_;
};

// The bytes that are hashed (chain version 2): a versioned, line-based text of every field of
// the entry but its digest, its changes and its tombstone, with tabs, line breaks and
// backslashes escaped; the changes are there as values_digest.
std::string canonical_audit_text(const AuditEntry& entry);
// SHA-256 of the canonical text (which holds the previous digest).
std::string audit_digest(const AuditEntry& entry);

// Chain version 1, as entries were hashed before the migration: the values themselves, with
// the changes as the store keeps them (encode_changes' text).
std::string canonical_audit_text_v1(const AuditEntry& entry);
std::string audit_digest_v1(const AuditEntry& entry, std::string_view encoded_changes);

// A chain version 1 entry as chain version 2 carries it: its digest kept as v1_digest, its
// values digested, linked to `previous` (the version 2 digest of the entry before), hashed again.
void migrate_v1_entry(AuditEntry& entry, std::string_view encoded_changes, const std::string& previous);

// The changes field by field from `before` to `after` (either may be empty for a record
// that did not exist): every leaf value whose text differs, by field path.
std::vector<FieldChange> diff_records(const FormDefinition& form, const Record* before, const Record& after);

// The changes as stored in a backend's text column, and back.
std::string encode_changes(const std::vector<FieldChange>& changes);
std::vector<FieldChange> decode_changes(const std::string& text);

// An entry whose values were erased, as verify-trail reports it.
struct ErasedEntry {
    long sequence = 0;
    std::string record_id;
    Tombstone tombstone;
};

// Where a digest asked about (verify-trail --head) was this log's head.
struct HeadFound {
    long entry = 0;      // the log's head after this entry (0: the empty log)
    bool chain_v1 = false;  // the entry's chain version 1 digest, from before the migration
    std::string at, by;
};

struct TrailCheck {
    bool intact = true;
    long entries = 0;
    std::string head_digest;                 // of the last entry; the genesis digest when empty
    std::optional<long> first_broken;        // the first entry whose digest does not hold
    std::string problem;                     // what is wrong with it
    std::vector<ErasedEntry> erased{};       // every erased entry checked, in sequence order
    std::optional<HeadFound> head_found{};   // when a head was asked about and found
};

// Checks a log entry by entry, in sequence order, holding only the last digests and the
// tombstones whose erase entry is still to come: a log of any length is checked in memory
// that grows with its erasures only.
class TrailVerifier {
public:
    // `sought_head`, when not empty: a digest to find among the log's heads, past and present.
    explicit TrailVerifier(std::string sought_head = {});
    // Returns false once the chain is broken; later entries are not looked at.
    bool add(const AuditEntry& entry);
    // The same, for an entry whose changes are given as stored (entry.changes is not read).
    bool add(const AuditEntry& entry, std::string_view encoded_changes);
    // The check, once every entry was added: a tombstone no erase entry confirmed breaks it.
    const TrailCheck& result();

private:
    bool fail(long sequence, std::string problem);
    struct Pending {
        long erase_entry = 0;
        std::string digest;
    };
    TrailCheck check_{true, 0, genesis_digest(), std::nullopt, {}};
    std::string sought_;
    std::string last_v1_ = genesis_digest();
    std::map<long, Pending> pending_;  // tombstones by erased entry, until their erase entry
};

// Checks a whole log held in memory, in sequence order.
TrailCheck check_trail(const std::vector<AuditEntry>& entries);

}  // namespace formwork::forms
