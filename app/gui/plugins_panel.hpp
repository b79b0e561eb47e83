// The Plugins view: every loaded plugin, and every refused file with its reason.
#pragma once

#include <formwork/host/plugin_host.hpp>

#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <vector>

namespace formwork::ui {

class PluginsPanel : public wxPanel {
public:
    enum Column { column_status, column_id, column_name, column_version, column_sdk, column_detail };

    PluginsPanel(wxWindow* parent, const forms::PluginHost& host);

    wxListView* list() const noexcept { return list_; }
    wxTextCtrl* detail() const noexcept { return detail_; }
    wxString summary_text() const;

private:
    void fill(const forms::PluginHost& host);
    void show_detail(long row);

    wxStaticText* heading_ = nullptr;
    wxListView* list_ = nullptr;
    // The full text of the selected row: reasons are often longer than a column.
    wxTextCtrl* detail_ = nullptr;
    std::vector<wxString> details_;
};

}  // namespace formwork::ui
