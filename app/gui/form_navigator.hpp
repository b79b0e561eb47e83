// The navigator on the left of the main window: "All records", then each plugin's domain
// by name with its forms. Choosing a form filters the record list to it.
//
// It is a wxDataViewCtrl over a small model of its own, with one text column: on GTK that is
// a native GtkTreeView, which a screen reader reads as a tree whose items are named by their
// text (a wxTreeCtrl is drawn by wx and reads as an empty panel).
#pragma once

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>

#include <wx/dataview.h>
#include <wx/event.h>

#include <string>
#include <string_view>
#include <vector>

namespace formwork::ui {

// Sent (it propagates to the frame) when the selection moves: GetString() is the chosen
// form's id, empty for "All records" or a domain.
wxDECLARE_EVENT(EVT_FORM_SELECTED, wxCommandEvent);

class FormTreeModel;  // form_navigator.cpp

class FormNavigator : public wxDataViewCtrl {
public:
    FormNavigator(wxWindow* parent, const forms::PluginHost& host, const forms::FormRegistry& registry);

    // The selected form's id; empty when "All records" or a domain is selected.
    std::string selected_form() const;
    // The forms a new record could be of, from what is selected: the form itself, a
    // domain's forms, or every form ("All records").
    std::vector<std::string> forms_in_selection() const;

    // Selects a form's item (which sends EVT_FORM_SELECTED). False when it is not listed.
    bool select_form(std::string_view form_id);
    // Selects "All records" (which sends EVT_FORM_SELECTED).
    void select_all_records();

    wxDataViewItem all_records_item() const noexcept;
    wxDataViewItem item_for_form(std::string_view form_id) const;
    // The domain item of a plugin (by id); "" for forms that came from no plugin.
    wxDataViewItem item_for_domain(std::string_view plugin_id) const;

    // What an item shows; the item it is under (none for "All records"); how many items are
    // directly under it.
    wxString item_text(const wxDataViewItem& item) const;
    wxDataViewItem item_parent(const wxDataViewItem& item) const;
    unsigned child_count(const wxDataViewItem& item) const;

private:
    void fill(const forms::PluginHost& host, const forms::FormRegistry& registry);
    std::vector<std::string> forms_under(const wxDataViewItem& item) const;
    // Selects an item and makes it the keyboard's current one, then says so once.
    void select_item(const wxDataViewItem& item);
    void send_selection();

    FormTreeModel* model_ = nullptr;  // held by the control
    bool selecting_ = false;          // a selection made here, said once when it is done
};

}  // namespace formwork::ui
