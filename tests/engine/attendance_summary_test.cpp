// The attendance summary (view "Attendance summary"), from the real plugin library over the
// samples in a real SQLite store: the youth justice board's 2021/22 year member by member
// against the seed's Appendix 1, written out here; a date range that limits the meetings; every
// attendance category in its column, a substitute counted for the substitute and never for the
// member replaced; the percentage a council hides; and no summary of an unpublished table.
#include "attendance_categories.hpp"
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"
#include "sample_records.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/model/form_extension.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;

namespace {

std::unique_ptr<forms::FormRegistry> make_registry(const std::string& profile_text = {}) {
    return test::make_registry(test::domain_plugins({"attendance.so"}), profile_text);
}

const forms::FormRegistry& registry() {
    static const auto shared = make_registry();
    return *shared;
}

// A store holding every attendance sample, and the extra records given.
struct SampleStore {
    test::TempFolder folder;
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());
    explicit SampleStore(const forms::FormRegistry& forms = registry(),
                         std::vector<std::pair<std::string, std::string>> extra = {}) {
        test::import_samples(*store, forms, std::move(extra));
    }
};

std::vector<std::string> meeting_ids(forms::RecordStore& store) {
    std::vector<std::string> ids;
    store.scan({"attendance-meeting", {}, {}, {}}, [&](const forms::Record& record) {
        ids.push_back(record.meta.id);
        return true;
    });
    return ids;
}

// The summary view over every stored meeting, in the range given; nothing when there is none.
std::optional<sdk::SheetView> summary(forms::RecordStore& store, const forms::FormRegistry& forms = registry(),
                                      const std::string& from = {}, const std::string& to = {}) {
    const auto form = forms.latest("attendance-meeting");
    auto request = form->extension->view_request(*form, meeting_ids(store), store.query(), "2023-12-01");
    request.date_from = from;
    request.date_to = to;
    forms::Diagnostics problems;
    auto views = form->extension->sheet_views(request, problems);
    INFO(describe(problems));
    REQUIRE(problems.empty());
    std::optional<sdk::SheetView> found;
    for (auto& view : views)
        if (view.name == "Attendance summary") {
            REQUIRE_FALSE(found);  // one summary, every body in it
            found = std::move(view);
        }
    return found;
}

// A summary row, by its column headings.
struct Row {
    std::map<std::string, sdk::Cell> cells;
    double number(const std::string& heading) const {
        const auto at = cells.find(heading);
        INFO("no column " << heading);
        REQUIRE(at != cells.end());
        INFO(heading << " is not a number");
        REQUIRE(at->second.type == sdk::Cell::Type::number);
        return at->second.number;
    }
    std::string text(const std::string& heading) const {
        const auto at = cells.find(heading);
        INFO("no column " << heading);
        REQUIRE(at != cells.end());
        return at->second.text;
    }
};

std::vector<Row> rows_of(const sdk::SheetView& view, const std::string& body) {
    REQUIRE(view.header_rows.size() == 1);
    const auto& header = view.header_rows[0];
    std::vector<Row> rows;
    for (const auto& cells : view.rows) {
        REQUIRE(cells.size() == header.size());
        if (cells[0].text != body) continue;
        Row row;
        for (std::size_t c = 0; c < header.size(); ++c) row.cells[header[c].text] = cells[c];
        rows.push_back(std::move(row));
    }
    return rows;
}

const Row& row_of(const std::vector<Row>& rows, const std::string& name) {
    const auto found = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.text("Member") == name; });
    INFO("no row for " << name);
    REQUIRE(found != rows.end());
    return *found;
}

// What the seed says of a member over a run of the board's meetings: the quarters attended
// (always in person: the board met in a room) and those a deputy was sent to, which are
// apologies; a quarter neither attended nor deputised is one the samples record as absent (the
// seed does not say whether apologies were given).
struct Seeded {
    const char* name;
    const char* person_id;
    int expected;
    int present;
    int apologies;  // a deputy sent
    int absent;
    double percent;
};

