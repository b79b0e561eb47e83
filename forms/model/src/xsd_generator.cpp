// Definition to XSD (XML Schema 1.0, no target namespace). The schema checks the shape of
// a record file or a submission: which elements, in which order, how many, and the type of
// each value. Everything that depends on other values (relevant, required other than a
// literal true(), constraints, calculate, rules) is the engine's. See docs/xml-formats.md.
#include <formwork/model/xsd.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace formwork::forms {
namespace {

constexpr const char* xs_namespace = "http://www.w3.org/2001/XMLSchema";
constexpr const char* uuid_pattern = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
constexpr const char* timestamp_pattern = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
// Values as they are stored (docs/forms.md) and as the engine checks them (values.cpp).
// Never stricter than the engine: a record the engine accepts must pass the schema.
constexpr const char* integer_pattern = "-?[0-9]+";
constexpr const char* decimal_pattern = "-?[0-9]+(\\.[0-9]+)?";
constexpr const char* email_pattern = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
constexpr const char* telephone_pattern = "[ +()\\-]*([0-9][ +()\\-]*){6,15}";

// An XML comment may hold neither "--" nor end with "-".
std::string comment_text(std::string text) {
    for (std::size_t at = text.find("--"); at != std::string::npos; at = text.find("--", at)) {
        text.insert(at + 1, " ");
    }
    if (!text.empty() && text.back() == '-') text += ' ';
    return text;
}

pugi::xml_node xs(pugi::xml_node parent, const char* name) {
    return parent.append_child((std::string("xs:") + name).c_str());
}

pugi::xml_node element(pugi::xml_node parent, const std::string& name) {
    auto node = xs(parent, "element");
    node.append_attribute("name") = name.c_str();
    return node;
}

constexpr std::size_t unbounded = static_cast<std::size_t>(-1);

void set_occurs(pugi::xml_node node, std::size_t min, std::size_t max) {
    node.append_attribute("minOccurs") = std::to_string(min).c_str();
    std::string text = max == unbounded ? "unbounded" : std::to_string(max);
    node.append_attribute("maxOccurs") = text.c_str();
}

// A field's max-length; 0 for none (the loader refuses max-length="0").
std::size_t limit(const std::optional<std::size_t>& max_length) { return max_length.value_or(0); }

pugi::xml_node attribute(pugi::xml_node complex_type, const char* name, const std::string& type) {
    auto node = xs(complex_type, "attribute");
    node.append_attribute("name") = name;
    if (!type.empty()) node.append_attribute("type") = type.c_str();
    node.append_attribute("use") = "required";
    return node;
}

void enumeration(pugi::xml_node restriction, const std::vector<std::string>& values) {
    std::set<std::string> seen;
    for (const auto& value : values) {
        if (value.empty() || !seen.insert(value).second) continue;
        xs(restriction, "enumeration").append_attribute("value") = value.c_str();
    }
}

bool has_condition(const Node& node) { return node.relevant.has_value() || !node.part.empty() || node.unpublished; }

// Whether `node` must appear in every valid instance: a field whose `required` is the
// literal true(), with no relevant or part on it or on any ancestor, or a container of one.
bool must_be_present(const Node& node, bool conditional) {
    conditional = conditional || has_condition(node);
    switch (node.kind) {
    case NodeKind::field:
        return !conditional && node.required && node.required->is_literal_true();
    case NodeKind::section:
    case NodeKind::group:
        for (const auto& child : node.children) {
            if (must_be_present(child, conditional)) return true;
        }
        return false;
    case NodeKind::table:
        if (conditional) return false;
        if (node.repeating) return node.min_rows > 0;
        if (node.fixed_rows.empty()) return false;
        for (const auto& column : node.children) {
            if (must_be_present(column, conditional)) return true;
        }
        return false;
    case NodeKind::note:
        return false;
    }
    return false;
}

// The schema being built and the named types already in it. Types whose name says all of
// their content (empty, uuid, string-max-40, ...) are shared between forms; types that
// depend on a form (its lists, its instance) carry the form's prefix.
class SchemaBuilder {
public:
    explicit SchemaBuilder(pugi::xml_document& doc) {
        schema_ = doc.append_child("xs:schema");
        schema_.append_attribute("xmlns:xs") = xs_namespace;
    }

    pugi::xml_node schema() const { return schema_; }

