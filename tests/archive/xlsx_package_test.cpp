// The xlsx reader: workbooks written fresh by make_workbooks.py (openpyxl, by hand with zipfile,
// and one re-saved by LibreOffice), read back cell by cell; malformed parts refused naming their
// part and cell.
#include <formwork/archive/xlsx_package.hpp>

#include "temp_folder.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

using formwork::archive::ArchiveError;
using formwork::archive::CellType;
using formwork::archive::GuardedArchive;
using formwork::archive::serial_to_iso_date;
using formwork::archive::XlsxCell;
using formwork::archive::XlsxPackage;
using formwork::archive::XlsxSheetCells;

namespace {

void run(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

// The workbooks of make_workbooks.py, written once for the whole run.
const std::filesystem::path& workbooks() {
    static const formwork::test::TempFolder folder;
    static const bool made = [] {
        run(std::string("/usr/bin/python3 '") + FORMWORK_MAKE_WORKBOOKS + "' '" + folder.path().string() + "'");
        return true;
    }();
    (void)made;
    return folder.path();
}

std::filesystem::path workbook(const std::string& name) { return workbooks() / name; }

// Column B of a two-column sheet, by the label in column A.
std::map<std::string, XlsxCell> labelled(const XlsxSheetCells& cells) {
    std::map<std::string, XlsxCell> by_label;
    for (const auto& row : cells.rows) {
        REQUIRE(row.front().column == 0);
        REQUIRE(row.front().type == CellType::text);
        REQUIRE(row.size() == 2);
        by_label[row.front().text] = row.back();
    }
    return by_label;
}

void check_date(const XlsxCell& cell, const std::string& iso, bool date1904 = false) {
    CAPTURE(cell.text, iso);
    CHECK(cell.type == CellType::number);
    CHECK(cell.date);
    CHECK_FALSE(cell.time);
    CHECK(serial_to_iso_date(cell.number, date1904) == iso);
}

// values.xlsx as openpyxl wrote it, or as LibreOffice re-saved it: the same values, and dates
// still dates (LibreOffice rewrites every number format as a custom one in styles.xml).
void check_values(XlsxPackage& package, bool libreoffice) {
    REQUIRE(package.sheets().size() == 3);
    CHECK(package.sheets()[0].name == "Values");
    CHECK(package.sheets()[0].state == "visible");
    CHECK(package.sheets()[1].name == "Hidden");
    CHECK(package.sheets()[1].state == "hidden");
    CHECK(package.sheets()[2].name == "O'Brien – café");
    CHECK_FALSE(package.date1904());
    CHECK(package.defined_names() == std::map<std::string, std::string>{{"formwork_records", "Values!$A$1:$B$18"}});

    const auto cells = package.read_sheet(*package.sheet("Values"));
    CHECK(cells.name == "Values");
    CHECK(cells.rows.size() == 18);
    auto values = labelled(cells);

    CHECK(values["text"].type == CellType::text);
    CHECK(values["text"].text == "plain text");
    CHECK(values["number"].type == CellType::number);
    CHECK(values["number"].number == 3.25);
    CHECK_FALSE(values["number"].date);
    CHECK(values["integer"].number == -17);
    CHECK(values["integer"].text == "-17");
    // Both writers round a number past 2^53 to 15-17 digits; its text is kept as written.
    CHECK(std::abs(values["big integer"].number - 12345678901234567890.0) < 1e6);
    CHECK(values["big integer"].text == (libreoffice ? "1.23456789012346E+019" : "1.234567890123457e+19"));
    CHECK(values["true"].type == CellType::boolean);
    CHECK(values["true"].number == 1);
    CHECK(values["false"].type == CellType::boolean);
    CHECK(values["false"].number == 0);
    // LibreOffice writes a boolean, and an error, as a formula that gives it.
    CHECK(values["true"].formula == libreoffice);
    if (libreoffice) CHECK(values["true"].formula_text == "TRUE()");
    CHECK(values["error"].type == CellType::error);
    CHECK(values["error"].text == "#N/A");

    // openpyxl writes a formula with no cached value; LibreOffice computes it.
    const auto& formula = values["formula"];
    CHECK(formula.formula);
    CHECK(formula.formula_text == "1+2");
    if (libreoffice) {
        CHECK(formula.type == CellType::number);
        CHECK(formula.number == 3);
    } else {
        CHECK(formula.type == CellType::empty);
    }

    check_date(values["date builtin 14"], "2024-03-15");
    check_date(values["date dd/mm/yyyy"], "2024-03-16");
    check_date(values["date d mmm yyyy"], "2024-03-17");
    check_date(values["date locale"], "2024-03-18");
    check_date(values["date default"], "1900-02-28");
    CHECK(values["date default"].number == 59);
    check_date(values["date after phantom"], "1900-03-01");
    CHECK(values["date after phantom"].number == 61);

    const auto& time = values["time"];
    CHECK(time.type == CellType::number);
    CHECK(time.time);
    CHECK_FALSE(time.date);
    CHECK(time.number == 0.5625);

    const auto& datetime = values["datetime"];
    CHECK(datetime.date);
    CHECK(datetime.time);
    CHECK(datetime.number == 45366.40625);
    CHECK(serial_to_iso_date(datetime.number, false) == std::nullopt);
    CHECK(serial_to_iso_date(datetime.number, false, true) == "2024-03-15");

    CHECK_FALSE(values["decimal 0.00"].date);
    CHECK_FALSE(values["decimal 0.00"].time);
    CHECK_FALSE(values["scientific"].date);
    CHECK_FALSE(values["scientific"].time);

    const auto hidden = package.read_sheet(package.sheets()[1]);
    REQUIRE(hidden.find(0, 0));
    CHECK(hidden.find(0, 0)->text == "kept out of sight");
    const auto odd = package.read_sheet(package.sheets()[2]);
    REQUIRE(odd.find(0, 0));
    CHECK(odd.find(0, 0)->text == "Ünïcödé");
}

// The problem an ArchiveError gives for `file`, read through to every sheet.
ArchiveError refusal(const std::string& file) {
    try {
        auto package = XlsxPackage::open(workbook(file));
        for (const auto& sheet : package.sheets()) (void)package.read_sheet(sheet);
    } catch (const ArchiveError& error) {
        return error;
    }
    FAIL(file << " was read");
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("xlsx: a workbook openpyxl wrote reads back value by value, with dates by their formats", "[archive][xlsx]") {
    auto package = XlsxPackage::open(workbook("values.xlsx"));
    check_values(package, false);
}

TEST_CASE("xlsx: the same workbook re-saved by LibreOffice gives the same values, dates still dates", "[archive][xlsx][libreoffice]") {
    run(std::string("/usr/bin/python3 '") + FORMWORK_MAKE_WORKBOOKS + "' --libreoffice '" + workbooks().string() + "'");
    auto package = XlsxPackage::open(workbooks() / "libreoffice" / "values.xlsx");
    check_values(package, true);
}

TEST_CASE("xlsx: a workbook read from memory is the same as from its file", "[archive][xlsx]") {
    std::ifstream in(workbook("values.xlsx"), std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto package = XlsxPackage::from_archive(GuardedArchive::from_memory(std::move(bytes), "values.xlsx"));
    CHECK(package.shown_as() == "values.xlsx");
    check_values(package, false);
}

TEST_CASE("xlsx: dates in the 1904 system", "[archive][xlsx]") {
    auto package = XlsxPackage::open(workbook("date1904.xlsx"));
    CHECK(package.date1904());
    const auto cells = package.read_sheet(package.sheets().front());
    REQUIRE(cells.find(0, 0));
    check_date(*cells.find(0, 0), "2024-03-15", true);
    REQUIRE(cells.find(1, 0));
    CHECK(cells.find(1, 0)->number == 0);
    check_date(*cells.find(1, 0), "1904-01-01", true);
}

TEST_CASE("xlsx: shared strings, rich text, escapes, formulas, styles and cells without references", "[archive][xlsx]") {
    auto package = XlsxPackage::open(workbook("handmade.xlsx"));
    REQUIRE(package.sheets().size() == 2);
    CHECK(package.sheets()[0].part == "xl/worksheets/sheet1.xml");  // from the absolute target "/xl/..."
    CHECK(package.sheets()[1].state == "veryHidden");
    CHECK(package.defined_names() == std::map<std::string, std::string>{{"formwork_ids", "Strings!$A$1:$A$3"}});

    const auto cells = package.read_sheet(*package.sheet("Strings"));
    REQUIRE(cells.rows.size() == 7);
    auto text = [&](std::uint32_t row, std::uint32_t column) {
        const auto cell = cells.find(row, column);
        REQUIRE(cell);
        CHECK(cell->type == CellType::text);
        return cell->text;
    };
    CHECK(text(0, 0) == "first");
    CHECK(text(0, 1) == "Rich bold end");
    CHECK(text(0, 2) == "_x0041_");
    CHECK(text(0, 3) == std::string("bell\x07ring"));
    CHECK(text(0, 4) == "A\u00e9\u00e9");
    CHECK(text(0, 5) == "  ");
    CHECK(text(0, 6) == "\xF0\x9F\x98\x80");

    // A styled blank and an empty value are no cells; cells without r count on from the last.
    CHECK(cells.rows[1].size() == 2);
    CHECK(cells.find(1, 0) == nullptr);
    CHECK(cells.find(1, 1) == nullptr);
    REQUIRE(cells.find(1, 2));
    CHECK(cells.find(1, 2)->number == 7);
    REQUIRE(cells.find(1, 3));
    CHECK(cells.find(1, 3)->type == CellType::boolean);
    REQUIRE(cells.find(2, 0));  // a row without r after row 2
    CHECK(cells.find(2, 0)->text == "12345678901234567890");
    CHECK(cells.find(3, 0) == nullptr);

    const auto master = cells.find(4, 0);
    REQUIRE(master);
    CHECK(master->formula);
    CHECK(master->formula_text == "B5*2");
    CHECK(master->number == 4);
    CHECK_FALSE(cells.find(4, 1)->formula);
    CHECK(cells.find(4, 2)->formula_text == "SUM(B5:B6)");
    CHECK(cells.find(4, 3)->formula_text == "\"a\"&\"b\"");
    CHECK(cells.find(4, 3)->text == "ab");
    const auto follower = cells.find(5, 0);
    REQUIRE(follower);
    CHECK(follower->formula);
    CHECK(follower->formula_text.empty());
    CHECK(follower->number == 6);
    const auto uncached = cells.find(5, 2);
    REQUIRE(uncached);
    CHECK(uncached->formula);
    CHECK(uncached->type == CellType::empty);

    CHECK(cells.find(6, 0)->date);
    CHECK_FALSE(cells.find(6, 0)->time);
    CHECK(cells.find(6, 1)->time);  // [h]:mm, elapsed
    CHECK_FALSE(cells.find(6, 1)->date);
    CHECK_FALSE(cells.find(6, 2)->date);  // "day" 0: quoted text
    CHECK_FALSE(cells.find(6, 2)->time);
    CHECK(cells.find(6, 3)->date);  // built-in 14
    const auto iso_date = cells.find(6, 4);
    CHECK(iso_date->type == CellType::number);
    CHECK(iso_date->number == 45366);
    CHECK(iso_date->date);
    CHECK_FALSE(iso_date->time);
    CHECK(iso_date->text == "2024-03-15");
    CHECK(cells.find(6, 5)->number == 45366.5);
    CHECK(cells.find(6, 5)->time);
    CHECK(cells.find(6, 6)->type == CellType::error);
    CHECK(cells.find(6, 6)->text == "#DIV/0!");

    // Row 8, by format: mm:ss, [Red]0.00, _(* #,##0.00_), mmm-yy, h:mm AM/PM, \d0, General.
    const std::vector<std::pair<bool, bool>> date_time = {{false, true}, {false, false}, {false, false}, {true, false},
                                                          {false, true}, {false, false}, {false, false}};
    REQUIRE(cells.rows[6].size() == date_time.size());
    for (std::size_t i = 0; i < date_time.size(); ++i) {
        CAPTURE(i);
        CHECK(cells.rows[6][i].date == date_time[i].first);
        CHECK(cells.rows[6][i].time == date_time[i].second);
    }

    const auto inline_cells = package.read_sheet(*package.sheet("Inline"));
    REQUIRE(inline_cells.rows.size() == 1);
    CHECK(inline_cells.find(0, 0)->text == "inline");
    CHECK(inline_cells.find(0, 1)->text == "inline runs");
    CHECK(inline_cells.find(0, 2)->text == "x\ty");
}

TEST_CASE("xlsx: a package without _rels/.rels finds xl/workbook.xml", "[archive][xlsx]") {
    auto package = XlsxPackage::open(workbook("no-package-relationships.xlsx"));
    REQUIRE(package.sheets().size() == 1);
    CHECK(package.read_sheet(package.sheets().front()).find(0, 0)->number == 1);
}

TEST_CASE("xlsx: malformed parts are refused, naming the part and the cell", "[archive][xlsx]") {
    struct Case {
        const char* file;
        const char* entry;
        std::vector<std::string> words;
    };
    const std::vector<Case> cases = {
        {"bad-shared-index.xlsx", "xl/worksheets/sheet1.xml", {"cell B1", "shared string 5"}},
        {"bad-reference.xlsx", "xl/worksheets/sheet1.xml", {"'ZZZZ1'", "row 1"}},
        {"bad-number.xlsx", "xl/worksheets/sheet1.xml", {"cell C3", "'12abc'", "not a number"}},
        {"bad-style.xlsx", "xl/worksheets/sheet1.xml", {"cell B1", "style 9"}},
        {"backwards-cells.xlsx", "xl/worksheets/sheet1.xml", {"cell B2", "after C2"}},
        {"backwards-rows.xlsx", "xl/worksheets/sheet1.xml", {"row 2 comes after row 4"}},
        {"wrong-row.xlsx", "xl/worksheets/sheet1.xml", {"cell A3", "row 2"}},
        {"bad-boolean.xlsx", "xl/worksheets/sheet1.xml", {"cell A1", "'yes'"}},
        {"bad-type.xlsx", "xl/worksheets/sheet1.xml", {"cell A1", "'q'"}},
        {"infinite.xlsx", "xl/worksheets/sheet1.xml", {"cell A1", "not a number"}},
        {"doctype.xlsx", "xl/worksheets/sheet1.xml", {"DOCTYPE"}},
        {"missing-sheet-part.xlsx", "xl/workbook.xml", {"'Gone'", "xl/worksheets/sheet1.xml"}},
        {"not-a-workbook.xlsx", "", {"not an xlsx workbook"}},
    };
    for (const auto& each : cases) {
        const auto error = refusal(each.file);
        CAPTURE(each.file, error.what());
        CHECK(error.archive.find(each.file) != std::string::npos);
        CHECK(error.entry == each.entry);
        for (const auto& word : each.words) CHECK(std::string(error.what()).find(word) != std::string::npos);
        if (std::string(each.file) == "bad-number.xlsx") CHECK(std::string(error.what()).find("sheet 'Bad'") != std::string::npos);
    }
}

TEST_CASE("xlsx: serial day numbers as dates, in both systems", "[archive][xlsx]") {
    CHECK(serial_to_iso_date(1, false) == "1900-01-01");
    CHECK(serial_to_iso_date(59, false) == "1900-02-28");
    CHECK(serial_to_iso_date(60, false) == std::nullopt);  // Excel's 29 February 1900
    CHECK(serial_to_iso_date(61, false) == "1900-03-01");
    CHECK(serial_to_iso_date(0, false) == std::nullopt);
    CHECK(serial_to_iso_date(-1, false) == std::nullopt);
    CHECK(serial_to_iso_date(36526, false) == "2000-01-01");
    CHECK(serial_to_iso_date(45351, false) == "2024-02-29");
    CHECK(serial_to_iso_date(2958465, false) == "9999-12-31");
    CHECK(serial_to_iso_date(2958466, false) == std::nullopt);
    CHECK(serial_to_iso_date(0, true) == "1904-01-01");
    CHECK(serial_to_iso_date(-1, true) == std::nullopt);
    CHECK(serial_to_iso_date(1462, true) == "1908-01-02");
    CHECK(serial_to_iso_date(44000.25, false) == std::nullopt);
    CHECK(serial_to_iso_date(44000.25, false, true) == serial_to_iso_date(44000, false));
    CHECK(serial_to_iso_date(std::nan(""), false, true) == std::nullopt);
    CHECK(serial_to_iso_date(1e300, false, true) == std::nullopt);
}

TEST_CASE("xlsx: cell references and column names", "[archive][xlsx]") {
    using formwork::archive::cell_reference;
    using formwork::archive::column_name;
    CHECK(column_name(0) == "A");
    CHECK(column_name(25) == "Z");
    CHECK(column_name(26) == "AA");
    CHECK(column_name(27) == "AB");
    CHECK(column_name(701) == "ZZ");
    CHECK(column_name(702) == "AAA");
    CHECK(column_name(16383) == "XFD");
    CHECK(cell_reference(11, 7) == "H12");
    CHECK(cell_reference(1048575, 16383) == "XFD1048576");
}
