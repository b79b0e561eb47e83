// What the main window remembers between runs (docs/app.md, "What the window remembers"): its
// place on the screen, its sashes and the record list's filter and sort for every database,
// and, for each database, the records open in tabs. Kept in a file of its own beside the
// preferences ($XDG_CONFIG_HOME/formwork/window.ini): the preferences are what a person
// chose, this is how they left the window, and writing one never rewrites the other.
#pragma once

#include <wx/gdicmn.h>
#include <wx/string.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace formwork::ui {

struct WindowMemory {
    // The window's size and place when not maximised; nothing on a first run.
    std::optional<wxRect> geometry;
    bool maximised = false;
    // Each splitter's sash by the splitter's window name. A positive value is from the left
    // or top; a pane that keeps its height at the bottom (the editor's problems) is kept as
    // a negative value, from the bottom, as wxSplitterWindow takes it.
    std::map<wxString, int> sashes;
    // Whether the History panel was shown beside the tabs.
    bool history_shown = false;

    // The record list's filter and order, kept for every database alike: the forms come
    // from the plugins, not from the database.
    struct ListState {
        std::string form;    // "" for every form
        std::string status;  // "" for every status
        wxString text;
        std::string sort = "modified";  // modified, title, form, status
        bool descending = true;
        std::string withdrawn = "hidden";  // hidden, only, included (forms::ListWithdrawn)
    };
    std::optional<ListState> list;

    // The records open in tabs in one database, in order, and the one in front ("" for the
    // list). A record id means nothing in another database.
    struct Tabs {
        wxString location;
        std::vector<std::string> records;
        std::string front;
    };
    // The latest used first, none twice.
    std::vector<Tabs> databases;

    static constexpr std::size_t database_limit = 20;

    // The tabs kept for a database; null when none are.
    const Tabs* tabs_for(const wxString& location) const;
    // Keeps a database's tabs, at the head of the list.
    void remember_tabs(Tabs tabs);
};

// The window's memory file. Reading never fails: what cannot be read is left out (a window
// that forgot is no reason to stop). Writing is atomic: a crash mid-write leaves the file as
// it was.
class WindowMemoryFile {
public:
    // $XDG_CONFIG_HOME/formwork/window.ini, else ~/.config/formwork/window.ini.
    static std::filesystem::path standard_path();

    explicit WindowMemoryFile(std::filesystem::path path) : path_(std::move(path)) {}
    const std::filesystem::path& path() const noexcept { return path_; }

    WindowMemory load() const;
    // False, with the reason, when the file could not be written.
    bool save(const WindowMemory& memory, wxString& error) const;

private:
    std::filesystem::path path_;
};

// Where a window kept at `wanted` goes now: where it was when any part of its title bar's
// row is on a display; else, as the screens changed since (a second monitor unplugged), the
// same size (no larger than the primary display's work area) centred on the primary display.
wxRect placed_on_a_display(const wxRect& wanted);

}  // namespace formwork::ui
