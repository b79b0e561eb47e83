// The store under test. Store tests are written against RecordStore alone; this is the
// one place that chooses a backend, by FORMWORK_TEST_STORE:
//   unset, empty or "sqlite"   a SQLite file in the test's folder
//   a libpq connection string  (postgresql://..., postgres://... or key=value pairs) or the
//                              path of a file holding one (the cluster fixture writes
//                              DIR/connection): a fresh PostgreSQL database per test folder
// Each (folder, name) gets its own database, made on the first call and opened again by
// later calls with the same folder and name, so a test can reopen what it wrote.
// On the cluster fixture's server, as on a council's, the tests are an officer: the
// database is made by its owner (DIR/owner_connection, beside DIR/connection), who creates
// the tables with upgrade_postgres_database, and the store the tests get logs in as the
// officer of DIR/connection, so a table not granted to the officers' role fails them.
#pragma once

#include <formwork/store/open_store.hpp>
#include <formwork/store/postgres_store.hpp>
#include <formwork/store/record_store.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace formwork::test {

// The server the PostgreSQL tests use (its maintenance database), or nothing for SQLite.
inline std::optional<std::string> test_postgres_server() {
    const char* backend = std::getenv("FORMWORK_TEST_STORE");
    const std::string chosen = backend == nullptr ? "" : backend;
    if (chosen.empty() || chosen == "sqlite") return std::nullopt;
    if (forms::is_postgres_location(chosen)) return chosen;
    std::ifstream file(chosen);
    std::string line;
    if (!file || !std::getline(file, line) || !forms::is_postgres_location(line))
        throw std::runtime_error("FORMWORK_TEST_STORE=" + chosen +
                                 " is neither \"sqlite\", a PostgreSQL connection string, nor a file holding one "
                                 "(is the cluster fixture, scripts/pg_test_cluster.sh, running?)");
    return line;
}

// Runs SQL with no parameters on `conninfo` (tests' own set-up and sabotage); throws on failure.
inline void run_sql(const std::string& conninfo, const std::string& sql) {
    PGconn* connection = PQconnectdb(conninfo.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(connection);
        PQfinish(connection);
        throw std::runtime_error("cannot connect to the test's PostgreSQL server: " + message);
    }
    PGresult* result = PQexec(connection, sql.c_str());
    const auto status = PQresultStatus(result);
    const std::string message = PQerrorMessage(connection);
    PQclear(result);
    PQfinish(connection);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + message);
}

// Another role's connection string on the test's server: the file `name` beside the one
// FORMWORK_TEST_STORE names (owner_connection, admin_connection), or nothing when it names a
// connection string itself (one role does everything then).
inline std::optional<std::string> test_postgres_role_server(const std::string& name) {
    const char* backend = std::getenv("FORMWORK_TEST_STORE");
    if (backend == nullptr || forms::is_postgres_location(backend)) return std::nullopt;
    std::ifstream file(std::filesystem::path(backend).parent_path() / name);
    std::string line;
    if (!file || !std::getline(file, line) || line.empty())
        throw std::runtime_error("the cluster fixture wrote no " + name + " beside " + backend +
                                 " (is scripts/pg_test_cluster.sh the one that started it?)");
    return line;
}

// The database owner's server, and the superuser's (on the socket), for the tests' own set-up
// and sabotage: the officer may do neither.
inline std::string test_postgres_owner_server(const std::string& server) {
    return test_postgres_role_server("owner_connection").value_or(server);
}
inline std::string test_postgres_admin_server(const std::string& server) {
    return test_postgres_role_server("admin_connection").value_or(server);
}

// The database `conninfo` names, as the role of `role_server` (its user, password, TLS settings).
inline std::string test_postgres_as(const std::string& role_server, const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (error != nullptr) PQfreemem(error);
    if (options == nullptr) throw std::runtime_error("libpq cannot read a test's connection string");
    std::string database;
    for (auto* option = options; option->keyword != nullptr; ++option)
        if (std::string(option->keyword) == "dbname" && option->val != nullptr) database = option->val;
    PQconninfoFree(options);
    return forms::connection_string_for_database(role_server, database);
}

enum class TestSchema { made, absent };

// The connection string of the test database for (folder, name), made on first use: by the
// owner, its tables created by the owner's first open (unless `absent`), and
// connected to as the officer of `server`.
inline std::string test_postgres_database(const std::string& server, const std::filesystem::path& folder,
                                          const std::string& name, TestSchema schema = TestSchema::made) {
    const auto marker = folder / (name + ".pgdb");
    std::string database;
    if (std::ifstream in(marker); in && std::getline(in, database) && !database.empty())
        return forms::connection_string_for_database(server, database);
    static std::atomic<int> made{0};
    std::random_device entropy;
    database = "formwork_test_" + std::to_string(::getpid()) + "_" + std::to_string(++made) + "_" +
               std::to_string(entropy() % 1000000);
    const auto owner = test_postgres_role_server("owner_connection");
    run_sql(owner.value_or(server), "CREATE DATABASE " + database);
    std::ofstream(marker) << database << "\n";
    const auto officer = forms::connection_string_for_database(server, database);
    if (owner) {
        // As docs/store.md sets up a council's database.
        const auto as_owner = forms::connection_string_for_database(*owner, database);
        run_sql(as_owner, "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC; GRANT CONNECT ON DATABASE " + database +
                              " TO " + forms::postgres_officers_role);
        // The owner's first open: the migration steps make the tables and grant them, as
        // they go (upgrade-db, which grants them all again, would hide a step's missing grant).
        if (schema == TestSchema::made) forms::open_postgres_store(as_owner);
    }
    return officer;
}

inline std::unique_ptr<forms::RecordStore> make_test_store(const std::filesystem::path& folder,
                                                           const std::string& name = "store") {
    if (const auto server = test_postgres_server())
        return forms::open_postgres_store(test_postgres_database(*server, folder, name));
    return forms::open_sqlite_store({folder / (name + ".db"), 2000});
}

// The same database as make_test_store(folder, name), for erasing: on the cluster fixture's
// server as its records manager (DIR/records_manager_connection), whose role erasing needs;
// a SQLite file is opened as make_test_store opens it.
inline std::unique_ptr<forms::RecordStore> make_test_records_manager_store(const std::filesystem::path& folder,
                                                                           const std::string& name = "store") {
    if (const auto server = test_postgres_server()) {
        const auto officer = test_postgres_database(*server, folder, name);
        const auto manager = test_postgres_role_server("records_manager_connection");
        return forms::open_postgres_store(manager ? test_postgres_as(*manager, officer) : officer);
    }
    return make_test_store(folder, name);
}

// What location() of make_test_store(folder, name) names: the file, or the database.
inline std::string test_store_location_hint(const std::filesystem::path& folder, const std::string& name = "store") {
    const auto marker = folder / (name + ".pgdb");
    std::string database;
    if (std::ifstream in(marker); in && std::getline(in, database)) return database;
    return (folder / (name + ".db")).string();
}

}  // namespace formwork::test
