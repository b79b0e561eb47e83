// xlsx workbooks coming back from Excel, LibreOffice or anywhere else (docs/exports.md), read as
// the workbook import reads them: from memory through the guarded archive with small limits, the
// package's workbook part, relationships, shared strings and styles, then every sheet's cells.
// Refusals (ArchiveError) are the expected outcome; anything else that escapes, a cell out of
// order, and any sanitizer report, is a bug.
//
// An input that begins "PK" is the package's bytes. Any other is its parts in text, each a line
// "@@ NAME" and then its content, stored into a zip here by libzip: a change the fuzzer makes to
// a part's XML then reaches the reader, where in a zip it would break the entry's checksum and be
// refused before any XML is read.
#include "fuzz_support.hpp"

#include <formwork/archive/xlsx_package.hpp>

#include <zip.h>

#include <cstdio>
#include <utility>
#include <vector>

namespace {

// The "@@ NAME" parts of `text`, as (name, content) pairs.
std::vector<std::pair<std::string, std::string>> split_parts(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> parts;
    std::size_t at = text.rfind("@@ ", 0) == 0 ? 0 : text.find("\n@@ ");
    while (at != std::string_view::npos) {
        const std::size_t name_start = at + (text[at] == '\n' ? 4 : 3);
        const std::size_t name_end = text.find('\n', name_start);
        if (name_end == std::string_view::npos) break;
        const std::size_t next = text.find("\n@@ ", name_end);
        const std::size_t content_end = next == std::string_view::npos ? text.size() : next;
        parts.emplace_back(std::string(text.substr(name_start, name_end - name_start)),
                           std::string(text.substr(name_end + 1, content_end - name_end - 1)));
        at = next;
    }
    return parts;
}

// The parts stored (not compressed) in a zip made in memory; empty when libzip will not make it.
std::string zip_of(const std::vector<std::pair<std::string, std::string>>& parts) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_error_fini(&error);
    if (buffer == nullptr) return {};
    zip_source_keep(buffer);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, nullptr);
    if (archive == nullptr) {
        zip_source_free(buffer);
        return {};
    }
    for (const auto& [name, content] : parts) {
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        if (source == nullptr) continue;
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(source);
            continue;
        }
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    std::string bytes;
    if (zip_close(archive) != 0) {
        zip_discard(archive);
    } else if (zip_source_open(buffer) == 0) {
        char piece[16384];
        zip_int64_t got = 0;
        while ((got = zip_source_read(buffer, piece, sizeof piece)) > 0) bytes.append(piece, static_cast<std::size_t>(got));
        zip_source_close(buffer);
    }
    zip_source_free(buffer);
    return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace formwork;
    std::string input = fuzz::input_text(data, size);
    if (input.rfind("PK", 0) != 0) input = zip_of(split_parts(input));

    archive::ArchiveLimits limits;
    limits.max_archive_bytes = std::uint64_t{1} << 20;
    limits.max_entries = 64;
    limits.max_entry_bytes = std::uint64_t{4} << 20;
    limits.max_total_bytes = std::uint64_t{16} << 20;
    limits.ratio_floor = std::uint64_t{64} << 10;
    limits.max_path_depth = 8;
    limits.max_name_bytes = 256;
    try {
        auto package = archive::XlsxPackage::from_archive(archive::GuardedArchive::from_memory(std::move(input), "fuzz.xlsx", limits));
        for (const auto& sheet : package.sheets()) {
            if (package.sheet(sheet.name) != &sheet) std::abort();  // names are unique
            try {
                const auto cells = package.read_sheet(sheet);
                std::int64_t last_row = -1;
                for (const auto& row : cells.rows) {
                    if (row.empty() || static_cast<std::int64_t>(row.front().row) <= last_row) std::abort();
                    last_row = row.front().row;
                    std::int64_t last_column = -1;
                    for (const auto& cell : row) {
                        if (cell.row != row.front().row || static_cast<std::int64_t>(cell.column) <= last_column) std::abort();
                        last_column = cell.column;
                        if (cells.find(cell.row, cell.column) != &cell) std::abort();
                        (void)archive::cell_reference(cell.row, cell.column);
                        if (cell.type == archive::CellType::number && cell.date)
                            (void)archive::serial_to_iso_date(cell.number, package.date1904(), true);
                    }
                }
            } catch (const archive::ArchiveError&) {
                // One sheet refused; the others are still read.
            }
        }
    } catch (const archive::ArchiveError&) {
    }
    return 0;
}
