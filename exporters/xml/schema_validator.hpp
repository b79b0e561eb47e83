// libxml2's XSD validation, at the edge: the compiled schema and the streaming validation
// of a file, with RAII over libxml2's handles. Files are read with XML_PARSE_NONET and
// without entity substitution: nothing is ever fetched or expanded.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace formwork::exporters {

class SchemaValidator {
public:
    // Compiles an XSD held in memory. Throws std::runtime_error with libxml2's messages.
    explicit SchemaValidator(const std::string& xsd);
    SchemaValidator(const SchemaValidator&) = delete;
    SchemaValidator& operator=(const SchemaValidator&) = delete;
    ~SchemaValidator();

    // Validates a file as it streams past (memory stays flat whatever its size). Returns
    // each problem as "line N: message"; empty when the file is valid.
    std::vector<std::string> validate_file(const std::filesystem::path& path) const;

private:
    struct Schema;
    std::unique_ptr<Schema> schema_;
};

}  // namespace formwork::exporters
