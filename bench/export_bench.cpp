#include "export_bench.hpp"

#include "harness.hpp"
#include "report.hpp"
#include "sample_words.hpp"
#include "temp_folder.hpp"

#include <formwork/exporters/exporter.hpp>
#include <formwork/model/council_profile.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/record_store.hpp>
#include <formwork/store/sqlite_store.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/model/xsd.hpp>

#include <xml/schema_validator.hpp>
#include <xml/submission_exporter.hpp>

#include <fcntl.h>
#include <pugixml.hpp>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

#ifndef FORMWORK_BENCH_SOURCE_DIR
#define FORMWORK_BENCH_SOURCE_DIR "."
#endif

namespace formwork::bench {

namespace {

namespace forms = formwork::forms;
namespace exporters = formwork::exporters;
namespace fs = std::filesystem;

const char* const export_form_id = "bench-export";
const char* const export_user = "bench";
const char* const profile_text =
    "<council-profile id='c' name='C'><organisation code='E08000026' name='Coventry'/></council-profile>";
// Records are modified 864 s apart from 2020-01-01T00:00:00Z: 100 a day, so a scope "up to
// day D" holds a round number of them.
constexpr std::time_t first_modified = 1577836800;
constexpr std::size_t records_per_day = 100;
constexpr std::size_t batch_size = 1000;
constexpr std::uintmax_t memory_target = 64'000'000;  // bytes: "64 MB", read strictly

struct ExportPlans {
    std::size_t records;
    std::size_t workbook_reps;  // our export (in a child) and libxlsxwriter, interleaved
    std::size_t python_reps;    // Python XlsxWriter, interleaved with the first ones
    std::size_t xml_reps;
    std::size_t stage_reps;  // the scan-only breakdown
};

ExportPlans export_plans(bool quick) {
    if (quick) return {5000, 2, 1, 2, 1};
    return {100000, 3, 3, 3, 3};
}

// ---- The form: a council's planning applications, 20 fields of six types ----

enum class Type { text, integer, decimal, date, choice, boolean };
const char* const type_names[] = {"text", "integer", "decimal", "date", "choice", "boolean"};

struct FieldSpec {
    const char* id;
    Type type;
    const char* label;
    const char* list;  // choices: the list's id
};

// 4 text, 4 integer, 3 decimal, 3 date, 3 choice, 3 boolean, in two sections.
constexpr std::size_t first_section_fields = 10;
constexpr std::array<FieldSpec, 20> field_specs{{
    {"reference", Type::text, "Reference", nullptr},
    {"received", Type::date, "Received", nullptr},
    {"kind", Type::choice, "Type of application", "kind"},
    {"address", Type::text, "Site address", nullptr},
    {"ward", Type::choice, "Ward", "ward"},
    {"site-area", Type::decimal, "Site area (ha)", nullptr},
    {"applicant", Type::text, "Applicant", nullptr},
    {"description", Type::text, "Description of the works", nullptr},
    {"dwellings", Type::integer, "New dwellings", nullptr},
    {"storeys", Type::integer, "Storeys", nullptr},
    {"floor-area", Type::integer, "Floor area (m2)", nullptr},
    {"height", Type::decimal, "Height (m)", nullptr},
    {"fee", Type::decimal, "Fee (GBP)", nullptr},
    {"listed-building", Type::boolean, "Listed building", nullptr},
    {"conservation-area", Type::boolean, "In a conservation area", nullptr},
    {"validated", Type::date, "Validated", nullptr},
    {"objections", Type::integer, "Objections received", nullptr},
    {"committee", Type::boolean, "Decided by committee", nullptr},
    {"decision", Type::choice, "Decision", "decision"},
    {"decided", Type::date, "Decided", nullptr},
}};

struct Option {
    const char* code;
    const char* label;
    const char* suffix;  // kinds: the reference's suffix
};
constexpr std::array<Option, 8> kinds{{{"full", "Full planning permission", "FUL"},
                                       {"householder", "Householder", "HH"},
                                       {"outline", "Outline permission", "OUT"},
                                       {"reserved-matters", "Reserved matters", "RM"},
                                       {"listed-building", "Listed building consent", "LBC"},
                                       {"advertisement", "Advertisement consent", "ADV"},
                                       {"prior-approval", "Prior approval", "PA"},
                                       {"tree-works", "Works to protected trees", "TPO"}}};
constexpr std::array<const char*, 18> wards{"Bablake",     "Binley and Willenhall", "Cheylesmore", "Earlsdon",
                                            "Foleshill",   "Henley",                "Holbrook",    "Longford",
                                            "Lower Stoke", "Radford",               "Sherbourne",  "St Michael's",
                                            "Upper Stoke", "Wainbody",              "Westwood",    "Whoberley",
                                            "Woodlands",   "Wyken"};
constexpr std::array<Option, 5> decisions{{{"granted", "Granted", ""},
                                           {"conditions", "Granted with conditions", ""},
                                           {"refused", "Refused", ""},
                                           {"withdrawn", "Withdrawn", ""},
                                           {"split", "Split decision", ""}}};

std::string form_definition() {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml += "<form id=\"" + std::string(export_form_id) + "\" version=\"1\" title=\"Planning applications\">\n";
    xml += "  <choices id=\"kind\">\n";
    for (const auto& kind : kinds)
        xml += "    <option code=\"" + std::string(kind.code) + "\">" + kind.label + "</option>\n";
    xml += "  </choices>\n  <choices id=\"ward\">\n";
    for (std::size_t w = 0; w < wards.size(); ++w)
        xml += "    <option code=\"w" + std::to_string(w + 1) + "\">" + wards[w] + "</option>\n";
    xml += "  </choices>\n  <choices id=\"decision\">\n";
    for (const auto& decision : decisions)
        xml += "    <option code=\"" + std::string(decision.code) + "\">" + decision.label + "</option>\n";
    xml += "  </choices>\n";
    for (std::size_t f = 0; f < field_specs.size(); ++f) {
        if (f == 0) xml += "  <section title=\"Application\">\n";
        if (f == first_section_fields) xml += "  </section>\n  <section title=\"Decision\">\n";
        const auto& spec = field_specs[f];
        xml += "    <field id=\"" + std::string(spec.id) + "\" type=\"" + type_names[static_cast<int>(spec.type)] +
               "\" label=\"" + spec.label + "\"";
        if (spec.list != nullptr) xml += " list=\"" + std::string(spec.list) + "\"";
        xml += "/>\n";
    }
    xml += "  </section>\n</form>\n";
    return xml;
}

forms::CouncilProfile council_profile() {
    forms::Diagnostics diagnostics;
    auto profile = forms::parse_council_profile(profile_text, "bench/profile.xml", diagnostics);
    if (!profile) throw std::runtime_error("the bench's council profile does not read");
    return std::move(*profile);
}

void add_export_form(forms::FormRegistry& registry) {
    if (!registry.add_definition(form_definition(), "bench/export.form.xml"))
        throw std::runtime_error("the export bench's generated definition does not load");
}

sdk::ExportOptions export_options(const std::string& format, const std::string& modified_to) {
    sdk::ExportOptions options;
    options.format = format;
    options.layout = "sheet-per-table";
    options.form = export_form_id;
    options.modified_to = modified_to;
    options.collection = {"Planning applications return", "2024", "2024-03-31"};
    return options;
}

// ---- Records, and the same cells for the baselines ----

std::string timestamp(std::time_t seconds) {
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char buffer[32];
    return std::string(buffer, std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts));
}

std::string iso_date(std::time_t seconds) { return timestamp(seconds).substr(0, 10); }

// The last day holding the first `records` records (a multiple of records_per_day).
std::string scope_end_for(std::size_t records) {
    const auto days = static_cast<std::time_t>(records / records_per_day);
    return iso_date(first_modified + (days - 1) * 86400);
}

struct Cell {
    enum class Kind : unsigned char { text, number, date, datetime, boolean };
    Kind kind = Kind::text;
    bool flag = false;
    double number = 0;
    lxw_datetime when{};
    std::string text;  // text; numbers, dates and date-times as written (for the CSV)
};

struct ExportCorpus {
    std::vector<std::pair<std::string, std::string>> files;  // source name, record text
    std::vector<std::string> headers;
    std::vector<Cell::Kind> kinds;
    std::vector<std::vector<Cell>> rows;  // the records sheet's cells, as the export writes them
};

int digits_at(const std::string& text, std::size_t at, std::size_t length) { return std::stoi(text.substr(at, length)); }

Cell text_cell(std::string text) {
    Cell cell;
    cell.text = std::move(text);
    return cell;
}

Cell date_cell(const std::string& text, bool with_time) {
    Cell cell;
    cell.kind = with_time ? Cell::Kind::datetime : Cell::Kind::date;
    cell.text = text.substr(0, with_time ? 19 : 10);
    cell.when = {digits_at(text, 0, 4), digits_at(text, 5, 2), digits_at(text, 8, 2),
                 with_time ? digits_at(text, 11, 2) : 0, with_time ? digits_at(text, 14, 2) : 0,
                 with_time ? static_cast<double>(digits_at(text, 17, 2)) : 0.0};
    return cell;
}

std::string decimal_text(long whole, long fraction, int places) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%ld.%0*ld", whole, places, fraction);
    return buffer;
}

