#include "plugin_elements.hpp"

#include <formwork/model/form_extension.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/host/text_import.hpp>

namespace formwork::forms {

std::vector<TextFormat> text_formats(const FormRegistry& forms, Diagnostics& problems) {
    std::vector<TextFormat> out;
    for (const auto& entry : forms.forms()) {
        if (!entry.form->extension) continue;
        for (auto& format : entry.form->extension->import_formats(problems))
            // A plugin lists its formats once for all its forms; each belongs to the form it names.
            if (format.form_id == entry.form->id && entry.form == forms.latest(entry.form->id))
                out.push_back({entry.form, std::move(format)});
    }
    return out;
}

TextImport import_text(const FormRegistry& forms, const std::string& format, std::string text, const std::string& source,
                       const std::optional<Record>& into, const std::string& user, const std::string& now,
                       const TextImportContext& context) {
    TextImport result;
    const auto refuse = [&](std::string message) {
        result.diagnostics.push_back({Severity::error, source, 0, 0, {}, std::move(message), {}});
        return std::move(result);
    };
    Diagnostics problems;
    const auto formats = text_formats(forms, problems);
    result.diagnostics = problems;
    const TextFormat* chosen = nullptr;
    std::string known;
    for (const auto& candidate : formats) {
        known += (known.empty() ? "" : ", ") + candidate.format.id;
        if (candidate.format.id == format) chosen = &candidate;
    }
    if (chosen == nullptr)
        return refuse("no loaded plugin reads the format '" + format + "'" + (known.empty() ? "" : "; there are: " + known));
    result.form = into ? forms.find(into->meta.form_id, into->meta.form_version) : chosen->form;
    if (!result.form || result.form->id != chosen->form->id)
        return refuse("the format '" + format + "' makes " + chosen->form->id + " records; record " +
                      (into ? into->meta.id + " is a " + into->meta.form_id : std::string("?")));

    problems.clear();
    const auto reading = result.form->extension->import_text({format, std::move(text), source, context.options, context.records}, problems);
    result.diagnostics.insert(result.diagnostics.end(), problems.begin(), problems.end());
    if (!reading) return result;
    for (const auto& note : reading->notes)
        result.diagnostics.push_back({note.severity == sdk::Finding::Severity::error ? Severity::error : Severity::warning,
                                      source, note.line, 0, note.field, note.message, {}});

    Record record = into ? *into : new_record(*result.form, user, now);
    if (auto refused = put_plugin_elements(reading->instance_xml, *result.form, record))
        return refuse("the plugin's reading of the text is " + *refused);
    if (into) {
        record.meta.modified_at = now;
        record.meta.modified_by = user;
    }
    // Checked as a record file is: the plugin's output earns no more trust than a person's.
    StringWriter writer;
    write_record(record, writer);
    auto checked = read_record(std::move(writer.text), source, forms);
    result.diagnostics.insert(result.diagnostics.end(), checked.diagnostics.begin(), checked.diagnostics.end());
    result.record = std::move(checked.record);
    return result;
}

}  // namespace formwork::forms
