#include <formwork/store/sqlite_store.hpp>
#include <formwork/store/database_files.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/model/validator.hpp>

#include <formwork/model/stored_record.hpp>
#include <formwork/model/xml_input.hpp>
#include "../store_rows.hpp"
#include "../store_writes.hpp"
#include "network_share.hpp"
#include "read_only_database.hpp"
#include "sqlite_connection.hpp"

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

namespace formwork::forms {

ConflictError::ConflictError(const std::string& id, long base, long stored)
    : StoreError("record " + id + " was saved by someone else since you opened it (you started from revision " +
                 std::to_string(base) + "; it is now at revision " + std::to_string(stored) +
                 "). Nothing was overwritten: reload it and make your change again"),
      record_id(id),
      base_revision(base),
      stored_revision(stored) {}

namespace {

using store::like_pattern;
using store::stored_record_text;
using store::search_words;
using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;

// 'FWK1': marks the file as a Formwork database, so another program's SQLite file is
// never mistaken for one.
constexpr std::int64_t application_id = 0x46574B31;

const char* const schema_v1 = R"sql(
CREATE TABLE records (
    id           TEXT PRIMARY KEY,
    form_id      TEXT NOT NULL,
    form_version INTEGER NOT NULL,
    status       TEXT NOT NULL,
    title        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    modified_at  TEXT NOT NULL,
    modified_by  TEXT NOT NULL,
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    document     TEXT NOT NULL
);
CREATE INDEX records_by_form_status ON records (form_id, status, modified_at DESC);
CREATE INDEX records_by_modified ON records (modified_at DESC);
CREATE TABLE audit (
    sequence        INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    by              TEXT NOT NULL,
    record_id       TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    action          TEXT NOT NULL,
    changes         TEXT NOT NULL,
    previous_digest TEXT NOT NULL,
    digest          TEXT NOT NULL
);
CREATE INDEX audit_by_record ON audit (record_id, sequence);
)sql";

// Version 2: counters, such as the serial number of submissions, and the order exports
// read records in, so that a scan never sorts.
const char* const schema_v2 = R"sql(
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE INDEX records_in_export_order ON records (form_id, modified_at, id);
)sql";

// Version 3: what the record list needs at 100,000 records. An index for every filter and
// sort it offers, each ending in id (the list's tie-breaker), so that any page, however
// deep, is a walk along one index; and a full-text index of each record's title and
// values (trigrams: any substring of three characters or more, whatever the case), so a
// text search reads the few records that match rather than every document. search_keys
// gives each record a key of its own for its row in records_search: the implicit rowid of
// records may change when the file is vacuumed.
const char* const schema_v3 = R"sql(
DROP INDEX IF EXISTS records_by_form_status;
DROP INDEX IF EXISTS records_by_modified;
CREATE INDEX records_by_modified ON records (modified_at, id);
CREATE INDEX records_by_title ON records (title, id);
CREATE INDEX records_by_form ON records (form_id, id);
CREATE INDEX records_by_status ON records (status, id);
CREATE INDEX records_by_form_title ON records (form_id, title, id);
CREATE INDEX records_by_form_status ON records (form_id, status, id);
CREATE INDEX records_by_form_status_modified ON records (form_id, status, modified_at, id);
CREATE INDEX records_by_form_status_title ON records (form_id, status, title, id);
CREATE INDEX records_by_status_modified ON records (status, modified_at, id);
CREATE INDEX records_by_status_title ON records (status, title, id);
CREATE INDEX records_by_status_form ON records (status, form_id, id);
CREATE TABLE search_keys (
    key       INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE records_search USING fts5 (title, words, tokenize = 'trigram');
)sql";

// Version 4: audit chain version 2 (audit_log.hpp). Each entry's values digested, its chain
// version 1 digest kept, and room for a tombstone; the entries are hashed again by migrate().
const char* const schema_v4 = R"sql(
ALTER TABLE audit ADD COLUMN values_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN v1_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN tombstone TEXT NOT NULL DEFAULT '';
)sql";

// Version 5: exports in the audit log (export_entry.hpp). Each export's entry is linked to
// every record it wrote, so that the record's history lists it; verify-export reads the
// export entries alone.
const char* const schema_v5 = R"sql(
CREATE TABLE IF NOT EXISTS exported_records (
    record_id TEXT NOT NULL,
    entry     INTEGER NOT NULL,
    PRIMARY KEY (record_id, entry)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_exports ON audit (sequence) WHERE action = 'export';
)sql";

// Version 6: withdrawn records (RecordStore::withdraw). `withdrawn` holds the sequence of the
// entry that withdrew the record, or 0. The list leaves withdrawn records out by default, so
// every index of the list and of an export's scan starts with it: `withdrawn = 0` and the
// filters after it still select the rows and give their order, a walk along one index ending
// in id. The column itself is added by migrate(), only where it is missing.
const char* const schema_v6 = R"sql(
DROP INDEX IF EXISTS records_in_export_order;
DROP INDEX IF EXISTS records_by_modified;
DROP INDEX IF EXISTS records_by_title;
DROP INDEX IF EXISTS records_by_form;
DROP INDEX IF EXISTS records_by_status;
DROP INDEX IF EXISTS records_by_form_title;
DROP INDEX IF EXISTS records_by_form_status;
DROP INDEX IF EXISTS records_by_form_status_modified;
DROP INDEX IF EXISTS records_by_form_status_title;
DROP INDEX IF EXISTS records_by_status_modified;
DROP INDEX IF EXISTS records_by_status_title;
DROP INDEX IF EXISTS records_by_status_form;
CREATE INDEX records_in_export_order ON records (withdrawn, form_id, modified_at, id);
CREATE INDEX records_by_modified ON records (withdrawn, modified_at, id);
CREATE INDEX records_by_title ON records (withdrawn, title, id);
CREATE INDEX records_by_form ON records (withdrawn, form_id, id);
CREATE INDEX records_by_status ON records (withdrawn, status, id);
CREATE INDEX records_by_form_title ON records (withdrawn, form_id, title, id);
CREATE INDEX records_by_form_status ON records (withdrawn, form_id, status, id);
CREATE INDEX records_by_form_status_modified ON records (withdrawn, form_id, status, modified_at, id);
CREATE INDEX records_by_form_status_title ON records (withdrawn, form_id, status, title, id);
CREATE INDEX records_by_status_modified ON records (withdrawn, status, modified_at, id);
CREATE INDEX records_by_status_title ON records (withdrawn, status, title, id);
CREATE INDEX records_by_status_form ON records (withdrawn, status, form_id, id);
)sql";


