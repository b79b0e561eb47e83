// The plugin contract: an identity note the host reads from the file before loading it,
// the plugin interface, and FORMWORK_PLUGIN, the one line a plugin author writes to give
// both.
#pragma once

#include <formwork/sdk/record_code.hpp>
#include <formwork/sdk/record_start.hpp>
#include <formwork/sdk/version.hpp>
#include <formwork/sdk/views.hpp>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// What a plugin says about itself lives in an ELF note, so that the host can read it from
// the file without loading the library: no relocation, no constructor, no code of the
// plugin's runs before every check has passed (SDK 1.7). Every field is an integer or a
// fixed-size, NUL-terminated array filled at compile time, so the linker leaves the note
// exactly as the compiler wrote it.
#define FORMWORK_PLUGIN_NOTE_OWNER "Formwork"
#define FORMWORK_PLUGIN_NOTE_SECTION ".note.formwork"
// 'FW' and 1: the note type of the plugin's identity.
#define FORMWORK_PLUGIN_NOTE_TYPE_IDENTITY 0x46570001u
// 'FWPD' in ASCII: lets the host tell a Formwork identity from a stray note of the same
// owner and type before it trusts any other field.
#define FORMWORK_PLUGIN_IDENTITY_MAGIC 0x46575044u

// The plugin factory's exported name, read with Boost.DLL's alias calls once the library
// has passed the checks and been loaded.
#define FORMWORK_PLUGIN_FACTORY_SYMBOL "formwork_create_plugin"

extern "C" {

// The note's descriptor. The layout of these fields is frozen for every SDK version, so
// that a host can always read enough of a foreign plugin's identity to name it in a
// refusal. New fields go at the end; the note's descriptor size says how many there are.
struct formwork_plugin_identity {
    std::uint32_t magic;        // FORMWORK_PLUGIN_IDENTITY_MAGIC
    std::uint32_t sdk_version;  // FORMWORK_SDK_VERSION the plugin was built against
    char abi_tag[64];           // FORMWORK_SDK_ABI_TAG the plugin was built with
    char id[64];                // stable, lower case: [a-z0-9_-]+, e.g. "eia"
    char name[128];             // for people, e.g. "Equality impact assessments"
    char version[32];           // the plugin's own version, e.g. "1.2.0"
};

// An ELF note as the ELF specification lays it out: three 4-byte words, then the owner's
// name and the descriptor, each padded to 4 bytes.
struct formwork_plugin_note {
    std::uint32_t owner_size;       // sizeof FORMWORK_PLUGIN_NOTE_OWNER, with its NUL
    std::uint32_t descriptor_size;  // sizeof(formwork_plugin_identity)
    std::uint32_t type;             // FORMWORK_PLUGIN_NOTE_TYPE_IDENTITY
    char owner[12];                 // FORMWORK_PLUGIN_NOTE_OWNER, padded to 4 bytes
    formwork_plugin_identity identity;
};

}  // extern "C"

namespace formwork::sdk {

// A file a plugin carries inside its library: a form definition or a sample record.
struct EmbeddedFile {
    std::string name;     // the file's name in the plugin's source, e.g. "motion.form.xml"
    std::string content;  // its bytes, as they were in the source tree
};

// What a domain plugin provides. Later SDK minors add virtual functions at the end, and
// the host calls one only on plugins built for that minor or later.
class BOOST_SYMBOL_VISIBLE Plugin {
public:
    Plugin() = default;
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;
    virtual ~Plugin();

    // SDK 1.0. One sentence on the domain, shown in the plugins views.
    virtual std::string summary() const = 0;

    // SDK 1.1. The plugin's form definitions (docs/forms.md); none by default.
    virtual std::vector<EmbeddedFile> form_definitions() const;
    // SDK 1.1. Sample record files (docs/records.md), entered from real papers.
    virtual std::vector<EmbeddedFile> sample_records() const;