    // Appends a named type to the schema unless it is there already; returns it, or an
    // empty handle when it already existed.
    pugi::xml_node define(const char* kind, const std::string& name) {
        if (!defined_.insert(name).second) return {};
        auto node = xs(schema_, kind);
        node.append_attribute("name") = name.c_str();
        return node;
    }

    pugi::xml_node restriction(const std::string& name, const char* base) {
        auto type = define("simpleType", name);
        if (!type) return {};
        auto restriction = xs(type, "restriction");
        restriction.append_attribute("base") = base;
        return restriction;
    }

    std::string empty() {
        if (auto r = restriction("empty", "xs:string")) xs(r, "length").append_attribute("value") = 0;
        return "empty";
    }

    // `type` or the empty string. Built-in types are named without "xs:"; a form's types
    // keep the form's prefix in front ("form-id.empty-or-list-x"). Variants are told by a
    // prefix ("empty-or-", "required-"), so that no list id can make two names meet.
    std::string or_empty(const std::string& type) {
        std::string name;
        if (type.rfind("xs:", 0) == 0) {
            name = "empty-or-" + type.substr(3);
        } else {
            auto form_prefix = type.find('.') + 1;  // 0 without a prefix; form ids hold no '.'
            name = type.substr(0, form_prefix) + "empty-or-" + type.substr(form_prefix);
        }
        if (auto t = define("simpleType", name)) {
            std::string members = type + " " + empty();
            xs(t, "union").append_attribute("memberTypes") = members.c_str();
        }
        return name;
    }

    std::string patterned(const std::string& name, const char* base, const char* pattern) {
        if (auto r = restriction(name, base)) xs(r, "pattern").append_attribute("value") = pattern;
        return name;
    }

    std::string uuid() { return patterned("uuid", "xs:string", uuid_pattern); }
    // Text, not xs:dateTime: the engine takes a leap second, xs:dateTime does not.
    std::string timestamp() { return patterned("timestamp", "xs:string", timestamp_pattern); }
    std::string integer() { return patterned("integer", "xs:integer", integer_pattern); }
    std::string decimal() { return patterned("decimal", "xs:decimal", decimal_pattern); }
    std::string date() { return patterned("date", "xs:date", "\\d{4}-\\d{2}-\\d{2}"); }
    std::string boolean() { return patterned("boolean", "xs:boolean", "true|false"); }
    std::string sha256() { return patterned("sha256", "xs:string", "[0-9a-f]{64}"); }
    std::string year() { return patterned("year", "xs:gYear", "\\d{4}"); }

    // A non-empty string, at most `max` characters, matching `pattern` when given.
    std::string string(const char* kind, std::size_t max, const char* pattern = nullptr) {
        std::string name = kind;
        if (max > 0) name += "-max-" + std::to_string(max);
        if (auto r = restriction(name, "xs:string")) {
            if (!pattern) xs(r, "minLength").append_attribute("value") = 1;  // a pattern needs a character already
            if (max > 0) xs(r, "maxLength").append_attribute("value") = std::to_string(max).c_str();
            if (pattern) xs(r, "pattern").append_attribute("value") = pattern;
        }
        return name;
    }

    // One of `values`. With no values at all, only the empty string: an xs:restriction
    // without facets would accept anything.
    std::string enumerated(const std::string& name, const std::vector<std::string>& values) {
        bool any = false;
        for (const auto& value : values) any = any || !value.empty();
        if (!any) {
            restriction(name, empty().c_str());
            return name;
        }
        if (auto r = restriction(name, "xs:string")) enumeration(r, values);
        return name;
    }

    // A person: name and role, both optional strings unless `required`, when the name must
    // be there and not be empty.
    std::string person(bool required, std::size_t max) {
        std::string name = required ? "required-person" : "person";
        if (max > 0) name += "-max-" + std::to_string(max);
        if (auto type = define("complexType", name)) {
            auto sequence = xs(type, "sequence");
            auto name_type = string("string", max);
            auto person_name = element(sequence, "name");
            person_name.append_attribute("minOccurs") = required ? 1 : 0;
            person_name.append_attribute("type") = (required ? name_type : or_empty(name_type)).c_str();
            auto role = element(sequence, "role");
            role.append_attribute("minOccurs") = 0;
            role.append_attribute("type") = or_empty(string("string", 0)).c_str();
        }
        return name;
    }

