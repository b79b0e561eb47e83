// The main window. For now it shows the Plugins view; the record list and editors
// join it in later issues.
#pragma once

#include <formwork/forms/plugin_host.hpp>

#include <wx/frame.h>

namespace formwork::ui {

class PluginsPanel;

class MainFrame : public wxFrame {
public:
    explicit MainFrame(const forms::PluginHost& host);

    PluginsPanel* plugins_panel() const noexcept { return plugins_panel_; }

private:
    void build_menus();
    void on_about(wxCommandEvent& event);

    PluginsPanel* plugins_panel_ = nullptr;
};

}  // namespace formwork::ui
