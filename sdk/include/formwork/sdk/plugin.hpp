// The plugin contract: a C-compatible descriptor the host reads first, the plugin
// interface, and FORMWORK_PLUGIN, the one line a plugin author writes to export both.
#pragma once

#include <formwork/sdk/record_code.hpp>
#include <formwork/sdk/version.hpp>
#include <formwork/sdk/views.hpp>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// 'FWPD' in ASCII: lets the host tell a Formwork descriptor from a stray symbol of the
// same name before it trusts any other field.
#define FORMWORK_PLUGIN_DESCRIPTOR_MAGIC 0x46575044u

// Exported names, read by the host with Boost.DLL's alias calls.
#define FORMWORK_PLUGIN_DESCRIPTOR_SYMBOL "formwork_plugin_descriptor"
#define FORMWORK_PLUGIN_FACTORY_SYMBOL "formwork_create_plugin"

extern "C" {

// Plain data with static storage, so the host can read it before it creates anything.
// The layout of these fields is frozen for every SDK version, so that a host can always
// read enough of a foreign plugin's descriptor to name it in a refusal. New fields go
// at the end.
struct formwork_plugin_descriptor {
    std::uint32_t magic;        // FORMWORK_PLUGIN_DESCRIPTOR_MAGIC
    std::uint32_t sdk_version;  // FORMWORK_SDK_VERSION the plugin was built against
    const char* abi_tag;        // FORMWORK_SDK_ABI_TAG the plugin was built with
    const char* id;             // stable, lower case: [a-z0-9_-]+, e.g. "eia"
    const char* name;           // for people, e.g. "Equality impact assessments"
    const char* version;        // the plugin's own version, e.g. "1.2.0"
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
};

using PluginFactory = std::unique_ptr<Plugin>();

}  // namespace formwork::sdk

// FORMWORK_PLUGIN(id, name, version, PluginClass) at namespace scope, once per plugin
// library: exports the descriptor and a factory that makes a PluginClass.
#define FORMWORK_PLUGIN(Id, Name, Version, PluginClass)                                    \
    namespace formwork_plugin_entry {                                                       \
    const ::formwork_plugin_descriptor descriptor = {                                       \
        FORMWORK_PLUGIN_DESCRIPTOR_MAGIC, FORMWORK_SDK_VERSION, FORMWORK_SDK_ABI_TAG,       \
        Id, Name, Version};                                                                 \
    std::unique_ptr<::formwork::sdk::Plugin> create() {                                     \
        return std::make_unique<PluginClass>();                                             \
    }                                                                                       \
    }                                                                                       \
    BOOST_DLL_ALIAS(::formwork_plugin_entry::descriptor, formwork_plugin_descriptor)        \
    BOOST_DLL_ALIAS(::formwork_plugin_entry::create, formwork_create_plugin)
