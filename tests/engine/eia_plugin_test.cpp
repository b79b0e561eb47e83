// The equality impact assessment, loaded from the real plugin library: the council's own
// Youth Justice EIA as a sample that validates and survives the store word for word, a faulty
// sample that fires every rule, the completion statement the impact table gives, and the
// parts other councils switch on.
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/model/council_profile.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/validator.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;

namespace {

const forms::PluginHost& eia_host() { return test::domain_plugins({"eia.so"}); }

const forms::FormRegistry& eia_registry() {
    static forms::FormRegistry registry;
    static const bool loaded = [] {
        registry.add_plugin_forms(eia_host());
        return true;
    }();
    (void)loaded;
    return registry;
}

// A registry whose council has switched every optional part of the EIA on.
std::unique_ptr<forms::FormRegistry> registry_with_every_part() {
    forms::Diagnostics problems;
    auto profile = forms::parse_council_profile(R"(<council-profile id="everywhere" name="Every part on">
  <organisation code="E00000000"/>
  <part form="eia" id="reference" enabled="true"/>
  <part form="eia" id="further-characteristics" enabled="true"/>
  <part form="eia" id="consultation" enabled="true"/>
  <part form="eia" id="evidence" enabled="true"/>
  <part form="eia" id="justification" enabled="true"/>
  <part form="eia" id="review" enabled="true"/>
</council-profile>)",
                                                "every-part.profile.xml", problems);
    REQUIRE(profile);
    INFO(describe(problems));
    REQUIRE(problems.empty());
    auto registry = std::make_unique<forms::FormRegistry>(std::move(profile));
    registry->add_plugin_forms(eia_host());
    return registry;
}

const forms::FormRegistry::Sample& sample(const std::string& name) {
    for (const auto& s : eia_registry().samples())
        if (s.name == name) return s;
    FAIL("no sample " << name);
    throw std::logic_error("unreachable");
}

forms::Record read_sample(const std::string& name) {
    const auto& s = sample(name);
    auto read = forms::read_record(s.text, s.name, eia_registry());
    INFO(describe(read.diagnostics));
    REQUIRE(read.record);
    return std::move(*read.record);
}

const std::string youth_justice = "eia-youth-justice-strategy-2023.record.xml";
const std::string faulty = "eia-faulty-example.record.xml";

forms::Diagnostics validate(const forms::Record& record, const std::string& status = {},
                            const forms::FormRegistry& registry = eia_registry()) {
    return forms::validate_record(*registry.latest("eia"), record, {status, "equality-team", "2023-12-01", nullptr});
}

void set(forms::Record& record, const std::string& path, const std::string& value,
         const forms::FormRegistry& registry = eia_registry()) {
    const auto problem = forms::set_value(*registry.latest("eia"), record, path, value);
    INFO((problem ? problem->format() : std::string()));
    REQUIRE_FALSE(problem);
}

std::string impact(const std::string& key) { return "impacts/row[@key='" + key + "']/impact"; }
std::string nature(const std::string& key) { return "impacts/row[@key='" + key + "']/nature"; }

// Every row of 2.2 set to NI, so that a test can then set just the impacts it is about.
void clear_impacts(forms::Record& record) {
    for (const auto* key : {"age-0-18", "age-19-64", "age-65-plus", "disability", "gender-reassignment",
                            "marriage-civil-partnership", "pregnancy-maternity", "race", "religion-belief", "sex",
                            "sexual-orientation"}) {
        set(record, impact(key), "NI");
        set(record, nature(key), "");
    }
}

std::string derived_completion(const forms::Record& record, const forms::FormRegistry& registry = eia_registry()) {
    forms::Diagnostics problems;
    const auto form = registry.latest("eia");
    const auto& extension = form->extension;
    REQUIRE(extension);
    const auto values = extension->derive(*form, record, {{}, "equality-team", "2023-12-01", nullptr}, problems);
    INFO(describe(problems));
    REQUIRE(problems.empty());
    for (const auto& value : values)
        if (value.field == "completion") return value.value;
    return {};
}

