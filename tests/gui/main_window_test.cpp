// The main window in a real X display (Xvfb under CTest), over a real SQLite store in a
// temporary folder: it lists the plugins and the refusals, pages through thousands of
// records, filters and sorts them in the store, filters by the form chosen on the left,
// opens records in tabs, and leaves screenshots in the build tree.
#include "accessible_cells.hpp"
#include "accessible_label.hpp"
#include "form_navigator.hpp"
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "plugins_panel.hpp"
#include "problems_panel.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "screenshot_check.hpp"
#include "shell_fixture.hpp"

#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/sqlite_store.hpp>
#include <formwork/model/string_writer.hpp>

#include <catch2/catch.hpp>

#include <wx/dataview.h>
#include <wx/bitmap.h>
#include <wx/iconbndl.h>
#include <wx/image.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

using formwork::test::settle;
using formwork::test::wait_until;
using formwork::ui::RecordListPanel;
using namespace std::chrono_literals;

namespace {

namespace forms = formwork::forms;

// Plugins, forms and a store in a fresh folder (shell_fixture.hpp), and records to list.
struct Data : formwork::test::ShellData {
    explicit Data(bool with_refused_plugin = false)
        : ShellData("gui.db", with_refused_plugin ? std::vector<std::filesystem::path>{FORMWORK_FIXTURE_PLUGIN_DIR
                                                                                       "/fixture_other_sdk.so"}
                                                  : std::vector<std::filesystem::path>{}) {}

    // `count` records of `form_id`, titled "<prefix> 0000" onwards, every `complete_every`th
    // one complete; imported in batches, as formwork-cli import does.
    void add_records(const std::string& form_id, const std::string& prefix, int count, int complete_every = 0) {
        const auto form = registry.latest(form_id);
        REQUIRE(form);
        std::vector<std::pair<std::string, std::string>> files;
        for (int number = 0; number < count; ++number) {
            auto record = forms::new_record(*form, "importer", forms::utc_timestamp_now());
            char title[64];
            std::snprintf(title, sizeof title, "%s %04d", prefix.c_str(), number);
            REQUIRE_FALSE(forms::set_value(*form, record, "title", title));
            if (complete_every > 0 && number % complete_every == 0) record.meta.status = "complete";
            forms::StringWriter text;
            forms::write_record(record, text);
            files.emplace_back(std::string(title) + ".xml", std::move(text.text));
        }
        const auto items = store->import(registry, files, "importer");
        for (const auto& item : items) {
            INFO(item.source << ": " << (item.diagnostics.empty() ? std::string() : item.diagnostics.front().format()));
            REQUIRE(item.outcome == forms::ImportItem::Outcome::added);
        }
    }
};

// 5,000 EIAs (every fifth complete) and 30 motions, made once for every section that
// reads them (none of them writes).
Data& five_thousand_records() {
    static Data data;
    static const bool filled = [] {
        data.add_records("eia", "Assessment", 5000, 5);
        data.add_records("motion", "Motion", 30);
        return true;
    }();
    REQUIRE(filled);
    return data;
}

// The main window over some data; destroyed (before the data) when the test ends.
using Shell = formwork::test::ShellWindow;

// Saves the window as drawn, and checks the picture shows something: a window drawn before

wxDataViewColumn* column_of(const RecordListPanel& list, unsigned model_column) {
    for (unsigned position = 0; position < list.view()->GetColumnCount(); ++position)
        if (list.view()->GetColumn(position)->GetModelColumn() == model_column) return list.view()->GetColumn(position);
    return nullptr;
}

// What a click on a column's header sends.
void click_header(RecordListPanel& list, unsigned model_column) {
    auto* column = column_of(list, model_column);
    REQUIRE(column != nullptr);
    wxDataViewEvent event(wxEVT_DATAVIEW_COLUMN_HEADER_CLICK, list.view(), column);
    list.view()->HandleWindowEvent(event);
}

}  // namespace

