// ModernGov XML (docs/attendance.md), as `formwork-cli import --format moderngov --body ID` reads
// it: through the host's text import into the attendance plugin, against a body whose roster
// names the members of tests/fixtures/moderngov by their ids, aliases and names, so that matching
// runs; what the plugin makes is then checked against the meeting form by the host. The same
// input is also read as records (SDK 1.9) in one of the four ModernGov formats, chosen by its
// length, against the same body, which is committee 144 of the fixtures.
#include "fuzz_support.hpp"

#include <formwork/host/text_import.hpp>
#include <formwork/sdk/record_query.hpp>

namespace {

const char* const body_id = "fuzz-body";

// The roster: Basil Curley by his ModernGov memberid, Ann Smith by an alias, one member by name
// alone, and one whom the file never names.
const char* const roster = R"(<attendance-body>
  <name>Audit Committee</name><kind>committee</kind><system-id>144</system-id>
  <quorum><rule>number</rule><number>3</number><one-in/><note/></quorum>
  <members>
    <row><person-id>b-curley</person-id><name>Councillor Basil Curley</name><aliases/><system-id>192</system-id><role>chair</role></row>
    <row><person-id>a-smith</person-id><name>Councillor A Smith</name><aliases>Councillor Ann Smith
Cllr A. Smith</aliases><system-id/><role>member</role></row>
    <row><person-id>p-pigeon</person-id><name>Councillor Pat Pigeon</name><aliases/><system-id/><role>member</role></row>
    <row><person-id>n-other</person-id><name>Councillor N Other</name><aliases/><system-id>400</system-id><role>member</role></row>
  </members>
</attendance-body>)";

// The store as the import sees it: the one body.
class OneBody final : public formwork::sdk::RecordQuery {
public:
    std::vector<formwork::sdk::RecordSummary> records_of_form(const std::string& form_id) const override {
        if (form_id != "attendance-body") return {};
        return {summary_};
    }
    std::optional<formwork::sdk::RecordSummary> summary(const std::string& id) const override {
        if (id != body_id) return std::nullopt;
        return summary_;
    }
    std::optional<std::string> instance_xml(const std::string& id) const override {
        if (id != body_id) return std::nullopt;
        return std::string(roster);
    }

private:
    formwork::sdk::RecordSummary summary_{body_id, "attendance-body", 1, "draft", "Audit Committee", "2026-01-01T00:00:00Z"};
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)formwork::fuzz::domain_forms();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace formwork;
    static const OneBody store;
    forms::TextImportContext context;
    context.options.emplace_back("body", body_id);
    context.records = &store;
    (void)forms::import_text(fuzz::domain_forms(), "moderngov", fuzz::input_text(data, size), "getmeeting.xml",
                             std::nullopt, "clerk", "2026-02-11T10:00:00Z", context);
    // The stored body is not loaded as a record: an update of it is refused by the host, after the
    // plugin has read and merged everything.
    static const char* const formats[] = {"moderngov", "moderngov-committees", "moderngov-membership", "moderngov-meetings"};
    (void)forms::import_batch(fuzz::domain_forms(), formats[size % 4], fuzz::input_text(data, size), "moderngov.xml", "clerk",
                              "2026-02-11T10:00:00Z", context, [](const std::string&) { return std::optional<forms::Record>(); });
    return 0;
}
