// The reader of a plugin's identity note, on the real fixture library and on small ELF
// files made here, each wrong in one way. It reads files from outside, so every way of
// being wrong must give an error with the byte it is at, and never a read past the end.
#include <formwork/host/plugin_file.hpp>
#include <formwork/sdk/plugin.hpp>

#include <catch2/catch.hpp>

#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

namespace fs = std::filesystem;
using formwork::forms::read_plugin_bytes;
using formwork::forms::read_plugin_file;
using Catch::Matchers::Contains;

namespace {

std::string file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

formwork_plugin_note good_note() {
    return {sizeof(FORMWORK_PLUGIN_NOTE_OWNER), sizeof(formwork_plugin_identity), FORMWORK_PLUGIN_NOTE_TYPE_IDENTITY,
            FORMWORK_PLUGIN_NOTE_OWNER,
            {FORMWORK_PLUGIN_IDENTITY_MAGIC, FORMWORK_SDK_VERSION, FORMWORK_SDK_ABI_TAG, "made-here", "Made here",
             "0.0.1"}};
}

template <class T>
void append(std::string& bytes, const T& value) {
    bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// A shared object of this machine's kind with one note segment holding the given notes.
std::string elf_with_notes(const std::string& notes, Elf64_Word segment_type = PT_NOTE) {
    Elf64_Ehdr header{};
    std::memcpy(header.e_ident, ELFMAG, SELFMAG);
    header.e_ident[EI_CLASS] = ELFCLASS64;
    header.e_ident[EI_DATA] = ELFDATA2LSB;
    header.e_ident[EI_VERSION] = EV_CURRENT;
    header.e_type = ET_DYN;
    header.e_machine = EM_X86_64;
    header.e_version = EV_CURRENT;
    header.e_phoff = sizeof(Elf64_Ehdr);
    header.e_ehsize = sizeof(Elf64_Ehdr);
    header.e_phentsize = sizeof(Elf64_Phdr);
    header.e_phnum = 1;
    Elf64_Phdr segment{};
    segment.p_type = segment_type;
    segment.p_offset = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr);
    segment.p_filesz = notes.size();
    segment.p_align = 4;
    std::string bytes;
    append(bytes, header);
    append(bytes, segment);
    return bytes + notes;
}

std::string note_bytes(const formwork_plugin_note& note) {
    std::string bytes;
    append(bytes, note);
    return bytes;
}

constexpr std::size_t identity_at = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + offsetof(formwork_plugin_note, identity);

}  // namespace

TEST_CASE("the identity is read from a real plugin library without loading it") {
    const auto reading = read_plugin_file(fs::path(FORMWORK_FIXTURE_PLUGIN_DIR) / "fixture_good.so");
    REQUIRE(reading);
    REQUIRE(reading.identity);
    CHECK(reading.identity->id == "fixture-good");
    CHECK(reading.identity->name == "Good fixture");
    CHECK(reading.identity->version == "1.2.3");
    CHECK(reading.identity->sdk_version == FORMWORK_SDK_VERSION);
    CHECK(reading.identity->abi_tag == FORMWORK_SDK_ABI_TAG);
}

TEST_CASE("a library with no note, and one whose file is cut anywhere, are told apart from plugins") {
    const auto no_note = read_plugin_file(fs::path(FORMWORK_FIXTURE_PLUGIN_DIR) / "fixture_no_descriptor.so");
    REQUIRE(no_note);
    CHECK_FALSE(no_note.identity);

    // Cut short at many places, the real library gives an error or no identity, and under
    // the sanitizers, no read outside the bytes.
    const std::string whole = file_bytes(fs::path(FORMWORK_FIXTURE_PLUGIN_DIR) / "fixture_good.so");
    REQUIRE(whole.size() > 1000);
    for (std::size_t length = 0; length < whole.size(); length += 1 + length / 8) {
        const auto reading = read_plugin_bytes(std::string_view(whole).substr(0, length));
        if (reading.identity) CHECK(reading.identity->id == "fixture-good");
        if (!reading) CHECK_FALSE(reading.error->description.empty());
    }
}

TEST_CASE("a made-up ELF file with one good note gives that note") {
    const auto reading = read_plugin_bytes(elf_with_notes(note_bytes(good_note())));
    REQUIRE(reading);
    REQUIRE(reading.identity);
    CHECK(reading.identity->id == "made-here");
    CHECK(reading.identity->offset == sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr));
}