// The search text as one FTS5 phrase: literal, whatever characters it holds.
std::string fts_phrase(const std::string& text) {
    std::string phrase = "\"";
    for (const char c : text) {
        if (c == '"') phrase += '"';
        phrase += c;
    }
    return phrase + "\"";
}

// The audit table's columns in the order audit_entry_from reads them; changes (column 6) is
// left to the caller, who decodes it or keeps it as stored.
constexpr const char* audit_columns = "SELECT sequence, at, by, record_id, revision, action, changes, previous_digest, "
                                      "digest, values_digest, v1_digest, tombstone";

// Every field of an audit row but its changes, into `entry` (whose strings are reused).
void audit_entry_from(const Statement& row, AuditEntry& entry) {
    entry.sequence = static_cast<long>(row.integer(0));
    entry.at = row.text_view(1);
    entry.by = row.text_view(2);
    entry.record_id = row.text_view(3);
    entry.revision = static_cast<long>(row.integer(4));
    entry.action = row.text_view(5);
    entry.previous_digest = row.text_view(7);
    entry.digest = row.text_view(8);
    entry.values_digest = row.text_view(9);
    entry.v1_digest = row.text_view(10);
    entry.tombstone = row.text_view(11);
}

class SqliteRecordQuery;

class SqliteRecordStore final : public RecordStore, public store::BulkRows, private store::RowWriter {
public:
    explicit SqliteRecordStore(const SqliteStoreOptions& options);

    void create(const FormDefinition& form, Record& record, const std::string& user, const SaveNote& note = {}) override;
    void update(const FormDefinition& form, Record& record, long base_revision, const std::string& user,
                const SaveNote& note = {}) override;
    StatusChangeResult set_status(const FormDefinition& form, const std::string& id, const std::string& status,
                                  long base_revision, const std::string& user, const std::string& reopen_reason) override;
    std::vector<ImportItem> import(const FormLookup& forms, const std::vector<std::pair<std::string, std::string>>& files,
                                   const std::string& user, std::size_t batch_size,
                                   const std::string& reopen_reason, const ImportDecided& decided, bool audit_names_source) override;
    std::optional<Record> load(const std::string& id) override;
    ListPage list(const ListQuery& query) override;
    std::vector<AuditEntry> history(const std::string& id) override;
    TrailCheck verify_trail() override { return verify_trail(std::string()); }
    TrailCheck verify_trail(const std::string& sought_head) override;
    EraseReport erase(const std::string& id, const std::string& user, const std::string& reason) override;
    std::size_t count(const ScanQuery& query) override;
    void scan(const ScanQuery& query, const std::function<bool(const Record&)>& visit) override;
    long next_submission_serial() override;
    std::string read_only_reason() const override {
        return connection_.read_only() ? connection_.read_only_words() : std::string();
    }
    long record_export(const ExportFacts& facts, const std::string& user) override;
    std::vector<ExportEntry> exports() override;
    std::vector<RecordChange> changes_elsewhere() override;
    const sdk::RecordQuery& query() override;
    std::string location() const override { return connection_.path(); }
    std::vector<std::string> warnings() const override { return warnings_; }
    long withdraw(const std::string& id, const std::string& user, const std::string& reason) override;
    long restore(const std::string& id, const std::string& user, const std::string& reason) override;
    std::optional<Withdrawal> withdrawal(const std::string& id) override;

    Connection& connection() noexcept { return connection_; }

    // BulkRows: this database copied out, rows as stored (copy-db copies into PostgreSQL).
    bool holds_anything() override {
        return connection_.pragma_integer("SELECT EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM audit) OR "
                                          "EXISTS (SELECT 1 FROM counters)") != 0;
    }
    void read_rows(store::RowSink& sink) override;
    void write_rows(const std::function<void(store::RowSink&)>&) override {
        throw StoreError("copy-db copies into a PostgreSQL database, not into a SQLite file such as " + connection_.path());
    }

private:
    void migrate();
    void require_writable(const std::string& doing) const;
    std::optional<std::pair<long, std::string>> stored(const std::string& id) override;
    void insert(const FormDefinition& form, const Record& record) override;
    // Puts the record's title and values into the search index, in place of what was there.
    void index_text(const std::string& id, const std::string& title, const std::string& words);
    void fill_search_index();
    void rewrite(const FormDefinition& form, const Record& record) override;
    std::pair<long, std::string> audit_head() override;
    void insert_audit(const AuditEntry& entry, const std::string& encoded_changes) override;
    void read_audit(const char* sql, const std::string* id, const std::function<bool(const AuditEntry&)>& visit);
    std::vector<AuditEntry> record_audit(const std::string& id) override;
    void tombstone_audit(long sequence, const std::string& kept_changes, const std::string& tombstone) override;
    void remove_record(const std::string& id) override;
    void link_export(long entry, const std::vector<std::string>& record_ids) override;
    long withdrawn(const std::string& id) override;
    void set_withdrawn(const std::string& id, long entry) override;
    void rechain_audit();
    std::vector<std::string> scrub_files();

    // The file the kernel opens (symlinks and `..` resolved): where the database really
    // lives decides whether it is on a network share and whether it can be written.
    std::filesystem::path real_path_;
    sqlite::Writability writability_;
    Connection connection_;
    std::unique_ptr<SqliteRecordQuery> query_;
    std::string network_share_;  // the kind of share the file is on ("NFS"), or empty
    std::vector<std::string> warnings_;