TEST_CASE("the record list pages through 5000 records; the store filters and sorts them") {
    REQUIRE(formwork::test::wx_started());
    Shell shell(five_thousand_records());
    auto& frame = *shell.frame;
    auto* list = frame.record_list();
    frame.SetSize(1200, 800);
    settle();

    SECTION("every record is counted; only the pages on screen are read") {
        CHECK(list->row_count() == 5030);
        CHECK(list->count_label()->GetLabel() == "5,030 records");
        CHECK(list->read_error().empty());
        // Newest first: the motions were imported last.
        CHECK(list->query().sort == forms::ListSort::modified);
        CHECK(list->query().descending);
        auto* modified = column_of(*list, RecordListPanel::column_modified);
        REQUIRE(modified != nullptr);
        CHECK(modified->IsSortKey());
        CHECK_FALSE(modified->IsSortOrderAscending());
        // 26 pages of 200 in all: showing the first screen reads a few of them (GTK samples
        // a few rows beyond the screen when it sizes the view), never all.
        CHECK(list->pages_read() <= 6);

        const auto row = list->row_at(0);
        REQUIRE(row);
        CHECK(list->text_at(0, RecordListPanel::column_title) == wxString::FromUTF8(row->title));
        CHECK(list->text_at(0, RecordListPanel::column_by) == "importer");
        CHECK_FALSE(list->text_at(0, RecordListPanel::column_modified).Contains("T"));
        CHECK_FALSE(list->text_at(0, RecordListPanel::column_modified).empty());

        // The last row is read on its own page, when it is shown; the pages GTK samples on
        // the way vary from run to run (4 to 10 here), but never come near all 26.
        REQUIRE(list->select_row(5029));
        settle();
        CHECK_FALSE(list->record_id_at(5029).empty());
        CHECK(list->selected_record_id() == list->record_id_at(5029));
        CHECK(list->pages_read() <= 18);
        CHECK(list->record_id_at(5030).empty());

        REQUIRE(list->select_row(0));
        formwork::test::save_checked_screenshot(frame, "record-list.png", 7, 8);
    }

    SECTION("the search box filters once typing pauses, and at once on Enter") {
        list->search_box()->SetValue("Assessment 004");  // as typed: wxEVT_TEXT
        CHECK(list->row_count() == 5030);                 // not yet: the timer is running
        REQUIRE(wait_until([&] { return list->row_count() == 10; }, 3s));
        CHECK(list->count_label()->GetLabel() == "10 records");
        CHECK(list->query().text == "Assessment 004");

        // Enter searches at once.
        auto* search = list->search_box();
        search->ChangeValue("Motion 0012");
        wxCommandEvent enter(wxEVT_SEARCH, search->GetId());
        enter.SetEventObject(search);
        enter.SetString(search->GetValue());
        search->HandleWindowEvent(enter);
        CHECK(list->row_count() == 1);
        CHECK(list->text_at(0, RecordListPanel::column_title) == "Motion 0012");
        CHECK(list->text_at(0, RecordListPanel::column_form) == "Motion for debate");
        CHECK(list->text_at(0, RecordListPanel::column_status) == "Draft");
        CHECK(list->count_label()->GetLabel() == "1 record");

        list->set_text_filter("");
        CHECK(list->row_count() == 5030);

        // Typed for real, then Enter.
        frame.Raise();
        wxUIActionSimulator keys;
        keys.MouseMove(search->GetScreenRect().GetPosition() + wxPoint(40, 8));
        settle(5);
        search->SetFocus();
        settle(5);
        keys.Text("Motion 0017");
        keys.Char(WXK_RETURN);
        CHECK(wait_until([&] { return list->row_count() == 1; }, 3s));
        CHECK(search->GetValue() == "Motion 0017");
        CHECK(list->text_at(0, RecordListPanel::column_title) == "Motion 0017");
    }

    SECTION("the status filter narrows the list, and with the search box narrows it further") {
        auto* choice = list->status_choice();
        CHECK(choice->GetString(0) == "All");
        const int complete = choice->FindString("Complete");
        REQUIRE(complete != wxNOT_FOUND);
        choice->SetSelection(complete);
        wxCommandEvent chosen(wxEVT_CHOICE, choice->GetId());
        chosen.SetEventObject(choice);
        chosen.SetInt(complete);
        choice->HandleWindowEvent(chosen);
        CHECK(list->query().status == "complete");
        CHECK(list->row_count() == 1000);
        CHECK(list->text_at(0, RecordListPanel::column_status) == "Complete");

        list->set_text_filter("Assessment 00");  // 0000-0099: every fifth complete
        CHECK(list->row_count() == 20);
        list->set_status_filter("draft");
        CHECK(choice->GetStringSelection() == "Draft");
        CHECK(list->row_count() == 80);
        list->set_status_filter("");
        CHECK(choice->GetSelection() == 0);
        CHECK(list->row_count() == 100);
    }

    SECTION("a click on a header sorts in the store, and a second click reverses it") {
        click_header(*list, RecordListPanel::column_title);
        CHECK(list->query().sort == forms::ListSort::title);
        CHECK_FALSE(list->query().descending);
        CHECK(list->text_at(0, RecordListPanel::column_title) == "Assessment 0000");
        CHECK(list->text_at(5029, RecordListPanel::column_title) == "Motion 0029");
        auto* title = column_of(*list, RecordListPanel::column_title);
        CHECK(title->IsSortKey());
        CHECK(title->IsSortOrderAscending());
        CHECK_FALSE(column_of(*list, RecordListPanel::column_modified)->IsSortKey());

        click_header(*list, RecordListPanel::column_title);
        CHECK(list->query().descending);
        CHECK(list->text_at(0, RecordListPanel::column_title) == "Motion 0029");
        CHECK_FALSE(title->IsSortOrderAscending());
        CHECK(list->row_count() == 5030);

        // By form: the EIA's title sorts before the motion's id either way round.
        click_header(*list, RecordListPanel::column_form);
        CHECK(list->query().sort == forms::ListSort::form);
        CHECK(list->text_at(0, RecordListPanel::column_form) == "Equality impact assessment");
        // "By" is not a column the store sorts by: a click on it changes nothing.
        CHECK_FALSE(list->sort_by_column(RecordListPanel::column_by));
        click_header(*list, RecordListPanel::column_by);
        CHECK(list->query().sort == forms::ListSort::form);
        CHECK(column_of(*list, RecordListPanel::column_form)->IsSortKey());
    }

    SECTION("a real mouse click on the Title header sorts by title") {
        frame.Raise();
        settle();
        auto* view = list->view();
        int left = 0;
        for (unsigned position = 0; position < view->GetColumnCount(); ++position) {
            if (view->GetColumn(position)->GetModelColumn() == RecordListPanel::column_title) break;
            left += view->GetColumn(position)->GetWidth();
        }
        const wxPoint header = view->ClientToScreen(wxPoint(left + 40, 12));
        wxUIActionSimulator mouse;
        mouse.MouseMove(header);
        settle(5);
        mouse.MouseClick();
        REQUIRE(wait_until([&] { return list->query().sort == forms::ListSort::title; }, 3s));
        settle();
        CHECK_FALSE(list->query().descending);
        CHECK(list->text_at(0, RecordListPanel::column_title) == "Assessment 0000");
        // GTK's own handling of the click must not leave its indicator against the store's order.
        CHECK(column_of(*list, RecordListPanel::column_title)->IsSortOrderAscending());
        mouse.MouseClick();
        REQUIRE(wait_until([&] { return list->query().descending; }, 3s));
        settle();
        CHECK(list->text_at(0, RecordListPanel::column_title) == "Motion 0029");
        CHECK_FALSE(column_of(*list, RecordListPanel::column_title)->IsSortOrderAscending());
    }

    SECTION("choosing a form on the left shows only its records") {
        REQUIRE(frame.navigator()->select_form("motion"));
        CHECK(list->query().form == "motion");
        CHECK(list->row_count() == 30);
        CHECK(list->text_at(0, RecordListPanel::column_form) == "Motion for debate");
        REQUIRE(frame.navigator()->select_form("written-question"));
        CHECK(list->row_count() == 0);
        CHECK(list->count_label()->GetLabel() == "0 records");
        frame.navigator()->select_all_records();
        CHECK(list->row_count() == 5030);
    }

}

