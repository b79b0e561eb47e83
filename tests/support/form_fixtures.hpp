// Loading the test forms, and small conveniences for tests about definitions and records.
#pragma once

#include <formwork/model/definition_loader.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/model/values.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace formwork::test {

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::string fixture_form_path(const std::string& name) {
    return std::string(FORMWORK_TEST_FORMS_DIR) + "/" + name + ".form.xml";
}

// The "everything" form, loaded as the engine loads any definition; fails the test if
// it does not load cleanly.
inline forms::FormDefinitionPtr everything_form(const forms::CouncilProfile* profile = nullptr) {
    auto load = forms::load_form_definition_file(fixture_form_path("everything"), profile);
    if (!load.form) {
        std::string all;
        for (const auto& d : load.diagnostics) all += d.format() + "\n";
        throw std::runtime_error("the everything form did not load:\n" + all);
    }
    return load.form;
}

// A record of the everything form, titled `title`, with every value a complete record
// needs (so it may be marked complete), made by "clerk".
inline forms::Record complete_everything_record(const forms::FormDefinition& form, const std::string& title) {
    auto record = forms::new_record(form, "clerk", "2023-10-09T09:00:00Z");
    for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
             {"title", title}, {"author/name", "Rachael Sugars"}, {"activity", "new-policy"},
             {"people", "10"}, {"actions/row[1]/action", "Act"}})
        if (const auto refused = forms::set_value(form, record, path, value))
            throw std::runtime_error("the everything form refused " + path + " = " + value + ": " + refused->format());
    return record;
}

inline std::string record_text(const forms::Record& record) {
    forms::StringWriter writer;
    forms::write_record(record, writer);
    return writer.text;
}

// Whether any diagnostic is at `path` and its message contains `words`.
inline bool has_diagnostic(const forms::Diagnostics& diagnostics, const std::string& path, const std::string& words,
                           forms::Severity severity = forms::Severity::error) {
    for (const auto& d : diagnostics)
        if (d.path == path && d.message.find(words) != std::string::npos && d.severity == severity) return true;
    return false;
}

inline std::string describe(const forms::Diagnostics& diagnostics) {
    std::string all;
    for (const auto& d : diagnostics) all += d.format() + "\n";
    return all;
}

}  // namespace formwork::test
