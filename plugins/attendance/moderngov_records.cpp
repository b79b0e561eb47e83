// The ModernGov imports, record by record. The plugin decides which stored record a text is a
// new revision of (by the committee system's id, system-id) and merges what the committee
// system knows into what the clerk recorded: a roster member is never deleted, recorded
// attendance is never wiped by a list of meetings, and an element the text does not give is
// left out of the reading so that the host keeps the stored one.
#include "moderngov_records.hpp"

#include "form_labels.hpp"
#include "meeting_start.hpp"
#include "moderngov_import.hpp"
#include "moderngov_xml.hpp"
#include "roster.hpp"

#include <formwork/sdk/xml_text.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace formwork::plugins::attendance {

namespace {

using Severity = sdk::Finding::Severity;

constexpr const char* body_form = "attendance-body";
constexpr const char* meeting_form = "attendance-meeting";

constexpr std::array<const char*, 11> member_columns{"person-id", "name",  "aliases",    "system-id", "role",    "portfolio",
                                                     "organisation", "title", "term-start", "term-end",  "note"};

void add_text(pugi::xml_node parent, const char* name, const std::string& value) {
    auto child = parent.append_child(name);
    if (!value.empty()) child.text().set(value.c_str());
}

std::string text_of(pugi::xml_node node, const char* child) { return sdk::trim_spaces(node.child(child).text().get()); }

// The child's text, set; the child is made when the row has none.
void set_cell(pugi::xml_node row, const char* column, const std::string& value) {
    auto cell = row.child(column);
    if (!cell) cell = row.append_child(column);
    cell.text().set(value.c_str());
}

bool is_true(const std::string& value) { return as_words(value) == "true"; }

bool has_word(const std::string& words, std::string_view word) {
    std::size_t at = 0;
    while ((at = words.find(word, at)) != std::string::npos) {
        const bool starts = at == 0 || words[at - 1] == ' ';
        const bool ends = at + word.size() == words.size() || words[at + word.size()] == ' ';
        if (starts && ends) return true;
        at += word.size();
    }
    return false;
}

// The day before an ISO date (YYYY-MM-DD), or empty for a text that is not one.
std::string day_before(const std::string& iso) {
    if (iso.size() != 10) return {};
    int year = std::stoi(iso.substr(0, 4));
    int month = std::stoi(iso.substr(5, 2));
    int day = std::stoi(iso.substr(8, 2)) - 1;
    if (day == 0) {
        if (--month == 0) {
            month = 12;
            --year;
        }
        static constexpr std::array<int, 12> month_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        day = month_days[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
    }
    const auto two = [](int value) { return std::string(value < 10 ? "0" : "") + std::to_string(value); };
    std::string y = std::to_string(year);
    while (y.size() < 4) y.insert(0, "0");
    return y + "-" + two(month) + "-" + two(day);
}

// A date as ModernGov writes it (dd/mm/yyyy) read from `name` of `node`, as YYYY-MM-DD; empty
// when it gives none ("unspecified" is none), with a note when what it gives is not a date.
std::string file_date(MgNotes& notes, pugi::xml_node node, const char* name, const std::string& field) {
    const auto published = notes.value(node, name, field);
    if (published.empty() || as_words(published) == "unspecified") return {};
    auto iso = iso_date(published);
    // A date with a time after it ("21/05/2025 00:00:00") is the date.
    if (iso.empty() && published.find(' ') != std::string::npos) iso = iso_date(published.substr(0, published.find(' ')));
    if (iso.empty())
        notes.note(Severity::warning, node.child(name) ? node.child(name) : node, field,
                   "the " + std::string(name) + " '" + published + "' is not a date (dd/mm/yyyy): it is left out");
    return iso;
}

// The first value of `names` that `node` gives, as a child or an attribute.
std::string first_value(MgNotes& notes, pugi::xml_node node, std::initializer_list<const char*> names, const std::string& field) {
    for (const char* name : names)
        if (node.child(name) || node.attribute(name)) return notes.value(node, name, field);
    return {};
}

// A stored record by system-id; a duplicate becomes a note instead of a refusal of the whole text:
// a warning where the text's other records go on without this one.
std::optional<StoredMatch> find_stored(const sdk::ImportRequest& request, const char* form_id, const std::string& system_id,
                                       MgNotes& notes, pugi::xml_node node, const std::string& field, bool& ambiguous,
                                       Severity severity = Severity::warning) {
    ambiguous = false;
    try {
        return stored_by_system_id(request.records, form_id, system_id);
    } catch (const std::invalid_argument& error) {
        ambiguous = true;
        notes.note(severity, node, field, error.what());
        return std::nullopt;
    }
}

// A body named by the person (--body): it must be held and be a body.
StoredMatch named_body(const sdk::ImportRequest& request, const std::string& id) {
    if (request.records == nullptr)
        throw std::invalid_argument("the body '" + id + "' cannot be looked up: no record store is open");
    const auto summary = request.records->summary(id);
    if (!summary) throw std::invalid_argument("the body '" + id + "' is no record of the store");
    if (summary->form_id != body_form)
        throw std::invalid_argument("the body '" + id + "' is a record of the form " + summary->form_id +
                                    (summary->title.empty() ? std::string() : " ('" + summary->title + "')") +
                                    ", not a body (attendance-body)");
    const auto xml = request.records->instance_xml(id);
    StoredMatch body{id, {}};
    if (!xml || !body.instance.load_buffer(xml->data(), xml->size(), pugi::parse_default, pugi::encoding_utf8) ||
        std::string_view(body.instance.document_element().name()) != body_form)
        throw std::invalid_argument("the body '" + id + "' could not be read as an attendance body");
    return body;
}

// ---------------------------------------------------------------------------------------------
// moderngov: GetMeeting, a meeting with its attendees.

bool same_attendee(pugi::xml_node fresh, pugi::xml_node stored) {
    const auto fresh_id = text_of(fresh, "person-id");
    const auto stored_id = text_of(stored, "person-id");
    if (!fresh_id.empty() || !stored_id.empty()) return fresh_id == stored_id;
    const auto name = comparable_name(text_of(fresh, "name"));
    return !name.empty() && name == comparable_name(text_of(stored, "name"));
}

// What the clerk added to a meeting that the committee system does not publish stays when the
// meeting is imported again: whom a substitute replaced, the deputy, late arrivals and early
// departures, the reason for apologies, and the guests they entered.
void keep_clerks_work(pugi::xml_node fresh, pugi::xml_node stored) {
    std::vector<pugi::xml_node> stored_rows;
    for (auto row : stored.child("attendance").children("row")) stored_rows.push_back(row);
    std::vector<bool> used(stored_rows.size(), false);
    for (auto row : fresh.child("attendance").children("row")) {
        for (std::size_t i = 0; i < stored_rows.size(); ++i) {
            if (used[i] || !same_attendee(row, stored_rows[i])) continue;
            used[i] = true;
            for (const char* column : {"substitute-for", "deputy", "arrived-late", "left-early"})
                if (text_of(row, column).empty() && !text_of(stored_rows[i], column).empty())
                    set_cell(row, column, text_of(stored_rows[i], column));
            const auto attendance = text_of(row, "attendance");
            const auto reason = text_of(stored_rows[i], "apology-category");
            if ((attendance == "apologies" || attendance == "apologies-substitute") && !reason.empty() && reason != "not-given")
                set_cell(row, "apology-category", reason);
            break;
        }
    }
    // The guests: the clerk's first, then those the file adds who are not among them.
    auto guests = fresh.child("guests");
    std::vector<pugi::xml_node> added;
    for (auto row : guests.children("row")) added.push_back(row);
    std::set<std::string> names;
    auto first = pugi::xml_node();
    for (auto row : stored.child("guests").children("row")) {
        auto copy = first ? guests.insert_copy_after(row, first) : guests.prepend_copy(row);
        first = copy;
        names.insert(comparable_name(text_of(row, "name")));
    }
    for (auto row : added)
        if (names.count(comparable_name(text_of(row, "name"))) > 0) guests.remove_child(row);
}

sdk::ImportBatch meeting_batch(const sdk::ImportRequest& request) {
    MgDocument file;
    read_moderngov(request, "GetMeeting", {"meeting"}, file);
    const auto root = file.document.document_element();
    MgNotes ids{file.text, {}};
    const auto id_node = root.child("meetingid");
    const auto meeting_id = ids.clean(id_node.text().get(), id_node, "system-id");

    sdk::ImportBatch batch;
    bool ambiguous = false;
    auto stored = find_stored(request, meeting_form, meeting_id, ids, id_node, "system-id", ambiguous, Severity::error);
    if (ambiguous) {
        batch.notes = std::move(ids.notes);
        return batch;
    }

    // A meeting imported again keeps the body it has, unless the person or the file names one.
    sdk::ImportRequest inner = request;
    if (stored && request.option("body").empty() && sdk::trim_spaces(root.child("committeeid").text().get()).empty()) {
        const auto body = text_of(stored->instance.document_element(), "body");
        if (!body.empty() && request.records != nullptr && request.records->summary(body)) inner.options.emplace_back("body", body);
    }
    auto reading = import_moderngov(inner);

    sdk::ImportedRecord record;
    record.form_id = meeting_form;
    record.notes = std::move(reading.notes);
    pugi::xml_document fresh;
    fresh.load_string(reading.instance_xml.c_str());
    auto meeting = fresh.document_element();
    if (stored) {
        record.updates = stored->id;
        const auto kept = stored->instance.document_element();
        keep_clerks_work(meeting, kept);
        // What the file could not give (no body found, a date that is no date) is not given:
        // the stored value stays.
        for (const char* field : {"body", "body-name", "date", "time", "venue"})
            if (text_of(meeting, field).empty() && !text_of(kept, field).empty()) meeting.remove_child(field);
    }
    if (meeting_id.empty())
        record.notes.push_back({Severity::warning, 0, "system-id",
                                "the file gives no meetingid: importing it again will make another record, not update this one"});
    const auto shown = stored ? stored->instance.document_element() : meeting;
    const auto name = text_of(meeting, "body-name").empty() ? text_of(shown, "body-name") : text_of(meeting, "body-name");
    const auto date = text_of(meeting, "date").empty() ? text_of(shown, "date") : text_of(meeting, "date");
    record.label = (name.empty() ? std::string("Meeting") : name) + (date.empty() ? "" : " " + date) +
                   (meeting_id.empty() ? std::string() : " (ModernGov meeting " + meeting_id + ")");
    record.instance_xml = printed(meeting);
    batch.records.push_back(std::move(record));
    return batch;
}

// ---------------------------------------------------------------------------------------------
// moderngov-committees: GetCommittees, a body record per committee.

// A code of one of the body form's lists, read from ModernGov's words, and whether it is only a
// guess (said so in a note).
struct ReadCode {
    std::string code;
    bool guessed = false;
};

// The body's kind as its title says it: "Cabinet", "Council", a scrutiny committee, a
// "Committee"; a board, a panel or a title with no such word is a guess, and said to be one.
ReadCode kind_of(const std::string& title) {
    const auto words = as_words(title);
    static const std::set<std::string> councils{"council", "full council", "the council", "city council", "county council",
                                                "borough council", "district council", "council meeting",
                                                "meeting of the council", "annual council", "budget council"};
    if (councils.count(words) > 0) return {"council", false};
    if (has_word(words, "cabinet")) return {"cabinet", false};
    if (has_word(words, "scrutiny")) return {"scrutiny-board", false};
    if (has_word(words, "executive") && !has_word(words, "committee")) return {"cabinet", true};
    if (has_word(words, "board") || has_word(words, "partnership")) return {"partnership-board", true};
    if (has_word(words, "committee") && !has_word(words, "sub")) return {"committee", false};
    return {"committee", true};
}

sdk::ImportBatch committees_batch(const sdk::ImportRequest& request) {
    MgDocument file;
    read_moderngov(request, "GetCommittees", {"committees"}, file);
    const auto root = file.document.document_element();
    MgNotes whole{file.text, {}};
    sdk::ImportBatch batch;
    std::set<std::string> seen;
    for (auto committee : root.children("committee")) {
        MgNotes notes{file.text, {}};
        const auto id = notes.value(committee, "committeeid", "system-id");
        const auto title = notes.value(committee, "committeetitle", "name");
        const std::string named = title.empty() ? std::string() : " ('" + title + "')";
        if (id.empty()) {
            whole.note(Severity::warning, committee, "system-id",
                       "a committee" + named + " has no committeeid: it is left out, as it could never be matched again");
            continue;
        }
        if (!seen.insert(id).second) {
            whole.note(Severity::warning, committee, "system-id", "the committee " + id + named + " is listed twice: the second is left out");
            continue;
        }
        if (is_true(notes.value(committee, "committeedeleted", "system-id")) ||
            is_true(notes.value(committee, "committeeexpired", "system-id"))) {
            whole.note(Severity::warning, committee, "system-id",
                       "the committee " + id + named +
                           " is deleted or expired in ModernGov: it is left out, and a body held for it is left as it is");
            continue;
        }
        bool ambiguous = false;
        const auto stored = find_stored(request, body_form, id, whole, committee, "system-id", ambiguous);
        if (ambiguous) continue;

        sdk::ImportedRecord record;
        record.form_id = body_form;
        pugi::xml_document out;
        auto body = out.append_child(body_form);
        if (!title.empty()) add_text(body, "name", title);
        add_text(body, "system-id", id);
        if (stored) {
            // Only what the file gives: the name. The kind, the quorum and the roster are the clerk's.
            record.updates = stored->id;
        } else {
            const auto kind = kind_of(title);
            add_text(body, "kind", kind.code);
            if (kind.guessed)
                notes.note(Severity::warning, committee.child("committeetitle") ? committee.child("committeetitle") : committee,
                           "kind",
                           "the kind is guessed from the title '" + title + "': " +
                               choice_label(body_form, "body-kind", kind.code) + "; check it");
            if (title.empty()) notes.note(Severity::warning, committee, "name", "the committee has no committeetitle: enter the name");
            notes.note(Severity::warning, committee, "members",
                       "the roster is empty: import the committee's membership (format moderngov-membership) or enter it");
        }
        record.label = (title.empty() ? "Committee " + id : title) + " (ModernGov committee " + id + ")";
        record.instance_xml = printed(body);
        record.notes = std::move(notes.notes);
        batch.records.push_back(std::move(record));
    }
    if (batch.records.empty() && whole.notes.empty())
        whole.note(Severity::warning, root, "", "the file lists no committees");
    batch.notes = std::move(whole.notes);
    return batch;
}

// ---------------------------------------------------------------------------------------------
// moderngov-membership: a committee's members, merged into its body's roster.

// A role as ModernGov describes it ("Chair", "Vice-Chairman", "Committee Member", "Co-optee")
// as a code of the body form's member-role list; anything not plainly one of them is a guess.
ReadCode role_of(const std::string& published) {
    const auto words = as_words(published);
    static const std::map<std::string, std::string> plain{
        {"chair", "chair"},
        {"chairman", "chair"},
        {"chairperson", "chair"},
        {"chairwoman", "chair"},
        {"vice chair", "deputy-chair"},
        {"vice chairman", "deputy-chair"},
        {"vice chairperson", "deputy-chair"},
        {"deputy chair", "deputy-chair"},
        {"deputy chairman", "deputy-chair"},
        {"member", "member"},
        {"committee member", "member"},
        {"board member", "member"},
        {"cabinet member", "member"},
        {"voting member", "member"},
        {"non voting member", "non-voting-member"},
        {"deputy cabinet member", "non-voting-deputy-cabinet-member"},
    };
    if (const auto found = plain.find(words); found != plain.end()) return {found->second, false};
    if (has_word(words, "vice") || (has_word(words, "deputy") && has_word(words, "chair"))) return {"deputy-chair", true};
    if (has_word(words, "deputy") && has_word(words, "cabinet")) return {"non-voting-deputy-cabinet-member", true};
    if (has_word(words, "chair") || has_word(words, "chairman") || has_word(words, "leader")) return {"chair", true};
    if (has_word(words, "opposition")) return {"non-voting-opposition-member", true};
    if (has_word(words, "substitute") || has_word(words, "reserve") || has_word(words, "observer") ||
        has_word(words, "co") || has_word(words, "optee") || has_word(words, "coopted") || has_word(words, "advisor") ||
        has_word(words, "adviser") || has_word(words, "independent") || has_word(words, "non"))
        return {"non-voting-member", true};
    return {"member", true};
}

// A person id made from a name: "Councillor Basil Curley" -> basil-curley, unique in the roster.
std::string person_id_for(const std::string& name, const std::set<std::string>& taken) {
    std::string base;
    for (char c : comparable_name(name)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) base += c;
        else if (!base.empty() && base.back() != '-') base += '-';
    }
    while (!base.empty() && base.back() == '-') base.pop_back();
    if (base.size() > 40) base.resize(40);
    while (!base.empty() && base.back() == '-') base.pop_back();
    if (base.empty()) base = "member";
    auto id = base;
    for (int n = 2; taken.count(id) > 0; ++n) id = base + "-" + std::to_string(n);
    return id;
}

// Whether a roster row's name or one of its aliases (one to a line) is `wanted` (comparable_name).
bool answers_to(pugi::xml_node row, const std::string& wanted) {
    if (comparable_name(text_of(row, "name")) == wanted) return true;
    const std::string aliases = row.child("aliases").text().get();
    for (std::size_t start = 0; start <= aliases.size();) {
        const auto end = std::min(aliases.find('\n', start), aliases.size());
        if (comparable_name(aliases.substr(start, end - start)) == wanted) return true;
        start = end + 1;
    }
    return false;
}

struct FileMember {
    pugi::xml_node node;
    std::string id;
    std::string name;
    std::string role;
    std::string from;
    std::string to;
};

sdk::ImportBatch membership_batch(const sdk::ImportRequest& request) {
    MgDocument file;
    read_moderngov(request, "committee membership", {"committee", "committeemembers", "getcommittee"}, file);
    auto committee = file.document.document_element();
    if (std::string_view(committee.name()) != "committee" && committee.child("committee")) committee = committee.child("committee");
    MgNotes notes{file.text, {}};
    const auto committee_id = notes.value(committee, "committeeid", "system-id");
    const auto title = notes.value(committee, "committeetitle", "name");
    const auto as_at = file_date(notes, committee, "membershipdate", "members");
    const std::string committee_named =
        (committee_id.empty() ? std::string("the committee") : "the committee " + committee_id) +
        (title.empty() ? std::string() : " ('" + title + "')");

    // The members the file lists, wherever the committee keeps them.
    std::vector<FileMember> listed;
    for (auto list : {committee.child("committeemembers"), committee.child("members")})
        for (auto node : list.children())
            if (node.type() == pugi::node_element && (std::string_view(node.name()) == "member" ||
                                                      std::string_view(node.name()) == "committeemember" ||
                                                      std::string_view(node.name()) == "councillor")) {
                FileMember member{node, {}, {}, {}, {}, {}};
                member.id = first_value(notes, node, {"memberid", "councillorid", "userid"}, "members");
                member.name = first_value(notes, node, {"fullusername", "name", "membername"}, "members");
                member.role = first_value(notes, node, {"roledescription", "role", "committeerole"}, "members");
                member.from = file_date(notes, node, node.child("startdate") || node.attribute("startdate") ? "startdate" : "fromdate", "members");
                member.to = file_date(notes, node, node.child("enddate") || node.attribute("enddate") ? "enddate" : "todate", "members");
                listed.push_back(std::move(member));
            }
    const std::string source = file.source;
    if (listed.empty())
        throw std::invalid_argument(source + ": the file lists no members of " + committee_named +
                                    ": nothing is changed (a roster is never emptied by an import)");

    // The body: the one the person names, else the one whose system-id is the committee's.
    std::optional<StoredMatch> body;
    if (const auto named = request.option("body"); !named.empty()) {
        body = named_body(request, named);
    } else {
        if (committee_id.empty())
            throw std::invalid_argument(source + ": the file gives no committeeid, so its body cannot be found: name it with --body");
        body = stored_by_system_id(request.records, body_form, committee_id);
        if (!body)
            throw std::invalid_argument(source + ": no body held has the committee id " + committee_id +
                                        (title.empty() ? std::string() : " ('" + title + "')") +
                                        " as its id in the committee system: import the committees first "
                                        "(format moderngov-committees), or name the body with --body");
    }
    const auto stored = body->instance.document_element();
    const auto body_name = text_of(stored, "name");

    pugi::xml_document out;
    auto root = out.append_child(body_form);
    const auto stored_system_id = text_of(stored, "system-id");
    if (!committee_id.empty() && stored_system_id != committee_id) {
        if (stored_system_id.empty()) {
            add_text(root, "system-id", committee_id);
        } else {
            notes.note(Severity::warning, committee.child("committeeid"), "system-id",
                       "the body " + body_name + " has the committee id " + stored_system_id + ", not the file's " +
                           committee_id + ": check that this is its membership");
        }
    }
    auto members = root.append_child("members");
    std::vector<pugi::xml_node> rows;  // the stored rows, copied, then those added
    std::set<std::string> person_ids;
    for (auto row : stored.child("members").children("row")) {
        // A row with nothing in it (a new body's first, empty row) is no member.
        bool blank = true;
        for (auto column : row.children()) blank = blank && sdk::trim_spaces(column.text().get()).empty();
        if (blank) continue;
        rows.push_back(members.append_copy(row));
        person_ids.insert(text_of(row, "person-id"));
    }
    const std::size_t stored_count = rows.size();
    std::vector<bool> in_file(stored_count, false);
    const auto path = [&](std::size_t index) { return "members/row[" + std::to_string(index + 1) + "]"; };

    std::set<std::string> ids_seen;
    for (const auto& member : listed) {
        const std::string who = (member.name.empty() ? std::string("a member") : "'" + member.name + "'") +
                                (member.id.empty() ? std::string() : " (memberid " + member.id + ")");
        if (!member.id.empty() && !ids_seen.insert(member.id).second) {
            notes.note(Severity::warning, member.node, "members", who + " is listed twice: the second is left out");
            continue;
        }
        // The roster's row: by the committee system's id, then by name or alias among the rows
        // that have no id of their own yet.
        std::optional<std::size_t> match;
        if (!member.id.empty())
            for (std::size_t i = 0; i < rows.size() && !match; ++i)
                if (text_of(rows[i], "system-id") == member.id) match = i;
        if (!match) {
            const auto wanted = comparable_name(member.name);
            std::vector<std::size_t> named;
            for (std::size_t i = 0; i < rows.size() && !wanted.empty(); ++i) {
                if (!text_of(rows[i], "system-id").empty()) continue;
                if (answers_to(rows[i], wanted)) named.push_back(i);
            }
            if (named.size() > 1) {
                notes.note(Severity::warning, member.node, path(named.front()),
                           who + " answers to " + std::to_string(named.size()) +
                               " members of the roster: it is left out; give the right one the id " +
                               (member.id.empty() ? std::string("in the committee system") : member.id) + ", then import again");
                continue;
            }
            if (named.size() == 1) match = named.front();
        }
        const auto role = member.role.empty() ? ReadCode{} : role_of(member.role);
        if (match) {
            auto row = rows[*match];
            if (*match < stored_count) in_file[*match] = true;
            if (!member.id.empty() && text_of(row, "system-id").empty()) set_cell(row, "system-id", member.id);
            // A spelling the roster does not have yet becomes an alias; the roster's name stays.
            const auto spelled = comparable_name(member.name);
            if (!spelled.empty() && !answers_to(row, spelled)) {
                const std::string aliases = row.child("aliases").text().get();
                set_cell(row, "aliases", aliases.empty() ? member.name : aliases + "\n" + member.name);
            }
            if (!role.code.empty() && role.code != text_of(row, "role")) {
                set_cell(row, "role", role.code);
                if (role.guessed)
                    notes.note(Severity::warning, member.node, path(*match) + "/role",
                               "the role '" + member.role + "' is read as " + role_label(role.code) + ": check it");
            }
            if (!member.from.empty()) set_cell(row, "term-start", member.from);
            if (!member.to.empty()) set_cell(row, "term-end", member.to);
            const auto ended = text_of(row, "term-end");
            if (member.to.empty() && !ended.empty() && !as_at.empty() && ended < as_at)
                notes.note(Severity::warning, member.node, path(*match) + "/term-end",
                           text_of(row, "name") + " is listed as a member on " + as_at + ", but the roster's term ended on " +
                               ended + ": check it");
            continue;
        }
        // Someone new: a row of their own, with every column of the roster.
        auto row = members.append_child("row");
        const auto person_id = person_id_for(member.name, person_ids);
        person_ids.insert(person_id);
        for (const char* column : member_columns) row.append_child(column);
        set_cell(row, "person-id", person_id);
        set_cell(row, "name", member.name);
        set_cell(row, "system-id", member.id);
        set_cell(row, "role", role.code.empty() ? "member" : role.code);
        set_cell(row, "term-start", member.from);
        set_cell(row, "term-end", member.to);
        rows.push_back(row);
        if (member.name.empty())
            notes.note(Severity::warning, member.node, path(rows.size() - 1) + "/name", who + " has no name: enter it");
        if (member.role.empty())
            notes.note(Severity::warning, member.node, path(rows.size() - 1) + "/role",
                       "no role is given for " + who + ": Member; check it");
        else if (role.guessed)
            notes.note(Severity::warning, member.node, path(rows.size() - 1) + "/role",
                       "the role '" + member.role + "' is read as " + role_label(role.code) + ": check it");
    }

    // Whoever the roster has and the file does not: kept, never deleted; their term ends the day
    // before the date the file's membership is as at, when it gives one.
    const auto ends = as_at.empty() ? std::string() : day_before(as_at);
    for (std::size_t i = 0; i < stored_count; ++i) {
        if (in_file[i] || !text_of(rows[i], "term-end").empty()) continue;
        const auto name = text_of(rows[i], "name");
        if (ends.empty()) {
            notes.note(Severity::warning, committee, path(i) + "/term-end",
                       name + " is on the roster but not in the file's membership, which gives no membershipdate: kept, "
                              "with their term open; enter the date it ended");
        } else if (const auto started = text_of(rows[i], "term-start"); !started.empty() && started > ends) {
            continue;  // not yet begun: the file could not list them
        } else {
            set_cell(rows[i], "term-end", ends);
            notes.note(Severity::warning, committee.child("membershipdate") ? committee.child("membershipdate") : committee,
                       path(i) + "/term-end",
                       name + " is not in the membership of " + as_at + ": kept on the roster, with their term ended on " + ends);
        }
    }

    sdk::ImportBatch batch;
    sdk::ImportedRecord record;
    record.form_id = body_form;
    record.updates = body->id;
    record.label = (body_name.empty() ? std::string("Body ") + body->id : body_name) + ": membership" +
                   (committee_id.empty() ? std::string() : " (ModernGov committee " + committee_id + ")");
    record.instance_xml = printed(root);
    record.notes = std::move(notes.notes);
    batch.records.push_back(std::move(record));
    return batch;
}

// ---------------------------------------------------------------------------------------------
// moderngov-meetings: GetMeetings, a committee's meetings in a range of dates.

sdk::ImportBatch meetings_batch(const sdk::ImportRequest& request) {
    MgDocument file;
    read_moderngov(request, "GetMeetings", {"getmeetings"}, file);
    const auto root = file.document.document_element();
    MgNotes whole{file.text, {}};
    sdk::ImportBatch batch;

    std::optional<StoredMatch> named;
    if (const auto id = request.option("body"); !id.empty()) {
        named = named_body(request, id);
        if (std::distance(root.children("committee").begin(), root.children("committee").end()) > 1)
            throw std::invalid_argument(file.source + ": --body names one body, but the file holds the meetings of several "
                                                      "committees: import the committees and give each body its id instead");
    }
    std::set<std::string> seen;
    for (auto committee : root.children("committee")) {
        const auto committee_id = whole.value(committee, "committeeid", "body");
        const auto title = whole.value(committee, "committeetitle", "body-name");
        std::optional<StoredMatch> found;
        const StoredMatch* body = nullptr;
        if (named) {
            body = &*named;
        } else {
            bool ambiguous = false;
            found = find_stored(request, body_form, committee_id, whole, committee, "body", ambiguous);
            if (ambiguous) continue;
            if (found) body = &*found;
            else
                whole.note(Severity::warning, committee, "body",
                           "no body held has the committee id " + committee_id + (title.empty() ? "" : " ('" + title + "')") +
                               " as its id in the committee system: its meetings are made without a body or roster; "
                               "import the committees and their membership first (formats moderngov-committees, "
                               "moderngov-membership)");
        }
        const auto body_node = body ? body->instance.document_element() : pugi::xml_node();
        const auto body_name = body ? text_of(body_node, "name") : title;

        for (auto listed : committee.child("committeemeetings").children("meeting")) {
            MgNotes notes{file.text, {}};
            const auto id = notes.value(listed, "meetingid", "system-id");
            if (id.empty()) {
                whole.note(Severity::warning, listed, "system-id",
                           "a meeting with no meetingid is left out: it could never be matched again");
                continue;
            }
            if (!seen.insert(id).second) {
                whole.note(Severity::warning, listed, "system-id", "the meeting " + id + " is listed twice: the second is left out");
                continue;
            }
            std::string date;
            if (const auto published = notes.value(listed, "meetingdate", "date"); !published.empty()) {
                date = iso_date(published);
                if (date.empty())
                    notes.note(Severity::error, listed.child("meetingdate"), "date",
                               "the meetingdate '" + published + "' is not a date (dd/mm/yyyy): enter the date");
            } else {
                notes.note(Severity::error, listed, "date", "the file gives no meetingdate: enter the date");
            }
            const auto time = notes.value(listed, "meetingtime", "time");
            const auto venue = notes.value(listed, "meetinglocation", "venue");
            const auto status = notes.value(listed, "meetingstatus", "system-id");
            bool ambiguous = false;
            const auto stored = find_stored(request, meeting_form, id, whole, listed, "system-id", ambiguous);
            if (ambiguous) continue;
            const auto label_name = stored ? text_of(stored->instance.document_element(), "body-name") : body_name;
            const auto label_date = date.empty() && stored ? text_of(stored->instance.document_element(), "date") : date;
            const auto label = (label_name.empty() ? std::string("Meeting") : label_name) +
                               (label_date.empty() ? "" : " " + label_date) + " (ModernGov meeting " + id + ")";
            if (as_words(status).rfind("cancelled", 0) == 0) {
                whole.note(Severity::warning, listed, "system-id",
                           label + " is cancelled in ModernGov: " +
                               (stored ? "the record held for it (" + stored->id +
                                             ") is left as it is; withdraw it if the meeting did not take place"
                                       : std::string("no record is made for it")));
                continue;
            }

            sdk::ImportedRecord record;
            record.form_id = meeting_form;
            record.label = label;
            pugi::xml_document out;
            auto meeting = out.append_child(meeting_form);
            if (stored) {
                // Only what the list gives: when and where. Who attended is the meeting's own.
                record.updates = stored->id;
                if (!date.empty()) add_text(meeting, "date", date);
                if (!time.empty()) add_text(meeting, "time", time);
                if (!venue.empty()) add_text(meeting, "venue", venue);
            } else {
                add_text(meeting, "body", body ? body->id : std::string());
                add_text(meeting, "body-name", body_name);
                add_text(meeting, "date", date);
                add_text(meeting, "time", time);
                add_text(meeting, "venue", venue);
                add_text(meeting, "system-id", id);
                if (body && !date.empty()) {
                    expected_attendance(meeting, body_node, date);
                } else if (body) {
                    notes.note(Severity::warning, listed, "attendance",
                               "with no date, the roster of " + body_name + " cannot be read for this meeting: choose the body again once the date is in");
                }
            }
            record.instance_xml = printed(meeting);
            record.notes = std::move(notes.notes);
            batch.records.push_back(std::move(record));
        }
    }
    if (batch.records.empty() && whole.notes.empty()) whole.note(Severity::warning, root, "", "the file lists no meetings");
    batch.notes = std::move(whole.notes);
    return batch;
}

}  // namespace

