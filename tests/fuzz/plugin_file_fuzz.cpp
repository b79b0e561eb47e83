// Plugin library files: the ELF identity note the host reads from a file on the plugin path
// before any of its code may run (formwork/host/plugin_file.hpp). Whatever the bytes, the reader
// gives an identity, no note, or an error, and never reads outside them.
#include "fuzz_support.hpp"

#include <formwork/host/plugin_file.hpp>

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace formwork;
    const auto reading = forms::read_plugin_bytes(std::string_view(reinterpret_cast<const char*>(data), size));
    if (reading.error) (void)forms::describe(*reading.error);
    // A note the reader found lies inside the bytes it was given.
    if (reading.identity && reading.identity->offset >= size) {
        std::fprintf(stderr, "a note at byte %llu of a %zu-byte file\n",
                     static_cast<unsigned long long>(reading.identity->offset), size);
        std::abort();
    }
    return 0;
}
