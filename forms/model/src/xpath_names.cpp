#include "xpath_names.hpp"

namespace formwork::forms {

namespace {

bool name_start(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool name_char(char c) noexcept { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }
bool space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::vector<XPathName> xpath_names(std::string_view text) {
    std::vector<XPathName> names;
    // XPath 1.0 (3.7): a name is an operator name when a preceding token exists and is
    // not one of @ :: ( [ , or an operator.
    bool operator_allowed = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (space(c)) {
            ++i;
            continue;
        }
        if (c == '"' || c == '\'') {
            const auto close = text.find(c, i + 1);
            i = close == std::string_view::npos ? text.size() : close + 1;
            operator_allowed = true;
            continue;
        }
        if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9')) {
            while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
            operator_allowed = true;
            continue;
        }
        if (c == '$') {
            ++i;
            while (i < text.size() && name_char(text[i])) ++i;
            operator_allowed = true;
            continue;
        }
        if (name_start(c)) {
            const std::size_t start = i;
            while (i < text.size() && (name_char(text[i]) || (text[i] == ':' && i + 1 < text.size() &&
                                                             text[i + 1] != ':' && name_start(text[i + 1]))))
                ++i;
            // A trailing '.' or '-' belongs to the name in XPath; keep it as written.
            const std::string_view name = text.substr(start, i - start);
            std::size_t next = i;
            while (next < text.size() && space(text[next])) ++next;
            const bool attribute = start > 0 && text[start - 1] == '@';
            if (operator_allowed && !attribute && (name == "and" || name == "or" || name == "div" || name == "mod")) {
                operator_allowed = false;
                continue;
            }
            if (next < text.size() && text[next] == '(') {  // a function or a node type test
                operator_allowed = false;
                continue;
            }
            if (next + 1 < text.size() && text[next] == ':' && text[next + 1] == ':') {  // an axis
                operator_allowed = false;
                continue;
            }
            names.push_back({std::string(name), attribute, start});
            operator_allowed = true;
            continue;
        }
        if (c == ')' || c == ']' || c == '*' || c == '.') {
            // '*' after an operand is multiplication; as a name test it is no name.
            operator_allowed = true;
            ++i;
            if (c == '.' && i < text.size() && text[i] == '.') ++i;
            continue;
        }
        operator_allowed = false;  // @ :: ( [ , / // | + - = != < <= > >=
        ++i;
    }
    return names;
}

}  // namespace formwork::forms
