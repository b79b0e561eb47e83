// A record's earlier revisions (docs/store.md, "Earlier revisions"). The store keeps only the
// latest content; every audit entry keeps, field by field, the values before and after its
// save. Walking the entries back from the latest rebuilds any revision, which comparing two
// revisions (formwork-cli diff, the History panel's Compare) and restoring one
// (restore-revision, the panel's Restore) need.
#pragma once

#include <formwork/store/audit_log.hpp>
#include <formwork/store/record_store.hpp>

#include <map>
#include <string>
#include <vector>

namespace formwork::forms {

// A revision's content as the audit log keeps it: every value by field path (the paths
// diff_records uses: "title", "actions/row[2]/owner", "lead/name"), and the status.
struct RevisionContent {
    long revision = 0;
    std::string status;
    std::map<std::string, std::string> values;
};

// Rebuilds `revision` of `current` (the stored record) from its audit entries (`history`, as
// RecordStore::history gives them; entries of other records and exports are passed over).
// Throws StoreError, naming the record and revision, for a revision it never had, and when an
// entry it needs has had its values erased. An empty row left at the end of a repeating table
// is not in the log (only values are), so it is not rebuilt.
RevisionContent rebuild_revision(const FormDefinition& form, const Record& current,
                                 const std::vector<AuditEntry>& history, long revision);

// What differs from `from` to `to`, field by field in path order, the status first when it
// differs ("meta/status"); empty when they hold the same.
std::vector<FieldChange> compare_revisions(const RevisionContent& from, const RevisionContent& to);

// `current` with its content as `content` holds it: metadata (id, revision, status) kept, every
// value set from the revision's, repeating tables given the revision's rows.
Record record_with_content(const FormDefinition& form, const Record& current, const RevisionContent& content);

// Reads the record and its history from `store` and rebuilds two revisions (as rebuild_revision,
// which throws as it does; StoreError too when there is no such record).
struct RevisionPair {
    RevisionContent from, to;
};
RevisionPair read_revisions(RecordStore& store, const FormDefinition& form, const std::string& id, long from, long to);

// What restoring a revision did.
struct RestoredRevision {
    long restored = 0;      // the revision whose content came back
    long revision = 0;      // the record's revision now
    bool reopened = false;  // a locked record was reopened first (the reason is in the audit log)
    bool unchanged = false; // the latest content is that revision's already: nothing was saved
};

// Restores revision `revision`'s content as a new save of record `id` (RecordStore::update with
// SaveNote::restored_revision: its audit entry, action "restore-revision", names the revision).
// The status is not changed. A locked record is refused (LockedError) unless `reopen_reason` is
// given: then it is reopened with that reason and restored, in one transaction. A withdrawn
// record is refused (WithdrawnError). `base_revision` (0: the stored one) guards against a save
// in between (ConflictError).
RestoredRevision restore_revision(RecordStore& store, const FormDefinition& form, const std::string& id, long revision,
                                  const std::string& user, const std::string& reopen_reason = {}, long base_revision = 0);

}  // namespace formwork::forms
