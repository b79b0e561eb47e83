// Council profiles (docs/profile.md), as --profile or FORMWORK_PROFILE gives one: the reader,
// then what a program does with a profile it accepted: apply it to every form of the domain
// plugins (their parts, lists and settings are what profiles name) and read its choices.
#include "fuzz_support.hpp"

#include <formwork/model/council_profile.hpp>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)formwork::fuzz::domain_forms();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace formwork;
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(fuzz::input_text(data, size), "fuzz.profile.xml", problems);
    if (!profile) return 0;
    for (const auto& entry : fuzz::domain_forms().forms()) {
        forms::FormDefinition form = *entry.form;
        forms::Diagnostics applying;
        forms::apply_council_profile(*profile, form, applying);
        (void)profile->settings_for(form.id);
    }
    (void)profile->display_setting("date-format", "d MMMM yyyy");
    (void)profile->is_bank_holiday("2023-12-25");
    return 0;
}
