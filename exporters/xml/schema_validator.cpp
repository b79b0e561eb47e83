#include "schema_validator.hpp"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include <mutex>
#include <stdexcept>

namespace formwork::exporters {

namespace {

struct Problems {
    std::vector<std::string> messages;
    static void collect(void* context, const xmlError* error) {
        auto* self = static_cast<Problems*>(context);
        if (error == nullptr || self->messages.size() >= 20) return;
        std::string message = error->message != nullptr ? error->message : "unknown error";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        self->messages.push_back("line " + std::to_string(error->line) + ": " + message);
    }
};

void collect_error(void* context, xmlErrorPtr error) { Problems::collect(context, error); }

void init_libxml2() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

}  // namespace

struct SchemaValidator::Schema {
    std::unique_ptr<xmlSchema, decltype(&xmlSchemaFree)> schema{nullptr, xmlSchemaFree};
};

SchemaValidator::SchemaValidator(const std::string& xsd) : schema_(std::make_unique<Schema>()) {
    init_libxml2();
    const std::unique_ptr<xmlSchemaParserCtxt, decltype(&xmlSchemaFreeParserCtxt)> parser(
        xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size())), xmlSchemaFreeParserCtxt);
    if (!parser) throw std::runtime_error("libxml2 could not start reading the XSD");
    Problems problems;
    xmlSchemaSetParserStructuredErrors(parser.get(), collect_error, &problems);
    schema_->schema.reset(xmlSchemaParse(parser.get()));
    if (!schema_->schema) {
        std::string all;
        for (const auto& message : problems.messages) all += "\n  " + message;
        throw std::runtime_error("the generated XSD does not compile:" + all);
    }
}

SchemaValidator::~SchemaValidator() = default;

std::vector<std::string> SchemaValidator::validate_file(const std::filesystem::path& path) const {
    const std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> context(
        xmlSchemaNewValidCtxt(schema_->schema.get()), xmlSchemaFreeValidCtxt);
    Problems problems;
    if (!context) return {"libxml2 could not start validating"};
    xmlSchemaSetValidStructuredErrors(context.get(), collect_error, &problems);
    // NONET: never fetch anything; no NOENT, DTDLOAD or XINCLUDE: never expand anything.
    const std::unique_ptr<xmlTextReader, decltype(&xmlFreeTextReader)> reader(
        xmlReaderForFile(path.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOCDATA), xmlFreeTextReader);
    if (!reader) return {"cannot read " + path.string()};
    xmlTextReaderSetStructuredErrorHandler(
        reader.get(),
        collect_error, &problems);
    if (xmlTextReaderSchemaValidateCtxt(reader.get(), context.get(), 0) != 0)
        return {"libxml2 could not attach the schema to the reader"};
    int step = 0;
    while ((step = xmlTextReaderRead(reader.get())) == 1) {
    }
    if (step < 0 && problems.messages.empty()) problems.messages.push_back("the file is not well-formed XML");
    if (xmlTextReaderIsValid(reader.get()) != 1 && problems.messages.empty())
        problems.messages.push_back("the file does not follow its schema");
    return problems.messages;
}

}  // namespace formwork::exporters
