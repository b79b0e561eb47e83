// A workbook's print setup, read from the package's own parts: every visible sheet prints
// landscape on A4, one page wide, its heading rows on every page, its print area the cells
// written, under a header with its title, the council and the day of the export and over a
// "Page N of M" footer; text wraps and every cell sits at the top of its row. The hidden
// Lists sheet has no page setup. (tests/cli/workbook_print_test.sh prints the samples.)
#include "form_fixtures.hpp"
#include "reader_output.hpp"
#include "temp_folder.hpp"

#include "../../exporters/xlsx/workbook_exporter.hpp"
#include "../../exporters/xlsx/xlsx_workbook.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/model/council_profile.hpp>
#include <formwork/model/date_format.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/export_source.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <map>
#include <string>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

std::string read_part(const std::filesystem::path& file, const std::string& part) {
    return test::command_output("/usr/bin/python3 " + test::shell_quoted(FORMWORK_READ_WORKBOOK) + " part " +
                                test::shell_quoted(file.string()) + " " + test::shell_quoted(part));
}

pugi::xml_document parsed(const std::string& xml) {
    pugi::xml_document document;
    INFO(xml.substr(0, 400));
    REQUIRE(document.load_string(xml.c_str()));
    return document;
}

struct PrintSetup {
    std::string orientation, paper, fit_to_width, fit_to_height, first_page;
    bool fit_to_page = false;
    std::string header, footer;
    int frozen_rows = 0;
};

