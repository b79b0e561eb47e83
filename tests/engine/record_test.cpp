// Record files: new records, the metadata header, reading what comes from outside, and
// entering values, with nothing stored that XML cannot hold.
#include "form_fixtures.hpp"
#include "temp_folder.hpp"

#include <formwork/model/record.hpp>
#include <formwork/model/values.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;
using test::has_diagnostic;

namespace {

forms::FormRegistry registry_with_everything() {
    forms::FormRegistry registry;
    REQUIRE(registry.add_definition(test::read_text(test::fixture_form_path("everything")), "everything.form.xml"));
    return registry;
}

// A record file of the everything form with `instance` as its instance's content.
std::string record_file(const std::string& instance, const std::string& meta_extra = "") {
    return "<?xml version='1.0' encoding='UTF-8'?>\n<record format='1'>\n<meta>\n"
           "  <id>0b7f7d1c-2f7e-4c55-9a0e-6f3e2a1b9c8d</id>\n"
           "  <form id='everything' version='2'/>\n  <status>draft</status>\n"
           "  <created at='2023-10-09T09:00:00Z' by='clerk'/>\n  <modified at='2023-10-09T09:00:00Z' by='clerk'/>\n"
           "  <revision>4</revision>\n" +
           meta_extra + "</meta>\n<everything>\n" + instance + "</everything>\n</record>\n";
}

}  // namespace

TEST_CASE("a new record has every element, its defaults, fixed rows and minimum rows") {
    const auto form = test::everything_form();
    const auto record = forms::new_record(*form, "jsmith", "2023-10-09T09:00:00Z");
    CHECK(forms::is_uuid(record.meta.id));
    CHECK(record.meta.id[14] == '4');  // a version 4 (random) UUID
    CHECK(record.meta.form_id == "everything");
    CHECK(record.meta.form_version == 2);
    CHECK(record.meta.status == "draft");
    CHECK(record.meta.created_by == "jsmith");
    CHECK(record.meta.modified_at == "2023-10-09T09:00:00Z");
    CHECK(record.meta.revision == 1);

    const auto instance = record.instance();
    CHECK(std::string(instance.name()) == "everything");
    CHECK(instance.child("author").child("name"));
    CHECK(instance.child("author").child("role"));
    CHECK(std::string(instance.child("key-decision").text().get()) == "false");
    CHECK(instance.child("impacts").find_child_by_attribute("row", "key", "disability").child("nature"));
    CHECK(std::distance(instance.child("actions").children("row").begin(), instance.child("actions").children("row").end()) == 1);
    CHECK_FALSE(instance.child("workforce"));  // a part switched off
    CHECK(forms::new_record(*form, "x", "2023-10-09T09:00:00Z").meta.id != record.meta.id);
}

TEST_CASE("a record written to memory reads back the same") {
    const auto form = test::everything_form();
    auto record = forms::new_record(*form, "jsmith", "2023-10-09T09:00:00Z");
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "Youth Justice Strategy & <Plan>"));
    REQUIRE_FALSE(forms::set_value(*form, record, "other-details", "Line one\nLine two\n\n  indented"));
    REQUIRE_FALSE(forms::set_value(*form, record, "author/name", "Zoë O’Neill"));
    REQUIRE_FALSE(forms::set_value(*form, record, "apologies", "illness other-business"));
    REQUIRE_FALSE(forms::set_value(*form, record, "impacts/row[@key='disability']/nature", "=SUM(A1:A9)"));
    REQUIRE(forms::add_row(*form, record, "actions"));
    REQUIRE_FALSE(forms::set_value(*form, record, "actions/row[2]/action", "@mention +1 -1"));
    record.meta.transitions.push_back({"draft", "complete", "2023-10-10T10:00:00Z", "jsmith"});

    const auto registry = registry_with_everything();
    const auto text = test::record_text(record);
    const auto read = forms::read_record(text, "memory", registry);
    INFO(describe(read.diagnostics));
    REQUIRE(read.record);
    CHECK(read.diagnostics.empty());
    CHECK(test::record_text(*read.record) == text);
    const auto instance = read.record->instance();
    CHECK(std::string(instance.child("title").text().get()) == "Youth Justice Strategy & <Plan>");
    CHECK(std::string(instance.child("other-details").text().get()) == "Line one\nLine two\n\n  indented");
    CHECK(std::string(instance.child("author").child("name").text().get()) == "Zoë O’Neill");
    CHECK(std::string(instance.child("actions").last_child().child("action").text().get()) == "@mention +1 -1");
    CHECK(read.record->meta.transitions.size() == 1);
    CHECK(read.record->meta.id == record.meta.id);
}

