#include "xlsx_workbook.hpp"

#include "sheet_names.hpp"

#include <formwork/model/xml_input.hpp>

#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace formwork::exporters {

std::string lower_ascii(std::string_view text) {
    std::string lower(text);
    for (auto& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

// Three places reach into libxlsxwriter 1.1.4's structures, for its bugs: discard() closes
// each worksheet's constant-memory temporary file, which lxw_workbook_free() leaves open (a
// file descriptor per cancelled export); close() checks those files for failed writes,
// which libxlsxwriter ignores (a full disk); range_validation() avoids a leak. A newer
// libxlsxwriter may have changed or fixed them: check before allowing it.
static_assert(LXW_VERSION_ID == 114,
              "check XlsxWorkbook::discard(), close() and XlsxSheet::range_validation() against this libxlsxwriter");

namespace {

bool is_hex(char c) noexcept { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

constexpr std::string_view forbidden_in_sheet_names = "[]:*?/\\";

struct StyleClass {
    std::string_view name;
    lxw_color_t fill;
    lxw_color_t font;
    bool bold;
};

// Style classes name a meaning; this is what they look like in a workbook. The RAG and
// impact colours are Excel's own "Good", "Neutral" and "Bad" cell styles.
constexpr StyleClass style_classes[] = {
    {"header", 0xDDEBF7, LXW_COLOR_BLACK, true},
    {"key", 0xF2F2F2, 0x595959, false},
    {"rag-green", 0xC6EFCE, 0x006100, false},
    {"rag-amber", 0xFFEB9C, 0x9C5700, false},
    {"rag-red", 0xFFC7CE, 0x9C0006, false},
    {"impact-positive", 0xC6EFCE, 0x006100, false},
    {"impact-negative", 0xFFC7CE, 0x9C0006, false},
    {"impact-neutral", 0xEDEDED, 0x3A3A3A, false},
    {"impact-both", 0xFFEB9C, 0x9C5700, false},
    {"impact-insufficient-data", 0xDDEBF7, 0x1F4E79, false},
    // The attendance year's categories: greens attended, ambers a deputy or substitute, reds no
    // one; blue-greys (in attendance, not as a member), grey (not yet recorded), purple (unknown).
    {"attendance-present", 0xC6EFCE, 0x006100, false},
    {"attendance-present-virtual", 0xE2EFDA, 0x375623, false},
    {"attendance-substitute", 0xFFEB9C, 0x9C5700, false},
    {"attendance-substitute-virtual", 0xFFF2CC, 0x7F6000, false},
    {"attendance-apologies-substitute", 0xFCE4D6, 0x833C0B, false},
    {"attendance-deputy-sent", 0xF8CBAD, 0x843C0C, false},
    {"attendance-apologies", 0xFFC7CE, 0x9C0006, false},
    {"attendance-absent", 0xF4B0B0, 0x820000, false},
    {"attendance-none", 0xFFDEDE, 0x9C0006, false},
    {"attendance-in-attendance", 0xD6DCE4, 0x333F4F, false},
    {"attendance-in-attendance-virtual", 0xE9EDF2, 0x44546A, false},
    {"attendance-expected", 0xF2F2F2, 0x595959, false},
    {"attendance-unknown", 0xE4DFEC, 0x5B3F86, false},
};

const StyleClass* find_style(std::string_view name) noexcept {
    for (const auto& style : style_classes)
        if (style.name == name) return &style;
    return nullptr;
}

ExportError::Kind kind_of(lxw_error error) noexcept {
    switch (error) {
        case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
        case LXW_ERROR_255_STRING_LENGTH_EXCEEDED:
        case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
        case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
        case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
        case LXW_ERROR_SHEETNAME_ALREADY_USED:
            return ExportError::Kind::limit_exceeded;
        case LXW_ERROR_MEMORY_MALLOC_FAILED:
        case LXW_ERROR_CREATING_XLSX_FILE:
        case LXW_ERROR_CREATING_TMPFILE:
        case LXW_ERROR_READING_TMPFILE:
        case LXW_ERROR_ZIP_FILE_OPERATION:
        case LXW_ERROR_ZIP_PARAMETER_ERROR:
        case LXW_ERROR_ZIP_BAD_ZIP_FILE:
        case LXW_ERROR_ZIP_INTERNAL_ERROR:
        case LXW_ERROR_ZIP_FILE_ADD:
        case LXW_ERROR_ZIP_CLOSE:
            return ExportError::Kind::io;
        default:
            return ExportError::Kind::invalid_output;
    }
}

std::string cell_name(std::uint32_t row, std::uint32_t column) { return column_letters(column) + std::to_string(row + 1); }

}  // namespace

std::size_t excel_length(std::string_view utf8) noexcept {
    std::size_t units = 0;
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte & 0xC0) != 0x80) ++units;  // a character starts here
        if (byte >= 0xF0) ++units;           // beyond the BMP: a surrogate pair
    }
    return units;
}