// A one- or two-letter search's count stops 1,000 records past the page read (the stores'
// ListQuery::count_ahead): the list shows "more than" that many, and grows as pages
// further on are read. 2,500 EIAs titled "Qzx review 0000" onwards all match "zx".
TEST_CASE("a one- or two-letter search shows \"more than\" its count, and the list grows as it is read", "[list]") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    data.add_records("eia", "Qzx review", 2500);
    Shell shell(data);
    auto& frame = *shell.frame;
    auto* list = frame.record_list();
    frame.SetSize(1200, 800);
    settle();
    CHECK(list->row_count() == 2500);
    CHECK(list->row_count_exact());

    // Page 0 counts as far as 0 + 200 + 1,000. Painting the first screen reads no page
    // far enough on to count further.
    list->set_text_filter("zx");
    settle();
    CHECK(list->row_count() == 1200);
    CHECK_FALSE(list->row_count_exact());
    CHECK(list->count_label()->GetLabel() == "more than 1,200 records");
    CHECK(list->record_id_at(1200).empty());  // no row beyond those shown

    // A refresh (a colleague's save) keeps it so.
    list->refresh();
    CHECK(list->row_count() == 1200);
    CHECK(list->count_label()->GetLabel() == "more than 1,200 records");

    // The last row shown: its page (offset 1,000) counts to 2,200, and more match still.
    // The list grows a moment later, keeping the selection.
    REQUIRE(list->select_row(1199));
    const auto first_selected = list->selected_record_id();
    REQUIRE_FALSE(first_selected.empty());
    CHECK(wait_until([&] { return list->row_count() == 2200; }, 3s));
    settle();
    CHECK(list->row_count() == 2200);
    CHECK_FALSE(list->row_count_exact());
    CHECK(list->count_label()->GetLabel() == "more than 2,200 records");
    CHECK(list->selected_record_id() == first_selected);
    CHECK(list->record_id_at(1199) == first_selected);
    list->refresh();
    CHECK(list->row_count() == 2200);
    CHECK(list->count_label()->GetLabel() == "more than 2,200 records");

    // Its new last row: that page (offset 2,000) counts to 3,200, and finds the 2,500 there are.
    REQUIRE(list->select_row(2199));
    const auto selected = list->selected_record_id();
    REQUIRE_FALSE(selected.empty());
    CHECK(wait_until([&] { return list->row_count() == 2500; }, 3s));
    settle();
    CHECK(list->row_count() == 2500);
    CHECK(list->row_count_exact());
    CHECK(list->count_label()->GetLabel() == "2,500 records");
    CHECK(list->selected_record_id() == selected);
    CHECK(list->record_id_at(2199) == selected);
    CHECK_FALSE(list->record_id_at(2499).empty());
    CHECK(list->record_id_at(2500).empty());
    CHECK(list->read_error().empty());

    // A save that changes the database but not what matches: the first page's count stops
    // at 1,200 again, but the list read to its end keeps its rows and its selection (the
    // page of its last row is counted too).
    data.add_records("motion", "Motion", 1);
    list->refresh();
    CHECK(list->row_count() == 2500);
    CHECK(list->row_count_exact());
    CHECK(list->count_label()->GetLabel() == "2,500 records");
    settle();
    CHECK(list->selected_record_id() == selected);

    // Three letters are counted exactly at once, as is no search at all.
    list->set_text_filter("qzx");
    CHECK(list->row_count() == 2500);
    CHECK(list->row_count_exact());
    CHECK(list->count_label()->GetLabel() == "2,500 records");
    list->set_text_filter("");
    CHECK(list->row_count() == 2501);
    CHECK(list->count_label()->GetLabel() == "2,501 records");
    // One letter stops short like two.
    list->set_text_filter("q");
    CHECK(list->row_count() == 1200);
    CHECK(list->count_label()->GetLabel() == "more than 1,200 records");
}

