// SDK 1.10's flagged_rows in the shipped plugins, on a fixed day: the approval trail flags the
// Sign-off status rows its view draws as overdue or with dates to check, and attendance flags a
// year grid's quorum row for a meeting short of its quorum, each with its record and in the
// words of the record's own warning.
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/form_extension.hpp>
#include <formwork/model/validator.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

const forms::FormRegistry& registry() {
    static const auto shared = test::make_registry(test::domain_plugins({"approvals.so", "attendance.so"}));
    return *shared;
}

forms::Record read(const std::string& text) { return test::read_record_text(text, registry()); }

struct Flagged {
    std::vector<sdk::SheetView> views;
    std::vector<sdk::FlaggedRow> flags;
};

Flagged flagged(forms::RecordStore& store, const std::string& form_id, const std::vector<std::string>& ids) {
    const auto form = registry().latest(form_id);
    const auto request = form->extension->view_request(*form, ids, store.query(), "2023-12-01");
    forms::Diagnostics problems;
    Flagged out;
    out.views = form->extension->sheet_views(request, problems);
    out.flags = form->extension->flagged_rows(request, out.views, problems);
    INFO(test::describe(problems));
    REQUIRE(problems.empty());
    return out;
}

// The samples of both plugins, with one edit to a sample before it is stored.
struct Store {
    test::TempFolder folder;
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());
    std::map<std::string, std::string> ids;  // sample name -> record id

    explicit Store(const std::function<void(const std::string&, forms::Record&)>& edit = {}) {
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& sample : registry().samples()) {
            auto record = read(sample.text);
            if (edit) edit(sample.name, record);
            ids[sample.name] = record.meta.id;
            files.emplace_back(sample.name, test::record_text(record));
        }
        for (const auto& item : store->import(registry(), files, "clerk")) REQUIRE(item.outcome == forms::ImportItem::Outcome::added);
    }
};

}  // namespace

TEST_CASE("the approval trail flags its overdue and dates-to-check sign-offs, with the record and the overdue warning's words") {
    Store samples;
    const auto faulty = samples.ids.at("approval-trail-faulty-example.record.xml");
    const auto plan = samples.ids.at("approval-trail-youth-justice-plan-2023.record.xml");
    const auto found = flagged(*samples.store, "approval-trail", {plan, faulty});
    REQUIRE(found.views.size() == 1);
    const auto& view = found.views.front();
    REQUIRE(view.rows.size() == 11);
    REQUIRE(found.flags.size() == 2);
    // Each flag is a row the view itself shows as a problem, and every such row is flagged.
    std::size_t shown = 0;
    for (std::size_t r = 0; r < view.rows.size(); ++r)
        shown += view.rows[r][9].text == "overdue" || view.rows[r][9].text == "dates to check" ? 1U : 0U;
    CHECK(shown == found.flags.size());
    const auto& dates = found.flags[0];
    CHECK(dates.view == "Sign-off status");
    CHECK(dates.row == 8);
    CHECK(view.rows[dates.row][9].text == "dates to check");
    CHECK(dates.record_id == faulty);
    CHECK_THAT(dates.problem, Contains("dated 2023-09-01, before the document was sent on 2023-09-05"));
    const auto& overdue = found.flags[1];
    CHECK(overdue.row == 10);
    CHECK(view.rows[overdue.row][9].text == "overdue");
    CHECK(overdue.record_id == faulty);
    // The words of the record's own warning on that day.
    const auto form = registry().latest("approval-trail");
    const auto stored = samples.store->load(faulty);
    REQUIRE(stored);
    const auto warnings = forms::validate_record(*form, *stored, {{}, "clerk", "2023-12-01", &samples.store->query()});
    CHECK(test::has_diagnostic(warnings, "sign-offs/row[4]/received", overdue.problem, forms::Severity::warning));
    CHECK_THAT(overdue.problem, Contains("after 44 working days (overdue after 10)"));
}

TEST_CASE("attendance flags the quorum row of a year grid for a meeting short of its quorum, and none for the seeds") {
    {
        Store seeds;
        std::vector<std::string> meetings;
        for (const auto& [name, id] : seeds.ids)
            if (name.rfind("attendance-meeting-", 0) == 0) meetings.push_back(id);
        CHECK(flagged(*seeds.store, "attendance-meeting", meetings).flags.empty());
    }
    const std::string scrutiny = "attendance-meeting-scrutiny-coordination-2023-09-20.record.xml";
    Store samples([&](const std::string& name, forms::Record& record) {
        if (name != scrutiny) return;
        // All but two voting members send apologies; the committee's quorum is three.
        std::size_t kept = 0;
        for (auto row : record.instance().child("attendance").children("row"))
            if (std::string(row.child("attendance").text().get()) == "present" && ++kept > 2)
                row.child("attendance").text().set("apologies");
    });
    std::vector<std::string> meetings;
    for (const auto& [name, id] : samples.ids)
        if (name.rfind("attendance-meeting-", 0) == 0) meetings.push_back(id);
    const auto found = flagged(*samples.store, "attendance-meeting", meetings);
    REQUIRE(found.flags.size() == 1);
    const auto& flag = found.flags.front();
    CHECK(flag.record_id == samples.ids.at(scrutiny));
    CHECK_THAT(flag.problem, Contains("The meeting of 2023-09-20 was not quorate: 2 voting members present"));
    const auto view = std::find_if(found.views.begin(), found.views.end(), [&](const auto& v) { return v.name == flag.view; });
    REQUIRE(view != found.views.end());
    REQUIRE(flag.row < view->rows.size());
    CHECK(view->rows[flag.row].front().text == "Voting members present (as the quorum counts)");
}
