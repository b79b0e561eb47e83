// The round trip: the samples' sheet-per-table workbook, edited by openpyxl as an officer
// edits in Excel (edit_workbook.py) and re-saved by LibreOffice, comes back through
// plan_workbook_import and apply_workbook_import into a real SQLite store: changed cells,
// a table row added, a new record; every kind of bad cell refused on its cell; a record
// changed since the export is a conflict; a locked one is refused unless reopened; and a plan
// (the dry run) saves nothing.
#include "domain_plugins.hpp"
#include "reader_output.hpp"
#include "temp_folder.hpp"

#include <formwork/exporters/export_request.hpp>
#include <formwork/exporters/workbook_import.hpp>
#include <formwork/store/sqlite_store.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace formwork;
using Catch::Matchers::Contains;
using Outcome = exporters::WorkbookRecordPlan::Outcome;

namespace {

// Sample records the tests edit (plugins/questions and plugins/eia samples).
const std::string written_question = "0b9e7d52-8a14-4f6c-a3d8-2c5b91e06f47";  // a draft
const std::string draft_motion = "2e64a9d1-7c3b-4f85-9d20-e5a7b38c1f96";
const std::string complete_motion = "7b3f8c05-d21e-4a69-b47c-9e0d5f2a6b18";  // locked
const std::string draft_eia = "0b23e554-6ee3-4728-800c-356fe928228b";

const forms::FormRegistry& registry() {
    static const auto shared = test::make_registry(test::domain_plugins());
    return *shared;
}

struct RoundTrip {
    test::TempFolder folder;
    std::unique_ptr<forms::RecordStore> store = forms::open_sqlite_store({folder.path() / "store.db"});
    std::filesystem::path exported = folder.path() / "returns.xlsx";

    RoundTrip() {
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& sample : registry().samples()) files.emplace_back(sample.name, sample.text);
        for (const auto& item : store->import(registry(), files, "clerk"))
            REQUIRE(item.outcome == forms::ImportItem::Outcome::added);
        exporters::ExportRequest request;
        request.target = exported;
        exporters::run_export({*store, registry(), "clerk"}, request);
    }

    // The exported workbook edited by edit_workbook.py, as `name`.
    std::filesystem::path edited(const std::string& edits_json, const std::string& name = "edited.xlsx") {
        const auto edits = folder.path() / (name + ".json");
        std::ofstream(edits) << edits_json;
        const auto out = folder.path() / name;
        const auto command = "/usr/bin/python3 " + test::shell_quoted(FORMWORK_EDIT_WORKBOOK) + " " +
                             test::shell_quoted(exported.string()) + " " + test::shell_quoted(out.string()) + " " +
                             test::shell_quoted(edits.string());
        REQUIRE(std::system(command.c_str()) == 0);
        return out;
    }

    exporters::WorkbookImportPlan plan(const std::filesystem::path& workbook, const std::string& reopen = {}) {
        exporters::SilentProgress quiet;
        return exporters::plan_workbook_import(workbook, registry(), *store, {"officer", reopen}, quiet);
    }

    void apply(exporters::WorkbookImportPlan& plan, const std::string& reopen = {}) {
        exporters::SilentProgress quiet;
        exporters::apply_workbook_import(plan, registry(), *store, {"officer", reopen}, quiet);
    }

    std::string value(const std::string& id, const std::string& path) {
        const auto record = store->load(id);
        REQUIRE(record);
        const auto node = record->instance().first_element_by_path(path.c_str());
        return node ? node.text().get() : std::string("(none)");
    }
};

std::string describe(const exporters::WorkbookImportPlan& plan) {
    std::string text;
    for (const auto& problem : plan.problems) text += problem.format("workbook") + "\n";
    for (const auto& record : plan.records) {
        text += std::string(exporters::outcome_name(record.outcome)) + " " + record.record_id + " " + record.row.describe() + "\n";
        for (const auto& change : record.changes)
            text += "  " + change.place.describe() + " " + change.path + ": '" + change.before + "' -> '" + change.after + "'\n";
        for (const auto& problem : record.problems) text += "  " + problem.format("workbook") + "\n";
    }
    return text;
}

