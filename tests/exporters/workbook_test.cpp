// The workbook export, read back by an independent reader (openpyxl, through
// read_workbook.py): typed cells, text that stays text, Excel's limits, both layouts,
// drop-downs and colours, plugins' views, the sheet XML against golden files, and
// failures (a missing folder, a read-only or full disk, a cancel) that leave nothing.
#include "attendance_categories.hpp"
#include "cancel_after.hpp"
#include "form_fixtures.hpp"
#include "temp_folder.hpp"

#include "../../exporters/xlsx/workbook_exporter.hpp"

#include <formwork/exporters/export_request.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/build_info.hpp>
#include <formwork/model/council_profile.hpp>
#include <formwork/model/xsd.hpp>
#include <formwork/store/export_source.hpp>
#include <formwork/store/sqlite_store.hpp>

#include "reader_output.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace formwork;
using Catch::Matchers::Contains;
using exporters::ExportError;

namespace {

// ---- Reading a workbook back ----

std::string reader_command(const std::string& arguments) {
    return "/usr/bin/python3 " + test::shell_quoted(FORMWORK_READ_WORKBOOK) + " " + arguments;
}

struct CellRead {
    std::string type;       // Python's: str, int, float, datetime, bool
    std::string data_type;  // openpyxl's: s, n, d, b
    std::string value;
};

struct WorkbookRead {
    std::vector<std::pair<std::string, std::string>> sheets;  // name, state
    std::map<std::string, CellRead> cells;                    // "Sheet!A1"
    std::map<std::string, std::string> fills;                 // "Sheet!A1" -> ARGB
    std::map<std::string, std::string> number_formats;        // date cells: "Sheet!A1" -> format
    std::set<std::string> hidden;                             // "Sheet!N"
    std::map<std::string, std::string> freeze, autofilter;
    std::set<std::string> merged;                  // "Sheet!A1:C1"
    std::vector<std::vector<std::string>> validations;  // sheet, sqref, type, formula1, prompt title, prompt
    std::map<std::string, std::string> protection;       // protected sheet -> what it still allows
    std::vector<std::vector<std::string>> conditionals;  // sheet, sqref, type, operator, formula, fill
    std::map<std::string, std::string> props;

    bool has(const std::string& ref) const { return cells.count(ref) != 0; }
    const CellRead& at(const std::string& ref) const {
        const auto found = cells.find(ref);
        INFO("no cell " << ref);
        REQUIRE(found != cells.end());
        return found->second;
    }
    std::string text(const std::string& ref) const { return has(ref) ? at(ref).value : std::string(); }
    std::vector<std::string> sheet_names() const {
        std::vector<std::string> names;
        for (const auto& sheet : sheets) names.push_back(sheet.first);
        return names;
    }
    // The letters of the column whose header (row 1) is `header`.
    std::string column(const std::string& sheet, const std::string& header) const {
        for (const auto& [ref, cell] : cells) {
            const auto bang = ref.find('!');
            if (ref.substr(0, bang) != sheet || cell.value != header) continue;
            const auto place = ref.substr(bang + 1);
            if (place.find_first_of("0123456789") != std::string::npos && place.substr(place.find_first_of("0123456789")) == "1")
                return place.substr(0, place.find_first_of("0123456789"));
        }
        INFO("no column headed '" << header << "' in sheet " << sheet);
        FAIL();
        return {};
    }
    // The column's number from 0 (A).
    int column_index(const std::string& sheet, const std::string& header) const {
        int index = 0;
        for (const char c : column(sheet, header)) index = index * 26 + (c - 'A' + 1);
        return index - 1;
    }
    // The cell of `sheet` under `header` in (1-based) row `row`.
    std::string cell(const std::string& sheet, const std::string& header, int row) const {
        return sheet + "!" + column(sheet, header) + std::to_string(row);
    }
    int rows(const std::string& sheet) const {
        int most = 0;
        for (const auto& [ref, cell] : cells) {
            if (ref.substr(0, ref.find('!')) != sheet) continue;
            const auto digits = ref.find_first_of("0123456789", ref.find('!'));
            most = std::max(most, std::stoi(ref.substr(digits)));
        }
        return most;
    }
};

WorkbookRead read_workbook(const std::filesystem::path& file) {
    WorkbookRead read;
    std::istringstream lines(test::command_output(reader_command("cells " + test::shell_quoted(file.string()))));
    std::string line;
    while (std::getline(lines, line)) {
        const auto f = test::reader_fields(line);
        const auto& kind = f[0];
        if (kind == "sheet") read.sheets.emplace_back(f.at(1), f.at(2));
        else if (kind == "cell") read.cells[f.at(1)] = {f.at(2), f.at(3), f.at(4)};
        else if (kind == "fill") read.fills[f.at(1)] = f.at(2);
        else if (kind == "numfmt") read.number_formats[f.at(1)] = f.at(2);
        else if (kind == "hidden") read.hidden.insert(f.at(1) + "!" + f.at(2));
        else if (kind == "freeze") read.freeze[f.at(1)] = f.at(2);
        else if (kind == "autofilter") read.autofilter[f.at(1)] = f.at(2);
        else if (kind == "merged") read.merged.insert(f.at(1) + "!" + f.at(2));
        else if (kind == "validation") read.validations.push_back({f.at(1), f.at(2), f.at(3), f.at(4), f.at(5), f.at(6)});
        else if (kind == "protected") read.protection[f.at(1)] = f.at(2);
        else if (kind == "conditional") read.conditionals.push_back({f.at(1), f.at(2), f.at(3), f.at(4), f.at(5), f.at(6)});
        else if (kind == "prop") read.props[f.at(1)] = f.at(2);
    }
    return read;
}

std::string read_part(const std::filesystem::path& file, const std::string& part) {
    return test::command_output(reader_command("part " + test::shell_quoted(file.string()) + " " + test::shell_quoted(part)));
}

std::vector<std::string> folder_listing(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

void write_text_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

// ---- The data ----

// A form with a RAG list, a list too long for an inline drop-down (with a comma in a label
// too), and a repeating table without max-rows.
const char* const attendance_form = R"(<?xml version="1.0" encoding="UTF-8"?>
<form id="attendance-check" version="1" title="Attendance check">
  <choices id="attendance-rag">
    <option code="G">Green</option>
    <option code="A">Amber</option>
    <option code="R">Red</option>
  </choices>
  <choices id="wards">
    <option code="w01">Abbey and Castle Hill ward</option>
    <option code="w02">Bridge, Riverside and Docks ward</option>
    <option code="w03">Cathedral and Old Town ward</option>
    <option code="w04">Dene Valley and Moorside ward</option>
    <option code="w05">Eastgate and Market Square ward</option>
    <option code="w06">Fairfield and Greenbank ward</option>
    <option code="w07">Gorse Hill and Heathfield ward</option>
    <option code="w08">Harbour and Lighthouse ward</option>
    <option code="w09">Ivy Bank and Jubilee Park ward</option>
    <option code="w10">Kingsmead and Lower Town ward</option>
  </choices>
  <field id="member" type="text" label="Member"/>
  <field id="rating" type="choice" list="attendance-rag" label="Rating"/>
  <field id="ward" type="choice" list="wards" label="Ward"/>
  <table id="sessions" label="Sessions" repeat="true">
    <field id="date" type="date" label="Date"/>
    <field id="present" type="boolean" label="Present"/>
  </table>
</form>
)";

struct Fixture {
    test::TempFolder folder;
    forms::FormRegistry registry;
    std::unique_ptr<forms::RecordStore> store;
    forms::FormDefinitionPtr everything;
    forms::FormDefinitionPtr attendance;

    Fixture() {
        REQUIRE(registry.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml"));
        REQUIRE(registry.add_definition(attendance_form, "attendance-check.form.xml"));
        everything = registry.latest("everything");
        attendance = registry.latest("attendance-check");
        REQUIRE(everything);
        REQUIRE(attendance);
        store = forms::open_sqlite_store({db_path()});
    }

    std::filesystem::path db_path() const { return folder.path() / "store.db"; }

    forms::Record make(const forms::FormDefinitionPtr& form, const std::vector<std::pair<std::string, std::string>>& values,
                       const std::string& table = {}, std::size_t extra_rows = 0) {
        auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
        for (std::size_t i = 0; i < extra_rows; ++i) REQUIRE(forms::add_row(*form, record, table));
        for (const auto& [path, value] : values) {
            const auto problem = forms::set_value(*form, record, path, value);
            INFO(path << ": " << (problem ? problem->message : std::string()));
            REQUIRE_FALSE(problem);
        }
        return record;
    }

    std::string create(const forms::FormDefinitionPtr& form, forms::Record record) {
        store->create(*form, record, "clerk");
        return record.meta.id;
    }

    // Stores records as they are, metadata and all (ids, timestamps), as an import does.
    void import(const std::vector<forms::Record>& records) {
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& record : records) files.emplace_back(record.meta.id + ".xml", test::record_text(record));
        for (const auto& item : store->import(registry, files, "clerk")) {
            INFO(item.source << "\n" << test::describe(item.diagnostics));
            REQUIRE(item.outcome == forms::ImportItem::Outcome::added);
        }
    }

