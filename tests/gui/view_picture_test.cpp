// Pictures of the plugins' views in a real X display (Xvfb under CTest): the real plugins,
// their shipped samples imported into a real SQLite store, each view drawn in a ViewsPanel;
// its size, its words for screen readers (read back through ATK), and a screenshot that must
// show more than a blank window. A plugin whose views throw is shown as a message.
#include "attendance_categories.hpp"
#include "gui_session.hpp"
#include "view_picture.hpp"
#include "window_screenshot.hpp"

#include "temp_folder.hpp"

#include <formwork/model/form_extension.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <wx/checkbox.h>
#include <wx/frame.h>
#include <wx/image.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace forms = formwork::forms;
namespace sdk = formwork::sdk;
using formwork::test::settle;
using formwork::ui::ViewPicture;
using formwork::ui::ViewsPanel;

namespace {

// The plugins, their forms and every shipped sample in a store in a fresh folder; torn down
// store first, then forms, then plugins.
struct Samples {
    formwork::test::TempFolder folder;
    forms::PluginHost host;
    forms::FormRegistry registry;
    std::unique_ptr<forms::RecordStore> store;

    Samples() {
        host.load(forms::PluginSearchPath{{FORMWORK_DOMAIN_PLUGIN_DIR}});
        registry.add_plugin_forms(host);
        store = forms::open_sqlite_store({folder.path() / "pictures.db"});
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& sample : registry.samples()) files.emplace_back(sample.name, sample.text);
        REQUIRE_FALSE(files.empty());
        store->import(registry, files, "pictures-test");
    }

    std::vector<std::string> ids_of(const std::string& form) const {
        std::vector<std::string> ids;
        store->scan({form, {}, {}, {}}, [&](const forms::Record& record) {
            ids.push_back(record.meta.id);
            return true;
        });
        return ids;
    }
};

// A frame the size of most of the test screen, holding one panel.
struct Window {
    wxFrame* frame = new wxFrame(nullptr, wxID_ANY, "Pictures", wxPoint(0, 0), wxSize(1240, 980));
    Window() = default;
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;
    ~Window() {
        frame->Destroy();
        settle(5);
    }
    void show() {
        frame->Layout();
        frame->Show();
        frame->Raise();
        settle();
    }
};

