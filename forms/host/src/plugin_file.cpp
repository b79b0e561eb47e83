#include <formwork/host/plugin_file.hpp>

#include <formwork/sdk/plugin.hpp>

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <type_traits>

namespace formwork::forms {

namespace {

// The frozen part of the note's descriptor, which every SDK from 1.7 on writes.
static_assert(std::is_standard_layout_v<formwork_plugin_identity>);
static_assert(sizeof(formwork_plugin_identity) == 4 + 4 + 64 + 64 + 128 + 32, "no padding in the identity");
constexpr char note_owner[] = FORMWORK_PLUGIN_NOTE_OWNER;

class MemoryBytes final : public PluginFileBytes {
public:
    explicit MemoryBytes(std::string_view bytes) : bytes_(bytes) {}
    std::uint64_t size() const noexcept override { return bytes_.size(); }
    bool read(std::uint64_t offset, void* out, std::size_t size) const noexcept override {
        if (offset > bytes_.size() || size > bytes_.size() - offset) return false;
        std::memcpy(out, bytes_.data() + offset, size);
        return true;
    }

private:
    std::string_view bytes_;
};

class FileBytes final : public PluginFileBytes {
public:
    FileBytes(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
    std::uint64_t size() const noexcept override { return size_; }
    bool read(std::uint64_t offset, void* out, std::size_t size) const noexcept override {
        if (offset > size_ || size > size_ - offset) return false;
        auto* cursor = static_cast<char*>(out);
        while (size > 0) {
            const ssize_t got = ::pread(fd_, cursor, size, static_cast<off_t>(offset));
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) return false;  // an error, or the file shrank under us
            const auto count = static_cast<std::size_t>(got);
            cursor += count;
            size -= count;
            offset += count;
        }
        return true;
    }

private:
    int fd_;
    std::uint64_t size_;
};

class Descriptor {
public:
    explicit Descriptor(int fd) noexcept : fd_(fd) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const noexcept { return fd_; }

private:
    int fd_;
};

PluginFileReading failed(std::uint64_t offset, std::string description) {
    PluginFileReading reading;
    reading.error = PluginFileError{offset, std::move(description)};
    return reading;
}

std::uint64_t round_up(std::uint64_t value, std::uint64_t alignment) {
    return (value + alignment - 1) / alignment * alignment;
}

// A fixed-size field up to its NUL; the NUL must be there.
std::optional<std::string> field_text(const char* field, std::size_t size) {
    const void* end = std::memchr(field, '\0', size);
    if (end == nullptr) return std::nullopt;
    return std::string(field, static_cast<std::size_t>(static_cast<const char*>(end) - field));
}

// The ELF types of this program's own class: a plugin must be of the same kind. Only one of the
// two is used in any build, and clang warns of the other's unused elf_class.
struct Elf64Types {
    using Header = Elf64_Ehdr;
    using ProgramHeader = Elf64_Phdr;
    [[maybe_unused]] static constexpr unsigned char elf_class = ELFCLASS64;
};
struct Elf32Types {
    using Header = Elf32_Ehdr;
    using ProgramHeader = Elf32_Phdr;
    [[maybe_unused]] static constexpr unsigned char elf_class = ELFCLASS32;
};
using NativeElf = std::conditional_t<sizeof(void*) == 8, Elf64Types, Elf32Types>;
constexpr unsigned char native_data =
    std::endian::native == std::endian::little ? ELFDATA2LSB : ELFDATA2MSB;

class NoteScan {
public:
    explicit NoteScan(const PluginFileBytes& bytes) : bytes_(bytes) {}

    // Walks one note segment; false (with the error set) if it is malformed.
    bool scan(std::uint64_t start, std::uint64_t size, std::uint64_t alignment) {
        std::uint64_t position = 0;
        while (position < size) {
            const std::uint64_t at = start + position;
            std::uint32_t words[3];
            if (size - position < sizeof words)
                return fail(at, "a note header is cut short by the end of its segment");
            if (!bytes_.read(at, words, sizeof words)) return fail(at, "the file ends inside a note");
            const std::uint64_t name_size = words[0];
            const std::uint64_t descriptor_size = words[1];
            const std::uint64_t name_at = position + sizeof words;
            const std::uint64_t descriptor_at = name_at + round_up(name_size, alignment);
            const std::uint64_t next = descriptor_at + round_up(descriptor_size, alignment);
            if (descriptor_at > size || next > size)
                return fail(at, "a note of " + std::to_string(name_size) + " + " +
                                    std::to_string(descriptor_size) + " bytes runs past its segment");
            if (words[2] == FORMWORK_PLUGIN_NOTE_TYPE_IDENTITY && name_size == sizeof note_owner) {
                char owner[sizeof note_owner];
                if (!bytes_.read(start + name_at, owner, sizeof owner))
                    return fail(start + name_at, "the file ends inside a note's owner");
                if (std::memcmp(owner, note_owner, sizeof owner) == 0 &&
                    !take_identity(at, start + descriptor_at, descriptor_size))
                    return false;
            }
            position = next;
        }
        return true;
    }

    PluginFileReading result() && { return std::move(reading_); }

private:
    bool fail(std::uint64_t offset, std::string description) {
        reading_.error = PluginFileError{offset, std::move(description)};
        return false;
    }

