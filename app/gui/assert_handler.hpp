// wx's assertion failures: printed, never a modal dialog that hangs an unattended run.
#pragma once

namespace formwork::ui {

// Prints every wx assertion failure to standard error. When `fatal` (under test),
// the process then aborts, so the failure cannot go unnoticed.
void install_assert_handler(bool fatal);

// True when FORMWORK_UNDER_TEST is set in the environment (the test suite sets it).
bool running_under_test();

}  // namespace formwork::ui