const char* const board = "CYJS Management Board";

void check_members(const std::vector<Row>& rows, const std::vector<Seeded>& seeded) {
    CHECK(rows.size() == seeded.size());
    for (const auto& member : seeded) {
        INFO(member.name);
        const auto& row = row_of(rows, member.name);
        CHECK(row.text("Person id") == member.person_id);
        CHECK(row.text("Role") == "Member");
        CHECK(row.number("Expected") == member.expected);
        CHECK(row.number("Present") == member.present);
        CHECK(row.number("Present virtually") == 0);
        CHECK(row.number("Present as substitute") == 0);
        CHECK(row.number("In attendance") == 0);
        CHECK(row.number("In attendance virtually") == 0);
        CHECK(row.number("Apologies") == member.apologies);
        CHECK(row.number("Absent") == member.absent);
        CHECK(row.number("Not yet recorded") == 0);
        CHECK(row.number("Unknown") == 0);
        CHECK(row.number("Attended %") == Approx(member.percent));
    }
}

}  // namespace

TEST_CASE("the attendance summary of the board's 2021/22 year agrees with the seed's Appendix 1, member by member") {
    SampleStore samples;
    const auto view = summary(*samples.store);
    REQUIRE(view);
    CHECK_THAT(view->title, Contains("Attendance summary, meetings from 2021-08-12 to "));
    const auto& header = view->header_rows.at(0);
    std::vector<std::string> headings;
    for (const auto& cell : header) headings.push_back(cell.text);
    CHECK(headings == std::vector<std::string>{"Body", "Member", "Person id", "Role", "Expected", "Present", "Present virtually",
                                               "Present as substitute", "In attendance", "In attendance virtually", "Apologies",
                                               "Absent", "Not yet recorded", "Unknown", "Attended %"});
    // The board's four quarters: 12 August and 18 November 2021, 10 February and 12 May 2022.
    // "Q1, Q2, Q3, Q4" is present at 4 of 4; "Q1, Q3, (deputy sent for Q4)" is present at 2,
    // apologies (a deputy sent) at 1 and absent at Q2; and so on down the appendix.
    check_members(rows_of(*view, board), {
                                             {"Daryl Lyons", "d-lyons", 4, 4, 0, 0, 100},
                                             {"Jas Madahar", "j-madahar", 4, 4, 0, 0, 100},
                                             {"Heather Kelly", "h-kelly", 4, 4, 0, 0, 100},
                                             {"Chris Evans", "c-evans", 4, 3, 0, 1, 75},
                                             {"John Gregg (Previous Chair)", "j-gregg", 4, 3, 0, 1, 75},
                                             {"Paul Heathfield", "p-heathfield", 4, 2, 1, 1, 50},
                                             {"Sharon Bolesworth", "s-bolesworth", 4, 1, 2, 1, 25},
                                             {"Jeanette Essex", "j-essex", 4, 4, 0, 0, 100},
                                             {"Nick Jeffreys", "n-jeffreys", 4, 4, 0, 0, 100},
                                             {"Racheal Sugars", "r-sugars", 4, 3, 0, 1, 75},
                                             {"Nigel Paterson/ Angela Harley", "n-paterson-a-harley", 4, 3, 0, 1, 75},
                                             {"Caroline Ryder", "c-ryder", 4, 4, 0, 0, 100},
                                             {"Craig Hickin", "c-hickin", 4, 2, 2, 0, 50},
                                             {"Kirsty Baker", "k-baker", 4, 3, 0, 1, 75},
                                             {"Chris Heeley", "c-heeley", 4, 3, 0, 1, 75},
                                             {"Mamps Gill", "m-gill", 4, 3, 0, 1, 75},
                                         });
    CHECK_THAT(view->text_alternative, Contains("Paul Heathfield, CYJS Management Board: attended 2 of 4 (50%), apologies 1, absent 1.") &&
                                           Contains("Daryl Lyons, CYJS Management Board: attended 4 of 4 (100%)."));
    // Every body with meetings in scope is in the one summary.
    for (const char* body : {"Coventry City Council", "Scrutiny Co-ordination Committee", "Cabinet"}) {
        INFO(body);
        CHECK_FALSE(rows_of(*view, body).empty());
    }
}

