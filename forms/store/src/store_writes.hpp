// What every record store backend does the same way: the saves' rules (revision checks,
// what changed, the audit entry and its place in the chain), an import's decisions, and
// the text a search looks in. A backend supplies the rows (RowWriter), inside a writing
// transaction it has begun and serialised; these functions decide what to write.
#pragma once

#include <formwork/store/audit_log.hpp>
#include <formwork/store/export_entry.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/record_store.hpp>
#include <formwork/model/validator.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace formwork::forms::store {

// The rows of one backend, as seen from inside its writing transaction.
class RowWriter {
public:
    virtual ~RowWriter() = default;
    // The stored revision and record document, or nothing; where the backend can, the row
    // stays locked until the transaction ends.
    virtual std::optional<std::pair<long, std::string>> stored(const std::string& id) = 0;
    virtual void insert(const FormDefinition& form, const Record& record) = 0;
    virtual void rewrite(const FormDefinition& form, const Record& record) = 0;
    // The last audit entry's sequence and digest: 0 and the genesis digest for an empty log.
    virtual std::pair<long, std::string> audit_head() = 0;
    virtual void insert_audit(const AuditEntry& entry, const std::string& encoded_changes) = 0;

    // Erasure (write_erase): a record's audit entries with their changes as stored (in
    // entry.changes, decoded), an entry's values replaced by its tombstone, and the record's
    // row with everything kept for its search taken out.
    virtual std::vector<AuditEntry> record_audit(const std::string& id) = 0;
    virtual void tombstone_audit(long sequence, const std::string& kept_changes, const std::string& tombstone) = 0;
    virtual void remove_record(const std::string& id) = 0;

    // An export's entry linked to each record it wrote (record_export).
    virtual void link_export(long entry, const std::vector<std::string>& record_ids) = 0;

    // Withdrawal (write_withdraw, write_restore): the sequence of the entry that withdrew the
    // record, 0 when it is not withdrawn (or not stored); and that marker set.
    virtual long withdrawn(const std::string& id) = 0;
    virtual void set_withdrawn(const std::string& id, long entry) = 0;
};

// A list's condition on withdrawal (ListQuery::withdrawn), first in its WHERE clause; the same
// SQL on both backends.
const char* withdrawn_condition(ListWithdrawn withdrawn);

// The audit log keeps a withdrawal's and a restoration's reasons as changes of their own, so
// the chain covers them.
inline constexpr const char* withdraw_reason_path = "meta/withdraw-reason";
inline constexpr const char* restore_reason_path = "meta/restore-reason";
// A duplicate's source and a restored revision (SaveNote), as the first change of their entries.
inline constexpr const char* duplicated_from_path = "meta/duplicated-from";
inline constexpr const char* restored_revision_path = "meta/restored-revision";
inline constexpr const char* imported_from_path = "meta/imported-from";

// RecordStore::withdraw's writes: the withdraw entry, and the record marked with its sequence.
// Refused (StoreError) without a reason, for no such record, and when it is withdrawn already.
long write_withdraw(RowWriter& rows, const std::string& id, const std::string& user, const std::string& reason);
// RecordStore::restore's writes: the restore entry, and the record's marker cleared. Refused
// (StoreError) for no such record and when it is not withdrawn.
long write_restore(RowWriter& rows, const std::string& id, const std::string& user, const std::string& reason);
// RecordStore::withdrawal: the withdraw entry the record's marker names, in words.
Withdrawal withdrawal_from(const AuditEntry& withdraw_entry);

// Appends the next entry of the chain for a change to `record`.
void append_audit(RowWriter& rows, const Record& record, const std::string& action, std::vector<FieldChange> changes,
                  const std::string& user, const std::string& at);

// RecordStore::erase's writes: every audit entry of the record given a tombstone in place of
// its values, the record removed, and an erase entry confirming each tombstone by its digest.
// Refused (StoreError) without a reason, or when there is no such record.
EraseReport write_erase(RowWriter& rows, const std::string& id, const std::string& user, const std::string& reason);

