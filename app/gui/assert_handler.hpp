// wx's assertion failures: printed, never a modal dialog that hangs an unattended run; and
// whether a modal dialog may be opened at all.
#pragma once

namespace formwork::ui {

// Prints every wx assertion failure to standard error. When `fatal` (under test),
// the process then aborts, so the failure cannot go unnoticed.
void install_assert_handler(bool fatal);

// True when FORMWORK_UNDER_TEST is set in the environment (the test suite sets it).
bool running_under_test();

// Whether a window may open a modal dialog (a question, a file chooser, the export dialog):
// always outside the tests; under test only while a test that answers them itself holds a
// ModalDialogsAnswered, since an unanswered dialog would hang an unattended run.
bool modal_dialogs_allowed();

class ModalDialogsAnswered {
public:
    ModalDialogsAnswered();
    ~ModalDialogsAnswered();
    ModalDialogsAnswered(const ModalDialogsAnswered&) = delete;
    ModalDialogsAnswered& operator=(const ModalDialogsAnswered&) = delete;
};

}  // namespace formwork::ui
