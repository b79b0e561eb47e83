// Writing a file so that it is either wholly there or not changed at all: the content goes
// to a temporary file beside the target, is flushed to disk, and is renamed into place.
// On failure, or when the AtomicFile is destroyed uncommitted, the temporary file is
// removed and an existing file at the target is untouched.
#pragma once

#include <pugixml.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace formwork::forms {

class AtomicFile {
public:
    // Creates the temporary file beside `target`. Throws std::runtime_error naming the
    // folder when it cannot (a missing or read-only folder).
    explicit AtomicFile(std::filesystem::path target);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    const std::filesystem::path& target() const noexcept { return target_; }
    // The temporary file, for writers that take a file name (libxlsxwriter) and for
    // checking what was written; flushes the writer first.
    const std::filesystem::path& temporary();

    // A buffered writer into the temporary file. failed() flushes it and says whether any
    // write failed (a full disk).
    pugi::xml_writer& writer();
    bool failed();

    // Flushes the temporary file to disk and renames it over the target. Throws
    // std::runtime_error naming the target (a full disk shows here).
    void commit();

private:
    class Writer;
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    int descriptor_ = -1;
    int error_ = 0;
    bool committed_ = false;
    std::unique_ptr<Writer> writer_;
};

// Calls `produce` with a writer into an AtomicFile for `path`. Returns an error message
// naming the file, or nothing on success.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 const std::function<void(pugi::xml_writer&)>& produce);

}  // namespace formwork::forms
