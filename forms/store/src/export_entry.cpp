#include <formwork/store/export_entry.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace formwork::forms {

namespace {

constexpr const char* prefix = "export/";

std::string joined(const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) text += (text.empty() ? "" : " ") + id;
    return text;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> ids;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) ids.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return ids;
}

}  // namespace

std::vector<FieldChange> export_changes(const ExportFacts& facts) {
    std::vector<FieldChange> changes{
        {"export/format", "", facts.format},
        {"export/scope", "", facts.scope},
        {"export/file", "", facts.file},
        {"export/sha256", "", facts.sha256},
        {"export/bytes", "", std::to_string(facts.bytes)},
    };
    if (facts.serial != 0) changes.push_back({"export/serial", "", std::to_string(facts.serial)});
    if (!facts.audit_head.empty()) changes.push_back({"export/audit-head", "", facts.audit_head});
    changes.push_back({"export/records", "", joined(facts.record_ids)});
    return changes;
}

std::optional<ExportFacts> parse_export_changes(const std::vector<FieldChange>& changes) {
    ExportFacts facts;
    bool any = false;
    for (const auto& change : changes) {
        if (change.path.rfind(prefix, 0) != 0) continue;
        any = true;
        const auto name = change.path.substr(std::strlen(prefix));
        const auto& value = change.new_value;
        try {
            if (name == "format") facts.format = value;
            else if (name == "scope") facts.scope = value;
            else if (name == "file") facts.file = value;
            else if (name == "sha256") facts.sha256 = value;
            else if (name == "bytes") facts.bytes = std::stoull(value);
            else if (name == "serial") facts.serial = std::stol(value);
            else if (name == "audit-head") facts.audit_head = value;
            else if (name == "records") facts.record_ids = split(value);
        } catch (const std::exception&) {
            return std::nullopt;  // a number that is not one: not an entry this program wrote
        }
    }
    if (!any || facts.sha256.empty()) return std::nullopt;
    return facts;
}

std::optional<ExportEntry> export_entry_from(const AuditEntry& entry) {
    if (entry.action != export_action) return std::nullopt;
    auto facts = parse_export_changes(entry.changes);
    if (!facts) return std::nullopt;
    return ExportEntry{entry.sequence, entry.at, entry.by, std::move(*facts)};
}

FileDigest digest_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string() + ": " + std::strerror(errno));
    Sha256Stream sha;
    FileDigest digest;
    std::string block(1 << 16, '\0');
    while (in) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        sha.add(std::string_view(block.data(), got));
        digest.bytes += got;
    }
    if (in.bad()) throw std::runtime_error("cannot read " + path.string() + ": a read failed part-way");
    digest.sha256 = sha.hex();
    return digest;
}

}  // namespace formwork::forms
