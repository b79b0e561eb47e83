// The PostgreSQL backend: the same records, audit chain, lists and query API as SQLite's,
// on a server shared by a team. Every writer takes one advisory lock at the start of its
// transaction, so saves (and the audit chain they extend) are serialised across every
// process; a save also locks its record's row (SELECT ... FOR UPDATE) for its revision check.
#include <formwork/store/postgres_store.hpp>
#include <formwork/model/string_writer.hpp>

#include <formwork/model/stored_record.hpp>
#include "../store_rows.hpp"
#include "../store_writes.hpp"
#include "pg_connection.hpp"
#include "text_search.hpp"
#include "vacuum.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace formwork::forms {

namespace {

using pg::Connection;
using pg::Params;
using pg::Result;
using pg::Transaction;

// Version 1: the tables of SQLite's schema 3, with text compared byte by byte (COLLATE "C",
// as SQLite's BINARY) so lists sort the same on both; the record's title and values in one
// column, `search`, for the text filter.
const char* const schema_v1 = R"sql(
CREATE TABLE records (
    id           text COLLATE "C" PRIMARY KEY,
    form_id      text COLLATE "C" NOT NULL,
    form_version integer NOT NULL,
    status       text COLLATE "C" NOT NULL,
    title        text COLLATE "C" NOT NULL,
    created_at   text COLLATE "C" NOT NULL,
    created_by   text NOT NULL,
    modified_at  text COLLATE "C" NOT NULL,
    modified_by  text NOT NULL,
    revision     bigint NOT NULL CHECK (revision >= 1),
    document     text NOT NULL,
    search       text NOT NULL
);
CREATE INDEX records_by_modified ON records (modified_at, id);
CREATE INDEX records_by_title ON records (title, id);
CREATE INDEX records_by_form ON records (form_id, id);
CREATE INDEX records_by_status ON records (status, id);
CREATE INDEX records_by_form_modified ON records (form_id, modified_at, id);
CREATE INDEX records_by_form_title ON records (form_id, title, id);
CREATE INDEX records_by_form_status ON records (form_id, status, id);
CREATE INDEX records_by_form_status_modified ON records (form_id, status, modified_at, id);
CREATE INDEX records_by_form_status_title ON records (form_id, status, title, id);
CREATE INDEX records_by_status_modified ON records (status, modified_at, id);
CREATE INDEX records_by_status_title ON records (status, title, id);
CREATE INDEX records_by_status_form ON records (status, form_id, id);
CREATE TABLE audit (
    sequence        bigint PRIMARY KEY CHECK (sequence >= 1),
    at              text NOT NULL,
    "by"            text NOT NULL,
    record_id       text COLLATE "C" NOT NULL,
    revision        bigint NOT NULL,
    action          text NOT NULL,
    changes         text NOT NULL,
    previous_digest text NOT NULL,
    digest          text NOT NULL
);
CREATE INDEX audit_by_record ON audit (record_id, sequence);
CREATE TABLE counters (
    name  text PRIMARY KEY,
    value bigint NOT NULL
);
)sql";

// With pg_trgm, a text filter of three characters or more is a lookup in this index.
const char* const trigram_index = "CREATE INDEX records_search ON records USING gin (search gin_trgm_ops)";

// Version 2: `search` holds the text case-folded by Formwork (text_search.hpp), and
// `grams` its pieces of one and two characters, so that a text filter of one or two
// characters is a lookup too. The rows already there are filled in by migrate().
const char* const schema_v2 = "ALTER TABLE records ADD COLUMN grams text[] NOT NULL DEFAULT '{}'";
const char* const grams_index = "CREATE INDEX records_grams ON records USING gin (grams)";

// What each role may do to each table, granted in the step that creates the table (and
// again by version 3, for databases made before Formwork granted anything). The officers
// may not rewrite the audit log, nor change the schema's version; records managers may
// rewrite audit entries (erasure), and hold the officers' rights too so they need not be
// members of both. Nobody but the owner may DELETE, TRUNCATE, ALTER or DROP.
struct TableGrant {
    const char* table;
    const char* officers;
    const char* records_managers;
};
constexpr TableGrant version1_grants[] = {
    {"records", "SELECT, INSERT, UPDATE", "SELECT, INSERT, UPDATE"},
    {"counters", "SELECT, INSERT, UPDATE", "SELECT, INSERT, UPDATE"},
    {"audit", "SELECT, INSERT", "SELECT, INSERT, UPDATE"},
    {"formwork_schema", "SELECT", "SELECT"},
};
// Version 4: audit chain version 2 (audit_log.hpp): each entry's values digested, its chain
// version 1 digest kept, and room for a tombstone; the entries are hashed again by migrate().
// Erasing a record removes its row, which records managers may now do.
const char* const schema_v4 = R"sql(
ALTER TABLE audit ADD COLUMN IF NOT EXISTS values_digest text NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN IF NOT EXISTS v1_digest text NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN IF NOT EXISTS tombstone text NOT NULL DEFAULT '';
)sql";
constexpr TableGrant version4_grants[] = {
    {"records", nullptr, "DELETE"},
};
// Version 5: exports in the audit log (export_entry.hpp): each export's entry linked to every
// record it wrote, so that the record's history lists it; verify-export reads the export
// entries alone. Whoever may export (an officer) records the links.
const char* const schema_v5 = R"sql(
CREATE TABLE IF NOT EXISTS exported_records (
    record_id text COLLATE "C" NOT NULL,
    entry     bigint NOT NULL,
    PRIMARY KEY (record_id, entry)
);
CREATE INDEX IF NOT EXISTS audit_exports ON audit (sequence) WHERE action = 'export';
)sql";
constexpr TableGrant version5_grants[] = {
    {"exported_records", "SELECT, INSERT", "SELECT, INSERT"},
};

