// libxlsxwriter behind RAII, at the edge: the workbook is closed exactly once (or, on a
// failure or a cancel, freed without writing anything), every return code is checked and
// turned into an ExportError, and text always goes in as text with Excel's `_xHHHH_`
// escape applied. No libxlsxwriter type appears in this header.
#pragma once

#include <formwork/exporters/exporter.hpp>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace formwork::exporters {

// What Excel holds at most.
inline constexpr std::uint32_t excel_max_rows = 1'048'576;
inline constexpr std::uint32_t excel_max_columns = 16'384;
inline constexpr std::size_t excel_max_cell_characters = 32'767;
inline constexpr std::size_t excel_max_sheet_name = 31;

// No column is made wider than this for its text, nor for its heading (in characters): longer
// text wraps instead, since a sheet prints one page wide and every wider column shrinks all the
// print. Each row is made tall enough for the lines its wrapped text takes.
inline constexpr std::size_t widest_text_column = 40;
inline constexpr std::size_t widest_heading_column = 20;

// `text` with A-Z made a-z and nothing else changed: sheet names are told apart case aside, as
// Excel tells them, whatever the machine's locale.
std::string lower_ascii(std::string_view text);
// The length of text as Excel counts it: UTF-16 code units.
std::size_t excel_length(std::string_view utf8) noexcept;
// Text as a cell must hold it so that Excel reads back exactly `text`: a literal
// `_xHHHH_` (which Excel would decode as a character) gets its underscore escaped as
// `_x005F_`. libxlsxwriter 1.1.4 escapes control characters itself, but not this.
std::string escape_cell_text(std::string_view text);
// The same into `out` (cleared first), which keeps its capacity from one cell to the next.
void escape_cell_text_into(std::string_view text, std::string& out);
// Why `text` may not go into a cell, or nothing: bytes that are not UTF-8, or a character XML
// 1.0 forbids (libxlsxwriter would write U+0007 as _x0007_, and a U+0000 ends the C string it
// is given), in forms::xml_text_problem's words ("holds the character U+0007, which ...").
std::optional<std::string> cell_text_problem(std::string_view text);
// Why Excel would refuse `name` as a sheet name, or empty when it is a legal one
// (uniqueness aside).
std::string sheet_name_problem(std::string_view name);
// A column's letters: 0 -> "A", 27 -> "AB".
std::string column_letters(std::uint32_t column);

class XlsxWorkbook;

// The number format of a cell; the style class (sdk::Cell::style, or "header") gives its
// colours. Style classes map to fills and fonts in one small table (xlsx_workbook.cpp):
// rag-green, rag-amber, rag-red, impact-positive, impact-negative, impact-neutral, "header"
// for header rows, and "key" for the cells a workbook read back finds its way by (ids,
// revisions, row keys): grey, to look read-only. An unknown class draws plain.
enum class NumberFormat { general, date, datetime };

// One worksheet of an XlsxWorkbook. The workbook is in constant-memory mode: rows must be
// written in order (a write to an earlier row is refused with an error, never dropped).
class XlsxSheet {
public:
    XlsxSheet(const XlsxSheet&) = delete;
    XlsxSheet& operator=(const XlsxSheet&) = delete;

    const std::string& name() const noexcept { return name_; }
    // The last row written to, or -1 when none was.
    long long last_row() const noexcept { return last_row_; }
    // What each printed page of the sheet is headed with; by default the sheet's name.
    const std::string& title() const noexcept { return title_.empty() ? name_ : title_; }
    void set_title(std::string title) { title_ = std::move(title); }

    // Each throws ExportError naming the sheet and cell when libxlsxwriter refuses:
    // limit_exceeded for an over-long text, io for a file it could not write, else
    // invalid_output (our bug). text() and merge() refuse, as invalid_output, a text with
    // a cell_text_problem: the last line, after the callers' own checks that name the field.
    void text(std::uint32_t row, std::uint32_t column, std::string_view value, std::string_view style = {});
    void number(std::uint32_t row, std::uint32_t column, double value, std::string_view style = {});
    // A date (and time, UTC) as a real Excel date with a yyyy-mm-dd (hh:mm:ss) format.
    void date(std::uint32_t row, std::uint32_t column, int year, int month, int day, std::string_view style = {});
    void datetime(std::uint32_t row, std::uint32_t column, int year, int month, int day, int hour, int minute,
                  int second, std::string_view style = {});
    void boolean(std::uint32_t row, std::uint32_t column, bool value, std::string_view style = {});
    void blank(std::uint32_t row, std::uint32_t column, std::string_view style);
    // Merges cells of one row into one, holding `value`.
    void merge(std::uint32_t row, std::uint32_t first_column, std::uint32_t last_column, std::string_view value,
               std::string_view style = {});

