// Meeting and board attendance, loaded from the real plugin library: the seeds' meetings and
// bodies as samples that validate; the youth justice board's year as a RAG grid that agrees,
// cell by cell, with the seed's own Appendix 1; the quorum rule; and a ModernGov GetMeeting
// file imported into a meeting with every attendee present.
#include "attendance_categories.hpp"
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"
#include "sample_records.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/host/text_import.hpp>
#include <formwork/model/validator.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;

namespace {

const forms::PluginHost& attendance_host() { return test::domain_plugins({"attendance.so"}); }

std::unique_ptr<forms::FormRegistry> make_registry(const std::string& profile_text = {}) {
    return test::make_registry(attendance_host(), profile_text);
}

const forms::FormRegistry& registry() {
    static const auto shared = make_registry();
    return *shared;
}

// A store holding every attendance sample.
struct SampleStore {
    test::TempFolder folder;
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());
    explicit SampleStore(const forms::FormRegistry& forms = registry()) { test::import_samples(*store, forms); }
};

std::vector<std::string> ids_of(forms::RecordStore& store, const std::string& form) {
    std::vector<std::string> ids;
    store.scan({form, {}, {}, {}}, [&](const forms::Record& record) {
        ids.push_back(record.meta.id);
        return true;
    });
    return ids;
}

std::vector<sdk::SheetView> grids(forms::RecordStore& store, const forms::FormRegistry& forms = registry()) {
    const auto form = forms.latest("attendance-meeting");
    const auto request = form->extension->view_request(*form, ids_of(store, "attendance-meeting"), store.query(), "2023-12-01");
    forms::Diagnostics problems;
    auto views = form->extension->sheet_views(request, problems);
    INFO(describe(problems));
    REQUIRE(problems.empty());
    return views;
}

// The stored meeting of the body the minutes name so.
std::optional<forms::Record> meeting_of(forms::RecordStore& store, const std::string& body_name) {
    std::optional<forms::Record> meeting;
    store.scan({"attendance-meeting", {}, {}, {}}, [&](const forms::Record& record) {
        if (std::string(record.instance().child("body-name").text().get()) == body_name) meeting = record;
        return !meeting;
    });
    return meeting;
}

// The seed's HTML left-overs (<b>...</b>) taken out of a cell.
std::string strip_tags(const std::string& text) {
    std::string out;
    bool in_tag = false;
    for (const char c : text) {
        if (c == '<') in_tag = true;
        else if (c == '>') in_tag = false;
        else if (!in_tag) out += c;
    }
    return out;
}

// The samples, and a body and meeting with every attendance category (attendance_categories.hpp).
struct CategoryStore : SampleStore {
    CategoryStore() {
        const std::vector<std::pair<std::string, std::string>> files{
            {"categories-body.record.xml", test::categories_body_record()},
            {"categories-meeting.record.xml", test::categories_meeting_record()}};
        for (const auto& item : store->import(registry(), files, "clerk")) {
            INFO(item.source << describe(item.diagnostics));
            REQUIRE(item.outcome == forms::ImportItem::Outcome::added);
        }
    }
};

// A grid's member rows: those before its key.
// The grid's row of the quorum's count under each meeting.
const std::vector<sdk::Cell>* quorum_row(const sdk::SheetView& view) {
    for (const auto& row : view.rows)
        if (!row.empty() && row[0].text == "Voting members present (as the quorum counts)") return &row;
    return nullptr;
}

std::vector<std::vector<sdk::Cell>> member_rows(const sdk::SheetView& view) {
    std::vector<std::vector<sdk::Cell>> rows;
    for (const auto& row : view.rows) {
        if (!row.empty() && (row[0].text == "Key" || row[0].text.rfind("Voting members present", 0) == 0)) break;
        rows.push_back(row);
    }
    return rows;
}

// The seed's RAG sense of a cell's style class: green attended, amber a deputy or substitute,
// red no one; anything else is none of these.
std::string rag_of(const std::string& style) {
    for (const char* green : {"attendance-present", "attendance-present-virtual"})
        if (style == green) return "green";
    for (const char* amber : {"attendance-substitute", "attendance-substitute-virtual", "attendance-apologies-substitute",
                              "attendance-deputy-sent"})
        if (style == amber) return "amber";
    for (const char* red : {"attendance-apologies", "attendance-absent", "attendance-none"})
        if (style == red) return "red";
    return style;
}

}  // namespace

