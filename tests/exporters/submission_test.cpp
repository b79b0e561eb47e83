// XML submissions: the envelope, what goes in and what stays out, validation by an
// independent reader (xmllint --schema), and every way an export can fail leaving nothing.
#include "cancel_after.hpp"
#include "form_fixtures.hpp"
#include "temp_folder.hpp"

#include "../../exporters/xml/submission_exporter.hpp"

#include <formwork/exporters/exporter.hpp>
#include <formwork/model/council_profile.hpp>
#include <formwork/model/exportable.hpp>
#include <formwork/store/sqlite_store.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/model/xsd.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

using namespace formwork;
using Catch::Matchers::Contains;
using exporters::ExportError;

namespace {

const char* coventry_profile =
    "<council-profile id='coventry' name='Coventry'><organisation code='E08000026' name='Coventry City Council'/>"
    "</council-profile>";

// A store holding the questions plugin's samples, two of its motions complete.
struct SubmissionFixture {
    test::TempFolder folder;
    forms::PluginHost host;
    std::unique_ptr<forms::FormRegistry> registry;
    std::unique_ptr<forms::RecordStore> store;

    explicit SubmissionFixture(bool with_profile = true) {
        host.load(forms::PluginSearchPath{{std::string(FORMWORK_DOMAIN_PLUGIN_DIR) + "/questions.so"}});
        forms::Diagnostics problems;
        auto profile = forms::parse_council_profile(coventry_profile, "coventry.xml", problems);
        registry = std::make_unique<forms::FormRegistry>(with_profile ? profile : std::nullopt);
        registry->add_plugin_forms(host);
        store = forms::open_sqlite_store({folder.path() / "council.db"});
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& sample : registry->samples()) files.emplace_back(sample.name, sample.text);
        for (const auto& item : store->import(*registry, files, "clerk"))
            REQUIRE(item.outcome == forms::ImportItem::Outcome::added);
    }

    exporters::ExportDataset dataset() { return {*store, *registry, "clerk"}; }

    static sdk::ExportOptions options() {
        sdk::ExportOptions options;
        options.format = "xml";
        options.collection = {"Council questions and motions", "2023", "2023-10-17"};
        return options;
    }

    std::string xsd_path(const sdk::ExportOptions& options) {
        const auto path = folder.path() / "submission.xsd";
        std::ofstream out(path);
        struct Writer : pugi::xml_writer {
            std::ofstream& out;
            explicit Writer(std::ofstream& o) : out(o) {}
            void write(const void* data, size_t size) override { out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size)); }
        } writer(out);
        forms::write_submission_xsd(exporters::forms_in_scope(*registry, options), writer);
        return path.string();
    }
};

int xmllint(const std::string& xsd, const std::filesystem::path& file) {
    const auto command = "xmllint --noout --schema '" + xsd + "' '" + file.string() + "' 2>/dev/null";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::size_t folder_entries(const std::filesystem::path& folder) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++count;
    return count;
}

}  // namespace

