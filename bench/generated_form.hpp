// The benchmark's generated form: a definition of many fields of mixed types in sections,
// with required, relevant, constraints and form-level rules, the values that make a
// valid record of it, and every XPath query it holds (for the raw pugixml baseline).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace formwork::bench {

enum class QueryKind { required, relevant, constraint, rule };

struct GeneratedQuery {
    QueryKind kind = QueryKind::rule;
    std::string field;  // the field whose element is the context; empty: the instance root
    std::string text;   // the XPath as the definition holds it
};

struct GeneratedValue {
    std::string path;
    std::string value;
};

struct GeneratedForm {
    std::string id;
    std::string xml;                       // the definition text
    std::vector<GeneratedValue> values;    // one per field; all valid, every rule holds
    std::vector<GeneratedQuery> queries;   // in definition order
    std::size_t fields = 0;
    std::size_t rules = 0;
};

// fields: a multiple of 6 (one of each type per six), sections: how many to spread them over,
// rules: at most fields / 6. form_id: the form's id; record_title: its record-title XPath, if any.
GeneratedForm generate_form(std::size_t fields, std::size_t sections, std::size_t rules,
                            const std::string& form_id = "bench-generated", const std::string& record_title = {});

std::size_t count_queries(const GeneratedForm& form, QueryKind kind);

}  // namespace formwork::bench
