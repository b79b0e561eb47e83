#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/store/copy_store.hpp>
#include <formwork/store/open_store.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/record_store.hpp>

#include <algorithm>
#include <filesystem>
#include <ostream>

namespace formwork::cli {

namespace {

const char* outcome_name(forms::ImportItem::Outcome outcome) {
    switch (outcome) {
    case forms::ImportItem::Outcome::added: return "added";
    case forms::ImportItem::Outcome::updated: return "updated";
    case forms::ImportItem::Outcome::unchanged: return "unchanged";
    case forms::ImportItem::Outcome::refused: return "refused";
    }
    return "?";
}

std::string fit(const std::string& text, std::size_t width) {
    if (text.size() <= width) return text + std::string(width - text.size(), ' ');
    return text.substr(0, width - 1) + "~";
}

}  // namespace

int run_import_command(const Session& session, forms::RecordStore& store, const std::vector<std::filesystem::path>& files,
                       bool samples, std::ostream& out, std::ostream& err) {
    std::vector<std::pair<std::string, std::string>> inputs;
    if (samples)
        for (const auto& sample : session.registry.samples())
            inputs.emplace_back(sample.plugin_id + "/" + sample.name, sample.text);
    for (const auto& file : files) {
        auto text = read_input_file(file);
        if (!text) {
            err << "formwork-cli import: cannot read " << file.string() << "\n";
            return exit_failure;
        }
        inputs.emplace_back(file.string(), std::move(*text));
    }
    const auto items = store.import(session.registry, inputs, session.user);
    std::size_t counts[4] = {0, 0, 0, 0};
    for (const auto& item : items) {
        ++counts[static_cast<int>(item.outcome)];
        if (item.outcome == forms::ImportItem::Outcome::refused) {
            for (const auto& diagnostic : item.diagnostics) out << diagnostic.format() << "\n";
        } else {
            out << item.source << ": " << outcome_name(item.outcome) << " " << item.record_id << " (revision "
                << item.revision << ")\n";
        }
    }
    err << "import into " << store.location() << ": " << counts[0] << " added, " << counts[1] << " updated, "
        << counts[2] << " unchanged, " << counts[3] << " refused\n";
    return counts[3] > 0 ? exit_failure : exit_ok;
}

int run_list_command(forms::RecordStore& store, const forms::ListQuery& query, std::ostream& out) {
    const auto page = store.list(query);
    out << fit("ID", 36) << "  " << fit("FORM", 18) << "  " << fit("STATUS", 10) << "  REV  " << fit("MODIFIED", 20)
        << "  " << fit("BY", 14) << "  TITLE\n";
    for (const auto& row : page.rows)
        out << row.id << "  " << fit(row.form_id, 18) << "  " << fit(row.status, 10) << "  " << fit(std::to_string(row.revision), 3)
            << "  " << fit(row.modified_at, 20) << "  " << fit(row.modified_by, 14) << "  " << row.title << "\n";
    const auto first = page.rows.empty() ? 0 : query.offset + 1;
    out << "Records " << first << "-" << query.offset + page.rows.size() << " of " << (page.total_exact ? "" : "more than ")
        << page.total << "\n";
    return exit_ok;
}

int run_show_command(forms::RecordStore& store, const std::string& id, const std::optional<std::filesystem::path>& output,
                     std::ostream& out, std::ostream& err) {
    const auto record = store.load(id);
    if (!record) {
        err << "formwork-cli show: no record " << id << " in " << store.location() << "\n";
        return exit_failure;
    }
    return write_output(output, out, err, [&](pugi::xml_writer& writer) { forms::write_record(*record, writer); });
}

int run_history_command(forms::RecordStore& store, const std::string& id, std::ostream& out, std::ostream& err) {
    const auto entries = store.history(id);
    if (entries.empty()) {
        err << "formwork-cli history: no record " << id << " in " << store.location() << "\n";
        return exit_failure;
    }
    for (const auto& entry : entries) {
        out << "#" << entry.sequence << "  " << entry.at << "  " << entry.by << "  " << entry.action << "  revision "
            << entry.revision << "  " << entry.digest.substr(0, 16) << "\n";
        for (const auto& change : entry.changes) {
            const auto show = [](const std::string& value) {
                std::string one_line = value.size() > 60 ? value.substr(0, 57) + "..." : value;
                std::replace(one_line.begin(), one_line.end(), '\n', ' ');
                return "\"" + one_line + "\"";
            };
            out << "    " << change.path << ": " << show(change.old_value) << " -> " << show(change.new_value) << "\n";
        }
    }
    return exit_ok;
}

int run_set_status_command(const Session& session, forms::RecordStore& store, const std::string& id,
                           const std::string& status, long revision, std::ostream& out, std::ostream& err) {
    const auto record = store.load(id);
    if (!record) {
        err << "formwork-cli set-status: no record " << id << " in " << store.location() << "\n";
        return exit_failure;
    }
    const auto form = session.registry.find(record->meta.form_id, record->meta.form_version);
    if (!form) {
        err << "formwork-cli set-status: record " << id << " is a " << record->meta.form_id << " v"
            << record->meta.form_version << ", a form this program does not have; is its plugin loaded?\n";
        return exit_failure;
    }
    const auto result = store.set_status(*form, id, status, revision, session.user);
    for (auto diagnostic : result.diagnostics) {
        diagnostic.file = id;
        err << diagnostic.format() << "\n";
    }
    if (!result.changed) return exit_failure;
    const auto now = store.load(id);
    out << id << ": " << record->meta.status << " -> " << status << " (revision " << now->meta.revision << ")\n";
    return exit_ok;
}

int run_verify_trail_command(forms::RecordStore& store, std::ostream& out, std::ostream& err) {
    const auto check = store.verify_trail();
    if (!check.intact) {
        err << "formwork-cli verify-trail: the audit log of " << store.location() << " is broken at entry "
            << *check.first_broken << ": " << check.problem << "\n";
        out << "entries checked: " << check.entries << "\nbroken at: " << *check.first_broken << "\n";
        return exit_failure;
    }
    out << "The audit log is intact: " << check.entries << (check.entries == 1 ? " entry" : " entries")
        << "\nhead digest: " << check.head_digest << "\n";
    return exit_ok;
}

int run_copy_db_command(const std::string& from, const std::string& to, std::ostream& out, std::ostream& err) {
    if (forms::is_postgres_location(from)) {
        err << "formwork-cli copy-db: --from takes a local database file, not a server\n";
        return exit_usage;
    }
    if (!std::filesystem::is_regular_file(from)) {
        err << "formwork-cli copy-db: there is no database file " << from << "\n";
        return exit_usage;
    }
    if (!forms::is_postgres_location(to)) {
        err << "formwork-cli copy-db: --to takes a PostgreSQL database (postgresql://host/dbname, or service=NAME)\n";
        return exit_usage;
    }
    const auto source = forms::open_store(from);
    const auto target = forms::open_store(to);
    const auto report = forms::copy_store(*source, *target);
    out << "Copied " << from << " to " << target->location() << ": " << report.records
        << (report.records == 1 ? " record, " : " records, ") << report.audit_entries
        << (report.audit_entries == 1 ? " audit entry, " : " audit entries, ") << report.counters
        << (report.counters == 1 ? " counter" : " counters") << "\nhead digest: " << report.head_digest << "\n";
    return exit_ok;
}

}  // namespace formwork::cli
