// A record: the metadata header and the XML instance of one form (docs/records.md).
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/diagnostic.hpp>
#include <formwork/model/form_lookup.hpp>

#include <pugixml.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formwork::forms {

struct StatusChange {
    std::string from;
    std::string to;
    std::string at;  // UTC, YYYY-MM-DDThh:mm:ssZ
    std::string by;
};

struct RecordMeta {
    std::string id;  // UUID
    std::string form_id;
    int form_version = 0;
    std::string status;
    std::string created_at;
    std::string created_by;
    std::string modified_at;
    std::string modified_by;
    long revision = 1;
    std::vector<StatusChange> transitions;
};

class Record {
public:
    Record() = default;
    Record(Record&&) noexcept = default;
    Record& operator=(Record&&) noexcept = default;
    Record(const Record& other);
    Record& operator=(const Record& other);

    RecordMeta meta;
    pugi::xml_document document;  // holds one element: the instance, named by the form id

    pugi::xml_node instance() const noexcept { return document.document_element(); }
};

// Who and when, as the engine stamps them.
std::string current_user();        // --user / FORMWORK_USER, else the login name
std::string utc_timestamp_now();   // YYYY-MM-DDThh:mm:ssZ
std::string today_iso_date();      // YYYY-MM-DD, local time
std::string new_record_id();       // a random (version 4) UUID

// A new record of `form` in its initial status: every element present and empty, defaults
// filled in, fixed tables with their rows, repeating tables with their minimum rows.
Record new_record(const FormDefinition& form, const std::string& user, const std::string& now);

// How lists name a record: its form's record-title (runs of spaces made one, at most 300
// bytes), else the form's title. The store keeps it; the editor shows it on its tab.
std::string record_title(const FormDefinition& form, const Record& record);

// Adds an empty row to a repeating table (path to the table), as the editor does.
pugi::xml_node add_row(const FormDefinition& form, Record& record, std::string_view table_path);

struct RecordRead {
    std::optional<Record> record;
    FormDefinitionPtr form;
    Diagnostics diagnostics;
};

// Reads a record file against the forms that `forms` finds. Refuses what docs/records.md lists;
// on success the instance is in the definition's order with missing elements added.
RecordRead read_record(std::string text, const std::string& source, const FormLookup& forms);
RecordRead read_record_file(const std::filesystem::path& path, const FormLookup& forms);

// Parses a record file as this program writes it (write_record; how a store keeps records):
// the metadata and the instance, without checking the instance against a form. Throws
// std::runtime_error when the text is not such a file. The same as parse_stored_record.
Record parse_record_document(const std::string& text);

// Writes the record file; a pugi::xml_writer lets tests write to memory.
void write_record(const Record& record, pugi::xml_writer& out);
// Writes to a temporary file beside `path` and renames it into place: a failed save
// leaves the previous file as it was. Returns an error message, or nothing.
std::optional<std::string> save_record_file(const Record& record, const std::filesystem::path& path);

// Sets the value at a field path as a person typed it, e.g. "meeting/date" or
// "amendments/row[2]/moved-by". Text that is not UTF-8 or holds a character XML
// forbids is refused with a diagnostic naming the field, and the record is unchanged.
std::optional<Diagnostic> set_value(const FormDefinition& form, Record& record, std::string_view path,
                                    std::string_view value);

}  // namespace formwork::forms
