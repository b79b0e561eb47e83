// The program the crash test kills: the real main window and editor, typed into with
// wxUIActionSimulator as a person types. It fills one field, lets autosave take it, then
// types a second field slowly, saying "typing" and its process id on standard output, until it is killed.
// A path inside a table ("impacts/row[@key='sex']/nature") is a cell: its editor is opened
// with F2 and left open, as someone typing in it leaves it.
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
    const auto is_cell = [](const std::string& path) { return path.find("/row[") != std::string::npos; };
    // Puts the keyboard in the field, or in a cell's open editor.
    const auto start_typing = [&](const std::string& path) -> bool {
        if (!is_cell(path)) {
            auto* control = text_control(*editor, path);
            if (control == nullptr) return false;
            control->SetFocus();
            settle();
            return true;
        }
        if (!editor->focus_path(path)) {
            std::fprintf(stderr, "crash child: no cell %s\n", path.c_str());
            return false;
        }
        settle();
        person.Char(WXK_F2);
        settle();
        return true;
    };
    const std::string saved_path = argv[3];
    const std::string saved_text = argv[4];
    if (!start_typing(saved_path)) return 1;
    person.Text(argv[4]);
    settle();
    if (!wait_until([&] { return editor->session().value(saved_path) == saved_text; }, std::chrono::seconds(5))) {
        std::fprintf(stderr, "crash child: typing into %s did not arrive\n", argv[3]);
        return 1;
    }
    // Autosave's longest wait is under two seconds; wait for the store, not the clock.
    if (!wait_until([&] { return !editor->session().dirty(); }, std::chrono::seconds(5))) {
        std::fprintf(stderr, "crash child: the edit was not saved within 5 s\n");
        return 1;
    }

    if (!start_typing(argv[5])) return 1;
    std::printf("typing %ld\n", static_cast<long>(getpid()));
    std::fflush(stdout);
    for (;;) {
        person.Char('z');
        wxTheApp->Yield(true);
        wxMilliSleep(100);
    }
}