// Every word of every text in the instance, in document order.
std::vector<std::string> words_of(pugi::xml_node node) {
    std::vector<std::string> words;
    for (auto text : node.select_nodes(".//text()")) {
        std::istringstream in(text.node().value());
        for (std::string word; in >> word;) words.push_back(word);
    }
    return words;
}

}  // namespace

TEST_CASE("the EIA plugin brings its form at version 1, which loads cleanly") {
    const auto& registry = eia_registry();
    INFO(describe(registry.diagnostics()));
    CHECK(registry.diagnostics().empty());
    const auto form = registry.latest("eia");
    REQUIRE(form);
    CHECK(form->version == 1);
    CHECK(form->title == "Equality impact assessment");
    CHECK(form->source == "eia/eia.form.xml");
    CHECK(form->extension);  // built for SDK 1.4: its checks run with the form's rules
    REQUIRE(registry.samples().size() == 2);
}

TEST_CASE("the council's Youth Justice EIA validates clean at complete, with 3.0 as the table gives it") {
    const auto record = read_sample(youth_justice);
    CHECK(record.meta.status == "complete");
    const auto found = validate(record, "complete");
    INFO(describe(found));
    CHECK(found.empty());

    forms::Diagnostics problems;
    CHECK(forms::derived_offers(*eia_registry().latest("eia"), record, {{}, "t", "2023-12-01", nullptr}, problems).empty());
    CHECK(problems.empty());
    CHECK(derived_completion(record) == "positive");

    // The seed's own words, spot-checked where the template is richest.
    const auto instance = record.instance();
    CHECK(std::string(instance.child("title").text().get()) ==
          "Coventry City Council’s Youth Justice Strategy and Plan - 2021-23 - 2022 Update");
    CHECK(std::string(instance.child("author").child("completion-date").text().get()) == "2023-08-31");
    CHECK(std::string(instance.child("subject").text().get()) == "policy-review");
    CHECK(std::distance(instance.child("actions").children("row").begin(), instance.child("actions").children("row").end()) == 10);
    CHECK_THAT(std::string(instance.child("impacts").find_child_by_attribute("row", "key", "race").child("nature").text().get()),
               Contains("pages 66-68"));
    CHECK_THAT(std::string(instance.child("health-inequalities").child("effect").text().get()),
               Contains("Schools Violence Reduction Lead"));
}

TEST_CASE("the faulty EIA fires every rule of the form, each at its field's path, and nothing else") {
    const auto found = validate(read_sample(faulty));
    INFO(describe(found));
    using S = forms::Severity;
    const std::set<std::pair<std::string, S>> expected = {
        {"cabinet-member/portfolio", S::error},
        {"other-project-details", S::error},
        {"impacts/row[@key='age-65-plus']/nature", S::error},
        {"impacts/row[@key='disability']/nature", S::error},
        {"impacts/row[@key='pregnancy-maternity']/impact", S::warning},
        {"workforce/sex", S::error},
        {"workforce/age", S::error},
        {"workforce/disability", S::error},
        {"workforce/ethnicity", S::error},
        {"workforce/religion", S::error},
        {"workforce/sexual-orientation", S::error},
        {"approval/head-of-service-date", S::error},
        {"approval/director-sent", S::error},
        {"approval/member-sent", S::error},
        {"approval/director-name", S::warning},
        {"approval/member-name", S::warning},
        {"completion", S::warning},
    };
    std::set<std::pair<std::string, S>> seen;
    for (const auto& d : found) seen.insert({d.path, d.severity});
    CHECK(seen == expected);
    CHECK(found.size() == expected.size());
    CHECK(test::has_diagnostic(found, "completion", "the impact table gives \"Both positive and negative impact",
                               S::warning));
    const auto completion = std::find_if(found.begin(), found.end(), [](const auto& d) { return d.path == "completion"; });
    REQUIRE(completion != found.end());
    CHECK(completion->rule == "completion-agrees");
    CHECK(test::has_diagnostic(found, "workforce/age", "must add up to the headcount"));
    CHECK(test::has_diagnostic(found, "approval/director-sent", "before the date of completion"));

    // It cannot be marked complete, and the refusal says why.
    auto record = read_sample(faulty);
    const auto result = forms::change_status(*eia_registry().latest("eia"), record, "complete", "equality-team", "2023-12-01T10:00:00Z");
    CHECK_FALSE(result.changed);
}

