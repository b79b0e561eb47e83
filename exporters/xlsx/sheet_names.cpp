#include "sheet_names.hpp"

#include "xlsx_workbook.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace formwork::exporters::sheet_names {

namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        if (c == ' ') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

// Words a shortened name must not end with: they promise a word that was dropped.
bool dangles(const std::string& word) {
    static const std::array<std::string_view, 22> connectives{
        "a",  "an",   "and", "as",  "at",   "by",   "for", "from", "in",       "into",         "of",
        "on", "or",   "per", "the", "to",   "with", "&",   "-",    "\xE2\x80\x93", "\xE2\x80\x94", "+"};
    const auto lower = lower_ascii(word);
    if (std::find(connectives.begin(), connectives.end(), lower) != connectives.end()) return true;
    // "(by" of "Employees (by service area)": a bracket opened and not closed.
    return std::count(word.begin(), word.end(), '(') > std::count(word.begin(), word.end(), ')');
}

std::string joined(const std::vector<std::string>& words, std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) text += (i == 0 ? "" : " ") + words[i];
    return text;
}

bool brackets_open(const std::vector<std::string>& words, std::size_t count) {
    long depth = 0;
    for (std::size_t i = 0; i < count; ++i)
        depth += std::count(words[i].begin(), words[i].end(), '(') - std::count(words[i].begin(), words[i].end(), ')');
    return depth > 0;
}

// The longest start of `text` of at most `units` UTF-16 units, ending at a character.
std::string prefix_within(std::string_view text, std::size_t units) {
    std::size_t used = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        const std::size_t width = bytes == 4 ? 2 : 1;
        if (used + width > units) break;
        used += width;
        i = std::min(text.size(), i + bytes);
    }
    return std::string(text.substr(0, i));
}

}  // namespace

std::string cleaned(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '[': out += '('; break;
            case ']': out += ')'; break;
            case '/':
            case '\\': out += '-'; break;
            case ':':
            case '*':
            case '?': break;
            case '\t':
            case '\n':
            case '\r':
            case ' ':
                if (!out.empty() && out.back() != ' ') out += ' ';
                break;
            default: out += c; break;
        }
    }
    // Excel refuses a leading or trailing apostrophe; spaces at the ends are never wanted.
    const auto trim = [](std::string& s) {
        while (!s.empty() && (s.front() == '\'' || s.front() == ' ')) s.erase(s.begin());
        while (!s.empty() && (s.back() == '\'' || s.back() == ' ')) s.pop_back();
    };
    trim(out);
    return out;
}

std::string first_words(std::string_view text, std::size_t units) {
    const auto words = words_of(cleaned(text));
    for (std::size_t count = words.size(); count > 0; --count) {
        std::size_t kept = count;
        if (kept < words.size()) {
            // Shortened: no dangling connective or open bracket at the end.
            while (kept > 0 && (dangles(words[kept - 1]) || brackets_open(words, kept))) --kept;
            if (kept == 0) continue;
        }
        auto candidate = joined(words, kept);
        // "Black, Asian" shortened to "Black,": the comma goes with the dropped word.
        if (kept < words.size())
            while (!candidate.empty() && (candidate.back() == ',' || candidate.back() == ';')) candidate.pop_back();
        if (!candidate.empty() && excel_length(candidate) <= units) return candidate;
    }
    return {};
}

std::string within(std::string_view text, std::size_t units) {
    if (auto words = first_words(text, units); !words.empty()) return words;
    // Not even the first word fits: no name of whole words exists. A name made up instead
    // ("Sheet 3") would say nothing; the word's start says what the sheet holds, and the
    // ellipsis says that it was cut, so it is not read as a word of its own.
    const auto clean = cleaned(text);
    if (clean.empty() || units < 2) return {};
    return prefix_within(clean, units - 1) + "\xE2\x80\xA6";  // "…"
}

std::string for_records(std::string_view form_title, std::size_t units) { return within(form_title, units); }

std::string for_table(std::string_view form_title, std::string_view table_label, std::size_t units) {
    const auto label = cleaned(table_label);
    const auto label_length = excel_length(label);
    const auto separator_length = excel_length(separator);
    if (!label.empty() && label_length + separator_length < units)
        if (const auto form = first_words(form_title, units - label_length - separator_length); !form.empty())
            return form + std::string(separator) + label;
    if (label.empty()) return within(form_title, units);
    return within(label, units);
}

std::string unique(const std::function<std::string(std::size_t units)>& name_within,
                   const std::function<bool(const std::string&)>& taken) {
    auto name = name_within(excel_max_sheet_name);
    if (name.empty()) name = "Sheet";
    if (!taken(name) && lower_ascii(name) != "history") return name;
    for (int n = 2;; ++n) {
        const std::string suffix = " (" + std::to_string(n) + ")";
        auto base = name_within(excel_max_sheet_name - suffix.size());
        if (base.empty()) base = "Sheet";
        auto candidate = base + suffix;
        if (!taken(candidate)) return candidate;
    }
}

}  // namespace formwork::exporters::sheet_names
