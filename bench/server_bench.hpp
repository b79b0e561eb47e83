// The server store's part of formwork_bench (--server): the PostgreSQL backend against a
// real server, each figure beside the SQLite store's in the same run. See docs/performance.md.
//   1. Concurrent writers: N writer processes (fork; each opens its own connection) making
//      M saves each in a fresh database: throughput, per-save latency (p50, p95, max),
//      conflicts; then verify_trail(), whose entries must equal the successful saves.
//   2. Listing 100,000 records (2,000 with --quick) imported into a fresh database: the
//      first page by modified, a deep page by title, form + status, text of 4 and 2 letters.
#pragma once

#include <string>

namespace formwork::bench {

// `server`: a libpq connection string (postgresql://..., key=value pairs) or the path of a
// file holding one on its first line (scripts/pg_test_cluster.sh writes DIR/connection).
// The role must be allowed to CREATE DATABASE: each part works in a database of its own,
// dropped at the end. quick: 2 writers x 50 saves and 2,000 records, fewer repetitions.
// Returns false when a check failed (the trail does not verify, its entries are not the
// saves, the two stores disagree on a list); throws std::runtime_error when it cannot run,
// the server unreachable included. Timings are printed, never judged.
bool run_server_bench(const std::string& server, bool quick);

}  // namespace formwork::bench
