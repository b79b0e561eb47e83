// The guarded archive module (DESIGN.md, "Archives from outside"): hostile archives, made fresh by
// make_archives.py (and, for an AES-encrypted entry, by libzip here), refused with their reason;
// a good archive read back byte for byte.
#include <formwork/archive/guarded_archive.hpp>

#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <zip.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

using formwork::archive::ArchiveError;
using formwork::archive::ArchiveLimits;
using formwork::archive::GuardedArchive;
using formwork::archive::parse_archived_xml;

namespace {

// The archives of make_archives.py, written once for the whole run.
const std::filesystem::path& archives() {
    static const formwork::test::TempFolder folder;
    static const bool made = [] {
        const std::string command = std::string("/usr/bin/python3 '") + FORMWORK_MAKE_ARCHIVES + "' '" + folder.path().string() + "'";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
        return true;
    }();
    (void)made;
    return folder.path();
}

std::filesystem::path archive(const std::string& name) {
    return archives() / name;
}

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The message of the ArchiveError that `open` throws for `name`, opened from its file and from
// memory (the two must say the same).
std::string refusal(const std::string& name, const ArchiveLimits& limits = {}) {
    std::string from_file;
    try {
        (void)GuardedArchive::open(archive(name), limits);
    } catch (const ArchiveError& error) {
        from_file = error.what();
    }
    std::string from_memory;
    try {
        (void)GuardedArchive::from_memory(file_bytes(archive(name)), name, limits);
    } catch (const ArchiveError& error) {
        from_memory = error.what();
    }
    CHECK(from_file == from_memory);
    return from_file;
}

// Random bytes, the same from run to run.
std::string pseudo_random_bytes(std::size_t count) {
    std::mt19937 generator(29);
    std::string bytes(count, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(generator() & 0xFF);
    return bytes;
}

}  // namespace

TEST_CASE("A good archive's entries are listed and read back byte for byte", "[archive]") {
    auto zip = GuardedArchive::open(archive("good.zip"));
    CHECK(zip.shown_as() == "good.zip");
    REQUIRE(zip.entries().size() == 6);
    CHECK(zip.entries()[0].name == "[Content_Types].xml");
    const auto* folder = zip.find("xl/");
    REQUIRE(folder != nullptr);
    CHECK(folder->folder);
    CHECK(zip.find("xl/workbook.xml") != nullptr);
    CHECK(zip.find("xl/workbook.xm") == nullptr);
    CHECK(zip.find("XL/workbook.xml") == nullptr);  // names are compared exactly as stored

    CHECK(zip.read("xl/workbook.xml") ==
          "<?xml version=\"1.0\"?>\n<workbook><sheets><sheet name=\"A\"/></sheets></workbook>\n");
    CHECK(zip.read("xl/\xc3\x9c" "bersicht.xml") == "<s>\xc3\xbc" "ber</s>");
    CHECK(zip.read("bin/zeros.bin") == std::string(300 * 1024, '\0'));
    const std::string noise = zip.read("bin/noise.bin");
    CHECK(noise.size() == 200 * 1024);
    CHECK(zip.find("bin/noise.bin")->size == 200 * 1024);

    // The same from memory.
    auto in_memory = GuardedArchive::from_memory(file_bytes(archive("good.zip")), "returns.xlsx");
    CHECK(in_memory.shown_as() == "returns.xlsx");
    CHECK(in_memory.read("bin/noise.bin") == noise);
    CHECK(in_memory.read("bin/zeros.bin") == std::string(300 * 1024, '\0'));
}

TEST_CASE("stream() gives pieces of at most 64 KiB that join into what read() gives", "[archive]") {
    auto zip = GuardedArchive::open(archive("good.zip"));
    for (const char* name : {"bin/noise.bin", "bin/zeros.bin", "xl/workbook.xml"}) {
        std::string joined;
        std::size_t pieces = 0;
        zip.stream(name, [&](std::string_view piece) {
            CHECK(piece.size() <= 64 * 1024);
            joined.append(piece);
            ++pieces;
        });
        CHECK(joined == zip.read(name));
        if (std::string_view(name) == "bin/noise.bin") CHECK(pieces >= 4);
    }
}

TEST_CASE("A missing entry or a folder cannot be read", "[archive]") {
    auto zip = GuardedArchive::open(archive("good.zip"));
    CHECK_THROWS_WITH(zip.read("xl/missing.xml"), "good.zip: has no entry 'xl/missing.xml'");
    CHECK_THROWS_WITH(zip.read("xl/"), "good.zip: xl/: is a folder, not a file");
}

TEST_CASE("A zip bomb is stopped by the compression ratio before it is inflated", "[archive]") {
    auto zip = GuardedArchive::open(archive("bomb.zip"));
    const auto* entry = zip.find("xl/worksheets/sheet1.xml");
    REQUIRE(entry != nullptr);
    CHECK(entry->compressed_size < 100 * 1024);
    std::uint64_t handed_on = 0;
    try {
        zip.stream("xl/worksheets/sheet1.xml", [&](std::string_view piece) { handed_on += piece.size(); });
        FAIL("the bomb was read");
    } catch (const ArchiveError& error) {
        CHECK(std::string(error.what()) ==
              "bomb.zip: xl/worksheets/sheet1.xml: inflates to more than 200 times its compressed size (a zip bomb?); "
              "it was not read");
        CHECK(error.archive == "bomb.zip");
        CHECK(error.entry == "xl/worksheets/sheet1.xml");
    }
    // Stopped at 200 times its compressed size (about 10 MiB), not at 50 MiB.
    CHECK(handed_on <= 200 * entry->compressed_size);
    CHECK(handed_on > 200 * entry->compressed_size - 64 * 1024);
    CHECK_THROWS_AS(zip.read("xl/worksheets/sheet1.xml"), ArchiveError);

    // With the ratio allowed, the size of one entry stops it instead.
    ArchiveLimits generous;
    generous.max_ratio = 100'000;
    generous.max_entry_bytes = 4 << 20;
    auto again = GuardedArchive::open(archive("bomb.zip"), generous);
    CHECK_THROWS_WITH(again.read("xl/worksheets/sheet1.xml"),
                      "bomb.zip: xl/worksheets/sheet1.xml: inflates to more than 4 MiB, the most one entry may hold; "
                      "it was not read");
}

TEST_CASE("All reads together are bounded", "[archive]") {
    ArchiveLimits limits;
    limits.max_total_bytes = 400 * 1024;
    auto zip = GuardedArchive::open(archive("good.zip"), limits);
    CHECK(zip.read("bin/noise.bin").size() == 200 * 1024);
    CHECK_THROWS_WITH(zip.read("bin/zeros.bin"),
                      "good.zip: bin/zeros.bin: takes the archive past 400 KiB inflated, the most all its entries may "
                      "hold together; it was not read");
}

TEST_CASE("An archive too big, or with too many entries, is not opened", "[archive]") {
    ArchiveLimits small;
    small.max_archive_bytes = 1000;
    CHECK(refusal("good.zip", small) == "good.zip: is 205874 bytes, more than the 1000 bytes allowed");
    ArchiveLimits few;
    few.max_entries = 10;
    CHECK(refusal("many.zip", few) == "many.zip: has 20 entries, more than the 10 allowed");
    few.max_entries = 20;
    CHECK(GuardedArchive::open(archive("many.zip"), few).entries().size() == 20);
}

TEST_CASE("Entry names that leave the archive's folder or hide another name are refused", "[archive]") {
    CHECK(refusal("dotdot.zip") == "dotdot.zip: has an entry 'xl/../../evil.xml' whose path climbs out of the archive ('..')");
    CHECK(refusal("absolute.zip") == "absolute.zip: has an entry '/etc/passwd' with an absolute path");
    CHECK(refusal("drive.zip") == "drive.zip: has an entry 'C:/evil.xml' whose path starts with a drive letter");
    CHECK(refusal("drive-backslash.zip") ==
          "drive-backslash.zip: has an entry 'C:\\x' whose name holds a backslash (names use '/' between folders)");
    CHECK(refusal("backslash.zip") ==
          "backslash.zip: has an entry 'xl\\workbook.xml' whose name holds a backslash (names use '/' between folders)");
    CHECK(refusal("dot.zip") == "dot.zip: has an entry './xl/workbook.xml' whose path has a '.' folder");
    CHECK(refusal("empty-folder-name.zip") ==
          "empty-folder-name.zip: has an entry 'xl//workbook.xml' whose path has an empty folder name ('//')");
    CHECK(refusal("duplicate.zip") == "duplicate.zip: has two entries of the same name (which one is meant?)");
    CHECK(refusal("not-utf8.zip") == "not-utf8.zip: has an entry whose name is neither UTF-8 nor plain ASCII");
    // libzip reads a NUL in a name as a space: the name cannot be cut short to pass for another.
    CHECK(GuardedArchive::open(archive("nul-name.zip")).entries().at(0).name == "xl/a b.xml");
}

TEST_CASE("Names are checked against the limits given", "[archive]") {
    ArchiveLimits shallow;
    shallow.max_path_depth = 5;
    CHECK(refusal("deep.zip", shallow) == "deep.zip: has an entry 'a/b/c/d/e/f.xml' nested deeper than 5 folders");
    shallow.max_path_depth = 6;
    CHECK(GuardedArchive::open(archive("deep.zip"), shallow).entries().size() == 1);
    ArchiveLimits short_names;
    CHECK(GuardedArchive::open(archive("long-name.zip"), short_names).entries().size() == 1);
    short_names.max_name_bytes = 300;
    CHECK(refusal("long-name.zip", short_names) == "long-name.zip: has an entry whose name is longer than 300 bytes");
}

TEST_CASE("Encrypted entries and compression other than deflate are refused", "[archive]") {
    CHECK(refusal("encrypted-flag.zip") ==
          "encrypted-flag.zip: xl/workbook.xml: is encrypted; encrypted entries are not read (save the file without a "
          "password)");
    CHECK(refusal("bzip2.zip") ==
          "bzip2.zip: xl/workbook.xml: is compressed with method 12; only stored and deflated entries are read");
}

TEST_CASE("An entry encrypted with AES by libzip is refused", "[archive]") {
    if (zip_encryption_method_supported(ZIP_EM_AES_256, 1) == 0) {
        WARN("this libzip cannot write AES-encrypted entries; only the encryption flag is tested");
        return;
    }
    const formwork::test::TempFolder folder;
    const auto path = folder.path() / "aes.zip";
    int code = 0;
    zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_EXCL, &code);
    REQUIRE(zip != nullptr);
    static const char text[] = "<secret/>";
    zip_source_t* source = zip_source_buffer(zip, text, sizeof text - 1, 0);
    REQUIRE(source != nullptr);
    const zip_int64_t index = zip_file_add(zip, "xl/workbook.xml", source, 0);
    REQUIRE(index >= 0);
    REQUIRE(zip_file_set_encryption(zip, static_cast<zip_uint64_t>(index), ZIP_EM_AES_256, "password") == 0);
    REQUIRE(zip_close(zip) == 0);
    CHECK_THROWS_WITH(GuardedArchive::open(path),
                      "aes.zip: xl/workbook.xml: is encrypted; encrypted entries are not read (save the file without a "
                      "password)");
}

