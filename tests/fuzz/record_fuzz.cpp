// Record files (docs/records.md), read against the domain plugins' forms as `formwork-cli
// validate` and `import` read them: the reader, then the validation of what it accepted, then the
// writer, whose output the reader must take back.
#include "fuzz_support.hpp"

#include <formwork/model/record.hpp>
#include <formwork/model/validator.hpp>

#include <sstream>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)formwork::fuzz::domain_forms();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace formwork;
    const auto& registry = fuzz::domain_forms();
    auto read = forms::read_record(fuzz::input_text(data, size), "fuzz.record.xml", registry);
    if (!read.record || !read.form) return 0;
    forms::ValidationOptions options;
    options.user = "fuzz";
    options.today = "2023-10-17";
    (void)forms::validate_record(*read.form, *read.record, options);

    std::ostringstream written;
    pugi::xml_writer_stream out(written);
    forms::write_record(*read.record, out);
    const auto again = forms::read_record(written.str(), "fuzz.rewritten.record.xml", registry);
    if (!again.record) {
        std::fprintf(stderr, "a record the reader accepted was written in a form it refuses:\n%s\n", written.str().c_str());
        for (const auto& problem : again.diagnostics) std::fprintf(stderr, "%s\n", problem.format().c_str());
        std::abort();
    }
    return 0;
}