namespace {

// Where Excel would decode a literal `_xHHHH_`: the position of its underscore, or npos.
std::size_t next_escape_at(std::string_view text, std::size_t from) noexcept {
    for (auto i = text.find("_x", from); i != std::string_view::npos; i = text.find("_x", i + 1))
        if (i + 6 < text.size() && is_hex(text[i + 2]) && is_hex(text[i + 3]) && is_hex(text[i + 4]) &&
            is_hex(text[i + 5]) && text[i + 6] == '_')
            return i;
    return std::string_view::npos;
}

}  // namespace

void escape_cell_text_into(std::string_view text, std::string& out) {
    out.clear();
    std::size_t start = 0;
    // Every underscore that starts _xHHHH_, overlapping ones too: "_x0041_x0042_"
    // needs both escaped, since Excel decodes from left to right.
    for (auto at = next_escape_at(text, 0); at != std::string_view::npos; at = next_escape_at(text, at + 1)) {
        out.append(text.data() + start, at - start);
        out.append("_x005F_");
        start = at + 1;
    }
    out.append(text.data() + start, text.size() - start);
}

std::string escape_cell_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    escape_cell_text_into(text, out);
    return out;
}

std::optional<std::string> cell_text_problem(std::string_view text) {
    // Most text is printable ASCII, which needs no decoding.
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || (byte < 0x20 && c != '\t' && c != '\n' && c != '\r')) return forms::xml_text_problem(text);
    }
    return std::nullopt;
}

std::string sheet_name_problem(std::string_view name) {
    if (name.empty()) return "it is empty";
    if (excel_length(name) > excel_max_sheet_name)
        return "it is " + std::to_string(excel_length(name)) + " characters long; Excel allows at most 31";
    for (const char c : name)
        if (forbidden_in_sheet_names.find(c) != std::string_view::npos)
            return std::string("it holds '") + c + "', and Excel allows none of []:*?/\\ in sheet names";
    if (name.front() == '\'' || name.back() == '\'') return "it begins or ends with an apostrophe";
    if (lower_ascii(name) == "history") return "Excel reserves the name History";
    return {};
}

std::string column_letters(std::uint32_t column) {
    std::string letters;
    ++column;
    while (column > 0) {
        const auto rest = (column - 1) % 26;
        letters.insert(letters.begin(), static_cast<char>('A' + rest));
        column = (column - 1) / 26;
    }
    return letters;
}

// ---- XlsxSheet ----

void XlsxSheet::settled(int error, const std::string& doing) const {
    if (error == LXW_NO_ERROR) return;
    const auto code = static_cast<lxw_error>(error);
    throw ExportError(kind_of(code), "sheet '" + name_ + "', " + doing + ": " + lxw_strerror(code));
}

void XlsxSheet::check(std::uint32_t row, std::uint32_t column) {
    if (row >= excel_max_rows || column >= excel_max_columns)
        throw ExportError(ExportError::Kind::limit_exceeded,
                          "sheet '" + name_ + "' would need row " + std::to_string(row + 1) + ", column " +
                              std::to_string(column + 1) + "; Excel holds 1,048,576 rows and 16,384 columns");
    if (static_cast<long long>(row) > last_row_) settle_row_height();
    // Constant-memory mode has already written earlier rows to its temporary file.
    if (static_cast<long long>(row) < last_row_)
        throw ExportError(ExportError::Kind::invalid_output, "sheet '" + name_ + "': row " + std::to_string(row + 1) +
                                                                 " was written after row " + std::to_string(last_row_ + 1));
}

