// formwork: the wxWidgets shell's entry point. Loads the plugins and the council profile,
// opens the record store, shows the main window.
#include "assert_handler.hpp"
#include "main_frame.hpp"
#include "preferences.hpp"
#include "window_screenshot.hpp"
#include "wx_text.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/open_store.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/msgdlg.h>
#include <wx/uilocale.h>
#include <wx/utils.h>

#include <chrono>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

// As early as this program can take the time itself: during static initialisation.
const auto initialised_at = std::chrono::steady_clock::now();

// Milliseconds since the process started: from the kernel's record of its start
// (/proc/self/stat, in clock ticks since boot, so the loading of the shared libraries
// counts too), else since this program's static initialisation.
long milliseconds_since_start() {
    std::ifstream stat_file("/proc/self/stat");
    std::string stat;
    std::getline(stat_file, stat);
    const auto name_end = stat.rfind(')');
    const long ticks_per_second = sysconf(_SC_CLK_TCK);
    timespec now{};
    if (name_end != std::string::npos && ticks_per_second > 0 && clock_gettime(CLOCK_BOOTTIME, &now) == 0) {
        // After the name: field 3 (state) onwards; the start time is field 22.
        std::istringstream fields(stat.substr(name_end + 1));
        std::string field;
        for (int number = 3; number < 22 && (fields >> field); ++number) {}
        unsigned long long start_ticks = 0;
        if (fields >> start_ticks) {
            const double now_ms = static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
            const double start_ms = static_cast<double>(start_ticks) * 1000.0 / static_cast<double>(ticks_per_second);
            if (now_ms >= start_ms) return static_cast<long>(now_ms - start_ms);
        }
    }
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - initialised_at).count());
}

using formwork::ui::to_utf8;

class FormworkApp : public wxApp {
public:
    bool OnInit() override;
    int OnRun() override;
    int OnExit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;

private:
    bool open_everything();
    // Fills in from the preferences what neither the command line nor the environment gave.
    void read_preferences(const wxCmdLineParser& parser);
    // A problem that stops the program: on standard error, and in a message box unless
    // running under test (where nobody could dismiss it).
    void fail(const wxString& message);
    void take_screenshot_and_quit();
    void on_first_idle();

    // Declared in the order they are made, so destroyed in reverse: the store and the
    // registry's forms before the plugin libraries whose code they may hold. OnExit
    // makes that explicit once the window is gone.
    formwork::forms::PluginHost host_;
    std::unique_ptr<formwork::forms::FormRegistry> registry_;
    std::unique_ptr<formwork::forms::RecordStore> store_;

    // The settings file, and what this run takes from it: the command line and the
    // environment come first (docs/app.md, "Preferences").
    std::optional<formwork::ui::PreferencesFile> preferences_file_;
    formwork::ui::Preferences preferences_;
    wxString overridden_;
    std::string location_;  // the database as given: a path, or a server's connection string

    std::vector<std::filesystem::path> plugin_dirs_;
    wxString screenshot_path_;
    wxString db_path_;
    wxString user_;
    wxString profile_path_;
    wxString open_id_;
    wxString new_form_;
    bool report_ready_ = false;
    bool first_idle_seen_ = false;
    formwork::ui::MainFrame* frame_ = nullptr;
    int exit_status_ = 0;
};

void FormworkApp::OnInitCmdLine(wxCmdLineParser& parser) {
    wxApp::OnInitCmdLine(parser);
    parser.AddOption("", "plugin-dir", "a folder of plugins (or one plugin file) to load as well; may be repeated",
                     wxCMD_LINE_VAL_STRING, wxCMD_LINE_PARAM_MULTIPLE);
    parser.AddOption("", "db",
                     "the database: a file, or a team server's connection string (postgresql://host/database; "
                     "docs/store.md) (default: FORMWORK_DB, else the one in Edit > Preferences, else formwork.db "
                     "in your data folder, $XDG_DATA_HOME/formwork or ~/.local/share/formwork)",
                     wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "user", "your name for records and the audit log (default: FORMWORK_USER, else the preference, else your login)",
                     wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "profile", "a council profile (docs/profile.md); default: FORMWORK_PROFILE, else the preference",
                     wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "open", "open this record's editor at start", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "new", "open a new record of this form at start", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "screenshot", "save the main window as a PNG at this path once it is shown, then quit",
                     wxCMD_LINE_VAL_STRING);
    parser.AddSwitch("", "report-ready",
                     "print \"formwork: ready <ms>\" once the window is shown and idle (ms since the process started)");
}

