// The seeds' Word tables were extracted with their inline markup (<b>, </p>): the text a
// person copies from Word has none. Without std::regex, whose libstdc++ 12 headers trip
// -Wmaybe-uninitialized under the sanitizer build's -O2.
#pragma once

#include <cctype>
#include <string>

namespace formwork::test {

// The line without tags made of lower-case letters ("<b>", "</p>"); other '<' stay.
inline std::string strip_markup(const std::string& line) {
    std::string out;
    for (std::size_t i = 0; i < line.size();) {
        if (line[i] == '<') {
            std::size_t j = i + 1;
            if (j < line.size() && line[j] == '/') ++j;
            const std::size_t name = j;
            while (j < line.size() && line[j] >= 'a' && line[j] <= 'z') ++j;
            if (j > name && j < line.size() && line[j] == '>') {
                i = j + 1;
                continue;
            }
        }
        out += line[i++];
    }
    return out;
}

}  // namespace formwork::test
