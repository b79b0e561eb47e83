#include <formwork/model/xml_input.hpp>

#include <formwork/sdk/xml_chars.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

namespace formwork::forms {

namespace {

// Decodes one UTF-8 sequence at text[i]; returns the code point and advances i, or
// returns nothing when the bytes are not well-formed UTF-8.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    char32_t value = 0;
    if (lead < 0x80) {
        ++i;
        return lead;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2;
        value = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        value = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        value = lead & 0x07u;
    } else {
        return std::nullopt;
    }
    if (i + length > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
        value = (value << 6) | (byte(i + k) & 0x3Fu);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < smallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
    i += length;
    return value;
}

bool xml_allowed(char32_t c) noexcept {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

std::string hex_code_point(char32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return buffer;
}

// XML's own entities and character references are the only ones a document without a
// DOCTYPE may use; pugixml would leave any other `&name;` in the text as it is.
std::optional<std::size_t> undeclared_entity(std::string_view text) {
    std::size_t i = 0;
    while ((i = text.find_first_of("&<", i)) != std::string_view::npos) {
        if (text[i] == '<') {
            if (text.compare(i, 9, "<![CDATA[") == 0) {
                const auto end = text.find("]]>", i);
                if (end == std::string_view::npos) return std::nullopt;  // the parser reports it
                i = end + 3;
            } else if (text.compare(i, 4, "<!--") == 0) {
                const auto end = text.find("-->", i);
                if (end == std::string_view::npos) return std::nullopt;
                i = end + 3;
            } else {
                ++i;
            }
            continue;
        }
        const auto semicolon = text.find(';', i);
        const auto name = text.substr(i + 1, semicolon == std::string_view::npos ? 0 : semicolon - i - 1);
        if (!(name == "lt" || name == "gt" || name == "amp" || name == "apos" || name == "quot" ||
              (!name.empty() && name[0] == '#')))
            return i;
        i = semicolon;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> xml_text_problem(std::string_view text) {
    std::size_t i = 0;
    std::size_t character = 0;
    while (i < text.size()) {
        const std::size_t at = i;
        const auto c = next_code_point(text, i);
        ++character;
        if (!c) return "holds bytes that are not UTF-8 (at byte " + std::to_string(at + 1) + ")";
        if (!xml_allowed(*c))
            return "holds the character " + hex_code_point(*c) + ", which XML 1.0 forbids (character " +
                   std::to_string(character) + ")";
    }
    return std::nullopt;
}

std::size_t utf8_length(std::string_view text) noexcept {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::unique_ptr<XmlInput> XmlInput::read_file(const std::filesystem::path& path, Diagnostics& out,
                                              const XmlLimits& limits) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        out.push_back({Severity::error, path.string(), 0, 0, {}, "cannot read the file: " + error.message(), {}});
        return nullptr;
    }
    if (size > limits.max_bytes) {
        out.push_back({Severity::error, path.string(), 0, 0, {},
                       "the file is " + std::to_string(size) + " bytes; the most accepted is " +
                           std::to_string(limits.max_bytes),
                       {}});
        return nullptr;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
        out.push_back({Severity::error, path.string(), 0, 0, {}, "cannot read the file", {}});
        return nullptr;
    }
    return parse(std::move(text).str(), path.string(), out, limits);
}

std::unique_ptr<XmlInput> XmlInput::parse(std::string text, std::string file, Diagnostics& out,
                                          const XmlLimits& limits) {
    std::unique_ptr<XmlInput> input(new XmlInput);
    input->text_ = std::move(text);
    input->file_ = std::move(file);
    input->line_starts_.push_back(0);
    for (std::size_t i = 0; i < input->text_.size(); ++i)
        if (input->text_[i] == '\n') input->line_starts_.push_back(i + 1);
    const auto fail = [&](std::size_t offset, std::string message) {
        const auto [line, column] = input->line_column_at(offset);
        out.push_back({Severity::error, input->file_, line, column, {}, std::move(message), {}});
        return nullptr;
    };
    const std::string_view text_view = input->text_;

    if (text_view.size() > limits.max_bytes)
        return fail(0, "the text is " + std::to_string(text_view.size()) + " bytes; the most accepted is " +
                           std::to_string(limits.max_bytes));
    // Checked before parsing: pugixml accepts any bytes and would hand them on, and decodes a
    // reference to any character (a decoded &#0; would cut its value short there).
    if (const auto fault = sdk::xml_character_fault(text_view)) {
        if (fault->kind == sdk::XmlCharacterFault::Kind::not_utf8)
            return fail(fault->offset, "the file is not UTF-8 here (byte " + std::to_string(fault->offset + 1) + ")");
        return fail(fault->offset, fault->message);
    }
    if (const auto entity = undeclared_entity(text_view))
        return fail(*entity, "an entity reference other than XML's own (&lt; &gt; &amp; &apos; &quot;) is not allowed; "
                             "entities are never expanded");

    // parse_doctype keeps a DOCTYPE as a node, so that it is refused below rather than skipped.
    const auto result = input->document_.load_buffer(input->text_.data(), input->text_.size(),
                                                     pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
    if (!result) return fail(static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0)),
                             std::string("malformed XML: ") + result.description());

    std::size_t elements = 0;
    std::vector<std::pair<pugi::xml_node, std::size_t>> stack{{input->document_, 0}};
    while (!stack.empty()) {
        const auto [node, depth] = stack.back();
        stack.pop_back();
        for (auto child = node.first_child(); child; child = child.next_sibling()) {
            if (child.type() == pugi::node_doctype) {
                // pugixml places a DOCTYPE after its keyword; point at its '<!'.
                const auto start = text_view.rfind("<!", static_cast<std::size_t>(child.offset_debug()));
                return fail(start == std::string_view::npos ? 0 : start,
                            "a DOCTYPE is not allowed; nothing in it is read or expanded");
            }
            if (child.type() != pugi::node_element) continue;
            if (++elements > limits.max_elements)
                return fail(static_cast<std::size_t>(child.offset_debug()),
                            "more than " + std::to_string(limits.max_elements) + " elements");
            if (depth + 1 > limits.max_depth)
                return fail(static_cast<std::size_t>(child.offset_debug()),
                            "elements nest deeper than " + std::to_string(limits.max_depth) + " levels");
            stack.emplace_back(child, depth + 1);
        }
    }
    if (!input->root()) return fail(0, "the document has no root element");
    return input;
}

std::pair<int, int> XmlInput::line_column_at(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    // The line starts are found once per document: a definition asks for hundreds of places.
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::size_t>(after - line_starts_.begin());
    const auto line_start = line_starts_[line - 1];
    const auto column = utf8_length(std::string_view(text_).substr(line_start, offset - line_start)) + 1;
    return {static_cast<int>(line), static_cast<int>(column)};
}

std::pair<int, int> XmlInput::line_column(pugi::xml_node node) const {
    const auto offset = node.offset_debug();
    if (offset < 0) return {0, 0};
    // pugixml gives the offset of the name; point at the '<' as editors do.
    auto at = static_cast<std::size_t>(offset);
    if (node.type() == pugi::node_element && at > 0 && text_[at - 1] == '<') --at;
    return line_column_at(at);
}

std::pair<int, int> XmlInput::line_column(pugi::xml_node node, const char* attribute) const {
    const auto offset = node.offset_debug();
    if (offset < 0) return {0, 0};
    // Walk the start tag, skipping quoted values (which may hold '>'), to the attribute.
    const std::string_view name(attribute);
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    for (auto i = static_cast<std::size_t>(offset); i < text_.size() && text_[i] != '>';) {
        const char c = text_[i];
        if (c == '"' || c == '\'') {
            const auto close = text_.find(c, i + 1);
            if (close == std::string::npos) break;
            i = close + 1;
            continue;
        }
        if (is_space(text_[i - 1]) && text_.compare(i, name.size(), name) == 0) {
            auto after = i + name.size();
            while (after < text_.size() && is_space(text_[after])) ++after;
            if (after < text_.size() && text_[after] == '=') return line_column_at(i);
        }
        ++i;
    }
    return line_column(node);
}

Diagnostic XmlInput::error_at(pugi::xml_node node, std::string message) const {
    const auto [line, column] = line_column(node);
    return {Severity::error, file_, line, column, {}, std::move(message), {}};
}

Diagnostic XmlInput::error_at(pugi::xml_node node, const char* attribute, std::string message) const {
    const auto [line, column] = line_column(node, attribute);
    return {Severity::error, file_, line, column, {}, std::move(message), {}};
}

}  // namespace formwork::forms