// Version 6: withdrawn records (RecordStore::withdraw). `withdrawn` holds the sequence of the
// entry that withdrew the record, or 0. The list leaves withdrawn records out by default, so
// every index of the list starts with it: `withdrawn = 0` and the filters after it still select
// the rows and give their order, a walk along one index ending in id. An officer withdraws and
// restores with the UPDATE on records and INSERT on audit version 1 granted: nothing to grant.
const char* const schema_v6 = R"sql(
ALTER TABLE records ADD COLUMN IF NOT EXISTS withdrawn bigint NOT NULL DEFAULT 0;
DROP INDEX IF EXISTS records_by_modified;
DROP INDEX IF EXISTS records_by_title;
DROP INDEX IF EXISTS records_by_form;
DROP INDEX IF EXISTS records_by_status;
DROP INDEX IF EXISTS records_by_form_modified;
DROP INDEX IF EXISTS records_by_form_title;
DROP INDEX IF EXISTS records_by_form_status;
DROP INDEX IF EXISTS records_by_form_status_modified;
DROP INDEX IF EXISTS records_by_form_status_title;
DROP INDEX IF EXISTS records_by_status_modified;
DROP INDEX IF EXISTS records_by_status_title;
DROP INDEX IF EXISTS records_by_status_form;
CREATE INDEX records_by_modified ON records (withdrawn, modified_at, id);
CREATE INDEX records_by_title ON records (withdrawn, title, id);
CREATE INDEX records_by_form ON records (withdrawn, form_id, id);
CREATE INDEX records_by_status ON records (withdrawn, status, id);
CREATE INDEX records_by_form_modified ON records (withdrawn, form_id, modified_at, id);
CREATE INDEX records_by_form_title ON records (withdrawn, form_id, title, id);
CREATE INDEX records_by_form_status ON records (withdrawn, form_id, status, id);
CREATE INDEX records_by_form_status_modified ON records (withdrawn, form_id, status, modified_at, id);
CREATE INDEX records_by_form_status_title ON records (withdrawn, form_id, status, title, id);
CREATE INDEX records_by_status_modified ON records (withdrawn, status, modified_at, id);
CREATE INDEX records_by_status_title ON records (withdrawn, status, title, id);
CREATE INDEX records_by_status_form ON records (withdrawn, status, form_id, id);
)sql";


// What an officer needs to open a database and save, one privilege a row (has_table_privilege
// given several answers whether any one is held): checked on opening, so that a missing
// grant is named then, not at the first save.
const char* const officer_lacks = "SELECT string_agg(p || ' on ' || t, ', ' ORDER BY t, p) FROM (VALUES "
                                  "('records', 'SELECT'), ('records', 'INSERT'), ('records', 'UPDATE'), "
                                  "('counters', 'SELECT'), ('counters', 'INSERT'), ('counters', 'UPDATE'), "
                                  "('audit', 'SELECT'), ('audit', 'INSERT'), "
                                  "('exported_records', 'SELECT'), ('exported_records', 'INSERT')) needs (t, p) "
                                  "WHERE NOT has_table_privilege(t, p)";

// What a record's row holds for the text filter.
struct SearchText {
    std::string folded;  // the title and every value, one a line, case-folded
    std::string grams;   // as a text[] literal
};

SearchText search_text(const std::string& title, const Record& record) {
    SearchText text{pg::fold_case(title + '\n' + store::search_words(record)), {}};
    text.grams = pg::grams_array(text.folded);
    return text;
}

class PostgresRecordQuery final : public sdk::RecordQuery {
public:
    explicit PostgresRecordQuery(Connection& connection) : connection_(connection) {}

    std::vector<sdk::RecordSummary> records_of_form(const std::string& form_id) const override {
        const auto result = connection_.exec("SELECT id, form_id, form_version, status, title, modified_at FROM records "
                                             "WHERE withdrawn = 0 AND form_id = $1 ORDER BY modified_at DESC, id",
                                             Params().add(form_id));
        std::vector<sdk::RecordSummary> rows;
        for (int i = 0; i < result.rows(); ++i) rows.push_back(row(result, i));
        return rows;
    }
    std::optional<sdk::RecordSummary> summary(const std::string& id) const override {
        const auto result = connection_.exec(
            "SELECT id, form_id, form_version, status, title, modified_at FROM records WHERE id = $1", Params().add(id));
        if (result.empty()) return std::nullopt;
        return row(result, 0);
    }
    std::optional<std::string> instance_xml(const std::string& id) const override {
        const auto result = connection_.exec("SELECT document FROM records WHERE id = $1", Params().add(id));
        if (result.empty()) return std::nullopt;
        const auto record = parse_stored_record(result.text(0, 0));
        StringWriter writer;
        record.instance().print(writer, "  ");
        return writer.text;
    }

private:
    static sdk::RecordSummary row(const Result& r, int i) {
        return {r.text(i, 0), r.text(i, 1), static_cast<int>(r.integer(i, 2)), r.text(i, 3), r.text(i, 4), r.text(i, 5)};
    }
    Connection& connection_;
};

// One row of records, as given.
void insert_record_row(Connection& connection, const store::StoredRecord& r, const SearchText& search) {
    connection.exec("INSERT INTO records (id, form_id, form_version, status, title, created_at, created_by, "
                    "modified_at, modified_by, revision, document, search, grams, withdrawn) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text[], $14)",
                    Params()
                        .add(r.id)
                        .add(r.form_id)
                        .add(std::int64_t{r.form_version})
                        .add(r.status)
                        .add(r.title)
                        .add(r.created_at)
                        .add(r.created_by)
                        .add(r.modified_at)
                        .add(r.modified_by)
                        .add(std::int64_t{r.revision})
                        .add(r.document)
                        .add(search.folded)
                        .add(search.grams)
                        .add(std::int64_t{r.withdrawn}));
}