TEST_CASE("a list that showed \"more than\" shrinks when a page further on counts fewer", "[list]") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    data.add_records("eia", "Qzx review", 1500);
    Shell shell(data);
    auto& frame = *shell.frame;
    auto* list = frame.record_list();
    frame.SetSize(1200, 800);
    settle();
    list->set_text_filter("zx");
    settle();
    REQUIRE(list->row_count() == 1200);
    REQUIRE_FALSE(list->row_count_exact());

    // 350 of them retitled meanwhile, through this window's own store (no refresh comes):
    // 1,150 match now.
    forms::ListQuery oldest;
    oldest.text = "qzx";
    oldest.descending = false;
    oldest.limit = 350;
    for (const auto& row : data.store->list(oldest).rows) {
        auto record = data.store->load(row.id);
        REQUIRE(record);
        const auto form = data.registry.find(record->meta.form_id, record->meta.form_version);
        REQUIRE(form);
        REQUIRE_FALSE(forms::set_value(*form, *record, "title", "Retitled " + row.title.substr(11)));
        data.store->update(*form, *record, record->meta.revision, "someone-else");
    }

    // Selecting row 1,100 reads the page from 1,000, whose count is exact: the list shrinks.
    REQUIRE(list->select_row(1100));
    CHECK(wait_until([&] { return list->row_count() == 1150; }, 3s));
    settle();
    CHECK(list->row_count() == 1150);
    CHECK(list->row_count_exact());
    CHECK(list->count_label()->GetLabel() == "1,150 records");
    CHECK_FALSE(list->record_id_at(1149).empty());
    CHECK(list->record_id_at(1150).empty());
    CHECK_FALSE(list->select_row(1150));
    CHECK(list->select_row(1149));
}

TEST_CASE("the main window lists the loaded plugins and the refused files") {
    REQUIRE(formwork::test::wx_started());
    Data data(true);
    REQUIRE(data.host.loaded().size() == 4);
    REQUIRE(data.host.refused().size() == 1);
    Shell shell(data);
    auto& frame = *shell.frame;
    frame.notebook()->SetSelection(1);
    settle();

    const wxListView* list = frame.plugins_panel()->list();
    REQUIRE(list->GetItemCount() == 5);
    std::set<wxString> loaded_ids;
    for (long row = 0; row < 4; ++row) {
        CHECK(list->GetItemText(row, formwork::ui::PluginsPanel::column_status) == "Loaded");
        loaded_ids.insert(list->GetItemText(row, formwork::ui::PluginsPanel::column_id));
    }
    CHECK(loaded_ids == std::set<wxString>{"eia", "approvals", "attendance", "questions"});
    CHECK(list->GetItemText(4, formwork::ui::PluginsPanel::column_status) == "Refused");
    CHECK(list->GetItemText(4, formwork::ui::PluginsPanel::column_detail).Contains("SDK 2.0 (2000)"));
    CHECK(frame.GetStatusBar()->GetStatusText(0) == "4 plugins loaded, 1 file refused");
    CHECK(frame.GetStatusBar()->GetStatusText(1).Contains("gui.db"));
    // The refusal is selected, and its whole reason is readable below the list.
    CHECK(list->GetFirstSelected() == 4);
    const wxString detail = frame.plugins_panel()->detail()->GetValue();
    CHECK(detail.Contains("fixture_other_sdk.so"));
    CHECK(detail.Contains("SDK 2.0 (2000)"));
    CHECK(detail.Contains("SDK 1.10 (1010)"));
    CHECK(frame.IsShownOnScreen());
    formwork::test::save_checked_screenshot(frame, "main-window.png", 7, 8);
}