// One record's values, in field_specs order: varied, every one valid and filled.
std::vector<std::string> record_values(std::size_t i, std::time_t modified, std::mt19937_64& random) {
    const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    const auto range = [&](long low, long high) { return low + static_cast<long>(random() % static_cast<std::uint64_t>(high - low + 1)); };
    const auto& kind = kinds[pick(kinds.size())];
    const std::time_t received = modified - range(20, 120) * 86400;
    const std::time_t validated = received + range(0, 14) * 86400;
    const std::time_t decided = validated + range(20, 80) * 86400;
    char reference[32];
    std::snprintf(reference, sizeof reference, "%02ld/%05zu/%s", 20 + static_cast<long>(i / 36500), i % 100000 + 1,
                  kind.suffix);
    char address[96];
    std::snprintf(address, sizeof address, "%ld %s, Coventry CV%ld %ld%c%c", range(1, 240), streets[pick(streets.size())],
                  range(1, 7), range(1, 9), static_cast<char>('A' + pick(26)), static_cast<char>('A' + pick(26)));
    std::string description = works[pick(works.size())];
    if (pick(4) == 0) description += " (revised plans received)";
    const auto boolean = [&](std::size_t one_in) { return pick(one_in) == 0 ? std::string("true") : std::string("false"); };
    return {reference,
            iso_date(received),
            kind.code,
            address,
            "w" + std::to_string(pick(wards.size()) + 1),
            decimal_text(range(0, 3), range(0, 999), 3),
            applicants[pick(applicants.size())],
            description,
            std::to_string(pick(5) == 0 ? range(1, 40) : 0),
            std::to_string(range(1, 6)),
            std::to_string(range(20, 5000)),
            decimal_text(range(3, 30), range(0, 9), 1),
            decimal_text(range(200, 48000), pick(4) == 0 ? range(0, 99) : 0, 2),
            boolean(20),
            boolean(5),
            iso_date(validated),
            std::to_string(pick(3) == 0 ? range(1, 250) : 0),
            boolean(10),
            decisions[pick(decisions.size())].code,
            iso_date(decided)};
}

