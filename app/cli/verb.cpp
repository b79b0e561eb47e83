#include "verb.hpp"

#include <formwork/store/open_store.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <ostream>

namespace formwork::cli {

namespace {

std::string location_of(const std::filesystem::path& db) {
    return (db.empty() ? forms::default_database_path() : db).string();
}

std::unique_ptr<forms::RecordStore> open_and_warn(const std::string& location, std::ostream& err) {
    auto store = forms::open_store(location);
    for (const auto& warning : store->warnings()) err << "formwork-cli: warning: " << warning << "\n";
    return store;
}

}  // namespace

void add_record_id(CLI::App& command, std::string& id) { command.add_option("ID", id, "The record's id")->required(); }

std::unique_ptr<forms::RecordStore> Context::open_store() const {
    const auto location = location_of(db);
    if (db.empty() && std::getenv("FORMWORK_DB") == nullptr)
        std::filesystem::create_directories(std::filesystem::path(location).parent_path());
    return open_and_warn(location, err);
}

std::unique_ptr<forms::RecordStore> Context::open_store_if_exists() const {
    // validate never creates a database.
    const auto location = location_of(db);
    if (forms::is_postgres_location(location) || std::filesystem::exists(location)) return open_and_warn(location, err);
    return nullptr;
}

}  // namespace formwork::cli
