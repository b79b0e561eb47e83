// Meeting and board attendance: the plugin entry point. The body and meeting forms and the
// seeds' meetings are data, compiled in from forms/ and samples/. What XPath cannot say is
// code here: whether a meeting was quorate (from its body's roster, another record), the year
// at a glance, and the import of a committee system's attendance file.
#include "attendance_summary.hpp"
#include "meeting_start.hpp"
#include "moderngov_import.hpp"
#include "moderngov_records.hpp"
#include "roster.hpp"
#include "year_grid.hpp"

#include <formwork/sdk/plugin.hpp>

#include <algorithm>

namespace formwork::plugins::attendance {

std::vector<sdk::EmbeddedFile> definitions();
std::vector<sdk::EmbeddedFile> samples();

namespace {

using Severity = sdk::Finding::Severity;

void check_meeting(const sdk::RecordContext& record, std::vector<sdk::Finding>& out) {
    const auto meeting = read_meeting({}, record.instance);
    if (meeting.body_id.empty() || record.records == nullptr) return;
    const auto body = record.records->summary(meeting.body_id);
    if (!body) {
        out.push_back({Severity::warning, "body-held", "body", "The body " + meeting.body_id + " is not held in this database."});
        return;
    }
    if (body->form_id != "attendance-body") {
        out.push_back({Severity::error, "body-held", "body",
                       "The meeting's body " + meeting.body_id + " is a " + body->form_id + ", not a body."});
        return;
    }
    const auto xml = record.records->instance_xml(meeting.body_id);
    pugi::xml_document document;
    if (!xml || !document.load_buffer(xml->data(), xml->size())) return;
    const auto roster = read_roster(document.document_element());

    // Each row's tie to the roster; the count itself is voting_members_present, as the year grid's.
    std::size_t index = 0;
    for (const auto& row : meeting.rows) {
        const auto path = "attendance/row[" + std::to_string(++index) + "]";
        if (is_in_attendance(row.attendance)) continue;  // not a member: no roster to be on
        if (is_substitute(row.attendance)) {
            const auto replaced = std::any_of(roster.members.begin(), roster.members.end(),
                                              [&](const auto& member) { return stands_in_for(row, member); });
            if (!replaced)
                out.push_back({Severity::warning, "on-roster", path + "/substitute-for",
                               row.name + " is a substitute for " +
                                   (row.substitute_for.empty() ? std::string("no one named") : row.substitute_for + ", who is not on the roster of " + roster.name) +
                                   ": the quorum does not count them."});
            continue;
        }
        const auto member = std::find_if(roster.members.begin(), roster.members.end(),
                                         [&](const auto& candidate) { return row_is_members(row, candidate); });
        if (member == roster.members.end()) {
            out.push_back({Severity::warning, "on-roster", path + "/person-id",
                           (row.name.empty() ? std::string("A row with no name") : row.name) +
                               (row.person_id.empty() ? "" : " (" + row.person_id + ")") + " is not on the roster of " +
                               roster.name + "."});
        } else if (row.person_id.empty()) {
            out.push_back({Severity::warning, "on-roster", path + "/person-id",
                           row.name + " has no person id: counted as " + member->name + " of the roster, by name. Choose the person."});
        }
    }
    if (const auto short_of = quorum_shortfall(roster, meeting))
        out.push_back({Severity::warning, "quorate", "attendance", "The meeting was not quorate: " + short_of->words + "."});
}

class AttendancePlugin final : public sdk::Plugin {
public:
    std::string summary() const override {
        return "Meeting and board attendance: rosters, who attended, apologies and deputies, and the year at a glance.";
    }
    std::vector<sdk::EmbeddedFile> form_definitions() const override { return definitions(); }
    std::vector<sdk::EmbeddedFile> sample_records() const override { return samples(); }

    std::vector<sdk::Finding> check_record(const sdk::RecordContext& record) const override {
        std::vector<sdk::Finding> out;
        if (record.form_id == "attendance-meeting") check_meeting(record, out);
        return out;
    }

    std::vector<sdk::SheetView> sheet_views(const sdk::ViewRequest& request) const override {
        auto views = year_grids(request);
        for (auto& summary : attendance_summaries(request)) views.push_back(std::move(summary));
        return views;
    }
    // SDK 1.10: the year grids' quorum rows, once for each inquorate meeting.
    std::vector<sdk::FlaggedRow> flagged_rows(const sdk::ViewRequest& request,
                                              const std::vector<sdk::SheetView>& views) const override {
        return inquorate_meetings(request, views);
    }

    std::vector<sdk::ImportFormat> import_formats() const override { return moderngov_formats(); }
    sdk::ImportResult import_text(const sdk::ImportRequest& request) const override { return import_moderngov_text(request); }
    sdk::ImportBatch import_records(const sdk::ImportRequest& request) const override {
        return import_moderngov_records(request);
    }

    sdk::RecordAssist record_assist(const std::string& form_id) const override { return meeting_assist(form_id); }
    sdk::Prefill prefill_record(const sdk::PrefillRequest& request) const override { return prefill_meeting(request); }
    std::vector<sdk::FieldChoice> field_choices(const sdk::ChoiceRequest& request) const override {
        return member_choices(request);
    }
};

}  // namespace
}  // namespace formwork::plugins::attendance

FORMWORK_PLUGIN("attendance", "Meeting and board attendance", "0.3.0", formwork::plugins::attendance::AttendancePlugin)
