// What only the SQLite backend can be asked: its pragmas, its schema version, the files it
// refuses, a writer that holds the lock, and tampering with the audit table underneath.
#include "form_fixtures.hpp"
#include "raw_sqlite.hpp"
#include "temp_folder.hpp"

#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <fstream>

using namespace formwork;
using Catch::Matchers::Contains;
using formwork::test::raw_sql;

namespace {

std::string raw_value(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::string value;
    if (sqlite3_step(statement) == SQLITE_ROW) value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

// What schema version 2 wrote, made from a database of this version: no search index, and
// the two list indexes version 1 made.
const char* const back_to_schema_v2 = R"sql(
DROP TABLE records_search;
DROP TABLE search_keys;
DROP INDEX records_by_modified;
DROP INDEX records_by_title;
DROP INDEX records_by_form;
DROP INDEX records_by_status;
DROP INDEX records_by_form_title;
DROP INDEX records_by_form_status;
DROP INDEX records_by_form_status_modified;
DROP INDEX records_by_form_status_title;
DROP INDEX records_by_status_modified;
DROP INDEX records_by_status_title;
DROP INDEX records_by_status_form;
CREATE INDEX records_by_form_status ON records (form_id, status, modified_at DESC);
CREATE INDEX records_by_modified ON records (modified_at DESC);
PRAGMA user_version = 2;
)sql";

}  // namespace

TEST_CASE("a new database is in WAL mode, marked as Formwork's, at the current schema version") {
    test::TempFolder folder;
    const auto path = folder.path() / "new.db";
    { auto store = forms::open_sqlite_store({path}); }
    CHECK(raw_value(path, "PRAGMA journal_mode") == "wal");
    CHECK(raw_value(path, "PRAGMA user_version") == std::to_string(forms::sqlite_schema_version));
    CHECK(raw_value(path, "PRAGMA application_id") == std::to_string(0x46574B31));
}

// A mount table, in /proc/self/mountinfo's format, that mounts `type` at `point` over a local
// root: the network shares a council would have, which cannot be mounted where tests run.
std::filesystem::path mount_table(const std::filesystem::path& folder, const std::vector<std::pair<std::string, std::string>>& mounts) {
    const auto table = folder / "mountinfo";
    std::ofstream out(table);
    out << "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n";
    int id = 30;
    for (const auto& [point, type] : mounts) {
        std::string escaped;
        for (const char c : point) escaped += c == ' ' ? std::string("\\040") : std::string(1, c);
        ++id;
        out << id << " 22 0:" << id << " / " << escaped << " rw,relatime shared:" << id << " - " << type
            << " server:/export rw,vers=4.2\n";
    }
    return table;
}

TEST_CASE("a database on a network share is warned of, and never in WAL mode") {
    test::TempFolder folder;
    const auto share = std::filesystem::weakly_canonical(folder.path()) / "team share";
    std::filesystem::create_directories(share);
    const auto path = share / "formwork.db";
    const auto form = test::everything_form();
    std::string id;
    {
        // Made on a local disk first (the real mount table): WAL, and nothing to warn of.
        auto store = forms::open_sqlite_store({path});
        CHECK(store->warnings().empty());
        auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
        store->create(*form, record, "clerk");
        id = record.meta.id;
    }
    REQUIRE(raw_value(path, "PRAGMA journal_mode") == "wal");

    // Then found on an NFS share: a warning that names it and the server option, and the
    // file back in rollback-journal mode, its records intact.
    const auto nfs = mount_table(folder.path(), {{share.string(), "nfs4"}});
    {
        auto store = forms::open_sqlite_store({path, 2000, nfs});
        const auto warnings = store->warnings();
        REQUIRE(warnings.size() == 1);
        CHECK_THAT(warnings.front(), Contains(path.string()) && Contains("network share (NFS)") &&
                                         Contains("postgresql://") && Contains("copy-db"));
        CHECK(store->load(id));
        auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
        store->create(*form, record, "clerk");
    }
    CHECK(raw_value(path, "PRAGMA journal_mode") == "delete");
    CHECK_FALSE(std::filesystem::exists(path.string() + "-wal"));

    // A new database on an SMB share starts without WAL.
    const auto smb = mount_table(folder.path(), {{share.string(), "cifs"}});
    const auto fresh = share / "fresh.db";
    {
        auto store = forms::open_sqlite_store({fresh, 2000, smb});
        REQUIRE(store->warnings().size() == 1);
        CHECK_THAT(store->warnings().front(), Contains("SMB/CIFS"));
    }
    CHECK(raw_value(fresh, "PRAGMA journal_mode") == "delete");

    // The mount nearest the file decides: a local disk mounted inside a share is local, and
    // sshfs over a local root is a share.
    const auto local_inside = mount_table(folder.path(), {{"/", "nfs"}, {share.string(), "ext4"}});
    CHECK(forms::open_sqlite_store({fresh, 2000, local_inside})->warnings().empty());
    const auto sshfs = mount_table(folder.path(), {{folder.path().string(), "fuse.sshfs"}});
    const auto over_ssh = forms::open_sqlite_store({fresh, 2000, sshfs})->warnings();
    REQUIRE(over_ssh.size() == 1);
    CHECK_THAT(over_ssh.front(), Contains("(sshfs)"));
}

