#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/host/text_import.hpp>

#include <ostream>

namespace formwork::cli {

int run_import_formats_command(const Session& session, std::ostream& out, std::ostream& err) {
    forms::Diagnostics problems;
    const auto formats = forms::text_formats(session.registry, problems);
    for (const auto& problem : problems) err << problem.format() << "\n";
    out << "Text formats: " << formats.size() << "\n";
    for (const auto& format : formats)
        out << "  " << format.format.id << "  (form " << format.form->id << ")  " << format.format.description << "\n";
    return problems.empty() ? exit_ok : exit_failure;
}

int run_import_text_command(const Session& session, forms::RecordStore& store, const std::string& format,
                            const std::vector<std::filesystem::path>& files, const ImportTarget& into, std::ostream& out,
                            std::ostream& err) {
    std::optional<forms::Record> target;
    if (!into.id.empty()) {
        target = store.load(into.id);
        if (!target) {
            err << "formwork-cli import: no record " << into.id << " in " << store.location() << "\n";
            return exit_failure;
        }
    }
    long base_revision = into.revision;
    if (target) {
        const auto form = session.registry.find(target->meta.form_id, target->meta.form_version);
        if (form && form->lifecycle.locks(target->meta.status)) {
            // A locked record takes a text only once reopened, with a reason.
            if (into.reopen_reason.empty()) {
                err << "formwork-cli import: " << forms::locked_record_message(*form, into.id, target->meta.status)
                    << "\n";
                return exit_failure;
            }
            const auto reopened =
                store.set_status(*form, into.id, form->lifecycle.initial(), into.revision, session.user, into.reopen_reason);
            for (auto diagnostic : reopened.diagnostics) {
                diagnostic.file = into.id;
                err << diagnostic.format() << "\n";
            }
            if (!reopened.changed) return exit_failure;
            target = store.load(into.id);
            base_revision = target->meta.revision;
            out << into.id << ": reopened (revision " << base_revision << ")\n";
        }
    }
    std::size_t refused = 0;
    for (const auto& file : files) {
        auto text = read_input_file(file);
        if (!text) {
            err << "formwork-cli import: cannot read " << file.string() << "\n";
            return exit_failure;
        }
        const auto now = forms::utc_timestamp_now();
        auto read = forms::import_text(session.registry, format, std::move(*text), file.string(), target, session.user, now,
                                       {into.options, &store.query()});
        for (const auto& diagnostic : read.diagnostics) out << diagnostic.format() << "\n";
        if (!read.record || forms::has_errors(read.diagnostics)) {
            ++refused;
            continue;
        }
        // Errors refuse the text; warnings (a role inferred, a date to enter) travel with the
        // record for the officer to settle in it.
        auto& record = *read.record;
        if (target) {
            store.update(*read.form, record, base_revision, session.user);
            base_revision = record.meta.revision;
            out << file.string() << ": updated " << record.meta.id << " (revision " << record.meta.revision << ")\n";
        } else {
            store.create(*read.form, record, session.user);
            out << file.string() << ": added " << record.meta.id << " (revision " << record.meta.revision << ")\n";
        }
    }
    err << "import of " << files.size() << (files.size() == 1 ? " text" : " texts") << " in format " << format << " into "
        << store.location() << ": " << files.size() - refused << " read, " << refused << " refused\n";
    return refused > 0 ? exit_failure : exit_ok;
}

}  // namespace formwork::cli