    // The ids of the forms a submission may hold.
    std::string form_ids(const std::vector<std::string>& ids) { return enumerated("form-id", ids); }

private:
    pugi::xml_node schema_;
    std::set<std::string> defined_;
};

// Writes the parts of a schema that come from one form.
class FormSchema {
public:
    FormSchema(SchemaBuilder& builder, const FormDefinition& form, std::string prefix)
        : builder_(builder), form_(form), prefix_(std::move(prefix)) {}

    // The complex type of the form's instance element; returns its name.
    std::string instance_type() {
        std::string name = prefix_ + "instance";
        if (auto type = builder_.define("complexType", name)) {
            auto sequence = xs(type, "sequence");
            append_items(sequence, form_.items, false);
            if (!sequence.first_child()) type.remove_child(sequence);
        }
        return name;
    }

    // The form's statuses, in lifecycle order.
    std::vector<std::string> statuses() const {
        std::vector<std::string> ids;
        for (const auto& status : form_.lifecycle.statuses) ids.push_back(status.id);
        return ids;
    }

    std::string status_type() {
        auto ids = statuses();
        if (ids.empty()) return builder_.string("string", 0);  // the loader always sets one
        return builder_.enumerated(prefix_ + "status", ids);
    }

private:
    void append_items(pugi::xml_node sequence, const std::vector<Node>& items, bool conditional) {
        for (const auto& node : items) {
            switch (node.kind) {
            case NodeKind::section:
                append_items(sequence, node.children, conditional || has_condition(node));
                break;
            case NodeKind::note:
                break;
            case NodeKind::group:
                append_group(sequence, node, conditional);
                break;
            case NodeKind::field:
                append_field(sequence, node, conditional);
                break;
            case NodeKind::table:
                append_table(sequence, node, conditional);
                break;
            }
        }
    }

    void append_group(pugi::xml_node sequence, const Node& group, bool conditional) {
        auto node = element(sequence, group.id);
        node.append_attribute("minOccurs") = must_be_present(group, conditional) ? 1 : 0;
        auto type = xs(node, "complexType");
        auto inner = xs(type, "sequence");
        append_items(inner, group.children, conditional || has_condition(group));
        if (!inner.first_child()) type.remove_child(inner);
    }

    void append_table(pugi::xml_node sequence, const Node& table, bool conditional) {
        bool inner_conditional = conditional || has_condition(table);
        std::size_t min_rows = 0;
        std::size_t max_rows = unbounded;
        if (table.repeating) {
            if (!inner_conditional) min_rows = table.min_rows;
            if (table.max_rows > 0) {
                max_rows = table.max_rows;
                if (min_rows > max_rows) min_rows = max_rows;
            }
        } else {
            max_rows = table.fixed_rows.size();
            if (must_be_present(table, conditional)) min_rows = table.fixed_rows.size();
        }

        auto node = element(sequence, table.id);
        node.append_attribute("minOccurs") = min_rows > 0 ? 1 : 0;
        auto rows = xs(xs(node, "complexType"), "sequence");
        auto row = element(rows, "row");
        set_occurs(row, min_rows, max_rows);
        auto row_type = xs(row, "complexType");
        auto columns = xs(row_type, "sequence");
        append_items(columns, table.children, inner_conditional);
        if (!columns.first_child()) row_type.remove_child(columns);
        if (!table.repeating) {
            std::vector<std::string> keys;
            for (const auto& fixed : table.fixed_rows) keys.push_back(fixed.code);
            auto key = attribute(row_type, "key", {});
            auto restriction = xs(xs(key, "simpleType"), "restriction");
            restriction.append_attribute("base") = "xs:string";
            enumeration(restriction, keys);
        }
    }

    void append_field(pugi::xml_node sequence, const Node& field, bool conditional) {
        bool required = must_be_present(field, conditional);
        auto node = element(sequence, field.id);
        node.append_attribute("minOccurs") = required ? 1 : 0;
        node.append_attribute("type") = field_type(field, required).c_str();
    }

