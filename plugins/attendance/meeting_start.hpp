// A meeting starts from its body (SDK 1.8): choosing the body fills the name the minutes use
// and the members' rows from the roster as it stood on the meeting's date, everyone expected
// and nothing marked; "Next meeting of this body" starts the next one from the last; and a
// member is picked from the roster by name.
#pragma once

#include <formwork/sdk/record_start.hpp>

#include <string>
#include <vector>

namespace formwork::plugins::attendance {

sdk::RecordAssist meeting_assist(const std::string& form_id);
sdk::Prefill prefill_meeting(const sdk::PrefillRequest& request);
std::vector<sdk::FieldChoice> member_choices(const sdk::ChoiceRequest& request);

}  // namespace formwork::plugins::attendance
