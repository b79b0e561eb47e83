// Reading XML that came from outside: definitions, profiles, record files. Every file
// goes through here, so each is bounded in size and depth, never expands a DOCTYPE or
// entity, and has its text checked for UTF-8 and for characters XML 1.0 forbids, written as
// they are or as character references (&#0;, which pugixml would decode and cut the value
// short at): sdk::xml_character_fault, the check plugins use too.
#pragma once

#include <formwork/model/diagnostic.hpp>

#include <pugixml.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

struct XmlLimits {
    std::size_t max_bytes = std::size_t{64} << 20;
    std::size_t max_depth = 64;
    std::size_t max_elements = 1'000'000;
};

// A parsed document that remembers its text, so that any node can be located by line
// and column for messages.
class XmlInput {
public:
    // Parses `text`, named `file` in messages. On failure, returns nothing and appends a
    // diagnostic with the line and column of the fault.
    static std::unique_ptr<XmlInput> parse(std::string text, std::string file, Diagnostics& out,
                                           const XmlLimits& limits = {});
    static std::unique_ptr<XmlInput> read_file(const std::filesystem::path& path, Diagnostics& out,
                                               const XmlLimits& limits = {});

    const pugi::xml_document& document() const noexcept { return document_; }
    pugi::xml_node root() const noexcept { return document_.document_element(); }
    const std::string& file() const noexcept { return file_; }

    // Where a node (or one of its attributes) starts in the text.
    std::pair<int, int> line_column(pugi::xml_node node) const;
    std::pair<int, int> line_column(pugi::xml_node node, const char* attribute) const;
    std::pair<int, int> line_column_at(std::size_t offset) const;

    Diagnostic error_at(pugi::xml_node node, std::string message) const;
    Diagnostic error_at(pugi::xml_node node, const char* attribute, std::string message) const;

private:
    XmlInput() = default;
    std::string text_;
    std::string file_;
    std::vector<std::size_t> line_starts_;  // offset of each line's first byte, for line_column_at
    pugi::xml_document document_;
};

// Why `text` may not be stored as XML text, or nothing if it may: bytes that are not
// UTF-8, or a character XML 1.0 forbids (naming it and where it is).
std::optional<std::string> xml_text_problem(std::string_view text);

// The number of Unicode code points in valid UTF-8 text.
std::size_t utf8_length(std::string_view text) noexcept;

}  // namespace formwork::forms
