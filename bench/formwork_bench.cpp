// formwork_bench: times the engine's hot paths and prints a table of median, p10 and p90.
//   1. validate_record on a generated 300-field, 50-rule record, against raw pugixml
//      evaluating the same XPath queries (the floor under any engine built on it);
//   2. loading and compiling every shipped definition (FormRegistry + add_plugin_forms),
//      and loading the generated definition;
//   3. reading and writing the generated record's file;
//   4. how loading a definition and reading a record grow with the number of fields;
//   5. the record store on SQLite: importing 100,000 records (against raw SQLite inserts),
//      listing a page with its count, opening and saving a record, verifying the trail;
//   6. the exporters on a store of 100,000 records: the Excel workbook (against
//      libxlsxwriter and Python XlsxWriter writing the same cells) and the XML submission
//      (against writing it and running xmllint on it), each with its own peak memory;
//   7. the round trip: 10,000 changed records coming back in a workbook (plan + apply)
//      against the same changes imported as record files (round_trip_bench.cpp).
//   --server: the record store on a PostgreSQL server against SQLite: concurrent writer
//      processes, and listing 100,000 records (server_bench.cpp).
// Figures and how to read them: docs/performance.md. Timings are printed, never judged:
// the exit status only says whether the benchmark could run.
#include "export_bench.hpp"
#include "generated_form.hpp"
#include "harness.hpp"
#include "report.hpp"
#include "round_trip_bench.hpp"
#include "server_bench.hpp"
#include "store_bench.hpp"

#include <formwork/model/definition_loader.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/validator.hpp>

#include <malloc.h>
#include <pugixml.hpp>

#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#ifndef FORMWORK_BENCH_BUILD_TYPE
#define FORMWORK_BENCH_BUILD_TYPE "unknown"
#endif

namespace forms = formwork::forms;
using namespace formwork::bench;

namespace {

constexpr std::size_t generated_fields = 300;
constexpr std::size_t generated_sections = 10;
constexpr std::size_t generated_rules = 50;

struct Plans {
    Plan validate, registry, load, record, scaling;
};

Plans plans_for(bool quick) {
    if (quick) return {{20, 200}, {2, 15}, {2, 15}, {10, 100}, {1, 3}};
    return {{300, 3000}, {20, 300}, {20, 300}, {200, 2000}, {3, 30}};
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(line.find_first_not_of(" \t", colon + 1));
        }
    return "unknown CPU";
}

int fail(const std::string& message) {
    std::fprintf(stderr, "formwork_bench: %s\n", message.c_str());
    return 1;
}

void print_diagnostics(const forms::Diagnostics& diagnostics) {
    for (const auto& d : diagnostics) std::fprintf(stderr, "  %s\n", d.format().c_str());
}

struct BoundQuery {
    std::unique_ptr<pugi::xpath_query> query;
    pugi::xpath_node context;
    QueryKind kind;
    std::string text;
};

// glibc gives freed memory at the top of the heap back to the kernel and maps large blocks
// afresh: a run that frees a definition and loads it again then pays page faults that a
// program loading it once does not (300 fields: 2.4 ms instead of 1.2). Keep it instead.
void keep_freed_memory() {
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
}

