// A folder of its own under the temporary folder ($TMPDIR, else /tmp), removed with
// everything in it when it goes: the store and export benchmarks work in one each.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace formwork::bench {

class TempFolder {
public:
    TempFolder() {
        auto pattern = (std::filesystem::temp_directory_path() / "formwork-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("cannot make a temporary folder in " +
                                     std::filesystem::temp_directory_path().string());
        path_ = pattern;
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    ~TempFolder() {
        // FORMWORK_BENCH_KEEP=1 keeps the folder (its store, its exports) for profiling.
        if (const char* keep = std::getenv("FORMWORK_BENCH_KEEP"); keep != nullptr && *keep != '\0' && *keep != '0') {
            std::fprintf(stderr, "formwork_bench: kept %s\n", path_.c_str());
            return;
        }
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace formwork::bench
