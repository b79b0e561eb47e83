#include "pg_connection.hpp"

#include <formwork/store/postgres_store.hpp>

#include <charconv>
#include <string_view>
#include <utility>
#include <map>

namespace formwork::forms {

namespace {

// host, port, dbname, user and service from a connection string; nothing else.
std::string describe(const std::map<std::string, std::string>& parts) {
    const auto get = [&](const char* key) {
        const auto found = parts.find(key);
        return found == parts.end() ? std::string() : found->second;
    };
    const auto host = get("host").empty() ? get("hostaddr") : get("host");
    const auto port = get("port"), dbname = get("dbname"), user = get("user"), service = get("service");
    const bool plain_host = host.find_first_of("/,") == std::string::npos;
    std::string text;
    if (plain_host && service.empty()) {
        text = "postgresql://";
        if (!user.empty()) text += user + "@";
        text += host;
        if (!port.empty()) text += ":" + port;
        text += "/" + dbname;
        return text;
    }
    for (const auto& [key, value] : {std::pair{"service", service}, {"host", host}, {"port", port}, {"dbname", dbname},
                                     {"user", user}}) {
        if (value.empty()) continue;
        if (!text.empty()) text += ' ';
        text += std::string(key) + "=" + value;
    }
    return text.empty() ? "(the default PostgreSQL database)" : text;
}

}  // namespace

std::string redact_connection_string(const std::string& connection) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(connection.c_str(), &error);
    // libpq's message may quote the string: it is never shown.
    if (error != nullptr) PQfreemem(error);
    if (options == nullptr) return "(an unreadable PostgreSQL connection string)";
    std::map<std::string, std::string> parts;
    for (auto* option = options; option->keyword != nullptr; ++option)
        if (option->val != nullptr && *option->val != '\0') parts[option->keyword] = option->val;
    PQconninfoFree(options);
    return describe(parts);
}

std::string connection_string_for_database(const std::string& connection, const std::string& database) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(connection.c_str(), &error);
    if (error != nullptr) PQfreemem(error);
    if (options == nullptr) throw StoreError("libpq cannot read the connection string " + redact_connection_string(connection));
    // A value in single quotes, with its quotes and backslashes escaped, as libpq reads it.
    const auto quoted = [](const std::string& value) {
        std::string out = "'";
        for (const char c : value) {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        return out + "'";
    };
    std::string text;
    for (auto* option = options; option->keyword != nullptr; ++option) {
        const std::string keyword = option->keyword;
        if (keyword == "dbname" || option->val == nullptr || *option->val == '\0') continue;
        text += keyword + "=" + quoted(option->val) + " ";
    }
    PQconninfoFree(options);
    return text + "dbname=" + quoted(database);
}

bool connection_string_has_password(const std::string& connection) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(connection.c_str(), &error);
    if (error != nullptr) PQfreemem(error);
    if (options == nullptr) return true;
    bool found = false;
    for (auto* option = options; option->keyword != nullptr; ++option)
        if (std::string_view(option->keyword) == "password" && option->val != nullptr && *option->val != '\0') found = true;
    PQconninfoFree(options);
    return found;
}

}  // namespace formwork::forms