    exporters::ExportResult run(const std::filesystem::path& destination, sdk::ExportOptions options = {},
                                sdk::ExportProgress* progress = nullptr) {
        exporters::SilentProgress silent;
        exporters::ExportDataset dataset{*store, registry, "clerk"};
        return exporters::WorkbookExporter().run(dataset, options, destination, progress ? *progress : silent);
    }
};

sdk::ExportOptions for_form(const std::string& form, const std::string& layout = "sheet-per-table") {
    sdk::ExportOptions options;
    options.form = form;
    options.layout = layout;
    return options;
}

ExportError::Kind kind_of_failure(const std::function<void()>& export_call, std::string& message) {
    try {
        export_call();
    } catch (const ExportError& e) {
        message = e.what();
        return e.kind;
    }
    FAIL("the export did not fail");
    return ExportError::Kind::invalid_output;
}

// Text that does not compress much: a full disk fills before the workbook is done.
std::string noise(std::size_t length, unsigned seed) {
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .";
    std::string text;
    unsigned state = seed * 2654435761u + 1;
    for (std::size_t i = 0; i < length; ++i) {
        state = state * 1103515245u + 12345u;
        text += alphabet[(state >> 16) % (sizeof alphabet - 1)];
    }
    return text;
}

// ---- A private mount namespace, for a read-only and a full disk ----

struct CannotIsolate : std::runtime_error {
    using std::runtime_error::runtime_error;
};

bool write_proc(const char* path, const std::string& text) {
    const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    return ok;
}

// Runs `body` in a child process with its own user and mount namespaces, root inside (as
// `unshare --map-root-user --mount` does), so that it may mount a small tmpfs that nothing
// outside sees. Returns what went wrong ("" when nothing did), or nothing when this
// machine does not allow such namespaces.
std::optional<std::string> in_private_mounts(const std::function<std::string()>& body) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const auto uid = ::getuid();
    const auto gid = ::getgid();
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(fds[0]);
        std::string message;
        int code = 0;
        try {
            if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) throw CannotIsolate(std::string("unshare: ") + std::strerror(errno));
            write_proc("/proc/self/setgroups", "deny");
            if (!write_proc("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
                !write_proc("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))
                throw CannotIsolate("cannot map root in the user namespace");
            if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
                throw CannotIsolate(std::string("cannot make mounts private: ") + std::strerror(errno));
            message = body();
            code = message.empty() ? 0 : 1;
        } catch (const CannotIsolate& e) {
            message = e.what();
            code = 77;
        } catch (const std::exception& e) {
            message = std::string("unexpected exception: ") + e.what();
            code = 1;
        }
        [[maybe_unused]] const auto written = ::write(fds[1], message.data(), message.size());
        ::_exit(code);  // no destructors: the parent's store connection is not ours to close
    }
    ::close(fds[1]);
    std::string message;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0) message.append(buffer, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        WARN("skipped: " << message);
        return std::nullopt;
    }
    if (!WIFEXITED(status)) return "the child process died (signal " + std::to_string(WTERMSIG(status)) + ")";
    return message;
}

void mount_tmpfs(const std::filesystem::path& at, const std::string& size) {
    const std::string data = "size=" + size;
    if (::mount("tmpfs", at.c_str(), "tmpfs", 0, data.c_str()) != 0)
        throw CannotIsolate(std::string("cannot mount a tmpfs: ") + std::strerror(errno));
}

// In the child: an export to `destination` must fail with an io error, leaving the file
// that was there as it was and nothing else in the folder.
std::string expect_io_failure(Fixture& f, const std::filesystem::path& destination, const std::string& old_text) {
    // A connection of our own: SQLite connections do not cross fork().
    auto store = forms::open_sqlite_store({f.db_path()});
    exporters::SilentProgress silent;
    exporters::ExportDataset dataset{*store, f.registry, "clerk"};
    try {
        exporters::WorkbookExporter().run(dataset, for_form("everything"), destination, silent);
        return "the export succeeded";
    } catch (const ExportError& e) {
        if (e.kind != ExportError::Kind::io) return std::string("not an io error: ") + e.what();
        if (std::string(e.what()).find(destination.parent_path().string()) == std::string::npos &&
            std::string(e.what()).find(destination.string()) == std::string::npos)
            return std::string("the message does not name the file or folder: ") + e.what();
    }
    if (test::read_text(destination.string()) != old_text) return "the existing file changed";
    const auto names = folder_listing(destination.parent_path());
    if (names != std::vector<std::string>{destination.filename().string()}) {
        std::string all;
        for (const auto& name : names) all += " " + name;
        return "the folder holds:" + all;
    }
    return {};
}

}  // namespace

// ---- Typed cells ----

TEST_CASE("numbers dates booleans and choices are typed cells, and choices show their labels") {
    Fixture f;
    const auto id = f.create(f.everything, f.make(f.everything, {{"title", "Typed values"},
                                                                {"author/name", "A Clerk"},
                                                                {"author/role", "Democratic services"},
                                                                {"completed", "2023-10-09"},
                                                                {"activity", "other"},
                                                                {"other-details", "Relevant, so exported"},
                                                                {"apologies", "illness other-business"},
                                                                {"key-decision", "true"},
                                                                {"budget", "1234.5"},
                                                                {"people", "42"},
                                                                {"impacts/row[@key='disability']/impact", "N"},
                                                                {"impacts/row[@key='disability']/nature", "Steps"},
                                                                {"actions/row[1]/action", "First"},
                                                                {"actions/row[2]/action", "Second"}},
                                                   "actions", 1));
    const auto out = f.folder.path() / "typed.xlsx";
    const auto result = f.run(out, for_form("everything"));
    CHECK(result.records == 1);
    CHECK(result.path == out);
    CHECK(result.bytes == std::filesystem::file_size(out));

    const auto book = read_workbook(out);
    // Sheets named for people: the form's title, and a table's label after as much of the
    // title as fits in 31 characters.
    CHECK(book.sheet_names() == std::vector<std::string>{"Summary", "Everything", "Protected characteristics",
                                                         "Everything \xE2\x80\x93 Actions", "Fields"});
    const std::string s = "Everything";
    // The record's title first, its id last, for joins.
    CHECK(book.text(s + "!A1") == "Record");
    CHECK(book.text(s + "!A2") == "Typed values (A Clerk)");
    CHECK(book.text(book.cell(s, "Record id", 2)) == id);
    CHECK(book.text(book.cell(s, "Status", 2)) == "Draft");
    CHECK(book.at(book.cell(s, "Modified (UTC)", 2)).type == "datetime");

    const auto& budget = book.at(book.cell(s, "Budget (£)", 2));
    CHECK(budget.type == "float");
    CHECK(budget.data_type == "n");
    CHECK(budget.value == "1234.5");
    const auto& people = book.at(book.cell(s, "People affected", 2));
    CHECK(people.type == "int");
    CHECK(people.value == "42");
    const auto& completed = book.at(book.cell(s, "Date of completion", 2));
    CHECK(completed.type == "datetime");
    CHECK(completed.data_type == "d");
    CHECK(completed.value == "2023-10-09T00:00:00");
    const auto& key_decision = book.at(book.cell(s, "Key decision", 2));
    CHECK(key_decision.type == "bool");
    CHECK(key_decision.data_type == "b");
    CHECK(key_decision.value == "true");

    CHECK(book.text(book.cell(s, "Carried out on", 2)) == "Other project");
    CHECK(book.text(book.cell(s, "Author \xE2\x80\x94 name", 2)) == "A Clerk");
    CHECK(book.text(book.cell(s, "Author \xE2\x80\x94 role", 2)) == "Democratic services");
    CHECK(book.text(book.cell(s, "Apologies", 2)) == "Illness; Other council business");
    const auto codes = book.column(s, "Apologies \xE2\x80\x94 codes");
    CHECK(book.text(s + "!" + codes + "2") == "illness other-business");
    CHECK(book.hidden.count(s + "!" + codes) == 1);
    CHECK(book.hidden.count(s + "!" + book.column(s, "Revision")) == 1);
    CHECK(book.hidden.size() == 2);
    CHECK_FALSE(book.has(s + "!" + book.column(s, "Title") + "3"));

    // The tables: a row per table row, with the record's title first, keyed by row key or
    // position and the record's id, last.
    const std::string impacts = "Protected characteristics";
    CHECK(book.text(impacts + "!A2") == "Typed values (A Clerk)");
    CHECK(book.text(book.cell(impacts, "Record id", 2)) == id);
    CHECK(book.text(book.cell(impacts, "Row key", 2)) == "age-0-18");
    CHECK(book.text(book.cell(impacts, "Row", 3)) == "Disability");
    CHECK(book.text(book.cell(impacts, "Impact", 3)) == "Negative impact");
    CHECK(book.text(book.cell(impacts, "Nature of impact", 3)) == "Steps");
    CHECK(book.rows(impacts) == 3);
    const std::string actions = "Everything \xE2\x80\x93 Actions";
    CHECK(book.text(book.cell(actions, "Record id", 3)) == id);
    CHECK(book.at(book.cell(actions, "Row", 3)).type == "int");
    CHECK(book.text(book.cell(actions, "Row", 3)) == "2");
    CHECK(book.text(book.cell(actions, "Action", 3)) == "Second");

    // Every table of a sheet: frozen header, autofilter over header and data. (The Summary is a
    // report of several small tables: workbook_summary_test.cpp reads it.)
    for (const auto& name : book.sheet_names()) {
        if (name == "Summary") continue;
        INFO(name);
        CHECK(book.freeze.at(name) == "A2");
        CHECK(book.autofilter.count(name) == 1);
    }
    CHECK(book.autofilter.at(impacts) == "A1:F3");
    CHECK(book.autofilter.at(actions) == "A1:E3");

    // Drop-downs on choice columns.
    const auto activity = book.column(s, "Carried out on");
    bool found = false;
    for (const auto& v : book.validations)
        if (v[0] == s && v[1] == activity + "2") {
            found = true;
            CHECK(v[2] == "list");
            CHECK(v[3] == "\"New policy / strategy,Other project\"");
        }
    CHECK(found);

    // The Fields sheet describes every column.
    bool described = false;
    for (int row = 2; row <= book.rows("Fields"); ++row) {
        const auto at = [&](const std::string& header) { return book.text(book.cell("Fields", header, row)); };
        if (at("Field path") == "author/name") {
            described = true;
            CHECK(at("Sheet") == "Everything");
            CHECK(at("Column") == book.column(s, "Author \xE2\x80\x94 name"));
            CHECK(at("Type") == "person (name)");
        }
        if (at("Field path") == "title") CHECK(at("Hint") == "The policy's name");
    }
    CHECK(described);

    CHECK(book.props.at("title") == "Formwork export: Everything");
    CHECK(book.props.at("creator") == "clerk");
    CHECK(book.props.at("description") == std::string("Formwork ") + formwork::program_version);
    CHECK(book.props.count("created") == 1);
}