TEST_CASE("a database reached through a symlink or `..` on a network share is known to be on the share") {
    test::TempFolder folder;
    const auto root = std::filesystem::weakly_canonical(folder.path());
    const auto share = root / "share";
    const auto local = root / "desktop";
    std::filesystem::create_directories(share / "team");
    std::filesystem::create_directories(local);
    const auto real = share / "formwork.db";
    { auto store = forms::open_sqlite_store({real}); }  // made on a local disk: WAL
    REQUIRE(raw_value(real, "PRAGMA journal_mode") == "wal");
    const auto nfs = mount_table(folder.path(), {{share.string(), "nfs4"}});

    // The file itself a symlink on a local desktop, and a path whose `..` climbs out of a
    // symlinked folder: the kernel opens the file on the share either way.
    std::filesystem::create_symlink(real, local / "formwork.db");
    std::filesystem::create_directory_symlink(share / "team", local / "team");
    for (const auto& path : {local / "formwork.db", local / "team" / ".." / "formwork.db"}) {
        INFO(path);
        {
            auto store = forms::open_sqlite_store({path, 2000, nfs});
            const auto warnings = store->warnings();
            REQUIRE(warnings.size() == 1);
            CHECK_THAT(warnings.front(), Contains(path.string()) && Contains("network share (NFS)"));
        }
        CHECK(raw_value(real, "PRAGMA journal_mode") == "delete");
        raw_sql(real, "PRAGMA journal_mode = wal");
    }
}

TEST_CASE("a database from a newer Formwork is refused and left as it is") {
    test::TempFolder folder;
    const auto path = folder.path() / "future.db";
    { auto store = forms::open_sqlite_store({path}); }
    raw_sql(path, "PRAGMA user_version = 99");
    CHECK_THROWS_WITH(forms::open_sqlite_store({path}),
                      Contains("was written by a newer Formwork (schema version 99; this program reads up to " +
                               std::to_string(forms::sqlite_schema_version) + ")"));
    CHECK(raw_value(path, "PRAGMA user_version") == "99");
}

TEST_CASE("a database of an older schema is migrated when opened, and keeps its records") {
    test::TempFolder folder;
    const auto path = folder.path() / "old.db";
    const auto form = test::everything_form();
    std::string id;
    {
        auto store = forms::open_sqlite_store({path});
        auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
        store->create(*form, record, "clerk");
        id = record.meta.id;
    }
    // Make it what schema version 1 wrote: no counters table, no export index.
    raw_sql(path, back_to_schema_v2);
    raw_sql(path, "DROP TABLE counters; DROP INDEX records_in_export_order; PRAGMA user_version = 1");
    auto store = forms::open_sqlite_store({path});
    CHECK(raw_value(path, "PRAGMA user_version") == std::to_string(forms::sqlite_schema_version));
    CHECK(store->load(id));
    CHECK(store->next_submission_serial() == 1);
    CHECK(store->next_submission_serial() == 2);
    CHECK(store->verify_trail().intact);
}

