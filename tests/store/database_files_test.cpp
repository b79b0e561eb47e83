// forms::database_file_named, the one check the command line's -o and the window's save
// dialogs ask before they write: the database and the files SQLite keeps beside it, however
// they are named (as given, relative, through `..`, a symlink, a hard link), and never a
// server's database.
#include "temp_folder.hpp"

#include <formwork/store/database_files.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <unistd.h>

using namespace formwork;

namespace {

// Runs the body with the working folder at `folder`, and goes back.
struct WorkingFolder {
    explicit WorkingFolder(const std::filesystem::path& folder) : previous(std::filesystem::current_path()) {
        std::filesystem::current_path(folder);
    }
    ~WorkingFolder() { std::filesystem::current_path(previous); }
    WorkingFolder(const WorkingFolder&) = delete;
    WorkingFolder& operator=(const WorkingFolder&) = delete;
    std::filesystem::path previous;
};

}  // namespace

TEST_CASE("database files: the database and its -wal, -shm and -journal, however named", "[store]") {
    test::TempFolder folder;
    const auto database = folder.path() / "council.db";
    std::ofstream(database) << "a database";
    const auto location = database.string();
    const auto sub = folder.make_subfolder("sub");
    std::filesystem::create_symlink(database, folder.path() / "link.db");
    std::filesystem::create_directory_symlink(folder.path(), sub / "up");
    std::filesystem::create_hard_link(database, folder.path() / "hard.db");

    CHECK(forms::database_file_named(location, database) == std::string("the database"));
    CHECK(forms::database_file_named(location, sub / ".." / "council.db") == std::string("the database"));
    CHECK(forms::database_file_named(location, folder.path() / "link.db") == std::string("the database"));
    CHECK(forms::database_file_named(location, sub / "up" / "council.db") == std::string("the database"));
    CHECK(forms::database_file_named(location, folder.path() / "hard.db") == std::string("the database"));
    {
        WorkingFolder here(sub);
        CHECK(forms::database_file_named(location, "../council.db") == std::string("the database"));
        CHECK(forms::database_file_named("../council.db", database) == std::string("the database"));
    }

    // The companions, there or not yet there.
    CHECK(forms::database_file_named(location, location + "-wal") == std::string("the write-ahead log of the database"));
    CHECK(forms::database_file_named(location, sub / ".." / "council.db-shm") ==
          std::string("the shared-memory index of the database"));
    CHECK(forms::database_file_named(location, sub / "up" / "council.db-journal") ==
          std::string("the rollback journal of the database"));
    std::ofstream(location + "-wal") << "a log";
    CHECK(forms::database_file_named(location, sub / "up" / "council.db-wal") ==
          std::string("the write-ahead log of the database"));
    // Opened through a symlink, SQLite names the log after the file the link points at; the
    // name as given is caught too.
    CHECK(forms::database_file_named((folder.path() / "link.db").string(), location + "-wal"));
    CHECK(forms::database_file_named((folder.path() / "link.db").string(), folder.path() / "link.db-wal"));
    CHECK(forms::database_file_named((folder.path() / "link.db").string(), database));

    // Anything else is not.
    CHECK_FALSE(forms::database_file_named(location, folder.path() / "council.xlsx"));
    CHECK_FALSE(forms::database_file_named(location, folder.path() / "council.db-wal.xlsx"));
    CHECK_FALSE(forms::database_file_named(location, sub / "council.db"));
    CHECK_FALSE(forms::database_file_named(location, folder.path() / "other.db-wal"));
    CHECK_FALSE(forms::database_file_named(location, ""));
    CHECK_FALSE(forms::database_file_named("", database));
    // A server's database has no file to protect.
    CHECK_FALSE(forms::database_file_named("postgresql://localhost/formwork", "formwork"));
    CHECK_FALSE(forms::database_file_named("service=formwork", "service=formwork"));
}

TEST_CASE("database files: whether a database is there", "[store]") {
    test::TempFolder folder;
    const auto database = folder.path() / "council.db";
    CHECK_FALSE(forms::database_exists(database.string()));
    CHECK_FALSE(forms::database_exists(""));
    std::filesystem::create_symlink(database, folder.path() / "dangling.db");
    CHECK_FALSE(forms::database_exists((folder.path() / "dangling.db").string()));
    std::ofstream(database) << "a database";
    CHECK(forms::database_exists(database.string()));
    CHECK(forms::database_exists((folder.path() / "dangling.db").string()));
    CHECK(forms::database_exists("postgresql://localhost/formwork"));
}