TEST_CASE("the attendance plugin brings the body and meeting forms, and the seeds' samples validate") {
    INFO(describe(registry().diagnostics()));
    CHECK(registry().diagnostics().empty());
    REQUIRE(registry().latest("attendance-body"));
    REQUIRE(registry().latest("attendance-meeting"));
    SampleStore samples;
    CHECK(registry().samples().size() >= 11);
    for (const auto& s : registry().samples()) {
        INFO(s.name);
        auto read = forms::read_record(s.text, s.name, registry());
        INFO(describe(read.diagnostics));
        REQUIRE(read.record);
        const auto found = forms::validate_record(*read.form, *read.record, {"complete", "t", "2023-12-01", &samples.store->query()});
        INFO(describe(found));
        CHECK_FALSE(forms::has_errors(found));
        CHECK(found.empty());
    }
}

TEST_CASE("the board's year as a RAG grid agrees with the seed's Appendix 1, cell by cell") {
    SampleStore samples;
    const auto views = grids(*samples.store);
    const sdk::SheetView* board = nullptr;
    for (const auto& view : views)
        if (view.title.find("CYJS Management Board") != std::string::npos) board = &view;
    REQUIRE(board != nullptr);
    REQUIRE(board->header_rows.size() == 1);
    const auto& header = board->header_rows[0];
    REQUIRE(header.size() >= 6);
    CHECK_THAT(header[2].text, Contains("Q1"));
    CHECK_THAT(header[5].text, Contains("Q4"));

    // The appendix, as published: "Q1, Q3, (deputy sent for Q4)" and the like.
    std::ifstream in(std::string(FORMWORK_ATTENDANCE_FIXTURES_DIR) + "/youth-justice-board-appendix-1.txt");
    REQUIRE(in);
    std::string line;
    std::getline(in, line);  // the header
    std::size_t members = 0;
    while (std::getline(in, line)) {
        if (line.find('\t') == std::string::npos) continue;
        const auto name = strip_tags(line.substr(0, line.find('\t')));
        const auto listed = line.substr(line.rfind('\t') + 1);
        const auto deputy_from = listed.find("deputy");
        const auto attended = listed.substr(0, std::min(listed.find('('), listed.size()));
        const auto deputies = deputy_from == std::string::npos ? std::string() : listed.substr(deputy_from);
        INFO(name << ": " << listed);
        const std::vector<sdk::Cell>* row = nullptr;
        const auto members_of_board = member_rows(*board);
        for (const auto& candidate : members_of_board)
            if (candidate[0].text == name) row = &candidate;
        REQUIRE(row != nullptr);
        ++members;
        for (int quarter = 1; quarter <= 4; ++quarter) {
            const auto q = "Q" + std::to_string(quarter);
            const auto& cell = (*row)[static_cast<std::size_t>(1 + quarter)];
            INFO(q);
            if (attended.find(q) != std::string::npos)
                CHECK(rag_of(cell.style) == "green");
            else if (deputies.find(q) != std::string::npos)
                CHECK(rag_of(cell.style) == "amber");
            else
                CHECK(rag_of(cell.style) == "red");
        }
    }
    CHECK(members == 16);
    CHECK(member_rows(*board).size() == 16);
    CHECK_THAT(board->text_alternative, Contains("Paul Heathfield: attended 2 of 4") && Contains("a deputy at 1"));
}

TEST_CASE("a council can hide the attendance percentage") {
    SampleStore shown;
    const auto views = grids(*shown.store);
    CHECK(views.front().header_rows[0].back().text == "Attended %");
    const auto hidden = make_registry(R"(<council-profile id="t" name="T"><organisation code="E1"/>
  <display name="attendance-percentages" value="hidden"/></council-profile>)");
    SampleStore quiet(*hidden);
    const auto hidden_views = grids(*quiet.store, *hidden);
    CHECK(hidden_views.front().header_rows[0].back().text == "Deputy attended");
    CHECK_THAT(hidden_views.front().text_alternative, !Contains("%"));
}