    // The last list's count, for the next page of the same list: kept while no one has
    // written to the database (this connection's total changes and PRAGMA data_version,
    // which sees other connections' commits).
    store::KeptCount<std::pair<std::int64_t, std::int64_t>> counted_;

    // changes_elsewhere: another connection's commit changes PRAGMA data_version.
    store::ChangeWatch watch_;
    std::int64_t watched_data_version_ = -1;
};

class SqliteRecordQuery final : public sdk::RecordQuery {
public:
    explicit SqliteRecordQuery(Connection& connection) : connection_(connection) {}

    std::vector<sdk::RecordSummary> records_of_form(const std::string& form_id) const override {
        Statement select(connection_, "SELECT id, form_id, form_version, status, title, modified_at FROM records "
                                      "WHERE withdrawn = 0 AND form_id = ?1 ORDER BY modified_at DESC, id");
        select.bind(1, form_id);
        std::vector<sdk::RecordSummary> rows;
        while (select.step()) rows.push_back(row(select));
        return rows;
    }
    std::optional<sdk::RecordSummary> summary(const std::string& id) const override {
        Statement select(connection_, "SELECT id, form_id, form_version, status, title, modified_at FROM records WHERE id = ?1");
        select.bind(1, id);
        if (!select.step()) return std::nullopt;
        return row(select);
    }
    std::optional<std::string> instance_xml(const std::string& id) const override {
        Statement select(connection_, "SELECT document FROM records WHERE id = ?1");
        select.bind(1, id);
        if (!select.step()) return std::nullopt;
        const auto record = parse_stored_record(select.text(0));
        StringWriter writer;
        record.instance().print(writer, "  ");
        return writer.text;
    }

private:
    static sdk::RecordSummary row(const Statement& s) {
        return {s.text(0), s.text(1), static_cast<int>(s.integer(2)), s.text(3), s.text(4), s.text(5)};
    }
    Connection& connection_;
};

SqliteRecordStore::SqliteRecordStore(const SqliteStoreOptions& options)
    : real_path_(database_real_path(options.path)),
      writability_(sqlite::writability(real_path_)),
      connection_(options.path.string(), options.busy_timeout_ms,
                  sqlite::opening_mode(options.path.string(), real_path_, writability_), real_path_) {
    connection_.set_read_only_reason(writability_.reason);
    if (std::ifstream mounts(options.mount_table); mounts)
        network_share_ = sqlite::network_share_kind(sqlite::filesystem_type(real_path_, mounts));
    // A link on a local desktop names a file elsewhere: say where it really is.
    std::error_code error;
    const auto as_given = std::filesystem::absolute(options.path, error).lexically_normal();
    const auto really = error || as_given == real_path_ ? std::string() : " (really " + real_path_.string() + ")";
    if (!network_share_.empty())
        warnings_.push_back("The database " + connection_.path() + really + " is on a network share (" + network_share_ +
                            "). SQLite cannot lock a file reliably there, so two people saving at once could damage "
                            "it. Keep it for one person, or move the team to a PostgreSQL server: "
                            "--db postgresql://server/database (README, \"A team on one PostgreSQL server\"); "
                            "formwork-cli copy-db copies this database there. Write-ahead logging is off for this file.");
    migrate();
    if (connection_.read_only())
        warnings_.push_back("The database " + connection_.path() + " " + connection_.read_only_words() +
                            ": its records can be read, but nothing can be saved to it.");
    connection_.execute("PRAGMA synchronous = FULL");
    // Whatever is deleted or overwritten is overwritten with zeros, not left in free space:
    // an erased record's values must not stay in the file (docs/store.md, "Erasure").
    connection_.execute("PRAGMA secure_delete = ON");
    connection_.execute("PRAGMA foreign_keys = ON");
    query_ = std::make_unique<SqliteRecordQuery>(connection_);
}

void SqliteRecordStore::migrate() {
    // The first read tells a database from any other file.
    const auto version = connection_.pragma_integer("PRAGMA user_version");
    const auto owner = connection_.pragma_integer("PRAGMA application_id");
    const auto tables = connection_.pragma_integer("SELECT count(*) FROM sqlite_master");
    const auto& path = connection_.path();
    if (owner != application_id && (owner != 0 || tables != 0))
        throw StoreError(path + " is an SQLite database, but not a Formwork one; choose another file with --db");
    if (version > sqlite_schema_version)
        throw StoreError("the database " + path + " was written by a newer Formwork (schema version " +
                         std::to_string(version) + "; this program reads up to " +
                         std::to_string(sqlite_schema_version) + "). Install the newer Formwork to open it");

    if (!connection_.read_only()) {
        // WAL lets a reader in while another process writes. Not on a read-only file, and
        // never on a network share: WAL's index is shared memory, which only one machine
        // sees. A file that had WAL (made on a local disk, then moved) is turned back to
        // the rollback journal.
        const char* const mode = network_share_.empty() ? "wal" : "delete";
        Statement journal(connection_, (std::string("PRAGMA journal_mode = ") + mode).c_str());
        if (!journal.step() || journal.text(0) != mode)
            throw StoreError("the database " + path + " cannot use " +
                             (network_share_.empty() ? "write-ahead logging (is it on a network share?)"
                                                     : "its rollback journal (is another program using it?)") +
                             "; nothing was changed");
    }
    if (version == sqlite_schema_version) return;
    // An older database is upgraded as it opens, which is a write too.
    require_writable(version == 0 ? std::string("creating the database's tables")
                                  : "upgrading it from schema version " + std::to_string(version) + " to " +
                                        std::to_string(sqlite_schema_version) + " (which it needs before this program can read it)");
    Transaction transaction(connection_, "creating the database's tables");
    // Each version's step runs from the version before, in one transaction.
    if (version < 1) connection_.execute(schema_v1, "creating the database's tables");
    if (version < 2) connection_.execute(schema_v2, "upgrading the database to schema version 2");
    if (version < 3) {
        if (sqlite3_libversion_number() < 3034000 || sqlite3_compileoption_used("ENABLE_FTS5") == 0)
            throw StoreError("the database " + path + " needs SQLite 3.34 or later with FTS5 for its search index; this "
                             "program has SQLite " + sqlite3_libversion() + ". Nothing was changed");
        connection_.execute(schema_v3, "upgrading the database to schema version 3");
        fill_search_index();
    }
    if (version < 4) {
        // A file some other tool set back to an older version may have the columns already.
        if (connection_.pragma_integer("SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'values_digest'") == 0)
            connection_.execute(schema_v4, "upgrading the database to schema version 4");
        rechain_audit();
    }
    if (version < 5) connection_.execute(schema_v5, "upgrading the database to schema version 5");
    if (version < 6) {
        // A file some other tool set back to an older version may have the column already.
        if (connection_.pragma_integer("SELECT count(*) FROM pragma_table_info('records') WHERE name = 'withdrawn'") == 0)
            connection_.execute("ALTER TABLE records ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0",
                                "upgrading the database to schema version 6");
        connection_.execute(schema_v6, "upgrading the database to schema version 6");
    }
    connection_.execute(("PRAGMA application_id = " + std::to_string(application_id)).c_str());
    connection_.execute(("PRAGMA user_version = " + std::to_string(sqlite_schema_version)).c_str());
    transaction.commit();
}

