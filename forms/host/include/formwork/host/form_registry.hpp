// The forms this program knows: every definition the loaded plugins carry, each as
// configured by the council profile. A bad definition is reported and the rest load.
#pragma once

#include <formwork/model/council_profile.hpp>
#include <formwork/model/definition.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/model/form_lookup.hpp>
#include <formwork/host/plugin_host.hpp>

#include <optional>
#include <string>
#include <vector>

namespace formwork::forms {

class FormRegistry final : public FormLookup {
public:
    struct Entry {
        FormDefinitionPtr form;
        std::string plugin_id;  // empty for a form added from a file
    };
    struct Sample {
        std::string plugin_id;
        std::string name;
        std::string text;
    };

    explicit FormRegistry(std::optional<CouncilProfile> profile = std::nullopt) : profile_(std::move(profile)) {}

    // Loads every form definition of every plugin that offers them (SDK 1.1 and later).
    void add_plugin_forms(const PluginHost& host);
    // Loads one definition; the source names it in messages. Returns whether it loaded.
    bool add_definition(std::string text, const std::string& source, const std::string& plugin_id = {},
                        std::shared_ptr<const FormExtension> extension = nullptr);

    const std::vector<Entry>& forms() const noexcept { return forms_; }
    const std::vector<Sample>& samples() const noexcept { return samples_; }
    const Diagnostics& diagnostics() const noexcept { return diagnostics_; }
    const CouncilProfile* profile() const noexcept { return profile_ ? &*profile_ : nullptr; }

    FormDefinitionPtr find(std::string_view id, int version) const noexcept override;
    FormDefinitionPtr latest(std::string_view id) const noexcept override;

private:
    std::optional<CouncilProfile> profile_;
    std::vector<Entry> forms_;
    std::vector<Sample> samples_;
    Diagnostics diagnostics_;
};

}  // namespace formwork::forms