TEST_CASE("the navigator shows each plugin's domain with its forms, under All records") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    Shell shell(data);
    auto& frame = *shell.frame;
    auto* navigator = frame.navigator();

    CHECK(navigator->item_text(navigator->all_records_item()) == "All records");
    CHECK_FALSE(navigator->item_parent(navigator->all_records_item()).IsOk());
    CHECK(navigator->child_count(navigator->all_records_item()) == 4);
    for (const auto& entry : data.registry.forms()) {
        const auto item = navigator->item_for_form(entry.form->id);
        REQUIRE(item.IsOk());
        CHECK(navigator->item_text(item) == wxString::FromUTF8(entry.form->title));
        CHECK(navigator->item_parent(item) == navigator->item_for_domain(entry.plugin_id));
        CHECK(navigator->item_parent(navigator->item_parent(item)) == navigator->all_records_item());
    }
    const auto questions = navigator->item_for_domain("questions");
    REQUIRE(questions.IsOk());
    CHECK(navigator->item_text(questions) == wxString::FromUTF8(data.host.find("questions")->info().name));
    // Everything is open, with "All records" chosen.
    CHECK(navigator->IsExpanded(navigator->all_records_item()));
    wxDataViewItemArray domains;
    CHECK(navigator->GetModel()->GetChildren(navigator->all_records_item(), domains) == 4);
    for (const auto& domain : domains) CHECK(navigator->IsExpanded(domain));
    CHECK(navigator->GetSelection() == navigator->all_records_item());
    // A new record asks which form when a domain is selected; with a form selected, it is that form.
    navigator->Select(questions);
    CHECK(navigator->forms_in_selection() == std::vector<std::string>{"motion", "written-question"});
    CHECK(navigator->selected_form().empty());
    REQUIRE(navigator->select_form("eia"));
    CHECK(navigator->forms_in_selection() == std::vector<std::string>{"eia"});
    CHECK(frame.record_list()->query().form == "eia");
    navigator->select_all_records();
    CHECK(frame.record_list()->query().form.empty());
    CHECK(navigator->forms_in_selection().size() == data.registry.forms().size());
}

TEST_CASE("the navigator reads to a screen reader as a tree of forms; the arrow keys move its selection") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    Shell shell(data);
    auto& frame = *shell.frame;
    auto* navigator = frame.navigator();
    CHECK(navigator->GetName() == "forms");
    CHECK(formwork::ui::accessible_name(navigator) == "Forms");

    // The rows as shown, everything open: All records, then each domain and its forms. The
    // screen reader's cells (a native tree view's) are named by the rows' text.
    std::vector<wxDataViewItem> rows{navigator->all_records_item()};
    wxDataViewItemArray domains;
    navigator->GetModel()->GetChildren(navigator->all_records_item(), domains);
    for (const auto& domain : domains) {
        rows.push_back(domain);
        wxDataViewItemArray forms_of_domain;
        navigator->GetModel()->GetChildren(domain, forms_of_domain);
        rows.insert(rows.end(), forms_of_domain.begin(), forms_of_domain.end());
    }
    std::set<std::string> form_ids;
    for (const auto& entry : data.registry.forms()) form_ids.insert(entry.form->id);
    REQUIRE(rows.size() == 1 + domains.size() + form_ids.size());
    std::set<std::string> cell_names;
    for (unsigned row = 0; row < rows.size(); ++row) {
        const auto name = formwork::ui::accessible_cell_name(navigator, row, 0);
        CHECK(wxString::FromUTF8(name) == navigator->item_text(rows[row]));
        cell_names.insert(name);
    }
    CHECK(cell_names.count("All records") == 1);
    for (const auto& entry : data.registry.forms()) CHECK(cell_names.count(entry.form->title) == 1);

    // Down and Up move the selection, and the record list follows it.
    frame.Raise();
    wxUIActionSimulator keys;
    keys.MouseMove(frame.GetScreenRect().GetTopLeft() + wxPoint(600, 400));
    settle();
    navigator->SetFocus();
    settle();
    REQUIRE(wxWindow::FindFocus() == navigator);
    keys.Char(WXK_DOWN);
    settle(5);
    CHECK(navigator->GetSelection() == rows[1]);  // the first domain
    CHECK(wxWindow::FindFocus() == navigator);
    CHECK(navigator->selected_form().empty());
    CHECK(frame.record_list()->query().form.empty());
    keys.Char(WXK_DOWN);
    settle(5);
    CHECK(navigator->GetSelection() == rows[2]);  // its first form
    CHECK(wxWindow::FindFocus() == navigator);
    CHECK_FALSE(navigator->selected_form().empty());
    CHECK(frame.record_list()->query().form == navigator->selected_form());
    // The keys go on from a form chosen by the program.
    REQUIRE(navigator->select_form("eia"));
    settle(5);
    CHECK(wxWindow::FindFocus() == navigator);
    const auto eia = std::find(rows.begin(), rows.end(), navigator->item_for_form("eia"));
    REQUIRE(eia != rows.end());
    REQUIRE(eia + 1 != rows.end());
    keys.Char(WXK_DOWN);
    settle(5);
    CHECK(navigator->GetSelection() == *(eia + 1));
    keys.Char(WXK_UP);
    settle(5);
    CHECK(navigator->selected_form() == "eia");
    CHECK(frame.record_list()->query().form == "eia");

    // With a record's tab in front, moving in the navigator brings the records forward and
    // leaves the keyboard in the navigator.
    auto* editor = frame.new_record("eia");
    REQUIRE(editor != nullptr);
    settle();
    REQUIRE(frame.current_editor() == editor);
    navigator->SetFocus();
    settle();
    REQUIRE(wxWindow::FindFocus() == navigator);
    keys.Char(WXK_DOWN);
    settle(5);
    CHECK(navigator->GetSelection() == *(eia + 1));
    CHECK(frame.notebook()->GetCurrentPage() == frame.record_list());
    CHECK(wxWindow::FindFocus() == navigator);
}

