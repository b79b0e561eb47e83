// Text formats that plugins read into records (SDK 1.4): the sign-off table an officer copies
// out of a Word report, a committee system's attendance list. The plugin reads the text; the
// engine puts what it read into a record of the plugin's form and checks it as it checks a
// record file, so nothing a plugin makes reaches the store unchecked.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/model/record.hpp>
#include <formwork/sdk/record_code.hpp>

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

}  // namespace formwork::forms