TEST_CASE("a database of schema version 2 gets its search index when opened, with every record in it") {
    test::TempFolder folder;
    const auto path = folder.path() / "v2.db";
    const auto form = test::everything_form();
    std::vector<std::string> ids;
    {
        auto store = forms::open_sqlite_store({path});
        for (const auto* title : {"Harbour Wall Repairs", "Library Hours"}) {
            auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
            REQUIRE_FALSE(forms::set_value(*form, record, "title", title));
            REQUIRE_FALSE(forms::set_value(*form, record, "other-details", std::string("Summary of ") + title));
            store->create(*form, record, "clerk");
            ids.push_back(record.meta.id);
        }
    }
    raw_sql(path, back_to_schema_v2);
    REQUIRE(raw_value(path, "SELECT count(*) FROM sqlite_master WHERE name = 'records_search'") == "0");
    const auto head = raw_value(path, "SELECT digest FROM audit ORDER BY sequence DESC LIMIT 1");

    auto store = forms::open_sqlite_store({path});
    CHECK(raw_value(path, "PRAGMA user_version") == std::to_string(forms::sqlite_schema_version));
    CHECK(raw_value(path, "SELECT count(*) FROM records_search") == "2");
    const auto found = store->list({"", "", "wall rep", {}, true, 0, 10});
    REQUIRE(found.total == 1);
    CHECK(found.rows[0].id == ids[0]);
    CHECK(store->list({"", "", "summary of lib", {}, true, 0, 10}).total == 1);
    CHECK(store->list({"", "", "Li", {}, true, 0, 10}).total == 1);
    CHECK(store->list({"", "", "", forms::ListSort::title, false, 1, 10}).rows.at(0).id == ids[1]);
    // The audit log is as it was.
    const auto check = store->verify_trail();
    CHECK(check.intact);
    CHECK(check.entries == 2);
    CHECK(check.head_digest == head);
    // And it is searched as any other from then on.
    auto record = *store->load(ids[1]);
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "Library Opening Times"));
    store->update(*form, record, record.meta.revision, "clerk");
    CHECK(raw_value(path, "SELECT count(*) FROM records_search WHERE title LIKE '%hours%'") == "0");
    CHECK(store->list({"", "", "hours", {}, true, 0, 10}).total == 1);  // still in its summary
    CHECK(store->list({"", "", "opening", {}, true, 0, 10}).total == 1);
}

TEST_CASE("a save that fails leaves the search index as it was") {
    test::TempFolder folder;
    const auto path = folder.path() / "failed.db";
    const auto form = test::everything_form();
    auto store = forms::open_sqlite_store({path});
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "Bridge Inspection"));
    store->create(*form, record, "clerk");
    // The audit entry, written after the record and its search text, is refused.
    raw_sql(path, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'refused'); END");
    auto changed = record;
    REQUIRE_FALSE(forms::set_value(*form, changed, "title", "Tunnel Inspection"));
    CHECK_THROWS_AS(store->update(*form, changed, record.meta.revision, "clerk"), forms::StoreError);
    auto fresh = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE_FALSE(forms::set_value(*form, fresh, "title", "Tunnel Survey"));
    CHECK_THROWS_AS(store->create(*form, fresh, "clerk"), forms::StoreError);
    raw_sql(path, "DROP TRIGGER refuse_audit");

    CHECK(store->list({"", "", "tunnel", {}, true, 0, 10}).total == 0);
    CHECK(store->list({"", "", "Tu", {}, true, 0, 10}).total == 0);
    CHECK(store->list({"", "", "bridge", {}, true, 0, 10}).total == 1);
    CHECK(raw_value(path, "SELECT count(*) FROM records_search") == "1");
    CHECK(raw_value(path, "SELECT count(*) FROM search_keys") == "1");
    // The next save goes through, and is found by its own text.
    store->update(*form, changed, record.meta.revision, "clerk");
    CHECK(store->list({"", "", "tunnel", {}, true, 0, 10}).total == 1);
    CHECK(store->list({"", "", "bridge", {}, true, 0, 10}).total == 0);
    CHECK(store->verify_trail().intact);
}