    // SDK 1.4. Checks of one record that the form's XPath cannot say; none by default. The
    // host calls it for every form the plugin brings, after the form's own rules.
    virtual std::vector<Finding> check_record(const RecordContext& record) const;
    // SDK 1.4. Values the rest of the record implies, for the host to offer; none by default.
    virtual std::vector<DerivedValue> derive_values(const RecordContext& record) const;
    // SDK 1.4. Sheet views over the records in scope of one of the plugin's forms; none by
    // default. The workbook exporter adds each as a sheet, and the app draws the same views.
    virtual std::vector<SheetView> sheet_views(const ViewRequest& request) const;
    // SDK 1.4. Timeline views, likewise; none by default.
    virtual std::vector<TimelineView> timeline_views(const ViewRequest& request) const;
    // SDK 1.4. The text formats the plugin reads into records; none by default.
    virtual std::vector<ImportFormat> import_formats() const;
    // SDK 1.4. Reads a text in one of import_formats(). Throws for a text it cannot read at
    // all; a line it can read only in part is kept, with a note saying what is doubtful.
    // SDK 1.5: a message that starts "SOURCE:LINE:COLUMN: " (the request's source; see
    // sdk::located in xml_chars.hpp) is reported at that line and column.
    virtual ImportResult import_text(const ImportRequest& request) const;

    // SDK 1.8. What the plugin offers to start and fill records of one of its forms
    // (record_start.hpp); nothing by default.
    virtual RecordAssist record_assist(const std::string& form_id) const;
    // SDK 1.8. Values for a new record, a record whose key field was just chosen, or the next
    // record after request.from_record; nothing by default. Throws for a request it cannot meet
    // (a from_record of another form); the host reports the message.
    virtual Prefill prefill_record(const PrefillRequest& request) const;
    // SDK 1.8. The choices for one of RecordAssist::choice_fields; none by default.
    virtual std::vector<FieldChoice> field_choices(const ChoiceRequest& request) const;

    // SDK 1.9. Reads a text in one of import_formats() into any number of records, new ones or
    // new revisions of stored ones (ImportedRecord::updates). Throws, as import_text does, for a
    // text it cannot read at all. By default, import_text's one new record of the format's form.
    virtual ImportBatch import_records(const ImportRequest& request) const;

    // SDK 1.10. The rows of `views` (what sheet_views(request) just returned) that are problems
    // to look at; none by default. A plugin built before 1.10 is never asked.
    virtual std::vector<FlaggedRow> flagged_rows(const ViewRequest& request, const std::vector<SheetView>& views) const;
};

using PluginFactory = std::unique_ptr<Plugin>();

}  // namespace formwork::sdk

// Clang's AddressSanitizer would pad the note with a red zone, which is not a note;
// GCC's leaves alone an object in a section of its own.
#if defined(__clang__)
#define FORMWORK_DETAIL_NOTE_NOT_SANITIZED __attribute__((no_sanitize("address")))
#else
#define FORMWORK_DETAIL_NOTE_NOT_SANITIZED
#endif

// The identity note with the given values. FORMWORK_PLUGIN stamps this SDK's version and
// ABI tag; only tests, which make plugins for other SDKs, write it out themselves. A value
// too long for its field does not compile.
#define FORMWORK_PLUGIN_IDENTITY_NOTE(SdkVersion, AbiTag, Id, Name, Version)                  \
    namespace formwork_plugin_entry {                                                       \
    [[gnu::used, gnu::section(FORMWORK_PLUGIN_NOTE_SECTION), gnu::aligned(4)]]              \
    FORMWORK_DETAIL_NOTE_NOT_SANITIZED const ::formwork_plugin_note identity_note = {       \
        sizeof(FORMWORK_PLUGIN_NOTE_OWNER),                                                 \
        sizeof(::formwork_plugin_identity),                                                 \
        FORMWORK_PLUGIN_NOTE_TYPE_IDENTITY,                                                 \
        FORMWORK_PLUGIN_NOTE_OWNER,                                                         \
        {FORMWORK_PLUGIN_IDENTITY_MAGIC, SdkVersion, AbiTag, Id, Name, Version}};           \
    }

// FORMWORK_PLUGIN(id, name, version, PluginClass) at namespace scope, once per plugin
// library, with string literals: gives the library its identity note and exports a
// factory that makes a PluginClass.
#define FORMWORK_PLUGIN(Id, Name, Version, PluginClass)                                    \
    FORMWORK_PLUGIN_IDENTITY_NOTE(FORMWORK_SDK_VERSION, FORMWORK_SDK_ABI_TAG, Id, Name, Version) \
    namespace formwork_plugin_entry {                                                       \
    std::unique_ptr<::formwork::sdk::Plugin> create() {                                     \
        return std::make_unique<PluginClass>();                                             \
    }                                                                                       \
    }                                                                                       \
    BOOST_DLL_ALIAS(::formwork_plugin_entry::create, formwork_create_plugin)
