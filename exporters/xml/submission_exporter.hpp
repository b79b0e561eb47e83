// The XML submission: the records of a collection in an envelope in the style of UK
// statutory returns (docs/xml-formats.md), built one record at a time with pugixml and
// streamed, then checked against the XSD generated from the forms before it is committed.
#pragma once

#include <formwork/exporters/exporter.hpp>

#include <pugixml.hpp>

namespace formwork::exporters {

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
    static std::size_t write(const ExportDataset& dataset, const sdk::ExportOptions& options, const Header& header,
                             pugi::xml_writer& out, sdk::ExportProgress& progress,
                             std::vector<std::string>* written_ids = nullptr);

    // The header of a submission made now: the organisation from the council profile, the
    // next serial number from the store, the audit log's head digest (the log must be intact),
    // which is the head before the submission's own export entry. Refused (ExportError) from
    // a read-only database, where neither the serial number nor the entry can be written.
    static Header make_header(const ExportDataset& dataset);
};

}  // namespace formwork::exporters
