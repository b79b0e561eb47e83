// The navigator on the left of the main window: "All records", then each plugin's domain
// by name with its forms. Choosing a form filters the record list to it.
#pragma once

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>

#include <wx/event.h>
#include <wx/treectrl.h>

#include <string>
#include <string_view>
#include <vector>

namespace formwork::ui {

// Sent (it propagates to the frame) when the selection moves: GetString() is the chosen
// form's id, empty for "All records" or a domain.
wxDECLARE_EVENT(EVT_FORM_SELECTED, wxCommandEvent);

class FormNavigator : public wxTreeCtrl {
public:
    FormNavigator(wxWindow* parent, const forms::PluginHost& host, const forms::FormRegistry& registry);

    // The selected form's id; empty when "All records" or a domain is selected.
    std::string selected_form() const;
    // The forms a new record could be of, from what is selected: the form itself, a
    // domain's forms, or every form ("All records").
    std::vector<std::string> forms_in_selection() const;

    // Selects a form's item (which sends EVT_FORM_SELECTED). False when it is not listed.
    bool select_form(std::string_view form_id);
    void select_all_records();

    wxTreeItemId all_records_item() const noexcept { return root_; }
    wxTreeItemId item_for_form(std::string_view form_id) const;
    // The domain item of a plugin (by id); "" for forms that came from no plugin.
    wxTreeItemId item_for_domain(std::string_view plugin_id) const;

private:
    void fill(const forms::PluginHost& host, const forms::FormRegistry& registry);
    std::vector<std::string> forms_under(const wxTreeItemId& item) const;

    wxTreeItemId root_;
};

}  // namespace formwork::ui