const exporters::WorkbookRecordPlan& planned(const exporters::WorkbookImportPlan& plan, const std::string& id) {
    for (const auto& record : plan.records)
        if (record.record_id == id) return record;
    FAIL("no record " << id << " in the plan:\n" << describe(plan));
    throw std::logic_error("unreachable");
}

bool changes_path(const exporters::WorkbookRecordPlan& record, const std::string& path, const std::string& after) {
    for (const auto& change : record.changes)
        if (change.path == path && change.after == after) return true;
    return false;
}

std::string answer_label(const std::string& code) {
    const auto form = registry().latest("written-question");
    REQUIRE(form);
    const auto* list = form->list("answer-kind");
    REQUIRE(list);
    const auto* option = list->find(code);
    REQUIRE(option);
    return option->label;
}

std::string trail_head(forms::RecordStore& store) { return store.verify_trail().head_digest; }

}  // namespace

TEST_CASE("a workbook that comes back unedited changes nothing", "[workbook-import]") {
    RoundTrip trip;
    const auto plan = trip.plan(trip.exported);
    INFO(describe(plan));
    REQUIRE_FALSE(plan.refused());
    CHECK(plan.count(Outcome::unchanged) == plan.records.size());
    CHECK(plan.records.size() == 26);
    CHECK_FALSE(plan.saves_anything());
}

TEST_CASE("cells changed, a table row added and a new record come back as revisions, the plan alone saves nothing",
          "[workbook-import]") {
    RoundTrip trip;
    const auto workbook = trip.edited(R"json([
      {"set": ["Written question", "Subject", {"id": "0b9e7d52-8a14-4f6c-a3d8-2c5b91e06f47"}, "Street lighting, Foleshill Road"]},
      {"set": ["Written question", "How it was answered", {"id": "0b9e7d52-8a14-4f6c-a3d8-2c5b91e06f47"}, ")json" +
                                      answer_label("written") + R"json("]},
      {"set": ["Written question", "Date", {"id": "0b9e7d52-8a14-4f6c-a3d8-2c5b91e06f47"}, {"date": "2024-03-31"}]},
      {"append": ["Motion for debate \u2013 Amendments", {"Record id": "2e64a9d1-7c3b-4f85-9d20-e5a7b38c1f96",
                                                         "Text of the amendment": "Insert 'and ward councillors'"}]},
      {"append": ["Written question", {"Record id": "NEW1", "Number": 99, "Subject": "Bus lanes, from the train"}]}
    ])json");
    const auto head = trail_head(*trip.store);
    const auto before = trip.store->load(written_question)->meta.revision;

    auto plan = trip.plan(workbook);
    INFO(describe(plan));
    REQUIRE_FALSE(plan.refused());
    const auto& question = planned(plan, written_question);
    CHECK(question.outcome == Outcome::updated);
    CHECK(changes_path(question, "subject", "Street lighting, Foleshill Road"));
    CHECK(changes_path(question, "answer-kind", "written"));
    CHECK(changes_path(question, "meeting/date", "2024-03-31"));
    CHECK(question.changes.size() == 3);
    const auto& motion = planned(plan, draft_motion);
    CHECK(motion.outcome == Outcome::updated);
    bool row_added = false;
    for (const auto& change : motion.changes) row_added = row_added || change.label == "Row added";
    CHECK(row_added);
    CHECK(plan.count(Outcome::added) == 1);
    CHECK(plan.count(Outcome::updated) == 2);
    CHECK(plan.count(Outcome::unchanged) == 24);

    // The plan is the dry run: nothing was saved.
    CHECK(trip.store->load(written_question)->meta.revision == before);
    CHECK(trail_head(*trip.store) == head);

    trip.apply(plan);
    INFO(describe(plan));
    CHECK(planned(plan, written_question).saved_revision == before + 1);
    CHECK(trip.value(written_question, "subject") == "Street lighting, Foleshill Road");
    CHECK(trip.value(written_question, "answer-kind") == "written");
    CHECK(trip.value(written_question, "meeting/date") == "2024-03-31");
    const auto motion_record = trip.store->load(draft_motion);
    std::string amendments;
    for (auto row : motion_record->instance().child("amendments").children("row"))
        amendments += std::string(row.child("amendment-text").text().get()) + "|";
    CHECK_THAT(amendments, Contains("Insert 'and ward councillors'"));
    // The new record is in the store, and each saved record's audit entry names the workbook.
    std::string added_id;
    for (const auto& record : plan.records)
        if (record.outcome == Outcome::added) added_id = record.record_id;
    REQUIRE_FALSE(added_id.empty());
    CHECK(trip.value(added_id, "subject") == "Bus lanes, from the train");
    CHECK(trip.value(added_id, "number") == "99");
    const auto history = trip.store->history(written_question);
    REQUIRE_FALSE(history.empty());
    const auto& entry = history.back();
    CHECK(entry.action == "import");
    REQUIRE_FALSE(entry.changes.empty());
    CHECK(entry.changes.front().path == "meta/imported-from");
    CHECK_THAT(entry.changes.front().new_value, Contains("edited.xlsx") && Contains("sheet 'Written question'"));
    CHECK(trip.store->verify_trail().intact);

    // The same workbook again: its rows were exported at revisions that have moved on. The
    // question's row says what the store now holds: nothing to save, and no conflict. The
    // motion's new amendment has no Row number, so it would be added again, to a record changed
    // since the export: a conflict.
    auto again = trip.plan(workbook);
    INFO(describe(again));
    CHECK(planned(again, written_question).outcome == Outcome::unchanged);
    CHECK(planned(again, draft_motion).outcome == Outcome::conflict);
    CHECK(again.count(Outcome::added) == 1);  // the new record's row has no id: it would come again
}

