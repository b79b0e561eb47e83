#include <formwork/sdk/xml_text.hpp>

#include "utf8_sequence.hpp"

namespace formwork::sdk {

std::string trim_spaces(std::string_view text) {
    const auto plain_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    const auto nbsp_at = [&](std::size_t at) {
        return at + 1 < text.size() && static_cast<unsigned char>(text[at]) == 0xC2 &&
               static_cast<unsigned char>(text[at + 1]) == 0xA0;
    };
    std::size_t begin = 0;
    while (begin < text.size()) {
        if (plain_space(text[begin])) ++begin;
        else if (nbsp_at(begin)) begin += 2;
        else break;
    }
    std::size_t end = text.size();
    while (end > begin) {
        if (plain_space(text[end - 1])) --end;
        else if (end - begin >= 2 && nbsp_at(end - 2)) end -= 2;
        else break;
    }
    return std::string(text.substr(begin, end - begin));
}

std::size_t xml_character_at(std::string_view text, std::size_t at) {
    const auto sequence = utf8_sequence_at(text, at);
    return sequence.length != 0 && xml_allowed(sequence.code) ? sequence.length : 0;
}

namespace {

// How many bytes a character XML refuses takes, so that it is dropped, and counted, as one
// character: a well-formed sequence (U+FFFE is three bytes), or one shaped like a sequence
// (a lead byte and its continuation bytes) that encodes what UTF-8 does not allow, such as a
// surrogate as CESU-8 writes it. A byte that starts no such shape is one character of its own.
std::size_t refused_length(std::string_view text, std::size_t at) {
    if (const auto sequence = utf8_sequence_at(text, at); sequence.length != 0) return sequence.length;
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length = lead >= 0xF0 && lead <= 0xF7 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (length == 1 || at + length > text.size()) return 1;
    for (std::size_t i = 1; i < length; ++i)
        if ((static_cast<unsigned char>(text[at + i]) & 0xC0u) != 0x80u) return 1;
    return length;
}

}  // namespace

std::string xml_safe(std::string_view text, std::size_t& dropped) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto length = xml_character_at(text, i);
        if (length == 0) {
            ++dropped;
            i += refused_length(text, i);
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

}  // namespace formwork::sdk