TEST_CASE("the attendance summary covers the meetings whose dates are in the range asked for") {
    SampleStore samples;
    // The financial year 2021/22 holds the board's first three quarters; its fourth met in May 2022.
    const auto view = summary(*samples.store, registry(), "2021-04-01", "2022-03-31");
    REQUIRE(view);
    CHECK(view->title == "Attendance summary, meetings from 2021-04-01 to 2022-03-31");
    check_members(rows_of(*view, board), {
                                             {"Daryl Lyons", "d-lyons", 3, 3, 0, 0, 100},
                                             {"Jas Madahar", "j-madahar", 3, 3, 0, 0, 100},
                                             {"Heather Kelly", "h-kelly", 3, 3, 0, 0, 100},
                                             {"Chris Evans", "c-evans", 3, 2, 0, 1, 66.7},
                                             {"John Gregg (Previous Chair)", "j-gregg", 3, 2, 0, 1, 66.7},
                                             {"Paul Heathfield", "p-heathfield", 3, 2, 0, 1, 66.7},
                                             {"Sharon Bolesworth", "s-bolesworth", 3, 1, 2, 0, 33.3},
                                             {"Jeanette Essex", "j-essex", 3, 3, 0, 0, 100},
                                             {"Nick Jeffreys", "n-jeffreys", 3, 3, 0, 0, 100},
                                             {"Racheal Sugars", "r-sugars", 3, 2, 0, 1, 66.7},
                                             {"Nigel Paterson/ Angela Harley", "n-paterson-a-harley", 3, 2, 0, 1, 66.7},
                                             {"Caroline Ryder", "c-ryder", 3, 3, 0, 0, 100},
                                             {"Craig Hickin", "c-hickin", 3, 2, 1, 0, 66.7},
                                             {"Kirsty Baker", "k-baker", 3, 3, 0, 0, 100},
                                             {"Chris Heeley", "c-heeley", 3, 2, 0, 1, 66.7},
                                             {"Mamps Gill", "m-gill", 3, 2, 0, 1, 66.7},
                                         });
    // The other bodies met in 2023: none of them is in this range.
    CHECK(rows_of(*view, "Cabinet").empty());
    // The last quarter alone.
    const auto q4 = summary(*samples.store, registry(), "2022-04-01", "2022-06-30");
    REQUIRE(q4);
    const auto rows = rows_of(*q4, board);
    CHECK(row_of(rows, "Paul Heathfield").number("Apologies") == 1);
    CHECK(row_of(rows, "Paul Heathfield").number("Expected") == 1);
    CHECK(row_of(rows, "Sharon Bolesworth").number("Absent") == 1);
    // A range with no meeting: the summary's headings, and no rows.
    const auto none = summary(*samples.store, registry(), "2030-01-01", {});
    REQUIRE(none);
    CHECK(none->rows.empty());
    CHECK(none->header_rows.size() == 1);
}

