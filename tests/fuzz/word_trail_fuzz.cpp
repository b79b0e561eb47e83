// Word-trail text (docs/approvals.md): the sign-off table an officer copies out of a Word report,
// as `formwork-cli import --format word-trail` reads it, through the host's text import into the
// approvals plugin; what the plugin makes is then checked against the approval trail form.
#include "fuzz_support.hpp"

#include <formwork/host/text_import.hpp>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)formwork::fuzz::domain_forms();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace formwork;
    (void)forms::import_text(fuzz::domain_forms(), "word-trail", fuzz::input_text(data, size), "trail.txt",
                             std::nullopt, "officer", "2023-12-01T10:00:00Z");
    return 0;
}
