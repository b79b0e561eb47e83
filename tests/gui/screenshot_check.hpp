// Screenshots the GUI tests leave in the build tree (FORMWORK_SCREENSHOT_DIR), checked to
// show something: a picture of one flat colour, a window not yet drawn, fails.
#pragma once

#include "gui_session.hpp"
#include "window_screenshot.hpp"

#include <catch2/catch.hpp>

#include <wx/image.h>
#include <wx/window.h>

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

namespace formwork::test {

// How many colours a picture has, sampling every `step`-th pixel of every `step`-th row.
inline std::size_t distinct_colours(const wxImage& picture, int step) {
    std::set<unsigned long> colours;
    for (int y = 0; y < picture.GetHeight(); y += step)
        for (int x = 0; x < picture.GetWidth(); x += step)
            colours.insert((static_cast<unsigned long>(picture.GetRed(x, y)) << 16) |
                           (static_cast<unsigned long>(picture.GetGreen(x, y)) << 8) | picture.GetBlue(x, y));
    return colours.size();
}

// Where a screenshot named `name` goes: a run on the test cluster (FORMWORK_TEST_STORE set) keeps
// its own in postgres/, since it runs beside the same test on SQLite, which writes the same names.
inline std::filesystem::path screenshot_path(const std::string& name) {
    std::filesystem::path folder(FORMWORK_SCREENSHOT_DIR);
    if (const char* server = std::getenv("FORMWORK_TEST_STORE"); server != nullptr && *server != '\0')
        folder /= "postgres";
    return folder / name;
}

// Lays the window out, lets it draw, saves it as `name` and checks the PNG has more than
// `more_than` colours in a sample every `step` pixels.
inline void save_checked_screenshot(wxWindow& window, const std::string& name, int step, std::size_t more_than) {
    const std::filesystem::path shot = screenshot_path(name);
    std::filesystem::create_directories(shot.parent_path());
    std::filesystem::remove(shot);
    window.Raise();
    window.Layout();
    window.Refresh();
    window.Update();
    settle(30);
    wxString error;
    const bool saved = formwork::ui::save_window_screenshot(window, shot.string(), error);
    INFO(error.utf8_string());
    CHECK(saved);
    REQUIRE(std::filesystem::exists(shot));
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
    const wxImage picture(shot.string(), wxBITMAP_TYPE_PNG);
    REQUIRE(picture.IsOk());
    INFO(shot.string());
    CHECK(distinct_colours(picture, step) > more_than);
}

}  // namespace formwork::test
