#include "generated_form.hpp"

#include <array>
#include <stdexcept>

namespace formwork::bench {

namespace {

enum class Type { text, integer, decimal, date, choice, boolean };
constexpr std::array<Type, 6> type_cycle{Type::text, Type::integer, Type::decimal, Type::date, Type::choice, Type::boolean};
constexpr std::array<const char*, 6> type_names{"text", "integer", "decimal", "date", "choice", "boolean"};
constexpr std::array<const char*, 5> decision_codes{"approve", "defer", "refer", "note", "reject"};
constexpr std::size_t types = type_cycle.size();

std::string field_id(std::size_t index) {  // 0-based index -> f001
    const std::string number = std::to_string(index + 1);
    // Appended, not "f" + std::string: GCC 12 at -O3 warns falsely (-Wrestrict) on that.
    std::string id(1, 'f');
    id.append(number.size() < 3 ? 3 - number.size() : 0, '0');
    return id.append(number);
}

// The id of the ordinal-th field of a type (fields cycle through the six types).
std::string id_of(Type type, std::size_t ordinal) {
    return field_id(ordinal * types + static_cast<std::size_t>(type));
}

std::string escape_attribute(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

bool boolean_value(std::size_t ordinal) { return ordinal % 2 == 0 || ordinal % 5 == 4; }

std::string value_of(Type type, std::size_t index, std::size_t ordinal) {
    switch (type) {
    case Type::text: return "Item " + std::to_string(index + 1) + " of the agenda";
    case Type::integer: return std::to_string(10 * (ordinal + 1));
    case Type::decimal: return std::to_string(ordinal + 1) + ".25";
    case Type::date: return std::to_string(2000 + ordinal) + "-03-15";
    case Type::choice: return decision_codes[ordinal % decision_codes.size()];
    case Type::boolean: return boolean_value(ordinal) ? "true" : "false";
    }
    return {};
}

}  // namespace

GeneratedForm generate_form(std::size_t fields, std::size_t sections, std::size_t rules, const std::string& form_id,
                            const std::string& record_title) {
    if (fields == 0 || fields % types != 0 || sections == 0 || (rules + 4) / 5 * 5 > fields / types)
        throw std::invalid_argument("generate_form: fields must be a multiple of 6 and rules at most fields / 6");
    GeneratedForm form;
    form.id = form_id;
    form.fields = fields;
    form.rules = rules;
    auto& xml = form.xml;
    xml.reserve(fields * 300 + rules * 200);
    xml += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml += "<form id=\"" + form.id + "\" version=\"1\" title=\"Generated benchmark form\"";
    if (!record_title.empty()) xml += " record-title=\"" + escape_attribute(record_title) + "\"";
    xml += ">\n";
    xml += "  <choices id=\"decision\">\n";
    for (const char* code : decision_codes) xml += "    <option code=\"" + std::string(code) + "\">Decision " + code + "</option>\n";
    xml += "  </choices>\n";

    const auto query = [&](QueryKind kind, const std::string& field, const std::string& text) {
        form.queries.push_back({kind, field, text});
        return escape_attribute(text);
    };
    const std::size_t per_section = (fields + sections - 1) / sections;
    for (std::size_t i = 0; i < fields; ++i) {
        if (i % per_section == 0) {
            if (i != 0) xml += "  </section>\n";
            xml += "  <section title=\"Section " + std::to_string(i / per_section + 1) + "\">\n";
        }
        const Type type = type_cycle[i % types];
        const std::size_t ordinal = i / types;
        const std::string id = field_id(i);
        xml += "    <field id=\"" + id + "\" type=\"" + type_names[i % types] + "\" label=\"Field " +
               std::to_string(i + 1) + "\"";
        if (type == Type::choice) xml += " list=\"decision\"";
        if (i % 3 == 0) xml += " required=\"" + query(QueryKind::required, id, "true()") + "\"";
        if (i % 7 == 6) xml += " relevant=\"" + query(QueryKind::relevant, id, "../" + field_id(i - 1) + " != ''") + "\"";
        std::string constraint;
        switch (type) {
        case Type::text:
            if (ordinal % 2 == 0)
                xml += " max-length=\"200\"";
            else
                constraint = "string-length(.) <= 200";
            break;
        case Type::integer: constraint = ". >= 0 and . <= 1000000"; break;
        case Type::decimal: constraint = "number(.) >= 0"; break;
        case Type::date: constraint = "number(translate(., '-', '')) >= 19000101"; break;
        case Type::choice: constraint = ". != 'reject' or ../" + id_of(Type::boolean, ordinal) + " = 'true'"; break;
        case Type::boolean: break;
        }
        if (!constraint.empty())
            xml += " constraint=\"" + query(QueryKind::constraint, id, constraint) +
                   "\" constraint-message=\"The value of field " + std::to_string(i + 1) + " is out of range.\"";
        xml += "/>\n";
        form.values.push_back({id, value_of(type, i, ordinal)});
    }
    xml += "  </section>\n";

    for (std::size_t j = 0; j < rules; ++j) {
        const std::size_t base = j / 5 * 5;
        std::string test, field, message;
        switch (j % 5) {
        case 0:  // a sum against another field
            test = "sum(" + id_of(Type::integer, base) + " | " + id_of(Type::integer, base + 1) + " | " +
                   id_of(Type::integer, base + 2) + ") <= " + id_of(Type::integer, base + 3) + " * 3";
            field = id_of(Type::integer, base + 3);
            message = "The three counts may not exceed three times this one.";
            break;
        case 1:  // dates compared as numbers
            test = "number(translate(" + id_of(Type::date, base) + ", '-', '')) <= number(translate(" +
                   id_of(Type::date, base + 4) + ", '-', ''))";
            field = id_of(Type::date, base + 4);
            message = "This date cannot be before the earlier one.";
            break;
        case 2:  // counts
            test = j / 5 % 2 == 0 ? std::string("count(*[. != '']) >= ") + std::to_string(fields * 5 / 6)
                                  : "count(" + id_of(Type::boolean, base) + "[. = 'true'] | " +
                                        id_of(Type::boolean, base + 1) + "[. = 'true'] | " +
                                        id_of(Type::boolean, base + 2) + "[. = 'true']) >= 1";
            field = id_of(Type::boolean, base);
            message = "Too few answers are given.";
            break;
        case 3:  // one field conditional on another
            test = id_of(Type::choice, base + 4) + " != 'reject' or " + id_of(Type::text, base + 4) + " != ''";
            field = id_of(Type::text, base + 4);
            message = "A rejection needs its reason.";
            break;
        default:  // decimal arithmetic
            test = id_of(Type::decimal, base) + " + " + id_of(Type::decimal, base + 1) + " >= " +
                   id_of(Type::decimal, base + 2);
            field = id_of(Type::decimal, base + 2);
            message = "The two amounts must cover the third.";
            break;
        }
        std::string rule_id(j + 1 < 10 ? "r0" : "r");
        rule_id += std::to_string(j + 1);
        xml += "  <rule id=\"" + rule_id + "\" field=\"" + field + "\" test=\"" +
               query(QueryKind::rule, {}, test) + "\">" + message + "</rule>\n";
    }
    xml += "</form>\n";
    return form;
}

std::size_t count_queries(const GeneratedForm& form, QueryKind kind) {
    std::size_t n = 0;
    for (const auto& q : form.queries) n += q.kind == kind ? 1 : 0;
    return n;
}

}  // namespace formwork::bench
