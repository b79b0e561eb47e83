// Erasure on the server, as a council's roles have it (docs/store.md, "Roles" and "Erasure"):
// an officer is refused, naming the role erasing needs; the records manager erases; after the
// owner's VACUUM FULL the erased values are in neither a pg_dump nor the relation files (heap,
// TOAST and indexes) of the records and the audit log. A schema version 3 database (audit chain
// version 1) migrates under its owner, verifies, and keeps its old head checkable after an entry
// from before the migration is erased; tampering is found; copy-db carries the erasures.
// Run under the cluster fixture, whose files the tests may read (it runs here).
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/values.hpp>
#include <formwork/store/copy_store.hpp>
#include <formwork/store/export_entry.hpp>
#include <formwork/store/postgres_store.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

std::string server() {
    const auto found = test::test_postgres_server();
    if (!found) FAIL("FORMWORK_TEST_STORE names no PostgreSQL server: run these tests through CTest's postgres/ entries");
    return *found;
}
std::string as_owner(const std::string& conninfo) {
    return test::test_postgres_as(test::test_postgres_owner_server(server()), conninfo);
}
std::string as_admin(const std::string& conninfo) {
    return test::test_postgres_as(test::test_postgres_admin_server(server()), conninfo);
}
std::string as_records_manager(const std::string& conninfo) {
    return test::test_postgres_as(*test::test_postgres_role_server("records_manager_connection"), conninfo);
}

