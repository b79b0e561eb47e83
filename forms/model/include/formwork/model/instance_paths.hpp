// Field paths (docs/records.md): "meeting/date", "impacts/row[@key='disability']/nature",
// "amendments/row[2]/moved-by". Joined when diagnostics are made, resolved when a value
// is set.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/definition_walk.hpp>

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace formwork::forms {

inline std::string join_path(const std::string& prefix, const std::string& id) {
    return prefix.empty() ? id : prefix + "/" + id;
}

struct LocatedField {
    const Node* node = nullptr;  // the group, table or field the path names
    pugi::xml_node element;
    bool person_part = false;  // the path ends in a person field's name or role
};

// The definition node and instance element a path names, or nothing.
std::optional<LocatedField> locate(const FormDefinition& form, pugi::xml_node instance, std::string_view path);

// Whether the field a path names belongs to an optional part that is switched off,
// through itself or any group or table above it. Looks at the definition only.
bool in_disabled_part(const FormDefinition& form, std::string_view path);

}  // namespace formwork::forms
