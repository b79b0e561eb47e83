// Copying a whole database to another one (formwork-cli copy-db): every record as stored,
// every audit entry verbatim with its digests, and the counters, so that verify-trail on
// the copy gives the same head digest.
#pragma once

#include <formwork/store/record_store.hpp>

#include <cstddef>
#include <string>

namespace formwork::forms {

struct CopyReport {
    std::size_t records = 0;
    long audit_entries = 0;
    std::size_t counters = 0;
    std::string head_digest;  // of the copy's audit log, checked equal to the source's
};

// Copies `from` into `to`, in one transaction of `to`'s: the whole copy or nothing.
// Refuses (StoreError) a target that holds any record, audit entry or counter, a source
// whose audit log does not verify, and a pair of backends this build cannot copy between.
// Afterwards checks the copy's audit log and that its head digest is the source's.
CopyReport copy_store(RecordStore& from, RecordStore& to);

}  // namespace formwork::forms
