// The report approval trail, loaded from the real plugin library: the seeds' three reports as
// samples that validate, the Word sign-off tables of the seeds read back into exactly those
// trails, every rule firing on the faulty sample with its row, working days against the
// council's bank holidays, the EIA link through the store, and the views.
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/host/text_import.hpp>
#include <formwork/model/validator.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace formwork;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using test::describe;

namespace {

const forms::PluginHost& domain_host() { return test::domain_plugins({"approvals.so", "eia.so", "questions.so"}); }

std::unique_ptr<forms::FormRegistry> make_registry(const std::string& profile_text = {}) {
    return test::make_registry(domain_host(), profile_text);
}

const forms::FormRegistry& registry() {
    static const auto shared = make_registry();
    return *shared;
}

std::string sample_text(const std::string& name) {
    for (const auto& s : registry().samples())
        if (s.name == name) return s.text;
    FAIL("no sample " << name);
    return {};
}

forms::Record read(const std::string& text, const forms::FormRegistry& forms = registry()) {
    return test::read_record_text(text, forms);
}

const char* const trails[] = {"adult-social-care-2023", "youth-justice-plan-2023", "devolution-deal-2023"};

forms::Diagnostics validate(const forms::Record& record, const std::string& status, const std::string& today,
                            const forms::FormRegistry& forms = registry(), const sdk::RecordQuery* records = nullptr) {
    return forms::validate_record(*forms.latest("approval-trail"), record, {status, "governance-services", today, records});
}

std::string word_trail(const std::string& name) {
    return test::read_text(std::string(FORMWORK_WORD_TRAILS_DIR) + "/" + name + ".txt");
}

// Every column of every sign-off row, as text, for comparing whole tables.
std::vector<std::vector<std::string>> sign_offs(const forms::Record& record) {
    std::vector<std::vector<std::string>> rows;
    for (auto row : record.instance().child("sign-offs").children("row")) {
        std::vector<std::string> cells;
        for (auto cell : row.children()) cells.push_back(std::string(cell.name()) + "=" + cell.text().get());
        rows.push_back(std::move(cells));
    }
    return rows;
}

}  // namespace

TEST_CASE("the approvals plugin brings the approval trail form, with the seeds' three reports and a faulty one") {
    INFO(describe(registry().diagnostics()));
    CHECK(registry().diagnostics().empty());
    const auto form = registry().latest("approval-trail");
    REQUIRE(form);
    CHECK(form->version == 1);
    CHECK(form->extension);
    std::size_t samples = 0;
    for (const auto& s : registry().samples()) samples += s.plugin_id == "approvals" ? 1u : 0u;
    CHECK(samples == 4);
}

TEST_CASE("the seeds' three approval trails validate clean at complete") {
    for (const auto* trail : trails) {
        INFO(trail);
        const auto record = read(sample_text(std::string("approval-trail-") + trail + ".record.xml"));
        const auto found = validate(record, "complete", "2023-12-01");
        INFO(describe(found));
        CHECK(found.empty());
    }
}

TEST_CASE("the Word sign-off tables of the seeds import as exactly the seeds' trails, roles inferred where none is given") {
    for (const auto* trail : trails) {
        INFO(trail);
        const auto sample = read(sample_text(std::string("approval-trail-") + trail + ".record.xml"));
        auto imported = forms::import_text(registry(), "word-trail", word_trail(trail), std::string(trail) + ".txt",
                                           std::nullopt, "governance-services", "2023-12-01T10:00:00Z");
        INFO(describe(imported.diagnostics));
        REQUIRE(imported.record);
        CHECK_FALSE(forms::has_errors(imported.diagnostics));
        CHECK(sign_offs(*imported.record) == sign_offs(sample));
        // Each inferred role is a note on its own row and line, for the officer to check.
        std::size_t inferred = 0;
        for (auto row : sample.instance().child("sign-offs").children("row"))
            inferred += std::string(row.child("role-inferred").text().get()) == "true" ? 1u : 0u;
        std::size_t notes = 0;
        for (const auto& d : imported.diagnostics)
            if (d.message.find("inferred") != std::string::npos) {
                ++notes;
                CHECK(d.line > 0);
                CHECK_THAT(d.path, Contains("sign-offs/row[") && Contains("]/role"));
            }
        CHECK(notes == inferred);
    }
}