TEST_CASE("a record file comes back in the form's order, with missing elements added") {
    const auto registry = registry_with_everything();
    const auto read = forms::read_record(record_file("<title>Out of order</title><activity>other</activity>"
                                                     "<impacts><row key='disability'><impact>N</impact></row></impacts>"),
                                         "partial.record.xml", registry);
    INFO(describe(read.diagnostics));
    REQUIRE(read.record);
    const auto instance = read.record->instance();
    CHECK(std::string(instance.first_child().name()) == "title");
    CHECK(instance.child("author").child("name"));
    CHECK(instance.child("impacts").find_child_by_attribute("row", "key", "age-0-18"));
    CHECK(std::string(instance.child("impacts").find_child_by_attribute("row", "key", "disability").child("impact").text().get()) == "N");
    CHECK(read.record->meta.revision == 4);
}

TEST_CASE("an element the form does not define is refused with its line, column and path") {
    const auto registry = registry_with_everything();
    const auto read = forms::read_record(record_file("<title>T</title>\n<sumbitted-by>x</sumbitted-by>\n"
                                                     "<author><name>A</name><rank>1</rank></author>\n"),
                                         "typo.record.xml", registry);
    CHECK_FALSE(read.record);
    INFO(describe(read.diagnostics));
    CHECK_THAT(describe(read.diagnostics), Contains("typo.record.xml:13:1:sumbitted-by: error: unknown element 'sumbitted-by' in everything"));
    CHECK_THAT(describe(read.diagnostics), Contains(":author: error: unknown element 'rank' in 'author'"));
}

TEST_CASE("a record of an unknown form or version is refused, naming what is known") {
    const auto registry = registry_with_everything();
    auto text = record_file("");
    auto unknown = text;
    unknown.replace(unknown.find("id='everything'"), 15, "id='nothing'");
    CHECK_THAT(describe(forms::read_record(unknown, "a.xml", registry).diagnostics),
               Contains("form 'nothing' is not one this program knows"));
    auto old = text;
    old.replace(old.find("version='2'"), 11, "version='1'");
    CHECK_THAT(describe(forms::read_record(old, "b.xml", registry).diagnostics),
               Contains("form 'everything' has no version 1 here; this program has version 2"));
}

TEST_CASE("malformed records and bad metadata are refused with a clear message") {
    const auto registry = registry_with_everything();
    const auto malformed = forms::read_record("<record format='1'><meta>\n<id>x</meta></record>", "bad.xml", registry);
    CHECK_FALSE(malformed.record);
    CHECK_THAT(describe(malformed.diagnostics), Contains("bad.xml:2:") && Contains("malformed XML"));

    auto text = record_file("");
    text.replace(text.find("<revision>4</revision>"), 22, "<revision>many</revision>");
    text.replace(text.find("0b7f7d1c"), 8, "NOTAUUID");
    text.replace(text.find("2023-10-09T09:00:00Z"), 20, "9 October 2023");
    const auto bad_meta = forms::read_record(text, "meta.xml", registry);
    CHECK_FALSE(bad_meta.record);
    const auto all = describe(bad_meta.diagnostics);
    CHECK_THAT(all, Contains("is not a lower-case UUID"));
    CHECK_THAT(all, Contains("the revision 'many' is not a positive whole number"));
    CHECK_THAT(all, Contains("'9 October 2023' is not a UTC time"));

    CHECK_THAT(describe(forms::read_record("<eia/>", "c.xml", registry).diagnostics),
               Contains("expected a record file (<record>), found <eia>"));
}

TEST_CASE("a DOCTYPE or entity in a record is refused, and nothing is read because of it") {
    const auto registry = registry_with_everything();
    test::TempFolder folder;
    const auto secret = folder.path() / "secret.txt";
    std::ofstream(secret) << "SECRET";
    const auto external = "<?xml version='1.0'?>\n<!DOCTYPE record [<!ENTITY x SYSTEM 'file://" + secret.string() +
                          "'>]>\n" + record_file("<title>&x;</title>").substr(22);
    const auto read = forms::read_record(external, "xxe.xml", registry);
    CHECK_FALSE(read.record);
    CHECK_THAT(describe(read.diagnostics), !Contains("SECRET"));
    CHECK_THAT(describe(read.diagnostics), Contains("entity reference other than XML's own"));

    const auto billion_laughs = "<?xml version='1.0'?>\n<!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>\n<record/>";
    CHECK_THAT(describe(forms::read_record(billion_laughs, "laughs.xml", registry).diagnostics),
               Contains("laughs.xml:2:") && Contains("entity"));
    CHECK_THAT(describe(forms::read_record("<!DOCTYPE record>\n<record/>", "d.xml", registry).diagnostics),
               Contains("d.xml:1:1: error: a DOCTYPE is not allowed"));
}

