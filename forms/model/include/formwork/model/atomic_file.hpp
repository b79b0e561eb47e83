// Writing a file so that it is either wholly there or not changed at all, and so that
// nothing half-made is left beside it, even by a process killed part-way.
//
// Where the filesystem allows (ext4, xfs, btrfs, tmpfs; overlayfs from Linux 6.6) the content
// goes to an unnamed file made with O_TMPFILE in the target's folder: a kill leaves nothing
// to clean up. commit() flushes it, gives it a unique hidden name with linkat and renames
// that over the target. Elsewhere (NFS, CIFS, older overlayfs) the content goes to a named
// hidden temporary file beside the target. Either way, whoever makes a temporary holds an
// flock on it for as long as it lives, so a temporary nobody holds is stale: each new
// AtomicFile first sweeps stale temporaries out of its folder (those of a process killed
// before its rename), and never touches one a live writer holds.
//
// Temporaries are named ".<target's name>.formwork-tmp-XXXXXX".
//
// FORMWORK_TEST_NO_TMPFILE=1 is a test switch: it makes this module write through a named
// temporary as it would on a filesystem without O_TMPFILE. Nothing else reads it.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
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
    // A name that opens the temporary file, for writers that take a file name
    // (libxlsxwriter): /proc/self/fd/N for an unnamed file, else the named temporary.
    // Flushes the writer first.
    const std::filesystem::path& temporary();
    // Whether the content goes through a named temporary (no O_TMPFILE here, or the test
    // switch), rather than an unnamed one.
    bool named() const noexcept { return !temporary_name_.empty(); }
    // A private folder beside the target, for a writer's own scratch files (libxlsxwriter's
    // constant-memory mode), made on first call. Locked and swept like the temporary file,
    // and removed with everything in it when the AtomicFile goes.
    const std::filesystem::path& scratch_folder();

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
    std::filesystem::path folder_;
    std::filesystem::path temporary_;
    std::string temporary_name_;  // empty for an unnamed (O_TMPFILE) file
    std::filesystem::path scratch_;
    int folder_descriptor_ = -1;
    int descriptor_ = -1;
    int scratch_descriptor_ = -1;
    int error_ = 0;
    bool committed_ = false;
    std::unique_ptr<Writer> writer_;
};

// Removes the stale temporaries (of any target) in `folder`: those no live process holds
// the lock of. Returns how many it removed. Each AtomicFile does this for its folder.
std::size_t remove_stale_temporaries(const std::filesystem::path& folder);

// Calls `produce` with a writer into an AtomicFile for `path`. Returns an error message
// naming the file, or nothing on success.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 const std::function<void(pugi::xml_writer&)>& produce);

}  // namespace formwork::forms