TEST_CASE("each attendance category counts in its column, and a substitute counts for the substitute, never for the member "
          "they replaced") {
    SampleStore samples(registry(), {{"categories-body.record.xml", test::categories_body_record()},
                                     {"categories-meeting.record.xml", test::categories_meeting_record()}});
    const auto view = summary(*samples.store);
    REQUIRE(view);
    const auto rows = rows_of(*view, test::categories_body_name());
    // The column each category counts in, besides Expected, and whether it is in Expected.
    struct Counted {
        const char* code;
        const char* column;  // nullptr: in no column but Expected
        int expected;
        std::optional<double> percent;
    };
    const Counted counted[] = {
        {"present", "Present", 1, 100.0},
        {"present-virtual", "Present virtually", 1, 100.0},
        // A substitute stood in for these two: they sent apologies, and attended nothing.
        {"substitute", "Apologies", 1, 0.0},
        {"substitute-virtual", "Apologies", 1, 0.0},
        {"apologies-substitute", "Apologies", 1, 0.0},
        {"deputy-sent", "Apologies", 1, 0.0},
        {"apologies", "Apologies", 1, 0.0},
        {"absent", "Absent", 1, 0.0},
        {"none", "Absent", 1, 0.0},  // no row for the member
        {"in-attendance", "In attendance", 1, 0.0},
        {"in-attendance-virtual", "In attendance virtually", 1, 0.0},
        // Not known yet, or not known at all: not in Expected, and no percentage.
        {"expected", "Not yet recorded", 0, std::nullopt},
        {"unknown", "Unknown", 0, std::nullopt},
    };
    const char* const columns[] = {"Present", "Present virtually", "Present as substitute", "In attendance", "In attendance virtually",
                                   "Apologies", "Absent", "Not yet recorded", "Unknown"};
    for (const auto& category : counted) {
        INFO(category.code);
        const auto& row = row_of(rows, test::category_member(category.code));
        CHECK(row.text("Person id") == test::category_person(category.code));
        CHECK(row.number("Expected") == category.expected);
        for (const char* column : columns) {
            INFO(column);
            CHECK(row.number(column) == (std::string(column) == category.column ? 1 : 0));
        }
        if (category.percent)
            CHECK(row.number("Attended %") == Approx(*category.percent));
        else
            CHECK(row.cells.at("Attended %").type == sdk::Cell::Type::empty);
    }
    // The substitutes, on no roster, each have a row of their own: present as substitute, in
    // person or virtually, at a meeting they were expected at once they agreed to stand in.
    for (const char* code : {"substitute", "substitute-virtual"}) {
        INFO(code);
        const auto& row = row_of(rows, std::string("Councillor Stand In ") + code);
        CHECK(row.text("Role") == "Not on the roster");
        CHECK(row.text("Person id").empty());
        CHECK(row.number("Expected") == 1);
        CHECK(row.number("Present as substitute") == 1);
        CHECK(row.number("Present") == 0);
        CHECK(row.number("Apologies") == 0);
        CHECK(row.number("Attended %") == Approx(100));
    }
    CHECK(row_of(rows, "Councillor Observer").number("Present") == 1);
    CHECK(row_of(rows, "Councillor present").text("Role") == "Chair");
    // The roster's fifteen and the two substitutes.
    CHECK(rows.size() == test::attendance_categories().size() + 1 + 2);
    CHECK_THAT(view->text_alternative, Contains("Councillor Stand In substitute, Categories Committee: attended 1 of 1 (100%), as a substitute 1.") &&
                                           Contains("Councillor substitute, Categories Committee: attended 0 of 1 (0%), apologies 1."));
}

TEST_CASE("a council that hides attendance percentages has none in the summary, and one that keeps the attendance table "
          "unpublished has no summary") {
    const auto hidden = make_registry(R"(<council-profile id="t" name="T"><organisation code="E1"/>
  <display name="attendance-percentages" value="hidden"/></council-profile>)");
    SampleStore quiet(*hidden);
    const auto view = summary(*quiet.store, *hidden);
    REQUIRE(view);
    CHECK(view->header_rows.at(0).back().text == "Unknown");
    for (const auto& row : view->rows) CHECK(row.size() == view->header_rows.at(0).size());
    CHECK_THAT(view->text_alternative, !Contains("%"));

    const auto unpublished = make_registry(R"(<council-profile id="t" name="T"><organisation code="E1"/>
  <unpublished form="attendance-meeting" path="attendance"/></council-profile>)");
    INFO(describe(unpublished->diagnostics()));
    SampleStore kept(*unpublished);
    CHECK_FALSE(summary(*kept.store, *unpublished));
}