TEST_CASE("people, several choices, a fixed table's row, a new record with its rows, a row removed, and text that looks "
          "like a formula all come back as written", "[workbook-import]") {
    RoundTrip trip;
    const std::string approval_draft = "c3f9a0d2-6b41-4e8f-9a37-2d5e81b4f6c0";
    const std::string motion_with_amendments = "f0a95d37-6e4b-4c12-8a7f-1d3c8b6e9f25";
    const auto stored_amendments = [&](const std::string& id) {
        const auto record = trip.store->load(id);
        std::vector<std::string> texts;
        for (auto row : record->instance().child("amendments").children("row"))
            texts.emplace_back(row.child("amendment-text").text().get());
        return texts;
    };
    auto amendments_before = stored_amendments(draft_motion);
    const auto workbook = trip.edited(R"json([
      {"set": ["Motion for debate", "Moved by \u2014 name", {"id": "2e64a9d1-7c3b-4f85-9d20-e5a7b38c1f96"}, "Councillor Akhtar"]},
      {"set": ["Motion for debate", "Title", {"id": "2e64a9d1-7c3b-4f85-9d20-e5a7b38c1f96"}, {"text": "=HYPERLINK(\"http://example.org\")"}]},
      {"set": ["Report approval trail", "Ward(s) affected", {"id": "c3f9a0d2-6b41-4e8f-9a37-2d5e81b4f6c0"}, "Foleshill; Henley"]},
      {"set": ["2.2 Protected characteristics", "Impact type P, N, PN, NI or ID", {"id": "0b23e554-6ee3-4728-800c-356fe928228b", "key": "disability"}, "N"]},
      {"set": ["2.2 Protected characteristics", "Nature of impact and any mitigations required", {"id": "0b23e554-6ee3-4728-800c-356fe928228b", "key": "disability"}, "Step-free access is needed at the venue."]},
      {"append": ["Motion for debate", {"Record id": "NEW-MOTION", "Title": "Pavement parking"}]},
      {"append": ["Motion for debate \u2013 Amendments", {"Record id": "NEW-MOTION", "Moved by": "Councillor Lloyd", "Text of the amendment": "Add 'and verges'"}]},
      {"delete": ["Motion for debate \u2013 Amendments", {"id": "f0a95d37-6e4b-4c12-8a7f-1d3c8b6e9f25", "row": 1}]}
    ])json");
    // The motion whose amendment is removed is complete, and so locked: it is reopened.
    const std::string reason = "Amendment 1 was withdrawn before the meeting";
    auto plan = trip.plan(workbook, reason);
    INFO(describe(plan));
    REQUIRE_FALSE(plan.refused());
    CHECK(planned(plan, draft_motion).outcome == Outcome::updated);
    CHECK(changes_path(planned(plan, draft_motion), "moved-by/name", "Councillor Akhtar"));
    CHECK(changes_path(planned(plan, approval_draft), "wards", "foleshill henley"));
    CHECK(changes_path(planned(plan, draft_eia), "impacts/row[@key='disability']/impact", "N"));
    bool removed = false;
    for (const auto& change : planned(plan, motion_with_amendments).changes) removed = removed || change.label == "Row removed";
    CHECK(removed);
    CHECK(plan.count(Outcome::added) == 1);
    const auto amendments_of_other = stored_amendments(motion_with_amendments);
    REQUIRE_FALSE(amendments_of_other.empty());

    trip.apply(plan, reason);
    INFO(describe(plan));
    CHECK(trip.value(draft_motion, "moved-by/name") == "Councillor Akhtar");
    CHECK(trip.value(draft_motion, "title") == "=HYPERLINK(\"http://example.org\")");
    CHECK(stored_amendments(draft_motion) == amendments_before);
    const auto approval = trip.store->load(approval_draft);  // kept: its nodes are read below
    REQUIRE(approval);
    const auto wards = approval->instance().child("wards");
    std::vector<std::string> codes;
    for (auto item : wards.children("item")) codes.emplace_back(item.text().get());
    CHECK(codes == std::vector<std::string>{"foleshill", "henley"});
    const auto eia = trip.store->load(draft_eia);
    const auto disability = eia->instance().child("impacts").find_child_by_attribute("row", "key", "disability");
    CHECK(std::string(disability.child("impact").text().get()) == "N");
    CHECK(std::string(disability.child("nature").text().get()) == "Step-free access is needed at the venue.");
    auto after_removal = stored_amendments(motion_with_amendments);
    CHECK(after_removal.size() == amendments_of_other.size() - 1);
    std::string added_id;
    for (const auto& record : plan.records)
        if (record.outcome == Outcome::added) added_id = record.record_id;
    REQUIRE_FALSE(added_id.empty());
    CHECK(trip.value(added_id, "title") == "Pavement parking");
    CHECK(stored_amendments(added_id) == std::vector<std::string>{"Add 'and verges'"});
    CHECK(trip.store->verify_trail().intact);
}

