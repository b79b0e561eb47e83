// A diagnostic: one problem found in a definition, a profile or a record, located as
// precisely as the engine can (file, line and column, or the field's path).
#pragma once

#include <string>
#include <vector>

namespace formwork::forms {

enum class Severity { error, warning };

const char* severity_name(Severity severity) noexcept;

struct Diagnostic {
    Severity severity = Severity::error;
    std::string file;     // the file it concerns, when there is one
    int line = 0;         // 1-based; 0 when the problem has no place in a text
    int column = 0;       // 1-based, in characters of the line
    std::string path;     // a field path in the instance, e.g. impacts/row[@key='age-0-18']/nature
    std::string message;  // what is wrong, for the person who must fix it
    std::string rule;     // the id of the rule that raised it, when a rule did

    // "FILE:LINE:COLUMN: error: message" or "FILE:PATH: warning: message".
    std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics) noexcept;

}  // namespace formwork::forms
