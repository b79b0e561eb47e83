// RAII over SQLite's C handles, at the edge: a connection, prepared statements, and a
// transaction that rolls back unless committed. Every SQLite failure becomes a StoreError
// whose message says what happened to the data and what the person can do.
#pragma once

#include <formwork/store/record_store.hpp>

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace formwork::forms::sqlite {

class Connection;

class Statement {
public:
    Statement(Connection& connection, const char* sql);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_null(int index);

    // Steps once: true while there is a row to read.
    bool step();
    // Steps to the end, for statements that return no rows.
    void run();
    void reset();

    std::string text(int column) const;
    // The column's text in SQLite's own memory: valid until the next step or reset.
    std::string_view text_view(int column) const;
    std::int64_t integer(int column) const;
    bool is_null(int column) const;

private:
    Connection& connection_;
    sqlite3_stmt* statement_ = nullptr;
};

// How a database file is opened (read_only_database.hpp decides).
enum class OpenMode {
    read_write,  // made if missing; SQLite falls back to reading when the file cannot be written
    read_only,   // an existing file, for reading; SQLite reads its write-ahead log
    immutable,   // an existing file in WAL mode whose log is empty or absent, where no log
                 // index can be made: read with SQLite's `immutable`, which ignores the log
};

class Connection {
public:
    // `path` is the database as the person named it (for messages); `real_path` is the file
    // the kernel opens (database_real_path), which the immutable mode's URI names.
    Connection(const std::string& path, int busy_timeout_ms, OpenMode mode = OpenMode::read_write,
               const std::filesystem::path& real_path = {});
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    sqlite3* handle() const noexcept { return db_; }
    const std::string& path() const noexcept { return path_; }
    bool read_only() const noexcept;
    // Why the file cannot be written ("its filesystem is mounted read-only"), for messages;
    // empty when that is not known.
    const std::string& read_only_reason() const noexcept { return read_only_reason_; }
    void set_read_only_reason(std::string reason) { read_only_reason_ = std::move(reason); }
    // "is read-only (its filesystem is mounted read-only)": follows "the database PATH ".
    std::string read_only_words() const;

    void execute(const char* sql);
    // Runs SQL that returns no rows; on failure, says `doing` was not done.
    void execute(const char* sql, const std::string& doing);
    std::int64_t pragma_integer(const char* pragma);

    // Throws the StoreError that `code` means, saying what was being done.
    [[noreturn]] void fail(int code, const std::string& doing) const;
    void set_busy_timeout_ms(int milliseconds);

    // A statement prepared once per connection and reset for each use: saves and imports
    // run the same few statements for every record. `sql` must be a string literal (its
    // address is the key).
    Statement& cached(const char* sql);

    // The work in progress, for messages: set by Transaction for its lifetime.
    const std::string& doing() const noexcept { return doing_; }
    void set_doing(std::string doing) { doing_ = std::move(doing); }

private:
    std::string doing_ = "reading the database";
    std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
    sqlite3* db_ = nullptr;
    std::string path_;
    std::string read_only_reason_;
    int busy_timeout_ms_ = 0;
};

// BEGIN IMMEDIATE, so writers queue at the start rather than failing midway; rolls back
// on destruction unless commit() was called.
class Transaction {
public:
    // `doing` names the work in messages, e.g. "the save of record 3f2b...".
    Transaction(Connection& connection, std::string doing);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Connection& connection_;
    std::string doing_;
    bool open_ = true;
};

}  // namespace formwork::forms::sqlite
