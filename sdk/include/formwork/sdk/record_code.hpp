// SDK 1.4. What a plugin adds in code to the forms it brings, where XPath cannot say it:
// checks (a completion statement that must agree with a table), values derived from the
// rest of the record (offered to the person, never written behind their back), and sheet
// views drawn over the records in scope (an impact matrix, an attendance year).
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

    bool part_enabled(std::string_view part) const {
        return std::find(enabled_parts.begin(), enabled_parts.end(), part) != enabled_parts.end();
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

    std::string display_value(std::string_view name) const {
        for (const auto& [key, value] : display)
            if (key == name) return value;
        return {};
    }
};

}  // namespace formwork::sdk
