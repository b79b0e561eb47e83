// The shipped domain plugins as the engine tests load them: each set of plugin files once per
// test program, from the build's plugin folder, and registries over them, with a council
// profile when a test needs one. The host outlives every registry made from it.
#pragma once

#include "form_fixtures.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/record.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace formwork::test {

// The plugins named by file ("eia.so") in the build's plugin folder; none named: all of them.
inline const forms::PluginHost& domain_plugins(const std::vector<std::string>& files = {}) {
    static std::map<std::vector<std::string>, std::unique_ptr<forms::PluginHost>> loaded;
    auto& host = loaded[files];
    if (!host) {
        host = std::make_unique<forms::PluginHost>();
        forms::PluginSearchPath path;
        if (files.empty()) path.entries.emplace_back(FORMWORK_DOMAIN_PLUGIN_DIR);
        for (const auto& file : files) path.entries.emplace_back(std::string(FORMWORK_DOMAIN_PLUGIN_DIR) + "/" + file);
        host->load(path);
    }
    return *host;
}

// A registry of the host's forms, configured by the council profile given as text (none: no profile).
inline std::unique_ptr<forms::FormRegistry> make_registry(const forms::PluginHost& host, const std::string& profile_text = {}) {
    std::optional<forms::CouncilProfile> profile;
    if (!profile_text.empty()) {
        forms::Diagnostics problems;
        profile = forms::parse_council_profile(profile_text, "test.profile.xml", problems);
        INFO(describe(problems));
        REQUIRE(profile);
    }
    auto registry = std::make_unique<forms::FormRegistry>(std::move(profile));
    registry->add_plugin_forms(host);
    return registry;
}

// A record file's text (a sample's, say) read as a record of `forms`; the test stops, with the
// diagnostics, when it cannot be read.
inline forms::Record read_record_text(const std::string& text, const forms::FormRegistry& forms) {
    auto result = forms::read_record(text, "sample", forms);
    INFO(describe(result.diagnostics));
    REQUIRE(result.record);
    return std::move(*result.record);
}

}  // namespace formwork::test