// Migrating to version 4: the chain version 1 log hashed again as chain version 2, each entry
// keeping its old digest.
void SqliteRecordStore::rechain_audit() {
    Statement select(connection_, (std::string(audit_columns) + " FROM audit ORDER BY sequence").c_str());
    Statement update(connection_, "UPDATE audit SET values_digest = ?2, v1_digest = ?3, previous_digest = ?4, digest = ?5 "
                                  "WHERE sequence = ?1");
    AuditEntry entry;
    std::string previous = genesis_digest();
    while (select.step()) {
        audit_entry_from(select, entry);
        if (!entry.values_digest.empty()) {  // chain version 2 already
            previous = entry.digest;
            continue;
        }
        migrate_v1_entry(entry, select.text_view(6), previous);
        update.bind(1, std::int64_t{entry.sequence}).bind(2, entry.values_digest).bind(3, entry.v1_digest);
        update.bind(4, entry.previous_digest).bind(5, entry.digest);
        update.run();
        update.reset();
        previous = entry.digest;
    }
}

void SqliteRecordStore::require_writable(const std::string& doing) const {
    if (connection_.read_only())
        throw StoreError("the database " + connection_.path() + " " + connection_.read_only_words() + ", so " +
                         doing + " was not done; nothing was changed");
}

void SqliteRecordStore::index_text(const std::string& id, const std::string& title, const std::string& words) {
    auto& key = connection_.cached("INSERT INTO search_keys (record_id) VALUES (?1) ON CONFLICT (record_id) "
                                   "DO UPDATE SET record_id = excluded.record_id RETURNING key");
    key.bind(1, id);
    if (!key.step()) throw StoreError("the database gave no search key for record " + id);
    const auto row = key.integer(0);
    key.reset();
    auto& remove = connection_.cached("DELETE FROM records_search WHERE rowid = ?1");
    remove.bind(1, row);
    remove.run();
    auto& add = connection_.cached("INSERT INTO records_search (rowid, title, words) VALUES (?1, ?2, ?3)");
    add.bind(1, row).bind(2, title).bind(3, words);
    add.run();
}

// Migrating to version 3: every stored record into the search index.
void SqliteRecordStore::fill_search_index() {
    Statement select(connection_, "SELECT id, title, document FROM records ORDER BY id");
    Record record;
    std::string buffer;
    while (select.step()) {
        buffer.assign(select.text_view(2));
        parse_stored_record(buffer, record);
        index_text(select.text(0), select.text(1), search_words(record));
    }
}

std::optional<std::pair<long, std::string>> SqliteRecordStore::stored(const std::string& id) {
    auto& select = connection_.cached("SELECT revision, document FROM records WHERE id = ?1");
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    auto found = std::pair{static_cast<long>(select.integer(0)), select.text(1)};
    select.reset();
    return found;
}

