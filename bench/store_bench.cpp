#include "store_bench.hpp"

#include "generated_form.hpp"
#include "harness.hpp"
#include "report.hpp"
#include "store_corpus.hpp"
#include "temp_folder.hpp"

#include <formwork/store/audit_log.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/record_store.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <pugixml.hpp>
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace formwork::bench {

namespace {

namespace forms = formwork::forms;
namespace fs = std::filesystem;

constexpr std::size_t batch_size = 1000;
const char* const search_text = "Mill Lane";

struct StorePlans {
    std::size_t records;
    Plan list, search, load, save, verify;
};

StorePlans store_plans(bool quick) {
    if (quick) return {5000, {1, 10}, {1, 3}, {5, 100}, {1, 5}, {0, 1}};
    return {100000, {3, 50}, {1, 10}, {20, 1000}, {2, 30}, {1, 3}};
}

// The baseline: raw SQLite, the same documents by id, in the same batches, in WAL mode
// with full synchronous commits and one prepared statement. Returns nanoseconds.
double raw_sqlite_insert(const fs::path& path, const Corpus& corpus) {
    sqlite3* handle = nullptr;
    const int opened = sqlite3_open(path.c_str(), &handle);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(handle, &sqlite3_close);
    const auto check = [&](int code, const char* doing) {
        if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW)
            throw std::runtime_error(std::string("raw SQLite baseline, ") + doing + ": " + sqlite3_errmsg(db.get()));
    };
    check(opened, "opening");
    const auto execute = [&](const char* sql) { check(sqlite3_exec(db.get(), sql, nullptr, nullptr, nullptr), sql); };
    execute("PRAGMA journal_mode = WAL");
    execute("PRAGMA synchronous = FULL");
    execute("CREATE TABLE documents (id TEXT PRIMARY KEY, document TEXT NOT NULL)");
    sqlite3_stmt* prepared = nullptr;
    check(sqlite3_prepare_v2(db.get(), "INSERT INTO documents (id, document) VALUES (?1, ?2)", -1, &prepared, nullptr),
          "preparing the insert");
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> insert(prepared, &sqlite3_finalize);

    const auto start = Clock::now();
    const auto count = corpus.files.size();
    for (std::size_t next = 0; next < count;) {
        execute("BEGIN IMMEDIATE");
        for (std::size_t in_batch = 0; next < count && in_batch < batch_size; ++next, ++in_batch) {
            const auto& id = corpus.ids[next];
            const auto& text = corpus.files[next].second;
            check(sqlite3_bind_text(insert.get(), 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC), "binding");
            check(sqlite3_bind_text(insert.get(), 2, text.data(), static_cast<int>(text.size()), SQLITE_STATIC),
                  "binding");
            check(sqlite3_step(insert.get()), "inserting");
            check(sqlite3_reset(insert.get()), "resetting");
        }
        execute("COMMIT");
    }
    return std::chrono::duration<double, std::nano>(Clock::now() - start).count();
}

// The database file and its write-ahead log (0 when there is none).
std::pair<std::uintmax_t, std::uintmax_t> size_on_disk(const fs::path& database) {
    std::uintmax_t sizes[2] = {0, 0};
    for (std::size_t i = 0; i < 2; ++i) {
        std::error_code error;
        const auto size = fs::file_size(database.string() + (i == 0 ? "" : "-wal"), error);
        if (!error) sizes[i] = size;
    }
    return {sizes[0], sizes[1]};
}

Summary once(double ns) { return {1, ns, ns, ns}; }

// This process's CPU time so far, user + system, in nanoseconds.
double cpu_ns() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ns = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_usec) * 1e3; };
    return ns(usage.ru_utime) + ns(usage.ru_stime);
}

// What the import does per record outside SQLite, on the first files: read the file
// (read_record), make its audit entry (diff_records, encode_changes, sha256_hex, audit_digest) and
// write the document it stores (write_record). Nanoseconds per record, each part.
struct EngineWork {
    std::size_t sample = 0;
    double read_ns = 0, audit_ns = 0, write_ns = 0;
    double total() const { return read_ns + audit_ns + write_ns; }
};

