// The records the store benchmarks fill a database with (store_bench.cpp on SQLite,
// server_bench.cpp on PostgreSQL and SQLite): a realistic council form and record files of
// it as the program writes them, so that both benchmarks measure the same data.
#pragma once

#include "generated_form.hpp"

#include <formwork/model/definition.hpp>

#include <array>
#include <cstddef>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

namespace formwork::bench {

// A realistic council form: 30 fields in 3 sections (5 of each type), 5 rules, and a
// record-title, so that lists show "Application 24/00042/FUL at 43 Mill Lane: Ann Patel".
constexpr std::size_t store_fields = 30;
constexpr std::size_t store_sections = 3;
constexpr std::size_t store_rules = 5;
inline const char* const store_form_id = "bench-store";
inline const char* const store_user = "bench";
inline const std::array<const char*, 3> statuses{"draft", "complete", "submitted"};

// The form above (generate_form with its id and record-title).
GeneratedForm generate_store_form();

// Seconds since the epoch as the store writes times, "2020-01-01T00:00:00Z".
std::string timestamp(std::time_t seconds);

struct Corpus {
    std::vector<std::pair<std::string, std::string>> files;  // source name, record text
    std::vector<std::string> ids;
    std::size_t by_status[3] = {0, 0, 0};  // draft, complete, submitted
};

// Record files as the program writes them: new_record + set_value + write_record, each
// with its own values, times (a quarter of an hour apart from 2020) and status: 40% draft,
// 35% complete, 25% submitted, with their transitions.
Corpus generate_records(const formwork::forms::FormDefinition& form, const GeneratedForm& generated, std::size_t count);

}  // namespace formwork::bench
