// SDK 1.5. Whether an XML document from outside breaks XML 1.0's rule on characters, for
// anything that parses another system's XML (a committee system's export). XML 1.0 allows
// only tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF,
// whether a character is written as it is or as a character reference. pugixml checks
// neither: it decodes `&#0;` and `&#x1;` like any other reference, and a decoded U+0000 ends
// the value there (`start&#0;end` reads as `start`). So the text is checked before it is
// parsed, and a document that fails is refused, never cleaned: nothing is cut short.
#pragma once

#include <boost/config.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace formwork::sdk {

// The first place where a document breaks the rule.
struct XmlCharacterFault {
    enum class Kind {
        not_utf8,             // bytes that are not well-formed UTF-8
        forbidden_character,  // a character XML 1.0 forbids, written as it is (a literal NUL, say)
        forbidden_reference,  // a character reference to one: &#0;, &#x1;, &#xD800;, &#xFFFE;, &#x110000;
    };
    Kind kind{Kind::forbidden_character};
    std::size_t offset{};      // the byte offset of the character, or of the reference's '&'
    int line{};                // 1-based; a line ends at a line feed, a CR LF or a lone CR
    int column{};              // 1-based, in characters (code points) of the line; a byte that is
                               // not UTF-8 counts as one
    std::uint32_t code_point{};  // the character; 0x110000 for a reference past U+10FFFF
    std::string written{};     // a reference as it is written (`&#0;`); empty for the other kinds
    // What is wrong, in words: "the character U+0000 is not allowed in XML 1.0 (written as
    // &#0;)", "the character U+0007 is not allowed in XML 1.0", "the text is not UTF-8 here
    // (byte 312)".
    std::string message{};
};

// The first fault in `document`, or nothing. Characters are checked everywhere; character
// references where XML decodes them (text and attribute values), not inside comments, CDATA
// sections or processing instructions, where `&#0;` is only text. A reference that is not
// well formed (`&#;`, `&#X41;`) is left to the parser.
BOOST_SYMBOL_VISIBLE std::optional<XmlCharacterFault> xml_character_fault(std::string_view document);

// "SOURCE:LINE:COLUMN: message", the form in which a plugin refuses a whole text at a place:
// the host shows an exception whose message starts with the request's source and a line and
// column as a diagnostic at that place.
BOOST_SYMBOL_VISIBLE std::string located(const XmlCharacterFault& fault, std::string_view source);

}  // namespace formwork::sdk
