#include <formwork/model/diagnostic.hpp>

#include <algorithm>

namespace formwork::forms {

const char* severity_name(Severity severity) noexcept { return severity == Severity::error ? "error" : "warning"; }

std::string Diagnostic::format() const {
    std::string text = file;
    if (line > 0) text += ":" + std::to_string(line) + (column > 0 ? ":" + std::to_string(column) : std::string());
    if (!path.empty()) text += (text.empty() ? "" : ":") + path;
    if (!text.empty()) text += ": ";
    return text + severity_name(severity) + ": " + message;
}

bool has_errors(const Diagnostics& diagnostics) noexcept {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace formwork::forms
