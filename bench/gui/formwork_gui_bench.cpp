// formwork_gui_bench: the shell's three figures from issue 9, each beside its baseline in
// the same run (run it under a display: `xvfb-run -a bin/formwork_gui_bench`):
//   1. cold start: formwork started as a new process until its main window is shown and
//      idle, against a bare wxFrame program started the same way (bench/gui/bare_frame.cpp);
//   2. opening the full EIA editor on the seed's sample, until it is laid out and painted;
//   3. one keystroke in an EIA text field until validation and marking are up to date,
//      against the engine's set_value + validation alone;
//   4. one keystroke in a cell of the EIA's protected characteristics (what a cell's editor
//      sends with each key) until validation and marking are up to date;
//   5. a table of 500 rows (the EIA's actions) opened as the editor shows it, laid out and
//      painted.
// Printed as median, p10 and p90 with the targets; timings are never the exit status.
#include "../harness.hpp"
#include "../report.hpp"
#include "../temp_folder.hpp"

#include <formwork/model/definition_walk.hpp>

#include "record_editor.hpp"
#include "table_editor.hpp"

#include <formwork/store/edit_session.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <wx/app.h>
#include <wx/frame.h>
#include <wx/init.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace forms = formwork::forms;
using namespace formwork::bench;

namespace {

// Starts `argv` with its standard output on a pipe and returns the time until it prints a
// line containing "ready"; then ends it. Throws when it exits or closes its output first.
double time_until_ready(const std::vector<std::string>& argv) {
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_ends[0]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t child = 0;
    const auto start = Clock::now();
    const int spawned = posix_spawn(&child, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_ends[1]);
    if (spawned != 0) {
        close(pipe_ends[0]);
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(spawned));
    }
    std::string seen;
    std::optional<Clock::time_point> ready;
    char buffer[512];
    while (!ready) {
        const auto got = read(pipe_ends[0], buffer, sizeof buffer);
        if (got <= 0) break;
        seen.append(buffer, static_cast<std::size_t>(got));
        if (seen.find("ready") != std::string::npos) ready = Clock::now();
    }
    close(pipe_ends[0]);
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    if (!ready) throw std::runtime_error(argv[0] + " ended without saying it was ready; it printed: " + seen);
    return std::chrono::duration<double, std::nano>(*ready - start).count();
}

void settle() {
    for (int round = 0; round < 5; ++round) wxTheApp->Yield(true);
}

// The first plain text field of the form outside tables: where the keystrokes go.
std::string first_text_field(const std::vector<forms::Node>& items, const std::string& prefix = {}) {
    for (const auto& item : items) {
        const auto path = prefix.empty() ? item.id : prefix + "/" + item.id;
        if (item.kind == forms::NodeKind::section) {
            if (auto found = first_text_field(item.children, prefix); !found.empty()) return found;
        } else if (item.kind == forms::NodeKind::group) {
            if (auto found = first_text_field(item.children, path); !found.empty()) return found;
        } else if (item.kind == forms::NodeKind::field && item.type == forms::FieldType::text && item.part.empty() &&
                   !item.relevant && !item.read_only && !item.calculate) {
            return path;
        }
    }
    return {};
}

