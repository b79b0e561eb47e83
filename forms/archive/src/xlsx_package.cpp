// The xlsx reader (xlsx_package.hpp): the package's parts found through their relationships, as
// ECMA-376 Part 2 (OPC) says, and the cells of a sheet read from one pugixml parse of its part.
// SpreadsheetML's elements are matched by local name, so a writer that gives the main namespace
// a prefix (<x:c>, as some .NET writers do) reads the same as one that does not.
#include <formwork/archive/xlsx_package.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <system_error>
#include <utility>

namespace formwork::archive {

namespace {

constexpr std::uint32_t max_rows = 1'048'576;   // Excel's sheet: rows 1..1048576
constexpr std::uint32_t max_columns = 16'384;   // columns A..XFD

std::string_view local_name(const char* name) {
    const std::string_view whole(name);
    const auto colon = whole.rfind(':');
    return colon == std::string_view::npos ? whole : whole.substr(colon + 1);
}

std::string_view local_name(const pugi::xml_node& node) { return local_name(node.name()); }

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
    for (auto each = node.first_child(); each; each = each.next_sibling())
        if (each.type() == pugi::node_element && local_name(each) == name) return each;
    return {};
}

// An attribute by its local name: r:id is written with whatever prefix the writer bound the
// relationships namespace to.
pugi::xml_attribute attribute(const pugi::xml_node& node, std::string_view name) {
    for (auto each = node.first_attribute(); each; each = each.next_attribute())
        if (local_name(each.name()) == name) return each;
    return {};
}

// A relationship's id attribute (r:id), never the element's own unprefixed "id".
pugi::xml_attribute relationship_id(const pugi::xml_node& node) {
    for (auto each = node.first_attribute(); each; each = each.next_attribute()) {
        const std::string_view name(each.name());
        if (name.find(':') != std::string_view::npos && local_name(each.name()) == "id") return each;
    }
    return {};
}

bool ends_with(std::string_view text, std::string_view end) {
    return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

bool parse_unsigned(std::string_view text, std::uint64_t& value) {
    if (text.empty()) return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size();
}

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// The code unit of an escape "_xHHHH_" at `at`, or -1.
long escape_at(std::string_view text, std::size_t at) {
    if (at + 7 > text.size() || text[at] != '_' || text[at + 1] != 'x' || text[at + 6] != '_') return -1;
    long value = 0;
    for (std::size_t i = at + 2; i < at + 6; ++i) {
        const char c = text[i];
        int digit = 0;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        else return -1;
        value = value * 16 + digit;
    }
    return value;
}

// Excel writes a character XML cannot hold (and any text that looks like an escape) as _xHHHH_,
// the UTF-16 code unit in hex; "_x005F_" is the underscore, so "_x005F_x0041_" is "_x0041_" as
// typed. Read left to right, an escaped underscore is used up before what follows it is looked
// at, which is exactly that rule. A surrogate pair is two escapes; a lone surrogate stays as
// written (no character to give).
std::string decode_escapes(std::string_view text) {
    if (text.find("_x") == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    while (at < text.size()) {
        const long unit = text[at] == '_' ? escape_at(text, at) : -1;
        if (unit < 0) {
            out += text[at++];
            continue;
        }
        const auto code = static_cast<std::uint32_t>(unit);
        if (code >= 0xD800 && code < 0xDC00) {
            const long low = escape_at(text, at + 7);
            if (low >= 0xDC00 && low < 0xE000) {
                append_utf8(out, 0x10000 + ((code - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00));
                at += 14;
                continue;
            }
            out.append(text.substr(at, 7));
        } else if (code >= 0xDC00 && code < 0xE000) {
            out.append(text.substr(at, 7));
        } else {
            append_utf8(out, code);
        }
        at += 7;
    }
    return out;
}

// A <t>'s text, or the runs' <t>s of rich text joined; phonetic runs (<rPh>) and their
// properties are the reading of the text, not the text.
std::string string_item_text(const pugi::xml_node& item) {
    if (const auto only = item.first_child(); only && !only.next_sibling() && local_name(only) == "t")
        return decode_escapes(only.text().get());
    std::string raw;
    for (auto part = item.first_child(); part; part = part.next_sibling()) {
        if (part.type() != pugi::node_element) continue;
        const auto name = local_name(part);
        if (name == "t") {
            raw += part.text().get();
        } else if (name == "r") {
            if (const auto t = child(part, "t")) raw += t.text().get();
        }
    }
    return decode_escapes(raw);
}

// Whether a number format code shows a date and/or a time. Quoted text, escaped characters (\x),
// padding (_x), fill (*x) and [bracketed] colours, locales and conditions are no part of it,
// except elapsed time ([h], [mm], [ss]). "m" is minutes after an hour or before seconds, a month
// anywhere else.
std::pair<bool, bool> format_shows_date_time(std::string_view code) {
    bool date = false;
    bool time = false;
    enum class Last { none, hour, minute_or_month, second, other } last = Last::none;
    bool pending_m = false;  // an "m" run whose meaning waits for the next token
    auto settle_m = [&](bool as_minutes) {
        if (!pending_m) return;
        (as_minutes ? time : date) = true;
        pending_m = false;
    };
    std::size_t i = 0;
    while (i < code.size()) {
        const char c = code[i];
        const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (c == '"') {
            const auto close = code.find('"', i + 1);
            i = close == std::string_view::npos ? code.size() : close + 1;
            continue;
        }
        if (c == '\\' || c == '_' || c == '*') {
            i += 2;
            continue;
        }
        if (c == '[') {
            const auto close = code.find(']', i + 1);
            const auto inside = code.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
            const bool elapsed = !inside.empty() &&
                                 std::all_of(inside.begin(), inside.end(), [&](char e) { return e == inside[0]; }) &&
                                 (inside[0] == 'h' || inside[0] == 'H' || inside[0] == 'm' || inside[0] == 'M' ||
                                  inside[0] == 's' || inside[0] == 'S');
            if (elapsed) {
                settle_m(inside[0] == 's' || inside[0] == 'S');
                time = true;
                last = inside[0] == 'h' || inside[0] == 'H' ? Last::hour : Last::other;
            }
            i = close == std::string_view::npos ? code.size() : close + 1;
            continue;
        }
        if (code.substr(i, 5) == "AM/PM" || code.substr(i, 5) == "am/pm") {
            time = true;
            i += 5;
            continue;
        }
        if (code.substr(i, 3) == "A/P" || code.substr(i, 3) == "a/p") {
            time = true;
            i += 3;
            continue;
        }
        if (lower == 'g' && code.size() - i >= 7) {
            std::string word(code.substr(i, 7));
            for (auto& w : word) w = static_cast<char>(w >= 'A' && w <= 'Z' ? w - 'A' + 'a' : w);
            if (word == "general") {
                i += 7;
                continue;
            }
        }
        std::size_t run = 1;
        while (i + run < code.size() && (code[i + run] == c)) ++run;
        switch (lower) {
        case 'e':  // the year, in some locales' formats, but E+ and e- are a number's exponent
            if (i + 1 < code.size() && (code[i + 1] == '+' || code[i + 1] == '-')) break;
            settle_m(false);
            date = true;
            last = Last::other;
            break;
        case 'y':
        case 'd':
            settle_m(false);
            date = true;
            last = Last::other;
            break;
        case 'h':
            settle_m(false);
            time = true;
            last = Last::hour;
            break;
        case 's':
            settle_m(true);
            time = true;
            last = Last::second;
            break;
        case 'm':
            settle_m(false);
            if (last == Last::hour) {
                time = true;
                last = Last::minute_or_month;
            } else if (run <= 2) {
                pending_m = true;  // minutes if seconds follow, else a month
                last = Last::minute_or_month;
            } else {
                date = true;  // mmm, mmmm, mmmmm: a month's name
                last = Last::other;
            }
            break;
        case ';':
            settle_m(false);
            last = Last::none;
            break;
        default:
            break;
        }
        i += run;
    }
    settle_m(false);
    return {date, time};
}

// The built-in formats (ECMA-376 Part 1, 18.8.30) that show a date or a time. 27-36 and 50-58 are
// the East Asian locales' dates (and, at 32-35 and 55-56, times); no other locale uses them.
std::pair<bool, bool> builtin_shows_date_time(std::uint64_t id) {
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58)
        return {true, false};
    if (id == 22) return {true, true};
    if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 || id == 56)
        return {false, true};
    return {false, false};
}

// A part name with "." and ".." folded away, or nothing when it climbs out of the package.
std::optional<std::string> normalise_part(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t at = 0;
    while (at <= path.size()) {
        const auto slash = path.find('/', at);
        const auto piece = path.substr(at, slash == std::string_view::npos ? std::string_view::npos : slash - at);
        if (piece == "..") {
            if (parts.empty()) return std::nullopt;
            parts.pop_back();
        } else if (!piece.empty() && piece != ".") {
            parts.push_back(piece);
        }
        if (slash == std::string_view::npos) break;
        at = slash + 1;
    }
    std::string out;
    for (const auto& piece : parts) {
        if (!out.empty()) out += '/';
        out += piece;
    }
    return out;
}

std::string folder_of(std::string_view part) {
    const auto slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// The relationships part of a part: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string relationships_of(std::string_view part) {
    const auto slash = part.rfind('/');
    const auto folder = slash == std::string_view::npos ? std::string_view() : part.substr(0, slash + 1);
    const auto file = slash == std::string_view::npos ? part : part.substr(slash + 1);
    return std::string(folder) + "_rels/" + std::string(file) + ".rels";
}

struct Relationship {
    std::string id;
    std::string type;
    std::string part;  // resolved; empty for an external target or one outside the package
};

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

const std::int64_t day_1899_12_31 = days_from_civil(1899, 12, 31);
const std::int64_t day_1899_12_30 = days_from_civil(1899, 12, 30);
const std::int64_t day_1900_03_01 = days_from_civil(1900, 3, 1);
const std::int64_t day_1904_01_01 = days_from_civil(1904, 1, 1);
const std::int64_t day_9999_12_31 = days_from_civil(9999, 12, 31);

// The fixed-width digits of an ISO 8601 field, or false.
bool digits(std::string_view text, std::size_t at, std::size_t count, unsigned& value) {
    if (at + count > text.size()) return false;
    value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return true;
}

// A time of day "HH:MM[:SS[.fff]]" at `at` as a fraction of a day, up to the end or a 'Z'.
bool iso_time(std::string_view text, std::size_t at, double& fraction) {
    unsigned hours = 0, minutes = 0, seconds = 0;
    if (!digits(text, at, 2, hours) || at + 2 >= text.size() || text[at + 2] != ':' || !digits(text, at + 3, 2, minutes))
        return false;
    std::size_t end = at + 5;
    double fractional_seconds = 0;
    if (end < text.size() && text[end] == ':') {
        if (!digits(text, end + 1, 2, seconds)) return false;
        end += 3;
        if (end < text.size() && text[end] == '.') {
            std::size_t digits_end = end + 1;
            double scale = 0.1;
            while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') {
                fractional_seconds += (text[digits_end] - '0') * scale;
                scale /= 10;
                ++digits_end;
            }
            if (digits_end == end + 1) return false;
            end = digits_end;
        }
    }
    if (end < text.size() && text[end] == 'Z') ++end;
    if (end != text.size() || hours > 23 || minutes > 59 || seconds > 59) return false;
    fraction = (hours * 3600.0 + minutes * 60.0 + seconds + fractional_seconds) / 86400.0;
    return true;
}

struct IsoValue {
    double serial = 0;
    bool has_date = false;
    bool has_time = false;
};

// A t="d" cell's ISO 8601 text as a serial in the workbook's system: "YYYY-MM-DD", with
// "THH:MM[:SS[.fff]][Z]" after it or alone as "HH:MM[:SS]".
std::optional<IsoValue> iso_to_serial(std::string_view text, bool date1904) {
    IsoValue value;
    if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
        unsigned year = 0, month = 0, day = 0;
        if (!digits(text, 0, 4, year) || !digits(text, 5, 2, month) || !digits(text, 8, 2, day)) return std::nullopt;
        if (month < 1 || month > 12 || day < 1) return std::nullopt;
        static constexpr unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        if (day > month_days[month - 1] || (month == 2 && day == 29 && !leap)) return std::nullopt;
        const auto days = days_from_civil(year, month, day);
        std::int64_t serial = 0;
        if (date1904) {
            if (days < day_1904_01_01) return std::nullopt;
            serial = days - day_1904_01_01;
        } else {
            if (days <= day_1899_12_31) return std::nullopt;
            serial = days < day_1900_03_01 ? days - day_1899_12_31 : days - day_1899_12_30;
        }
        value.serial = static_cast<double>(serial);
        value.has_date = true;
        if (text.size() == 10) return value;
        if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
        double fraction = 0;
        if (!iso_time(text, 11, fraction)) return std::nullopt;
        value.serial += fraction;
        value.has_time = fraction != 0;
        return value;
    }
    double fraction = 0;
    if (!iso_time(text, 0, fraction)) return std::nullopt;
    value.serial = fraction;
    value.has_time = true;
    return value;
}

