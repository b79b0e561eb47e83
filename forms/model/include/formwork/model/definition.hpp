// A form definition as loaded and compiled: the layout tree (sections, groups, fields,
// tables, notes), choice lists, rules and lifecycle. Every XPath expression in it was
// compiled once, when the definition loaded. See docs/forms.md for the language.
#pragma once

#include <formwork/model/date_format.hpp>
#include <formwork/model/diagnostic.hpp>

#include <pugixml.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

class FormExtension;  // form_extension.hpp

enum class FieldType {
    text,
    long_text,
    integer,
    decimal,
    date,
    boolean,
    choice,
    multi_choice,
    email,
    telephone,
    person,
    reference
};

std::optional<FieldType> field_type_from_name(std::string_view name) noexcept;
const char* field_type_name(FieldType type) noexcept;

struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};

struct ChoiceOption {
    std::string code;   // stable: stored in records and submissions
    std::string label;  // shown to people and written into workbooks
    // Other ways pasted text names the choice, e.g. a Word table's section row
    // "Names of approvers for submission:" (<alias> children of <option>; see table_paste.hpp).
    std::vector<std::string> aliases{};
};

struct ChoiceList {
    std::string id;
    bool configurable = false;  // a council profile may replace its options
    std::vector<ChoiceOption> options;
    SourceLocation where;

    const ChoiceOption* find(std::string_view code) const noexcept;
};

// An XPath 1.0 expression, compiled against the definition's variables.
struct Expression {
    std::string text;
    std::shared_ptr<const pugi::xpath_query> query;
    SourceLocation where;

    // True for the literal `true()`: the one case the XSD can turn into minOccurs="1".
    bool is_literal_true() const noexcept;
};

// A check on a value (a field's constraint) or on the record (a form rule).
struct Check {
    std::string id;
    Expression test;      // must be true for the record to pass
    std::string message;  // shown when it is false
    Severity severity = Severity::error;
    std::string from_status;  // applies only when the record is at or past this status
    std::string field;        // form rules: the path of the field the message points at
};

enum class NodeKind { section, group, field, table, note };

// One item of the form's layout. Sections lay out only; groups, fields and tables are
// elements of the instance named by their id.
struct Node {
    NodeKind kind = NodeKind::field;
    std::string id;
    std::string label;
    std::string hint;
    std::string part;  // the optional part this belongs to; empty for always
    bool unpublished = false;  // the council profile keeps it out of exports (recorded, not published)
    // copy="false": "New record from this one" leaves it as a new record has it (duplicate.hpp)
    bool copied = true;
    std::optional<Expression> relevant;
    std::vector<Node> children;  // a section's or group's items; a table's columns
    SourceLocation where;

    // fields
    FieldType type = FieldType::text;
    std::optional<Expression> required;
    std::optional<Expression> calculate;
    std::vector<Check> constraints;
    std::string default_value;
    bool read_only = false;
    std::optional<std::size_t> max_length;  // in characters (Unicode code points)
    std::string choice_list;                // choice and multi-choice
    std::string references;                 // reference: the form id it points at
    // A table's column: the headings pasted blocks may give it besides its label (<alias>),
    // and whether it is part of what identifies a row (row-key="true"), so that a row
    // repeating an earlier one is flagged.
    std::vector<std::string> aliases{};
    bool row_key = false;

    // tables
    bool repeating = false;
    std::size_t min_rows = 0;
    std::size_t max_rows = 0;           // 0: no maximum
    std::vector<ChoiceOption> fixed_rows;  // a fixed table's rows: key and label

    // notes
    std::string text;

    bool is_element() const noexcept { return kind == NodeKind::group || kind == NodeKind::field || kind == NodeKind::table; }
};

struct OptionalPart {
    std::string id;
    std::string label;
    bool enabled = true;  // the definition's default, then the council profile's choice
};

struct LifecycleStatus {
    std::string id;
    std::string label;
};

struct Lifecycle {
    std::vector<LifecycleStatus> statuses;  // in order; the first is the initial status
    std::vector<std::pair<std::string, std::string>> transitions;

    const std::string& initial() const { return statuses.front().id; }
    int rank(std::string_view status) const noexcept;  // -1 when unknown
    bool allows(std::string_view from, std::string_view to) const noexcept;
    // A record in any status but the first is locked (DESIGN.md): its content changes only
    // after a reopen, a move back to the first status with a reason.
    bool locks(std::string_view status) const { return !statuses.empty() && status != initial(); }
    bool reopens(std::string_view from, std::string_view to) const { return locks(from) && !locks(to); }
    // How people name a status: its label, else its id.
    std::string label_of(std::string_view status) const;
};

class RuleVariables;

class FormDefinition {
public:
    std::string id;
    int version = 0;
    std::string title;
    std::optional<Expression> title_expression;  // names a record in lists
    std::vector<ChoiceList> lists;
    std::vector<OptionalPart> parts;
    std::vector<Node> items;  // top level, in order: sections, groups, fields, tables, notes
    std::vector<Check> rules;  // form-level rules; context is the record root
    Lifecycle lifecycle;
    std::string source;  // where it was loaded from, for messages
    // How dates are shown to people and given in messages: the council profile's date-format
    // (date_format.hpp). Stored dates are ISO whatever this says.
    std::string date_format{default_date_format};
    // What the form's plugin adds in code (SDK 1.4); null for a form with none.
    std::shared_ptr<const FormExtension> extension;

    // $today, $status and $user: how outside values reach expressions, never by text. Every
    // rule is compiled against these; only an EvaluationContext binds them, for one call.
    std::shared_ptr<RuleVariables> variables;

    const ChoiceList* list(std::string_view id) const noexcept;
    const OptionalPart* part(std::string_view id) const noexcept;
    bool part_enabled(std::string_view id) const noexcept;  // true for "" (no part)
    // Whether exports carry the node: its part is on and the council publishes it.
    bool exported(const Node& node) const noexcept { return part_enabled(node.part) && !node.unpublished; }
};

using FormDefinitionPtr = std::shared_ptr<const FormDefinition>;

}  // namespace formwork::forms
