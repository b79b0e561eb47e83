#include <formwork/model/definition_loader.hpp>
#include <formwork/host/plugin_form_extension.hpp>
#include <formwork/host/form_registry.hpp>

namespace formwork::forms {

void FormRegistry::add_plugin_forms(const PluginHost& host) {
    for (const auto& plugin : host.loaded()) {
        const auto& info = plugin.info();
        // form_definitions() exists only in plugins built for SDK 1.1 or later.
        if (sdk::sdk_minor(info.sdk_version) < 1) continue;
        auto definitions = plugin.call("form_definitions", [](const sdk::Plugin& p) { return p.form_definitions(); });
        if (!definitions) {
            diagnostics_.push_back({Severity::error, info.path.string(), 0, 0, {}, definitions.failure().describe(), {}});
            continue;
        }
        for (auto& file : definitions.value())
            add_definition(std::move(file.content), info.id + "/" + file.name, info.id, plugin_form_extension(host, info.id, profile()));
        auto samples = plugin.call("sample_records", [](const sdk::Plugin& p) { return p.sample_records(); });
        if (!samples) {
            diagnostics_.push_back({Severity::error, info.path.string(), 0, 0, {}, samples.failure().describe(), {}});
            continue;
        }
        for (auto& file : samples.value()) samples_.push_back({info.id, file.name, std::move(file.content)});
    }
}

bool FormRegistry::add_definition(std::string text, const std::string& source, const std::string& plugin_id,
                                  std::shared_ptr<const FormExtension> extension) {
    auto load = load_form_definition(std::move(text), source, profile());
    diagnostics_.insert(diagnostics_.end(), load.diagnostics.begin(), load.diagnostics.end());
    if (!load.form) return false;
    if (extension) {
        auto extended = std::make_shared<FormDefinition>(*load.form);
        extended->extension = std::move(extension);
        load.form = std::move(extended);
    }
    if (const auto existing = find(load.form->id, load.form->version)) {
        diagnostics_.push_back({Severity::error, source, 0, 0, {},
                                "form '" + load.form->id + "' version " + std::to_string(load.form->version) +
                                    " is already defined by " + existing->source + "; this copy is ignored",
                                {}});
        return false;
    }
    forms_.push_back({std::move(load.form), plugin_id});
    return true;
}

FormDefinitionPtr FormRegistry::find(std::string_view id, int version) const noexcept {
    for (const auto& entry : forms_)
        if (entry.form->id == id && entry.form->version == version) return entry.form;
    return nullptr;
}

FormDefinitionPtr FormRegistry::latest(std::string_view id) const noexcept {
    FormDefinitionPtr best;
    for (const auto& entry : forms_)
        if (entry.form->id == id && (!best || entry.form->version > best->version)) best = entry.form;
    return best;
}

}  // namespace formwork::forms
