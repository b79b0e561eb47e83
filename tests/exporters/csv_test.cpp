// The CSV export, read back by Python's csv module (read_csv.py), an independent reader: RFC
// 4180 quoting, UTF-8 with a byte order mark, formula-like text prefixed, numbers as numbers,
// the workbook's record-sheet columns, one form only; a plugin view with its date range in the
// ViewRequest and its records not chosen by modified date; an unknown view refused listing the
// views; failures that leave nothing; the audit entry.
#include "cancel_after.hpp"
#include "form_fixtures.hpp"
#include "temp_folder.hpp"

#include "../../exporters/csv/csv_exporter.hpp"

#include <formwork/exporters/export_request.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/store/export_entry.hpp>
#include <formwork/store/sqlite_store.hpp>

#include "reader_output.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

using namespace formwork;
using Catch::Matchers::Contains;
using exporters::ExportError;

namespace {

// A CSV file as Python's csv module reads it.
struct ReadCsv {
    bool bom = false;
    bool crlf = false;
    std::vector<std::vector<std::string>> rows;
};

ReadCsv read_csv(const std::filesystem::path& path) {
    const auto output = test::command_output("/usr/bin/python3 " + test::shell_quoted(FORMWORK_READ_CSV) + " " + test::shell_quoted(path.string()));
    ReadCsv csv;
    std::size_t start = 0;
    int line_number = 0;
    while (start < output.size()) {
        const auto end = output.find('\n', start);
        const auto line = output.substr(start, end - start);
        start = end == std::string::npos ? output.size() : end + 1;
        if (line_number == 0) csv.bom = line == "bom";
        else if (line_number == 1) csv.crlf = line == "crlf";
        else csv.rows.push_back(test::reader_fields(line));
        ++line_number;
    }
    return csv;
}

std::size_t column_of(const std::vector<std::string>& header, const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i;
    FAIL("no column " << name);
    return 0;
}

// A plugin's code as the host wraps it, for what a view is asked: it keeps the request, and
// draws one view that shows the range it was given and the records it was asked about.
class RangeEcho final : public forms::FormExtension {
public:
    mutable std::vector<sdk::ViewRequest> requests;

    const std::string& plugin_id() const noexcept override { return id_; }
    forms::Diagnostics check(const forms::FormDefinition&, const forms::Record&, const forms::ValidationOptions&) const override {
        return {};
    }
    std::vector<sdk::DerivedValue> derive(const forms::FormDefinition&, const forms::Record&,
                                          const forms::ValidationOptions&, forms::Diagnostics&) const override {
        return {};
    }
    std::vector<sdk::SheetView> sheet_views(const sdk::ViewRequest& request, forms::Diagnostics&) const override {
        requests.push_back(request);
        sdk::SheetView range;
        range.name = "Meetings in range";
        range.title = "The range asked for";
        range.header_rows = {{sdk::Cell::of_text("From"), sdk::Cell::of_text("To"), sdk::Cell::of_text("Records")},
                             {sdk::Cell::of_text("a, \"quoted\" heading"), {}, {}}};
        range.merged_headings = {{1, 0, 2, "Merged, over three"}};
        range.rows = {{sdk::Cell::of_date(request.date_from), sdk::Cell::of_date(request.date_to),
                       sdk::Cell::of_number(static_cast<double>(request.record_ids.size()))},
                      {sdk::Cell::of_text("=1+1"), sdk::Cell::of_number(-2.5), sdk::Cell::of_boolean(true),
                       sdk::Cell::of_text("two\r\nlines, \"café\"")}};
        sdk::SheetView other;
        other.name = "Other view";
        return {range, other};
    }
    std::vector<sdk::TimelineView> timeline_views(const sdk::ViewRequest&, forms::Diagnostics&) const override { return {}; }
    std::vector<sdk::ImportFormat> import_formats(forms::Diagnostics&) const override { return {}; }
    std::optional<sdk::ImportResult> import_text(const sdk::ImportRequest&, forms::Diagnostics&) const override {
        return std::nullopt;
    }
    sdk::RecordAssist record_assist(const forms::FormDefinition&, forms::Diagnostics&) const override { return {}; }
    std::optional<sdk::Prefill> prefill(const sdk::PrefillRequest&, forms::Diagnostics&) const override { return std::nullopt; }
    std::vector<sdk::FieldChoice> field_choices(const sdk::ChoiceRequest&, forms::Diagnostics&) const override { return {}; }
    sdk::ViewRequest view_request(const forms::FormDefinition& form, std::vector<std::string> record_ids,
                                  const sdk::RecordQuery& records, const std::string&) const override {
        sdk::ViewRequest request;
        request.form_id = form.id;
        request.record_ids = std::move(record_ids);
        request.records = &records;
        return request;
    }

private:
    std::string id_ = "range-echo";
};

struct Fixture {
    test::TempFolder folder;
    forms::FormRegistry registry;
    std::unique_ptr<forms::RecordStore> store;
    forms::FormDefinitionPtr everything;
    std::shared_ptr<RangeEcho> echo = std::make_shared<RangeEcho>();

