#include <formwork/exporters/export_request.hpp>

#include <array>
#include <optional>
#include <set>
#include <utility>

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

// Each value of an enum with the name the command line and the SDK's options give it.
template <class Enum, std::size_t count>
using Names = std::array<std::pair<Enum, const char*>, count>;

constexpr Names<ExportFormat, 3> format_names{
    {{ExportFormat::xlsx, "xlsx"}, {ExportFormat::xml, "xml"}, {ExportFormat::csv, "csv"}}};
constexpr Names<WorkbookLayout, 2> layout_names{
    {{WorkbookLayout::sheet_per_table, "sheet-per-table"}, {WorkbookLayout::wide, "wide"}}};

template <class Enum, std::size_t count>
const char* name_in(const Names<Enum, count>& names, Enum value) noexcept {
    for (const auto& [each, name] : names)
        if (each == value) return name;
    return names.front().second;
}

template <class Enum, std::size_t count>
std::optional<Enum> value_in(const Names<Enum, count>& names, std::string_view name) noexcept {
    for (const auto& [each, each_name] : names)
        if (name == each_name) return each;
    return std::nullopt;
}

}  // namespace

const char* format_name(ExportFormat format) noexcept { return name_in(format_names, format); }

ExportFormat format_named(std::string_view name) {
    if (const auto format = value_in(format_names, name)) return *format;
    make_exporter(name);  // throws, naming the formats there are
    throw ExportError(ExportError::Kind::bad_options, "no export format '" + std::string(name) + "'");
}

const char* layout_name(WorkbookLayout layout) noexcept { return name_in(layout_names, layout); }

WorkbookLayout layout_named(std::string_view name) {
    if (const auto layout = value_in(layout_names, name)) return *layout;
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
    options.skip_invalid = request.skip_invalid;
    options.choice_codes = request.choice_codes;
    options.collection = request.collection;
    options.view = request.view;
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
    // A workbook has every view as a sheet already, and a submission has none.
    if (!options.view.empty() && request.format != ExportFormat::csv)
        throw ExportError(ExportError::Kind::bad_options, std::string("a view is exported on its own as csv; a ") +
                                                              (request.format == ExportFormat::xlsx
                                                                   ? "workbook has every view as a sheet of its own"
                                                                   : "submission holds records, not views"));
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
