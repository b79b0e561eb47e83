// Loading form definitions: the language of docs/forms.md, and every problem reported
// with file, line and column while the other forms still load.
#include "form_fixtures.hpp"

#include <formwork/model/definition_loader.hpp>
#include <formwork/host/form_registry.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <set>

using namespace formwork;
using forms::FieldType;
using forms::NodeKind;
using forms::Severity;
using test::describe;

namespace {

forms::DefinitionLoad load(const std::string& text) { return forms::load_form_definition(text, "test.form.xml"); }

// The one error a definition should produce, checked for place and words.
void expect_error(const std::string& text, int line, int column, const std::string& words) {
    const auto loaded = load(text);
    INFO(describe(loaded.diagnostics));
    CHECK(loaded.form == nullptr);
    bool found = false;
    for (const auto& d : loaded.diagnostics)
        if (d.severity == Severity::error && d.file == "test.form.xml" && d.line == line && d.column == column &&
            d.message.find(words) != std::string::npos)
            found = true;
    CHECK(found);
}

const forms::Node* find(const std::vector<forms::Node>& items, const std::string& id) {
    for (const auto& item : items) {
        if (item.id == id && item.kind != NodeKind::section) return &item;
        if (const auto* inner = find(item.children, id)) return inner;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("a definition using every part of the language loads cleanly") {
    const auto loaded = forms::load_form_definition_file(test::fixture_form_path("everything"));
    INFO(describe(loaded.diagnostics));
    REQUIRE(loaded.form != nullptr);
    CHECK(loaded.diagnostics.empty());
    const auto& form = *loaded.form;
    CHECK(form.id == "everything");
    CHECK(form.version == 2);
    CHECK(form.title == "Everything");
    REQUIRE(form.title_expression);
    CHECK(form.lists.size() == 3);
    CHECK(form.list("apology-categories")->configurable);
    CHECK_FALSE(form.list("activity")->configurable);
    CHECK(form.list("impact-type")->find("PN") == nullptr);
    CHECK(form.list("impact-type")->find("NI")->label == "No impact");
    CHECK(form.parts.size() == 1);
    CHECK_FALSE(form.part_enabled("workforce"));
    CHECK(form.rules.size() == 3);

    std::set<FieldType> types;
    std::function<void(const std::vector<forms::Node>&)> collect = [&](const std::vector<forms::Node>& items) {
        for (const auto& item : items) {
            if (item.kind == NodeKind::field) types.insert(item.type);
            collect(item.children);
        }
    };
    collect(form.items);
    CHECK(types.size() == 12);

    const auto* other = find(form.items, "other-details");
    REQUIRE(other != nullptr);
    CHECK(other->type == FieldType::long_text);
    REQUIRE(other->relevant);
    CHECK(other->relevant->text == "../activity = 'other'");
    CHECK(other->required->is_literal_true());

    const auto* impacts = find(form.items, "impacts");
    REQUIRE(impacts != nullptr);
    CHECK_FALSE(impacts->repeating);
    CHECK(impacts->fixed_rows.size() == 2);
    CHECK(impacts->fixed_rows[1].code == "disability");
    const auto* actions = find(form.items, "actions");
    CHECK(actions->repeating);
    CHECK(actions->min_rows == 1);
    CHECK(actions->max_rows == 3);
    const auto* people = find(form.items, "people");
    REQUIRE(people->constraints.size() == 2);
    CHECK(people->constraints[0].severity == Severity::warning);
    CHECK(people->constraints[1].from_status == "complete");
    CHECK(find(form.items, "action-count")->read_only);  // calculated
    CHECK(find(form.items, "reviewed-by")->read_only);
    CHECK(find(form.items, "title")->max_length == 40u);
    CHECK(find(form.items, "title")->hint == "The policy's name");
    CHECK(find(form.items, "key-decision")->default_value == "false");
    CHECK(find(form.items, "eia")->references == "eia");
    CHECK(form.lifecycle.initial() == "draft");
    CHECK(form.lifecycle.allows("draft", "complete"));
    CHECK_FALSE(form.lifecycle.allows("draft", "submitted"));
}

TEST_CASE("an unknown field type is reported at the attribute, with the types that exist") {
    expect_error("<form id='f' version='1' title='F'>\n"
                 "  <field id='a' type='strng' label='A'/>\n"
                 "</form>",
                 2, 17, "unknown field type 'strng'; the types are text, long-text");
}

TEST_CASE("a duplicate id at one level of the instance is reported, across sections") {
    expect_error("<form id='f' version='1' title='F'>\n"
                 "  <section title='One'><field id='a' type='text'/></section>\n"
                 "  <section title='Two'>\n"
                 "    <field id='a' type='integer'/></section>\n"
                 "</form>",
                 4, 12, "duplicate id 'a'");
    // The same id in two groups is two different elements.
    const auto fine = load("<form id='f' version='1' title='F'>"
                           "<group id='g1'><field id='a' type='text'/></group>"
                           "<group id='g2'><field id='a' type='text'/></group></form>");
    CHECK(fine.form != nullptr);
}

TEST_CASE("an XPath that does not compile is reported with pugixml's message and its column") {
    const auto loaded = load("<form id='f' version='1' title='F'>\n"
                             "  <field id='a' type='integer' constraint='. &gt;= (1'/>\n"
                             "</form>");
    REQUIRE(loaded.form == nullptr);
    REQUIRE(loaded.diagnostics.size() == 1);
    const auto& d = loaded.diagnostics.front();
    CHECK(d.line == 2);
    CHECK(d.column > 30);
    CHECK_THAT(d.message, Catch::Matchers::Contains("the XPath in constraint does not compile: "));
    CHECK_THAT(d.message, Catch::Matchers::Contains("Expected ')'") || Catch::Matchers::Contains("Unrecognized"));
}

TEST_CASE("an unknown choice list is reported") {
    expect_error("<form id='f' version='1' title='F'>\n"
                 "  <choices id='yes-no'><option code='y'>Yes</option></choices>\n"
                 "  <field id='a' type='choice' list='yesno'/>\n"
                 "</form>",
                 3, 31, "unknown choice list 'yesno'");
}

TEST_CASE("a name in an expression that is no element of the form is reported") {
    expect_error("<form id='f' version='1' title='F'>\n"
                 "  <field id='activity' type='text'/>\n"
                 "  <field id='details' type='text' relevant=\"../activty = 'other'\"/>\n"
                 "</form>",
                 3, 35, "names activty, which is no element of this form");
    // Functions, variables, axes, operators and literals are not names.
    const auto fine = load("<form id='f' version='1' title='F'>\n"
                           "  <field id='a' type='integer'/>\n"
                           "  <field id='b' type='integer' constraint=\"(. div 2) mod 3 = 0 and not(contains($user, 'x')) "
                           "or count(ancestor::*/child::a) &gt; 0 or 'name' = string(../a) or . * 2 &gt; 1\"/>\n"
                           "</form>");
    INFO(describe(fine.diagnostics));
    CHECK(fine.form != nullptr);
}

TEST_CASE("a rule pointing at a field that does not exist is reported") {
    expect_error("<form id='f' version='1' title='F'>\n"
                 "  <field id='a' type='integer'/>\n"
                 "  <rule id='r' field='b' test='a &gt; 0'>A must be positive.</rule>\n"
                 "</form>",
                 3, 16, "the rule points at 'b', which is no field of this form");
}

TEST_CASE("required=\"true\" is caught: it is a path, not true()") {
    expect_error("<form id='f' version='1' title='F'>\n"
                 "  <field id='a' type='text' required='true'/>\n"
                 "</form>",
                 2, 29, "write true()");
}

TEST_CASE("malformed XML in a definition is reported with its line and column") {
    const auto loaded = load("<form id='f' version='1' title='F'>\n  <field id='a' type='text'>\n</form>");
    REQUIRE(loaded.form == nullptr);
    REQUIRE(loaded.diagnostics.size() == 1);
    CHECK(loaded.diagnostics[0].line == 3);
    CHECK_THAT(loaded.diagnostics[0].message, Catch::Matchers::StartsWith("malformed XML: "));
}

TEST_CASE("a DOCTYPE or an entity in a definition is refused and never expanded") {
    expect_error("<?xml version='1.0'?>\n<!DOCTYPE form [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
                 "<form id='f' version='1' title='&x;'/>",
                 3, 33, "entity reference");
    expect_error("<?xml version='1.0'?>\n<!DOCTYPE form SYSTEM 'http://example.invalid/form.dtd'>\n"
                 "<form id='f' version='1' title='F'><field id='a' type='text'/></form>",
                 2, 1, "a DOCTYPE is not allowed");
}

TEST_CASE("an unknown attribute or element is reported, so a typo never passes silently") {
    expect_error("<form id='f' version='1' title='F'>\n  <field id='a' type='text' requried='true()'/>\n</form>",
                 2, 29, "unknown attribute 'requried' on <field>");
    expect_error("<form id='f' version='1' title='F'>\n  <feild id='a' type='text'/>\n</form>", 2, 3,
                 "unknown element <feild>");
}

TEST_CASE("every problem of a definition is reported in one load") {
    const auto loaded = load("<form id='F' version='x' title=''>\n"
                             "  <field id='a' type='nope'/>\n"
                             "  <field id='b' type='choice' list='none'/>\n"
                             "  <field id='c' type='integer' default='ten'/>\n"
                             "  <table id='t'><field id='x' type='text'/></table>\n"
                             "</form>");
    CHECK(loaded.form == nullptr);
    INFO(describe(loaded.diagnostics));
    CHECK(loaded.diagnostics.size() >= 6);
    for (const auto& d : loaded.diagnostics) CHECK(d.line > 0);
}

TEST_CASE("pathological definitions are bounded: long expressions, deep nesting, deep XPath") {
    const std::string long_expression(2100, '1');
    expect_error("<form id='f' version='1' title='F'>\n  <field id='a' type='integer' constraint='" + long_expression +
                     "'/>\n</form>",
                 2, 32, "an expression may have at most 2000");

    std::string deep = "<form id='f' version='1' title='F'>";
    for (int i = 0; i < 40; ++i) deep += "<group id='g" + std::to_string(i) + "'>";
    for (int i = 0; i < 40; ++i) deep += "</group>";
    deep += "</form>";
    const auto nested = load(deep);
    CHECK(nested.form == nullptr);
    CHECK_THAT(describe(nested.diagnostics), Catch::Matchers::Contains("nest deeper than 32"));

    // pugixml bounds the depth of an expression it compiles; the loader reports it.
    const std::string parentheses = std::string(1500, '(') + "1" + std::string(1500, ')');
    const auto deep_xpath = load("<form id='f' version='1' title='F'><field id='a' type='integer' constraint='" +
                                 parentheses.substr(0, 1990) + "'/></form>");
    CHECK(deep_xpath.form == nullptr);
}

TEST_CASE("a broken definition does not stop the other forms from loading") {
    forms::FormRegistry registry;
    CHECK_FALSE(registry.add_definition("<form id='broken' version='1' title='B'><field id='a' type='what'/></form>",
                                        "broken.form.xml"));
    CHECK(registry.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml"));
    CHECK_FALSE(registry.add_definition("not xml at all", "garbage.form.xml"));
    CHECK(registry.add_definition("<form id='small' version='1' title='S'><field id='a' type='text'/></form>",
                                  "small.form.xml"));
    CHECK(registry.forms().size() == 2);
    CHECK(registry.find("everything", 2) != nullptr);
    CHECK(registry.latest("small") != nullptr);
    CHECK(forms::has_errors(registry.diagnostics()));
    CHECK_THAT(describe(registry.diagnostics()), Catch::Matchers::Contains("broken.form.xml:1:") &&
                                                     Catch::Matchers::Contains("garbage.form.xml:1:15: error: malformed XML"));
    // The same form and version twice: the second is refused by name.
    CHECK_FALSE(registry.add_definition("<form id='small' version='1' title='S2'><field id='b' type='text'/></form>",
                                        "again.form.xml"));
    CHECK_THAT(describe(registry.diagnostics()), Catch::Matchers::Contains("already defined by small.form.xml"));
}

// pugixml decodes &#0; like any reference, and the value ended there: a label "Ti&#0;tle"
// was loaded as "Ti", with no error.
TEST_CASE("U+0000 in a definition, as the reference &#0 or &#x0 or itself, is refused at its line and column, and no form is added") {
    const auto everything = test::read_text(test::fixture_form_path("everything"));
    for (const std::string& nul : {std::string("&#0;"), std::string("&#x0;"), std::string(1, '\0')}) {
        const std::string written = nul.front() == '&' ? " (written as " + nul + ")" : "";
        INFO("written as " << (nul.front() == '&' ? nul : std::string("a NUL byte")));
        auto text = everything;
        const auto at = text.find("label=\"Title\"");
        REQUIRE(at != std::string::npos);
        text.insert(at + 9, nul);
        expect_error(text, 21, 44, "the character U+0000 is not allowed in XML 1.0" + written);

        // As a plugin's definition reaches the registry: refused, and no form is there.
        forms::FormRegistry registry;
        CHECK_FALSE(registry.add_definition(text, "questions/everything.form.xml"));
        CHECK(registry.forms().empty());
        CHECK_FALSE(registry.latest("everything"));
        CHECK_THAT(describe(registry.diagnostics()),
                   Catch::Matchers::Contains("questions/everything.form.xml:21:44: error: the character U+0000 is not "
                                             "allowed in XML 1.0" + written));
    }
}

TEST_CASE("copy is true or false, on what holds values, a note has none") {
    const auto loaded = load(R"(<form id="copies" version="1" title="Copies">
  <section title="S" copy="false"><field id="a" type="text" label="A" copy="false"/></section>
  <group id="g" copy="true"><field id="b" type="text" label="B"/></group>
  <table id="t" repeat="true" copy="false"><field id="c" type="text" label="C" copy="false"/></table>
</form>)");
    INFO(describe(loaded.diagnostics));
    REQUIRE(loaded.form);
    CHECK_FALSE(loaded.form->items[0].copied);
    CHECK_FALSE(find(loaded.form->items, "a")->copied);
    CHECK(find(loaded.form->items, "g")->copied);
    CHECK(find(loaded.form->items, "b")->copied);
    CHECK_FALSE(find(loaded.form->items, "t")->copied);
    CHECK_FALSE(find(loaded.form->items, "c")->copied);

    expect_error(R"(<form id="copies" version="1" title="Copies">
  <field id="a" type="text" label="A" copy="sometimes"/>
</form>)", 2, 39, "copy must be true or false, not 'sometimes'");
    expect_error(R"(<form id="copies" version="1" title="Copies">
  <note copy="false">A note holds no value.</note>
</form>)", 2, 9, "copy");
}
