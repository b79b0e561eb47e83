#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/exporters/export_request.hpp>

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
        out << "Exported " << result.records << (result.records == 1 ? " record" : " records") << " to "
            << result.path.string() << " (" << result.bytes << " bytes";
        if (result.serial > 0) out << ", submission serial number " << result.serial;
        out << ")\n";
        for (const auto& warning : result.warnings) err << "formwork-cli export: warning: " << warning << "\n";
        return exit_ok;
    } catch (const exporters::ExportError& e) {
        err << "formwork-cli export: " << e.what() << "\n";
        if (e.kind == exporters::ExportError::Kind::bad_options) return exit_usage;
        return exit_failure;
    }
}

}  // namespace formwork::cli