TEST_CASE("a file that is not a database, or another program's database, is refused by name") {
    test::TempFolder folder;
    const auto text = folder.path() / "notes.db";
    std::ofstream(text) << "These are my meeting notes, not a database. They go on for a while, well past the "
                           "size of an SQLite header, so that SQLite reads them and says so.\n";
    CHECK_THROWS_WITH(forms::open_sqlite_store({text}), Contains(text.string() + " is not a Formwork database"));
    CHECK(test::read_text(text.string()).rfind("These are my meeting notes", 0) == 0);

    const auto other = folder.path() / "other.db";
    raw_sql(other, "CREATE TABLE contacts (name TEXT)");
    CHECK_THROWS_WITH(forms::open_sqlite_store({other}), Contains("is an SQLite database, but not a Formwork one"));
    CHECK_THROWS_WITH(forms::open_sqlite_store({folder.path()}), Contains("is a folder"));
    CHECK_THROWS_WITH(forms::open_sqlite_store({folder.path() / "no-such-folder" / "x.db"}), Contains("cannot open the database"));
}

TEST_CASE("a save waits for another writer, then reports the database busy and changes nothing") {
    test::TempFolder folder;
    const auto path = folder.path() / "busy.db";
    const auto form = test::everything_form();
    auto store = forms::open_sqlite_store({path, 200});
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");

    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK_THROWS_WITH(store->create(*form, record, "clerk"),
                      Contains("is busy: another program has been writing to it for more than 0.20 s") &&
                          Contains("was not done"));
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    CHECK(store->list({}).total == 0);
    store->create(*form, record, "clerk");  // once the other writer has gone
    CHECK(store->list({}).total == 1);
}

TEST_CASE("verify-trail names the first entry that was changed, removed or reordered") {
    test::TempFolder folder;
    const auto path = folder.path() / "trail.db";
    const auto form = test::everything_form();
    {
        auto store = forms::open_sqlite_store({path});
        for (int i = 0; i < 4; ++i) {
            auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
            store->create(*form, record, "clerk");
        }
        CHECK(store->verify_trail().intact);
        CHECK(store->verify_trail().entries == 4);
    }
    raw_sql(path, "UPDATE audit SET by = 'someone else' WHERE sequence = 3");
    auto check = forms::open_sqlite_store({path})->verify_trail();
    CHECK_FALSE(check.intact);
    CHECK(check.first_broken == 3);
    CHECK_THAT(check.problem, Contains("the entry was changed after it was written"));

    raw_sql(path, "UPDATE audit SET by = 'clerk' WHERE sequence = 3; DELETE FROM audit WHERE sequence = 2");
    check = forms::open_sqlite_store({path})->verify_trail();
    CHECK(check.first_broken == 3);
    CHECK_THAT(check.problem, Contains("an entry is missing"));
}

TEST_CASE("verify-trail hashes the changes as stored: an edited change, however small, breaks the chain") {
    test::TempFolder folder;
    const auto path = folder.path() / "trail.db";
    const auto form = test::everything_form();
    {
        auto store = forms::open_sqlite_store({path});
        for (int i = 0; i < 3; ++i) {
            auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
            record.instance().child("title").text().set(("Plan " + std::to_string(i)).c_str());
            store->create(*form, record, "clerk");
        }
        REQUIRE(store->verify_trail().intact);
    }
    // A value in a change of entry 2, altered in place.
    raw_sql(path, "UPDATE audit SET changes = replace(changes, 'Plan 1', 'Plan 9') WHERE sequence = 2");
    auto check = forms::open_sqlite_store({path})->verify_trail();
    CHECK_FALSE(check.intact);
    CHECK(check.first_broken == 2);
    // Put back, but with a line ending the encoder never writes: the same changes, decoded,
    // and still not the text that was hashed.
    raw_sql(path, "UPDATE audit SET changes = replace(replace(changes, 'Plan 9', 'Plan 1'), char(10), char(13) || char(10)) "
                  "WHERE sequence = 2");
    check = forms::open_sqlite_store({path})->verify_trail();
    CHECK_FALSE(check.intact);
    CHECK(check.first_broken == 2);
    raw_sql(path, "UPDATE audit SET changes = replace(changes, char(13), '') WHERE sequence = 2");
    CHECK(forms::open_sqlite_store({path})->verify_trail().intact);
}

