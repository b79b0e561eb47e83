// The word-trail import format: a sign-off table pasted from Word, read into an approval trail.
#pragma once

#include <formwork/sdk/record_code.hpp>

namespace formwork::plugins::approvals {

sdk::ImportResult import_word_trail(const sdk::ImportRequest& request);

}  // namespace formwork::plugins::approvals
