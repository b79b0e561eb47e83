#include <formwork/store/export_entry.hpp>

#include <openssl/evp.h>

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