std::string status_label(const forms::FormDefinition& form, const std::string& status) {
    for (const auto& known : form.lifecycle.statuses)
        if (known.id == status) return known.label.empty() ? known.id : known.label;
    return status;
}

// Record files as the program writes them, all at status complete, and the cells of the
// records sheet the workbook export makes of them: the four columns it begins with
// (id, status, modified, modified by), then each field by its type, choices as labels.
ExportCorpus generate_corpus(const forms::FormDefinition& form, std::size_t count) {
    ExportCorpus corpus;
    corpus.headers = {"Record id", "Status", "Modified (UTC)", "Modified by"};
    corpus.kinds = {Cell::Kind::text, Cell::Kind::text, Cell::Kind::datetime, Cell::Kind::text};
    for (const auto& spec : field_specs) {
        corpus.headers.emplace_back(spec.label);
        switch (spec.type) {
            case Type::integer:
            case Type::decimal: corpus.kinds.push_back(Cell::Kind::number); break;
            case Type::date: corpus.kinds.push_back(Cell::Kind::date); break;
            case Type::boolean: corpus.kinds.push_back(Cell::Kind::boolean); break;
            default: corpus.kinds.push_back(Cell::Kind::text); break;
        }
    }
    corpus.files.reserve(count);
    corpus.rows.reserve(count);
    std::mt19937_64 random(20240601);
    for (std::size_t i = 0; i < count; ++i) {
        const auto modified = first_modified + static_cast<std::time_t>(i * 86400 / records_per_day);
        auto record = forms::new_record(form, export_user, timestamp(modified - 7200));
        const auto values = record_values(i, modified, random);
        std::vector<Cell> row;
        row.reserve(corpus.headers.size());
        for (std::size_t f = 0; f < field_specs.size(); ++f) {
            const auto& spec = field_specs[f];
            const auto& value = values[f];
            if (const auto problem = forms::set_value(form, record, spec.id, value))
                throw std::runtime_error("the export bench's generated record refuses a value: " + problem->format());
            switch (spec.type) {
                case Type::integer:
                case Type::decimal: {
                    Cell cell;
                    cell.kind = Cell::Kind::number;
                    cell.number = std::stod(value);
                    cell.text = value;
                    row.push_back(std::move(cell));
                    break;
                }
                case Type::date: row.push_back(date_cell(value, false)); break;
                case Type::boolean: {
                    Cell cell;
                    cell.kind = Cell::Kind::boolean;
                    cell.flag = value == "true";
                    cell.text = cell.flag ? "1" : "0";
                    row.push_back(std::move(cell));
                    break;
                }
                case Type::choice: {
                    const auto* list = form.list(spec.list);
                    const auto* option = list != nullptr ? list->find(value) : nullptr;
                    row.push_back(text_cell(option != nullptr ? option->label : value));
                    break;
                }
                case Type::text: row.push_back(text_cell(value)); break;
            }
        }
        auto& meta = record.meta;
        meta.modified_at = timestamp(modified);
        meta.modified_by = export_user;
        meta.status = "complete";
        meta.transitions.push_back({"draft", "complete", meta.modified_at, export_user});
        std::vector<Cell> meta_cells{text_cell(meta.id), text_cell(status_label(form, meta.status)),
                                     date_cell(meta.modified_at, true), text_cell(meta.modified_by)};
        row.insert(row.begin(), std::make_move_iterator(meta_cells.begin()), std::make_move_iterator(meta_cells.end()));
        forms::StringWriter writer;
        forms::write_record(record, writer);
        corpus.files.emplace_back("record-" + std::to_string(i + 1) + ".xml", std::move(writer.text));
        corpus.rows.push_back(std::move(row));
    }
    return corpus;
}

// The cells for Python: a header row, a row of types, then the values (strings quoted).
void write_cells_csv(const fs::path& path, const ExportCorpus& corpus) {
    std::ofstream out(path, std::ios::binary);
    const auto quoted = [&](const std::string& text) {
        out << '"';
        for (const char c : text) {
            if (c == '"') out << '"';
            out << c;
        }
        out << '"';
    };
    for (std::size_t c = 0; c < corpus.headers.size(); ++c) {
        if (c != 0) out << ',';
        quoted(corpus.headers[c]);
    }
    out << '\n';
    const char* const letters = "sndtb";  // in Cell::Kind order
    for (std::size_t c = 0; c < corpus.kinds.size(); ++c) out << (c != 0 ? "," : "") << letters[static_cast<int>(corpus.kinds[c])];
    out << '\n';
    for (const auto& row : corpus.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c != 0) out << ',';
            if (row[c].kind == Cell::Kind::text)
                quoted(row[c].text);
            else
                out << row[c].text;
        }
        out << '\n';
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

// ---- The libxlsxwriter baseline ----

