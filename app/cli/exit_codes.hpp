// formwork-cli's exit codes, as documented in docs/cli.md. Scripts depend on them:
// never renumber one.
#pragma once

namespace formwork::cli {

enum ExitCode : int {
    exit_ok = 0,              // did what was asked
    exit_failure = 1,         // could not do what was asked; the message says why
    exit_usage = 2,           // the command line itself was wrong
    exit_plugins_refused = 3  // did what was asked, but some plugin files were refused
};

}  // namespace formwork::cli
