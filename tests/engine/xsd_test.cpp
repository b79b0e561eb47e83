// The generated XSDs, checked with a real validator: xmllint from libxml2 (on PATH) must
// accept documents of the right shape and refuse each kind of wrong one.
#include <formwork/model/string_writer.hpp>
#include <formwork/model/xsd.hpp>

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using namespace formwork::forms;

namespace {

Expression expression(std::string text) {
    Expression result;
    result.text = std::move(text);
    return result;
}

Node field(std::string id, FieldType type) {
    Node node;
    node.kind = NodeKind::field;
    node.id = std::move(id);
    node.type = type;
    return node;
}

Node required_field(std::string id, FieldType type) {
    Node node = field(std::move(id), type);
    node.required = expression("true()");
    return node;
}

Node choice_field(std::string id, FieldType type, std::string list) {
    Node node = field(std::move(id), type);
    node.choice_list = std::move(list);
    return node;
}

Node container(NodeKind kind, std::string id, std::vector<Node> children) {
    Node node;
    node.kind = kind;
    node.id = std::move(id);
    node.children = std::move(children);
    return node;
}

ChoiceList choices(std::string id, std::vector<std::string> codes) {
    ChoiceList list;
    list.id = std::move(id);
    for (auto& code : codes) list.options.push_back({code, "Label of " + code});
    return list;
}

Lifecycle lifecycle() {
    Lifecycle result;
    result.statuses = {{"draft", "Draft"}, {"complete", "Complete"}, {"submitted", "Submitted"}};
    result.transitions = {{"draft", "complete"}, {"complete", "draft"}, {"complete", "submitted"}};
    return result;
}

// A form with a field of every type, a group, a fixed and a repeating table, optional
// parts (one switched off) and the cases of `required`.
std::shared_ptr<FormDefinition> test_form() {
    auto form = std::make_shared<FormDefinition>();
    form->id = "sample-return";
    form->version = 3;
    form->title = "Sample return";
    form->lists = {choices("impact", {"positive", "neutral", "negative"}), choices("colour", {"red", "green", "blue"})};
    form->lists[0].configurable = true;
    form->parts = {{"extra", "Extra detail", false}, {"more", "More detail", true}};
    form->lifecycle = lifecycle();

    Node note;
    note.kind = NodeKind::note;
    note.text = "Guidance only.";

    Node title = required_field("title", FieldType::text);
    title.max_length = 20;
    Node officer = required_field("officer", FieldType::person);
    officer.max_length = 30;
    Node answer = required_field("answer", FieldType::text);  // required, but only when relevant
    answer.relevant = expression("../flag = 'true'");
    Node reference = field("related", FieldType::reference);
    reference.references = "other-return";

    Node details = container(NodeKind::section, "", {
        note,
        title,
        field("notes", FieldType::long_text),
        field("count", FieldType::integer),
        field("amount", FieldType::decimal),
        field("when", FieldType::date),
        field("flag", FieldType::boolean),
        choice_field("impact", FieldType::choice, "impact"),
        choice_field("colours", FieldType::multi_choice, "colour"),
        field("contact", FieldType::email),
        field("phone", FieldType::telephone),
        officer,
        reference,
        answer,
    });

    Node meeting = container(NodeKind::group, "meeting", {field("body", FieldType::text), required_field("date", FieldType::date)});

    Node impacts = container(NodeKind::table, "impacts", {
        choice_field("impact", FieldType::choice, "impact"),
        field("nature", FieldType::long_text),
    });
    impacts.fixed_rows = {{"age-0-18", "Age 0-18"}, {"disability", "Disability"}};

    Node actions = container(NodeKind::table, "actions", {required_field("action", FieldType::text), field("lead", FieldType::person)});
    actions.repeating = true;
    actions.min_rows = 1;
    actions.max_rows = 3;

    Node extra = container(NodeKind::group, "extra-info", {required_field("detail", FieldType::text)});
    extra.part = "extra";
    Node more = container(NodeKind::section, "", {required_field("more-detail", FieldType::integer)});
    more.part = "more";

    form->items = {details, meeting, impacts, actions, extra, more};
    return form;
}

// A second form whose list "impact" has other codes than the first's.
std::shared_ptr<FormDefinition> other_form() {
    auto form = std::make_shared<FormDefinition>();
    form->id = "other-return";
    form->version = 1;
    form->lists = {choices("impact", {"high", "low"})};
    form->lifecycle.statuses = {{"open", "Open"}, {"closed", "Closed"}};
    form->items = {required_field("name", FieldType::text), choice_field("impact", FieldType::choice, "impact")};
    return form;
}

std::string form_xsd(const FormDefinition& form) {
    StringWriter out;
    write_form_xsd(form, out);
    return out.text;
}

std::string submission_xsd(const std::vector<FormDefinitionPtr>& forms) {
    StringWriter out;
    write_submission_xsd(forms, out);
    return out.text;
}

// A fresh folder for one test's files, removed afterwards.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "formwork-xsd-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    fs::path write(const std::string& name, const std::string& text) const {
        fs::path file = path_ / name;
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

bool have_xmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

// xmllint's exit status: 0 valid, 3 invalid, 5 the schema itself did not compile.
struct Validation {
    int status = -1;
    std::string output;
};

Validation validate(const TempDir& dir, const fs::path& schema, const std::string& document) {
    static int counter = 0;
    fs::path doc = dir.write("doc-" + std::to_string(++counter) + ".xml", document);
    fs::path log = dir.path() / "xmllint.log";
    std::string command = "xmllint --noout --schema '" + schema.string() + "' '" + doc.string() + "' >'" + log.string() + "' 2>&1";
    int raw = std::system(command.c_str());
    Validation result;
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    std::ifstream in(log);
    result.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return result;
}

// `text` with every occurrence of `from` replaced by `to`; there must be one at least.
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    REQUIRE(text.find(from) != std::string::npos);
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    return text;
}

