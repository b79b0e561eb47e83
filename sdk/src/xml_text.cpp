#include <formwork/sdk/xml_text.hpp>

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
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return (lead >= 0x20 || lead == '\t' || lead == '\n' || lead == '\r') ? 1 : 0;
    std::size_t length = 0;
    unsigned long code = 0;
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
        return 0;
    }
    if (at + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0u) != 0x80u) return 0;
        code = (code << 6) | (byte(at + i) & 0x3Fu);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (overlong || surrogate || code > 0x10FFFF || code == 0xFFFE || code == 0xFFFF) return 0;
    return length;
}

std::string xml_safe(std::string_view text, std::size_t& dropped) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto length = xml_character_at(text, i);
        if (length == 0) {
            ++dropped;
            ++i;
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

}  // namespace formwork::sdk
