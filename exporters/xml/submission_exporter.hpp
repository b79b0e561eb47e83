// The XML submission: the records of a collection in an envelope in the style of UK
// statutory returns (docs/xml-formats.md), built one record at a time with pugixml and
// streamed, then checked against the XSD generated from the forms before it is committed.
#pragma once

#include <formwork/exporters/exporter.hpp>

#include <pugixml.hpp>

#include <string>
#include <vector>

namespace formwork::exporters {

class SchemaValidator;

// A record a submission cannot hold as it is (a draft not yet valid, say), and why, field by
// field: "question: Question is required".
struct RefusedRecord {
    std::string id;
    std::string title;  // forms::record_title
    std::string form;
    std::string status;
    std::vector<std::string> problems;  // "PATH: what is wrong", PATH a field path (docs/records.md)

    // `record ID "TITLE" (FORM, STATUS): PATH: what; PATH: what`
    std::string in_words() const;
};

class SubmissionExporter final : public Exporter {
public:
    ExportResult run(const ExportDataset& dataset, const sdk::ExportOptions& options,
                     const std::filesystem::path& destination, sdk::ExportProgress& progress) override;

    // What goes into the envelope's header, gathered before any record is written.
    struct Header {
        std::string organisation_code;
        std::string organisation_name;
        long serial = 0;
        std::string created;      // UTC timestamp
        std::string audit_head;   // the audit log's head digest
    };

    // Writes the submission to any writer (tests write to memory). Returns how many
    // records it holds, and puts their ids in `written_ids` when given. Throws ExportError.
    // With `record_schema` (the submission's schema), each record is checked against it on
    // its own before it is written, and one it refuses is never written: with
    // options.skip_invalid it is left out and described in `left_out`; without, every such
    // record is named in one ExportError(invalid_records) once all have been checked.
    // Without `record_schema`, records are not checked one by one (only the validation of
    // the whole output would see them).
    static std::size_t write(const ExportDataset& dataset, const sdk::ExportOptions& options, const Header& header,
                             pugi::xml_writer& out, sdk::ExportProgress& progress,
                             std::vector<std::string>* written_ids = nullptr,
                             const SchemaValidator* record_schema = nullptr,
                             std::vector<RefusedRecord>* left_out = nullptr);

    // The header of a submission made now: the organisation from the council profile, the
    // next serial number from the store, the audit log's head digest (the log must be intact),
    // which is the head before the submission's own export entry. Refused (ExportError) from
    // a read-only database, where neither the serial number nor the entry can be written.
    static Header make_header(const ExportDataset& dataset);
};

}  // namespace formwork::exporters
