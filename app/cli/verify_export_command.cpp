// formwork-cli verify-export FILE: whether FILE is a file this database's exports wrote, when
// and by whom, and whether it has changed since, from the export entries of the audit log
// (docs/store.md, "Exports in the audit log").
#include "verb.hpp"

#include <formwork/store/export_entry.hpp>
#include <formwork/store/record_store.hpp>

#include <CLI/CLI.hpp>

#include <ostream>

namespace formwork::cli {

namespace {

void describe(const forms::ExportEntry& entry, std::ostream& out) {
    const auto& facts = entry.facts;
    const auto records = facts.record_ids.size();
    out << "  audit entry #" << entry.sequence << ": " << facts.format << " export of " << records
        << (records == 1 ? " record" : " records") << " by " << entry.by << " on " << entry.at << ", to " << facts.file
        << "\n  scope: " << facts.scope << "\n";
    if (facts.serial != 0) out << "  submission serial number " << facts.serial << ", audit head " << facts.audit_head << "\n";
}

}  // namespace

int run_verify_export_command(forms::RecordStore& store, const std::filesystem::path& file, std::ostream& out,
                              std::ostream& err) {
    forms::FileDigest digest;
    try {
        digest = forms::digest_file(file);
    } catch (const std::exception& e) {
        err << "formwork-cli verify-export: " << e.what() << "\n";
        return exit_usage;
    }
    const auto trail = store.verify_trail();
    if (!trail.intact) {
        err << "formwork-cli verify-export: the audit log of " << store.location() << " is broken at entry "
            << trail.first_broken.value_or(0) << " (" << trail.problem
            << "), so what it says of exports proves nothing; formwork-cli verify-trail says more\n";
        return exit_failure;
    }
    const auto exports = store.exports();
    bool found = false;
    for (const auto& entry : exports) {
        if (entry.facts.sha256 != digest.sha256) continue;
        if (!found) out << file.string() << " is a file Formwork exported from " << store.location() << ", unchanged since (SHA-256 " << digest.sha256 << "):\n";
        found = true;
        describe(entry, out);
    }
    if (found) return exit_ok;
    // Not as any export wrote it: an export to the same path, or of the same name, has been changed.
    std::error_code error;
    const auto absolute = std::filesystem::absolute(file, error).lexically_normal().string();
    const auto name = file.filename().string();
    bool named = false;
    for (const auto& entry : exports) {
        const std::filesystem::path written(entry.facts.file);
        if (written.lexically_normal().string() != absolute && written.filename().string() != name) continue;
        if (!named)
            out << file.string() << " has changed since Formwork exported it, or is another file of the same name: its "
                << "SHA-256 is " << digest.sha256 << " (" << digest.bytes << " bytes), and no export from "
                << store.location() << " wrote those bytes. Exports to that name:\n";
        named = true;
        describe(entry, out);
        out << "  as written: SHA-256 " << entry.facts.sha256 << " (" << entry.facts.bytes << " bytes)\n";
    }
    if (!named)
        out << file.string() << " was not exported from " << store.location() << ": none of its " << exports.size()
            << (exports.size() == 1 ? " export" : " exports") << " wrote a file with its SHA-256 (" << digest.sha256 << ")\n";
    return exit_failure;
}

Verb add_verify_export_verb(CLI::App& app) {
    auto file = std::make_shared<std::filesystem::path>();
    auto* command = app.add_subcommand("verify-export",
                                       "Say whether FILE is one this database exported, when and by whom, and "
                                       "whether it has changed since");
    command->add_option("FILE", *file, "A workbook or submission exported by Formwork")->required();
    return {command, with_store([file](Context& context, forms::RecordStore& store) {
                return run_verify_export_command(store, *file, context.out, context.err);
            })};
}

}  // namespace formwork::cli
