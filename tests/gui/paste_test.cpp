// Pasting as Word and Excel users paste, in a real window under Xvfb: the seeds' sign-off
// tables put on the clipboard as Word puts them (tab-separated, CRLF, the header row, plain
// text, dates as dd.mm.yyyy, dd/mm/yy and d/m/yyyy) and pasted with Ctrl+V; a block that
// cannot be placed refused whole, with the whole of its message on screen; a person pasted
// twice flagged in the problems panel. Values are read back from the session.
#include "dialog_answerer.hpp"
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "paste_refusal_dialog.hpp"
#include "problems_panel.hpp"
#include "record_editor.hpp"
#include "screenshot_check.hpp"
#include "shell_fixture.hpp"
#include "table_editor.hpp"

#include "text_markup.hpp"

#include <catch2/catch.hpp>

#include <wx/button.h>
#include <wx/clipbrd.h>
#include <wx/dataview.h>
#include <wx/dataobj.h>
#include <wx/display.h>
#include <wx/stattext.h>
#include <wx/uiaction.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using formwork::test::settle;
using formwork::test::wait_until;
using formwork::ui::TableEditor;
using namespace std::chrono_literals;

namespace {

using Shell = formwork::test::SampleShell;
using Lines = std::vector<std::vector<std::string>>;

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
        cells.push_back(line.substr(start, tab - start));
    cells.push_back(line.substr(start));
    return cells;
}

// A seed report's sign-off table as Word puts it on the clipboard: from its header row to
// the line after the table, tab-separated, CRLF, without the <b> the fixtures keep of Word's
// bold. `people` gets the rows that are people, as cells.
std::string word_clipboard(const std::string& report, Lines& people) {
    const auto path = std::filesystem::path(FORMWORK_TEST_FORMS_DIR).parent_path() / "word-trails" / (report + ".txt");
    std::ifstream in(path);
    REQUIRE(in);
    std::string line;
    std::string clipboard;
    bool in_table = false;
    while (std::getline(in, line)) {
        line = formwork::test::strip_markup(line);
        if (line.rfind("Contributor/", 0) == 0) {
            in_table = true;
        } else if (line.rfind("This report is published", 0) == 0) {
            break;
        } else if (in_table) {
            const auto cells = split_tabs(line);
            if (cells.size() >= 5 && !cells[1].empty()) people.push_back(cells);
        }
        if (in_table) clipboard += line + "\r\n";
    }
    return clipboard;
}

// A day-first date as the seeds write it (3.8.2023, 05.09.23, 14/9/2023), as ISO: the test's
// own reading, not the program's.
std::string iso_of(const std::string& written) {
    std::vector<std::string> parts(1);
    for (const char c : written) {
        if (c == '.' || c == '/') parts.emplace_back();
        else if (c >= '0' && c <= '9') parts.back() += c;
        else FAIL("not a day-first date: " << written);
    }
    REQUIRE(parts.size() == 3);
    REQUIRE((parts[0].size() >= 1 && parts[0].size() <= 2 && parts[1].size() >= 1 && parts[1].size() <= 2));
    REQUIRE((parts[2].size() == 2 || parts[2].size() == 4));
    const auto two = [](const std::string& n) { return n.size() == 1 ? "0" + n : n; };
    const std::string year = parts[2].size() == 2 ? "20" + parts[2] : parts[2];
    return year + "-" + two(parts[1]) + "-" + two(parts[0]);
}

void put_on_clipboard(const std::string& text) {
    REQUIRE(wxTheClipboard->Open());
    wxTheClipboard->SetData(new wxTextDataObject(wxString::FromUTF8(text)));
    wxTheClipboard->Close();
}

// A new approval trail with the cursor in its sign-off table's first cell.
TableEditor* new_sign_offs(Shell& shell, formwork::ui::RecordEditor*& editor) {
    editor = shell.frame->new_record("approval-trail");
    REQUIRE(editor != nullptr);
    editor->set_interactive(false);
    auto* table = editor->table_for("sign-offs");
    REQUIRE(table != nullptr);
    REQUIRE(editor->focus_path("sign-offs/row[1]/name"));
    settle();
    return table;
}

}  // namespace

