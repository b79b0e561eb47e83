#include "main_frame.hpp"
#include "plugins_panel.hpp"

#include <formwork/forms/build_info.hpp>
#include <formwork/sdk/version.hpp>

#include <wx/aboutdlg.h>
#include <wx/menu.h>
#include <wx/sizer.h>

namespace formwork::ui {

MainFrame::MainFrame(const forms::PluginHost& host)
    : wxFrame(nullptr, wxID_ANY, "Formwork", wxDefaultPosition, wxSize(1100, 600)) {
    SetName("formwork-main");
    build_menus();
    plugins_panel_ = new PluginsPanel(this, host);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(plugins_panel_, wxSizerFlags(1).Expand());
    SetSizer(sizer);
    CreateStatusBar();
    SetStatusText(plugins_panel_->summary_text());
}

void MainFrame::build_menus() {
    auto* file = new wxMenu;
    file->Append(wxID_EXIT, "&Quit\tCtrl+Q");
    auto* help = new wxMenu;
    help->Append(wxID_ABOUT, "&About Formwork");
    auto* bar = new wxMenuBar;
    bar->Append(file, "&File");
    bar->Append(help, "&Help");
    SetMenuBar(bar);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_MENU, &MainFrame::on_about, this, wxID_ABOUT);
}

void MainFrame::on_about(wxCommandEvent&) {
    wxAboutDialogInfo about;
    about.SetName("Formwork");
    about.SetVersion(formwork::program_version);
    about.SetDescription("Governance forms for councils: equality impact assessments, report "
                         "approval trails and meeting attendance.\nPlugin SDK " +
                         forms::describe_sdk_version(sdk::sdk_version));
    wxAboutBox(about, this);
}

}  // namespace formwork::ui