TEST_CASE("the digest chain is the same whatever the backend: it depends only on the canonical text") {
    forms::AuditEntry entry;
    entry.sequence = 1;
    entry.at = "2023-10-09T09:00:00Z";
    entry.by = "clerk";
    entry.record_id = "0b7f7d1c-2f7e-4c55-9a0e-6f3e2a1b9c8d";
    entry.revision = 1;
    entry.action = "create";
    entry.changes = {{"title", "", "Plan\twith\\tab"}};
    entry.previous_digest = forms::genesis_digest();
    // Chain version 1, as every entry before the migration was hashed: its digests stay checkable.
    CHECK(forms::canonical_audit_text_v1(entry) ==
          "formwork-audit 1\nsequence\t1\nat\t2023-10-09T09:00:00Z\nby\tclerk\n"
          "record\t0b7f7d1c-2f7e-4c55-9a0e-6f3e2a1b9c8d\nrevision\t1\naction\tcreate\nprevious\t" +
              std::string(64, '0') + "\nchange\ttitle\t\tPlan\\twith\\\\tab\n");
    // Chain version 2 hashes a digest of the values in their place.
    entry.values_digest = forms::sha256_hex(forms::encode_changes(entry.changes));
    CHECK(forms::canonical_audit_text(entry) ==
          "formwork-audit 2\nsequence\t1\nat\t2023-10-09T09:00:00Z\nby\tclerk\n"
          "record\t0b7f7d1c-2f7e-4c55-9a0e-6f3e2a1b9c8d\nrevision\t1\naction\tcreate\nvalues\t" +
              entry.values_digest + "\nv1\t\nprevious\t" + std::string(64, '0') + "\n");
    // Pinned: a change to the serialisation would break every stored chain.
    CHECK(forms::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(forms::audit_digest(entry) == forms::sha256_hex(forms::canonical_audit_text(entry)));
    CHECK(forms::audit_digest(entry).size() == 64);
    CHECK(forms::decode_changes(forms::encode_changes(entry.changes))[0].new_value == "Plan\twith\\tab");
}

namespace {

// What schema version 5 wrote, made from a database of this version: no `withdrawn` column, and
// the list's and the export's indexes without it.
const char* const back_to_schema_v5 = R"sql(
DROP INDEX records_in_export_order;
DROP INDEX records_by_modified;
DROP INDEX records_by_title;
DROP INDEX records_by_form;
DROP INDEX records_by_status;
DROP INDEX records_by_form_title;
DROP INDEX records_by_form_status;
DROP INDEX records_by_form_status_modified;
DROP INDEX records_by_form_status_title;
DROP INDEX records_by_status_modified;
DROP INDEX records_by_status_title;
DROP INDEX records_by_status_form;
ALTER TABLE records DROP COLUMN withdrawn;
CREATE INDEX records_in_export_order ON records (form_id, modified_at, id);
CREATE INDEX records_by_modified ON records (modified_at, id);
CREATE INDEX records_by_title ON records (title, id);
CREATE INDEX records_by_form ON records (form_id, id);
CREATE INDEX records_by_status ON records (status, id);
CREATE INDEX records_by_form_title ON records (form_id, title, id);
CREATE INDEX records_by_form_status ON records (form_id, status, id);
CREATE INDEX records_by_form_status_modified ON records (form_id, status, modified_at, id);
CREATE INDEX records_by_form_status_title ON records (form_id, status, title, id);
CREATE INDEX records_by_status_modified ON records (status, modified_at, id);
CREATE INDEX records_by_status_title ON records (status, title, id);
CREATE INDEX records_by_status_form ON records (status, form_id, id);
PRAGMA user_version = 5;
)sql";

// SQLite's plan for `sql`, its steps' details one a line.
std::string query_plan(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::string plan;
    while (sqlite3_step(statement) == SQLITE_ROW)
        plan += std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 3))) + "\n";
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return plan;
}

}  // namespace

