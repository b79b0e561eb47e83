// Erasure on a SQLite file: the erased values are in none of the database's files (the file,
// its write-ahead log, its rollback journal); a database of schema version 3 (audit chain
// version 1, as commit 7b9a812 wrote it) migrates to chain version 2, verifies, and keeps its
// old heads checkable after an entry from before the migration is erased; and a byte changed
// in a tombstone, in the paths kept beside it, or in a kept entry is found.
#include "form_fixtures.hpp"
#include "raw_sqlite.hpp"
#include "temp_folder.hpp"

#include <formwork/model/values.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <fstream>
#include <iterator>

using namespace formwork;
using Catch::Matchers::Contains;
using formwork::test::raw_sql;

namespace {


// Whether the file at `path` holds `text` anywhere in its bytes (false when there is no file).
bool file_holds(const std::filesystem::path& path, const std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes.find(text) != std::string::npos;
}

// The files of the database at `path` that hold `text`, by suffix ("" for the database itself).
std::vector<std::string> files_holding(const std::filesystem::path& path, const std::string& text) {
    std::vector<std::string> found;
    for (const char* suffix : {"", "-wal", "-journal"})
        if (file_holds(path.string() + suffix, text)) found.emplace_back(suffix);
    return found;
}

constexpr const char* marker = "FWKMARKER-SQLITE-9a7e31c0";

// Saves a record holding the marker several times (each save frees the cells of the one
// before, which secure deletion alone would not have cleared), with other records around it.
std::string save_marked_record(forms::RecordStore& store, const forms::FormDefinition& form) {
    for (int i = 0; i < 3; ++i) {
        auto other = test::complete_everything_record(form, "Neighbour " + std::to_string(i));
        store.create(form, other, "author");
    }
    auto record = test::complete_everything_record(form, std::string("Case of ") + marker);
    store.create(form, record, "author");
    for (long revision = 1; revision <= 3; ++revision) {
        REQUIRE_FALSE(forms::set_value(form, record, "other-details",
                                       std::string(marker) + " said, on visit " + std::to_string(revision) + ", " +
                                           std::string(3000, 'x')));
        store.update(form, record, revision, "author");
    }
    return record.meta.id;
}

std::filesystem::path mount_table(const std::filesystem::path& folder, const std::filesystem::path& share) {
    const auto table = folder / "mountinfo";
    std::ofstream(table) << "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                         << "31 22 0:31 / " << share.string() << " rw,relatime shared:31 - nfs4 server:/export rw\n";
    return table;
}

std::filesystem::path v1_fixture(const std::filesystem::path& folder) {
    std::ifstream in(std::string(FORMWORK_STORE_FIXTURES_DIR) + "/chain_v1_schema3.sql");
    REQUIRE(in);
    const std::string sql((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto path = folder / "chain_v1.db";
    raw_sql(path, sql);
    return path;
}

// The fixture's record with the marker, its v1 head digests and the marker.
constexpr const char* v1_record = "6f1c2a84-3b5e-4d7a-9c21-8e4f0b7d5a13";
constexpr const char* v1_head = "74e08668cf2dfe1721182d6d1947efbeefb8eca37c147ee2eee0b54d03d9b20e";
constexpr const char* v1_head_at_2 = "a1b71b610431638da3c9984c86365ba7a94118404e69480669f9f32e143121d1";
constexpr const char* v1_marker = "FWKMARKER-V1-PREMIGRATION-7d3e9a";

}  // namespace

TEST_CASE("an erased record's values are in none of the SQLite file, its write-ahead log or its journal") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    SECTION("in WAL mode") {
        const auto path = folder.path() / "wal.db";
        auto store = forms::open_sqlite_store({path});
        const auto id = save_marked_record(*store, *form);
        // Cells freed without secure deletion, as a SQLite built without it (Debian's has it on
        // by default; others do not), or another program, leaves them: the record's row and its
        // audit entries rewritten longer, then back, the old cells left in free space.
        raw_sql(path, std::string("PRAGMA secure_delete = OFF; ") +
                          "UPDATE records SET document = document || ' ' WHERE id = '" + id + "'; " +
                          "UPDATE records SET document = substr(document, 1, length(document) - 1) WHERE id = '" + id +
                          "'; UPDATE audit SET changes = changes || ' ' WHERE record_id = '" + id + "'; " +
                          "UPDATE audit SET changes = substr(changes, 1, length(changes) - 1) WHERE record_id = '" + id +
                          "'; PRAGMA wal_checkpoint(TRUNCATE);");
        REQUIRE(store->verify_trail().intact);
        // The test can fail: before the erasure the marker is there to be found.
        REQUIRE_FALSE(files_holding(path, marker).empty());
        const auto report = store->erase(id, "records manager", "Subject access request");
        CHECK(report.notes.empty());
        CHECK(files_holding(path, marker).empty());
        CHECK(store->verify_trail().intact);
        store.reset();
        CHECK(files_holding(path, marker).empty());
        CHECK(forms::open_sqlite_store({path})->verify_trail().intact);
    }
    SECTION("in rollback-journal mode (a network share)") {
        const auto share = std::filesystem::weakly_canonical(folder.path()) / "share";
        std::filesystem::create_directories(share);
        const auto path = share / "journal.db";
        auto store = forms::open_sqlite_store({path, 2000, mount_table(folder.path(), share)});
        const auto id = save_marked_record(*store, *form);
        REQUIRE(files_holding(path, marker) == std::vector<std::string>{""});
        store->erase(id, "records manager", "Subject access request");
        CHECK(files_holding(path, marker).empty());
        CHECK_FALSE(std::filesystem::exists(path.string() + "-journal"));
        CHECK(store->verify_trail().intact);
    }
}

TEST_CASE("a database of schema version 3 (audit chain version 1) migrates to chain version 2 and verifies, and its old "
          "heads are confirmed by verify-trail --head, also after an entry from before the migration is erased") {
    test::TempFolder folder;
    const auto path = v1_fixture(folder.path());
    auto store = forms::open_sqlite_store({path});
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        sqlite3_stmt* statement = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "SELECT v1_digest FROM audit ORDER BY sequence DESC LIMIT 1", -1, &statement,
                                   nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
        CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) == v1_head);
        sqlite3_finalize(statement);
        sqlite3_close(db);
    }
    auto check = store->verify_trail(v1_head);
    REQUIRE(check.intact);
    CHECK(check.entries == 3);
    CHECK(check.head_digest != v1_head);  // the version 2 chain has heads of its own
    REQUIRE(check.head_found);
    CHECK(check.head_found->entry == 3);
    CHECK(check.head_found->chain_v1);
    const auto v2_head = check.head_digest;
    REQUIRE(store->load(v1_record));
    REQUIRE(files_holding(path, v1_marker) != std::vector<std::string>{});

    const auto report = store->erase(v1_record, "records manager", "Retention period ended");
    CHECK(report.entries_erased == 2);  // entries 1 and 3 (entry 2 is the other question's)
    CHECK(files_holding(path, v1_marker).empty());
    for (const auto* head : {v1_head, v1_head_at_2}) {
        check = store->verify_trail(head);
        CHECK(check.intact);
        REQUIRE(check.head_found);
        CHECK(check.head_found->chain_v1);
    }
    CHECK(store->verify_trail(v1_head).head_found->entry == 3);
    CHECK(store->verify_trail(v1_head_at_2).head_found->entry == 2);
    check = store->verify_trail(v2_head);
    CHECK(check.intact);
    CHECK(check.entries == 4);
    CHECK(check.head_found->entry == 3);
    CHECK_FALSE(check.head_found->chain_v1);
    CHECK(check.erased.size() == 2);
}