TEST_CASE("a meeting short of its quorum is warned about, counting voting members and substitutes") {
    SampleStore samples;
    const auto form = registry().latest("attendance-meeting");
    auto meeting = meeting_of(*samples.store, "Scrutiny Co-ordination Committee");
    REQUIRE(meeting);
    const auto check = [&] {
        return forms::validate_record(*form, *meeting, {"complete", "t", "2023-12-01", &samples.store->query()});
    };
    CHECK_FALSE(test::has_diagnostic(check(), "attendance", "not quorate", forms::Severity::warning));
    // Everyone but two sends apologies: the committee's quorum is three.
    std::size_t kept = 0;
    for (auto row : meeting->instance().child("attendance").children("row")) {
        if (std::string(row.child("attendance").text().get()) != "present") continue;
        if (++kept > 2) row.child("attendance").text().set("apologies");
    }
    const auto found = check();
    INFO(describe(found));
    CHECK(test::has_diagnostic(found, "attendance", "not quorate: 2 voting members present", forms::Severity::warning));
    // A substitute counts in the place of the member replaced.
    auto row = meeting->instance().child("attendance").append_copy(meeting->instance().child("attendance").child("row"));
    row.child("person-id").text().set("");
    row.child("name").text().set("Councillor A Substitute");
    row.child("attendance").text().set("substitute");
    row.child("substitute-for").text().set("Councillor G Ridley");
    CHECK_FALSE(test::has_diagnostic(check(), "attendance", "not quorate", forms::Severity::warning));
}

TEST_CASE("quorum and the year grid count one way: a member's row with no person id is counted by name, and flagged") {
    SampleStore samples;
    const auto form = registry().latest("attendance-meeting");
    auto meeting = meeting_of(*samples.store, "Scrutiny Co-ordination Committee");
    REQUIRE(meeting);
    // Two voting members present, the rest sending apologies; the second's row has lost its id,
    // as a row typed by hand does.
    std::size_t kept = 0;
    std::size_t row_number = 0;
    std::size_t unnamed_row = 0;
    for (auto row : meeting->instance().child("attendance").children("row")) {
        ++row_number;
        if (std::string(row.child("attendance").text().get()) != "present") continue;
        if (++kept > 2) row.child("attendance").text().set("apologies");
        if (kept == 2) {
            REQUIRE(std::string(row.child("name").text().get()) == "Councillor R Thay");
            row.child("person-id").text().set("");
            unnamed_row = row_number;
        }
    }
    REQUIRE(unnamed_row > 0);
    const auto found = forms::validate_record(*form, *meeting, {"complete", "t", "2023-12-01", &samples.store->query()});
    INFO(describe(found));
    CHECK(test::has_diagnostic(found, "attendance", "not quorate: 2 voting members present", forms::Severity::warning));
    CHECK(test::has_diagnostic(found, "attendance/row[" + std::to_string(unnamed_row) + "]/person-id",
                               "Councillor R Thay has no person id", forms::Severity::warning));

    // The year grid, from the same meeting, counts the same two as attended.
    // The sample is complete, so locked: the change goes in as a reopening, with its reason.
    samples.store->update(*form, *meeting, meeting->meta.revision, "democratic-services",
                          {.reopen_reason = "a row's person id lost in the test"});
    const auto views = grids(*samples.store);
    const auto view = std::find_if(views.begin(), views.end(),
                                   [](const auto& v) { return v.name == "Year Scrutiny Co-ordination"; });  // whole words, at most 31
    REQUIRE(view != views.end());
    int attended = 0;
    for (const auto& row : member_rows(*view))
        for (const auto& cell : row)
            attended += rag_of(cell.style) == "green" ? 1 : 0;
    CHECK(attended == 2);
    const auto* counted = quorum_row(*view);
    REQUIRE(counted != nullptr);
    CHECK(counted->at(2).number == 2);  // the number the editor's warning gave
}

TEST_CASE("a ModernGov GetMeeting file imports into a meeting with every attendee present") {
    SampleStore samples;
    const auto text = test::read_text(std::string(FORMWORK_MODERNGOV_DIR) + "/getmeeting-manchester.xml");
    std::size_t attendees = 0;
    for (auto at = text.find("<attendee "); at != std::string::npos; at = text.find("<attendee ", at + 1)) ++attendees;
    REQUIRE(attendees > 0);
    const auto body = ids_of(*samples.store, "attendance-body").front();
    auto imported = forms::import_text(registry(), "moderngov", text, "getmeeting.xml", std::nullopt, "clerk",
                                       "2026-02-11T10:00:00Z", {{{"body", body}}, &samples.store->query()});
    INFO(describe(imported.diagnostics));
    REQUIRE(imported.record);
    CHECK_FALSE(forms::has_errors(imported.diagnostics));
    const auto instance = imported.record->instance();
    CHECK(std::string(instance.child("date").text().get()) == "2026-02-10");
    CHECK(std::string(instance.child("body").text().get()) == body);
    CHECK(static_cast<std::size_t>(std::distance(instance.child("attendance").children("row").begin(),
                                                 instance.child("attendance").children("row").end())) == attendees);
    // Nobody in Manchester is on a Coventry roster: each is kept, and said so.
    CHECK_THAT(describe(imported.diagnostics), Contains("not on the roster"));
    // Every attendee, by name, is in the record.
    for (auto at = text.find("name=\""); at != std::string::npos; at = text.find("name=\"", at + 1)) {
        const auto end = text.find('"', at + 6);
        const auto name = text.substr(at + 6, end - at - 6);
        INFO(name);
        CHECK(test::record_text(*imported.record).find("<name>" + name + "</name>") != std::string::npos);
    }
}

