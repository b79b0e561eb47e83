// One record as a printable document (exporters/html/record_document.hpp): every shipped
// sample prints as XHTML that parses as XML and holds each exported value as people read
// it (labels for codes, UK dates, Yes/No); what is not relevant, switched off or kept out of
// exports stays out; text that looks like a formula or like HTML stays literal; and the EIA
// comes out with the paper form's tables.
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"

#include <html/record_document.hpp>

#include <formwork/model/council_profile.hpp>
#include <formwork/model/definition_loader.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/model/validator.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace formwork;
using Catch::Matchers::Contains;
using test::describe;

namespace {

const forms::PluginHost& domain_plugins() { return test::domain_plugins(); }

std::unique_ptr<forms::FormRegistry> make_registry(const std::string& profile_text = {}) {
    return test::make_registry(domain_plugins(), profile_text);
}

const forms::FormRegistry& registry() {
    static const auto shared = make_registry();
    return *shared;
}

struct Read {
    forms::FormDefinitionPtr form;
    forms::Record record;
};

Read read_sample(const forms::FormRegistry& forms, const std::string& name) {
    for (const auto& sample : forms.samples()) {
        if (sample.name.find(name) == std::string::npos) continue;
        auto read = forms::read_record(sample.text, sample.name, forms);
        INFO(sample.name << "\n" << describe(read.diagnostics));
        REQUIRE(read.record);
        return {read.form, std::move(*read.record)};
    }
    FAIL("no sample named " << name);
    return {};
}

// Runs of white space (and no-break spaces) made one space, trimmed.
std::string collapse(std::string_view text) {
    std::string out;
    for (std::size_t at = 0; at < text.size(); ++at) {
        const bool nbsp = text.substr(at, 2) == "\xC2\xA0";
        const bool space = nbsp || text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t';
        if (nbsp) ++at;
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += text[at];
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// The text a reader sees: each element apart from its neighbours, spaces collapsed.
void gather_text(pugi::xml_node node, std::string& out) {
    for (auto child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            out += child.value();
        } else if (child.type() == pugi::node_element) {
            out += ' ';
            gather_text(child, out);
            out += ' ';
        }
    }
}

std::string text_of(pugi::xml_node node) {
    std::string out;
    gather_text(node, out);
    return collapse(out);
}

struct Parsed {
    std::string html;
    pugi::xml_document document;
    std::string body_text;
};

std::unique_ptr<Parsed> print(const forms::FormDefinition& form, const forms::Record& record,
                              const exporters::RecordDocumentOptions& options = {}) {
    auto parsed = std::make_unique<Parsed>();
    parsed->html = exporters::record_document(form, record, options);
    const auto result = parsed->document.load_string(parsed->html.c_str(), pugi::parse_default | pugi::parse_doctype);
    INFO(result.description() << " at offset " << result.offset);
    REQUIRE(result);
    parsed->body_text = text_of(parsed->document.child("html").child("body"));
    return parsed;
}

std::string choice_label(const forms::FormDefinition& form, const forms::Node& field, const std::string& code) {
    if (const auto* list = form.list(field.choice_list))
        if (const auto* option = list->find(code)) return option->label;
    return code;
}

// Each non-empty value of the exportable instance as the document should show it.
void expected_values(const forms::FormDefinition& form, const std::vector<forms::Node>& items, pugi::xml_node parent,
                     std::vector<std::string>& out) {
    for (const auto& item : items) {
        if (item.kind == forms::NodeKind::section) {
            expected_values(form, item.children, parent, out);
            continue;
        }
        if (!item.is_element()) continue;
        const auto element = parent.child(item.id.c_str());
        if (!element) continue;  // left out of the export
        if (item.kind == forms::NodeKind::group) {
            expected_values(form, item.children, element, out);
        } else if (item.kind == forms::NodeKind::table) {
            for (auto row : element.children("row")) expected_values(form, item.children, row, out);
        } else if (item.type == forms::FieldType::person) {
            for (const char* part : {"name", "role"})
                if (!collapse(element.child(part).text().get()).empty()) out.push_back(collapse(element.child(part).text().get()));
        } else if (item.type == forms::FieldType::multi_choice) {
            for (auto chosen : element.children("item")) out.push_back(choice_label(form, item, chosen.text().get()));
        } else {
            const std::string value = collapse(element.text().get());
            if (value.empty()) continue;
            if (item.type == forms::FieldType::choice)
                out.push_back(choice_label(form, item, value));
            else if (item.type == forms::FieldType::boolean)
                out.push_back(value == "true" ? "Yes" : "No");
            else if (item.type == forms::FieldType::date)
                out.push_back(exporters::uk_long_date(value));
            else
                out.push_back(value);
        }
    }
}

// The names of elements written as <name />: in HTML only void elements may be.
std::set<std::string> self_closed_elements(const std::string& html) {
    std::set<std::string> names;
    for (auto end = html.find("/>"); end != std::string::npos; end = html.find("/>", end + 2)) {
        const auto start = html.rfind('<', end);
        const auto name_end = html.find_first_of(" \t\n/>", start + 1);
        names.insert(html.substr(start + 1, name_end - start - 1));
    }
    return names;
}

// The everything form with each kind of value filled in.
forms::Record everything_record(const forms::FormDefinition& form) {
    auto record = forms::new_record(form, "clerk", "2023-10-09T09:00:00Z");
    const std::vector<std::pair<std::string, std::string>> values{
        {"title", "Fire safety review"},
        {"author/name", "Jane Clerk"},
        {"author/role", "Senior Governance Officer"},
        {"completed", "2023-09-05"},
        {"activity", "new-policy"},
        {"key-decision", "true"},
        {"budget", "1250.50"},
        {"impacts/row[@key='age-0-18']/impact", "N"},
        {"impacts/row[@key='age-0-18']/nature", "Fewer youth club evenings"},
        {"actions/row[1]/action", "Consult the youth council"},
        {"actions/row[1]/by-when", "End of Q3"},
    };
    for (const auto& [path, value] : values) {
        const auto problem = forms::set_value(form, record, path, value);
        INFO(path << ": " << (problem ? problem->message : std::string()));
        REQUIRE_FALSE(problem);
    }
    auto apologies = record.instance().child("apologies");
    apologies.append_child("item").text().set("other-business");
    apologies.append_child("item").text().set("illness");
    return record;
}

}  // namespace

TEST_CASE("every shipped sample prints as one XHTML document holding each exported value as people read it") {
    REQUIRE(registry().samples().size() >= 20);
    for (const auto& sample : registry().samples()) {
        INFO(sample.name);
        auto read = forms::read_record(sample.text, sample.name, registry());
        INFO(describe(read.diagnostics));
        REQUIRE(read.record);
        const auto& form = *read.form;
        const auto doc = print(form, *read.record);

        CHECK(doc->html.rfind("<!DOCTYPE html>", 0) == 0);
        const auto html = doc->document.child("html");
        CHECK(std::string(html.attribute("xmlns").value()) == "http://www.w3.org/1999/xhtml");
        CHECK(std::string(html.child("head").child("meta").attribute("charset").value()) == "UTF-8");
        CHECK_THAT(text_of(html.child("head").child("title")), Contains(form.title));
        CHECK(text_of(html.child("body").child("h1")) == form.title);
        CHECK_THAT(doc->body_text, Contains("Revision " + std::to_string(read.record->meta.revision)));

        std::vector<std::string> values;
        const auto exported = forms::exportable_instance(form, *read.record);
        expected_values(form, form.items, exported.document_element(), values);
        CHECK_FALSE(values.empty());
        for (const auto& value : values) {
            INFO("value: " << value);
            CHECK_THAT(doc->body_text, Contains(value));
        }

        // What wxHtmlWindow needs is in attributes, and HTML parsers read it as XML does.
        for (const auto& table : doc->document.select_nodes("//table")) {
            CHECK(table.node().attribute("border"));
            CHECK(table.node().attribute("cellpadding"));
        }
        CHECK(doc->document.select_nodes("//table/tr").empty());  // rows in a <thead> or <tbody>, as HTML parsers put them
        for (const auto& name : self_closed_elements(doc->html)) {
            INFO("<" << name << " />");
            CHECK((name == "br" || name == "meta"));
        }
    }
}

TEST_CASE("the EIA prints like the council's paper form") {
    const auto [form, record] = read_sample(registry(), "eia-youth-justice-strategy-2023");
    const auto doc = print(*form, record);
    const auto& text = doc->body_text;

    CHECK(text_of(doc->document.child("html").child("head").child("title")) ==
          "Coventry City Council\xE2\x80\x99s Youth Justice Strategy and Plan - 2021-23 - 2022 Update \xE2\x80\x94 Equality "
          "impact assessment");
    CHECK_THAT(text, Contains("Status: Complete \xC2\xB7 Revision 1 \xC2\xB7 Last changed 31 August 2023, 16:00 UTC by equality-team"));
    for (const char* heading : {"About this EIA", "Section 1 \xE2\x80\x93 Context and background", "Section 2 \xE2\x80\x93 Consideration of impact",
                                "2.6 Impact on Council staff", "3.0 Completion statement", "4.0 Approval"}) {
        INFO(heading);
        CHECK(doc->document.select_node(("//h2[. = '" + std::string(heading) + "']").c_str()));
    }

    // The header table, as the Word template has it: "EIA author | Name | Nick Jeffreys".
    const auto author = doc->document.select_node("//table[@class='fields']//th[@class='group'][. = 'EIA author']").node();
    REQUIRE(author);
    CHECK(std::string(author.attribute("rowspan").value()) == "3");
    CHECK(text_of(author.next_sibling("th")) == "Name");
    CHECK(text_of(author.next_sibling("td")) == "Nick Jeffreys");
    CHECK_THAT(text, Contains("Date of completion 31 August 2023"));
    CHECK_THAT(text, Contains("1.1 This EIA is being carried out on Review of policy / strategy"));

    // 2.2: the protected characteristics with their impact types as labels.
    const auto impacts = doc->document.select_node("//table[@class='fixed-rows'][thead/tr/th[. = 'Protected characteristics']]").node();
    REQUIRE(impacts);
    std::vector<std::string> headings;
    for (const auto& th : impacts.select_nodes("thead/tr/th")) headings.push_back(text_of(th.node()));
    CHECK(headings == std::vector<std::string>{"Protected characteristics", "Impact type P, N, PN, NI or ID",
                                               "Nature of impact and any mitigations required"});
    std::vector<std::string> characteristics;
    for (const auto& th : impacts.select_nodes("tbody/tr/th")) characteristics.push_back(text_of(th.node()));
    CHECK(characteristics ==
          std::vector<std::string>{"Age 0-18", "Age 19-64", "Age 65+", "Disability", "Gender reassignment",
                                   "Marriage and civil partnership", "Pregnancy and maternity",
                                   "Race (including: colour, nationality, citizenship, ethnic or national origins)",
                                   "Religion and belief", "Sex", "Sexual orientation"});
    const auto age = impacts.select_node("tbody/tr[th = 'Age 0-18']").node();
    CHECK(text_of(age.child("td")) == "Positive impact (P)");
    CHECK(text_of(impacts.select_node("tbody/tr[th = 'Age 19-64']/td").node()) == "No impact (NI)");
    CHECK(text_of(impacts.select_node("tbody/tr[th = 'Age 19-64']/td[2]").node()) == "\xE2\x80\x94");  // nothing written

    // The actions table, with its columns as headings and the long text's line breaks kept.
    // Seven columns fit the page in a smaller type.
    const auto actions = doc->document.select_node("//table[@class='rows small'][thead/tr/th[. = 'Action']]").node();
    REQUIRE(actions);
    CHECK(actions.select_nodes("tbody/tr").size() == 10);
    CHECK(actions.select_node("tbody/tr[1]/td[. = 'End of Q4']"));
    CHECK(actions.select_node("tbody/tr[1]/td[count(.//br) = 1][contains(., 'Reduced use of custody')]"));

    // Left out: a field that is not relevant, and parts Coventry's template does not have.
    for (const char* absent : {"Other project: details", "EIA reference number", "Review date", "Further characteristics",
                               "Consultation and engagement", "Evidence gaps"}) {
        INFO(absent);
        CHECK_THAT(text, !Contains(absent));
    }
    CHECK_THAT(text, Contains("2.3a What HIs exist in relation to your work / plan / strategy?"));  // a part switched on
    // Workforce breakdowns as the paper has them, blank where nothing was given.
    const auto sex = doc->document.select_node("//th[@class='group'][. = 'Sex']").node();
    REQUIRE(sex);
    CHECK(std::string(sex.attribute("rowspan").value()) == "2");
    CHECK(text_of(sex.next_sibling("td")) == "\xE2\x80\x94");
    CHECK_THAT(text, Contains("3.0 Completion statement Positive impact has been identified for one or more protected groups"));
    CHECK_THAT(text, Contains("Signed: Head of Service \xE2\x80\x94 Date 31 August 2023 Name of Director"));
}

TEST_CASE("what the council keeps out of exports is left out unless asked for, and parts switched off never print") {
    const auto internal = make_registry(
        "<council-profile id='internal' name='Internal'><organisation code='E08000026' name='Coventry City Council'/>"
        "<unpublished form='eia' path='impacts'/><unpublished form='eia' path='approval/director-name'/></council-profile>");
    const auto [form, record] = read_sample(*internal, "eia-youth-justice-strategy-2023");

    const auto published = print(*form, record);
    for (const char* absent : {"Gender reassignment", "Nature of impact and any mitigations required",
                               "The strategy and plan seek to outline how the Service will deliver", "Name of Director"}) {
        INFO(absent);
        CHECK_THAT(published->body_text, !Contains(absent));
    }
    CHECK_THAT(published->body_text, Contains("Name of Lead Elected Member"));

    exporters::RecordDocumentOptions options;
    options.include_unpublished = true;
    options.organisation = "Coventry City Council";
    const auto everything = print(*form, record, options);
    for (const char* present : {"Coventry City Council", "Gender reassignment", "Nature of impact and any mitigations required",
                                "The strategy and plan seek to outline how the Service will deliver", "Name of Director",
                                "includes what the council keeps out of exports"}) {
        INFO(present);
        CHECK_THAT(everything->body_text, Contains(present));
    }
    CHECK_THAT(everything->body_text, !Contains("EIA reference number"));  // a part switched off, even so

    // The same with the everything form: an unpublished table, an irrelevant field, a part off.
    forms::Diagnostics problems;
    const auto profile = forms::parse_council_profile(
        "<council-profile id='t' name='T'><unpublished form='everything' path='impacts'/></council-profile>", "t.profile.xml",
        problems);
    REQUIRE(profile);
    const auto plain = test::everything_form();
    const auto configured = test::everything_form(&*profile);
    auto filled = everything_record(*configured);
    REQUIRE_FALSE(forms::set_value(*configured, filled, "other-details", "Details nobody should print"));
    filled.instance().append_child("workforce").append_child("headcount").text().set("9137");  // a part that is off

    const auto with_plain_form = print(*plain, filled);
    CHECK_THAT(with_plain_form->body_text, Contains("Protected characteristics Impact Nature of impact"));
    CHECK_THAT(with_plain_form->body_text, Contains("Fewer youth club evenings"));
    const auto kept_out = print(*configured, filled);
    for (const char* absent : {"Fewer youth club evenings", "Protected characteristics", "Details nobody should print",
                               "Details of the other project", "9137", "Workforce", "Headcount"}) {
        INFO(absent);
        CHECK_THAT(kept_out->body_text, !Contains(absent));
    }
    for (const char* absent : {"Details nobody should print", "Details of the other project", "9137", "Workforce"}) {
        INFO(absent);
        CHECK_THAT(with_plain_form->body_text, !Contains(absent));
    }
    CHECK_FALSE(kept_out->document.select_node("//table[@class='fixed-rows']"));
    const auto asked = print(*configured, filled, options);
    CHECK_THAT(asked->body_text, Contains("Fewer youth club evenings"));
    CHECK_THAT(asked->body_text, !Contains("Details nobody should print"));
    CHECK_THAT(asked->body_text, !Contains("9137"));
}

TEST_CASE("values print as people read them: labels, Yes and No, UK dates, paragraphs, a dash for nothing") {
    const auto form = test::everything_form();
    auto record = everything_record(*form);
    REQUIRE_FALSE(forms::set_value(*form, record, "impacts/row[@key='disability']/nature",
                                   "First line\nsecond line\n\nA new paragraph"));
    const auto doc = print(*form, record);
    const auto& text = doc->body_text;

    CHECK_THAT(text, Contains("Carried out on New policy / strategy"));
    CHECK_THAT(text, !Contains("new-policy"));
    CHECK_THAT(text, Contains("Apologies Other council business Illness"));
    CHECK(doc->document.select_node("//tr[th = 'Apologies']/td[count(br) = 1]"));
    CHECK_THAT(text, Contains("Key decision Yes"));
    CHECK_THAT(text, Contains("Date of completion 5 September 2023"));
    CHECK_THAT(text, Contains("Author Jane Clerk Senior Governance Officer"));
    CHECK_THAT(text, Contains("Budget (\xC2\xA3) 1250.50"));
    CHECK_THAT(text, Contains("Email \xE2\x80\x94"));
    CHECK_THAT(text, Contains("Negative impact Fewer youth club evenings"));

    // The first paragraph straight in the cell (wxHtml puts a blank line above a <p>), the next in <p>.
    const auto cell = doc->document.select_node("//td[contains(., 'First line')]").node();
    REQUIRE(cell);
    CHECK(std::string(cell.first_child().value()) == "First line");
    CHECK(std::string(cell.first_child().next_sibling().name()) == "br");
    CHECK(cell.select_nodes("p").size() == 1);
    CHECK(text_of(cell.select_node("p").node()) == "A new paragraph");

    CHECK(exporters::uk_long_date("2023-09-05") == "5 September 2023");
    CHECK(exporters::uk_long_date("2024-02-29") == "29 February 2024");
    CHECK(exporters::uk_long_date("2023-12-31") == "31 December 2023");
    CHECK(exporters::uk_long_date("2023-02-30") == "2023-02-30");
    CHECK(exporters::uk_long_date("") == "");
    CHECK(exporters::uk_timestamp("2023-10-03T09:05:00Z") == "3 October 2023, 09:05 UTC");
    CHECK(exporters::uk_timestamp("yesterday") == "yesterday");
}

TEST_CASE("text that looks like a formula or like HTML prints as the literal text it is") {
    const auto form = test::everything_form();
    auto record = everything_record(*form);
    const std::string formula = "=HYPERLINK(\"http://example.com/?a=1&b=2\",\"Click me\")";
    const std::string markup = "<script>alert('x')</script> <b>not bold</b> & <!-- not a comment --> ]]>";
    REQUIRE_FALSE(forms::set_value(*form, record, "title", formula));
    REQUIRE_FALSE(forms::set_value(*form, record, "impacts/row[@key='disability']/nature", markup));
    REQUIRE_FALSE(forms::set_value(*form, record, "actions/row[1]/action", "@SUM(A1:A9)+-1"));
    const auto doc = print(*form, record);

    CHECK_THAT(doc->body_text, Contains(formula));
    CHECK_THAT(doc->body_text, Contains(markup));
    CHECK_THAT(doc->body_text, Contains("@SUM(A1:A9)+-1"));
    CHECK_THAT(text_of(doc->document.child("html").child("head").child("title")), Contains(formula));
    CHECK(doc->document.select_nodes("//script").empty());
    CHECK(doc->document.select_nodes("//td/b").empty());
    CHECK_THAT(doc->html, Contains("&lt;script&gt;alert('x')&lt;/script&gt; &lt;b&gt;not bold&lt;/b&gt; &amp; &lt;!-- not a comment --&gt; ]]&gt;"));
    CHECK_THAT(doc->html, Contains("http://example.com/?a=1&amp;b=2"));
}

TEST_CASE("a character XML forbids, however it got into a record, prints as a replacement character") {
    const auto form = test::everything_form();
    auto record = everything_record(*form);
    record.instance().child("title").text().set("Bell\x07 and bad \xFF byte");
    const auto doc = print(*form, record);
    CHECK_THAT(doc->body_text, Contains("Bell\xEF\xBF\xBD and bad \xEF\xBF\xBD byte"));
}

TEST_CASE("references print as the title of the record they point at, when the caller can name it") {
    const auto form = test::everything_form();
    auto record = everything_record(*form);
    const std::string id = "3f2b8c1e-5d4a-4e1b-9c7d-2a6f0e8b9d10";
    REQUIRE_FALSE(forms::set_value(*form, record, "eia", id));
    CHECK_THAT(print(*form, record)->body_text, Contains("Linked EIA " + id));
    exporters::RecordDocumentOptions options;
    options.reference_title = [&](const std::string& other) { return other == id ? "Youth Justice Strategy EIA" : ""; };
    CHECK_THAT(print(*form, record, options)->body_text, Contains("Linked EIA Youth Justice Strategy EIA " + id));
}

TEST_CASE("a table too wide for an A4 page in wxHtml takes a smaller type, then drops empty columns, then prints row by row") {
    // wxHtml breaks lines only at spaces: a column is as wide as its longest word (up to 40
    // characters, after which a word is broken), and what is wider than the page is cut off.
    const auto load = forms::load_form_definition(R"(<form id="wide" version="1" title="Wide">
  <section title="Wide">
    <table id="people" label="People" repeat="true">
      <field id="a" type="text" label="Alpha"/>
      <field id="b" type="text" label="Bravo"/>
      <field id="c" type="text" label="Charlie"/>
      <field id="d" type="text" label="Delta"/>
      <field id="notes" type="text" label="Notes"/>
      <field id="remarks" type="text" label="Remarks"/>
    </table>
  </section>
</form>)", "wide.form.xml");
    INFO(describe(load.diagnostics));
    REQUIRE(load.form);
    const auto& form = *load.form;
    auto record = forms::new_record(form, "clerk", "2023-10-09T09:00:00Z");
    REQUIRE(forms::add_row(form, record, "people"));
    const auto fill = [&](std::size_t length) {
        for (const char* column : {"a", "b", "c", "d"})
            REQUIRE_FALSE(forms::set_value(form, record, std::string("people/row[1]/") + column, std::string(length, column[0])));
    };
    const auto layout = [&]() {
        const auto doc = print(form, record);
        const auto table = doc->document.select_node("//h2[. = 'Wide']/following::table[1]").node();
        std::vector<std::string> headings;
        for (const auto& th : table.select_nodes("thead/tr/th")) headings.push_back(text_of(th.node()));
        return std::make_pair(std::string(table.attribute("class").value()), headings);
    };
    const std::vector<std::string> all{"Alpha", "Bravo", "Charlie", "Delta", "Notes", "Remarks"};
    const std::vector<std::string> filled{"Alpha", "Bravo", "Charlie", "Delta"};

    fill(8);
    CHECK(layout() == std::make_pair(std::string("rows"), all));
    fill(16);
    CHECK(layout() == std::make_pair(std::string("rows small"), all));
    fill(22);
    CHECK(layout() == std::make_pair(std::string("rows small"), filled));
    fill(35);
    CHECK(layout().first == "row-blocks");
    const auto doc = print(form, record);
    const auto blocks = doc->document.select_node("//table[@class='row-blocks']").node();
    CHECK(text_of(blocks.select_node("tbody/tr[1]/th").node()) == "Row 1");
    CHECK(text_of(blocks.select_node("tbody/tr[2]").node()) == "Alpha " + std::string(35, 'a'));
    CHECK(blocks.select_nodes("tbody/tr").size() == 5);  // the heading and the four columns with values
}

TEST_CASE("for wxHtml, the document has no CSS and a word too long for a column is broken onto lines") {
    const auto form = test::everything_form();
    auto record = everything_record(*form);
    const std::string address =
        "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/662138/"
        "A_Second_Devolution_Deal_for_the_West_Midlands.pdf";
    REQUIRE_FALSE(forms::set_value(*form, record, "impacts/row[@key='disability']/nature", "See " + address + " for more"));

    const auto browser = print(*form, record);
    CHECK(browser->document.select_node("//head/style"));
    CHECK_THAT(browser->body_text, Contains(address));

    exporters::RecordDocumentOptions options;
    options.target = exporters::RecordDocumentOptions::Target::wx_html;
    const auto wx = print(*form, record, options);
    CHECK_FALSE(wx->document.select_node("//head/style"));
    const auto cell = wx->document.select_node("//td[contains(., 'See https')]").node();
    REQUIRE(cell);
    std::string joined;
    std::vector<std::string> pieces;
    for (auto child : cell.children()) {
        if (child.type() == pugi::node_pcdata) {
            joined += child.value();
            pieces.emplace_back(child.value());
        }
    }
    CHECK(joined == "See " + address + " for more");  // nothing added, nothing lost
    REQUIRE(pieces.size() >= 4);
    for (const auto& piece : pieces) {
        INFO(piece);
        std::size_t longest = 0, run = 0;
        for (const char c : piece) longest = std::max(longest, run = c == ' ' ? 0 : run + 1);
        CHECK(longest <= 40);
    }
    CHECK(pieces[1].back() == '/');  // broken after a '/', where one comes late enough
}

TEST_CASE("a table named as its section is headed once") {
    const auto [form, record] = read_sample(registry(), "attendance-body-cabinet");
    const auto doc = print(*form, record);
    CHECK(doc->document.select_nodes("//*[self::h2 or self::h3 or self::h4][. = 'Members']").size() == 1);
    CHECK(doc->document.select_node("//table[thead/tr/th[. = 'Name as published']]"));
}

TEST_CASE("a saved document is named after the record's title") {
    const auto [form, record] = read_sample(registry(), "eia-youth-justice-strategy-2023");
    CHECK(exporters::record_document_file_name(*form, record) ==
          "Coventry-City-Councils-Youth-Justice-Strategy-and-Plan-2021-23-2022-Update.html");

    const auto everything = test::everything_form();
    auto untitled = forms::new_record(*everything, "clerk", "2023-10-09T09:00:00Z");
    untitled.meta.id = "3f2b8c1e-5d4a-4e1b-9c7d-2a6f0e8b9d10";
    CHECK(exporters::record_document_file_name(*everything, untitled) == "everything-3f2b8c1e.html");  // no title of its own

    REQUIRE_FALSE(forms::set_value(*everything, untitled, "title", "../../etc/passwd & <b>"));
    REQUIRE_FALSE(forms::set_value(*everything, untitled, "author/name", "J Smith"));
    CHECK(exporters::record_document_file_name(*everything, untitled) == "etc-passwd-b-J-Smith.html");
}
