// What only the PostgreSQL backend has: connection strings shown without their password,
// the schema's version and ownership checks, writers in several processes at once, a
// connection lost in the middle of a save, TLS, and the roles (the tests are an officer;
// the owner makes and upgrades the tables). Run under the cluster fixture
// (FORMWORK_TEST_STORE names it); without one these tests fail, saying so.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/store/open_store.hpp>
#include <formwork/store/postgres_store.hpp>
#include <formwork/model/values.hpp>

#include <catch2/catch.hpp>

#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <vector>
#include <cstdlib>
#include <thread>

using namespace formwork;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::string server() {
    const auto found = test::test_postgres_server();
    if (!found) FAIL("FORMWORK_TEST_STORE names no PostgreSQL server: run these tests through CTest's postgres/ entries, "
                     "which start the cluster (scripts/pg_test_cluster.sh)");
    return *found;
}

// `conninfo`'s database as its owner, and as the superuser: for the tests' own set-up and sabotage.
std::string as_owner(const std::string& conninfo) {
    return test::test_postgres_as(test::test_postgres_owner_server(server()), conninfo);
}
std::string as_admin(const std::string& conninfo) {
    return test::test_postgres_as(test::test_postgres_admin_server(server()), conninfo);
}

// One setting of a connection string, as libpq reads it.
std::string setting(const std::string& conninfo, const std::string& keyword) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (error != nullptr) PQfreemem(error);
    REQUIRE(options != nullptr);
    std::string value;
    for (auto* option = options; option->keyword != nullptr; ++option)
        if (keyword == option->keyword && option->val != nullptr) value = option->val;
    PQconninfoFree(options);
    return value;
}

// What opening `conninfo` throws ("" if it opens).
std::string open_error(const std::string& conninfo) {
    try {
        forms::open_postgres_store(conninfo);
    } catch (const forms::StoreError& e) {
        return e.what();
    }
    return "";
}

// A raw libpq connection for the test's own moves, outside the store.
class RawConnection {
public:
    explicit RawConnection(const std::string& conninfo) : connection_(PQconnectdb(conninfo.c_str())) {
        REQUIRE(PQstatus(connection_) == CONNECTION_OK);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    ~RawConnection() { PQfinish(connection_); }
    std::string value(const std::string& sql) {
        PGresult* result = PQexec(connection_, sql.c_str());
        const auto status = PQresultStatus(result);
        std::string text = status == PGRES_TUPLES_OK && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
        const std::string error = PQerrorMessage(connection_);
        PQclear(result);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) FAIL(sql + ": " + error);
        return text;
    }
    // The SQLSTATE of a statement expected to fail ("" if it succeeded).
    std::string refusal(const std::string& sql) {
        PGresult* result = PQexec(connection_, sql.c_str());
        const auto status = PQresultStatus(result);
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        std::string code = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK ? "" : state == nullptr ? "?" : state;
        PQclear(result);
        return code;
    }

private:
    PGconn* connection_;
};

