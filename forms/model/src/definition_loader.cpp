#include <formwork/model/definition_loader.hpp>
#include <formwork/model/definition_walk.hpp>
#include <formwork/model/evaluation_context.hpp>
#include <formwork/model/values.hpp>
#include <formwork/model/xml_input.hpp>

#include "xpath_names.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <set>

namespace formwork::forms {

namespace {

constexpr std::size_t max_expression_length = 2000;
constexpr XmlLimits definition_limits{std::size_t{8} << 20, 32, 200'000};

// Names every instance may use besides the form's own ids.
const std::set<std::string, std::less<>> built_in_elements{"row", "item", "name", "role"};
const std::set<std::string, std::less<>> built_in_attributes{"key"};

std::string trimmed_text(std::string_view text);  // without the spaces and line breaks around it

// Builds one definition from one parsed document.
class DefinitionBuilder {
public:
    DefinitionBuilder(const XmlInput& input, Diagnostics& out) : input_(input), out_(out) {}

    std::shared_ptr<FormDefinition> build();

private:
    struct PendingNameCheck {
        std::string text;
        pugi::xml_node node;
        const char* attribute;
    };

    void error(pugi::xml_node node, std::string message) { out_.push_back(input_.error_at(node, std::move(message))); }
    void error(pugi::xml_node node, const char* attribute, std::string message) {
        out_.push_back(input_.error_at(node, attribute, std::move(message)));
    }
    SourceLocation where(pugi::xml_node node) const {
        const auto [line, column] = input_.line_column(node);
        return {input_.file(), line, column};
    }
    void check_attributes(pugi::xml_node node, std::initializer_list<const char*> allowed);
    std::optional<Expression> expression(pugi::xml_node node, const char* attribute, bool boolean_rule);
    std::optional<Expression> compile(pugi::xml_node node, const char* attribute, std::string text, bool boolean_rule);
    std::string identifier(pugi::xml_node node, const char* attribute, const char* what);
    Severity severity(pugi::xml_node node);
    bool flag(pugi::xml_node node, const char* attribute, bool fallback);
    std::optional<std::size_t> count(pugi::xml_node node, const char* attribute);

    void read_choices(pugi::xml_node node);
    void read_part(pugi::xml_node node);
    void read_lifecycle(pugi::xml_node node);
    void read_rule(pugi::xml_node node);
    void read_items(pugi::xml_node parent, std::vector<Node>& items, std::set<std::string>& sibling_ids, bool top_level);
    std::optional<Node> read_field(pugi::xml_node node, bool table_column);
    std::string read_alias(pugi::xml_node node, std::vector<std::string>& aliases, const std::string& owner);
    std::optional<Node> read_table(pugi::xml_node node);
    void read_common(pugi::xml_node node, Node& item);
    Check read_check(pugi::xml_node node, const char* test_attribute);

    void collect_names(const std::vector<Node>& items);
    void check_pending_names();
    void check_statuses();
    bool resolves(std::string_view path) const;

    const XmlInput& input_;
    Diagnostics& out_;
    std::shared_ptr<FormDefinition> form_;
    std::vector<PendingNameCheck> pending_names_;
    std::vector<std::pair<std::string, pugi::xml_node>> status_uses_;
    std::vector<std::pair<std::string, pugi::xml_node>> rule_fields_;
    std::vector<std::pair<std::string, pugi::xml_node>> list_uses_;
    std::set<std::string, std::less<>> element_names_;
    std::set<std::string> rule_ids_;
};

void DefinitionBuilder::check_attributes(pugi::xml_node node, std::initializer_list<const char*> allowed) {
    for (auto attribute : node.attributes())
        if (std::none_of(allowed.begin(), allowed.end(),
                         [&](const char* name) { return std::strcmp(name, attribute.name()) == 0; }))
            error(node, attribute.name(), std::string("unknown attribute '") + attribute.name() + "' on <" +
                                              node.name() + ">");
}

std::optional<Expression> DefinitionBuilder::expression(pugi::xml_node node, const char* attribute, bool boolean_rule) {
    const auto value = node.attribute(attribute);
    if (!value) return std::nullopt;
    return compile(node, attribute, value.value(), boolean_rule);
}

std::optional<Expression> DefinitionBuilder::compile(pugi::xml_node node, const char* attribute, std::string text,
                                                     bool boolean_rule) {
    const auto [line, column] = input_.line_column(node, attribute);
    const auto value_column = column + static_cast<int>(std::strlen(attribute)) + 2;  // past name="
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        error(node, attribute, std::string(attribute) + " is empty; give an XPath expression");
        return std::nullopt;
    }
    if (text.size() > max_expression_length) {
        error(node, attribute, std::string(attribute) + " is " + std::to_string(text.size()) +
                                   " characters long; an expression may have at most " +
                                   std::to_string(max_expression_length));
        return std::nullopt;
    }
    if (boolean_rule && (text == "true" || text == "false" || text == "yes" || text == "no")) {
        error(node, attribute, std::string(attribute) + "=\"" + text + "\" is an XPath path to an element named '" +
                                   text + "', which is always false here; write " +
                                   (text == "true" || text == "yes" ? "true()" : "false()"));
        return std::nullopt;
    }
    try {
        auto query = std::make_shared<const pugi::xpath_query>(text.c_str(), form_->variables->compile_set());
        if (!*query) throw pugi::xpath_exception(query->result());
        pending_names_.push_back({text, node, attribute});
        Expression compiled{std::move(text), std::move(query), {input_.file(), line, column}};
        return compiled;
    } catch (const pugi::xpath_exception& e) {
        const auto at = e.result().offset;
        out_.push_back({Severity::error, input_.file(), line, value_column + static_cast<int>(at), {},
                        std::string("the XPath in ") + attribute + " does not compile: " + e.result().description() +
                            " (at character " + std::to_string(at + 1) + " of \"" + text + "\")",
                        {}});
    } catch (const std::exception& e) {
        error(node, attribute, std::string("the XPath in ") + attribute + " cannot be compiled: " + e.what());
    }
    return std::nullopt;
}

std::string DefinitionBuilder::identifier(pugi::xml_node node, const char* attribute, const char* what) {
    const auto value = node.attribute(attribute);
    if (!value) {
        error(node, std::string("<") + node.name() + "> needs an " + attribute);
        return {};
    }
    if (!is_identifier(value.value())) {
        error(node, attribute, std::string("'") + value.value() + "' is not a valid " + what +
                                   " id: use lower-case letters, digits and '-', starting with a letter");
        return {};
    }
    return value.value();
}

Severity DefinitionBuilder::severity(pugi::xml_node node) {
    const std::string value = node.attribute("severity").as_string("error");
    if (value == "error") return Severity::error;
    if (value == "warning") return Severity::warning;
    error(node, "severity", "severity must be error or warning, not '" + value + "'");
    return Severity::error;
}

bool DefinitionBuilder::flag(pugi::xml_node node, const char* attribute, bool fallback) {
    const auto value = node.attribute(attribute);
    if (!value) return fallback;
    const std::string text = value.value();
    if (text == "true") return true;
    if (text == "false") return false;
    error(node, attribute, std::string(attribute) + " must be true or false, not '" + text + "'");
    return fallback;
}

std::optional<std::size_t> DefinitionBuilder::count(pugi::xml_node node, const char* attribute) {
    const auto value = node.attribute(attribute);
    if (!value) return std::nullopt;
    const std::string text = value.value();
    if (!is_integer(text) || text[0] == '-' || text.size() > 7) {
        error(node, attribute, std::string(attribute) + " must be a whole number, not '" + text + "'");
        return std::nullopt;
    }
    return static_cast<std::size_t>(std::stoul(text));
}

void DefinitionBuilder::read_choices(pugi::xml_node node) {
    check_attributes(node, {"id", "configurable"});
    ChoiceList list;
    list.id = identifier(node, "id", "choice list");
    list.configurable = flag(node, "configurable", false);
    list.where = where(node);
    if (!list.id.empty() && form_->list(list.id) != nullptr) error(node, "id", "duplicate choice list id '" + list.id + "'");
    std::set<std::string> codes;
    for (auto option : node.children()) {
        if (option.type() != pugi::node_element) continue;
        if (std::strcmp(option.name(), "option") != 0) {
            error(option, std::string("unknown element <") + option.name() + "> in <choices>; expected <option>");
            continue;
        }
        check_attributes(option, {"code"});
        const std::string code = option.attribute("code").value();
        if (code.empty() || code.find_first_of(" \t\r\n") != std::string::npos)
            error(option, "code", "each option needs a code without spaces");
        else if (!codes.insert(code).second)
            error(option, "code", "duplicate option code '" + code + "' in list '" + list.id + "'");
        std::string label = option.text().get();
        ChoiceOption read{code, {}, {}};
        for (auto inner : option.children()) {
            if (inner.type() != pugi::node_element) continue;
            if (std::strcmp(inner.name(), "alias") != 0) {
                error(inner, std::string("unknown element <") + inner.name() + "> in <option>; expected its label and <alias>");
                continue;
            }
            read_alias(inner, read.aliases, "option '" + code + "'");
            // Written over several lines, the label is the text before the first <alias>.
            label = trimmed_text(label);
        }
        if (label.empty()) error(option, "option '" + code + "' has no label");
        read.label = std::move(label);
        list.options.push_back(std::move(read));
    }
    if (list.options.empty()) error(node, "the choice list '" + list.id + "' has no options");
    form_->lists.push_back(std::move(list));
}

std::string DefinitionBuilder::read_alias(pugi::xml_node node, std::vector<std::string>& aliases, const std::string& owner) {
    check_attributes(node, {});
    const std::string alias = trimmed_text(node.text().get());
    if (alias.empty()) {
        error(node, "the <alias> of " + owner + " is empty; give the heading as pasted text names it");
    } else if (std::find(aliases.begin(), aliases.end(), alias) != aliases.end()) {
        error(node, "duplicate <alias> '" + alias + "' of " + owner);
    } else {
        aliases.push_back(alias);
    }
    return alias;
}

void DefinitionBuilder::read_part(pugi::xml_node node) {
    check_attributes(node, {"id", "label", "default"});
    OptionalPart part;
    part.id = identifier(node, "id", "part");
    part.label = node.attribute("label").value();
    const std::string initial = node.attribute("default").as_string("on");
    if (initial != "on" && initial != "off") error(node, "default", "default must be on or off, not '" + initial + "'");
    part.enabled = initial == "on";
    if (!part.id.empty() && form_->part(part.id) != nullptr) error(node, "id", "duplicate part id '" + part.id + "'");
    form_->parts.push_back(std::move(part));
}

void DefinitionBuilder::read_lifecycle(pugi::xml_node node) {
    check_attributes(node, {});
    Lifecycle lifecycle;
    for (auto child : node.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string name = child.name();
        if (name == "status") {
            check_attributes(child, {"id", "label"});
            const auto id = identifier(child, "id", "status");
            if (lifecycle.rank(id) >= 0) error(child, "id", "duplicate status '" + id + "'");
            lifecycle.statuses.push_back({id, child.attribute("label").as_string(id.c_str())});
        } else if (name == "transition") {
            check_attributes(child, {"from", "to"});
            const std::string from = child.attribute("from").value(), to = child.attribute("to").value();
            if (lifecycle.rank(from) < 0) error(child, "from", "unknown status '" + from + "'; declare it first");
            if (lifecycle.rank(to) < 0) error(child, "to", "unknown status '" + to + "'; declare it first");
            lifecycle.transitions.emplace_back(from, to);
        } else {
            error(child, "unknown element <" + name + "> in <lifecycle>; expected <status> or <transition>");
        }
    }
    if (lifecycle.statuses.empty()) error(node, "a lifecycle needs at least one status");
    form_->lifecycle = std::move(lifecycle);
}

Check DefinitionBuilder::read_check(pugi::xml_node node, const char* test_attribute) {
    Check check;
    check.severity = severity(node);
    check.from_status = node.attribute("from-status").value();
    if (!check.from_status.empty()) status_uses_.emplace_back(check.from_status, node);
    if (auto test = expression(node, test_attribute, true)) {
        check.test = std::move(*test);
    } else if (!node.attribute(test_attribute)) {
        error(node, std::string("<") + node.name() + "> needs a " + test_attribute + " expression");
    }
    check.message = node.text().get();
    return check;
}

void DefinitionBuilder::read_rule(pugi::xml_node node) {
    check_attributes(node, {"id", "test", "severity", "field", "from-status"});
    auto check = read_check(node, "test");
    check.id = identifier(node, "id", "rule");
    if (!check.id.empty() && !rule_ids_.insert(check.id).second) error(node, "id", "duplicate rule id '" + check.id + "'");
    check.field = node.attribute("field").value();
    if (check.field.empty())
        error(node, "a rule needs field: the path of the field its message points at");
    else
        rule_fields_.emplace_back(check.field, node);
    if (check.message.empty()) error(node, "rule '" + check.id + "' has no message");
    form_->rules.push_back(std::move(check));
}

void DefinitionBuilder::read_common(pugi::xml_node node, Node& item) {
    item.label = node.attribute("label").value();
    item.hint = node.attribute("hint").value();
    item.part = node.attribute("part").value();
    if (!item.part.empty() && form_->part(item.part) == nullptr)
        error(node, "part", "unknown part '" + item.part + "'; declare it with <part id=\"" + item.part + "\"/>");
    item.relevant = expression(node, "relevant", true);
    if (item.kind != NodeKind::note) item.copied = flag(node, "copy", true);
    item.where = where(node);
}

std::optional<Node> DefinitionBuilder::read_field(pugi::xml_node node, bool table_column) {
    check_attributes(node, {"id", "type", "label", "hint", "part", "relevant", "required", "constraint",
                            "constraint-message", "calculate", "default", "read-only", "max-length", "list",
                            "references", "row-key", "copy"});
    Node field;
    field.kind = NodeKind::field;
    field.id = identifier(node, "id", "field");
    read_common(node, field);
    const std::string type_name = node.attribute("type").value();
    if (type_name.empty()) {
        error(node, "field '" + field.id + "' needs a type");
    } else if (const auto type = field_type_from_name(type_name)) {
        field.type = *type;
    } else {
        error(node, "type", "unknown field type '" + type_name +
                                "'; the types are text, long-text, integer, decimal, date, boolean, choice, "
                                "multi-choice, email, telephone, person and reference");
    }
    field.required = expression(node, "required", true);
    field.calculate = expression(node, "calculate", false);
    if (node.attribute("constraint")) {
        Check check;
        if (auto test = expression(node, "constraint", true)) check.test = std::move(*test);
        check.message = node.attribute("constraint-message").as_string("The value is not accepted.");
        check.id = field.id;
        field.constraints.push_back(std::move(check));
    } else if (node.attribute("constraint-message")) {
        error(node, "constraint-message", "constraint-message without a constraint");
    }
    for (auto child : node.children()) {
        if (child.type() != pugi::node_element) continue;
        if (std::strcmp(child.name(), "alias") == 0) {
            if (table_column)
                read_alias(child, field.aliases, "column '" + field.id + "'");
            else
                error(child, "<alias> is for the columns of a table (a <field> inside <table>); field '" + field.id +
                                 "' is not in a table");
            continue;
        }
        if (std::strcmp(child.name(), "constraint") != 0) {
            error(child, std::string("unknown element <") + child.name() + "> in <field>; expected <constraint>" +
                             (table_column ? " or <alias>" : ""));
            continue;
        }
        check_attributes(child, {"test", "severity", "from-status"});
        auto check = read_check(child, "test");
        check.id = field.id;
        if (check.message.empty()) error(child, "the constraint has no message");
        field.constraints.push_back(std::move(check));
    }
    field.read_only = flag(node, "read-only", false) || field.calculate.has_value();
    field.row_key = flag(node, "row-key", false);
    if (field.row_key && !table_column)
        error(node, "row-key", "row-key is for the columns of a repeating table; field '" + field.id + "' is not in a table");
    field.max_length = count(node, "max-length");
    field.default_value = node.attribute("default").value();
    field.choice_list = node.attribute("list").value();
    field.references = node.attribute("references").value();

    const bool choice = field.type == FieldType::choice || field.type == FieldType::multi_choice;
    if (choice && field.choice_list.empty()) error(node, "a " + type_name + " field needs list: the id of a <choices>");
    if (!choice && !field.choice_list.empty()) error(node, "list", "list is for choice and multi-choice fields");
    if (choice && !field.choice_list.empty()) list_uses_.emplace_back(field.choice_list, node);
    if (field.type == FieldType::reference && !field.references.empty() && !is_identifier(field.references))
        error(node, "references", "references must name a form id");
    if (field.type != FieldType::reference && !field.references.empty())
        error(node, "references", "references is for reference fields");
    if (!field.default_value.empty()) {
        const auto& value = field.default_value;
        const bool ok = field.type == FieldType::integer   ? is_integer(value)
                        : field.type == FieldType::decimal ? is_decimal(value)
                        : field.type == FieldType::date    ? is_iso_date(value)
                        : field.type == FieldType::boolean ? is_boolean(value)
                        : field.type == FieldType::email   ? is_email(value)
                                                           : true;
        if (!ok) error(node, "default", "the default '" + value + "' is not a valid " + type_name);
        if (field.type == FieldType::person || field.type == FieldType::multi_choice)
            error(node, "default", "a " + type_name + " field cannot have a default");
    }
    return field;
}

std::optional<Node> DefinitionBuilder::read_table(pugi::xml_node node) {
    check_attributes(node, {"id", "label", "hint", "part", "relevant", "repeat", "min-rows", "max-rows", "copy"});
    Node table;
    table.kind = NodeKind::table;
    table.id = identifier(node, "id", "table");
    read_common(node, table);
    table.repeating = flag(node, "repeat", false);
    table.min_rows = count(node, "min-rows").value_or(0);
    table.max_rows = count(node, "max-rows").value_or(0);
    if (!table.repeating && (node.attribute("min-rows") || node.attribute("max-rows")))
        error(node, "min-rows and max-rows are for repeating tables (repeat=\"true\")");
    if (table.max_rows != 0 && table.max_rows < table.min_rows) error(node, "max-rows", "max-rows is less than min-rows");
    std::set<std::string> keys, columns;
    for (auto child : node.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string name = child.name();
        if (name == "row") {
            check_attributes(child, {"key", "label"});
            if (table.repeating) error(child, "a repeating table has no fixed rows; remove <row> or repeat=\"true\"");
            const auto key = identifier(child, "key", "row");
            if (!key.empty() && !keys.insert(key).second) error(child, "key", "duplicate row key '" + key + "'");
            table.fixed_rows.push_back({key, child.attribute("label").as_string(key.c_str())});
        } else if (name == "field") {
            if (auto column = read_field(child, true)) {
                if (!column->id.empty() && !columns.insert(column->id).second)
                    error(child, "id", "duplicate column id '" + column->id + "' in table '" + table.id + "'");
                table.children.push_back(std::move(*column));
            }
        } else if (name == "alias") {
            error(child, "<alias> belongs inside a column: put it in the <field> whose heading it names");
        } else {
            error(child, "unknown element <" + name + "> in <table>; expected <row> or <field>");
        }
    }
    if (!table.repeating)
        for (const auto& column : table.children)
            if (column.row_key)
                error(node, "row-key marks the columns that identify a row of a repeating table; table '" + table.id +
                                "' has fixed rows");
    if (!table.repeating && table.fixed_rows.empty())
        error(node, "table '" + table.id + "' has no rows: give <row key label/> or make it repeat=\"true\"");
    if (table.children.empty()) error(node, "table '" + table.id + "' has no columns (<field> children)");
    return table;
}

void DefinitionBuilder::read_items(pugi::xml_node parent, std::vector<Node>& items, std::set<std::string>& sibling_ids,
                                   bool top_level) {
    for (auto child : parent.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string name = child.name();
        std::optional<Node> item;
        if (name == "section") {
            check_attributes(child, {"title", "label", "hint", "part", "relevant", "copy"});
            if (!top_level) error(child, "a <section> belongs at the top of the form; use <group> inside it");
            Node section;
            section.kind = NodeKind::section;
            read_common(child, section);
            section.label = child.attribute("title").as_string(section.label.c_str());
            // Sections make no element: their fields are siblings of the sections' other fields.
            read_items(child, section.children, sibling_ids, false);
            item = std::move(section);
        } else if (name == "group") {
            check_attributes(child, {"id", "label", "hint", "part", "relevant", "copy"});
            Node group;
            group.kind = NodeKind::group;
            group.id = identifier(child, "id", "group");
            read_common(child, group);
            std::set<std::string> inner;
            read_items(child, group.children, inner, false);
            item = std::move(group);
        } else if (name == "field") {
            item = read_field(child, false);
        } else if (name == "table") {
            item = read_table(child);
        } else if (name == "note") {
            check_attributes(child, {"part", "relevant"});
            Node note;
            note.kind = NodeKind::note;
            read_common(child, note);
            note.text = child.text().get();
            if (note.text.empty()) error(child, "the note is empty");
            item = std::move(note);
        } else if (top_level && (name == "choices" || name == "part" || name == "lifecycle" || name == "rule")) {
            continue;  // read before or after the layout
        } else if (name == "alias") {
            error(child, "<alias> is for the columns of a table: put it inside a <field> of a <table>");
            continue;
        } else {
            error(child, "unknown element <" + name + ">" +
                             (top_level ? "; expected section, group, field, table, note, choices, part, lifecycle "
                                          "or rule"
                                        : "; expected group, field, table or note"));
            continue;
        }
        if (!item) continue;
        if (item->is_element() && !item->id.empty() && !sibling_ids.insert(item->id).second)
            error(child, "id", "duplicate id '" + item->id + "': another element at this level has it");
        items.push_back(std::move(*item));
    }
}

void DefinitionBuilder::collect_names(const std::vector<Node>& items) {
    for (const auto& item : items) {
        if (item.is_element() && !item.id.empty()) element_names_.insert(item.id);
        collect_names(item.children);
    }
}

bool DefinitionBuilder::resolves(std::string_view path) const {
    // Steps of the path, without predicates, must be ids of nested elements (or row).
    const std::vector<Node>* level = &form_->items;
    const Node* current = nullptr;
    while (!path.empty()) {
        const auto slash = path.find('/');
        auto step = path.substr(0, slash);
        step = step.substr(0, step.find('['));
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        if (step == "row" && current != nullptr && current->kind == NodeKind::table) continue;
        if (current != nullptr && current->kind == NodeKind::field) return step == "name" || step == "role" || step == "item";
        current = find_item(*level, step);
        if (current == nullptr) return false;
        level = &current->children;
    }
    return current != nullptr;
}

void DefinitionBuilder::check_pending_names() {
    for (const auto& pending : pending_names_) {
        for (const auto& name : xpath_names(pending.text)) {
            const bool known = name.attribute ? built_in_attributes.count(name.name) > 0
                                              : element_names_.count(name.name) > 0 ||
                                                    built_in_elements.count(name.name) > 0 || name.name == form_->id;
            if (!known)
                error(pending.node, pending.attribute,
                      std::string("the XPath in ") + pending.attribute + " names " + (name.attribute ? "@" : "") +
                          name.name + ", which is no " + (name.attribute ? "attribute" : "element") +
                          " of this form");
        }
    }
}

void DefinitionBuilder::check_statuses() {
    for (const auto& [status, node] : status_uses_)
        if (form_->lifecycle.rank(status) < 0)
            error(node, "from-status", "unknown status '" + status + "'; the form's statuses are: " + [&] {
                std::string all;
                for (const auto& s : form_->lifecycle.statuses) all += (all.empty() ? "" : ", ") + s.id;
                return all;
            }());
}

std::string trimmed_text(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

Lifecycle default_lifecycle() {
    Lifecycle lifecycle;
    lifecycle.statuses = {{"draft", "Draft"}, {"complete", "Complete"}, {"submitted", "Submitted"}, {"approved", "Approved"}};
    lifecycle.transitions = {{"draft", "complete"}, {"complete", "draft"}, {"complete", "submitted"}, {"complete", "approved"}};
    return lifecycle;
}

std::shared_ptr<FormDefinition> DefinitionBuilder::build() {
    const auto root = input_.root();
    const auto errors_before = out_.size();
    if (std::strcmp(root.name(), "form") != 0) {
        error(root, std::string("expected <form>, found <") + root.name() + ">");
        return nullptr;
    }
    form_ = std::make_shared<FormDefinition>();
    form_->source = input_.file();
    form_->variables = std::make_shared<RuleVariables>();

    check_attributes(root, {"id", "version", "title", "record-title"});
    form_->id = identifier(root, "id", "form");
    const std::string version = root.attribute("version").value();
    if (!is_integer(version) || version[0] == '-' || version == "0" || version.size() > 6)
        error(root, "version", "the form's version must be a positive whole number, not '" + version + "'");
    else
        form_->version = std::stoi(version);
    form_->title = root.attribute("title").value();
    if (form_->title.empty()) error(root, "the form needs a title");

    // Lists, parts and the lifecycle first: the layout refers to them.
    for (auto child : root.children("choices")) read_choices(child);
    for (auto child : root.children("part")) read_part(child);
    form_->lifecycle = default_lifecycle();
    const auto lifecycles = std::distance(root.children("lifecycle").begin(), root.children("lifecycle").end());
    for (auto child : root.children("lifecycle")) {
        if (lifecycles > 1) error(child, "a form has at most one <lifecycle>");
        read_lifecycle(child);
    }
    std::set<std::string> top_ids;
    read_items(root, form_->items, top_ids, true);
    for (auto child : root.children("rule")) read_rule(child);
    form_->title_expression = expression(root, "record-title", false);

    collect_names(form_->items);
    for (const auto& [list, node] : list_uses_)
        if (form_->list(list) == nullptr)
            error(node, "list", "unknown choice list '" + list + "'; define it with <choices id=\"" + list + "\">");
    for (const auto& [path, node] : rule_fields_)
        if (!resolves(path)) error(node, "field", "the rule points at '" + path + "', which is no field of this form");
    check_statuses();

    // Every compiled expression's names are checked against the finished layout.
    check_pending_names();

    const bool failed = std::any_of(out_.begin() + static_cast<std::ptrdiff_t>(errors_before), out_.end(),
                                    [](const Diagnostic& d) { return d.severity == Severity::error; });
    return failed ? nullptr : form_;
}

DefinitionLoad load_parsed(const XmlInput* input, const std::string& source, const CouncilProfile* profile,
                           DefinitionLoad load) {
    if (input == nullptr) return load;
    try {
        auto form = DefinitionBuilder(*input, load.diagnostics).build();
        if (form && profile != nullptr) apply_council_profile(*profile, *form, load.diagnostics);
        load.form = std::move(form);
    } catch (const std::exception& e) {
        // Out of memory, or a bug of ours: still a diagnostic, never a crash of the caller.
        load.diagnostics.push_back({Severity::error, source, 0, 0, {}, std::string("cannot load: ") + e.what(), {}});
        load.form = nullptr;
    }
    return load;
}

}  // namespace

DefinitionLoad load_form_definition(std::string text, std::string source, const CouncilProfile* profile) {
    DefinitionLoad load;
    const auto input = XmlInput::parse(std::move(text), source, load.diagnostics, definition_limits);
    return load_parsed(input.get(), source, profile, std::move(load));
}

DefinitionLoad load_form_definition_file(const std::filesystem::path& path, const CouncilProfile* profile) {
    DefinitionLoad load;
    const auto input = XmlInput::read_file(path, load.diagnostics, definition_limits);
    return load_parsed(input.get(), path.string(), profile, std::move(load));
}

}  // namespace formwork::forms