// "B12" as 0-based row 11, column 1; false for anything else (lowercase letters are read as
// capitals: the reference is the same).
bool parse_reference(std::string_view text, std::uint32_t& row, std::uint32_t& column) {
    std::size_t at = 0;
    std::uint32_t letters = 0;
    while (at < text.size() && at < 4) {
        char c = text[at];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') break;
        letters = letters * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
        ++at;
    }
    if (at == 0 || letters > max_columns) return false;
    if (at == text.size() || text[at] < '1' || text[at] > '9' || text.size() - at > 7) return false;
    std::uint32_t number = 0;
    for (; at < text.size(); ++at) {
        if (text[at] < '0' || text[at] > '9') return false;
        number = number * 10 + static_cast<std::uint32_t>(text[at] - '0');
    }
    if (number > max_rows) return false;
    row = number - 1;
    column = letters - 1;
    return true;
}

}  // namespace

std::string column_name(std::uint32_t column) {
    std::string letters;
    std::uint64_t n = std::uint64_t{column} + 1;
    while (n > 0) {
        const auto digit = static_cast<char>((n - 1) % 26);
        letters.insert(letters.begin(), static_cast<char>('A' + digit));
        n = (n - 1) / 26;
    }
    return letters;
}

std::string cell_reference(std::uint32_t row, std::uint32_t column) {
    return column_name(column) + std::to_string(std::uint64_t{row} + 1);
}

