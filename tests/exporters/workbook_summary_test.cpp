// The workbook's Summary sheet and its data dictionary, read back by openpyxl: the
// Summary first, its counts those of the samples, each record's problems as the validator gives
// them, the rows the plugins' views flag (an overdue sign-off, dates to check, an inquorate
// meeting) and none from a plugin built before SDK 1.10; the Fields sheet with each column's
// choices and the views' columns.
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"
#include "reader_output.hpp"
#include "temp_folder.hpp"

#include <formwork/exporters/export_request.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

// A workbook as openpyxl reads it: its sheets in order, each sheet's rows of cells by column.
struct Book {
    std::vector<std::string> sheets;
    std::map<std::string, std::map<int, std::map<std::string, std::string>>> rows;  // sheet -> row -> column -> value
    std::map<std::string, std::string> fills;                                       // "Sheet!E5" -> ARGB

    const std::map<int, std::map<std::string, std::string>>& of(const std::string& sheet) const {
        const auto found = rows.find(sheet);
        INFO("no sheet " << sheet);
        REQUIRE(found != rows.end());
        return found->second;
    }
    std::string cell(const std::string& sheet, const std::string& column, int row) const {
        const auto& sheet_rows = of(sheet);
        const auto r = sheet_rows.find(row);
        if (r == sheet_rows.end()) return {};
        const auto c = r->second.find(column);
        return c == r->second.end() ? std::string() : c->second;
    }
    // The row of `sheet` whose column A is `text`, after row `after`; 0 when there is none.
    int row_where(const std::string& sheet, const std::string& text, int after = 0) const {
        for (const auto& [row, cells] : of(sheet))
            if (row > after && cells.count("A") && cells.at("A") == text) return row;
        return 0;
    }
    // The rows of a Summary section: from under its header row to the blank row that ends it.
    std::vector<std::map<std::string, std::string>> section(const std::string& heading) const {
        const auto at = row_where("Summary", heading);
        INFO("no section " << heading);
        REQUIRE(at > 0);
        std::vector<std::map<std::string, std::string>> out;
        const auto& summary = of("Summary");
        for (int row = at + 2; summary.count(row); ++row) out.push_back(summary.at(row));
        return out;
    }
};

Book read_book(const std::filesystem::path& file) {
    auto read = test::read_workbook_cells(FORMWORK_READ_WORKBOOK, file.string());
    Book book;
    book.sheets = std::move(read.sheets);
    book.rows = std::move(read.cells);
    book.fills = std::move(read.fills);
    return book;
}

const forms::PluginHost& approvals_and_attendance() { return test::domain_plugins({"approvals.so", "attendance.so"}); }

const forms::FormRegistry& registry() {
    static const auto shared = test::make_registry(approvals_and_attendance());
    return *shared;
}

forms::Record read(const std::string& text) { return test::read_record_text(text, registry()); }

// The samples of both plugins, with the Scrutiny Co-ordination Committee's meeting made
// inquorate (all but two voting members send apologies; its quorum is three).
struct SampleStore {
    test::TempFolder folder;
    std::unique_ptr<forms::RecordStore> store = forms::open_sqlite_store({folder.path() / "store.db"});
    std::vector<forms::Record> records;
    std::string inquorate_id;
    std::string faulty_id;

    SampleStore() {
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& sample : registry().samples()) {
            auto record = read(sample.text);
            if (sample.name == "attendance-meeting-scrutiny-coordination-2023-09-20.record.xml") {
                std::size_t kept = 0;
                for (auto row : record.instance().child("attendance").children("row"))
                    if (std::string(row.child("attendance").text().get()) == "present" && ++kept > 2)
                        row.child("attendance").text().set("apologies");
                REQUIRE(kept > 2);
                inquorate_id = record.meta.id;
            }
            if (sample.name == "approval-trail-faulty-example.record.xml") faulty_id = record.meta.id;
            files.emplace_back(sample.name, test::record_text(record));
            records.push_back(std::move(record));
        }
        REQUIRE_FALSE(inquorate_id.empty());
        REQUIRE_FALSE(faulty_id.empty());
        for (const auto& item : store->import(registry(), files, "clerk")) {
            INFO(item.source << "\n" << test::describe(item.diagnostics));
            REQUIRE(item.outcome == forms::ImportItem::Outcome::added);
        }
    }

    std::filesystem::path export_workbook(std::vector<std::string>* warnings = nullptr) {
        exporters::ExportRequest request;
        request.target = folder.path() / "samples.xlsx";
        const auto result = exporters::run_export({*store, registry(), "clerk"}, request);
        for (const auto& warning : result.warnings) UNSCOPED_INFO(warning);
        if (warnings) *warnings = result.warnings;
        return request.target;
    }
};

}  // namespace