// libxlsxwriter in constant-memory mode writing the corpus's cells straight from memory:
// a header row (bold, filled, frozen), numbers, dates and date-times with their formats,
// booleans, strings; column widths and an autofilter. Returns nanoseconds.
double libxlsxwriter_write(const fs::path& path, const fs::path& temporary_folder, const ExportCorpus& corpus) {
    std::string folder = temporary_folder.string();
    const auto start = Clock::now();
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = folder.data();
    lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
    if (workbook == nullptr) throw std::runtime_error("libxlsxwriter cannot start " + path.string());
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, export_form_id);
    lxw_format* header = workbook_add_format(workbook);
    format_set_bold(header);
    format_set_pattern(header, LXW_PATTERN_SOLID);
    format_set_bg_color(header, 0xDDEBF7);
    format_set_bottom(header, LXW_BORDER_THIN);
    lxw_format* date = workbook_add_format(workbook);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format* stamp = workbook_add_format(workbook);
    format_set_num_format(stamp, "yyyy-mm-dd hh:mm:ss");
    lxw_error first_error = LXW_NO_ERROR;
    const auto wrote = [&](lxw_error error) {
        if (error != LXW_NO_ERROR && first_error == LXW_NO_ERROR) first_error = error;
    };
    for (std::size_t c = 0; c < corpus.headers.size(); ++c)
        wrote(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), corpus.headers[c].c_str(), header));
    worksheet_freeze_panes(sheet, 1, 0);
    lxw_row_t r = 1;
    for (const auto& row : corpus.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            const auto& cell = row[c];
            const auto col = static_cast<lxw_col_t>(c);
            switch (cell.kind) {
                case Cell::Kind::text: wrote(worksheet_write_string(sheet, r, col, cell.text.c_str(), nullptr)); break;
                case Cell::Kind::number: wrote(worksheet_write_number(sheet, r, col, cell.number, nullptr)); break;
                case Cell::Kind::date: {
                    lxw_datetime when = cell.when;
                    wrote(worksheet_write_datetime(sheet, r, col, &when, date));
                    break;
                }
                case Cell::Kind::datetime: {
                    lxw_datetime when = cell.when;
                    wrote(worksheet_write_datetime(sheet, r, col, &when, stamp));
                    break;
                }
                case Cell::Kind::boolean: wrote(worksheet_write_boolean(sheet, r, col, cell.flag ? 1 : 0, nullptr)); break;
            }
        }
        ++r;
    }
    const auto last_col = static_cast<lxw_col_t>(corpus.headers.size() - 1);
    for (lxw_col_t c = 0; c <= last_col; ++c) wrote(worksheet_set_column(sheet, c, c, 16, nullptr));
    wrote(worksheet_autofilter(sheet, 0, 0, r - 1, last_col));
    const lxw_error closed = workbook_close(workbook);
    const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    if (first_error != LXW_NO_ERROR) throw std::runtime_error(std::string("libxlsxwriter: ") + lxw_strerror(first_error));
    if (closed != LXW_NO_ERROR) throw std::runtime_error(std::string("libxlsxwriter: ") + lxw_strerror(closed));
    return ns;
}

// ---- The floor under reading ----