const XlsxCell* XlsxSheetCells::find(std::uint32_t row, std::uint32_t column) const {
    const auto in_row = std::lower_bound(rows.begin(), rows.end(), row,
                                         [](const std::vector<XlsxCell>& r, std::uint32_t wanted) { return r.front().row < wanted; });
    if (in_row == rows.end() || in_row->front().row != row) return nullptr;
    const auto cell = std::lower_bound(in_row->begin(), in_row->end(), column,
                                       [](const XlsxCell& c, std::uint32_t wanted) { return c.column < wanted; });
    if (cell == in_row->end() || cell->column != column || cell->type == CellType::empty) {
        // A formula with no value kept is still a cell that holds something.
        if (cell != in_row->end() && cell->column == column && cell->formula) return &*cell;
        return nullptr;
    }
    return &*cell;
}

std::optional<std::string> serial_to_iso_date(double serial, bool date1904, bool allow_time) {
    if (!std::isfinite(serial)) return std::nullopt;
    const double whole = std::floor(serial);
    if (whole != serial && !allow_time) return std::nullopt;
    if (whole < -1e7 || whole > 1e7) return std::nullopt;
    const auto number = static_cast<std::int64_t>(whole);
    std::int64_t days = 0;
    if (date1904) {
        if (number < 0) return std::nullopt;
        days = day_1904_01_01 + number;
    } else {
        if (number < 1 || number == 60) return std::nullopt;  // 60 is Excel's 29 February 1900
        days = number < 60 ? day_1899_12_31 + number : day_1899_12_30 + number;
    }
    if (days > day_9999_12_31) return std::nullopt;
    std::int64_t year = 0;
    unsigned month = 0, day = 0;
    civil_from_days(days, year, month, day);
    std::string text = "0000-00-00";
    auto put = [&](std::size_t at, std::size_t width, std::uint64_t field) {
        for (std::size_t i = at + width; i > at; --i, field /= 10) text[i - 1] = static_cast<char>('0' + field % 10);
    };
    put(0, 4, static_cast<std::uint64_t>(year));
    put(5, 2, month);
    put(8, 2, day);
    return text;
}

