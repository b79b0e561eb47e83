// Blocks pasted with their header row, as Word and Excel copy a table: columns found by label
// or <alias>, section rows ("Contributors:") setting a choice for the rows under them, rows
// repeating a person flagged, and refusals naming the cell in the block and in the table.
#include "form_fixtures.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/definition_loader.hpp>
#include <formwork/model/table_paste.hpp>
#include <formwork/model/validator.hpp>

#include "domain_plugins.hpp"
#include "text_markup.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;

namespace {

// The report approval trail, from the real plugin, loaded as the other engine tests load it.
forms::FormDefinitionPtr approval_trail() {
    static const auto registry = test::make_registry(test::domain_plugins({"approvals.so"}));
    auto form = registry->find("approval-trail", 1);
    REQUIRE(form);
    return form;
}

std::string cell(const forms::Record& record, std::size_t row, const char* column) {
    auto element = record.instance().child("sign-offs").child("row");
    for (std::size_t i = 1; i < row && element; ++i) element = element.next_sibling("row");
    return element.child(column).text().get();
}

std::size_t rows(const forms::Record& record) {
    const auto t = record.instance().child("sign-offs");
    return static_cast<std::size_t>(std::distance(t.children("row").begin(), t.children("row").end()));
}

// A seed report's sign-off table as Word puts it on the clipboard: the table's rows from its
// header row on, tab-separated, CRLF, plain text (the fixtures keep Word's bold as <b>).
// "2023-MM-DD", as the store keeps a date.
bool iso_date_in_2023(const std::string& text) {
    if (text.size() != 10 || text.rfind("2023-", 0) != 0 || text[7] != '-') return false;
    for (const std::size_t at : {5u, 6u, 8u, 9u})
        if (text[at] < '0' || text[at] > '9') return false;
    return true;
}

std::string word_clipboard(const std::string& report) {
    std::ifstream in(std::string(FORMWORK_WORD_TRAILS_DIR) + "/" + report + ".txt");
    REQUIRE(in);
    std::string line, out;
    bool in_table = false;
    while (std::getline(in, line)) {
        line = formwork::test::strip_markup(line);
        if (line.rfind("Contributor/", 0) == 0) in_table = true;
        if (line.rfind("This report is published", 0) == 0) break;
        if (in_table) out += line + "\r\n";
    }
    return out;
}

forms::DefinitionLoad load(const std::string& text) { return forms::load_form_definition(text, "alias.form.xml"); }

bool has_error(const forms::DefinitionLoad& loaded, int line, const std::string& words) {
    for (const auto& d : loaded.diagnostics)
        if (d.severity == forms::Severity::error && d.file == "alias.form.xml" && d.line == line &&
            d.message.find(words) != std::string::npos)
            return true;
    return false;
}

}  // namespace

TEST_CASE("<alias> children of a table's columns and of choice options load, anywhere else they are refused") {
    const auto loaded = load(R"(<form id="f" version="1" title="F">
  <choices id="kind">
    <option code="a">Approver
      <alias>Names of approvers</alias>
    </option>
    <option code="c">Contributor</option>
  </choices>
  <table id="t" repeat="true">
    <field id="name" type="text" label="Name" row-key="true"><alias>Contributor/ approver name</alias><alias>Who</alias></field>
    <field id="kind" type="choice" list="kind" label="Kind"/>
  </table>
</form>)");
    INFO(describe(loaded.diagnostics));
    REQUIRE(loaded.form);
    const auto& table = loaded.form->items.at(0);
    CHECK(table.children.at(0).aliases == std::vector<std::string>{"Contributor/ approver name", "Who"});
    CHECK(table.children.at(0).row_key);
    CHECK_FALSE(table.children.at(1).row_key);
    const auto* list = loaded.form->list("kind");
    REQUIRE(list);
    CHECK(list->options.at(0).label == "Approver");
    CHECK(list->options.at(0).aliases == std::vector<std::string>{"Names of approvers"});
    CHECK(list->options.at(1).aliases.empty());

    const auto outside = load(R"(<form id="f" version="1" title="F">
  <field id="name" type="text" label="Name">
    <alias>Who</alias>
  </field>
</form>)");
    INFO(describe(outside.diagnostics));
    CHECK_FALSE(outside.form);
    CHECK(has_error(outside, 3, "<alias> is for the columns of a table") );
    CHECK(has_error(outside, 3, "field 'name' is not in a table"));

    const auto in_table = load(R"(<form id="f" version="1" title="F">
  <table id="t" repeat="true">
    <alias>Who</alias>
    <field id="name" type="text" label="Name"><alias></alias></field>
  </table>
  <alias>Top</alias>
  <field id="x" type="text" label="X" row-key="true"/>
</form>)");
    INFO(describe(in_table.diagnostics));
    CHECK_FALSE(in_table.form);
    CHECK(has_error(in_table, 3, "<alias> belongs inside a column"));
    CHECK(has_error(in_table, 4, "is empty"));
    CHECK(has_error(in_table, 6, "<alias> is for the columns of a table"));
    CHECK(has_error(in_table, 7, "row-key is for the columns of a repeating table"));
}

