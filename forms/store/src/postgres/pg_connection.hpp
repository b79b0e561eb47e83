// RAII over libpq's C handles, at the edge: a connection that reconnects, results that are
// freed, parameterised statements only, and a transaction that rolls back unless
// committed. Every libpq failure becomes a StoreError that names the server in its
// redacted form (never a password) and says what happened to the data.
#pragma once

#include <formwork/store/record_store.hpp>

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms::pg {

struct ResultFree {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
struct ConnectionFinish {
    void operator()(PGconn* connection) const noexcept { PQfinish(connection); }
};

class Result {
public:
    Result() = default;
    explicit Result(PGresult* result) : result_(result) {}
    int rows() const noexcept { return result_ ? PQntuples(result_.get()) : 0; }
    bool empty() const noexcept { return rows() == 0; }
    std::string text(int row, int column) const { return std::string(view(row, column)); }
    std::string_view view(int row, int column) const noexcept {
        return {PQgetvalue(result_.get(), row, column), static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
    }
    std::int64_t integer(int row, int column) const;
    bool is_null(int row, int column) const noexcept { return PQgetisnull(result_.get(), row, column) != 0; }

private:
    std::unique_ptr<PGresult, ResultFree> result_;
};

// A statement's parameters, as text ($1, $2, ... in order).
class Params {
public:
    Params& add(std::string value) {
        values_.push_back(std::move(value));
        return *this;
    }
    Params& add(std::int64_t value) { return add(std::to_string(value)); }
    // "$n" for the value just added, for SQL built from optional parts.
    std::string next(std::string value) {
        add(std::move(value));
        return "$" + std::to_string(values_.size());
    }
    const std::vector<std::string>& values() const noexcept { return values_; }

private:
    std::vector<std::string> values_;
};

class Connection {
public:
    explicit Connection(std::string conninfo);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Where we are connected, for messages: host, port, database and user; no password.
    const std::string& where() const noexcept { return where_; }

    // Runs one parameterised statement. Outside a transaction, a connection found lost is
    // reopened and the statement run once more; inside one, the loss is reported (the
    // server rolls the transaction back) and the next statement reconnects.
    Result exec(const char* sql, const Params& params = {}, const std::string& doing = {});
    Result exec(const std::string& sql, const Params& params = {}, const std::string& doing = {}) {
        return exec(sql.c_str(), params, doing);
    }

    // Runs fixed SQL of several statements, with no values in it (the schema's scripts).
    void exec_script(const char* sql, const std::string& doing);

    // LISTENs for writers' commits (change_channel), now and after every reconnect.
    void listen();
    // Whether another connection has committed a write since the last call, without
    // waiting: the notices that arrived, less this connection's own. After a reconnect
    // (notices may have been missed meanwhile), true.
    bool heard_others();

    bool in_transaction() const noexcept { return in_transaction_; }
    void set_in_transaction(bool in) noexcept { in_transaction_ = in; }
    // The work in progress, for messages.
    const std::string& doing() const noexcept { return doing_; }
    void set_doing(std::string doing) { doing_ = std::move(doing); }

private:
    void connect();
    [[noreturn]] void fail(PGresult* result, const std::string& doing);
    std::string conninfo_;
    std::string where_;
    std::unique_ptr<PGconn, ConnectionFinish> connection_;
    bool in_transaction_ = false;
    bool listening_ = false;
    bool missed_ = false;  // reconnected while listening: notices may have been lost
    std::string doing_ = "reading the database";
};

// BEGIN, then for a writer the lock that serialises every writer of the database (so
// revision checks and the audit chain see each other's commits in order), for a schema
// change the lock that serialises those; rolls back on destruction unless commit() was
// called.
class Transaction {
public:
    enum class Kind { write, schema, read_snapshot };
    Transaction(Connection& connection, std::string doing, Kind kind = Kind::write);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    void abandon() noexcept;
    Connection& connection_;
    std::string doing_;
    Kind kind_;
    bool open_ = true;
};

// The channel a writer's commit notifies (with NOTIFY, delivered only if it commits) and
// an open window listens on.
inline constexpr const char* change_channel = "formwork_changes";

// The advisory lock keys (pg_advisory_xact_lock(int, int)): 'FWK1' and what it guards.
inline constexpr int lock_space = 0x46574B31;
inline constexpr int lock_writes = 1;
inline constexpr int lock_schema = 2;

}  // namespace formwork::forms::pg
