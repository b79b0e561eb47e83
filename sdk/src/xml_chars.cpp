#include <formwork/sdk/xml_chars.hpp>

#include "utf8_sequence.hpp"

#include <algorithm>
#include <cstdio>

namespace formwork::sdk {

namespace {

constexpr std::uint32_t past_unicode = 0x110000;

std::string hex_code_point(std::uint32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return buffer;
}

int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A character reference at text[at] ('&'), read as XML (and pugixml) reads one: `&#` decimal
// digits `;` or `&#x` hex digits `;`. Its length and value (past_unicode for any value beyond
// U+10FFFF, however large), or a length of 0 when it is not one.
Utf8Sequence reference_at(std::string_view text, std::size_t at) noexcept {
    if (text.compare(at, 2, "&#") != 0) return {};
    const bool hex = at + 2 < text.size() && text[at + 2] == 'x';
    std::size_t i = at + (hex ? 3 : 2);
    const std::size_t first_digit = i;
    std::uint32_t value = 0;
    for (; i < text.size() && text[i] != ';'; ++i) {
        const int digit = hex ? hex_digit(text[i]) : (text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1);
        if (digit < 0) return {};
        if (value < past_unicode) value = value * (hex ? 16u : 10u) + static_cast<std::uint32_t>(digit);
    }
    if (i == text.size() || i == first_digit) return {};
    return {i + 1 - at, value < past_unicode ? value : past_unicode};
}

// Where text[at] starts a part of the document in which references are only text (a
// comment, a CDATA section, a processing instruction or the XML declaration): the offset
// just past its end, or 0 when it does not start one.
std::size_t verbatim_end(std::string_view text, std::size_t at) noexcept {
    const auto past = [&](std::string_view opening, std::string_view closing) -> std::size_t {
        if (text.compare(at, opening.size(), opening) != 0) return 0;
        const auto end = text.find(closing, at + opening.size());
        return end == std::string_view::npos ? text.size() : end + closing.size();
    };
    if (const auto end = past("<!--", "-->")) return end;
    if (const auto end = past("<![CDATA[", "]]>")) return end;
    return past("<?", "?>");
}

}  // namespace

std::optional<XmlCharacterFault> xml_character_fault(std::string_view document) {
    int line = 1;
    int column = 1;
    std::size_t verbatim_until = 0;
    std::size_t i = 0;
    while (i < document.size()) {
        const char c = document[i];
        const auto fault = [&](XmlCharacterFault::Kind kind, std::uint32_t code, std::string written,
                               std::string message) {
            return XmlCharacterFault{kind, i, line, column, code, std::move(written), std::move(message)};
        };
        const auto decoded = utf8_sequence_at(document, i);
        if (decoded.length == 0)
            return fault(XmlCharacterFault::Kind::not_utf8, 0, {},
                         "the text is not UTF-8 here (byte " + std::to_string(i + 1) + ")");
        if (!xml_allowed(decoded.code))
            return fault(XmlCharacterFault::Kind::forbidden_character, decoded.code, {},
                         "the character " + hex_code_point(decoded.code) + " is not allowed in XML 1.0");
        if (i >= verbatim_until) {
            if (c == '<') {
                verbatim_until = verbatim_end(document, i);
            } else if (c == '&') {
                const auto reference = reference_at(document, i);
                if (reference.length > 0 && !xml_allowed(reference.code)) {
                    // A reference can be any length (&#00000...0;): only so much of it is repeated.
                    constexpr std::size_t shown = 24;
                    auto written = std::string(document.substr(i, std::min(reference.length, shown)));
                    if (reference.length > shown) written += "...";
                    const auto what = reference.code == past_unicode
                                          ? "the character reference " + written + " is beyond U+10FFFF, the last character there is"
                                          : "the character " + hex_code_point(reference.code) +
                                                " is not allowed in XML 1.0 (written as " + written + ")";
                    return fault(XmlCharacterFault::Kind::forbidden_reference, reference.code, written, what);
                }
            }
        }
        if (c == '\n' || (c == '\r' && (i + 1 == document.size() || document[i + 1] != '\n'))) {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += decoded.length;
    }
    return std::nullopt;
}

std::string located(const XmlCharacterFault& fault, std::string_view source) {
    return std::string(source) + ":" + std::to_string(fault.line) + ":" + std::to_string(fault.column) + ": " +
           fault.message;
}

}  // namespace formwork::sdk