TEST_CASE("each problem reads to a screen reader as one sentence: severity, field and message") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    Shell shell(data);
    auto& frame = *shell.frame;
    auto* editor = frame.new_record("eia");
    REQUIRE(editor != nullptr);
    settle();
    auto* problems = editor->problems();
    auto* view = problems->list();
    REQUIRE(problems->count() > 0);
    CHECK(formwork::ui::accessible_name(view) == "Problems");
    CHECK(view->GetItemCount() == static_cast<int>(problems->count()));

    // A new EIA: its title, the first thing it asks for, is missing. The row's first cell
    // says the whole problem; the others say their own text; none has a description.
    CHECK(view->GetTextValue(0, 0) == "Error");
    CHECK(formwork::ui::accessible_cell_name(view, 0, 0) == "Error, Title of EIA, Title of EIA is required");
    CHECK(formwork::ui::accessible_cell_name(view, 0, 1) == "Title of EIA");
    CHECK(formwork::ui::accessible_cell_name(view, 0, 2) == "Title of EIA is required");
    CHECK(formwork::ui::accessible_cell_description(view, 0, 0).empty());
    for (unsigned row = 0; row < problems->count(); ++row) {
        const auto& problem = problems->problems()[row];
        const auto name = formwork::ui::accessible_cell_name(view, row, 0);
        CHECK(name == (problem.severity == forms::Severity::error ? "Error, " : "Warning, ") +
                          problem.field.utf8_string() + ", " + problem.message.utf8_string());
        CHECK(formwork::ui::accessible_cell_name(view, row, 2) == problem.message.utf8_string());
    }

    // Typing the title takes its row away, and the first row reads as the next problem.
    auto* title = dynamic_cast<wxTextCtrl*>(editor->control_for("title"));
    REQUIRE(title != nullptr);
    title->SetValue("Youth Justice Plan");
    REQUIRE(wait_until([&] { return problems->count() == 0 || problems->problems()[0].message != "Title of EIA is required"; }, 5s));
    if (problems->count() > 0) {
        CHECK(formwork::ui::accessible_cell_name(view, 0, 0) ==
              formwork::ui::ProblemsPanel::spoken(problems->problems()[0]).utf8_string());
        CHECK(view->GetItemCount() == static_cast<int>(problems->count()));
    }
}