EngineWork engine_work(const forms::FormRegistry& registry, const Corpus& corpus, std::size_t sample) {
    EngineWork work;
    work.sample = std::min(sample, corpus.files.size());
    std::string previous = forms::genesis_digest();
    const auto ns = [](Clock::time_point from, Clock::time_point to) {
        return std::chrono::duration<double, std::nano>(to - from).count();
    };
    // One record at a time, as the import does: each is freed before the next is read.
    for (std::size_t i = 0; i < work.sample; ++i) {
        const auto start = Clock::now();
        const auto read = forms::read_record(corpus.files[i].second, corpus.files[i].first, registry);
        const auto read_done = Clock::now();
        if (!read.record) throw std::runtime_error("a generated record file does not read");
        forms::AuditEntry entry;
        entry.previous_digest = previous;
        entry.record_id = read.record->meta.id;
        entry.action = "import";
        entry.changes = forms::diff_records(*read.form, nullptr, *read.record);
        // As append_audit does (chain version 2): the values digested, then the entry.
        entry.values_digest = forms::sha256_hex(forms::encode_changes(entry.changes));
        previous = forms::audit_digest(entry);
        const auto audit_done = Clock::now();
        forms::StringWriter writer;
        forms::write_record(*read.record, writer);
        keep(writer.text.size());
        const auto write_done = Clock::now();
        work.read_ns += ns(start, read_done);
        work.audit_ns += ns(read_done, audit_done);
        work.write_ns += ns(audit_done, write_done);
    }
    const auto per = static_cast<double>(work.sample);
    work.read_ns /= per;
    work.audit_ns /= per;
    work.write_ns /= per;
    return work;
}

}  // namespace

