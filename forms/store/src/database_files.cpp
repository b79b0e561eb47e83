#include <formwork/store/database_files.hpp>
#include <formwork/store/open_store.hpp>

#include <system_error>

namespace formwork::forms {

std::filesystem::path database_real_path(const std::filesystem::path& path) {
    std::error_code error;
    auto absolute = std::filesystem::absolute(path, error);
    if (error) absolute = path;
    auto canonical = std::filesystem::weakly_canonical(absolute, error);
    return error ? absolute.lexically_normal() : canonical;
}

namespace {

// Whether the two paths name one file: one resolved path, or (both existing) one inode.
bool same_file(const std::filesystem::path& one, const std::filesystem::path& other) {
    if (database_real_path(one) == database_real_path(other)) return true;
    std::error_code error;
    return std::filesystem::equivalent(one, other, error) && !error;
}

}  // namespace

std::optional<std::string> database_file_named(const std::string& location, const std::filesystem::path& path) {
    if (location.empty() || path.empty() || is_postgres_location(location)) return std::nullopt;
    if (same_file(path, location)) return std::string("the database");
    // SQLite names its companions after the database file it opened, its symlinks resolved;
    // the name as given is checked too.
    std::error_code error;
    auto as_given = std::filesystem::absolute(location, error);
    if (error) as_given = location;
    const std::filesystem::path bases[] = {as_given.lexically_normal(), database_real_path(location)};
    for (const auto& companion : database_companions)
        for (const auto& base : bases) {
            auto named = base;
            named += std::string(companion.suffix);
            if (same_file(path, named)) return "the " + std::string(companion.description) + " of the database";
        }
    return std::nullopt;
}

bool database_exists(const std::string& location) {
    if (is_postgres_location(location)) return true;
    std::error_code error;
    return !location.empty() && std::filesystem::exists(location, error);
}

}  // namespace formwork::forms
