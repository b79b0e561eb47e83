// The one walk of a record's instance alongside its definition, evaluating relevance on
// the way down: the validator, recalculation, exportable_instance, the exports' LeftOut and
// element_relevance all read relevance through it, so they cannot disagree.
//
// Elements are looked for in definition order first, which is how records are kept. A
// section's relevance is evaluated on the instance root, a group's and a table's on their
// own element, a field's on its element; it is inherited downwards (a row is as relevant
// as its table).
#pragma once

#include <formwork/model/definition.hpp>

#include <formwork/model/instance_paths.hpp>

#include <pugixml.hpp>

#include <functional>
#include <string>
#include <vector>

namespace formwork::forms {

class InstanceWalker {
public:
    // `parent` is the path of the field's group or row ("" at the top): the field's own
    // path is only built when it is needed. Empty when paths are off (see without_paths).
    using FieldVisitor =
        std::function<void(const Node& field, pugi::xml_node element, const std::string& parent, bool relevant)>;
    // Groups, tables and rows, before what is inside them, with their own path. For a row,
    // `node` is its table.
    using ContainerVisitor =
        std::function<void(const Node& node, pugi::xml_node element, const std::string& path, bool relevant)>;

    // Which items are walked: those of parts switched on (validation), or those exports
    // carry (parts switched on and published). The rest are passed over.
    enum class Scope { enabled_parts, exported };

    InstanceWalker(const FormDefinition& form, pugi::xml_node instance) : form_(form), instance_(instance) {}

    InstanceWalker& scope(Scope scope) {
        scope_ = scope;
        return *this;
    }
    // Walks the items outside the scope too, as not relevant, instead of passing them over.
    InstanceWalker& out_of_scope_as_irrelevant() {
        out_of_scope_irrelevant_ = true;
        return *this;
    }
    InstanceWalker& containers(ContainerVisitor visitor) {
        containers_ = std::move(visitor);
        return *this;
    }
    // Builds no paths (the field visitor gets ""): for walks that only need elements.
    InstanceWalker& without_paths() {
        paths_ = false;
        return *this;
    }
    // Called once, before the first relevance expression is evaluated: binds the variables
    // only when some expression will read them.
    InstanceWalker& before_first_evaluation(std::function<void()> prepare) {
        prepare_ = std::move(prepare);
        return *this;
    }

    void visit(const FieldVisitor& visitor) {
        pugi::xml_node cursor = instance_.first_child();
        walk(form_.items, instance_, cursor, "", true, visitor);
    }

    // The first child of `parent` named `id`, trying `cursor` (the next element in
    // definition order) first and moving it on.
    static pugi::xml_node take(pugi::xml_node parent, pugi::xml_node& cursor, const std::string& id) {
        if (cursor && id == cursor.name()) {
            const auto found = cursor;
            cursor = cursor.next_sibling();
            return found;
        }
        return parent.child(id.c_str());
    }

    // "/row[3]" of a repeating table, "/row[@key='age']" of a fixed one.
    static std::string row_step(const Node& table, std::size_t index, pugi::xml_node row) {
        return table.repeating ? "/row[" + std::to_string(index) + "]"
                               : "/row[@key='" + std::string(row.attribute("key").value()) + "']";
    }

private:
    bool in_scope(const Node& node) const {
        return scope_ == Scope::exported ? form_.exported(node) : form_.part_enabled(node.part);
    }

    bool relevant(const Node& node, pugi::xml_node context) {
        if (!node.relevant) return true;
        if (prepare_) {
            prepare_();
            prepare_ = nullptr;
        }
        return node.relevant->query->evaluate_boolean(pugi::xpath_node(context));
    }

    std::string join(const std::string& path, const std::string& id) const { return paths_ ? join_path(path, id) : std::string(); }

    void walk(const std::vector<Node>& items, pugi::xml_node parent, pugi::xml_node& cursor, const std::string& path,
              bool inherited, const FieldVisitor& visitor) {
        for (const auto& item : items) {
            bool within = inherited;
            if (!in_scope(item)) {
                if (!out_of_scope_irrelevant_) {
                    if (item.is_element()) take(parent, cursor, item.id);
                    continue;
                }
                within = false;
            }
            switch (item.kind) {
            case NodeKind::note:
                break;
            case NodeKind::section:
                walk(item.children, parent, cursor, path, within && relevant(item, instance_), visitor);
                break;
            case NodeKind::group: {
                const auto element = take(parent, cursor, item.id);
                if (!element) break;
                const auto group_path = join(path, item.id);
                const bool group_relevant = within && relevant(item, element);
                if (containers_) containers_(item, element, group_path, group_relevant);
                auto inner = element.first_child();
                walk(item.children, element, inner, group_path, group_relevant, visitor);
                break;
            }
            case NodeKind::table: {
                const auto element = take(parent, cursor, item.id);
                if (!element) break;
                const bool table_relevant = within && relevant(item, element);
                const auto table_path = join(path, item.id);
                if (containers_) containers_(item, element, table_path, table_relevant);
                std::size_t index = 0;
                const std::string no_path;
                for (auto row : element.children("row")) {
                    ++index;
                    const auto row_path = paths_ ? table_path + row_step(item, index, row) : no_path;
                    if (containers_) containers_(item, row, row_path, table_relevant);
                    auto inner = row.first_child();
                    walk(item.children, row, inner, row_path, table_relevant, visitor);
                }
                break;
            }
            case NodeKind::field: {
                const auto element = take(parent, cursor, item.id);
                if (!element) break;
                visitor(item, element, path, within && relevant(item, element));
                break;
            }
            }
        }
    }

    const FormDefinition& form_;
    pugi::xml_node instance_;
    Scope scope_ = Scope::enabled_parts;
    bool out_of_scope_irrelevant_ = false;
    bool paths_ = true;
    ContainerVisitor containers_;
    std::function<void()> prepare_;
};

}  // namespace formwork::forms
