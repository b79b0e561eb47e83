#include "verb.hpp"

#include <formwork/store/database_files.hpp>
#include <formwork/store/open_store.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <ostream>
#include <system_error>

namespace formwork::cli {

namespace {

std::unique_ptr<forms::RecordStore> open_and_warn(const std::string& location, std::ostream& err) {
    auto store = forms::open_store(location);
    for (const auto& warning : store->warnings()) err << "formwork-cli: warning: " << warning << "\n";
    return store;
}

// A database file's path as a message names it: absolute, so that a mistyped one shows where
// it was looked for.
std::string shown_path(const std::string& location) {
    std::error_code error;
    const auto absolute = std::filesystem::absolute(location, error);
    return error ? location : absolute.lexically_normal().string();
}

}  // namespace

void add_record_id(CLI::App& command, std::string& id) { command.add_option("ID", id, "The record's id")->required(); }

std::string database_location(const std::filesystem::path& db) {
    return (db.empty() ? forms::default_database_path() : db).string();
}

bool output_is_database(const std::string& verb, const std::filesystem::path& output, const std::string& location,
                        std::ostream& err) {
    const auto named = forms::database_file_named(location, output);
    if (!named) return false;
    err << "formwork-cli " << verb << ": -o " << output.string() << " is " << *named << " " << shown_path(location)
        << ": writing there would destroy its records and audit log. Nothing was written; choose another file.\n";
    return true;
}

std::unique_ptr<forms::RecordStore> Context::open_store() const {
    const auto location = database_location(db);
    if (db.empty() && std::getenv("FORMWORK_DB") == nullptr)
        std::filesystem::create_directories(std::filesystem::path(location).parent_path());
    return open_and_warn(location, err);
}

std::unique_ptr<forms::RecordStore> Context::open_store_if_exists() const {
    // validate never creates a database.
    const auto location = database_location(db);
    if (forms::database_exists(location)) return open_and_warn(location, err);
    return nullptr;
}

std::unique_ptr<forms::RecordStore> Context::open_existing_store() const {
    const auto location = database_location(db);
    if (forms::database_exists(location)) return open_and_warn(location, err);
    const char* environment = std::getenv("FORMWORK_DB");
    const char* given_by = !db.empty()                                   ? "--db"
                           : environment != nullptr && *environment != '\0' ? "FORMWORK_DB"
                                                                         : "the default";
    err << "formwork-cli " << verb << ": there is no database at " << shown_path(location) << " (" << given_by
        << "). " << verb << " makes none, and nothing was made: check the path, or start a database with "
        << "`formwork-cli import`.\n";
    return nullptr;
}

}  // namespace formwork::cli
