// SDK 1.4. Text on its way into a record's XML, for plugins that read outside files (a
// pasted table, a committee system's export): cells trimmed as people see them, and no
// character XML 1.0 forbids passed to the host. The host checks again; this lets a plugin
// say which field lost what. A whole XML document from outside is checked first, and refused,
// with xml_chars.hpp (SDK 1.5).
#pragma once

#include <boost/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace formwork::sdk {

// The text without spaces, tabs, line breaks or non-breaking spaces (U+00A0) at either end:
// Word and web pages pad cells with all of them.
BOOST_SYMBOL_VISIBLE std::string trim_spaces(std::string_view text);

// The length of the well-formed UTF-8 sequence at text[at] of a character XML 1.0 allows
// (tab, line feed and carriage return among the C0 controls; no surrogates, no U+FFFE or
// U+FFFF), or 0.
BOOST_SYMBOL_VISIBLE std::size_t xml_character_at(std::string_view text, std::size_t at);

// The text with only characters XML 1.0 allows: what it forbids (and bytes that are not
// UTF-8) is dropped, and counted in `dropped` in characters, as people count them: U+FFFE is
// one, though three bytes; a byte that is not UTF-8 is one.
BOOST_SYMBOL_VISIBLE std::string xml_safe(std::string_view text, std::size_t& dropped);

}  // namespace formwork::sdk
