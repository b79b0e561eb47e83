// What Formwork remembers between runs for one person: the database it opens, their name
// for the audit log, the council profile, the databases opened lately, and how the export
// dialog was last used. Kept in a
// settings file of its own ($XDG_CONFIG_HOME/formwork/preferences.ini), which the command
// line and the environment override for one run (docs/app.md, "Preferences").
#pragma once

#include <wx/string.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace formwork::ui {

// How the export dialog was last used (docs/app.md, "Exporting"): it opens as it was left.
// Each is empty until an export has been run from it.
struct ExportChoices {
    std::string format;  // "xlsx", "xml", "csv"
    std::string layout;  // "sheet-per-table", "wide"
    std::string scope;   // "this-record", "selected-records", "all-records", "date-range"
    wxString folder;     // where the last file went

    bool operator==(const ExportChoices&) const = default;
};

struct Preferences {
    // A database file's path or a server's connection string; empty: the default file.
    wxString database;
    // The name records and the audit log are stamped with; empty: the login name.
    wxString user_name;
    // A council profile file (docs/profile.md); empty: none.
    wxString profile;
    // The databases opened lately, the latest first, none twice.
    std::vector<wxString> recent_databases;
    // The export dialog's last choices.
    ExportChoices last_export;

    static constexpr std::size_t recent_limit = 8;
};

// Puts `location` at the head of the recent databases, once. A connection string that
// carries a password is not remembered: the settings file is not the place for a secret
// (libpq's password file is). Returns whether it was remembered.
bool remember_database(Preferences& preferences, const wxString& location);

// The settings file. Reading never fails outright: lines it cannot read are skipped and
// described in `problems` with the file's name and the line, and the rest is used; the
// file as it was is copied to <file>.damaged, since the next save writes it anew.
class PreferencesFile {
public:
    // $XDG_CONFIG_HOME/formwork/preferences.ini, else ~/.config/formwork/preferences.ini.
    static std::filesystem::path standard_path();

    explicit PreferencesFile(std::filesystem::path path) : path_(std::move(path)) {}
    const std::filesystem::path& path() const noexcept { return path_; }

    Preferences load(wxString& problems) const;
    // Writes the whole file anew, through a temporary file renamed over it, so a failed
    // write leaves the old settings whole. False, with the reason, when it could not.
    bool save(const Preferences& preferences, wxString& error) const;

private:
    std::filesystem::path path_;
};

}  // namespace formwork::ui
