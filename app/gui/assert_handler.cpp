#include "assert_handler.hpp"

#include <wx/debug.h>
#include <wx/string.h>

#include <cstdio>
#include <cstdlib>

namespace formwork::ui {

namespace {

bool assertions_fatal = false;
int dialogs_answered = 0;  // ModalDialogsAnswered scopes open

void print_assertion(const wxString& file, int line, const wxString& function,
                     const wxString& condition, const wxString& message) {
    std::fprintf(stderr, "%s:%d: wx assertion failed in %s: %s%s%s\n", file.utf8_str().data(), line,
                 function.utf8_str().data(), condition.utf8_str().data(), message.empty() ? "" : ": ",
                 message.utf8_str().data());
    std::fflush(stderr);
    if (assertions_fatal) std::abort();
}

}  // namespace

void install_assert_handler(bool fatal) {
    assertions_fatal = fatal;
    wxSetAssertHandler(print_assertion);
}

bool running_under_test() {
    const char* value = std::getenv("FORMWORK_UNDER_TEST");
    return value != nullptr && *value != '\0' && *value != '0';
}

bool modal_dialogs_allowed() { return dialogs_answered > 0 || !running_under_test(); }

ModalDialogsAnswered::ModalDialogsAnswered() { ++dialogs_answered; }
ModalDialogsAnswered::~ModalDialogsAnswered() { --dialogs_answered; }

}  // namespace formwork::ui
