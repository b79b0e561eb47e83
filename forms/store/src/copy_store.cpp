#include <formwork/store/copy_store.hpp>

#include "store_rows.hpp"

namespace formwork::forms {

namespace {

// Passes rows on, counting them.
class CountingSink final : public store::RowSink {
public:
    CountingSink(store::RowSink& target, CopyReport& report) : target_(target), report_(report) {}
    void record(const store::StoredRecord& record) override {
        target_.record(record);
        ++report_.records;
    }
    void audit(const AuditEntry& entry, std::string_view changes) override {
        target_.audit(entry, changes);
        ++report_.audit_entries;
    }
    void counter(const std::string& name, long value) override {
        target_.counter(name, value);
        ++report_.counters;
    }

private:
    store::RowSink& target_;
    CopyReport& report_;
};

}  // namespace

CopyReport copy_store(RecordStore& from, RecordStore& to) {
    auto* source = dynamic_cast<store::BulkRows*>(&from);
    auto* target = dynamic_cast<store::BulkRows*>(&to);
    if (source == nullptr || target == nullptr)
        throw StoreError("this program cannot copy " + from.location() + " to " + to.location());
    if (target->holds_anything())
        throw StoreError("the database " + to.location() +
                         " already holds records, audit entries or counters; copy into an empty database. Nothing was copied");
    const auto before = from.verify_trail();
    if (!before.intact)
        throw StoreError("the audit log of " + from.location() + " is broken at entry " + std::to_string(*before.first_broken) +
                         " (" + before.problem + "), so it was not copied");
    CopyReport report;
    target->write_rows([&](store::RowSink& sink) {
        CountingSink counting(sink, report);
        source->read_rows(counting);
    });
    const auto after = to.verify_trail();
    if (!after.intact || after.head_digest != before.head_digest || after.entries != before.entries)
        throw StoreError("the copy in " + to.location() + " does not verify as the source does (head digest " +
                         after.head_digest + " against " + before.head_digest + ")");
    report.head_digest = after.head_digest;
    return report;
}

}  // namespace formwork::forms
