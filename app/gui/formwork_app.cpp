// formwork: the wxWidgets shell's entry point. Loads the plugins, opens the main window.
#include "assert_handler.hpp"
#include "main_frame.hpp"
#include "window_screenshot.hpp"

#include <formwork/forms/plugin_host.hpp>

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/log.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

class FormworkApp : public wxApp {
public:
    bool OnInit() override;
    int OnRun() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;

private:
    void take_screenshot_and_quit();

    formwork::forms::PluginHost host_;
    std::vector<std::filesystem::path> plugin_dirs_;
    wxString screenshot_path_;
    formwork::ui::MainFrame* frame_ = nullptr;
    int exit_status_ = 0;
};

void FormworkApp::OnInitCmdLine(wxCmdLineParser& parser) {
    wxApp::OnInitCmdLine(parser);
    parser.AddOption("", "plugin-dir", "a folder of plugins (or one plugin file) to load as well; may be repeated",
                     wxCMD_LINE_VAL_STRING, wxCMD_LINE_PARAM_MULTIPLE);
    parser.AddOption("", "screenshot", "save the main window as a PNG at this path once it is shown, then quit",
                     wxCMD_LINE_VAL_STRING);
}

bool FormworkApp::OnCmdLineParsed(wxCmdLineParser& parser) {
    if (!wxApp::OnCmdLineParsed(parser)) return false;
    // wxCmdLineParser reports a repeated option through GetArguments.
    for (const auto& argument : parser.GetArguments())
        if (argument.GetKind() == wxCMD_LINE_OPTION && argument.GetLongName() == "plugin-dir")
            plugin_dirs_.emplace_back(argument.GetStrVal().utf8_string());
    parser.Found("screenshot", &screenshot_path_);
    return true;
}

bool FormworkApp::OnInit() {
    formwork::ui::install_assert_handler(formwork::ui::running_under_test());
    if (!wxApp::OnInit()) return false;

    host_.load(formwork::forms::PluginSearchPath::standard(plugin_dirs_));
    for (const auto& refusal : host_.refused())
        std::fprintf(stderr, "formwork: refused %s: %s\n", refusal.path.string().c_str(), refusal.reason.c_str());

    frame_ = new formwork::ui::MainFrame(host_);
    frame_->Show();
    if (!screenshot_path_.empty()) CallAfter([this] { take_screenshot_and_quit(); });
    return true;
}

void FormworkApp::take_screenshot_and_quit() {
    // Let the window finish drawing before copying it.
    frame_->Raise();
    frame_->Update();
    Yield(true);
    wxString error;
    if (!formwork::ui::save_window_screenshot(*frame_, screenshot_path_, error)) {
        std::fprintf(stderr, "formwork: screenshot failed: %s\n", static_cast<const char*>(error.utf8_str()));
        exit_status_ = 1;
    }
    frame_->Close(true);
}

int FormworkApp::OnRun() {
    // wxApp::OnExit's return value is ignored, so the exit status is decided here.
    const int loop_status = wxApp::OnRun();
    return exit_status_ != 0 ? exit_status_ : loop_status;
}

}  // namespace

wxIMPLEMENT_APP(FormworkApp);
