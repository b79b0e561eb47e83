// The record store: where records live, with a tamper-evident audit log of every change.
// Written against this interface so that a server backend can follow SQLite; the tests
// in tests/store/ run against any backend make_test_store() returns.
#pragma once

#include <formwork/store/audit_log.hpp>
#include <formwork/store/export_source.hpp>
#include <formwork/model/definition.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/validator.hpp>

#include <formwork/sdk/record_query.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace formwork::forms {


// Any failure of the store, in words for the person who must act on it. The operation
// it interrupted was rolled back.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A save that started from a revision which is no longer the latest: someone else saved
// first. Nothing was written.
class ConflictError : public StoreError {
public:
    ConflictError(const std::string& record_id, long base_revision, long stored_revision);
    std::string record_id;
    long base_revision;
    long stored_revision;
};

// A save that would change a locked record's content or status without a reopen (DESIGN.md:
// a record in any status but its lifecycle's first is locked). Nothing was written; the
// message names the record and how to reopen it.
class LockedError : public StoreError {
public:
    LockedError(const FormDefinition& form, const std::string& record_id, const std::string& status);
    std::string record_id;
    std::string status;
};

// The words that say how to reopen a locked record, for refusals that name it.
std::string locked_record_message(const FormDefinition& form, const std::string& record_id, const std::string& status);

// A save or status change of a withdrawn record (RecordStore::withdraw): refused until it is
// restored (an import refuses such a file in its report instead). Nothing was written; the
// message names the record and how to restore it.
class WithdrawnError : public StoreError {
public:
    explicit WithdrawnError(const std::string& record_id);
    std::string record_id;
};

// The words that say a record is withdrawn and how to restore it, for refusals that name it.
std::string withdrawn_record_message(const std::string& record_id);

enum class ListSort { modified, title, form, status };

// Which records a list shows by their withdrawal (RecordStore::withdraw). Withdrawn records
// are out of the list by default; the window's filter that shows them, and `list --withdrawn`,
// ask for them.
enum class ListWithdrawn {
    hidden,    // only records that are not withdrawn
    only,      // only withdrawn records
    included,  // both, each row saying which (a sort: see docs/store.md, "Withdrawn records")
};

struct ListQuery {
    std::string form;    // empty: every form
    std::string status;  // empty: every status
    std::string text;    // empty: no text filter; else in the title or any value
    ListSort sort = ListSort::modified;
    bool descending = true;
    std::size_t offset = 0;
    std::size_t limit = 100;
    // A text of one or two characters can match most records, and counting them all would
    // read most of the database: its count stops this many records past the page's end,
    // and the page says so (ListPage::total_exact). Asking for a page further on counts
    // further. Longer texts, and lists without text, are always counted exactly.
    std::size_t count_ahead = 1000;
    ListWithdrawn withdrawn = ListWithdrawn::hidden;
};

struct ListRow {
    std::string id;
    std::string title;
    std::string form_id;
    int form_version = 0;
    std::string status;
    std::string modified_at;
    std::string modified_by;
    long revision = 0;
    bool withdrawn = false;
};

struct ListPage {
    std::vector<ListRow> rows;
    // How many records match, on every page; when total_exact is false, more than this
    // many do (see ListQuery::count_ahead).
    std::size_t total = 0;
    bool total_exact = true;
};

// Whether `query`'s count stops short (ListQuery::count_ahead): a text of one or two
// characters. Both stores count alike.
bool list_count_stops_short(const ListQuery& query);

// What importing one record file did.
struct ImportItem {
    std::string source;
    std::string record_id;
    enum class Outcome { added, updated, unchanged, refused } outcome = Outcome::refused;
    long revision = 0;
    Diagnostics diagnostics;  // why it was refused
};

// Told of each imported file once what happened to it is final (RecordStore::import).
using ImportDecided = std::function<void(const ImportItem&)>;

// A save made through another connection to the same database: a colleague's window, or
// formwork-cli. Read from the audit log, so it names who saved and the revision made.
struct RecordChange {
    long sequence = 0;  // the audit log's entry
    std::string record_id;
    long revision = 0;
    std::string by;
    std::string action;  // create, update, status, reopen, import, duplicate, restore-revision, withdraw, restore, erase, export
};

// A record's withdrawal, from the audit entry that withdrew it.
struct Withdrawal {
    long entry = 0;  // the withdraw entry's sequence
    std::string at;
    std::string by;
    std::string reason;
};

// What erasing a record did (RecordStore::erase).
struct EraseReport {
    std::string record_id;
    long entries_erased = 0;  // audit entries whose values a tombstone replaced
    long erase_entry = 0;     // the sequence of the erase entry
    // What the person should know: what is left to do for the values to be gone everywhere.
    std::vector<std::string> notes{};
};

// What a save's audit entry says of where its content came from, besides what changed.
struct SaveNote {
    // create: the record this one was copied from (duplicate_record). The entry's action is
    // "duplicate" and its first change is meta/duplicated-from, the source's id.
    std::string duplicated_from{};
    // update: the earlier revision whose content this save brings back (restore_revision). The
    // entry's action is "restore-revision" and its first change is meta/restored-revision.
    long restored_revision = 0;
    // update of a locked record: reopen it first with this reason (a "reopen" entry, as
    // set_status makes), in the same transaction. Empty: a locked record is refused.
    std::string reopen_reason{};
    // create or update from a text a plugin read (a ModernGov file): where it came from, as the
    // person named it. The entry's action is "import" and its first change is meta/imported-from.
    std::string imported_from{};
};