TEST_CASE_METHOD(SubmissionFixture, "a submission holds the complete records in the returns envelope and passes xmllint") {
    const auto target = folder.path() / "submission.xml";
    exporters::SilentProgress quiet;
    const auto result = exporters::make_exporter("xml")->run(dataset(), options(), target, quiet);
    CHECK(result.records == 2);  // the two minuted motions; drafts stay out
    CHECK(result.serial == 1);
    CHECK(result.bytes == std::filesystem::file_size(target));
    CHECK(xmllint(xsd_path(options()), target) == 0);

    const auto text = test::read_text(target.string());
    CHECK(text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>", 0) == 0);
    CHECK_THAT(text, Contains("<Collection>Council questions and motions</Collection>"));
    CHECK_THAT(text, Contains("<ReferenceDate>2023-10-17</ReferenceDate>"));
    CHECK_THAT(text, Contains("<OrganisationCode>E08000026</OrganisationCode>"));
    CHECK_THAT(text, Contains("<SerialNo>1</SerialNo>"));
    // The head from before the submission's own export entry: the log's head after the entry before it.
    const auto head_start = text.find("<AuditHeadDigest>") + 17;
    const auto head = text.substr(head_start, 64);
    const auto check = store->verify_trail(head);
    CHECK(check.intact);
    REQUIRE(check.head_found);
    CHECK(check.head_found->entry == result.audit_entry - 1);
    CHECK(result.audit_entry == check.entries);
    CHECK_THAT(text, !Contains("draft=\"true\""));
    CHECK_THAT(text, !Contains("<written-question>"));

    // The serial number goes up by one with each submission.
    const auto second = exporters::make_exporter("xml")->run(dataset(), options(), target, quiet);
    CHECK(second.serial == 2);
    CHECK_THAT(test::read_text(target.string()), Contains("<SerialNo>2</SerialNo>"));
}

TEST_CASE_METHOD(SubmissionFixture, "drafts go in only when asked for, marked as drafts, and every sample reads back unchanged") {
    auto with_drafts = options();
    with_drafts.include_drafts = true;
    const auto target = folder.path() / "all.xml";
    exporters::SilentProgress quiet;
    const auto result = exporters::make_exporter("xml")->run(dataset(), with_drafts, target, quiet);
    CHECK(result.records == registry->samples().size());
    CHECK(xmllint(xsd_path(with_drafts), target) == 0);

    pugi::xml_document read;
    REQUIRE(read.load_file(target.c_str()));
    std::size_t drafts = 0;
    for (auto record : read.child("Message").child("Records").children("Record")) {
        const std::string id = record.attribute("id").value();
        const auto stored = store->load(id);
        REQUIRE(stored);
        const auto form = registry->find(stored->meta.form_id, stored->meta.form_version);
        CHECK(record.attribute("status").value() == stored->meta.status);
        if (record.attribute("draft").as_bool()) ++drafts;
        forms::StringWriter from_file, from_store;
        record.first_child().print(from_file, "", pugi::format_raw);
        forms::exportable_instance(*form, *stored).document_element().print(from_store, "", pugi::format_raw);
        CHECK(from_file.text == from_store.text);
    }
    CHECK(drafts == registry->samples().size() - 2);
}

TEST_CASE_METHOD(SubmissionFixture, "fields that are not relevant are left out of a submission") {
    // Written question 1 is a draft with no answer-kind: its answer fields are not relevant.
    auto with_drafts = options();
    with_drafts.include_drafts = true;
    with_drafts.form = "written-question";
    forms::StringWriter memory;
    exporters::SilentProgress quiet;
    const auto count = exporters::SubmissionExporter::write(
        dataset(), with_drafts, {"E08000026", "Coventry", 7, "2023-10-17T09:00:00Z", std::string(64, 'a')}, memory, quiet);
    CHECK(count == 4);
    CHECK_THAT(memory.text, Contains("<question>"));
    CHECK_THAT(memory.text, !Contains("<answer>") && !Contains("<supplementary-question"));
    CHECK_THAT(memory.text, Contains("<SerialNo>7</SerialNo>"));
}

namespace {

// How a submission printed a record before it printed straight from the stored instance:
// the exportable copy, printed by pugixml at the depth of a Record's content.
std::string printed_by_pugixml(const forms::FormDefinition& form, const forms::Record& record) {
    forms::StringWriter writer;
    forms::exportable_instance(form, record).document_element().print(writer, "  ", pugi::format_default,
                                                                       pugi::encoding_utf8, 3);
    return writer.text;
}

std::string printed_in_place(const forms::FormDefinition& form, const forms::Record& record) {
    std::string out;
    const forms::LeftOut left_out(form, record);
    const auto problem = forms::append_exportable_instance(form, record, left_out, 3, out);
    INFO((problem ? problem->element + " " + problem->problem : std::string()));
    REQUIRE_FALSE(problem);
    return out;
}

}  // namespace

TEST_CASE("text and attributes are escaped byte for byte as pugixml escapes them") {
    for (int c = 1; c < 256; ++c) {
        const std::string text = std::string("a") + static_cast<char>(c) + "b";
        pugi::xml_document document;
        auto element = document.append_child("e");
        element.append_attribute("a").set_value(text.c_str());
        element.text().set(text.c_str());
        forms::StringWriter pugixml;
        element.print(pugixml, "", pugi::format_raw);
        std::string ours = "<e a=\"";
        forms::append_xml_attribute(ours, text);
        ours += "\">";
        forms::append_xml_text(ours, text);
        ours += "</e>";
        INFO("byte " << c);
        CHECK(ours == pugixml.text);
    }
}

TEST_CASE("a record prints straight from its instance exactly as pugixml prints its exportable copy") {
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(
        "<council-profile id='c' name='C'><part form='everything' id='workforce' enabled='true'/></council-profile>",
        "c.xml", problems);
    REQUIRE(profile);
    const auto with_part = test::everything_form(&*profile);
    const auto without_part = test::everything_form();
    const std::string tricky = "a & b < c > d \"e\" 'f' \ttab\r\nline ]]> \xC2\xA3\xE2\x82\xAC\xF0\x9F\x98\x80 _x0041_ ";
    for (const std::string activity : {"new-policy", "other"}) {
        auto record = forms::new_record(*with_part, "clerk", "2023-10-09T09:00:00Z");
        for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
                 {"title", "T & <b>"},
                 {"author/name", tricky},
                 {"activity", activity},
                 {"other-details", tricky},  // relevant only for 'other'
                 {"apologies", "illness other-business"},
                 {"workforce/headcount", "12"},
                 {"workforce/sex/female", "7"},
                 {"impacts/row[@key='disability']/nature", tricky},
                 {"actions/row[1]/action", "  spaced  "}}) {
            INFO(path);
            REQUIRE_FALSE(forms::set_value(*with_part, record, path, value));
        }
        // As a store gives it back: written, then parsed again.
        const auto stored = forms::parse_record_document(test::record_text(record));
        for (const auto& form : {with_part, without_part}) {  // the workforce part on, then off
            INFO(activity << (form == with_part ? ", workforce on" : ", workforce off"));
            const auto ours = printed_in_place(*form, stored);
            CHECK(ours == printed_by_pugixml(*form, stored));
            CHECK((ours.find("<other-details>") != std::string::npos) == (activity == "other"));
            CHECK((ours.find("<workforce>") != std::string::npos) == (form == with_part));
        }
        // A record held in memory (no store between) prints the same way.
        CHECK(printed_in_place(*without_part, record) == printed_by_pugixml(*without_part, record));
    }
}

