// formwork-cli's exit codes, as documented in docs/cli.md. Scripts depend on them:
// never renumber one.
#pragma once

namespace formwork::cli {

enum ExitCode : int {
    exit_ok = 0,              // did what was asked; warnings may have been printed
    exit_failure = 1,         // errors were found, or what was asked could not be done
    exit_usage = 2,           // the command line itself was wrong
    exit_plugins_refused = 3  // `plugins`: listed, but some plugin files were refused
};

}  // namespace formwork::cli
