#include "form_navigator.hpp"

#include "accessible_label.hpp"
#include "wx_text.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>

namespace formwork::ui {

wxDEFINE_EVENT(EVT_FORM_SELECTED, wxCommandEvent);

// The navigator's items: "All records" at the top, the domains under it, each domain's forms
// under the domain. They are made once and never change while the navigator lives.
class FormTreeModel : public wxDataViewModel {
public:
    struct Node {
        enum class Kind { all, domain, form };
        Kind kind = Kind::all;
        std::string id{};  // the form's id, or the domain's plugin id
        wxString text{};
        Node* parent = nullptr;
        std::vector<Node*> children{};
    };

    Node* add(Node* parent, Node::Kind kind, std::string id, wxString text) {
        auto node = std::make_unique<Node>();
        node->kind = kind;
        node->id = std::move(id);
        node->text = std::move(text);
        node->parent = parent;
        nodes_.push_back(std::move(node));
        Node* added = nodes_.back().get();
        if (parent != nullptr) parent->children.push_back(added);
        return added;
    }

    static Node* node_of(const wxDataViewItem& item) noexcept { return static_cast<Node*>(item.GetID()); }
    static wxDataViewItem item_of(const Node* node) noexcept { return wxDataViewItem(const_cast<Node*>(node)); }
    Node* top() const noexcept { return nodes_.empty() ? nullptr : nodes_.front().get(); }

    void GetValue(wxVariant& value, const wxDataViewItem& item, unsigned int) const override {
        const Node* at = node_of(item);
        value = at != nullptr ? at->text : wxString();
    }
    bool SetValue(const wxVariant&, const wxDataViewItem&, unsigned int) override { return false; }
    wxDataViewItem GetParent(const wxDataViewItem& item) const override {
        const Node* at = node_of(item);
        return at != nullptr && at->parent != nullptr ? FormTreeModel::item_of(at->parent) : wxDataViewItem();
    }
    bool IsContainer(const wxDataViewItem& item) const override {
        const Node* at = node_of(item);
        return at == nullptr || !at->children.empty();
    }
    unsigned int GetChildren(const wxDataViewItem& item, wxDataViewItemArray& children) const override {
        const Node* at = node_of(item);
        if (at == nullptr) {
            if (top() != nullptr) children.Add(FormTreeModel::item_of(top()));
            return static_cast<unsigned int>(children.size());
        }
        for (const Node* child : at->children) children.Add(FormTreeModel::item_of(child));
        return static_cast<unsigned int>(at->children.size());
    }

private:
    std::vector<std::unique_ptr<Node>> nodes_;  // the first is "All records"
};

namespace {
using Node = FormTreeModel::Node;
}  // namespace

FormNavigator::FormNavigator(wxWindow* parent, const forms::PluginHost& host, const forms::FormRegistry& registry)
    : wxDataViewCtrl(parent, wxID_ANY, wxDefaultPosition, wxSize(240, -1), wxDV_SINGLE | wxDV_NO_HEADER) {
    SetName("forms");
    model_ = new FormTreeModel;
    fill(host, registry);
    AssociateModel(model_);
    model_->DecRef();  // the control holds it now
    AppendTextColumn(_("Forms"), 0, wxDATAVIEW_CELL_INERT, wxCOL_WIDTH_AUTOSIZE, wxALIGN_LEFT, 0);
    set_accessible_name(this, "Forms");

    // Everything open, "All records" chosen and where the arrow keys start.
    const Node* top = model_->top();
    Expand(FormTreeModel::item_of(top));
    for (const Node* domain : top->children) Expand(FormTreeModel::item_of(domain));
    selecting_ = true;
    SetCurrentItem(all_records_item());
    Select(all_records_item());
    selecting_ = false;

    Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent& event) {
        event.Skip();
        if (!selecting_) send_selection();
    });
}

void FormNavigator::fill(const forms::PluginHost& host, const forms::FormRegistry& registry) {
    Node* top = model_->add(nullptr, Node::Kind::all, {}, _("All records"));

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
        Node* domain = model_->add(top, Node::Kind::domain, plugin_id, from_utf8(name));
        std::vector<std::pair<std::string, std::string>> forms;  // title, id
        for (const auto& [id, title] : forms_by_plugin[plugin_id]) forms.emplace_back(title, id);
        std::sort(forms.begin(), forms.end());
        for (const auto& [title, id] : forms) model_->add(domain, Node::Kind::form, id, from_utf8(title));
    }
}

void FormNavigator::send_selection() {
    wxCommandEvent selected(EVT_FORM_SELECTED, GetId());
    selected.SetEventObject(this);
    selected.SetString(from_utf8(selected_form()));
    ProcessWindowEvent(selected);
}

void FormNavigator::select_item(const wxDataViewItem& item) {
    selecting_ = true;
    SetCurrentItem(item);
    Select(item);
    selecting_ = false;
    EnsureVisible(item);
    send_selection();
}

std::string FormNavigator::selected_form() const {
    const Node* node = FormTreeModel::node_of(GetSelection());
    return node != nullptr && node->kind == Node::Kind::form ? node->id : std::string();
}

std::vector<std::string> FormNavigator::forms_in_selection() const {
    const auto item = GetSelection();
    return forms_under(item.IsOk() ? item : all_records_item());
}

std::vector<std::string> FormNavigator::forms_under(const wxDataViewItem& item) const {
    std::vector<std::string> forms;
    const Node* node = FormTreeModel::node_of(item);
    if (node == nullptr) return forms;
    if (node->kind == Node::Kind::form) {
        forms.push_back(node->id);
        return forms;
    }
    for (const Node* child : node->children) {
        auto more = forms_under(FormTreeModel::item_of(child));
        forms.insert(forms.end(), more.begin(), more.end());
    }
    return forms;
}

wxDataViewItem FormNavigator::all_records_item() const noexcept { return FormTreeModel::item_of(model_->top()); }

wxDataViewItem FormNavigator::item_for_form(std::string_view form_id) const {
    for (const Node* domain : model_->top()->children)
        for (const Node* form : domain->children)
            if (form->id == form_id) return FormTreeModel::item_of(form);
    return {};
}

wxDataViewItem FormNavigator::item_for_domain(std::string_view plugin_id) const {
    for (const Node* domain : model_->top()->children)
        if (domain->id == plugin_id) return FormTreeModel::item_of(domain);
    return {};
}

wxString FormNavigator::item_text(const wxDataViewItem& item) const {
    const Node* node = FormTreeModel::node_of(item);
    return node != nullptr ? node->text : wxString();
}

wxDataViewItem FormNavigator::item_parent(const wxDataViewItem& item) const { return model_->GetParent(item); }

unsigned FormNavigator::child_count(const wxDataViewItem& item) const {
    const Node* node = FormTreeModel::node_of(item);
    return node != nullptr ? static_cast<unsigned>(node->children.size()) : 0;
}

bool FormNavigator::select_form(std::string_view form_id) {
    const auto item = item_for_form(form_id);
    if (!item.IsOk()) return false;
    select_item(item);
    return true;
}

void FormNavigator::select_all_records() { select_item(all_records_item()); }

}  // namespace formwork::ui
