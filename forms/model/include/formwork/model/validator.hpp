// Validation and the status lifecycle: what the editor, the command line and the
// exporters ask of a record before they trust it.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/model/record.hpp>
#include <formwork/sdk/record_query.hpp>

#include <string>
#include <unordered_map>

namespace formwork::forms {

struct ValidationOptions {
    std::string status;  // the status to check for; empty: the record's own
    std::string user;    // bound to $user
    std::string today;   // bound to $today, YYYY-MM-DD; empty: today
    const sdk::RecordQuery* records = nullptr;  // other stored records, for a plugin's checks
};

// Every problem with the record's values: types, required, constraints, lengths, form
// rules, then the checks of the form's plugin (FormExtension). Fields that are not relevant, and parts switched off, are not validated.
// Evaluating a definition's rules binds its variables: validate one record of a given
// definition at a time.
Diagnostics validate_record(const FormDefinition& form, const Record& record, const ValidationOptions& options = {});

// Whether each element of the instance is relevant, as validate_record decides it: every
// group, table, row and field by its path, formatted as diagnostics format paths
// ("meeting/date", "impacts/row[@key='age']/nature", "amendments/row[2]/moved-by").
// Relevance is inherited: a field in a group that is not relevant is not relevant either,
// and elements of a part switched off are not relevant. The options bind $status, $user and
// $today as validate_record binds them.
std::unordered_map<std::string, bool> element_relevance(const FormDefinition& form, const Record& record,
                                                        const ValidationOptions& options = {});

// Writes each calculated field's value, repeating until nothing changes (at most a few
// rounds, so rules that feed each other cannot loop).
void recalculate(const FormDefinition& form, Record& record, const ValidationOptions& options = {});

// A copy of the record's instance as exports and submissions carry it: fields that are not
// relevant are left out (their elements removed), and parts switched off are absent.
pugi::xml_document exportable_instance(const FormDefinition& form, const Record& record);

struct StatusChangeResult {
    bool changed = false;
    Diagnostics diagnostics;  // why it was refused, or the warnings that remain
};

// Moves the record to `to` if the lifecycle allows it and, for any status after the
// first, the record has no errors at that status. Leaving the first status clears the
// values of fields that are not relevant. The change is recorded in the metadata.
StatusChangeResult change_status(const FormDefinition& form, Record& record, const std::string& to,
                                 const std::string& user, const std::string& now);

}  // namespace formwork::forms
