// What the fuzz targets share: the domain plugins of the build they belong to, loaded once into a
// real PluginHost, and a FormRegistry of their forms. A plugin that is missing or refused stops
// the target at once: fuzzing records against no forms would test nothing and say nothing.
#pragma once

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

// The libFuzzer entry points, which the replay program (replay_main.cpp) calls as libFuzzer does.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace formwork::fuzz {

[[noreturn]] inline void fail(const std::string& message) {
    std::fprintf(stderr, "fuzz target set-up: %s\n", message.c_str());
    std::abort();
}

// The four domain plugins, from this build's plugin folder (FORMWORK_FUZZ_PLUGIN_DIR).
inline const forms::PluginHost& domain_plugins() {
    static const std::unique_ptr<forms::PluginHost> host = [] {
        auto loading = std::make_unique<forms::PluginHost>();
        forms::PluginSearchPath path;
        path.entries.emplace_back(FORMWORK_FUZZ_PLUGIN_DIR);
        loading->load(path);
        for (const auto& refusal : loading->refused())
            fail("plugin " + refusal.path.string() + " was refused: " + refusal.reason);
        for (const char* id : {"approvals", "attendance", "eia", "questions"})
            if (loading->find(id) == nullptr) fail(std::string("no plugin '") + id + "' in " FORMWORK_FUZZ_PLUGIN_DIR);
        return loading;
    }();
    return *host;
}

// Every form of the domain plugins, with no council profile.
inline const forms::FormRegistry& domain_forms() {
    static const std::unique_ptr<forms::FormRegistry> registry = [] {
        auto loading = std::make_unique<forms::FormRegistry>();
        loading->add_plugin_forms(domain_plugins());
        for (const auto& problem : loading->diagnostics())
            if (problem.severity == forms::Severity::error) fail("a plugin's form did not load: " + problem.format());
        if (loading->forms().size() < 6) fail("the plugins gave " + std::to_string(loading->forms().size()) + " forms, not 6");
        return loading;
    }();
    return *registry;
}

inline std::string input_text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace formwork::fuzz
