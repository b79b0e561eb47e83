// The round trip's part of formwork_bench (issue 29): a workbook of N changed records coming
// back (plan_workbook_import + apply_workbook_import) against the same N changed records
// imported as record files (RecordStore::import), each into a fresh copy of the same SQLite
// store. The figure: at 10,000 records the workbook takes no more than 2x the record
// files. See docs/performance.md.
#pragma once

namespace formwork::bench {

// Prints its rows under a table of its own. quick: 1,000 records, else 10,000. Loads the
// shipped plugins beside the program (the questions plugin's motion form) and works in a
// temporary folder it removes; throws std::runtime_error when the round trip cannot be
// exercised or an import does not come out as planned (every record updated, none refused
// or in conflict). Timings are never judged.
void run_round_trip_bench(bool quick);

}  // namespace formwork::bench
