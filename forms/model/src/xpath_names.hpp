// The element and attribute names an XPath 1.0 expression refers to, found by a small
// tokenizer, so that the loader can report a name that is no part of the form.
// pugixml compiles expressions but does not expose what they name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

struct XPathName {
    std::string name;
    bool attribute = false;  // @name
    std::size_t offset = 0;  // in the expression
};

// Name tests of location steps: not functions, axes, node types, operators, variables,
// literals or numbers. `*` and `node()` are not names.
std::vector<XPathName> xpath_names(std::string_view expression);

}  // namespace formwork::forms