void XlsxSheet::count_lines(std::string_view text, bool heading) {
    // Neither Excel nor LibreOffice grows a row to fit its wrapped text when it opens a file, so
    // the row is given the height of its lines. Text at most as long as the column limit has a
    // column as wide as itself (width_for); longer text, a column at the limit, where a line
    // holds a little less than the limit, since lines break between words.
    const std::size_t limit = heading ? widest_heading_column : widest_text_column;
    const std::size_t per_line = limit - limit / 8;
    std::size_t lines = 0;
    for (std::size_t start = 0;;) {
        const auto end = text.find('\n', start);
        const auto length = excel_length(text.substr(start, end == std::string_view::npos ? end : end - start));
        lines += length <= limit ? 1 : (length + per_line - 1) / per_line;
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    row_lines_ = std::max(row_lines_, lines);
}

void XlsxSheet::settle_row_height() {
    // The row being written is still in libxlsxwriter's hands until the next one starts.
    if (last_row_ < 0 || row_lines_ <= 1) return;
    constexpr double points_per_line = 15.0;  // Calibri 11, the default
    const auto height = std::min(409.0, points_per_line * static_cast<double>(row_lines_));  // Excel's tallest
    row_lines_ = 1;
    settled(worksheet_set_row(sheet_, static_cast<lxw_row_t>(last_row_), height, nullptr),
            "the height of row " + std::to_string(last_row_ + 1));
}

void XlsxSheet::wrote(std::uint32_t row, std::uint32_t column, int error) {
    // The cell's name is only spelled out for a message.
    if (error != LXW_NO_ERROR) settled(error, "cell " + cell_name(row, column));
    last_row_ = std::max(last_row_, static_cast<long long>(row));
    last_column_ = std::max(last_column_, static_cast<long long>(column));
}

void XlsxSheet::refuse_forbidden(std::uint32_t row, std::uint32_t column, std::string_view value) const {
    if (const auto problem = cell_text_problem(value))
        throw ExportError(ExportError::Kind::invalid_output, "sheet '" + name_ + "', cell " + cell_name(row, column) +
                                                                 ": the text " + *problem);
}

void XlsxSheet::text(std::uint32_t row, std::uint32_t column, std::string_view value, std::string_view style) {
    check(row, column);
    refuse_forbidden(row, column, value);
    // A UTF-16 code unit takes at least one byte: only longer text needs counting.
    if (value.size() > excel_max_cell_characters)
        if (const auto length = excel_length(value); length > excel_max_cell_characters)
            throw ExportError(ExportError::Kind::limit_exceeded,
                              "sheet '" + name_ + "', cell " + cell_name(row, column) + ": the text is " +
                                  std::to_string(length) + " characters long; an Excel cell holds at most 32,767");
    // libxlsxwriter wants a C string: the text goes through one buffer, kept between cells,
    // escaped on the way.
    escape_cell_text_into(value, cell_text_);
    const int error = worksheet_write_string(sheet_, row, static_cast<lxw_col_t>(column), cell_text_.c_str(),
                                             workbook_.format(NumberFormat::general, style, true));
    if (error == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        throw ExportError(ExportError::Kind::limit_exceeded,
                          "sheet '" + name_ + "', cell " + cell_name(row, column) +
                              ": the text, with its _xHHHH_ sequences escaped as Excel needs, is over the 32,767 "
                              "characters an Excel cell holds");
    wrote(row, column, error);
    count_lines(value, style == "header");
}

void XlsxSheet::number(std::uint32_t row, std::uint32_t column, double value, std::string_view style) {
    check(row, column);
    wrote(row, column,
          worksheet_write_number(sheet_, row, static_cast<lxw_col_t>(column), value,
                                 workbook_.format(NumberFormat::general, style)));
}

void XlsxSheet::date(std::uint32_t row, std::uint32_t column, int year, int month, int day, std::string_view style) {
    check(row, column);
    lxw_datetime value{year, month, day, 0, 0, 0.0};
    wrote(row, column,
          worksheet_write_datetime(sheet_, row, static_cast<lxw_col_t>(column), &value,
                                   workbook_.format(NumberFormat::date, style)));
}

void XlsxSheet::datetime(std::uint32_t row, std::uint32_t column, int year, int month, int day, int hour, int minute,
                         int second, std::string_view style) {
    check(row, column);
    lxw_datetime value{year, month, day, hour, minute, static_cast<double>(second)};
    wrote(row, column,
          worksheet_write_datetime(sheet_, row, static_cast<lxw_col_t>(column), &value,
                                   workbook_.format(NumberFormat::datetime, style)));
}

void XlsxSheet::boolean(std::uint32_t row, std::uint32_t column, bool value, std::string_view style) {
    check(row, column);
    wrote(row, column,
          worksheet_write_boolean(sheet_, row, static_cast<lxw_col_t>(column), value ? 1 : 0,
                                  workbook_.format(NumberFormat::general, style)));
}

void XlsxSheet::blank(std::uint32_t row, std::uint32_t column, std::string_view style) {
    check(row, column);
    wrote(row, column,
          worksheet_write_blank(sheet_, row, static_cast<lxw_col_t>(column),
                                workbook_.format(NumberFormat::general, style)));
}

void XlsxSheet::merge(std::uint32_t row, std::uint32_t first_column, std::uint32_t last_column, std::string_view value,
                      std::string_view style) {
    check(row, last_column);
    check(row, first_column);
    refuse_forbidden(row, first_column, value);
    if (excel_length(value) > excel_max_cell_characters)
        throw ExportError(ExportError::Kind::limit_exceeded, "sheet '" + name_ + "', cell " +
                                                                 cell_name(row, first_column) +
                                                                 ": the text is over the 32,767 characters an Excel cell holds");
    const auto escaped = escape_cell_text(value);
    const int error = worksheet_merge_range(sheet_, row, static_cast<lxw_col_t>(first_column), row,
                                            static_cast<lxw_col_t>(last_column), escaped.c_str(),
                                            workbook_.format(NumberFormat::general, style, true));
    settled(error, "merging " + cell_name(row, first_column) + ":" + cell_name(row, last_column));
    last_row_ = std::max(last_row_, static_cast<long long>(row));
    last_column_ = std::max(last_column_, static_cast<long long>(last_column));
}

void XlsxSheet::column_width(std::uint32_t column, double width, bool hidden) {
    lxw_row_col_options options{static_cast<uint8_t>(hidden ? 1 : 0), 0, 0};
    const auto col = static_cast<lxw_col_t>(column);
    settled(worksheet_set_column_opt(sheet_, col, col, width, nullptr, &options), "column " + column_letters(column));
}

void XlsxSheet::freeze(std::uint32_t rows, std::uint32_t columns) {
    worksheet_freeze_panes(sheet_, rows, static_cast<lxw_col_t>(columns));
    frozen_rows_ = rows;
}

void XlsxSheet::autofilter(std::uint32_t first_row, std::uint32_t first_column, std::uint32_t last_row,
                           std::uint32_t last_column) {
    settled(worksheet_autofilter(sheet_, first_row, static_cast<lxw_col_t>(first_column), last_row,
                                 static_cast<lxw_col_t>(last_column)),
            "the autofilter");
}

void XlsxSheet::list_validation(std::uint32_t first_row, std::uint32_t last_row, std::uint32_t column,
                                const std::vector<std::string>& items) {
    // libxlsxwriter 1.1.4 takes the list as char**; it copies the items.
    std::vector<std::string> copies(items);
    std::vector<char*> list;
    for (auto& item : copies) list.push_back(item.data());
    list.push_back(nullptr);
    lxw_data_validation validation{};
    validation.validate = LXW_VALIDATION_TYPE_LIST;
    validation.value_list = list.data();
    const auto col = static_cast<lxw_col_t>(column);
    settled(worksheet_data_validation_range(sheet_, first_row, col, last_row, col, &validation),
            "the drop-down list of column " + column_letters(column));
}

void XlsxSheet::range_validation(std::uint32_t first_row, std::uint32_t last_row, std::uint32_t column,
                                 const std::string& formula) {
    // libxlsxwriter 1.1.4 copies a LIST_FORMULA validation's formula twice and loses the
    // first copy (a leak per drop-down, which LeakSanitizer reports). So add a one-item
    // LIST, which it copies once, and put the formula in place of its item: both types
    // write value_formula as the <formula1> element.
    char placeholder[] = "-";
    char* items[] = {placeholder, nullptr};
    lxw_data_validation validation{};
    validation.validate = LXW_VALIDATION_TYPE_LIST;
    validation.value_list = items;
    const auto col = static_cast<lxw_col_t>(column);
    const std::string doing = "the drop-down list of column " + column_letters(column);
    settled(worksheet_data_validation_range(sheet_, first_row, col, last_row, col, &validation), doing);
    lxw_data_val_obj* added = sheet_->data_validations->stqh_first;
    while (added != nullptr && added->list_pointers.stqe_next != nullptr) added = added->list_pointers.stqe_next;
    if (added == nullptr) settled(LXW_ERROR_PARAMETER_VALIDATION, doing);
    char* copy = lxw_strdup_formula(formula.c_str());  // without a leading '='
    if (copy == nullptr) settled(LXW_ERROR_MEMORY_MALLOC_FAILED, doing);
    std::free(added->value_formula);
    added->value_formula = copy;
    added->validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
}

void XlsxSheet::input_message(std::uint32_t first_row, std::uint32_t last_row, std::uint32_t column,
                              std::string_view title, std::string_view message) {
    // libxlsxwriter copies both strings.
    std::string title_text(title), message_text(message);
    lxw_data_validation validation{};
    validation.validate = LXW_VALIDATION_TYPE_ANY;
    validation.input_title = title_text.data();
    validation.input_message = message_text.data();
    const auto col = static_cast<lxw_col_t>(column);
    settled(worksheet_data_validation_range(sheet_, first_row, col, last_row, col, &validation),
            "the input message of column " + column_letters(column));
}

void XlsxSheet::highlight_equal(std::uint32_t first_row, std::uint32_t last_row, std::uint32_t column,
                                std::string_view value, std::string_view style) {
    // A formula's string literal: quotes doubled.
    std::string literal = "\"";
    for (const char c : value) literal += c == '"' ? std::string("\"\"") : std::string(1, c);
    literal += '"';
    lxw_conditional_format rule{};
    rule.type = LXW_CONDITIONAL_TYPE_CELL;
    rule.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    rule.value_string = literal.data();
    rule.format = workbook_.highlight_format(style);
    const auto col = static_cast<lxw_col_t>(column);
    settled(worksheet_conditional_format_range(sheet_, first_row, col, last_row, col, &rule),
            "the conditional format of column " + column_letters(column));
}

void XlsxSheet::hide() {
    worksheet_hide(sheet_);
    hidden_ = true;
}

void XlsxSheet::protect() {
    lxw_protection options{};
    options.format_columns = LXW_TRUE;
    options.autofilter = LXW_TRUE;
    worksheet_protect(sheet_, nullptr, &options);
}

namespace {

// A header or footer section holding `text` as it is: '&' starts a code there, so a literal one
// is doubled, and a line break would start a new line. At most `most` characters (libxlsxwriter
// refuses a header of over 255), cut with an ellipsis.
std::string header_section(std::string_view text, std::size_t most) {
    std::string section;
    std::size_t used = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t bytes = std::min(text.size() - i, std::size_t{lead < 0x80 ? 1U : lead < 0xE0 ? 2U : lead < 0xF0 ? 3U : 4U});
        const std::size_t width = text[i] == '&' ? 2 : 1;
        const bool last = i + bytes == text.size();
        // Room for this character and, unless it is the last, for an ellipsis after it.
        if (used + width + (last ? 0 : 1) > most) {
            section += "\u2026";
            break;
        }
        if (text[i] == '&')
            section += "&&";
        else if (lead < 0x20)
            section += ' ';
        else
            section.append(text.data() + i, bytes);
        used += width;
        i += bytes;
    }
    return section;
}

}  // namespace

void XlsxSheet::set_up_printing(const std::string& council, const std::string& exported_on) {
    // Landscape on A4, as a UK council prints, every column on one page across and as many
    // pages down as the rows need: a page never holds only the columns that overflowed.
    worksheet_set_landscape(sheet_);
    worksheet_set_paper(sheet_, 9);  // A4
    worksheet_fit_to_pages(sheet_, 1, 0);
    worksheet_set_margins(sheet_, 0.25, 0.25, 0.75, 0.75);  // Excel's "Narrow"
    if (frozen_rows_ > 0) settled(worksheet_repeat_rows(sheet_, 0, frozen_rows_ - 1), "the rows printed on every page");
    if (last_row_ >= 0 && last_column_ >= 0)
        settled(worksheet_print_area(sheet_, 0, 0, static_cast<lxw_row_t>(last_row_), static_cast<lxw_col_t>(last_column_)),
                "the print area");
    std::string header = "&L" + header_section(council, 80) + "&C&B" + header_section(title(), 100) + "&B";
    if (!exported_on.empty()) header += "&RExported " + header_section(exported_on, 40);
    settled(worksheet_set_header(sheet_, header.c_str()), "the printed header");
    settled(worksheet_set_footer(sheet_, "&CPage &P of &N"), "the printed footer");
}

// ---- XlsxWorkbook ----

XlsxWorkbook::XlsxWorkbook(const std::filesystem::path& file, const std::filesystem::path& temporary_folder,
                           std::string shown_as)
    : temporary_folder_(temporary_folder.empty() ? std::string(".") : temporary_folder.string()),
      shown_as_(std::move(shown_as)) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = temporary_folder_.data();
    workbook_ = workbook_new_opt(file.c_str(), &options);
    if (workbook_ == nullptr) throw ExportError(ExportError::Kind::io, "cannot start the workbook " + shown_as_ + ": out of memory");
    used_names_.insert("history");  // Excel reserves it
}