// One audit row, as given.
void insert_audit_row(Connection& connection, const AuditEntry& entry, std::string_view changes) {
    connection.exec("INSERT INTO audit (sequence, at, \"by\", record_id, revision, action, changes, previous_digest, "
                    "digest, values_digest, v1_digest, tombstone) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    Params()
                        .add(std::int64_t{entry.sequence})
                        .add(entry.at)
                        .add(entry.by)
                        .add(entry.record_id)
                        .add(std::int64_t{entry.revision})
                        .add(entry.action)
                        .add(std::string(changes))
                        .add(entry.previous_digest)
                        .add(entry.digest)
                        .add(entry.values_digest)
                        .add(entry.v1_digest)
                        .add(entry.tombstone));
}

// An export's entry linked to each record it wrote, in one statement.
void link_export_rows(Connection& connection, long entry, const std::vector<std::string>& record_ids) {
    if (record_ids.empty()) return;
    connection.exec("INSERT INTO exported_records (record_id, entry) SELECT DISTINCT unnest($2::text[]), $1::bigint "
                    "ON CONFLICT DO NOTHING",
                    Params().add(std::int64_t{entry}).add(pg::array_literal(record_ids)));
}

// Rows copied in, as they were stored; the search text is made from each document, and each
// export's links from its entry.
class CopySink final : public store::RowSink {
public:
    explicit CopySink(Connection& connection) : connection_(connection) {}
    void record(const store::StoredRecord& r) override {
        insert_record_row(connection_, r, search_text(r.title, parse_stored_record(r.document)));
    }
    void audit(const AuditEntry& entry, std::string_view changes) override {
        insert_audit_row(connection_, entry, changes);
        if (entry.action == export_action)
            if (const auto facts = parse_export_changes(decode_changes(std::string(changes))))
                link_export_rows(connection_, entry.sequence, facts->record_ids);
    }
    void counter(const std::string& name, long value) override {
        connection_.exec("INSERT INTO counters (name, value) VALUES ($1, $2)", Params().add(name).add(std::int64_t{value}));
    }

private:
    Connection& connection_;
};

class PostgresRecordStore final : public RecordStore, public store::BulkRows, private store::RowWriter {
public:
    // `owner_step`: the owner's explicit upgrade (upgrade_postgres_database), which grants
    // the tables again and is refused to anyone but their owner.
    explicit PostgresRecordStore(const std::string& conninfo, bool owner_step = false)
        : connection_(conninfo), query_(connection_) {
        upgrade_ = migrate(owner_step);
    }
    const PostgresUpgrade& upgrade() const noexcept { return upgrade_; }

    void create(const FormDefinition& form, Record& record, const std::string& user, const SaveNote& note = {}) override {
        Transaction transaction(connection_, "the save of new record " + record.meta.id);
        auto saved = store::write_create(*this, form, record, user, note);
        transaction.commit();
        record.meta = std::move(saved);
    }
    void update(const FormDefinition& form, Record& record, long base_revision, const std::string& user,
                const SaveNote& note = {}) override {
        Transaction transaction(connection_, "the save of record " + record.meta.id);
        auto saved = store::write_update(*this, form, record, base_revision, user, note);
        if (!saved) return;
        transaction.commit();
        record.meta = std::move(*saved);
    }
    StatusChangeResult set_status(const FormDefinition& form, const std::string& id, const std::string& status,
                                  long base_revision, const std::string& user, const std::string& reopen_reason) override {
        Transaction transaction(connection_, "the status change of record " + id);
        auto result = store::write_status(*this, form, id, status, base_revision, user, reopen_reason);
        if (result.changed) transaction.commit();
        return result;
    }
    std::vector<ImportItem> import(const FormLookup& forms, const std::vector<std::pair<std::string, std::string>>& files,
                                   const std::string& user, std::size_t batch_size,
                                   const std::string& reopen_reason, const ImportDecided& decided, bool audit_names_source) override {
        std::vector<ImportItem> items;
        items.reserve(files.size());
        std::size_t next = 0;
        while (next < files.size()) {
            // One transaction per batch, as with SQLite: a batch is written whole or not at all.
            const auto batch_start = items.size();
            try {
                Transaction transaction(connection_, "the import of " + files[next].first + " and the files after it");
                for (std::size_t in_batch = 0; next < files.size() && in_batch < std::max<std::size_t>(batch_size, 1);
                     ++next, ++in_batch)
                    items.push_back(store::import_one(*this, forms, files[next].first, files[next].second, user, reopen_reason,
                                                      audit_names_source));
                transaction.commit();
            } catch (const StoreError& e) {
                store::refuse_batch(items, batch_start, e.what());
                store::tell_decided(items, batch_start, decided);
                throw;
            }
            store::tell_decided(items, batch_start, decided);
        }
        if (files.size() >= tidy_after_rows) tidy_after_bulk_write();
        return items;
    }

    std::optional<Record> load(const std::string& id) override {
        const auto result = connection_.exec("SELECT document FROM records WHERE id = $1", Params().add(id));
        if (result.empty()) return std::nullopt;
        return parse_stored_record(result.text(0, 0));
    }

