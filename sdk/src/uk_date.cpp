// UK day-first dates as committee reports write them. The cell is read whole: one date and
// nothing else, or a refusal that says why.
#include "formwork/sdk/uk_date.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace formwork::sdk {

namespace {

constexpr std::array<const char*, 12> month_names{"January", "February", "March",     "April",
                                                   "May",     "June",     "July",      "August",
                                                   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> weekday_names{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                   "Friday", "Saturday", "Sunday"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_separator(char c) { return c == '.' || c == '/' || c == '-'; }
bool all_digits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

int to_int(const std::string& digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

// Spaces, tabs and non-breaking spaces (U+00A0, C2 A0 in UTF-8) become one space between
// words and none at either end.
std::string normalise_spaces(std::string_view text) {
    std::string out;
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (!space && static_cast<unsigned char>(c) == 0xC2 && i + 1 < text.size() &&
            static_cast<unsigned char>(text[i + 1]) == 0xA0) {
            space = true;
            ++i;
        }
        if (space) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in(int month, int year) {
    constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && leap(year)) return 29;
    return days[static_cast<std::size_t>(month - 1)];
}

// 0 = Monday. Howard Hinnant's days_from_civil, shifted so that 1970-01-01 (a Thursday) is 3.
int weekday(int year, int month, int day) {
    const int y = month <= 2 ? year - 1 : year;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const long days = static_cast<long>(era) * 146097L + doe - 719468L;
    return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::string two(int value) {
    std::string out = std::to_string(value);
    return out.size() < 2 ? "0" + out : out;
}

UkDate refused(std::string reason) { return UkDate{{}, std::move(reason)}; }

// A day, month and year read from the text: the date, or why there is none.
UkDate checked(int day, int month, int year) {
    if (month < 1 || month > 12) return refused("there is no month " + std::to_string(month));
    if (year < 1900 || year > 2099) return refused("the year " + std::to_string(year) + " is out of range");
    if (day < 1) return refused("there is no day 0");
    if (day > days_in(month, year))
        return refused(std::string(month_names[static_cast<std::size_t>(month - 1)]) + " " + std::to_string(year) +
                       " has no day " + std::to_string(day));
    std::string year_text = std::to_string(year);
    return UkDate{year_text + "-" + two(month) + "-" + two(day), {}};
}

// 0 when the word is no month's name or abbreviation, else 1 to 12.
int month_number(std::string word) {
    if (!word.empty() && word.back() == '.') word.pop_back();
    word = lower(word);
    if (word.size() < 3) return 0;
    if (word == "sept") return 9;
    for (std::size_t i = 0; i < month_names.size(); ++i) {
        const std::string full = lower(month_names[i]);
        if (word == full || word == full.substr(0, 3)) return static_cast<int>(i) + 1;
    }
    return 0;
}

// -1 when the word is no day of the week, else 0 (Monday) to 6.
int weekday_number(std::string word) {
    while (!word.empty() && (word.back() == '.' || word.back() == ',')) word.pop_back();
    word = lower(word);
    if (word.size() < 3) return -1;
    for (std::size_t i = 0; i < weekday_names.size(); ++i) {
        const std::string full = lower(weekday_names[i]);
        if (word == full || word == full.substr(0, 3)) return static_cast<int>(i);
    }
    return -1;
}

enum class Shape { no_match, read };

// 03.08.2023, 05.09.23, 14/9/2023, 3-10-23, and 2023-09-14 (ISO).
Shape read_numeric(const std::string& text, UkDate& out) {
    std::vector<std::string> parts(1);
    std::vector<char> separators;
    for (char c : text) {
        if (is_digit(c)) {
            parts.back() += c;
        } else if (is_separator(c)) {
            separators.push_back(c);
            parts.emplace_back();
        } else {
            return Shape::no_match;
        }
    }
    for (const auto& part : parts)
        if (!all_digits(part)) return Shape::no_match;
    if (parts.size() == 2) {
        if (parts[0].size() <= 2 && parts[1].size() <= 2) {
            out = refused("it has no year");
            return Shape::read;
        }
        if (parts[0].size() <= 2 && parts[1].size() == 4) {
            out = refused("it has no day");
            return Shape::read;
        }
        return Shape::no_match;
    }
    if (parts.size() != 3) return Shape::no_match;
    if (parts[0].size() == 4) {
        if (separators[0] == '-' && separators[1] == '-' && parts[1].size() <= 2 && parts[2].size() <= 2)
            out = checked(to_int(parts[2]), to_int(parts[1]), to_int(parts[0]));
        else
            out = refused("it starts with the year: write it day first, or as YYYY-MM-DD");
        return Shape::read;
    }
    if (parts[0].size() > 2 || parts[1].size() > 2) return Shape::no_match;
    if (separators[0] != separators[1]) {
        out = refused(std::string("its separators differ ('") + separators[0] + "' and '" + separators[1] + "')");
        return Shape::read;
    }
    const auto& year = parts[2];
    if (year.size() != 2 && year.size() != 4) {
        out = refused("the year must have 2 or 4 digits");
        return Shape::read;
    }
    out = checked(to_int(parts[0]), to_int(parts[1]), year.size() == 2 ? 2000 + to_int(year) : to_int(year));
    return Shape::read;
}

// The day of a written date: 13, 13th, 1st, 2nd, 3rd.
bool day_word(const std::string& word, int& day) {
    std::size_t digits = 0;
    while (digits < word.size() && is_digit(word[digits])) ++digits;
    if (digits == 0 || digits > 2) return false;
    const std::string suffix = lower(word.substr(digits));
    if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return false;
    day = to_int(word.substr(0, digits));
    return true;
}

// [Wednesday] 13[th] [of] September[,] 2023, with the month's name or abbreviation.
Shape read_written(const std::string& text, UkDate& out) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (c == ' ' || c == ',') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(word);

    std::size_t at = 0;
    int named_weekday = -1;
    if (at < words.size()) {
        named_weekday = weekday_number(words[at]);
        if (named_weekday >= 0) ++at;
    }
    int day = 0;
    if (at < words.size() && day_word(words[at], day)) {
        ++at;
        if (at < words.size() && lower(words[at]) == "of") ++at;
        if (at >= words.size()) return Shape::no_match;
        const int month = month_number(words[at]);
        if (month == 0) return Shape::no_match;
        ++at;
        if (at == words.size()) {
            out = refused("it has no year");
            return Shape::read;
        }
        if (at + 1 != words.size() || !all_digits(words[at])) return Shape::no_match;
        const auto& year = words[at];
        if (year.size() != 2 && year.size() != 4) {
            out = refused("the year must have 2 or 4 digits");
            return Shape::read;
        }
        const int year_number = year.size() == 2 ? 2000 + to_int(year) : to_int(year);
        out = checked(day, month, year_number);
        if (out.problem.empty() && named_weekday >= 0) {
            const int actual = weekday(year_number, month, day);
            if (actual != named_weekday)
                out = refused(std::to_string(day) + " " + month_names[static_cast<std::size_t>(month - 1)] + " " +
                              std::to_string(year_number) + " was a " + weekday_names[static_cast<std::size_t>(actual)] +
                              ", not a " + weekday_names[static_cast<std::size_t>(named_weekday)]);
        }
        return Shape::read;
    }
    // September 2023: a month and a year, no day.
    if (at + 2 == words.size() && month_number(words[at]) != 0 && all_digits(words[at + 1]) &&
        words[at + 1].size() == 4) {
        out = refused("it has no day");
        return Shape::read;
    }
    return Shape::no_match;
}

// How many dates the text seems to hold: runs of digits and separators that look like a
// date (a run of six or more numbers counts as two), and numbers followed by a month's name.
int dates_in(const std::string& text) {
    int count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && (is_digit(text[end]) || is_separator(text[end]))) ++end;
        const std::string run = text.substr(i, end - i);
        int groups = 0;
        bool in_digits = false;
        for (char c : run) {
            if (is_digit(c) && !in_digits) ++groups;
            in_digits = is_digit(c);
        }
        if (groups >= 6)
            count += 2;
        else if (groups >= 2)
            ++count;
        else {
            // A lone number: a date when a month's name follows (13 September, 13th of Sept).
            std::size_t next = end;
            while (next < text.size() && is_letter(text[next])) ++next;  // st, nd, rd, th
            std::string following;
            std::size_t word_start = next;
            while (word_start < text.size() && text[word_start] == ' ') ++word_start;
            std::size_t word_end = word_start;
            while (word_end < text.size() && is_letter(text[word_end])) ++word_end;
            following = text.substr(word_start, word_end - word_start);
            if (lower(following) == "of") {
                std::size_t again = word_end;
                while (again < text.size() && text[again] == ' ') ++again;
                std::size_t again_end = again;
                while (again_end < text.size() && is_letter(text[again_end])) ++again_end;
                following = text.substr(again, again_end - again);
            }
            if (month_number(following) != 0) ++count;
        }
        i = end;
    }
    return count;
}

}  // namespace

UkDate read_uk_date(std::string_view text) {
    const std::string cell = normalise_spaces(text);
    if (cell.empty()) return {};
    if (cell.size() > 64) return refused("it is not a date: it is too long to be one");

    UkDate out;
    if (read_numeric(cell, out) == Shape::read) return out;
    if (read_written(cell, out) == Shape::read) return out;
    const int dates = dates_in(cell);
    if (dates >= 2) return refused("it holds more than one date: keep one, the date it was sent or received");
    if (dates == 1) return refused("it holds more than a date: keep only the date");
    return refused("it is not a date");
}

}  // namespace formwork::sdk
