// The moderngov import format: a meeting as ModernGov's GetMeeting web service returns it
// (<meeting> with meetingdate dd/mm/yyyy, meetingtime, meetinglocation and attendees/attendee
// with memberid, name, roledescription, attendance, politicalparty and ward), read into an
// attendance-meeting record.
#pragma once

#include <formwork/sdk/record_code.hpp>

namespace formwork::plugins::attendance {

// Reads request.text. The body comes from request.option("body"), a record id looked up in
// request.records, which must be an attendance-body record; else from a <committeeid> in the file,
// the body whose system-id it is; without either, body and body-name stay empty and a warning
// says so. The file's meetingid is kept in system-id. Every attendee becomes a row of the attendance table, in file
// order, none dropped: matched to the roster by memberid (the member's system-id) or by name and
// alias, and when a body is given but no member matches, also listed as a guest, with a note.
// An attendance value Formwork does not know is kept in attendance-as-published, with a note.
// Notes carry the line of the file and the field's path (attendance/row[N]/attendance).
// Throws std::invalid_argument when the text is not XML (naming the offset and the parser's
// description), has a DOCTYPE, has a root other than <meeting>, or when the body id names no
// record or a record that is not an attendance body, or the committee id is more than one body's.
sdk::ImportResult import_moderngov(const sdk::ImportRequest& request);

}  // namespace formwork::plugins::attendance
