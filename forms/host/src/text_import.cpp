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

namespace {

// The loaded format called `format`, or nothing, with an error that lists the formats there are.
std::optional<TextFormat> chosen_format(const FormRegistry& forms, const std::string& format, const std::string& source,
                                        Diagnostics& diagnostics) {
    Diagnostics problems;
    auto formats = text_formats(forms, problems);
    diagnostics.insert(diagnostics.end(), problems.begin(), problems.end());
    std::string known;
    for (auto& candidate : formats) {
        if (candidate.format.id == format) return std::move(candidate);
        known += (known.empty() ? "" : ", ") + candidate.format.id;
    }
    diagnostics.push_back({Severity::error, source, 0, 0, {},
                           "no loaded plugin reads the format '" + format + "'" + (known.empty() ? "" : "; there are: " + known),
                           {}});
    return std::nullopt;
}

void add_notes(const std::vector<sdk::ImportNote>& notes, const std::string& source, Diagnostics& diagnostics) {
    for (const auto& note : notes)
        diagnostics.push_back({note.severity == sdk::Finding::Severity::error ? Severity::error : Severity::warning, source,
                               note.line, 0, note.field, note.message, {}});
}

// `record` as a record file of it reads back: the plugin's output earns no more trust than a
// person's file.
std::optional<Record> checked_record(const Record& record, const std::string& source, const FormRegistry& forms,
                                     Diagnostics& diagnostics) {
    StringWriter writer;
    write_record(record, writer);
    auto checked = read_record(std::move(writer.text), source, forms);
    diagnostics.insert(diagnostics.end(), checked.diagnostics.begin(), checked.diagnostics.end());
    return std::move(checked.record);
}

}  // namespace

TextImport import_text(const FormRegistry& forms, const std::string& format, std::string text, const std::string& source,
                       const std::optional<Record>& into, const std::string& user, const std::string& now,
                       const TextImportContext& context) {
    TextImport result;
    const auto refuse = [&](std::string message) {
        result.diagnostics.push_back({Severity::error, source, 0, 0, {}, std::move(message), {}});
        return std::move(result);
    };
    const auto chosen = chosen_format(forms, format, source, result.diagnostics);
    if (!chosen) return result;
    result.form = into ? forms.find(into->meta.form_id, into->meta.form_version) : chosen->form;
    if (!result.form || result.form->id != chosen->form->id)
        return refuse("the format '" + format + "' makes " + chosen->form->id + " records; record " +
                      (into ? into->meta.id + " is a " + into->meta.form_id : std::string("?")));

    Diagnostics problems;
    const auto reading = result.form->extension->import_text({format, std::move(text), source, context.options, context.records}, problems);
    result.diagnostics.insert(result.diagnostics.end(), problems.begin(), problems.end());
    if (!reading) return result;
    add_notes(reading->notes, source, result.diagnostics);

    Record record = into ? *into : new_record(*result.form, user, now);
    if (auto refused = put_plugin_elements(reading->instance_xml, *result.form, record))
        return refuse("the plugin's reading of the text is " + *refused);
    if (into) {
        record.meta.modified_at = now;
        record.meta.modified_by = user;
    }
    result.record = checked_record(record, source, forms, result.diagnostics);
    return result;
}

BatchImport import_batch(const FormRegistry& forms, const std::string& format, std::string text, const std::string& source,
                         const std::string& user, const std::string& now, const TextImportContext& context,
                         const StoredRecordLoader& load) {
    BatchImport result;
    const auto chosen = chosen_format(forms, format, source, result.diagnostics);
    if (!chosen) return result;
    const auto& plugin = chosen->form->extension->plugin_id();

    Diagnostics problems;
    auto reading = chosen->form->extension->import_records({format, std::move(text), source, context.options, context.records},
                                                          chosen->form->id, problems);
    result.diagnostics.insert(result.diagnostics.end(), problems.begin(), problems.end());
    if (!reading) return result;
    add_notes(reading->notes, source, result.diagnostics);

    for (auto& read : reading->records) {
        BatchRecord item;
        item.updates = read.updates;
        item.label = read.label;
        add_notes(read.notes, source, item.diagnostics);
        const auto refuse = [&](std::string message) {
            item.diagnostics.push_back({Severity::error, source, 0, 0, {}, std::move(message), {}});
            result.records.push_back(std::move(item));
        };
        const auto named = read.label.empty() ? std::string() : " (" + read.label + ")";
        // A plugin writes only records of its own forms: a format of the attendance plugin
        // never makes an approval trail.
        const auto form = forms.latest(read.form_id);
        if (!form || !form->extension || form->extension->plugin_id() != plugin) {
            refuse("the plugin '" + plugin + "' read a record" + named + " of form '" + read.form_id +
                   "', which is not one of its forms; it was not imported");
            continue;
        }
        Record record;
        if (read.updates.empty()) {
            item.form = form;
            record = new_record(*form, user, now);
        } else {
            auto stored = load(read.updates);
            if (!stored) {
                refuse("the plugin '" + plugin + "' said the text updates record " + read.updates + named +
                       ", which is not stored; nothing was imported for it");
                continue;
            }
            if (stored->meta.form_id != read.form_id) {
                refuse("the plugin '" + plugin + "' said the text updates record " + read.updates + named + ", which is a " +
                       stored->meta.form_id + " record, not a " + read.form_id + "; nothing was imported for it");
                continue;
            }
            item.form = forms.find(stored->meta.form_id, stored->meta.form_version);
            if (!item.form) {
                refuse("record " + read.updates + named + " was made with version " + std::to_string(stored->meta.form_version) +
                       " of form '" + stored->meta.form_id + "', which no loaded plugin brings; nothing was imported for it");
                continue;
            }
            record = std::move(*stored);
            record.meta.modified_at = now;
            record.meta.modified_by = user;
        }
        if (auto refused = put_plugin_elements(read.instance_xml, *item.form, record)) {
            refuse("the plugin's reading of the text" + named + " is " + *refused);
            continue;
        }
        item.record = checked_record(record, source, forms, item.diagnostics);
        result.records.push_back(std::move(item));
    }
    return result;
}

}  // namespace formwork::forms
