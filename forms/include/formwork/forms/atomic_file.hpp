// Writing a file so that it is either wholly there or not changed at all: the content goes
// to a temporary file beside the target, is flushed to disk, and is renamed into place.
#pragma once

#include <pugixml.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace formwork::forms {

// Calls `produce` with a writer into the temporary file. Returns an error message naming
// the file, or nothing on success. On failure the temporary file is removed.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 const std::function<void(pugi::xml_writer&)>& produce);

}  // namespace formwork::forms