TEST_CASE("the seeds' three Word sign-off tables paste with Ctrl+V: every row, role and date arrives", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    wxUIActionSimulator person;
    for (const char* report : {"adult-social-care-2023", "youth-justice-plan-2023", "devolution-deal-2023"}) {
        INFO(report);
        Lines people;
        const auto clipboard = word_clipboard(report, people);
        REQUIRE(people.size() >= 7);
        CHECK(clipboard.find("<b>") == std::string::npos);
        CHECK(clipboard.find("Contributor/") == 0);  // the header row comes first

        formwork::ui::RecordEditor* editor = nullptr;
        auto* table = new_sign_offs(shell, editor);
        put_on_clipboard(clipboard);
        person.Char('V', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return table->row_count() == static_cast<int>(people.size()); }, 5s));
        INFO(table->refusal().utf8_string());
        CHECK(table->refusal().empty());
        const auto& session = editor->session();
        for (std::size_t i = 0; i < people.size(); ++i) {
            const auto row = "sign-offs/row[" + std::to_string(i + 1) + "]/";
            const auto& cells = people[i];
            INFO(row << " " << cells[0]);
            // "Finance: Phil Helm": the prefix gives the role and leaves the name.
            const auto colon = cells[0].find(": ");
            const bool prefixed = colon != std::string::npos;
            CHECK(session.value(row + "name") == (prefixed ? cells[0].substr(colon + 2) : cells[0]));
            CHECK(session.value(row + "title") == cells[1]);
            CHECK(session.value(row + "service-area") == cells[2]);
            CHECK(session.value(row + "sent") == iso_of(cells[3]));
            CHECK(session.value(row + "received") == iso_of(cells[4]));
            const auto role = session.value(row + "role");
            CHECK_FALSE(role.empty());
            if (prefixed) CHECK(role != "approver");
        }
        // Contributors first, from the "Contributors:" row; the approvers after theirs.
        CHECK(session.value("sign-offs/row[1]/role") == "contributor");
        CHECK(session.value("sign-offs/row[" + std::to_string(people.size()) + "]/role") != "contributor");
        CHECK(editor->session().value("sign-offs/row[1]/name") == people[0][0]);
        formwork::test::save_checked_screenshot(*shell.frame, std::string("paste-word-") + report + ".png", 8, 20);
        REQUIRE(shell.frame->close_editor(editor));
        settle();
    }
}

