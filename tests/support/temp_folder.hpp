// A fresh folder under the system's temporary directory, removed with everything in it
// when the test ends. Created private (0700), as a real plugin folder would be.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace formwork::test {

class TempFolder {
public:
    TempFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "formwork-test-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
        path_ = pattern;
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    ~TempFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    const std::filesystem::path& path() const noexcept { return path_; }

    // Copies `file` in, keeping its name; returns the copy's path.
    std::filesystem::path copy_in(const std::filesystem::path& file) const {
        const auto target = path_ / file.filename();
        std::filesystem::copy_file(file, target, std::filesystem::copy_options::overwrite_existing);
        return target;
    }

    std::filesystem::path make_subfolder(const std::string& name) const {
        const auto folder = path_ / name;
        std::filesystem::create_directory(folder);
        std::filesystem::permissions(folder, std::filesystem::perms::owner_all);
        return folder;
    }

private:
    std::filesystem::path path_;
};

}  // namespace formwork::test
