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

}  // namespace formwork::sdk