TEST_CASE("a byte changed in an erased entry's tombstone, in the paths kept beside it, in a kept entry, or in a "
          "migrated entry's values is found") {
    test::TempFolder folder;
    const auto path = v1_fixture(folder.path());
    const auto form = test::everything_form();
    {
        auto store = forms::open_sqlite_store({path});
        auto record = test::complete_everything_record(*form, "Kept after the erasure");
        store->create(*form, record, "author");  // entry 4
        store->erase(v1_record, "records manager", "Retention period ended");  // entries 1 and 3; entry 5
        REQUIRE(store->verify_trail().intact);
    }
    // Each tampering on a copy of the erased database as it was.
    const auto pristine = folder.path() / "pristine.db";
    REQUIRE_FALSE(std::filesystem::exists(path.string() + "-wal"));
    std::filesystem::copy_file(path, pristine);
    const auto broken_at = [&](const std::string& tamper) {
        std::filesystem::copy_file(pristine, path, std::filesystem::copy_options::overwrite_existing);
        raw_sql(path, tamper);
        const auto check = forms::open_sqlite_store({path})->verify_trail();
        INFO(check.problem);
        CHECK_FALSE(check.intact);
        return check.first_broken.value_or(0);
    };
    // The tombstone's reason, one letter.
    CHECK(broken_at("UPDATE audit SET tombstone = replace(tombstone, 'Retention', 'Rftention') WHERE sequence = 3") == 3);
    // Who erased it.
    CHECK(broken_at("UPDATE audit SET tombstone = replace(tombstone, 'records manager', 'records managex') "
                    "WHERE sequence = 1") == 1);
    // A path kept beside the tombstone.
    CHECK(broken_at("UPDATE audit SET changes = replace(changes, 'answer', 'answes') WHERE sequence = 3") == 3);
    // The tombstone taken away: the erase entry still names the entry.
    CHECK(broken_at("UPDATE audit SET tombstone = '' WHERE sequence = 1") == 1);
    // A kept entry's value (entry 4, written under chain version 2).
    CHECK(broken_at("UPDATE audit SET changes = replace(changes, 'Kept after', 'Kept aftex') WHERE sequence = 4") == 4);
    // A migrated entry's value (entry 2, from before the migration)...
    CHECK(broken_at("UPDATE audit SET changes = replace(changes, 'Lapsa', 'Lapsb') WHERE sequence = 2") == 2);
    // The erase entry's reason.
    CHECK(broken_at("UPDATE audit SET changes = replace(changes, 'Retention', 'Rftention') WHERE sequence = 5") == 5);
    // Untouched, it verifies.
    std::filesystem::copy_file(pristine, path, std::filesystem::copy_options::overwrite_existing);
    CHECK(forms::open_sqlite_store({path})->verify_trail().intact);
}

TEST_CASE("a chain version 1 entry changed before the migration is found after it: the migration hashes it again, but "
          "its version 1 digest no longer holds") {
    test::TempFolder folder;
    const auto path = v1_fixture(folder.path());
    raw_sql(path, "UPDATE audit SET changes = replace(changes, 'Lapsa', 'Lapsb') WHERE sequence = 2");
    const auto check = forms::open_sqlite_store({path})->verify_trail();
    CHECK_FALSE(check.intact);
    CHECK(check.first_broken == 2);
    CHECK_THAT(check.problem, Contains("chain version 1 digest"));
}
