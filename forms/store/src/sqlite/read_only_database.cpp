#include "read_only_database.hpp"

#include <cerrno>
#include <fstream>
#include <system_error>

#include <unistd.h>

namespace formwork::forms::sqlite {
namespace {

// Why `path` cannot be written, from access(2), which answers for this person (root
// included) and says EROFS for a read-only filesystem; empty when it can be, or when the
// answer is about something else (a missing folder is SQLite's to report).
std::string write_refusal(const std::filesystem::path& path, const std::string& as_words) {
    if (::access(path.c_str(), W_OK) == 0) return {};
    if (errno == EROFS) return "its filesystem is mounted read-only";
    if (errno == EACCES || errno == EPERM) return as_words;
    return {};
}

std::uintmax_t size_of(const std::filesystem::path& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    return error ? 0 : size;
}

std::filesystem::path beside(const std::filesystem::path& database, const char* suffix) {
    auto companion = database;
    companion += suffix;
    return companion;
}

// Whether the file's header says WAL mode: its read and write versions (bytes 18 and 19)
// are 2 (https://www.sqlite.org/fileformat.html, "File format version numbers").
bool in_wal_mode(const std::filesystem::path& database) {
    std::ifstream file(database, std::ios::binary);
    char header[20] = {};
    return file.read(header, sizeof header) && header[18] == 2 && header[19] == 2;
}

}  // namespace

Writability writability(const std::filesystem::path& real_path) {
    const auto folder = real_path.parent_path();
    if (auto reason = write_refusal(folder, "its folder " + folder.string() + " cannot be written by you"); !reason.empty())
        return {reason, false};
    std::error_code error;
    if (std::filesystem::exists(real_path, error))
        return {write_refusal(real_path, "the file cannot be written by you"), true};
    return {};
}

OpenMode opening_mode(const std::string& shown, const std::filesystem::path& real_path, const Writability& writability) {
    if (writability.reason.empty()) return OpenMode::read_write;
    std::error_code error;
    if (!std::filesystem::exists(real_path, error))
        throw StoreError("cannot make the database " + shown + " there: " + writability.reason + "; nothing was made");
    // SQLite makes the log's index beside the file, and reads the log through it.
    if (writability.folder_writable) return OpenMode::read_only;

    const auto log = beside(real_path, "-wal");
    const auto index = beside(real_path, "-shm");
    if (const auto logged = size_of(log); logged > 0) {
        if (std::filesystem::exists(index, error)) return OpenMode::read_only;
        throw StoreError("the database " + shown + " is read-only (" + writability.reason +
                         "), and its write-ahead log " + log.string() + " holds saves (" + std::to_string(logged) +
                         " bytes) that are not yet in the database file. SQLite reads that log through its "
                         "shared-memory index (" + index.string() + "), which is not there and cannot be made in "
                         "a read-only folder; the database without its log would show records as they were before "
                         "those saves, so it was not opened. Open it once where it can be written (SQLite then "
                         "moves the saves into the file), or copy the database and its -wal file to a folder you "
                         "can write to and open the copy");
    }
    // Nothing in the log: the file alone is the whole database.
    return in_wal_mode(real_path) ? OpenMode::immutable : OpenMode::read_only;
}

}  // namespace formwork::forms::sqlite