    ListPage list(const ListQuery& query) override {
        // Each filter and sort has an index that both selects the rows and gives their
        // order. Text, folded as `search` is, is one of the record's `grams` when it is one
        // or two characters long; longer, it is matched with LIKE on `search`, through its
        // trigram index when the server has pg_trgm.
        Params params;
        std::string where = store::withdrawn_condition(query.withdrawn);
        if (!query.form.empty()) where += " AND form_id = " + params.next(query.form);
        if (!query.status.empty()) where += " AND status = " + params.next(query.status);
        if (!query.text.empty()) {
            const auto folded = pg::fold_case(query.text);
            if (pg::answered_by_grams(folded))
                where += " AND grams @> " + params.next(pg::one_element_array(folded)) + "::text[]";
            else
                where += " AND search LIKE " + params.next(store::like_pattern(folded)) + " ESCAPE '\\'";
        }
        ListPage page;
        // The count again only when the list or the database changed since the last page
        // (every save appends to the audit log, so its last sequence, one index probe,
        // says), or when this page needs a short count to reach further.
        const auto version = connection_.exec("SELECT COALESCE(max(sequence), 0) FROM audit").integer(0, 0);
        if (!counted_.fill(page, query, version)) {
            if (list_count_stops_short(query)) {
                Params limited = params;
                const auto limit = limited.next(std::to_string(store::short_count_limit(query) + 1));
                const auto count = connection_.exec("SELECT count(*) FROM (SELECT 1 FROM records" + where + " LIMIT " +
                                                        limit + "::bigint) counted",
                                                    limited);
                store::set_short_total(page, static_cast<std::size_t>(count.integer(0, 0)), query);
            } else {
                const auto count = connection_.exec("SELECT count(*) FROM records" + where, params);
                page.total = static_cast<std::size_t>(count.integer(0, 0));
            }
            counted_.keep(page, query, version);
        }
        const char* column = query.sort == ListSort::title ? "title" : query.sort == ListSort::form ? "form_id"
                           : query.sort == ListSort::status ? "status" : "modified_at";
        const char* direction = query.descending ? " DESC" : " ASC";
        // The page's ids first, from the index alone (the rows skipped are never read from
        // the table), then those rows.
        const std::string order = std::string(column) + direction + ", id" + direction;
        auto sql = std::string("SELECT r.id, r.title, r.form_id, r.form_version, r.status, r.modified_at, r.modified_by, "
                               "r.revision, r.withdrawn <> 0 FROM (SELECT id FROM records") +
                   where + " ORDER BY " + order;
        sql += " LIMIT " + params.next(std::to_string(store::sql_bigint(query.limit))) + "::bigint";
        sql += " OFFSET " + params.next(std::to_string(store::sql_bigint(query.offset))) + "::bigint";
        sql += ") page JOIN records r USING (id) ORDER BY r." + order;
        const auto rows = connection_.exec(sql, params);
        page.rows.reserve(static_cast<std::size_t>(rows.rows()));
        for (int i = 0; i < rows.rows(); ++i)
            page.rows.push_back({rows.text(i, 0), rows.text(i, 1), rows.text(i, 2), static_cast<int>(rows.integer(i, 3)),
                                 rows.text(i, 4), rows.text(i, 5), rows.text(i, 6), static_cast<long>(rows.integer(i, 7)),
                                 rows.view(i, 8) == "t"});
        return page;
    }

    std::vector<AuditEntry> history(const std::string& id) override {
        // The record's own entries, and the entries of the exports that wrote it.
        return read_entries(" FROM audit WHERE record_id = $1 OR sequence IN "
                            "(SELECT entry FROM exported_records WHERE record_id = $1) ORDER BY sequence",
                            id);
    }

    std::string read_only_reason() const override { return {}; }

    long record_export(const ExportFacts& facts, const std::string& user) override {
        const std::string doing = "recording the export of " + facts.file + " in the audit log";
        Transaction transaction(connection_, doing);
        const auto entry = store::write_export(*this, facts, user);
        transaction.commit();
        return entry;
    }

    std::vector<ExportEntry> exports() override {
        std::vector<ExportEntry> found;
        for (const auto& entry : read_entries(" FROM audit WHERE action = 'export' ORDER BY sequence", std::nullopt))
            if (auto one = export_entry_from(entry)) found.push_back(std::move(*one));
        return found;
    }

    TrailCheck verify_trail() override { return verify_trail(std::string()); }
    TrailCheck verify_trail(const std::string& sought_head) override {
        // Entry by entry, in sequence order, a batch at a time from a cursor in one
        // snapshot: memory stays flat however long the log.
        TrailVerifier verifier(sought_head);
        read_in_batches(std::string(audit_columns) + " FROM audit ORDER BY sequence", {}, "checking the audit log",
                        [&](const Result& result, int i) {
                            return verifier.add(audit_entry(result, i), result.view(i, 6));
                        });
        return verifier.result();
    }

    std::size_t count(const ScanQuery& query) override {
        Params params;
        const auto where = scan_where(query, params);
        return static_cast<std::size_t>(connection_.exec("SELECT count(*) FROM records" + where, params).integer(0, 0));
    }

    void scan(const ScanQuery& query, const std::function<bool(const Record&)>& visit) override {
        Params params;
        const auto where = scan_where(query, params);
        Record record;
        std::string buffer;
        read_in_batches("SELECT document FROM records" + where + " ORDER BY form_id, modified_at, id", params,
                        "reading records for an export", [&](const Result& result, int i) {
                            buffer.assign(result.view(i, 0));
                            parse_stored_record(buffer, record);
                            return visit(record);
                        });
    }

    long next_submission_serial() override {
        const auto result = connection_.exec("INSERT INTO counters (name, value) VALUES ('submission-serial', 1) "
                                             "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
                                             {}, "reserving a submission serial number");
        return static_cast<long>(result.integer(0, 0));
    }

    std::vector<RecordChange> changes_elsewhere() override {
        if (!watch_.watching()) {
            connection_.listen();  // first: a commit after this is heard
            watch_.start(audit_head().first);
            return {};
        }
        if (!connection_.heard_others()) return {};  // no query while nothing has changed
        const auto result = connection_.exec("SELECT sequence, record_id, revision, by, action, digest FROM audit "
                                             "WHERE sequence > $1 ORDER BY sequence",
                                             Params().add(std::int64_t{watch_.seen()}), "reading colleagues' saves");
        std::vector<RecordChange> changes;
        for (int row = 0; row < result.rows(); ++row)
            watch_.read({static_cast<long>(result.integer(row, 0)), result.text(row, 1),
                         static_cast<long>(result.integer(row, 2)), result.text(row, 3), result.text(row, 4)},
                        result.text(row, 5), changes);
        return changes;
    }

    const sdk::RecordQuery& query() override { return query_; }
    std::string location() const override { return connection_.where(); }
    // A server is the place for a team: nothing to warn of.
    std::vector<std::string> warnings() const override { return {}; }

