// A meeting starts from its body (SDK 1.8): choosing the body fills the name the minutes use
// and the members' rows from the roster as it stood on the meeting's date, everyone expected
// and nothing marked; "Next meeting of this body" starts the next one from the last; and a
// member is picked from the roster by name.
#pragma once

#include <formwork/sdk/record_start.hpp>

#include <pugixml.hpp>

#include <cstddef>

#include <string>
#include <vector>

namespace formwork::plugins::attendance {

sdk::RecordAssist meeting_assist(const std::string& form_id);
sdk::Prefill prefill_meeting(const sdk::PrefillRequest& request);
std::vector<sdk::FieldChoice> member_choices(const sdk::ChoiceRequest& request);

// Appends to `meeting` the members' table as choosing `body` (a body's instance) fills it for a
// meeting on `date`: everyone on the roster that day, each expected. Returns how many rows.
std::size_t expected_attendance(pugi::xml_node meeting, pugi::xml_node body, const std::string& date);

}  // namespace formwork::plugins::attendance
