// Dates as councils write them (issue 21): a typed or pasted date is read day first in one
// place (forms::set_value) and kept as ISO; text that is no date is kept as typed and the
// validator names the field and how to write it; the council profile's date-format, and the
// formatter that shows stored dates in it.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/model/date_format.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/sdk/uk_date.hpp>
#include <formwork/store/edit_session.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;

namespace {

forms::Record blank_record(const forms::FormDefinition& form) {
    return forms::new_record(form, "clerk", "2024-01-20T09:00:00Z");
}

std::string stored(const forms::Record& record, const char* field) {
    return record.instance().child(field).text().get();
}

std::string profile_with(const std::string& display) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<council-profile id="coventry" name="Coventry City Council">
  <organisation code="E08000026" name="Coventry City Council"/>
)" + display + R"(
</council-profile>
)";
}

}  // namespace

TEST_CASE("a date typed as officers write it is stored as ISO", "[dates]") {
    const auto form = test::everything_form();
    const auto typed = GENERATE(as<std::string>{}, "15/01/2024", "15/1/24", "15.01.2024", "15 Jan 2024",
                                "2024-01-15", " 15/01/2024 ", "15-01-2024", "15 January 2024");
    auto record = blank_record(*form);
    INFO(typed);
    REQUIRE_FALSE(forms::set_value(*form, record, "completed", typed));
    CHECK(stored(record, "completed") == "2024-01-15");
}

TEST_CASE("text that is not a date is kept as typed, and the problem names the field and the form to write",
          "[dates]") {
    const auto form = test::everything_form();
    auto record = blank_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "completed", "32/13/2024"));
    CHECK(stored(record, "completed") == "32/13/2024");
    const auto found = forms::validate_record(*form, record, {{}, "clerk", "2024-01-20"});
    INFO(describe(found));
    CHECK(test::has_diagnostic(found, "completed",
                               "Date of completion: '32/13/2024' is not a date (there is no month 13); write it as 15/01/2024"));

    REQUIRE_FALSE(forms::set_value(*form, record, "completed", "TBC"));
    CHECK(stored(record, "completed") == "TBC");
    CHECK(test::has_diagnostic(forms::validate_record(*form, record, {{}, "clerk", "2024-01-20"}), "completed",
                               "Date of completion: 'TBC' is not a date; write it as 15/01/2024"));

    // Spaces alone are no value at all.
    REQUIRE_FALSE(forms::set_value(*form, record, "completed", "   "));
    CHECK(stored(record, "completed").empty());
}

TEST_CASE("an edit session reads a typed date and keeps ISO in the database", "[dates]") {
    test::TempFolder folder;
    const auto form = test::everything_form();
    auto store = test::make_test_store(folder.path());
    auto session = forms::EditSession::create(*store, form, "clerk");
    REQUIRE_FALSE(session.set_value("completed", "3.8.23"));
    CHECK(session.value("completed") == "2023-08-03");
    REQUIRE(session.save().kind == forms::SaveOutcome::Kind::saved);
    const auto saved = store->load(session.id());
    REQUIRE(saved);
    CHECK(stored(*saved, "completed") == "2023-08-03");
}

TEST_CASE("format_date shows an ISO date in each offered format, and each reads back as the same date", "[dates]") {
    CHECK(forms::format_date("2024-01-05", "dd/mm/yyyy") == "05/01/2024");
    CHECK(forms::format_date("2024-01-05", "d/m/yyyy") == "5/1/2024");
    CHECK(forms::format_date("2024-01-05", "dd.mm.yyyy") == "05.01.2024");
    CHECK(forms::format_date("2024-01-05", "d.m.yyyy") == "5.1.2024");
    CHECK(forms::format_date("2024-01-05", "dd-mm-yyyy") == "05-01-2024");
    CHECK(forms::format_date("2024-01-05", "yyyy-mm-dd") == "2024-01-05");
    CHECK(forms::format_date("2024-01-05", "d MMM yyyy") == "5 Jan 2024");
    CHECK(forms::format_date("2024-12-25", "dd MMM yyyy") == "25 Dec 2024");
    CHECK(forms::format_date("2024-09-13", "d MMMM yyyy") == "13 September 2024");
    // What is not an ISO date is shown as it is: the text a person typed stays in view.
    CHECK(forms::format_date("32/13/2024", "dd/mm/yyyy") == "32/13/2024");
    CHECK(forms::format_date("", "dd/mm/yyyy").empty());
    CHECK(forms::date_example("d MMM yyyy") == "15 Jan 2024");

    for (const auto format : forms::date_formats())
        for (const char* iso : {"2024-01-05", "2023-02-28", "2024-02-29", "1999-12-31", "2030-10-10"}) {
            INFO(format << " " << iso);
            CHECK(sdk::read_uk_date(forms::format_date(iso, format)).iso == iso);
        }
}

TEST_CASE("the profile's date-format reaches the forms, dd/mm/yyyy where it is silent", "[dates]") {
    forms::Diagnostics problems;
    const auto silent = forms::parse_council_profile(profile_with(""), "silent.profile.xml", problems);
    REQUIRE(silent);
    CHECK(test::everything_form(&*silent)->date_format == "dd/mm/yyyy");
    CHECK(test::everything_form()->date_format == "dd/mm/yyyy");

    const auto chosen = forms::parse_council_profile(profile_with(R"(<display name="date-format" value="d MMM yyyy"/>)"),
                                                     "chosen.profile.xml", problems);
    INFO(describe(problems));
    REQUIRE(chosen);
    const auto form = test::everything_form(&*chosen);
    CHECK(form->date_format == "d MMM yyyy");
    // The problem's example is written the council's way.
    auto record = blank_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "completed", "soon"));
    CHECK(test::has_diagnostic(forms::validate_record(*form, record, {{}, "clerk", "2024-01-20"}), "completed",
                               "write it as 15 Jan 2024"));
}

TEST_CASE("a profile with a date format Formwork does not offer is refused, naming the file", "[dates]") {
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(profile_with(R"(<display name="date-format" value="mm/dd/yyyy"/>)"),
                                                      "bad-dates.profile.xml", problems);
    CHECK_FALSE(profile);
    const auto all = describe(problems);
    CHECK_THAT(all, Contains("bad-dates.profile.xml:4:") && Contains("'mm/dd/yyyy' is not a date format") &&
                        Contains("dd/mm/yyyy"));
}