TEST_CASE("run_export: records named by id are the records exported, all of one form, only that form's sheets") {
    Fixture f;
    const auto first = f.create(f.everything, f.make(f.everything, {{"title", "First"}}));
    const auto second = f.create(f.everything, f.make(f.everything, {{"title", "Second"}}));
    f.create(f.everything, f.make(f.everything, {{"title", "Not named"}}));
    const auto meeting = f.create(f.attendance, f.make(f.attendance, {}));
    const exporters::ExportDataset dataset{*f.store, f.registry, "clerk"};
    const auto ids_in = [](const WorkbookRead& book, const std::string& sheet) {
        std::set<std::string> ids;
        const auto column = book.column(sheet, "Record id");
        for (int row = 2; book.has(sheet + "!" + column + std::to_string(row)); ++row)
            ids.insert(book.text(sheet + "!" + column + std::to_string(row)));
        return ids;
    };

    exporters::ExportRequest request;
    request.record_ids = {second, first};
    request.target = f.folder.path() / "one-form.xlsx";
    CHECK(exporters::run_export(dataset, request).records == 2);
    auto book = read_workbook(request.target);
    CHECK(book.sheet_names() == std::vector<std::string>{"Summary", "Everything", "Protected characteristics",
                                                         "Everything \xE2\x80\x93 Actions", "Fields"});
    CHECK(ids_in(book, "Everything") == std::set<std::string>{first, second});

    request.record_ids = {meeting, first};
    request.target = f.folder.path() / "two-forms.xlsx";
    CHECK(exporters::run_export(dataset, request).records == 2);
    book = read_workbook(request.target);
    CHECK(ids_in(book, "Everything") == std::set<std::string>{first});
    CHECK(ids_in(book, "Attendance check") == std::set<std::string>{meeting});

    // A status narrows the records named too; none left is no records, and no file.
    request.status = "complete";
    request.target = f.folder.path() / "none.xlsx";
    std::string message;
    CHECK(kind_of_failure([&] { exporters::run_export(dataset, request); }, message) == ExportError::Kind::no_records);
    CHECK_FALSE(std::filesystem::exists(request.target));

    // The names the command line gives formats and layouts, both ways.
    CHECK(exporters::format_named("xml") == exporters::ExportFormat::xml);
    CHECK(std::string(exporters::layout_name(exporters::layout_named("wide"))) == "wide");
    CHECK(exporters::format_named("csv") == exporters::ExportFormat::csv);
    CHECK(kind_of_failure([&] { exporters::format_named("ods"); }, message) == ExportError::Kind::bad_options);
    CHECK_THAT(message, Contains("xlsx, xml, csv"));
    CHECK(kind_of_failure([&] { exporters::layout_named("tall"); }, message) == ExportError::Kind::bad_options);
    CHECK_THAT(message, Contains("sheet-per-table and wide"));
}

TEST_CASE("text that looks like a formula stays text, exactly, and literal _xHHHH_ survives") {
    Fixture f;
    const std::vector<std::pair<std::string, std::string>> texts{
        {"title", "=SUM(A1:A2)"},
        {"email", "+1"},
        {"phone", "-1"},
        {"eia", "@x"},
        {"other-details", "\tTab"},
        {"impacts/row[@key='age-0-18']/nature", "line\nbreak"},
        {"impacts/row[@key='disability']/nature", "_x0041_ and _x0041_x0042_"},
        {"actions/row[1]/action", "Zo\xC3\xAB \xE2\x80\x9Cquotes\xE2\x80\x9D \xF0\x9F\x98\x80"},
        {"author/name", "http://example.org/=HYPERLINK(\"x\")"},
        {"budget", "=1+1"},  // not a number: text, as written
    };
    auto values = texts;
    values.emplace_back("activity", "other");
    f.create(f.everything, f.make(f.everything, values));
    const auto out = f.folder.path() / "text.xlsx";
    f.run(out, for_form("everything"));
    const auto book = read_workbook(out);

    const std::map<std::string, std::string> where{
        {"title", book.cell("Everything", "Title", 2)},
        {"email", book.cell("Everything", "Email", 2)},
        {"phone", book.cell("Everything", "Telephone", 2)},
        {"eia", book.cell("Everything", "Linked EIA", 2)},
        {"other-details", book.cell("Everything", "Details of the other project", 2)},
        {"impacts/row[@key='age-0-18']/nature", book.cell("Protected characteristics", "Nature of impact", 2)},
        {"impacts/row[@key='disability']/nature", book.cell("Protected characteristics", "Nature of impact", 3)},
        {"actions/row[1]/action", book.cell("Everything \xE2\x80\x93 Actions", "Action", 2)},
        {"author/name", book.cell("Everything", "Author \xE2\x80\x94 name", 2)},
        {"budget", book.cell("Everything", "Budget (£)", 2)},
    };
    for (const auto& [path, text] : texts) {
        INFO(path);
        const auto& cell = book.at(where.at(path));
        CHECK(cell.data_type == "s");
        CHECK(cell.type == "str");
        CHECK(cell.value == text);
    }
    // Never a formula, never a hyperlink.
    // sheet1 is the Summary; sheet2 the records, sheet3 the impacts table.
    const auto sheet = read_part(out, "xl/worksheets/sheet2.xml");
    CHECK(sheet.find("<f>") == std::string::npos);
    CHECK(sheet.find("<hyperlink") == std::string::npos);
    CHECK(read_part(out, "xl/worksheets/sheet3.xml").find("_x005F_x0041_ and _x005F_x0041_x005F_x0042_") != std::string::npos);
}

TEST_CASE("a cell of 32767 characters is written, and one of 32768 is refused naming the record and the field") {
    Fixture f;
    f.create(f.everything, f.make(f.everything, {{"activity", "other"}, {"other-details", std::string(32767, 'a')}}));
    const auto out = f.folder.path() / "long.xlsx";
    f.run(out, for_form("everything"));
    const auto book = read_workbook(out);
    CHECK(book.text(book.cell("Everything", "Details of the other project", 2)) == std::string(32767, 'a'));

    // Excel counts UTF-16 units: an emoji is two.
    const auto too_long = f.create(f.everything, f.make(f.everything, {{"activity", "other"},
                                                                       {"other-details", std::string(32766, 'b') + "\xF0\x9F\x98\x80"}}));
    const auto refused = f.folder.path() / "refused.xlsx";
    std::string message;
    CHECK(kind_of_failure([&] { f.run(refused, for_form("everything")); }, message) == ExportError::Kind::limit_exceeded);
    CHECK_THAT(message, Contains(too_long) && Contains("other-details") && Contains("32,767"));
    CHECK_FALSE(std::filesystem::exists(refused));
    CHECK(folder_listing(f.folder.path()) == std::vector<std::string>{"long.xlsx", "store.db", "store.db-shm", "store.db-wal"});
}

TEST_CASE("a text over the limit inside a table row names the row") {
    Fixture f;
    const auto id = f.create(f.everything, f.make(f.everything, {{"impacts/row[@key='disability']/nature", std::string(32768, 'c')}}));
    std::string message;
    CHECK(kind_of_failure([&] { f.run(f.folder.path() / "x.xlsx", for_form("everything")); }, message) ==
          ExportError::Kind::limit_exceeded);
    CHECK_THAT(message, Contains("record " + id) && Contains("impacts/row[@key='disability']/nature"));
}

// libxlsxwriter writes U+0007 as _x0007_ (Excel reads the bell back) and stops at a U+0000.
TEST_CASE("a character XML forbids, however it got into a record, refuses the workbook naming the record and field") {
    Fixture f;
    f.create(f.everything, f.make(f.everything, {{"title", "Clean"}}));
    // Bypass every entry check, as an older version or a bug elsewhere might.
    auto record = f.make(f.everything, {});
    record.instance().child("title").text().set("bell\x07");
    const auto id = f.create(f.everything, record);
    const auto out = f.folder.path() / "bell.xlsx";
    std::string message;
    CHECK(kind_of_failure([&] { f.run(out, for_form("everything")); }, message) == ExportError::Kind::invalid_output);
    CHECK(message == "record " + id +
                         ": the value of title holds the character U+0007, which XML 1.0 forbids (character 5); "
                         "the workbook was not written");
    CHECK_FALSE(std::filesystem::exists(out));
    CHECK(folder_listing(f.folder.path()) == std::vector<std::string>{"store.db", "store.db-shm", "store.db-wal"});

    // In a table row, and as bytes that are not UTF-8.
    Fixture g;
    auto in_row = g.make(g.everything, {});
    in_row.instance().child("impacts").find_child_by_attribute("row", "key", "disability").child("nature").text().set(
        "caf\xE9");
    const auto row_id = g.create(g.everything, in_row);
    CHECK(kind_of_failure([&] { g.run(g.folder.path() / "row.xlsx", for_form("everything")); }, message) ==
          ExportError::Kind::invalid_output);
    CHECK_THAT(message, Contains("record " + row_id + ": the value of impacts/row[@key='disability']/nature holds bytes "
                                 "that are not UTF-8"));
    CHECK_FALSE(std::filesystem::exists(g.folder.path() / "row.xlsx"));
}

