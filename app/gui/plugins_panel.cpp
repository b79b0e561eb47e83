#include "plugins_panel.hpp"

#include "wx_text.hpp"

#include <wx/sizer.h>

namespace formwork::ui {

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

    detail_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxSize(-1, 90),
                             wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    detail_->SetName("plugin details");

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(heading_, wxSizerFlags().Border(wxALL, 8));
    sizer->Add(list_, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, 8));
    sizer->Add(detail_, wxSizerFlags().Expand().Border(wxALL, 8));
    SetSizer(sizer);

    list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& event) { show_detail(event.GetIndex()); });
    fill(host);
}

void PluginsPanel::show_detail(long row) {
    if (row >= 0 && static_cast<std::size_t>(row) < details_.size()) detail_->ChangeValue(details_[static_cast<std::size_t>(row)]);
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
        list_->SetItem(row, column_detail, from_utf8(info.summary));
        details_.push_back(from_utf8(info.name + " " + info.version + " (" + info.id + ")\n" + info.summary +
                                     "\nLoaded from " + info.path.string()));
        ++row;
    }
    for (const auto& refusal : host.refused()) {
        list_->InsertItem(row, "Refused");
        list_->SetItem(row, column_name, from_utf8(refusal.path.filename().string()));
        list_->SetItem(row, column_detail, from_utf8(refusal.reason));
        list_->SetItemTextColour(row, *wxRED);
        details_.push_back(from_utf8("Refused " + refusal.path.string() + "\n" + refusal.reason));
        ++row;
    }
    for (int column = 0; column < list_->GetColumnCount(); ++column)
        list_->SetColumnWidth(column, column == column_detail ? wxLIST_AUTOSIZE : wxLIST_AUTOSIZE_USEHEADER);

    const auto loaded = host.loaded().size();
    const auto refused = host.refused().size();
    heading_->SetLabel(wxString::Format("%zu %s loaded, %zu %s refused", loaded, loaded == 1 ? "plugin" : "plugins",
                                        refused, refused == 1 ? "file" : "files"));

    // Open on the first refusal, if any: that is what the reader needs to act on.
    if (row > 0) {
        const long first = host.refused().empty() ? 0 : static_cast<long>(host.loaded().size());
        list_->Select(first);
        list_->Focus(first);
        show_detail(first);
    }
}

wxString PluginsPanel::summary_text() const { return heading_->GetLabel(); }

}  // namespace formwork::ui
