#include "form_navigator.hpp"

#include "accessible_label.hpp"
#include "wx_text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace formwork::ui {

wxDEFINE_EVENT(EVT_FORM_SELECTED, wxCommandEvent);

namespace {

// What a tree item stands for: a form (by id) or a domain (by plugin id).
class NodeData : public wxTreeItemData {
public:
    enum class Kind { domain, form };
    NodeData(Kind kind, std::string id) : kind_(kind), id_(std::move(id)) {}
    Kind kind() const noexcept { return kind_; }
    const std::string& id() const noexcept { return id_; }

private:
    Kind kind_;
    std::string id_;
};

}  // namespace

FormNavigator::FormNavigator(wxWindow* parent, const forms::PluginHost& host, const forms::FormRegistry& registry)
    : wxTreeCtrl(parent, wxID_ANY, wxDefaultPosition, wxSize(240, -1),
                 wxTR_HAS_BUTTONS | wxTR_SINGLE | wxTR_NO_LINES | wxTR_FULL_ROW_HIGHLIGHT) {
    SetName("forms");
    set_accessible_name(this, "Forms");
    fill(host, registry);
    Bind(wxEVT_TREE_SEL_CHANGED, [this](wxTreeEvent& event) {
        event.Skip();
        wxCommandEvent selected(EVT_FORM_SELECTED, GetId());
        selected.SetEventObject(this);
        selected.SetString(from_utf8(selected_form()));
        ProcessWindowEvent(selected);
    });
}

void FormNavigator::fill(const forms::PluginHost& host, const forms::FormRegistry& registry) {
    root_ = AddRoot("All records");

    // Each form once (the registry may hold several versions of one), under its plugin.
    std::map<std::string, std::map<std::string, std::string>> forms_by_plugin;  // plugin -> id -> title
    for (const auto& entry : registry.forms()) {
        auto& forms = forms_by_plugin[entry.plugin_id];
        const auto latest = registry.latest(entry.form->id);
        forms[entry.form->id] = latest ? latest->title : entry.form->title;
    }

    // Domains in the order of their names; forms added from files last, as "Other forms".
    std::vector<std::pair<std::string, std::string>> domains;  // name, plugin id
    for (const auto& [plugin_id, forms] : forms_by_plugin) {
        if (plugin_id.empty()) continue;
        const auto* plugin = host.find(plugin_id);
        domains.emplace_back(plugin != nullptr && !plugin->info().name.empty() ? plugin->info().name : plugin_id, plugin_id);
    }
    std::sort(domains.begin(), domains.end());
    if (forms_by_plugin.count("") != 0) domains.emplace_back("Other forms", "");

    for (const auto& [name, plugin_id] : domains) {
        const auto domain = AppendItem(root_, from_utf8(name), -1, -1, new NodeData(NodeData::Kind::domain, plugin_id));
        std::vector<std::pair<std::string, std::string>> forms;  // title, id
        for (const auto& [id, title] : forms_by_plugin[plugin_id]) forms.emplace_back(title, id);
        std::sort(forms.begin(), forms.end());
        for (const auto& [title, id] : forms) AppendItem(domain, from_utf8(title), -1, -1, new NodeData(NodeData::Kind::form, id));
        Expand(domain);
    }
    Expand(root_);
    SelectItem(root_);
}

std::string FormNavigator::selected_form() const {
    const auto item = GetSelection();
    if (!item.IsOk()) return {};
    const auto* data = dynamic_cast<const NodeData*>(GetItemData(item));
    return data != nullptr && data->kind() == NodeData::Kind::form ? data->id() : std::string();
}

std::vector<std::string> FormNavigator::forms_in_selection() const {
    const auto item = GetSelection();
    return forms_under(item.IsOk() ? item : root_);
}

std::vector<std::string> FormNavigator::forms_under(const wxTreeItemId& item) const {
    std::vector<std::string> forms;
    const auto* data = dynamic_cast<const NodeData*>(GetItemData(item));
    if (data != nullptr && data->kind() == NodeData::Kind::form) {
        forms.push_back(data->id());
        return forms;
    }
    wxTreeItemIdValue cookie;
    for (auto child = GetFirstChild(item, cookie); child.IsOk(); child = GetNextChild(item, cookie)) {
        auto more = forms_under(child);
        forms.insert(forms.end(), more.begin(), more.end());
    }
    return forms;
}

wxTreeItemId FormNavigator::item_for_form(std::string_view form_id) const {
    wxTreeItemIdValue domain_cookie;
    for (auto domain = GetFirstChild(root_, domain_cookie); domain.IsOk(); domain = GetNextChild(root_, domain_cookie)) {
        wxTreeItemIdValue cookie;
        for (auto item = GetFirstChild(domain, cookie); item.IsOk(); item = GetNextChild(domain, cookie)) {
            const auto* data = dynamic_cast<const NodeData*>(GetItemData(item));
            if (data != nullptr && data->id() == form_id) return item;
        }
    }
    return {};
}

wxTreeItemId FormNavigator::item_for_domain(std::string_view plugin_id) const {
    wxTreeItemIdValue cookie;
    for (auto domain = GetFirstChild(root_, cookie); domain.IsOk(); domain = GetNextChild(root_, cookie)) {
        const auto* data = dynamic_cast<const NodeData*>(GetItemData(domain));
        if (data != nullptr && data->id() == plugin_id) return domain;
    }
    return {};
}

bool FormNavigator::select_form(std::string_view form_id) {
    const auto item = item_for_form(form_id);
    if (!item.IsOk()) return false;
    SelectItem(item);
    EnsureVisible(item);
    return true;
}

void FormNavigator::select_all_records() { SelectItem(root_); }

}  // namespace formwork::ui