TEST_CASE("the problems list: a problem checked for another status says so; Enter goes to the field") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    Shell shell(data);
    auto& frame = *shell.frame;
    auto* panel = new formwork::ui::ProblemsPanel(&frame);
    panel->SetSize(frame.GetClientRect());
    panel->Raise();
    std::vector<std::string> went_to;
    panel->set_on_activate([&](const std::string& path) { went_to.push_back(path); });

    formwork::ui::Problem now;
    now.path = "title";
    now.field = "Title of EIA";
    now.message = "Title of EIA is required";
    formwork::ui::Problem later;
    later.path = "sign-off/date";
    later.field = "Sign-off: Date";
    later.message = "Date is required";
    later.when = "for Complete";
    formwork::ui::Problem warning;
    warning.severity = forms::Severity::warning;
    warning.path = "summary";
    warning.field = "Summary";
    warning.message = "Summary is long";
    panel->set_problems({now, later, warning});
    settle();

    auto* view = panel->list();
    REQUIRE(view->GetItemCount() == 3);
    CHECK(panel->error_count() == 2);
    CHECK(view->GetTextValue(1, 0) == "Error (for Complete)");
    CHECK(formwork::ui::accessible_cell_name(view, 1, 0) == "Error for Complete, Sign-off: Date, Date is required");
    CHECK(formwork::ui::accessible_cell_name(view, 1, 1) == "Sign-off: Date");
    CHECK(formwork::ui::accessible_cell_name(view, 2, 0) == "Warning, Summary, Summary is long");
    CHECK(formwork::ui::accessible_cell_description(view, 2, 0).empty());

    // The selected problem stays selected while the others change.
    panel->select(1);
    CHECK(panel->selected() == 1);
    panel->set_problems({later, warning});
    CHECK(panel->selected() == 0);
    CHECK(view->GetItemCount() == 2);
    CHECK(formwork::ui::accessible_cell_name(view, 0, 0) == "Error for Complete, Sign-off: Date, Date is required");

    // Enter on a row (as a double-click) goes to its field; so does activate().
    panel->set_problems({now, later, warning});
    panel->select(2);
    view->SetFocus();
    settle();
    wxUIActionSimulator keys;
    keys.Char(WXK_RETURN);
    settle(5);
    CHECK(went_to == std::vector<std::string>{"summary"});
    panel->activate(0);
    CHECK(went_to == std::vector<std::string>{"summary", "title"});
    CHECK(panel->selected() == 0);
    panel->Destroy();
    settle();
}

TEST_CASE("records open in tabs: one tab per record; a second open brings it forward") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    data.add_records("motion", "Motion", 5);
    Shell shell(data);
    auto& frame = *shell.frame;
    auto* list = frame.record_list();
    auto* notebook = frame.notebook();
    REQUIRE(notebook->GetPageCount() == 2);
    CHECK(notebook->GetPageText(0) == "Records");
    CHECK(notebook->GetPageText(1) == "Plugins");
    CHECK(frame.current_editor() == nullptr);

    // A double-click (or Enter) on a row opens it.
    const auto first_id = list->record_id_at(0);
    REQUIRE_FALSE(first_id.empty());
    REQUIRE(list->select_row(0));
    wxDataViewEvent activated(wxEVT_DATAVIEW_ITEM_ACTIVATED, list->view(), list->view()->GetSelection());
    list->view()->HandleWindowEvent(activated);
    settle();
    REQUIRE(notebook->GetPageCount() == 3);
    auto* first = frame.editor_for(first_id);
    REQUIRE(first != nullptr);
    CHECK(frame.current_editor() == first);
    CHECK(notebook->GetPageText(2) == first->tab_label());
    CHECK(notebook->GetPageText(2).StartsWith(list->text_at(0, RecordListPanel::column_title)));

    // A save renames the tab and, a moment later, the row in the list.
    REQUIRE_FALSE(first->session().set_value("title", "Renamed motion"));
    REQUIRE(first->save_now());
    CHECK(notebook->GetPageText(2) == "Renamed motion");
    CHECK(wait_until([&] { return list->text_at(0, RecordListPanel::column_title) == "Renamed motion"; }, 3s));
    CHECK(list->record_id_at(0) == first_id);  // newest first

    const auto second_id = list->record_id_at(3);
    auto* second = frame.open_record(second_id);
    REQUIRE(second != nullptr);
    CHECK(notebook->GetPageCount() == 4);
    CHECK(frame.current_editor() == second);

    // Opening the first again brings its tab forward instead of a second tab.
    notebook->SetSelection(0);
    CHECK(frame.open_record(first_id) == first);
    CHECK(notebook->GetPageCount() == 4);
    CHECK(frame.current_editor() == first);
    CHECK(notebook->GetSelection() == 2);

    CHECK(frame.open_record("no-such-record") == nullptr);
    CHECK(notebook->GetPageCount() == 4);

    // A new record is saved at once, so the list counts it, and it opens in its own tab.
    auto* made = frame.new_record("written-question");
    REQUIRE(made != nullptr);
    CHECK(notebook->GetPageCount() == 5);
    CHECK(frame.current_editor() == made);
    CHECK(list->row_count() == 6);
    CHECK(frame.editor_for(made->record_id()) == made);
    CHECK(frame.new_record("no-such-form") == nullptr);
    formwork::test::save_checked_screenshot(frame, "record-tabs.png", 7, 8);

    // Closing a tab saves and removes it; the others stay.
    REQUIRE(frame.close_editor(second));
    CHECK(notebook->GetPageCount() == 4);
    CHECK(frame.editor_for(second_id) == nullptr);
    CHECK(frame.editor_for(first_id) == first);
}