void SqliteRecordStore::insert(const FormDefinition& form, const Record& record) {
    auto& statement = connection_.cached(
        "INSERT INTO records (id, form_id, form_version, status, title, created_at, created_by, "
        "modified_at, modified_by, revision, document) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    const auto& m = record.meta;
    statement.bind(1, m.id).bind(2, m.form_id).bind(3, std::int64_t{m.form_version}).bind(4, m.status);
    statement.bind(5, record_title(form, record)).bind(6, m.created_at).bind(7, m.created_by);
    statement.bind(8, m.modified_at).bind(9, m.modified_by).bind(10, std::int64_t{m.revision});
    statement.bind(11, stored_record_text(record));
    statement.run();
    index_text(m.id, record_title(form, record), search_words(record));
}

void SqliteRecordStore::rewrite(const FormDefinition& form, const Record& record) {
    auto& statement = connection_.cached(
        "UPDATE records SET status = ?2, title = ?3, modified_at = ?4, modified_by = ?5, revision = ?6, "
        "document = ?7 WHERE id = ?1");
    const auto& m = record.meta;
    statement.bind(1, m.id).bind(2, m.status).bind(3, record_title(form, record)).bind(4, m.modified_at);
    statement.bind(5, m.modified_by).bind(6, std::int64_t{m.revision}).bind(7, stored_record_text(record));
    statement.run();
    index_text(m.id, record_title(form, record), search_words(record));
}

std::pair<long, std::string> SqliteRecordStore::audit_head() {
    std::pair<long, std::string> head{0, genesis_digest()};
    auto& last = connection_.cached("SELECT sequence, digest FROM audit ORDER BY sequence DESC LIMIT 1");
    if (last.step()) head = {static_cast<long>(last.integer(0)), last.text(1)};
    last.reset();
    return head;
}

std::vector<RecordChange> SqliteRecordStore::changes_elsewhere() {
    const auto data_version = connection_.pragma_integer("PRAGMA data_version");
    if (!watch_.watching()) {
        watch_.start(audit_head().first);
        watched_data_version_ = data_version;
        return {};
    }
    if (data_version == watched_data_version_) return {};  // no other connection has committed
    watched_data_version_ = data_version;
    std::vector<RecordChange> changes;
    Statement select(connection_, "SELECT sequence, record_id, revision, by, action, digest FROM audit "
                                  "WHERE sequence > ?1 ORDER BY sequence");
    select.bind(1, std::int64_t{watch_.seen()});
    while (select.step())
        watch_.read({static_cast<long>(select.integer(0)), select.text(1), static_cast<long>(select.integer(2)),
                     select.text(3), select.text(4)},
                    select.text(5), changes);
    return changes;
}

void SqliteRecordStore::insert_audit(const AuditEntry& entry, const std::string& encoded_changes) {
    watch_.wrote(entry.digest);
    auto& insert_entry = connection_.cached(
        "INSERT INTO audit (sequence, at, by, record_id, revision, action, changes, previous_digest, digest, "
        "values_digest, v1_digest, tombstone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    insert_entry.bind(1, std::int64_t{entry.sequence}).bind(2, entry.at).bind(3, entry.by).bind(4, entry.record_id);
    insert_entry.bind(5, std::int64_t{entry.revision}).bind(6, entry.action).bind(7, encoded_changes);
    insert_entry.bind(8, entry.previous_digest).bind(9, entry.digest).bind(10, entry.values_digest);
    insert_entry.bind(11, entry.v1_digest).bind(12, entry.tombstone);
    insert_entry.run();
}

void SqliteRecordStore::tombstone_audit(long sequence, const std::string& kept_changes, const std::string& tombstone) {
    Statement update(connection_, "UPDATE audit SET changes = ?2, tombstone = ?3 WHERE sequence = ?1");
    update.bind(1, std::int64_t{sequence}).bind(2, kept_changes).bind(3, tombstone);
    update.run();
}

void SqliteRecordStore::remove_record(const std::string& id) {
    Statement key(connection_, "SELECT key FROM search_keys WHERE record_id = ?1");
    key.bind(1, id);
    if (key.step()) {
        Statement remove(connection_, "DELETE FROM records_search WHERE rowid = ?1");
        remove.bind(1, key.integer(0));
        remove.run();
    }
    key.reset();
    Statement forget(connection_, "DELETE FROM search_keys WHERE record_id = ?1");
    forget.bind(1, id);
    forget.run();
    Statement remove(connection_, "DELETE FROM records WHERE id = ?1");
    remove.bind(1, id);
    remove.run();
}

EraseReport SqliteRecordStore::erase(const std::string& id, const std::string& user, const std::string& reason) {
    const std::string doing = "the erasure of record " + id;
    require_writable(doing);
    EraseReport report;
    {
        Transaction transaction(connection_, doing);
        report = store::write_erase(*this, id, user, reason);
        transaction.commit();
    }
    report.notes = scrub_files();
    return report;
}

// After an erasure: the erased values out of every file of the database. secure_delete zeroes
// what the erasure itself freed, but not what older saves freed before it was on, nor the
// search index's segments, which keep a deleted row's trigrams until they are merged; nor the
// write-ahead log, which holds the pages as they were.
std::vector<std::string> SqliteRecordStore::scrub_files() {
    std::vector<std::string> notes;
    const std::string doing = "clearing the erased values out of the database's files";
    try {
        connection_.execute("INSERT INTO records_search (records_search) VALUES ('optimize')", doing);
        // Every table and index written afresh, free pages dropped: nothing freed before stays.
        connection_.execute("VACUUM", doing);
    } catch (const StoreError& e) {
        // The erasure is committed whatever happens here: say what is left, not that it failed.
        notes.push_back(std::string("the record is erased, but the file could not be written afresh (") + e.what() +
                        "), so pages freed before may still hold its values until the next erasure vacuums it");
    }
    Statement checkpoint(connection_, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (checkpoint.step() && checkpoint.integer(0) != 0)
        notes.push_back("another program has the database " + connection_.path() +
                        " open, so its write-ahead log (" + connection_.path() + "-wal) could not be emptied yet: it "
                        "still holds the erased values until that program closes the database");
    return notes;
}

void SqliteRecordStore::create(const FormDefinition& form, Record& record, const std::string& user, const SaveNote& note) {
    const std::string doing = "the save of new record " + record.meta.id;
    require_writable(doing);
    Transaction transaction(connection_, doing);
    auto saved = store::write_create(*this, form, record, user, note);
    transaction.commit();
    record.meta = std::move(saved);
}

void SqliteRecordStore::update(const FormDefinition& form, Record& record, long base_revision, const std::string& user,
                               const SaveNote& note) {
    const std::string doing = "the save of record " + record.meta.id;
    require_writable(doing);
    Transaction transaction(connection_, doing);
    auto saved = store::write_update(*this, form, record, base_revision, user, note);
    if (!saved) return;
    transaction.commit();
    record.meta = std::move(*saved);
}

StatusChangeResult SqliteRecordStore::set_status(const FormDefinition& form, const std::string& id, const std::string& status,
                                                 long base_revision, const std::string& user,
                                                 const std::string& reopen_reason) {
    const std::string doing = "the status change of record " + id;
    require_writable(doing);
    Transaction transaction(connection_, doing);
    auto result = store::write_status(*this, form, id, status, base_revision, user, reopen_reason);
    if (result.changed) transaction.commit();
    return result;
}

std::vector<ImportItem> SqliteRecordStore::import(const FormLookup& forms,
                                                  const std::vector<std::pair<std::string, std::string>>& files,
                                                  const std::string& user, std::size_t batch_size,
                                                  const std::string& reopen_reason, const ImportDecided& decided, bool audit_names_source) {
    std::vector<ImportItem> items;
    items.reserve(files.size());
    require_writable("the import");
    std::size_t next = 0;
    while (next < files.size()) {
        // One transaction per batch: one sync per batch, not per record.
        Transaction transaction(connection_, "the import of " + files[next].first + " and the files after it");
        const auto batch_start = items.size();
        for (std::size_t in_batch = 0; next < files.size() && in_batch < std::max<std::size_t>(batch_size, 1);
             ++next, ++in_batch)
            items.push_back(store::import_one(*this, forms, files[next].first, files[next].second, user, reopen_reason,
                                                      audit_names_source));
        try {
            transaction.commit();
        } catch (const StoreError& e) {
            // The whole batch was rolled back: say so for each of its files, then stop.
            store::refuse_batch(items, batch_start, e.what());
            store::tell_decided(items, batch_start, decided);
            throw;
        }
        store::tell_decided(items, batch_start, decided);
    }
    return items;
}

long SqliteRecordStore::withdrawn(const std::string& id) {
    auto& select = connection_.cached("SELECT withdrawn FROM records WHERE id = ?1");
    select.bind(1, id);
    const long entry = select.step() ? static_cast<long>(select.integer(0)) : 0;
    select.reset();
    return entry;
}

void SqliteRecordStore::set_withdrawn(const std::string& id, long entry) {
    auto& update = connection_.cached("UPDATE records SET withdrawn = ?2 WHERE id = ?1");
    update.bind(1, id).bind(2, std::int64_t{entry});
    update.run();
}

long SqliteRecordStore::withdraw(const std::string& id, const std::string& user, const std::string& reason) {
    const std::string doing = "the withdrawal of record " + id;
    require_writable(doing);
    Transaction transaction(connection_, doing);
    const auto entry = store::write_withdraw(*this, id, user, reason);
    transaction.commit();
    return entry;
}

long SqliteRecordStore::restore(const std::string& id, const std::string& user, const std::string& reason) {
    const std::string doing = "the restoration of record " + id;
    require_writable(doing);
    Transaction transaction(connection_, doing);
    const auto entry = store::write_restore(*this, id, user, reason);
    transaction.commit();
    return entry;
}

std::optional<Withdrawal> SqliteRecordStore::withdrawal(const std::string& id) {
    const auto entry = withdrawn(id);
    if (entry == 0) return std::nullopt;
    std::optional<Withdrawal> found;
    const std::string sequence = std::to_string(entry);
    read_audit((std::string(audit_columns) + " FROM audit WHERE sequence = CAST(?1 AS INTEGER)").c_str(), &sequence,
               [&](const AuditEntry& withdraw_entry) {
                   found = store::withdrawal_from(withdraw_entry);
                   return false;
               });
    if (!found) found = Withdrawal{entry, {}, {}, {}};
    return found;
}

std::optional<Record> SqliteRecordStore::load(const std::string& id) {
    const auto current = stored(id);
    if (!current) return std::nullopt;
    return parse_stored_record(current->second);
}

ListPage SqliteRecordStore::list(const ListQuery& query) {
    // Each filter and sort has an index (schema_v6) that both selects the rows and gives
    // their order, so a page is a walk along it, the rows before it skipped in the index.
    // Text of three characters or more is looked up in the trigram index; shorter text
    // is matched with LIKE against the index's own copy of the titles and values.
    std::string where = store::withdrawn_condition(query.withdrawn);
    if (!query.form.empty()) where += " AND form_id = ?1";
    if (!query.status.empty()) where += " AND status = ?2";
    const bool short_text = !query.text.empty() && utf8_length(query.text) < 3;
    if (!query.text.empty())
        where += std::string(" AND id IN (SELECT k.record_id FROM search_keys k WHERE k.key IN (SELECT rowid FROM "
                             "records_search WHERE ") +
                 (short_text ? "title LIKE ?3 ESCAPE '\\' OR words LIKE ?3 ESCAPE '\\'" : "records_search MATCH ?3") +
                 "))";
    const auto bind = [&](Statement& statement) {
        if (!query.form.empty()) statement.bind(1, query.form);
        if (!query.status.empty()) statement.bind(2, query.status);
        if (!query.text.empty()) statement.bind(3, short_text ? like_pattern(query.text) : fts_phrase(query.text));
    };
    ListPage page;
    // The count again only when the list or the database changed since the last page.
    const auto data_version = connection_.pragma_integer("PRAGMA data_version");
    const auto changes = static_cast<std::int64_t>(sqlite3_total_changes64(connection_.handle()));
    if (!counted_.fill(page, query, {data_version, changes})) {
        // A short text's count stops past the page (ListQuery::count_ahead).
        const bool stops_short = list_count_stops_short(query);
        Statement count(connection_, (stops_short ? "SELECT count(*) FROM (SELECT 1 FROM records" + where + " LIMIT ?6)"
                                                  : "SELECT count(*) FROM records" + where)
                                         .c_str());
        bind(count);
        if (stops_short) count.bind(6, static_cast<std::int64_t>(store::short_count_limit(query) + 1));
        const auto counted = count.step() ? static_cast<std::size_t>(count.integer(0)) : 0;
        if (stops_short)
            store::set_short_total(page, counted, query);
        else
            page.total = counted;
        counted_.keep(page, query, {data_version, changes});
    }
    const char* column = query.sort == ListSort::title ? "title" : query.sort == ListSort::form ? "form_id"
                       : query.sort == ListSort::status ? "status" : "modified_at";
    const std::string order = std::string(" ORDER BY ") + column + (query.descending ? " DESC" : " ASC") + ", id" +
                              (query.descending ? " DESC" : " ASC");
    Statement select(connection_, ("SELECT id, title, form_id, form_version, status, modified_at, modified_by, revision, "
                                   "withdrawn <> 0 FROM records" + where + order + " LIMIT ?4 OFFSET ?5").c_str());
    bind(select);
    select.bind(4, store::sql_bigint(query.limit)).bind(5, store::sql_bigint(query.offset));
    while (select.step())
        page.rows.push_back({select.text(0), select.text(1), select.text(2), static_cast<int>(select.integer(3)),
                             select.text(4), select.text(5), select.text(6), static_cast<long>(select.integer(7)),
                             select.integer(8) != 0});
    return page;
}

void SqliteRecordStore::read_audit(const char* sql, const std::string* id,
                                   const std::function<bool(const AuditEntry&)>& visit) {
    Statement select(connection_, sql);
    if (id != nullptr) select.bind(1, *id);
    AuditEntry entry;
    while (select.step()) {
        audit_entry_from(select, entry);
        entry.changes = decode_changes(select.text(6));
        if (!visit(entry)) return;
    }
}

std::vector<AuditEntry> SqliteRecordStore::history(const std::string& id) {
    // The record's own entries, and the entries of the exports that wrote it.
    std::vector<AuditEntry> entries;
    read_audit((std::string(audit_columns) + " FROM audit WHERE record_id = ?1 OR sequence IN "
                                             "(SELECT entry FROM exported_records WHERE record_id = ?1) ORDER BY sequence")
                   .c_str(),
               &id, [&](const AuditEntry& entry) {
                   entries.push_back(entry);
                   return true;
               });
    return entries;
}

std::vector<AuditEntry> SqliteRecordStore::record_audit(const std::string& id) {
    // Only the record's own: an export's entry names many records, and keeps no values of one.
    std::vector<AuditEntry> entries;
    read_audit((std::string(audit_columns) + " FROM audit WHERE record_id = ?1 ORDER BY sequence").c_str(), &id,
               [&](const AuditEntry& entry) {
                   entries.push_back(entry);
                   return true;
               });
    return entries;
}

void SqliteRecordStore::link_export(long entry, const std::vector<std::string>& record_ids) {
    auto& link = connection_.cached("INSERT OR IGNORE INTO exported_records (record_id, entry) VALUES (?1, ?2)");
    for (const auto& id : record_ids) {
        link.bind(1, id).bind(2, std::int64_t{entry});
        link.run();
        link.reset();
    }
}

long SqliteRecordStore::record_export(const ExportFacts& facts, const std::string& user) {
    const std::string doing = "recording the export of " + facts.file + " in the audit log";
    require_writable(doing);
    Transaction transaction(connection_, doing);
    const auto entry = store::write_export(*this, facts, user);
    transaction.commit();
    return entry;
}

std::vector<ExportEntry> SqliteRecordStore::exports() {
    std::vector<ExportEntry> found;
    read_audit((std::string(audit_columns) + " FROM audit WHERE action = 'export' ORDER BY sequence").c_str(), nullptr,
               [&](const AuditEntry& entry) {
                   if (auto one = export_entry_from(entry)) found.push_back(std::move(*one));
                   return true;
               });
    return found;
}

namespace {

// Batches of audit entries passed from the thread reading them to the thread checking
// them, and back to be filled again: a few batches at a time, so memory stays flat.
class EntryBatches {
public:
    // The entries, each with its changes as stored: the checker hashes that text as it is,
    // so nothing is decoded.
    struct Batch {
        std::vector<AuditEntry> entries;
        std::vector<std::string> stored_changes;  // by entry
        void clear() {
            entries.clear();
            stored_changes.clear();
        }
        bool empty() const noexcept { return entries.empty(); }
        std::size_t size() const noexcept { return entries.size(); }
    };
    static constexpr std::size_t batch_size = 256;
    static constexpr std::size_t in_flight = 8;

    EntryBatches() {
        for (std::size_t i = 0; i < in_flight; ++i) free_.emplace_back();
    }

    // The reader's side: a batch to fill (clear it first), or nothing once the checker has
    // stopped.
    std::optional<Batch> take_free() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !free_.empty() || stopped_; });
        if (stopped_) return std::nullopt;
        auto batch = std::move(free_.back());
        free_.pop_back();
        return batch;
    }
    void hand_over(Batch batch) {
        const std::lock_guard lock(mutex_);
        full_.push_back(std::move(batch));
        changed_.notify_all();
    }
    void close() {
        const std::lock_guard lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }

    // The checker's side: the next full batch, or nothing at the end (or once stopped).
    std::optional<Batch> take_full() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !full_.empty() || closed_ || stopped_; });
        if (full_.empty() || stopped_) return std::nullopt;
        auto batch = std::move(full_.front());
        full_.pop_front();
        return batch;
    }
    void give_back(Batch batch) {
        const std::lock_guard lock(mutex_);
        free_.push_back(std::move(batch));
        changed_.notify_all();
    }
    // Either side: no more batches pass (a broken chain, an error).
    void stop() {
        const std::lock_guard lock(mutex_);
        stopped_ = true;
        changed_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> full_;
    std::vector<Batch> free_;
    bool closed_ = false;
    bool stopped_ = false;
};

}  // namespace

