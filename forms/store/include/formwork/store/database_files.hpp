// The files an embedded database lives in, so that nothing Formwork writes (an export, a
// record file, a printed record) lands on one of them. The command line's every -o and the
// window's save dialogs ask here before they write.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace formwork::forms {

// A file SQLite keeps beside a database, by the suffix it adds to the database's name.
struct DatabaseCompanion {
    std::string_view suffix;       // "-wal"
    std::string_view description;  // "write-ahead log"
};

// The files SQLite keeps beside a database: its write-ahead log and the log's shared-memory
// index (WAL mode), and its rollback journal (rollback-journal mode, on a network share).
inline constexpr std::array<DatabaseCompanion, 3> database_companions{{
    {"-wal", "write-ahead log"},
    {"-shm", "shared-memory index"},
    {"-journal", "rollback journal"},
}};

// Which of the files of the database at `location` `path` names, in words for a message
// that goes on with the database's path: "the database", or "the write-ahead log of the
// database" (or the shared-memory index, or the rollback journal). Symlinks and `..` are resolved on both sides, and a path that names the same
// file another way (a hard link) counts too; a companion that does not exist yet is caught
// by its name beside the database. Nothing when `path` names none of them, and always
// nothing for a server's database (is_postgres_location) or an empty location.
std::optional<std::string> database_file_named(const std::string& location, const std::filesystem::path& path);

// The file the system opens for `path`: absolute, its symlinks and `..` resolved as far as
// it exists, the rest taken lexically. Every decision about where a database really lives
// asks here: the clobber check (database_file_named), whether it is on a network share, and
// whether it can be written.
std::filesystem::path database_real_path(const std::filesystem::path& path);

// Whether the database at `location` is there: a server's always is (opening it says when it
// is not); a file's when something exists at its path. The verbs that never make a database
// ask this before they open one.
bool database_exists(const std::string& location);

}  // namespace formwork::forms
