#include "vacuum.hpp"

#include <thread>

namespace formwork::forms::pg {

namespace {

// pg_current_xact_id() is 64 bits (epoch and xid); pg_stat_activity shows 32-bit xids.
constexpr const char* xid32 = "(pg_current_xact_id()::text::numeric % 4294967296)::text";

// The other sessions whose snapshot or running transaction is not younger than `erased_by`.
// A snapshot in this database keeps the rows; so does a transaction still running anywhere,
// since a snapshot taken here meanwhile would count it as running. age() compares xids across
// wraparound: the older one has the larger age.
std::vector<std::string> sessions_holding(Connection& connection, const std::string& erased_by, const std::string& doing) {
    const auto result = connection.exec(
        "SELECT pid, coalesce(usename, '(a server process)'), coalesce(nullif(application_name, ''), backend_type), "
        "coalesce(to_char(xact_start, 'YYYY-MM-DD HH24:MI:SS'), '') FROM pg_stat_activity "
        "WHERE pid <> pg_backend_pid() AND ("
        "  (backend_xmin IS NOT NULL AND (datname = current_database() OR datid IS NULL) "
        "   AND age(backend_xmin) >= age($1::xid)) "
        "  OR (backend_xid IS NOT NULL AND age(backend_xid) >= age($1::xid))) ORDER BY pid",
        Params().add(erased_by), doing);
    std::vector<std::string> sessions;
    for (int row = 0; row < result.rows(); ++row) {
        std::string session = "process " + result.text(row, 0) + " (user " + result.text(row, 1) + ", " +
                              result.text(row, 2);
        if (!result.view(row, 3).empty()) session += ", in a transaction since " + result.text(row, 3);
        sessions.push_back(session + ")");
    }
    return sessions;
}

}  // namespace

std::string current_transaction_id(Connection& connection, const std::string& doing) {
    return connection.exec(std::string("SELECT ") + xid32, {}, doing).text(0, 0);
}

VacuumOutcome vacuum_erased_rows(Connection& connection, const std::string& erased_by, std::chrono::milliseconds wait,
                                 const std::string& doing) {
    VacuumOutcome outcome;
    const auto owner =
        connection.exec("SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = 'records'::regclass", {}, doing);
    if (owner.view(0, 0) != "t") return outcome;
    outcome.owner = true;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        outcome.held_back_by = sessions_holding(connection, erased_by, doing);
        if (outcome.held_back_by.empty()) break;
        // Such a session's transaction has usually read the records too, and holds a lock that
        // VACUUM FULL would queue behind, blocking every reader and writer after it. The rewrite
        // would keep the rows it can see anyway: the vacuum waits for a later run.
        if (std::chrono::steady_clock::now() >= deadline) return outcome;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // A later transaction may hold a lock on the tables too (one left idle in a transaction):
    // VACUUM FULL gives up rather than wait for it without end.
    connection.exec("SET lock_timeout = '10s'", {}, doing);
    try {
        connection.exec("VACUUM (FULL, ANALYZE) records, audit", {}, doing);
    } catch (const StoreError&) {
        connection.exec("RESET lock_timeout", {}, doing);
        throw;
    }
    connection.exec("RESET lock_timeout", {}, doing);
    return outcome;
}

std::string held_back_note(const std::vector<std::string>& held_back_by) {
    std::string note = "VACUUM FULL did not run, since the rewrite would have kept the erased values: ";
    for (std::size_t i = 0; i < held_back_by.size(); ++i) note += (i ? "; " : "") + held_back_by[i];
    note += held_back_by.size() == 1 ? " held a snapshot from before the erasure. When it has ended,"
                                     : " held snapshots from before the erasure. When they have ended,";
    note += " the owner of the tables runs formwork-cli vacuum-db again "
            "(docs/store.md, \"Erasure\")";
    return note;
}

}  // namespace formwork::forms::pg
