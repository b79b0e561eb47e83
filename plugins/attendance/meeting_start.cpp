#include "meeting_start.hpp"

#include "form_labels.hpp"
#include "roster.hpp"
#include "year_grid.hpp"

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace formwork::plugins::attendance {

namespace {

constexpr const char* meeting_form = "attendance-meeting";
constexpr const char* body_form = "attendance-body";

// The body's record, or nothing when `id` is empty; throws when it is held but is no body.
std::optional<pugi::xml_document> body_record(const sdk::RecordQuery& records, const std::string& id) {
    if (id.empty()) return std::nullopt;
    const auto summary = records.summary(id);
    if (!summary) return std::nullopt;
    if (summary->form_id != body_form) throw std::invalid_argument("record " + id + " is of the form " + summary->form_id + ", not a body");
    return load_instance(records, id);
}

// The portfolio (or, on a partnership board, the title) and role of a roster member, as the
// meeting's "Role as published" shows them: "Chair", "Cabinet Member for Housing".
std::string published_role(const RosterMember& member, pugi::xml_node body) {
    if (!member.title.empty()) return member.title;
    if (member.role != "member")
        return role_label(member.role);
    for (auto row : body.child("members").children("row"))
        if (member.person_id == row.child("person-id").text().get())
            if (const std::string portfolio = row.child("portfolio").text().get(); !portfolio.empty()) return portfolio;
    return role_label(member.role);
}

// The date the roster is read at: the meeting's own, else the one the host gives.
std::string roster_date(pugi::xml_node meeting, const std::string& fallback) {
    const std::string own = meeting.child("date").text().get();
    return own.empty() ? fallback : own;
}

// Whether any member's attendance has been marked: then the rows are the clerk's, not ours.
bool attendance_marked(pugi::xml_node meeting) {
    for (auto row : meeting.child("attendance").children("row")) {
        const std::string attendance = row.child("attendance").text().get();
        if ((!attendance.empty() && attendance != "expected") || !std::string(row.child("attendance-as-published").text().get()).empty())
            return true;
    }
    return false;
}

void add_text(pugi::xml_node parent, const char* name, const std::string& value) {
    parent.append_child(name).text().set(value.c_str());
}

// The members' rows from the roster on `date`, everyone expected.
std::size_t fill_rows(pugi::xml_node out, const Roster& roster, pugi::xml_node body, const std::string& date) {
    auto table = out.append_child("attendance");
    std::size_t filled = 0;
    for (const auto& member : roster.members) {
        if (!expected_at(member, date)) continue;
        auto row = table.append_child("row");
        add_text(row, "person-id", member.person_id);
        add_text(row, "name", member.name);
        add_text(row, "role", published_role(member, body));
        add_text(row, "attendance", "expected");
        ++filled;
    }
    return filled;
}

std::string written(const pugi::xml_document& document) {
    std::ostringstream out;
    document.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}

}  // namespace

std::size_t expected_attendance(pugi::xml_node meeting, pugi::xml_node body, const std::string& date) {
    return fill_rows(meeting, read_roster(body), body, date);
}

sdk::RecordAssist meeting_assist(const std::string& form_id) {
    if (form_id != meeting_form) return {};
    return {{"body"}, {"attendance/row/person-id"}, {{"next-meeting", "Next meeting of this body"}}};
}

sdk::Prefill prefill_meeting(const sdk::PrefillRequest& request) {
    if (request.form_id != meeting_form || request.records == nullptr) return {};
    const auto& records = *request.records;
    pugi::xml_document document;
    auto out = document.append_child(meeting_form);
    sdk::Prefill result;

    std::string body_id = request.instance.child("body").text().get();
    std::optional<pugi::xml_document> previous;  // the meeting this one follows
    if (!request.from_record.empty()) {
        const auto summary = records.summary(request.from_record);
        if (!summary) throw std::invalid_argument("no record " + request.from_record + " is held to start the meeting from");
        if (summary->form_id == body_form) {
            body_id = request.from_record;
        } else if (summary->form_id == meeting_form) {
            previous = load_instance(records, request.from_record);
            if (!previous) throw std::invalid_argument("record " + request.from_record + " could not be read");
            body_id = previous->document_element().child("body").text().get();
        } else {
            throw std::invalid_argument("record " + request.from_record + " is of the form " + summary->form_id +
                                        ": a meeting starts from a body or from another meeting");
        }
        add_text(out, "body", body_id);
    } else if (request.changed_field != "body" && (!request.changed_field.empty() || body_id.empty())) {
        return {};  // a new record with no body yet, or another field: nothing to fill
    }

    const auto date = roster_date(request.instance, request.date);
    const auto body = body_record(records, body_id);
    if (!body && !previous) {
        if (!body_id.empty()) result.notes.push_back("The body " + body_id + " is not held in this database: choose its members by hand.");
        if (request.from_record.empty()) return result;
    }
    if (previous) {
        // The next meeting is where and when the last one was, unless the clerk says otherwise.
        const auto last = previous->document_element();
        for (const char* kept : {"time", "venue"})
            if (std::string(request.instance.child(kept).text().get()).empty()) add_text(out, kept, last.child(kept).text().get());
        if (!body) add_text(out, "body-name", last.child("body-name").text().get());
    }
    if (body) {
        const auto roster = read_roster(body->document_element());
        add_text(out, "body-name", roster.name);
        if (attendance_marked(request.instance)) {
            result.notes.push_back("Attendance is already marked, so the members' rows are left as they are.");
        } else {
            const auto filled = fill_rows(out, roster, body->document_element(), date);
            result.notes.push_back("The members of " + roster.name + " as the roster stood on " + date + ": " +
                                   std::to_string(filled) + ", each expected.");
        }
    } else if (previous && !attendance_marked(request.instance)) {
        // No roster held: the last meeting's members, each expected again.
        auto table = out.append_child("attendance");
        std::size_t filled = 0;
        for (auto row : previous->document_element().child("attendance").children("row")) {
            const std::string attendance = row.child("attendance").text().get();
            if (attendance == "in-attendance" || attendance == "in-attendance-virtual" || attendance == "substitute" ||
                attendance == "substitute-virtual")
                continue;
            auto copy = table.append_child("row");
            for (const char* kept : {"person-id", "name", "role", "party", "ward"})
                add_text(copy, kept, row.child(kept).text().get());
            add_text(copy, "attendance", "expected");
            ++filled;
        }
        result.notes.push_back("No roster is held for " + std::string(previous->document_element().child("body-name").text().get()) +
                               ": the " + std::to_string(filled) + " members of the last meeting, each expected.");
    }
    result.instance_xml = written(document);
    return result;
}

std::vector<sdk::FieldChoice> member_choices(const sdk::ChoiceRequest& request) {
    if (request.form_id != meeting_form || request.field != "attendance/row/person-id" || request.records == nullptr) return {};
    const auto& records = *request.records;
    const auto date = roster_date(request.instance, request.date);
    std::vector<std::string> bodies;
    if (const std::string chosen = request.instance.child("body").text().get(); !chosen.empty() && records.summary(chosen))
        bodies.push_back(chosen);
    else
        for (const auto& summary : records.records_of_form(body_form)) bodies.push_back(summary.id);

    std::vector<sdk::FieldChoice> choices;
    for (const auto& id : bodies) {
        const auto body = body_record(records, id);
        if (!body) continue;
        const auto roster = read_roster(body->document_element());
        for (const auto& member : roster.members) {
            if (member.person_id.empty() || !expected_at(member, date)) continue;
            if (std::any_of(choices.begin(), choices.end(), [&](const auto& c) { return c.value == member.person_id; })) continue;
            const auto role = published_role(member, body->document_element());
            choices.push_back({member.person_id, member.name, bodies.size() > 1 ? role + ", " + roster.name : role,
                               {{"name", member.name}, {"role", role}}});
        }
    }
    return choices;
}

}  // namespace formwork::plugins::attendance
