#include "plugin_elements.hpp"

#include <formwork/host/record_start.hpp>
#include <formwork/model/form_extension.hpp>
#include <formwork/model/form_lookup.hpp>
#include <formwork/model/string_writer.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <utility>

namespace formwork::forms {

namespace {

// The one form a prefill is read back against.
class OneForm final : public FormLookup {
public:
    explicit OneForm(FormDefinitionPtr form) : form_(std::move(form)) {}
    FormDefinitionPtr find(std::string_view id, int version) const noexcept override {
        return id == form_->id && version == form_->version ? form_ : nullptr;
    }
    FormDefinitionPtr latest(std::string_view id) const noexcept override { return id == form_->id ? form_ : nullptr; }

private:
    FormDefinitionPtr form_;
};

// The plugin reads a copy of the record, so nothing it does can change the one it was shown.
struct InstanceCopy {
    pugi::xml_document document;
    pugi::xml_node instance;
    explicit InstanceCopy(const Record& record) { instance = document.append_copy(record.instance()); }
};

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

sdk::RecordAssist record_assist(const FormDefinition& form, Diagnostics& problems) {
    if (!form.extension) return {};
    return form.extension->record_assist(form, problems);
}

std::string general_path(std::string_view path) {
    std::string out;
    int depth = 0;
    for (const char c : path) {
        if (c == '[') ++depth;
        if (depth == 0) out += c;
        if (c == ']' && depth > 0) --depth;
    }
    return out;
}

RecordStart prefill_record(const FormDefinitionPtr& form, const Record& record, const StartRequest& request) {
    RecordStart result;
    if (!form || !form->extension) return result;
    const std::string source = "record " + record.meta.id;
    if (request.records == nullptr) {
        result.diagnostics.push_back({Severity::error, source, 0, 0, {}, "no database is open to start the record from", {}});
        return result;
    }
    const InstanceCopy copy(record);
    sdk::PrefillRequest asked;
    asked.form_id = form->id;
    asked.instance = copy.instance;
    asked.changed_field = general_path(request.changed_field);
    asked.from_record = request.from_record;
    asked.command = request.command;
    asked.today = request.today.empty() ? today_iso_date() : request.today;
    asked.date = request.date.empty() ? asked.today : request.date;
    asked.records = request.records;
    const auto filled = form->extension->prefill(asked, result.diagnostics);
    if (!filled || filled->instance_xml.empty()) return result;
    result.notes = filled->notes;

    Record updated = record;
    if (auto refused = put_plugin_elements(filled->instance_xml, *form, updated)) {
        result.diagnostics.push_back({Severity::error, source, 0, 0, {},
                                      "what plugin '" + form->extension->plugin_id() + "' filled in is " + *refused, {}});
        return result;
    }
    // Checked as a record file is: the plugin's values earn no more trust than a person's.
    StringWriter writer;
    write_record(updated, writer);
    auto checked = read_record(std::move(writer.text), source, OneForm(form));
    result.diagnostics.insert(result.diagnostics.end(), checked.diagnostics.begin(), checked.diagnostics.end());
    result.record = std::move(checked.record);
    return result;
}

std::vector<sdk::FieldChoice> field_choices(const FormDefinition& form, const Record& record, std::string_view cell_path,
                                            const StartRequest& request, Diagnostics& problems) {
    if (!form.extension || request.records == nullptr) return {};
    const InstanceCopy copy(record);
    sdk::ChoiceRequest asked;
    asked.form_id = form.id;
    asked.field = general_path(cell_path);
    asked.cell_path = std::string(cell_path);
    asked.instance = copy.instance;
    asked.today = request.today.empty() ? today_iso_date() : request.today;
    asked.date = request.date.empty() ? asked.today : request.date;
    asked.records = request.records;
    return form.extension->field_choices(asked, problems);
}

std::vector<sdk::FieldChoice> matching_choices(const std::vector<sdk::FieldChoice>& choices, std::string_view typed) {
    std::vector<std::string> words;
    const std::string wanted = lower(typed);
    for (std::size_t at = 0; at < wanted.size();) {
        const auto end = wanted.find(' ', at);
        const auto word = wanted.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (!word.empty()) words.push_back(word);
        if (end == std::string::npos) break;
        at = end + 1;
    }
    std::vector<sdk::FieldChoice> starting;
    std::vector<sdk::FieldChoice> containing;
    for (const auto& choice : choices) {
        const auto haystack = lower(choice.label + " " + choice.value + " " + choice.detail);
        if (!std::all_of(words.begin(), words.end(), [&](const auto& word) { return haystack.find(word) != std::string::npos; }))
            continue;
        const bool starts = !wanted.empty() && lower(choice.label).rfind(wanted, 0) == 0;
        (starts ? starting : containing).push_back(choice);
    }
    starting.insert(starting.end(), containing.begin(), containing.end());
    return starting;
}

}  // namespace formwork::forms
