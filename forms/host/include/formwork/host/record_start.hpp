// Starting a record from the records already held (SDK 1.8, record_start.hpp): a plugin fills a
// new record, a record whose key field was just chosen, or the next one after a record; and it
// offers a field's choices from the records. The engine asks, puts what the plugin gave into the
// record and checks it as it checks a record file, so nothing a plugin fills goes unchecked.
// The window and `formwork-cli template --from` both come here.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/model/record.hpp>
#include <formwork/sdk/record_start.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

// What the form's plugin offers for it; nothing for a form no plugin of SDK 1.8 or later brings.
sdk::RecordAssist record_assist(const FormDefinition& form, Diagnostics& problems);

// A field's path as RecordAssist names it: the row steps' predicates left out.
// "attendance/row[3]/person-id" -> "attendance/row/person-id".
std::string general_path(std::string_view path);

struct StartRequest {
    std::string changed_field;  // the key field just chosen (a concrete or general path); empty for none
    std::string from_record;    // the record to start from; empty for none
    std::string command;        // the next command's id, when one asked
    std::string date;           // YYYY-MM-DD, the date other records are read as of; empty: today
    std::string today;          // YYYY-MM-DD; empty: today
    const sdk::RecordQuery* records = nullptr;  // required
};

struct RecordStart {
    // The record with the plugin's values in place; nothing when the plugin filled nothing, or
    // what it gave was refused (diagnostics say why).
    std::optional<Record> record;
    std::vector<std::string> notes;  // the plugin's words on what it filled
    Diagnostics diagnostics;
};

// Asks the form's plugin to fill `record` (a record of `form`) and checks what it gives.
RecordStart prefill_record(const FormDefinitionPtr& form, const Record& record, const StartRequest& request);

// The choices the form's plugin offers for the field at `cell_path` of `record`; empty when it
// offers none (or failed: diagnostics say so).
std::vector<sdk::FieldChoice> field_choices(const FormDefinition& form, const Record& record, std::string_view cell_path,
                                            const StartRequest& request, Diagnostics& problems);

// Only the choices whose label, value or detail holds each word of `typed`, ignoring case
// (ASCII), best first: those whose label starts with what was typed, then the rest in order.
std::vector<sdk::FieldChoice> matching_choices(const std::vector<sdk::FieldChoice>& choices, std::string_view typed);

}  // namespace formwork::forms
