// Tables filled from the clipboard: tab-separated text as Excel and Word copy it, pasted
// all or nothing — rows grown up to max-rows, every cell checked as the validator checks
// it, a refusal naming the cell and leaving the record as it was.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/store/edit_session.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/table_paste.hpp>

#include <catch2/catch.hpp>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;
using Cells = std::vector<std::vector<std::string>>;

namespace {

// The report approval trail, from the real plugin: its sign-off table has date columns.
forms::FormDefinitionPtr approval_trail() {
    static forms::PluginHost host;
    static const auto registry = [] {
        host.load(forms::PluginSearchPath{{std::string(FORMWORK_DOMAIN_PLUGIN_DIR) + "/approvals.so"}});
        auto loaded = std::make_unique<forms::FormRegistry>();
        loaded->add_plugin_forms(host);
        return loaded;
    }();
    auto form = registry->find("approval-trail", 1);
    REQUIRE(form);
    return form;
}

std::string cell(const forms::Record& record, const char* table, std::size_t row, const char* column) {
    auto element = record.instance().child(table).child("row");
    for (std::size_t i = 1; i < row && element; ++i) element = element.next_sibling("row");
    return element.child(column).text().get();
}

std::size_t rows(const forms::Record& record, const char* table) {
    const auto t = record.instance().child(table);
    return static_cast<std::size_t>(std::distance(t.children("row").begin(), t.children("row").end()));
}

}  // namespace

TEST_CASE("tab-separated text is read as Excel writes it: quoted cells, CRLF, the last newline optional") {
    CHECK(forms::parse_tab_separated("").empty());
    CHECK(forms::parse_tab_separated("a\tb\r\nc\td\r\n") == Cells{{"a", "b"}, {"c", "d"}});
    CHECK(forms::parse_tab_separated("a\tb\nc\td") == Cells{{"a", "b"}, {"c", "d"}});
    CHECK(forms::parse_tab_separated("one\n") == Cells{{"one"}});
    CHECK(forms::parse_tab_separated("one\r\n\r\n") == Cells{{"one"}});  // a last empty row is dropped
    CHECK(forms::parse_tab_separated("a\t\tc\n") == Cells{{"a", "", "c"}});
    CHECK(forms::parse_tab_separated("a\t") == Cells{{"a", ""}});
    CHECK(forms::parse_tab_separated("\tb\n") == Cells{{"", "b"}});
    // A cell holding a line break, a tab or a quote is quoted, quotes doubled inside.
    CHECK(forms::parse_tab_separated("\"two\r\nlines\"\t\"say \"\"yes\"\"\"\r\n\"a\tb\"\tplain\r\n") ==
          Cells{{"two\nlines", "say \"yes\""}, {"a\tb", "plain"}});
    CHECK(forms::parse_tab_separated("\"\"\tx") == Cells{{"", "x"}});
    // A quote inside an unquoted cell is the cell's own; so is an opening quote never closed.
    CHECK(forms::parse_tab_separated("5\" pipe\tx") == Cells{{"5\" pipe", "x"}});
    CHECK(forms::parse_tab_separated("\"open\tx\n") == Cells{{"\"open", "x"}});
    // Excel keeps text that follows a closing quote.
    CHECK(forms::parse_tab_separated("\"a\"b\tc") == Cells{{"ab", "c"}});
}

TEST_CASE("a paste grows a repeating table and fills its cells") {
    const auto form = test::everything_form();
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    const auto pasted = forms::paste_table_cells(*form, record, "actions", 1, 0,
                                                 forms::parse_tab_separated("Consult\t\"March, \"\"or\"\" April\"\r\nPublish\tMay\r\n"));
    INFO(describe(pasted));
    CHECK(pasted.empty());
    CHECK(rows(record, "actions") == 2);
    CHECK(cell(record, "actions", 1, "action") == "Consult");
    CHECK(cell(record, "actions", 1, "by-when") == "March, \"or\" April");
    CHECK(cell(record, "actions", 2, "action") == "Publish");

    // A line break is for long text: a one-line column refuses it, as the validator would.
    const auto two_lines = forms::paste_table_cells(*form, record, "actions", 1, 1, forms::parse_tab_separated("\"two\r\nlines\""));
    REQUIRE(two_lines.size() == 1);
    CHECK(two_lines[0].path == "actions/row[1]/by-when");
    CHECK_THAT(two_lines[0].message, Contains("line break"));
    CHECK(cell(record, "actions", 1, "by-when") == "March, \"or\" April");
    REQUIRE(forms::paste_table_cells(*form, record, "impacts", 1, 1, forms::parse_tab_separated("\"two\r\nlines\"")).empty());
    CHECK(cell(record, "impacts", 1, "nature") == "two\nlines");

    // From the second column of row 2 on: the first column is left as it was.
    REQUIRE(forms::paste_table_cells(*form, record, "actions", 2, 1, {{"June"}, {"July"}}).empty());
    CHECK(rows(record, "actions") == 3);
    CHECK(cell(record, "actions", 2, "action") == "Publish");
    CHECK(cell(record, "actions", 2, "by-when") == "June");
    CHECK(cell(record, "actions", 3, "by-when") == "July");
    CHECK(cell(record, "actions", 3, "action").empty());
}

