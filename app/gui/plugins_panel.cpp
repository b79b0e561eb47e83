#include "plugins_panel.hpp"

#include <wx/sizer.h>

namespace formwork::ui {

namespace {

wxString from_utf8(const std::string& text) { return wxString::FromUTF8(text.c_str()); }

}  // namespace

PluginsPanel::PluginsPanel(wxWindow* parent, const forms::PluginHost& host)
    : wxPanel(parent, wxID_ANY) {
    heading_ = new wxStaticText(this, wxID_ANY, wxString());
    list_ = new wxListView(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                           wxLC_REPORT | wxLC_SINGLE_SEL);
    list_->SetName("plugins");
    list_->AppendColumn("Status");
    list_->AppendColumn("Id");
    list_->AppendColumn("Name");
    list_->AppendColumn("Version");
    list_->AppendColumn("SDK");
    list_->AppendColumn("Summary, or why it was refused");

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(heading_, wxSizerFlags().Border(wxALL, 8));
    sizer->Add(list_, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, 8));
    SetSizer(sizer);

    fill(host);
}

void PluginsPanel::fill(const forms::PluginHost& host) {
    long row = 0;
    for (const auto& plugin : host.loaded()) {
        const auto& info = plugin.info();
        list_->InsertItem(row, "Loaded");
        list_->SetItem(row, column_id, from_utf8(info.id));
        list_->SetItem(row, column_name, from_utf8(info.name));
        list_->SetItem(row, column_version, from_utf8(info.version));
        list_->SetItem(row, column_sdk, from_utf8(forms::describe_sdk_version(info.sdk_version)));
        list_->SetItem(row, column_detail, from_utf8(info.summary + "  [" + info.path.string() + "]"));
        ++row;
    }
    for (const auto& refusal : host.refused()) {
        list_->InsertItem(row, "Refused");
        list_->SetItem(row, column_name, from_utf8(refusal.path.filename().string()));
        list_->SetItem(row, column_detail, from_utf8(refusal.reason + "  [" + refusal.path.string() + "]"));
        list_->SetItemTextColour(row, *wxRED);
        ++row;
    }
    for (int column = 0; column < list_->GetColumnCount(); ++column)
        list_->SetColumnWidth(column, column == column_detail ? wxLIST_AUTOSIZE : wxLIST_AUTOSIZE_USEHEADER);

    heading_->SetLabel(wxString::Format("%zu plugins loaded, %zu files refused", host.loaded().size(),
                                             host.refused().size()));
}

wxString PluginsPanel::summary_text() const { return heading_->GetLabel(); }

}  // namespace formwork::ui
