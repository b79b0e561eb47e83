// Reads a plugin library's identity note (formwork/sdk/plugin.hpp) from the file's bytes,
// without loading it: the only thing the host learns about a plugin before deciding to
// run any of its code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace formwork::forms {

// The identity a plugin's note gives, its strings cut at their NULs.
struct PluginFileIdentity {
    std::uint32_t sdk_version = 0;
    std::string abi_tag;
    std::string id;
    std::string name;
    std::string version;
    std::uint64_t offset = 0;  // where the note starts in the file
};

// Why the bytes could not be read as a shared library of this machine's kind.
struct PluginFileError {
    std::uint64_t offset = 0;  // the byte of the file where the problem is
    std::string description;
};

// A shared library with or without a Formwork identity note, or an error.
struct PluginFileReading {
    std::optional<PluginFileIdentity> identity;  // none: the library carries no Formwork note
    std::optional<PluginFileError> error;

    explicit operator bool() const noexcept { return !error; }
};

// A source of a file's bytes, read at offsets: the file itself, or memory (tests, fuzzing).
class PluginFileBytes {
public:
    virtual ~PluginFileBytes() = default;
    virtual std::uint64_t size() const noexcept = 0;
    // Fills out with size bytes from offset; false if they cannot all be read.
    virtual bool read(std::uint64_t offset, void* out, std::size_t size) const noexcept = 0;
};

// Reads every check from the bytes with bounds checked throughout: the file comes from
// outside, and a hostile one must give an error, never a read past its end.
PluginFileReading read_plugin_bytes(const PluginFileBytes& bytes);
PluginFileReading read_plugin_bytes(std::string_view bytes);
// Reads the file at path; an error names what could not be read.
PluginFileReading read_plugin_file(const std::filesystem::path& path);

// "at byte N: description", for messages.
std::string describe(const PluginFileError& error);

}  // namespace formwork::forms
