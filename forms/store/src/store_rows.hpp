// A backend's rows exactly as stored, read and written in bulk, for copy_store.
#pragma once

#include <formwork/store/audit_log.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace formwork::forms::store {

struct StoredRecord {
    std::string id, form_id;
    long form_version = 0;
    std::string status, title, created_at, created_by, modified_at, modified_by;
    long revision = 0;
    std::string document;
    long withdrawn = 0;  // the sequence of the entry that withdrew it, or 0
};

// Where copied rows go, inside the target's one transaction.
class RowSink {
public:
    virtual ~RowSink() = default;
    virtual void record(const StoredRecord& record) = 0;
    // `entry.changes` is not read: `changes` is the text as stored.
    virtual void audit(const AuditEntry& entry, std::string_view changes) = 0;
    virtual void counter(const std::string& name, long value) = 0;
};

class BulkRows {
public:
    virtual ~BulkRows() = default;
    // Whether any record, audit entry or counter is stored.
    virtual bool holds_anything() = 0;
    // Every record, then every audit entry in sequence order, then every counter.
    virtual void read_rows(RowSink& sink) = 0;
    // Runs `fill` inside one writing transaction, committed when it returns.
    virtual void write_rows(const std::function<void(RowSink&)>& fill) = 0;
};

}  // namespace formwork::forms::store