    std::string field_type(const Node& field, bool required) {
        std::string value;
        switch (field.type) {
        case FieldType::text:
        case FieldType::long_text:
            value = builder_.string("string", limit(field.max_length));
            break;
        case FieldType::email:
            value = builder_.string("email", limit(field.max_length), email_pattern);
            break;
        case FieldType::telephone:
            value = builder_.string("telephone", limit(field.max_length), telephone_pattern);
            break;
        case FieldType::reference:
            value = builder_.uuid();
            break;
        case FieldType::integer:
            value = builder_.integer();
            break;
        case FieldType::decimal:
            value = builder_.decimal();
            break;
        case FieldType::date:
            value = builder_.date();
            break;
        case FieldType::boolean:
            value = builder_.boolean();
            break;
        case FieldType::choice:
            value = list_type(field);
            break;
        case FieldType::multi_choice:
            return items_type(field, required);
        case FieldType::person:
            return builder_.person(required, limit(field.max_length));
        }
        return required ? value : builder_.or_empty(value);
    }

    const ChoiceList& list(const Node& field) const {
        const ChoiceList* list = form_.list(field.choice_list);
        if (!list) {
            throw std::invalid_argument("form " + form_.id + ": field '" + field.id + "' uses unknown choice list '" +
                                        field.choice_list + "'");
        }
        return *list;
    }

    // One type per choice list, shared by every field that uses it.
    std::string list_type(const Node& field) {
        const ChoiceList& choices = list(field);
        std::vector<std::string> codes;
        for (const auto& option : choices.options) codes.push_back(option.code);
        return builder_.enumerated(prefix_ + "list-" + choices.id, codes);
    }

    // Multi-choice: any number of <item>code</item>; at least one when required.
    std::string items_type(const Node& field, bool required) {
        std::string item = list_type(field);
        std::string name = prefix_ + (required ? "required-items-" : "items-") + list(field).id;
        if (auto type = builder_.define("complexType", name)) {
            auto node = element(xs(type, "sequence"), "item");
            set_occurs(node, required ? 1 : 0, unbounded);
            node.append_attribute("type") = item.c_str();
        }
        return name;
    }