TEST_CASE("each kind of bad cell is refused on its cell, saying what was expected", "[workbook-import]") {
    RoundTrip trip;
    const auto workbook = trip.edited(R"json([
      {"set": ["Written question", "Number", {"id": "0b9e7d52-8a14-4f6c-a3d8-2c5b91e06f47"}, {"formula": "=1+1"}]},
      {"set": ["Written question", "Date", {"id": "6f1c2a84-3b5e-4d7a-9c21-8e4f0b7d5a13"}, "soon"]},
      {"set": ["Written question", "How it was answered", {"id": "93e2c5b7-1f08-4a6d-b5e4-0d7a6c8f3b29"}, "Perhaps"]},
      {"set": ["Written question", "Number", {"id": "d4a86f19-52c7-4e0b-8b3a-7f1d29c4e685"}, "twelve"]},
      {"set": ["2.2 Protected characteristics", "Row key", {"id": "0b23e554-6ee3-4728-800c-356fe928228b", "key": "disability"}, "wealth"]},
      {"set": ["Motion for debate", "Title", {"id": "2e64a9d1-7c3b-4f85-9d20-e5a7b38c1f96"}, "Bell_x0007_"]},
      {"append": ["Motion for debate \u2013 Amendments", {"Record id": "no-such-record", "Moved by": "Councillor Lloyd"}]}
    ])json");
    const auto plan = trip.plan(workbook);
    INFO(describe(plan));
    REQUIRE_FALSE(plan.refused());
    const auto problem_of = [&](const std::string& id) {
        const auto& record = planned(plan, id);
        CHECK(record.outcome == Outcome::refused);
        REQUIRE_FALSE(record.problems.empty());
        return record.problems.front();
    };
    const auto formula = problem_of(written_question);
    CHECK_THAT(formula.place.describe(), Contains("sheet 'Written question', cell E") && Contains("(Number)"));
    CHECK_THAT(formula.message, Contains("formula") && Contains("=1+1"));
    const auto date = problem_of("6f1c2a84-3b5e-4d7a-9c21-8e4f0b7d5a13");
    CHECK_THAT(date.place.describe(), Contains("cell R") && Contains("(Date)"));
    CHECK_THAT(date.message, Contains("a date is expected") && Contains("'soon'"));
    const auto choice = problem_of("93e2c5b7-1f08-4a6d-b5e4-0d7a6c8f3b29");
    CHECK_THAT(choice.place.describe(), Contains("cell L"));
    CHECK_THAT(choice.message, Contains("'Perhaps' is not a choice") && Contains(answer_label("written")));
    const auto number = problem_of("d4a86f19-52c7-4e0b-8b3a-7f1d29c4e685");
    CHECK_THAT(number.message, Contains("a whole number is expected") && Contains("twelve"));
    const auto key = problem_of(draft_eia);
    CHECK_THAT(key.place.describe(), Contains("sheet '2.2 Protected characteristics'") && Contains("(Row key)"));
    CHECK_THAT(key.message, Contains("'wealth' is not a row of this table"));
    const auto control = problem_of(draft_motion);
    CHECK_THAT(control.place.describe(), Contains("(Title)"));
    CHECK_THAT(control.message, Contains("U+0007"));
    bool orphan = false;
    for (const auto& problem : plan.problems)
        orphan = orphan || (problem.place.sheet == "Motion for debate \xE2\x80\x93 Amendments" &&
                            problem.message.find("'no-such-record'") != std::string::npos);
    CHECK(orphan);

    // Refused records are not saved; the rest of the workbook is unchanged anyway.
    auto copy = plan;
    trip.apply(copy);
    CHECK(trip.store->load(written_question)->meta.revision == 1);
}