    // BulkRows: a whole database copied in or out, rows as stored.
    bool holds_anything() override {
        return connection_.exec("SELECT EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM audit) OR "
                                "EXISTS (SELECT 1 FROM counters)")
                   .view(0, 0) == "t";
    }
    void read_rows(store::RowSink& sink) override {
        read_in_batches("SELECT id, form_id, form_version, status, title, created_at, created_by, modified_at, "
                        "modified_by, revision, document, withdrawn FROM records ORDER BY id",
                        {}, "reading the records to copy", [&](const Result& r, int i) {
                            sink.record({r.text(i, 0), r.text(i, 1), static_cast<long>(r.integer(i, 2)), r.text(i, 3),
                                         r.text(i, 4), r.text(i, 5), r.text(i, 6), r.text(i, 7), r.text(i, 8),
                                         static_cast<long>(r.integer(i, 9)), r.text(i, 10),
                                         static_cast<long>(r.integer(i, 11))});
                            return true;
                        });
        read_in_batches(std::string(audit_columns) + " FROM audit ORDER BY sequence", {}, "reading the audit log to copy",
                        [&](const Result& r, int i) {
                            sink.audit(audit_entry(r, i), r.view(i, 6));
                            return true;
                        });
        const auto counters = connection_.exec("SELECT name, value FROM counters ORDER BY name");
        for (int i = 0; i < counters.rows(); ++i) sink.counter(counters.text(i, 0), static_cast<long>(counters.integer(i, 1)));
    }
    void write_rows(const std::function<void(store::RowSink&)>& fill) override {
        Transaction transaction(connection_, "the copy into " + connection_.where());
        CopySink sink(connection_);
        fill(sink);
        transaction.commit();
        tidy_after_bulk_write();
    }

private:
    static constexpr const char* audit_columns = "SELECT sequence, at, \"by\", record_id, revision, action, changes, "
                                                 "previous_digest, digest, values_digest, v1_digest, tombstone";

    static AuditEntry audit_entry(const Result& r, int i) {
        AuditEntry entry;
        entry.sequence = static_cast<long>(r.integer(i, 0));
        entry.at = r.text(i, 1);
        entry.by = r.text(i, 2);
        entry.record_id = r.text(i, 3);
        entry.revision = static_cast<long>(r.integer(i, 4));
        entry.action = r.text(i, 5);
        entry.previous_digest = r.text(i, 7);
        entry.digest = r.text(i, 8);
        entry.values_digest = r.text(i, 9);
        entry.v1_digest = r.text(i, 10);
        entry.tombstone = r.text(i, 11);
        return entry;
    }

    static std::string scan_where(const ScanQuery& query, Params& params) {
        // Never a withdrawn record, even one named by id (docs/exports.md).
        std::string where = " WHERE withdrawn = 0";
        if (!query.form.empty()) where += " AND form_id = " + params.next(query.form);
        if (!query.statuses.empty()) {
            where += " AND status IN (";
            for (std::size_t i = 0; i < query.statuses.size(); ++i) where += (i == 0 ? "" : ", ") + params.next(query.statuses[i]);
            where += ")";
        }
        // Timestamps are YYYY-MM-DDThh:mm:ssZ: a date range is a range of their first ten characters.
        if (!query.modified_from.empty()) where += " AND substr(modified_at, 1, 10) >= " + params.next(query.modified_from);
        if (!query.modified_to.empty()) where += " AND substr(modified_at, 1, 10) <= " + params.next(query.modified_to);
        // One array parameter, so that a choice of any size fits (libpq allows 65,535).
        if (!query.ids.empty()) where += " AND id = ANY(" + params.next(pg::array_literal(query.ids)) + "::text[])";
        return where;
    }

    // Runs `select` through a cursor in one read-only snapshot, `visit`ing each row until it
    // returns false. Other reads may run from inside `visit`; a save may not.
    void read_in_batches(const std::string& select, const Params& params, const std::string& doing,
                         const std::function<bool(const Result&, int)>& visit) {
        Transaction transaction(connection_, doing, Transaction::Kind::read_snapshot);
        visit_through_cursor(select, params, doing, visit);
        transaction.commit();
    }

    // The same inside the transaction already open: 500 rows at a time, so memory stays
    // flat however many there are.
    void visit_through_cursor(const std::string& select, const Params& params, const std::string& doing,
                              const std::function<bool(const Result&, int)>& visit) {
        connection_.exec("DECLARE formwork_batches NO SCROLL CURSOR FOR " + select, params, doing);
        for (bool more = true; more;) {
            const auto batch = connection_.exec("FETCH FORWARD 500 FROM formwork_batches", {}, doing);
            for (int i = 0; more && i < batch.rows(); ++i) more = visit(batch, i);
            more = more && batch.rows() == 500;
        }
        connection_.exec("CLOSE formwork_batches", {}, doing);
    }

