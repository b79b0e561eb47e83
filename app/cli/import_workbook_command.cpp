// import --format workbook: a sheet-per-table workbook exported by Formwork, edited offline,
// coming back (docs/exports.md, "The round trip"). The engine plans (reads and compares, saving
// nothing) and applies; this prints the plan record by record and field by field, with every
// problem on its cell.
#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/exporters/exporter.hpp>
#include <formwork/exporters/workbook_import.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <ostream>
#include <string>
#include <vector>

namespace formwork::cli {

namespace {

using Plan = exporters::WorkbookImportPlan;
using RecordPlan = exporters::WorkbookRecordPlan;
using Outcome = RecordPlan::Outcome;

// How many characters of a value a change line shows.
constexpr std::size_t shown_characters = 60;

// A value on one line, quoted, cut after `shown_characters` characters (never inside one).
std::string quoted(const std::string& value) {
    std::string shown;
    std::size_t characters = 0;
    for (std::size_t at = 0; at < value.size(); ++at) {
        const auto byte = static_cast<unsigned char>(value[at]);
        const bool starts_character = (byte & 0xC0U) != 0x80U;
        if (starts_character && ++characters > shown_characters) {
            shown += "\u2026";
            break;
        }
        shown += value[at] == '\n' || value[at] == '\r' || value[at] == '\t' ? ' ' : value[at];
    }
    return "\"" + shown + "\"";
}

// Where a change is, as short as the record's line allows: "H5" on the record's own sheet,
// "'Impacts'!C7" on another; a whole row is "row 7" (or "'Impacts' row 7").
std::string cell_of(const exporters::WorkbookPlace& place, const std::string& record_sheet) {
    std::string sheet;
    if (!place.sheet.empty() && place.sheet != record_sheet) sheet = "'" + place.sheet + "'";
    if (place.row == 0) return sheet;
    if (place.column == 0) return (sheet.empty() ? "" : sheet + " ") + "row " + std::to_string(place.row);
    return (sheet.empty() ? "" : sheet + "!") + place.cell();
}

const char* counted(std::size_t count, const char* one, const char* many) { return count == 1 ? one : many; }

// What happened (or, on a dry run, would happen) to a record, on its line: where, what, the
// record and its title; then why it was not saved, when it was not.
void print_record(const RecordPlan& record, const std::string& workbook, bool dry_run, std::ostream& out) {
    out << record.row.describe() << ": ";
    const std::string& id = record.record_id;
    const std::string named = id.empty() ? "a new " + record.form_id + " record" : id;
    const std::string title = record.title.empty() ? std::string() : " \"" + record.title + "\"";
    switch (record.outcome) {
    case Outcome::added:
        if (dry_run || id.empty()) out << (dry_run ? "would add " : "added ") << named << title;
        else out << "added " << id << " (revision " << record.saved_revision << ")" << title;
        break;
    case Outcome::updated:
        out << (dry_run ? "would update " : "updated ") << id << " (revision " << record.exported_revision << " -> "
            << (record.saved_revision > 0 ? record.saved_revision : record.stored_revision + 1) << ")" << title;
        break;
    case Outcome::unchanged:
        out << "unchanged " << id << " (revision " << record.stored_revision << ")" << title;
        break;
    case Outcome::conflict:
        out << "conflict " << id << " (exported at revision " << record.exported_revision << ", now at revision "
            << record.stored_revision << ")" << title << ": changed in the database since the export; not saved";
        break;
    case Outcome::locked:
        out << "locked " << id << " (" << record.status << ")" << title
            << ": not saved; give --reopen REASON to reopen it and save the workbook's changes";
        break;
    case Outcome::refused:
        out << "refused " << named << title << ": not saved";
        break;
    }
    out << "\n";
    for (const auto& change : record.changes) {
        out << "  " << cell_of(change.place, record.row.sheet);
        // A row added or removed is said by its label ("Row added"); a cell by its values.
        if (change.place.column == 0) out << ": " << change.label;
        else out << " " << change.label << ": " << quoted(change.before) << " -> " << quoted(change.after);
        out << "\n";
    }
    for (const auto& problem : record.problems) out << "  " << problem.format(workbook) << "\n";
    out.flush();
}

// Unchanged records are counted, not listed, unless something is said of them.
bool worth_listing(const RecordPlan& record) {
    return record.outcome != Outcome::unchanged || !record.problems.empty();
}

bool refuses(Outcome outcome) {
    return outcome == Outcome::conflict || outcome == Outcome::locked || outcome == Outcome::refused;
}

void print_counts(const Plan& plan, const std::string& workbook, const std::string& database, bool dry_run,
                  std::ostream& err) {
    const auto conflicts = plan.count(Outcome::conflict);
    if (dry_run)
        err << "dry run of " << workbook << " into " << database << ": would add " << plan.count(Outcome::added)
            << ", would update " << plan.count(Outcome::updated) << ", ";
    else
        err << "import of " << workbook << " into " << database << ": " << plan.count(Outcome::added) << " added, "
            << plan.count(Outcome::updated) << " updated, ";
    err << plan.count(Outcome::unchanged) << " unchanged, " << conflicts << counted(conflicts, " conflict", " conflicts")
        << ", " << plan.count(Outcome::locked) << " locked, " << plan.count(Outcome::refused) << " refused";
    if (dry_run) err << "; nothing was saved";
    err << "\n";
}

}  // namespace

int run_import_workbook_command(const Session& session, forms::RecordStore& store, const std::filesystem::path& workbook,
                                bool dry_run, const std::string& reopen_reason, std::ostream& out, std::ostream& err) {
    const std::string named = workbook.string();
    const exporters::WorkbookImportOptions options{session.user, reopen_reason};
    exporters::SilentProgress quiet;
    Plan plan;
    try {
        plan = exporters::plan_workbook_import(workbook, session.registry, store, options, quiet);
    } catch (const std::exception& e) {
        err << "formwork-cli import: " << named << ": " << e.what() << "; nothing was saved\n";
        return exit_failure;
    }
    for (const auto& problem : plan.problems) out << problem.format(named) << "\n";
    if (plan.refused()) {
        out.flush();
        err << (dry_run ? "dry run of " : "import of ") << named << " into " << store.location()
            << ": the workbook was refused; nothing was saved\n";
        return exit_failure;
    }

    if (dry_run) {
        for (const auto& record : plan.records)
            if (worth_listing(record)) print_record(record, named, true, out);
        print_counts(plan, named, store.location(), true, err);
    } else {
        // What will not be saved is said before the saving starts; each saved record as soon as
        // its batch is committed, flushed, so that an import killed part-way has said exactly
        // what it saved, as a record file import does.
        std::vector<bool> said(plan.records.size(), false);
        for (std::size_t index = 0; index < plan.records.size(); ++index)
            if (refuses(plan.records[index].outcome)) {
                print_record(plan.records[index], named, false, out);
                said[index] = true;
            }
        auto saving = options;
        saving.decided = [&](const RecordPlan& record) {
            print_record(record, named, false, out);
            said[static_cast<std::size_t>(&record - plan.records.data())] = true;
        };
        std::string failure;
        if (plan.saves_anything()) {
            try {
                exporters::apply_workbook_import(plan, session.registry, store, saving, quiet);
            } catch (const std::exception& e) {
                failure = e.what();
            }
        }
        // Then what is said of records the workbook leaves as they are; none of a failed save's
        // records that it had not reached.
        for (std::size_t index = 0; index < plan.records.size(); ++index) {
            const auto& record = plan.records[index];
            if (said[index] || !worth_listing(record)) continue;
            if (record.outcome == Outcome::added || record.outcome == Outcome::updated) continue;
            print_record(record, named, false, out);
        }
        if (!failure.empty()) {
            err << "formwork-cli import: " << named << ": " << failure
                << "; the records listed as added or updated above were saved, and no others\n";
            return exit_failure;
        }
        print_counts(plan, named, store.location(), false, err);
    }
    const bool refused_any = plan.count(Outcome::conflict) + plan.count(Outcome::locked) + plan.count(Outcome::refused) > 0;
    return refused_any ? exit_failure : exit_ok;
}

}  // namespace formwork::cli
