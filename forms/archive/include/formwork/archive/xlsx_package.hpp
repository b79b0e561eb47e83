// An xlsx workbook's cells, read through the guarded archive and pugixml, as Excel, LibreOffice
// and openpyxl write them (ECMA-376 SpreadsheetML): the sheets by name (xl/workbook.xml and its
// relationships), shared and inline strings (rich text runs joined; Excel's _xHHHH_ escapes
// decoded), each cell's type, its formula if it has one, and whether its number format shows a
// date or a time (xl/styles.xml: the built-in date formats and any custom format code with
// date or time parts), which is what survives a re-save by LibreOffice. Nothing is guessed:
// a value is reported as the cell holds it. Throws archive::ArchiveError naming the file, the
// part and, for XML, the line and column.
#pragma once

#include <formwork/archive/guarded_archive.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::archive {

enum class CellType { empty, text, number, boolean, error };

struct XlsxCell {
    std::uint32_t row = 0;     // from 0 (the sheet's row 1 is 0)
    std::uint32_t column = 0;  // from 0 (A is 0)
    CellType type = CellType::empty;
    std::string text;    // text; an error's text ("#N/A"); a number's text as the file has it
    double number = 0;   // number (and a date's serial); boolean 1 or 0
    bool date = false;   // a number whose format shows a date (and perhaps a time)
    bool time = false;   // ... whose format shows a time of day
    bool formula = false;         // the cell holds a formula (its cached value is in the rest)
    std::string formula_text;     // the formula, without '=', when it is written in the cell
};

// "H12" for row 11, column 7.
std::string cell_reference(std::uint32_t row, std::uint32_t column);
// A column's letters: 0 -> "A", 27 -> "AB".
std::string column_name(std::uint32_t column);

struct XlsxSheetInfo {
    std::string name;
    std::string part;      // its part in the package: "xl/worksheets/sheet1.xml"
    std::string state;     // "visible", "hidden" or "veryHidden"
};

// A sheet's cells that hold something, row by row, in order (a row's cells by column).
struct XlsxSheetCells {
    std::string name;
    std::vector<std::vector<XlsxCell>> rows;  // only rows with cells; each row's cells share its row
    // The cell at (row, column), or nullptr when it is empty or absent. A formula with no cached
    // value (openpyxl writes them so) is kept, as type empty with formula set: it is refused, not lost.
    const XlsxCell* find(std::uint32_t row, std::uint32_t column) const;
};

class XlsxPackage {
public:
    // read_sheet refuses a sheet with more cells that hold something than this.
    static constexpr std::size_t max_sheet_cells = 20'000'000;

    // Opens the file through GuardedArchive and reads its workbook part, relationships,
    // shared strings and styles. Throws ArchiveError (not an xlsx package, a part missing or
    // malformed).
    static XlsxPackage open(const std::filesystem::path& file, const ArchiveLimits& limits = {});
    static XlsxPackage from_archive(GuardedArchive archive);

    const std::string& shown_as() const noexcept { return archive_.shown_as(); }
    const std::vector<XlsxSheetInfo>& sheets() const noexcept { return sheets_; }
    const XlsxSheetInfo* sheet(std::string_view name) const noexcept;
    // The workbook's defined names (name -> its formula text, as written), global ones only.
    const std::map<std::string, std::string>& defined_names() const noexcept { return defined_names_; }
    // Dates count from 1904 (workbookPr/@date1904).
    bool date1904() const noexcept { return date1904_; }

    // Reads one sheet's cells. A t="d" cell (ISO 8601 text, which Excel never writes but others
    // may) comes back as a number, its serial in the workbook's date system, with date set (and
    // time when it has a time of day). Throws ArchiveError for a malformed sheet part (a cell reference
    // that does not parse or goes backwards, a shared string index out of range, a style that
    // does not exist, more cells than the limits allow).
    XlsxSheetCells read_sheet(const XlsxSheetInfo& sheet);

private:
    explicit XlsxPackage(GuardedArchive archive);
    GuardedArchive archive_;
    std::vector<XlsxSheetInfo> sheets_;
    std::map<std::string, std::string> defined_names_;
    std::vector<std::string> shared_strings_;
    std::vector<std::pair<bool, bool>> style_date_time_;  // cellXfs index -> (date, time)
    bool date1904_ = false;
};

// An Excel serial day number as a calendar date, YYYY-MM-DD: the 1900 system (with Excel's
// phantom 29 February 1900 between serials 59 and 61) or the 1904 system. The time of day, if
// any, is dropped only when `allow_time` is true; otherwise a serial with a fraction is no
// date. Nothing for a serial before the system's first day or past 9999-12-31.
std::optional<std::string> serial_to_iso_date(double serial, bool date1904, bool allow_time = false);

}  // namespace formwork::archive