TEST_CASE("importing a trail into an existing report replaces its sign-offs and keeps the rest") {
    const auto sample = read(sample_text("approval-trail-youth-justice-plan-2023.record.xml"));
    auto into = sample;
    into.instance().child("sign-offs").remove_children();
    auto imported = forms::import_text(registry(), "word-trail", word_trail("youth-justice-plan-2023"), "yjp.txt", into,
                                       "clerk", "2023-12-01T10:00:00Z");
    INFO(describe(imported.diagnostics));
    REQUIRE(imported.record);
    CHECK(imported.record->meta.id == sample.meta.id);
    CHECK(imported.record->meta.modified_by == "clerk");
    CHECK(test::record_text(*imported.record).find("Coventry Youth Justice Plan") != std::string::npos);
    CHECK(sign_offs(*imported.record) == sign_offs(sample));
}

TEST_CASE("a text with no sign-off table, or a format no plugin reads, is refused with the reason") {
    auto none = forms::import_text(registry(), "word-trail", "Dear colleague,\nplease approve.\n", "letter.txt", std::nullopt,
                                   "clerk", "2023-12-01T10:00:00Z");
    CHECK_FALSE(none.record);
    INFO(describe(none.diagnostics));
    REQUIRE(forms::has_errors(none.diagnostics));
    CHECK_THAT(describe(none.diagnostics), Contains("letter.txt") && Contains("approvals") && Contains("no sign-off table"));

    auto unknown = forms::import_text(registry(), "minutes-pdf", "%PDF", "m.pdf", std::nullopt, "clerk", "2023-12-01T10:00:00Z");
    CHECK_FALSE(unknown.record);
    CHECK_THAT(describe(unknown.diagnostics), Contains("no loaded plugin reads the format 'minutes-pdf'") && Contains("word-trail"));
}

TEST_CASE("an impossible date is kept as written on its row, flagged, and never guessed") {
    const std::string text = "Contributor/approver name\tTitle\tService Area\tDate doc sent out\tDate response received or approved\n"
                             "Contributors:\t\t\t\t\n"
                             "Lisa Lawson\tProgramme Delivery Manager\tAdult Services\t31.02.2023\t03.08.2023\n";
    auto imported = forms::import_text(registry(), "word-trail", text, "paste", std::nullopt, "clerk", "2023-12-01T10:00:00Z");
    INFO(describe(imported.diagnostics));
    REQUIRE(imported.record);
    const auto row = imported.record->instance().child("sign-offs").child("row");
    CHECK(std::string(row.child("sent").text().get()).empty());
    CHECK(std::string(row.child("sent-as-written").text().get()) == "31.02.2023");
    CHECK(std::string(row.child("received").text().get()) == "2023-08-03");
    CHECK(test::has_diagnostic(imported.diagnostics, "sign-offs/row[1]/sent", "31.02.2023", forms::Severity::warning));
    // The record itself keeps flagging it until a date is entered.
    CHECK(test::has_diagnostic(validate(*imported.record, {}, "2023-12-01"), "sign-offs/row[1]/sent-as-written",
                               "could not be read", forms::Severity::warning));
}

