// The SDK's check of an XML document from outside (SDK 1.5, formwork/sdk/xml_chars.hpp): every
// character XML 1.0 forbids, written as it is or as a character reference, found at its line
// and column before pugixml decodes it (a decoded &#0; cuts a value short).
#include <formwork/sdk/xml_chars.hpp>

#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <string>

using formwork::sdk::XmlCharacterFault;
using formwork::sdk::located;
using formwork::sdk::xml_character_fault;
using Kind = XmlCharacterFault::Kind;

TEST_CASE("sdk: a U+0000 written as the reference &#0 or &#x0 or itself is found at its line and column") {
    for (const std::string& nul : {std::string("&#0;"), std::string("&#x0;"), std::string(1, '\0')}) {
        INFO("written as " << (nul.front() == '&' ? nul : std::string("a NUL byte")));
        const std::string document = "<meeting>\n  <venue>Dia" + nul + "mond Suite</venue>\n</meeting>\n";
        if (nul.front() == '&') {
            // What pugixml alone makes of a reference: the venue cut short, and no error.
            pugi::xml_document parsed;
            REQUIRE(parsed.load_buffer(document.data(), document.size()));
            CHECK(std::string(parsed.child("meeting").child("venue").text().get()) == "Dia");
        }

        const auto fault = xml_character_fault(document);
        REQUIRE(fault);
        CHECK(fault->offset == document.find("Dia") + 3);
        CHECK(fault->line == 2);
        CHECK(fault->column == 13);
        CHECK(fault->code_point == 0);
        if (nul.front() == '&') {
            CHECK(fault->kind == Kind::forbidden_reference);
            CHECK(fault->written == nul);
            CHECK(fault->message == "the character U+0000 is not allowed in XML 1.0 (written as " + nul + ")");
        } else {
            CHECK(fault->kind == Kind::forbidden_character);
            CHECK(fault->written.empty());
            CHECK(fault->message == "the character U+0000 is not allowed in XML 1.0");
        }
        CHECK(located(*fault, "meeting.xml") == "meeting.xml:2:13: " + fault->message);
    }
}

TEST_CASE("sdk: every character XML 1.0 forbids is found, and every one it allows passes") {
    const auto code_of = [](const std::string& text) {
        const auto fault = xml_character_fault("<a>" + text + "</a>");
        return fault ? fault->code_point : 0xFFFFFFFFu;
    };
    constexpr auto none = 0xFFFFFFFFu;
    for (unsigned c = 0; c < 0x20; ++c) {
        INFO("U+" << c);
        const bool allowed = c == 0x9 || c == 0xA || c == 0xD;
        CHECK(code_of(std::string(1, static_cast<char>(c))) == (allowed ? none : c));
        CHECK(code_of("&#" + std::to_string(c) + ";") == (allowed ? none : c));
    }
    CHECK(code_of("&#x1F;") == 0x1F);
    CHECK(code_of("&#xD800;") == 0xD800);
    CHECK(code_of("&#xDFFF;") == 0xDFFF);
    CHECK(code_of("&#xFFFE;") == 0xFFFE);
    CHECK(code_of("&#65535;") == 0xFFFF);
    CHECK(code_of("\xEF\xBF\xBE") == 0xFFFE);  // U+FFFE written as it is
    CHECK(code_of("\xEF\xBF\xBF") == 0xFFFF);
    CHECK(code_of("&#x110000;") == 0x110000);
    CHECK(code_of("&#99999999999999999999;") == 0x110000);  // past any integer, never wrapped round
    CHECK(xml_character_fault("<a>&#x110000;</a>")->message ==
          "the character reference &#x110000; is beyond U+10FFFF, the last character there is");

    CHECK(code_of("&#x20;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;&#9;&#10;&#13;&#xE9;&#XYZ;") == none);
    CHECK(code_of("\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBD\xF0\x90\x80\x80\xF4\x8F\xBF\xBF") == none);
    // Not references, so not decoded: left to the parser.
    CHECK(code_of("&#; &#x; &#X0; &#0 ; &#0") == none);
}

TEST_CASE("sdk: references are only text in comments, CDATA sections and processing instructions") {
    CHECK_FALSE(xml_character_fault("<a><!-- &#0; --><![CDATA[&#x0;]]><?pi &#1;?></a>"));
    CHECK_FALSE(xml_character_fault("<?xml version=\"1.0\"?><a><![CDATA[&#0;]]]></a>"));
    // ... but a character XML forbids is forbidden there too.
    const auto in_comment = xml_character_fault(std::string("<a><!-- \x01 --></a>"));
    REQUIRE(in_comment);
    CHECK(in_comment->kind == Kind::forbidden_character);
    CHECK(in_comment->column == 9);
    // After the comment, references count again.
    const auto after = xml_character_fault("<a><!-- &#0; -->&#0;</a>");
    REQUIRE(after);
    CHECK(after->column == 17);
    // In an attribute value, as in text.
    const auto attribute = xml_character_fault("<a b='x&#x0;'/>");
    REQUIRE(attribute);
    CHECK(attribute->column == 8);
}

TEST_CASE("sdk: lines end at LF, CR LF or a lone CR, columns count characters, not bytes") {
    auto fault = xml_character_fault("<a>\r\n\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80&#1;</a>");
    REQUIRE(fault);
    CHECK(fault->line == 2);
    CHECK(fault->column == 4);  // after é, € and 😀
    fault = xml_character_fault("<a>\r\r\n\n&#1;</a>");
    REQUIRE(fault);
    CHECK(fault->line == 4);
    CHECK(fault->column == 1);
}

TEST_CASE("sdk: bytes that are not UTF-8 are a fault of their own") {
    const auto fault = xml_character_fault("<a>caf\xE9</a>");
    REQUIRE(fault);
    CHECK(fault->kind == Kind::not_utf8);
    CHECK(fault->offset == 6);
    CHECK(fault->column == 7);
    CHECK(fault->message == "the text is not UTF-8 here (byte 7)");
    CHECK(xml_character_fault("<a>\xED\xA0\x80</a>")->kind == Kind::not_utf8);  // a surrogate in UTF-8
    CHECK(xml_character_fault("<a>\xC0\xAF</a>")->kind == Kind::not_utf8);      // overlong
    CHECK_FALSE(xml_character_fault("\xEF\xBB\xBF<a/>"));                       // a byte order mark is U+FEFF
    CHECK_FALSE(xml_character_fault(""));
}