XlsxPackage::XlsxPackage(GuardedArchive archive) : archive_(std::move(archive)) {}

XlsxPackage XlsxPackage::open(const std::filesystem::path& file, const ArchiveLimits& limits) {
    return from_archive(GuardedArchive::open(file, limits));
}

const XlsxSheetInfo* XlsxPackage::sheet(std::string_view name) const noexcept {
    for (const auto& each : sheets_)
        if (each.name == name) return &each;
    return nullptr;
}

namespace {

// The relationships of `source` (a part, or "" for the package), targets resolved to part names.
std::vector<Relationship> read_relationships(GuardedArchive& archive, const std::string& source) {
    const auto rels_part = source.empty() ? std::string("_rels/.rels") : relationships_of(source);
    std::vector<Relationship> found;
    if (archive.find(rels_part) == nullptr) return found;
    pugi::xml_document document;
    parse_archived_xml(archive.read(rels_part), archive.shown_as(), rels_part, document);
    const auto root = document.document_element();
    if (local_name(root) != "Relationships")
        throw ArchiveError(archive.shown_as(), rels_part, "this is not a relationships part (its root is <" + std::string(root.name()) + ">)");
    const auto base = folder_of(source);
    for (auto each = root.first_child(); each; each = each.next_sibling()) {
        if (each.type() != pugi::node_element || local_name(each) != "Relationship") continue;
        Relationship relationship;
        relationship.id = each.attribute("Id").value();
        relationship.type = each.attribute("Type").value();
        const std::string_view target = each.attribute("Target").value();
        const std::string_view mode = each.attribute("TargetMode").value();
        if (mode != "External" && !target.empty()) {
            const auto resolved = target.front() == '/' ? normalise_part(target.substr(1)) : normalise_part(base + std::string(target));
            if (resolved) relationship.part = *resolved;
        }
        found.push_back(std::move(relationship));
    }
    return found;
}

// An entry read into one buffer the size its header claims (up to a bound: the claim is not
// trusted, only used to save a large sheet's string from growing, and copying, a dozen times).
std::string read_whole(GuardedArchive& archive, const std::string& part) {
    std::string text;
    if (const auto entry = archive.find(part))
        text.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(entry->size, std::uint64_t{256} << 20)));
    archive.stream(part, [&text](std::string_view piece) { text.append(piece); });
    return text;
}