std::vector<sdk::ImportFormat> moderngov_formats() {
    return {{"moderngov", meeting_form,
             "a meeting's attendees as a ModernGov committee system publishes them (GetMeeting XML); importing it again "
             "updates the meeting"},
            {"moderngov-committees", body_form,
             "a body for each committee of a ModernGov committee system (GetCommittees XML); bodies held are renamed, "
             "never emptied"},
            {"moderngov-membership", body_form,
             "a ModernGov committee's members, merged into its body's roster (found by the committee id, or --body); "
             "no member is ever deleted"},
            {"moderngov-meetings", meeting_form,
             "a ModernGov committee's meetings in a range of dates (GetMeetings XML), each with its body's roster "
             "expected; meetings held get only their date, time and venue"}};
}

sdk::ImportBatch import_moderngov_records(const sdk::ImportRequest& request) {
    if (request.format == "moderngov") return meeting_batch(request);
    if (request.format == "moderngov-committees") return committees_batch(request);
    if (request.format == "moderngov-membership") return membership_batch(request);
    if (request.format == "moderngov-meetings") return meetings_batch(request);
    throw std::invalid_argument("the attendance plugin reads no format '" + request.format + "'");
}

sdk::ImportResult import_moderngov_text(const sdk::ImportRequest& request) {
    if (request.format == "moderngov") return import_moderngov(request);
    auto batch = import_moderngov_records(request);
    if (batch.records.size() != 1 || !batch.records.front().updates.empty())
        throw std::invalid_argument("a " + request.format + " file gives " + std::to_string(batch.records.size()) +
                                    " records, new and held: import it as records (formwork-cli import --format " +
                                    request.format + " FILE), not into one record");
    auto& only = batch.records.front();
    auto notes = std::move(batch.notes);
    notes.insert(notes.end(), only.notes.begin(), only.notes.end());
    return {std::move(only.instance_xml), std::move(notes)};
}

}  // namespace formwork::plugins::attendance