TEST_CASE("a pasted block that cannot be placed is refused whole, and its whole message is on screen", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    wxUIActionSimulator person;
    formwork::ui::RecordEditor* editor = nullptr;
    auto* table = new_sign_offs(shell, editor);
    const auto rows_before = table->row_count();

    // A real date on row 2, an impossible one on row 4 and an unreadable one on row 5.
    put_on_clipboard("Contributor/approver name\tTitle\tService Area\tDate doc sent out\tDate response received or approved\r\n"
                     "Contributors:\t\t\t\t\r\n"
                     "Lisa Lawson\tAdult Services Programme Delivery Manager\tAdult Services and Housing\t03.08.2023\t03.08.2023\r\n"
                     "Michele Salmon\tGovernance Services Officer\tLaw and Governance\t31/02/2023\t07.08.2023\r\n"
                     "Sally Caren\tHead of Adult Social Care and Support\tAdult Services and Housing\t07.08.2023\tTBC\r\n");
    std::string shown_text;
    bool inside_window = false;
    bool unclipped = false;
    bool on_screen = false;
    {
        formwork::test::DialogAnswerer answerer;
        answerer.then([&] {
            auto* dialog = formwork::test::DialogAnswerer::shown_dialog(formwork::ui::PasteRefusalDialog::window_name);
            if (dialog == nullptr) return false;
            auto* refusal = static_cast<formwork::ui::PasteRefusalDialog*>(dialog);
            auto* message = refusal->message();
            // The label as shown, wrapped to the dialog's width: its line breaks read as spaces.
            shown_text = message->GetLabel().utf8_string();
            std::replace(shown_text.begin(), shown_text.end(), '\n', ' ');
            // The whole message inside the dialog, drawn at its full size, and the dialog on the screen.
            inside_window = dialog->GetScreenRect().Contains(message->GetScreenRect());
            unclipped = message->GetSize().GetWidth() >= message->GetBestSize().GetWidth() &&
                        message->GetSize().GetHeight() >= message->GetBestSize().GetHeight();
            const int display = std::max(wxDisplay::GetFromWindow(dialog), 0);
            on_screen = wxDisplay(static_cast<unsigned>(display)).GetGeometry().Contains(dialog->GetScreenRect());
            formwork::test::save_checked_screenshot(*dialog, "paste-refused.png", 4, 3);
            formwork::test::DialogAnswerer::press_later(*dialog->FindWindow(wxID_OK));
            return true;
        });
        person.Char('V', wxMOD_CONTROL);
        REQUIRE(wait_until([&] { return answerer.done(); }, 10s));
        settle();
    }
    INFO(shown_text);
    CHECK_THAT(shown_text, Catch::Matchers::Contains("Nothing was pasted") &&
                               Catch::Matchers::Contains("row 4 of the pasted block, column 'Date doc sent out'") &&
                               Catch::Matchers::Contains("row 2, Date document sent out") &&
                               Catch::Matchers::Contains("'31/02/2023' is not a date") &&
                               Catch::Matchers::Contains("row 5 of the pasted block, column 'Date response received or approved'") &&
                               Catch::Matchers::Contains("'TBC'"));
    CHECK(inside_window);
    CHECK(unclipped);
    CHECK(on_screen);
    // Refused whole: nothing of the block went in.
    CHECK(table->row_count() == rows_before);
    CHECK(editor->session().value("sign-offs/row[1]/name").empty());
    auto refusal = table->refusal().utf8_string();
    std::replace(refusal.begin(), refusal.end(), '\n', ' ');
    CHECK(refusal == shown_text);
}

TEST_CASE("a pasted row that repeats a person already in the table is flagged in the problems panel", "[tables]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    wxUIActionSimulator person;
    formwork::ui::RecordEditor* editor = nullptr;
    auto* table = new_sign_offs(shell, editor);
    put_on_clipboard("Contributor/approver name\tTitle\tService Area\r\nContributors:\t\t\r\n"
                     "Lisa Lawson\tAdult Services Programme Delivery Manager\tAdult Services and Housing\r\n"
                     "Michele Salmon\tGovernance Services Officer\tLaw and Governance\r\n");
    person.Char('V', wxMOD_CONTROL);
    REQUIRE(wait_until([&] { return table->row_count() == 2; }, 5s));

    // The same person again, pasted under the rows there are.
    auto* add = table->add_row_button();
    REQUIRE(add != nullptr);
    add->SetFocus();
    settle();
    person.Char(WXK_SPACE);
    REQUIRE(wait_until([&] { return table->row_count() == 3 && wxWindow::FindFocus() == table->view(); }, 5s));
    REQUIRE(table->cursor().first == 2);
    put_on_clipboard("Contributor/approver name\tTitle\r\nContributors:\t\r\nMichele Salmon\tGovernance Services Officer\r\n");
    person.Char('V', wxMOD_CONTROL);
    REQUIRE(wait_until([&] { return editor->session().value("sign-offs/row[3]/name") == "Michele Salmon"; }, 5s));
    const auto flagged = [&] {
        for (const auto& problem : editor->problems()->problems())
            if (problem.message == "Michele Salmon (Contributor) is already in row 2 of Contributors and approvers for submission")
                return problem.severity == formwork::forms::Severity::warning && problem.path == "sign-offs/row[3]/name";
        return false;
    };
    REQUIRE(wait_until(flagged, 5s));
    CHECK(table->refusal().empty());
    formwork::test::save_checked_screenshot(*shell.frame, "paste-repeated-person.png", 8, 20);
}
