// The ModernGov imports as records (SDK 1.9, plugin attendance), through the real plugin library
// and the host's batch import, into a store of records kept here: the committees make bodies, a
// committee's membership fills and then updates a body's roster (no member deleted, dates kept
// unless the file gives them), a committee's meetings start meetings with the roster expected,
// and a meeting published again is a new revision of the record it made, never a second record.
#include "domain_plugins.hpp"
#include "form_fixtures.hpp"

#include <catch2/catch.hpp>

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/host/text_import.hpp>
#include <formwork/sdk/record_query.hpp>

#include <pugixml.hpp>

#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using formwork::forms::BatchImport;
using formwork::forms::Record;

namespace {

const formwork::forms::FormRegistry& attendance_forms() {
    static const auto registry = formwork::test::make_registry(formwork::test::domain_plugins({"attendance.so"}));
    return *registry;
}

std::string fixture(const std::string& name) {
    return formwork::test::read_text(std::string(FORMWORK_MODERNGOV_DIR) + "/" + name);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// The store: records by id, read by the plugin through RecordQuery and written by save(), as the
// command line saves what the host's batch import gives it.
class Store final : public formwork::sdk::RecordQuery {
public:
    std::vector<formwork::sdk::RecordSummary> records_of_form(const std::string& form_id) const override {
        std::vector<formwork::sdk::RecordSummary> found;
        for (const auto& [id, record] : records_)
            if (record.meta.form_id == form_id) found.push_back(*summary(id));
        return found;
    }
    std::optional<formwork::sdk::RecordSummary> summary(const std::string& id) const override {
        const auto found = records_.find(id);
        if (found == records_.end()) return std::nullopt;
        const auto& meta = found->second.meta;
        const auto form = attendance_forms().find(meta.form_id, meta.form_version);
        return formwork::sdk::RecordSummary{id, meta.form_id, meta.form_version, meta.status,
                                            form ? formwork::forms::record_title(*form, found->second) : std::string(),
                                            meta.modified_at};
    }
    std::optional<std::string> instance_xml(const std::string& id) const override {
        const auto found = records_.find(id);
        if (found == records_.end()) return std::nullopt;
        std::ostringstream out;
        found->second.instance().print(out, "", pugi::format_raw);
        return out.str();
    }

    BatchImport import(const std::string& format, const std::string& text, const std::string& body = {}) {
        formwork::forms::TextImportContext context;
        if (!body.empty()) context.options.emplace_back("body", body);
        context.records = this;
        const auto load = [this](const std::string& id) -> std::optional<Record> {
            const auto found = records_.find(id);
            if (found == records_.end()) return std::nullopt;
            return found->second;
        };
        return formwork::forms::import_batch(attendance_forms(), format, text, format + ".xml", "clerk",
                                             "2026-02-11T09:00:00Z", context, load);
    }
    // Saves every record the import gave, as new records or new revisions.
    void save(const BatchImport& batch) {
        for (const auto& item : batch.records)
            if (item.record) records_[item.record->meta.id] = *item.record;
    }
    BatchImport import_and_save(const std::string& format, const std::string& text, const std::string& body = {}) {
        auto batch = import(format, text, body);
        INFO(describe(batch));
        REQUIRE_FALSE(formwork::forms::has_errors(batch.diagnostics));
        save(batch);
        return batch;
    }

    std::size_t count(const std::string& form_id) const { return records_of_form(form_id).size(); }
    Record& record(const std::string& id) {
        REQUIRE(records_.count(id) == 1);
        return records_.at(id);
    }
    // The one record of `form_id` whose system-id is `system_id`.
    Record& by_system_id(const std::string& form_id, const std::string& system_id) {
        Record* found = nullptr;
        for (auto& [id, record] : records_)
            if (record.meta.form_id == form_id && std::string(record.instance().child("system-id").text().get()) == system_id) {
                REQUIRE(found == nullptr);
                found = &record;
            }
        REQUIRE(found != nullptr);
        return *found;
    }

    static std::string describe(const BatchImport& batch) {
        auto all = formwork::test::describe(batch.diagnostics);
        for (const auto& item : batch.records)
            all += "[" + item.label + (item.updates.empty() ? "" : " updates " + item.updates) + "]\n" +
                   formwork::test::describe(item.diagnostics);
        return all;
    }

private:
    std::map<std::string, Record> records_;
};

std::string cell(pugi::xml_node node, const char* child) { return node.child(child).text().get(); }

std::vector<pugi::xml_node> rows_of(pugi::xml_node table) {
    std::vector<pugi::xml_node> rows;
    for (auto row : table.children("row")) rows.push_back(row);
    return rows;
}

pugi::xml_node member(const Record& body, const std::string& person_id) {
    for (auto row : body.instance().child("members").children("row"))
        if (cell(row, "person-id") == person_id) return row;
    FAIL("no member " << person_id);
    return {};
}

const formwork::forms::BatchRecord& labelled(const BatchImport& batch, const std::string& label) {
    for (const auto& item : batch.records)
        if (item.label == label) return item;
    FAIL("no record labelled '" << label << "' in\n" << Store::describe(batch));
    return batch.records.front();
}

bool says(const formwork::forms::Diagnostics& diagnostics, const std::string& words) {
    for (const auto& diagnostic : diagnostics)
        if (diagnostic.message.find(words) != std::string::npos) return true;
    return false;
}

// A roster made from the committees and then the membership, as a council would start.
void committees_and_membership(Store& store) {
    store.import_and_save("moderngov-committees", fixture("getcommittees.xml"));
    store.import_and_save("moderngov-membership", fixture("committee-membership.xml"));
}

}  // namespace

TEST_CASE("moderngov-committees: a body for each current committee, its kind guessed with a note where the title does not say",
          "[moderngov]") {
    Store store;
    const auto batch = store.import_and_save("moderngov-committees", fixture("getcommittees.xml"));
    INFO(Store::describe(batch));
    REQUIRE(batch.records.size() == 5);  // the expired sub-committee is left out
    CHECK(says(batch.diagnostics, "the committee 312"));
    CHECK(says(batch.diagnostics, "deleted or expired"));
    for (const auto& item : batch.records) CHECK(item.updates.empty());

    const auto& audit = labelled(batch, "Audit Committee (ModernGov committee 144)");
    REQUIRE(audit.record);
    CHECK(cell(audit.record->instance(), "name") == "Audit Committee");
    CHECK(cell(audit.record->instance(), "kind") == "committee");
    CHECK(cell(audit.record->instance(), "system-id") == "144");
    CHECK_FALSE(says(audit.diagnostics, "guessed"));

    CHECK(cell(store.by_system_id("attendance-body", "131").instance(), "kind") == "council");
    CHECK(cell(store.by_system_id("attendance-body", "152").instance(), "kind") == "scrutiny-board");
    const auto& board = labelled(batch, "Health and Wellbeing Board (ModernGov committee 367)");
    CHECK(cell(board.record->instance(), "kind") == "partnership-board");
    CHECK(says(board.diagnostics, "guessed from the title 'Health and Wellbeing Board'"));
    const auto& executive = labelled(batch, "Executive (ModernGov committee 130)");
    CHECK(cell(executive.record->instance(), "kind") == "cabinet");
    CHECK(says(executive.diagnostics, "guessed"));
    CHECK(store.count("attendance-body") == 5);
}

TEST_CASE("moderngov-committees: two bodies with one committee id are never guessed between, the other committees go on",
          "[moderngov]") {
    Store store;
    store.import_and_save("moderngov-committees", fixture("getcommittees.xml"));
    store.by_system_id("attendance-body", "131").instance().child("system-id").text().set("144");
    const auto batch = store.import("moderngov-committees", fixture("getcommittees.xml"));
    INFO(Store::describe(batch));
    CHECK_FALSE(formwork::forms::has_errors(batch.diagnostics));
    CHECK(says(batch.diagnostics, "more than one attendance-body record has the committee system's id 144"));
    REQUIRE(batch.records.size() == 4);  // 144 left out; 131 is no body's now, so a new one
    for (const auto& item : batch.records) CHECK(item.label.find("committee 144") == std::string::npos);
    CHECK(labelled(batch, "Council (ModernGov committee 131)").updates.empty());
    CHECK_FALSE(labelled(batch, "Executive (ModernGov committee 130)").updates.empty());
}

TEST_CASE("moderngov-membership: the committees, then the membership, make the body's roster", "[moderngov]") {
    Store store;
    store.import_and_save("moderngov-committees", fixture("getcommittees.xml"));
    const auto audit_id = store.by_system_id("attendance-body", "144").meta.id;
    const auto batch = store.import_and_save("moderngov-membership", fixture("committee-membership.xml"));
    INFO(Store::describe(batch));
    REQUIRE(batch.records.size() == 1);
    CHECK(batch.records.front().updates == audit_id);
    CHECK(batch.records.front().label == "Audit Committee: membership (ModernGov committee 144)");
    CHECK(store.count("attendance-body") == 5);

    const auto& body = store.record(audit_id);
    CHECK(cell(body.instance(), "name") == "Audit Committee");
    CHECK(cell(body.instance(), "kind") == "committee");
    const auto rows = rows_of(body.instance().child("members"));
    REQUIRE(rows.size() == 5);
    CHECK(cell(rows[0], "person-id") == "basil-curley");
    CHECK(cell(rows[0], "name") == "Councillor Basil Curley");
    CHECK(cell(rows[0], "system-id") == "192");
    CHECK(cell(rows[0], "role") == "chair");
    CHECK(cell(rows[0], "term-start") == "2025-05-21");
    CHECK(cell(rows[0], "term-end").empty());
    CHECK(cell(rows[1], "role") == "deputy-chair");
    CHECK(cell(rows[2], "person-id") == "lee-bigham");
    CHECK(cell(rows[2], "role") == "member");
    const auto coopted = member(body, "dev-chaudhry");
    CHECK(cell(coopted, "role") == "non-voting-member");
    CHECK(cell(coopted, "term-start") == "2024-09-01");
    CHECK(cell(coopted, "term-end") == "2028-08-31");
    CHECK(says(batch.records.front().diagnostics, "the role 'Co-opted Member (Independent)' is read as Other non-voting member"));
    // Every row has every column of the roster, so the form's rules read it.
    for (auto row : rows) CHECK(std::distance(row.children().begin(), row.children().end()) == 11);

    // The committees again: the name is the file's, the roster and kind stay.
    auto again = replaced(fixture("getcommittees.xml"), "<committeetitle>Audit Committee</committeetitle>",
                          "<committeetitle>Audit and Governance Committee</committeetitle>");
    const auto renamed = store.import_and_save("moderngov-committees", again);
    const auto& update = labelled(renamed, "Audit and Governance Committee (ModernGov committee 144)");
    CHECK(update.updates == audit_id);
    CHECK(store.count("attendance-body") == 5);
    CHECK(cell(store.record(audit_id).instance(), "name") == "Audit and Governance Committee");
    CHECK(rows_of(store.record(audit_id).instance().child("members")).size() == 5);
    CHECK(cell(store.record(audit_id).instance(), "kind") == "committee");
}

TEST_CASE("moderngov-membership: a changed membership updates the roster, keeps every member and their dates unless given",
          "[moderngov]") {
    Store store;
    committees_and_membership(store);
    auto& stored = store.by_system_id("attendance-body", "144");
    const auto body_id = stored.meta.id;
    // The clerk's own entries: Ann Smith's alias and portfolio, Rosa Patel's term start.
    member(stored, "ann-smith").child("portfolio").text().set("Audit lead");
    member(stored, "rosa-patel").child("term-start").text().set("2024-05-22");

    auto changed = fixture("committee-membership.xml");
    changed = replaced(changed, "<membershipdate>01/06/2025</membershipdate>", "<membershipdate>01/11/2025</membershipdate>");
    // Lee Bigham left: not in the file. Rosa Patel is now Vice-Chair, with no dates given. Ann
    // Smith steps down as Vice-Chair, her term ending on a date the file gives.
    changed = replaced(changed, R"(    <member>
      <memberid>214</memberid>
      <fullusername>Councillor Lee Bigham</fullusername>
      <roledescription>Committee Member</roledescription>
      <fromdate>21/05/2025</fromdate>
      <todate>unspecified</todate>
    </member>
)", "");
    changed = replaced(changed, R"(<fullusername>Councillor Rosa Patel</fullusername>
      <roledescription>Committee Member</roledescription>
      <fromdate>21/05/2025</fromdate>)", R"(<fullusername>Cllr R. Patel</fullusername>
      <roledescription>Vice-Chair</roledescription>
      <fromdate></fromdate>)");
    changed = replaced(changed, R"(<roledescription>Vice-Chair</roledescription>
      <fromdate>21/05/2025</fromdate>
      <todate>unspecified</todate>)", R"(<roledescription>Committee Member</roledescription>
      <fromdate>21/05/2025</fromdate>
      <todate>31/10/2025</todate>)");
    // A second Ann Smith joins: a person id of her own.
    changed = replaced(changed, "  </committeemembers>", R"(    <member>
      <memberid>250</memberid>
      <fullusername>Councillor Ann Smith</fullusername>
      <roledescription>Committee Member</roledescription>
      <fromdate>01/11/2025</fromdate>
      <todate>unspecified</todate>
    </member>
  </committeemembers>)");

    const auto batch = store.import_and_save("moderngov-membership", changed);
    INFO(Store::describe(batch));
    REQUIRE(batch.records.size() == 1);
    CHECK(batch.records.front().updates == body_id);
    CHECK(store.count("attendance-body") == 5);
    const auto& body = store.record(body_id);
    CHECK(rows_of(body.instance().child("members")).size() == 6);  // nobody deleted, one added

    const auto lee = member(body, "lee-bigham");  // gone from the file: kept, term ended
    CHECK(cell(lee, "term-end") == "2025-10-31");
    CHECK(cell(lee, "term-start") == "2025-05-21");
    CHECK(says(batch.records.front().diagnostics, "not in the membership of 2025-11-01"));

    const auto rosa = member(body, "rosa-patel");
    CHECK(cell(rosa, "role") == "deputy-chair");
    CHECK(cell(rosa, "term-start") == "2024-05-22");  // the file gives none: the roster's stays
    CHECK(cell(rosa, "name") == "Councillor Rosa Patel");
    CHECK(cell(rosa, "aliases") == "Cllr R. Patel");

    const auto ann = member(body, "ann-smith");
    CHECK(cell(ann, "role") == "member");
    CHECK(cell(ann, "term-end") == "2025-10-31");
    CHECK(cell(ann, "portfolio") == "Audit lead");
    const auto second = member(body, "ann-smith-2");
    CHECK(cell(second, "system-id") == "250");
    CHECK(cell(second, "term-start") == "2025-11-01");
    CHECK(cell(member(body, "basil-curley"), "role") == "chair");

    // The same file again changes nothing the host would save.
    const auto same = store.import("moderngov-membership", changed);
    REQUIRE(same.records.size() == 1);
    REQUIRE(same.records.front().record);
    std::ostringstream before;
    std::ostringstream after;
    body.instance().print(before, "", pugi::format_raw);
    same.records.front().record->instance().print(after, "", pugi::format_raw);
    CHECK(after.str() == before.str());
}

TEST_CASE("moderngov-membership: a committee no body has is refused, naming it and saying to import the committees first",
          "[moderngov]") {
    Store store;
    const auto batch = store.import("moderngov-membership", fixture("committee-membership.xml"));
    CHECK(batch.records.empty());
    INFO(Store::describe(batch));
    CHECK(formwork::forms::has_errors(batch.diagnostics));
    CHECK(says(batch.diagnostics, "144"));
    CHECK(says(batch.diagnostics, "import the committees first"));
}

TEST_CASE("moderngov: a GetMeeting file imported again updates its meeting, keeps the clerk's entries and every virtual category",
          "[moderngov]") {
    Store store;
    committees_and_membership(store);
    const auto body_id = store.by_system_id("attendance-body", "144").meta.id;
    const auto first = store.import_and_save("moderngov", fixture("getmeeting-manchester.xml"), body_id);
    REQUIRE(first.records.size() == 1);
    CHECK(first.records.front().updates.empty());
    CHECK(first.records.front().label == "Audit Committee 2026-02-10 (ModernGov meeting 4967)");
    auto& meeting = store.by_system_id("attendance-meeting", "4967");
    const auto meeting_id = meeting.meta.id;
    CHECK(cell(meeting.instance(), "body") == body_id);
    // The clerk records the period and when Councillor Curley arrived.
    meeting.instance().child("period").text().set("Q4 2025/26");
    meeting.instance().child("attendance").child("row").child("arrived-late").text().set("10.20 am");

    // Published again with the attendance taken, and without --body.
    auto changed = replaced(fixture("getmeeting-manchester.xml"), R"(attendance="Expected")", R"(attendance="Present, virtual")");
    changed = replaced(changed, "\n  </attendees>", R"(
    <attendee membertype="U" memberid="201" name="Councillor Ann Smith" roledescription="Vice-Chair" attendance="In attendance virtual" politicalparty="LAB" ward="Ardwick"/>
    <attendee membertype="U" memberid="214" name="Councillor Lee Bigham" roledescription="Committee Member" attendance="Present as substitute, virtual" politicalparty="LAB" ward="Baguley"/>
    <attendee membertype="O" memberid="" name="Ms J Auditor" roledescription="External auditor" attendance="In attendance" politicalparty="" ward=""/>
  </attendees>)");
    const auto again = store.import_and_save("moderngov", changed);
    INFO(Store::describe(again));
    REQUIRE(again.records.size() == 1);
    CHECK(again.records.front().updates == meeting_id);
    CHECK(store.count("attendance-meeting") == 1);

    const auto& updated = store.record(meeting_id);
    CHECK(cell(updated.instance(), "body") == body_id);  // kept: the file names none
    CHECK(cell(updated.instance(), "body-name") == "Audit Committee");
    CHECK(cell(updated.instance(), "period") == "Q4 2025/26");
    const auto rows = rows_of(updated.instance().child("attendance"));
    REQUIRE(rows.size() == 4);
    CHECK(cell(rows[0], "person-id") == "basil-curley");
    CHECK(cell(rows[0], "attendance") == "present-virtual");
    CHECK(cell(rows[0], "arrived-late") == "10.20 am");
    CHECK(cell(rows[1], "person-id") == "ann-smith");
    CHECK(cell(rows[1], "attendance") == "in-attendance-virtual");
    CHECK(cell(rows[2], "attendance") == "substitute-virtual");
    CHECK(cell(rows[3], "attendance") == "in-attendance");
    CHECK(rows_of(updated.instance().child("guests")).size() == 1);

    // Once more: the guest the file adds is not added twice.
    const auto third = store.import_and_save("moderngov", changed);
    REQUIRE(third.records.size() == 1);
    CHECK(third.records.front().updates == meeting_id);
    CHECK(rows_of(store.record(meeting_id).instance().child("guests")).size() == 1);
    CHECK(store.count("attendance-meeting") == 1);
}

TEST_CASE("moderngov: a GetMeeting file that gives its committee id finds its body without --body", "[moderngov]") {
    Store store;
    committees_and_membership(store);
    const auto body_id = store.by_system_id("attendance-body", "144").meta.id;
    const auto text = replaced(fixture("getmeeting-manchester.xml"), "<meetingid>4967</meetingid>",
                               "<meetingid>4967</meetingid>\n  <committeeid>144</committeeid>");
    const auto batch = store.import_and_save("moderngov", text);
    REQUIRE(batch.records.size() == 1);
    const auto& meeting = store.by_system_id("attendance-meeting", "4967");
    CHECK(cell(meeting.instance(), "body") == body_id);
    CHECK(cell(meeting.instance(), "body-name") == "Audit Committee");
    CHECK(cell(meeting.instance().child("attendance").child("row"), "person-id") == "basil-curley");

    // A committee no body has: noted, and the meeting keeps the body it has.
    const auto unknown = store.import_and_save("moderngov", replaced(text, "<committeeid>144", "<committeeid>999"));
    REQUIRE(unknown.records.size() == 1);
    CHECK(unknown.records.front().updates == meeting.meta.id);
    CHECK(says(unknown.records.front().diagnostics, "999"));
    CHECK(cell(store.record(meeting.meta.id).instance(), "body") == body_id);
}

TEST_CASE("moderngov-meetings: a committee's meetings start with the roster expected, and a list again changes only when and where",
          "[moderngov]") {
    Store store;
    committees_and_membership(store);
    const auto body_id = store.by_system_id("attendance-body", "144").meta.id;
    const auto batch = store.import_and_save("moderngov-meetings", fixture("getmeetings.xml"));
    INFO(Store::describe(batch));
    REQUIRE(batch.records.size() == 2);  // the cancelled meeting is left out, with a note
    CHECK(says(batch.diagnostics, "4966"));
    CHECK(says(batch.diagnostics, "cancelled"));
    const auto& listed = labelled(batch, "Audit Committee 2026-02-10 (ModernGov meeting 4967)");
    CHECK(listed.updates.empty());
    auto& meeting = store.by_system_id("attendance-meeting", "4967");
    const auto meeting_id = meeting.meta.id;
    CHECK(cell(meeting.instance(), "body") == body_id);
    CHECK(cell(meeting.instance(), "time") == "10.00 am");
    const auto rows = rows_of(meeting.instance().child("attendance"));
    REQUIRE(rows.size() == 5);
    for (auto row : rows) CHECK(cell(row, "attendance") == "expected");
    CHECK(cell(rows[0], "person-id") == "basil-curley");

    // The GetMeeting of that meeting, with no --body, is the same record.
    const auto taken = store.import_and_save(
        "moderngov", replaced(fixture("getmeeting-manchester.xml"), R"(attendance="Expected")", R"(attendance="Present")"));
    REQUIRE(taken.records.size() == 1);
    CHECK(taken.records.front().updates == meeting_id);
    CHECK(cell(store.record(meeting_id).instance(), "body") == body_id);

    // The list again, the meeting moved to the afternoon and a venue given: only those change.
    const auto moved = replaced(fixture("getmeetings.xml"), R"(<meetingdate>10/02/2026</meetingdate>
        <meetingstatus>Confirmed</meetingstatus>
        <meetingtime>10.00 am</meetingtime>)", R"(<meetingdate>10/02/2026</meetingdate>
        <meetingstatus>Confirmed</meetingstatus>
        <meetingtime>2.00 pm</meetingtime>
        <meetinglocation>Committee Room 6, Town Hall</meetinglocation>)");
    const auto relisted = store.import_and_save("moderngov-meetings", moved);
    REQUIRE(relisted.records.size() == 2);
    CHECK(labelled(relisted, "Audit Committee 2026-02-10 (ModernGov meeting 4967)").updates == meeting_id);
    CHECK(store.count("attendance-meeting") == 2);
    const auto& kept = store.record(meeting_id);
    CHECK(cell(kept.instance(), "time") == "2.00 pm");
    CHECK(cell(kept.instance(), "venue") == "Committee Room 6, Town Hall");
    const auto recorded = rows_of(kept.instance().child("attendance"));
    REQUIRE(recorded.size() == 1);  // the GetMeeting's attendance, not the roster's again
    CHECK(cell(recorded[0], "attendance") == "present");
}

TEST_CASE("moderngov: every ModernGov format refuses a DOCTYPE, a text that is not XML and another operation's file",
          "[moderngov]") {
    Store store;
    const std::vector<std::pair<std::string, std::string>> formats{{"moderngov-committees", "getcommittees.xml"},
                                                                   {"moderngov-membership", "committee-membership.xml"},
                                                                   {"moderngov-meetings", "getmeetings.xml"}};
    for (const auto& [format, file] : formats) {
        INFO(format);
        const auto text = fixture(file);
        const auto with_doctype = replaced(text, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
                                           "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE x [<!ENTITY e \"expanded\">]>\n");
        auto refused = store.import(format, with_doctype);
        CHECK(refused.records.empty());
        CHECK(says(refused.diagnostics, "DOCTYPE"));
        CHECK(says(refused.diagnostics, "line 2"));
        refused = store.import(format, "Name\tRole\nBasil Curley\tChair\n");
        CHECK(refused.records.empty());
        CHECK(says(refused.diagnostics, "not XML"));
        refused = store.import(format, fixture("getmeeting-manchester.xml"));
        CHECK(refused.records.empty());
        CHECK(says(refused.diagnostics, "the root element is <meeting>"));
    }
    CHECK(store.count("attendance-body") == 0);
    CHECK(store.count("attendance-meeting") == 0);
}