XlsxWorkbook::~XlsxWorkbook() { discard(); }

void XlsxWorkbook::discard() noexcept {
    if (workbook_ == nullptr) return;
    for (const auto& sheet : sheets_) {
        if (sheet->sheet_->optimize_tmpfile != nullptr) {
            std::fclose(sheet->sheet_->optimize_tmpfile);
            sheet->sheet_->optimize_tmpfile = nullptr;
            sheet->sheet_->file = nullptr;
        }
    }
    lxw_workbook_free(workbook_);
    workbook_ = nullptr;
}

std::string XlsxWorkbook::unique_sheet_name(std::string_view wanted) const {
    // The rule of sheet_names.hpp: whole words, and a clash told apart as "Name (2)".
    return sheet_names::unique([&](std::size_t units) { return sheet_names::within(wanted, units); },
                               [&](const std::string& name) { return sheet_name_taken(name); });
}

void XlsxWorkbook::reserve_sheet_name(const std::string& name) { used_names_.insert(lower_ascii(name)); }

XlsxSheet& XlsxWorkbook::add_sheet(const std::string& name) {
    if (workbook_ == nullptr) throw ExportError(ExportError::Kind::invalid_output, "the workbook is already closed");
    if (const auto problem = sheet_name_problem(name); !problem.empty())
        throw ExportError(ExportError::Kind::limit_exceeded, "Excel cannot name a sheet '" + name + "': " + problem);
    if (const auto error = workbook_validate_sheet_name(workbook_, name.c_str()); error != LXW_NO_ERROR)
        throw ExportError(ExportError::Kind::limit_exceeded,
                          "Excel cannot name a sheet '" + name + "': " + lxw_strerror(error));
    auto* sheet = workbook_add_worksheet(workbook_, name.c_str());
    if (sheet == nullptr)
        throw ExportError(ExportError::Kind::io, "cannot add the sheet '" + name + "' to " + shown_as_ +
                                                     ": libxlsxwriter could not create its temporary file in " +
                                                     temporary_folder_);
    used_names_.insert(lower_ascii(name));
    sheets_.push_back(std::unique_ptr<XlsxSheet>(new XlsxSheet(*this, sheet, name)));
    return *sheets_.back();
}

