// The checks of one value that the validator makes and a paste makes before it writes,
// so the two agree on what a date, a number or a choice is.
#pragma once

#include <formwork/model/definition.hpp>

#include <pugixml.hpp>

#include <string>

namespace formwork::forms {

// A node's label, or its id when it has none.
inline std::string label_of(const Node& node) { return node.label.empty() ? node.id : node.label; }

// The type check of one non-empty field value (its element); returns the complaint, or an
// empty string.
std::string type_problem(const FormDefinition& form, const Node& field, pugi::xml_node element);

}  // namespace formwork::forms