TEST_CASE("the faulty trail fires every rule, each naming its row") {
    const auto record = read(sample_text("approval-trail-faulty-example.record.xml"));
    const auto found = validate(record, "complete", "2023-12-01");
    INFO(describe(found));
    using S = forms::Severity;
    const std::set<std::tuple<std::string, std::string, S>> expected = {
        {"sign-offs/row[1]/sent-as-written", "could not be read", S::warning},
        {"sign-offs/row[2]/received", "cannot come before the document was sent out", S::error},
        {"sign-offs/row[3]/received", "before the first meeting on the route", S::error},
        {"sign-offs/row[4]/received", "has not responded: every approver must respond", S::error},
        {"sign-offs/row[4]/received", "after 44 working days (overdue after 10)", S::warning},
        {"sign-offs", "No approver has the role Legal", S::error},
        {"route", "in date order", S::error},
        {"wards", "cannot be combined", S::error},
        {"council/answer", "should end with Council", S::warning},
        {"key-decision-reason", "key decision", S::warning},
    };
    for (const auto& [path, words, severity] : expected) {
        INFO(path << ": " << words);
        CHECK(test::has_diagnostic(found, path, words, severity));
    }
    CHECK(found.size() == expected.size());
    // As a draft, the rules that wait for submission stay quiet.
    const auto draft = validate(record, "draft", "2023-12-01");
    CHECK_FALSE(test::has_diagnostic(draft, "sign-offs/row[4]/received", "has not responded"));
    CHECK_FALSE(test::has_diagnostic(draft, "sign-offs/row[3]/received", "first meeting"));
}

TEST_CASE("overdue counts working days: Monday to Friday, less the council's bank holidays, after its own setting") {
    const auto profile = [](const std::string& days, bool holidays) {
        return std::string(R"(<council-profile id="test" name="Test">
  <organisation code="E00000001"/>
  <setting form="approval-trail" name="overdue-working-days" value=")") +
               days + "\"/>\n" +
               (holidays ? R"(  <bank-holiday date="2023-12-25" name="Christmas Day"/>
  <bank-holiday date="2023-12-26" name="Boxing Day"/>
  <bank-holiday date="2024-01-01" name="New Year's Day"/>
)"
                         : "") +
               "</council-profile>";
    };
    auto record = read(sample_text("approval-trail-faulty-example.record.xml"));
    record.instance().child("sign-offs").last_child().child("sent").text().set("2023-12-22");  // a Friday
    const auto text = test::record_text(record);
    const auto waited = [&](const std::string& days, bool holidays, const std::string& words) {
        const auto forms = make_registry(profile(days, holidays));
        return test::has_diagnostic(validate(read(text, *forms), "draft", "2024-01-02", *forms), "sign-offs/row[4]/received",
                                    words, forms::Severity::warning);
    };
    // After 22 December up to 2 January: 27, 28 and 29 December, and 2 January.
    CHECK(waited("3", true, "after 4 working days (overdue after 3)"));
    CHECK_FALSE(waited("4", true, "overdue"));
    // Without the bank holidays, 25 and 26 December and 1 January count too.
    CHECK(waited("5", false, "after 7 working days (overdue after 5)"));
    // The default is 10, and a setting that is no number says so and uses it.
    const auto unreadable = make_registry(profile("soon", true));
    CHECK(test::has_diagnostic(validate(read(text, *unreadable), "draft", "2024-01-02", *unreadable), "sign-offs",
                               "'soon', not a number of days from 1 to 365; 10 is used", forms::Severity::warning));
    CHECK_FALSE(test::has_diagnostic(validate(record, "draft", "2024-01-02"), "sign-offs/row[4]/received", "overdue",
                                     forms::Severity::warning));
}

TEST_CASE("a council chooses the approver roles it requires") {
    const auto forms = make_registry(R"(<council-profile id="test" name="Test">
  <organisation code="E00000001"/>
  <list form="approval-trail" id="required-approver-roles">
    <option code="finance">Finance</option>
    <option code="director">Director</option>
  </list>
</council-profile>)");
    const auto text = sample_text("approval-trail-faulty-example.record.xml");
    CHECK(test::has_diagnostic(validate(read(text), "draft", "2023-12-01"), "sign-offs", "the role Legal"));
    const auto found = validate(read(text, *forms), "draft", "2023-12-01", *forms);
    INFO(describe(found));
    CHECK_FALSE(test::has_diagnostic(found, "sign-offs", "the role Legal"));
}

