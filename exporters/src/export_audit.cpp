#include <formwork/exporters/export_audit.hpp>

#include <formwork/store/export_entry.hpp>

#include <stdexcept>

namespace formwork::exporters {

std::string scope_in_words(const ExportDataset& dataset, const sdk::ExportOptions& options) {
    std::string words = options.form.empty() ? "every form" : "form " + options.form;
    if (!options.status.empty())
        words += "; status " + options.status;
    else
        words += options.format == "xml" ? "; statuses complete and after" : "; every status";
    if (!options.view.empty()) words += "; view " + options.view;
    // With a view, the dates are the view's own (a meeting's date), not the records' modified dates.
    const bool view_dates = !options.view.empty();
    if (!options.modified_from.empty() || !options.modified_to.empty())
        words += std::string(view_dates ? "; dates " : "; modified ") +
                 (options.modified_from.empty() ? std::string(view_dates ? "any date" : "any time") : options.modified_from) +
                 " to " + (options.modified_to.empty() ? std::string(view_dates ? "any date" : "now") : options.modified_to);
    if (!dataset.record_ids.empty())
        words += "; " + std::to_string(dataset.record_ids.size()) +
                 (dataset.record_ids.size() == 1 ? " chosen record" : " chosen records");
    if (options.include_drafts) words += "; drafts included";
    return words;
}

void record_export(const ExportDataset& dataset, const sdk::ExportOptions& options, forms::AtomicFile& file,
                   const WrittenExport& written, ExportResult& result) {
    // A write that failed (a full disk) is the commit's to report, in words; it leaves no file,
    // so nothing is recorded.
    if (file.failed()) return;
    const auto read_only = dataset.source.read_only_reason();
    if (!read_only.empty()) {
        result.warnings.push_back(file.target().filename().string() + " was written but is not recorded in the audit log: the database " +
                                  dataset.source.location() + " " + read_only);
        return;
    }
    forms::ExportFacts facts;
    facts.format = options.format;
    facts.scope = scope_in_words(dataset, options);
    std::error_code error;
    const auto absolute = std::filesystem::absolute(file.target(), error);
    facts.file = (error ? file.target() : absolute).string();
    facts.serial = written.serial;
    facts.audit_head = written.audit_head;
    facts.record_ids = written.record_ids;
    try {
        const auto digest = forms::digest_file(file.temporary());
        facts.sha256 = digest.sha256;
        facts.bytes = digest.bytes;
        result.audit_entry = dataset.source.record_export(facts, dataset.user);
    } catch (const std::exception& e) {
        throw ExportError(ExportError::Kind::io, std::string("the export could not be recorded in the audit log, so ") +
                                                     file.target().string() + " was not written: " + e.what());
    }
}

void record_and_commit(const ExportDataset& dataset, const sdk::ExportOptions& options, forms::AtomicFile& file,
                       const WrittenExport& written, ExportResult& result) {
    record_export(dataset, options, file, written, result);
    try {
        file.commit();
    } catch (const std::runtime_error& e) {
        throw ExportError(ExportError::Kind::io, e.what());
    }
    result.path = file.target();
    std::error_code error;
    result.bytes = std::filesystem::file_size(result.path, error);
    if (error) result.bytes = 0;
}

}  // namespace formwork::exporters