// `text` with its one occurrence of `from` replaced by `to`.
std::string replace(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    return text.replace(at, from.size(), to);
}

const std::string uuid = "3f2b8c1e-5d4a-4e1b-9c7d-2a6f0e8b9d10";

const std::string full_instance = R"(<sample-return>
    <title>Quarterly return</title>
    <notes>Two lines
of notes</notes>
    <count>-12</count>
    <amount>3.25</amount>
    <when>2023-10-17</when>
    <flag>true</flag>
    <impact>neutral</impact>
    <colours><item>red</item><item>blue</item></colours>
    <contact>clerk@example.gov.uk</contact>
    <phone>+44 (0)1481 717000</phone>
    <officer><name>J Lepoidevin</name><role>Clerk</role></officer>
    <related>9a1b2c3d-0000-4e1b-9c7d-2a6f0e8b9d10</related>
    <answer>Yes</answer>
    <meeting><body>Council</body><date>2023-10-17</date></meeting>
    <impacts>
      <row key="age-0-18"><impact>positive</impact><nature>Better access</nature></row>
      <row key="disability"><impact/><nature/></row>
    </impacts>
    <actions>
      <row><action>Publish the report</action><lead><name>D Welsh</name><role/></lead></row>
    </actions>
    <extra-info><detail>Switched-off part, still allowed</detail></extra-info>
    <more-detail>7</more-detail>
  </sample-return>)";

// Only what must be there: the required fields, the group holding one, one action row.
const std::string minimal_instance = R"(<sample-return>
    <title>Quarterly return</title>
    <officer><name>J Lepoidevin</name></officer>
    <meeting><date>2023-10-17</date></meeting>
    <actions><row><action>Publish</action></row></actions>
  </sample-return>)";

// Every optional field present and empty.
const std::string empty_instance = R"(<sample-return>
    <title>Quarterly return</title>
    <notes/><count/><amount/><when/><flag/><impact/><colours/><contact/><phone/>
    <officer><name>J Lepoidevin</name><role/></officer>
    <related/><answer/>
    <meeting><body/><date>2023-10-17</date></meeting>
    <impacts/>
    <actions><row><action>Publish</action><lead><name/><role/></lead></row></actions>
    <extra-info><detail/></extra-info>
    <more-detail/>
  </sample-return>)";

