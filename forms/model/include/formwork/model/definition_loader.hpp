// Loads a form definition (docs/forms.md): parses it, checks it, compiles every XPath
// expression once, and applies a council profile. Every problem is reported with its
// file, line and column; a bad definition never throws and never stops other forms.
#pragma once

#include <formwork/model/council_profile.hpp>
#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>

#include <filesystem>
#include <string>

namespace formwork::forms {

struct DefinitionLoad {
    FormDefinitionPtr form;  // null when any error was found
    Diagnostics diagnostics;
};

DefinitionLoad load_form_definition(std::string text, std::string source, const CouncilProfile* profile = nullptr);
DefinitionLoad load_form_definition_file(const std::filesystem::path& path, const CouncilProfile* profile = nullptr);

}  // namespace formwork::forms
