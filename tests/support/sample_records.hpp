// Every sample record the registry's plugins bring (and any further files), imported into a
// store, each one required to be added: the store the plugin tests draw views and check rules over.
#pragma once

#include "form_fixtures.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/store/record_store.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

namespace formwork::test {

inline void import_samples(forms::RecordStore& store, const forms::FormRegistry& forms,
                           std::vector<std::pair<std::string, std::string>> extra = {},
                           const std::string& user = "democratic-services") {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& sample : forms.samples()) files.emplace_back(sample.name, sample.text);
    for (auto& file : extra) files.push_back(std::move(file));
    for (const auto& item : store.import(forms, files, user)) {
        INFO(item.source << describe(item.diagnostics));
        REQUIRE(item.outcome == forms::ImportItem::Outcome::added);
    }
}

}  // namespace formwork::test