void XlsxWorkbook::set_properties(const DocumentProperties& properties) {
    if (workbook_ == nullptr) throw ExportError(ExportError::Kind::invalid_output, "the workbook is already closed");
    std::string title = properties.title, author = properties.author, comments = properties.comments,
                company = properties.company;
    lxw_doc_properties document{};
    document.company = company.empty() ? nullptr : company.data();
    document.title = title.empty() ? nullptr : title.data();
    document.author = author.empty() ? nullptr : author.data();
    document.comments = comments.empty() ? nullptr : comments.data();
    document.created = properties.created != 0 ? properties.created : std::time(nullptr);
    if (const auto error = workbook_set_properties(workbook_, &document); error != LXW_NO_ERROR)
        throw ExportError(kind_of(error), "the document properties of " + shown_as_ + ": " + lxw_strerror(error));
}

void XlsxWorkbook::close() {
    if (workbook_ == nullptr) throw ExportError(ExportError::Kind::invalid_output, "the workbook is already closed");
    for (const auto& sheet : sheets_) {
        sheet->settle_row_height();
        if (!sheet->hidden_) sheet->set_up_printing(council_, exported_on_);
    }
    // Constant-memory mode keeps rows in temporary files through stdio and never looks at
    // a failed write (a full disk): look here, before they are copied into the file.
    for (const auto& sheet : sheets_) {
        auto* rows = sheet->sheet_->optimize_tmpfile;
        if (rows == nullptr) continue;
        errno = 0;
        if (std::fflush(rows) != 0 || std::ferror(rows) != 0) {
            const int error = errno;
            discard();
            throw ExportError(ExportError::Kind::io,
                              "cannot write " + shown_as_ + ": the rows of sheet '" + sheet->name() +
                                  "' could not be kept in " + temporary_folder_ + " (" +
                                  (error != 0 ? std::strerror(error) : "a write failed") + ")");
        }
    }
    // workbook_close frees the workbook whatever happens: never free it again.
    auto* workbook = workbook_;
    workbook_ = nullptr;
    if (const auto error = workbook_close(workbook); error != LXW_NO_ERROR)
        throw ExportError(ExportError::Kind::io, "cannot write " + shown_as_ + ": " + lxw_strerror(error));
}