TEST_CASE("characters XML forbids and bytes that are not UTF-8 are refused with their place") {
    const auto registry = registry_with_everything();
    const auto control = forms::read_record(record_file("<title>bell&#7;</title>"), "ctl.xml", registry);
    CHECK_FALSE(control.record);
    CHECK_THAT(describe(control.diagnostics),
               Contains("ctl.xml:12:12: error: the character U+0007 is not allowed in XML 1.0 (written as &#7;)"));

    const auto raw_control = forms::read_record(record_file("<title>bell\x07</title>"), "raw.xml", registry);
    CHECK_THAT(describe(raw_control.diagnostics), Contains("raw.xml:12:12: error: the character U+0007 is not allowed"));

    const auto latin1 = forms::read_record(record_file("<title>caf\xe9</title>"), "latin1.xml", registry);
    CHECK_FALSE(latin1.record);
    CHECK_THAT(describe(latin1.diagnostics), Contains("latin1.xml:12:11: error: the file is not UTF-8 here"));

    const auto nonchar = forms::read_record(record_file("<title>&#xFFFE;</title>"), "ffe.xml", registry);
    CHECK_FALSE(nonchar.record);
    CHECK_THAT(describe(nonchar.diagnostics), Contains("ffe.xml:12:8: error: the character U+FFFE is not allowed"));
}

// pugixml decodes a reference to U+0000 like any other, and the value then ended there: a
// question's title "start&#0;end" was read, validated and stored as "start", with no error.
TEST_CASE("U+0000 in a record file, as the reference &#0 or &#x0 or itself, is refused at its line and column, and nothing is read") {
    const auto registry = registry_with_everything();
    for (const std::string& nul : {std::string("&#0;"), std::string("&#x0;"), std::string(1, '\0')}) {
        const std::string written = nul.front() == '&' ? " (written as " + nul + ")" : "";
        INFO("written as " << (nul.front() == '&' ? nul : std::string("a NUL byte")));
        const auto in_text = forms::read_record(record_file("<title>start" + nul + "end</title>"), "nul.xml", registry);
        CHECK_FALSE(in_text.record);
        CHECK_THAT(describe(in_text.diagnostics),
                   Contains("nul.xml:12:13: error: the character U+0000 is not allowed in XML 1.0" + written));

        // In an attribute of the metadata, likewise: <created at='..' by='cl&#0;erk'/>.
        auto in_attribute = record_file("<title>start</title>");
        const auto by = in_attribute.find("by='clerk'");
        REQUIRE(by != std::string::npos);
        in_attribute.insert(by + 6, nul);
        const auto read = forms::read_record(in_attribute, "attr.xml", registry);
        CHECK_FALSE(read.record);
        CHECK_THAT(describe(read.diagnostics),
                   Contains("attr.xml:7:44: error: the character U+0000 is not allowed in XML 1.0" + written));

        // From a file, as validate and import read it.
        test::TempFolder folder;
        const auto file = folder.path() / "nul.record.xml";
        std::ofstream(file, std::ios::binary) << record_file("<title>start" + nul + "end</title>");
        const auto from_file = forms::read_record_file(file, registry);
        CHECK_FALSE(from_file.record);
        CHECK_THAT(describe(from_file.diagnostics),
                   Contains(file.string() + ":12:13: error: the character U+0000 is not allowed in XML 1.0" + written));
    }
}

