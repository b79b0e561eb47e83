#include <formwork/model/date_format.hpp>
#include <formwork/model/values.hpp>

#include <algorithm>
#include <array>

namespace formwork::forms {

namespace {

constexpr std::array<std::string_view, 12> month_names{"January", "February", "March",     "April",
                                                       "May",     "June",     "July",      "August",
                                                       "September", "October", "November", "December"};

std::string two_digits(int number) {
    return std::string(1, static_cast<char>('0' + number / 10)) + static_cast<char>('0' + number % 10);
}

int number_at(std::string_view text, std::size_t from, std::size_t length) {
    int value = 0;
    for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
}

}  // namespace

const std::vector<std::string_view>& date_formats() {
    static const std::vector<std::string_view> formats{"dd/mm/yyyy", "d/m/yyyy",    "dd.mm.yyyy",
                                                       "d.m.yyyy",   "dd-mm-yyyy",  "yyyy-mm-dd",
                                                       "d MMM yyyy", "dd MMM yyyy", "d MMMM yyyy"};
    return formats;
}

bool is_date_format(std::string_view format) noexcept {
    const auto& formats = date_formats();
    return std::find(formats.begin(), formats.end(), format) != formats.end();
}

std::string format_date(std::string_view iso, std::string_view format) {
    if (!is_iso_date(iso) || !is_date_format(format)) return std::string(iso);
    const int month = number_at(iso, 5, 2);
    const int day = number_at(iso, 8, 2);
    std::string out;
    // The pattern's letters, a run at a time: d, dd, m, mm, MMM, MMMM, yyyy; anything else as it is.
    for (std::size_t i = 0; i < format.size();) {
        const char letter = format[i];
        std::size_t run = 1;
        while (i + run < format.size() && format[i + run] == letter) ++run;
        const auto name = month_names[static_cast<std::size_t>(month - 1)];
        if (letter == 'd') out += run == 1 ? std::to_string(day) : two_digits(day);
        else if (letter == 'm') out += run == 1 ? std::to_string(month) : two_digits(month);
        else if (letter == 'M') out += run >= 4 ? std::string(name) : std::string(name.substr(0, 3));
        else if (letter == 'y') out += std::string(iso.substr(0, 4));
        else out.append(run, letter);
        i += run;
    }
    return out;
}

std::string date_example(std::string_view format) { return format_date("2024-01-15", format); }

}  // namespace formwork::forms