std::string slug(const wxString& name) {
    std::string out;
    for (const char c : std::string(name.utf8_str())) {
        if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

std::filesystem::path screenshot(wxWindow& window, const std::string& name) {
    const std::filesystem::path shot = std::filesystem::path(FORMWORK_SCREENSHOT_DIR) / name;
    std::filesystem::create_directories(shot.parent_path());
    window.Refresh();
    window.Update();
    settle(5);
    wxString error;
    const bool saved = formwork::ui::save_window_screenshot(window, shot.string(), error);
    INFO(error.utf8_string());
    CHECK(saved);
    return shot;
}

struct Colours {
    std::size_t distinct = 0;
    std::size_t header_in_top_quarter = 0;  // pixels of the heading fill in the top quarter
};

Colours colours_of(const std::filesystem::path& png) {
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
    wxImage image;
    REQUIRE(image.LoadFile(png.string(), wxBITMAP_TYPE_PNG));
    const wxColour header = formwork::ui::fill_for_style("header");
    std::set<unsigned long> seen;
    Colours found;
    const unsigned char* data = image.GetData();
    const auto width = static_cast<std::size_t>(image.GetWidth());
    const auto height = static_cast<std::size_t>(image.GetHeight());
    for (std::size_t y = 0; y < height; ++y)
        for (std::size_t x = 0; x < width; ++x) {
            const unsigned char* p = data + 3 * (y * width + x);
            seen.insert((static_cast<unsigned long>(p[0]) << 16) | (static_cast<unsigned long>(p[1]) << 8) | p[2]);
            if (y < height / 4 && p[0] == header.Red() && p[1] == header.Green() && p[2] == header.Blue())
                ++found.header_in_top_quarter;
        }
    found.distinct = seen.size();
    return found;
}

std::vector<std::string> row_labels(const ViewPicture& picture) {
    std::vector<std::string> labels;
    if (const auto* sheet = picture.sheet())
        for (const auto& row : sheet->rows)
            if (!row.empty() && !row[0].text.empty()) labels.push_back(row[0].text);
    if (const auto* timeline = picture.timeline())
        for (const auto& row : timeline->rows) labels.push_back(row.label);
    return labels;
}

// The same view with only its first row: a smaller picture (a child of `parent`).
ViewPicture* one_row_of(wxWindow* parent, const ViewPicture& picture) {
    if (const auto* sheet = picture.sheet()) {
        auto cut = *sheet;
        cut.rows.resize(std::min<std::size_t>(1, cut.rows.size()));
        return new ViewPicture(parent, cut);
    }
    auto cut = *picture.timeline();
    cut.rows.resize(std::min<std::size_t>(1, cut.rows.size()));
    return new ViewPicture(parent, cut);
}

// Every view of `form_id` over its sample records, drawn and checked; returns the views' names.
std::set<std::string> draw_every_view(Samples& samples, const std::string& form_id) {
    const auto form = samples.registry.latest(form_id);
    REQUIRE(form);
    REQUIRE(form->extension);
    const auto ids = samples.ids_of(form_id);
    REQUIRE_FALSE(ids.empty());

    Window window;
    auto* panel = new ViewsPanel(window.frame, form, ids, samples.store->query(), "2023-12-01");
    window.show();
    INFO("problems: " << panel->problems_text().utf8_string());
    CHECK(panel->problems_text().empty());
    REQUIRE(panel->view_count() > 0);
    REQUIRE(panel->picture() != nullptr);

    std::set<std::string> names;
    for (std::size_t index = 0; index < panel->view_count(); ++index) {
        const std::string name(panel->view_name(index).utf8_str());
        names.insert(name);
        INFO("view " << name);
        REQUIRE(panel->select_view(index));
        settle();
        ViewPicture& picture = *panel->picture();
        CHECK(picture.view_name() == panel->view_name(index));

        // Big enough to hold the rows, and the scrolled size is the picture's.
        const wxSize size = picture.picture_size();
        CHECK(size.x > 200);
        CHECK(size.y > 60);
        CHECK(picture.GetVirtualSize().x >= size.x);
        CHECK(picture.GetVirtualSize().y >= size.y);
        const auto labels = row_labels(picture);
        REQUIRE_FALSE(labels.empty());
        if (labels.size() > 1) {
            auto* smaller = one_row_of(window.frame, picture);
            CHECK(smaller->picture_size().y < size.y);
            smaller->Destroy();
        }

        // The same content in words, for the screen reader and for "Show as text".
        const wxString words = picture.text_alternative();
        CHECK_FALSE(words.empty());
        const wxString full = picture.text_in_full();
        for (const auto& label : labels) {
            INFO("row " << label);
            CHECK(full.Contains(wxString::FromUTF8(label)));
        }
        CHECK(formwork::ui::accessible_description(&picture) == std::string(words.utf8_str()));
        CHECK(formwork::ui::accessible_picture_name(&picture) == std::string(picture.title().utf8_str()));
        CHECK(picture.GetName() == picture.title());

        // Colours carry meaning only with a legend beside them.
        bool styled = false;
        if (const auto* sheet = picture.sheet())
            for (const auto& row : sheet->rows)
                for (const auto& cell : row) styled = styled || formwork::ui::style_look(cell.style).has_value();
        if (const auto* timeline = picture.timeline())
            for (const auto& row : timeline->rows) styled = styled || !row.intervals.empty() || !row.markers.empty();
        if (styled) CHECK_FALSE(picture.legend().empty());

        const auto shot = screenshot(picture, "picture-" + slug(picture.view_name()) + ".png");
        const auto colours = colours_of(shot);
        CHECK(colours.distinct > 3);
        CHECK(colours.header_in_top_quarter > 50);  // the header rows or the date axis
        // The whole picture, drawn off screen by the same code: what a scrolled window hides.
        const auto whole = picture.render_whole();
        REQUIRE(whole.IsOk());
        CHECK(whole.GetSize() == size);
        const auto whole_png = std::filesystem::path(FORMWORK_SCREENSHOT_DIR) / ("picture-" + slug(picture.view_name()) + "-whole.png");
        REQUIRE(whole.SaveFile(whole_png.string(), wxBITMAP_TYPE_PNG));
        CHECK(colours_of(whole_png).distinct > 3);

        // "Show as text": the check box shows the words, the picture stays.
        panel->text_toggle()->SetValue(true);
        wxCommandEvent toggled(wxEVT_CHECKBOX, panel->text_toggle()->GetId());
        toggled.SetInt(1);
        toggled.SetEventObject(panel->text_toggle());
        panel->text_toggle()->ProcessWindowEvent(toggled);
        settle(5);
        CHECK(panel->text_view()->IsShown());
        CHECK(panel->text_view()->GetValue() == picture.text_in_full());
        CHECK_FALSE(panel->text_view()->IsEditable());
        if (index == 0) screenshot(*window.frame, "pictures-panel-" + slug(picture.view_name()) + "-with-text.png");
        panel->show_as_text(false);
        settle(5);
        CHECK_FALSE(panel->text_view()->IsShown());
    }
    CHECK_FALSE(panel->select_view(panel->view_count()));
    return names;
}

}  // namespace

TEST_CASE("the EIA's impact matrix, summary and negative impacts drawn over the samples", "[pictures]") {
    REQUIRE(formwork::test::wx_started());
    Samples samples;
    const auto names = draw_every_view(samples, "eia");
    CHECK(names.count("Impact matrix") == 1);
    CHECK(names.count("Impact summary") == 1);
    CHECK(names.count("Negative impacts") == 1);
}

TEST_CASE("the attendance year as a RAG grid over the meetings of each body", "[pictures]") {
    REQUIRE(formwork::test::wx_started());
    Samples samples;
    const auto names = draw_every_view(samples, "attendance-meeting");
    bool board = false;
    for (const auto& name : names) board = board || name.find("Year") == 0;
    CHECK(board);
    // The attendance summary, one view over every body, drawn as the grids are (screenshot
    // picture-attendance-summary.png).
    CHECK(names.count("Attendance summary") == 1);

    // The board's grid says in letters what its colours say, and its legend names them.
    const auto form = samples.registry.latest("attendance-meeting");
    Window window;
    auto* panel = new ViewsPanel(window.frame, form, samples.ids_of("attendance-meeting"), samples.store->query(), "2023-12-01");
    window.show();
    bool found = false;
    for (std::size_t index = 0; index < panel->view_count(); ++index) {
        panel->select_view(index);
        const auto* sheet = panel->picture()->sheet();
        REQUIRE(sheet != nullptr);
        if (sheet->title.find("Management Board") == std::string::npos) continue;
        found = true;
        const auto legend = panel->picture()->legend();
        std::string joined = "|";
        for (const auto& item : legend) joined += std::string(item.utf8_str()) + "|";
        INFO("legend " << joined);
        // Each attendance category its own entry, in its own colour, as the grid's key shows it.
        for (const auto& category : formwork::test::attendance_categories()) {
            INFO(category.code);
            CHECK(joined.find("|" + category.label + "|") != std::string::npos);
            const auto look = formwork::ui::style_look("attendance-" + category.code);
            REQUIRE(look);
            CHECK(look->fill != *wxWHITE);
        }
        CHECK(joined.find("Red: none") == std::string::npos);
        // Each member's line in words.
        CHECK(panel->picture()->text_alternative().Contains(wxString::FromUTF8(sheet->rows.front().front().text)));
    }
    CHECK(found);
}

TEST_CASE("the approval timeline against the meeting dates, and the sign-off status", "[pictures]") {
    REQUIRE(formwork::test::wx_started());
    Samples samples;
    const auto names = draw_every_view(samples, "approval-trail");
    CHECK(names.count("Approval timeline") == 1);
    CHECK(names.count("Sign-off status") == 1);
}

TEST_CASE("a large grid scrolls with its header rows and row labels in place", "[pictures]") {
    REQUIRE(formwork::test::wx_started());
    // A council's whole year for a big body: 80 members, 60 meetings.
    sdk::SheetView view;
    view.name = "Year Full Council";
    view.title = "Attendance at Full Council (made up)";
    std::vector<sdk::Cell> header{sdk::Cell::of_text("Member")};
    for (int m = 0; m < 60; ++m) header.push_back(sdk::Cell::of_text("Meeting " + std::to_string(m + 1) + " (2023-01-01)"));
    view.header_rows.push_back(header);
    const char* rag[] = {"rag-green", "rag-amber", "rag-red"};
    const char* said[] = {"attended", "deputy", "none"};
    for (int member = 0; member < 80; ++member) {
        std::vector<sdk::Cell> row{sdk::Cell::of_text("Councillor " + std::to_string(member + 1))};
        for (int m = 0; m < 60; ++m) {
            const auto k = static_cast<std::size_t>((member + m) % 3);
            row.push_back(sdk::Cell::of_text(said[k], rag[k]));
        }
        view.rows.push_back(row);
    }
    Window window;
    auto* picture = new ViewPicture(window.frame, view);
    window.show();
    const wxSize size = picture->picture_size();
    CHECK(size.x > picture->GetClientSize().x);
    CHECK(size.y > picture->GetClientSize().y);
    // The generated words: the title, then each row with its headings.
    const auto words = picture->text_alternative();
    CHECK(words.StartsWith("Attendance at Full Council (made up)."));
    CHECK(words.Contains("Councillor 80: Meeting 1 (2023-01-01) deputy; Meeting 2 (2023-01-01) none;"));
    CHECK(formwork::ui::accessible_description(picture) == std::string(words.utf8_str()));

    // The keyboard scrolls it.
    picture->SetFocus();
    settle();
    CHECK(wxWindow::FindFocus() == picture);
    wxUIActionSimulator person;
    person.Char(WXK_PAGEDOWN);
    CHECK(formwork::test::wait_until([&] { return picture->GetViewStart().y > 0; }, std::chrono::seconds(3)));

    picture->Scroll(picture->GetVirtualSize().x, picture->GetVirtualSize().y);
    settle();
    const auto shot = screenshot(*picture, "picture-large-grid-scrolled.png");
    const auto colours = colours_of(shot);
    CHECK(colours.distinct > 3);
    CHECK(colours.header_in_top_quarter > 50);  // the header rows stayed at the top
}

TEST_CASE("a timeline a plugin gave no words to is described from its rows", "[pictures]") {
    REQUIRE(formwork::test::wx_started());
    sdk::TimelineView view;
    view.name = "Route";
    view.title = "A report's route";
    view.rows.push_back({"Youth Justice Plan: meetings", {}, {{"Cabinet", "2023-10-03", "meeting"}, {"Council", "2023-10-17", "meeting"}}});
    view.rows.push_back({"Sam Patel (Finance)", {{"awaiting", "2023-09-05", "2023-10-20", "rag-amber"}}, {}});
    view.rows.push_back({"Not yet asked (Legal)", {}, {}});
    view.rows.push_back({"Odd dates", {{"something", "soon", "later", "no-such-class"}}, {}});
    view.rows.push_back({"Unclassed", {{"briefing", "2023-09-20", "2023-09-28", "no-such-class"}}, {}});
    Window window;
    auto* picture = new ViewPicture(window.frame, view);
    window.show();
    const auto words = picture->text_alternative();
    CHECK(words.StartsWith("A report's route."));
    CHECK(words.Contains("Youth Justice Plan: meetings: Cabinet on 2023-10-03; Council on 2023-10-17."));
    CHECK(words.Contains("Sam Patel (Finance): awaiting from 2023-09-05 to 2023-10-20."));
    CHECK(words.Contains("Not yet asked (Legal): nothing."));
    CHECK(picture->text_in_full() == words);
    std::string legend;
    for (const auto& item : picture->legend()) legend += std::string(item.utf8_str()) + "|";
    CHECK(legend == "Amber: awaiting|Other|Meeting|");
    // Months from September to October: wide enough to read.
    CHECK(picture->picture_size().x > 600);
    const auto whole = picture->render_whole();
    REQUIRE(whole.IsOk());
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
    const auto png = std::filesystem::path(FORMWORK_SCREENSHOT_DIR) / "picture-made-up-route-whole.png";
    std::filesystem::create_directories(png.parent_path());
    REQUIRE(whole.SaveFile(png.string(), wxBITMAP_TYPE_PNG));
    CHECK(colours_of(png).distinct > 3);
}

TEST_CASE("a plugin whose views throw is shown as a message, not a crash", "[pictures]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::TempFolder folder;
    forms::PluginHost host;
    host.load(forms::PluginSearchPath{{std::string(FORMWORK_FIXTURE_PLUGIN_DIR) + "/fixture_throwing_checks.so"}});
    REQUIRE(host.loaded().size() == 1);
    forms::FormRegistry registry;
    registry.add_plugin_forms(host);
    const auto form = registry.latest("fragile");
    REQUIRE(form);
    auto store = forms::open_sqlite_store({folder.path() / "fragile.db"});

    Window window;
    auto* panel = new ViewsPanel(window.frame, form, {}, store->query());
    window.show();
    CHECK(panel->view_count() == 0);
    CHECK(panel->picture() == nullptr);
    CHECK_FALSE(panel->select_view(0));
    INFO(panel->problems_text().utf8_string());
    CHECK(panel->problems_text().Contains("no views today"));
    CHECK(panel->problems_text().Contains("fixture-throwing-checks"));
    CHECK_FALSE(panel->text_toggle()->IsEnabled());
    screenshot(*window.frame, "pictures-panel-throwing-plugin.png");
}

TEST_CASE("a picture's colours are the workbook's, style class by style class", "[pictures]") {
    // The workbook's table of style classes, read from its source: the two renderers of the
    // same views must not drift apart. Rows read {"name", 0xRRGGBB, 0xRRGGBB or LXW_COLOR_BLACK, bold}.
    std::ifstream source(std::string(FORMWORK_TEST_FORMS_DIR) + "/../../../exporters/xlsx/xlsx_workbook.cpp");
    REQUIRE(source);
    const auto colour_of = [](const std::string& hex) {
        const auto value = hex == "LXW_COLOR_BLACK" ? 0ul : std::stoul(hex.substr(2), nullptr, 16);
        return wxColour(static_cast<unsigned char>((value >> 16) & 0xFF), static_cast<unsigned char>((value >> 8) & 0xFF),
                        static_cast<unsigned char>(value & 0xFF));
    };
    std::size_t compared = 0;
    bool in_table = false;
    for (std::string line; std::getline(source, line);) {
        if (line.find("style_classes[] = {") != std::string::npos) in_table = true;
        else if (in_table && line.find("};") != std::string::npos) break;
        else if (in_table && line.find("{\"") != std::string::npos) {
            std::vector<std::string> parts;
            std::string part;
            for (const char c : line) {
                if (c == '{' || c == '}' || c == '"' || c == ' ') continue;
                if (c == ',') {
                    parts.push_back(part);
                    part.clear();
                } else {
                    part += c;
                }
            }
            REQUIRE(parts.size() >= 4);
            INFO("style " << parts[0]);
            const auto look = formwork::ui::style_look(parts[0]);
            REQUIRE(look);
            CHECK(formwork::ui::fill_for_style(parts[0]) == colour_of(parts[1]));
            CHECK(look->fill == colour_of(parts[1]));
            CHECK(look->text == colour_of(parts[2]));
            CHECK(look->bold == (parts[3] == "true"));
            ++compared;
        }
    }
    CHECK(compared >= 9);
    CHECK(formwork::ui::fill_for_style("") == *wxWHITE);
    CHECK(formwork::ui::fill_for_style("no-such-class") == *wxWHITE);
}