TEST_CASE("the completion statement the impact table gives follows the template's rule") {
    auto record = read_sample(youth_justice);
    clear_impacts(record);
    CHECK(derived_completion(record) == "no-impact");  // only NI
    set(record, impact("race"), "ID");
    CHECK(derived_completion(record) == "no-impact");  // only NI and ID
    set(record, impact("sex"), "P");
    CHECK(derived_completion(record) == "positive");  // P, NI and ID
    set(record, impact("disability"), "N");
    set(record, nature("disability"), "Fewer accessible sessions; mitigated by home visits.");
    CHECK(derived_completion(record) == "both");  // P with N
    set(record, impact("sex"), "NI");
    CHECK(derived_completion(record) == "negative");  // N with no P
    set(record, impact("age-0-18"), "PN");
    set(record, nature("age-0-18"), "Some gain, some loss.");
    CHECK(derived_completion(record) == "both");  // any PN

    // Ticked otherwise, it warns and offers the derived value; nothing is written for them.
    set(record, "completion", "negative");
    const auto found = validate(record);
    INFO(describe(found));
    CHECK(test::has_diagnostic(found, "completion", "the impact table has PN (Age 0-18)", forms::Severity::warning));
    forms::Diagnostics problems;
    const auto offers = forms::derived_offers(*eia_registry().latest("eia"), record, {{}, "t", "2023-12-01", nullptr}, problems);
    REQUIRE(offers.size() == 1);
    CHECK(offers[0].derived.value == "both");
    CHECK(offers[0].current == "negative");
    CHECK(offers[0].derived_label == "Both positive and negative impact has been identified for one or more protected groups");
    CHECK(std::string(record.instance().child("completion").text().get()) == "negative");

    // With nothing rated there is nothing to derive, and no warning.
    auto empty = forms::new_record(*eia_registry().latest("eia"), "t", "2023-12-01T10:00:00Z");
    CHECK(derived_completion(empty).empty());
    set(empty, "completion", "positive");
    CHECK_FALSE(test::has_diagnostic(validate(empty), "completion", "impact table", forms::Severity::warning));
}

TEST_CASE("an N or PN impact needs its nature and mitigations, and ID asks for the evidence") {
    auto record = read_sample(youth_justice);
    set(record, impact("sex"), "PN");
    set(record, nature("sex"), "");
    CHECK(test::has_diagnostic(validate(record), nature("sex"), "is required"));
    set(record, nature("sex"), "Girls' groups move to evenings; transport offered.");
    CHECK_FALSE(test::has_diagnostic(validate(record), nature("sex"), "is required"));

    set(record, impact("age-65-plus"), "ID");
    CHECK(test::has_diagnostic(validate(record), impact("age-65-plus"), "Insufficient data", forms::Severity::warning));
    set(record, nature("age-65-plus"), "No data on grandparent carers; the Insight Team will survey by March.");
    CHECK_FALSE(test::has_diagnostic(validate(record), impact("age-65-plus"), "Insufficient data", forms::Severity::warning));
}

TEST_CASE("a council switches on the parts other councils' templates add, and the rules reach them") {
    const auto registry = registry_with_every_part();
    INFO(describe(registry->diagnostics()));
    const auto form = registry->latest("eia");
    REQUIRE(form);
    auto record = forms::new_record(*form, "t", "2023-12-01T10:00:00Z");
    const auto instance = record.instance();
    for (const auto* element : {"reference", "further-impacts", "consultation", "evidence", "review-date"}) {
        INFO(element);
        CHECK(instance.child(element));
    }
    CHECK(instance.child("further-impacts").find_child_by_attribute("row", "key", "armed-forces"));

    // A further characteristic counts towards the completion statement.
    set(record, impact("age-0-18"), "P", *registry);
    set(record, "further-impacts/row[@key='socio-economic']/impact", "N", *registry);
    CHECK(derived_completion(record, *registry) == "both");
    CHECK(test::has_diagnostic(validate(record, {}, *registry), "further-impacts/row[@key='socio-economic']/nature", "is required"));

    // ID is answered by the evidence-gaps part as well as by the row's text.
    set(record, impact("race"), "ID", *registry);
    CHECK(test::has_diagnostic(validate(record, {}, *registry), impact("race"), "Insufficient data", forms::Severity::warning));
    set(record, "evidence/gaps", "Ethnicity is missing for a third of referrals; recording is being fixed.", *registry);
    CHECK_FALSE(test::has_diagnostic(validate(record, {}, *registry), impact("race"), "Insufficient data", forms::Severity::warning));

    // Off by default, the same parts are absent and nothing about them is checked.
    const auto plain = forms::new_record(*eia_registry().latest("eia"), "t", "2023-12-01T10:00:00Z");
    CHECK_FALSE(plain.instance().child("further-impacts"));
    CHECK_FALSE(plain.instance().child("evidence"));
    CHECK(plain.instance().child("health-inequalities"));  // Coventry's template has 2.3
}