// The rows a query gives, each a vector of its columns' texts.
std::vector<std::vector<std::string>> rows(const std::string& conninfo, const std::string& sql) {
    PGconn* connection = PQconnectdb(conninfo.c_str());
    REQUIRE(PQstatus(connection) == CONNECTION_OK);
    PGresult* result = PQexec(connection, sql.c_str());
    const auto status = PQresultStatus(result);
    const std::string error = PQerrorMessage(connection);
    std::vector<std::vector<std::string>> out;
    for (int r = 0; status == PGRES_TUPLES_OK && r < PQntuples(result); ++r) {
        out.emplace_back();
        for (int c = 0; c < PQnfields(result); ++c) out.back().emplace_back(PQgetvalue(result, r, c));
    }
    PQclear(result);
    PQfinish(connection);
    INFO(sql + ": " + error);
    REQUIRE((status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK));
    return out;
}
std::string sql_literal(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// What a command prints on its standard output.
std::string output_of(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string text;
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
    REQUIRE(::pclose(pipe) == 0);
    return text;
}

// The bytes of every file of the records' and the audit log's relations (their heaps, TOAST
// tables and every index of either), read from the cluster's data folder after a checkpoint,
// so that what the server holds in its buffers is on disk.
std::string relation_files(const std::string& conninfo) {
    const auto admin = as_admin(conninfo);
    rows(admin, "CHECKPOINT");
    const auto data = rows(admin, "SELECT current_setting('data_directory')").at(0).at(0);
    const auto files = rows(admin, R"sql(
        WITH tables AS (SELECT oid, reltoastrelid FROM pg_class WHERE oid IN ('records'::regclass, 'audit'::regclass)),
             relations AS (SELECT oid FROM tables UNION SELECT reltoastrelid FROM tables WHERE reltoastrelid <> 0)
        SELECT pg_relation_filepath(oid) FROM relations
        UNION SELECT pg_relation_filepath(indexrelid) FROM pg_index WHERE indrelid IN (SELECT oid FROM relations))sql");
    REQUIRE(files.size() >= 6);
    std::string bytes;
    for (const auto& file : files) {
        const auto base = std::filesystem::path(data) / file.at(0);
        for (int segment = 0;; ++segment) {
            const auto path = segment == 0 ? base : std::filesystem::path(base.string() + "." + std::to_string(segment));
            std::ifstream in(path, std::ios::binary);
            if (!in) break;
            bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
    }
    REQUIRE_FALSE(bytes.empty());
    return bytes;
}

std::string pg_dump(const std::string& conninfo) {
    return output_of("pg_dump --no-password -d " + sql_literal(as_owner(conninfo)));
}

// Another session with a transaction begun now, as a long report or a client left idle in a
// transaction has: in `conninfo`'s database, with a snapshot (of the catalogue, so that it locks
// no table of ours); in another database, with a transaction id. Until it ends, VACUUM may not
// remove a row that either could still see.
class OpenTransaction {
public:
    enum class Holds { snapshot, transaction_id };
    OpenTransaction(const std::string& conninfo, Holds holds) : connection_(PQconnectdb(conninfo.c_str())) {
        REQUIRE(PQstatus(connection_) == CONNECTION_OK);
        run("BEGIN ISOLATION LEVEL REPEATABLE READ");
        run(holds == Holds::snapshot ? "SELECT count(*) FROM pg_class" : "SELECT pg_current_xact_id()");
    }
    OpenTransaction(const OpenTransaction&) = delete;
    OpenTransaction& operator=(const OpenTransaction&) = delete;
    ~OpenTransaction() { PQfinish(connection_); }
    void end() { run("COMMIT"); }

private:
    void run(const char* sql) {
        PGresult* result = PQexec(connection_, sql);
        const auto status = PQresultStatus(result);
        PQclear(result);
        REQUIRE((status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK));
    }
    PGconn* connection_;
};

// Another session in the database in a transaction that holds a lock on the records and no
// snapshot: a client left idle in a transaction after a LOCK, or after reading in READ COMMITTED.
class HeldLock {
public:
    explicit HeldLock(const std::string& conninfo) : connection_(PQconnectdb(conninfo.c_str())) {
        REQUIRE(PQstatus(connection_) == CONNECTION_OK);
        PGresult* result = PQexec(connection_, "BEGIN; LOCK TABLE records IN ACCESS SHARE MODE");
        const auto status = PQresultStatus(result);
        PQclear(result);
        REQUIRE(status == PGRES_COMMAND_OK);
    }
    HeldLock(const HeldLock&) = delete;
    HeldLock& operator=(const HeldLock&) = delete;
    ~HeldLock() { PQfinish(connection_); }

private:
    PGconn* connection_;
};

// Lower-case: the server keeps the search text case-folded too, and it must be found there as well.
constexpr const char* marker = "fwkmarker-pg-5b8d20e7";

std::string marked_record(forms::RecordStore& store, const forms::FormDefinition& form) {
    auto record = test::complete_everything_record(form, std::string("Case of ") + marker);
    REQUIRE_FALSE(forms::set_value(form, record, "email", "clerk@example.org"));  // complete needs it
    store.create(form, record, "author");
    REQUIRE_FALSE(forms::set_value(form, record, "author/role", std::string("Visited ") + marker + " at home"));
    store.update(form, record, 1, "author");
    REQUIRE(store.set_status(form, record.meta.id, "complete", 2, "manager").changed);
    return record.meta.id;
}

}  // namespace

TEST_CASE("on the server an officer may not erase and the records manager may: after the owner's VACUUM FULL the values "
          "are in neither pg_dump nor the records' and the audit log's relation files") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "erase");
    auto officer = forms::open_postgres_store(conninfo);
    auto other = test::complete_everything_record(*form, "Someone else");
    officer->create(*form, other, "author");
    const auto id = marked_record(*officer, *form);
    const auto head = officer->verify_trail().head_digest;
    // The test can fail: the marker is in both before the erasure.
    REQUIRE_THAT(pg_dump(conninfo), Contains(marker));
    REQUIRE(relation_files(conninfo).find(marker) != std::string::npos);

    CHECK_THROWS_WITH(officer->erase(id, "officer", "Subject access request"),
                      Contains("user officer may not erase records") && Contains("formwork_records_managers") &&
                          Contains("Nothing was erased"));
    CHECK(officer->load(id));
    CHECK(officer->verify_trail().head_digest == head);

    auto manager = forms::open_postgres_store(as_records_manager(conninfo));
    const auto report = manager->erase(id, "records manager", "Subject access request");
    CHECK(report.entries_erased == 3);
    REQUIRE(report.notes.size() == 1);
    CHECK_THAT(report.notes[0], Contains("formwork-cli vacuum-db"));
    CHECK_FALSE(officer->load(id));
    CHECK(officer->list({"", "", marker, {}, true, 0, 10}).total == 0);
    CHECK_THAT(pg_dump(conninfo), !Contains(marker));

    CHECK_THROWS_WITH(forms::vacuum_postgres_database(as_records_manager(conninfo)), Contains("only the owner"));
    CHECK(forms::vacuum_postgres_database(as_owner(conninfo)).empty());
    CHECK(relation_files(conninfo).find(marker) == std::string::npos);
    CHECK_THAT(pg_dump(conninfo), !Contains(marker));

    const auto check = officer->verify_trail(head);
    CHECK(check.intact);
    CHECK(check.erased.size() == 3);
    REQUIRE(check.head_found);
    CHECK(check.head_found->entry == 4);
    CHECK(officer->load(other.meta.id));
}

