#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/model/xsd.hpp>

#include <ostream>

namespace formwork::cli {

int run_schema_command(const Session& session, const std::optional<std::string>& form_id, bool submission,
                       const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err) {
    if (submission) {
        std::vector<forms::FormDefinitionPtr> all;
        for (const auto& entry : session.registry.forms()) all.push_back(entry.form);
        return write_output(output, out, err, [&](pugi::xml_writer& writer) { forms::write_submission_xsd(all, writer); });
    }
    const auto form = session.registry.latest(*form_id);
    if (!form) {
        err << "formwork-cli schema: no form '" << *form_id << "'; `formwork-cli forms` lists them\n";
        return exit_failure;
    }
    return write_output(output, out, err, [&](pugi::xml_writer& writer) { forms::write_form_xsd(*form, writer); });
}

}  // namespace formwork::cli