TEST_CASE("workforce counts are optional, and each breakdown given adds up to the headcount") {
    auto record = read_sample(youth_justice);
    set(record, "workforce/sex/female", "7");
    CHECK(test::has_diagnostic(validate(record), "workforce/headcount", "without the headcount", forms::Severity::warning));
    set(record, "workforce/headcount", "12");
    CHECK(test::has_diagnostic(validate(record), "workforce/sex", "add up to the headcount"));
    set(record, "workforce/sex/male", "5");
    set(record, "workforce/age/age-25-34", "12");
    const auto found = validate(record);
    INFO(describe(found));
    CHECK(found.empty());  // disability, ethnicity and the rest left blank are not checked
}

TEST_CASE("approval dates may not come before the date of completion") {
    auto record = read_sample(youth_justice);
    set(record, "approval/director-name", "Kirston Nelson");
    set(record, "approval/director-sent", "2023-08-30");
    CHECK(test::has_diagnostic(validate(record), "approval/director-sent", "before the date of completion"));
    set(record, "approval/director-sent", "2023-08-31");  // the same day is fine
    CHECK(validate(record).empty());
    set(record, "approval/member-sent", "2023-09-04");
    CHECK(test::has_diagnostic(validate(record), "approval/member-name", "needs the member's name", forms::Severity::warning));
}

TEST_CASE("every word of the Youth Justice EIA survives a round trip through the store") {
    test::TempFolder folder;
    const auto store = test::make_test_store(folder.path());
    const auto& s = sample(youth_justice);
    const auto items = store->import(eia_registry(), {{s.name, s.text}}, "equality-team");
    REQUIRE(items.size() == 1);
    INFO(describe(items[0].diagnostics));
    REQUIRE(items[0].outcome == forms::ImportItem::Outcome::added);
    const auto original = read_sample(youth_justice);
    const auto stored = store->load(original.meta.id);
    REQUIRE(stored);
    const auto before = words_of(original.instance());
    CHECK(before.size() > 2000);  // the seed's EIA is long; a truncated sample would show here
    CHECK(words_of(stored->instance()) == before);
    CHECK(test::record_text(*stored) == test::record_text(original));
    CHECK(store->verify_trail().intact);
}

TEST_CASE("a plugin whose record code throws is named, and the record is never passed unchecked") {
    forms::PluginHost host;
    host.load(forms::PluginSearchPath{{std::string(FORMWORK_FIXTURE_PLUGIN_DIR) + "/fixture_throwing_checks.so"}});
    REQUIRE(host.loaded().size() == 1);
    forms::FormRegistry registry;
    registry.add_plugin_forms(host);
    const auto form = registry.latest("fragile");
    REQUIRE(form);
    auto record = forms::new_record(*form, "t", "2023-12-01T10:00:00Z");

    const auto found = forms::validate_record(*form, record, {});
    INFO(describe(found));
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == forms::Severity::error);
    CHECK_THAT(found[0].message, Contains("fixture-throwing-checks") && Contains("check_record") &&
                                     Contains("the impact table could not be read"));
    CHECK_FALSE(forms::change_status(*form, record, "complete", "t", "2023-12-01T10:00:00Z").changed);

    forms::Diagnostics problems;
    CHECK(forms::derived_offers(*form, record, {}, problems).empty());
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Contains("derive_values"));
}