TEST_CASE("the owner's erasure runs VACUUM FULL itself, once a session that could still see the record has ended") {
    const auto [where, holds] = GENERATE(table<const char*, OpenTransaction::Holds>(
        {{"this database", OpenTransaction::Holds::snapshot}, {"another database", OpenTransaction::Holds::transaction_id}}));
    INFO("a transaction in " << where);
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto conninfo = test::test_postgres_database(server(), folder.path(),
                                                       holds == OpenTransaction::Holds::snapshot ? "owner-erase" : "owner-erase-2");
    auto officer = forms::open_postgres_store(conninfo);
    const auto id = marked_record(*officer, *form);
    OpenTransaction report_running(std::string(where) == "this database" ? conninfo : server(), holds);
    std::thread report_ends([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        report_running.end();
    });
    const auto report = forms::open_postgres_store(as_owner(conninfo))->erase(id, "owner", "Duplicate of another case");
    report_ends.join();
    CHECK(report.notes.empty());
    CHECK(relation_files(conninfo).find(marker) == std::string::npos);
    CHECK(officer->verify_trail().intact);
}

TEST_CASE("a session holding a snapshot from before the erasure past the wait is named, and vacuum-db finishes the "
          "erasure after it ends") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "held-erase");
    auto officer = forms::open_postgres_store(conninfo);
    const auto id = marked_record(*officer, *form);
    OpenTransaction report_running(conninfo, OpenTransaction::Holds::snapshot);
    const auto report = forms::open_postgres_store(as_owner(conninfo))->erase(id, "owner", "Duplicate of another case");
    REQUIRE(report.notes.size() == 1);
    CHECK_THAT(report.notes[0], Contains("VACUUM FULL did not run, since the rewrite would have kept the erased values") && Contains("(user officer") &&
                                    Contains("held a snapshot from before the erasure") &&
                                    Contains("formwork-cli vacuum-db"));
    // What the wait is for: the rows that session can see are still on disk.
    CHECK(relation_files(conninfo).find(marker) != std::string::npos);
    CHECK_FALSE(officer->load(id));

    report_running.end();
    CHECK(forms::vacuum_postgres_database(as_owner(conninfo)).empty());
    CHECK(relation_files(conninfo).find(marker) == std::string::npos);
    CHECK(officer->verify_trail().intact);
}

TEST_CASE("vacuum-db gives up, saying why, when another transaction holds a lock on the records, instead of "
          "queueing every reader and writer behind it") {
    test::TempFolder folder;
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "locked-vacuum");
    forms::open_postgres_store(conninfo);
    HeldLock idle_in_transaction(conninfo);
    CHECK_THROWS_WITH(forms::vacuum_postgres_database(as_owner(conninfo)), Contains("lock timeout"));
}