namespace formwork::forms::pg {

std::int64_t Result::integer(int row, int column) const {
    const auto text = view(row, column);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        throw StoreError("the database server gave \"" + std::string(text) + "\" where a number was expected");
    return value;
}

namespace {

void ignore_notice(void*, const char*) {}

// A connection's setting as libpq used it (given, from the environment, or its default).
std::string setting_in_use(PGconn* connection, std::string_view keyword) {
    std::string value;
    PQconninfoOption* options = PQconninfo(connection);
    if (options == nullptr) return value;
    for (auto* option = options; option->keyword != nullptr; ++option)
        if (keyword == option->keyword && option->val != nullptr) value = option->val;
    PQconninfoFree(options);
    return value;
}

std::string first_line(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace

Connection::Connection(std::string conninfo) : conninfo_(std::move(conninfo)), where_(redact_connection_string(conninfo_)) {
    connect();
}

void Connection::connect() {
    in_transaction_ = false;
    if (!connection_) {
        connection_.reset(PQconnectdb(conninfo_.c_str()));
        if (!connection_) throw StoreError("could not connect to the database server " + where_ + ": out of memory");
    } else {
        PQreset(connection_.get());
        missed_ = listening_;
    }
    if (PQstatus(connection_.get()) != CONNECTION_OK) {
        const auto error = first_line(PQerrorMessage(connection_.get()));
        const auto sslmode = setting_in_use(connection_.get(), "sslmode");
        const bool tls_required = sslmode == "require" || sslmode == "verify-ca" || sslmode == "verify-full";
        // libpq's words for a TLS failure: "SSL error: certificate verify failed", "server
        // certificate for ... does not match host name", "server does not support SSL", "root
        // certificate file ... does not exist".
        const bool tls_failed = error.find("SSL") != std::string::npos || error.find("certificate") != std::string::npos;
        if (tls_required && tls_failed)
            throw StoreError("could not make a TLS connection (sslmode=" + sslmode + ") to the database server " + where_ +
                             ": " + error +
                             ". Check that the server has ssl = on, that sslrootcert names the certificate authority "
                             "that signed the server's certificate, and that the host name is one the certificate "
                             "names; nothing was read or changed");
        // pg_hba.conf with hostssl lines only refuses a connection without TLS this way.
        if (error.find("no encryption") != std::string::npos)
            throw StoreError("the database server " + where_ + " accepts only TLS connections, and this one was not "
                             "encrypted (" + error + "). Add sslmode=verify-full and sslrootcert=FILE (the certificate "
                             "authority that signed the server's certificate) to the connection string; nothing was "
                             "read or changed");
        throw StoreError("could not connect to the database server " + where_ + ": " + error +
                         ". Check that the server is running and that the connection string, service file or "
                         "PGPASSFILE is right; nothing was read or changed");
    }
    PQsetNoticeProcessor(connection_.get(), ignore_notice, nullptr);
    if (PQsetClientEncoding(connection_.get(), "UTF8") != 0)
        throw StoreError("the database server " + where_ + " does not accept UTF-8 text");
    // Where we really are, defaults filled in (still without a password).
    std::map<std::string, std::string> parts;
    const auto keep = [&](const char* key, const char* value) {
        if (value != nullptr && *value != '\0') parts[key] = value;
    };
    keep("host", PQhost(connection_.get()));
    keep("port", PQport(connection_.get()));
    keep("dbname", PQdb(connection_.get()));
    keep("user", PQuser(connection_.get()));
    where_ = describe(parts);
    if (listening_) exec(std::string("LISTEN ") + change_channel, {}, "listening for colleagues' saves");
}

void Connection::listen() {
    if (listening_) return;
    exec(std::string("LISTEN ") + change_channel, {}, "listening for colleagues' saves");
    listening_ = true;
}

bool Connection::heard_others() {
    if (PQstatus(connection_.get()) != CONNECTION_OK || PQconsumeInput(connection_.get()) == 0) {
        connect();  // throws while the server is still away
        missed_ = false;
        return true;
    }
    bool heard = std::exchange(missed_, false);
    const int own = PQbackendPID(connection_.get());
    while (PGnotify* notice = PQnotifies(connection_.get())) {
        if (notice->be_pid != own) heard = true;
        PQfreemem(notice);
    }
    return heard;
}

Result Connection::exec(const char* sql, const Params& params, const std::string& doing) {
    const auto& what = doing.empty() ? doing_ : doing;
    if (PQstatus(connection_.get()) != CONNECTION_OK) {
        if (in_transaction_) fail(nullptr, what);
        connect();
    }
    std::vector<const char*> values;
    values.reserve(params.values().size());
    for (const auto& value : params.values()) values.push_back(value.c_str());
    const auto run = [&] {
        return PQexecParams(connection_.get(), sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                            nullptr, 0);
    };
    PGresult* result = run();
    auto status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
    if ((status == PGRES_FATAL_ERROR) && !in_transaction_ && PQstatus(connection_.get()) == CONNECTION_BAD) {
        // Lost while idle (the server restarted, or dropped us): reconnect and try once more.
        PQclear(result);
        connect();
        result = run();
        status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
    }
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, what);
    return Result(result);
}

void Connection::exec_script(const char* sql, const std::string& doing) {
    if (PQstatus(connection_.get()) != CONNECTION_OK) fail(nullptr, doing);
    PGresult* result = PQexec(connection_.get(), sql);
    const auto status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, doing);
    PQclear(result);
}

void Connection::fail(PGresult* raw, const std::string& doing) {
    Result owned(raw);
    const bool lost = PQstatus(connection_.get()) == CONNECTION_BAD;
    const char* state = raw == nullptr ? nullptr : PQresultErrorField(raw, PG_DIAG_SQLSTATE);
    const std::string sqlstate = state == nullptr ? "" : state;
    const char* primary = raw == nullptr ? nullptr : PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY);
    const std::string message = first_line(primary != nullptr ? primary : PQerrorMessage(connection_.get()));
    const bool was_in_transaction = in_transaction_;
    if (lost) {
        in_transaction_ = false;
        throw StoreError("the connection to the database server " + where_ + " was lost during " + doing + " (" +
                         message + "). " +
                         (was_in_transaction ? "The server rolls back what was unfinished, so nothing of it was written"
                                             : "Nothing was changed") +
                         "; try again, and Formwork will reconnect");
    }
    if (sqlstate == "40001" || sqlstate == "40P01")
        throw StoreError(doing + " collided with another save on the database server " + where_ + " (" + message +
                         ") and was rolled back; nothing was changed. Try again");
    if (sqlstate.rfind("57P", 0) == 0 || sqlstate.rfind("08", 0) == 0)
        throw StoreError("the database server " + where_ + " ended " + doing + " (" + message +
                         "); it was rolled back and nothing was changed. Try again");
    if (sqlstate == "53100")
        throw StoreError("the database server " + where_ + " has no disk space left: " + doing +
                         " was rolled back, and the records saved before are intact");
    if (sqlstate == "25006")
        throw StoreError("the database " + where_ + " is read-only for this connection, so " + doing +
                         " was not done; nothing was changed");
    if (sqlstate == "42501")
        throw StoreError("the database " + where_ + " does not allow this user to do " + doing + " (" + message +
                         "); nothing was changed");
    throw StoreError("the database server " + where_ + " refused " + doing + ": " + message +
                     (sqlstate.empty() ? "" : " (SQLSTATE " + sqlstate + ")") + "; nothing was changed");
}

