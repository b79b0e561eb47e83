// Zip archives from outside (DESIGN.md, "Archives from outside"), as an xlsx package or a zipped
// form pack reaches Formwork: opened from memory through the guarded archive module with small
// limits, every entry found and read (the first also streamed), and every .xml and .rels entry
// parsed as the xlsx reader parses it. Refusals (ArchiveError) are the expected outcome; anything
// else that escapes, and any sanitizer report, is a bug.
#include "fuzz_support.hpp"

#include <formwork/archive/guarded_archive.hpp>

namespace {

bool ends_with(const std::string& text, std::string_view end) {
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace formwork;
    archive::ArchiveLimits limits;
    limits.max_archive_bytes = std::uint64_t{1} << 20;
    limits.max_entries = 64;
    limits.max_entry_bytes = std::uint64_t{1} << 20;
    limits.max_total_bytes = std::uint64_t{4} << 20;
    limits.ratio_floor = std::uint64_t{64} << 10;
    limits.max_path_depth = 8;
    limits.max_name_bytes = 256;
    try {
        auto zip = archive::GuardedArchive::from_memory(fuzz::input_text(data, size), "fuzz.xlsx", limits);
        bool streamed = false;
        for (const auto& entry : zip.entries()) {
            if (zip.find(entry.name) != &entry) std::abort();  // names are unique: find gives this one
            if (entry.folder) continue;
            try {
                if (!streamed) {
                    streamed = true;
                    std::size_t joined = 0;
                    zip.stream(entry.name, [&joined](std::string_view piece) {
                        if (piece.size() > 64 * 1024) std::abort();
                        joined += piece.size();
                    });
                }
                const std::string text = zip.read(entry.name);
                if (ends_with(entry.name, ".xml") || ends_with(entry.name, ".rels")) {
                    pugi::xml_document document;
                    archive::parse_archived_xml(text, zip.shown_as(), entry.name, document,
                                                pugi::parse_default | pugi::parse_ws_pcdata_single, 64);
                }
            } catch (const archive::ArchiveError&) {
                // One entry refused; the others are still read, as a reader may go on past it.
            }
        }
    } catch (const archive::ArchiveError&) {
    }
    return 0;
}
