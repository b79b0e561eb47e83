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

Sha256Stream::Sha256Stream() : context_(EVP_MD_CTX_new()) {
    if (context_ == nullptr || EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(context_);
        throw std::runtime_error("OpenSSL could not start a SHA-256 digest");
    }
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(context_); }

void Sha256Stream::add(std::string_view bytes) {
    if (EVP_DigestUpdate(context_, bytes.data(), bytes.size()) != 1)
        throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
}

std::string Sha256Stream::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_, digest, &length) != 1)
        throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += digits[digest[i] >> 4];
        out += digits[digest[i] & 0xF];
    }
    return out;
}

std::string sha256_hex(std::string_view bytes) {
    Sha256Stream sha;
    sha.add(bytes);
    return sha.hex();
}

namespace {

// The fields every chain version hashes, after its version line.
std::string canonical_fields(const AuditEntry& entry) {
    std::string text = "sequence\t" + std::to_string(entry.sequence) + "\n";
    text += "at\t" + escape(entry.at) + "\n";
    text += "by\t" + escape(entry.by) + "\n";
    text += "record\t" + escape(entry.record_id) + "\n";
    text += "revision\t" + std::to_string(entry.revision) + "\n";
    text += "action\t" + escape(entry.action) + "\n";
    return text;
}

std::string canonical_head_v1(const AuditEntry& entry) {
    return "formwork-audit 1\n" + canonical_fields(entry) + "previous\t" + entry.previous_digest + "\n";
}

}  // namespace

std::string canonical_audit_text(const AuditEntry& entry) {
    // The previous digest is last, as in version 1: the canonical text holds it, and that is the chain.
    return "formwork-audit 2\n" + canonical_fields(entry) + "values\t" + entry.values_digest + "\n" + "v1\t" +
           entry.v1_digest + "\n" + "previous\t" + entry.previous_digest + "\n";
}

std::string audit_digest(const AuditEntry& entry) { return sha256_hex(canonical_audit_text(entry)); }

std::string canonical_audit_text_v1(const AuditEntry& entry) { return canonical_head_v1(entry) + encode_changes(entry.changes); }

std::string audit_digest_v1(const AuditEntry& entry, std::string_view encoded_changes) {
    std::string text = canonical_head_v1(entry);
    text += encoded_changes;
    return sha256_hex(text);
}

void migrate_v1_entry(AuditEntry& entry, std::string_view encoded_changes, const std::string& previous) {
    entry.v1_digest = entry.digest;
    entry.values_digest = sha256_hex(encoded_changes);
    entry.previous_digest = previous;
    entry.digest = audit_digest(entry);
}

std::string tombstone_text(const Tombstone& t) {
    return "formwork-tombstone 1\nentry\t" + std::to_string(t.entry) + "\nvalues\t" + t.values_digest +
           "\nerased-by\t" + std::to_string(t.erase_entry) + "\nat\t" + escape(t.at) + "\nby\t" + escape(t.by) +
           "\nreason\t" + escape(t.reason) + "\n";
}

std::optional<Tombstone> parse_tombstone(const std::string& text) {
    // Only the text tombstone_text writes: anything else, even the same fields spelt another
    // way, is not a tombstone (and its digest could not match).
    std::map<std::string, std::string> fields;
    std::size_t start = 0;
    bool first = true;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string::npos) return std::nullopt;
        const auto line = text.substr(start, end - start);
        start = end + 1;
        if (first) {
            if (line != "formwork-tombstone 1") return std::nullopt;
            first = false;
            continue;
        }
        const auto tab = line.find('\t');
        if (tab == std::string::npos) return std::nullopt;
        fields[line.substr(0, tab)] = unescape(line.substr(tab + 1));
    }
    Tombstone t;
    try {
        t.entry = std::stol(fields.at("entry"));
        t.values_digest = fields.at("values");
        t.erase_entry = std::stol(fields.at("erased-by"));
        t.at = fields.at("at");
        t.by = fields.at("by");
        t.reason = fields.at("reason");
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (tombstone_text(t) != text) return std::nullopt;
    return t;
}

std::string tombstone_digest(std::string_view tombstone, std::string_view kept_changes) {
    std::string text(tombstone);
    text += kept_changes;
    return sha256_hex(text);
}

std::string erased_change_path(long sequence) { return "erased/" + std::to_string(sequence); }