bool FormworkApp::OnCmdLineParsed(wxCmdLineParser& parser) {
    if (!wxApp::OnCmdLineParsed(parser)) return false;
    // wxCmdLineParser reports a repeated option through GetArguments.
    for (const auto& argument : parser.GetArguments())
        if (argument.GetKind() == wxCMD_LINE_OPTION && argument.GetLongName() == "plugin-dir")
            plugin_dirs_.emplace_back(to_utf8(argument.GetStrVal()));
    parser.Found("screenshot", &screenshot_path_);
    parser.Found("db", &db_path_);
    parser.Found("user", &user_);
    if (!parser.Found("profile", &profile_path_)) {
        const char* from_environment = std::getenv("FORMWORK_PROFILE");
        if (from_environment != nullptr) profile_path_ = wxString::FromUTF8(from_environment);
    }
    read_preferences(parser);
    parser.Found("open", &open_id_);
    parser.Found("new", &new_form_);
    report_ready_ = parser.Found("report-ready");
    return true;
}

void FormworkApp::read_preferences(const wxCmdLineParser& parser) {
    preferences_file_.emplace(formwork::ui::PreferencesFile::standard_path());
    wxString problems;
    preferences_ = preferences_file_->load(problems);
    // A damaged settings file does not stop Formwork: what could be read is used.
    if (!problems.empty()) std::fprintf(stderr, "formwork: %s\n", static_cast<const char*>(problems.utf8_str()));
    const auto note = [this](const wxString& what) { overridden_ += (overridden_.empty() ? "" : "; ") + what; };
    if (!db_path_.empty()) note("--db " + db_path_);
    else if (const char* database = std::getenv("FORMWORK_DB"); database != nullptr && *database != '\0')
        note("FORMWORK_DB=" + wxString::FromUTF8(database));
    else db_path_ = preferences_.database;
    if (!user_.empty()) note("--user " + user_);
    else if (const char* user = std::getenv("FORMWORK_USER"); user != nullptr && *user != '\0')
        note("FORMWORK_USER=" + wxString::FromUTF8(user));
    else user_ = preferences_.user_name;
    if (parser.Found("profile") || std::getenv("FORMWORK_PROFILE") != nullptr) note("the profile " + profile_path_);
    else profile_path_ = preferences_.profile;
}

void FormworkApp::fail(const wxString& message) {
    std::fprintf(stderr, "formwork: %s\n", static_cast<const char*>(message.utf8_str()));
    if (!formwork::ui::running_under_test()) wxMessageBox(message, "Formwork cannot start", wxOK | wxICON_ERROR);
    exit_status_ = 1;
}

bool FormworkApp::open_everything() {
    namespace forms = formwork::forms;

    std::optional<forms::CouncilProfile> profile;
    if (!profile_path_.empty()) {
        forms::Diagnostics problems;
        profile = forms::read_council_profile(to_utf8(profile_path_), problems);
        wxString described;
        for (const auto& problem : problems) {
            std::fprintf(stderr, "%s\n", problem.format().c_str());
            described += "\n" + wxString::FromUTF8(problem.format());
        }
        if (!profile) {
            fail("The council profile " + profile_path_ + " could not be read:" + described);
            return false;
        }
    }

    host_.load(forms::PluginSearchPath::standard(plugin_dirs_));
    for (const auto& refusal : host_.refused())
        std::fprintf(stderr, "formwork: refused %s: %s\n", refusal.path.string().c_str(), refusal.reason.c_str());
    registry_ = std::make_unique<forms::FormRegistry>(std::move(profile));
    registry_->add_plugin_forms(host_);
    for (const auto& problem : registry_->diagnostics()) std::fprintf(stderr, "%s\n", problem.format().c_str());

    std::string& location = location_;
    try {
        if (!db_path_.empty()) {
            location = to_utf8(db_path_);
        } else {
            const auto path = forms::default_database_path();
            location = path.string();
            // As formwork-cli does: the default folder is made; a named file's folder must exist.
            if (std::getenv("FORMWORK_DB") == nullptr) std::filesystem::create_directories(path.parent_path());
        }
        store_ = formwork::ui::open_store_at(location);
    } catch (const std::exception& e) {
        fail("The database " + wxString::FromUTF8(forms::printable_location(location)) + " could not be opened:\n" +
             wxString::FromUTF8(e.what()));
        return false;
    }
    return true;
}