TEST_CASE("a database of schema version 5 gets the withdrawal marker when opened, keeps its records, and can withdraw") {
    test::TempFolder folder;
    const auto path = folder.path() / "v5.db";
    const auto form = test::everything_form();
    std::vector<std::string> ids;
    {
        auto store = forms::open_sqlite_store({path});
        for (const auto* title : {"Harbour Wall Repairs", "Library Hours"}) {
            auto record = test::complete_everything_record(*form, title);
            store->create(*form, record, "clerk");
            ids.push_back(record.meta.id);
        }
    }
    raw_sql(path, back_to_schema_v5);
    REQUIRE(raw_value(path, "SELECT count(*) FROM pragma_table_info('records') WHERE name = 'withdrawn'") == "0");
    const auto head = raw_value(path, "SELECT digest FROM audit ORDER BY sequence DESC LIMIT 1");

    auto store = forms::open_sqlite_store({path});
    CHECK(raw_value(path, "PRAGMA user_version") == "6");
    CHECK(raw_value(path, "SELECT count(*) FROM records WHERE withdrawn = 0") == "2");
    // Every list index starts with the marker again.
    CHECK(raw_value(path, "SELECT name FROM pragma_index_info('records_by_status_title') WHERE seqno = 0") == "withdrawn");
    CHECK(raw_value(path, "SELECT name FROM pragma_index_info('records_in_export_order') WHERE seqno = 0") == "withdrawn");
    CHECK(store->list({}).total == 2);
    CHECK(store->load(ids[0]));
    auto check = store->verify_trail();
    CHECK(check.intact);
    CHECK(check.head_digest == head);

    store->withdraw(ids[0], "clerk", "Entered twice");
    CHECK(store->list({}).total == 1);
    CHECK(store->count({}) == 1);
    check = store->verify_trail();
    CHECK(check.intact);
    CHECK(check.entries == 3);
}

TEST_CASE("the list of records not withdrawn walks along one index for every filter and sort, and never sorts") {
    test::TempFolder folder;
    const auto path = folder.path() / "plans.db";
    { auto store = forms::open_sqlite_store({path}); }
    raw_sql(path, "ANALYZE");
    const std::string select = "SELECT id FROM records WHERE withdrawn = 0";
    for (const auto* filter : {"", " AND form_id = 'f'", " AND status = 's'", " AND form_id = 'f' AND status = 's'"})
        for (const auto* column : {"modified_at", "title", "form_id", "status"})
            for (const auto* direction : {" ASC", " DESC"}) {
                const auto sql = select + filter + " ORDER BY " + column + direction + ", id" + direction + " LIMIT 100 OFFSET 50";
                const auto plan = query_plan(path, sql);
                INFO(sql << "\n" << plan);
                // The index answers `withdrawn = 0` itself, and gives the order.
                CHECK_THAT(plan, Contains("USING INDEX") || Contains("USING COVERING INDEX"));
                CHECK_THAT(plan, Contains("(withdrawn=?"));
                CHECK_THAT(plan, !Contains("TEMP B-TREE"));
            }
    // An export's scan too.
    const auto plan = query_plan(path, "SELECT document FROM records WHERE withdrawn = 0 ORDER BY form_id, modified_at, id");
    INFO(plan);
    CHECK_THAT(plan, Contains("(withdrawn=?"));
    CHECK_THAT(plan, !Contains("TEMP B-TREE"));
}
