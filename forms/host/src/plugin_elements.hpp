// A plugin's answer as a form's element (an import's reading, a prefill): the elements it holds
// replace the record's own. The plugin earns no more trust than the text it read, so what it
// gives is refused, with the reason, unless it is XML of the form's own elements.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/record.hpp>

#include <optional>
#include <string>

namespace formwork::forms {

// Puts each element of `xml` (the form's element) in place of the record's element of that
// name. Returns why it refused, leaving `record` as it was; nothing when it was done.
std::optional<std::string> put_plugin_elements(const std::string& xml, const FormDefinition& form, Record& record);

}  // namespace formwork::forms
