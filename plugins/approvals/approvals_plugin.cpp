// Report approval trails: the domain's plugin entry point. Its forms, rules and views arrive with the
// domain's own issue; until then it gives the host a real library to load.
#include <formwork/sdk/plugin.hpp>

namespace {

class ApprovalsPlugin final : public formwork::sdk::Plugin {
public:
    std::string summary() const override {
        return "Committee report cover sheets: the meeting route, contributors and the sign-offs before a report goes to its first meeting.";
    }
};

}  // namespace

FORMWORK_PLUGIN("approvals", "Report approval trails", "0.1.0", ApprovalsPlugin)
