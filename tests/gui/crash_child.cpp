// The program the crash test kills: the real main window and editor, typed into with
// wxUIActionSimulator as a person types. It fills one field, lets autosave take it, then
// types a second field slowly, saying "typing" and its process id on standard output, until it is killed.
// Run by crash_recovery_test.sh; never on its own.
//   formwork_gui_crash_child DB RECORD_ID SAVED_PATH SAVED_TEXT TYPING_PATH
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <chrono>
#include <cstdio>
#include <string>

#include <unistd.h>

namespace forms = formwork::forms;
using formwork::test::settle;
using formwork::test::wait_until;

namespace {

wxTextCtrl* text_control(formwork::ui::RecordEditor& editor, const std::string& path) {
    auto* control = dynamic_cast<wxTextCtrl*>(editor.control_for(path));
    if (control == nullptr) std::fprintf(stderr, "crash child: no text control for %s\n", path.c_str());
    return control;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: formwork_gui_crash_child DB RECORD_ID SAVED_PATH SAVED_TEXT TYPING_PATH\n");
        return 2;
    }
    if (!formwork::test::wx_started()) return 1;
    forms::PluginHost host;
    host.load(forms::PluginSearchPath{{FORMWORK_DOMAIN_PLUGIN_DIR}});
    forms::FormRegistry registry;
    registry.add_plugin_forms(host);
    auto store = forms::open_sqlite_store({argv[1]});

    auto* frame = new formwork::ui::MainFrame(host, registry, *store, "crash-test");
    frame->Show();
    frame->Raise();
    settle();
    auto* editor = frame->open_record(argv[2]);
    if (editor == nullptr) return 1;
    settle();

    wxUIActionSimulator person;
    auto* saved = text_control(*editor, argv[3]);
    auto* typing = text_control(*editor, argv[5]);
    if (saved == nullptr || typing == nullptr) return 1;

    saved->SetFocus();
    settle();
    person.Text(argv[4]);
    settle();
    if (!wait_until([&] { return saved->GetValue() == wxString::FromUTF8(argv[4]); }, std::chrono::seconds(5))) {
        std::fprintf(stderr, "crash child: typing into %s did not arrive\n", argv[3]);
        return 1;
    }
    // Autosave's longest wait is under two seconds; wait for the store, not the clock.
    if (!wait_until([&] { return !editor->session().dirty(); }, std::chrono::seconds(5))) {
        std::fprintf(stderr, "crash child: the edit was not saved within 5 s\n");
        return 1;
    }

    typing->SetFocus();
    settle();
    std::printf("typing %ld\n", static_cast<long>(getpid()));
    std::fflush(stdout);
    for (;;) {
        person.Char('z');
        wxTheApp->Yield(true);
        wxMilliSleep(100);
    }
}