TrailCheck SqliteRecordStore::verify_trail(const std::string& sought_head) {
    // Entry by entry, in sequence order: memory stays flat however long the log. Reading
    // the entries (SQLite) and checking them (the canonical text and its SHA-256, over the
    // changes as stored, in TrailVerifier) run on two threads, batches of entries passing
    // between them; only this thread touches SQLite.
    TrailVerifier verifier(sought_head);
    EntryBatches batches;
    std::exception_ptr check_error;
    std::thread checker([&] {
        try {
            while (auto batch = batches.take_full()) {
                for (std::size_t i = 0; i < batch->entries.size(); ++i) {
                    if (!verifier.add(batch->entries[i], batch->stored_changes[i])) {
                        batches.stop();  // the chain is broken: later entries are not looked at
                        return;
                    }
                }
                batches.give_back(std::move(*batch));
            }
        } catch (...) {
            check_error = std::current_exception();
            batches.stop();
        }
    });
    try {
        Statement select(connection_, (std::string(audit_columns) + " FROM audit ORDER BY sequence").c_str());
        auto batch = batches.take_free();
        while (batch && select.step()) {
            auto& entry = batch->entries.emplace_back();
            batch->stored_changes.emplace_back(select.text_view(6));
            audit_entry_from(select, entry);
            if (batch->size() == EntryBatches::batch_size) {
                batches.hand_over(std::move(*batch));
                batch = batches.take_free();
                if (batch) batch->clear();
            }
        }
        if (batch && !batch->empty()) batches.hand_over(std::move(*batch));
        batches.close();
    } catch (...) {
        batches.stop();
        checker.join();
        throw;
    }
    checker.join();
    if (check_error) std::rethrow_exception(check_error);
    return verifier.result();
}