    // RowWriter: inside a writing transaction, which holds the writers' lock.
    std::optional<std::pair<long, std::string>> stored(const std::string& id) override {
        const auto result = connection_.exec("SELECT revision, document FROM records WHERE id = $1 FOR UPDATE", Params().add(id));
        if (result.empty()) return std::nullopt;
        return std::pair{static_cast<long>(result.integer(0, 0)), result.text(0, 1)};
    }
    void insert(const FormDefinition& form, const Record& record) override {
        const auto& m = record.meta;
        const auto title = record_title(form, record);
        insert_record_row(connection_,
                          {m.id, m.form_id, m.form_version, m.status, title, m.created_at, m.created_by, m.modified_at,
                           m.modified_by, m.revision, store::stored_record_text(record)},
                          search_text(title, record));
    }
    void rewrite(const FormDefinition& form, const Record& record) override {
        const auto& m = record.meta;
        const auto title = record_title(form, record);
        const auto search = search_text(title, record);
        connection_.exec("UPDATE records SET status = $2, title = $3, modified_at = $4, modified_by = $5, revision = $6, "
                         "document = $7, search = $8, grams = $9::text[] WHERE id = $1",
                         Params()
                             .add(m.id)
                             .add(m.status)
                             .add(title)
                             .add(m.modified_at)
                             .add(m.modified_by)
                             .add(std::int64_t{m.revision})
                             .add(store::stored_record_text(record))
                             .add(search.folded)
                             .add(search.grams));
    }
    std::pair<long, std::string> audit_head() override {
        const auto result = connection_.exec("SELECT sequence, digest FROM audit ORDER BY sequence DESC LIMIT 1");
        if (result.empty()) return {0, genesis_digest()};
        return {static_cast<long>(result.integer(0, 0)), result.text(0, 1)};
    }
    void insert_audit(const AuditEntry& entry, const std::string& encoded_changes) override {
        watch_.wrote(entry.digest);
        insert_audit_row(connection_, entry, encoded_changes);
    }
    std::vector<AuditEntry> record_audit(const std::string& id) override {
        // Only the record's own: an export's entry names many records, and keeps no values of one.
        return read_entries(" FROM audit WHERE record_id = $1 ORDER BY sequence", id);
    }
    void link_export(long entry, const std::vector<std::string>& record_ids) override {
        link_export_rows(connection_, entry, record_ids);
    }
    long withdrawn(const std::string& id) override {
        const auto result = connection_.exec("SELECT withdrawn FROM records WHERE id = $1", Params().add(id));
        return result.empty() ? 0 : static_cast<long>(result.integer(0, 0));
    }
    void set_withdrawn(const std::string& id, long entry) override {
        connection_.exec("UPDATE records SET withdrawn = $2 WHERE id = $1", Params().add(id).add(std::int64_t{entry}));
    }
    void tombstone_audit(long sequence, const std::string& kept_changes, const std::string& tombstone) override {
        connection_.exec("UPDATE audit SET changes = $2, tombstone = $3 WHERE sequence = $1",
                         Params().add(std::int64_t{sequence}).add(kept_changes).add(tombstone));
    }
    void remove_record(const std::string& id) override {
        connection_.exec("DELETE FROM records WHERE id = $1", Params().add(id));
    }

public:
    long withdraw(const std::string& id, const std::string& user, const std::string& reason) override {
        Transaction transaction(connection_, "the withdrawal of record " + id);
        const auto entry = store::write_withdraw(*this, id, user, reason);
        transaction.commit();
        return entry;
    }
    long restore(const std::string& id, const std::string& user, const std::string& reason) override {
        Transaction transaction(connection_, "the restoration of record " + id);
        const auto entry = store::write_restore(*this, id, user, reason);
        transaction.commit();
        return entry;
    }
    std::optional<Withdrawal> withdrawal(const std::string& id) override {
        const auto entries = read_entries(" FROM audit WHERE sequence = (SELECT withdrawn FROM records WHERE id = $1 "
                                          "AND withdrawn <> 0)",
                                          id);
        if (entries.empty()) return std::nullopt;
        return store::withdrawal_from(entries.front());
    }

    EraseReport erase(const std::string& id, const std::string& user, const std::string& reason) override {
        const std::string doing = "the erasure of record " + id;
        // Named before anything is written: an officer is told which role erasing needs.
        const auto may = connection_.exec("SELECT has_table_privilege('audit', 'UPDATE') AND "
                                          "has_table_privilege('records', 'DELETE'), current_user",
                                          {}, doing);
        if (may.view(0, 0) != "t")
            throw StoreError("user " + may.text(0, 1) + " may not erase records in " + connection_.where() +
                             ": erasing needs the records managers' role, " + postgres_records_managers_role +
                             ", or the owner of the tables (docs/store.md, \"Roles\"). Nothing was erased");
        EraseReport report;
        std::string erased_by;
        {
            Transaction transaction(connection_, doing);
            report = store::write_erase(*this, id, user, reason);
            erased_by = pg::current_transaction_id(connection_, doing);
            transaction.commit();
        }
        try {
            const auto vacuum = vacuum_full(erase_vacuum_wait, doing, erased_by);
            if (!vacuum.owner)
                report.notes.push_back("the erased values stay in the server's free space (and in its write-ahead log, "
                                       "archives and backups) until the owner of the tables runs formwork-cli vacuum-db "
                                       "(VACUUM FULL of the records and the audit log; docs/store.md, \"Erasure\")");
            else if (!vacuum.held_back_by.empty())
                report.notes.push_back(pg::held_back_note(vacuum.held_back_by));
        } catch (const StoreError& e) {
            // The erasure is committed whatever happens here: say what is left, not that it failed.
            report.notes.push_back(std::string("the record is erased, but VACUUM FULL failed (") + e.what() +
                                   "); the owner of the tables runs formwork-cli vacuum-db");
        }
        return report;
    }

    // VACUUM FULL of the tables an erasure rewrote: the dead rows that held the values are
    // dropped and the tables, their TOAST tables and their indexes written afresh, once the
    // sessions that could still see rows deleted by transaction `erased_by` have finished
    // (pg/vacuum.hpp); without one, rows deleted by any transaction so far. Only the owner may.
    pg::VacuumOutcome vacuum_full(std::chrono::milliseconds wait, const std::string& doing, std::string erased_by = {}) {
        if (erased_by.empty()) erased_by = pg::current_transaction_id(connection_, doing);
        return pg::vacuum_erased_rows(connection_, erased_by, wait, doing);
    }

    // How long an erasure waits for older snapshots before it leaves the rewrite to vacuum-db
    // and says so; the owner's vacuum-db, run on purpose, waits longer.
    static constexpr std::chrono::milliseconds erase_vacuum_wait{5000};
    static constexpr std::chrono::milliseconds vacuum_db_wait{60000};

private:

