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