std::string record(const std::string& instance) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<record format="1">
  <meta>
    <id>)" + uuid + R"(</id>
    <form id="sample-return" version="3"/>
    <status>complete</status>
    <created at="2023-10-09T09:12:00Z" by="csinclair"/>
    <modified at="2023-10-10T14:03:27Z" by="csinclair"/>
    <revision>3</revision>
    <transitions>
      <transition from="draft" to="complete" at="2023-10-10T14:03:27Z" by="csinclair"/>
    </transitions>
  </meta>
  )" + instance + R"(
</record>
)";
}

}  // namespace

TEST_CASE("xsd: the record schema starts with a generated-by comment and has no xs:unique", "[xsd]") {
    auto form = test_form();
    std::string xsd = form_xsd(*form);
    CHECK(xsd.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n  Generated by Formwork from form sample-return version 3.", 0) == 0);
    CHECK(xsd.find("Optional parts switched off in this profile: extra.") != std::string::npos);
    CHECK(xsd.find("xs:unique") == std::string::npos);
    CHECK(xsd.find("targetNamespace") == std::string::npos);

    pugi::xml_document doc;
    REQUIRE(doc.load_string(xsd.c_str()));
    // One type per choice list, reused by every field that uses it.
    CHECK(doc.select_nodes("/xs:schema/xs:simpleType[@name='list-impact']").size() == 1);
    CHECK(doc.select_nodes("//xs:element[@type='empty-or-list-impact']").size() == 2);
}

TEST_CASE("xsd: xmllint accepts valid record files", "[xsd]") {
    REQUIRE(have_xmllint());
    TempDir dir;
    auto form = test_form();
    auto schema = dir.write("sample-return.xsd", form_xsd(*form));

    SECTION("every field filled in") {
        auto result = validate(dir, schema, record(full_instance));
        INFO(result.output);
        CHECK(result.status == 0);
    }
    SECTION("only the required elements") {
        auto result = validate(dir, schema, record(minimal_instance));
        INFO(result.output);
        CHECK(result.status == 0);
    }
    SECTION("every optional field empty") {
        auto result = validate(dir, schema, record(empty_instance));
        INFO(result.output);
        CHECK(result.status == 0);
    }
    SECTION("no transitions yet") {
        std::string doc = record(minimal_instance);
        auto from = doc.find("    <transitions>");
        auto to = doc.find("</transitions>\n") + std::string("</transitions>\n").size();
        doc.erase(from, to - from);
        auto result = validate(dir, schema, doc);
        INFO(result.output);
        CHECK(result.status == 0);
    }
    SECTION("the same form with a part switched back on") {
        form->parts[0].enabled = true;
        auto on = dir.write("sample-return-on.xsd", form_xsd(*form));
        auto result = validate(dir, on, record(minimal_instance));
        INFO(result.output);
        CHECK(result.status == 0);
    }
}

TEST_CASE("xsd: xmllint refuses record files that break the schema", "[xsd]") {
    REQUIRE(have_xmllint());
    TempDir dir;
    auto form = test_form();
    auto schema = dir.write("sample-return.xsd", form_xsd(*form));
    const std::string full = record(full_instance);
    const std::string minimal = record(minimal_instance);

    std::vector<std::pair<std::string, std::string>> cases = {
        {"a non-numeric integer", replace(full, "<count>-12</count>", "<count>twelve</count>")},
        {"an integer with a plus sign", replace(full, "<count>-12</count>", "<count>+12</count>")},
        {"a decimal with a comma", replace(full, "<amount>3.25</amount>", "<amount>3,25</amount>")},
        {"a decimal without its integer part", replace(full, "<amount>3.25</amount>", "<amount>.25</amount>")},
        {"a date that is no date", replace(full, "<when>2023-10-17</when>", "<when>2023-02-30</when>")},
        {"a date with a time zone", replace(full, "<when>2023-10-17</when>", "<when>2023-10-17Z</when>")},
        {"a boolean written as 1", replace(full, "<flag>true</flag>", "<flag>1</flag>")},
        {"an unknown choice code", replace(full, "<impact>neutral</impact>", "<impact>mixed</impact>")},
        {"an unknown multi-choice code", replace(full, "<item>blue</item>", "<item>yellow</item>")},
        {"an e-mail address without @", replace(full, "clerk@example.gov.uk", "clerk.example.gov.uk")},
        {"a telephone number of letters", replace(full, "+44 (0)1481 717000", "call the office")},
        {"a telephone number of five digits", replace(full, "+44 (0)1481 717000", "(0)1481")},
        {"a reference that is no UUID", replace(full, "9a1b2c3d-0000-4e1b-9c7d-2a6f0e8b9d10", "record 12")},
        {"a missing required element", replace(minimal, "<title>Quarterly return</title>", "")},
        {"an empty required text", replace(minimal, "<title>Quarterly return</title>", "<title/>")},
        {"an empty required date in a group", replace(minimal, "<date>2023-10-17</date>", "<date/>")},
        {"a required person without a name", replace(minimal, "<name>J Lepoidevin</name>", "<role>Clerk</role>")},
        {"an over-long text", replace(full, "Quarterly return", "Quarterly return, final")},
        {"an over-long person name", replace(full, "J Lepoidevin", "Councillor J Lepoidevin of St Peter Port")},
        {"a fixed-table row with an unknown key", replace(full, R"(key="disability")", R"(key="religion")")},
        {"a fixed-table row without a key", replace(full, R"(<row key="disability">)", "<row>")},
        {"too many repeating rows", replace(minimal, "<row><action>Publish</action></row>",
                                            "<row><action>1</action></row><row><action>2</action></row>"
                                            "<row><action>3</action></row><row><action>4</action></row>")},
        {"too few repeating rows", replace(minimal, "<actions><row><action>Publish</action></row></actions>", "<actions/>")},
        {"a repeating row with a key", replace(minimal, "<row><action>", R"(<row key="a"><action>)")},
        {"an unknown element", replace(full, "<answer>Yes</answer>", "<answer>Yes</answer><answr>No</answr>")},
        {"elements out of order", replace(minimal, "<title>Quarterly return</title>\n    <officer><name>J Lepoidevin</name></officer>",
                                          "<officer><name>J Lepoidevin</name></officer>\n    <title>Quarterly return</title>")},
        {"text in a group", replace(minimal, "<meeting><date>", "<meeting>loose text<date>")},
        {"another form's id", replace(minimal, R"(id="sample-return")", R"(id="other-return")")},
        {"another version", replace(minimal, R"(version="3")", R"(version="2")")},
        {"an unknown status", replace(minimal, "<status>complete</status>", "<status>finished</status>")},
        {"an unknown status in a transition", replace(minimal, R"(to="complete")", R"(to="done")")},
        {"an upper-case UUID", replace(minimal, uuid, "3F2B8C1E-5D4A-4E1B-9C7D-2A6F0E8B9D10")},
        {"a local time", replace(minimal, R"(at="2023-10-09T09:12:00Z")", R"(at="2023-10-09T09:12:00")")},
        {"a revision of 0", replace(minimal, "<revision>3</revision>", "<revision>0</revision>")},
        {"a missing revision", replace(minimal, "<revision>3</revision>", "")},
        {"another record format", replace(minimal, R"(format="1")", R"(format="2")")},
    };
    for (const auto& [name, doc] : cases) {
        SECTION(name) {
            auto result = validate(dir, schema, doc);
            INFO(result.output);
            CHECK(result.status == 3);
        }
    }
}

TEST_CASE("xsd: required is literal true() only without relevant or part, here or above", "[xsd]") {
    auto form = test_form();
    pugi::xml_document doc;
    REQUIRE(doc.load_string(form_xsd(*form).c_str()));
    auto min_occurs = [&](const char* path) {
        auto node = doc.select_node(path).node();
        INFO(path);
        REQUIRE(node);
        return std::string(node.attribute("minOccurs").value());
    };
    const std::string instance = "/xs:schema/xs:complexType[@name='instance']/xs:sequence/";
    CHECK(min_occurs((instance + "xs:element[@name='title']").c_str()) == "1");
    CHECK(min_occurs((instance + "xs:element[@name='answer']").c_str()) == "0");  // has relevant
    CHECK(min_occurs((instance + "xs:element[@name='count']").c_str()) == "0");
    CHECK(min_occurs((instance + "xs:element[@name='meeting']").c_str()) == "1");  // holds a required field
    CHECK(min_occurs((instance + "xs:element[@name='extra-info']").c_str()) == "0");  // part, switched off
    CHECK(min_occurs((instance + "xs:element[@name='extra-info']//xs:element[@name='detail']").c_str()) == "0");
    CHECK(min_occurs((instance + "xs:element[@name='more-detail']").c_str()) == "0");  // in a section of a part
    CHECK(min_occurs((instance + "xs:element[@name='actions']//xs:element[@name='row']").c_str()) == "1");

    // A relevant on the table makes its rows optional, whatever min-rows says.
    form->items[3].relevant = expression("../count > 0");
    REQUIRE(doc.load_string(form_xsd(*form).c_str()));
    CHECK(min_occurs((instance + "xs:element[@name='actions']").c_str()) == "0");
    CHECK(min_occurs((instance + "xs:element[@name='actions']//xs:element[@name='row']").c_str()) == "0");

    // required="true ( )" is still the literal; any other expression is the engine's.
    form->items[1].children[1].required = expression(" true ( ) ");
    form->items[0].children[1].required = expression("../count > 0");
    REQUIRE(doc.load_string(form_xsd(*form).c_str()));
    CHECK(min_occurs((instance + "xs:element[@name='meeting']").c_str()) == "1");
    CHECK(min_occurs((instance + "xs:element[@name='title']").c_str()) == "0");
}

TEST_CASE("xsd: a fixed table whose column is required needs all of its rows", "[xsd]") {
    REQUIRE(have_xmllint());
    TempDir dir;
    auto form = test_form();
    form->items[2].children[0].required = expression("true()");
    auto schema = dir.write("sample-return.xsd", form_xsd(*form));
    const std::string rows = R"(<impacts>
      <row key="age-0-18"><impact>positive</impact><nature>Better access</nature></row>
      <row key="disability"><impact/><nature/></row>
    </impacts>)";
    std::string filled = replace(full_instance, rows, R"(<impacts>
      <row key="age-0-18"><impact>positive</impact></row>
      <row key="disability"><impact>neutral</impact></row>
    </impacts>)");
    CHECK(validate(dir, schema, record(filled)).status == 0);
    CHECK(validate(dir, schema, record(full_instance)).status == 3);  // an empty required impact
    CHECK(validate(dir, schema, record(replace(filled, R"(<row key="disability"><impact>neutral</impact></row>)", ""))).status == 3);
    CHECK(validate(dir, schema, record(replace(full_instance, rows, ""))).status == 3);
}

