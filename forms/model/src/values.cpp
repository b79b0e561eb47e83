#include <formwork/model/values.hpp>

#include <algorithm>

namespace formwork::forms {

namespace {

bool digits(std::string_view text) noexcept {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view text) noexcept {
    int value = 0;
    for (char c : text) value = value * 10 + (c - '0');
    return value;
}

bool leap(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

bool is_iso_date(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    const auto year = text.substr(0, 4), month = text.substr(5, 2), day = text.substr(8, 2);
    if (!digits(year) || !digits(month) || !digits(day)) return false;
    static constexpr int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int y = number(year), m = number(month), d = number(day);
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    return d <= days_in[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

bool is_integer(std::string_view text) noexcept {
    if (!text.empty() && text[0] == '-') text.remove_prefix(1);
    return digits(text) && text.size() <= 18;
}

bool is_decimal(std::string_view text) noexcept {
    if (!text.empty() && text[0] == '-') text.remove_prefix(1);
    const auto point = text.find('.');
    if (point == std::string_view::npos) return digits(text);
    return digits(text.substr(0, point)) && digits(text.substr(point + 1));
}

bool is_boolean(std::string_view text) noexcept { return text == "true" || text == "false"; }

bool is_email(std::string_view text) noexcept {
    const auto at = text.find('@');
    if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) return false;
    if (std::any_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }))
        return false;
    const auto domain = text.substr(at + 1);
    const auto dot = domain.rfind('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size();
}

bool is_telephone(std::string_view text) noexcept {
    int count = 0;
    for (char c : text) {
        if (c >= '0' && c <= '9')
            ++count;
        else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-')
            return false;
    }
    return count >= 6 && count <= 15;
}

bool is_uuid(std::string_view text) noexcept {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

bool is_timestamp(std::string_view text) noexcept {
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') return false;
    const auto hour = text.substr(11, 2), minute = text.substr(14, 2), second = text.substr(17, 2);
    return is_iso_date(text.substr(0, 10)) && digits(hour) && digits(minute) && digits(second) &&
           number(hour) < 24 && number(minute) < 60 && number(second) < 61;
}

bool is_identifier(std::string_view text) noexcept {
    if (text.empty() || text.size() > 64 || text[0] < 'a' || text[0] > 'z') return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::size_t count_words(std::string_view text) noexcept {
    std::size_t words = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {  // U+00A0 in UTF-8
            space = true;
            ++i;
        }
        if (space) {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            ++words;
        }
    }
    return words;
}

std::string with_commas(std::uint64_t number) {
    std::string digits = std::to_string(number);
    for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

}  // namespace formwork::forms
