#include <formwork/store/open_store.hpp>
#include <formwork/store/postgres_store.hpp>
#include <formwork/store/sqlite_store.hpp>

namespace formwork::forms {

bool is_postgres_location(const std::string& location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0 ||
           location.find('=') != std::string::npos;
}

std::string printable_location(const std::string& location) {
    return is_postgres_location(location) ? redact_connection_string(location) : location;
}

std::unique_ptr<RecordStore> open_store(const std::string& location) {
    if (location.empty()) throw StoreError("no database was given: give a file path or a postgresql:// connection string");
    if (is_postgres_location(location)) return open_postgres_store(location);
    return open_sqlite_store({location});
}

}  // namespace formwork::forms
