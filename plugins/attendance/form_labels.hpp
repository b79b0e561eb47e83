// The labels of the plugin's own choice lists, read from its embedded form definitions, so
// that what people read (a role in a picture, a sheet or a new meeting's rows) is the form's
// label and never drifts from it. The codes stay in the XML.
#pragma once

#include <string>
#include <string_view>

namespace formwork::plugins::attendance {

// The label of `code` in the list `list_id` of the form `form_id` ("attendance-body",
// "member-role", "chair" -> "Chair"); the code itself when the list has no such code.
std::string choice_label(std::string_view form_id, std::string_view list_id, std::string_view code);

// A member-role code as people read it: choice_label of the body form's member-role list.
std::string role_label(std::string_view code);

}  // namespace formwork::plugins::attendance