namespace {

const std::string digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

// A submission envelope holding `records` (Record elements, or nothing).
std::string submission(const std::string& records) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>Council questions return</Collection>
      <Year>2023</Year>
      <ReferenceDate>2023-10-17</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <OrganisationCode>E08000026</OrganisationCode>
      <OrganisationName>Coventry City Council</OrganisationName>
      <SoftwareCode>Formwork</SoftwareCode>
      <Release>0.1.0</Release>
      <SerialNo>3</SerialNo>
      <DateTime>2026-11-22T23:59:00Z</DateTime>
      <AuditHeadDigest>)" + digest + R"(</AuditHeadDigest>
    </Source>
  </Header>
  <Records>
)" + records + R"(
  </Records>
</Message>
)";
}

const std::string sample_record = R"(<Record id=")" + uuid + R"(" form="sample-return" form-version="3" status="complete" revision="3" draft="true">
  )" + minimal_instance + R"(
</Record>)";

const std::string other_record = R"(<Record id="0b2b8c1e-5d4a-4e1b-9c7d-2a6f0e8b9d10" form="other-return" form-version="1" status="open" revision="1">
  <other-return><name>A name</name><impact>high</impact></other-return>
</Record>)";

const std::string other_instance = "<other-return><name>A name</name><impact>high</impact></other-return>";

}  // namespace