TEST_CASE("a sheet refuses a text with a character XML forbids, a U+0000 included, naming the sheet and cell") {
    test::TempFolder folder;
    const auto out = folder.path() / "nul.xlsx";
    exporters::XlsxWorkbook workbook(out, folder.path(), out.string());
    auto& sheet = workbook.add_sheet("Text");
    for (const std::string& text : {std::string("start\0end", 9), std::string("bell\x07"), std::string("\xEF\xBF\xBF")}) {
        INFO(text);
        try {
            sheet.text(0, 1, text);
            FAIL("written");
        } catch (const ExportError& e) {
            CHECK(e.kind == ExportError::Kind::invalid_output);
            CHECK_THAT(std::string(e.what()), Contains("sheet 'Text', cell B1: the text holds the character U+"));
        }
    }
    // A plugin's view is a text like any other.
    sdk::SheetView view;
    view.name = "View";
    view.title = "A view";
    view.rows = {{sdk::Cell::of_text("fine"), sdk::Cell::of_text(std::string("cut\0short", 9))}};
    CHECK_THROWS_WITH(exporters::render_sheet(workbook, view),
                      Contains("sheet 'View', cell B1: the text holds the character U+0000, which XML 1.0 forbids"));
    CHECK_FALSE(exporters::cell_text_problem("Zo\xC3\xAB\ttab\nline\rCR \xF4\x8F\xBF\xBF"));
}

// ---- Layouts ----

TEST_CASE("the wide layout flattens fixed tables by row key and repeating tables up to their rows") {
    Fixture f;
    const auto id = f.create(f.everything, f.make(f.everything, {{"title", "Wide"},
                                                                {"impacts/row[@key='disability']/impact", "P"},
                                                                {"actions/row[2]/by-when", "March"}},
                                                   "actions", 1));
    const auto out = f.folder.path() / "wide.xlsx";
    f.run(out, for_form("everything", "wide"));
    const auto book = read_workbook(out);
    CHECK(book.sheet_names() == std::vector<std::string>{"Summary", "Everything", "Fields"});
    const std::string s = "Everything";
    CHECK(book.text(book.cell(s, "Record id", 2)) == id);
    CHECK(book.text(book.cell(s, "Protected characteristics: Disability \xE2\x80\x94 Impact", 2)) == "Positive impact");
    CHECK(book.text(book.cell(s, "Actions 2 \xE2\x80\x94 By when", 2)) == "March");
    // max-rows="3": a column group for each possible row.
    book.column(s, "Actions 3 \xE2\x80\x94 By when");
    CHECK(book.rows(s) == 2);

    bool described = false;
    for (int row = 2; row <= book.rows("Fields"); ++row)
        if (book.text(book.cell("Fields", "Field path", row)) == "impacts/row[@key='disability']/nature") described = true;
    CHECK(described);
}

TEST_CASE("the wide layout counts the rows of a repeating table without max-rows first") {
    Fixture f;
    f.create(f.attendance, f.make(f.attendance, {{"member", "One session"}, {"sessions/row[1]/date", "2023-01-05"}}, "sessions", 1));
    f.create(f.attendance, f.make(f.attendance, {{"member", "Four sessions"},
                                                {"sessions/row[4]/date", "2023-04-05"},
                                                {"sessions/row[4]/present", "false"}},
                                   "sessions", 4));
    const auto out = f.folder.path() / "wide.xlsx";
    test::CancelAfter progress(1000);
    f.run(out, for_form("attendance-check", "wide"), &progress);
    const auto book = read_workbook(out);
    const std::string s = "Attendance check";
    book.column(s, "Sessions 4 \xE2\x80\x94 Date");
    for (const auto& [ref, cell] : book.cells) CHECK(cell.value != "Sessions 5 \xE2\x80\x94 Date");
    int four = book.text(book.cell(s, "Member", 2)) == "Four sessions" ? 2 : 3;
    CHECK(book.at(book.cell(s, "Sessions 4 \xE2\x80\x94 Date", four)).type == "datetime");
    CHECK(book.text(book.cell(s, "Sessions 4 \xE2\x80\x94 Present", four)) == "false");
    CHECK(book.at(book.cell(s, "Sessions 4 \xE2\x80\x94 Present", four)).type == "bool");
    REQUIRE_FALSE(progress.reports.empty());
    CHECK(progress.reports.front().second == "Counting the table rows of Attendance check");
}

TEST_CASE("an unknown layout is refused as bad options, and an empty scope as no records") {
    Fixture f;
    std::string message;
    CHECK(kind_of_failure([&] { f.run(f.folder.path() / "x.xlsx", for_form("everything", "tall")); }, message) ==
          ExportError::Kind::bad_options);
    CHECK_THAT(message, Contains("tall"));
    CHECK(kind_of_failure([&] { f.run(f.folder.path() / "x.xlsx", for_form("everything")); }, message) ==
          ExportError::Kind::no_records);
    f.create(f.everything, f.make(f.everything, {}));
    auto options = for_form("everything");
    options.status = "complete";
    CHECK(kind_of_failure([&] { f.run(f.folder.path() / "x.xlsx", options); }, message) == ExportError::Kind::no_records);
    CHECK_FALSE(std::filesystem::exists(f.folder.path() / "x.xlsx"));
}

TEST_CASE("every form with records gets its sheets, and the title names them") {
    Fixture f;
    f.create(f.everything, f.make(f.everything, {{"title", "One"}}));
    f.create(f.attendance, f.make(f.attendance, {{"member", "Two"}}));
    const auto out = f.folder.path() / "all.xlsx";
    const auto result = f.run(out, {});
    CHECK(result.records == 2);
    const auto book = read_workbook(out);
    const auto names = book.sheet_names();
    CHECK(std::count(names.begin(), names.end(), "Everything") == 1);
    CHECK(std::count(names.begin(), names.end(), "Attendance check") == 1);
    CHECK(std::count(names.begin(), names.end(), "Attendance check \xE2\x80\x93 Sessions") == 1);
    CHECK_THAT(book.props.at("title"), Contains("Everything") && Contains("Attendance check"));
}

// ---- Drop-downs and colours ----

TEST_CASE("RAG lists are coloured, and long lists drop down from a hidden Lists sheet") {
    Fixture f;
    f.create(f.attendance, f.make(f.attendance, {{"member", "A"}, {"rating", "G"}, {"ward", "w02"}}));
    f.create(f.attendance, f.make(f.attendance, {{"member", "B"}, {"rating", "R"}}));
    const auto out = f.folder.path() / "rag.xlsx";
    f.run(out, for_form("attendance-check"));
    const auto book = read_workbook(out);
    CHECK(book.sheet_names() ==
          std::vector<std::string>{"Summary", "Attendance check", "Attendance check \xE2\x80\x93 Sessions", "Fields", "Lists"});
    CHECK(book.sheets.back().second == "hidden");
    const std::string s = "Attendance check";
    const auto rating = book.column(s, "Rating");
    const auto ward = book.column(s, "Ward");
    const int a = book.text(book.cell(s, "Member", 2)) == "A" ? 2 : 3;
    CHECK(book.text(s + "!" + ward + std::to_string(a)) == "Bridge, Riverside and Docks ward");
    CHECK(book.text(s + "!" + rating + std::to_string(a)) == "Green");

    std::map<std::string, std::vector<std::string>> validation;
    for (const auto& v : book.validations) validation[v[1]] = v;
    REQUIRE(validation.count(rating + "2:" + rating + "3") == 1);
    CHECK(validation[rating + "2:" + rating + "3"][3] == "\"Green,Amber,Red\"");
    REQUIRE(validation.count(ward + "2:" + ward + "3") == 1);
    CHECK(validation[ward + "2:" + ward + "3"][3] == "'Lists'!$A$2:$A$11");
    CHECK(book.text("Lists!A1") == "attendance-check/wards");
    CHECK(book.text("Lists!A3") == "Bridge, Riverside and Docks ward");
    CHECK(book.text("Lists!A11") == "Kingsmead and Lower Town ward");

    std::map<std::string, std::string> fill_of;
    for (const auto& c : book.conditionals) {
        CHECK(c[0] == s);
        CHECK(c[1] == rating + "2:" + rating + "3");
        CHECK(c[2] == "cellIs");
        CHECK(c[3] == "equal");
        fill_of[c[4]] = c[5];
    }
    REQUIRE(fill_of.size() == 3);
    CHECK_THAT(fill_of["\"Green\""], Contains("C6EFCE"));
    CHECK_THAT(fill_of["\"Amber\""], Contains("FFEB9C"));
    CHECK_THAT(fill_of["\"Red\""], Contains("FFC7CE"));
}

