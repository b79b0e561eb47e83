// A store that passes every call to another: the base for a view of a store that changes
// one thing (an export of chosen records, a test's store that claims more rows), so that
// each such view overrides only what it changes and follows the interface as it grows.
#pragma once

#include <formwork/forms/record_store.hpp>

namespace formwork::forms {

class DelegatingStore : public RecordStore {
public:
    // `inner` must outlive this store.
    explicit DelegatingStore(RecordStore& inner) : inner_(inner) {}

    void create(const FormDefinition& form, Record& record, const std::string& user) override {
        inner_.create(form, record, user);
    }
    void update(const FormDefinition& form, Record& record, long base_revision, const std::string& user) override {
        inner_.update(form, record, base_revision, user);
    }
    StatusChangeResult set_status(const FormDefinition& form, const std::string& id, const std::string& status,
                                  long base_revision, const std::string& user) override {
        return inner_.set_status(form, id, status, base_revision, user);
    }
    std::vector<ImportItem> import(const FormRegistry& forms, const std::vector<std::pair<std::string, std::string>>& files,
                                   const std::string& user, std::size_t batch_size) override {
        return inner_.import(forms, files, user, batch_size);
    }
    std::optional<Record> load(const std::string& id) override { return inner_.load(id); }
    ListPage list(const ListQuery& query) override { return inner_.list(query); }
    std::vector<AuditEntry> history(const std::string& id) override { return inner_.history(id); }
    TrailCheck verify_trail() override { return inner_.verify_trail(); }
    std::size_t count(const ScanQuery& query) override { return inner_.count(query); }
    void scan(const ScanQuery& query, const std::function<bool(const Record&)>& visit) override {
        inner_.scan(query, visit);
    }
    long next_submission_serial() override { return inner_.next_submission_serial(); }
    std::vector<RecordChange> changes_elsewhere() override { return inner_.changes_elsewhere(); }
    const sdk::RecordQuery& query() override { return inner_.query(); }
    std::string location() const override { return inner_.location(); }
    std::vector<std::string> warnings() const override { return inner_.warnings(); }

protected:
    RecordStore& inner() const noexcept { return inner_; }

private:
    RecordStore& inner_;
};

}  // namespace formwork::forms