TEST_CASE("xsd: the submission schema has one global element, Message, and no namespace", "[xsd]") {
    std::vector<FormDefinitionPtr> forms = {test_form(), other_form()};
    std::string xsd = submission_xsd(forms);
    CHECK(xsd.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n  Generated by Formwork for a submission of form "
                    "sample-return version 3, form other-return version 1.",
                    0) == 0);
    CHECK(xsd.find("xs:unique") == std::string::npos);
    CHECK(xsd.find("targetNamespace") == std::string::npos);
    // Both forms have a list "impact": each form's types carry its id.
    CHECK(xsd.find(R"(name="sample-return.list-impact")") != std::string::npos);
    CHECK(xsd.find(R"(name="other-return.list-impact")") != std::string::npos);

    pugi::xml_document doc;
    REQUIRE(doc.load_string(xsd.c_str()));
    CHECK(doc.select_nodes("/xs:schema/xs:element").size() == 1);
    CHECK(doc.select_node("/xs:schema/xs:element[@name='Message']"));
    auto record = doc.select_node("//xs:element[@name='Record']").node();
    REQUIRE(record);
    CHECK(std::string(record.attribute("minOccurs").value()) == "0");
    CHECK(std::string(record.attribute("maxOccurs").value()) == "unbounded");
    CHECK(record.select_nodes("xs:complexType/xs:choice/xs:element").size() == 2);
    CHECK(std::string(record.select_node("xs:complexType/xs:attribute[@name='draft']").node().attribute("use").value()) ==
          "optional");
    CHECK(std::string(record.select_node("xs:complexType/xs:attribute[@name='revision']").node().attribute("use").value()) ==
          "required");
    // Fields with relevant stay optional in a submission's instance.
    CHECK(std::string(doc.select_node("//xs:complexType[@name='sample-return.instance']/xs:sequence/xs:element[@name='answer']")
                          .node()
                          .attribute("minOccurs")
                          .value()) == "0");
}