// Raw SQLite selecting the stored documents of the form in the order the store's scan
// gives them (the same ORDER BY); with `out`, pugixml also parses each one (no checks)
// and prints its instance there. Returns nanoseconds; counts the documents into `seen`.
double raw_documents(const fs::path& database, pugi::xml_writer* out, std::size_t& seen) {
    sqlite3* handle = nullptr;
    const int opened = sqlite3_open_v2(database.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(handle, &sqlite3_close);
    if (opened != SQLITE_OK) throw std::runtime_error("raw SQLite: cannot open " + database.string());
    sqlite3_stmt* prepared = nullptr;
    if (sqlite3_prepare_v2(db.get(), "SELECT document FROM records WHERE form_id = ?1 ORDER BY form_id, modified_at, id",
                           -1, &prepared, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("raw SQLite: ") + sqlite3_errmsg(db.get()));
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> select(prepared, &sqlite3_finalize);
    sqlite3_bind_text(select.get(), 1, export_form_id, -1, SQLITE_STATIC);
    seen = 0;
    const auto start = Clock::now();
    int step = 0;
    while ((step = sqlite3_step(select.get())) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(select.get(), 0);
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(select.get(), 0));
        if (out != nullptr) {
            pugi::xml_document document;
            if (!document.load_buffer(text, size, pugi::parse_default, pugi::encoding_utf8))
                throw std::runtime_error("raw SQLite: pugixml cannot parse a stored document");
            document.document_element().child(export_form_id).print(*out, "  ", pugi::format_default,
                                                                   pugi::encoding_utf8, 2);
        }
        seen += text != nullptr && size > 0 ? 1U : 0U;
    }
    const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    if (step != SQLITE_DONE) throw std::runtime_error(std::string("raw SQLite: ") + sqlite3_errmsg(db.get()));
    return ns;
}

// ---- Child processes ----

struct ProcessRun {
    int status = -1;  // the exit status; 128 + the signal when killed by one
    std::string output;
    double wall_ns = 0;  // from starting it until it was waited for
};

// Runs a program (searched on PATH), its standard output (and its standard error when
// merge_errors) read into `output`.
ProcessRun run_process(const std::vector<std::string>& arguments, bool merge_errors) {
    int pipe_ends[2];
    if (pipe2(pipe_ends, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
    if (merge_errors) posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
    std::vector<char*> argv;
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    const auto start = Clock::now();
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_ends[1]);
    if (spawned != 0) {
        ::close(pipe_ends[0]);
        throw std::runtime_error("cannot start " + arguments[0] + ": " + std::strerror(spawned));
    }
    ProcessRun run;
    char buffer[4096];
    for (;;) {
        const auto got = ::read(pipe_ends[0], buffer, sizeof buffer);
        if (got > 0)
            run.output.append(buffer, static_cast<std::size_t>(got));
        else if (got == 0 || errno != EINTR)
            break;
    }
    ::close(pipe_ends[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    run.wall_ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
    return run;
}

std::optional<double> reported(const std::string& output, const std::string& key) {
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line))
        if (line.rfind(key + " ", 0) == 0) return std::stod(line.substr(key.size() + 1));
    return std::nullopt;
}

bool on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::istringstream folders(path != nullptr ? path : "/usr/bin:/bin");
    std::string folder;
    while (std::getline(folders, folder, ':'))
        if (!folder.empty() && ::access((fs::path(folder) / program).c_str(), X_OK) == 0) return true;
    return false;
}

std::string self_path() {
    std::error_code error;
    const auto path = fs::read_symlink("/proc/self/exe", error);
    if (error) throw std::runtime_error("cannot find this program's own path (/proc/self/exe)");
    return path.string();
}

struct ChildExport {
    double run_ns = 0;
    std::size_t records = 0;
    std::uintmax_t bytes = 0;
    std::uintmax_t peak_bytes = 0;  // ru_maxrss of the process that ran it
};

// One export in a fresh process (see run_export_child): its run() time and its peak memory.
ChildExport export_in_child(const std::string& self, const std::string& format, const fs::path& database,
                            const fs::path& destination, const std::string& modified_to) {
    const auto run = run_process(
        {self, export_child_option, format, database.string(), destination.string(), modified_to.empty() ? "-" : modified_to},
        false);
    const auto run_ns = reported(run.output, "run_ns");
    const auto records = reported(run.output, "records");
    const auto bytes = reported(run.output, "bytes");
    const auto peak = reported(run.output, "maxrss_kb");
    if (run.status != 0 || !run_ns || !records || !bytes || !peak)
        throw std::runtime_error("the " + format + " export in a child process failed (exit status " +
                                 std::to_string(run.status) + "): " + run.output);
    return {*run_ns, static_cast<std::size_t>(*records), static_cast<std::uintmax_t>(*bytes),
            static_cast<std::uintmax_t>(*peak) * 1024};
}

int export_once(const std::string& format, const fs::path& database, const fs::path& destination,
                const std::string& modified_to) {
    try {
        forms::FormRegistry registry(council_profile());
        add_export_form(registry);
        auto store = forms::open_sqlite_store({database});
        const exporters::ExportDataset dataset{*store, registry, export_user};
        if (format == "xml-header") {  // the submission's header alone: verify_trail and a serial number
            const auto start = Clock::now();
            const auto header = exporters::SubmissionExporter::make_header(dataset);
            const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
            std::printf("run_ns %.0f\nrecords 0\nbytes %zu\n", ns, header.audit_head.size());
            return 0;
        }
        if (format == "xml-write") {  // SubmissionExporter::write alone, to a discarding writer (for profiling)
            const auto header = exporters::SubmissionExporter::make_header(dataset);
            exporters::SilentProgress progress;
            struct : pugi::xml_writer {
                std::uintmax_t bytes = 0;
                void write(const void*, std::size_t size) override { bytes += size; }
            } discard;
            // Three times, the last timed: a profile of this process is mostly the write.
            std::size_t records = 0;
            double ns = 0;
            for (int turn = 0; turn < 3; ++turn) {
                discard.bytes = 0;
                const auto start = Clock::now();
                records = exporters::SubmissionExporter::write(dataset, export_options("xml", modified_to), header, discard,
                                                               progress);
                ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
            }
            std::printf("run_ns %.0f\nrecords %zu\nbytes %ju\n", ns, records, discard.bytes);
            return 0;
        }
        const auto options = export_options(format, modified_to);
        exporters::SilentProgress progress;
        const auto exporter = exporters::make_exporter(format);
        const auto start = Clock::now();
        const auto result = exporter->run(dataset, options, destination, progress);
        const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
        std::printf("run_ns %.0f\nrecords %zu\nbytes %ju\n", ns, result.records, result.bytes);
        return 0;
    } catch (const std::exception& e) {
        std::printf("error %s\n", e.what());
        return 1;
    }
}

// ---- Measuring ----

struct CountingWriter final : pugi::xml_writer {
    std::uintmax_t bytes = 0;
    void write(const void*, std::size_t size) override { bytes += size; }
};

Summary once_summary(double ns) { return {1, ns, ns, ns}; }

double since(Clock::time_point start) { return std::chrono::duration<double, std::nano>(Clock::now() - start).count(); }

std::string peak_text(std::uintmax_t bytes) { return megabytes(bytes); }

std::string rate_text(std::uintmax_t bytes, double ns) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f MB/s", ns > 0 ? static_cast<double>(bytes) / 1e6 / (ns / 1e9) : 0.0);
    return buffer;
}

std::vector<double> ratios_of(const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> ratios;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        if (b[i] > 0) ratios.push_back(a[i] / b[i]);
    return ratios;
}

std::string ratio_figure(double ratio) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2fx", ratio);
    return buffer;
}

std::string median_text(const std::vector<std::uintmax_t>& values) {
    std::vector<double> as_double(values.begin(), values.end());
    return peak_text(static_cast<std::uintmax_t>(summarize(as_double).median_ns));
}

}  // namespace