TEST_CASE_METHOD(SubmissionFixture, "every stored sample prints straight from the store as pugixml prints its exportable copy") {
    std::size_t seen = 0;
    for (const auto& form : registry->forms()) {
        store->scan({form.form->id, {}, "", ""}, [&](const forms::Record& record) {
            INFO(record.meta.id);
            CHECK(printed_in_place(*form.form, record) == printed_by_pugixml(*form.form, record));
            ++seen;
            return true;
        });
    }
    CHECK(seen == registry->samples().size());
}

TEST_CASE("a submission needs the organisation's code and the collection details") {
    SubmissionFixture without_profile(false);
    exporters::SilentProgress quiet;
    const auto target = without_profile.folder.path() / "s.xml";
    try {
        exporters::make_exporter("xml")->run(without_profile.dataset(), SubmissionFixture::options(), target, quiet);
        FAIL("exported without an organisation");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::bad_options);
        CHECK_THAT(std::string(e.what()), Contains("needs the organisation's code"));
    }
    SubmissionFixture fixture;
    auto missing = SubmissionFixture::options();
    missing.collection.reference_date = "17/10/2023";
    CHECK_THROWS_WITH(exporters::make_exporter("xml")->run(fixture.dataset(), missing, target, quiet),
                      Contains("reference date as YYYY-MM-DD (--reference-date), not '17/10/2023'"));
    CHECK_FALSE(std::filesystem::exists(target));
    CHECK_THROWS_WITH(exporters::make_exporter("pdf"), Contains("no export format 'pdf'; the formats are xlsx, xml"));
}

