// SDK 1.4. What a plugin adds in code to the forms it brings, where XPath cannot say it:
// checks (a completion statement that must agree with a table), values derived from the
// rest of the record (offered to the person, never written behind their back), views drawn
// over the records in scope (an impact matrix, an approval timeline), and text formats read
// into records (a sign-off table pasted from Word).
#pragma once

#include <formwork/sdk/record_query.hpp>
#include <formwork/sdk/views.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace formwork::sdk {

// A choice list as the council uses it: the form's options, or the profile's replacement.
struct ChoiceListView {
    std::string id;
    std::vector<std::pair<std::string, std::string>> options;  // code, label

    std::string label(std::string_view code) const {
        for (const auto& [key, text] : options)
            if (key == code) return text;
        return {};
    }
};

// One record, as the host asks a plugin about it.
struct RecordContext {
    std::string form_id;
    int form_version = 0;
    // The form's element (e.g. <eia>), in a copy the host owns for the call: reading it is
    // all a plugin may do, and what it reads is the record as the person left it.
    pugi::xml_node instance;
    std::string status;                      // the status the record is checked for
    std::string today;                       // YYYY-MM-DD
    std::vector<std::string> enabled_parts;  // the form's optional parts that are switched on
    const RecordQuery* records = nullptr;    // the other stored records; null with no store open
    std::vector<ChoiceListView> lists;       // the form's choice lists, as the council profile leaves them
    // The council profile's settings for this form (name, value), e.g. overdue-working-days=10.
    std::vector<std::pair<std::string, std::string>> settings;
    std::vector<std::string> bank_holidays;  // YYYY-MM-DD, from the council profile

    bool part_enabled(std::string_view part) const {
        return std::find(enabled_parts.begin(), enabled_parts.end(), part) != enabled_parts.end();
    }
    const ChoiceListView* list(std::string_view id) const {
        for (const auto& candidate : lists)
            if (candidate.id == id) return &candidate;
        return nullptr;
    }
    std::string setting(std::string_view name) const {
        for (const auto& [key, value] : settings)
            if (key == name) return value;
        return {};
    }
};

// A problem a plugin's check found. The host reports it as it reports the form's own rules.
struct Finding {
    enum class Severity { error, warning };
    Severity severity = Severity::error;  // an error blocks moving past the first status
    std::string rule;                     // a stable id, e.g. "completion-agrees"
    std::string field;                    // the path the message points at, e.g. impacts/row[@key='race']/nature
    std::string message;                  // what is wrong, for the person who must fix it
};

// A value the rest of the record implies, for the host to offer.
struct DerivedValue {
    std::string field;   // the field's path
    std::string value;   // as the record stores it: a choice's code, an ISO date
    std::string reason;  // why, in words, e.g. "the impact table has P and NI only"
};

// What a view is drawn over.
struct ViewRequest {
    std::string form_id;
    std::vector<std::string> record_ids;  // the records in scope, in the order of the export
    const RecordQuery* records = nullptr;  // never null: where the records are read from
    // The council profile's display choices (name, value), e.g. attendance-percentages=hidden.
    std::vector<std::pair<std::string, std::string>> display;
    std::vector<std::pair<std::string, std::string>> settings;  // the profile's settings for the form
    std::vector<std::string> bank_holidays;                     // YYYY-MM-DD
    std::string today;                                          // YYYY-MM-DD
    // Paths the council records but keeps out of exports (e.g. sign-offs): a view drawn for an
    // export must not show what they hold.
    std::vector<std::string> unpublished;
    // Added at the end, so that the fields before keep the places a plugin built for SDK 1.7
    // reads them at.
    std::string date_from;  // SDK 1.8: YYYY-MM-DD, the range of the domain's own dates the view covers (a meeting's date); empty: no limit
    std::string date_to;    // SDK 1.8: as date_from, the last day; empty: no limit

    std::string display_value(std::string_view name) const {
        for (const auto& [key, value] : display)
            if (key == name) return value;
        return {};
    }
    std::string setting(std::string_view name) const {
        for (const auto& [key, value] : settings)
            if (key == name) return value;
        return {};
    }
    bool is_unpublished(std::string_view path) const {
        return std::find(unpublished.begin(), unpublished.end(), path) != unpublished.end();
    }
};

// A text format a plugin reads into records of one of its forms, e.g. the sign-off table
// copied out of a Word report.
struct ImportFormat {
    std::string id;           // as `formwork-cli import --format` names it, e.g. "word-trail"
    std::string form_id;      // the form whose records it makes
    std::string description;  // for people
};

struct ImportRequest {
    std::string format;  // the id of one of the plugin's import_formats()
    std::string text;    // the whole text, UTF-8
    std::string source;  // where it came from, for messages: a file name, or "the clipboard"
    // What the person said with it (name, value), e.g. body=<record id> for a meeting's body.
    std::vector<std::pair<std::string, std::string>> options;
    const RecordQuery* records = nullptr;  // the stored records (a roster to match), when a store is open

    std::string option(std::string_view name) const {
        for (const auto& [key, value] : options)
            if (key == name) return value;
        return {};
    }
};

// Something the person should know about what was read, placed by line and by field: a date
// that could not be read, a role that was inferred rather than given.
struct ImportNote {
    Finding::Severity severity = Finding::Severity::warning;
    int line = 0;       // 1-based line of the text; 0 when it concerns the whole text
    std::string field;  // the path in the record it concerns, e.g. sign-offs/row[3]/sent
    std::string message;
};

struct ImportResult {
    // The form's element holding what the text gave, e.g. <approval-trail><sign-offs>...
    // Elements it leaves out keep their values from a new, empty record.
    std::string instance_xml;
    std::vector<ImportNote> notes;
};

// SDK 1.9. One record among those a text gives: a committee system's list of committees makes a
// body record each, and a meeting published again is the same meeting.
struct ImportedRecord {
    std::string form_id;       // one of the plugin's forms
    std::string instance_xml;  // as ImportResult::instance_xml; for an update, the elements it gives replace the stored ones
    // The id of the stored record this one is a new revision of, found by the plugin through the
    // request's records (by the id the text carries, a ModernGov meeting id, say); empty: a new
    // record. The host refuses a locked record unless the person reopened it, and saves nothing
    // when the content is what is stored.
    std::string updates;
    std::string label;  // how the import's report names it, e.g. "Cabinet, 2023-10-03 (ModernGov meeting 4711)"
    std::vector<ImportNote> notes;  // notes about this record
};

// SDK 1.9. What a text gave, record by record.
struct ImportBatch {
    std::vector<ImportedRecord> records;
    std::vector<ImportNote> notes;  // notes about the text as a whole
};

}  // namespace formwork::sdk