void run_store_bench(bool quick) {
    const auto plans = store_plans(quick);
    const auto n = plans.records;
    const auto generated =
        generate_form(store_fields, store_sections, store_rules, store_form_id, "concat(f001, ': ', f007)");
    forms::FormRegistry registry;
    if (!registry.add_definition(generated.xml, "bench/store.form.xml"))
        throw std::runtime_error("the store's generated definition does not load");
    const auto& form = *registry.forms().front().form;
    const auto corpus = generate_records(form, generated, n);
    std::size_t bytes = 0;
    for (const auto& file : corpus.files) bytes += file.second.size();

    const TempFolder folder;  // removed last, after the store is closed
    std::printf("\nRecord store: SQLite (WAL, synchronous=FULL) in %s, %s records of a %zu-field form\n",
                fs::temp_directory_path().c_str(), count_text(n).c_str(), store_fields);
    print_header();

    // 1. Import, and raw SQLite inserting the same documents.
    const auto raw_path = folder.path() / "raw.db";
    const double raw_cpu_start = cpu_ns();
    const double raw_ns = raw_sqlite_insert(raw_path, corpus);
    const double raw_cpu = cpu_ns() - raw_cpu_start;
    const auto raw_size = size_on_disk(raw_path);
    fs::remove(raw_path);

    auto store = forms::open_sqlite_store({folder.path() / "formwork.db", 5000});
    const auto database = fs::path(store->location());
    const double import_cpu_start = cpu_ns();
    const auto import_start = Clock::now();
    const auto items = store->import(registry, corpus.files, store_user, batch_size);
    const double import_ns = std::chrono::duration<double, std::nano>(Clock::now() - import_start).count();
    const double import_cpu = cpu_ns() - import_cpu_start;
    for (const auto& item : items)
        if (item.outcome != forms::ImportItem::Outcome::added)
            throw std::runtime_error("the import did not add " + item.source +
                                     (item.diagnostics.empty() ? std::string() : ": " + item.diagnostics.front().format()));
    const auto store_size = size_on_disk(database);

    print_row("store import: " + count_text(n) + " records, batches of 1000", once(import_ns));
    print_row("  raw SQLite: the same documents, id + text", once(raw_ns));
    const auto per_second = [&](double ns) { return count_text(static_cast<std::size_t>(static_cast<double>(n) / (ns / 1e9))); };
    print_note("import " + per_second(import_ns) + " records/s (" + duration_text(import_ns / static_cast<double>(n)) +
               " a record); raw SQLite " + per_second(raw_ns) + " records/s; import / raw: " +
               ratio_text(import_ns, raw_ns));
    print_note("CPU time (user + system): import " + duration_text(import_cpu) + ", raw SQLite " + duration_text(raw_cpu) +
               "; the rest of the wall time is waiting for the disk (fsync)");
    const auto work = engine_work(registry, corpus, 5000);
    print_note("engine work a record (on " + count_text(work.sample) + " files): read_record " +
               duration_text(work.read_ns) + ", audit entry " + duration_text(work.audit_ns) + ", write_record " +
               duration_text(work.write_ns) + ": " + duration_text(work.total()) + ", " +
               percent_text(work.total() * static_cast<double>(n), import_ns) + " of the import's wall time");
    print_note("record files " + megabytes(bytes) + " (" + std::to_string(bytes / n) + " bytes each); database " +
               megabytes(store_size.first) + " + WAL " + megabytes(store_size.second) + " (raw SQLite: " +
               megabytes(raw_size.first) + " + WAL " + megabytes(raw_size.second) + ")");

    // 2. Lists: the first page and its count.
    const forms::ListQuery filtered{store_form_id, "complete", "", forms::ListSort::modified, true, 0, 100};
    const forms::ListQuery everything{"", "", "", forms::ListSort::modified, true, 0, 100};
    const forms::ListQuery search{"", "", search_text, forms::ListSort::modified, true, 0, 100};
    std::size_t matched[3] = {0, 0, 0};
    const auto list_page = [&](const forms::ListQuery& query, std::size_t& total) {
        const auto page = store->list(query);
        total = page.total;
        keep(page.rows.size());
    };
    // The store keeps a list's count for its next page until the database changes: before
    // each timed run another list is asked for (not timed), so every row below counts afresh.
    const auto other_list = [&] { keep(store->list({"(no such form)", "", "", {}, true, 0, 1}).rows.size()); };
    const auto listed_filtered = measure(plans.list, other_list, [&] { list_page(filtered, matched[0]); });
    const auto listed_all = measure(plans.list, other_list, [&] { list_page(everything, matched[1]); });
    const auto listed_search = measure(plans.search, other_list, [&] { list_page(search, matched[2]); });
    if (matched[0] != corpus.by_status[1] || matched[1] != n || matched[2] == 0)
        throw std::runtime_error("the store's lists do not count the imported records");
    print_row("store list: form + status, first 100 + count", listed_filtered, 20e6, "< 20 ms");
    print_row("store list: everything, first 100 + count", listed_all);
    print_row("store list: text '" + std::string(search_text) + "', first 100 + count", listed_search, 100e6, "< 100 ms");
    print_note("matches: " + count_text(matched[0]) + " complete, " + count_text(matched[1]) + " in all, " +
               count_text(matched[2]) + " with the text");

    // The GUI's virtual list asks for pages of 200 rows wherever the person scrolls to, in
    // any sort: pages from the middle of the list, each with its count.
    const std::size_t gui_page = 200;
    const auto deep_page = [&](const forms::ListQuery& query, std::size_t expected_total) {
        const auto page = store->list(query);
        if (page.total != expected_total || page.rows.size() != std::min(gui_page, expected_total - std::min(expected_total, query.offset)))
            throw std::runtime_error("the store's list gives " + std::to_string(page.rows.size()) + " rows of " +
                                     std::to_string(page.total) + " for a page at " + std::to_string(query.offset));
        keep(page.rows.size());
    };
    const forms::ListQuery title_deep{"", "", "", forms::ListSort::title, false, n / 2, gui_page};
    const forms::ListQuery title_filtered_deep{store_form_id, "complete", "", forms::ListSort::title, true,
                                               corpus.by_status[1] / 2, gui_page};
    const forms::ListQuery status_deep{"", "", "", forms::ListSort::status, true, n / 2, gui_page};
    const forms::ListQuery draft_deep{"", "draft", "", forms::ListSort::modified, false, corpus.by_status[0] / 2, gui_page};
    forms::ListQuery search_page_2 = search;
    search_page_2.offset = gui_page;
    search_page_2.limit = gui_page;
    search_page_2.sort = forms::ListSort::title;
    const forms::ListQuery short_search{"", "", "Pa", forms::ListSort::modified, true, 0, gui_page};
    const auto title_deep_time = measure(plans.list, other_list, [&] { deep_page(title_deep, n); });
    const auto title_filtered_time = measure(plans.list, other_list, [&] { deep_page(title_filtered_deep, corpus.by_status[1]); });
    const auto status_deep_time = measure(plans.list, other_list, [&] { deep_page(status_deep, n); });
    const auto draft_deep_time = measure(plans.list, other_list, [&] { deep_page(draft_deep, corpus.by_status[0]); });
    const auto search_page_2_time = measure(plans.search, other_list, [&] { deep_page(search_page_2, matched[2]); });
    // Scrolling on: the same list, its count kept from the page before.
    const auto title_next_time = measure(plans.list, [&] { deep_page(title_deep, n); });
    std::size_t short_matched = 0;
    const auto short_search_time = measure(plans.search, other_list, [&] { list_page(short_search, short_matched); });
    print_row("store list: title sort, deep page (200 at " + count_text(n / 2) + ") + count", title_deep_time, 50e6, "< 50 ms");
    print_row("store list: title sort, the next deep page (count kept)", title_next_time, 50e6, "< 50 ms");
    print_row("store list: form + status, title desc, deep page + count", title_filtered_time, 50e6, "< 50 ms");
    print_row("store list: status sort, deep page + count", status_deep_time, 50e6, "< 50 ms");
    print_row("store list: status, modified asc, deep page + count", draft_deep_time, 50e6, "< 50 ms");
    print_row("store list: text '" + std::string(search_text) + "', title sort, page 2 + count", search_page_2_time, 100e6,
              "< 100 ms");
    print_row("store list: 2-letter text 'Pa', first 200 + count", short_search_time);
    print_note("matches: " + count_text(short_matched) + " with 'Pa'");

    // 3. Opening one record, and saving one.
    std::mt19937_64 random(20240601);
    std::uniform_int_distribution<std::size_t> pick(0, n - 1);
    std::string id;
    const auto loading = measure(
        plans.load, [&] { id = corpus.ids[pick(random)]; },
        [&] {
            const auto record = store->load(id);
            keep(record ? 1U : 0U);
        });
    if (!store->load(corpus.ids.front())) throw std::runtime_error("the store does not load an imported record");
    print_row("store load: one record by id", loading, 2e6, "< 2 ms");

    std::optional<forms::Record> editing;
    std::size_t saves = 0;
    const auto saving = measure(
        plans.save,
        [&] {
            // A draft: a complete or submitted record is locked, and its content is not saved.
            for (int tries = 0; tries < 1000; ++tries) {
                editing = store->load(corpus.ids[pick(random)]);
                if (!editing) throw std::runtime_error("the store does not load an imported record");
                if (!form.lifecycle.locks(editing->meta.status)) break;
            }
            if (form.lifecycle.locks(editing->meta.status)) throw std::runtime_error("the corpus holds no draft to update");
            const std::string note = "Amended by the bench, save " + std::to_string(++saves);
            if (const auto problem = forms::set_value(form, *editing, "f019", note))
                throw std::runtime_error(problem->format());
        },
        [&] { store->update(form, *editing, editing->meta.revision, store_user); });
    print_row("store update: one record (a commit: fsync)", saving);

    // 4. The whole audit trail.
    forms::TrailCheck trail;
    const auto verifying = measure(plans.verify, [&] {
        trail = store->verify_trail();
        keep(static_cast<std::size_t>(trail.entries));
    });
    if (!trail.intact || trail.entries < static_cast<long>(n))
        throw std::runtime_error("the audit trail does not verify: " + trail.problem);
    print_row("store verify_trail: " + count_text(static_cast<std::size_t>(trail.entries)) + " entries", verifying);
    print_note("per entry: " + duration_text(verifying.median_ns / static_cast<double>(trail.entries)));
    store.reset();
}

}  // namespace formwork::bench