forms::Record filled(const forms::FormDefinition& form, const std::string& title) {
    auto record = forms::new_record(form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE_FALSE(forms::set_value(form, record, "title", title));
    return record;
}

// A save of `changed` (from revision 1) in a thread of its own, stopped after writing its
// record's row by another session's lock on the audit table (the superuser's: an officer may
// neither lock the table nor end another role's backend): `waiting` is the server process
// it waits in, and `error` what the save said once it ends.
class StuckSave {
public:
    StuckSave(forms::RecordStore& store, const forms::FormDefinition& form, const forms::Record& changed,
              const std::string& conninfo)
        : other_(as_admin(conninfo)) {
        other_.value("BEGIN");
        other_.value("LOCK TABLE audit IN EXCLUSIVE MODE");
        saver_ = std::thread([&store, &form, record = changed, this]() mutable {
            try {
                store.update(form, record, 1, "clerk");
            } catch (const forms::StoreError& e) {
                error = e.what();
            }
        });
        for (int i = 0; i < 200 && waiting.empty(); ++i) {
            waiting = other_.value("SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'audit'::regclass");
            if (waiting.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    StuckSave(const StuckSave&) = delete;
    StuckSave& operator=(const StuckSave&) = delete;
    ~StuckSave() {
        if (saver_.joinable()) saver_.join();
    }
    RawConnection& other() noexcept { return other_; }
    // Waits for the save to end (after its connection was ended).
    void finish() { saver_.join(); }

    std::string waiting;
    std::string error;

private:
    RawConnection other_;
    std::thread saver_;
};

// A store on a fresh database of its own holding one record, titled "Before", and the same
// record with its title changed, to be saved from revision 1.
struct OneSavedRecord {
    explicit OneSavedRecord(const std::string& name)
        : conninfo(test::test_postgres_database(server(), folder.path(), name)),
          store(forms::open_postgres_store(conninfo)),
          record(filled(*form, "Before")) {
        store->create(*form, record, "clerk");
        changed = record;
        REQUIRE_FALSE(forms::set_value(*form, changed, "title", "Half-written"));
    }
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::string conninfo;
    std::unique_ptr<forms::RecordStore> store;
    forms::Record record;
    forms::Record changed;
};

// After a save was cut off: the record as it was, and the same store saves it once more.
void found_as_before_then_saved(forms::RecordStore& store, const forms::FormDefinition& form, const forms::Record& record,
                                forms::Record& changed) {
    const auto loaded = store.load(record.meta.id);
    REQUIRE(loaded);
    CHECK(loaded->meta.revision == 1);
    CHECK(std::string(loaded->instance().child("title").text().get()) == "Before");
    CHECK(store.history(record.meta.id).size() == 1);
    CHECK(store.verify_trail().intact);
    store.update(form, changed, 1, "clerk");
    CHECK(store.load(record.meta.id)->meta.revision == 2);
    CHECK(store.verify_trail().entries == 2);
}

}  // namespace

TEST_CASE("a connection string that holds a password is known, in each of libpq's forms") {
    CHECK(forms::connection_string_has_password("postgresql://clerk:secret@db.example/formwork"));
    CHECK(forms::connection_string_has_password("postgresql://clerk@db.example/formwork?password=secret"));
    CHECK(forms::connection_string_has_password("host=db.example dbname=formwork password=secret"));
    CHECK(forms::connection_string_has_password("host=db.example password='with spaces'"));
    CHECK(forms::connection_string_has_password("host='unclosed"));  // unreadable: counted as holding one
    CHECK_FALSE(forms::connection_string_has_password("postgresql://clerk@db.example/formwork"));
    CHECK_FALSE(forms::connection_string_has_password("service=formwork"));
    CHECK_FALSE(forms::connection_string_has_password("host=db.example dbname=passwords"));
}

TEST_CASE("connection strings are shown without their password") {
    const auto uri = forms::redact_connection_string("postgresql://clerk:secret@db.example:5433/formwork?sslmode=require");
    CHECK(uri == "postgresql://clerk@db.example:5433/formwork");
    const auto pairs = forms::redact_connection_string("host=db.example port=5433 dbname=formwork user=clerk password=secret");
    CHECK(pairs == "postgresql://clerk@db.example:5433/formwork");
    CHECK_THAT(forms::redact_connection_string("service=formwork password='sec ret'"), !Contains("sec"));
    CHECK(forms::redact_connection_string("service=formwork password=secret") == "service=formwork");
    CHECK(forms::redact_connection_string("host=/run/postgresql dbname=formwork password=secret") ==
          "host=/run/postgresql dbname=formwork");
    // Unreadable: nothing of it is repeated.
    CHECK(forms::redact_connection_string("host=x password='secret") == "(an unreadable PostgreSQL connection string)");
    CHECK(forms::redact_connection_string("postgresql://clerk:secret@[::1") == "(an unreadable PostgreSQL connection string)");

    // A server that is not there: the message names it, without the password.
    try {
        forms::open_store("postgresql://clerk:secret@127.0.0.1:1/formwork?connect_timeout=5");
        FAIL("a connection to port 1 succeeded");
    } catch (const forms::StoreError& e) {
        CHECK_THAT(std::string(e.what()), Contains("could not connect to the database server postgresql://clerk@127.0.0.1:1/formwork"));
        CHECK_THAT(std::string(e.what()), !Contains("secret"));
    }
}

TEST_CASE("open_store chooses the backend from the location") {
    CHECK(forms::is_postgres_location("postgresql://h/db"));
    CHECK(forms::is_postgres_location("postgres://h/db"));
    CHECK(forms::is_postgres_location("service=formwork"));
    CHECK_FALSE(forms::is_postgres_location("/home/clerk/formwork.db"));
    CHECK_FALSE(forms::is_postgres_location("formwork.db"));
    test::TempFolder folder;
    const auto store = forms::open_store((folder.path() / "local.db").string());
    CHECK(store->location() == (folder.path() / "local.db").string());
    const auto remote = forms::open_store(test::test_postgres_database(server(), folder.path(), "chosen"));
    CHECK_THAT(remote->location(), StartsWith("postgresql://officer@localhost:"));
}

TEST_CASE("a database from a newer Formwork, or another program's, is refused and left alone") {
    test::TempFolder folder;
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "newer");
    forms::open_postgres_store(conninfo);
    RawConnection raw(as_owner(conninfo));
    raw.value("UPDATE formwork_schema SET version = 99");
    try {
        forms::open_postgres_store(conninfo);
        FAIL("a newer schema was opened");
    } catch (const forms::StoreError& e) {
        CHECK_THAT(std::string(e.what()), Contains("newer Formwork (schema version 99; this program reads up to " +
                                                   std::to_string(forms::postgres_schema_version) + ")"));
        CHECK_THAT(std::string(e.what()), Contains("postgresql://officer@localhost:"));
        CHECK_THAT(std::string(e.what()), Contains(test::test_store_location_hint(folder.path(), "newer")));
    }
    CHECK(raw.value("SELECT version FROM formwork_schema") == "99");

    const auto other = test::test_postgres_database(server(), folder.path(), "other", test::TestSchema::absent);
    RawConnection other_raw(as_owner(other));
    other_raw.value("CREATE TABLE invoices (id integer)");
    CHECK_THROWS_WITH(forms::open_postgres_store(other), Contains("another program's tables"));
    CHECK(other_raw.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1");
}

TEST_CASE("a version 1 database is brought to the current version when its owner opens it: its text folded again, "
          "with its grams") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto officer = test::test_postgres_database(server(), folder.path(), "version1");
    const auto conninfo = as_owner(officer);
    std::string street_id;
    {
        auto store = forms::open_postgres_store(conninfo);
        for (const auto* title : {"\xc3\x89lan Vital", "Stra\xc3\x9f" "e plan", "Quote \"x\" and back\\slash"}) {
            auto record = filled(*form, title);
            store->create(*form, record, "clerk");
            if (std::string(title).rfind("Stra", 0) == 0) street_id = record.meta.id;
        }
    }
    // As version 1 left it: no grams, and the text as typed rather than folded (upper()
    // stands in for that here, so a search finds nothing unless the text is folded again).
    {
        RawConnection raw(conninfo);
        raw.value("DROP INDEX records_grams");
        raw.value("ALTER TABLE records DROP COLUMN grams");
        raw.value("UPDATE records SET search = upper(search)");
        raw.value("UPDATE formwork_schema SET version = 1");
    }
    auto store = forms::open_postgres_store(conninfo);
    RawConnection raw(conninfo);
    CHECK(raw.value("SELECT version FROM formwork_schema") == std::to_string(forms::postgres_schema_version));
    CHECK(raw.value("SELECT count(*) FROM pg_indexes WHERE indexname = 'records_grams'") == "1");
    CHECK(raw.value("SELECT count(*) FROM records WHERE cardinality(grams) = 0") == "0");
    const auto found = [&](const std::string& text) {
        const auto page = store->list({"", "", text, {}, true, 0, 100});
        CHECK(page.total_exact);
        CHECK(page.rows.size() == page.total);
        return page.total;
    };
    // One and two characters, through the grams: any case, beyond ASCII too, and the
    // characters an array literal quotes.
    CHECK(found("\xc3\xa9") == 1);       // é finds É
    CHECK(found("\xc3\x89L") == 1);      // ÉL
    CHECK(found("\xc3\x9f") == 1);       // ß
    CHECK(found("\"") == 1);
    CHECK(found("\\") == 1);
    CHECK(found("\"X") == 1);
    CHECK(found("k\\") == 1);
    CHECK(found("zq") == 0);
    CHECK(found("%") == 0);
    CHECK(found("_") == 0);
    // Longer text, through the trigram index on the folded text.
    CHECK(found("\xc3\xa9LAN VIT") == 1);
    CHECK(found("back\\SL") == 1);
    // A save after the migration keeps the grams in step.
    auto record = *store->load(street_id);
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "Zebra crossing"));
    store->update(*form, record, record.meta.revision, "clerk");
    CHECK(found("\xc3\x9f") == 0);
    CHECK(found("ZE") == 1);
    CHECK(found("a c") == 1);
}