// RecordStore::changes_elsewhere's bookkeeping: how far the audit log has been read, and
// which of its entries this store object wrote (by digest, which no one else's entry can
// share), so that they are left out. Nothing is kept until the first call starts watching.
class ChangeWatch {
public:
    bool watching() const noexcept { return watching_; }
    // From here on: entries after `head_sequence` are news.
    void start(long head_sequence) {
        watching_ = true;
        seen_ = head_sequence;
    }
    long seen() const noexcept { return seen_; }
    // Called for every entry this object appends (a rolled-back one is simply never read).
    void wrote(const std::string& digest) {
        if (watching_) own_.insert(digest);
    }
    // An entry read after seen(), in sequence order: kept in `changes` unless it is ours.
    void read(RecordChange change, const std::string& digest, std::vector<RecordChange>& changes) {
        seen_ = change.sequence;
        if (own_.erase(digest) == 0) changes.push_back(std::move(change));
    }

private:
    bool watching_ = false;
    long seen_ = 0;
    std::unordered_set<std::string> own_;
};

// ExportSource::record_export's writes: the export's entry, linked to each record written.
long write_export(RowWriter& rows, const ExportFacts& facts, const std::string& user);

// RecordStore::create's writes; returns the saved metadata.
RecordMeta write_create(RowWriter& rows, const FormDefinition& form, const Record& record, const std::string& user,
                        const SaveNote& note = {});
// RecordStore::update's writes: the saved metadata, or nothing when nothing changed.
// Throws ConflictError when base_revision is stale.
// A locked record is refused (LockedError) unless note.reopen_reason is given.
std::optional<RecordMeta> write_update(RowWriter& rows, const FormDefinition& form, const Record& record,
                                       long base_revision, const std::string& user, const SaveNote& note = {});
// RecordStore::set_status's writes. A reopen without a reason is refused.
StatusChangeResult write_status(RowWriter& rows, const FormDefinition& form, const std::string& id,
                                const std::string& status, long base_revision, const std::string& user,
                                const std::string& reopen_reason);
// One file of RecordStore::import; a locked record is refused unless `reopen_reason` is given.
ImportItem import_one(RowWriter& rows, const FormLookup& forms, const std::string& source, const std::string& text,
                      const std::string& user, const std::string& reopen_reason, bool audit_names_source = false);
// After a batch failed to commit: every file of it that was not refused already is, with why.
void refuse_batch(std::vector<ImportItem>& items, std::size_t batch_start, const std::string& why);
// Tells `decided` (when given) of the batch's files, from `batch_start` on, now final.
void tell_decided(const std::vector<ImportItem>& items, std::size_t batch_start, const ImportDecided& decided);

// The text a store keeps of a record: its record file, as parse_stored_record reads it.
std::string stored_record_text(const Record& record);
// The text a search looks in besides the title: every value of the record, one a line.
std::string search_words(const Record& record);
// A LIKE pattern matching `text` anywhere, literally (escape character '\').
std::string like_pattern(const std::string& text);

// A count or position as SQL's bigint takes it: beyond that, the most it can say.
std::int64_t sql_bigint(std::size_t value);
// Where a list's count stops when list_count_stops_short(query): the page's end plus
// count_ahead. Stores count up to one more, to know whether more match.
std::size_t short_count_limit(const ListQuery& query);
// The total and exactness of a count made with LIMIT short_count_limit(query) + 1.
void set_short_total(ListPage& page, std::size_t counted, const ListQuery& query);

// A list's count kept for its next page while the database is unchanged. `Stamp` is what
// the store reads to know the database is as it was when it counted.
template <typename Stamp>
class KeptCount {
public:
    // Gives `page` the count kept, when it was made for the same filters at `stamp` and
    // reaches as far as this page needs (a short count may not).
    bool fill(ListPage& page, const ListQuery& query, const Stamp& stamp) const {
        if (!kept_ || kept_->form != query.form || kept_->status != query.status || kept_->text != query.text ||
            kept_->withdrawn != query.withdrawn || !(kept_->stamp == stamp) || !(kept_->exact || kept_->total >= short_count_limit(query)))
            return false;
        page.total = kept_->total;
        page.total_exact = kept_->exact;
        return true;
    }
    void keep(const ListPage& page, const ListQuery& query, Stamp stamp) {
        kept_ = Kept{query.form, query.status, query.text, query.withdrawn, std::move(stamp), page.total, page.total_exact};
    }

private:
    struct Kept {
        std::string form, status, text;
        ListWithdrawn withdrawn = ListWithdrawn::hidden;
        Stamp stamp;
        std::size_t total = 0;
        bool exact = true;
    };
    std::optional<Kept> kept_;
};

}  // namespace formwork::forms::store