int run_export_child(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: formwork_bench %s FORMAT DATABASE DESTINATION MODIFIED_TO|-\n", export_child_option);
        return 2;
    }
    const std::string format = argv[2];
    const fs::path database = argv[3];
    const fs::path destination = argv[4];
    const std::string modified_to = std::strcmp(argv[5], "-") == 0 ? std::string() : std::string(argv[5]);
    // This process was started by a large one, and the kernel counts the memory of a
    // process before its exec in its ru_maxrss: the export runs in a child of this small,
    // fresh process instead, whose peak is its own.
    std::fflush(stdout);
    const pid_t pid = ::fork();
    if (pid < 0) {
        std::printf("error fork: %s\n", std::strerror(errno));
        return 1;
    }
    if (pid == 0) {
        const int code = export_once(format, database, destination, modified_to);
        std::fflush(stdout);
        std::fflush(stderr);
        ::_exit(code);
    }
    int status = 0;
    rusage usage{};
    while (::wait4(pid, &status, 0, &usage) < 0)
        if (errno != EINTR) {
            std::printf("error wait4: %s\n", std::strerror(errno));
            return 1;
        }
    std::printf("maxrss_kb %ld\n", usage.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

void run_export_bench(bool quick) {
    const auto plans = export_plans(quick);
    const auto n = plans.records;
    // The smaller scope, to show the peak does not grow: a twentieth, in whole days.
    const auto small = std::max(records_per_day, n / 20 / records_per_day * records_per_day);
    const auto small_scope = scope_end_for(small);
    const auto self = self_path();

    forms::FormRegistry registry(council_profile());
    add_export_form(registry);
    const auto& form = *registry.forms().front().form;
    auto corpus = generate_corpus(form, n);
    const auto columns = corpus.headers.size();

    const TempFolder folder;
    const auto database = folder.path() / "formwork.db";
    {
        auto store = forms::open_sqlite_store({database});
        const auto items = store->import(registry, corpus.files, export_user, batch_size);
        for (const auto& item : items)
            if (item.outcome != forms::ImportItem::Outcome::added)
                throw std::runtime_error("the export bench's import did not add " + item.source +
                                         (item.diagnostics.empty() ? std::string() : ": " + item.diagnostics.front().format()));
    }
    corpus.files = {};
    corpus.files.shrink_to_fit();

    std::printf("\nExports: %s records of a %zu-field form (4 text, 4 integer, 3 decimal, 3 date, 3 choice, 3 boolean),\n"
                "all complete, from SQLite in %s; each export of ours runs in a child process of its own\n",
                count_text(n).c_str(), field_specs.size(), fs::temp_directory_path().c_str());
    print_header();

    // 1. The workbook: ours from the store; libxlsxwriter and Python XlsxWriter writing the
    //    same cells from memory; interleaved.
    const auto workbook_path = folder.path() / "export.xlsx";
    const auto baseline_path = folder.path() / "libxlsxwriter.xlsx";
    const auto python_path = folder.path() / "xlsxwriter.xlsx";
    const auto cells_path = folder.path() / "cells.csv";
    const auto script = fs::path(FORMWORK_BENCH_SOURCE_DIR) / "xlsxwriter_baseline.py";
    std::string python_missing;
    if (!fs::exists(script))
        python_missing = script.string() + " is not there";
    else if (::access("/usr/bin/python3", X_OK) != 0)
        python_missing = "/usr/bin/python3 is not installed";
    else if (run_process({"/usr/bin/python3", "-c", "import xlsxwriter"}, true).status != 0)
        python_missing = "python3-xlsxwriter is not installed (scripts/setup.sh installs it)";
    if (python_missing.empty()) write_cells_csv(cells_path, corpus);

    std::vector<double> ours_ns, baseline_ns, python_ns;
    std::vector<std::uintmax_t> ours_peak;
    ChildExport workbook;
    for (std::size_t rep = 0; rep < plans.workbook_reps; ++rep) {
        workbook = export_in_child(self, "xlsx", database, workbook_path, "");
        if (workbook.records != n)
            throw std::runtime_error("the workbook export wrote " + std::to_string(workbook.records) + " records, not " +
                                     std::to_string(n));
        ours_ns.push_back(workbook.run_ns);
        ours_peak.push_back(workbook.peak_bytes);
        baseline_ns.push_back(libxlsxwriter_write(baseline_path, folder.path(), corpus));
        if (python_missing.empty() && rep < plans.python_reps) {
            const auto python = run_process({"/usr/bin/python3", script.string(), cells_path.string(), python_path.string()}, true);
            const auto ns = reported(python.output, "write_ns");
            if (python.status != 0 || !ns) throw std::runtime_error("the Python XlsxWriter baseline failed: " + python.output);
            python_ns.push_back(*ns);
        }
    }
    const auto workbook_small = export_in_child(self, "xlsx", database, workbook_path, small_scope);
    if (workbook_small.records != small)
        throw std::runtime_error("the workbook export of the smaller scope wrote " + std::to_string(workbook_small.records) +
                                 " records, not " + std::to_string(small));
    std::error_code ignored;
    const auto baseline_bytes = fs::file_size(baseline_path, ignored);
    const auto python_bytes = python_missing.empty() ? fs::file_size(python_path, ignored) : 0;
    corpus.rows = {};
    corpus.rows.shrink_to_fit();

    print_row("workbook export: " + count_text(n) + " rows x " + std::to_string(columns) + " columns", summarize(ours_ns));
    print_row("  libxlsxwriter alone: the same cells from memory", summarize(baseline_ns));
    const double to_baseline = summarize(ratios_of(ours_ns, baseline_ns)).median_ns;
    print_figure("  workbook export / libxlsxwriter", plans.workbook_reps, ratio_figure(to_baseline), "<= 1.30x",
                 to_baseline <= 1.30);
    if (python_missing.empty()) {
        print_row("  Python XlsxWriter: the same cells from memory", summarize(python_ns));
        print_figure("  workbook export / Python XlsxWriter", python_ns.size(),
                     ratio_figure(summarize(ratios_of(ours_ns, python_ns)).median_ns));
    } else {
        print_note("Python XlsxWriter baseline skipped: " + python_missing);
    }
    const auto workbook_peak = *std::max_element(ours_peak.begin(), ours_peak.end());
    print_figure("workbook export peak memory: " + count_text(small) + " rows", 1, peak_text(workbook_small.peak_bytes),
                 "< 64 MB", workbook_small.peak_bytes < memory_target);
    print_figure("workbook export peak memory: " + count_text(n) + " rows", ours_peak.size(), peak_text(workbook_peak),
                 "< 64 MB", workbook_peak < memory_target);
    print_note("ru_maxrss of a fresh process running only the export (largest of the runs; median " +
               median_text(ours_peak) + "); " + count_text(small) + " rows took " + duration_text(workbook_small.run_ns));
    print_note("files: ours " + megabytes(workbook.bytes) + " (with its Fields sheet, drop-downs and widths), libxlsxwriter " +
               megabytes(baseline_bytes) + (python_missing.empty() ? ", Python " + megabytes(python_bytes) : std::string()) +
               "; per row: ours " + duration_text(summarize(ours_ns).median_ns / static_cast<double>(n)) +
               ", libxlsxwriter " + duration_text(summarize(baseline_ns).median_ns / static_cast<double>(n)));

    // 2. The XML submission.
    auto store = forms::open_sqlite_store({database});
    const exporters::ExportDataset dataset{*store, registry, export_user};
    const auto xml_options = export_options("xml", "");
    exporters::SilentProgress progress;
    const auto header_start = Clock::now();
    const auto header = exporters::SubmissionExporter::make_header(dataset);
    const double header_ns = since(header_start);

    const auto xsd_path = folder.path() / "submission.xsd";
    {
        std::vector<forms::FormDefinitionPtr> chosen{registry.forms().front().form};
        std::FILE* xsd_file = std::fopen(xsd_path.c_str(), "wb");
        if (xsd_file == nullptr) throw std::runtime_error("cannot write " + xsd_path.string());
        pugi::xml_writer_file xsd_writer(xsd_file);
        forms::write_submission_xsd(chosen, xsd_writer);
        std::fclose(xsd_file);
    }
    const bool have_xmllint = on_path("xmllint");
    const auto written_path = folder.path() / "written.xml";
    const auto submission_path = folder.path() / "submission.xml";
    std::string xsd_text;
    {
        std::ifstream in(xsd_path, std::ios::binary);
        xsd_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const exporters::SchemaValidator validator(xsd_text);
    std::vector<double> discard_ns, file_ns, fsync_ns, validate_ns, xmllint_ns, written_plus_lint_ns, run_ns;
    std::vector<std::uintmax_t> run_peak;
    std::uintmax_t xml_bytes = 0;
    ChildExport submission;
    for (std::size_t rep = 0; rep < plans.xml_reps; ++rep) {
        CountingWriter counting;
        auto start = Clock::now();
        const auto records = exporters::SubmissionExporter::write(dataset, xml_options, header, counting, progress);
        discard_ns.push_back(since(start));
        xml_bytes = counting.bytes;
        if (records != n)
            throw std::runtime_error("the submission held " + std::to_string(records) + " records, not " + std::to_string(n));

        std::FILE* file = std::fopen(written_path.c_str(), "wb");
        if (file == nullptr) throw std::runtime_error("cannot write " + written_path.string());
        std::setvbuf(file, nullptr, _IOFBF, 1 << 16);
        pugi::xml_writer_file file_writer(file);
        start = Clock::now();
        exporters::SubmissionExporter::write(dataset, xml_options, header, file_writer, progress);
        const bool closed = std::fclose(file) == 0;
        file_ns.push_back(since(start));
        if (!closed) throw std::runtime_error("cannot write " + written_path.string());
        start = Clock::now();
        const int descriptor = ::open(written_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (descriptor >= 0) {
            ::fsync(descriptor);
            ::close(descriptor);
        }
        fsync_ns.push_back(since(start));
        start = Clock::now();
        const auto problems = validator.validate_file(written_path);
        validate_ns.push_back(since(start));
        if (!problems.empty()) throw std::runtime_error("the written submission does not validate: " + problems.front());

        if (have_xmllint) {
            const auto lint = run_process({"xmllint", "--stream", "--noout", "--schema", xsd_path.string(), written_path.string()}, true);
            if (lint.status != 0)
                throw std::runtime_error("xmllint does not validate the submission (exit status " +
                                         std::to_string(lint.status) + "): " + lint.output.substr(0, 2000));
            xmllint_ns.push_back(lint.wall_ns);
            written_plus_lint_ns.push_back(file_ns.back() + lint.wall_ns);
        }

        submission = export_in_child(self, "xml", database, submission_path, "");
        if (submission.records != n)
            throw std::runtime_error("the XML export held " + std::to_string(submission.records) + " records, not " +
                                     std::to_string(n));
        run_ns.push_back(submission.run_ns);
        run_peak.push_back(submission.peak_bytes);
    }
    const auto submission_small = export_in_child(self, "xml", database, submission_path, small_scope);
    const auto header_alone = export_in_child(self, "xml-header", database, submission_path, "");
    if (submission_small.records != small)
        throw std::runtime_error("the XML export of the smaller scope held " + std::to_string(submission_small.records) +
                                 " records, not " + std::to_string(small));

    // What the exports share: reading the records (the scan parses each stored document),
    // and the exportable copy of each instance.
    const forms::ScanQuery everything{export_form_id, {}, "", ""};
    // Taking turns, after a warm-up run of each, so that the machine's state (and a noisy
    // spell) falls on all four alike.
    std::size_t raw_seen = 0, parsed_seen = 0;
    CountingWriter raw_printed;
    const auto stages = measure_interleaved(
        {1, plans.stage_reps},
        {[&] {
             std::size_t visited = 0;
             store->scan(everything, [&](const forms::Record& record) {
                 visited += record.meta.id.empty() ? 0U : 1U;
                 return true;
             });
             keep(visited);
         },
         [&] {
             std::size_t visited = 0;
             store->scan(everything, [&](const forms::Record& record) {
                 const auto instance = forms::exportable_instance(form, record);
                 visited += instance.document_element() ? 1U : 0U;
                 return true;
             });
             keep(visited);
         },
         [&] { keep(static_cast<std::size_t>(raw_documents(database, nullptr, raw_seen))); },
         [&] {
             raw_printed.bytes = 0;
             keep(static_cast<std::size_t>(raw_documents(database, &raw_printed, parsed_seen)));
         }});
    const auto scanned = summarize(stages[0]);
    const auto with_instances = summarize(stages[1]);
    const auto raw_select = summarize(stages[2]);
    const auto raw_parse = summarize(stages[3]);
    if (raw_seen != n || parsed_seen != n) throw std::runtime_error("raw SQLite did not select every record");

    const auto discard = summarize(discard_ns);
    const double mb_per_s = static_cast<double>(xml_bytes) / 1e6 / (discard.median_ns / 1e9);
    print_row("XML write: " + count_text(n) + " records to a discarding writer", discard);
    print_figure("  XML write rate (" + megabytes(xml_bytes) + ")", plans.xml_reps, rate_text(xml_bytes, discard.median_ns),
                 ">= 200 MB/s", mb_per_s >= 200);
    print_row("XML write to a file (stdio, 64 KB buffer)", summarize(file_ns));
    if (have_xmllint) {
        print_row("  xmllint --stream --schema on that file", summarize(xmllint_ns));
        print_row("  write to a file + xmllint", summarize(written_plus_lint_ns));
    } else {
        print_note("xmllint baseline skipped: xmllint is not on PATH (libxml2-utils)");
    }
    print_row("XML export run(): header, write, validate, commit", summarize(run_ns));
    if (have_xmllint) {
        const double to_lint = summarize(ratios_of(run_ns, written_plus_lint_ns)).median_ns;
        print_figure("  run() / (write to a file + xmllint)", plans.xml_reps, ratio_figure(to_lint), "<= 1.30x",
                     to_lint <= 1.30);
    }
    print_row("  in it: make_header alone, in a fresh process", once_summary(header_alone.run_ns));
    print_row("  in it: SchemaValidator on the written file", summarize(validate_ns));
    const auto xml_peak = *std::max_element(run_peak.begin(), run_peak.end());
    print_figure("XML export peak memory: " + count_text(small) + " records", 1, peak_text(submission_small.peak_bytes),
                 "< 64 MB", submission_small.peak_bytes < memory_target);
    print_figure("XML export peak memory: " + count_text(n) + " records", run_peak.size(), peak_text(xml_peak), "< 64 MB",
                 xml_peak < memory_target);
    print_figure("  make_header alone (verify_trail + a serial): peak", 1, peak_text(header_alone.peak_bytes));
    print_note("make_header: verify_trail of the whole audit log (" + count_text(n) +
               " entries, checked as they are read) + a serial number (one commit); " + duration_text(header_ns) +
               " in this long-running process; fsync of the written file " +
               duration_text(summarize(fsync_ns).median_ns) + "; " + count_text(small) + " records took " +
               duration_text(submission_small.run_ns));
    print_row("store scan alone: " + count_text(n) + " records read and parsed", scanned);
    print_row("store scan + exportable_instance", with_instances);
    print_row("raw SQLite: the documents in the scan's order", raw_select);
    print_row("  + pugixml parsing each, printing its instance", raw_parse);
    const double workbook_median = summarize(ours_ns).median_ns;
    print_note("of the workbook export's " + duration_text(workbook_median) + ": reading the records " +
               percent_text(scanned.median_ns, workbook_median) + ", exportable copies " +
               percent_text(with_instances.median_ns - scanned.median_ns, workbook_median) +
               "; of the XML write's " + duration_text(discard.median_ns) + ": reading " +
               percent_text(scanned.median_ns, discard.median_ns) + ", exportable copies " +
               percent_text(with_instances.median_ns - scanned.median_ns, discard.median_ns));
    print_note("reading a record: " + duration_text(scanned.median_ns / static_cast<double>(n)) + " (raw SQLite " +
               duration_text(raw_select.median_ns / static_cast<double>(n)) + ", + pugixml alone " +
               duration_text((raw_parse.median_ns - raw_select.median_ns) / static_cast<double>(n)) +
               "); raw SQLite + pugixml printing the instances: " + rate_text(raw_printed.bytes, raw_parse.median_ns));
    store.reset();
}

}  // namespace formwork::bench