TEST_CASE("two first connections at once both find one set of tables") {
    test::TempFolder folder;
    const auto conninfo = as_owner(test::test_postgres_database(server(), folder.path(), "first", test::TestSchema::absent));
    std::vector<std::thread> openers;
    std::atomic<int> failures{0};
    for (int i = 0; i < 4; ++i)
        openers.emplace_back([&] {
            try {
                forms::open_postgres_store(conninfo);
            } catch (const std::exception&) {
                ++failures;
            }
        });
    for (auto& opener : openers) opener.join();
    CHECK(failures == 0);
    RawConnection raw(conninfo);
    CHECK(raw.value("SELECT count(*) FROM formwork_schema") == "1");
}

TEST_CASE("processes saving the same record at once: exactly one wins, the others get the conflict") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "race");
    auto store = forms::open_postgres_store(conninfo);
    auto record = filled(*form, "Raced");
    store->create(*form, record, "clerk");
    constexpr int writers = 4;
    for (int round = 0; round < 3; ++round) {
        const long base = store->load(record.meta.id)->meta.revision;
        int ready[2], go[2];
        REQUIRE(pipe(ready) == 0);
        REQUIRE(pipe(go) == 0);
        std::vector<pid_t> children;
        for (int w = 0; w < writers; ++w) {
            const pid_t child = fork();
            REQUIRE(child >= 0);
            if (child == 0) {
                // The child: its own connection, a change of its own, then wait for the start.
                int code = 1;
                try {
                    close(ready[0]);
                    close(go[1]);
                    auto mine = forms::open_postgres_store(conninfo);
                    auto copy = *mine->load(record.meta.id);
                    // A title of its own, so that no writer's save is a save of no change.
                    if (forms::set_value(*form, copy, "title", "Round " + std::to_string(round) + ", writer " + std::to_string(w)))
                        _exit(1);
                    char byte = 'r';
                    if (write(ready[1], &byte, 1) != 1) _exit(1);
                    if (read(go[0], &byte, 1) != 0) _exit(1);  // EOF: every writer is ready
                    try {
                        mine->update(*form, copy, base, "writer" + std::to_string(w));
                        code = 0;
                    } catch (const forms::ConflictError&) {
                        code = 3;
                    }
                } catch (...) {
                    code = 1;
                }
                _exit(code);
            }
            children.push_back(child);
        }
        close(ready[1]);
        close(go[0]);
        for (int w = 0; w < writers; ++w) {
            char byte = 0;
            REQUIRE(read(ready[0], &byte, 1) == 1);
        }
        close(go[1]);  // all at once
        close(ready[0]);
        int won = 0, conflicted = 0;
        for (const auto child : children) {
            int status = 0;
            REQUIRE(waitpid(child, &status, 0) == child);
            REQUIRE(WIFEXITED(status));
            if (WEXITSTATUS(status) == 0) ++won;
            else if (WEXITSTATUS(status) == 3) ++conflicted;
        }
        CHECK(won == 1);
        CHECK(conflicted == writers - 1);
        const auto stored = store->load(record.meta.id);
        CHECK(stored->meta.revision == base + 1);
    }
    const auto trail = store->verify_trail();
    CHECK(trail.intact);
    CHECK(trail.entries == 4);  // the create and one update a round
    CHECK(store->history(record.meta.id).size() == 4);
}

