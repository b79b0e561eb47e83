// Archives that come from outside (xlsx packages, zipped form packs, and later InfoPath
// cabinets) are read here and only here (DESIGN.md, "Archives from outside"): every entry's
// name is checked (no "..", no absolute or drive paths, no backslashes, no duplicates, not too
// deep), and every read is bounded in size, in the archive's entry count and in compression
// ratio, counting the bytes actually inflated, never trusting the sizes a header claims.
// Archives inside an archive are never opened. XML inside is parsed with no DOCTYPE, and so no
// entity but XML's five.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::archive {

struct ArchiveLimits {
    std::uint64_t max_archive_bytes = std::uint64_t{256} << 20;  // the archive file itself
    std::size_t max_entries = 10'000;
    std::uint64_t max_entry_bytes = std::uint64_t{512} << 20;    // one entry, inflated
    std::uint64_t max_total_bytes = std::uint64_t{2} << 30;      // all entries read, inflated
    // An entry may inflate to at most this many times its compressed size, once it is past
    // ratio_floor bytes (small entries compress well and prove nothing).
    std::uint64_t max_ratio = 200;
    std::uint64_t ratio_floor = std::uint64_t{1} << 20;
    std::size_t max_path_depth = 16;  // folders in an entry's name
    std::size_t max_name_bytes = 1024;
};

// Why an archive, or one entry of it, cannot be read. `what()` names the archive (as it was
// shown) and the entry, and says what is wrong in words for the person who gave the file:
// "returns.xlsx: xl/workbook.xml: problem", "returns.xlsx: problem" when `entry` is empty, and
// "returns.xlsx: xl/sharedStrings.xml:3:17: problem" with a line and column (for XML).
class ArchiveError : public std::runtime_error {
public:
    ArchiveError(std::string archive, std::string entry, const std::string& problem);
    ArchiveError(std::string archive, std::string entry, std::size_t line, std::size_t column, const std::string& problem);
    std::string archive;
    std::string entry;  // empty when it is the archive as a whole
    std::string problem;
    std::size_t line = 0;    // from 1; 0 when the problem has no place in the entry's text
    std::size_t column = 0;  // from 1, in characters
};

struct ArchiveEntry {
    std::string name;  // as stored: a relative path with '/' between folders
    std::uint64_t size = 0;             // as its header says; reads never trust it
    std::uint64_t compressed_size = 0;  // as its header says
    bool folder = false;
};

// A zip archive (the xlsx package is one), opened and checked as a whole: its central directory
// read, every name checked, encrypted entries refused. Throws ArchiveError.
class GuardedArchive {
public:
    static GuardedArchive open(const std::filesystem::path& file, const ArchiveLimits& limits = {});
    // The archive's bytes, named `shown_as` in messages (the fuzz targets, and tests).
    static GuardedArchive from_memory(std::string bytes, std::string shown_as, const ArchiveLimits& limits = {});

    GuardedArchive(GuardedArchive&&) noexcept;
    GuardedArchive& operator=(GuardedArchive&&) noexcept;
    ~GuardedArchive();

    const std::string& shown_as() const noexcept;
    const std::vector<ArchiveEntry>& entries() const noexcept;
    // The entry with exactly this name, or nullptr.
    const ArchiveEntry* find(std::string_view name) const noexcept;
    // The whole entry, inflated, within the limits; throws ArchiveError (no such entry, too
    // big, inflates too far, damaged: a CRC or a length that does not match).
    std::string read(std::string_view name);
    // The entry in pieces of at most 64 KiB, within the same limits, for entries too big to hold.
    void stream(std::string_view name, const std::function<void(std::string_view piece)>& sink);

private:
    struct State;
    explicit GuardedArchive(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// Parses XML read from an archive into `document`: refuses, with an ArchiveError naming the
// archive, the entry and the line and column, text that is not well-formed, a DOCTYPE (so
// no entity is ever declared or read from anywhere), and nesting deeper than `max_depth`.
// `parse_options` are pugixml's (whitespace-only text is kept for xlsx's <t xml:space=...>).
void parse_archived_xml(const std::string& text, const std::string& archive, const std::string& entry,
                        pugi::xml_document& document, unsigned parse_options = pugi::parse_default | pugi::parse_ws_pcdata_single,
                        std::size_t max_depth = 256);

}  // namespace formwork::archive