    Fixture() {
        REQUIRE(registry.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml",
                                        "range-echo", echo));
        everything = registry.latest("everything");
        REQUIRE(everything);
        store = forms::open_sqlite_store({folder.path() / "store.db"});
    }

    std::string create(const std::vector<std::pair<std::string, std::string>>& values) {
        auto record = forms::new_record(*everything, "clerk", "2023-10-09T09:00:00Z");
        for (const auto& [path, value] : values) {
            const auto problem = forms::set_value(*everything, record, path, value);
            INFO(path << ": " << (problem ? problem->message : std::string()));
            REQUIRE_FALSE(problem);
        }
        store->create(*everything, record, "clerk");
        return record.meta.id;
    }

    exporters::ExportResult run(exporters::ExportRequest request) {
        request.format = exporters::ExportFormat::csv;
        return exporters::run_export({*store, registry, "clerk"}, request);
    }
};

bool nothing_beside(const std::filesystem::path& folder, const std::string& name) {
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.path().filename().string().find(name) != std::string::npos) return false;
    return true;
}

}  // namespace

TEST_CASE("csv fields: RFC 4180 quoting, formula-like text prefixed, numbers never") {
    CHECK(exporters::csv_text("plain") == "plain");
    CHECK(exporters::csv_text("a, b") == "\"a, b\"");
    CHECK(exporters::csv_text("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(exporters::csv_text("two\nlines") == "\"two\nlines\"");
    CHECK(exporters::csv_text("two\r\nlines") == "\"two\r\nlines\"");
    CHECK(exporters::csv_text("cr\rhere") == "\"cr\rhere\"");
    CHECK(exporters::csv_text("=SUM(A1:A2)") == "'=SUM(A1:A2)");
    CHECK(exporters::csv_text("+44 24 7683 3333") == "'+44 24 7683 3333");
    CHECK(exporters::csv_text("-2") == "'-2");  // text that looks like a number is still text
    CHECK(exporters::csv_text("@risk") == "'@risk");
    CHECK(exporters::csv_text("\tindented") == "'\tindented");
    CHECK(exporters::csv_text("\rcarriage") == "\"'\rcarriage\"");
    CHECK(exporters::csv_text("=HYPERLINK(\"x\", \"y\")") == "\"'=HYPERLINK(\"\"x\"\", \"\"y\"\")\"");
    CHECK(exporters::csv_text("a=b") == "a=b");
    CHECK(exporters::csv_number(-2.5) == "-2.5");
    CHECK(exporters::csv_number(-3) == "-3");
    CHECK(exporters::csv_number(1e15) == "1e+15");
    CHECK(exporters::csv_number(123456789012345) == "123456789012345");
    CHECK(exporters::csv_number(0.1) == "0.1");
    CHECK(exporters::csv_number(66.66666666666667) == "66.66666666666667");
    CHECK(exporters::csv_cell(sdk::Cell::of_date("2024-05-01")) == "2024-05-01");
    CHECK(exporters::csv_cell(sdk::Cell::of_boolean(false)) == "false");
}

TEST_CASE("a form's records as CSV: the workbook record sheet's columns, quoting, UTF-8 with a BOM, CRLF, formula "
          "text prefixed and negative numbers not") {
    Fixture f;
    const auto id = f.create({{"title", "Budget, \"revised\""},
                              {"author/name", "Zoë Ó Briain"},
                              {"author/role", "=cmd|' /C calc'!A0"},
                              {"completed", "2023-10-09"},
                              {"activity", "other"},
                              {"other-details", "Line one\nLine two\r\nLine three"},
                              {"apologies", "illness other-business"},
                              {"key-decision", "true"},
                              {"budget", "1234.5"},
                              {"people", "-5"},
                              {"email", "@someone"},
                              {"phone", "+44 24 7683 3333"},
                              {"actions/row[1]/action", "First"}});
    exporters::ExportRequest request;
    request.form = "everything";
    request.target = f.folder.path() / "everything.csv";
    const auto result = f.run(request);
    CHECK(result.records == 1);
    CHECK(result.bytes == std::filesystem::file_size(request.target));
    // Its tables are not in it, and it says where they are.
    REQUIRE(result.warnings.size() == 1);
    CHECK_THAT(result.warnings[0], Contains("impacts, actions") && Contains("--view") && Contains("workbook"));

    const auto csv = read_csv(request.target);
    CHECK(csv.bom);
    CHECK(csv.crlf);
    REQUIRE(csv.rows.size() == 2);
    const auto& header = csv.rows[0];
    const auto& row = csv.rows[1];
    REQUIRE(header.size() == row.size());
    // The record's title first; its id last, for joins.
    CHECK(std::vector<std::string>(header.begin(), header.begin() + 4) ==
          std::vector<std::string>{"Record", "Status", "Modified (UTC)", "Modified by"});
    CHECK(header.back() == "Record id");
    const auto at = [&](const std::string& column) { return row[column_of(header, column)]; };
    CHECK(at("Record") == "Budget, \"revised\" (Zoë Ó Briain)");
    CHECK(at("Record id") == id);
    CHECK(at("Status") == "Draft");
    CHECK(at("Title") == "Budget, \"revised\"");
    CHECK(at("Author \xE2\x80\x94 name") == "Zoë Ó Briain");
    CHECK(at("Author \xE2\x80\x94 role") == "'=cmd|' /C calc'!A0");
    // As the store keeps it (XML reads a CR LF as an LF), newlines and all.
    const auto stored = f.store->load(id);
    REQUIRE(stored);
    const std::string details = stored->instance().child("other-details").text().get();
    CHECK(details.find('\n') != std::string::npos);
    CHECK(at("Details of the other project") == details);
    CHECK(at("Carried out on") != "other");  // the choice's label, not its code
    CHECK(at("Apologies \xE2\x80\x94 codes") == "illness other-business");
    CHECK(at("Key decision") == "true");
    CHECK(at("Budget (£)") == "1234.5");
    CHECK(at("People affected") == "-5");
    CHECK(at("Email") == "'@someone");
    CHECK(at("Telephone") == "'+44 24 7683 3333");
    CHECK(at("Date of completion") == "2023-10-09");

    // The same columns, in the same order, as the workbook's sheet of the form's records.
    exporters::ExportRequest workbook;
    workbook.form = "everything";
    workbook.target = f.folder.path() / "everything.xlsx";
    exporters::run_export({*f.store, f.registry, "clerk"}, workbook);
    const auto cells = test::command_output("/usr/bin/python3 " + test::shell_quoted(FORMWORK_READ_WORKBOOK) + " cells " +
                                   test::shell_quoted(workbook.target.string()));
    std::vector<std::string> sheet_header;
    std::size_t start = 0;
    while (start < cells.size()) {
        const auto end = cells.find('\n', start);
        const auto fields = test::reader_fields(cells.substr(start, end - start));
        start = end == std::string::npos ? cells.size() : end + 1;
        if (fields.size() == 5 && fields[0] == "cell" && fields[1].rfind("Everything!", 0) == 0) {
            const auto ref = fields[1].substr(std::string("Everything!").size());
            if (ref.size() >= 2 && ref.substr(ref.find_first_of("0123456789")) == "1") sheet_header.push_back(fields[4]);
        }
    }
    // The workbook's records sheet ends with its hidden Revision, for a workbook read back
    // (docs/exports.md); the CSV ends with the record id.
    REQUIRE_FALSE(sheet_header.empty());
    CHECK(sheet_header.back() == "Revision");
    sheet_header.pop_back();
    CHECK(sheet_header == header);
    CHECK(header.back() == "Record id");

    // With the "codes" option, for analysts: choices, multi-choices and the status by their
    // codes, and no hidden codes column beside them.
    request.choice_codes = true;
    request.target = f.folder.path() / "codes.csv";
    f.run(request);
    const auto coded = read_csv(request.target);
    REQUIRE(coded.rows.size() == 2);
    const auto& coded_header = coded.rows[0];
    const auto coded_at = [&](const std::string& column) { return coded.rows[1][column_of(coded_header, column)]; };
    CHECK(coded_at("Status") == "draft");
    CHECK(coded_at("Carried out on") == "other");
    CHECK(coded_at("Apologies") == "illness other-business");
    CHECK(std::count(coded_header.begin(), coded_header.end(), "Apologies \xE2\x80\x94 codes") == 0);
    CHECK(coded_header.size() + 1 == header.size());
}

TEST_CASE("one form with records in scope needs no --form, and a scope with none is no records") {
    Fixture f;
    f.create({{"title", "One"}});
    exporters::ExportRequest request;
    request.target = f.folder.path() / "all.csv";
    CHECK(f.run(request).records == 1);
    request.status = "complete";
    request.target = f.folder.path() / "none.csv";
    try {
        f.run(request);
        FAIL("an empty scope was exported");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::no_records);
    }
    CHECK_FALSE(std::filesystem::exists(request.target));
}