    SchemaBuilder& builder_;
    const FormDefinition& form_;
    std::string prefix_;
};

std::string describe(const FormDefinition& form) {
    return "form " + form.id + " version " + std::to_string(form.version);
}

std::string parts_note(const FormDefinition& form) {
    std::string off;
    for (const auto& part : form.parts) {
        if (part.enabled) continue;
        off += (off.empty() ? "" : ", ") + part.id;
    }
    if (off.empty()) return {};
    return "\n  Optional parts switched off in this profile: " + off +
           ".\n  Elements of optional parts are optional either way: a part switched back on needs no new schema.";
}

// The document, with its declaration and a comment saying where it came from.
void start(pugi::xml_document& doc, const std::string& comment) {
    auto declaration = doc.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    doc.append_child(pugi::node_comment).set_value(comment_text(comment).c_str());
}

void save(pugi::xml_document& doc, pugi::xml_writer& out) {
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

}  // namespace

void write_form_xsd(const FormDefinition& form, pugi::xml_writer& out) {
    pugi::xml_document doc;
    start(doc, "\n  Generated by Formwork from " + describe(form) +
                   ". Do not edit.\n  The schema of its record files: see docs/xml-formats.md." + parts_note(form) +
                   "\n");
    SchemaBuilder builder(doc);
    FormSchema schema(builder, form, "");

    auto record = element(builder.schema(), "record");
    auto record_type = xs(record, "complexType");
    auto sequence = xs(record_type, "sequence");

    auto meta = xs(element(sequence, "meta"), "complexType");
    auto meta_items = xs(meta, "sequence");
    element(meta_items, "id").append_attribute("type") = builder.uuid().c_str();
    auto form_type = xs(element(meta_items, "form"), "complexType");
    attribute(form_type, "id", "xs:string").append_attribute("fixed") = form.id.c_str();
    attribute(form_type, "version", "xs:string").append_attribute("fixed") = std::to_string(form.version).c_str();
    std::string status = schema.status_type();
    element(meta_items, "status").append_attribute("type") = status.c_str();
    for (const char* stamp : {"created", "modified"}) {
        auto type = xs(element(meta_items, stamp), "complexType");
        attribute(type, "at", builder.timestamp());
        attribute(type, "by", "xs:string");
    }
    element(meta_items, "revision").append_attribute("type") = "xs:positiveInteger";
    auto transitions = element(meta_items, "transitions");
    transitions.append_attribute("minOccurs") = 0;
    auto transition = element(xs(xs(transitions, "complexType"), "sequence"), "transition");
    set_occurs(transition, 0, unbounded);
    auto transition_type = xs(transition, "complexType");
    attribute(transition_type, "from", status);
    attribute(transition_type, "to", status);
    attribute(transition_type, "at", builder.timestamp());
    attribute(transition_type, "by", "xs:string");

    element(sequence, form.id).append_attribute("type") = schema.instance_type().c_str();
    attribute(record_type, "format", "xs:string").append_attribute("fixed") = "1";

    save(doc, out);
}

void write_submission_xsd(const std::vector<FormDefinitionPtr>& forms, pugi::xml_writer& out) {
    // One instance element per form id: XML Schema 1.0 cannot type an element by an
    // attribute, so a form present in two versions gets an unchecked instance element.
    std::vector<const FormDefinition*> present;
    std::map<std::string, std::set<int>> versions_of;
    std::string described;
    for (const auto& form : forms) {
        if (!form || !versions_of[form->id].insert(form->version).second) continue;
        present.push_back(form.get());
        described += (described.empty() ? "" : ", ") + describe(*form);
    }

    pugi::xml_document doc;
    start(doc, "\n  Generated by Formwork for a submission of " +
                   (described.empty() ? std::string("no forms") : described) +
                   ". Do not edit.\n  The submission envelope: see docs/xml-formats.md.\n");
    SchemaBuilder builder(doc);

    // The envelope follows UK statutory returns: UpperCamelCase elements, every one of them
    // local to Message, so that no form id can clash with one of them.
    auto typed = [](pugi::xml_node parent, const char* name, const std::string& type, bool optional = false) {
        auto node = element(parent, name);
        if (optional) node.append_attribute("minOccurs") = 0;
        node.append_attribute("type") = type.c_str();
    };
    auto sequence_of = [](pugi::xml_node parent, const char* name) { return xs(xs(element(parent, name), "complexType"), "sequence"); };

    auto message = sequence_of(builder.schema(), "Message");
    auto header = sequence_of(message, "Header");
    auto collection = sequence_of(header, "CollectionDetails");
    typed(collection, "Collection", builder.string("string", 100));
    typed(collection, "Year", builder.year());
    typed(collection, "ReferenceDate", builder.date());
    auto source = sequence_of(header, "Source");
    typed(source, "SourceLevel", builder.enumerated("source-level", {"L"}));
    typed(source, "OrganisationCode", builder.string("string", 20));
    typed(source, "OrganisationName", builder.string("string", 0), true);
    typed(source, "SoftwareCode", builder.string("string", 0));
    typed(source, "Release", builder.string("string", 0));
    typed(source, "SerialNo", "xs:positiveInteger");
    typed(source, "DateTime", builder.timestamp());
    typed(source, "AuditHeadDigest", builder.sha256());

    auto record = element(sequence_of(message, "Records"), "Record");
    set_occurs(record, 0, unbounded);
    auto record_type = xs(record, "complexType");
    auto choice = xs(record_type, "choice");

    std::vector<std::string> ids;
    std::vector<std::string> statuses;
    std::set<std::string> declared;
    for (const FormDefinition* form : present) {
        FormSchema schema(builder, *form, form->id + ".");
        for (auto& status : schema.statuses()) statuses.push_back(std::move(status));
        if (!declared.insert(form->id).second) continue;
        ids.push_back(form->id);
        auto instance = element(choice, form->id);
        if (versions_of[form->id].size() > 1) {
            instance.append_attribute("type") = "xs:anyType";
            instance.parent().insert_child_before(pugi::node_comment, instance)
                .set_value(comment_text(" " + form->id + " is present in more than one version: the engine checks its"
                                        " records against their own version. ").c_str());
        } else {
            instance.append_attribute("type") = schema.instance_type().c_str();
        }
    }

    attribute(record_type, "id", builder.uuid());
    attribute(record_type, "form", builder.form_ids(ids));
    attribute(record_type, "form-version", "xs:positiveInteger");
    attribute(record_type, "status",
              statuses.empty() ? builder.string("string", 0) : builder.enumerated("status", statuses));
    attribute(record_type, "revision", "xs:positiveInteger");
    attribute(record_type, "draft", builder.boolean()).attribute("use") = "optional";

    save(doc, out);
}

}  // namespace formwork::forms