    void column_width(std::uint32_t column, double width, bool hidden = false);
    // The frozen rows are the sheet's heading: a printed sheet repeats them on every page.
    void freeze(std::uint32_t rows, std::uint32_t columns = 0);
    void autofilter(std::uint32_t first_row, std::uint32_t first_column, std::uint32_t last_row,
                    std::uint32_t last_column);
    // A drop-down list on a column's cells: the items inline (at most 255 characters in
    // all), or a range formula such as "=Lists!$A$2:$A$9".
    void list_validation(std::uint32_t first_row, std::uint32_t last_row, std::uint32_t column,
                         const std::vector<std::string>& items);
    void range_validation(std::uint32_t first_row, std::uint32_t last_row, std::uint32_t column,
                          const std::string& formula);
    // A note shown beside a column's cell when it is selected (Excel's input message, a data
    // validation that allows anything): what the column is for. The title is at most 32
    // characters, the message at most 255.
    void input_message(std::uint32_t first_row, std::uint32_t last_row, std::uint32_t column, std::string_view title,
                       std::string_view message);
    // Colours the cells of a column that hold exactly `value` in the style class's colours.
    void highlight_equal(std::uint32_t first_row, std::uint32_t last_row, std::uint32_t column, std::string_view value,
                         std::string_view style);
    // A hidden sheet (the drop-downs' lists) is never printed, and gets no page setup.
    void hide();
    // Protected, with no password, against casual edits: its cells can be selected, its
    // columns widened and its rows filtered, but nothing changed without Unprotect Sheet.
    void protect();

private:
    friend class XlsxWorkbook;
    XlsxSheet(XlsxWorkbook& workbook, lxw_worksheet* sheet, std::string name)
        : workbook_(workbook), sheet_(sheet), name_(std::move(name)) {}
    void wrote(std::uint32_t row, std::uint32_t column, int error);
    void check(std::uint32_t row, std::uint32_t column);
    void refuse_forbidden(std::uint32_t row, std::uint32_t column, std::string_view value) const;
    void settled(int error, const std::string& doing) const;
    void set_up_printing(const std::string& council, const std::string& exported_on);
    void count_lines(std::string_view text, bool heading);
    void settle_row_height();

    XlsxWorkbook& workbook_;
    lxw_worksheet* sheet_;
    std::string name_;
    std::string title_;
    long long last_row_ = -1;
    long long last_column_ = -1;  // the widest row's last cell: the print area's right edge
    std::uint32_t frozen_rows_ = 0;
    bool hidden_ = false;
    std::size_t row_lines_ = 1;  // the lines the last row's tallest cell takes, wrapped
    std::string cell_text_;  // the text of the cell being written, escaped
};

struct DocumentProperties {
    std::string title;
    std::string author;
    std::string comments;
    std::string company;
    std::time_t created = 0;  // 0: now
};

class XlsxWorkbook {
public:
    // A workbook to be written to `file` (for an export, the AtomicFile's temporary), with
    // libxlsxwriter's own temporary files in `temporary_folder`; `shown_as` names the file
    // in messages. Constant-memory mode: memory stays flat however many rows.
    XlsxWorkbook(const std::filesystem::path& file, const std::filesystem::path& temporary_folder,
                 std::string shown_as);
    XlsxWorkbook(const XlsxWorkbook&) = delete;
    XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;
    // Frees the workbook without writing it when close() was not called (or failed).
    ~XlsxWorkbook();

    // A legal sheet name, not yet used (case-insensitively), from `wanted`, by the rule of
    // sheet_names.hpp: Excel's forbidden characters replaced, whole words within 31
    // characters, and " (2)", " (3)"... telling apart names that would clash.
    std::string unique_sheet_name(std::string_view wanted) const;
    // Whether a sheet has, or is reserved, this name, case aside.
    bool sheet_name_taken(std::string_view name) const { return used_names_.count(lower_ascii(name)) != 0; }
    // Adds a sheet with exactly this name; throws ExportError(limit_exceeded) saying why
    // Excel would refuse it.
    XlsxSheet& add_sheet(const std::string& name);
    // Keeps `name` from being chosen by unique_sheet_name (a sheet to be added later).
    void reserve_sheet_name(const std::string& name);

    void set_properties(const DocumentProperties& properties);
    // How date cells show, as a council profile's date-format names it ("dd/mm/yyyy", "d MMM
    // yyyy"); the cells stay dates. Before the first cell is written. By default, dd/mm/yyyy.
    void set_date_format(std::string_view profile_format);
    // What every printed page says besides its sheet's title: the council (the profile's
    // organisation name) and the day of the export, as the profile writes dates. Each visible
    // sheet prints landscape on A4, one page wide, its heading rows on every page.
    void set_print_heading(std::string council, std::string exported_on);

    // Writes the file. Exactly once; throws ExportError(io) naming the file and
    // libxlsxwriter's reason. The workbook is freed either way.
    void close();
    bool closed() const noexcept { return workbook_ == nullptr; }

    const std::string& shown_as() const noexcept { return shown_as_; }

private:
    friend class XlsxSheet;
    // Every cell's format aligns it to the top of its row, beside a wrapped neighbour; text
    // wraps, so that a long or multi-paragraph cell prints whole.
    lxw_format* format(NumberFormat number_format, std::string_view style, bool text = false);
    lxw_format* highlight_format(std::string_view style);
    void discard() noexcept;

    lxw_workbook* workbook_ = nullptr;
    std::string temporary_folder_;  // libxlsxwriter keeps the pointer
    std::string shown_as_;
    std::vector<std::unique_ptr<XlsxSheet>> sheets_;
    std::set<std::string> used_names_;  // lower case
    std::map<std::pair<int, std::string>, lxw_format*> formats_;
    std::map<std::string, lxw_format*> highlights_;
    lxw_format* plain_formats_[4] = {nullptr, nullptr, nullptr, nullptr};  // by NumberFormat, then text; no style class
    std::string date_format_ = "dd/mm/yyyy";  // Excel's number format for a date
    std::string council_;
    std::string exported_on_;
};

}  // namespace formwork::exporters
