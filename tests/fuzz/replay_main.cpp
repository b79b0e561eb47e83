// The replay program: a fuzz target's entry function run once over each file named, or each file
// of each folder named, as libFuzzer runs it over a corpus. The ordinary build links it with every
// target (replay.cmake) to run the regressions and the seeds under CTest, with GCC, and under
// ASan and UBSan in the sanitizer build. A crash ends the program, after the file's name.
#include "fuzz_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) formwork::fuzz::fail("cannot read " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::filesystem::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path named(argv[i]);
        if (std::filesystem::is_directory(named)) {
            std::vector<std::filesystem::path> files;
            // Names beginning with a dot (.gitkeep) keep an empty folder in git; they are no input.
            for (const auto& entry : std::filesystem::directory_iterator(named))
                if (entry.is_regular_file() && entry.path().filename().string().front() != '.') files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            inputs.insert(inputs.end(), files.begin(), files.end());
        } else if (std::filesystem::is_regular_file(named)) {
            inputs.push_back(named);
        } else {
            formwork::fuzz::fail("no file or folder " + named.string());
        }
    }
    LLVMFuzzerInitialize(&argc, &argv);
    for (const auto& input : inputs) {
        std::printf("%s\n", input.string().c_str());
        std::fflush(stdout);
        const auto bytes = read_bytes(input);
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    }
    std::printf("%zu inputs ran clean\n", inputs.size());
    return 0;
}
