// One walk of a definition's structure. The elements at one level of a record's instance are
// the groups, fields and tables among a node's items, looking through sections, which make no
// element of their own; every reader of the structure finds them here rather than recursing
// over sections by hand.
#pragma once

#include <formwork/model/definition.hpp>

#include <string_view>
#include <vector>

namespace formwork::forms {

// Calls `visit(item)` for each element among `items` (a const or non-const vector of nodes),
// in the form's order. A section is looked into only when `enter(section)` is true: a part
// switched off, or a section not shown, hides its elements.
template <class Items, class Enter, class Visit>
void for_each_element(Items& items, Enter&& enter, Visit&& visit) {
    for (auto& item : items) {
        if (item.kind == NodeKind::section) {
            if (enter(item)) for_each_element(item.children, enter, visit);
        } else if (item.is_element()) {
            visit(item);
        }
    }
}

template <class Items, class Visit>
void for_each_element(Items& items, Visit&& visit) {
    for_each_element(items, [](const Node&) { return true; }, visit);
}

// The element with this id among `items`, looking through sections; null when there is none.
const Node* find_item(const std::vector<Node>& items, std::string_view id) noexcept;
Node* find_item(std::vector<Node>& items, std::string_view id) noexcept;

}  // namespace formwork::forms
