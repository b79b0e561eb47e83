#include "text_search.hpp"

#include <cwctype>
#include <locale.h>
#include <set>
#include <vector>

namespace formwork::forms::pg {

namespace {

// The byte length of the UTF-8 sequence starting with `lead` and the bits it carries, or
// 0 for a byte that cannot start one.
int sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 0;
}

char32_t decode(std::string_view character) {
    const auto lead = static_cast<unsigned char>(character[0]);
    if (character.size() == 1) return lead;
    char32_t code = lead & (0x7F >> character.size());
    for (std::size_t k = 1; k < character.size(); ++k)
        code = (code << 6) | (static_cast<unsigned char>(character[k]) & 0x3F);
    return code;
}

// Whether the `length` bytes at `at` are one well-formed UTF-8 character: continuation
// bytes, the shortest spelling, and a code point that is not a surrogate or past U+10FFFF.
bool well_formed(std::string_view at, std::size_t length) {
    if (length == 0 || length > at.size()) return false;
    for (std::size_t k = 1; k < length; ++k)
        if ((static_cast<unsigned char>(at[k]) & 0xC0) != 0x80) return false;
    if (length == 1) return true;
    constexpr char32_t shortest[] = {0, 0, 0x80, 0x800, 0x10000};
    const auto code = decode(at.substr(0, length));
    return code >= shortest[length] && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
}

// The characters of `text`, each as the bytes that spell it. A byte that is not part of
// well-formed UTF-8 is a character of its own, so nothing is dropped.
std::vector<std::string_view> characters(std::string_view text) {
    std::vector<std::string_view> out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        auto length = static_cast<std::size_t>(sequence_length(static_cast<unsigned char>(text[i])));
        if (!well_formed(text.substr(i), length)) length = 1;
        out.push_back(text.substr(i, length));
        i += length;
    }
    return out;
}

void encode(char32_t code, std::string& out) {
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

// glibc's C.UTF-8 (built in since 2.35): the same Unicode case table on every machine,
// whatever the user's locale. Made once, kept for the program's life.
locale_t folding_locale() {
    static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return locale;
}

char32_t lower(char32_t code) {
    if (code < 0x80) return (code >= 'A' && code <= 'Z') ? code + ('a' - 'A') : code;
    const auto locale = folding_locale();
    if (locale == static_cast<locale_t>(nullptr)) return code;
    const auto lowered = towlower_l(static_cast<wint_t>(code), locale);
    return static_cast<char32_t>(lowered);
}

void add_quoted(std::string_view element, std::string& out) {
    out += '"';
    for (const char c : element) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}

}  // namespace

std::string fold_case(std::string_view text) {
    std::string folded;
    folded.reserve(text.size());
    for (const auto character : characters(text)) {
        // characters() gives a lone byte of 0x80 or more only where the UTF-8 is broken.
        if (character.size() > 1 || static_cast<unsigned char>(character[0]) < 0x80)
            encode(lower(decode(character)), folded);
        else
            folded += character;
    }
    return folded;
}

bool answered_by_grams(std::string_view folded) {
    const auto count = characters(folded).size();
    return count >= 1 && count <= 2;
}

std::string grams_array(std::string_view folded) {
    const auto chars = characters(folded);
    std::set<std::string_view> grams;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        grams.insert(chars[i]);
        if (i + 1 < chars.size())
            grams.insert(folded.substr(static_cast<std::size_t>(chars[i].data() - folded.data()),
                                       chars[i].size() + chars[i + 1].size()));
    }
    std::string out = "{";
    for (const auto gram : grams) {
        if (out.size() > 1) out += ',';
        add_quoted(gram, out);
    }
    return out + "}";
}

std::string one_element_array(std::string_view element) { return array_literal({std::string(element)}); }

std::string array_literal(const std::vector<std::string>& elements) {
    std::string out = "{";
    for (const auto& element : elements) {
        if (out.size() > 1) out += ',';
        add_quoted(element, out);
    }
    return out + "}";
}

}  // namespace formwork::forms::pg