Transaction::Transaction(Connection& connection, std::string doing, Kind kind)
    : connection_(connection), doing_(std::move(doing)), kind_(kind) {
    if (connection_.in_transaction())
        throw StoreError(doing_ + " cannot start while another piece of work on " + connection_.where() +
                         " is under way (a save from inside a scan?)");
    connection_.exec(kind != Kind::read_snapshot ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}, doing_);
    connection_.set_in_transaction(true);
    connection_.set_doing(doing_);
    if (kind == Kind::read_snapshot) return;
    try {
        connection_.exec("SELECT pg_advisory_xact_lock($1::integer, $2::integer)",
                         Params().add(std::int64_t{lock_space}).add(std::int64_t{kind == Kind::write ? lock_writes : lock_schema}),
                         doing_);
    } catch (const StoreError&) {
        abandon();  // the destructor does not run for a constructor that throws
        throw;
    }
}

Transaction::~Transaction() { abandon(); }

void Transaction::abandon() noexcept {
    if (open_ && connection_.in_transaction()) {
        try {
            connection_.exec("ROLLBACK", {}, doing_);
        } catch (const StoreError&) {
            // The connection is gone; the server rolled back on its own.
        } catch (...) {
        }
    }
    open_ = false;
    connection_.set_in_transaction(false);
    connection_.set_doing("reading the database");
}

void Transaction::commit() {
    // Listening windows hear of a write when, and only if, it commits.
    if (kind_ == Kind::write) connection_.exec(std::string("NOTIFY ") + change_channel, {}, doing_);
    connection_.exec("COMMIT", {}, doing_);
    open_ = false;
    connection_.set_in_transaction(false);
}

}  // namespace formwork::forms::pg
