// A workbook filled in offline, coming back (docs/exports.md, "The round trip"). The
// sheet-per-table workbook that WorkbookExporter writes says, in its Fields sheet, which
// field each column of each sheet holds, and each record's row carries its id and the
// revision it was exported at. An officer changes cells, adds rows to a table's sheet and
// adds records as new rows; plan_workbook_import reads it all back through the guarded
// archive, checks every cell against its field (no formula, the field's type, a choice's label
// for the profile in use or its code) and every record against the store (a conflict when it
// changed since the export; locked records by DESIGN.md's rule), and says record by record
// and field by field what would change, saving nothing. apply_workbook_import then saves
// each changed record as a new revision, whose audit entry names the workbook.
#pragma once

#include <formwork/exporters/exporter.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/store/record_store.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace formwork::exporters {

// Where something is in the workbook: a sheet, and a cell of it (or a whole row, or nothing).
struct WorkbookPlace {
    std::string sheet;
    std::uint32_t row = 0;     // from 1, as the sheet shows it; 0: the whole sheet
    std::uint32_t column = 0;  // from 1; 0: the whole row
    std::string heading;       // the column's heading, when there is a column

    // "sheet 'EIA', cell H12 (Impact)", "sheet 'EIA', row 12", "sheet 'EIA'".
    std::string describe() const;
    // The cell's reference, "H12"; empty when the place is no cell.
    std::string cell() const;
};

// A problem, on its place: an error refuses the record it concerns (or, with no record, the
// workbook); a warning is said and the rest goes on.
struct WorkbookProblem {
    forms::Severity severity = forms::Severity::error;
    WorkbookPlace place;
    std::string path;     // the field's path, when a field is concerned
    std::string message;  // what is wrong and, where a value was wrong, what was expected

    // "FILE.xlsx: sheet 'EIA', cell H12 (Impact): error: message".
    std::string format(const std::string& workbook) const;
};

// One field that would change: where, and its value before and after (as the record file
// holds it: codes, ISO dates).
struct WorkbookFieldChange {
    std::string path;   // "impacts/row[2]/impact"; a table row added or removed is its row's path
    std::string label;  // the column's heading, or "Row added"/"Row removed"
    WorkbookPlace place;
    std::string before;
    std::string after;
};

struct WorkbookRecordPlan {
    enum class Outcome {
        added,      // a new record, from a new row
        updated,    // a stored record that changes
        unchanged,  // a stored record the workbook leaves as it is
        conflict,   // changed in the database since the export: reported, not saved
        locked,     // locked (DESIGN.md), and no reopen was given: refused, named
        refused     // a cell or the record is wrong (problems say which): not saved
    };
    Outcome outcome = Outcome::unchanged;
    std::string record_id;  // empty for a new record until it is saved
    std::string form_id;
    std::string title;       // as lists name it, after the changes
    WorkbookPlace row;       // its row on its form's records sheet
    long exported_revision = 0;  // the revision the workbook was exported at (0 for a new record)
    long stored_revision = 0;    // the database's, when planned
    long saved_revision = 0;     // after apply_workbook_import, when it was saved
    std::string status;          // the stored status (a locked record's says why)
    std::vector<WorkbookFieldChange> changes;
    std::vector<WorkbookProblem> problems;  // errors refuse it; warnings are validation findings
    // The record as it would be saved (a record file, docs/records.md), for apply_workbook_import.
    std::string record_file;
};

const char* outcome_name(WorkbookRecordPlan::Outcome outcome);

struct WorkbookImportPlan {
    std::filesystem::path workbook;
    std::vector<WorkbookRecordPlan> records;  // in the workbook's order, sheet by sheet
    // Problems of the workbook rather than of a record: a column that is no field of the form,
    // a sheet the Fields sheet names that is missing, a table's row whose Record id is on no
    // records sheet. An error on the workbook or a sheet (place.row 0) refuses the whole
    // workbook; an error on a row refuses that row, and the records go on.
    std::vector<WorkbookProblem> problems;

    std::size_t count(WorkbookRecordPlan::Outcome outcome) const;
    // Whether anything would be saved.
    bool saves_anything() const;
    // Whether the workbook as a whole was refused (nothing can be imported from it).
    bool refused() const;
};

struct WorkbookImportOptions {
    std::string user;
    // Reopen locked records that the workbook changes, with this reason (DESIGN.md, "Locked
    // records"); empty: each is refused and named.
    std::string reopen_reason;
    // apply_workbook_import: told of each record it tried to save once that is final (its batch
    // committed, or refused), in order, while later batches are still to come, as a record
    // file import tells: a caller that prints as it hears leaves a true account if it is killed.
    std::function<void(const WorkbookRecordPlan&)> decided{};
};

// Reads the workbook and compares it with the store; writes nothing. A file that is not a
// Formwork sheet-per-table workbook, or cannot be read, comes back refused(), its problem
// saying why. `progress` is the delegate exports take (the window's progress bar and Cancel):
// a cancel throws ExportError(cancelled).
WorkbookImportPlan plan_workbook_import(const std::filesystem::path& workbook, const forms::FormRegistry& forms,
                                        forms::RecordStore& store, const WorkbookImportOptions& options,
                                        sdk::ExportProgress& progress);

// Saves what `plan` says would change: new records, and changed ones as new revisions, in
// batches, the conflict and the lock checked again in each save's transaction (a record
// changed since planning becomes a conflict). Each saved record's audit entry names the
// workbook, its sheet and row (meta/imported-from). Updates each record's outcome and
// saved_revision. A cancel stops between batches of 1,000 records: those committed stay, and
// the records not reached keep their planned outcome with a problem saying so. A batch that
// cannot be committed throws StoreError (each of its records refused and told first); the
// batches before it stay saved.
void apply_workbook_import(WorkbookImportPlan& plan, const forms::FormRegistry& forms, forms::RecordStore& store,
                           const WorkbookImportOptions& options, sdk::ExportProgress& progress);

}  // namespace formwork::exporters
