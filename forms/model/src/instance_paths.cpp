#include <formwork/model/instance_paths.hpp>

#include <cstdlib>
#include <utility>

namespace formwork::forms {

const Node* find_item(const std::vector<Node>& items, std::string_view id) noexcept {
    for (const auto& item : items) {
        if (item.kind == NodeKind::section) {
            if (const auto* inner = find_item(item.children, id)) return inner;
        } else if (item.is_element() && item.id == id) {
            return &item;
        }
    }
    return nullptr;
}

Node* find_item(std::vector<Node>& items, std::string_view id) noexcept {
    return const_cast<Node*>(find_item(std::as_const(items), id));
}

namespace {

const Node* find_item_with_section(const std::vector<Node>& items, std::string_view id, const Node*& section) noexcept {
    for (const auto& item : items) {
        if (item.kind == NodeKind::section) {
            if (const auto* inner = find_item_with_section(item.children, id, section)) {
                if (section == nullptr) section = &item;
                return inner;
            }
        } else if (item.is_element() && item.id == id) {
            return &item;
        }
    }
    return nullptr;
}

// "row[@key='disability']" or "row[2]" inside a table element.
pugi::xml_node find_row(pugi::xml_node table, std::string_view predicate) {
    if (predicate.size() > 7 && predicate.substr(0, 6) == "@key='" && predicate.back() == '\'') {
        const std::string key(predicate.substr(6, predicate.size() - 7));
        return table.find_child_by_attribute("row", "key", key.c_str());
    }
    const std::string number(predicate);
    char* end = nullptr;
    const long index = std::strtol(number.c_str(), &end, 10);
    if (number.empty() || *end != '\0' || index < 1) return {};
    auto row = table.child("row");
    for (long i = 1; i < index && row; ++i) row = row.next_sibling("row");
    return row;
}

}  // namespace

bool in_disabled_part(const FormDefinition& form, std::string_view path) {
    const std::vector<Node>* level = &form.items;
    while (!path.empty()) {
        const auto slash = path.find('/');
        auto step = path.substr(0, slash);
        step = step.substr(0, step.find('['));
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        if (step == "row") continue;
        const Node* section = nullptr;
        const Node* node = find_item_with_section(*level, step, section);
        if (node == nullptr) return false;
        if (!form.part_enabled(node->part) || (section != nullptr && !form.part_enabled(section->part))) return true;
        level = &node->children;
    }
    return false;
}

std::optional<LocatedField> locate(const FormDefinition& form, pugi::xml_node instance, std::string_view path) {
    LocatedField located;
    const std::vector<Node>* level = &form.items;
    pugi::xml_node element = instance;
    while (!path.empty()) {
        const auto slash = path.find('/');
        std::string_view step = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        std::string_view predicate;
        if (const auto open = step.find('['); open != std::string_view::npos) {
            if (step.back() != ']') return std::nullopt;
            predicate = step.substr(open + 1, step.size() - open - 2);
            step = step.substr(0, open);
        }
        if (located.node != nullptr && located.node->kind == NodeKind::table) {
            if (step != "row" || predicate.empty()) return std::nullopt;
            element = find_row(element, predicate);
            if (!element) return std::nullopt;
            level = &located.node->children;
            located.node = nullptr;
            continue;
        }
        if (!predicate.empty()) return std::nullopt;
        if (located.node != nullptr && located.node->kind == NodeKind::field) {
            if (located.node->type != FieldType::person || (step != "name" && step != "role") || !path.empty())
                return std::nullopt;
            located.element = element.child(std::string(step).c_str());
            located.person_part = true;
            if (!located.element) return std::nullopt;
            return located;
        }
        if (located.node != nullptr) level = &located.node->children;  // a group
        located.node = find_item(*level, step);
        if (located.node == nullptr) return std::nullopt;
        element = element.child(located.node->id.c_str());
        if (!element) return std::nullopt;
        located.element = element;
    }
    if (located.node == nullptr) return std::nullopt;
    return located;
}

}  // namespace formwork::forms