    PostgresUpgrade migrate(bool owner_step);
    // The entries `from_where` selects (" FROM audit WHERE ..."), with `id` as $1 when given.
    std::vector<AuditEntry> read_entries(const std::string& from_where, const std::optional<std::string>& id) {
        Params params;
        if (id) params.add(*id);
        const auto result = connection_.exec(std::string(audit_columns) + from_where, params);
        std::vector<AuditEntry> entries;
        for (int i = 0; i < result.rows(); ++i) {
            auto entry = audit_entry(result, i);
            entry.changes = decode_changes(result.text(i, 6));
            entries.push_back(std::move(entry));
        }
        return entries;
    }
    std::size_t fold_search_text(const std::string& doing);
    void rechain_audit(const std::string& doing);

    // After a write of many rows (a large import, a copy): the planner's statistics and the
    // visibility map brought up to date at once, instead of when autovacuum comes by, so
    // that counts and deep pages read the indexes alone. Only an optimisation: where this
    // user may not vacuum (not the tables' owner), it is left to autovacuum.
    static constexpr std::size_t tidy_after_rows = 5000;
    void tidy_after_bulk_write() {
        try {
            connection_.exec("VACUUM (ANALYZE) records", {}, "tidying the records table after a large write");
        } catch (const StoreError&) {
            // autovacuum will
        }
    }

    Connection connection_;
    PostgresRecordQuery query_;
    store::ChangeWatch watch_;

    // The last list's count, for the next page of the same list while nobody has saved:
    // the audit log's last sequence says.
    store::KeptCount<std::int64_t> counted_;
    PostgresUpgrade upgrade_;
};

// Which of the two roles the server has, then each table of `grants` granted to them.
void grant_tables(Connection& connection, const TableGrant* begin, const TableGrant* end, const std::string& doing,
                  PostgresUpgrade* report = nullptr) {
    for (const char* role : {postgres_officers_role, postgres_records_managers_role}) {
        const bool exists = connection.exec("SELECT to_regrole($1) IS NOT NULL", Params().add(role), doing).view(0, 0) == "t";
        if (report != nullptr) (exists ? report->roles_granted : report->roles_missing).emplace_back(role);
        if (!exists) continue;
        for (auto grant = begin; grant != end; ++grant) {
            const char* privileges =
                std::string_view(role) == postgres_officers_role ? grant->officers : grant->records_managers;
            if (privileges == nullptr) continue;
            connection.exec(std::string("GRANT ") + privileges + " ON " + grant->table + " TO " + role, {}, doing);
        }
    }
}

// Who may create and upgrade the tables, said to a user who may not (an officer), with
// nothing changed: the owner, by name, and how.
[[noreturn]] void owner_must(const std::string& where, const std::string& what, const std::string& user,
                             const std::string& may_not, const std::string& owner) {
    throw StoreError("the database " + where + " " + what + ", and user " + user + " may not " + may_not +
                     ": the owner must, with formwork-cli upgrade-db logging in as role " + owner +
                     " (docs/store.md, \"Roles\"). Nothing was changed");
}

PostgresUpgrade PostgresRecordStore::migrate(bool owner_step) {
    const std::string doing = "preparing the database's tables";
    const auto& where = connection_.where();
    PostgresUpgrade report;
    // Under the schema lock: two first connections must not both create the tables.
    Transaction transaction(connection_, doing, Transaction::Kind::schema);
    const auto user = connection_.exec("SELECT current_user", {}, doing).text(0, 0);
    int version = 0;
    bool owner = false;
    if (connection_.exec("SELECT to_regclass('formwork_schema') IS NOT NULL").view(0, 0) == "t") {
        // The tables' owner is formwork_schema's; a user who has its rights (a member) is it.
        const auto who = connection_.exec("SELECT pg_get_userbyid(relowner), pg_has_role(relowner, 'USAGE'), "
                                          "has_table_privilege(oid, 'SELECT') FROM pg_class "
                                          "WHERE oid = 'formwork_schema'::regclass",
                                          {}, doing);
        const auto owner_role = who.text(0, 0);
        owner = who.view(0, 1) == "t";
        if (who.view(0, 2) != "t")
            owner_must(where, "has Formwork's tables, not granted to user " + user + " nor to a role of theirs", user,
                       "grant them", owner_role);
        const auto row = connection_.exec("SELECT version FROM formwork_schema", {}, doing);
        if (row.rows() != 1)
            throw StoreError("the database " + where + " has a formwork_schema table without its one row; it is not a "
                             "Formwork database Formwork can open. Nothing was changed");
        version = static_cast<int>(row.integer(0, 0));
        if (version < postgres_schema_version && !owner)
            owner_must(where,
                       "has Formwork's tables at schema version " + std::to_string(version) +
                           " and this program needs version " + std::to_string(postgres_schema_version),
                       user, "upgrade them", owner_role);
        if (owner_step && !owner)
            owner_must(where, "has Formwork's tables, owned by role " + owner_role, user, "upgrade or grant them",
                       owner_role);
        if (!owner && version == postgres_schema_version) {
            // An officer: every right a save needs, or the owner must grant what is missing.
            const auto lacks = connection_.exec(officer_lacks, {}, doing);
            if (!lacks.is_null(0, 0))
                owner_must(where,
                           "has Formwork's tables, but user " + user + " lacks " + lacks.text(0, 0) + " (is " + user +
                               " a member of " + postgres_officers_role + "?)",
                           user, "grant them", owner_role);
        }
    } else {
        const auto tables = connection_.exec("SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                                             "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                                             "AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
                                             {}, doing);
        if (tables.integer(0, 0) != 0)
            throw StoreError("the database " + where + " holds another program's tables, not Formwork's; create an empty "
                             "database for Formwork and give that one. Nothing was changed");
        const auto may = connection_.exec("SELECT COALESCE(has_schema_privilege(current_schema(), 'CREATE'), false), "
                                          "(SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database())",
                                          {}, doing);
        if (may.view(0, 0) != "t") owner_must(where, "has no Formwork tables yet", user, "create them", may.text(0, 1));
        owner = true;
    }
    report.version_before = version;
    report.version_after = postgres_schema_version;
    if (version > postgres_schema_version)
        throw StoreError("the database " + where + " was written by a newer Formwork (schema version " +
                         std::to_string(version) + "; this program reads up to " +
                         std::to_string(postgres_schema_version) + "). Install the newer Formwork to open it; nothing "
                         "was changed");
    if (version == postgres_schema_version && !owner_step) return report;  // rolled back: nothing was written
    if (version < 1) {
        connection_.exec_script(schema_v1, doing);
        // Trigram search when the server has pg_trgm (postgresql-contrib) and lets us add it;
        // else LIKE reads every record's text. A savepoint keeps a refusal from ending the
        // transaction.
        connection_.exec("SAVEPOINT trigrams", {}, doing);
        try {
            connection_.exec("CREATE EXTENSION IF NOT EXISTS pg_trgm", {}, doing);
            connection_.exec(trigram_index, {}, doing);
            connection_.exec("RELEASE SAVEPOINT trigrams", {}, doing);
        } catch (const StoreError&) {
            if (!connection_.in_transaction()) throw;  // the connection itself was lost
            connection_.exec("ROLLBACK TO SAVEPOINT trigrams", {}, doing);
        }
        connection_.exec("CREATE TABLE formwork_schema (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), "
                         "version integer NOT NULL)",
                         {}, doing);
        connection_.exec("INSERT INTO formwork_schema (version) VALUES ($1::integer)",
                         Params().add(std::int64_t{postgres_schema_version}), doing);
        grant_tables(connection_, std::begin(version1_grants), std::end(version1_grants), doing);
    }
    std::size_t refolded = 0;
    if (version < 2) {
        connection_.exec(schema_v2, {}, doing);
        refolded = fold_search_text(doing);
        connection_.exec(grams_index, {}, doing);
    }
    // Version 3: the tables granted to the roles, for databases made before Formwork granted
    // them (a new database had them granted as they were made, above). The owner's explicit
    // step grants them again whatever the version, for roles made since.
    if ((version >= 1 && version < 3) || owner_step)
        grant_tables(connection_, std::begin(version1_grants), std::end(version1_grants), doing,
                     owner_step ? &report : nullptr);
    // Version 4: audit chain version 2, and the records managers' right to remove an erased
    // record, granted in the same step (and again by the owner's explicit step, for roles made since).
    if (version < 4) {
        connection_.exec_script(schema_v4, doing);
        rechain_audit(doing);
    }
    if (version < 4 || owner_step) grant_tables(connection_, std::begin(version4_grants), std::end(version4_grants), doing);
    if (version < 5) connection_.exec_script(schema_v5, doing);
    if (version < 5 || owner_step) grant_tables(connection_, std::begin(version5_grants), std::end(version5_grants), doing);
    if (version < 6) connection_.exec_script(schema_v6, doing);
    connection_.exec("UPDATE formwork_schema SET version = $1::integer", Params().add(std::int64_t{postgres_schema_version}),
                     doing);
    transaction.commit();
    if (refolded >= tidy_after_rows) tidy_after_bulk_write();
    return report;
}