TEST_CASE("a connection lost in the middle of a save: a clear error, nothing half-written, and a reconnect works") {
    OneSavedRecord saved("lost");
    auto& [folder, form, conninfo, store, record, changed] = saved;

    // Another session holds the audit table, so the save stops after writing the record's
    // row and before its audit entry; then its server process is ended.
    std::string error;
    {
        StuckSave save(*store, *form, changed, conninfo);
        REQUIRE_FALSE(save.waiting.empty());
        CHECK(save.other().value("SELECT revision FROM records") == "1");  // the save's row is not committed
        CHECK(save.other().value("SELECT pg_terminate_backend(" + save.waiting + ")") == "t");
        save.finish();
        save.other().value("ROLLBACK");
        error = save.error;
    }
    CHECK_THAT(error, Contains("was lost during the save of record " + record.meta.id));
    CHECK_THAT(error, Contains("nothing of it was written"));

    // The same store reconnects on its next operation, and finds the record as it was.
    found_as_before_then_saved(*store, *form, record, changed);
}

// Run by its own CTest entry, on a cluster of its own (it stops the server): hidden from
// the postgres/ run of every test by the [.] tag.
TEST_CASE("the server stopped in the middle of a save: a clear error, nothing half-written, and after a restart "
          "the same store reconnects", "[.][server-stop]") {
    const char* cluster = std::getenv("FORMWORK_TEST_CLUSTER");
    const char* script = std::getenv("FORMWORK_TEST_CLUSTER_SCRIPT");
    if (cluster == nullptr || script == nullptr)
        FAIL("FORMWORK_TEST_CLUSTER and FORMWORK_TEST_CLUSTER_SCRIPT must name a cluster of this test's own");
    const auto cluster_command = [&](const std::string& action) {
        return std::system(("'" + std::string(script) + "' " + action + " '" + cluster + "'").c_str());
    };
    OneSavedRecord saved("stopped");
    auto& [folder, form, conninfo, store, record, changed] = saved;
    std::string error;
    {
        // The save stops, its record row written, waiting for the audit table; then the
        // server is stopped at once, as a crash or a power cut would.
        StuckSave save(*store, *form, changed, conninfo);
        CHECK_FALSE(save.waiting.empty());
        CHECK(cluster_command("halt") == 0);
        save.finish();
        error = save.error;
    }
    CHECK_THAT(error, Contains("was lost during the save of record " + record.meta.id));
    CHECK_THAT(error, Contains("nothing of it was written"));
    CHECK_THAT(error, Contains("postgresql://officer@localhost:"));

    // While the server is down, a read says so, clearly.
    CHECK_THROWS_WITH(store->load(record.meta.id), Contains("could not connect to the database server"));

    REQUIRE(cluster_command("resume") == 0);
    found_as_before_then_saved(*store, *form, record, changed);
}