TEST_CASE("a CSV of records of two forms is refused naming --form, and writes nothing") {
    Fixture f;
    constexpr const char* other = R"(<form id="other" version="1" title="Other">
  <field id="name" type="text" label="Name"/>
</form>)";
    REQUIRE(f.registry.add_definition(other, "other.form.xml"));
    const auto form = f.registry.latest("other");
    REQUIRE(form);
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE_FALSE(forms::set_value(*form, record, "name", "Someone"));
    f.store->create(*form, record, "clerk");
    f.create({{"title", "One"}});
    exporters::ExportRequest request;
    request.target = f.folder.path() / "two.csv";
    try {
        f.run(request);
        FAIL("records of two forms were exported as one CSV");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::bad_options);
        CHECK_THAT(std::string(e.what()), Contains("--form") && Contains("everything") && Contains("other"));
    }
    CHECK_FALSE(std::filesystem::exists(request.target));
    CHECK(nothing_beside(f.folder.path(), "two.csv"));
}

TEST_CASE("a view as CSV (--view): the ViewRequest carries date_from and date_to, the records are not chosen by modified date, and the "
          "CSV holds the view's cells") {
    Fixture f;
    const auto first = f.create({{"title", "One"}});
    const auto second = f.create({{"title", "Two"}});
    exporters::ExportRequest request;
    request.view = "Meetings in range";
    // Years before any record was modified: as modified dates they would choose none.
    request.modified_from = "2001-04-01";
    request.modified_to = "2002-03-31";
    request.target = f.folder.path() / "range.csv";
    const auto result = f.run(request);
    REQUIRE_FALSE(f.echo->requests.empty());
    const auto& asked = f.echo->requests.back();
    CHECK(asked.date_from == "2001-04-01");
    CHECK(asked.date_to == "2002-03-31");
    CHECK(asked.record_ids.size() == 2);
    CHECK(result.records == 2);

    const auto csv = read_csv(request.target);
    CHECK(csv.bom);
    CHECK(csv.crlf);
    // Every line as wide as the widest.
    const std::vector<std::vector<std::string>> expected{{"From", "To", "Records", ""},
                                                         {"Merged, over three", "", "", ""},
                                                         {"2001-04-01", "2002-03-31", "2", ""},
                                                         {"'=1+1", "-2.5", "true", "two\r\nlines, \"café\""}};
    CHECK(csv.rows == expected);

    // The export entry names the view and its dates, and the records it was drawn from.
    const auto exports = f.store->exports();
    REQUIRE(exports.size() == 1);
    CHECK(exports[0].facts.format == "csv");
    CHECK(exports[0].facts.scope == "every form; every status; view Meetings in range; dates 2001-04-01 to 2002-03-31");
    CHECK(exports[0].facts.record_ids.size() == 2);
    CHECK(result.audit_entry > 0);
    CHECK(f.store->history(first).back().action == "export");
    CHECK(f.store->history(second).back().action == "export");
}