// Every store is also what exports read (ExportSource: count, scan, load, query, location,
// verify_trail and next_submission_serial).
class RecordStore : public ExportSource {
public:
    using ExportSource::verify_trail;
    // The audit log checked, and whether `sought_head` (a digest) was ever its head, at which
    // entry: a chain version 2 head, or a chain version 1 head from before the migration.
    virtual TrailCheck verify_trail(const std::string& sought_head) = 0;

    // Erases a record, in any status (DESIGN.md): its row and its search text are removed, and
    // each of its audit entries keeps who did what and when, its values replaced by a tombstone
    // ("erased on D by U, because R") that an erase entry confirms, so the chain still verifies.
    // Then whatever it takes for the values to be gone from the store's files (SQLite: secure
    // deletion, the search index optimised, VACUUM, the write-ahead log checkpointed and
    // truncated; PostgreSQL: VACUUM FULL when the user owns the tables, else a note that the
    // owner must). Refused (StoreError) without a reason, without the right to erase (a server's
    // officer: it needs the records managers' role or the owner), and for no such record.
    virtual EraseReport erase(const std::string& id, const std::string& user, const std::string& reason) = 0;

    // Withdraws a record, in any status (DESIGN.md): it leaves the lists (ListQuery::withdrawn)
    // and every export, and keeps its content, revisions and audit entries; load, history and
    // erase still find it. Its content and revision are unchanged; the audit log gets a
    // "withdraw" entry keeping the reason (meta/withdraw-reason). Until it is restored, a save or
    // status change of it is refused (WithdrawnError), and so is an import of a file that would
    // change it (in the import's report). Returns the entry's sequence.
    // Refused (StoreError, nothing written) without a reason, for no such record, and for a
    // record withdrawn already.
    virtual long withdraw(const std::string& id, const std::string& user, const std::string& reason) = 0;
    // Brings a withdrawn record back into the lists and exports: a "restore" entry, with the
    // reason when one is given (meta/restore-reason). Returns the entry's sequence. Refused
    // (StoreError, nothing written) for no such record and for a record that is not withdrawn.
    virtual long restore(const std::string& id, const std::string& user, const std::string& reason = {}) = 0;
    // The record's withdrawal, or nothing when it is not withdrawn (or there is no such record).
    virtual std::optional<Withdrawal> withdrawal(const std::string& id) = 0;

    // Saves a new record as revision 1. The record's metadata is updated. `note`: see SaveNote.
    virtual void create(const FormDefinition& form, Record& record, const std::string& user,
                        const SaveNote& note = {}) = 0;
    // Saves a changed record that started from `base_revision`; stamps modified and the
    // next revision into the record. Throws ConflictError when that revision is stale.
    // `note`: see SaveNote.
    virtual void update(const FormDefinition& form, Record& record, long base_revision, const std::string& user,
                        const SaveNote& note = {}) = 0;
    // Moves a stored record to another status (see change_status), as one save. A move back
    // to the lifecycle's first status reopens a locked record and needs a reason, which the
    // audit log keeps (action "reopen"); without one it is refused.
    virtual StatusChangeResult set_status(const FormDefinition& form, const std::string& id, const std::string& status,
                                           long base_revision, const std::string& user,
                                           const std::string& reopen_reason = {}) = 0;
    // Imports record files' contents, committing in batches: records already stored at the
    // same revision and content are unchanged; a file at the stored revision updates it;
    // one from an older revision is a conflict, reported and skipped. A file that would
    // change a locked record is refused, unless `reopen_reason` is given: then the record is
    // reopened with that reason, updated, and moved to the file's status if it validates
    // for it (else it stays in the first status, with a warning saying why). Each move is
    // an audit entry. `decided`, when given, hears of each file once its batch is committed
    // (or, when a commit fails, refused), in order, while later batches are still to come: a
    // caller that prints it as it hears leaves a true account even if it is killed.
    // `audit_names_source`: each added or updated record's audit entry starts with
    // meta/imported-from, the file's source (a workbook coming back names its sheet and row).
    virtual std::vector<ImportItem> import(const FormLookup& forms, const std::vector<std::pair<std::string, std::string>>& files,
                                           const std::string& user, std::size_t batch_size = 1000,
                                           const std::string& reopen_reason = {},
                                           const ImportDecided& decided = {}, bool audit_names_source = false) = 0;
    virtual ListPage list(const ListQuery& query) = 0;
    virtual std::vector<AuditEntry> history(const std::string& id) = 0;

    // What other connections have saved since the last call, oldest first, without waiting;
    // saves through this store object are left out. The first call starts the watching and
    // returns nothing. Cheap when
    // nothing has changed (no query at all): the server store listens for a notice
    // (LISTEN/NOTIFY), the file store compares SQLite's data_version. An open window calls
    // it about once a second.
    virtual std::vector<RecordChange> changes_elsewhere() = 0;

    // What the person should be told about this database as it opens, each a sentence or
    // two: a SQLite file on a network share, where two people at once can damage it.
    // Empty when there is nothing to say.
    virtual std::vector<std::string> warnings() const = 0;
};

// "New record from this one": duplicate_record of the stored record `source_id`, created in
// `store` with an audit entry naming its source (SaveNote::duplicated_from). Returns the copy
// as saved (its id is the new record's). Throws StoreError for no such record, and when the
// record is of another form than `form`.
Record duplicate_stored(RecordStore& store, const FormDefinition& form, const std::string& source_id,
                        const std::string& user);

}  // namespace formwork::forms