TEST_CASE("headings are compared without case, spacing, markup or a closing colon") {
    CHECK(forms::heading_key("<b>Contributor/ approver name</b>") == "contributor/approver name");
    CHECK(forms::heading_key("  Service   Area ") == "service area");
    CHECK(forms::heading_key("Contributors:") == "contributors");
    CHECK(forms::heading_key("Date\xC2\xA0" "doc sent out") == "date doc sent out");
    CHECK(forms::heading_key("a < b") == "a < b");  // a '<' that opens no tag is text
}

TEST_CASE("each seed's Word sign-off table, pasted with its header row, fills name, title, service area, role and ISO dates") {
    const auto form = approval_trail();
    struct Seed {
        const char* report;
        std::size_t rows;
    };
    for (const auto& seed : {Seed{"adult-social-care-2023", 12}, Seed{"youth-justice-plan-2023", 7}, Seed{"devolution-deal-2023", 16}}) {
        INFO(seed.report);
        auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
        const auto pasted = forms::paste_table_cells(*form, record, "sign-offs", 1, 0,
                                                     forms::parse_tab_separated(word_clipboard(seed.report)));
        INFO(describe(pasted));
        REQUIRE(pasted.empty());
        REQUIRE(rows(record) == seed.rows);
        for (std::size_t row = 1; row <= seed.rows; ++row) {
            INFO("row " << row);
            CHECK_FALSE(cell(record, row, "name").empty());
            CHECK_FALSE(cell(record, row, "title").empty());
            CHECK_FALSE(cell(record, row, "role").empty());
            CHECK(cell(record, row, "name").find("approvers") == std::string::npos);  // no section row as a person
            CHECK(iso_date_in_2023(cell(record, row, "sent")));
            CHECK(iso_date_in_2023(cell(record, row, "received")));
        }
    }

    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE(forms::paste_table_cells(*form, record, "sign-offs", 1, 0,
                                     forms::parse_tab_separated(word_clipboard("adult-social-care-2023")))
                .empty());
    CHECK(cell(record, 1, "name") == "Lisa Lawson");
    CHECK(cell(record, 1, "service-area") == "Adult Services and Housing");
    CHECK(cell(record, 1, "role") == "contributor");
    CHECK(cell(record, 1, "sent") == "2023-08-03");
    CHECK(cell(record, 9, "name") == "Pete Fahy");
    CHECK(cell(record, 9, "role") == "approver");  // "Names of approvers for submission:" and no role of its own
    CHECK(cell(record, 12, "received") == "2023-08-31");

    record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE(forms::paste_table_cells(*form, record, "sign-offs", 1, 0,
                                     forms::parse_tab_separated(word_clipboard("devolution-deal-2023")))
                .empty());
    CHECK(cell(record, 1, "sent") == "2023-09-14");
    CHECK(cell(record, 1, "received") == "2023-10-03");
    CHECK(cell(record, 13, "name") == "Phil Helm");  // "Finance: Phil Helm": the prefix gives the role
    CHECK(cell(record, 13, "role") == "finance");
    CHECK(cell(record, 14, "role") == "legal");
    CHECK(cell(record, 15, "role") == "director");
    CHECK(cell(record, 16, "role") == "members");

    record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE(forms::paste_table_cells(*form, record, "sign-offs", 1, 0,
                                     forms::parse_tab_separated(word_clipboard("youth-justice-plan-2023")))
                .empty());
    CHECK(cell(record, 1, "sent") == "2023-09-05");
    CHECK(cell(record, 4, "received") == "2023-09-09");
}

