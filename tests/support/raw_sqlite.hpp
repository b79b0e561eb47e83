// Runs SQL on a database file directly, as another program (or a tamperer) would, behind
// the store's back: for the SQLite tests that change or inspect what the store wrote.
#pragma once

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <string>

namespace formwork::test {

inline void raw_sql(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO((message != nullptr ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(code == SQLITE_OK);
}

}  // namespace formwork::test
