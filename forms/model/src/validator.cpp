#include <formwork/model/validator.hpp>
#include <formwork/model/date_format.hpp>
#include <formwork/model/evaluation_context.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/model/values.hpp>
#include <formwork/model/xml_input.hpp>
#include <formwork/sdk/uk_date.hpp>

#include <formwork/model/instance_walker.hpp>
#include <formwork/model/table_paste.hpp>
#include <formwork/model/value_checks.hpp>

#include <array>
#include <functional>
#include <set>

namespace formwork::forms {

namespace {

bool applies(const FormDefinition& form, const std::string& from_status, int rank) {
    return from_status.empty() || rank >= form.lifecycle.rank(from_status);
}

bool is_empty(const Node& field, pugi::xml_node element) {
    if (field.type == FieldType::person) return *element.child("name").text().get() == '\0' && *element.child("role").text().get() == '\0';
    if (field.type == FieldType::multi_choice) return !element.child("item");
    return *element.text().get() == '\0';
}

}  // namespace

std::string type_problem(const FormDefinition& form, const Node& field, pugi::xml_node element) {
    const std::string_view value = element.text().get();
    const auto quoted = [&] { return "'" + std::string(value) + "'"; };
    switch (field.type) {
    case FieldType::text:
        if (value.find('\n') != std::string_view::npos) return "a one-line text field holds a line break";
        return {};
    case FieldType::long_text:
        return {};
    case FieldType::integer:
        return is_integer(value) ? std::string() : quoted() + " is not a whole number";
    case FieldType::decimal:
        return is_decimal(value) ? std::string() : quoted() + " is not a number (digits, with an optional '.' and decimals)";
    case FieldType::date: {
        if (is_iso_date(value)) return {};
        const auto read = sdk::read_uk_date(value);
        // A date written day first in a record file: files keep dates as ISO.
        if (!read.iso.empty()) return quoted() + " is not a date (YYYY-MM-DD)";
        std::string why = read.problem.empty() || read.problem == "it is not a date" ? std::string() : " (" + read.problem + ")";
        return quoted() + " is not a date" + why + "; write it as " + date_example(form.date_format);
    }
    case FieldType::boolean:
        return is_boolean(value) ? std::string() : quoted() + " is not true or false";
    case FieldType::email:
        return is_email(value) ? std::string() : quoted() + " is not an email address";
    case FieldType::telephone:
        return is_telephone(value) ? std::string() : quoted() + " is not a telephone number";
    case FieldType::reference:
        return is_uuid(value) ? std::string() : quoted() + " is not a record id (a UUID)";
    case FieldType::choice: {
        const auto* list = form.list(field.choice_list);
        return list != nullptr && list->find(value) != nullptr ? std::string()
                                                               : quoted() + " is not one of the choices for " + label_of(field);
    }
    case FieldType::multi_choice: {
        const auto* list = form.list(field.choice_list);
        std::set<std::string> seen;
        for (auto item : element.children("item")) {
            const std::string code = item.text().get();
            if (list == nullptr || list->find(code) == nullptr) return "'" + code + "' is not one of the choices for " + label_of(field);
            if (!seen.insert(code).second) return "'" + code + "' is chosen twice";
        }
        return {};
    }
    case FieldType::person:
        if (*element.child("name").text().get() == '\0') return "a role is given but no name";
        return {};
    }
    return {};
}


Diagnostics validate_record(const FormDefinition& form, const Record& record, const ValidationOptions& options) {
    Diagnostics out;
    const std::string& status = options.status.empty() ? record.meta.status : options.status;
    const int rank = form.lifecycle.rank(status);
    const EvaluationContext bound(form, {status, options.user, options.today});
    const auto report = [&](Severity severity, const std::string& path, std::string message, std::string rule = {}) {
        out.push_back({severity, {}, 0, 0, path, std::move(message), std::move(rule)});
    };

    InstanceWalker(form, record.instance())
        .visit([&](const Node& field, pugi::xml_node element, const std::string& parent, bool relevant) {
            if (!relevant) return;
            const auto path = [&] { return join_path(parent, field.id); };
            const pugi::xpath_node context(element);
            if (is_empty(field, element)) {
                if (field.required && field.required->query->evaluate_boolean(context))
                    report(Severity::error, path(), label_of(field) + " is required");
                return;
            }
            // The text values to check: a person's two parts, or the field's own text.
            const std::array<pugi::xml_node, 2> values =
                field.type == FieldType::person ? std::array{element.child("name"), element.child("role")}
                                                : std::array{element, pugi::xml_node()};
            for (const auto& value : values) {
                if (!value || field.type == FieldType::multi_choice) continue;
                if (const auto problem = xml_text_problem(value.text().get())) {
                    report(Severity::error, path(), "the value " + *problem);
                    return;
                }
                if (field.max_length && utf8_length(value.text().get()) > *field.max_length)
                    report(Severity::error, path(),
                           label_of(field) + " has " + std::to_string(utf8_length(value.text().get())) +
                               " characters; the most allowed is " + std::to_string(*field.max_length));
            }
            if (auto problem = type_problem(form, field, element); !problem.empty()) {
                // Text typed into a date box that is no date: the problem names the field, as the
                // box keeps the text. (A file's day-first date keeps the file's message.)
                if (field.type == FieldType::date && sdk::read_uk_date(element.text().get()).iso.empty())
                    problem = label_of(field) + ": " + problem;
                report(Severity::error, path(), std::move(problem));
                return;  // constraints assume a well-typed value
            }
            for (const auto& check : field.constraints)
                if (applies(form, check.from_status, rank) && !check.test.query->evaluate_boolean(context))
                    report(check.severity, path(), check.message, check.id);
        });

    for (const auto& rule : form.rules)
        if (applies(form, rule.from_status, rank) && !in_disabled_part(form, rule.field) &&
            !rule.test.query->evaluate_boolean(pugi::xpath_node(record.instance())))
            report(rule.severity, rule.field, rule.message, rule.id);

    // Repeating tables: row counts.
    std::function<void(const std::vector<Node>&, pugi::xml_node, const std::string&)> count_rows =
        [&](const std::vector<Node>& items, pugi::xml_node parent, const std::string& path) {
            const auto enabled = [&](const Node& node) { return form.part_enabled(node.part); };
            for_each_element(items, enabled, [&](const Node& item) {
                if (!enabled(item)) return;
                if (item.kind == NodeKind::group) {
                    count_rows(item.children, parent.child(item.id.c_str()), join_path(path, item.id));
                } else if (item.kind == NodeKind::table && item.repeating) {
                    const auto table = parent.child(item.id.c_str());
                    if (!table || (item.relevant && !item.relevant->query->evaluate_boolean(pugi::xpath_node(table))))
                        return;
                    const auto rows = static_cast<std::size_t>(std::distance(table.children("row").begin(),
                                                                             table.children("row").end()));
                    if (rows < item.min_rows)
                        report(Severity::error, join_path(path, item.id),
                               label_of(item) + " needs at least " + std::to_string(item.min_rows) +
                                   (item.min_rows == 1 ? " row" : " rows") + "; it has " +
                                   std::to_string(rows));
                    if (item.max_rows != 0 && rows > item.max_rows)
                        report(Severity::error, join_path(path, item.id),
                               label_of(item) + " may have at most " + std::to_string(item.max_rows) + " rows; it has " +
                                   std::to_string(rows));
                    for (auto& repeated : repeated_rows(form, item, table, join_path(path, item.id)))
                        out.push_back(std::move(repeated));
                }
            });
        };
    count_rows(form.items, record.instance(), "");

    if (form.extension) {
        auto found = form.extension->check(form, record, options);
        out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    return out;
}

std::unordered_map<std::string, bool> element_relevance(const FormDefinition& form, const Record& record,
                                                        const ValidationOptions& options) {
    std::unordered_map<std::string, bool> relevance;
    const EvaluationContext bound(form, {options.status.empty() ? record.meta.status : options.status, options.user, options.today});
    InstanceWalker(form, record.instance())
        .out_of_scope_as_irrelevant()
        .containers([&](const Node&, pugi::xml_node, const std::string& path, bool relevant) { relevance[path] = relevant; })
        .visit([&](const Node& field, pugi::xml_node, const std::string& parent, bool relevant) {
            relevance[join_path(parent, field.id)] = relevant;
        });
    // A part switched off has no elements in the instance, but its fields are no less
    // irrelevant for that: the definition's paths (without rows) say so.
    std::function<void(const std::vector<Node>&, const std::string&, bool)> switched_off =
        [&](const std::vector<Node>& items, const std::string& path, bool off) {
            for (const auto& item : items) {
                const bool item_off = off || !form.part_enabled(item.part);
                if (item.kind == NodeKind::section) {
                    switched_off(item.children, path, item_off);
                } else if (item.is_element()) {
                    const auto item_path = join_path(path, item.id);
                    if (item_off) relevance.emplace(item_path, false);
                    if (item.kind == NodeKind::group) switched_off(item.children, item_path, item_off);
                }
            }
        };
    switched_off(form.items, "", false);
    return relevance;
}

void recalculate(const FormDefinition& form, Record& record, const ValidationOptions& options) {
    const EvaluationContext bound(form, {options.status.empty() ? record.meta.status : options.status, options.user, options.today});
    for (int round = 0; round < 5; ++round) {
        bool changed = false;
        InstanceWalker(form, record.instance())
            .visit([&](const Node& field, pugi::xml_node element, const std::string&, bool) {
                if (!field.calculate) return;
                const auto value = field.calculate->query->evaluate_string(pugi::xpath_node(element));
                if (value != element.text().get()) {
                    element.text().set(value.c_str());
                    changed = true;
                }
            });
        if (!changed) return;
    }
}

StatusChangeResult change_status(const FormDefinition& form, Record& record, const std::string& to,
                                 const std::string& user, const std::string& now) {
    StatusChangeResult result;
    const auto& from = record.meta.status;
    const auto refuse = [&](std::string message) {
        result.diagnostics.insert(result.diagnostics.begin(), {Severity::error, {}, 0, 0, {}, std::move(message), {}});
        return result;
    };
    if (form.lifecycle.rank(to) < 0) return refuse("'" + to + "' is not a status of form '" + form.id + "'");
    if (!form.lifecycle.allows(from, to))
        return refuse("form '" + form.id + "' does not allow a record to go from " + from + " to " + to);

    recalculate(form, record, {to, user, {}});
    if (to != form.lifecycle.initial()) {
        result.diagnostics = validate_record(form, record, {to, user, {}});
        if (has_errors(result.diagnostics)) {
            std::size_t errors = 0;
            for (const auto& d : result.diagnostics) errors += d.severity == Severity::error ? 1 : 0;
            return refuse("the record cannot be marked " + to + " while it has " + std::to_string(errors) +
                          (errors == 1 ? " error" : " errors"));
        }
    }
    if (from == form.lifecycle.initial() && to != from) {
        // What was typed into fields that no longer apply is kept while drafting, and
        // cleared once the record is put forward.
        std::vector<pugi::xml_node> irrelevant;
        InstanceWalker(form, record.instance()).visit([&](const Node&, pugi::xml_node element, const std::string&, bool relevant) {
            if (!relevant) irrelevant.push_back(element);
        });
        for (auto element : irrelevant) {
            if (element.first_child() && element.first_child().type() == pugi::node_element) {
                for (auto child : element.children()) child.text().set("");
                while (element.child("item")) element.remove_child(element.child("item"));
            } else {
                element.text().set("");
                while (element.first_child()) element.remove_child(element.first_child());
            }
        }
    }
    record.meta.transitions.push_back({from, to, now, user});
    record.meta.status = to;
    record.meta.modified_at = now;
    record.meta.modified_by = user;
    result.changed = true;
    return result;
}

}  // namespace formwork::forms

namespace formwork::forms {

pugi::xml_document exportable_instance(const FormDefinition& form, const Record& record) {
    pugi::xml_document copy;
    copy.append_copy(record.instance());
    const EvaluationContext bound(form, {record.meta.status, {}, {}});
    std::vector<pugi::xml_node> irrelevant;
    InstanceWalker(form, copy.document_element()).visit([&](const Node&, pugi::xml_node element, const std::string&, bool relevant) {
        if (!relevant) irrelevant.push_back(element);
    });
    for (auto element : irrelevant) element.parent().remove_child(element);
    // Data kept for a part the council has switched off is not theirs to send.
    std::function<void(const std::vector<Node>&, pugi::xml_node)> remove_disabled = [&](const std::vector<Node>& items,
                                                                                        pugi::xml_node parent) {
        for (const auto& item : items) {
            if (item.kind == NodeKind::section) {
                if (!form.exported(item)) {
                    for_each_element(item.children, [&](const Node& child) { parent.remove_child(child.id.c_str()); });
                } else {
                    remove_disabled(item.children, parent);
                }
            } else if (item.is_element()) {
                if (!form.exported(item))
                    parent.remove_child(item.id.c_str());
                else if (item.kind == NodeKind::group)
                    remove_disabled(item.children, parent.child(item.id.c_str()));
            }
        }
    };
    remove_disabled(form.items, copy.document_element());
    return copy;
}

}  // namespace formwork::forms