const Relationship* relationship_of_type(const std::vector<Relationship>& relationships, std::string_view type_end) {
    for (const auto& each : relationships)
        if (ends_with(each.type, type_end) && !each.part.empty()) return &each;
    return nullptr;
}

}  // namespace

XlsxPackage XlsxPackage::from_archive(GuardedArchive archive) {
    XlsxPackage package(std::move(archive));
    auto& zip = package.archive_;
    const auto& shown = zip.shown_as();

    // The workbook part: what the package's officeDocument relationship names (transitional and
    // strict types end alike), else where every writer puts it.
    std::string workbook_part;
    const auto package_relationships = read_relationships(zip, "");
    if (const auto office = relationship_of_type(package_relationships, "/officeDocument"); office && zip.find(office->part))
        workbook_part = office->part;
    else if (zip.find("xl/workbook.xml"))
        workbook_part = "xl/workbook.xml";
    else
        throw ArchiveError(shown, "", "not an xlsx workbook: it has no workbook part (xl/workbook.xml)");

    pugi::xml_document workbook;
    parse_archived_xml(zip.read(workbook_part), shown, workbook_part, workbook);
    const auto root = workbook.document_element();
    if (local_name(root) != "workbook")
        throw ArchiveError(shown, workbook_part, "not an xlsx workbook: the workbook part's root is <" + std::string(root.name()) + ">");

    const auto relationships = read_relationships(zip, workbook_part);
    const std::string_view date1904 = attribute(child(root, "workbookPr"), "date1904").value();
    package.date1904_ = date1904 == "1" || date1904 == "true";

    for (auto each = child(root, "sheets").first_child(); each; each = each.next_sibling()) {
        if (each.type() != pugi::node_element || local_name(each) != "sheet") continue;
        XlsxSheetInfo info;
        info.name = each.attribute("name").value();
        const std::string state = each.attribute("state").value();
        info.state = state.empty() ? "visible" : state;
        const std::string id = relationship_id(each).value();
        const auto target = std::find_if(relationships.begin(), relationships.end(), [&](const Relationship& r) { return r.id == id; });
        if (id.empty() || target == relationships.end())
            throw ArchiveError(shown, workbook_part, "sheet '" + info.name + "' names no relationship of the workbook (r:id '" + id + "')");
        if (target->part.empty() || zip.find(target->part) == nullptr)
            throw ArchiveError(shown, workbook_part,
                               "sheet '" + info.name + "' is in a part the package does not have (" + target->part + ")");
        info.part = target->part;
        if (package.sheet(info.name))
            throw ArchiveError(shown, workbook_part, "two sheets are named '" + info.name + "'");
        package.sheets_.push_back(std::move(info));
    }

    for (auto each = child(root, "definedNames").first_child(); each; each = each.next_sibling()) {
        if (each.type() != pugi::node_element || local_name(each) != "definedName") continue;
        if (each.attribute("localSheetId")) continue;
        package.defined_names_[each.attribute("name").value()] = each.text().get();
    }

    // Shared strings and styles: where the workbook's relationships say, else where writers put them.
    auto part_of = [&](std::string_view type_end, const char* usual) -> std::string {
        if (const auto found = relationship_of_type(relationships, type_end); found && zip.find(found->part)) return found->part;
        const auto fallback = folder_of(workbook_part) + usual;
        return zip.find(fallback) ? fallback : std::string();
    };

    if (const auto strings_part = part_of("/sharedStrings", "sharedStrings.xml"); !strings_part.empty()) {
        pugi::xml_document strings;
        parse_archived_xml(zip.read(strings_part), shown, strings_part, strings);
        for (auto item = strings.document_element().first_child(); item; item = item.next_sibling())
            if (item.type() == pugi::node_element && local_name(item) == "si") package.shared_strings_.push_back(string_item_text(item));
    }

    if (const auto styles_part = part_of("/styles", "styles.xml"); !styles_part.empty()) {
        pugi::xml_document styles;
        parse_archived_xml(zip.read(styles_part), shown, styles_part, styles);
        const auto style_root = styles.document_element();
        std::map<std::uint64_t, std::pair<bool, bool>> custom;
        for (auto format = child(style_root, "numFmts").first_child(); format; format = format.next_sibling()) {
            if (format.type() != pugi::node_element || local_name(format) != "numFmt") continue;
            std::uint64_t id = 0;
            if (!parse_unsigned(format.attribute("numFmtId").value(), id))
                throw ArchiveError(shown, styles_part, std::string("a number format has the id '") + format.attribute("numFmtId").value() + "'");
            custom[id] = format_shows_date_time(format.attribute("formatCode").value());
        }
        for (auto xf = child(style_root, "cellXfs").first_child(); xf; xf = xf.next_sibling()) {
            if (xf.type() != pugi::node_element || local_name(xf) != "xf") continue;
            std::uint64_t id = 0;
            const std::string_view written = xf.attribute("numFmtId").value();
            if (!written.empty() && !parse_unsigned(written, id))
                throw ArchiveError(shown, styles_part, "a cell style has the number format id '" + std::string(written) + "'");
            const auto found = custom.find(id);
            package.style_date_time_.push_back(found != custom.end() ? found->second : builtin_shows_date_time(id));
        }
    }
    return package;
}

