#include "server_bench.hpp"

#include "harness.hpp"
#include "report.hpp"
#include "store_corpus.hpp"
#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/store/open_store.hpp>
#include <formwork/store/postgres_store.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/record_store.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <libpq-fe.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace formwork::bench {

namespace {

namespace forms = formwork::forms;
namespace fs = std::filesystem;

struct ServerPlans {
    std::size_t writers;
    std::size_t saves;    // by each writer
    std::size_t shared;   // records every writer updates now and then
    std::size_t records;  // listed
    Plan list;
};

ServerPlans server_plans(bool quick) {
    if (quick) return {2, 50, 4, 2000, {1, 5}};
    return {10, 1000, 10, 100000, {3, 30}};
}

constexpr double list_target_ns = 50e6;

// ---- The server: its connection string, a plain libpq connection, a fresh database ----

std::string read_server(const std::string& argument) {
    if (forms::is_postgres_location(argument)) return argument;
    std::ifstream file(argument);
    std::string line;
    if (!file)
        throw std::runtime_error("--server " + argument +
                                 " is neither a PostgreSQL connection string nor a readable file holding one "
                                 "(start a server with scripts/pg_test_cluster.sh start DIR and give DIR/owner_connection)");
    if (!std::getline(file, line) || !forms::is_postgres_location(line))
        throw std::runtime_error("the first line of " + argument + " is not a PostgreSQL connection string");
    return line;
}


// One libpq connection for the bench's own SQL (CREATE DATABASE, SHOW): never a store's.
class Server {
public:
    explicit Server(const std::string& connection) : connection_(PQconnectdb(connection.c_str())) {
        if (PQstatus(connection_) != CONNECTION_OK) {
            std::string message = PQerrorMessage(connection_);
            while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
            PQfinish(connection_);
            throw std::runtime_error("cannot reach the PostgreSQL server " + forms::redact_connection_string(connection) +
                                     ": " + message +
                                     " (the server bench needs a running server; it never skips: start one with "
                                     "scripts/pg_test_cluster.sh start DIR)");
        }
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    ~Server() { PQfinish(connection_); }

    // The first column of the first row ("" for a command), or throws.
    std::string run(const std::string& sql) {
        PGresult* result = PQexec(connection_, sql.c_str());
        const auto status = PQresultStatus(result);
        std::string value;
        if (status == PGRES_TUPLES_OK && PQntuples(result) > 0) value = PQgetvalue(result, 0, 0);
        PQclear(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            throw std::runtime_error(sql + ": " + PQerrorMessage(connection_));
        return value;
    }

private:
    PGconn* connection_;
};

// A database of its own on the server, dropped when it goes (FORMWORK_BENCH_KEEP=1 keeps it).
class FreshDatabase {
public:
    FreshDatabase(const std::string& server, const std::string& purpose) : server_(server) {
        static int made = 0;
        name_ = "formwork_bench_" + purpose + "_" + std::to_string(::getpid()) + "_" + std::to_string(++made);
        Server(server_).run("CREATE DATABASE " + name_);
        connection_ = forms::connection_string_for_database(server_, name_);
    }
    FreshDatabase(const FreshDatabase&) = delete;
    FreshDatabase& operator=(const FreshDatabase&) = delete;
    ~FreshDatabase() {
        if (const char* keep = std::getenv("FORMWORK_BENCH_KEEP"); keep != nullptr && *keep != '\0' && *keep != '0') {
            std::fprintf(stderr, "formwork_bench: kept the database %s\n", name_.c_str());
            return;
        }
        try {
            Server(server_).run("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "formwork_bench: could not drop the database %s: %s\n", name_.c_str(), e.what());
        }
    }
    const std::string& connection() const noexcept { return connection_; }
    const std::string& name() const noexcept { return name_; }

private:
    std::string server_;
    std::string name_;
    std::string connection_;
};

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

double since_ns(Clock::time_point from) {
    return std::chrono::duration<double, std::nano>(Clock::now() - from).count();
}

// steady_clock is CLOCK_MONOTONIC, one clock for every process on the machine: the
// writers' start and end times compare with the parent's.
double monotonic_ns() {
    return std::chrono::duration<double, std::nano>(Clock::now().time_since_epoch()).count();
}

// ---- 1. Concurrent writers ----

struct WriterResult {
    std::size_t attempts = 0, saves = 0, conflicts = 0, errors = 0;
    double started_ns = 0, finished_ns = 0;  // monotonic_ns
    std::string first_error;
    std::vector<double> latencies_ns;  // of each successful save
};

void write_result(const fs::path& file, const WriterResult& result) {
    std::ofstream out(file);
    std::string error = result.first_error;
    std::replace(error.begin(), error.end(), '\n', ' ');
    out.precision(17);
    out << result.attempts << ' ' << result.saves << ' ' << result.conflicts << ' ' << result.errors << ' '
        << result.started_ns << ' ' << result.finished_ns << '\n'
        << error << '\n';
    for (const double ns : result.latencies_ns) out << ns << '\n';
    if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

WriterResult read_result(const fs::path& file) {
    std::ifstream in(file);
    WriterResult result;
    if (!(in >> result.attempts >> result.saves >> result.conflicts >> result.errors >> result.started_ns >>
          result.finished_ns))
        throw std::runtime_error("a writer process left no result in " + file.string());
    in.ignore(1);
    std::getline(in, result.first_error);
    double ns = 0;
    while (in >> ns) result.latencies_ns.push_back(ns);
    return result;
}

struct WriterPlan {
    std::string location;  // open_store's: a file or a connection string
    std::size_t saves = 0;
    std::vector<std::string> shared;  // ids every writer updates one save in five
};

// How many records each writer creates first: then it updates them in turn.
std::size_t own_records(std::size_t saves) { return std::max<std::size_t>(2, saves / 50); }

// One writer's saves, in its own process with its own store: first it creates its own
// records, then updates them in turn; one save in five updates a shared record instead,
// chosen at random and loaded one save earlier (an officer's open record), so that another
// writer may have saved it meanwhile: that save gets a ConflictError, which is counted.
// Only the save is timed.
WriterResult write_as(std::size_t writer, const WriterPlan& plan, const forms::FormDefinition& form,
                      const GeneratedForm& generated, int ready_fd, int go_fd, bool& told_ready) {
    auto store = forms::open_store(plan.location);
    const std::string user = "writer-" + std::to_string(writer + 1);
    const auto own_count = own_records(plan.saves);
    std::vector<forms::Record> own;
    own.reserve(own_count);
    // Ready; then wait for the parent to close the pipe: every writer starts at once.
    char byte = 'r';
    if (::write(ready_fd, &byte, 1) != 1) throw std::runtime_error("cannot tell the parent this writer is ready");
    told_ready = true;
    ::close(ready_fd);
    while (::read(go_fd, &byte, 1) < 0 && errno == EINTR) {
    }
    ::close(go_fd);

    WriterResult result;
    result.latencies_ns.reserve(plan.saves);
    result.started_ns = monotonic_ns();
    std::optional<forms::Record> opened_shared;
    // Which shared record: at random, each writer its own fixed seed, so that writers collide
    // however the scheduler interleaves them (a fixed rotation kept writers that ran in step
    // on different records, and no conflict happened at all on a quiet machine).
    std::mt19937 random(static_cast<std::mt19937::result_type>(writer + 1));
    std::uniform_int_distribution<std::size_t> pick_shared(0, plan.shared.empty() ? 0 : plan.shared.size() - 1);
    const auto save = [&](const std::function<void()>& body) {
        ++result.attempts;
        const auto start = Clock::now();
        try {
            body();
            result.latencies_ns.push_back(since_ns(start));
            ++result.saves;
        } catch (const forms::ConflictError&) {
            ++result.conflicts;
        } catch (const std::exception& e) {
            if (result.errors++ == 0) result.first_error = e.what();
        }
    };
    const auto amend = [&](forms::Record& record, std::size_t i) {
        const auto value = "Amended by " + user + ", save " + std::to_string(i + 1);
        if (const auto problem = forms::set_value(form, record, "f019", value)) throw std::runtime_error(problem->format());
    };
    for (std::size_t i = 0; i < plan.saves; ++i) {
        const bool shared_phase = i >= own_count && !plan.shared.empty();
        if (shared_phase && i % 5 == 4)  // opened now, saved at the next save
            opened_shared = store->load(plan.shared[pick_shared(random)]);
        if (i < own_count) {
            auto record = forms::new_record(form, user, timestamp(std::time(nullptr)));
            for (const auto& [path, value] : generated.values)
                if (const auto problem = forms::set_value(form, record, path, value))
                    throw std::runtime_error(problem->format());
            const auto title = "Application 25/" + std::to_string(writer + 1) + "/" + std::to_string(i + 1) + " at " +
                               std::to_string(i + 1) + " Mill Lane";
            if (const auto problem = forms::set_value(form, record, "f001", title)) throw std::runtime_error(problem->format());
            save([&] { store->create(form, record, user); });
            if (result.saves > own.size()) own.push_back(std::move(record));
        } else if (shared_phase && i % 5 == 0 && opened_shared) {
            amend(*opened_shared, i);
            save([&] { store->update(form, *opened_shared, opened_shared->meta.revision, user); });
            opened_shared.reset();
        } else if (!own.empty()) {
            auto& record = own[i % own.size()];
            amend(record, i);
            save([&] { store->update(form, record, record.meta.revision, user); });
        }
    }
    result.finished_ns = monotonic_ns();
    store.reset();
    return result;
}

struct WritersRun {
    std::size_t writers = 0, attempts = 0, saves = 0, conflicts = 0, errors = 0, setup_saves = 0;
    double wall_ns = 0;
    std::vector<double> latencies_ns;  // sorted
    std::string first_error;
    forms::TrailCheck trail;
    double verify_ns = 0;
    bool trail_matches = false;
};

// Forks plan.writers processes; each opens its own store at `location`, waits for the
// others, saves, and writes what it measured to a file in `folder` that the parent merges.
WritersRun run_writers(const std::string& location, const fs::path& folder, const ServerPlans& plans,
                       const forms::FormDefinition& form, const GeneratedForm& generated) {
    WriterPlan plan{location, plans.saves, {}};
    WritersRun run;
    run.writers = plans.writers;
    {  // The schema, and the shared records (counted as saves the trail will hold).
        auto store = forms::open_store(location);
        for (std::size_t s = 0; s < plans.shared; ++s) {
            auto record = forms::new_record(form, store_user, timestamp(std::time(nullptr)));
            for (const auto& [path, value] : generated.values)
                if (const auto problem = forms::set_value(form, record, path, value))
                    throw std::runtime_error(problem->format());
            if (const auto problem = forms::set_value(form, record, "f001", "Shared application " + std::to_string(s + 1)))
                throw std::runtime_error(problem->format());
            store->create(form, record, store_user);
            plan.shared.push_back(record.meta.id);
            ++run.setup_saves;
        }
    }  // closed: no connection or file handle crosses the fork

    int ready[2], go[2];
    if (::pipe(ready) != 0 || ::pipe(go) != 0) throw std::runtime_error("cannot make the writers' pipes");
    std::fflush(stdout);
    std::fflush(stderr);
    std::vector<pid_t> children;
    for (std::size_t w = 0; w < plans.writers; ++w) {
        const pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error("cannot start writer process " + std::to_string(w + 1));
        if (pid == 0) {
            ::close(ready[0]);
            ::close(go[1]);
            int status = 0;
            bool told_ready = false;
            const auto file = folder / ("writer-" + std::to_string(w + 1) + ".txt");
            try {
                write_result(file, write_as(w, plan, form, generated, ready[1], go[0], told_ready));
            } catch (const std::exception& e) {
                std::fprintf(stderr, "formwork_bench: writer %zu: %s\n", w + 1, e.what());
                status = 1;
                const char failed = 'x';  // not ready, and never will be: the parent need not wait
                if (!told_ready && ::write(ready[1], &failed, 1) != 1) status = 2;
            }
            std::fflush(stderr);
            ::_exit(status);  // no destructors, no atexit: the parent's state is the parent's
        }
        children.push_back(pid);
    }
    ::close(ready[1]);
    ::close(go[0]);
    std::size_t answered = 0;
    char byte = 0;
    while (answered < plans.writers) {
        const auto got = ::read(ready[0], &byte, 1);
        if (got == 1) {
            ++answered;
        } else if (got == 0 || errno != EINTR) {
            break;  // every writer has exited or answered
        }
    }
    ::close(ready[0]);
    const double go_ns = monotonic_ns();
    ::close(go[1]);  // go
    bool all_ran = true;
    for (const auto pid : children) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) all_ran = false;
    }
    if (!all_ran) throw std::runtime_error("a writer process failed (its message is above)");

    double last_ns = go_ns;
    for (std::size_t w = 0; w < plans.writers; ++w) {
        auto result = read_result(folder / ("writer-" + std::to_string(w + 1) + ".txt"));
        run.attempts += result.attempts;
        run.saves += result.saves;
        run.conflicts += result.conflicts;
        run.errors += result.errors;
        if (run.first_error.empty()) run.first_error = result.first_error;
        last_ns = std::max(last_ns, result.finished_ns);
        run.latencies_ns.insert(run.latencies_ns.end(), result.latencies_ns.begin(), result.latencies_ns.end());
    }
    run.wall_ns = last_ns - go_ns;
    std::sort(run.latencies_ns.begin(), run.latencies_ns.end());

    auto store = forms::open_store(location);
    const auto verify_start = Clock::now();
    run.trail = store->verify_trail();
    run.verify_ns = since_ns(verify_start);
    run.trail_matches = run.trail.intact && run.trail.entries == static_cast<long>(run.setup_saves + run.saves);
    return run;
}

// ---- 2. Listing ----

struct ListCase {
    std::string name;
    forms::ListQuery query;
};

struct ListTiming {
    std::vector<double> samples;  // sorted
    std::size_t total = 0;
    bool exact = true;             // false: more than `total` match (a one- or two-letter text)
    std::vector<std::string> ids;  // of the last page
};

ListTiming time_list(forms::RecordStore& store, const ListCase& c, const Plan& plan) {
    ListTiming timing;
    // The SQLite store keeps a list's count for its next page while the database is
    // unchanged: another list before each run (untimed) makes every run count afresh.
    // The server counts every page anyway.
    const auto other_list = [&] { keep(store.list({"(no such form)", "", "", {}, true, 0, 1}).rows.size()); };
    forms::ListPage page;
    for (std::size_t i = 0; i < plan.warm_up + plan.repetitions; ++i) {
        other_list();
        const auto start = Clock::now();
        page = store.list(c.query);
        const double ns = since_ns(start);
        if (i >= plan.warm_up) timing.samples.push_back(ns);
        keep(page.rows.size());
    }
    std::sort(timing.samples.begin(), timing.samples.end());
    timing.total = page.total;
    timing.exact = page.total_exact;
    for (const auto& row : page.rows) timing.ids.push_back(row.id);
    return timing;
}

double p95(const std::vector<double>& sorted) { return percentile(sorted, 0.95); }
double median(const std::vector<double>& sorted) { return percentile(sorted, 0.5); }

std::string rate_text(double count, double ns) {
    return count_text(static_cast<std::size_t>(ns > 0 ? count / (ns / 1e9) : 0)) + "/s";
}

void print_side(const std::string& name, const std::string& server, const std::string& sqlite,
                const std::string& ratio = {}, const std::string& note = {}) {
    std::printf("%-44s %14s %14s %10s  %s\n", name.c_str(), server.c_str(), sqlite.c_str(), ratio.c_str(), note.c_str());
}

}  // namespace

bool run_server_bench(const std::string& server_argument, bool quick) {
    const auto plans = server_plans(quick);
    const auto server = read_server(server_argument);
    std::string version, fsync, synchronous_commit, shared_buffers;
    {
        Server probe(server);
        version = probe.run("SHOW server_version");
        fsync = probe.run("SHOW fsync");
        synchronous_commit = probe.run("SHOW synchronous_commit");
        shared_buffers = probe.run("SHOW shared_buffers");
    }
    const auto generated = generate_store_form();
    forms::FormRegistry registry;
    if (!registry.add_definition(generated.xml, "bench/store.form.xml"))
        throw std::runtime_error("the store's generated definition does not load");
    const auto& form = *registry.forms().front().form;
    const TempFolder folder;
    bool ok = true;

    std::printf("\nServer store: PostgreSQL %s at %s (fsync=%s, synchronous_commit=%s, shared_buffers=%s), "
                "against SQLite (WAL, synchronous=FULL) in %s\n",
                version.c_str(), forms::redact_connection_string(server).c_str(), fsync.c_str(),
                synchronous_commit.c_str(), shared_buffers.c_str(), fs::temp_directory_path().c_str());
    if (fsync != "on")
        std::printf("NOTE: this server runs with fsync=%s: its commits do not wait for the disk, SQLite's do. "
                    "Compare the server with a server, and read the SQLite column as a reference.\n",
                    fsync.c_str());
    std::printf("load average at the start: %s\n", load_average().c_str());

    // 1. Concurrent writers.
    const auto own = own_records(plans.saves);
    std::printf("\n1. Concurrent writers: %zu processes x %s saves, each its own connection: %zu creates, then updates "
                "of its own records and, one save in five, of %zu records all writers share (opened one save "
                "earlier; a ConflictError is counted). Latency: successful saves only.\n",
                plans.writers, count_text(plans.saves).c_str(), own, plans.shared);
    WritersRun server_writers;
    {
        const FreshDatabase database(server, "writers");
        server_writers = run_writers(database.connection(), folder.path(), plans, form, generated);
    }
    std::printf("    load average after the server's writers: %s\n", load_average().c_str());
    std::fflush(stdout);
    const auto sqlite_writers =
        run_writers((folder.path() / "writers.db").string(), folder.path(), plans, form, generated);
    std::printf("    load average after SQLite's writers: %s\n\n", load_average().c_str());
    std::fflush(stdout);

    print_side("measurement", "PostgreSQL", "SQLite", "PG/SQLite");
    std::printf("%s\n", std::string(100, '-').c_str());
    const auto both = [&](const std::string& name, const std::function<double(const WritersRun&)>& figure,
                          const std::function<std::string(double)>& text, bool with_ratio) {
        const double a = figure(server_writers), b = figure(sqlite_writers);
        print_side(name, text(a), text(b), with_ratio ? ratio_text(a, b) : std::string());
    };
    const auto count = [](double v) { return count_text(static_cast<std::size_t>(v)); };
    const auto duration = [](double v) { return duration_text(v); };
    both("writers: save attempts", [](const WritersRun& r) { return static_cast<double>(r.attempts); }, count, false);
    both("writers: saved", [](const WritersRun& r) { return static_cast<double>(r.saves); }, count, false);
    both("writers: conflicts (ConflictError)", [](const WritersRun& r) { return static_cast<double>(r.conflicts); }, count,
         false);
    both("writers: other errors", [](const WritersRun& r) { return static_cast<double>(r.errors); }, count, false);
    both("writers: wall time, all processes", [](const WritersRun& r) { return r.wall_ns; }, duration, true);
    both("writers: throughput, saves/s",
         [](const WritersRun& r) { return static_cast<double>(r.saves) / (r.wall_ns / 1e9); },
         [](double v) { return count_text(static_cast<std::size_t>(v)) + "/s"; }, true);
    both("writers: latency per save, p50", [](const WritersRun& r) { return median(r.latencies_ns); }, duration, true);
    both("writers: latency per save, p95", [](const WritersRun& r) { return p95(r.latencies_ns); }, duration, true);
    both("writers: latency per save, max",
         [](const WritersRun& r) { return r.latencies_ns.empty() ? 0.0 : r.latencies_ns.back(); }, duration, true);
    both("writers: verify_trail", [](const WritersRun& r) { return r.verify_ns; }, duration, false);
    const WritersRun* const runs[] = {&server_writers, &sqlite_writers};
    for (const auto* run : runs) {
        const char* name = run == &server_writers ? "PostgreSQL" : "SQLite";
        std::printf("    %s trail: %s, %s entries; expected %s (%zu shared records created first + %s saved): %s\n",
                    name, run->trail.intact ? "intact" : ("BROKEN: " + run->trail.problem).c_str(),
                    count_text(static_cast<std::size_t>(run->trail.entries)).c_str(),
                    count_text(run->setup_saves + run->saves).c_str(), run->setup_saves, count_text(run->saves).c_str(),
                    run->trail_matches ? "OK" : "MISMATCH");
        if (!run->trail_matches) ok = false;
        if (run->errors > 0) std::printf("    %s: first error: %s\n", name, run->first_error.c_str());
    }

    // 2. Listing, on the server and on SQLite, the same records.
    const auto n = plans.records;
    std::printf("\n2. Listing %s records of a %zu-field form (imported with RecordStore::import, batches of 1,000); "
                "each query %zu times after %zu warm-up runs; every run counts afresh\n",
                count_text(n).c_str(), store_fields, plans.list.repetitions, plans.list.warm_up);
    std::fflush(stdout);
    const auto corpus = generate_records(form, generated, n);
    const std::vector<ListCase> cases{
        {"first page by modified (100) + count", {"", "", "", forms::ListSort::modified, true, 0, 100}},
        {"title sort, 200 at " + count_text(n / 2) + " + count", {"", "", "", forms::ListSort::title, false, n / 2, 200}},
        {"form + status, first page + count", {store_form_id, "complete", "", forms::ListSort::modified, true, 0, 100}},
        {"text 'Mill' (4 letters), first page + count", {"", "", "Mill", forms::ListSort::modified, true, 0, 100}},
        {"text 'Pa' (2 letters), first page + count", {"", "", "Pa", forms::ListSort::modified, true, 0, 100}},
        {"text 'Pa', 200 at 1,000 (list grown once)", {"", "", "Pa", forms::ListSort::modified, true, 1000, 200}},
        {"text 'Qz' (2 letters, in no record)", {"", "", "Qz", forms::ListSort::modified, true, 0, 100}},
        {"text 'e' (1 letter, in every record)", {"", "", "e", forms::ListSort::modified, true, 0, 100}}};
    const auto import_into = [&](forms::RecordStore& store) {
        const auto start = Clock::now();
        const auto items = store.import(registry, corpus.files, store_user, 1000);
        const double ns = since_ns(start);
        for (const auto& item : items)
            if (item.outcome != forms::ImportItem::Outcome::added)
                throw std::runtime_error("the import into " + store.location() + " did not add " + item.source +
                                         (item.diagnostics.empty() ? std::string() : ": " + item.diagnostics.front().format()));
        return ns;
    };
    std::vector<ListTiming> server_lists, vacuumed_lists, sqlite_lists;
    double server_import_ns = 0, sqlite_import_ns = 0, vacuum_ns = 0;
    std::string trigram;
    {
        const FreshDatabase database(server, "lists");
        auto store = forms::open_postgres_store(database.connection());
        trigram = Server(database.connection()).run("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'") == "1"
                      ? "pg_trgm index"
                      : "no pg_trgm: plain ILIKE";
        server_import_ns = import_into(*store);
        std::fflush(stdout);
        // Right after the bulk load, with fresh statistics (ANALYZE, as autovacuum soon
        // gives them) but no visibility map yet: counts and deep pages read the table.
        Server(database.connection()).run("ANALYZE");
        for (const auto& c : cases) server_lists.push_back(time_list(*store, c, plans.list));
        // Then as a server in use settles: once VACUUM (autovacuum's, after a bulk insert)
        // has set the visibility map, an index alone can answer a count or skip an offset.
        const auto vacuum_start = Clock::now();
        Server(database.connection()).run("VACUUM (ANALYZE) records");
        vacuum_ns = since_ns(vacuum_start);
        for (const auto& c : cases) vacuumed_lists.push_back(time_list(*store, c, plans.list));
    }
    {
        auto store = forms::open_sqlite_store({folder.path() / "lists.db", 5000});
        sqlite_import_ns = import_into(*store);
        for (const auto& c : cases) sqlite_lists.push_back(time_list(*store, c, plans.list));
    }
    std::printf("    server search: %s; load average after the lists: %s\n", trigram.c_str(), load_average().c_str());
    std::printf("    matches '>N': more than N; a one- or two-letter count stops past the page (ListQuery::count_ahead)\n\n");
    std::printf("%-58s %10s %10s %10s %10s %9s %9s  %s\n", "list()", "PG median", "PG p95", "SQLite med", "SQLite p95",
                "PG/SQLite", "matches", "PG median vs target");
    std::printf("%s\n", std::string(130, '-').c_str());
    std::printf("%-58s %10s %10s %10s %10s %9s\n", ("import " + count_text(n) + " records").c_str(),
                duration_text(server_import_ns).c_str(), "", duration_text(sqlite_import_ns).c_str(), "",
                ratio_text(server_import_ns, sqlite_import_ns).c_str());
    std::printf("    import: PostgreSQL %s, SQLite %s (records)\n", rate_text(static_cast<double>(n), server_import_ns).c_str(),
                rate_text(static_cast<double>(n), sqlite_import_ns).c_str());
    // One row a query: the server's median and p95 beside SQLite's, and the two stores must agree.
    const auto print_lists = [&](const std::string& label, const auto& server_side) {
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const auto& s = server_side[i];
            const auto& q = sqlite_lists[i];
            const double m = median(s.samples);
            std::printf("%-58s %10s %10s %10s %10s %9s %9s  < 50 ms: %s\n", (label + cases[i].name).c_str(),
                        duration_text(m).c_str(), duration_text(p95(s.samples)).c_str(),
                        duration_text(median(q.samples)).c_str(), duration_text(p95(q.samples)).c_str(),
                        ratio_text(m, median(q.samples)).c_str(), ((s.exact ? "" : ">") + count_text(s.total)).c_str(),
                        m < list_target_ns ? "met" : "MISSED");
            if (s.total != q.total || s.exact != q.exact || s.ids != q.ids) {
                std::printf("    MISMATCH: the server counts %s%zu and SQLite %s%zu; the pages %s\n", s.exact ? "" : "more than ",
                            s.total, q.exact ? "" : "more than ", q.total, s.ids == q.ids ? "agree" : "differ");
                ok = false;
            }
        }
    };
    print_lists("list: ", server_lists);
    std::printf("  the server again after VACUUM (ANALYZE) records (%s), SQLite's column repeated:\n",
                duration_text(vacuum_ns).c_str());
    print_lists("list, vacuumed: ", vacuumed_lists);
    const std::size_t expected[] = {n, n, corpus.by_status[1]};
    for (std::size_t i = 0; i < 3; ++i)
        if (server_lists[i].total != expected[i]) {
            std::printf("    WRONG COUNT: '%s' counts %zu, expected %zu\n", cases[i].name.c_str(), server_lists[i].total,
                        expected[i]);
            ok = false;
        }
    if (server_lists[3].total == 0 || server_lists[4].total == 0 || server_lists[7].total == 0) {
        std::printf("    WRONG COUNT: a text search found nothing\n");
        ok = false;
    }
    // A one- or two-letter count stops at the page's end plus count_ahead, or is exact below
    // it; 'e' is in every record, 'Qz' in none.
    for (std::size_t i = 4; i < cases.size(); ++i) {
        const auto& q = cases[i].query;
        const auto stop = q.offset + q.limit + q.count_ahead;
        const auto& s = server_lists[i];
        if (s.exact ? s.total > stop : s.total != stop) {
            std::printf("    WRONG COUNT: '%s' counts %s%zu, where the count stops at %zu\n", cases[i].name.c_str(),
                        s.exact ? "" : "more than ", s.total, stop);
            ok = false;
        }
    }
    if (server_lists[6].total != 0 || !server_lists[6].exact || server_lists[7].total != std::min<std::size_t>(n, 1100)) {
        std::printf("    WRONG COUNT: 'Qz' counts %zu and 'e' %zu\n", server_lists[6].total, server_lists[7].total);
        ok = false;
    }
    std::printf("\nload average at the end: %s\n", load_average().c_str());
    if (!ok) std::printf("formwork_bench --server: a check FAILED (above)\n");
    return ok;
}

}  // namespace formwork::bench
