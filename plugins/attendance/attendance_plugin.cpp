// Meeting and board attendance: the domain's plugin entry point. Its forms, rules and views arrive with the
// domain's own issue; until then it gives the host a real library to load.
#include <formwork/sdk/plugin.hpp>

namespace {

class AttendancePlugin final : public formwork::sdk::Plugin {
public:
    std::string summary() const override {
        return "Bodies and their members, who attended each meeting, and attendance over the year.";
    }
};

}  // namespace

FORMWORK_PLUGIN("attendance", "Meeting and board attendance", "0.1.0", AttendancePlugin)