TEST_CASE("Damaged archives are refused in words", "[archive]") {
    auto zip = GuardedArchive::open(archive("crc.zip"));
    CHECK_THROWS_WITH(zip.read("data.txt"), "crc.zip: data.txt: is damaged (its checksum does not match); it was not read");
    std::string handed_on;
    CHECK_THROWS_AS(zip.stream("data.txt", [&](std::string_view piece) { handed_on += piece; }), ArchiveError);

    CHECK(refusal("truncated.zip").rfind("truncated.zip: is not a zip archive", 0) == 0);
    CHECK(refusal("truncated-end.zip").rfind("truncated-end.zip: is not a zip archive", 0) == 0);
    CHECK(refusal("not-a-zip.zip").rfind("not-a-zip.zip: is not a zip archive", 0) == 0);
    CHECK_THROWS_WITH(GuardedArchive::from_memory("", "nothing.xlsx"), "nothing.xlsx: is empty, not a zip archive");
    CHECK_THROWS_WITH(GuardedArchive::open(archives() / "absent.zip"), "absent.zip: does not exist");
    CHECK_THROWS_WITH(GuardedArchive::open(archives()), Catch::Matchers::EndsWith(": is not a file"));
    // Random bytes are no archive either, however they come.
    CHECK_THROWS_AS(GuardedArchive::from_memory(pseudo_random_bytes(5000), "noise.xlsx"), ArchiveError);
}