// Migrating to version 4: the chain version 1 log hashed again as chain version 2, each entry
// keeping its old digest, inside the migration's transaction.
void PostgresRecordStore::rechain_audit(const std::string& doing) {
    std::string previous = genesis_digest();
    visit_through_cursor(std::string(audit_columns) + " FROM audit ORDER BY sequence", {}, doing,
                         [&](const Result& batch, int i) {
                             auto entry = audit_entry(batch, i);
                             if (!entry.values_digest.empty()) {  // chain version 2 already
                                 previous = entry.digest;
                                 return true;
                             }
                             migrate_v1_entry(entry, batch.view(i, 6), previous);
                             connection_.exec("UPDATE audit SET values_digest = $2, v1_digest = $3, previous_digest = $4, "
                                              "digest = $5 WHERE sequence = $1",
                                              Params()
                                                  .add(std::int64_t{entry.sequence})
                                                  .add(entry.values_digest)
                                                  .add(entry.v1_digest)
                                                  .add(entry.previous_digest)
                                                  .add(entry.digest),
                                              doing);
                             previous = entry.digest;
                             return true;
                         });
}

// Migrating to version 2: every stored record's search text made again from its document,
// folded, with its grams, inside the migration's transaction.
std::size_t PostgresRecordStore::fold_search_text(const std::string& doing) {
    std::size_t done = 0;
    visit_through_cursor("SELECT id, title, document FROM records", {}, doing, [&](const Result& batch, int i) {
        const auto id = batch.text(i, 0);
        Record record;
        try {
            record = parse_stored_record(batch.text(i, 2));
        } catch (const std::exception& e) {
            throw StoreError("record " + id + " in " + connection_.where() + " could not be read while its search "
                             "text was brought to schema version 2 (" + e.what() + "); nothing was changed");
        }
        const auto search = search_text(batch.text(i, 1), record);
        connection_.exec("UPDATE records SET search = $2, grams = $3::text[] WHERE id = $1",
                         Params().add(id).add(search.folded).add(search.grams), doing);
        ++done;
        return true;
    });
    return done;
}

}  // namespace

std::unique_ptr<RecordStore> open_postgres_store(const std::string& connection) {
    return std::make_unique<PostgresRecordStore>(connection);
}

PostgresUpgrade upgrade_postgres_database(const std::string& connection) {
    return PostgresRecordStore(connection, true).upgrade();
}

std::vector<std::string> vacuum_postgres_database(const std::string& connection) {
    PostgresRecordStore store(connection);
    const auto vacuum = store.vacuum_full(PostgresRecordStore::vacuum_db_wait, "the VACUUM FULL of the records and the audit log");
    if (!vacuum.owner)
        throw StoreError("only the owner of the tables in " + redact_connection_string(connection) +
                         " may VACUUM FULL them: log in as the owner's role (docs/store.md, \"Roles\"). Nothing was done");
    if (vacuum.held_back_by.empty()) return {};
    return {pg::held_back_note(vacuum.held_back_by)};
}

}  // namespace formwork::forms
