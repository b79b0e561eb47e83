// "New record from this one" (docs/forms.md, "What a copy leaves out"): a new record of the
// same form, in its lifecycle's first status, holding the source's values except those the
// form marks copy="no" (a sign-off's date, a decision), which start as a new record's do.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/record.hpp>

#include <string>

namespace formwork::forms {

// The copy, with a new id and its own metadata (created now by `user`, revision 0, not yet
// stored). `source` must be a record of `form`. Every element copy="no" marks, and all it
// holds, is as new_record makes it: its default, or empty; a repeating table so marked has
// its minimum rows. Calculated values are left to the next evaluation, as for any record.
Record duplicate_record(const FormDefinition& form, const Record& source, const std::string& user, const std::string& now);

}  // namespace formwork::forms
