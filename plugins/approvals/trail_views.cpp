#include "trail_views.hpp"

#include "sign_offs.hpp"

#include <algorithm>
#include <stdexcept>

namespace formwork::plugins::approvals {

namespace {

struct StoredTrail {
    std::string id;
    TrailReading trail;
};

Chasing chasing_of(const sdk::ViewRequest& request) {
    std::string ignored;  // a bad setting is reported by the record's checks
    return {overdue_working_days(request.setting("overdue-working-days"), ignored), request.bank_holidays, request.today};
}

std::vector<StoredTrail> read_trails(const sdk::ViewRequest& request) {
    if (request.records == nullptr) throw std::invalid_argument("the approval views need the stored records to read");
    const auto chasing = chasing_of(request);
    std::vector<StoredTrail> trails;
    for (const auto& id : request.record_ids) {
        const auto xml = request.records->instance_xml(id);
        if (!xml) throw std::runtime_error("record " + id + " is in scope but not stored");
        pugi::xml_document document;
        if (const auto parsed = document.load_buffer(xml->data(), xml->size()); !parsed)
            throw std::runtime_error("record " + id + " could not be read at offset " + std::to_string(parsed.offset) + ": " +
                                     parsed.description());
        trails.push_back({id, read_trail(document.document_element(), chasing)});
    }
    return trails;
}

const char* style_of(SignOffStatus status) {
    switch (status) {
        case SignOffStatus::responded: return "rag-green";
        case SignOffStatus::awaiting: return "rag-amber";
        case SignOffStatus::overdue: return "rag-red";
        case SignOffStatus::not_sent: return "";
        case SignOffStatus::dates_to_check: return "rag-red";
    }
    return "";
}

std::string role_label(const std::string& role) {
    if (role == "finance") return "Finance";
    if (role == "legal") return "Legal";
    if (role == "director") return "Director";
    if (role == "members") return "Members";
    if (role == "contributor") return "Contributor";
    if (role == "approver") return "Approver (role to choose)";  // from a pasted approvers' heading
    return role;
}

// Both views show the sign-off table: a council that keeps it internal gets neither.
bool drawn(const sdk::ViewRequest& request) {
    return request.form_id == "approval-trail" && !request.is_unpublished("sign-offs");
}

constexpr const char* sign_off_view_name = "Sign-off status";

}  // namespace

std::vector<sdk::TimelineView> trail_timelines(const sdk::ViewRequest& request) {
    if (!drawn(request)) return {};
    const auto trails = read_trails(request);
    sdk::TimelineView view;
    view.name = "Approval timeline";
    view.title = "Sign-offs against the meeting route";
    std::string described;
    for (const auto& [id, trail] : trails) {
        sdk::TimelineView::Row meetings{trail.title + ": meetings", {}, {}};
        for (const auto& meeting : trail.route)
            if (!meeting.date.empty()) meetings.markers.push_back({meeting.body, meeting.date, "meeting"});
        view.rows.push_back(std::move(meetings));
        std::size_t late = 0;
        for (const auto& sign_off : trail.sign_offs) {
            sdk::TimelineView::Row row{sign_off.name + " (" + role_label(sign_off.role) + ")", {}, {}};
            // Dates to check draw no interval: a response before the sending cannot be drawn.
            if (sign_off.status == SignOffStatus::dates_to_check) {
                row.label += ": dates to check";
            } else if (!sign_off.sent.empty()) {
                const auto end = sign_off.received.empty() ? request.today : sign_off.received;
                row.intervals.push_back({status_name(sign_off.status), sign_off.sent, end, style_of(sign_off.status)});
            }
            late += sign_off.status == SignOffStatus::overdue ? 1 : 0;
            view.rows.push_back(std::move(row));
        }
        described += trail.title + ": " + std::to_string(trail.sign_offs.size()) + " sign-offs, " + std::to_string(late) +
                     " overdue; meetings";
        for (const auto& meeting : trail.route) described += " " + meeting.body + " on " + meeting.date + ",";
        if (!described.empty() && described.back() == ',') described.back() = '.';
        described += " ";
    }
    view.text_alternative = "Approval timeline: each sign-off from the date the document was sent to the date of the "
                            "response, or today while it is awaited, against the meeting dates. " + described;
    return {view};
}

std::vector<sdk::SheetView> trail_sheets(const sdk::ViewRequest& request) {
    if (!drawn(request)) return {};
    const auto trails = read_trails(request);
    sdk::SheetView view;
    view.name = sign_off_view_name;
    view.title = "Contributors and approvers, with the status of each";
    view.header_rows.push_back({sdk::Cell::of_text("Report"), sdk::Cell::of_text("Name"), sdk::Cell::of_text("Title"),
                                sdk::Cell::of_text("Service area"), sdk::Cell::of_text("Role"),
                                sdk::Cell::of_text("Role inferred"), sdk::Cell::of_text("Sent out"),
                                sdk::Cell::of_text("Response"), sdk::Cell::of_text("Working days"),
                                sdk::Cell::of_text("Status"), sdk::Cell::of_text("First meeting")});
    std::size_t counts[5] = {0, 0, 0, 0, 0};
    for (const auto& [id, trail] : trails) {
        const std::string first_meeting = trail.route.empty() ? std::string() : trail.route.front().date;
        for (const auto& s : trail.sign_offs) {
            ++counts[static_cast<int>(s.status)];
            const auto date_or_empty = [](const std::string& date) {
                return date.empty() ? sdk::Cell{} : sdk::Cell::of_date(date);
            };
            view.rows.push_back({sdk::Cell::of_text(trail.title), sdk::Cell::of_text(s.name), sdk::Cell::of_text(s.title),
                                 sdk::Cell::of_text(s.service_area), sdk::Cell::of_text(role_label(s.role)),
                                 sdk::Cell::of_boolean(s.role_inferred), date_or_empty(s.sent), date_or_empty(s.received),
                                 s.sent.empty() || s.status == SignOffStatus::dates_to_check
                                     ? sdk::Cell{}
                                     : sdk::Cell::of_number(static_cast<double>(s.working_days_waited)),
                                 sdk::Cell::of_text(status_name(s.status), style_of(s.status)),
                                 date_or_empty(first_meeting)});
        }
    }
    view.text_alternative = std::to_string(view.rows.size()) + " sign-offs: " + std::to_string(counts[0]) + " responded, " +
                            std::to_string(counts[1]) + " awaiting, " + std::to_string(counts[2]) + " overdue, " +
                            std::to_string(counts[3]) + " not yet sent" +
                            (counts[4] > 0 ? ", " + std::to_string(counts[4]) + " with dates to check." : std::string("."));
    return {view};
}

std::vector<sdk::FlaggedRow> trail_flags(const sdk::ViewRequest& request, const std::vector<sdk::SheetView>& views) {
    if (!drawn(request)) return {};
    const auto view = std::find_if(views.begin(), views.end(), [](const auto& v) { return v.name == sign_off_view_name; });
    if (view == views.end()) return {};
    // The rows in trail_sheets' order: each trail's sign-offs, trail after trail, with the
    // status trail_sheets drew from the same reading.
    const auto overdue_after = chasing_of(request).overdue_after;
    std::vector<sdk::FlaggedRow> flags;
    std::size_t row = 0;
    for (const auto& [id, trail] : read_trails(request))
        for (const auto& sign_off : trail.sign_offs) {
            if (sign_off.status == SignOffStatus::overdue)
                flags.push_back({view->name, row, id, overdue_message(sign_off, overdue_after)});
            else if (sign_off.status == SignOffStatus::dates_to_check)
                flags.push_back({view->name, row, id, dates_to_check_message(sign_off)});
            ++row;
        }
    if (row != view->rows.size())
        throw std::logic_error("the Sign-off status view has " + std::to_string(view->rows.size()) +
                               " rows, and the records in scope have " + std::to_string(row) + " sign-offs");
    return flags;
}

}  // namespace formwork::plugins::approvals
