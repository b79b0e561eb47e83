// Dates typed as councils write them (issue 21), in a real window under Xvfb with real keys:
// each accepted way of writing a date, typed into "Date of completion" and left with Tab, is
// stored as ISO; text that is no date stays in the box, marked, with its problem; under the C
// locale the box shows dd/mm/yyyy; the council profile's format is what the box shows; the
// calendar closes on a pick and the picked date lands; a table's date cells show and take
// dates the same way.
#include "accessible_label.hpp"
#include "gui_session.hpp"
#include "record_editor.hpp"
#include "shell_fixture.hpp"
#include "table_editor.hpp"
#include "field_controls.hpp"
#include "window_screenshot.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/model/date_format.hpp>
#include <formwork/model/values.hpp>

#include <catch2/catch.hpp>

#include <wx/button.h>
#include <wx/calctrl.h>
#include <wx/generic/calctrlg.h>
#include <wx/popupwin.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>
#include <wx/uilocale.h>

#include <chrono>
#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace forms = formwork::forms;
using formwork::test::settle;
using formwork::test::wait_until;
using namespace std::chrono_literals;

namespace {

constexpr const char* completion = "author/completion-date";

void save_screenshot(wxWindow& window, const std::string& name) {
    const std::filesystem::path shot = std::filesystem::path(FORMWORK_SCREENSHOT_DIR) / name;
    std::filesystem::create_directories(shot.parent_path());
    window.Refresh();
    window.Update();
    settle(50);
    wxString error;
    CHECK(formwork::ui::save_window_screenshot(window, shot.string(), error));
    INFO(error.utf8_string());
}

// The date box of a field, with the keyboard in it and its text selected, so that what is
// typed next replaces it.
wxTextCtrl* focus_date_box(formwork::ui::RecordEditor& editor, const std::string& path) {
    auto* box = dynamic_cast<wxTextCtrl*>(editor.control_for(path));
    REQUIRE(box != nullptr);
    REQUIRE(editor.focus_path(path));
    settle();
    REQUIRE(wait_until([&] { return wxWindow::FindFocus() == box; }, 3s));
    box->SelectAll();
    return box;
}

// What a person does: types the text and presses Tab.
void type_and_tab(wxTextCtrl* box, const std::string& typed) {
    wxUIActionSimulator person;
    person.Text(typed.c_str());
    REQUIRE(wait_until([&] { return box->GetValue() == wxString::FromUTF8(typed); }, 3s));
    person.Char(WXK_TAB);
    settle();
}

wxWindow* child_named(wxWindow* parent, const wxString& name) {
    for (auto* child : parent->GetChildren())
        if (child->GetName() == name) return child;
    return nullptr;
}

}  // namespace

TEST_CASE("each way officers write a date, typed into Date of completion and left with Tab, is stored as ISO",
          "[editor][dates]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::SampleShell shell;
    auto* editor = shell.frame->new_record("eia");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();

    // The screen reader hears the field's label in the box, and what the button is for.
    auto* first_box = dynamic_cast<wxTextCtrl*>(editor->control_for(completion));
    REQUIRE(first_box != nullptr);
    CHECK(wxString::FromUTF8(formwork::ui::accessible_name(first_box)).Contains("Date of completion"));
    auto* button = child_named(first_box->GetParent(), "calendar button");
    REQUIRE(button != nullptr);
    CHECK(formwork::ui::accessible_name(button) == "Date of completion: choose from a calendar");

    const std::vector<std::pair<std::string, std::string>> typed_and_stored{
        {"15/01/2024", "2024-01-15"}, {"3/2/24", "2024-02-03"},      {"16.03.2024", "2024-03-16"},
        {"17 Apr 2024", "2024-04-17"}, {"2024-05-18", "2024-05-18"}, {"19/6/2024", "2024-06-19"}};
    for (const auto& [typed, iso] : typed_and_stored) {
        INFO(typed);
        auto* box = focus_date_box(*editor, completion);
        type_and_tab(box, typed);
        REQUIRE(wait_until([&, &iso = iso] { return editor->session().value(completion) == iso; }, 3s));
        // Shown again the council's way (dd/mm/yyyy: no profile).
        CHECK(box->GetValue() == wxString::FromUTF8(forms::format_date(iso, "dd/mm/yyyy")));
        CHECK(editor->marked_message(completion).empty());
    }
    // In the database as ISO, once autosave has been.
    REQUIRE(wait_until([&] { return !editor->session().dirty(); }, 5s));
    CHECK(shell.stored_value(editor->record_id(), completion) == "2024-06-19");
}

