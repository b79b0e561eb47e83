#include <formwork/store/audit_log.hpp>

#include <formwork/model/instance_paths.hpp>

#include <openssl/evp.h>

#include <map>
#include <memory>
#include <stdexcept>

namespace formwork::forms {

namespace {

std::string escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
    return out;
}

std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char next = text[++i];
        out += next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next;
    }
    return out;
}

// Every leaf value of an instance by field path, in document order.
void flatten(const std::vector<Node>& items, pugi::xml_node parent, const std::string& path,
             std::map<std::string, std::string>& out) {
    for_each_element(items, [&](const Node& item) {
        const auto element = parent.child(item.id.c_str());
        if (!element) return;
        const auto item_path = join_path(path, item.id);
        if (item.kind == NodeKind::group) {
            flatten(item.children, element, item_path, out);
        } else if (item.kind == NodeKind::table) {
            std::size_t index = 0;
            for (auto row : element.children("row")) {
                ++index;
                flatten(item.children, row,
                        item_path + (item.repeating ? "/row[" + std::to_string(index) + "]"
                                                    : "/row[@key='" + std::string(row.attribute("key").value()) + "']"),
                        out);
            }
        } else if (item.type == FieldType::person) {
            out[item_path + "/name"] = element.child("name").text().get();
            out[item_path + "/role"] = element.child("role").text().get();
        } else if (item.type == FieldType::multi_choice) {
            std::string codes;
            for (auto choice : element.children("item")) codes += (codes.empty() ? "" : " ") + std::string(choice.text().get());
            out[item_path] = codes;
        } else {
            out[item_path] = element.text().get();
        }
    });
}

}  // namespace

const std::string& genesis_digest() {
    static const std::string zeros(64, '0');
    return zeros;
}

namespace {

// Everything of the canonical text but the changes.
std::string canonical_head(const AuditEntry& entry) {
    std::string text = "formwork-audit 1\n";
    text += "sequence\t" + std::to_string(entry.sequence) + "\n";
    text += "at\t" + escape(entry.at) + "\n";
    text += "by\t" + escape(entry.by) + "\n";
    text += "record\t" + escape(entry.record_id) + "\n";
    text += "revision\t" + std::to_string(entry.revision) + "\n";
    text += "action\t" + escape(entry.action) + "\n";
    text += "previous\t" + entry.previous_digest + "\n";
    return text;
}

}  // namespace

std::string canonical_audit_text(const AuditEntry& entry) { return canonical_head(entry) + encode_changes(entry.changes); }

std::string audit_digest(const AuditEntry& entry) { return audit_digest(entry, encode_changes(entry.changes)); }

std::string audit_digest(const AuditEntry& entry, std::string_view encoded_changes) {
    // The canonical text holds the previous digest: that is the chain.
    const std::string head = canonical_head(entry);
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), head.data(), head.size()) != 1 ||
        EVP_DigestUpdate(context.get(), encoded_changes.data(), encoded_changes.size()) != 1 ||
        EVP_DigestFinal_ex(context.get(), digest, &length) != 1)
        throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

std::vector<FieldChange> diff_records(const FormDefinition& form, const Record* before, const Record& after) {
    std::map<std::string, std::string> old_values, new_values;
    if (before != nullptr) flatten(form.items, before->instance(), "", old_values);
    flatten(form.items, after.instance(), "", new_values);
    std::vector<FieldChange> changes;
    for (const auto& [path, value] : new_values) {
        const auto old = old_values.find(path);
        const std::string previous = old == old_values.end() ? std::string() : old->second;
        if (previous != value) changes.push_back({path, previous, value});
    }
    for (const auto& [path, value] : old_values)
        if (new_values.count(path) == 0 && !value.empty()) changes.push_back({path, value, {}});
    return changes;
}

std::string encode_changes(const std::vector<FieldChange>& changes) {
    std::string text;
    for (const auto& change : changes)
        text += "change\t" + escape(change.path) + "\t" + escape(change.old_value) + "\t" + escape(change.new_value) + "\n";
    return text;
}

std::vector<FieldChange> decode_changes(const std::string& text) {
    std::vector<FieldChange> changes;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        std::vector<std::string> parts;
        std::size_t from = 0;
        for (std::size_t tab; (tab = line.find('\t', from)) != std::string::npos; from = tab + 1)
            parts.push_back(line.substr(from, tab - from));
        parts.push_back(line.substr(from));
        if (parts.size() == 4 && parts[0] == "change") changes.push_back({unescape(parts[1]), unescape(parts[2]), unescape(parts[3])});
    }
    return changes;
}

bool TrailVerifier::add(const AuditEntry& entry) { return add(entry, encode_changes(entry.changes)); }

bool TrailVerifier::add(const AuditEntry& entry, std::string_view encoded_changes) {
    if (!check_.intact) return false;
    const auto fail = [&](std::string problem) {
        check_.intact = false;
        check_.first_broken = entry.sequence;
        check_.problem = std::move(problem);
        return false;
    };
    if (entry.sequence != check_.entries + 1)
        return fail("entry " + std::to_string(entry.sequence) + " follows entry " + std::to_string(check_.entries) +
                    ": an entry is missing or out of order");
    if (entry.previous_digest != check_.head_digest)
        return fail("its previous digest does not match the digest of entry " + std::to_string(check_.entries));
    if (audit_digest(entry, encoded_changes) != entry.digest)
        return fail("its digest does not match its contents: the entry was changed after it was written");
    ++check_.entries;
    check_.head_digest = entry.digest;
    return true;
}

TrailCheck check_trail(const std::vector<AuditEntry>& entries) {
    TrailVerifier verifier;
    for (const auto& entry : entries)
        if (!verifier.add(entry)) break;
    return verifier.result();
}

}  // namespace formwork::forms