TEST_CASE("6.4 links to an EIA held in the store, and a wrong link is named") {
    test::TempFolder folder;
    const auto store = test::make_test_store(folder.path());
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& s : registry().samples()) files.emplace_back(s.name, s.text);
    for (const auto& item : store->import(registry(), files, "governance-services")) {
        INFO(item.source << describe(item.diagnostics));
        CHECK(item.outcome == forms::ImportItem::Outcome::added);
    }
    auto plan = read(sample_text("approval-trail-youth-justice-plan-2023.record.xml"));
    CHECK(validate(plan, "complete", "2023-12-01", registry(), &store->query()).empty());

    const auto link = [&](const std::string& id) {
        plan.instance().child("equalities").child("eia").text().set(id.c_str());
        return validate(plan, "complete", "2023-12-01", registry(), &store->query());
    };
    CHECK(test::has_diagnostic(link("7b3f8c05-d21e-4a69-b47c-9e0d5f2a6b18"), "equalities/eia", "which is a motion, not an EIA"));
    CHECK(test::has_diagnostic(link("00000000-0000-4000-8000-000000000000"), "equalities/eia", "not held in this database",
                               forms::Severity::warning));
}

TEST_CASE("the approval views: a timeline against the meetings, and each sign-off with its status") {
    test::TempFolder folder;
    const auto store = test::make_test_store(folder.path());
    const auto faulty = sample_text("approval-trail-faulty-example.record.xml");
    const auto plan = sample_text("approval-trail-youth-justice-plan-2023.record.xml");
    store->import(registry(), {{"faulty", faulty}, {"plan", plan}}, "governance-services");
    const auto form = registry().latest("approval-trail");
    const auto request = form->extension->view_request(
        *form, {read(plan).meta.id, read(faulty).meta.id}, store->query(), "2023-12-01");
    forms::Diagnostics problems;
    const auto timelines = form->extension->timeline_views(request, problems);
    const auto sheets = form->extension->sheet_views(request, problems);
    INFO(describe(problems));
    REQUIRE(problems.empty());

    REQUIRE(timelines.size() == 1);
    const auto& timeline = timelines[0];
    CHECK(timeline.name == "Approval timeline");
    REQUIRE(timeline.rows.size() == 1 + 7 + 1 + 4);  // each trail: a row of meetings, then a row per sign-off
    CHECK(timeline.rows[0].markers.size() == 2);
    CHECK(timeline.rows[0].markers[0].date == "2023-10-03");
    CHECK(timeline.rows[1].intervals.at(0).style == "rag-green");
    const auto& awaited = timeline.rows.back();
    CHECK_THAT(awaited.label, Contains("Councillor A Example"));
    CHECK(awaited.intervals.at(0).end == "2023-12-01");  // still waiting: drawn to today
    CHECK(awaited.intervals.at(0).style == "rag-red");
    CHECK_THAT(timeline.text_alternative, Contains("1 overdue"));

    REQUIRE(sheets.size() == 1);
    const auto& status = sheets[0];
    CHECK(status.name == "Sign-off status");
    REQUIRE(status.rows.size() == 11);
    const auto& last = status.rows.back();
    CHECK(last[9].text == "overdue");
    CHECK(last[9].style == "rag-red");
    CHECK(last[8].number == 44);
    // The faulty example's Finance sign-off answered on 1 September a document sent on the 5th:
    // a problem to settle, never "responded" with 0 working days.
    const auto& backwards = status.rows.at(8);
    CHECK(backwards[6].text == "2023-09-05");
    CHECK(backwards[7].text == "2023-09-01");
    CHECK(backwards[9].text == "dates to check");
    CHECK(backwards[9].style == "rag-red");
    CHECK(backwards[8].type == sdk::Cell::Type::empty);
    CHECK_THAT(status.text_alternative, Contains("9 responded") && Contains("1 overdue") && Contains("1 with dates to check"));
    CHECK_THAT(timeline.rows.at(10).label, EndsWith(": dates to check"));
    CHECK(timeline.rows.at(10).intervals.empty());
}