TEST_CASE("text that is not a date stays in the box, marked, with a problem naming the field and the form to write",
          "[editor][dates]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::SampleShell shell;
    auto* editor = shell.frame->new_record("eia");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();

    auto* box = focus_date_box(*editor, completion);
    type_and_tab(box, "32/13/2024");
    REQUIRE(wait_until([&] { return !editor->marked_message(completion).empty(); }, 3s));
    CHECK(box->GetValue() == "32/13/2024");
    CHECK(editor->session().value(completion) == "32/13/2024");
    CHECK(editor->marked_message(completion) ==
          "Date of completion: '32/13/2024' is not a date (there is no month 13); write it as 15/01/2024");
    CHECK(box->GetBackgroundColour() == formwork::ui::mark_background(formwork::ui::Mark::error));
    // Another field's edit reloads the form: the typing is still there.
    REQUIRE_FALSE(editor->session().set_value("title", "Library opening hours"));
    editor->refresh_from_session();
    settle();
    CHECK(box->GetValue() == "32/13/2024");
    save_screenshot(*shell.frame, "date-not-a-date.png");

    // Mended, the mark goes.
    box = focus_date_box(*editor, completion);
    type_and_tab(box, "13/12/2024");
    REQUIRE(wait_until([&] { return editor->session().value(completion) == "2024-12-13"; }, 3s));
    CHECK(editor->marked_message(completion).empty());
    CHECK(box->GetValue() == "13/12/2024");
}

TEST_CASE("under the C locale the window shows dates as dd/mm/yyyy", "[editor][dates]") {
    REQUIRE(formwork::test::wx_started());
    // As the program starts under LANG=C: the environment's locale, then wx's.
    setenv("LANG", "C", 1);
    setenv("LC_ALL", "C", 1);
    std::setlocale(LC_ALL, "C");
    wxUILocale::UseDefault();
    std::setlocale(LC_NUMERIC, "C");

    formwork::test::SampleShell shell;
    const auto id = shell.id_titled("eia", "");
    REQUIRE_FALSE(id.empty());
    auto* editor = shell.frame->open_record(id);
    REQUIRE(editor != nullptr);
    settle();
    const std::string stored = editor->session().value(completion);
    REQUIRE(forms::is_iso_date(stored));
    auto* box = dynamic_cast<wxTextCtrl*>(editor->control_for(completion));
    REQUIRE(box != nullptr);
    // 2023-10-17 shows as 17/10/2023: day, month, year.
    const std::string shown = stored.substr(8, 2) + "/" + stored.substr(5, 2) + "/" + stored.substr(0, 4);
    CHECK(box->GetValue() == wxString::FromUTF8(shown));
    save_screenshot(*shell.frame, "date-lang-c.png");
}

TEST_CASE("the council profile's date format is what the box shows; typed dates are still read day first",
          "[editor][dates]") {
    REQUIRE(formwork::test::wx_started());
    forms::Diagnostics problems;
    auto profile = forms::parse_council_profile(R"(<?xml version="1.0" encoding="UTF-8"?>
<council-profile id="coventry" name="Coventry City Council">
  <organisation code="E08000026" name="Coventry City Council"/>
  <display name="date-format" value="d MMM yyyy"/>
</council-profile>
)",
                                                "dates.profile.xml", problems);
    REQUIRE(profile);
    formwork::test::ShellData data("gui.db", {}, std::move(profile));
    formwork::test::ShellWindow window(data);
    window.frame->Raise();
    wxUIActionSimulator().MouseMove(window.frame->GetScreenRect().GetTopLeft() + wxPoint(600, 400));
    settle();
    auto* editor = window.frame->new_record("eia");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();
    auto* box = focus_date_box(*editor, completion);
    type_and_tab(box, "05/01/2024");
    REQUIRE(wait_until([&] { return editor->session().value(completion) == "2024-01-05"; }, 3s));
    CHECK(box->GetValue() == "5 Jan 2024");
}