namespace {

// `texts` as a JSON array of strings, for json_each.
std::string json_array(const std::vector<std::string>& texts) {
    std::string out = "[";
    for (const auto& text : texts) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (byte < 0x20) {
                static constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[byte >> 4];
                out += hex[byte & 0xF];
            } else {
                out += c;
            }
        }
        out += '"';
    }
    return out + "]";
}

// The WHERE clause of a scan; its parameters are bound by bind_scan in the same order.
std::string scan_where(const ScanQuery& query) {
    // Never a withdrawn record, even one named by id (docs/exports.md).
    std::string where = " WHERE withdrawn = 0";
    int parameter = 0;
    const auto next = [&] { return "?" + std::to_string(++parameter); };
    if (!query.form.empty()) where += " AND form_id = " + next();
    if (!query.statuses.empty()) {
        where += " AND status IN (";
        for (std::size_t i = 0; i < query.statuses.size(); ++i) where += (i == 0 ? "" : ", ") + next();
        where += ")";
    }
    // Timestamps are YYYY-MM-DDThh:mm:ssZ: a date range is a range of their first ten characters.
    if (!query.modified_from.empty()) where += " AND substr(modified_at, 1, 10) >= " + next();
    if (!query.modified_to.empty()) where += " AND substr(modified_at, 1, 10) <= " + next();
    // The ids as one JSON array, so that a choice of any size is one parameter (SQLite
    // allows 32,766), and a list of every record selected still reads.
    if (!query.ids.empty()) where += " AND id IN (SELECT value FROM json_each(" + next() + "))";
    return where;
}