TEST_CASE("the tests reach the server over TLS, the certificate and host name verified, as an officer who is no "
          "superuser and may not create databases") {
    test::TempFolder folder;
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "tls");
    CHECK(setting(conninfo, "sslmode") == "verify-full");
    CHECK_FALSE(setting(conninfo, "sslrootcert").empty());
    RawConnection raw(conninfo);
    CHECK(raw.value("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == "t");
    CHECK(raw.value("SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user") == "f");
    CHECK(raw.value(std::string("SELECT pg_has_role('") + forms::postgres_officers_role + "', 'MEMBER')") == "t");
    CHECK(raw.value("SELECT current_user <> (SELECT tableowner FROM pg_tables WHERE tablename = 'records')") == "t");
}

TEST_CASE("a connection without TLS is refused by the server, and one that asks for TLS and cannot get it says so, "
          "naming the server without its password") {
    test::TempFolder folder;
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "refused");
    const auto password = setting(conninfo, "password");
    REQUIRE(password.size() >= 16);
    const auto port = setting(conninfo, "port");
    const auto database = setting(conninfo, "dbname");
    const auto named = "postgresql://officer@localhost:" + port + "/" + database;

    // Plain: the server's pg_hba.conf has hostssl lines only.
    const auto plain = open_error(conninfo + " sslmode=disable");
    CHECK_THAT(plain, Contains("the database server " + named + " accepts only TLS connections"));
    CHECK_THAT(plain, Contains("sslmode=verify-full"));
    CHECK_THAT(plain, !Contains(password));

    // A certificate authority that did not sign the server's certificate.
    const auto other_ca = std::filesystem::path(setting(conninfo, "sslrootcert")).parent_path() / "other-ca.crt";
    REQUIRE(std::filesystem::exists(other_ca));
    const auto wrong_ca = open_error(conninfo + " sslrootcert='" + other_ca.string() + "'");
    CHECK_THAT(wrong_ca, Contains("could not make a TLS connection (sslmode=verify-full) to the database server " + named));
    CHECK_THAT(wrong_ca, Contains("certificate verify failed"));
    CHECK_THAT(wrong_ca, !Contains(password));

    // A host name the certificate does not name (the same address).
    const auto wrong_name = open_error(conninfo + " host=db.elsewhere.example");
    CHECK_THAT(wrong_name, Contains("could not make a TLS connection (sslmode=verify-full) to the database server "
                                    "postgresql://officer@db.elsewhere.example:" + port + "/" + database));
    CHECK_THAT(wrong_name, Contains("does not match host name"));
    CHECK_THAT(wrong_name, !Contains(password));

    // No certificate authority file at all.
    const auto no_ca = open_error(conninfo + " sslrootcert='" + (folder.path() / "missing-ca.crt").string() + "'");
    CHECK_THAT(no_ca, Contains("could not make a TLS connection (sslmode=verify-full) to the database server " + named));
    CHECK_THAT(no_ca, !Contains(password));
}

