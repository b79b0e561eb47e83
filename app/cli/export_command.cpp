#include "commands.hpp"
#include "exit_codes.hpp"
#include "verb.hpp"

#include <formwork/exporters/export_request.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <ostream>

namespace formwork::cli {

namespace {

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int) { interrupted = 1; }

// A progress bar on a terminal; nothing when standard error is a file or a pipe. Ctrl-C
// cancels the export cleanly: no file is left.
class TerminalProgress final : public sdk::ExportProgress {
public:
    TerminalProgress() : terminal_(::isatty(STDERR_FILENO) == 1) {
        interrupted = 0;
        previous_ = std::signal(SIGINT, on_interrupt);
    }
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;
    ~TerminalProgress() override {
        std::signal(SIGINT, previous_);
        if (terminal_ && drawn_) std::fputs("\n", stderr);
    }
    void OnProgress(double fraction, const std::string& stage) override {
        if (!terminal_) return;
        const int percent = static_cast<int>(fraction * 100.0 + 0.5);
        if (percent == last_percent_ && stage == last_stage_) return;
        last_percent_ = percent;
        last_stage_ = stage;
        constexpr int width = 30;
        const int filled = percent * width / 100;
        std::fprintf(stderr, "\r[%.*s%*s] %3d%%  %-40.40s", filled, "##############################", width - filled, "",
                     percent, stage.c_str());
        std::fflush(stderr);
        drawn_ = true;
    }
    bool IsCancelled() const override { return interrupted != 0; }

private:
    bool terminal_;
    bool drawn_ = false;
    int last_percent_ = -1;
    std::string last_stage_;
    void (*previous_)(int) = SIG_DFL;
};

}  // namespace

int run_export_command(const Session& session, forms::RecordStore& store, exporters::ExportRequest request,
                       std::ostream& out, std::ostream& err) {
    try {
        TerminalProgress progress;
        request.progress = &progress;
        const auto result = exporters::run_export({store, session.registry, session.user}, request);
        out << "Exported ";
        if (!request.view.empty()) out << "the view '" << request.view << "', drawn from ";
        out << result.records << (result.records == 1 ? " record" : " records") << (request.view.empty() ? "" : ",")
            << " to " << result.path.string()
            << " (" << result.bytes << " bytes";
        if (result.serial > 0) out << ", submission serial number " << result.serial;
        out << ")";
        if (result.audit_entry > 0) out << ", recorded in the audit log as entry #" << result.audit_entry;
        out << "\n";
        for (const auto& warning : result.warnings) err << "formwork-cli export: warning: " << warning << "\n";
        return exit_ok;
    } catch (const exporters::ExportError& e) {
        err << "formwork-cli export: " << e.what() << "\n";
        if (e.kind == exporters::ExportError::Kind::bad_options) return exit_usage;
        return exit_failure;
    }
}

Verb add_export_verb(CLI::App& app) {
    struct Options {
        exporters::ExportRequest request;
        std::string format;
        std::string layout = "sheet-per-table";
    };
    auto options = std::make_shared<Options>();
    auto& request = options->request;
    auto* command = app.add_subcommand(
        "export", "Export records: an Excel workbook, an XML submission, or CSV (one form's records, or one plugin view)");
    command->add_option("--format", options->format,
                        "xlsx (a workbook), xml (a submission) or csv (RFC 4180, UTF-8 with a byte order mark)")
        ->required()
        ->check(CLI::IsMember({"xlsx", "xml", "csv"}));
    command->add_option("--form", request.form,
                        "Only records of this form (default: every form; a CSV of records needs one form)");
    command->add_option("--view", request.view,
                        "CSV: write this plugin view (its sheet's name in a workbook, e.g. \"Year Cabinet\") instead of "
                        "the records; an unknown name is refused, listing the views there are")
        ->type_name("NAME");
    command->add_option("--status", request.status,
                        "Only records at this status (default: all in a workbook or CSV; complete and later in a submission)");
    command->add_option("--id", request.record_ids,
                        "Only the record with this id; may be repeated (with --form, --status, --from and --to, "
                        "those of them that match)")
        ->type_name("ID");
    command->add_option("--layout", options->layout, "Workbooks: sheet-per-table (default) or wide")
        ->check(CLI::IsMember({"sheet-per-table", "wide"}));
    command->add_option("--from", request.modified_from,
                        "Only records modified on or after this date (YYYY-MM-DD); with --view, the view's own dates "
                        "(a meeting's date) from this day");
    command->add_option("--to", request.modified_to,
                        "Only records modified on or before this date (YYYY-MM-DD); with --view, the view's own dates "
                        "up to this day");
    command->add_option("--collection", request.collection.collection, "Submissions: the collection's name");
    command->add_option("--year", request.collection.year, "Submissions: the collection's year");
    command->add_option("--reference-date", request.collection.reference_date,
                        "Submissions: the collection's reference date (YYYY-MM-DD)");
    command->add_flag("--include-drafts", request.include_drafts, "Submissions: include drafts, each marked as a draft");
    command->add_flag("--skip-invalid", request.skip_invalid,
                      "Submissions: leave out a record the submission's schema refuses (a draft not yet complete), "
                      "submit the rest, and list what was left out; without it such a record refuses the whole "
                      "submission, naming each record and field");
    command->add_flag("--codes", request.choice_codes,
                      "Workbooks and CSV: show choices by their codes, for analysts, instead of their labels");
    command->add_option("-o,--output", request.target, "The file to write")->required();
    return {command, with_store([options](Context& context, forms::RecordStore& store) {
                auto request_to_run = options->request;
                // Said, not ignored: an option that cannot apply would leave the person believing it did.
                if (request_to_run.skip_invalid && options->format != "xml") {
                    context.err << "formwork-cli export: --skip-invalid is for submissions (--format xml): a workbook "
                                   "or CSV holds every record in scope, valid or not\n";
                    return static_cast<int>(exit_usage);
                }
                if (request_to_run.choice_codes && options->format == "xml") {
                    context.err << "formwork-cli export: --codes is for workbooks and CSV: a submission always holds "
                                   "choices by their codes\n";
                    return static_cast<int>(exit_usage);
                }
                request_to_run.format = exporters::format_named(options->format);
                request_to_run.layout = exporters::layout_named(options->layout);
                return run_export_command(context.session, store, std::move(request_to_run), context.out, context.err);
            })};
}

}  // namespace formwork::cli
