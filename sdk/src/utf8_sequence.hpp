// Reading UTF-8 one character at a time, and XML 1.0's rule for which characters a document
// may hold: one place for xml_text.cpp (dropping what XML forbids) and xml_chars.cpp
// (finding it, with its line and column). Internal to the SDK's library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace formwork::sdk {

// The well-formed UTF-8 sequence at text[at]: its length and code point; a length of 0 when
// the bytes there are not one (a stray continuation byte, an overlong form, a surrogate, a
// code point past U+10FFFF, or a sequence cut short).
struct Utf8Sequence {
    std::size_t length{};
    std::uint32_t code{};
};

inline Utf8Sequence utf8_sequence_at(std::string_view text, std::size_t at) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return {1, lead};
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code = lead & 0x07u;
    } else {
        return {};
    }
    if (at + length > text.size()) return {};
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0u) != 0x80u) return {};
        code = (code << 6) | (byte(at + i) & 0x3Fu);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (overlong || surrogate || code > 0x10FFFF) return {};
    return {length, code};
}

// Whether XML 1.0 allows the character: tab, line feed, carriage return, and the rest of
// Unicode but the C0 controls, the surrogates and U+FFFE, U+FFFF.
inline bool xml_allowed(std::uint32_t c) noexcept {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

}  // namespace formwork::sdk
