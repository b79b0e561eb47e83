// The first real forms: written questions and motions, loaded from the real plugin
// library, with the council's own papers as samples.
#include "form_fixtures.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/validator.hpp>

#include <catch2/catch.hpp>

using namespace formwork;
using test::describe;

namespace {

const forms::FormRegistry& questions_registry() {
    static forms::PluginHost host;
    static forms::FormRegistry registry;
    static const bool loaded = [] {
        host.load(forms::PluginSearchPath{{std::string(FORMWORK_DOMAIN_PLUGIN_DIR) + "/questions.so"}});
        registry.add_plugin_forms(host);
        return true;
    }();
    (void)loaded;
    return registry;
}

}  // namespace

TEST_CASE("the questions plugin brings its two forms, which load cleanly") {
    const auto& registry = questions_registry();
    INFO(describe(registry.diagnostics()));
    CHECK(registry.diagnostics().empty());
    REQUIRE(registry.forms().size() == 2);
    const auto question = registry.latest("written-question");
    const auto motion = registry.latest("motion");
    REQUIRE(question);
    REQUIRE(motion);
    CHECK(question->source == "questions/written-question.form.xml");
    CHECK(registry.forms().front().plugin_id == "questions");
}

TEST_CASE("every sample from the council's papers reads back and validates at its status") {
    const auto& registry = questions_registry();
    REQUIRE(registry.samples().size() >= 9);
    for (const auto& sample : registry.samples()) {
        INFO(sample.name);
        const auto read = forms::read_record(sample.text, sample.name, registry);
        INFO(describe(read.diagnostics));
        REQUIRE(read.record);
        const auto found = forms::validate_record(*read.form, *read.record, {{}, "test", "2023-12-01"});
        INFO(describe(found));
        CHECK_FALSE(forms::has_errors(found));
        // Written back, nothing is lost.
        const auto again = forms::read_record(test::record_text(*read.record), sample.name, registry);
        REQUIRE(again.record);
        CHECK(test::record_text(*again.record) == test::record_text(*read.record));
    }
}

TEST_CASE("the seed's first written question is held word for word") {
    const auto& registry = questions_registry();
    const auto sample = std::find_if(registry.samples().begin(), registry.samples().end(),
                                     [](const auto& s) { return s.name == "written-question-2023-10-17-q1.record.xml"; });
    REQUIRE(sample != registry.samples().end());
    const auto read = forms::read_record(sample->text, sample->name, registry);
    REQUIRE(read.record);
    const auto instance = read.record->instance();
    CHECK(std::string(instance.child("number").text().get()) == "1");
    CHECK(std::string(instance.child("submitted-by").child("name").text().get()) == "Councillor J Lepoidevin");
    CHECK(std::string(instance.child("to-be-answered-by").child("role").text().get()) ==
          "Cabinet Member for Housing and Communities");
    CHECK(std::string(instance.child("question").text().get()) ==
          "“Could the Cabinet Member update members on the progress of involving local ward Councillors in the "
          "allocation of Section 106 monies in their wards?”");
    CHECK(std::string(instance.child("meeting").child("date").text().get()) == "2023-10-17");
}

TEST_CASE("a motion cannot be completed without its outcome") {
    const auto& registry = questions_registry();
    const auto form = registry.latest("motion");
    auto record = forms::new_record(*form, "clerk", "2023-10-09T09:00:00Z");
    const auto refused = forms::change_status(*form, record, "complete", "clerk", "2023-10-17T18:00:00Z");
    CHECK_FALSE(refused.changed);
    CHECK(test::has_diagnostic(refused.diagnostics, "outcome", "", forms::Severity::error));
}