TEST_CASE("an unknown --view is refused listing the views there are, and --view with a workbook is refused") {
    Fixture f;
    f.create({{"title", "One"}});
    exporters::ExportRequest request;
    request.view = "No such view";
    request.target = f.folder.path() / "none.csv";
    try {
        f.run(request);
        FAIL("an unknown view was exported");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::bad_options);
        CHECK_THAT(std::string(e.what()),
                   Contains("no view 'No such view'") && Contains("'Meetings in range', 'Other view'"));
    }
    CHECK_FALSE(std::filesystem::exists(request.target));
    CHECK(f.store->exports().empty());

    request.view = "Meetings in range";
    request.format = exporters::ExportFormat::xlsx;
    request.target = f.folder.path() / "view.xlsx";
    try {
        exporters::run_export({*f.store, f.registry, "clerk"}, request);
        FAIL("--view with a workbook was run");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::bad_options);
    }
    CHECK_FALSE(std::filesystem::exists(request.target));
}

TEST_CASE("a CSV export that fails (a missing folder, a cancel) leaves no file, no temporary and no audit entry, and "
          "an existing file as it was") {
    Fixture f;
    for (int i = 0; i < 20; ++i) f.create({{"title", "Record " + std::to_string(i)}});
    exporters::ExportRequest request;
    request.form = "everything";
    request.target = f.folder.path() / "missing" / "out.csv";
    try {
        f.run(request);
        FAIL("an export to a missing folder succeeded");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::io);
    }
    CHECK_FALSE(std::filesystem::exists(f.folder.path() / "missing"));

    request.target = f.folder.path() / "out.csv";
    {
        std::FILE* before = std::fopen(request.target.c_str(), "w");
        REQUIRE(before != nullptr);
        std::fputs("before", before);
        std::fclose(before);
    }
    test::CancelAfter cancel(5);
    request.progress = &cancel;
    try {
        f.run(request);
        FAIL("a cancelled export finished");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::cancelled);
    }
    CHECK(test::read_text(request.target.string()) == "before");
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(f.folder.path())) {
        const auto name = entry.path().filename().string();
        if (name.find("formwork-tmp") != std::string::npos) FAIL("a temporary was left: " << name);
        ++files;
    }
    CHECK(files >= 2);  // the store and out.csv
    CHECK(f.store->exports().empty());

    // Then an export that finishes is recorded.
    request.progress = nullptr;
    const auto result = f.run(request);
    CHECK(result.records == 20);
    const auto exports = f.store->exports();
    REQUIRE(exports.size() == 1);
    CHECK(exports[0].facts.format == "csv");
    CHECK(exports[0].facts.scope == "form everything; every status");
    CHECK(exports[0].facts.sha256 == forms::digest_file(request.target).sha256);
}