TEST_CASE("a header row maps columns in any order, without one the block goes in grid order") {
    const auto form = approval_trail();
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    const auto pasted = forms::paste_table_cells(
        *form, record, "sign-offs", 1, 3,  // the cursor's column does not matter with a header
        forms::parse_tab_separated("DATE DOC SENT OUT\tRole\tname\r\n5/9/23\tLegal\tJulie Newman\r\n"));
    INFO(describe(pasted));
    REQUIRE(pasted.empty());
    CHECK(cell(record, 1, "name") == "Julie Newman");
    CHECK(cell(record, 1, "role") == "legal");
    CHECK(cell(record, 1, "sent") == "2023-09-05");

    // One heading alone is not a header row: "Title" could be someone's text.
    record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE(forms::paste_table_cells(*form, record, "sign-offs", 1, 1, forms::parse_tab_separated("Title\tFinance\r\n")).empty());
    CHECK(cell(record, 1, "title") == "Title");
    CHECK(cell(record, 1, "service-area") == "Finance");
    // One column of cells is values: "Finance" pasted into the names is a name, not a section row.
    REQUIRE(forms::paste_table_cells(*form, record, "sign-offs", 1, 0, forms::parse_tab_separated("Finance\r\nLegal: Ann\r\n")).empty());
    CHECK(cell(record, 1, "name") == "Finance");
    CHECK(cell(record, 2, "name") == "Legal: Ann");
    CHECK(cell(record, 2, "role").empty());
}

TEST_CASE("a pasted block that cannot be placed is refused whole, naming the cell in the block and in the table") {
    const auto form = approval_trail();
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    const auto before = test::record_text(record);
    const auto refused = forms::paste_table_cells(
        *form, record, "sign-offs", 1, 0,
        forms::parse_tab_separated("Contributor/approver name\tTitle\tDate doc sent out\r\nContributors:\t\t\r\n"
                                   "Lisa Lawson\tManager\t03.08.2023\r\nEwan Dewar\tHead of Finance\t31/02/2023\r\n"));
    INFO(describe(refused));
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].path == "sign-offs/row[2]/sent");
    CHECK_THAT(refused[0].message, Contains("row 4 of the pasted block, column 'Date doc sent out'") &&
                                       Contains("row 2, Date document sent out") && Contains("'31/02/2023' is not a date") &&
                                       Contains("nothing was pasted"));
    CHECK(test::record_text(record) == before);

    // A heading that names no column, with text under it.
    const auto unknown = forms::paste_table_cells(
        *form, record, "sign-offs", 1, 0,
        forms::parse_tab_separated("Name\tTitle\tPhone\r\nLisa Lawson\tManager\t024 7683 3333\r\n"));
    INFO(describe(unknown));
    REQUIRE(unknown.size() == 1);
    CHECK_THAT(unknown[0].message, Contains("column 'Phone' matches no column of Contributors and approvers") &&
                                       Contains("row 2 of the block has '024 7683 3333'"));
    CHECK(test::record_text(record) == before);
    // Empty under it, it is left out.
    CHECK(forms::paste_table_cells(*form, record, "sign-offs", 1, 0,
                                   forms::parse_tab_separated("Name\tTitle\tPhone\r\nLisa Lawson\tManager\t\r\n"))
              .empty());
    CHECK(cell(record, 1, "name") == "Lisa Lawson");
}

TEST_CASE("a row repeating a person already in the table is flagged, not refused") {
    const auto form = approval_trail();
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    const auto text = "Name\tTitle\tRole\r\nMichele Salmon\tGovernance Services Officer\tContributor\r\n"
                      "Ewan Dewar\tHead of Finance\tFinance\r\nmichele  salmon\tGovernance\tcontributor\r\n"
                      "Ewan Dewar\tHead of Finance\tContributor\r\n";
    REQUIRE(forms::paste_table_cells(*form, record, "sign-offs", 1, 0, forms::parse_tab_separated(text)).empty());
    std::vector<forms::Diagnostic> repeated;
    for (const auto& d : forms::validate_record(*form, record, {}))
        if (d.rule == "repeated-row") repeated.push_back(d);
    INFO(describe(repeated));
    REQUIRE(repeated.size() == 1);  // Ewan Dewar as Finance and as a contributor are two sign-offs
    CHECK(repeated[0].severity == forms::Severity::warning);
    CHECK(repeated[0].path == "sign-offs/row[3]/name");
    CHECK(repeated[0].message == "michele  salmon (Contributor) is already in row 1 of Contributors and approvers for submission");
}
