#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/forms/record.hpp>
#include <formwork/forms/validator.hpp>

#include <ostream>

namespace formwork::cli {

int run_validate_command(const Session& session, const std::vector<std::filesystem::path>& files,
                         const std::string& status, std::ostream& out, std::ostream& err) {
    std::size_t failed = 0;
    std::size_t warned = 0;
    for (const auto& file : files) {
        auto read = forms::read_record_file(file, session.registry);
        auto diagnostics = std::move(read.diagnostics);
        if (read.record) {
            if (!status.empty() && read.form->lifecycle.rank(status) < 0) {
                err << "formwork-cli validate: '" << status << "' is not a status of form '" << read.form->id << "'\n";
                return exit_usage;
            }
            // Calculated fields are checked as the editor would show them.
            auto record = *read.record;
            forms::recalculate(*read.form, record, {status, session.user, {}});
            auto found = forms::validate_record(*read.form, record, {status, session.user, {}});
            diagnostics.insert(diagnostics.end(), found.begin(), found.end());
        }
        for (auto& diagnostic : diagnostics) {
            if (diagnostic.file.empty()) diagnostic.file = file.string();
            out << diagnostic.format() << "\n";
        }
        if (forms::has_errors(diagnostics))
            ++failed;
        else if (!diagnostics.empty())
            ++warned;
    }
    err << files.size() << (files.size() == 1 ? " file" : " files") << " checked: " << failed << " with errors, "
        << warned << " with warnings only\n";
    return failed > 0 ? exit_failure : exit_ok;
}

}  // namespace formwork::cli