TEST_CASE("xsd: xmllint accepts valid submissions", "[xsd]") {
    REQUIRE(have_xmllint());
    TempDir dir;
    auto schema = dir.write("submission.xsd", submission_xsd({test_form(), other_form()}));
    const std::string both = submission(sample_record + "\n" + other_record + "\n" + sample_record);

    std::vector<std::pair<std::string, std::string>> cases = {
        {"records of both forms", both},
        {"no records", submission("")},
        {"an empty Records element", replace(submission(""), "<Records>\n\n  </Records>", "<Records/>")},
        {"no OrganisationName", replace(both, "<OrganisationName>Coventry City Council</OrganisationName>", "")},
        {"a record with draft false", replace(both, R"(revision="1">)", R"(revision="1" draft="false">)")},
        {"an instance leaving out every field that is optional", submission(replace(other_record, "<impact>high</impact>", ""))},
        {"an instance of every field", submission(replace(sample_record, minimal_instance, full_instance))},
        {"an instance leaving out a field that is not relevant",
         submission(replace(sample_record, minimal_instance, replace(full_instance, "<answer>Yes</answer>", "")))},
        {"a leap day as reference date", replace(both, "<ReferenceDate>2023-10-17<", "<ReferenceDate>2024-02-29<")},
    };
    for (const auto& [name, doc] : cases) {
        SECTION(name) {
            auto result = validate(dir, schema, doc);
            INFO(result.output);
            CHECK(result.status == 0);
        }
    }
}

