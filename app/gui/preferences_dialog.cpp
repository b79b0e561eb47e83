#include "preferences_dialog.hpp"

#include "accessible_label.hpp"
#include "assert_handler.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/store/open_store.hpp>
#include <formwork/model/record.hpp>

#include <wx/button.h>
#include <wx/filedlg.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <cstdio>
#include <filesystem>

namespace formwork::ui {
namespace {

}  // namespace

PreferencesDialog::PreferencesDialog(wxWindow* parent, const Preferences& preferences, const wxString& in_use)
    : wxDialog(parent, wxID_ANY, "Preferences", wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      original_(preferences) {
    SetName("formwork-preferences");
    auto* grid = new wxFlexGridSizer(3, wxSize(8, 8));
    grid->AddGrowableCol(1, 1);

    const auto add_row = [&](const wxString& label, const wxString& value, const wxString& hint, const wxString& name,
                             wxButton* button) {
        auto* caption = new wxStaticText(this, wxID_ANY, label);
        auto* text = new wxTextCtrl(this, wxID_ANY, value, wxDefaultPosition, wxSize(420, -1));
        text->SetName(name);
        text->SetHint(hint);
        tie_label(caption, text);
        grid->Add(caption, wxSizerFlags().CenterVertical());
        grid->Add(text, wxSizerFlags(1).Expand());
        if (button != nullptr) grid->Add(button);
        else grid->AddSpacer(0);
        return text;
    };
    auto* choose_database = new wxButton(this, wxID_ANY, wxString(L"Choose file\u2026"));
    database_ = add_row("&Database:", preferences.database,
                        "the file Formwork opens, or postgresql://server/database for a team's server", "database",
                        choose_database);
    user_ = add_row("Your &name:", preferences.user_name, wxString::FromUTF8(forms::current_user()), "your name", nullptr);
    auto* choose_profile = new wxButton(this, wxID_ANY, wxString(L"Choose\u2026"));
    profile_ = add_row("Council &profile:", preferences.profile, "none: the forms as their plugins ship them",
                       "council profile", choose_profile);

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(grid, wxSizerFlags().Expand().Border(wxALL, 12));
    wxString notes = "Your name is written into the records and the audit log you save from now on. "
                     "A new database opens when you press OK; a new profile applies when Formwork next starts.";
    if (!in_use.empty()) notes += "\n\nThis run: " + in_use + ".";
    auto* note = new wxStaticText(this, wxID_ANY, notes);
    note->Wrap(560);
    sizer->Add(note, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, 12));
    sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), wxSizerFlags().Expand().Border(wxALL, 8));
    SetSizerAndFit(sizer);

    choose_database->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        choose_file(database_, "The database file", "Formwork databases (*.db)|*.db|All files|*");
    });
    choose_profile->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        choose_file(profile_, "The council profile", "Council profiles (*.profile.xml)|*.profile.xml|XML files (*.xml)|*.xml");
    });
    // OK keeps the dialog open while something is wrong, and says what.
    Bind(wxEVT_BUTTON, [this](wxCommandEvent& event) {
        const wxString wrong = problems();
        if (wrong.empty()) {
            event.Skip();
            return;
        }
        if (running_under_test()) std::fprintf(stderr, "formwork: %s\n", static_cast<const char*>(wrong.utf8_str()));
        else wxMessageBox(wrong, "Preferences", wxOK | wxICON_ERROR, this);
    }, wxID_OK);
}

void PreferencesDialog::choose_file(wxTextCtrl* into, const wxString& message, const wxString& wildcard) {
    if (running_under_test()) return;  // nobody to choose
    wxFileDialog dialog(this, message, wxEmptyString, into->GetValue(), wildcard, wxFD_OPEN);
    if (dialog.ShowModal() == wxID_OK) into->ChangeValue(dialog.GetPath());
}

Preferences PreferencesDialog::chosen() const {
    Preferences preferences = original_;
    preferences.database = database_->GetValue().Strip(wxString::both);
    preferences.user_name = user_->GetValue().Strip(wxString::both);
    preferences.profile = profile_->GetValue().Strip(wxString::both);
    return preferences;
}

wxString PreferencesDialog::problems() const {
    const Preferences preferences = chosen();
    wxString wrong;
    if (!preferences.profile.empty()) {
        forms::Diagnostics diagnostics;
        if (!forms::read_council_profile(preferences.profile.utf8_string(), diagnostics)) {
            wrong += "The council profile " + preferences.profile + " cannot be used:";
            for (const auto& diagnostic : diagnostics) wrong += "\n" + wxString::FromUTF8(diagnostic.format());
        }
    }
    if (!preferences.database.empty() && !forms::is_postgres_location(preferences.database.utf8_string())) {
        const std::filesystem::path path(preferences.database.utf8_string());
        std::error_code error;
        if (!path.is_absolute()) {
            if (!wrong.empty()) wrong += "\n\n";
            wrong += "The database " + preferences.database +
                     " is not a full path: give the whole path (from /), so it means the same wherever Formwork starts.";
        } else if (std::filesystem::is_directory(path, error)) {
            if (!wrong.empty()) wrong += "\n\n";
            wrong += "The database " + preferences.database + " is a folder: name a file in it, such as formwork.db.";
        } else if (!std::filesystem::is_directory(path.parent_path(), error)) {
            if (!wrong.empty()) wrong += "\n\n";
            wrong += "The folder of the database " + preferences.database + " does not exist.";
        }
    }
    return wrong;
}

}  // namespace formwork::ui
