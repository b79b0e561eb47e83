// The embedded record store: one SQLite file in WAL mode with full synchronous commits.
#pragma once

#include <formwork/store/record_store.hpp>

#include <filesystem>
#include <memory>

namespace formwork::forms {

struct SqliteStoreOptions {
    std::filesystem::path path;
    int busy_timeout_ms = 5000;  // how long a save waits for another writer
    // Where the mounts are listed, to tell a network share (/proc/self/mountinfo's format).
    // Tests give a table of their own: no network filesystem can be mounted where they run.
    std::filesystem::path mount_table = "/proc/self/mountinfo";
};

// The schema version this program writes (PRAGMA user_version). A database with a newer
// one is refused; an older one is migrated when opened.
inline constexpr int sqlite_schema_version = 6;

// Opens (creating if need be) the database, applying migrations. Throws StoreError with
// a clear message: not a database, not a Formwork database, newer than this program,
// busy, damaged, or read-only with saves in a write-ahead log that cannot be read there. A
// file that cannot be written opens for reading, with a warning that says why. A file on a
// network share (NFS, SMB, sshfs...) opens with a warning (RecordStore::warnings) that
// points to the server backend, and in rollback-journal mode: write-ahead logging is never
// turned on there, and is turned off if it was. Both are decided on the file's real path
// (database_real_path): symlinks and `..` resolved.
std::unique_ptr<RecordStore> open_sqlite_store(const SqliteStoreOptions& options);

// --db, else FORMWORK_DB, else formwork.db in the user's data folder
// ($XDG_DATA_HOME/formwork, or ~/.local/share/formwork).
std::filesystem::path default_database_path();

}  // namespace formwork::forms