TEST_CASE("an officer may not drop, alter, truncate, delete from or rewrite the audit log, nor delete records or "
          "change the schema, and the log stays as it was") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "officer");
    auto store = forms::open_postgres_store(conninfo);
    auto record = filled(*form, "Kept");
    store->create(*form, record, "clerk");
    const auto head = store->verify_trail().head_digest;

    RawConnection officer(conninfo);
    for (const auto* sql : {"DROP TABLE audit", "ALTER TABLE audit ADD COLUMN note text", "ALTER TABLE audit OWNER TO officer",
                            "TRUNCATE audit", "DELETE FROM audit", "UPDATE audit SET \"by\" = 'someone else'",
                            "UPDATE audit SET digest = previous_digest",
                            "DELETE FROM records", "TRUNCATE records", "DROP TABLE records", "DELETE FROM counters",
                            "UPDATE formwork_schema SET version = 1", "DROP TABLE formwork_schema",
                            "CREATE TABLE officers_own (id integer)", "CREATE DATABASE officers_own"}) {
        INFO(sql);
        CHECK(officer.refusal(sql) == "42501");
    }
    CHECK(store->verify_trail().intact);
    CHECK(store->verify_trail().head_digest == head);
    CHECK(officer.value("SELECT count(*) FROM audit") == "1");
    // What an officer may do, it can: the save above, and a counter.
    CHECK(store->next_submission_serial() == 1);
}