TEST_CASE("a paste past max-rows, or into columns the table has not, is refused and changes nothing") {
    const auto form = test::everything_form();
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    const auto before = test::record_text(record);

    const auto too_long = forms::paste_table_cells(*form, record, "actions", 1, 0, {{"a"}, {"b"}, {"c"}, {"d"}});
    REQUIRE(too_long.size() == 1);
    CHECK(too_long[0].path == "actions");
    CHECK_THAT(too_long[0].message, Contains("Actions") && Contains("at most 3 rows") && Contains("needs 4"));
    CHECK(forms::paste_table_cells(*form, record, "actions", 2, 0, {{"a"}, {"b"}, {"c"}}).size() == 1);
    CHECK(test::record_text(record) == before);

    const auto too_wide = forms::paste_table_cells(*form, record, "actions", 1, 1, {{"a", "b"}});
    REQUIRE(too_wide.size() == 1);
    CHECK_THAT(too_wide[0].message, Contains("2 columns") && Contains("only 1"));
    CHECK(forms::paste_table_cells(*form, record, "actions", 1, 2, {{"a"}}).size() == 1);
    CHECK(forms::paste_table_cells(*form, record, "no-table", 1, 0, {{"a"}}).size() == 1);
    CHECK(forms::paste_table_cells(*form, record, "title", 1, 0, {{"a"}}).size() == 1);
    CHECK(test::record_text(record) == before);

    // Exactly up to the limit is fine.
    CHECK(forms::paste_table_cells(*form, record, "actions", 1, 0, {{"a"}, {"b"}, {"c"}}).empty());
    CHECK(rows(record, "actions") == 3);
}

TEST_CASE("a fixed table keeps its rows, its choices are taken by code or by label") {
    const auto form = test::everything_form();
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    const auto before = test::record_text(record);
    const auto more = forms::paste_table_cells(*form, record, "impacts", 1, 0, {{"P"}, {"N"}, {"NI"}});
    REQUIRE(more.size() == 1);
    CHECK_THAT(more[0].message, Contains("2 fixed rows"));
    CHECK(test::record_text(record) == before);

    const auto pasted = forms::paste_table_cells(*form, record, "impacts", 1, 0,
                                                 forms::parse_tab_separated("Positive impact\t\r\nN\tFewer buses\r\n"));
    INFO(describe(pasted));
    REQUIRE(pasted.empty());
    CHECK(cell(record, "impacts", 1, "impact") == "P");
    CHECK(cell(record, "impacts", 2, "impact") == "N");
    CHECK(cell(record, "impacts", 2, "nature") == "Fewer buses");

    const auto unknown = forms::paste_table_cells(*form, record, "impacts", 2, 0, {{"Huge impact"}});
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].path == "impacts/row[@key='disability']/impact");
    CHECK_THAT(unknown[0].message, Contains("row 'Disability', Impact") && Contains("'Huge impact'"));
    CHECK(cell(record, "impacts", 2, "impact") == "N");
}