TEST_CASE("a record changed in the database since the export is a conflict, and is not saved", "[workbook-import]") {
    RoundTrip trip;
    // A colleague saves the question after the export.
    auto record = *trip.store->load(written_question);
    const auto form = registry().find(record.meta.form_id, record.meta.form_version);
    record.instance().child("booklet").text().set("Booklet 2");
    trip.store->update(*form, record, record.meta.revision, "colleague");

    const auto workbook = trip.edited(R"json([
      {"set": ["Written question", "Subject", {"id": "0b9e7d52-8a14-4f6c-a3d8-2c5b91e06f47"}, "My change"]}
    ])json");
    auto plan = trip.plan(workbook);
    INFO(describe(plan));
    const auto& question = planned(plan, written_question);
    CHECK(question.outcome == Outcome::conflict);
    CHECK_THAT(question.problems.front().message, Contains("changed in the database since this workbook was exported") &&
                                                      Contains("colleague"));
    trip.apply(plan);
    CHECK(trip.value(written_question, "subject") != "My change");
    CHECK(trip.value(written_question, "booklet") == "Booklet 2");
}

TEST_CASE("a locked record is refused and named, unless it is reopened with a reason", "[workbook-import]") {
    RoundTrip trip;
    const auto workbook = trip.edited(R"json([
      {"set": ["Motion for debate", "Title", {"id": "7b3f8c05-d21e-4a69-b47c-9e0d5f2a6b18"}, "Climate emergency, amended title"]}
    ])json");
    auto refused = trip.plan(workbook);
    INFO(describe(refused));
    const auto& locked = planned(refused, complete_motion);
    CHECK(locked.outcome == Outcome::locked);
    CHECK_THAT(locked.problems.front().message, Contains(complete_motion));
    trip.apply(refused);
    CHECK(trip.store->load(complete_motion)->meta.revision == 1);

    auto reopened = trip.plan(workbook, "The clerk corrected the title after the meeting");
    INFO(describe(reopened));
    CHECK(planned(reopened, complete_motion).outcome == Outcome::updated);
    trip.apply(reopened, "The clerk corrected the title after the meeting");
    CHECK(trip.value(complete_motion, "title") == "Climate emergency, amended title");
    bool reopen_entry = false;
    for (const auto& entry : trip.store->history(complete_motion)) reopen_entry = reopen_entry || entry.action == "reopen";
    CHECK(reopen_entry);
    CHECK(trip.store->verify_trail().intact);
}