TEST_CASE("the Summary sheet comes first and counts the records of each form at each status as the samples have them") {
    SampleStore samples;
    std::vector<std::string> warnings;
    const auto book = read_book(samples.export_workbook(&warnings));
    CHECK(warnings.empty());
    REQUIRE_FALSE(book.sheets.empty());
    CHECK(book.sheets.front() == "Summary");
    CHECK(book.cell("Summary", "A", 1) == "Records by form and status");

    // The samples' own counts, by form title and status label.
    std::map<std::pair<std::string, std::string>, int> expected;
    for (const auto& record : samples.records) {
        const auto form = registry().latest(record.meta.form_id);
        std::string label = record.meta.status;
        for (const auto& status : form->lifecycle.statuses)
            if (status.id == record.meta.status && !status.label.empty()) label = status.label;
        ++expected[{form->title, label}];
    }
    std::map<std::pair<std::string, std::string>, int> counted;
    int total = 0;
    for (const auto& row : book.section("Records by form and status")) {
        if (row.at("A") == "All forms") {
            total = std::stoi(row.at("C"));
            continue;
        }
        counted[{row.at("A"), row.at("B")}] = std::stoi(row.at("C"));
    }
    CHECK(counted == expected);
    CHECK(total == static_cast<int>(samples.records.size()));
}

TEST_CASE("the Summary lists each record's problems as the validator gives them, with the field, in a colour") {
    SampleStore samples;
    const auto book = read_book(samples.export_workbook());
    const auto listed = book.section("Problems the validator finds in the records");
    // Every problem the validator finds in the stored records, and nothing else.
    std::multiset<std::string> expected;
    samples.store->scan({}, [&](const forms::Record& record) {
        const auto form = registry().find(record.meta.form_id, record.meta.form_version);
        for (const auto& d : forms::validate_record(*form, record, {{}, "clerk", {}, &samples.store->query()}))
            expected.insert(record.meta.id + "|" + d.path + "|" + forms::severity_name(d.severity) + "|" + d.message);
        return true;
    });
    REQUIRE_FALSE(expected.empty());
    std::multiset<std::string> found;
    for (const auto& row : listed)
        if (row.at("A") != "none") found.insert(row.at("C") + "|" + row.at("D") + "|" + row.at("E") + "|" + row.at("F"));
    CHECK(found == expected);
    // The inquorate meeting is one of them, at its attendance, as the editor warns.
    bool inquorate = false;
    int at = book.row_where("Summary", "Problems the validator finds in the records") + 2;
    for (const auto& row : listed) {
        if (row.count("C") && row.at("C") == samples.inquorate_id && row.at("D") == "attendance" &&
            row.at("F").find("not quorate: 2 voting members present") != std::string::npos) {
            inquorate = true;
            CHECK(row.at("E") == "warning");
            REQUIRE(book.fills.count("Summary!F" + std::to_string(at)) == 1);
            CHECK_THAT(book.fills.at("Summary!F" + std::to_string(at)), Contains("FFEB9C"));  // amber
            CHECK(row.at("B") != "");                                                        // the record's title
        }
        ++at;
    }
    CHECK(inquorate);
}

TEST_CASE("the Summary lists the rows the plugins' views flag: overdue sign-offs, dates to check, an inquorate meeting") {
    SampleStore samples;
    const auto book = read_book(samples.export_workbook());
    const auto flagged = book.section("Rows the plugins' views flag");
    int overdue = 0;
    int dates = 0;
    int inquorate = 0;
    for (const auto& row : flagged) {
        REQUIRE(row.count("B"));
        const auto sheet = row.at("A");
        const int at = std::stoi(row.at("B"));
        INFO(sheet << " row " << at << ": " << row.at("E"));
        if (sheet == "Sign-off status") {
            // The row named is the row the status sheet shows as overdue (or with dates to check).
            const auto status_column = [&] {
                for (const auto& [column, text] : book.of(sheet).at(1))
                    if (text == "Status") return column;
                return std::string();
            }();
            const auto status = book.cell(sheet, status_column, at);
            if (status == "overdue") {
                ++overdue;
                CHECK_THAT(row.at("E"), Contains("has not responded after"));
            } else {
                CHECK(status == "dates to check");
                ++dates;
                CHECK_THAT(row.at("E"), Contains("before the document was sent"));
            }
            CHECK(row.at("D") == samples.faulty_id);
            CHECK_FALSE(row.at("C").empty());
        } else {
            // The year grid's row of the quorum's count, under the inquorate meeting.
            CHECK(sheet.rfind("Year ", 0) == 0);
            CHECK(book.cell(sheet, "A", at) == "Voting members present (as the quorum counts)");
            CHECK(row.at("D") == samples.inquorate_id);
            CHECK_THAT(row.at("E"), Contains("was not quorate: 2 voting members present"));
            ++inquorate;
        }
    }
    // Overdue grows with today, and stays overdue: the faulty example's councillor never responds.
    CHECK(overdue >= 1);
    CHECK(dates == 1);
    CHECK(inquorate == 1);
}

