#include "preferences.hpp"
#include "settings_file.hpp"

#include <formwork/store/open_store.hpp>
#include <formwork/store/postgres_store.hpp>

#include <wx/fileconf.h>
#include <wx/log.h>
#include <wx/sstream.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <utility>

namespace formwork::ui {
namespace {

// Keys of the settings file. The recent databases are numbered from 1, latest first.
const wxString database_key = "/Database/Location";
const wxString user_key = "/You/Name";
const wxString profile_key = "/Council/Profile";
const wxString recent_group = "/RecentDatabases";
const wxString export_format_key = "/Export/Format";
const wxString export_layout_key = "/Export/Layout";
const wxString export_scope_key = "/Export/Scope";
const wxString export_folder_key = "/Export/Folder";

// The lines of the settings file wxFileConfig would skip, each named by file and line: wx
// itself says so only through its log, and not always with the line.
wxString unreadable_lines(const std::filesystem::path& path) {
    std::ifstream file(path);
    if (!file) return "The preferences file " + wxString::FromUTF8(path.string()) + " could not be read.";
    wxString problems;
    std::string line;
    for (std::size_t number = 1; std::getline(file, line); ++number) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#' || line[first] == ';') continue;
        std::string why;
        if (line[first] == '[') {
            const auto close = line.find(']', first);
            if (close == std::string::npos) why = "a group heading without its closing ]";
            else if (const auto after = line.find_first_not_of(" \t\r", close + 1);
                     after != std::string::npos && line[after] != '#' && line[after] != ';')
                why = "words after a group heading";
        } else if (line.find('=') == std::string::npos) {
            why = "neither a [group] heading nor a name=value setting";
        }
        if (!why.empty())
            problems += wxString::Format("%s, line %zu: %s; the line was skipped.\n", wxString::FromUTF8(path.string()),
                                         number, wxString::FromUTF8(why));
    }
    return problems.Strip(wxString::trailing);
}

}  // namespace

bool remember_database(Preferences& preferences, const wxString& location) {
    const std::string text = location.utf8_string();
    if (location.empty() || (forms::is_postgres_location(text) && forms::connection_string_has_password(text))) return false;
    auto& recent = preferences.recent_databases;
    recent.erase(std::remove(recent.begin(), recent.end(), location), recent.end());
    recent.insert(recent.begin(), location);
    if (recent.size() > Preferences::recent_limit) recent.resize(Preferences::recent_limit);
    return true;
}

std::filesystem::path PreferencesFile::standard_path() {
    std::filesystem::path folder;
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config != nullptr && *config == '/') {
        folder = config;
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        folder = std::filesystem::path(home) / ".config";
    } else {
        folder = ".";
    }
    return folder / "formwork" / "preferences.ini";
}

Preferences PreferencesFile::load(wxString& problems) const {
    Preferences preferences;
    problems.clear();
    std::error_code error;
    if (!std::filesystem::exists(path_, error)) return preferences;  // a first run: the defaults
    problems = unreadable_lines(path_);
    if (!problems.empty()) {
        // The file is written anew when a database is opened: the lines skipped would go,
        // so the file as the person left it is kept beside it.
        auto copy = path_;
        copy += ".damaged";
        std::filesystem::copy_file(path_, copy, std::filesystem::copy_options::overwrite_existing, error);
        problems += error ? "\nNo copy of the file could be kept: " + wxString::FromUTF8(error.message())
                          : "\nThe file as it was is kept as " + wxString::FromUTF8(copy.string()) + ".";
    }
    const wxLogNull said_above;  // wx's own account of the same lines, in a box nobody asked for
    wxFileConfig config(wxEmptyString, wxEmptyString, wxString::FromUTF8(path_.string()), wxEmptyString,
                        wxCONFIG_USE_LOCAL_FILE);
    config.Read(database_key, &preferences.database);
    config.Read(user_key, &preferences.user_name);
    config.Read(profile_key, &preferences.profile);
    for (std::size_t number = 1; number <= Preferences::recent_limit; ++number) {
        wxString location;
        if (config.Read(recent_group + wxString::Format("/%zu", number), &location) && !location.empty())
            remember_database(preferences, location);  // oldest last: reversed below
    }
    std::reverse(preferences.recent_databases.begin(), preferences.recent_databases.end());
    auto& last_export = preferences.last_export;
    for (const auto& [key, value] : {std::pair{&export_format_key, &last_export.format},
                                     std::pair{&export_layout_key, &last_export.layout},
                                     std::pair{&export_scope_key, &last_export.scope}}) {
        wxString text;
        if (config.Read(*key, &text)) *value = text.utf8_string();
    }
    config.Read(export_folder_key, &last_export.folder);
    return preferences;
}

bool PreferencesFile::save(const Preferences& preferences, wxString& error) const {
    wxStringInputStream nothing(wxEmptyString);
    wxFileConfig config(nothing);
    if (!preferences.database.empty()) config.Write(database_key, preferences.database);
    if (!preferences.user_name.empty()) config.Write(user_key, preferences.user_name);
    if (!preferences.profile.empty()) config.Write(profile_key, preferences.profile);
    std::size_t number = 0;
    for (const auto& location : preferences.recent_databases) {
        if (++number > Preferences::recent_limit) break;
        config.Write(recent_group + wxString::Format("/%zu", number), location);
    }
    const auto& last_export = preferences.last_export;
    for (const auto& [key, value] : {std::pair{&export_format_key, &last_export.format},
                                     std::pair{&export_layout_key, &last_export.layout},
                                     std::pair{&export_scope_key, &last_export.scope}})
        if (!value->empty()) config.Write(*key, wxString::FromUTF8(*value));
    if (!last_export.folder.empty()) config.Write(export_folder_key, last_export.folder);
    return save_settings_file(config, path_, "The preferences could not be written out.", error);
}

}  // namespace formwork::ui
