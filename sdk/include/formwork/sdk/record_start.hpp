// SDK 1.8. How a plugin helps a record start from the records already held: a meeting starts
// from its body (the minutes' name, the roster as it stood that day), the next meeting from
// the last one, and a member is picked from the roster by name rather than typed as an id.
// The host asks; the plugin reads the stored records and answers with values, which the host
// checks as it checks a record file before anything is saved.
#pragma once

#include <formwork/sdk/record_code.hpp>
#include <formwork/sdk/record_query.hpp>

#include <pugixml.hpp>

#include <string>
#include <utility>
#include <vector>

namespace formwork::sdk {

// A command that starts a new record from the one open, e.g. "Next meeting of this body".
struct NextCommand {
    std::string id;     // stable, e.g. "next-meeting"
    std::string label;  // for a menu, e.g. "Next meeting of this body"
};

// What the plugin offers for one of its forms. Field paths are written as records.md writes
// them, with the row steps left out: "body", "attendance/row/person-id".
struct RecordAssist {
    // Fields whose choice starts the rest: when the person chooses one, the host asks
    // prefill_record again, naming it.
    std::vector<std::string> key_fields;
    // Fields whose choices come from field_choices(): the host offers a picker with type-ahead.
    // The field stays free text, for whoever the records do not hold (a guest, an officer).
    std::vector<std::string> choice_fields;
    std::vector<NextCommand> next_commands;
};

struct PrefillRequest {
    std::string form_id;
    // The record as it stands, in a copy the host owns for the call (a new record is empty).
    pugi::xml_node instance;
    // The key field just chosen, as RecordAssist names it; empty when the record is new.
    std::string changed_field;
    // The record to start from: a next command's record, or `formwork-cli template --from ID`.
    std::string from_record;
    std::string command;  // the next command's id, when one asked; empty otherwise
    // YYYY-MM-DD: the date other records are read as of (a roster's members on that day), when
    // the record gives none of its own. `template --date`, else today.
    std::string date;
    std::string today;  // YYYY-MM-DD
    const RecordQuery* records = nullptr;  // never null: the stored records
};

struct Prefill {
    // The form's element holding the elements to replace (the whole attendance table, say), as
    // ImportResult gives them; elements it leaves out keep their values. Empty: nothing to fill.
    std::string instance_xml;
    std::vector<std::string> notes;  // what was filled and from where, for people
};

struct ChoiceRequest {
    std::string form_id;
    std::string field;        // as RecordAssist::choice_fields names it
    std::string cell_path;    // the field's path in the record, e.g. attendance/row[3]/person-id
    pugi::xml_node instance;  // the record as it stands, a copy as in PrefillRequest
    std::string date;         // as PrefillRequest::date
    std::string today;
    const RecordQuery* records = nullptr;  // never null
};

// One choice for a field. Picking it sets the field to `value` and each of `fills`, fields of
// the same row (or, outside a table, of the record) named by id, e.g. ("name", "Cllr G Duggins").
struct FieldChoice {
    std::string value;   // as stored, e.g. g-duggins
    std::string label;   // what people pick by, e.g. Cllr G Duggins
    std::string detail;  // shown beside it, e.g. Chair
    std::vector<std::pair<std::string, std::string>> fills;
};

}  // namespace formwork::sdk
