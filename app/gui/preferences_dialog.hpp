// Edit > Preferences…: the database Formwork opens, your name for the audit log and the
// council profile, each checked before they are kept.
#pragma once

#include "preferences.hpp"

#include <wx/dialog.h>

class wxTextCtrl;

namespace formwork::ui {

class PreferencesDialog : public wxDialog {
public:
    // `in_use` says what this run uses where the command line or the environment overrides
    // a preference ("--db /tmp/a.db for this run"); empty when nothing does.
    PreferencesDialog(wxWindow* parent, const Preferences& preferences, const wxString& in_use = {});

    // The preferences as the person has them in the dialog (the recent databases as given).
    Preferences chosen() const;
    // What is wrong with them, naming the file and the line: a profile that does not read,
    // a database file whose folder is missing. Empty when they can be kept.
    wxString problems() const;

    wxTextCtrl* database_text() const noexcept { return database_; }
    wxTextCtrl* user_text() const noexcept { return user_; }
    wxTextCtrl* profile_text() const noexcept { return profile_; }

private:
    void choose_file(wxTextCtrl* into, const wxString& message, const wxString& wildcard);

    Preferences original_;
    wxTextCtrl* database_ = nullptr;
    wxTextCtrl* user_ = nullptr;
    wxTextCtrl* profile_ = nullptr;
};

}  // namespace formwork::ui