TEST_CASE("the calendar opens from its button, closes when a day is picked, and the day lands in the box",
          "[editor][dates]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::SampleShell shell;
    auto* editor = shell.frame->new_record("eia");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    settle();
    auto* box = dynamic_cast<wxTextCtrl*>(editor->control_for(completion));
    REQUIRE(box != nullptr);
    auto* button = dynamic_cast<wxButton*>(child_named(box->GetParent(), "calendar button"));
    REQUIRE(button != nullptr);
    REQUIRE(editor->focus_path(completion));
    settle();

    wxUIActionSimulator person;
    person.MouseMove(button->GetScreenRect().GetPosition() + button->GetSize() / 2);
    settle();
    person.MouseClick();
    wxPopupTransientWindow* popup = nullptr;
    REQUIRE(wait_until(
        [&] {
            popup = dynamic_cast<wxPopupTransientWindow*>(child_named(box->GetParent(), "calendar popup"));
            return popup != nullptr && popup->IsShown();
        },
        3s));
    wxGenericCalendarCtrl* calendar = nullptr;
    for (auto* child : popup->GetChildren())
        if (auto* found = dynamic_cast<wxGenericCalendarCtrl*>(child)) calendar = found;
    REQUIRE(calendar != nullptr);
    settle();
    save_screenshot(*shell.frame, "date-calendar-open.png");

    // The 20th of the month it opened on (today's, as the field was empty), found on screen.
    const wxDateTime today = wxDateTime::Today();
    const wxDateTime wanted(20, today.GetMonth(), today.GetYear());
    wxPoint at = wxDefaultPosition;
    const wxSize size = calendar->GetClientSize();
    for (int y = 0; y < size.GetHeight() && at == wxDefaultPosition; y += 2)
        for (int x = 0; x < size.GetWidth(); x += 2) {
            wxDateTime day;
            if (calendar->HitTest(wxPoint(x, y), &day) == wxCAL_HITTEST_DAY && day.IsSameDate(wanted)) {
                at = wxPoint(x + 3, y + 3);
                break;
            }
        }
    REQUIRE(at != wxDefaultPosition);
    person.MouseMove(calendar->ClientToScreen(at));
    settle();
    person.MouseClick();
    const std::string iso = wanted.FormatISODate().utf8_string();
    REQUIRE(wait_until([&] { return editor->session().value(completion) == iso; }, 3s));
    CHECK_FALSE(popup->IsShown());
    CHECK(box->GetValue() == wxString::FromUTF8(forms::format_date(iso, "dd/mm/yyyy")));
}

TEST_CASE("a table's date cells show dates as dd/mm/yyyy and read typed dates day first", "[editor][dates]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::SampleShell shell;
    auto* editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    auto* table = editor->table_for("route");
    REQUIRE(table != nullptr);
    int date = -1;
    for (std::size_t i = 0; i < table->columns().size(); ++i)
        if (table->columns()[i].field->id == "date") date = static_cast<int>(i);
    REQUIRE(date >= 0);
    CHECK(table->columns()[static_cast<std::size_t>(date)].heading.Contains("(dd/mm/yyyy)"));
    REQUIRE(editor->focus_path("route/row[1]/date"));
    settle();
    wxUIActionSimulator person;
    REQUIRE(wait_until([&] { return table->cursor() == std::pair{0, date}; }, 3s));
    person.Char(WXK_RETURN);
    settle();
    person.Text("3.8.23");
    person.Char(WXK_RETURN);
    REQUIRE(wait_until([&] { return editor->session().value("route/row[1]/date") == "2023-08-03"; }, 3s));
    settle();
    CHECK(table->shown_value(0, date) == "03/08/2023");
}
