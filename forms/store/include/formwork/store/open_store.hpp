// Choosing the record store from one location, as --db and FORMWORK_DB give it.
#pragma once

#include <formwork/store/record_store.hpp>

#include <memory>
#include <string>

namespace formwork::forms {

// True when `location` names a PostgreSQL database: a postgresql:// or postgres:// URI, or
// libpq key=value pairs (anything holding '=', such as "service=formwork").
bool is_postgres_location(const std::string& location);

// `location` as a message may show it: a file's path as given, a server's connection
// string without its password (redact_connection_string).
std::string printable_location(const std::string& location);

// Opens the store at `location`: PostgreSQL for a connection string (see
// is_postgres_location), else the SQLite database file at that path, created if need be.
// Throws StoreError with a clear message (never holding a password).
std::unique_ptr<RecordStore> open_store(const std::string& location);

}  // namespace formwork::forms