void XlsxWorkbook::set_date_format(std::string_view profile_format) {
    // The profile's formats (date_format.hpp) are Excel's once MMM and MMMM are lower case: d,
    // dd, mm, mmm, mmmm and yyyy, with '/', '.', '-' and ' ' between. An mm after hh would be
    // minutes; a date format has no hh.
    std::string excel;
    for (const char c : profile_format) excel += c == 'M' ? 'm' : c;
    date_format_ = excel.empty() ? std::string("dd/mm/yyyy") : excel;
}

void XlsxWorkbook::set_print_heading(std::string council, std::string exported_on) {
    council_ = std::move(council);
    exported_on_ = std::move(exported_on);
}

lxw_format* XlsxWorkbook::format(NumberFormat number_format, std::string_view style, bool text) {
    // Most cells have no style class: their four formats are kept at hand.
    const auto plain = text ? std::size_t{3} : static_cast<std::size_t>(number_format);
    if (style.empty() && plain_formats_[plain] != nullptr) return plain_formats_[plain];
    const auto* colours = find_style(style);
    const std::pair<int, std::string> key{static_cast<int>(plain), colours ? std::string(style) : std::string()};
    if (const auto found = formats_.find(key); found != formats_.end()) return found->second;
    auto* format = workbook_add_format(workbook_);
    if (format == nullptr) throw ExportError(ExportError::Kind::io, "cannot add a cell format: out of memory");
    format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    if (text) format_set_text_wrap(format);
    if (number_format == NumberFormat::date) format_set_num_format(format, date_format_.c_str());
    if (number_format == NumberFormat::datetime) format_set_num_format(format, (date_format_ + " hh:mm:ss").c_str());
    if (colours != nullptr) {
        format_set_pattern(format, LXW_PATTERN_SOLID);
        format_set_bg_color(format, colours->fill);
        format_set_font_color(format, colours->font);
        if (colours->bold) {
            format_set_bold(format);
            format_set_bottom(format, LXW_BORDER_THIN);
        }
    }
    formats_.emplace(key, format);
    if (style.empty()) plain_formats_[plain] = format;
    return format;
}

lxw_format* XlsxWorkbook::highlight_format(std::string_view style) {
    const auto* colours = find_style(style);
    if (colours == nullptr) colours = find_style("impact-neutral");
    const std::string key(colours->name);
    if (const auto found = highlights_.find(key); found != highlights_.end()) return found->second;
    auto* format = workbook_add_format(workbook_);
    if (format == nullptr) throw ExportError(ExportError::Kind::io, "cannot add a cell format: out of memory");
    format_set_bg_color(format, colours->fill);
    format_set_font_color(format, colours->font);
    highlights_.emplace(key, format);
    return format;
}

}  // namespace formwork::exporters
