// What an export reads of a store, and the little it writes: exporters see this narrow
// interface, never the whole RecordStore, and every store implements it.
#pragma once

#include <formwork/model/record.hpp>
#include <formwork/store/audit_log.hpp>
#include <formwork/store/export_entry.hpp>

#include <formwork/sdk/record_query.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace formwork::forms {

// Which records an export reads: one form (or all), some statuses (or all), a range of
// modification dates (inclusive, YYYY-MM-DD; empty for no bound), and, when any are named,
// only the records with these ids. Each store applies all of it in its query.
struct ScanQuery {
    std::string form;
    std::vector<std::string> statuses;
    std::string modified_from;
    std::string modified_to;
    std::vector<std::string> ids{};
};

class ExportSource {
public:
    ExportSource() = default;
    ExportSource(const ExportSource&) = delete;
    ExportSource& operator=(const ExportSource&) = delete;
    virtual ~ExportSource() = default;

    // Exports read records one at a time, in form and modification order (then id), so
    // memory stays flat however many there are. `visit` returns false to stop early.
    virtual std::size_t count(const ScanQuery& query) = 0;
    virtual void scan(const ScanQuery& query, const std::function<bool(const Record&)>& visit) = 0;
    // One record by id; nothing when there is none.
    virtual std::optional<Record> load(const std::string& id) = 0;
    // The read-only view plugins are given of other records (for their sheet views).
    virtual const sdk::RecordQuery& query() = 0;
    // Where the store is, for messages ("/home/clerk/.local/share/formwork/formwork.db").
    virtual std::string location() const = 0;
    // The audit log checked entry by entry, with its head digest, which a submission carries.
    virtual TrailCheck verify_trail() = 0;

    // The write side, for what an export must record.
    // The serial number of the next submission: one more than the last, kept in the
    // database. A number is never given out twice, so a failed export leaves a gap.
    virtual long next_submission_serial() = 0;
    // Why nothing can be written here (a read-only database file, in words that follow "the
    // database ..."), or empty when an export can be recorded (DESIGN.md: a submission is then
    // refused, a workbook written and said to be unrecorded).
    virtual std::string read_only_reason() const = 0;
    // Appends the export's entry to the audit log (export_entry.hpp) and links it to each
    // record written, so their histories list it; returns its sequence. Throws StoreError,
    // and nothing is written, when it cannot.
    virtual long record_export(const ExportFacts& facts, const std::string& user) = 0;
    // Every export's entry, in sequence order (verify-export).
    virtual std::vector<ExportEntry> exports() = 0;
};

}  // namespace formwork::forms