TEST_CASE("XML inside an archive is parsed with no DOCTYPE and a bounded depth", "[archive]") {
    pugi::xml_document document;
    SECTION("well-formed XML is parsed, whitespace-only text kept") {
        parse_archived_xml("<sst><si><t xml:space=\"preserve\"> </t></si></sst>", "returns.xlsx", "xl/sharedStrings.xml",
                           document);
        CHECK(std::string(document.child("sst").child("si").child("t").text().get()) == " ");
    }
    SECTION("a billion laughs is refused for its DOCTYPE, from the archive") {
        auto zip = GuardedArchive::open(archive("laughs.zip"));
        try {
            parse_archived_xml(zip.read("xl/sharedStrings.xml"), zip.shown_as(), "xl/sharedStrings.xml", document);
            FAIL("the DOCTYPE was let through");
        } catch (const ArchiveError& error) {
            CHECK(std::string(error.what()) ==
                  "laughs.zip: xl/sharedStrings.xml:2:1: has a DOCTYPE; XML inside an archive may not declare a DTD or "
                  "entities, so it was not read");
            CHECK(error.line == 2);
            CHECK(error.column == 1);
        }
        CHECK_FALSE(document.first_child());
    }
    SECTION("an external entity is refused for its DOCTYPE") {
        CHECK_THROWS_WITH(parse_archived_xml("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "a.xlsx",
                                             "xl/workbook.xml", document),
                          Catch::Matchers::StartsWith("a.xlsx: xl/workbook.xml:1:1: has a DOCTYPE"));
        CHECK_THROWS_WITH(parse_archived_xml("<?xml version=\"1.0\"?><!-- x --><!DOCTYPE x SYSTEM \"http://example.org/x.dtd\"><x/>",
                                             "a.xlsx", "xl/workbook.xml", document),
                          Catch::Matchers::StartsWith("a.xlsx: xl/workbook.xml:1:32: has a DOCTYPE"));
    }
    SECTION("a DOCTYPE after the root element, or inside it, is refused too") {
        CHECK_THROWS_AS(parse_archived_xml("<x/><!DOCTYPE x>", "a.xlsx", "xl/workbook.xml", document), ArchiveError);
        CHECK_THROWS_AS(parse_archived_xml("<x><!DOCTYPE x></x>", "a.xlsx", "xl/workbook.xml", document), ArchiveError);
        CHECK_THROWS_AS(parse_archived_xml("<!-- a -->\n<!DOCTYPE x>\n<x/>", "a.xlsx", "xl/workbook.xml", document),
                        ArchiveError);
    }
    SECTION("a DOCTYPE-like text inside a comment or CDATA is only text") {
        parse_archived_xml("<x><!-- <!DOCTYPE y> --><![CDATA[<!DOCTYPE z>]]></x>", "a.xlsx", "xl/workbook.xml", document);
        CHECK(std::string(document.child("x").text().get()) == "<!DOCTYPE z>");
    }
    SECTION("an undeclared entity is left as it is written, never expanded") {
        parse_archived_xml("<x>&lol9;&amp;</x>", "a.xlsx", "xl/workbook.xml", document);
        CHECK(std::string(document.child("x").text().get()) == "&lol9;&");
    }
    SECTION("nesting deeper than the limit is refused, from the archive") {
        auto zip = GuardedArchive::open(archive("deep-xml.zip"));
        CHECK_THROWS_WITH(parse_archived_xml(zip.read("xl/sharedStrings.xml"), zip.shown_as(), "xl/sharedStrings.xml", document),
                          "deep-xml.zip: xl/sharedStrings.xml:1:769: nests elements deeper than 256 levels; it was not read");
        parse_archived_xml(zip.read("xl/sharedStrings.xml"), zip.shown_as(), "xl/sharedStrings.xml", document,
                           pugi::parse_default, 300);
        CHECK(document.child("a"));
        CHECK_THROWS_AS(parse_archived_xml(zip.read("xl/sharedStrings.xml"), zip.shown_as(), "xl/sharedStrings.xml", document,
                                           pugi::parse_default, 299),
                        ArchiveError);
    }
    SECTION("deep nesting past any stack is refused, not overflowed") {
        std::string deep;
        for (int i = 0; i < 200'000; ++i) deep += "<a>";
        for (int i = 0; i < 200'000; ++i) deep += "</a>";
        CHECK_THROWS_AS(parse_archived_xml(deep, "a.xlsx", "xl/deep.xml", document), ArchiveError);
    }
    SECTION("XML that is not well-formed is refused at its line and column") {
        CHECK_THROWS_WITH(parse_archived_xml("<sst>\n  <si>\xc3\xbc</sj>\n</sst>", "returns.xlsx", "xl/sharedStrings.xml", document),
                          Catch::Matchers::StartsWith("returns.xlsx: xl/sharedStrings.xml:2:") &&
                              Catch::Matchers::Contains("is not well-formed XML"));
        CHECK_THROWS_WITH(parse_archived_xml("", "returns.xlsx", "xl/sharedStrings.xml", document),
                          Catch::Matchers::StartsWith("returns.xlsx: xl/sharedStrings.xml:1:1: is not well-formed XML"));
    }
}