TEST_CASE("keyboard: Tab goes from the navigator to the search box, the status filter and the list") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    Shell shell(data);
    auto& frame = *shell.frame;
    auto* list = frame.record_list();
    frame.Raise();
    wxUIActionSimulator keys;
    keys.MouseMove(frame.GetScreenRect().GetTopLeft() + wxPoint(600, 400));
    settle();
    frame.navigator()->SetFocus();
    settle();
    REQUIRE(wxWindow::FindFocus() == frame.navigator());

    // What Tab reaches, in order, until the list. GTK gives the focus to a wxChoice's inner
    // button, which wx does not map back to the wxChoice: FindFocus() is null there.
    std::vector<wxString> order;
    for (int press = 0; press < 8 && (order.empty() || order.back() != "record list"); ++press) {
        keys.Char(WXK_TAB);
        settle(5);
        const auto* focused = wxWindow::FindFocus();
        order.push_back(focused != nullptr ? focused->GetName() : wxString("(inside the status choice)"));
    }
    // The second choice is Show: (withdrawn records), which is a wxChoice too.
    const std::vector<wxString> expected{"tabs", "search", "(inside the status choice)", "(inside the status choice)",
                                         "pictures", "new record", "record list"};
    CHECK(order == expected);
    // Every control is named, for tests and for assistive technology.
    CHECK(list->search_box()->GetName() == "search");
    CHECK(list->status_choice()->GetName() == "status filter");
    CHECK(list->view()->GetName() == "record list");
    CHECK(frame.navigator()->GetName() == "forms");
    // What a screen reader says for them: the visible labels, and names where none shows.
    CHECK(formwork::ui::accessible_name(list->search_box()) == "Search:");
    CHECK(formwork::ui::accessible_name(list->status_choice()) == "Status:");
    CHECK(formwork::ui::accessible_name(list->view()) == "Records");
    CHECK(formwork::ui::accessible_name(frame.navigator()) == "Forms");
}

TEST_CASE("closing the window saves every open record, and stays open while one cannot be saved") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    data.add_records("motion", "Motion", 2);
    Shell shell(data);
    auto& frame = *shell.frame;
    const auto first_id = frame.record_list()->record_id_at(0);
    const auto second_id = frame.record_list()->record_id_at(1);
    auto* first = frame.open_record(first_id);
    auto* second = frame.open_record(second_id);
    REQUIRE(first != nullptr);
    REQUIRE(second != nullptr);
    REQUIRE_FALSE(first->session().set_value("title", "Saved on close"));

    // Someone else saves the second record meanwhile: its edit meets a conflict.
    auto theirs = data.store->load(second_id);
    REQUIRE(theirs);
    const auto form = data.registry.find(theirs->meta.form_id, theirs->meta.form_version);
    REQUIRE(form);
    REQUIRE_FALSE(forms::set_value(*form, *theirs, "title", "Saved elsewhere"));
    data.store->update(*form, *theirs, theirs->meta.revision, "someone-else");
    REQUIRE_FALSE(second->session().set_value("title", "Mine"));

    CHECK_FALSE(frame.Close());  // vetoed: the second record is not saved
    CHECK_FALSE(wxTheApp->IsScheduledForDestruction(&frame));
    CHECK(frame.current_editor() == second);
    CHECK(forms::record_title(*form, *data.store->load(first_id)) == "Saved on close");
    CHECK(forms::record_title(*form, *data.store->load(second_id)) == "Saved elsewhere");

    // Once the person has chosen (here: their version), the window closes.
    second->session().take_theirs();
    CHECK(frame.Close());
    CHECK(wxTheApp->IsScheduledForDestruction(&frame));
}

TEST_CASE("the window carries the application's icon, and Help finds the guide") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    Shell shell(data);
    const wxIconBundle icons = shell.frame->GetIcons();
    REQUIRE_FALSE(icons.IsEmpty());
    const wxIcon icon = icons.GetIconOfExactSize(wxSize(64, 64));
    REQUIRE(icon.IsOk());
    // Drawn from the SVG: not a blank square.
    wxBitmap bitmap;
    bitmap.CopyFromIcon(icon);
    const wxImage image = bitmap.ConvertToImage();
    CHECK(formwork::test::distinct_colours(image, 2) > 3);

    const auto guide = formwork::ui::MainFrame::help_document();
    REQUIRE_FALSE(guide.empty());
    CHECK(guide.filename() == "app.md");
    CHECK(std::filesystem::file_size(guide) > 1000);
}

TEST_CASE("Help > Plugins: a dialog of what loaded and what was refused, with why") {
    REQUIRE(formwork::test::wx_started());
    Data data;
    Shell shell(data);
    auto* dialog = shell.frame->plugins_dialog();
    REQUIRE(dialog != nullptr);
    dialog->Show();
    formwork::test::settle();
    const auto* panel = dynamic_cast<formwork::ui::PluginsPanel*>(
        wxWindow::FindWindowByName("formwork-plugins-dialog")->GetChildren().GetFirst()->GetData());
    REQUIRE(panel != nullptr);
    CHECK(panel->list()->GetItemCount() == static_cast<int>(data.host.loaded().size() + data.host.refused().size()));
    CHECK(panel->summary_text() == shell.frame->plugins_panel()->summary_text());
    dialog->Destroy();
    formwork::test::settle();
}