TEST_CASE_METHOD(SubmissionFixture, "a failed or cancelled export leaves nothing, and a file already there untouched") {
    exporters::SilentProgress quiet;
    const auto missing_folder = folder.path() / "no-such-folder" / "s.xml";
    try {
        exporters::make_exporter("xml")->run(dataset(), options(), missing_folder, quiet);
        FAIL("wrote into a missing folder");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::io);
        CHECK_THAT(std::string(e.what()), Contains("no-such-folder"));
    }

    const auto target = folder.path() / "existing.xml";
    std::ofstream(target) << "the previous submission";
    const auto before = folder_entries(folder.path());
    auto with_drafts = options();
    with_drafts.include_drafts = true;
    test::CancelAfter cancel(3);
    try {
        exporters::make_exporter("xml")->run(dataset(), with_drafts, target, cancel);
        FAIL("the export was not cancelled");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::cancelled);
    }
    CHECK(test::read_text(target.string()) == "the previous submission");
    CHECK(folder_entries(folder.path()) == before);  // no temporary file left behind

    auto nothing = options();
    nothing.form = "written-question";  // all drafts
    CHECK_THROWS_WITH(exporters::make_exporter("xml")->run(dataset(), nothing, target, quiet),
                      Contains("no records at status complete or later"));
    CHECK(test::read_text(target.string()) == "the previous submission");
}

TEST_CASE_METHOD(SubmissionFixture, "a character XML forbids never reaches the file, however it got into a record") {
    // Bypass every entry check, as a bug elsewhere might.
    const auto form = registry->latest("motion");
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    record.meta.status = "complete";
    record.instance().child("title").text().set("bell\x07");
    store->create(*form, record, "clerk");
    const auto target = folder.path() / "s.xml";
    exporters::SilentProgress quiet;
    try {
        exporters::make_exporter("xml")->run(dataset(), options(), target, quiet);
        FAIL("exported a forbidden character");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::invalid_output);
        CHECK_THAT(std::string(e.what()), Contains(record.meta.id) && Contains("U+0007"));
    }
    CHECK_FALSE(std::filesystem::exists(target));
}

namespace {

// Every cell of a workbook as openpyxl reads it: sheet -> row -> column -> value.
std::map<std::string, std::map<int, std::map<std::string, std::string>>> read_cells(const std::filesystem::path& file) {
    const std::string command = std::string("/usr/bin/python3 '") + FORMWORK_READ_WORKBOOK + "' cells '" + file.string() + "'";
    std::FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[4096];
    while (const auto got = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, got);
    REQUIRE(pclose(pipe) == 0);
    const auto unescape = [](const std::string& text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] != '\\' || i + 1 == text.size()) { out += text[i]; continue; }
            const char next = text[++i];
            out += next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next;
        }
        return out;
    };
    std::map<std::string, std::map<int, std::map<std::string, std::string>>> cells;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> fields;
        std::size_t from = 0;
        for (std::size_t tab; (tab = line.find('\t', from)) != std::string::npos; from = tab + 1) fields.push_back(line.substr(from, tab - from));
        fields.push_back(line.substr(from));
        if (fields.size() < 5 || fields[0] != "cell") continue;
        const auto bang = fields[1].rfind('!');
        const std::string sheet = fields[1].substr(0, bang), reference = fields[1].substr(bang + 1);
        const auto digit = reference.find_first_of("0123456789");
        cells[sheet][std::stoi(reference.substr(digit))][reference.substr(0, digit)] = unescape(fields[4]);
    }
    return cells;
}

