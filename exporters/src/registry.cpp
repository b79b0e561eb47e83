#include <formwork/exporters/exporter.hpp>

#include <formwork/model/values.hpp>

#include "../csv/csv_exporter.hpp"
#include "../xlsx/workbook_exporter.hpp"
#include "../xml/submission_exporter.hpp"

namespace formwork::exporters {

const std::vector<ExporterEntry>& registered_exporters() {
    static const std::vector<ExporterEntry> entries{
        {"xlsx", "Excel workbook: a row per record, typed cells, a sheet per table or one wide sheet",
         [] { return std::unique_ptr<Exporter>(new WorkbookExporter); }},
        {"xml", "XML submission: the records in an envelope, checked against its XSD before it is written",
         [] { return std::unique_ptr<Exporter>(new SubmissionExporter); }},
        {"csv", "CSV (RFC 4180, UTF-8): one form's records, a row each, or one plugin view (--view)",
         [] { return std::unique_ptr<Exporter>(new CsvExporter); }},
    };
    return entries;
}

std::unique_ptr<Exporter> make_exporter(std::string_view format) {
    std::string known;
    for (const auto& entry : registered_exporters()) {
        if (format == entry.format) return entry.make();
        known += (known.empty() ? "" : ", ") + std::string(entry.format);
    }
    throw ExportError(ExportError::Kind::bad_options, "no export format '" + std::string(format) + "'; the formats are " + known);
}

std::vector<forms::FormDefinitionPtr> forms_in_scope(const forms::FormRegistry& registry, const sdk::ExportOptions& options) {
    std::vector<forms::FormDefinitionPtr> chosen;
    if (!options.form.empty()) {
        auto form = registry.latest(options.form);
        if (!form) throw ExportError(ExportError::Kind::bad_options, "no form '" + options.form + "'; `formwork-cli forms` lists them");
        chosen.push_back(std::move(form));
        return chosen;
    }
    for (const auto& entry : registry.forms())
        if (registry.latest(entry.form->id) == entry.form) chosen.push_back(entry.form);
    return chosen;
}

forms::ScanQuery scan_in_scope(const ExportDataset& dataset, const forms::FormDefinition& form,
                               const sdk::ExportOptions& options, bool submission) {
    return {form.id, statuses_in_scope(form, options, submission), options.modified_from, options.modified_to,
            dataset.record_ids};
}

void check_scope_dates(const sdk::ExportOptions& options) {
    for (const auto* date : {&options.modified_from, &options.modified_to})
        if (!date->empty() && !forms::is_iso_date(*date))
            throw ExportError(ExportError::Kind::bad_options, "'" + *date + "' is not a date as YYYY-MM-DD");
}

std::string no_records_scope(const ExportDataset& dataset, const sdk::ExportOptions& options) {
    std::string scope = options.form.empty() ? "any form" : "form '" + options.form + "'";
    if (!options.status.empty()) scope += " at status '" + options.status + "'";
    if (!options.modified_from.empty()) scope += " modified from " + options.modified_from;
    if (!options.modified_to.empty()) scope += " modified up to " + options.modified_to;
    if (const auto named = dataset.record_ids.size(); named > 0)
        scope += named == 1 ? " with the id named" : " among the " + forms::with_commas(named) + " ids named";
    return scope;
}

std::vector<std::string> statuses_in_scope(const forms::FormDefinition& form, const sdk::ExportOptions& options,
                                           bool submission) {
    if (!options.status.empty()) {
        if (form.lifecycle.rank(options.status) < 0)
            throw ExportError(ExportError::Kind::bad_options,
                              "'" + options.status + "' is not a status of form '" + form.id + "'");
        return {options.status};
    }
    std::vector<std::string> statuses;
    if (!submission) {
        for (const auto& status : form.lifecycle.statuses) statuses.push_back(status.id);
        return statuses;
    }
    const int complete = form.lifecycle.rank("complete");
    for (std::size_t i = 0; i < form.lifecycle.statuses.size(); ++i) {
        const bool after_complete = complete >= 0 ? static_cast<int>(i) >= complete : i > 0;
        if (after_complete || (options.include_drafts && i == 0)) statuses.push_back(form.lifecycle.statuses[i].id);
    }
    return statuses;
}

}  // namespace formwork::exporters
