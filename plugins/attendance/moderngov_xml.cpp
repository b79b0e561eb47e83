#include "moderngov_xml.hpp"

#include <formwork/sdk/xml_chars.hpp>
#include <formwork/sdk/xml_text.hpp>

#include <algorithm>
#include <array>
#include <sstream>
#include <stdexcept>

namespace formwork::plugins::attendance {

namespace {

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where a <!DOCTYPE declaration starts, outside comments, CDATA sections and processing
// instructions, or npos.
std::size_t doctype_at(std::string_view text) {
    std::size_t i = 0;
    while ((i = text.find('<', i)) != std::string_view::npos) {
        const auto rest = text.substr(i);
        const auto skip_to = [&](std::string_view end) {
            const auto found = text.find(end, i + 1);
            return found == std::string_view::npos ? text.size() : found + end.size();
        };
        if (rest.substr(0, 4) == "<!--") i = skip_to("-->");
        else if (rest.substr(0, 9) == "<![CDATA[") i = skip_to("]]>");
        else if (rest.substr(0, 2) == "<?") i = skip_to("?>");
        else if (rest.substr(0, 9) == "<!DOCTYPE") return i;
        else ++i;
    }
    return std::string_view::npos;
}

}  // namespace

int line_at(std::string_view text, std::ptrdiff_t offset) {
    if (offset < 0) return 0;
    const auto end = std::min(static_cast<std::size_t>(offset), text.size());
    int line = 1;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') ++line;
        else if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) ++line;
    }
    return line;
}

void read_moderngov(const sdk::ImportRequest& request, std::string_view operation, std::initializer_list<const char*> roots,
                    MgDocument& out) {
    out.source = request.source.empty() ? std::string("the text") : request.source;
    std::string_view text = request.text;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte order mark
    out.text = text;
    const auto& source = out.source;

    // A character XML 1.0 forbids, written as it is or as a reference, refuses the whole file
    // at its place: pugixml would decode &#0; and cut the value short there (a venue 'Dia').
    if (const auto fault = sdk::xml_character_fault(text)) throw std::invalid_argument(sdk::located(*fault, source));
    if (const auto at = doctype_at(text); at != std::string_view::npos)
        throw std::invalid_argument(source + ": line " + std::to_string(line_at(text, static_cast<std::ptrdiff_t>(at))) +
                                    ": the file has a DOCTYPE, which a " + std::string(operation) +
                                    " file never has: refused");
    const auto parsed = out.document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
        throw std::invalid_argument(source + ": not XML: " + parsed.description() + " at offset " +
                                    std::to_string(parsed.offset) + " (line " + std::to_string(line_at(text, parsed.offset)) +
                                    ")");
    const std::string root = out.document.document_element().name();
    std::string expected;
    for (const char* name : roots) {
        if (root == name) return;
        expected += (expected.empty() ? "<" : " or <") + std::string(name) + ">";
    }
    throw std::invalid_argument(source + ": the root element is <" + root + ">, where a " + std::string(operation) +
                                " file has " + expected);
}

std::string iso_date(std::string_view text) {
    std::array<int, 3> parts{};
    std::array<std::size_t, 3> digits{};
    std::size_t part = 0;
    for (char c : text) {
        if (c == '/') {
            if (++part > 2) return {};
        } else if (c >= '0' && c <= '9') {
            if (++digits[part] > 4) return {};
            parts[part] = parts[part] * 10 + (c - '0');
        } else {
            return {};
        }
    }
    if (part != 2 || digits[0] < 1 || digits[0] > 2 || digits[1] < 1 || digits[1] > 2 || digits[2] != 4) return {};
    const int day = parts[0];
    const int month = parts[1];
    const int year = parts[2];
    if (month < 1 || month > 12 || day < 1 || year < 1) return {};
    static constexpr std::array<int, 12> month_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int days = month_days[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
    if (day > days) return {};
    const auto two = [](int value) { return std::string(value < 10 ? "0" : "") + std::to_string(value); };
    return std::to_string(year) + "-" + two(month) + "-" + two(day);
}

std::string as_words(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        const bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          static_cast<unsigned char>(c) >= 0x80;
        if (!kept || is_space_byte(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

void MgNotes::note(sdk::Finding::Severity severity, pugi::xml_node node, std::string field, std::string message) {
    notes.push_back(sdk::ImportNote{severity, node ? line_at(text, node.offset_debug()) : 0, std::move(field), std::move(message)});
}

std::string MgNotes::clean(std::string_view value, pugi::xml_node node, const std::string& field) {
    std::size_t dropped = 0;
    auto safe = sdk::xml_safe(value, dropped);
    if (dropped > 0)
        note(sdk::Finding::Severity::warning, node, field,
             std::to_string(dropped) + " character" + (dropped == 1 ? "" : "s") +
                 " that a record cannot hold (control characters or bytes that are not UTF-8) " +
                 (dropped == 1 ? "was" : "were") + " left out");
    return sdk::trim_spaces(safe);
}

std::string MgNotes::value(pugi::xml_node node, const char* name, const std::string& field) {
    if (const auto child = node.child(name)) return clean(child.text().get(), child, field);
    if (const auto attribute = node.attribute(name)) return clean(attribute.value(), node, field);
    return {};
}

std::optional<StoredMatch> stored_by_system_id(const sdk::RecordQuery* records, const std::string& form_id,
                                               const std::string& system_id) {
    if (records == nullptr || system_id.empty()) return std::nullopt;
    std::optional<StoredMatch> found;
    std::vector<std::string> all;
    for (const auto& summary : records->records_of_form(form_id)) {
        const auto xml = records->instance_xml(summary.id);
        if (!xml) continue;
        pugi::xml_document document;
        if (!document.load_buffer(xml->data(), xml->size(), pugi::parse_default, pugi::encoding_utf8)) continue;
        if (sdk::trim_spaces(document.document_element().child("system-id").text().get()) != system_id) continue;
        all.push_back(summary.id + (summary.title.empty() ? std::string() : " ('" + summary.title + "')"));
        if (!found) found = StoredMatch{summary.id, std::move(document)};
    }
    if (all.size() > 1) {
        std::string named;
        for (const auto& one : all) named += (named.empty() ? "" : ", ") + one;
        throw std::invalid_argument("more than one " + form_id + " record has the committee system's id " + system_id +
                                    ": " + named + "; give each its own id, then import again");
    }
    return found;
}

std::string printed(pugi::xml_node element) {
    std::ostringstream out;
    element.print(out, "", pugi::format_raw);
    return out.str();
}

}  // namespace formwork::plugins::attendance