TEST_CASE("a bad date in a date column is refused with its cell and value, and the record is unchanged") {
    const auto form = approval_trail();
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    const auto before = test::record_text(record);
    // name, title, service area, role, role inferred, sent, received
    const auto text = "Lisa Lawson\tProgramme Delivery Manager\tAdult Services\tContributor\t\t2023-07-20\t2023-08-03\r\n"
                      "Barry Hastie\tChief Operating Officer\t-\tFinance\t\t31/02/2023\t2023-08-03\r\n"
                      "Julie Newman\tDirector of Law\t-\tlegal\t\t2023-07-21\t2023-02-30\r\n";
    const auto refused = forms::paste_table_cells(*form, record, "sign-offs", 1, 0, forms::parse_tab_separated(text));
    INFO(describe(refused));
    REQUIRE(refused.size() == 2);
    CHECK(refused[0].path == "sign-offs/row[2]/sent");
    CHECK_THAT(refused[0].message, Contains("'31/02/2023' is not a date") && Contains("row 2"));
    CHECK(refused[1].path == "sign-offs/row[3]/received");
    CHECK_THAT(refused[1].message, Contains("'2023-02-30'"));
    CHECK(test::record_text(record) == before);
    CHECK(rows(record, "sign-offs") == 1);

    // Corrected, it goes in whole: roles by label or code, the rows grown.
    const auto corrected = forms::paste_table_cells(
        *form, record, "sign-offs", 1, 0,
        forms::parse_tab_separated("Lisa Lawson\tProgramme Delivery Manager\tAdult Services\tContributor\t\t2023-07-20\t2023-08-03\r\n"
                                   "Barry Hastie\tChief Operating Officer\t-\tFinance\tTRUE\t2023-07-21\t2023-08-03\r\n"));
    INFO(describe(corrected));
    REQUIRE(corrected.empty());
    CHECK(rows(record, "sign-offs") == 2);
    CHECK(cell(record, "sign-offs", 1, "role") == "contributor");
    CHECK(cell(record, "sign-offs", 2, "role") == "finance");
    CHECK(cell(record, "sign-offs", 2, "role-inferred") == "true");
    CHECK(cell(record, "sign-offs", 2, "sent") == "2023-07-21");
}

TEST_CASE("a character XML forbids is refused with its cell, and nothing is pasted") {
    const auto form = test::everything_form();
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE_FALSE(forms::set_value(*form, record, "actions/row[1]/action", "Kept"));
    const auto before = test::record_text(record);
    const auto refused =
        forms::paste_table_cells(*form, record, "actions", 1, 0, {{"Fine", "also fine"}, {std::string("Bell\x07"), "x"}});
    INFO(describe(refused));
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].path == "actions/row[2]/action");
    CHECK_THAT(refused[0].message, Contains("row 2, Action"));
    CHECK(test::record_text(record) == before);
    // Bytes that are not UTF-8, likewise.
    CHECK(forms::paste_table_cells(*form, record, "actions", 1, 0, {{std::string("caf\xE9")}}).size() == 1);
    CHECK(test::record_text(record) == before);
}

TEST_CASE("a row is removed from a repeating table, never below min-rows nor from a fixed table") {
    const auto form = test::everything_form();
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE(forms::paste_table_cells(*form, record, "actions", 1, 0, {{"one"}, {"two"}, {"three"}}).empty());
    CHECK_FALSE(forms::remove_row(*form, record, "actions", 2));
    CHECK(rows(record, "actions") == 2);
    CHECK(cell(record, "actions", 2, "action") == "three");
    CHECK(forms::remove_row(*form, record, "actions", 3));
    CHECK(forms::remove_row(*form, record, "actions", 0));
    CHECK(forms::remove_row(*form, record, "impacts", 1));
    CHECK_FALSE(forms::remove_row(*form, record, "actions", 1));
    const auto last = forms::remove_row(*form, record, "actions", 1);
    REQUIRE(last);
    CHECK_THAT(last->message, Contains("at least 1 row"));
    CHECK(rows(record, "actions") == 1);
}

TEST_CASE("a paste in an editing session is one edit, checked at once, or nothing at all") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    const auto store = test::make_test_store(folder.path());
    auto session = forms::EditSession::create(*store, form, "clerk");
    CHECK(test::has_diagnostic(session.diagnostics(), "actions/row[1]/action", "required"));

    const auto refused = session.paste("actions", 1, 0, "a\nb\nc\nd\n");
    CHECK(forms::has_errors(refused));
    CHECK_FALSE(session.dirty());
    CHECK(session.row_count("actions") == 1);

    const auto pasted = session.paste("actions", 1, 0, "Consult\tMarch\nPublish\tMay\n");
    INFO(describe(pasted));
    CHECK(pasted.empty());
    CHECK(session.dirty());
    CHECK(session.row_count("actions") == 2);
    CHECK(session.value("action-count") == "2");
    CHECK_FALSE(test::has_diagnostic(session.diagnostics(), "actions/row[1]/action", "required"));
    CHECK(session.save().kind == forms::SaveOutcome::Kind::saved);
    CHECK(std::string(store->load(session.id())->instance().child("actions").last_child().child("action").text().get()) ==
          "Publish");
}
