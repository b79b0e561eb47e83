// The ModernGov imports as records (SDK 1.9): a meeting (GetMeeting), the committees
// (GetCommittees), a committee's membership and a committee's meetings (GetMeetings), each read
// into new records or new revisions of the stored ones they are, found by the id the committee
// system gave them (system-id). docs/attendance.md says what each gives and what importing it
// again does.
#pragma once

#include <formwork/sdk/record_code.hpp>

#include <vector>

namespace formwork::plugins::attendance {

// moderngov, moderngov-committees, moderngov-membership and moderngov-meetings.
std::vector<sdk::ImportFormat> moderngov_formats();

// Reads request.text in one of moderngov_formats(). Throws std::invalid_argument for a text it
// cannot read at all (not XML, a DOCTYPE, another operation's root), for a membership whose body
// is not held, and for a format it does not read.
sdk::ImportBatch import_moderngov_records(const sdk::ImportRequest& request);

// import_text for a host that asks for one record: the GetMeeting reading as it always was; for
// the other formats, their one record when the text gives exactly one new record, else a refusal
// saying to import the file as records.
sdk::ImportResult import_moderngov_text(const sdk::ImportRequest& request);

}  // namespace formwork::plugins::attendance
