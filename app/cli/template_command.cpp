#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/model/record.hpp>

#include <ostream>

namespace formwork::cli {

int run_template_command(const Session& session, const std::string& form_id,
                         const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err) {
    const auto form = session.registry.latest(form_id);
    if (!form) {
        err << "formwork-cli template: no form '" << form_id << "'; `formwork-cli forms` lists them\n";
        return exit_failure;
    }
    const auto record = forms::new_record(*form, session.user, forms::utc_timestamp_now());
    return write_output(output, out, err, [&](pugi::xml_writer& writer) { forms::write_record(record, writer); });
}

}  // namespace formwork::cli