void bind_scan(Statement& statement, const ScanQuery& query) {
    int parameter = 0;
    if (!query.form.empty()) statement.bind(++parameter, query.form);
    for (const auto& status : query.statuses) statement.bind(++parameter, status);
    if (!query.modified_from.empty()) statement.bind(++parameter, query.modified_from);
    if (!query.modified_to.empty()) statement.bind(++parameter, query.modified_to);
    if (!query.ids.empty()) statement.bind(++parameter, json_array(query.ids));
}

}  // namespace

std::size_t SqliteRecordStore::count(const ScanQuery& query) {
    Statement select(connection_, ("SELECT count(*) FROM records" + scan_where(query)).c_str());
    bind_scan(select, query);
    return select.step() ? static_cast<std::size_t>(select.integer(0)) : 0;
}

void SqliteRecordStore::scan(const ScanQuery& query, const std::function<bool(const Record&)>& visit) {
    Statement select(connection_,
                     ("SELECT document FROM records" + scan_where(query) + " ORDER BY form_id, modified_at, id").c_str());
    bind_scan(select, query);
    // One record, read again for each document, parsed in one buffer: the visitor sees it
    // as const, and a copy of it is a copy of its own.
    Record record;
    std::string buffer;
    while (select.step()) {
        buffer.assign(select.text_view(0));
        parse_stored_record(buffer, record);
        if (!visit(record)) return;
    }
}

long SqliteRecordStore::next_submission_serial() {
    const std::string doing = "reserving a submission serial number";
    require_writable(doing);
    Transaction transaction(connection_, doing);
    Statement next(connection_, "INSERT INTO counters (name, value) VALUES ('submission-serial', 1) "
                                "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
    if (!next.step()) throw StoreError("the database gave no submission serial number");
    const long serial = static_cast<long>(next.integer(0));
    next.reset();
    transaction.commit();
    return serial;
}

const sdk::RecordQuery& SqliteRecordStore::query() { return *query_; }

void SqliteRecordStore::read_rows(store::RowSink& sink) {
    // One read transaction, so records, log and counters are of one moment.
    connection_.execute("BEGIN", "reading the database to copy it");
    try {
        Statement records(connection_, "SELECT id, form_id, form_version, status, title, created_at, created_by, "
                                       "modified_at, modified_by, revision, document, withdrawn FROM records ORDER BY id");
        while (records.step())
            sink.record({records.text(0), records.text(1), static_cast<long>(records.integer(2)), records.text(3),
                         records.text(4), records.text(5), records.text(6), records.text(7), records.text(8),
                         static_cast<long>(records.integer(9)), records.text(10), static_cast<long>(records.integer(11))});
        Statement audit(connection_, (std::string(audit_columns) + " FROM audit ORDER BY sequence").c_str());
        AuditEntry entry;
        while (audit.step()) {
            audit_entry_from(audit, entry);
            sink.audit(entry, audit.text_view(6));
        }
        Statement counters(connection_, "SELECT name, value FROM counters ORDER BY name");
        while (counters.step()) sink.counter(counters.text(0), static_cast<long>(counters.integer(1)));
    } catch (...) {
        connection_.execute("ROLLBACK");
        throw;
    }
    connection_.execute("COMMIT", "reading the database to copy it");
}

}  // namespace

std::unique_ptr<RecordStore> open_sqlite_store(const SqliteStoreOptions& options) {
    std::error_code error;
    if (std::filesystem::is_directory(options.path, error))
        throw StoreError(options.path.string() + " is a folder; give the path of a database file");
    return std::make_unique<SqliteRecordStore>(options);
}

std::filesystem::path default_database_path() {
    if (const char* db = std::getenv("FORMWORK_DB"); db != nullptr && *db != '\0') return db;
    std::filesystem::path data;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/')
        data = xdg;
    else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        data = std::filesystem::path(home) / ".local" / "share";
    else
        data = std::filesystem::current_path();
    return data / "formwork" / "formwork.db";
}

}  // namespace formwork::forms
