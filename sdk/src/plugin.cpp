#include <formwork/sdk/plugin.hpp>

#include <stdexcept>

namespace formwork::sdk {

// Out of line so that Plugin's vtable and type information live once, in the SDK
// library, rather than in every plugin.
Plugin::~Plugin() = default;

std::vector<EmbeddedFile> Plugin::form_definitions() const { return {}; }
std::vector<EmbeddedFile> Plugin::sample_records() const { return {}; }
std::vector<Finding> Plugin::check_record(const RecordContext&) const { return {}; }
std::vector<DerivedValue> Plugin::derive_values(const RecordContext&) const { return {}; }
std::vector<SheetView> Plugin::sheet_views(const ViewRequest&) const { return {}; }
std::vector<TimelineView> Plugin::timeline_views(const ViewRequest&) const { return {}; }
std::vector<ImportFormat> Plugin::import_formats() const { return {}; }
ImportResult Plugin::import_text(const ImportRequest& request) const {
    throw std::invalid_argument("this plugin reads no text format '" + request.format + "'");
}
RecordAssist Plugin::record_assist(const std::string&) const { return {}; }
Prefill Plugin::prefill_record(const PrefillRequest&) const { return {}; }
std::vector<FieldChoice> Plugin::field_choices(const ChoiceRequest&) const { return {}; }
std::vector<FlaggedRow> Plugin::flagged_rows(const ViewRequest&, const std::vector<SheetView>&) const { return {}; }
ImportBatch Plugin::import_records(const ImportRequest& request) const {
    std::string form_id;
    for (const auto& format : import_formats())
        if (format.id == request.format) form_id = format.form_id;
    auto one = import_text(request);
    ImportBatch batch;
    batch.records.push_back({form_id, std::move(one.instance_xml), {}, {}, std::move(one.notes)});
    return batch;
}

}  // namespace formwork::sdk
