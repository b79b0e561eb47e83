#include "window_memory.hpp"
#include "settings_file.hpp"


#include <wx/display.h>
#include <wx/fileconf.h>
#include <wx/log.h>
#include <wx/sstream.h>
#include <wx/tokenzr.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace formwork::ui {
namespace {

const wxString window_group = "/Window";
const wxString sash_group = "/Sashes";
const wxString list_group = "/RecordList";
const wxString tabs_group = "/Tabs";

bool is_sort_name(const std::string& sort) {
    return sort == "modified" || sort == "title" || sort == "form" || sort == "status";
}

bool is_withdrawn_name(const std::string& withdrawn) {
    return withdrawn == "hidden" || withdrawn == "only" || withdrawn == "included";
}

}  // namespace

const WindowMemory::Tabs* WindowMemory::tabs_for(const wxString& location) const {
    for (const auto& tabs : databases)
        if (tabs.location == location) return &tabs;
    return nullptr;
}

void WindowMemory::remember_tabs(Tabs tabs) {
    databases.erase(std::remove_if(databases.begin(), databases.end(),
                                   [&](const Tabs& kept) { return kept.location == tabs.location; }),
                    databases.end());
    databases.insert(databases.begin(), std::move(tabs));
    if (databases.size() > database_limit) databases.resize(database_limit);
}

std::filesystem::path WindowMemoryFile::standard_path() {
    std::filesystem::path folder;
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config != nullptr && *config == '/') {
        folder = config;
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        folder = std::filesystem::path(home) / ".config";
    } else {
        folder = ".";
    }
    return folder / "formwork" / "window.ini";
}

WindowMemory WindowMemoryFile::load() const {
    WindowMemory memory;
    std::error_code error;
    if (!std::filesystem::exists(path_, error)) return memory;
    const wxLogNull forgotten_quietly;  // a line wx cannot read is a setting forgotten, not a box at start-up
    wxFileConfig config(wxEmptyString, wxEmptyString, wxString::FromUTF8(path_.string()), wxEmptyString,
                        wxCONFIG_USE_LOCAL_FILE);

    long x = 0, y = 0, width = 0, height = 0;
    if (config.Read(window_group + "/X", &x) && config.Read(window_group + "/Y", &y) &&
        config.Read(window_group + "/Width", &width) && config.Read(window_group + "/Height", &height) && width > 0 &&
        height > 0 && width < 100000 && height < 100000 && x > -100000 && x < 100000 && y > -100000 && y < 100000)
        memory.geometry = wxRect(static_cast<int>(x), static_cast<int>(y), static_cast<int>(width), static_cast<int>(height));
    config.Read(window_group + "/Maximised", &memory.maximised, false);
    config.Read(window_group + "/History", &memory.history_shown, false);

    config.SetPath(sash_group);
    wxString name;
    long cookie = 0;
    for (bool more = config.GetFirstEntry(name, cookie); more; more = config.GetNextEntry(name, cookie)) {
        long position = 0;
        if (config.Read(name, &position) && position > -100000 && position < 100000)
            memory.sashes[name] = static_cast<int>(position);
    }
    config.SetPath("/");

    if (config.HasGroup(list_group)) {
        WindowMemory::ListState list;
        wxString text;
        if (config.Read(list_group + "/Form", &text)) list.form = text.utf8_string();
        if (config.Read(list_group + "/Status", &text)) list.status = text.utf8_string();
        config.Read(list_group + "/Search", &list.text);
        if (config.Read(list_group + "/Sort", &text) && is_sort_name(text.utf8_string())) list.sort = text.utf8_string();
        config.Read(list_group + "/Descending", &list.descending, true);
        if (config.Read(list_group + "/Withdrawn", &text) && is_withdrawn_name(text.utf8_string()))
            list.withdrawn = text.utf8_string();
        memory.list = std::move(list);
    }

    for (std::size_t number = 1; number <= WindowMemory::database_limit; ++number) {
        const wxString group = tabs_group + wxString::Format("/%zu", number);
        WindowMemory::Tabs tabs;
        if (!config.Read(group + "/Location", &tabs.location) || tabs.location.empty()) continue;
        wxString text;
        config.Read(group + "/Records", &text);
        for (const auto& id : wxStringTokenize(text, ",", wxTOKEN_STRTOK)) tabs.records.push_back(id.utf8_string());
        if (config.Read(group + "/Front", &text)) tabs.front = text.utf8_string();
        if (!memory.tabs_for(tabs.location)) memory.databases.push_back(std::move(tabs));
    }
    return memory;
}

bool WindowMemoryFile::save(const WindowMemory& memory, wxString& error) const {
    wxStringInputStream nothing(wxEmptyString);
    wxFileConfig config(nothing);
    if (memory.geometry) {
        config.Write(window_group + "/X", memory.geometry->x);
        config.Write(window_group + "/Y", memory.geometry->y);
        config.Write(window_group + "/Width", memory.geometry->width);
        config.Write(window_group + "/Height", memory.geometry->height);
    }
    config.Write(window_group + "/Maximised", memory.maximised);
    config.Write(window_group + "/History", memory.history_shown);
    for (const auto& [name, position] : memory.sashes) config.Write(sash_group + "/" + name, position);
    if (memory.list) {
        config.Write(list_group + "/Form", wxString::FromUTF8(memory.list->form));
        config.Write(list_group + "/Status", wxString::FromUTF8(memory.list->status));
        config.Write(list_group + "/Search", memory.list->text);
        config.Write(list_group + "/Sort", wxString::FromUTF8(memory.list->sort));
        config.Write(list_group + "/Descending", memory.list->descending);
        config.Write(list_group + "/Withdrawn", wxString::FromUTF8(memory.list->withdrawn));
    }
    std::size_t number = 0;
    for (const auto& tabs : memory.databases) {
        if (++number > WindowMemory::database_limit) break;
        const wxString group = tabs_group + wxString::Format("/%zu", number);
        config.Write(group + "/Location", tabs.location);
        wxString records;
        for (const auto& id : tabs.records) records += (records.empty() ? "" : ",") + wxString::FromUTF8(id);
        config.Write(group + "/Records", records);
        config.Write(group + "/Front", wxString::FromUTF8(tabs.front));
    }
    return save_settings_file(config, path_, "The window's settings could not be written out.", error);
}

wxRect placed_on_a_display(const wxRect& wanted) {
    // The strip a person grabs to move a window: while enough of it is on some display, the
    // window can be reached and is left where it was.
    const wxRect title_strip(wanted.x, wanted.y, wanted.width, std::min(wanted.height, 32));
    for (unsigned index = 0; index < wxDisplay::GetCount(); ++index) {
        const wxRect shown = wxDisplay(index).GetGeometry().Intersect(title_strip);
        if (shown.width >= std::min(wanted.width, 80) && shown.height >= std::min(title_strip.height, 10)) return wanted;
    }
    const wxRect area = wxDisplay(0u).GetClientArea();
    wxRect placed(wanted.GetPosition(), wxSize(std::min(wanted.width, area.width), std::min(wanted.height, area.height)));
    return placed.CentreIn(area);
}

}  // namespace formwork::ui
