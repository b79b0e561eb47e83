#include "plugin_elements.hpp"

#include <formwork/sdk/xml_chars.hpp>

#include <pugixml.hpp>

namespace formwork::forms {

std::optional<std::string> put_plugin_elements(const std::string& xml, const FormDefinition& form, Record& record) {
    // A character XML 1.0 forbids, as it is or as a reference (&#0;, which pugixml would decode
    // and cut short), refuses it.
    if (const auto fault = sdk::xml_character_fault(xml))
        return "refused at line " + std::to_string(fault->line) + ", column " + std::to_string(fault->column) +
               " of what it gave: " + fault->message;
    pugi::xml_document read;
    if (const auto parsed = read.load_buffer(xml.data(), xml.size(), pugi::parse_default & ~pugi::parse_doctype, pugi::encoding_utf8);
        !parsed)
        return "not XML (offset " + std::to_string(parsed.offset) + ": " + parsed.description() + ")";
    if (read.document_element().name() != form.id)
        return "a <" + std::string(read.document_element().name()) + ">, not a <" + form.id + ">";
    auto instance = record.instance();
    for (auto given : read.document_element().children()) {
        if (given.type() != pugi::node_element) continue;
        if (!instance.child(given.name()))
            return "holds <" + std::string(given.name()) + ">, which is no element of form '" + form.id + "'";
    }
    for (auto given : read.document_element().children()) {
        if (given.type() != pugi::node_element) continue;
        auto existing = instance.child(given.name());
        instance.insert_copy_after(given, existing);
        instance.remove_child(existing);
    }
    return std::nullopt;
}

}  // namespace formwork::forms