TEST_CASE("each way a file can be wrong gives an error at the byte it is at") {
    SECTION("text") {
        const auto reading = read_plugin_bytes(std::string_view("this is not a library\n"));
        REQUIRE_FALSE(reading);
        CHECK(reading.error->offset == 0);
        CHECK_THAT(reading.error->description, Contains("not an ELF file"));
    }
    SECTION("a 32-bit file") {
        std::string bytes = elf_with_notes(note_bytes(good_note()));
        bytes[EI_CLASS] = ELFCLASS32;
        const auto reading = read_plugin_bytes(bytes);
        REQUIRE_FALSE(reading);
        CHECK(reading.error->offset == EI_CLASS);
        CHECK_THAT(reading.error->description, Contains("32-bit"));
    }
    SECTION("an executable, not a shared library") {
        std::string bytes = elf_with_notes(note_bytes(good_note()));
        bytes[offsetof(Elf64_Ehdr, e_type)] = ET_EXEC;
        const auto reading = read_plugin_bytes(bytes);
        REQUIRE_FALSE(reading);
        CHECK_THAT(reading.error->description, Contains("not a shared library"));
    }
    SECTION("a note segment past the end of the file") {
        std::string bytes = elf_with_notes(note_bytes(good_note()));
        bytes.resize(bytes.size() - 1);
        const auto reading = read_plugin_bytes(bytes);
        REQUIRE_FALSE(reading);
        CHECK(reading.error->offset == sizeof(Elf64_Ehdr));
        CHECK_THAT(reading.error->description, Contains("past the end of the file"));
    }
    SECTION("a note that claims more bytes than its segment holds") {
        auto note = good_note();
        note.descriptor_size = 0xfffffff0u;
        const auto reading = read_plugin_bytes(elf_with_notes(note_bytes(note)));
        REQUIRE_FALSE(reading);
        CHECK(reading.error->offset == sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr));
        CHECK_THAT(reading.error->description, Contains("runs past its segment"));
    }
    SECTION("an identity shorter than its frozen fields") {
        auto note = good_note();
        note.descriptor_size = 100;
        const auto reading = read_plugin_bytes(elf_with_notes(note_bytes(note)));
        REQUIRE_FALSE(reading);
        CHECK_THAT(reading.error->description, Contains("fewer than the 296"));
    }
    SECTION("a bad magic number") {
        auto note = good_note();
        note.identity.magic = 0x12345678u;
        const auto reading = read_plugin_bytes(elf_with_notes(note_bytes(note)));
        REQUIRE_FALSE(reading);
        CHECK(reading.error->offset == identity_at);
        CHECK_THAT(reading.error->description, Contains("bad magic number"));
    }
    SECTION("an id with no terminating NUL") {
        auto note = good_note();
        std::memset(note.identity.id, 'a', sizeof note.identity.id);
        const auto reading = read_plugin_bytes(elf_with_notes(note_bytes(note)));
        REQUIRE_FALSE(reading);
        CHECK(reading.error->offset == identity_at + offsetof(formwork_plugin_identity, id));
        CHECK_THAT(reading.error->description, Contains("id has no terminating NUL"));
    }
    SECTION("two identity notes") {
        const auto reading = read_plugin_bytes(elf_with_notes(note_bytes(good_note()) + note_bytes(good_note())));
        REQUIRE_FALSE(reading);
        CHECK(reading.error->offset == sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + sizeof(formwork_plugin_note));
        CHECK_THAT(reading.error->description, Contains("a second Formwork identity note"));
    }
}

TEST_CASE("a note of another owner, or outside a note segment, is not an identity") {
    auto other_owner = good_note();
    std::memcpy(other_owner.owner, "Formwerk", 9);
    const auto foreign = read_plugin_bytes(elf_with_notes(note_bytes(other_owner)));
    REQUIRE(foreign);
    CHECK_FALSE(foreign.identity);

    const auto unmapped = read_plugin_bytes(elf_with_notes(note_bytes(good_note()), PT_LOAD));
    REQUIRE(unmapped);
    CHECK_FALSE(unmapped.identity);
}
