// Council profiles: one form, each council's choices.
#include "form_fixtures.hpp"
#include "temp_folder.hpp"

#include <formwork/model/council_profile.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;

namespace {

const char* coventry = R"(<?xml version="1.0" encoding="UTF-8"?>
<council-profile id="coventry" name="Coventry City Council">
  <organisation code="E08000026" name="Coventry City Council"/>
  <part form="everything" id="workforce" enabled="true"/>
  <list form="everything" id="apology-categories">
    <option code="council-business">On council business</option>
    <option code="ill">Illness</option>
    <option code="caring">Caring responsibilities</option>
  </list>
  <list id="activity"><option code="x">Something else</option></list>
  <display name="attendance-percentages" value="hidden"/>
  <bank-holiday date="2023-12-26" name="Boxing Day"/>
  <bank-holiday date="2023-12-25" name="Christmas Day"/>
</council-profile>
)";

}  // namespace

TEST_CASE("a council profile is read with its parts, lists, display choices and bank holidays") {
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(coventry, "coventry.profile.xml", problems);
    INFO(describe(problems));
    REQUIRE(profile);
    CHECK(profile->id == "coventry");
    CHECK(profile->organisation_code == "E08000026");
    CHECK(profile->organisation_name == "Coventry City Council");
    CHECK(profile->display_setting("attendance-percentages", "shown") == "hidden");
    CHECK(profile->display_setting("something-else", "fallback") == "fallback");
    CHECK(profile->is_bank_holiday("2023-12-25"));
    CHECK(profile->is_bank_holiday("2023-12-26"));
    CHECK_FALSE(profile->is_bank_holiday("2023-12-27"));
}

TEST_CASE("a profile switches parts and replaces configurable lists, never the form's id or version") {
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(coventry, "coventry.profile.xml", problems);
    REQUIRE(profile);
    const auto load = forms::load_form_definition_file(test::fixture_form_path("everything"), &*profile);
    REQUIRE(load.form);
    CHECK(load.form->id == "everything");
    CHECK(load.form->version == 2);
    CHECK(load.form->part_enabled("workforce"));
    const auto* apologies = load.form->list("apology-categories");
    REQUIRE(apologies->options.size() == 3);
    CHECK(apologies->find("caring")->label == "Caring responsibilities");
    // "activity" is not configurable: the form keeps its own list, and says why.
    CHECK(load.form->list("activity")->find("new-policy") != nullptr);
    CHECK_THAT(describe(load.diagnostics), Contains("coventry.profile.xml: warning: the profile gives list 'activity'") &&
                                               Contains("which is not configurable"));
}

TEST_CASE("where the profile is silent the form's defaults apply") {
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile("<council-profile id='quiet' name='Quiet'/>", "quiet.xml", problems);
    REQUIRE(profile);
    const auto form = test::everything_form(&*profile);
    CHECK_FALSE(form->part_enabled("workforce"));
    CHECK(form->list("apology-categories")->find("illness") != nullptr);
}

TEST_CASE("a bad profile is refused with its line and column") {
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(
        "<council-profile id='Bad Id' name='x'>\n"
        "  <organisation name='No code'/>\n"
        "  <bank-holiday date='25/12/2023'/>\n"
        "  <part id='workforce' enabled='yes'/>\n"
        "  <colour value='red'/>\n"
        "</council-profile>",
        "bad.profile.xml", problems);
    CHECK_FALSE(profile);
    const auto all = describe(problems);
    CHECK_THAT(all, Contains("bad.profile.xml:1:18: error: the profile's id must be lower case"));
    CHECK_THAT(all, Contains("bad.profile.xml:2:3: error: <organisation> needs a code"));
    CHECK_THAT(all, Contains("bad.profile.xml:3:17: error: '25/12/2023' is not a date"));
    CHECK_THAT(all, Contains("bad.profile.xml:4:24: error: enabled must be true or false"));
    CHECK_THAT(all, Contains("bad.profile.xml:5:3: error: unknown element <colour>"));
}

// pugixml decodes &#0; like any reference, and the value ended there: a list's label
// "Car&#0;ing responsibilities" was read as "Car", with no error.
TEST_CASE("U+0000 in a profile, as the reference &#0 or &#x0 or itself, is refused at its line and column, and no profile is read") {
    for (const std::string& nul : {std::string("&#0;"), std::string("&#x0;"), std::string(1, '\0')}) {
        const std::string written = nul.front() == '&' ? " (written as " + nul + ")" : "";
        INFO("written as " << (nul.front() == '&' ? nul : std::string("a NUL byte")));
        std::string text = coventry;
        const auto at = text.find("Caring responsibilities");
        REQUIRE(at != std::string::npos);
        text.insert(at + 3, nul);
        forms::Diagnostics problems;
        CHECK_FALSE(forms::parse_council_profile(text, "nul.profile.xml", problems));
        CHECK_THAT(describe(problems),
                   Contains("nul.profile.xml:8:30: error: the character U+0000 is not allowed in XML 1.0" + written));

        // In an attribute, and read from a file as --profile reads it.
        text = coventry;
        const auto code = text.find("code=\"E08000026\"");
        REQUIRE(code != std::string::npos);
        text.insert(code + 6, nul);
        test::TempFolder folder;
        const auto file = folder.path() / "nul.profile.xml";
        std::ofstream(file, std::ios::binary) << text;
        problems.clear();
        CHECK_FALSE(forms::read_council_profile(file, problems));
        CHECK_THAT(describe(problems),
                   Contains(file.string() + ":3:23: error: the character U+0000 is not allowed in XML 1.0" + written));
    }
}