// ---- Every category ModernGov publishes, each kept as itself ----

TEST_CASE("each attendance category is a code of the meeting form with its label, and a meeting recording each validates") {
    const auto form = registry().latest("attendance-meeting");
    REQUIRE(form);
    const auto* list = form->list("attendance");
    REQUIRE(list != nullptr);
    for (const auto& category : test::attendance_categories()) {
        if (category.code == "none" || category.code == "unknown") continue;
        INFO(category.code);
        const auto* option = list->find(category.code);
        REQUIRE(option != nullptr);
        CHECK(option->label == category.label);
    }
    CategoryStore samples;
    auto meeting = meeting_of(*samples.store, test::categories_body_name());
    REQUIRE(meeting);
    const auto check = [&] {
        return forms::validate_record(*form, *meeting, {"complete", "t", "2026-01-05", &samples.store->query()});
    };
    const auto found = check();
    INFO(describe(found));
    CHECK_FALSE(forms::has_errors(found));
    // The unknown value is kept as published, with the form's warning, and no code.
    CHECK(test::has_diagnostic(found, "attendance/row[12]/attendance-as-published", "not one Formwork knows",
                               forms::Severity::warning));
    // A virtual substitute names whom they replaced, as a substitute in person does.
    pugi::xml_node row;
    std::size_t number = 0;
    for (auto candidate : meeting->instance().child("attendance").children("row")) {
        ++number;
        if (std::string(candidate.child("attendance").text().get()) == "substitute-virtual") {
            row = candidate;
            break;
        }
    }
    REQUIRE(row);
    row.child("substitute-for").text().set("");
    CHECK(test::has_diagnostic(check(), "attendance/row[" + std::to_string(number) + "]/substitute-for", "", forms::Severity::error));
}

TEST_CASE("every category has its own cell in the year grid, with its label and colour, and unknown, in attendance and "
          "expected are never red") {
    CategoryStore samples;
    const auto views = grids(*samples.store);
    const auto view = std::find_if(views.begin(), views.end(),
                                   [](const auto& v) { return v.title.find(test::categories_body_name()) != std::string::npos; });
    REQUIRE(view != views.end());
    const auto members = member_rows(*view);
    const auto row_of = [&](const std::string& name) -> const std::vector<sdk::Cell>& {
        const auto found = std::find_if(members.begin(), members.end(), [&](const auto& r) { return r[0].text == name; });
        INFO("no row for " << name);
        REQUIRE(found != members.end());
        return *found;
    };
    for (const auto& category : test::attendance_categories()) {
        INFO(category.code);
        const auto& cell = row_of(test::category_member(category.code)).at(2);  // the one meeting
        CHECK(cell.text == category.label);
        CHECK(cell.style == "attendance-" + category.code);
        if (category.rag == "other")
            CHECK((rag_of(cell.style) != "red" && rag_of(cell.style) != "green" && rag_of(cell.style) != "amber"));
        else
            CHECK(rag_of(cell.style) == category.rag);
    }
    CHECK(row_of(test::category_member("unknown"))[2].text == "Unknown");
    // Roles as the body form labels them, not as codes.
    CHECK(row_of(test::category_member("present"))[1].text == "Chair");
    CHECK(row_of(test::category_member("absent"))[1].text == "Member");
    CHECK(row_of("Councillor Observer")[1].text == "Non-voting deputy cabinet member");

    // The key, after the grid: each category's cell in its colour, and what it means.
    auto key = std::find_if(view->rows.begin(), view->rows.end(), [](const auto& r) { return !r.empty() && r[0].text == "Key"; });
    REQUIRE(key != view->rows.end());
    for (const auto& category : test::attendance_categories()) {
        INFO(category.code);
        const auto entry = std::find_if(key, view->rows.end(), [&](const auto& r) {
            return !r.empty() && r[0].style == "attendance-" + category.code && r[0].text == category.label;
        });
        REQUIRE(entry != view->rows.end());
        REQUIRE(entry->size() >= 2);
        CHECK_FALSE((*entry)[1].text.empty());
    }
    CHECK_THAT(view->text_alternative, Contains("Councillor unknown: attended 0 of 1 (0%), unknown at 1.") &&
                                           Contains("Councillor in-attendance: attended 0 of 1 (0%), in attendance not as a member at 1.") &&
                                           Contains("Councillor expected: attended 0 of 1 (0%), not yet recorded at 1.") &&
                                           Contains("Councillor deputy-sent: attended 0 of 1 (0%), a deputy at 1."));
}

