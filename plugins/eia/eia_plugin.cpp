// Equality impact assessments: the domain's plugin entry point. Its forms, rules and views arrive with the
// domain's own issue; until then it gives the host a real library to load.
#include <formwork/sdk/plugin.hpp>

namespace {

class EiaPlugin final : public formwork::sdk::Plugin {
public:
    std::string summary() const override {
        return "Equality impact assessments of policies, services and commissioning decisions.";
    }
};

}  // namespace

FORMWORK_PLUGIN("eia", "Equality impact assessments", "0.1.0", EiaPlugin)
