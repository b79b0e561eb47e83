// A database file Formwork cannot write: on a filesystem mounted read-only, in a folder the
// person cannot write, or a file they cannot write. It opens for reading, in WAL mode too,
// and is never shown without the saves its write-ahead log holds.
//
// SQLite reads a WAL database through the log's shared-memory index (-shm). Where the folder
// cannot be written, that index cannot be made: SQLite reads the log with a -shm that is
// already there (read-only), and otherwise cannot open the database at all ("unable to open
// database file"). Its `immutable` option opens it anyway, but ignores the log, so it is used
// only when the log is empty or absent.
#pragma once

#include "sqlite_connection.hpp"

#include <filesystem>
#include <string>

namespace formwork::forms::sqlite {

struct Writability {
    // Why the database cannot be written, in words that follow "is read-only (": "its
    // filesystem is mounted read-only"; empty when it can be written.
    std::string reason{};
    // Whether SQLite can make files beside the database (its -wal, -shm, -journal).
    bool folder_writable = true;
};

// Whether the database at `real_path` (database_real_path: the file the kernel opens, so a
// symlink in a writable folder to a file on a read-only disk is read-only) can be written.
Writability writability(const std::filesystem::path& real_path);

// How to open the database at `real_path`, named `shown` in messages. Throws StoreError
// when it cannot be read whole: a new database that cannot be made, or a non-empty
// write-ahead log that cannot be read because no shared-memory index is there or can be made.
OpenMode opening_mode(const std::string& shown, const std::filesystem::path& real_path, const Writability& writability);

}  // namespace formwork::forms::sqlite