std::vector<FieldChange> erased_changes(const std::vector<FieldChange>& changes) {
    std::vector<FieldChange> kept;
    kept.reserve(changes.size());
    for (const auto& change : changes) kept.push_back({change.path, {}, {}});
    return kept;
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

TrailVerifier::TrailVerifier(std::string sought_head) : sought_(std::move(sought_head)) {
    if (!sought_.empty() && sought_ == genesis_digest()) check_.head_found = HeadFound{0, false, {}, {}};
}

bool TrailVerifier::fail(long sequence, std::string problem) {
    check_.intact = false;
    check_.first_broken = sequence;
    check_.problem = std::move(problem);
    return false;
}

bool TrailVerifier::add(const AuditEntry& entry) { return add(entry, encode_changes(entry.changes)); }

bool TrailVerifier::add(const AuditEntry& entry, std::string_view encoded_changes) {
    if (!check_.intact) return false;
    const auto sequence = entry.sequence;
    if (sequence != check_.entries + 1)
        return fail(sequence, "entry " + std::to_string(sequence) + " follows entry " + std::to_string(check_.entries) +
                                  ": an entry is missing or out of order");
    if (entry.previous_digest != check_.head_digest)
        return fail(sequence, "its previous digest does not match the digest of entry " + std::to_string(check_.entries));
    if (audit_digest(entry) != entry.digest)
        return fail(sequence, "its digest does not match its contents: the entry was changed after it was written");
    if (entry.tombstone.empty()) {
        if (sha256_hex(encoded_changes) != entry.values_digest)
            return fail(sequence, "its values do not match the digest they were written with: the entry was changed "
                                  "after it was written");
        // An entry from before the migration: its chain version 1 digest holds over the same
        // values, so nothing changed before the migration went unseen either.
        if (!entry.v1_digest.empty()) {
            AuditEntry v1 = entry;
            v1.previous_digest = last_v1_;
            if (audit_digest_v1(v1, encoded_changes) != entry.v1_digest)
                return fail(sequence, "its chain version 1 digest (from before the migration) does not match its "
                                      "contents: the entry was changed");
        }
    } else {
        const auto tombstone = parse_tombstone(entry.tombstone);
        if (!tombstone || tombstone->entry != sequence || tombstone->values_digest != entry.values_digest ||
            tombstone->erase_entry <= sequence)
            return fail(sequence, "its tombstone is not one Formwork wrote for this entry: the entry was changed "
                                  "after it was erased");
        pending_[sequence] = {tombstone->erase_entry, tombstone_digest(entry.tombstone, encoded_changes)};
        check_.erased.push_back({sequence, entry.record_id, *tombstone});
    }
    if (entry.action == "erase" && entry.tombstone.empty()) {
        // The erase entry confirms each tombstone it made, by its digest.
        for (const auto& change : decode_changes(std::string(encoded_changes))) {
            if (change.path.rfind("erased/", 0) != 0) continue;
            long erased = 0;
            try {
                erased = std::stol(change.path.substr(7));
            } catch (const std::exception&) {
                return fail(sequence, "it names an erased entry that is not a sequence number (" + change.path + ")");
            }
            const auto found = pending_.find(erased);
            if (found == pending_.end())
                return fail(erased, "entry " + std::to_string(sequence) + " erased it, but it holds no tombstone: the "
                                    "entry was changed after it was erased");
            if (found->second.erase_entry != sequence || found->second.digest != change.new_value)
                return fail(erased, "its tombstone does not match the digest erase entry " + std::to_string(sequence) +
                                        " keeps of it: the tombstone or the paths kept with it were changed");
            pending_.erase(found);
        }
    }
    if (!entry.v1_digest.empty()) last_v1_ = entry.v1_digest;
    ++check_.entries;
    check_.head_digest = entry.digest;
    if (!sought_.empty() && !check_.head_found && (entry.digest == sought_ || entry.v1_digest == sought_))
        check_.head_found = HeadFound{sequence, entry.digest != sought_, entry.at, entry.by};
    return true;
}

const TrailCheck& TrailVerifier::result() {
    // A tombstone whose erase entry was never met: the erase entry is missing, or the
    // tombstone names another.
    if (check_.intact && !pending_.empty()) {
        const auto& [erased, pending] = *pending_.begin();
        fail(erased, "its tombstone names erase entry " + std::to_string(pending.erase_entry) +
                         ", which does not confirm it: the entry was changed after it was erased");
    }
    return check_;
}

TrailCheck check_trail(const std::vector<AuditEntry>& entries) {
    TrailVerifier verifier;
    for (const auto& entry : entries)
        if (!verifier.add(entry)) break;
    return verifier.result();
}

}  // namespace formwork::forms