TEST_CASE("a server database of schema version 3 (audit chain version 1) migrates under its owner, verifies, and its "
          "old head is confirmed after an entry from before the migration is erased") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "v3");
    std::string id;
    {
        auto officer = forms::open_postgres_store(conninfo);
        id = marked_record(*officer, *form);
        auto other = test::complete_everything_record(*form, "Kept");
        officer->create(*form, other, "author");
    }
    // Made what schema version 3 wrote, by the chain version 1 code path (audit_digest_v1):
    // each entry hashed over its values, chained by its version 1 digests; no chain version 2
    // columns; records managers without the right to remove a record.
    const auto owner = as_owner(conninfo);
    std::string previous = forms::genesis_digest();
    for (const auto& row : rows(owner, "SELECT sequence, at, \"by\", record_id, revision, action, changes FROM audit "
                                       "ORDER BY sequence")) {
        forms::AuditEntry entry;
        entry.sequence = std::stol(row[0]);
        entry.at = row[1];
        entry.by = row[2];
        entry.record_id = row[3];
        entry.revision = std::stol(row[4]);
        entry.action = row[5];
        entry.previous_digest = previous;
        entry.digest = forms::audit_digest_v1(entry, row[6]);
        rows(owner, "UPDATE audit SET previous_digest = " + sql_literal(previous) + ", digest = " + sql_literal(entry.digest) +
                        " WHERE sequence = " + row[0]);
        previous = entry.digest;
    }
    const auto v1_head = previous;
    rows(owner, "DROP TABLE exported_records; DROP INDEX audit_exports; "
                "ALTER TABLE audit DROP COLUMN values_digest, DROP COLUMN v1_digest, DROP COLUMN tombstone; "
                "UPDATE formwork_schema SET version = 3; REVOKE DELETE ON records FROM formwork_records_managers");
    CHECK_THROWS_WITH(forms::open_postgres_store(conninfo), Contains("at schema version 3"));

    const auto upgrade = forms::upgrade_postgres_database(owner);
    CHECK(upgrade.version_before == 3);
    CHECK(upgrade.version_after == forms::postgres_schema_version);
    CHECK(rows(owner, "SELECT has_table_privilege('formwork_records_managers', 'records', 'DELETE')")[0][0] == "t");
    CHECK(rows(owner, "SELECT has_table_privilege('formwork_officers', 'records', 'DELETE')")[0][0] == "f");
    auto officer = forms::open_postgres_store(conninfo);
    auto check = officer->verify_trail(v1_head);
    REQUIRE(check.intact);
    CHECK(check.entries == 4);
    REQUIRE(check.head_found);
    CHECK(check.head_found->entry == 4);
    CHECK(check.head_found->chain_v1);

    forms::open_postgres_store(as_records_manager(conninfo))->erase(id, "records manager", "Retention period ended");
    check = officer->verify_trail(v1_head);
    CHECK(check.intact);
    CHECK(check.erased.size() == 3);
    REQUIRE(check.head_found);
    CHECK(check.head_found->entry == 4);
    CHECK(check.head_found->chain_v1);
    CHECK_THAT(pg_dump(conninfo), !Contains(marker));
}

TEST_CASE("on the server too, a byte changed in an erased entry's tombstone or in a kept entry is found") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "tamper");
    auto officer = forms::open_postgres_store(conninfo);
    const auto id = marked_record(*officer, *form);
    auto other = test::complete_everything_record(*form, "Kept after it");
    officer->create(*form, other, "author");  // entry 4
    forms::open_postgres_store(as_records_manager(conninfo))->erase(id, "records manager", "Retention period ended");
    REQUIRE(officer->verify_trail().intact);
    const auto owner = as_owner(conninfo);
    const auto broken_at = [&](const std::string& tamper, const std::string& repair) {
        rows(owner, tamper);
        const auto check = officer->verify_trail();
        rows(owner, repair);
        REQUIRE(officer->verify_trail().intact);
        INFO(check.problem);
        CHECK_FALSE(check.intact);
        return check.first_broken.value_or(0);
    };
    CHECK(broken_at("UPDATE audit SET tombstone = replace(tombstone, 'Retention', 'Rftention') WHERE sequence = 2",
                    "UPDATE audit SET tombstone = replace(tombstone, 'Rftention', 'Retention') WHERE sequence = 2") == 2);
    CHECK(broken_at("UPDATE audit SET changes = replace(changes, 'Kept after', 'Kept aftex') WHERE sequence = 4",
                    "UPDATE audit SET changes = replace(changes, 'Kept aftex', 'Kept after') WHERE sequence = 4") == 4);
}

TEST_CASE("copy-db carries the chain version 2 log with its erasures and its exports: the copy verifies with the same "
          "head, and the exported record's history lists its export") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto file = folder.path() / "local.db";
    std::string head, kept;
    {
        auto local = forms::open_sqlite_store({file});
        const auto id = marked_record(*local, *form);
        auto other = test::complete_everything_record(*form, "Kept");
        local->create(*form, other, "author");
        kept = other.meta.id;
        forms::ExportFacts facts;
        facts.format = "xlsx";
        facts.scope = "every form; every status";
        facts.file = "/home/clerk/returns.xlsx";
        facts.sha256 = forms::sha256_hex("returns");
        facts.record_ids = {id, kept};
        local->record_export(facts, "clerk");
        local->erase(id, "records manager", "Retention period ended");
        head = local->verify_trail().head_digest;
    }
    auto from = forms::open_sqlite_store({file});
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "copy");
    auto to = forms::open_postgres_store(conninfo);
    const auto report = forms::copy_store(*from, *to);
    CHECK(report.head_digest == head);
    const auto check = to->verify_trail();
    CHECK(check.intact);
    CHECK(check.head_digest == head);
    CHECK(check.erased.size() == 3);
    CHECK_THAT(pg_dump(conninfo), !Contains(marker));
    const auto exports = to->exports();
    REQUIRE(exports.size() == 1);
    CHECK(exports[0].facts.sha256 == forms::sha256_hex("returns"));
    const auto history = to->history(kept);
    REQUIRE(history.size() == 2);
    CHECK(history.back().action == forms::export_action);
}

