// The sign-off table as officers copy it out of a Word report, read line by line into the
// rows of the approval-trail form's sign-offs table. What could not be read as it stands is
// kept as written and noted on its row, never guessed.
#include "word_trail.hpp"

#include <formwork/sdk/uk_date.hpp>

#include <formwork/sdk/xml_text.hpp>

#include <pugixml.hpp>

#include <array>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace formwork::plugins::approvals {

namespace {

using sdk::Finding;
using sdk::ImportNote;

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && lower(text.substr(0, prefix.size())) == lower(prefix);
}

bool contains_ci(std::string_view text, std::string_view part) {
    return lower(text).find(lower(part)) != std::string::npos;
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_letter(c) || (c >= '0' && c <= '9'); }

// The text without the simple HTML tags a conversion leaves (<b>, </b>, <p>, <a href="...">,
// <br/>), and with the entities such text uses for &, <, >, quotes and the non-breaking space.
// A < that starts no tag ("a < b") stays.
std::string without_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '<') {
            std::size_t at = i + 1;
            if (at < text.size() && text[at] == '/') ++at;
            if (at < text.size() && is_letter(text[at])) {
                while (at < text.size() && is_alnum(text[at])) ++at;
                if (at < text.size() && (text[at] == ' ' || text[at] == '/' || text[at] == '>')) {
                    const auto close = text.find('>', at);
                    const auto reopen = text.find('<', at);
                    if (close != std::string_view::npos && (reopen == std::string_view::npos || reopen > close)) {
                        i = close + 1;
                        continue;
                    }
                }
            }
        } else if (c == '&') {
            static const std::array<std::pair<std::string_view, std::string_view>, 7> entities{{
                {"&amp;", "&"},
                {"&lt;", "<"},
                {"&gt;", ">"},
                {"&quot;", "\""},
                {"&apos;", "'"},
                {"&#39;", "'"},
                {"&nbsp;", "\xC2\xA0"},
            }};
            bool replaced = false;
            for (const auto& [entity, character] : entities) {
                if (text.substr(i, entity.size()) == entity) {
                    out += character;
                    i += entity.size();
                    replaced = true;
                    break;
                }
            }
            if (replaced) continue;
        }
        out += c;
        ++i;
    }
    return out;
}

// The lines of the text, split on \n, \r\n or a lone \r.
std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '\r') {
            lines.push_back(text.substr(start, i - start));
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            start = i + 1;
        }
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

std::vector<std::string> cells_of(std::string_view line) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    while (true) {
        const auto tab = line.find('\t', start);
        const auto cell = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
        cells.push_back(sdk::trim_spaces(without_html(cell)));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    return cells;
}

std::size_t filled(const std::vector<std::string>& cells) {
    std::size_t count = 0;
    for (const auto& cell : cells)
        if (!cell.empty()) ++count;
    return count;
}

bool is_header(const std::vector<std::string>& cells) {
    std::string first;
    for (char c : lower(cells.front()))
        if (c != ' ') first += c;
    return first.rfind("contributor/", 0) == 0;
}

enum class Divider { none, contributors, approvers };

Divider divider_of(const std::vector<std::string>& cells) {
    const auto& first = cells.front();
    if (starts_with_ci(first, "contributors:") || lower(first) == "contributors") return Divider::contributors;
    if (starts_with_ci(first, "names of approvers") || starts_with_ci(first, "approvers:") ||
        lower(first) == "approvers")
        return Divider::approvers;
    return Divider::none;
}

std::string role_label(std::string_view role) {
    if (role == "finance") return "Finance";
    if (role == "legal") return "Legal";
    if (role == "director") return "Director";
    if (role == "members") return "Members";
    return std::string(role);
}

// The role a prefix gives ("Finance: Phil Helm"), and the name without it.
std::string take_role_prefix(std::string& name) {
    static const std::array<std::pair<std::string_view, std::string_view>, 5> prefixes{{
        {"finance:", "finance"},
        {"legal:", "legal"},
        {"director:", "director"},
        {"members:", "members"},
        {"member:", "members"},
    }};
    for (const auto& [prefix, role] : prefixes) {
        if (starts_with_ci(name, prefix)) {
            name = sdk::trim_spaces(std::string_view(name).substr(prefix.size()));
            return std::string(role);
        }
    }
    return {};
}

struct Inference {
    std::string role;
    std::string from;  // "the title 'Finance Manager'" or "the name 'Councillor L Bigham'"
};

Inference infer(std::string_view name, std::string_view title) {
    const auto quoted = [](std::string_view what, std::string_view text) {
        return std::string(what) + " '" + std::string(text) + "'";
    };
    if (contains_ci(title, "Councillor") || contains_ci(title, "Cabinet Member"))
        return {"members", quoted("the title", title)};
    if (contains_ci(name, "Councillor")) return {"members", quoted("the name", name)};
    for (const auto* part : {"Head of Finance", "Finance Manager", "Section 151 Officer", "Chief Financial Officer"})
        if (contains_ci(title, part)) return {"finance", quoted("the title", title)};
    for (const auto* part : {"Chief Legal Officer", "Solicitor", "Legal Services"})
        if (contains_ci(title, part)) return {"legal", quoted("the title", title)};
    for (const auto* part : {"Director", "Chief Executive"})
        if (contains_ci(title, part)) return {"director", quoted("the title", title)};
    return {};
}

std::string row_path(std::size_t row) { return "sign-offs/row[" + std::to_string(row) + "]"; }

void note(WordTrailReading& reading, Finding::Severity severity, int line, std::string field, std::string message) {
    reading.notes.push_back(ImportNote{severity, line, std::move(field), std::move(message)});
}

