// The record store's part of formwork_bench: importing many records into a real SQLite
// file (against raw SQLite inserting the same documents), listing, opening and saving a
// record, and verifying the audit trail. See docs/performance.md.
#pragma once

namespace formwork::bench {

// Prints its rows under the caller's table. quick: 5,000 records and fewer repetitions,
// else 100,000. Works in a temporary folder it removes; throws std::runtime_error when
// the store cannot be exercised (the exit status says so; timings are never judged).
void run_store_bench(bool quick);

}  // namespace formwork::bench
