// Equality impact assessments: the plugin entry point. The form and the samples from the
// council's papers are data, compiled in from forms/ and samples/; what XPath cannot say —
// the completion statement the impact table gives, and the pictures — is code here.
#include "impact_table.hpp"
#include "impact_views.hpp"

#include <formwork/sdk/plugin.hpp>

namespace formwork::plugins::eia {

std::vector<sdk::EmbeddedFile> definitions();
std::vector<sdk::EmbeddedFile> samples();

namespace {

class EiaPlugin final : public sdk::Plugin {
public:
    std::string summary() const override {
        return "Equality impact assessments of policies, services and commissioning decisions.";
    }
    std::vector<sdk::EmbeddedFile> form_definitions() const override { return definitions(); }
    std::vector<sdk::EmbeddedFile> sample_records() const override { return samples(); }

    // 3.0 must agree with 2.2. A warning, not an error: the Head of Service signs the
    // statement and may know better than the table, but should see that they differ.
    std::vector<sdk::Finding> check_record(const sdk::RecordContext& record) const override {
        if (record.form_id != "eia") return {};
        const std::string ticked = record.instance.child("completion").text().get();
        const auto derived = derive_completion(read_impacts(record.instance));
        if (ticked.empty() || !derived || derived->code == ticked) return {};
        return {{sdk::Finding::Severity::warning, "completion-agrees", "completion",
                 "The completion statement says \"" + std::string(completion_label(ticked)) +
                     "\", but the impact table gives \"" + std::string(completion_label(derived->code)) + "\": " +
                     derived->reason + "."}};
    }

    std::vector<sdk::DerivedValue> derive_values(const sdk::RecordContext& record) const override {
        if (record.form_id != "eia") return {};
        const auto derived = derive_completion(read_impacts(record.instance));
        if (!derived) return {};
        return {{"completion", derived->code, derived->reason}};
    }

    std::vector<sdk::SheetView> sheet_views(const sdk::ViewRequest& request) const override {
        return impact_views(request);
    }
};

}  // namespace
}  // namespace formwork::plugins::eia

FORMWORK_PLUGIN("eia", "Equality impact assessments", "0.2.0", formwork::plugins::eia::EiaPlugin)
