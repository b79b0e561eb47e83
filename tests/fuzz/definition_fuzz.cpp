// Form definitions (docs/forms.md), as a definition file given with --form or carried by a
// plugin is loaded: the loader, then what every loaded form is used for at once: an empty record
// made from it and validated, and its XSD.
#include "fuzz_support.hpp"

#include <formwork/model/definition_loader.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/model/xsd.hpp>

#include <sstream>

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace formwork;
    const auto load = forms::load_form_definition(fuzz::input_text(data, size), "fuzz.form.xml");
    if (!load.form) return 0;
    auto record = forms::new_record(*load.form, "fuzz", "2023-10-17T10:00:00Z");
    forms::ValidationOptions options;
    options.user = "fuzz";
    options.today = "2023-10-17";
    (void)forms::validate_record(*load.form, record, options);
    (void)forms::record_title(*load.form, record);
    std::ostringstream xsd;
    pugi::xml_writer_stream out(xsd);
    forms::write_form_xsd(*load.form, out);
    return 0;
}