TEST_CASE("render_sheet draws a plugin's view with header rows, a merged heading and style classes") {
    test::TempFolder folder;
    const auto out = folder.path() / "view.xlsx";
    {
        exporters::XlsxWorkbook workbook(out, folder.path(), out.string());
        sdk::SheetView view;
        view.name = "Attendance";
        view.title = "Attendance by member";
        view.header_rows = {{sdk::Cell::of_text("Member"), sdk::Cell::of_text(""), sdk::Cell::of_text("")},
                            {sdk::Cell::of_text("Name"), sdk::Cell::of_text("Meetings"), sdk::Cell::of_text("Rating")}};
        view.merged_headings = {{0, 1, 2, "Attendance"}};
        view.rows = {{sdk::Cell::of_text("=Cllr A"), sdk::Cell::of_number(12), sdk::Cell::of_text("Green", "rag-green")},
                     {sdk::Cell::of_text("Cllr B"), sdk::Cell::of_number(3.5, "rag-red"), sdk::Cell::of_date("2023-10-17", "impact-neutral")},
                     {sdk::Cell::of_boolean(true), {}, sdk::Cell::of_text("Amber", "rag-amber")}};
        exporters::render_sheet(workbook, view);
        view.name = "attendance";  // taken, case-insensitively: told apart
        exporters::render_sheet(workbook, view);
        view.name = "Bad:name";
        CHECK_THROWS_AS(exporters::render_sheet(workbook, view), ExportError);
        workbook.close();
        CHECK_THROWS_AS(workbook.close(), ExportError);
    }
    const auto book = read_workbook(out);
    CHECK(book.sheet_names() == std::vector<std::string>{"Attendance", "attendance (2)"});
    CHECK(book.merged.count("Attendance!B1:C1") == 1);
    CHECK(book.text("Attendance!B1") == "Attendance");
    CHECK(book.text("Attendance!A2") == "Name");
    CHECK(book.freeze.at("Attendance") == "A3");
    CHECK(book.autofilter.at("Attendance") == "A2:C5");
    CHECK(book.at("Attendance!A3").data_type == "s");
    CHECK(book.text("Attendance!A3") == "=Cllr A");
    CHECK(book.at("Attendance!B3").type == "int");
    CHECK(book.at("Attendance!B4").value == "3.5");
    CHECK(book.at("Attendance!C4").type == "datetime");
    CHECK(book.at("Attendance!A5").type == "bool");
    CHECK_THAT(book.fills.at("Attendance!C3"), Contains("C6EFCE"));
    CHECK_THAT(book.fills.at("Attendance!B4"), Contains("FFC7CE"));
    CHECK_THAT(book.fills.at("Attendance!C4"), Contains("EDEDED"));
    CHECK_THAT(book.fills.at("Attendance!C5"), Contains("FFEB9C"));
    CHECK_THAT(book.fills.at("Attendance!A2"), Contains("DDEBF7"));  // the header style
    CHECK(book.fills.count("Attendance!A3") == 0);
}

TEST_CASE("sheet names are cleaned, shortened and told apart case-insensitively") {
    // The rule itself is tested in names_test.cpp; here, the workbook's names through it.
    test::TempFolder folder;
    exporters::XlsxWorkbook workbook(folder.path() / "names.xlsx", folder.path(), "names.xlsx");
    CHECK(workbook.unique_sheet_name("a:b/c") == "ab-c");
    CHECK(workbook.unique_sheet_name("'quoted'") == "quoted");
    CHECK(workbook.unique_sheet_name("History") == "History (2)");
    const std::string long_name = "Equality impact assessment protected characteristics";
    const auto first = workbook.unique_sheet_name(long_name);
    CHECK(first == "Equality impact assessment");
    workbook.add_sheet(first);
    const auto second = workbook.unique_sheet_name(long_name);
    CHECK(second == "Equality impact assessment (2)");
    workbook.add_sheet(second);
    CHECK(workbook.unique_sheet_name("EQUALITY IMPACT ASSESSMENT") == "EQUALITY IMPACT ASSESSMENT (3)");
    CHECK_FALSE(exporters::sheet_name_problem(std::string(32, 'x')).empty());
    CHECK_FALSE(exporters::sheet_name_problem("a?").empty());
    CHECK_FALSE(exporters::sheet_name_problem("'a").empty());
    CHECK(exporters::sheet_name_problem(std::string(31, 'x')).empty());
    CHECK_THROWS_AS(workbook.add_sheet("Equality Impact Assessment"), ExportError);  // taken, in another case
    // Never closed: the destructor frees it and writes nothing.
}

TEST_CASE("a sheet writes text as text, control characters and _xHHHH_ included, and rows only in order") {
    // A record's lone CR does not survive the record store's XML, so this is written here.
    test::TempFolder folder;
    const auto out = folder.path() / "text.xlsx";
    const std::vector<std::string> texts{"\rCR", "\tTab", "=SUM(A1:A2)", "+1", "-1", "@x", "_x0041_", "_x000D_",
                                         "a\r\nb", " padded ", "mailto:someone@example.org", "=HYPERLINK(\"http://x\")"};
    {
        exporters::XlsxWorkbook workbook(out, folder.path(), out.string());
        auto& sheet = workbook.add_sheet("Text");
        for (std::uint32_t r = 0; r < texts.size(); ++r) sheet.text(r, 0, texts[r]);
        std::string message;
        try {
            sheet.text(0, 1, "an earlier row");
        } catch (const ExportError& e) {
            message = e.what();
            CHECK(e.kind == ExportError::Kind::invalid_output);
        }
        CHECK_THAT(message, Contains("row 1 was written after row 12"));
        workbook.close();
    }
    CHECK(folder_listing(folder.path()) == std::vector<std::string>{"text.xlsx"});
    const auto book = read_workbook(out);
    for (std::size_t r = 0; r < texts.size(); ++r) {
        const auto& cell = book.at("Text!A" + std::to_string(r + 1));
        CHECK(cell.data_type == "s");
        CHECK(cell.value == texts[r]);
    }
    CHECK_FALSE(book.has("Text!B1"));
    const auto xml = read_part(out, "xl/worksheets/sheet1.xml");
    CHECK(xml.find("<f>") == std::string::npos);
    CHECK(xml.find("<hyperlink") == std::string::npos);
}

TEST_CASE("literal _xHHHH_ text is escaped the way Excel reads it back") {
    CHECK(exporters::escape_cell_text("_x0041_") == "_x005F_x0041_");
    CHECK(exporters::escape_cell_text("_x0041_x0042_") == "_x005F_x0041_x005F_x0042_");
    CHECK(exporters::escape_cell_text("_x00e9_ _x12_ x0041_") == "_x005F_x00e9_ _x12_ x0041_");
    CHECK(exporters::escape_cell_text("plain_text_") == "plain_text_");
    CHECK(exporters::excel_length("Zo\xC3\xAB \xF0\x9F\x98\x80") == 6);
    CHECK(exporters::column_letters(0) == "A");
    CHECK(exporters::column_letters(27) == "AB");
    CHECK(exporters::column_letters(16383) == "XFD");
}

// ---- Limits up front ----

namespace {

// What an exporter reads, claiming more records than the store holds: a row limit is
// checked with count() before anything is written.
class ClaimingStore final : public forms::ExportSource {
public:
    ClaimingStore(forms::ExportSource& real, std::size_t claimed) : real_(real), claimed_(claimed) {}
    std::size_t count(const forms::ScanQuery&) override { return claimed_; }
    void scan(const forms::ScanQuery& query, const std::function<bool(const forms::Record&)>& visit) override {
        ++scans;
        real_.scan(query, visit);
    }
    std::optional<forms::Record> load(const std::string& id) override { return real_.load(id); }
    const sdk::RecordQuery& query() override { return real_.query(); }
    std::string location() const override { return real_.location(); }
    forms::TrailCheck verify_trail() override { return real_.verify_trail(); }
    long next_submission_serial() override { return real_.next_submission_serial(); }
    std::string read_only_reason() const override { return real_.read_only_reason(); }
    long record_export(const forms::ExportFacts& facts, const std::string& user) override {
        return real_.record_export(facts, user);
    }
    std::vector<forms::ExportEntry> exports() override { return real_.exports(); }
    int scans = 0;

private:
    forms::ExportSource& real_;
    std::size_t claimed_;
};

}  // namespace

