// A small program the fault tests run as a separate process, so that it can be killed
// mid-save with SIGKILL, or run out of disk on a tmpfs the test mounted.
//   save-loop DB FORM         saves forever; prints "saved ID REVISION" after each commit
//   check DB ACKED FORM       every acknowledged save is there; integrity_check and the trail hold
//   fill DB FORM              saves until the disk is full; the store must say so and stay intact
//   read-only DB FORM         a save on a read-only database fails clearly; reading still works
#include <formwork/model/definition_loader.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

using namespace formwork;

namespace {

forms::FormDefinitionPtr load_form(const char* path) {
    auto load = forms::load_form_definition_file(path);
    if (!load.form) {
        for (const auto& d : load.diagnostics) std::cerr << d.format() << "\n";
        std::exit(2);
    }
    return load.form;
}

forms::Record sample(const forms::FormDefinition& form, int n, std::size_t text_size) {
    auto record = forms::new_record(form, "driver", forms::utc_timestamp_now());
    forms::set_value(form, record, "title", "Record " + std::to_string(n));
    forms::set_value(form, record, "other-details", std::string(text_size, static_cast<char>('a' + n % 26)));
    return record;
}

std::string integrity(const std::string& path) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* statement = nullptr;
    std::string result = "could not run integrity_check";
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
        result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return result;
}

int save_loop(const std::string& db, const forms::FormDefinition& form) {
    auto store = forms::open_sqlite_store({db});
    for (int n = 0;; ++n) {
        auto record = sample(form, n, 200);
        store->create(form, record, "driver");
        std::printf("saved %s %ld\n", record.meta.id.c_str(), record.meta.revision);
        forms::set_value(form, record, "title", "Record " + std::to_string(n) + ", revised");
        store->update(form, record, 1, "driver");
        std::printf("saved %s %ld\n", record.meta.id.c_str(), record.meta.revision);
        std::fflush(stdout);
    }
}

int check(const std::string& db, const std::string& acked_file) {
    auto store = forms::open_sqlite_store({db});
    std::ifstream acked(acked_file);
    std::string word, id;
    long revision = 0;
    int count = 0;
    while (acked >> word >> id >> revision) {
        const auto record = store->load(id);
        if (!record || record->meta.revision < revision) {
            std::cerr << "acknowledged save lost: " << id << " revision " << revision << "\n";
            return 1;
        }
        ++count;
    }
    const auto trail = store->verify_trail();
    const auto health = integrity(db);
    std::cout << count << " acknowledged saves present; integrity_check: " << health << "; trail "
              << (trail.intact ? "intact" : "broken: " + trail.problem) << " (" << trail.entries << " entries)\n";
    return health == "ok" && trail.intact && count > 0 ? 0 : 1;
}

int fill(const std::string& db, const forms::FormDefinition& form) {
    long saved = 0;
    try {
        auto store = forms::open_sqlite_store({db});
        for (int n = 0; n < 1'000'000; ++n) {
            auto record = sample(form, n, 4000);
            store->create(form, record, "driver");
            ++saved;
        }
        std::cerr << "the disk never filled\n";
        return 1;
    } catch (const forms::StoreError& e) {
        std::cout << "after " << saved << " saves: " << e.what() << "\n";
        if (std::string(e.what()).find("is full") == std::string::npos) return 1;
    }
    // Everything saved before the failure is intact, and the store still opens.
    auto store = forms::open_sqlite_store({db});
    const auto total = store->list({}).total;
    const auto health = integrity(db);
    const auto trail = store->verify_trail();
    std::cout << total << " records after reopening; integrity_check: " << health << "; trail "
              << (trail.intact ? "intact" : "broken") << "\n";
    return static_cast<long>(total) == saved && health == "ok" && trail.intact ? 0 : 1;
}

int read_only(const std::string& db, const forms::FormDefinition& form) {
    try {
        auto store = forms::open_sqlite_store({db});
        const auto before = store->list({}).total;
        std::cout << "read " << before << " records\n";
        auto record = sample(form, 0, 10);
        try {
            store->create(form, record, "driver");
        } catch (const forms::StoreError& e) {
            std::cout << "save refused: " << e.what() << "\n";
            return std::string(e.what()).find("read-only") != std::string::npos && store->list({}).total == before ? 0 : 1;
        }
        std::cerr << "a save on a read-only database succeeded\n";
        return 1;
    } catch (const forms::StoreError& e) {
        std::cout << "open refused: " << e.what() << "\n";
        return std::string(e.what()).find("read-only") != std::string::npos ? 0 : 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: store_fault_driver save-loop|check|fill|read-only DB [ACKED] FORM\n";
        return 2;
    }
    const std::string mode = argv[1], db = argv[2];
    try {
        if (mode == "check" && argc == 5) return check(db, argv[3]);
        const auto form = load_form(argv[3]);
        if (mode == "save-loop") return save_loop(db, *form);
        if (mode == "fill") return fill(db, *form);
        if (mode == "read-only") return read_only(db, *form);
    } catch (const std::exception& e) {
        std::cerr << mode << ": " << e.what() << "\n";
        return 1;
    }
    std::cerr << "unknown mode " << mode << "\n";
    return 2;
}
