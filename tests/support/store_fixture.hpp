// The store under test. Store tests are written against RecordStore alone; this is the
// one place that chooses a backend, so a second backend runs the same tests by adding
// itself here (FORMWORK_TEST_STORE=<name>).
#pragma once

#include <formwork/forms/record_store.hpp>
#include <formwork/forms/sqlite_store.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace formwork::test {

inline std::unique_ptr<forms::RecordStore> make_test_store(const std::filesystem::path& folder,
                                                           const std::string& name = "store") {
    const char* backend = std::getenv("FORMWORK_TEST_STORE");
    const std::string chosen = backend == nullptr || *backend == '\0' ? "sqlite" : backend;
    if (chosen == "sqlite") return forms::open_sqlite_store({folder / (name + ".db"), 2000});
    throw std::runtime_error("FORMWORK_TEST_STORE=" + chosen + ": no such backend in this build");
}

}  // namespace formwork::test