int run(bool quick, const std::filesystem::path& bin) {
    const Plan start_plan{quick ? 1u : 2u, quick ? 3u : 15u};
    const Plan open_plan{quick ? 1u : 3u, quick ? 5u : 30u};
    const std::size_t keystrokes = quick ? 40 : 400;

    TempFolder folder;
    const auto db = (folder.path() / "formwork.db").string();

    forms::PluginHost host;
    host.load(forms::PluginSearchPath::standard({}));
    forms::FormRegistry registry;
    registry.add_plugin_forms(host);
    auto store = forms::open_sqlite_store({db});
    std::vector<std::pair<std::string, std::string>> samples;
    for (const auto& sample : registry.samples()) samples.emplace_back(sample.plugin_id + "/" + sample.name, sample.text);
    store->import(registry, samples, "bench");

    std::printf("formwork_gui_bench%s: %s build, %zu plugins, %zu forms, %zu samples\n", quick ? " --quick" : "",
                FORMWORK_BENCH_BUILD_TYPE, host.loaded().size(), registry.forms().size(), samples.size());
    print_header();

    // 1. Cold start, the two programs taking turns.
    const auto formwork = (bin / "formwork").string();
    const auto bare = (bin / "formwork_bare_frame").string();
    std::vector<double> formwork_ns, bare_ns;
    for (std::size_t i = 0; i < start_plan.warm_up + start_plan.repetitions; ++i) {
        const double f = time_until_ready({formwork, "--db", db, "--report-ready"});
        const double b = time_until_ready({bare});
        if (i < start_plan.warm_up) continue;
        formwork_ns.push_back(f);
        bare_ns.push_back(b);
    }
    const auto formwork_start = summarize(formwork_ns);
    const auto bare_start = summarize(bare_ns);
    print_row("start: formwork to an idle main window", formwork_start, 400e6, "< 400 ms");
    print_row("start: bare wxFrame program (baseline)", bare_start);
    print_note("formwork / bare frame, medians: " + ratio_text(formwork_start.median_ns, bare_start.median_ns) +
               "; formwork's own work: " + duration_text(formwork_start.median_ns - bare_start.median_ns));

    // 2 and 3 run in this process, in a frame like the main window's.
    const auto eia = registry.latest("eia");
    if (!eia) throw std::runtime_error("the eia plugin's form is not loaded");
    forms::ListQuery query;
    query.form = "eia";
    query.limit = 1;
    const auto listed = store->list(query);
    if (listed.rows.empty()) throw std::runtime_error("no EIA sample in the store");
    const auto eia_id = listed.rows.front().id;

    auto* frame = new wxFrame(nullptr, wxID_ANY, "bench", wxDefaultPosition, wxSize(1100, 800));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    frame->SetSizer(sizer);
    frame->Show();
    settle();

    formwork::ui::RecordEditor* editor = nullptr;
    const auto open = measure(
        open_plan,
        [&] {
            if (editor != nullptr) {
                editor->Destroy();
                editor = nullptr;
                settle();
            }
        },
        [&] {
            editor = new formwork::ui::RecordEditor(frame, forms::EditSession::open(*store, eia, eia_id, "bench"));
            sizer->Add(editor, wxSizerFlags(1).Expand());
            frame->Layout();
            editor->Update();
        });
    print_row("open the EIA editor (seed sample, laid out, painted)", open, 150e6, "< 150 ms");
    settle();

    const auto path = first_text_field(eia->items);
    auto* field = dynamic_cast<wxTextCtrl*>(editor->control_for(path));
    if (field == nullptr) throw std::runtime_error("the EIA editor has no text control for " + path);
    std::vector<double> keystroke_ns;
    for (std::size_t i = 0; i < keystrokes; ++i) {
        const auto start = Clock::now();
        field->AppendText(i % 10 == 9 ? " " : "x");  // sends the text event, as typing does
        editor->Update();
        keystroke_ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count());
        if (i % 20 == 0) settle();
    }
    const auto keystroke = summarize(keystroke_ns);
    print_row("keystroke in " + path + ": validation shown", keystroke, 16e6, "< 16 ms");

    auto engine_only = forms::EditSession::open(*store, eia, eia_id, "bench");
    std::string typed = engine_only.value(path);
    const auto engine = measure(Plan{10, keystrokes}, [&] {
        typed += 'x';
        engine_only.set_value(path, typed);
    });
    print_row("engine alone: set_value + recalculate + validate", engine);
    print_note("editor / engine, medians: " + ratio_text(keystroke.median_ns, engine.median_ns));

    // 4. A keystroke in a table's cell: the cell's editor hands each key's text to the table.
    auto* impacts = editor->table_for("impacts");
    if (impacts == nullptr) throw std::runtime_error("the EIA editor has no table 'impacts'");
    int nature = -1;
    for (std::size_t i = 0; i < impacts->columns().size(); ++i)
        if (impacts->columns()[i].field->id == "nature") nature = static_cast<int>(i);
    std::string cell_text = editor->session().value(impacts->cell_path(0, nature));
    std::vector<double> cell_ns;
    for (std::size_t i = 0; i < keystrokes; ++i) {
        cell_text += i % 10 == 9 ? ' ' : 'x';
        const auto start = Clock::now();
        impacts->cell_edited(0, nature, cell_text, true);
        editor->Update();
        cell_ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count());
        if (i % 20 == 0) settle();
    }
    const auto cell = summarize(cell_ns);
    print_row("keystroke in a table cell: validation shown", cell, 16e6, "< 16 ms");
    print_note("table cell / text field, medians: " + ratio_text(cell.median_ns, keystroke.median_ns));

    editor->session().save();
    editor->Destroy();
    editor = nullptr;
    settle();

    // 5. A table of 500 rows, as the editor builds it.
    auto big = forms::EditSession::create(*store, eia, "bench");
    constexpr std::size_t big_rows = 500;
    for (std::size_t row = 1; row <= big_rows; ++row) {
        big.add_row("actions");
        const auto at = "actions/row[" + std::to_string(row) + "]/";
        big.set_value(at + "number", std::to_string(row) + ".");
        big.set_value(at + "action", "Review the youth offer in ward " + std::to_string(row) + " with partners");
        big.set_value(at + "lead", "Head of Service");
    }
    const auto* actions = forms::find_item(eia->items, "actions");
    if (actions == nullptr) throw std::runtime_error("the EIA form has no table 'actions'");
    formwork::ui::TableEditor* table = nullptr;
    const auto table_open = measure(
        open_plan,
        [&] {
            if (table != nullptr) {
                table->Destroy();
                table = nullptr;
                settle();
            }
        },
        [&] {
            table = new formwork::ui::TableEditor(frame, big, *actions, "actions", {});
            sizer->Add(table, wxSizerFlags(1).Expand());
            frame->Layout();
            table->Update();
        });
    print_row("open a table of 500 rows (laid out, painted)", table_open, 200e6, "< 200 ms");
    print_note("rows shown: " + std::to_string(table->row_count()));
    frame->Destroy();
    settle();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) {
            quick = true;
        } else {
            std::fprintf(stderr, "usage: formwork_gui_bench [--quick]   (under a display, e.g. xvfb-run -a)\n");
            return 2;
        }
    }
    wxApp::SetInstance(new wxApp);
    int wx_argc = 1;
    char name[] = "formwork_gui_bench";
    char* wx_argv[] = {name, nullptr};
    if (!wxEntryStart(wx_argc, wx_argv)) {
        std::fprintf(stderr, "formwork_gui_bench: wxWidgets could not start: is there a display?\n");
        return 1;
    }
    wxTheApp->CallOnInit();
    int status = 0;
    try {
        status = run(quick, std::filesystem::canonical("/proc/self/exe").parent_path());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "formwork_gui_bench: %s\n", e.what());
        status = 1;
    }
    wxEntryCleanup();
    return status;
}