bool FormworkApp::OnInit() {
    formwork::ui::install_assert_handler(formwork::ui::running_under_test());
    // Texts in the desktop's language (the export dialog's date pickers too), but numbers
    // always in the C locale: pugixml's XPath and the engine read "2.5" with strtod, which a
    // decimal comma would break. A record's dates follow the council profile's date-format,
    // whatever the locale.
    wxUILocale::UseDefault();
    std::setlocale(LC_NUMERIC, "C");
    if (!wxApp::OnInit()) return false;
    // A failure to start is reported and then OnRun returns its status without a window
    // (returning false here would make the exit status wx's own, 255).
    if (!open_everything()) return true;

    frame_ = new formwork::ui::MainFrame(host_, *registry_, *store_,
                                          user_.empty() ? formwork::forms::current_user() : to_utf8(user_));
    frame_->use_preferences(*preferences_file_, preferences_, overridden_, location_);
    // Its place, sashes, list and tabs as they were when it last closed, before it is shown.
    frame_->remember_window(formwork::ui::WindowMemoryFile(formwork::ui::WindowMemoryFile::standard_path()));
    frame_->Bind(wxEVT_DESTROY, [this](wxWindowDestroyEvent& event) {
        if (event.GetEventObject() == frame_) frame_ = nullptr;
        event.Skip();
    });
    frame_->Show();
    if (!open_id_.empty()) frame_->open_record(to_utf8(open_id_));
    if (!new_form_.empty()) frame_->new_record(to_utf8(new_form_));
    frame_->Bind(wxEVT_IDLE, [this](wxIdleEvent& event) {
        event.Skip();
        on_first_idle();
    });
    return true;
}

void FormworkApp::on_first_idle() {
    if (first_idle_seen_) return;
    first_idle_seen_ = true;
    // The window is shown and the first round of events is done: ready for the person.
    if (report_ready_) {
        std::printf("formwork: ready %ld\n", milliseconds_since_start());
        std::fflush(stdout);
    }
    if (!screenshot_path_.empty()) CallAfter([this] { take_screenshot_and_quit(); });
}

void FormworkApp::take_screenshot_and_quit() {
    if (frame_ == nullptr) return;
    // Let the window (and an editor opened at start) lay out and draw before it is drawn
    // into the picture: a page not yet sized draws as nothing at all.
    frame_->Raise();
    frame_->Layout();
    frame_->Refresh();
    frame_->Update();
    for (int round = 0; round < 30; ++round) {
        Yield(true);
        wxMilliSleep(10);
    }
    wxString error;
    if (!formwork::ui::save_window_screenshot(*frame_, screenshot_path_, error)) {
        std::fprintf(stderr, "formwork: screenshot failed: %s\n", static_cast<const char*>(error.utf8_str()));
        exit_status_ = 1;
    }
    frame_->Close(true);
}

int FormworkApp::OnRun() {
    if (frame_ == nullptr) return exit_status_ != 0 ? exit_status_ : 1;
    // wxApp::OnExit's return value is ignored, so the exit status is decided here.
    const int loop_status = wxApp::OnRun();
    return exit_status_ != 0 ? exit_status_ : loop_status;
}

int FormworkApp::OnExit() {
    // The window (and the editors' sessions on the store) go first, then the store, then
    // the forms; the plugin libraries (host_) stay loaded until the application object goes.
    DeletePendingObjects();
    delete frame_;
    frame_ = nullptr;
    store_.reset();
    registry_.reset();
    return wxApp::OnExit();
}

}  // namespace

wxIMPLEMENT_APP(FormworkApp);
