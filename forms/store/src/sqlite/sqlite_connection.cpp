#include "sqlite_connection.hpp"

namespace formwork::forms::sqlite {

namespace {

// `real_path` as a file: URI for SQLite, every byte but the unreserved ones and `/`
// percent-encoded, so that a `?`, `#` or `%` in a folder's name stays part of the path.
std::string file_uri(const std::filesystem::path& real_path, const char* parameters) {
    static const char* const hex = "0123456789ABCDEF";
    std::string uri = "file://";
    for (const char c : real_path.string()) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') ||
            c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
            uri += c;
        } else {
            uri += '%';
            uri += hex[byte >> 4];
            uri += hex[byte & 0x0F];
        }
    }
    return uri + "?" + parameters;
}

}  // namespace

Connection::Connection(const std::string& path, int busy_timeout_ms, OpenMode mode, const std::filesystem::path& real_path)
    : path_(path), busy_timeout_ms_(busy_timeout_ms) {
    int code = SQLITE_OK;
    if (mode == OpenMode::immutable)
        code = sqlite3_open_v2(file_uri(real_path, "mode=ro&immutable=1").c_str(), &db_,
                               SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    else
        code = sqlite3_open_v2(path.c_str(), &db_,
                               mode == OpenMode::read_only
                                   ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                                   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                               nullptr);
    if (code != SQLITE_OK) {
        // The handle exists even on failure, and holds the message.
        const std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StoreError("cannot open the database " + path + ": " + detail +
                         " (does its folder exist, and may you write there?)");
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
}

Connection::~Connection() {
    statements_.clear();  // finalized before the connection closes
    sqlite3_close_v2(db_);
}

Statement& Connection::cached(const char* sql) {
    auto& statement = statements_[sql];
    if (!statement)
        statement = std::make_unique<Statement>(*this, sql);
    else
        statement->reset();
    return *statement;
}

bool Connection::read_only() const noexcept { return sqlite3_db_readonly(db_, "main") == 1; }

std::string Connection::read_only_words() const {
    return "is read-only (" + (read_only_reason_.empty() ? std::string("the file, or its folder, cannot be written")
                                                         : read_only_reason_) + ")";
}

void Connection::set_busy_timeout_ms(int milliseconds) {
    busy_timeout_ms_ = milliseconds;
    sqlite3_busy_timeout(db_, milliseconds);
}

void Connection::fail(int code, const std::string& doing) const {
    const std::string detail = sqlite3_errmsg(db_);
    switch (code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw StoreError("the database " + path_ + " is busy: another program has been writing to it for more than " +
                         std::to_string(busy_timeout_ms_ / 1000.0).substr(0, 4) + " s, so " + doing +
                         " was not done; try again when it has finished");
    case SQLITE_READONLY:
        throw StoreError("the database " + path_ + " " + read_only_words() + ", so " + doing +
                         " was not done; nothing was changed");
    case SQLITE_FULL:
        throw StoreError("the disk holding " + path_ + " is full: " + doing +
                         " was rolled back, and the records saved before are intact; free some space and save again");
    case SQLITE_NOTADB:
        throw StoreError(path_ + " is not a Formwork database: it is not an SQLite database file");
    case SQLITE_CORRUPT:
        throw StoreError("the database " + path_ + " is damaged (" + detail + "); " + doing +
                         " was not done. Restore it from a backup");
    case SQLITE_CANTOPEN:
        if (!read_only_reason_.empty())
            throw StoreError("cannot open the database " + path_ + " (" + detail + "): it " + read_only_words() +
                             ", and SQLite could not use its write-ahead log (-wal) and that log's "
                             "shared-memory index (-shm) there. It was not opened, rather than shown without the saves "
                             "that log may hold. Open it once where it can be written, or copy the database and its "
                             "-wal and -shm files to a folder you can write to");
        throw StoreError("cannot open the database " + path_ + " (" + detail + ")");
    case SQLITE_IOERR:
        throw StoreError("the disk reported an error while " + doing + " in " + path_ + " (" + detail +
                         "); the change was rolled back");
    default:
        throw StoreError("the database " + path_ + " failed while " + doing + ": " + detail);
    }
}

void Connection::execute(const char* sql) { execute(sql, "preparing the database"); }

void Connection::execute(const char* sql, const std::string& doing) {
    const int code = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) fail(code, doing);
}

std::int64_t Connection::pragma_integer(const char* pragma) {
    Statement statement(*this, pragma);
    return statement.step() ? statement.integer(0) : 0;
}

Statement::Statement(Connection& connection, const char* sql) : connection_(connection) {
    const int code = sqlite3_prepare_v2(connection.handle(), sql, -1, &statement_, nullptr);
    if (code != SQLITE_OK) connection.fail(code, connection.doing());
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::string_view text) {
    const int code = sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (code != SQLITE_OK) connection_.fail(code, "preparing a query");
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int code = sqlite3_bind_int64(statement_, index, value);
    if (code != SQLITE_OK) connection_.fail(code, "preparing a query");
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(statement_, index);
    return *this;
}

bool Statement::step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    sqlite3_reset(statement_);
    connection_.fail(code, connection_.doing());
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

std::string_view Statement::text_view(int column) const {
    const auto* bytes = sqlite3_column_text(statement_, column);
    return bytes == nullptr ? std::string_view()
                            : std::string_view(reinterpret_cast<const char*>(bytes),
                                               static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::string Statement::text(int column) const {
    const auto* bytes = sqlite3_column_text(statement_, column);
    return bytes == nullptr ? std::string()
                            : std::string(reinterpret_cast<const char*>(bytes),
                                          static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

bool Statement::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

Transaction::Transaction(Connection& connection, std::string doing) : connection_(connection), doing_(std::move(doing)) {
    connection_.execute("BEGIN IMMEDIATE", doing_);
    connection_.set_doing(doing_);
}

Transaction::~Transaction() {
    if (open_) sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    connection_.set_doing("reading the database");
}

void Transaction::commit() {
    connection_.execute("COMMIT", doing_);
    open_ = false;
}

}  // namespace formwork::forms::sqlite
