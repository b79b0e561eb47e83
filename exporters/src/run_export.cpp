#include <formwork/exporters/export_request.hpp>

#include <set>

namespace formwork::exporters {

namespace {

// Passes progress on, and keeps a cancel once seen: an exporter may ask again, and the
// person's cancel must still hold when it does.
class LatchedProgress final : public sdk::ExportProgress {
public:
    explicit LatchedProgress(sdk::ExportProgress* inner) : inner_(inner) {}
    void OnProgress(double fraction, const std::string& stage) override {
        if (inner_ != nullptr) inner_->OnProgress(fraction, stage);
    }
    bool IsCancelled() const override {
        if (!cancelled_ && inner_ != nullptr && inner_->IsCancelled()) cancelled_ = true;
        return cancelled_;
    }
    bool cancelled() const noexcept { return cancelled_; }

private:
    sdk::ExportProgress* inner_;
    mutable bool cancelled_ = false;
};

}  // namespace

const char* format_name(ExportFormat format) noexcept {
    switch (format) {
    case ExportFormat::xlsx: return "xlsx";
    case ExportFormat::xml: return "xml";
    }
    return "xlsx";
}

ExportFormat format_named(std::string_view name) {
    for (const auto format : {ExportFormat::xlsx, ExportFormat::xml})
        if (name == format_name(format)) return format;
    make_exporter(name);  // throws, naming the formats there are
    throw ExportError(ExportError::Kind::bad_options, "no export format '" + std::string(name) + "'");
}

const char* layout_name(WorkbookLayout layout) noexcept {
    switch (layout) {
    case WorkbookLayout::sheet_per_table: return "sheet-per-table";
    case WorkbookLayout::wide: return "wide";
    }
    return "sheet-per-table";
}

WorkbookLayout layout_named(std::string_view name) {
    for (const auto layout : {WorkbookLayout::sheet_per_table, WorkbookLayout::wide})
        if (name == layout_name(layout)) return layout;
    throw ExportError(ExportError::Kind::bad_options,
                      "no workbook layout '" + std::string(name) + "'; the layouts are sheet-per-table and wide");
}

sdk::ExportOptions export_options(const ExportRequest& request) {
    sdk::ExportOptions options;
    options.format = format_name(request.format);
    options.layout = layout_name(request.layout);
    options.form = request.form;
    options.status = request.status;
    options.modified_from = request.modified_from;
    options.modified_to = request.modified_to;
    options.include_drafts = request.include_drafts;
    options.collection = request.collection;
    return options;
}

ExportResult run_export(const ExportDataset& dataset, const ExportRequest& request) {
    auto options = export_options(request);
    ExportDataset scoped{dataset.source, dataset.forms, dataset.user, dataset.record_ids};
    if (!request.record_ids.empty()) {
        scoped.record_ids = request.record_ids;
        if (options.form.empty()) {
            // One form among them: only its sheets, only its part of the submission's schema.
            std::set<std::string> forms_of;
            for (const auto& id : request.record_ids)
                if (const auto record = dataset.source.load(id)) forms_of.insert(record->meta.form_id);
            if (forms_of.size() == 1) options.form = *forms_of.begin();
        }
    }
    const auto exporter = make_exporter(options.format);
    LatchedProgress progress(request.progress);
    try {
        return exporter->run(scoped, options, request.target, progress);
    } catch (const ExportError&) {
        throw;
    } catch (const std::exception& e) {
        // Whatever broke after the person cancelled, the export was cancelled: say so.
        if (progress.cancelled()) throw ExportError(ExportError::Kind::cancelled, e.what());
        throw;
    }
}

}  // namespace formwork::exporters