TEST_CASE("a workbook re-saved by LibreOffice comes back the same: dates by their number formats", "[workbook-import]") {
    RoundTrip trip;
    const auto workbook = trip.edited(R"json([
      {"set": ["Written question", "Date", {"id": "0b9e7d52-8a14-4f6c-a3d8-2c5b91e06f47"}, {"date": "2024-03-31"}]},
      {"set": ["Written question", "Subject", {"id": "0b9e7d52-8a14-4f6c-a3d8-2c5b91e06f47"}, "Re-saved by LibreOffice"]}
    ])json");
    const auto resaved_folder = trip.folder.path() / "resaved";
    std::filesystem::create_directories(resaved_folder);
    const auto profile = "file://" + (trip.folder.path() / "lo-profile").string();
    const auto command = "soffice --headless -env:UserInstallation=" + profile + " --convert-to xlsx --outdir " +
                         test::shell_quoted(resaved_folder.string()) + " " + test::shell_quoted(workbook.string()) +
                         " >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    const auto resaved = resaved_folder / "edited.xlsx";
    REQUIRE(std::filesystem::exists(resaved));

    const auto plan = trip.plan(resaved);
    INFO(describe(plan));
    REQUIRE_FALSE(plan.refused());
    const auto& question = planned(plan, written_question);
    CHECK(question.outcome == Outcome::updated);
    CHECK(changes_path(question, "meeting/date", "2024-03-31"));
    CHECK(changes_path(question, "subject", "Re-saved by LibreOffice"));
    CHECK(question.changes.size() == 2);
    CHECK(plan.count(Outcome::updated) == 1);
    CHECK(plan.count(Outcome::unchanged) == plan.records.size() - 1);
}

TEST_CASE("a file that is not a Formwork workbook is refused whole, saying why", "[workbook-import]") {
    RoundTrip trip;
    const auto text = trip.folder.path() / "notes.xlsx";
    std::ofstream(text) << "not a zip";
    const auto plan = trip.plan(text);
    CHECK(plan.refused());
    REQUIRE_FALSE(plan.problems.empty());
    CHECK_THAT(plan.problems.front().format("notes.xlsx"), Contains("notes.xlsx"));

    const auto no_fields = trip.folder.path() / "no-fields.xlsx";
    const auto command = "/usr/bin/python3 -c \"import openpyxl; b=openpyxl.Workbook(); b.active['A1']='Hello'; b.save('" +
                         no_fields.string() + "')\"";
    REQUIRE(std::system(command.c_str()) == 0);
    const auto plain = trip.plan(no_fields);
    CHECK(plain.refused());
    CHECK_THAT(plain.problems.front().message, Contains("no Fields sheet"));
}
