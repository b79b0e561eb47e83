// The store under test. Store tests are written against RecordStore alone; this is the
// one place that chooses a backend, by FORMWORK_TEST_STORE:
//   unset, empty or "sqlite"   a SQLite file in the test's folder
//   a libpq connection string  (postgresql://..., postgres://... or key=value pairs) or the
//                              path of a file holding one (the cluster fixture writes
//                              DIR/connection): a fresh PostgreSQL database per test folder
// Each (folder, name) gets its own database, made on the first call and opened again by
// later calls with the same folder and name, so a test can reopen what it wrote.
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

// The connection string of the test database for (folder, name), created empty on first use.
inline std::string test_postgres_database(const std::string& server, const std::filesystem::path& folder,
                                          const std::string& name) {
    const auto marker = folder / (name + ".pgdb");
    std::string database;
    if (std::ifstream in(marker); in && std::getline(in, database) && !database.empty())
        return forms::connection_string_for_database(server, database);
    static std::atomic<int> made{0};
    std::random_device entropy;
    database = "formwork_test_" + std::to_string(::getpid()) + "_" + std::to_string(++made) + "_" +
               std::to_string(entropy() % 1000000);
    run_sql(server, "CREATE DATABASE " + database);
    std::ofstream(marker) << database << "\n";
    return forms::connection_string_for_database(server, database);
}

inline std::unique_ptr<forms::RecordStore> make_test_store(const std::filesystem::path& folder,
                                                           const std::string& name = "store") {
    if (const auto server = test_postgres_server())
        return forms::open_postgres_store(test_postgres_database(*server, folder, name));
    return forms::open_sqlite_store({folder / (name + ".db"), 2000});
}

// What location() of make_test_store(folder, name) names: the file, or the database.
inline std::string test_store_location_hint(const std::filesystem::path& folder, const std::string& name = "store") {
    const auto marker = folder / (name + ".pgdb");
    std::string database;
    if (std::ifstream in(marker); in && std::getline(in, database)) return database;
    return (folder / (name + ".db")).string();
}

}  // namespace formwork::test