const forms::Node* top_level_field(const std::vector<forms::Node>& items, const std::string& id) {
    for (const auto& item : items) {
        if (item.kind == forms::NodeKind::section) {
            if (const auto* inner = top_level_field(item.children, id)) return inner;
        } else if (item.kind == forms::NodeKind::field && item.id == id) {
            return &item;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE_METHOD(SubmissionFixture, "every shipped sample exports to a workbook and reads back unchanged through openpyxl") {
    const auto target = folder.path() / "returns.xlsx";
    exporters::SilentProgress quiet;
    sdk::ExportOptions options;
    options.format = "xlsx";
    const auto result = exporters::make_exporter("xlsx")->run(dataset(), options, target, quiet);
    CHECK(result.records == registry->samples().size());
    const auto cells = read_cells(target);

    std::size_t checked = 0;
    for (const auto& sample : registry->samples()) {
        const auto read = forms::read_record(sample.text, sample.name, *registry);
        REQUIRE(read.record);
        const auto& record = *read.record;
        // The form's records sheet is named by its title; the record's id is in its last column.
        const auto sheet = cells.find(read.form->title);
        REQUIRE(sheet != cells.end());
        std::string id_column;
        for (const auto& [column, heading] : sheet->second.at(1))
            if (heading == "Record id") id_column = column;
        REQUIRE_FALSE(id_column.empty());
        const std::map<std::string, std::string>* row = nullptr;
        for (const auto& [number, columns] : sheet->second)
            if (columns.count(id_column) != 0 && columns.at(id_column) == record.meta.id) row = &columns;
        INFO(sample.name);
        REQUIRE(row != nullptr);
        // Every text value of the record's own fields is in its row, exactly as stored.
        for (auto field : record.instance().children()) {
            const auto* node = top_level_field(read.form->items, field.name());
            if (node == nullptr) continue;
            const bool text = node->type == forms::FieldType::text || node->type == forms::FieldType::long_text;
            if (!text || *field.text().get() == '\0') continue;
            bool found = false;
            for (const auto& [column, value] : *row) found = found || value == field.text().get();
            INFO(field.name() << " = " << field.text().get());
            CHECK(found);
            ++checked;
        }
    }
    CHECK(checked > 20);
}

TEST_CASE_METHOD(SubmissionFixture, "a submission's audit entry holds its serial number, the head its header carries, "
                                    "the ids it holds, the file and the SHA-256 of its bytes as written") {
    std::filesystem::create_directory(folder.path() / "returns");
    const auto target = folder.path() / "returns" / ".." / "submission.xml";
    exporters::SilentProgress quiet;
    const auto result = exporters::make_exporter("xml")->run(dataset(), options(), target, quiet);
    const auto exports = store->exports();
    REQUIRE(exports.size() == 1);
    const auto& entry = exports[0];
    CHECK(entry.sequence == result.audit_entry);
    CHECK(entry.by == "clerk");
    CHECK(entry.facts.format == "xml");
    CHECK(entry.facts.scope == "every form; statuses complete and after");
    CHECK(entry.facts.serial == result.serial);
    CHECK(entry.facts.file == target.string());  // as given, where it is absolute already
    const auto digest = forms::digest_file(folder.path() / "submission.xml");
    CHECK(entry.facts.sha256 == digest.sha256);
    CHECK(entry.facts.bytes == digest.bytes);
    const auto text = test::read_text((folder.path() / "submission.xml").string());
    CHECK_THAT(text, Contains("<AuditHeadDigest>" + entry.facts.audit_head + "</AuditHeadDigest>"));
    REQUIRE(entry.facts.record_ids.size() == result.records);
    for (const auto& id : entry.facts.record_ids) {
        CHECK_THAT(text, Contains(id));
        CHECK(store->history(id).back().sequence == entry.sequence);
    }
}

TEST_CASE_METHOD(SubmissionFixture, "a cancelled or refused submission leaves no audit entry") {
    const auto entries = store->verify_trail().entries;
    const auto target = folder.path() / "cancelled.xml";
    test::CancelAfter cancel(0);
    CHECK_THROWS_AS(exporters::make_exporter("xml")->run(dataset(), options(), target, cancel), exporters::ExportError);
    auto nothing = options();
    nothing.form = "motion";
    nothing.status = "withdrawn";
    exporters::SilentProgress quiet;
    CHECK_THROWS_AS(exporters::make_exporter("xml")->run(dataset(), nothing, target, quiet), exporters::ExportError);
    CHECK_FALSE(std::filesystem::exists(target));
    CHECK(store->exports().empty());
    CHECK(store->verify_trail().entries == entries);
}

namespace {

// A draft motion its schema refuses: the mover, seconder and text it must have are not yet
// given (the engine lets a draft be saved so).
forms::Record unfinished_motion(forms::RecordStore& store, const forms::FormRegistry& registry, const std::string& title) {
    const auto form = registry.latest("motion");
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE(record.meta.status == form->lifecycle.initial());
    record.instance().child("title").text().set(title.c_str());
    store.create(*form, record, "clerk");
    return record;
}

}  // namespace

TEST_CASE_METHOD(SubmissionFixture, "a submission with drafts its schema refuses names each of them, its title and "
                                    "fields, writes nothing, and says how to leave them out") {
    const auto first = unfinished_motion(*store, *registry, "Climate emergency");
    const auto second = unfinished_motion(*store, *registry, "Ticket offices");
    const auto entries = store->verify_trail().entries;
    const auto before = folder_entries(folder.path());
    auto with_drafts = options();
    with_drafts.include_drafts = true;
    const auto target = folder.path() / "drafts.xml";
    exporters::SilentProgress quiet;
    try {
        exporters::make_exporter("xml")->run(dataset(), with_drafts, target, quiet);
        FAIL("a submission holding a draft its schema refuses was written");
    } catch (const ExportError& e) {
        const std::string message = e.what();
        INFO(message);
        CHECK(e.kind == ExportError::Kind::invalid_records);
        CHECK_THAT(message, Contains("2 records"));
        for (const auto* record : {&first, &second}) CHECK_THAT(message, Contains("record " + record->meta.id));
        CHECK_THAT(message, Contains("\"Climate emergency\" (motion, draft)") && Contains("\"Ticket offices\""));
        // Each field, by its path, in the engine's words.
        CHECK_THAT(message, Contains("motion-text: Text of the motion is required"));
        CHECK_THAT(message, Contains("moved-by"));
        CHECK_THAT(message, Contains("--skip-invalid"));
        // Never a line of a file that was never written.
        CHECK_THAT(message, !Contains("line "));
    }
    CHECK_FALSE(std::filesystem::exists(target));
    CHECK(folder_entries(folder.path()) == before);  // no temporary file left behind either
    CHECK(store->exports().empty());
    CHECK(store->verify_trail().entries == entries);
}

TEST_CASE_METHOD(SubmissionFixture, "with skip_invalid a submission leaves out the drafts its schema refuses, "
                                    "writes the rest valid, and lists what it left out") {
    const auto unfinished = unfinished_motion(*store, *registry, "Climate emergency");
    auto skipping = options();
    skipping.include_drafts = true;
    skipping.skip_invalid = true;
    const auto target = folder.path() / "skipping.xml";
    exporters::SilentProgress quiet;
    const auto result = exporters::make_exporter("xml")->run(dataset(), skipping, target, quiet);
    CHECK(result.records == registry->samples().size());  // every sample; not the draft left out
    CHECK(xmllint(xsd_path(skipping), target) == 0);
    const auto text = test::read_text(target.string());
    CHECK_THAT(text, !Contains(unfinished.meta.id));
    REQUIRE(result.warnings.size() == 1);
    const auto& said = result.warnings.front();
    INFO(said);
    CHECK_THAT(said, Contains("left out") && Contains(unfinished.meta.id) && Contains("\"Climate emergency\""));
    CHECK_THAT(said, Contains("motion-text: Text of the motion is required"));

    // The audit entry and serial as for any submission; what was left out was not submitted.
    CHECK(result.serial == 1);
    const auto exports = store->exports();
    REQUIRE(exports.size() == 1);
    const auto& ids = exports[0].facts.record_ids;
    CHECK(ids.size() == result.records);
    CHECK(std::find(ids.begin(), ids.end(), unfinished.meta.id) == ids.end());
    CHECK(store->history(unfinished.meta.id).back().sequence != exports[0].sequence);

    // When nothing would be left, nothing is written.
    auto only_it = skipping;
    only_it.form = "motion";
    const exporters::ExportDataset chosen{*store, *registry, "clerk", {unfinished.meta.id}};
    const auto nothing = folder.path() / "nothing.xml";
    try {
        exporters::make_exporter("xml")->run(chosen, only_it, nothing, quiet);
        FAIL("a submission of nothing was written");
    } catch (const ExportError& e) {
        CHECK(e.kind == ExportError::Kind::invalid_records);
        CHECK_THAT(std::string(e.what()), Contains(unfinished.meta.id));
    }
    CHECK_FALSE(std::filesystem::exists(nothing));
    CHECK(store->exports().size() == 1);
}
