// Text formats that plugins read into records (SDK 1.4): the sign-off table an officer copies
// out of a Word report, a committee system's attendance list. The plugin reads the text; the
// engine puts what it read into a record of the plugin's form and checks it as it checks a
// record file, so nothing a plugin makes reaches the store unchecked.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/model/record.hpp>
#include <formwork/sdk/record_code.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

class FormRegistry;

struct TextFormat {
    FormDefinitionPtr form;
    sdk::ImportFormat format;
};

// Every text format the loaded forms' plugins read.
std::vector<TextFormat> text_formats(const FormRegistry& forms, Diagnostics& problems);

struct TextImport {
    std::optional<Record> record;  // nothing when the text could not be read, or the result was refused
    FormDefinitionPtr form;
    Diagnostics diagnostics;       // the plugin's notes (FILE:LINE:PATH) and any refusal
};

// What the person gave with the text, passed to the plugin: options such as body=<id>, and the
// store's records, for a plugin that matches what it reads against them.
struct TextImportContext {
    std::vector<std::pair<std::string, std::string>> options;
    const sdk::RecordQuery* records = nullptr;
};

// Reads `text` in `format` into `into`, replacing each element the text gives (a whole table,
// say) and keeping the rest; without `into`, into a new record of the format's form.
TextImport import_text(const FormRegistry& forms, const std::string& format, std::string text, const std::string& source,
                       const std::optional<Record>& into, const std::string& user, const std::string& now,
                       const TextImportContext& context = {});

// One record of a text read as several (SDK 1.9, sdk::ImportBatch), checked as a record file is.
struct BatchRecord {
    std::optional<Record> record;  // nothing when it was refused; for an update, the stored record with the text's elements put in
    FormDefinitionPtr form;
    std::string updates;           // the stored record it is a new revision of; empty for a new record
    std::string label;             // how the plugin names it, for the report
    Diagnostics diagnostics;       // its notes, and any refusal
};

struct BatchImport {
    std::vector<BatchRecord> records;
    Diagnostics diagnostics;  // about the whole text; with an error among them, nothing was read
};

// How the import finds a stored record the plugin says a reading updates.
using StoredRecordLoader = std::function<std::optional<Record>(const std::string& id)>;

// Reads `text` in `format` into records, new ones or new revisions of stored ones: the plugin
// decides which (by the ids the text carries) and the engine checks it. A record the plugin
// makes must be of one of its own forms; one it updates must be stored (`load` finds it) and of
// the form it names, and it keeps every element the text does not give. Nothing is saved here:
// the caller saves, under the locked-record rule.
BatchImport import_batch(const FormRegistry& forms, const std::string& format, std::string text, const std::string& source,
                         const std::string& user, const std::string& now, const TextImportContext& context,
                         const StoredRecordLoader& load);

}  // namespace formwork::forms
