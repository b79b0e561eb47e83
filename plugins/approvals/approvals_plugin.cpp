// Report approval trails: the plugin entry point. The cover sheet form and the seeds' three
// reports are data, compiled in from forms/ and samples/. What XPath cannot say is code here:
// the approver roles a council requires, rows overdue by working days, the EIA a report links
// to, the Word sign-off table import, and the timeline.
#include "sign_offs.hpp"
#include "trail_import.hpp"
#include "trail_views.hpp"

#include <formwork/sdk/plugin.hpp>

namespace formwork::plugins::approvals {

std::vector<sdk::EmbeddedFile> definitions();
std::vector<sdk::EmbeddedFile> samples();

namespace {

using Severity = sdk::Finding::Severity;

// Each role on the council's list needs an approver (not a contributor) holding it.
void check_required_roles(const sdk::RecordContext& record, const TrailReading& trail, std::vector<sdk::Finding>& out) {
    const auto* required = record.list("required-approver-roles");
    const auto* roles = record.list("sign-off-role");
    if (required == nullptr) return;
    std::string all;
    for (const auto& [code, label] : required->options) all += (all.empty() ? "" : ", ") + label;
    for (const auto& [code, label] : required->options) {
        bool present = false;
        for (const auto& sign_off : trail.sign_offs) present = present || sign_off.role == code;
        if (!present)
            out.push_back({Severity::error, "required-approver-roles", "sign-offs",
                           "No approver has the role " + (roles ? roles->label(code) : code) +
                               ". Before submission the report needs an approver for each of: " + all + "."});
    }
}

// Past the first status (draft), every approver must have responded: the report cannot go to
// its first meeting without them.
void check_responded(const sdk::RecordContext& record, const TrailReading& trail, std::vector<sdk::Finding>& out) {
    if (record.status.empty() || record.status == "draft") return;
    for (const auto& sign_off : trail.sign_offs)
        if (sign_off.role != "contributor" && sign_off.received.empty())
            out.push_back({Severity::error, "approver-responded", sign_off.path("received"),
                           sign_off.name + " has not responded: every approver must respond before the report is " +
                               record.status + "."});
}

void check_overdue(const TrailReading& trail, long overdue_after, std::vector<sdk::Finding>& out) {
    for (const auto& sign_off : trail.sign_offs)
        if (sign_off.status == SignOffStatus::overdue)
            out.push_back({Severity::warning, "sign-off-overdue", sign_off.path("received"),
                           overdue_message(sign_off, overdue_after)});
}

// 6.4's link must lead to an EIA that is held here.
void check_eia_link(const sdk::RecordContext& record, std::vector<sdk::Finding>& out) {
    const std::string id = record.instance.child("equalities").child("eia").text().get();
    if (id.empty() || record.records == nullptr) return;
    const auto linked = record.records->summary(id);
    if (!linked)
        out.push_back({Severity::warning, "eia-link", "equalities/eia",
                       "The EIA " + id + " that 6.4 links to is not held in this database."});
    else if (linked->form_id != "eia")
        out.push_back({Severity::error, "eia-link", "equalities/eia",
                       "6.4 links to record " + id + ", which is a " + linked->form_id + ", not an EIA."});
}

class ApprovalsPlugin final : public sdk::Plugin {
public:
    std::string summary() const override {
        return "Committee report cover sheets: the meeting route, contributors and the sign-offs before a report goes to its first meeting.";
    }
    std::vector<sdk::EmbeddedFile> form_definitions() const override { return definitions(); }
    std::vector<sdk::EmbeddedFile> sample_records() const override { return samples(); }

    std::vector<sdk::Finding> check_record(const sdk::RecordContext& record) const override {
        if (record.form_id != "approval-trail") return {};
        std::vector<sdk::Finding> out;
        std::string problem;
        const auto overdue_after = overdue_working_days(record.setting("overdue-working-days"), problem);
        if (!problem.empty()) out.push_back({Severity::warning, "overdue-working-days", "sign-offs", problem});
        const auto trail = read_trail(record.instance, {overdue_after, record.bank_holidays, record.today});
        check_required_roles(record, trail, out);
        check_responded(record, trail, out);
        check_overdue(trail, overdue_after, out);
        check_eia_link(record, out);
        return out;
    }

    std::vector<sdk::SheetView> sheet_views(const sdk::ViewRequest& request) const override { return trail_sheets(request); }
    std::vector<sdk::TimelineView> timeline_views(const sdk::ViewRequest& request) const override {
        return trail_timelines(request);
    }
    // SDK 1.10: the Sign-off status rows the workbook's Summary lists (overdue, dates to check).
    std::vector<sdk::FlaggedRow> flagged_rows(const sdk::ViewRequest& request,
                                              const std::vector<sdk::SheetView>& views) const override {
        return trail_flags(request, views);
    }

    std::vector<sdk::ImportFormat> import_formats() const override {
        return {{"word-trail", "approval-trail",
                 "the contributors and approvers table copied out of a Word committee report (tab-separated)"}};
    }
    sdk::ImportResult import_text(const sdk::ImportRequest& request) const override { return import_word_trail(request); }
};

}  // namespace
}  // namespace formwork::plugins::approvals

FORMWORK_PLUGIN("approvals", "Report approval trails", "0.2.0", formwork::plugins::approvals::ApprovalsPlugin)