    bool take_identity(std::uint64_t note_at, std::uint64_t descriptor_at, std::uint64_t descriptor_size) {
        if (reading_.identity)
            return fail(note_at, "a second Formwork identity note (the first is at byte " +
                                     std::to_string(reading_.identity->offset) + ")");
        if (descriptor_size < sizeof(formwork_plugin_identity))
            return fail(note_at, "the Formwork identity note holds " + std::to_string(descriptor_size) +
                                     " bytes, fewer than the " +
                                     std::to_string(sizeof(formwork_plugin_identity)) +
                                     " of its frozen fields");
        formwork_plugin_identity fields;
        if (!bytes_.read(descriptor_at, &fields, sizeof fields))
            return fail(descriptor_at, "the file ends inside the Formwork identity note");
        if (fields.magic != FORMWORK_PLUGIN_IDENTITY_MAGIC)
            return fail(descriptor_at, "the Formwork identity note has a bad magic number");
        PluginFileIdentity identity;
        identity.offset = note_at;
        identity.sdk_version = fields.sdk_version;
        const struct {
            const char* label;
            const char* field;
            std::size_t size;
            std::size_t offset;
            std::string* text;
        } texts[] = {
            {"ABI tag", fields.abi_tag, sizeof fields.abi_tag, offsetof(formwork_plugin_identity, abi_tag),
             &identity.abi_tag},
            {"id", fields.id, sizeof fields.id, offsetof(formwork_plugin_identity, id), &identity.id},
            {"name", fields.name, sizeof fields.name, offsetof(formwork_plugin_identity, name), &identity.name},
            {"version", fields.version, sizeof fields.version, offsetof(formwork_plugin_identity, version),
             &identity.version},
        };
        for (const auto& text : texts) {
            auto value = field_text(text.field, text.size);
            if (!value)
                return fail(descriptor_at + text.offset, std::string("the identity's ") + text.label +
                                                             " has no terminating NUL");
            *text.text = std::move(*value);
        }
        reading_.identity = std::move(identity);
        return true;
    }

    const PluginFileBytes& bytes_;
    PluginFileReading reading_;
};

}  // namespace

PluginFileReading read_plugin_bytes(const PluginFileBytes& bytes) {
    unsigned char ident[EI_NIDENT];
    if (!bytes.read(0, ident, sizeof ident) || std::memcmp(ident, ELFMAG, SELFMAG) != 0)
        return failed(0, "not an ELF file (no ELF magic number)");
    if (ident[EI_CLASS] != NativeElf::elf_class)
        return failed(EI_CLASS, ident[EI_CLASS] == ELFCLASS32   ? "a 32-bit ELF file, and this program is 64-bit"
                                : ident[EI_CLASS] == ELFCLASS64 ? "a 64-bit ELF file, and this program is 32-bit"
                                                                : "an ELF file of unknown class");
    if (ident[EI_DATA] != native_data)
        return failed(EI_DATA, "an ELF file of the other byte order");

    typename NativeElf::Header header;
    if (!bytes.read(0, &header, sizeof header)) return failed(0, "the file ends inside its ELF header");
    if (header.e_type != ET_DYN)
        return failed(offsetof(typename NativeElf::Header, e_type),
                      "an ELF file of type " + std::to_string(header.e_type) + ", not a shared library");
    if (header.e_phnum == 0 || header.e_phnum == PN_XNUM)
        return failed(offsetof(typename NativeElf::Header, e_phnum),
                      "the ELF header gives " + std::to_string(header.e_phnum) + " program headers");
    if (header.e_phentsize < sizeof(typename NativeElf::ProgramHeader))
        return failed(offsetof(typename NativeElf::Header, e_phentsize),
                      "program headers of " + std::to_string(header.e_phentsize) + " bytes are too small");

    NoteScan notes(bytes);
    for (std::uint64_t index = 0; index < header.e_phnum; ++index) {
        const std::uint64_t at = static_cast<std::uint64_t>(header.e_phoff) + index * header.e_phentsize;
        typename NativeElf::ProgramHeader segment;
        if (at < header.e_phoff || !bytes.read(at, &segment, sizeof segment))
            return failed(at, "program header " + std::to_string(index) + " lies past the end of the file");
        if (segment.p_type != PT_NOTE) continue;
        const std::uint64_t offset = segment.p_offset;
        const std::uint64_t size = segment.p_filesz;
        if (offset > bytes.size() || size > bytes.size() - offset)
            return failed(at, "note segment " + std::to_string(index) + " lies past the end of the file");
        // The ELF specification pads notes to 4 bytes; GNU's property notes use 8.
        if (!notes.scan(offset, size, segment.p_align == 8 ? 8 : 4)) break;
    }
    return std::move(notes).result();
}

PluginFileReading read_plugin_bytes(std::string_view bytes) { return read_plugin_bytes(MemoryBytes(bytes)); }

PluginFileReading read_plugin_file(const std::filesystem::path& path) {
    const Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (file.get() < 0) return failed(0, std::string("cannot open it: ") + std::strerror(errno));
    struct stat status {};
    if (::fstat(file.get(), &status) != 0) return failed(0, std::string("cannot read it: ") + std::strerror(errno));
    if (!S_ISREG(status.st_mode)) return failed(0, "not a regular file");
    return read_plugin_bytes(FileBytes(file.get(), static_cast<std::uint64_t>(status.st_size)));
}

std::string describe(const PluginFileError& error) {
    return "at byte " + std::to_string(error.offset) + ": " + error.description;
}

}  // namespace formwork::forms