TEST_CASE("copy-db carries withdrawals: the withdrawn record stays out of the copy's list and exports, with the same "
          "head, and is restored there") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto file = folder.path() / "local.db";
    std::string head, withdrawn, kept, restored;
    {
        auto local = forms::open_sqlite_store({file});
        for (auto* id : {&withdrawn, &kept, &restored}) {
            auto record = test::complete_everything_record(*form, "Copied");
            local->create(*form, record, "author");
            *id = record.meta.id;
        }
        local->withdraw(withdrawn, "jokafor", "Entered twice");
        local->withdraw(restored, "jokafor", "Thought to be a duplicate");
        local->restore(restored, "asmith", "It was not");
        head = local->verify_trail().head_digest;
    }
    auto from = forms::open_sqlite_store({file});
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "copy");
    auto to = forms::open_postgres_store(conninfo);
    const auto report = forms::copy_store(*from, *to);
    CHECK(report.records == 3);
    CHECK(report.head_digest == head);
    CHECK(to->verify_trail().head_digest == head);
    CHECK(to->list({}).total == 2);
    CHECK(to->count({}) == 2);
    forms::ListQuery only;
    only.withdrawn = forms::ListWithdrawn::only;
    const auto listed = to->list(only);
    REQUIRE(listed.rows.size() == 1);
    CHECK(listed.rows[0].id == withdrawn);
    const auto withdrawal = to->withdrawal(withdrawn);
    REQUIRE(withdrawal);
    CHECK(withdrawal->by == "jokafor");
    CHECK(withdrawal->reason == "Entered twice");
    CHECK_FALSE(to->withdrawal(restored));
    to->restore(withdrawn, "asmith", "Needed after all");
    CHECK(to->list({}).total == 3);
    CHECK(to->verify_trail().intact);
}

TEST_CASE("a server database of schema version 5 gets the withdrawal marker under its owner, keeps its records, and "
          "an officer withdraws") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "v5");
    std::vector<std::string> ids;
    {
        auto officer = forms::open_postgres_store(conninfo);
        for (const auto* title : {"First", "Second"}) {
            auto record = test::complete_everything_record(*form, title);
            officer->create(*form, record, "author");
            ids.push_back(record.meta.id);
        }
    }
    // Made what schema version 5 wrote: no `withdrawn` (its indexes go with it), the list's
    // indexes without it.
    const auto owner = as_owner(conninfo);
    const auto head = rows(owner, "SELECT digest FROM audit ORDER BY sequence DESC LIMIT 1")[0][0];
    rows(owner, "ALTER TABLE records DROP COLUMN withdrawn; "
                "CREATE INDEX records_by_modified ON records (modified_at, id); "
                "CREATE INDEX records_by_form_status_title ON records (form_id, status, title, id); "
                "UPDATE formwork_schema SET version = 5");
    CHECK_THROWS_WITH(forms::open_postgres_store(conninfo), Contains("at schema version 5"));

    const auto upgrade = forms::upgrade_postgres_database(owner);
    CHECK(upgrade.version_before == 5);
    CHECK(upgrade.version_after == 6);
    CHECK(rows(owner, "SELECT count(*) FROM records WHERE withdrawn = 0")[0][0] == "2");
    CHECK_THAT(rows(owner, "SELECT pg_get_indexdef('records_by_form_status_title'::regclass)")[0][0],
               Contains("(withdrawn, form_id, status, title, id)"));
    auto officer = forms::open_postgres_store(conninfo);
    CHECK(officer->list({}).total == 2);
    auto check = officer->verify_trail();
    CHECK(check.intact);
    CHECK(check.head_digest == head);
    officer->withdraw(ids[0], "officer", "Entered twice");
    CHECK(officer->list({}).total == 1);
    CHECK(officer->count({}) == 1);
    CHECK(officer->verify_trail().intact);
}
