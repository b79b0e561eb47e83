// Written questions and motions: the plugin entry point. The forms and the samples from
// the council's papers are data, compiled in from forms/ and samples/.
#include <formwork/sdk/plugin.hpp>

namespace formwork::plugins::questions {

std::vector<sdk::EmbeddedFile> definitions();
std::vector<sdk::EmbeddedFile> samples();

namespace {

class QuestionsPlugin final : public sdk::Plugin {
public:
    std::string summary() const override {
        return "Written questions to Cabinet Members and motions for debate at Council.";
    }
    std::vector<sdk::EmbeddedFile> form_definitions() const override { return definitions(); }
    std::vector<sdk::EmbeddedFile> sample_records() const override { return samples(); }
};

}  // namespace
}  // namespace formwork::plugins::questions

FORMWORK_PLUGIN("questions", "Written questions and motions", "0.1.0",
                formwork::plugins::questions::QuestionsPlugin)