int run(bool quick, bool exports_only, bool store_only, bool round_trip_only, const std::string& server) {
    keep_freed_memory();
    const auto plans = plans_for(quick);
    std::printf("formwork_bench%s%s%s%s%s: %s build, GCC %s, pugixml %d.%d, %u logical cores, %s\n", quick ? " --quick" : "",
                exports_only ? " --exports" : "", store_only ? " --store" : "", round_trip_only ? " --round-trip" : "",
                server.empty() ? "" : " --server",
                FORMWORK_BENCH_BUILD_TYPE, __VERSION__, PUGIXML_VERSION / 1000, PUGIXML_VERSION % 1000 / 10,
                std::thread::hardware_concurrency(), cpu_model().c_str());
    std::printf("Each row: warm-up runs, then timed runs; median, 10th and 90th percentile of one run.\n");
    std::printf("malloc keeps what is freed (no trimming, no mmap below 64 MB): runs time the code, not page faults.\n\n");
    if (!server.empty()) {
        try {
            return run_server_bench(server, quick) ? 0 : 1;
        } catch (const std::exception& e) {
            return fail(std::string("the server store benchmark: ") + e.what());
        }
    }
    if (exports_only) {
        try {
            run_export_bench(quick);
        } catch (const std::exception& e) {
            return fail(std::string("the export benchmark: ") + e.what());
        }
        return 0;
    }
    if (store_only) {
        try {
            run_store_bench(quick);
        } catch (const std::exception& e) {
            return fail(std::string("the store benchmark: ") + e.what());
        }
        return 0;
    }
    if (round_trip_only) {
        try {
            run_round_trip_bench(quick);
        } catch (const std::exception& e) {
            return fail(std::string("the round trip benchmark: ") + e.what());
        }
        return 0;
    }

    // The generated form and a filled record of it (not timed).
    const auto generated = generate_form(generated_fields, generated_sections, generated_rules);
    auto load = forms::load_form_definition(generated.xml, "bench/generated.form.xml");
    if (!load.form) {
        print_diagnostics(load.diagnostics);
        return fail("the generated definition does not load");
    }
    const auto& form = *load.form;
    const std::string user = "bench", now = "2024-06-01T09:00:00Z";
    auto record = forms::new_record(form, user, now);
    for (const auto& [path, value] : generated.values)
        if (const auto problem = forms::set_value(form, record, path, value)) return fail(problem->format());
    const forms::ValidationOptions options{{}, user, "2024-06-01"};
    if (const auto diagnostics = forms::validate_record(form, record, options); !diagnostics.empty()) {
        print_diagnostics(diagnostics);
        return fail("the generated record does not validate cleanly");
    }

    print_header();

    // 1. Validation, and raw pugixml on the same queries and nodes.
    pugi::xpath_variable_set variables;
    for (const char* name : {"today", "status", "user"}) variables.add(name, pugi::xpath_type_string);
    variables.set("today", "2024-06-01");
    variables.set("status", "draft");
    variables.set("user", user.c_str());
    std::vector<BoundQuery> bound;
    for (const auto& q : generated.queries) {
        auto query = std::make_unique<pugi::xpath_query>(q.text.c_str(), &variables);
        const auto context = q.field.empty() ? record.instance() : record.instance().child(q.field.c_str());
        if (!*query || !context) return fail("the baseline cannot compile or place '" + q.text + "'");
        if (!query->evaluate_boolean(pugi::xpath_node(context))) return fail("the baseline finds '" + q.text + "' false");
        bound.push_back({std::move(query), pugi::xpath_node(context), q.kind, q.text});
    }
    // The engine evaluates required only on empty values; every value here is filled.
    std::vector<const BoundQuery*> same_as_engine, every_query;
    for (const auto& b : bound) {
        every_query.push_back(&b);
        if (b.kind != QueryKind::required) same_as_engine.push_back(&b);
    }
    // Where pugixml's time goes: by kind, and the rules that test every child of the root.
    const std::string count_all = "count(*[. != ''])";
    const std::vector<std::pair<std::string, std::function<bool(const BoundQuery&)>>> kinds{
        {"rules", [](const BoundQuery& b) { return b.kind == QueryKind::rule; }},
        {"rules " + count_all + " >= ...",
         [&](const BoundQuery& b) { return b.kind == QueryKind::rule && b.text.rfind(count_all, 0) == 0; }},
        {"constraints", [](const BoundQuery& b) { return b.kind == QueryKind::constraint; }},
        {"relevant", [](const BoundQuery& b) { return b.kind == QueryKind::relevant; }}};
    std::vector<std::vector<const BoundQuery*>> by_kind;
    for (const auto& [name, wanted] : kinds) {
        by_kind.emplace_back();
        for (const auto* b : same_as_engine)
            if (wanted(*b)) by_kind.back().push_back(b);
    }
    const auto evaluate_all = [](const std::vector<const BoundQuery*>& queries) {
        std::size_t holds = 0;
        for (const auto* b : queries) holds += b->query->evaluate_boolean(b->context) ? std::size_t{1} : std::size_t{0};
        keep(holds);
    };
    // Interleaved, so that the ratios compare runs made in the same spell of the machine.
    std::vector<std::function<void()>> bodies{
        [&] { keep(forms::validate_record(form, record, options).size()); },
        [&] { evaluate_all(same_as_engine); },
        [&] { evaluate_all(every_query); }};
    for (const auto& only : by_kind) bodies.emplace_back([&] { evaluate_all(only); });
    const auto samples = measure_interleaved(plans.validate, bodies);
    std::vector<Summary> timed;
    for (const auto& s : samples) timed.push_back(summarize(s));
    const auto& validate = timed[0];
    const auto& baseline_same = timed[1];
    const auto& baseline_every = timed[2];

    print_row("validate_record: 300 fields, 50 rules", validate, 0.5e6, "< 0.5 ms");
    print_row("  pugixml alone, the engine's " + std::to_string(same_as_engine.size()) + " evaluations",
              baseline_same);
    for (std::size_t k = 0; k < kinds.size(); ++k)
        print_row("    of which " + std::to_string(by_kind[k].size()) + " " + kinds[k].first, timed[3 + k]);
    print_row("  pugixml alone, all " + std::to_string(every_query.size()) + " queries (+ required)", baseline_every);
    print_note("queries: " + std::to_string(count_queries(generated, QueryKind::required)) + " required, " +
               std::to_string(count_queries(generated, QueryKind::relevant)) + " relevant, " +
               std::to_string(count_queries(generated, QueryKind::constraint)) + " constraint, " +
               std::to_string(count_queries(generated, QueryKind::rule)) + " rules; required is skipped on filled fields");
    print_note("engine / pugixml, median of paired runs: " + ratio_text(paired_ratio(samples[0], samples[1]), 1) +
               " (same evaluations), " + ratio_text(paired_ratio(samples[0], samples[2]), 1) + " (all queries)");
    print_note("engine - pugixml (same evaluations), medians: " +
               duration_text(validate.median_ns - baseline_same.median_ns) + " for the engine's own work");

    const auto fill = measure(plans.validate, [&] {
        auto fresh = forms::new_record(form, user, now);
        for (const auto& [path, value] : generated.values) keep(forms::set_value(form, fresh, path, value) ? 1U : 0U);
    });
    print_row("new_record + 300 set_value", fill);

    // 2. Loading every shipped definition; the plugins are loaded once, untimed.
    forms::PluginHost host;
    host.load(forms::PluginSearchPath::standard({}));
    std::optional<forms::FormRegistry> registry;
    registry.emplace();
    registry->add_plugin_forms(host);
    const auto form_count = registry->forms().size();
    if (forms::has_errors(registry->diagnostics())) {
        print_diagnostics(registry->diagnostics());
        return fail("a shipped definition does not load");
    }
    if (form_count == 0) return fail("no shipped definitions found beside the program (../lib/formwork/plugins)");
    const auto shipped = measure(
        plans.registry, [&] { registry.reset(); },
        [&] {
            registry.emplace();
            registry->add_plugin_forms(host);
            keep(registry->forms().size());
        });
    print_row("FormRegistry + add_plugin_forms: " + std::to_string(form_count) + " shipped forms", shipped, 50e6,
              "< 50 ms");
    print_note(std::to_string(host.loaded().size()) + " plugins loaded, " + std::to_string(host.refused().size()) +
               " refused; per form: " + duration_text(shipped.median_ns / static_cast<double>(form_count)) +
               " (median / forms)");

    std::string definition_text;
    std::optional<forms::DefinitionLoad> loaded;
    const auto load_generated = measure(
        plans.load,
        [&] {
            loaded.reset();
            definition_text = generated.xml;
        },
        [&] {
            loaded.emplace(forms::load_form_definition(std::move(definition_text), "bench/generated.form.xml"));
            keep(loaded->form ? 1U : 0U);
        });
    print_row("load_form_definition: generated 300 fields", load_generated);
    print_note("definition text " + std::to_string(generated.xml.size() / 1024) + " KB");

    // 3. The record file: read from text, written to memory.
    forms::FormRegistry with_generated;
    if (!with_generated.add_definition(generated.xml, "bench/generated.form.xml"))
        return fail("the registry refuses the generated definition");
    forms::StringWriter first;
    forms::write_record(record, first);
    const std::string record_text = first.text;
    {
        auto check = forms::read_record(record_text, "bench/generated.record.xml", with_generated);
        if (!check.record) {
            print_diagnostics(check.diagnostics);
            return fail("the generated record file does not read back");
        }
        forms::StringWriter again;
        forms::write_record(*check.record, again);
        if (again.text != record_text) return fail("the record file does not round-trip byte for byte");
    }
    std::string input;
    std::optional<forms::RecordRead> read;
    forms::StringWriter writer;
    const auto reset = [&] {
        read.reset();
        input = record_text;
        writer.text = std::string();
    };
    const auto reading = measure(plans.record, reset, [&] {
        read.emplace(forms::read_record(std::move(input), "bench/generated.record.xml", with_generated));
        keep(read->record ? 1U : 0U);
    });
    const auto writing = measure(plans.record, reset, [&] {
        forms::write_record(record, writer);
        keep(writer.text.size());
    });
    const auto round_trip = measure(plans.record, reset, [&] {
        read.emplace(forms::read_record(std::move(input), "bench/generated.record.xml", with_generated));
        forms::write_record(*read->record, writer);
        keep(writer.text.size());
    });
    print_row("read_record: 300-field record from text", reading);
    print_row("write_record: to a memory writer", writing);
    print_row("read_record + write_record round trip", round_trip);
    print_note("record file " + std::to_string(record_text.size() / 1024) + " KB");

    // 4. How loading and reading grow with the number of fields (rules: one per six fields).
    std::printf("\nScaling: the same generated form at 150, 300 and 600 fields\n");
    print_header();
    std::vector<std::pair<Summary, Summary>> sizes;
    for (const std::size_t fields : {std::size_t{150}, std::size_t{300}, std::size_t{600}}) {
        const auto sized = generate_form(fields, generated_sections, fields / 6);
        forms::FormRegistry sized_registry;
        if (!sized_registry.add_definition(sized.xml, "bench/sized.form.xml"))
            return fail("the " + std::to_string(fields) + "-field definition does not load");
        const auto& sized_form = *sized_registry.forms().front().form;
        auto sized_record = forms::new_record(sized_form, user, now);
        for (const auto& [path, value] : sized.values)
            if (const auto problem = forms::set_value(sized_form, sized_record, path, value)) return fail(problem->format());
        forms::StringWriter sized_writer;
        forms::write_record(sized_record, sized_writer);
        const auto sized_load = measure(
            plans.scaling,
            [&] {
                loaded.reset();
                definition_text = sized.xml;
            },
            [&] {
                loaded.emplace(forms::load_form_definition(std::move(definition_text), "bench/sized.form.xml"));
                keep(loaded->form ? 1U : 0U);
            });
        const auto sized_read = measure(
            plans.scaling,
            [&] {
                read.reset();
                input = sized_writer.text;
            },
            [&] {
                read.emplace(forms::read_record(std::move(input), "bench/sized.record.xml", sized_registry));
                keep(read->record ? 1U : 0U);
            });
        print_row("load_form_definition: " + std::to_string(fields) + " fields, " + std::to_string(fields / 6) + " rules",
                  sized_load);
        print_row("read_record: " + std::to_string(fields) + " fields", sized_read);
        sizes.emplace_back(sized_load, sized_read);
    }
    print_note("600 / 300 fields: load " + ratio_text(sizes[2].first.median_ns, sizes[1].first.median_ns) +
               ", read " + ratio_text(sizes[2].second.median_ns, sizes[1].second.median_ns) +
               " (2.00x would be linear)");

    // 5. The record store, on a real SQLite file in a temporary folder.
    try {
        run_store_bench(quick);
    } catch (const std::exception& e) {
        return fail(std::string("the store benchmark: ") + e.what());
    }

    // 6. The exporters, from a store of their own.
    try {
        run_export_bench(quick);
    } catch (const std::exception& e) {
        return fail(std::string("the export benchmark: ") + e.what());
    }

    // 7. The round trip: a workbook coming back against record files.
    try {
        run_round_trip_bench(quick);
    } catch (const std::exception& e) {
        return fail(std::string("the round trip benchmark: ") + e.what());
    }

    std::printf("\n(checksum %zu)\n", static_cast<std::size_t>(sink));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // An export measured in a process of its own (its peak memory), started by the bench.
    if (argc > 1 && std::strcmp(argv[1], export_child_option) == 0) return run_export_child(argc, argv);
    bool quick = false;
    bool exports_only = false;
    bool store_only = false;
    bool round_trip_only = false;
    std::string server;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) {
            quick = true;
        } else if (std::strcmp(argv[i], "--exports") == 0) {
            exports_only = true;
        } else if (std::strcmp(argv[i], "--store") == 0) {
            store_only = true;
        } else if (std::strcmp(argv[i], "--round-trip") == 0) {
            round_trip_only = true;
        } else if (std::strcmp(argv[i], "--server") == 0) {
            if (i + 1 == argc || *argv[i + 1] == '\0') {
                std::fprintf(stderr, "formwork_bench: --server needs a PostgreSQL connection string or a file holding one\n");
                return 2;
            }
            server = argv[++i];
        } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::printf("usage: formwork_bench [--quick] [--exports | --store | --round-trip | --server CONNECTION]\n"
                        "  Times validation, definition loading, record files, the record store, the\n"
                        "  exporters and the workbook round trip; prints median, p10 and p90.\n"
                        "  --quick    fewer repetitions and 5,000 records, not 100,000 (a smoke run; rougher figures)\n"
                        "  --exports  only the exporters' part (section 6 of docs/performance.md)\n"
                        "  --store    only the record store's part\n"
                        "  --round-trip\n"
                        "             only the round trip: a workbook of 10,000 changed records coming back\n"
                        "             against the same changes as record files (--quick: 1,000)\n"
                        "  --server CONNECTION\n"
                        "             only the PostgreSQL store against SQLite: 10 writer processes x 1,000 saves,\n"
                        "             and lists of 100,000 records (--quick: 2 x 50, 2,000). CONNECTION is a libpq\n"
                        "             connection string or a file holding one (scripts/pg_test_cluster.sh writes\n"
                        "             DIR/owner_connection); its role must be able to CREATE DATABASE. An unreachable\n"
                        "             server is a failure, never a skip.\n");
            return 0;
        } else {
            std::fprintf(stderr, "formwork_bench: unknown argument '%s' (try --help)\n", argv[i]);
            return 2;
        }
    }
    try {
        return run(quick, exports_only, store_only, round_trip_only, server);
    } catch (const std::exception& e) {
        return fail(std::string("unexpected error: ") + e.what());
    }
}
