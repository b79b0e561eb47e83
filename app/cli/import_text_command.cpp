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

namespace {

// Saves what a text gave, record by record (SDK 1.9): new records made, stored ones given a new
// revision whose audit entry names the file and what changed. A locked record is refused,
// naming it, unless the person gave --reopen REASON; the others go on. Returns how many of the
// text's records were refused.
std::size_t save_batch(const Session& session, forms::RecordStore& store, const std::filesystem::path& file,
                       forms::BatchImport& read, const std::string& reopen_reason, std::ostream& out, std::ostream& err) {
    std::size_t refused = 0;
    // "ID (revision N)", then what the plugin calls it: the id stays where scripts read it.
    const auto named = [](const forms::BatchRecord& item, const forms::Record& record) {
        return record.meta.id + " (revision " + std::to_string(record.meta.revision) + ")" +
               (item.label.empty() ? "" : ": " + item.label);
    };
    for (auto& item : read.records) {
        for (const auto& diagnostic : item.diagnostics) out << diagnostic.format() << "\n";
        if (!item.record || forms::has_errors(item.diagnostics)) {
            ++refused;
            continue;
        }
        auto& record = *item.record;
        forms::SaveNote note;
        note.imported_from = file.string();
        try {
            if (item.updates.empty()) {
                store.create(*item.form, record, session.user, note);
                out << file.string() << ": added " << named(item, record) << "\n";
                continue;
            }
            note.reopen_reason = reopen_reason;
            const auto before = record.meta.revision;
            store.update(*item.form, record, before, session.user, note);
            out << file.string() << (record.meta.revision == before ? ": unchanged " : ": updated ") << named(item, record)
                << "\n";
        } catch (const forms::LockedError& locked) {
            ++refused;
            err << "formwork-cli import: " << file.string() << ": " << (item.label.empty() ? "" : item.label + ": ")
                << locked.what() << "; it was not changed\n";
        } catch (const forms::WithdrawnError& withdrawn) {
            ++refused;
            err << "formwork-cli import: " << file.string() << ": " << (item.label.empty() ? "" : item.label + ": ")
                << withdrawn.what() << "; it was not changed\n";
        }
    }
    return refused;
}

}  // namespace

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
        if (!target) {
            auto batch = forms::import_batch(session.registry, format, std::move(*text), file.string(), session.user, now,
                                             {into.options, &store.query()},
                                             [&store](const std::string& id) { return store.load(id); });
            for (const auto& diagnostic : batch.diagnostics) out << diagnostic.format() << "\n";
            if (forms::has_errors(batch.diagnostics) || batch.records.empty()) {
                ++refused;
                continue;
            }
            const auto records_refused = save_batch(session, store, file, batch, into.reopen_reason, out, err);
            if (records_refused > 0) {
                ++refused;
                err << "formwork-cli import: " << file.string() << ": " << records_refused << " of " << batch.records.size()
                    << (batch.records.size() == 1 ? " record" : " records") << " refused; the others were saved\n";
            }
            continue;
        }
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