TEST_CASE("every reference to a character XML forbids is refused, references to the others, and text in CDATA, are read") {
    const auto registry = registry_with_everything();
    const auto refused = [&](const std::string& reference, const std::string& words) {
        INFO(reference);
        const auto read = forms::read_record(record_file("<title>x" + reference + "</title>"), "r.xml", registry);
        CHECK_FALSE(read.record);
        CHECK_THAT(describe(read.diagnostics), Contains("r.xml:12:9: error: " + words));
    };
    refused("&#x1F;", "the character U+001F is not allowed in XML 1.0 (written as &#x1F;)");
    refused("&#xd800;", "the character U+D800 is not allowed in XML 1.0 (written as &#xd800;)");
    refused("&#65535;", "the character U+FFFF is not allowed in XML 1.0 (written as &#65535;)");
    refused("&#0000000000;", "the character U+0000 is not allowed in XML 1.0 (written as &#0000000000;)");
    refused("&#x110000;", "the character reference &#x110000; is beyond U+10FFFF");
    // pugixml counts in 32 bits: this one would have come out as U+0000.
    refused("&#4294967296;", "the character reference &#4294967296; is beyond U+10FFFF");

    const auto allowed = forms::read_record(record_file("<title>&#x41;&#32;&#xE9;&#x10FFFF;<!-- &#0; --></title>"),
                                            "ok.xml", registry);
    INFO(describe(allowed.diagnostics));
    REQUIRE(allowed.record);
    CHECK(std::string(allowed.record->instance().child("title").text().get()) == "A \xC3\xA9\xF4\x8F\xBF\xBF");
    // In a CDATA section a reference is only text.
    const auto cdata = forms::read_record(record_file("<title><![CDATA[&#0;]]></title>"), "cdata.xml", registry);
    INFO(describe(cdata.diagnostics));
    REQUIRE(cdata.record);
    CHECK(std::string(cdata.record->instance().child("title").text().get()) == "&#0;");
}

TEST_CASE("huge and deeply nested records are bounded") {
    const auto registry = registry_with_everything();
    std::string deep = "<record>";
    for (int i = 0; i < 200; ++i) deep += "<a>";
    for (int i = 0; i < 200; ++i) deep += "</a>";
    deep += "</record>";
    const auto nested = forms::read_record(deep, "deep.xml", registry);
    CHECK_FALSE(nested.record);
    CHECK_THAT(describe(nested.diagnostics), Contains("nest deeper than 64"));

    test::TempFolder folder;
    const auto huge = folder.path() / "huge.record.xml";
    {
        std::ofstream out(huge);
        out << "<record>";
        const std::string block(1 << 20, 'x');
        for (int i = 0; i < 65; ++i) out << block;
    }
    const auto big = forms::read_record_file(huge, registry);
    CHECK_FALSE(big.record);
    CHECK_THAT(describe(big.diagnostics), Contains("bytes; the most accepted is 67108864"));
}

TEST_CASE("text that XML cannot hold is refused at entry, naming the field, and the record is unchanged") {
    const auto form = test::everything_form();
    auto record = forms::new_record(*form, "u", "2023-10-09T09:00:00Z");
    REQUIRE_FALSE(forms::set_value(*form, record, "title", "Kept"));
    const auto before = test::record_text(record);

    const auto control = forms::set_value(*form, record, "title", "bad\x01text");
    REQUIRE(control);
    CHECK(control->path == "title");
    CHECK_THAT(control->message, Contains("U+0001") && Contains("was not stored"));
    const auto not_utf8 = forms::set_value(*form, record, "impacts/row[@key='age-0-18']/nature", "caf\xe9");
    REQUIRE(not_utf8);
    CHECK(not_utf8->path == "impacts/row[@key='age-0-18']/nature");
    CHECK_THAT(not_utf8->message, Contains("not UTF-8"));
    CHECK(forms::set_value(*form, record, "nothing-here", "x"));
    CHECK(forms::set_value(*form, record, "action-count", "7"));  // calculated: read-only
    CHECK(forms::set_value(*form, record, "author", "A person"));  // name and role are set apart
    CHECK(test::record_text(record) == before);
}

TEST_CASE("a record file is saved whole or not at all") {
    const auto form = test::everything_form();
    const auto record = forms::new_record(*form, "u", "2023-10-09T09:00:00Z");
    test::TempFolder folder;
    const auto path = folder.path() / "r.record.xml";
    REQUIRE_FALSE(forms::save_record_file(record, path));
    CHECK(test::read_text(path.string()) == test::record_text(record));

    std::ofstream(folder.path() / "not-a-folder") << "x";
    const auto failed = forms::save_record_file(record, folder.path() / "not-a-folder" / "r.record.xml");
    REQUIRE(failed);
    CHECK_THAT(*failed, Contains("not-a-folder"));
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder.path())) ++files;
    CHECK(files == 2);  // no temporary file left behind
}

TEST_CASE("the user is FORMWORK_USER when set, else the login") {
    setenv("FORMWORK_USER", "csinclair", 1);
    CHECK(forms::current_user() == "csinclair");
    unsetenv("FORMWORK_USER");
    CHECK_FALSE(forms::current_user().empty());
    CHECK(forms::current_user() != "csinclair");
}