TEST_CASE("every table is granted to the officers' and records managers' roles as its migration step makes it") {
    test::TempFolder folder;
    const auto conninfo = test::test_postgres_database(server(), folder.path(), "grants");
    RawConnection raw(conninfo);
    const std::string officers = forms::postgres_officers_role, managers = forms::postgres_records_managers_role;
    const auto may = [&](const std::string& role, const std::string& table, const std::string& privilege) {
        return raw.value("SELECT has_table_privilege('" + role + "', '" + table + "', '" + privilege + "')") == "t";
    };
    // Every table there is, so that a table a later migration adds without its grants fails here.
    std::vector<std::string> tables;
    const auto listed = raw.value("SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables "
                                  "WHERE schemaname = current_schema()");
    std::istringstream words(listed);
    for (std::string table; words >> table;) tables.push_back(table);
    CHECK(tables == std::vector<std::string>{"audit", "counters", "exported_records", "formwork_schema", "records"});
    for (const auto& table : tables) {
        INFO(table);
        CHECK(may(officers, table, "SELECT"));
        CHECK(may(managers, table, "SELECT"));
        for (const auto* never : {"DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}) {
            CHECK_FALSE(may(officers, table, never));
            // Records managers remove an erased record's row (schema version 4), and nothing else.
            if (table != "records" || std::string(never) != "DELETE") CHECK_FALSE(may(managers, table, never));
        }
        if (table == "records") CHECK(may(managers, table, "DELETE"));
        if (table == "formwork_schema") {
            CHECK_FALSE(may(officers, table, "INSERT"));
            CHECK_FALSE(may(officers, table, "UPDATE"));
            CHECK_FALSE(may(managers, table, "UPDATE"));
        } else if (table == "exported_records") {
            // An export's links are written once, with its entry (schema version 5).
            CHECK(may(officers, table, "INSERT"));
            CHECK_FALSE(may(officers, table, "UPDATE"));
            CHECK(may(managers, table, "INSERT"));
            CHECK_FALSE(may(managers, table, "UPDATE"));
        } else if (table == "audit") {
            CHECK(may(officers, table, "INSERT"));
            CHECK_FALSE(may(officers, table, "UPDATE"));
            CHECK(may(managers, table, "INSERT"));
            CHECK(may(managers, table, "UPDATE"));  // erasure rewrites entries
        } else {
            CHECK(may(officers, table, "INSERT"));
            CHECK(may(officers, table, "UPDATE"));
            CHECK(may(managers, table, "UPDATE"));
        }
    }
    // No sequences to grant (the audit log numbers its entries itself).
    CHECK(raw.value("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'S' AND n.nspname = current_schema()") == "0");

    // The records manager's login may rewrite an entry, and still may not delete one or drop the log.
    RawConnection manager(test::test_postgres_as(*test::test_postgres_role_server("records_manager_connection"), conninfo));
    manager.value("BEGIN");
    CHECK(manager.refusal("UPDATE audit SET changes = changes") == "");
    manager.value("ROLLBACK");
    CHECK(manager.refusal("DELETE FROM audit") == "42501");
    CHECK(manager.refusal("DROP TABLE audit") == "42501");
}

TEST_CASE("an officer on a database with no tables, with an old schema, or with tables not granted, is told that the "
          "owner must create or upgrade them, naming the owner's role, and the owner's upgrade then lets the officer in") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto owner_role = setting(test::test_postgres_owner_server(server()), "user");
    REQUIRE(owner_role == "formwork_owner");

    SECTION("no tables yet") {
        const auto conninfo = test::test_postgres_database(server(), folder.path(), "empty", test::TestSchema::absent);
        const auto error = open_error(conninfo);
        CHECK_THAT(error, Contains("has no Formwork tables yet, and user officer may not create them: the owner must, "
                                   "with formwork-cli upgrade-db logging in as role formwork_owner"));
        CHECK_THAT(error, Contains("Nothing was changed"));
        RawConnection raw(conninfo);
        CHECK(raw.value("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == "0");
        const auto upgrade = forms::upgrade_postgres_database(as_owner(conninfo));
        CHECK(upgrade.version_before == 0);
        CHECK(upgrade.version_after == forms::postgres_schema_version);
    }
    SECTION("an older schema") {
        const auto conninfo = test::test_postgres_database(server(), folder.path(), "older");
        RawConnection owner(as_owner(conninfo));
        owner.value("UPDATE formwork_schema SET version = 2");
        const auto error = open_error(conninfo);
        CHECK_THAT(error, Contains("has Formwork's tables at schema version 2 and this program needs version " +
                                   std::to_string(forms::postgres_schema_version) +
                                   ", and user officer may not upgrade them: the owner must, with formwork-cli "
                                   "upgrade-db logging in as role formwork_owner"));
        CHECK(owner.value("SELECT version FROM formwork_schema") == "2");
        // Not the officer's to run.
        CHECK_THROWS_WITH(forms::upgrade_postgres_database(conninfo), Contains("user officer may not upgrade them"));
        const auto upgrade = forms::upgrade_postgres_database(as_owner(conninfo));
        CHECK(upgrade.version_before == 2);
    }
    SECTION("a version 2 database, made before Formwork granted its tables") {
        const auto conninfo = test::test_postgres_database(server(), folder.path(), "ungranted");
        RawConnection owner(as_owner(conninfo));
        owner.value("REVOKE ALL ON records, audit, counters, formwork_schema FROM formwork_officers, "
                    "formwork_records_managers");
        owner.value("UPDATE formwork_schema SET version = 2");
        const auto error = open_error(conninfo);
        CHECK_THAT(error, Contains("has Formwork's tables, not granted to user officer nor to a role of theirs, and user "
                                   "officer may not grant them: the owner must, with formwork-cli upgrade-db logging "
                                   "in as role formwork_owner"));
        // The owner's first open migrates to version 3, which grants them.
        forms::open_postgres_store(as_owner(conninfo));
    }
    SECTION("a table's grant taken away since") {
        const auto conninfo = test::test_postgres_database(server(), folder.path(), "revoked");
        RawConnection owner(as_owner(conninfo));
        owner.value("REVOKE INSERT ON audit FROM formwork_officers");
        CHECK_THAT(open_error(conninfo), Contains("user officer lacks INSERT on audit (is officer a member of "
                                                  "formwork_officers?)"));
        const auto upgrade = forms::upgrade_postgres_database(as_owner(conninfo));  // grants again
        CHECK(upgrade.version_before == forms::postgres_schema_version);
        CHECK(upgrade.roles_granted == std::vector<std::string>{"formwork_officers", "formwork_records_managers"});
        CHECK(upgrade.roles_missing.empty());
    }
    // Whichever it was: after the owner's step the officer opens it and saves.
    const auto conninfo = test::test_postgres_database(server(), folder.path(),
                                                       std::filesystem::exists(folder.path() / "empty.pgdb")   ? "empty"
                                                       : std::filesystem::exists(folder.path() / "older.pgdb") ? "older"
                                                       : std::filesystem::exists(folder.path() / "ungranted.pgdb")
                                                           ? "ungranted"
                                                           : "revoked");
    auto store = forms::open_postgres_store(conninfo);
    auto record = filled(*form, "After the owner's step");
    store->create(*form, record, "clerk");
    CHECK(store->verify_trail().intact);
}
