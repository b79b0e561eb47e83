// What every ModernGov import shares: reading a web service response (GetMeeting, GetMeetings,
// GetCommittees, a committee's membership) with the same refusals, dates as ModernGov writes them,
// notes placed by line and field, and finding a stored record by the id the committee system
// gave it (a body's or a meeting's system-id).
#pragma once

#include <formwork/sdk/record_code.hpp>

#include <pugixml.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::plugins::attendance {

// A response read whole. `text` is the request's text without a byte order mark; `document`
// holds it parsed.
struct MgDocument {
    std::string_view text;
    std::string source;  // the request's source, or "the text"
    pugi::xml_document document;
};

// Parses request.text as the response of `operation` (for messages: "GetMeeting"), whose root
// must be one of `roots`. Throws std::invalid_argument, adding nothing, for a character XML 1.0
// forbids (at SOURCE:LINE:COLUMN), a DOCTYPE, a text that is not XML (naming the offset and line),
// or another root.
void read_moderngov(const sdk::ImportRequest& request, std::string_view operation, std::initializer_list<const char*> roots,
                    MgDocument& out);

// The 1-based line of a byte offset: line breaks are \n, \r\n or a lone \r; 0 for a negative offset.
int line_at(std::string_view text, std::ptrdiff_t offset);

// dd/mm/yyyy (one or two digits for the day and month) as YYYY-MM-DD, or empty when it is not a
// date that exists.
std::string iso_date(std::string_view text);

// Lower case (ASCII), with punctuation as spaces and runs of spaces as one: "Vice-Chair" and
// "vice chair" read alike.
std::string as_words(std::string_view text);

// Notes about what was read, placed by the node's line and a field's path.
struct MgNotes {
    std::string_view text;
    std::vector<sdk::ImportNote> notes;

    void note(sdk::Finding::Severity severity, pugi::xml_node node, std::string field, std::string message);
    // The value trimmed and without the characters XML 1.0 forbids; a note when some were left out.
    std::string clean(std::string_view value, pugi::xml_node node, const std::string& field);
    // The text of `node`'s child or attribute called `name`, whichever it has, cleaned.
    std::string value(pugi::xml_node node, const char* name, const std::string& field);
};

// A stored record of `form_id` whose `system-id` is `system_id`. Nothing when none is; throws
// std::invalid_argument when more than one is, naming them: the import never guesses.
struct StoredMatch {
    std::string id;
    pugi::xml_document instance;  // its instance, as stored
};
std::optional<StoredMatch> stored_by_system_id(const sdk::RecordQuery* records, const std::string& form_id,
                                               const std::string& system_id);

// The text of a record's instance, without a declaration.
std::string printed(pugi::xml_node element);

}  // namespace formwork::plugins::attendance