TEST_CASE("the quorum and the year grid count one way for a meeting with a row of each category") {
    CategoryStore samples;
    const auto form = registry().latest("attendance-meeting");
    auto meeting = meeting_of(*samples.store, test::categories_body_name());
    REQUIRE(meeting);
    const auto found = forms::validate_record(*form, *meeting, {"complete", "t", "2026-01-05", &samples.store->query()});
    INFO(describe(found));
    // Present, present virtually, and the two members a substitute stood in for, in person or
    // virtually; not the non-voting member, present too.
    CHECK(test::has_diagnostic(found, "attendance", "not quorate: 4 voting members present", forms::Severity::warning));
    // Only the substitutes' rows are tied to the roster by whom they replaced: none is flagged.
    CHECK_THAT(describe(found), !Contains("is a substitute for"));

    // The grid: its Attended column and its substitutes' cells, over the voting members, are
    // the same four.
    const auto views = grids(*samples.store);
    const auto view = std::find_if(views.begin(), views.end(),
                                   [](const auto& v) { return v.title.find(test::categories_body_name()) != std::string::npos; });
    REQUIRE(view != views.end());
    const auto& header = view->header_rows.at(0);
    const auto column = [&](const std::string& heading) {
        const auto at = std::find_if(header.begin(), header.end(), [&](const auto& c) { return c.text == heading; });
        REQUIRE(at != header.end());
        return static_cast<std::size_t>(at - header.begin());
    };
    double attended = 0;
    double deputies = 0;
    int substituted = 0;
    for (const auto& row : member_rows(*view)) {
        if (row[0].text == "Councillor Observer") {
            CHECK(row[column("Attended")].number == 1);
            continue;
        }
        attended += row[column("Attended")].number;
        deputies += row[column("Deputy attended")].number;
        substituted += row[2].style == "attendance-substitute" || row[2].style == "attendance-substitute-virtual" ? 1 : 0;
    }
    CHECK(attended == 2);
    CHECK(deputies == 4);  // the two substitutes, apologies with a substitute, a deputy sent
    CHECK(attended + substituted == 4);
    // And the grid says the quorum's own number under the meeting.
    const auto* counted = quorum_row(*view);
    REQUIRE(counted != nullptr);
    CHECK(counted->at(2).type == sdk::Cell::Type::number);
    CHECK(counted->at(2).number == 4);
    CHECK_THAT(view->text_alternative, Contains("Voting members present, as the quorum counts them: 4 on "));
}

TEST_CASE("the year grid covers the meetings whose dates are in the range asked for, whatever their records' dates") {
    SampleStore samples;
    const auto form = registry().latest("attendance-meeting");
    auto request = form->extension->view_request(*form, ids_of(*samples.store, "attendance-meeting"), samples.store->query(), "2023-12-01");
    const auto board_columns = [&] {
        forms::Diagnostics problems;
        const auto views = form->extension->sheet_views(request, problems);
        INFO(describe(problems));
        REQUIRE(problems.empty());
        const auto board = std::find_if(views.begin(), views.end(), [](const auto& v) { return v.name == "Year CYJS Management Board"; });
        return board == views.end() ? std::size_t{0} : board->header_rows.at(0).size();
    };
    const auto whole_year = board_columns();
    REQUIRE(whole_year > 4);
    // The board met in August and November 2021, February and May 2022: a range of the first two.
    request.date_from = "2021-08-01";
    request.date_to = "2021-12-31";
    CHECK(board_columns() == whole_year - 2);
    // A range with none of its meetings: no grid for the board at all.
    request.date_from = "2024-01-01";
    request.date_to = {};
    CHECK(board_columns() == 0);
}
