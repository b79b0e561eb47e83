// VACUUM FULL after an erasure, and the sessions that would keep an erased value on disk
// through it. VACUUM removes a dead row only when no snapshot in the database can still see
// it: a session that began a transaction before the erasure committed (a long report, an
// idle-in-transaction client, an ANALYZE) makes VACUUM FULL copy the erased row into the
// rewritten table. So the vacuum first waits, for a while, for those sessions to finish, and
// names any that did not.
#pragma once

#include "pg_connection.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace formwork::forms::pg {

// The current transaction's id (assigning one if it has none yet), as the 32-bit xid that
// pg_stat_activity shows: a later vacuum waits for every snapshot that could see the rows
// this transaction deleted. Outside a transaction, a statement's own transaction, younger
// than every row already deleted (formwork-cli vacuum-db, with no erasure of its own).
std::string current_transaction_id(Connection& connection, const std::string& doing);

struct VacuumOutcome {
    bool owner = false;  // false: this user may not VACUUM FULL the tables, and nothing ran
    // Each session that still held a snapshot as old as the erasure when the wait ran out, as
    // "process 1234 (user clerk, psql, in a transaction since 2026-12-06 10:02:11)"; for the
    // owner, the VACUUM ran exactly when this is empty.
    std::vector<std::string> held_back_by;
};

// Waits up to `wait` for the sessions that could still see rows deleted by transaction
// `erased_by` to finish, then runs VACUUM FULL (and ANALYZE) of the records and the audit log
// if this user owns them. When some have not finished, it does not run, and names them.
// Throws StoreError when the VACUUM fails, for one when another transaction holds a lock on
// the tables for more than ten seconds.
VacuumOutcome vacuum_erased_rows(Connection& connection, const std::string& erased_by, std::chrono::milliseconds wait,
                                 const std::string& doing);

// What a note says about `held_back_by`, naming formwork-cli vacuum-db as the next step.
std::string held_back_note(const std::vector<std::string>& held_back_by);

}  // namespace formwork::forms::pg