XlsxSheetCells XlsxPackage::read_sheet(const XlsxSheetInfo& sheet) {
    const auto& shown = archive_.shown_as();
    const auto& part = sheet.part;
    XlsxSheetCells cells;
    cells.name = sheet.name;

    // Text embedded in its element (<v>, <t>, <f>) rather than a node of its own: a node fewer
    // for most cells, and far fewer fresh pages for a large sheet.
    pugi::xml_document document;
    parse_archived_xml(read_whole(archive_, part), shown, part, document,
                       pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_embed_pcdata);
    const auto root = document.document_element();
    if (local_name(root) != "worksheet") {
        if (local_name(root) == "chartsheet" || local_name(root) == "dialogsheet") return cells;  // no cells
        throw ArchiveError(shown, part, "sheet '" + sheet.name + "' is not a worksheet (its root is <" + std::string(root.name()) + ">)");
    }

    auto refuse = [&](std::uint32_t row, std::uint32_t column, const std::string& problem) -> ArchiveError {
        return ArchiveError(shown, part, "sheet '" + sheet.name + "', cell " + cell_reference(row, column) + ": " + problem);
    };

    std::size_t total = 0;
    std::int64_t last_row = -1;
    for (auto row_node = child(root, "sheetData").first_child(); row_node; row_node = row_node.next_sibling()) {
        if (row_node.type() != pugi::node_element || local_name(row_node) != "row") continue;
        std::uint32_t row = 0;
        if (const auto r = row_node.attribute("r")) {
            std::uint64_t number = 0;
            if (!parse_unsigned(r.value(), number) || number < 1 || number > max_rows)
                throw ArchiveError(shown, part, "sheet '" + sheet.name + "': a row is numbered '" + r.value() + "'");
            row = static_cast<std::uint32_t>(number - 1);
        } else {
            if (last_row + 1 >= max_rows)
                throw ArchiveError(shown, part, "sheet '" + sheet.name + "': more rows than a sheet can have");
            row = static_cast<std::uint32_t>(last_row + 1);
        }
        if (static_cast<std::int64_t>(row) <= last_row)
            throw ArchiveError(shown, part, "sheet '" + sheet.name + "': row " + std::to_string(row + 1) +
                                                " comes after row " + std::to_string(last_row + 1));
        last_row = row;

        std::vector<XlsxCell> row_cells;
        row_cells.reserve(cells.rows.empty() ? 16 : cells.rows.back().size());
        std::int64_t last_column = -1;
        for (auto c = row_node.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element || local_name(c) != "c") continue;
            XlsxCell cell;
            cell.row = row;
            if (const auto r = c.attribute("r")) {
                std::uint32_t ref_row = 0, ref_column = 0;
                if (!parse_reference(r.value(), ref_row, ref_column))
                    throw ArchiveError(shown, part, "sheet '" + sheet.name + "', row " + std::to_string(row + 1) +
                                                        ": a cell's reference '" + r.value() + "' is no cell of a sheet");
                if (ref_row != row)
                    throw refuse(ref_row, ref_column, "the cell is written in row " + std::to_string(row + 1));
                cell.column = ref_column;
            } else {
                if (last_column + 1 >= max_columns)
                    throw ArchiveError(shown, part, "sheet '" + sheet.name + "', row " + std::to_string(row + 1) +
                                                        ": more cells than a row can have");
                cell.column = static_cast<std::uint32_t>(last_column + 1);
            }
            if (static_cast<std::int64_t>(cell.column) <= last_column)
                throw refuse(row, cell.column, "the cell comes after " + cell_reference(row, static_cast<std::uint32_t>(last_column)));
            last_column = cell.column;

            pugi::xml_node value, formula, inline_string;
            for (auto part_node = c.first_child(); part_node; part_node = part_node.next_sibling()) {
                if (part_node.type() != pugi::node_element) continue;
                const auto name = local_name(part_node);
                if (name == "v") value = part_node;
                else if (name == "f") formula = part_node;
                else if (name == "is") inline_string = part_node;
            }
            if (formula) {
                cell.formula = true;
                cell.formula_text = formula.text().get();
            }

            bool date_style = false, time_style = false;
            if (const auto s = c.attribute("s")) {
                std::uint64_t style = 0;
                if (!parse_unsigned(s.value(), style))
                    throw refuse(row, cell.column, std::string("its style '") + s.value() + "' is no number");
                if (style >= style_date_time_.size()) {
                    if (style != 0)
                        throw refuse(row, cell.column, "its style " + std::to_string(style) + " is not in the workbook's styles (" +
                                                           std::to_string(style_date_time_.size()) + " of them)");
                } else {
                    date_style = style_date_time_[style].first;
                    time_style = style_date_time_[style].second;
                }
            }

            const std::string_view type = c.attribute("t").value();
            const std::string_view v = value ? value.text().get() : "";
            if (type.empty() || type == "n") {
                if (!v.empty()) {
                    const auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), cell.number);
                    if (error != std::errc{} || end != v.data() + v.size() || !std::isfinite(cell.number))
                        throw refuse(row, cell.column, "its value '" + std::string(v) + "' is not a number");
                    cell.type = CellType::number;
                    cell.text = v;
                    cell.date = date_style;
                    cell.time = time_style;
                }
            } else if (type == "s") {
                if (!v.empty()) {
                    std::uint64_t index = 0;
                    if (!parse_unsigned(v, index))
                        throw refuse(row, cell.column, "its shared string index '" + std::string(v) + "' is no number");
                    if (index >= shared_strings_.size())
                        throw refuse(row, cell.column, "its shared string " + std::to_string(index) + " is not in the workbook (it has " +
                                                           std::to_string(shared_strings_.size()) + ")");
                    cell.type = CellType::text;
                    cell.text = shared_strings_[index];
                }
            } else if (type == "str") {
                if (value) {
                    cell.type = CellType::text;
                    cell.text = decode_escapes(v);
                }
            } else if (type == "inlineStr") {
                if (inline_string) {
                    cell.type = CellType::text;
                    cell.text = string_item_text(inline_string);
                } else if (value) {
                    cell.type = CellType::text;
                    cell.text = decode_escapes(v);
                }
            } else if (type == "b") {
                if (!v.empty()) {
                    if (v == "1" || v == "true") cell.number = 1;
                    else if (v == "0" || v == "false") cell.number = 0;
                    else throw refuse(row, cell.column, "its value '" + std::string(v) + "' is not a boolean (0 or 1)");
                    cell.type = CellType::boolean;
                    cell.text = v;
                }
            } else if (type == "e") {
                if (!v.empty()) {
                    cell.type = CellType::error;
                    cell.text = v;
                }
            } else if (type == "d") {
                if (!v.empty()) {
                    const auto iso = iso_to_serial(v, date1904_);
                    if (!iso)
                        throw refuse(row, cell.column, "its date '" + std::string(v) + "' is not an ISO 8601 date the workbook can hold");
                    cell.type = CellType::number;
                    cell.number = iso->serial;
                    cell.text = v;
                    cell.date = iso->has_date || date_style;
                    cell.time = iso->has_time || time_style;
                }
            } else {
                throw refuse(row, cell.column, "its type '" + std::string(type) + "' is not a SpreadsheetML cell type");
            }

            if (cell.type == CellType::empty && !cell.formula) continue;
            if (++total > max_sheet_cells)
                throw ArchiveError(shown, part, "sheet '" + sheet.name + "' has more than " + std::to_string(max_sheet_cells) +
                                                    " cells, more than Formwork reads");
            row_cells.push_back(std::move(cell));
        }
        if (!row_cells.empty()) cells.rows.push_back(std::move(row_cells));
    }
    return cells;
}

}  // namespace formwork::archive