TEST_CASE("xsd: xmllint refuses submissions that break the envelope", "[xsd]") {
    REQUIRE(have_xmllint());
    TempDir dir;
    auto schema = dir.write("submission.xsd", submission_xsd({test_form(), other_form()}));
    const std::string doc = submission(other_record);
    auto without = [&](const std::string& from, const std::string& to) {
        auto start = doc.find(from);
        REQUIRE(start != std::string::npos);
        auto end = doc.find(to, start);
        REQUIRE(end != std::string::npos);
        return std::string(doc).erase(start, end + to.size() - start);
    };

    std::vector<std::pair<std::string, std::string>> cases = {
        {"a lower-case submission root", replace_all(doc, "Message>", "submission>")},
        {"a root in a namespace", replace(doc, "<Message>", R"(<Message xmlns="http://www.example.gov.uk/census">)")},
        {"a lower-case header", replace_all(doc, "Header>", "header>")},
        {"no Header", without("  <Header>", "</Header>\n")},
        {"no CollectionDetails", without("    <CollectionDetails>", "</CollectionDetails>\n")},
        {"no Source", without("    <Source>", "</Source>\n")},
        {"no Records", without("  <Records>", "</Records>\n")},
        {"an empty Collection", replace(doc, "Council questions return", "")},
        {"an over-long Collection", replace(doc, "Council questions return", std::string(101, 'c'))},
        {"a two-digit Year", replace(doc, "<Year>2023</Year>", "<Year>23</Year>")},
        {"a Year with a time zone", replace(doc, "<Year>2023</Year>", "<Year>2023Z</Year>")},
        {"no Year", replace(doc, "<Year>2023</Year>", "")},
        {"a ReferenceDate that is no date", replace(doc, "<ReferenceDate>2023-10-17<", "<ReferenceDate>2023-02-30<")},
        {"a ReferenceDate written day first", replace(doc, "<ReferenceDate>2023-10-17<", "<ReferenceDate>17/10/2023<")},
        {"a ReferenceDate with a time zone", replace(doc, "<ReferenceDate>2023-10-17<", "<ReferenceDate>2023-10-17Z<")},
        {"another SourceLevel", replace(doc, "<SourceLevel>L<", "<SourceLevel>S<")},
        {"no SourceLevel", replace(doc, "<SourceLevel>L</SourceLevel>", "")},
        {"no OrganisationCode", replace(doc, "<OrganisationCode>E08000026</OrganisationCode>", "")},
        {"an empty OrganisationCode", replace(doc, "<OrganisationCode>E08000026<", "<OrganisationCode><")},
        {"an over-long OrganisationCode", replace(doc, "E08000026", std::string(21, 'E'))},
        {"an empty SoftwareCode", replace(doc, "<SoftwareCode>Formwork<", "<SoftwareCode><")},
        {"no Release", replace(doc, "<Release>0.1.0</Release>", "")},
        {"an empty Release", replace(doc, "<Release>0.1.0<", "<Release><")},
        {"SerialNo 0", replace(doc, "<SerialNo>3<", "<SerialNo>0<")},
        {"a negative SerialNo", replace(doc, "<SerialNo>3<", "<SerialNo>-3<")},
        {"no SerialNo", replace(doc, "<SerialNo>3</SerialNo>", "")},
        {"a DateTime in local time", replace(doc, "23:59:00Z", "23:59:00")},
        {"a DateTime with an offset", replace(doc, "23:59:00Z", "23:59:00+01:00")},
        {"an upper-case digest", replace(doc, digest, std::string(64, 'A'))},
        {"a short digest", replace(doc, digest, std::string(63, 'a'))},
        {"an empty digest", replace(doc, digest, "")},
        {"no AuditHeadDigest", without("      <AuditHeadDigest>", "</AuditHeadDigest>\n")},
        {"Source elements out of order", replace(doc, "<SoftwareCode>Formwork</SoftwareCode>\n      <Release>0.1.0</Release>",
                                                 "<Release>0.1.0</Release>\n      <SoftwareCode>Formwork</SoftwareCode>")},
        {"an unknown Header element", replace(doc, "</Source>", "</Source>\n    <Contact>x</Contact>")},
        {"text in Records", replace(doc, "<Records>", "<Records>loose text")},
        {"a lower-case record", submission(replace_all(other_record, "Record", "record"))},
        {"a Record without form attribute", submission(replace(other_record, R"( form="other-return")", ""))},
        {"a Record of an unknown form attribute", submission(replace(other_record, R"(form="other-return")", R"(form="third-return")"))},
        {"a Record without form-version", submission(replace(other_record, R"( form-version="1")", ""))},
        {"a Record without id", submission(replace(other_record, R"( id="0b2b8c1e-5d4a-4e1b-9c7d-2a6f0e8b9d10")", ""))},
        {"a Record with a bad UUID", submission(replace(other_record, "0b2b8c1e-", "0b2b8c1e"))},
        {"a Record without status", submission(replace(other_record, R"( status="open")", ""))},
        {"a Record with an unknown status", submission(replace(other_record, R"(status="open")", R"(status="lost")"))},
        {"a Record without revision", submission(replace(other_record, R"( revision="1")", ""))},
        {"a Record of revision 0", submission(replace(other_record, R"(revision="1")", R"(revision="0")"))},
        {"a Record with draft 1", submission(replace(other_record, R"(revision="1">)", R"(revision="1" draft="1">)"))},
        {"a Record with draft yes", submission(replace(other_record, R"(revision="1">)", R"(revision="1" draft="yes">)"))},
        {"a Record with an unknown attribute", submission(replace(other_record, R"(revision="1">)", R"(revision="1" format="1">)"))},
        {"a Record without an instance element", submission(replace(other_record, other_instance, ""))},
        {"a Record with two instance elements", submission(replace(other_record, other_instance, other_instance + minimal_instance))},
        {"a Record with the same instance twice", submission(replace(other_record, other_instance, other_instance + other_instance))},
        {"an instance of a form not in the submission", submission(replace_all(other_record, "other-return>", "third-return>"))},
        {"an invalid instance", submission(replace(sample_record, "<title>Quarterly return</title>", ""))},
        {"one form's code in the other's list", submission(replace(other_record, "<impact>high</impact>", "<impact>neutral</impact>"))},
        {"an instance wrapped in meta", submission(replace(other_record, other_instance, "<meta/>" + other_instance))},
    };
    for (const auto& [name, bad] : cases) {
        SECTION(name) {
            auto result = validate(dir, schema, bad);
            INFO(result.output);
            CHECK(result.status == 3);
        }
    }
}

TEST_CASE("xsd: a submission with two versions of one form still compiles", "[xsd]") {
    REQUIRE(have_xmllint());
    TempDir dir;
    auto older = other_form();
    auto newer = other_form();
    newer->version = 2;
    newer->items.push_back(field("added", FieldType::text));
    auto sample = test_form();
    std::string xsd = submission_xsd({older, newer, sample, sample});
    CHECK(xsd.find("form other-return version 1, form other-return version 2, form sample-return version 3.") != std::string::npos);
    CHECK(xsd.find("other-return is present in more than one version") != std::string::npos);
    auto schema = dir.write("submission.xsd", xsd);
    auto result = validate(dir, schema, submission(other_record + "\n" + sample_record));
    INFO(result.output);
    CHECK(result.status == 0);
    // The sample form, present in one version (twice over), is still checked.
    CHECK(validate(dir, schema, submission(replace(sample_record, "<title>Quarterly return</title>", ""))).status == 3);
    // The envelope is checked as ever.
    CHECK(validate(dir, schema, replace(submission(other_record), "<SerialNo>3<", "<SerialNo>0<")).status == 3);
}

TEST_CASE("xsd: a submission of no forms compiles and takes no records", "[xsd]") {
    REQUIRE(have_xmllint());
    TempDir dir;
    std::string xsd = submission_xsd({});
    CHECK(xsd.find("Generated by Formwork for a submission of no forms.") != std::string::npos);
    auto schema = dir.write("submission.xsd", xsd);
    auto result = validate(dir, schema, submission(""));
    INFO(result.output);
    CHECK(result.status == 0);
    CHECK(validate(dir, schema, submission(other_record)).status == 3);
}