TEST_CASE("more records than a sheet holds are refused before anything is written") {
    Fixture f;
    f.create(f.everything, f.make(f.everything, {}));
    exporters::SilentProgress silent;
    const auto out = f.folder.path() / "big.xlsx";
    for (const std::size_t claimed : {std::size_t{1'048'576}, std::size_t{600'000}}) {
        // 1,048,576 records need 1,048,577 rows with the header; 600,000 records have
        // 1,200,000 rows of the two-row fixed table.
        ClaimingStore store(*f.store, claimed);
        exporters::ExportDataset dataset{store, f.registry, "clerk"};
        std::string message;
        CHECK(kind_of_failure([&] { exporters::WorkbookExporter().run(dataset, for_form("everything"), out, silent); },
                              message) == ExportError::Kind::limit_exceeded);
        CHECK_THAT(message, Contains("1,048,57"));
        CHECK(store.scans == 0);
        CHECK_FALSE(std::filesystem::exists(out));
    }
}

// ---- Progress, cancel and failures ----

TEST_CASE("progress is reported about every 1 percent and at the end") {
    Fixture f;
    std::vector<forms::Record> records;
    for (int i = 0; i < 250; ++i) records.push_back(f.make(f.everything, {{"title", "Record " + std::to_string(i)}}));
    f.import(records);
    test::CancelAfter progress(1'000'000);
    const auto result = f.run(f.folder.path() / "p.xlsx", for_form("everything"), &progress);
    CHECK(result.records == 250);
    std::size_t writing = 0;
    double last = 0;
    for (const auto& [fraction, stage] : progress.reports) {
        if (stage != "Writing Everything") continue;
        ++writing;
        CHECK(fraction >= last);
        last = fraction;
    }
    CHECK(writing >= 100);
    CHECK(writing <= 130);
    CHECK(last == 1.0);
    CHECK(progress.reports.back().first == 1.0);
}

TEST_CASE("a missing destination folder is an io error and leaves nothing") {
    Fixture f;
    f.create(f.everything, f.make(f.everything, {}));
    const auto missing = f.folder.path() / "missing";
    std::string message;
    CHECK(kind_of_failure([&] { f.run(missing / "out.xlsx", for_form("everything")); }, message) == ExportError::Kind::io);
    CHECK_THAT(message, Contains(missing.string()));
    CHECK_FALSE(std::filesystem::exists(missing));
}

TEST_CASE("a cancel halfway leaves no file, no temporary file, and an existing file as it was") {
    Fixture f;
    std::vector<forms::Record> records;
    for (int i = 0; i < 40; ++i) records.push_back(f.make(f.everything, {{"title", "Record " + std::to_string(i)}}));
    f.import(records);
    const auto out_folder = f.folder.make_subfolder("out");
    const auto out = out_folder / "report.xlsx";
    write_text_file(out, "the report from last week");
    test::CancelAfter progress(20);
    std::string message;
    CHECK(kind_of_failure([&] { f.run(out, for_form("everything"), &progress); }, message) == ExportError::Kind::cancelled);
    CHECK(test::read_text(out.string()) == "the report from last week");
    CHECK(folder_listing(out_folder) == std::vector<std::string>{"report.xlsx"});
    REQUIRE_FALSE(progress.reports.empty());
    CHECK(progress.reports.back().first < 1.0);

    // And a cancel into a new file leaves nothing at all.
    std::filesystem::remove(out);
    test::CancelAfter again(5);
    CHECK(kind_of_failure([&] { f.run(out, for_form("everything"), &again); }, message) == ExportError::Kind::cancelled);
    CHECK(folder_listing(out_folder).empty());
}

TEST_CASE("a read-only folder and a full disk are io errors that leave an existing file as it was") {
    Fixture f;
    std::vector<forms::Record> records;
    for (unsigned i = 0; i < 120; ++i)
        records.push_back(f.make(f.everything, {{"activity", "other"}, {"other-details", noise(2000, i)}}));
    f.import(records);
    const auto disk = f.folder.make_subfolder("disk");
    const std::string old_text = "the report from last week";

    SECTION("read-only") {
        const auto failure = in_private_mounts([&] {
            mount_tmpfs(disk, "512k");
            write_text_file(disk / "report.xlsx", old_text);
            if (::mount("tmpfs", disk.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=512k") != 0)
                throw CannotIsolate(std::string("cannot remount read-only: ") + std::strerror(errno));
            return expect_io_failure(f, disk / "report.xlsx", old_text);
        });
        if (failure) CHECK(*failure == "");
    }
    SECTION("full") {
        const auto failure = in_private_mounts([&] {
            mount_tmpfs(disk, "64k");
            write_text_file(disk / "report.xlsx", old_text);
            return expect_io_failure(f, disk / "report.xlsx", old_text);
        });
        if (failure) CHECK(*failure == "");
    }
}

// ---- The way back ----

TEST_CASE("a workbook carries its way back: a hidden revision, each sheet's form and paths in a protected "
          "Fields sheet, and notes on the ids") {
    Fixture f;
    // A record saved three times, and one saved once.
    auto changed = f.make(f.everything, {{"title", "Changed twice"}, {"actions/row[1]/action", "First"}}, "actions", 1);
    f.store->create(*f.everything, changed, "clerk");
    for (const char* title : {"Changed once", "Changed twice"}) {
        REQUIRE_FALSE(forms::set_value(*f.everything, changed, "title", title));
        f.store->update(*f.everything, changed, changed.meta.revision, "clerk");
    }
    REQUIRE(changed.meta.revision == 3);
    const auto once = f.create(f.everything, f.make(f.everything, {{"title", "Saved once"}}));

    for (const auto* layout : {"sheet-per-table", "wide"}) {
        INFO(layout);
        const auto out = f.folder.path() / (std::string(layout) + ".xlsx");
        f.run(out, for_form("everything", layout));
        const auto book = read_workbook(out);
        const std::string s = "Everything";

        // The revision: after the record id, the last column, hidden, a number, as stored.
        const auto id_column = book.column(s, "Record id");
        const auto revision_column = book.column(s, "Revision");
        CHECK(revision_column == exporters::column_letters(static_cast<std::uint32_t>(book.column_index(s, "Record id") + 1)));
        CHECK(book.has(s + "!" + exporters::column_letters(static_cast<std::uint32_t>(book.column_index(s, "Revision") - 1)) + "1"));
        CHECK_FALSE(book.has(s + "!" + exporters::column_letters(static_cast<std::uint32_t>(book.column_index(s, "Revision") + 1)) + "1"));
        CHECK(book.hidden.count(s + "!" + revision_column) == 1);
        REQUIRE(book.rows(s) == 3);
        for (int row = 2; row <= 3; ++row) {
            const auto id = book.text(s + "!" + id_column + std::to_string(row));
            const auto stored = f.store->load(id);
            REQUIRE(stored);
            const auto& revision = book.at(s + "!" + revision_column + std::to_string(row));
            CHECK(revision.type == "int");
            CHECK(revision.value == std::to_string(stored->meta.revision));
            CHECK(revision.value == (id == once ? "1" : "3"));
            // Grey, to look read-only.
            CHECK(book.fills.count(s + "!" + id_column + std::to_string(row)) == 1);
            CHECK(book.fills.count(s + "!" + revision_column + std::to_string(row)) == 1);
        }

        // The Fields sheet: its headings, in their places, with each records and table column's
        // path and form.
        const std::vector<std::string> headings{"Sheet", "Column", "Field path", "Label", "Type", "Hint", "Choices", "Form"};
        for (std::size_t c = 0; c < headings.size(); ++c)
            CHECK(book.text("Fields!" + exporters::column_letters(static_cast<std::uint32_t>(c)) + "1") == headings[c]);
        std::map<std::string, std::map<std::string, std::vector<std::string>>> described;  // sheet -> column -> path, type, form
        for (int row = 2; row <= book.rows("Fields"); ++row) {
            const auto at = [&](const std::string& header) { return book.text(book.cell("Fields", header, row)); };
            described[at("Sheet")][at("Column")] = {at("Field path"), at("Type"), at("Form"), at("Label")};
        }
        std::size_t columns = 0;
        for (const auto& name : book.sheet_names()) {
            if (name == "Summary" || name == "Fields") continue;
            for (int c = 0; book.has(name + "!" + exporters::column_letters(static_cast<std::uint32_t>(c)) + "1"); ++c) {
                const auto letters = exporters::column_letters(static_cast<std::uint32_t>(c));
                INFO(name << "!" << letters);
                REQUIRE(described[name].count(letters) == 1);
                const auto& about = described[name][letters];
                CHECK_FALSE(about[0].empty());
                CHECK(about[2] == "everything");
                CHECK(about[3] == book.text(name + "!" + letters + "1"));
                ++columns;
            }
        }
        CHECK(columns > 20);
        CHECK(described[s][revision_column] == std::vector<std::string>{"meta/revision", "revision", "everything", "Revision"});
        CHECK(described[s][id_column] == std::vector<std::string>{"meta/id", "record id", "everything", "Record id"});

        // Protected, with no password: selecting, widening columns and filtering still allowed.
        REQUIRE(book.protection.count("Fields") == 1);
        CHECK(book.protection.at("Fields") == "selectLockedCells,selectUnlockedCells,formatColumns,autoFilter");
        CHECK(book.protection.size() == 1);  // records and table sheets are not: they are sorted

        // The notes: every column to leave alone, down to the sheet's last row.
        std::map<std::string, std::vector<std::string>> notes;  // "Sheet!Heading" -> type, sqref, title, prompt
        for (const auto& v : book.validations)
            if (!v[5].empty()) {
                const auto letters = v[1].substr(0, v[1].find_first_of("0123456789"));
                notes[v[0] + "!" + book.text(v[0] + "!" + letters + "1")] = {v[2], v[1], v[4], v[5]};
            }
        const auto note = [&](const std::string& sheet, const std::string& heading) {
            INFO(sheet << "!" << heading);
            REQUIRE(notes.count(sheet + "!" + heading) == 1);
            const auto& found = notes.at(sheet + "!" + heading);
            CHECK(found[0] == "");  // any value: a note only
            CHECK(found[1] == book.column(sheet, heading) + "2:" + book.column(sheet, heading) + "1048576");
            CHECK(found[2] == heading);
            return found[3];
        };
        CHECK_THAT(note(s, "Record id"), Contains("Leave it as it is") && Contains("NEW1"));
        CHECK_THAT(note(s, "Revision"), Contains("Leave it as it is"));
        if (std::string(layout) == "wide") {
            CHECK(notes.size() == 2);
            continue;
        }
        const std::string impacts = "Protected characteristics";
        const std::string actions = "Everything \xE2\x80\x93 Actions";
        CHECK_THAT(note(impacts, "Row key"), Contains("Leave it as it is"));
        CHECK_THAT(note(impacts, "Record id"), Contains("Leave it as it is"));
        CHECK_THAT(note(actions, "Row"), Contains("A new row may leave it blank"));
        CHECK_THAT(note(actions, "Record id"), Contains("Leave it as it is"));
        CHECK(notes.size() == 6);
        // A table's sheet has no revision: its record's is on the records sheet.
        for (const auto& table : {impacts, actions})
            for (int c = 0; book.has(table + "!" + exporters::column_letters(static_cast<std::uint32_t>(c)) + "1"); ++c)
                CHECK(book.text(table + "!" + exporters::column_letters(static_cast<std::uint32_t>(c)) + "1") != "Revision");
        CHECK(book.text(book.cell(impacts, "Row key", 2)) == "age-0-18");
        CHECK(book.fills.count(book.cell(impacts, "Row key", 2)) == 1);
        CHECK(book.fills.count(book.cell(actions, "Row", 2)) == 1);
        CHECK(book.fills.count(book.cell(actions, "Action", 2)) == 0);
        CHECK(described[actions][book.column(actions, "Row")] ==
              std::vector<std::string>{"actions/row (position)", "row number", "everything", "Row"});
        CHECK(described[impacts][book.column(impacts, "Row key")] ==
              std::vector<std::string>{"impacts/row/@key", "row key", "everything", "Row key"});
    }

    // The CSV of the same records keeps its columns: no revision, the record id last.
    exporters::ExportRequest csv;
    csv.format = exporters::ExportFormat::csv;
    csv.form = "everything";
    csv.target = f.folder.path() / "everything.csv";
    exporters::run_export({*f.store, f.registry, "clerk"}, csv);
    const auto text = test::read_text(csv.target.string());
    const auto header = text.substr(0, text.find('\n'));
    CHECK(header.find("Revision") == std::string::npos);
    CHECK(header.substr(header.rfind(',') + 1).rfind("Record id", 0) == 0);
}

// ---- Golden files ----

TEST_CASE("the sheet XML of a small fixed export matches the golden files") {
    Fixture f;
    const auto fixed = [&](const std::string& id, const std::string& at, std::vector<std::pair<std::string, std::string>> values,
                           std::size_t extra_rows) {
        auto record = f.make(f.everything, values, "actions", extra_rows);
        record.meta.id = id;
        record.meta.created_at = record.meta.modified_at = at;
        record.meta.created_by = record.meta.modified_by = "clerk";
        return record;
    };
    f.import({fixed("00000000-0000-4000-8000-000000000001", "2023-10-09T09:30:00Z",
                    {{"title", "Youth justice"},
                     {"author/name", "Zo\xC3\xAB Clerk"},
                     {"completed", "2023-10-09"},
                     {"activity", "new-policy"},
                     {"apologies", "illness"},
                     {"key-decision", "true"},
                     {"budget", "1500.25"},
                     {"people", "1200"},
                     {"impacts/row[@key='age-0-18']/impact", "P"},
                     {"actions/row[1]/action", "=Consult"},
                     {"actions/row[2]/action", "_x0041_"}},
                    1),
              fixed("00000000-0000-4000-8000-000000000002", "2023-10-10T14:03:27Z",
                    {{"title", "Libraries"}, {"activity", "other"}, {"other-details", "Line one\nLine two"}}, 0)});
    const auto out = f.folder.path() / "golden.xlsx";
    f.run(out, for_form("everything"));

    // sheet1 is the Summary, added first and filled last (workbook_summary_test.cpp reads it).
    const std::map<std::string, std::string> parts{{"xl/worksheets/sheet2.xml", "workbook-everything.xml"},
                                                   {"xl/worksheets/sheet3.xml", "workbook-everything.impacts.xml"},
                                                   {"xl/worksheets/sheet4.xml", "workbook-everything.actions.xml"},
                                                   {"xl/worksheets/sheet5.xml", "workbook-fields.xml"}};
    const bool update = std::getenv("FORMWORK_UPDATE_GOLDEN") != nullptr;
    // The page header carries the day of the export (dd/mm/yyyy): the golden files hold a
    // placeholder, so they stay true on any day.
    const auto without_export_date = [](std::string xml) {
        const std::string exported = "Exported ";
        for (auto at = xml.find(exported); at != std::string::npos; at = xml.find(exported, at + 1))
            if (at + exported.size() + 10 <= xml.size()) xml.replace(at + exported.size(), 10, "DD/MM/YYYY");
        return xml;
    };
    for (const auto& [part, golden_name] : parts) {
        const auto actual = without_export_date(read_part(out, part));
        const auto golden = std::filesystem::path(FORMWORK_GOLDEN_DIR) / golden_name;
        if (update) {
            write_text_file(golden, actual);
            WARN("rewrote " << golden.string());
            continue;
        }
        const auto expected = test::read_text(golden.string());
        if (actual != expected) {
            std::size_t at = 0;
            while (at < actual.size() && at < expected.size() && actual[at] == expected[at]) ++at;
            const auto from = at > 120 ? at - 120 : 0;
            INFO(part << " differs from " << golden.string() << " at byte " << at << "\n  expected: ..."
                      << expected.substr(from, 240) << "\n  actual:   ..." << actual.substr(from, 240)
                      << "\n(FORMWORK_UPDATE_GOLDEN=1 rewrites the golden files after a deliberate change)");
            CHECK(actual == expected);
        }
    }
}

TEST_CASE("dates show as the council profile writes them, dd/mm/yyyy where it is silent, and stay dates") {
    Fixture f;
    f.create(f.everything, f.make(f.everything, {{"title", "Dated"}, {"completed", "2023-10-09"}}));
    const auto exported = [&](const forms::FormRegistry& registry, const char* name) {
        const auto out = f.folder.path() / name;
        exporters::SilentProgress silent;
        exporters::ExportDataset dataset{*f.store, registry, "clerk"};
        exporters::WorkbookExporter().run(dataset, for_form("everything"), out, silent);
        return read_workbook(out);
    };
    const auto check = [](const WorkbookRead& book, const std::string& date, const std::string& stamp) {
        const auto completed = book.cell("Everything", "Date of completion", 2);
        CHECK(book.at(completed).type == "datetime");
        CHECK(book.at(completed).value == "2023-10-09T00:00:00");
        CHECK(book.number_formats.at(completed) == date);
        CHECK(book.number_formats.at(book.cell("Everything", "Modified (UTC)", 2)) == stamp);
    };
    check(exported(f.registry, "silent.xlsx"), "dd/mm/yyyy", "dd/mm/yyyy hh:mm:ss");

    forms::Diagnostics problems;
    auto profile = forms::parse_council_profile(
        "<council-profile id='c' name='C'><display name='date-format' value='d MMM yyyy'/></council-profile>", "c.xml",
        problems);
    INFO(test::describe(problems));
    REQUIRE(profile);
    forms::FormRegistry chosen(std::move(profile));
    REQUIRE(chosen.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml"));
    check(exported(chosen, "chosen.xlsx"), "d mmm yyyy", "d mmm yyyy hh:mm:ss");
}

TEST_CASE("a workbook leaves out fields that are not relevant and parts switched off, as the XML does") {
    // A draft keeps what was typed into a field that no longer applies; an export never shows it.
    Fixture f;
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(
        "<council-profile id='c' name='C'><part form='everything' id='workforce' enabled='true'/></council-profile>",
        "c.xml", problems);
    REQUIRE(profile);
    const auto with_part = test::everything_form(&*profile);
    f.create(f.everything, f.make(with_part, {{"title", "Kept while drafting"},
                                              {"activity", "new-policy"},
                                              {"other-details", "Typed before the activity changed"},
                                              {"workforce/headcount", "12"}}));
    const auto out = f.folder.path() / "left-out.xlsx";
    CHECK(f.run(out, for_form("everything")).records == 1);
    const auto book = read_workbook(out);
    CHECK(book.text(book.cell("Everything", "Title", 2)) == "Kept while drafting");
    CHECK(book.text(book.cell("Everything", "Details of the other project", 2)).empty());
    for (const auto& [ref, cell] : book.cells) {
        CHECK(cell.value != "Typed before the activity changed");
        CHECK(cell.value != "12");
    }
}

TEST_CASE("a plugin's view that fails, however it fails, is left out with a warning naming the plugin and the view") {
    test::TempFolder folder;
    forms::PluginHost host;
    host.load(forms::PluginSearchPath{{std::string(FORMWORK_FIXTURE_PLUGIN_DIR) + "/fixture_bad_views.so",
                                       std::string(FORMWORK_FIXTURE_PLUGIN_DIR) + "/fixture_throwing_checks.so"}});
    REQUIRE(host.loaded().size() == 2);
    forms::FormRegistry registry;
    registry.add_plugin_forms(host);
    const auto wonky = registry.latest("wonky");    // one good view, a badly named one, a crossed heading
    const auto fragile = registry.latest("fragile");  // its views throw
    REQUIRE(wonky);
    REQUIRE(fragile);
    auto store = forms::open_sqlite_store({folder.path() / "store.db"});
    for (const auto& form : {wonky, fragile}) {
        auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
        REQUIRE_FALSE(forms::set_value(*form, record, "name", "Someone"));
        store->create(*form, record, "clerk");
    }

    exporters::ExportRequest request;
    request.target = folder.path() / "views.xlsx";
    const auto result = exporters::run_export({*store, registry, "clerk"}, request);
    CHECK(result.records == 2);
    const auto warned = [&](const std::vector<std::string>& words) {
        for (const auto& warning : result.warnings) {
            bool all = true;
            for (const auto& word : words) all = all && warning.find(word) != std::string::npos;
            if (all) return true;
        }
        return false;
    };
    for (const auto& warning : result.warnings) UNSCOPED_INFO(warning);
    CHECK(result.warnings.size() == 3);
    CHECK(warned({"'Badly named'", "plugin 'fixture-bad-views'", "left out", "Bad/name?"}));
    CHECK(warned({"'Crossed headings'", "plugin 'fixture-bad-views'", "left out", "ends before it starts"}));
    CHECK(warned({"plugin 'fixture-throwing-checks'", "form 'fragile'", "left out", "no views today"}));
    const auto book = read_workbook(request.target);
    const auto sheets = book.sheet_names();
    CHECK(std::count(sheets.begin(), sheets.end(), "Good view") == 1);
    CHECK(std::count(sheets.begin(), sheets.end(), "Wonky") == 1);
    CHECK(std::count(sheets.begin(), sheets.end(), "Fragile") == 1);
    CHECK(book.text("Good view!A2") == "Everyone");
}

// ---- The attendance categories, through the workbook and the submission ----

TEST_CASE("every attendance category round-trips: its label and fill in the year sheet and its key, its label in the "
          "records sheet, and its code in the XML submission") {
    test::TempFolder folder;
    forms::PluginHost host;
    host.load(forms::PluginSearchPath{{std::string(FORMWORK_DOMAIN_PLUGIN_DIR) + "/attendance.so"}});
    REQUIRE(host.loaded().size() == 1);
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(
        "<council-profile id='t' name='T'><organisation code='E08000026' name='Coventry City Council'/></council-profile>",
        "t.xml", problems);
    forms::FormRegistry registry(profile);
    registry.add_plugin_forms(host);
    auto store = forms::open_sqlite_store({folder.path() / "store.db"});
    const std::vector<std::pair<std::string, std::string>> files{
        {"categories-body.record.xml", test::categories_body_record()},
        {"categories-meeting.record.xml", test::categories_meeting_record()}};
    for (const auto& item : store->import(registry, files, "clerk")) {
        INFO(item.source);
        REQUIRE(item.outcome == forms::ImportItem::Outcome::added);
    }

    // The workbook: the year sheet's cell of each category shows its label in its colour.
    exporters::ExportRequest request;
    request.target = folder.path() / "attendance.xlsx";
    const auto result = exporters::run_export({*store, registry, "clerk"}, request);
    for (const auto& warning : result.warnings) UNSCOPED_INFO(warning);
    CHECK(result.warnings.empty());
    const auto book = read_workbook(request.target);
    const std::string year = "Year " + std::string(test::categories_body_name());
    const auto sheets = book.sheet_names();
    REQUIRE(std::count(sheets.begin(), sheets.end(), year) == 1);
    const std::map<std::string, std::string> fills{
        {"present", "C6EFCE"},          {"present-virtual", "E2EFDA"},       {"substitute", "FFEB9C"},
        {"substitute-virtual", "FFF2CC"}, {"apologies-substitute", "FCE4D6"}, {"deputy-sent", "F8CBAD"},
        {"apologies", "FFC7CE"},        {"absent", "F4B0B0"},                {"none", "FFDEDE"},
        {"in-attendance", "D6DCE4"},    {"in-attendance-virtual", "E9EDF2"}, {"expected", "F2F2F2"},
        {"unknown", "E4DFEC"}};
    const auto row_where = [&](const std::string& column, const std::string& text) {
        for (int r = 1; r <= book.rows(year); ++r)
            if (book.text(year + "!" + column + std::to_string(r)) == text) return r;
        return 0;
    };
    std::set<std::string> distinct;
    for (const auto& category : test::attendance_categories()) {
        INFO(category.code);
        const auto fill = fills.at(category.code);
        distinct.insert(fill);
        const auto member = row_where("A", test::category_member(category.code));
        REQUIRE(member > 0);
        const auto cell = year + "!C" + std::to_string(member);
        CHECK(book.text(cell) == category.label);
        REQUIRE(book.fills.count(cell) == 1);
        CHECK_THAT(book.fills.at(cell), Contains(fill));
        // The key: the category's label in its colour, below the grid.
        const auto key = row_where("A", category.label);
        REQUIRE(key > member);
        REQUIRE(book.fills.count(year + "!A" + std::to_string(key)) == 1);
        CHECK_THAT(book.fills.at(year + "!A" + std::to_string(key)), Contains(fill));
        CHECK_FALSE(book.text(year + "!B" + std::to_string(key)).empty());
    }
    CHECK(distinct.size() == test::attendance_categories().size());
    CHECK(row_where("A", "Key") > 0);
    // The quorum's own count under the meeting, a number, as the editor's warning gives it (4:
    // the two present in person or virtually, and the two a substitute stood in for).
    const auto counted = row_where("A", "Voting members present (as the quorum counts)");
    REQUIRE(counted > 0);
    CHECK(book.at(year + "!C" + std::to_string(counted)).data_type == "n");
    CHECK(std::stod(book.text(year + "!C" + std::to_string(counted))) == 4);
    // The roles as the body form labels them.
    CHECK(book.text(year + "!B" + std::to_string(row_where("A", test::category_member("present")))) == "Chair");

    // The records sheet of the meeting's attendance: labels, not codes.
    std::set<std::string> shown;
    for (const auto& [ref, cell] : book.cells)
        if (ref.rfind("Meeting \xE2\x80\x93 Members' attendance!", 0) == 0) shown.insert(cell.value);
    for (const auto& category : test::attendance_categories()) {
        if (category.code == "none" || category.code == "unknown") continue;
        INFO(category.code);
        CHECK(shown.count(category.label) == 1);
        if (category.label != category.code) CHECK(shown.count(category.code) == 0);
    }
    CHECK(shown.count(test::unknown_as_published()) == 1);

    // The submission: the codes stay in the XML, the unknown value word for word, and it is valid.
    exporters::ExportRequest xml;
    xml.format = exporters::ExportFormat::xml;
    xml.include_drafts = true;
    xml.collection = {"Attendance", "2026", "2026-01-31"};
    xml.target = folder.path() / "attendance.xml";
    CHECK(exporters::run_export({*store, registry, "clerk"}, xml).records == 2);
    const auto text = test::read_text(xml.target.string());
    for (const auto& category : test::attendance_categories()) {
        if (category.code == "none" || category.code == "unknown") continue;
        INFO(category.code);
        CHECK_THAT(text, Contains("<attendance>" + category.code + "</attendance>"));
    }
    CHECK_THAT(text, Contains("<attendance-as-published>" + std::string(test::unknown_as_published()) + "</attendance-as-published>"));
    const auto xsd = folder.path() / "submission.xsd";
    {
        std::ofstream out(xsd);
        struct Writer : pugi::xml_writer {
            std::ofstream& out;
            explicit Writer(std::ofstream& o) : out(o) {}
            void write(const void* data, size_t size) override { out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size)); }
        } writer(out);
        forms::write_submission_xsd(exporters::forms_in_scope(registry, exporters::export_options(xml)), writer);
    }
    const auto status = std::system(("xmllint --noout --schema " + test::shell_quoted(xsd.string()) + " " + test::shell_quoted(xml.target.string()) + " 2>&1").c_str());
    CHECK(status == 0);
}

// ---- The audit log ----

TEST_CASE("a workbook's export entry holds the chosen scope, the ids written in order, the file and the SHA-256 of "
          "its bytes, and each record written lists it") {
    Fixture f;
    const auto first = f.create(f.everything, f.make(f.everything, {{"title", "First"}}));
    const auto second = f.create(f.everything, f.make(f.everything, {{"title", "Second"}}));
    const auto not_chosen = f.create(f.everything, f.make(f.everything, {{"title", "Not chosen"}}));
    exporters::ExportRequest request;
    request.target = f.folder.path() / "chosen.xlsx";
    request.record_ids = {first, second};
    const auto result = exporters::run_export({*f.store, f.registry, "clerk"}, request);
    CHECK(result.audit_entry == 4);
    const auto exports = f.store->exports();
    REQUIRE(exports.size() == 1);
    const auto& facts = exports[0].facts;
    CHECK(facts.format == "xlsx");
    CHECK(facts.scope == "form everything; every status; 2 chosen records");
    CHECK(facts.file == request.target.string());
    CHECK(facts.serial == 0);
    CHECK(facts.audit_head.empty());
    const auto digest = forms::digest_file(request.target);
    CHECK(facts.sha256 == digest.sha256);
    CHECK(facts.bytes == digest.bytes);
    CHECK(facts.bytes == result.bytes);
    CHECK(facts.record_ids.size() == 2);
    CHECK(std::is_permutation(facts.record_ids.begin(), facts.record_ids.end(), request.record_ids.begin()));
    CHECK(f.store->history(first).back().action == "export");
    CHECK(f.store->history(not_chosen).back().action == "create");
    CHECK(f.store->verify_trail().intact);
}

TEST_CASE("a workbook export that fails leaves neither a file nor an audit entry") {
    Fixture f;
    std::vector<forms::Record> records;
    for (int i = 0; i < 50; ++i) records.push_back(f.make(f.everything, {{"title", "Record " + std::to_string(i)}}));
    f.import(records);
    test::CancelAfter cancel(3);
    const auto target = f.folder.path() / "cancelled.xlsx";
    CHECK_THROWS_AS(f.run(target, for_form("everything"), &cancel), ExportError);
    CHECK_FALSE(std::filesystem::exists(target));
    CHECK(f.store->exports().empty());
}