TEST_CASE("a plugin built for SDK 1.9 is never asked which rows are problems, and its views are still drawn") {
    ::unsetenv("FORMWORK_FIXTURE_SDK_1_9_CALLED");
    test::TempFolder folder;
    forms::PluginHost host;
    host.load(forms::PluginSearchPath{{std::string(FORMWORK_FIXTURE_PLUGIN_DIR) + "/fixture_sdk_1_9.so"}});
    REQUIRE(host.loaded().size() == 1);
    forms::FormRegistry forms;
    forms.add_plugin_forms(host);
    const auto form = forms.latest("before-flags");
    REQUIRE(form);
    auto store = forms::open_sqlite_store({folder.path() / "store.db"});
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE_FALSE(forms::set_value(*form, record, "name", "Someone"));
    store->create(*form, record, "clerk");

    // Asked directly, the extension answers for the plugin: nothing.
    const auto request = form->extension->view_request(*form, {record.meta.id}, store->query());
    forms::Diagnostics problems;
    const auto views = form->extension->sheet_views(request, problems);
    REQUIRE(views.size() == 1);
    CHECK(form->extension->flagged_rows(request, views, problems).empty());
    CHECK(problems.empty());

    exporters::ExportRequest export_request;
    export_request.target = folder.path() / "older.xlsx";
    CHECK(exporters::run_export({*store, forms, "clerk"}, export_request).records == 1);
    CHECK(std::getenv("FORMWORK_FIXTURE_SDK_1_9_CALLED") == nullptr);
    const auto book = read_book(export_request.target);
    CHECK(std::count(book.sheets.begin(), book.sheets.end(), "Older view") == 1);
    const auto flagged = book.section("Rows the plugins' views flag");
    REQUIRE(flagged.size() == 1);
    CHECK(flagged.front().at("A") == "none");
}

TEST_CASE("the Fields sheet lists each column's choices, codes and labels, and the view sheets' columns") {
    SampleStore samples;
    const auto book = read_book(samples.export_workbook());
    const auto& fields = book.of("Fields");
    const auto& header = fields.at(1);
    const std::vector<std::string> headings{"Sheet", "Column", "Field path", "Label", "Type", "Hint", "Choices"};
    for (std::size_t c = 0; c < headings.size(); ++c) CHECK(header.at(std::string(1, static_cast<char>('A' + c))) == headings[c]);

    // A choice column: every option of its list, code = label, in the list's order.
    const auto form = registry().latest("approval-trail");
    bool choice_seen = false;
    bool status_seen = false;
    bool view_seen = false;
    for (const auto& [row, cells] : fields) {
        if (row == 1) continue;
        const auto value = [&](const char* column) { return cells.count(column) ? cells.at(column) : std::string(); };
        if (value("C") == "meta/status" && value("A") == book.sheets.at(1)) {
            status_seen = true;
            CHECK_THAT(value("G"), Contains(" = "));
        }
        if (value("C") == "sign-offs/row/role") {
            const auto* list = form->list("sign-off-role");
            REQUIRE(list != nullptr);
            std::string expected;
            for (const auto& option : list->options)
                expected += (expected.empty() ? "" : "; ") + option.code + " = " + option.label;
            CHECK(value("G") == expected);
            choice_seen = true;
        }
        if (value("A") == "Sign-off status") {
            CHECK(value("E") == "view");
            CHECK(value("F") == "Contributors and approvers, with the status of each");
            CHECK(value("C").empty());
            if (value("B") == "J") {
                CHECK(value("D") == "Status");
                view_seen = true;
            }
        }
    }
    CHECK(choice_seen);
    CHECK(status_seen);
    CHECK(view_seen);
}
