// Finding a form's definition by id and version. The model and the store read records
// through it without knowing where the forms came from: the host's registry is one lookup,
// and a test can be another.
#pragma once

#include <formwork/model/definition.hpp>

#include <string_view>

namespace formwork::forms {

class FormLookup {
public:
    // The definition of form `id` at `version`, or null when there is none.
    virtual FormDefinitionPtr find(std::string_view id, int version) const noexcept = 0;
    // The newest version of form `id`, or null when there is none.
    virtual FormDefinitionPtr latest(std::string_view id) const noexcept = 0;

protected:
    // Never owned or copied through this interface.
    FormLookup() = default;
    FormLookup(const FormLookup&) = default;
    FormLookup& operator=(const FormLookup&) = default;
    ~FormLookup() = default;
};

}  // namespace formwork::forms