PrintSetup print_setup(const std::filesystem::path& file, int sheet) {
    const auto xml = parsed(read_part(file, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml"));
    const auto root = xml.child("worksheet");
    PrintSetup setup;
    setup.fit_to_page = root.child("sheetPr").child("pageSetUpPr").attribute("fitToPage").as_bool();
    const auto page = root.child("pageSetup");
    setup.orientation = page.attribute("orientation").value();
    setup.paper = page.attribute("paperSize").value();
    // Excel's defaults, which libxlsxwriter leaves out: one page across, and so down.
    setup.fit_to_width = page.attribute("fitToWidth") ? page.attribute("fitToWidth").value() : "1";
    setup.fit_to_height = page.attribute("fitToHeight") ? page.attribute("fitToHeight").value() : "1";
    setup.first_page = page.attribute("firstPageNumber").value();
    setup.header = root.child("headerFooter").child_value("oddHeader");
    setup.footer = root.child("headerFooter").child_value("oddFooter");
    setup.frozen_rows = root.child("sheetViews").child("sheetView").child("pane").attribute("ySplit").as_int(0);
    return setup;
}

// _xlnm.Print_Area and _xlnm.Print_Titles, by name and then the sheet's position from 0.
std::map<std::string, std::map<int, std::string>> defined_names(const std::filesystem::path& file) {
    const auto xml = parsed(read_part(file, "xl/workbook.xml"));
    std::map<std::string, std::map<int, std::string>> names;
    for (const auto name : xml.child("workbook").child("definedNames").children("definedName"))
        names[name.attribute("name").value()][name.attribute("localSheetId").as_int(-1)] = name.text().get();
    return names;
}

std::vector<std::string> sheet_states(const std::filesystem::path& file) {
    const auto xml = parsed(read_part(file, "xl/workbook.xml"));
    std::vector<std::string> states;
    for (const auto sheet : xml.child("workbook").child("sheets").children("sheet"))
        states.push_back(sheet.attribute("state") ? sheet.attribute("state").value() : "visible");
    return states;
}

struct Alignment {
    std::string vertical;
    bool wrapped = false;
};

// How a cell is aligned: its style's <alignment> in styles.xml.
Alignment alignment_of(const std::filesystem::path& file, int sheet, const std::string& cell) {
    const auto xml = parsed(read_part(file, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml"));
    const auto found = xml.select_node(("//*[local-name()='c'][@r='" + cell + "']").c_str()).node();
    INFO("no cell " << cell << " in sheet " << sheet);
    REQUIRE(found);
    const auto styles = parsed(read_part(file, "xl/styles.xml"));
    int index = found.attribute("s").as_int(0);
    for (const auto xf : styles.child("styleSheet").child("cellXfs").children("xf"))
        if (index-- == 0)
            return {xf.child("alignment").attribute("vertical").value(), xf.child("alignment").attribute("wrapText").as_bool()};
    FAIL("no style " << found.attribute("s").value());
    return {};
}

const char* const consultation_form = R"(<?xml version="1.0" encoding="UTF-8"?>
<form id="consultation" version="1" title="Consultation">
  <choices id="wards">
    <option code="w01">Abbey, Castle and Hill ward</option>
    <option code="w02">Bridge ward</option>
  </choices>
  <field id="subject" type="text" label="Subject"/>
  <field id="ward" type="choice" list="wards" label="Ward"/>
  <field id="findings" type="text" label="What the consultation found"/>
  <field id="held" type="date" label="Held on"/>
  <table id="responses" label="Responses" repeat="true">
    <field id="respondent" type="text" label="Respondent"/>
    <field id="response" type="text" label="Response"/>
  </table>
</form>
)";

}  // namespace

TEST_CASE("every visible sheet prints landscape, one page wide, its heading on every page, under its title and the "
          "council") {
    test::TempFolder folder;
    const auto out = folder.path() / "print.xlsx";
    {
        exporters::XlsxWorkbook workbook(out, folder.path(), out.string());
        workbook.set_print_heading("Coventry & Warwick Council", "07/12/2026");
        auto& records = workbook.add_sheet("Records");
        records.text(0, 0, "Subject", "header");
        records.text(0, 1, "Findings", "header");
        records.freeze(1, 0);
        records.text(1, 0, "Libraries");
        records.text(1, 1, "First paragraph.\n\nSecond paragraph.\n\nThird and last paragraph.");
        records.number(2, 0, 3);
        records.text(3, 3, "the widest row");  // the print area reaches the last column written
        auto& view = workbook.add_sheet("Matrix");
        view.set_title("Impact matrix by characteristic");
        view.merge(0, 0, 2, "Impact", "header");
        view.text(1, 0, "Characteristic", "header");
        view.text(1, 2, "Negative", "header");
        view.freeze(2, 0);
        view.number(2, 2, 1);
        auto& lists = workbook.add_sheet("Lists");
        lists.text(0, 0, "wards", "header");
        lists.freeze(1, 0);
        lists.text(1, 0, "Bridge ward");
        lists.hide();
        workbook.close();
    }

    for (const int sheet : {1, 2}) {
        INFO("sheet " << sheet);
        const auto setup = print_setup(out, sheet);
        CHECK(setup.orientation == "landscape");
        CHECK(setup.paper == "9");  // A4
        CHECK(setup.fit_to_page);
        CHECK(setup.fit_to_width == "1");
        CHECK(setup.fit_to_height == "0");
        CHECK(setup.footer == "&CPage &P of &N");
    }
    CHECK(print_setup(out, 1).header == "&LCoventry && Warwick Council&C&BRecords&B&RExported 07/12/2026");
    CHECK(print_setup(out, 2).header ==
          "&LCoventry && Warwick Council&C&BImpact matrix by characteristic&B&RExported 07/12/2026");

    const auto names = defined_names(out);
    CHECK(names.at("_xlnm.Print_Titles").at(0) == "Records!$1:$1");
    CHECK(names.at("_xlnm.Print_Titles").at(1) == "Matrix!$1:$2");
    CHECK(names.at("_xlnm.Print_Area").at(0) == "Records!$A$1:$D$4");
    CHECK(names.at("_xlnm.Print_Area").at(1) == "Matrix!$A$1:$C$3");

    // The hidden Lists sheet is never printed: no page setup, no header, no print names.
    CHECK(sheet_states(out) == std::vector<std::string>{"visible", "visible", "hidden"});
    const auto lists = print_setup(out, 3);
    CHECK(lists.orientation.empty());
    CHECK_FALSE(lists.fit_to_page);
    CHECK(lists.header.empty());
    CHECK(names.at("_xlnm.Print_Titles").count(2) == 0);
    CHECK(names.at("_xlnm.Print_Area").count(2) == 0);

    // Text wraps, so every paragraph prints; every cell, numbers too, sits at the top of its row.
    CHECK(alignment_of(out, 1, "B2").wrapped);
    CHECK(alignment_of(out, 1, "B2").vertical == "top");
    CHECK(alignment_of(out, 1, "A1").wrapped);
    CHECK(alignment_of(out, 1, "A3").vertical == "top");
    CHECK_FALSE(alignment_of(out, 1, "A3").wrapped);
    CHECK(alignment_of(out, 2, "A1").wrapped);  // a merged heading

    // Nothing grows a row to fit its wrapped text on opening: the row is as tall as its lines.
    const auto rows = parsed(read_part(out, "xl/worksheets/sheet1.xml"));
    const auto height = [&](int row) {
        return std::string(rows.child("worksheet").child("sheetData").find_child_by_attribute("row", "r", std::to_string(row).c_str())
                               .attribute("ht").value());
    };
    CHECK(height(2) == "75");  // five lines: three paragraphs and the blank lines between them
    CHECK(height(3).empty());
}

TEST_CASE("a long title and council are cut to fit the header's 255 characters, and a sheet without a heading "
          "repeats no rows") {
    test::TempFolder folder;
    const auto out = folder.path() / "long.xlsx";
    {
        exporters::XlsxWorkbook workbook(out, folder.path(), out.string());
        workbook.set_print_heading(std::string(300, '&'), "7 December 2026");
        auto& sheet = workbook.add_sheet("Long");
        sheet.set_title("Line one\nLine two " + std::string(150, 'x'));
        sheet.text(0, 0, "no heading row");
        workbook.close();
    }
    const auto header = print_setup(out, 1).header;
    CHECK(header.size() < 255 * 3);
    CHECK_THAT(header, Contains("&&\xE2\x80\xA6&C&B"));  // the council, cut after a whole "&&"
    CHECK_THAT(header, Contains("&C&BLine one Line two xxx"));  // a line break would start a new line
    CHECK_THAT(header, Contains("xxx\xE2\x80\xA6&B&RExported 7 December 2026"));
    CHECK(defined_names(out).count("_xlnm.Print_Titles") == 0);
    CHECK(defined_names(out).at("_xlnm.Print_Area").at(0) == "Long!$A$1");
}

TEST_CASE("a workbook export sets up every sheet but the hidden Lists for print, headed with the profile's council "
          "and today's date as the profile writes dates") {
    test::TempFolder folder;
    forms::Diagnostics problems;
    auto profile = forms::parse_council_profile(
        "<council-profile id='c' name='C'><organisation code='E08000026' name='Coventry City Council'/>"
        "<display name='date-format' value='d MMM yyyy'/></council-profile>",
        "c.xml", problems);
    INFO(test::describe(problems));
    REQUIRE(profile);
    forms::FormRegistry registry(std::move(profile));
    REQUIRE(registry.add_definition(consultation_form, "consultation.form.xml"));
    const auto form = registry.latest("consultation");
    REQUIRE(form);
    auto store = forms::open_sqlite_store({folder.path() / "store.db"});
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE(forms::add_row(*form, record, "responses"));
    for (const auto& [path, value] :
         std::vector<std::pair<std::string, std::string>>{{"subject", "Library hours"},
                                                          {"ward", "w01"},
                                                          {"findings", "Most asked for later hours.\n\nSome asked for "
                                                                       "Sunday opening."},
                                                          {"held", "2023-10-01"},
                                                          {"responses/row[1]/respondent", "A resident"},
                                                          {"responses/row[1]/response", "Open later."}}) {
        const auto problem = forms::set_value(*form, record, path, value);
        INFO(path);
        REQUIRE_FALSE(problem);
    }
    store->create(*form, record, "clerk");

    const auto out = folder.path() / "export.xlsx";
    exporters::SilentProgress silent;
    exporters::ExportDataset dataset{*store, registry, "clerk"};
    sdk::ExportOptions options;
    options.layout = "sheet-per-table";
    exporters::WorkbookExporter().run(dataset, options, out, silent);

    const auto states = sheet_states(out);
    REQUIRE(states.size() >= 3);  // the records, the table, the Fields sheet... and Lists
    REQUIRE(states.back() == "hidden");  // the wards list has a comma: it drops down from Lists
    const auto today = forms::format_date(forms::today_iso_date(), "d MMM yyyy");
    const auto names = defined_names(out);
    for (int sheet = 1; sheet <= static_cast<int>(states.size()); ++sheet) {
        INFO("sheet " << sheet);
        const auto setup = print_setup(out, sheet);
        if (states[static_cast<std::size_t>(sheet - 1)] == "hidden") {
            CHECK(setup.orientation.empty());
            CHECK(setup.header.empty());
            CHECK(names.at("_xlnm.Print_Area").count(sheet - 1) == 0);
            continue;
        }
        CHECK(setup.orientation == "landscape");
        CHECK(setup.fit_to_page);
        CHECK(setup.fit_to_width == "1");
        CHECK(setup.fit_to_height == "0");
        CHECK_THAT(setup.header, Contains("&LCoventry City Council&C&B"));
        CHECK_THAT(setup.header, Contains("&B&RExported " + today));
        CHECK(setup.footer == "&CPage &P of &N");
        // A sheet's frozen heading rows repeat (a Summary of several sections has none).
        if (setup.frozen_rows > 0)
            CHECK_THAT(names.at("_xlnm.Print_Titles").at(sheet - 1), Contains("!$1:$" + std::to_string(setup.frozen_rows)));
        else
            CHECK(names.at("_xlnm.Print_Titles").count(sheet - 1) == 0);
        CHECK_THAT(names.at("_xlnm.Print_Area").at(sheet - 1), Contains("!$A$1:$"));
    }
}