// Reads a date cell into the row: the ISO date, or the text as written and a note saying why.
void read_date(WordTrailReading& reading, int line, std::size_t row, const std::string& cell, std::string& iso,
               std::string& as_written, std::string_view field, std::string_view what) {
    const auto date = sdk::read_uk_date(cell);
    if (date.problem.empty()) {
        iso = date.iso;
        return;
    }
    as_written = cell;
    note(reading, Finding::Severity::warning, line, row_path(row) + "/" + std::string(field),
         "the " + std::string(what) + " '" + cell + "' could not be read: " + date.problem +
             ". It is kept as written: enter the date");
}

}  // namespace

std::string infer_role(std::string_view name, std::string_view title) { return infer(name, title).role; }

WordTrailReading read_word_trail(std::string_view text, const std::string& source) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte order mark
    const auto lines = lines_of(text);

    // Everything before the header line, when there is one, is the rest of the report.
    std::size_t first = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (is_header(cells_of(lines[i]))) {
            first = i;
            break;
        }
    }

    WordTrailReading reading;
    Divider section = Divider::none;
    bool full_row_seen = false;  // a row with all five columns
    for (std::size_t i = first; i < lines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        std::size_t dropped = 0;
        const auto safe = sdk::xml_safe(lines[i], dropped);
        const auto cells = cells_of(safe);
        const auto count = filled(cells);
        if (count == 0 || is_header(cells)) continue;
        if (starts_with_ci(cells.front(), "This report is published")) break;
        if (const auto divider = divider_of(cells); divider != Divider::none) {
            section = divider;
            continue;
        }
        if (count < 2 && cells.size() < 5) {
            if (reading.rows.empty()) continue;  // text before the table
            break;                               // text after it
        }

        TrailRow row;
        row.line = line;
        const std::size_t number = reading.rows.size() + 1;
        const auto path = row_path(number);
        const auto cell = [&](std::size_t at) { return at < cells.size() ? cells[at] : std::string(); };
        row.name = cell(0);
        row.title = cell(1);
        row.service_area = cell(2);
        if (cells.size() >= 5) full_row_seen = true;

        if (dropped > 0)
            note(reading, Finding::Severity::warning, line, path,
                 std::to_string(dropped) + " character" + (dropped == 1 ? "" : "s") +
                     " that a record cannot hold (control characters or bytes that are not UTF-8) were left out of the line");
        if (cells.size() < 5)
            note(reading, Finding::Severity::warning, line, path,
                 "the line has " + std::to_string(cells.size()) +
                     " columns where 5 were expected (name, title, service area, date sent out, date received): check the row");
        for (std::size_t extra = 5; extra < cells.size(); ++extra)
            if (!cells[extra].empty())
                note(reading, Finding::Severity::error, line, path,
                     "column " + std::to_string(extra + 1) + " ('" + cells[extra] +
                         "') is beyond the five of the table and was left out: put it in its column");

        std::string prefixed = section == Divider::contributors ? std::string() : take_role_prefix(row.name);
        if (section == Divider::contributors) {
            row.role = "contributor";
        } else if (section == Divider::none && prefixed.empty()) {
            row.role = "contributor";
            note(reading, Finding::Severity::warning, line, path + "/role",
                 "no Contributors: or approvers line before this row; taken as a contributor");
        } else if (!prefixed.empty()) {
            row.role = prefixed;
            if (section == Divider::none)
                note(reading, Finding::Severity::warning, line, path + "/role",
                     "no Contributors: or approvers line before this row; taken as an approver (" +
                         role_label(prefixed) + ") from its prefix");
        } else {
            const auto inferred = infer(row.name, row.title);
            if (!inferred.role.empty()) {
                row.role = inferred.role;
                row.role_inferred = true;
                note(reading, Finding::Severity::warning, line, path + "/role",
                     "role " + role_label(inferred.role) + " inferred from " + inferred.from + ": check it");
            } else {
                note(reading, Finding::Severity::warning, line, path + "/role",
                     row.title.empty()
                         ? "no role given, and no title to infer one from: choose one"
                         : "no role given and none could be inferred from '" + row.title + "': choose one");
            }
        }

        read_date(reading, line, number, cell(3), row.sent, row.sent_as_written, "sent", "date sent out");
        read_date(reading, line, number, cell(4), row.received, row.received_as_written, "received",
                  "date received");
        reading.rows.push_back(std::move(row));
    }

    if (!full_row_seen)
        throw std::invalid_argument(source +
                                    ": no sign-off table: expected tab-separated lines of name, title, service area, "
                                    "date sent out and date received, as copied from the report");
    return reading;
}

std::string trail_instance_xml(const WordTrailReading& reading) {
    pugi::xml_document document;
    auto sign_offs = document.append_child("approval-trail").append_child("sign-offs");
    for (const auto& row : reading.rows) {
        auto element = sign_offs.append_child("row");
        const auto add = [&](const char* name, const std::string& value) {
            auto child = element.append_child(name);
            std::size_t dropped = 0;
            const auto safe = sdk::xml_safe(value, dropped);  // read_word_trail has noted any already
            if (!safe.empty()) child.text().set(safe.c_str());
        };
        add("name", row.name);
        add("title", row.title);
        add("service-area", row.service_area);
        add("role", row.role);
        add("role-inferred", row.role_inferred ? "true" : "false");
        add("sent", row.sent);
        add("received", row.received);
        add("sent-as-written", row.sent_as_written);
        add("received-as-written", row.received_as_written);
    }
    std::ostringstream out;
    document.document_element().print(out, "", pugi::format_raw);
    return out.str();
}

}  // namespace formwork::plugins::approvals
