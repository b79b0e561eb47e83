// The server record store: PostgreSQL through libpq, for a team sharing one database.
// It behaves as the SQLite store does (the same tests run against both); see docs/store.md.
#pragma once

#include <formwork/store/record_store.hpp>

#include <memory>
#include <string>
#include <vector>

namespace formwork::forms {

// The schema version this program writes (the formwork_schema table). A database with a
// newer one is refused; an older one is migrated when its owner opens it.
inline constexpr int postgres_schema_version = 6;

// The roles a council's server gives Formwork (docs/store.md, "Roles"). The tables' owner
// creates and migrates them; each migration step that creates a table grants it to these
// two, where the server has them: officers may read, add and change records and counters
// and read and append to the audit log, never rewrite it; records managers may also rewrite
// audit entries (erasure). Neither may drop, alter or delete.
inline constexpr const char* postgres_officers_role = "formwork_officers";
inline constexpr const char* postgres_records_managers_role = "formwork_records_managers";

// What upgrade_postgres_database did.
struct PostgresUpgrade {
    int version_before = 0;  // 0: the database had no Formwork tables
    int version_after = 0;
    std::vector<std::string> roles_granted;  // each of the two roles above the server has
    std::vector<std::string> roles_missing;  // and each it has not (no grants for those)
};

// Connects with `connection` passed to libpq as given (a postgresql:// URI or key=value
// pairs; service files, PGSERVICE, PGPASSFILE and the PG* variables work as for psql),
// creating or migrating the tables under a lock so that two first connections do not race.
// Throws StoreError with a clear message that never holds a password: the server cannot be
// reached, refused us, holds a newer Formwork's schema, or is another program's database.
// A user who may not create or upgrade the tables (an officer) is told that the owner must,
// naming the owner's role, and nothing is changed.
std::unique_ptr<RecordStore> open_postgres_store(const std::string& connection);

// The owner's explicit step (formwork-cli upgrade-db): creates or migrates the tables as
// open_postgres_store does, then grants every table again to the roles above that the
// server has (a role made after the tables gets its grants this way). Throws StoreError as
// open_postgres_store does, and when the user does not own the tables.
PostgresUpgrade upgrade_postgres_database(const std::string& connection);

// The owner's step after an erasure (formwork-cli vacuum-db): VACUUM FULL of the records and
// the audit log, which takes an exclusive lock on both while it rewrites them, their TOAST
// tables and their indexes (docs/store.md, "Erasure"). It first waits, up to a minute, for the
// sessions whose snapshots could still see erased rows; it returns a note naming any that had
// not finished (the rows they can see survive the rewrite), and nothing when every erased row
// is gone. Throws StoreError for anyone but the owner.
std::vector<std::string> vacuum_postgres_database(const std::string& connection);

// The connection string as messages show it: the host, port, database, user and service
// only (never a password, nor any other setting), e.g. "postgresql://clerk@db.example:5432/formwork".
// A string libpq cannot read is shown as "(an unreadable PostgreSQL connection string)".
std::string redact_connection_string(const std::string& connection);

// The same server, user and settings with another database: `connection` as libpq
// key=value pairs, its dbname replaced by `database`. Throws StoreError (naming the server
// without its password) when libpq cannot read `connection`.
std::string connection_string_for_database(const std::string& connection, const std::string& database);

// Whether the connection string holds a password (password=..., or user:password@ in a URI,
// or ?password=...), as libpq reads it: such a string is never written to a settings file.
// An unreadable string counts as holding one.
bool connection_string_has_password(const std::string& connection);

}  // namespace formwork::forms
