#include "schema_validator.hpp"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <cstring>
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

namespace {

// Reads a document to its end through a streaming reader validating against `schema`.
std::vector<std::string> validate_with(xmlSchemaPtr schema, xmlTextReaderPtr raw_reader, const std::string& source) {
    const std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> context(xmlSchemaNewValidCtxt(schema),
                                                                                        xmlSchemaFreeValidCtxt);
    // Declared after the context: the reader, which holds on to it, is freed first.
    const std::unique_ptr<xmlTextReader, decltype(&xmlFreeTextReader)> reader(raw_reader, xmlFreeTextReader);
    if (!reader) return {"cannot read " + source};
    Problems problems;
    if (!context) return {"libxml2 could not start validating"};
    xmlSchemaSetValidStructuredErrors(context.get(), collect_error, &problems);
    xmlTextReaderSetStructuredErrorHandler(reader.get(), collect_error, &problems);
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

// NONET: never fetch anything; no NOENT, DTDLOAD or XINCLUDE: never expand anything.
constexpr int reader_options = XML_PARSE_NONET | XML_PARSE_NOCDATA;

}  // namespace

std::vector<std::string> SchemaValidator::validate_file(const std::filesystem::path& path) const {
    return validate_with(schema_->schema.get(), xmlReaderForFile(path.c_str(), nullptr, reader_options), path.string());
}

// ---- DocumentCheck ----

namespace {

// "row[@key='age']" or "row[2]" for a table's row, as field paths name rows; else the name.
std::string step_of(xmlNodePtr node) {
    std::string step = reinterpret_cast<const char*>(node->name);
    if (step != "row") return step;
    if (xmlChar* key = xmlGetProp(node, reinterpret_cast<const xmlChar*>("key"))) {
        step += "[@key='" + std::string(reinterpret_cast<const char*>(key)) + "']";
        xmlFree(key);
        return step;
    }
    std::size_t place = 1;
    for (xmlNodePtr before = node->prev; before != nullptr; before = before->prev)
        if (before->type == XML_ELEMENT_NODE && xmlStrEqual(before->name, node->name)) ++place;
    return step + "[" + std::to_string(place) + "]";
}

std::string path_of(xmlNodePtr node) {
    std::string attribute;
    if (node != nullptr && node->type == XML_ATTRIBUTE_NODE) {
        attribute = "/@" + std::string(reinterpret_cast<const char*>(node->name));
        node = node->parent;
    }
    std::string path;
    for (; node != nullptr && node->type == XML_ELEMENT_NODE; node = node->parent)
        path = path.empty() ? step_of(node) : step_of(node) + "/" + path;
    return path + attribute;
}

struct ElementProblems {
    std::vector<ElementProblem> found;
    static void collect(void* context, const xmlError* error) {
        auto* self = static_cast<ElementProblems*>(context);
        if (error == nullptr || self->found.size() >= 20) return;
        std::string message = error->message != nullptr ? error->message : "unknown error";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        self->found.push_back({path_of(static_cast<xmlNodePtr>(error->node)), std::move(message)});
    }
};

void collect_element_error(void* context, xmlErrorPtr error) { ElementProblems::collect(context, error); }

}  // namespace

struct DocumentCheck::Context {
    std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> valid{nullptr, xmlSchemaFreeValidCtxt};
    ElementProblems problems;
};

DocumentCheck::DocumentCheck(const SchemaValidator& validator) : context_(std::make_unique<Context>()) {
    context_->valid.reset(xmlSchemaNewValidCtxt(validator.schema_->schema.get()));
    if (!context_->valid) throw std::runtime_error("libxml2 could not start validating");
    xmlSchemaSetValidStructuredErrors(context_->valid.get(), collect_element_error, &context_->problems);
}

DocumentCheck::~DocumentCheck() = default;

std::vector<ElementProblem> DocumentCheck::problems(std::string_view document) {
    auto& problems = context_->problems.found;
    problems.clear();
    const std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
        xmlReadMemory(document.data(), static_cast<int>(document.size()), nullptr, nullptr,
                      reader_options | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
        xmlFreeDoc);
    if (!doc) return {{"", "the document is not well-formed XML"}};
    const int verdict = xmlSchemaValidateDoc(context_->valid.get(), doc.get());
    if (verdict != 0 && problems.empty())
        problems.push_back({"", verdict < 0 ? "libxml2 could not validate the document" : "the document does not follow its schema"});
    return std::move(problems);
}

// ---- StreamingValidation ----

StreamingValidation::StreamingValidation(const SchemaValidator& validator, pugi::xml_writer& destination)
    : validator_(validator), destination_(destination) {
    pending_.reserve(chunk_size);
    thread_ = std::thread([this] { validate(); });
}

StreamingValidation::~StreamingValidation() {
    {
        const std::lock_guard lock(mutex_);
        abandoned_ = true;
        changed_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
}

void StreamingValidation::write(const void* data, size_t size) {
    destination_.write(data, size);
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const auto part = std::min(size, chunk_size - pending_.size());
        pending_.append(bytes, part);
        bytes += part;
        size -= part;
        if (pending_.size() == chunk_size) hand_over();
    }
}

void StreamingValidation::hand_over() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return chunks_.size() < chunks_waiting || reader_done_; });
    if (reader_done_) {  // it stopped at an error: what follows is not read
        pending_.clear();
        return;
    }
    chunks_.push_back(std::move(pending_));
    if (spare_.empty()) {
        pending_ = std::string();
    } else {
        pending_ = std::move(spare_.back());
        spare_.pop_back();
    }
    pending_.clear();
    pending_.reserve(chunk_size);
    changed_.notify_all();
}

std::vector<std::string> StreamingValidation::finish() {
    if (!pending_.empty()) hand_over();
    {
        const std::lock_guard lock(mutex_);
        ended_ = true;
        changed_.notify_all();
    }
    thread_.join();
    return problems_;
}

int StreamingValidation::read(char* buffer, int length) {
    if (read_at_ == reading_.size()) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !chunks_.empty() || ended_ || abandoned_; });
        if (abandoned_) return -1;
        if (chunks_.empty()) return 0;  // the end of the document
        spare_.push_back(std::move(reading_));
        reading_ = std::move(chunks_.front());
        chunks_.pop_front();
        read_at_ = 0;
        changed_.notify_all();
    }
    const auto n = std::min(reading_.size() - read_at_, static_cast<std::size_t>(length));
    std::memcpy(buffer, reading_.data() + read_at_, n);
    read_at_ += n;
    return static_cast<int>(n);
}

void StreamingValidation::validate() {
    const auto read_callback = [](void* context, char* buffer, int length) {
        return static_cast<StreamingValidation*>(context)->read(buffer, length);
    };
    const auto close_callback = [](void*) { return 0; };
    try {
        problems_ = validate_with(validator_.schema_->schema.get(),
                                  xmlReaderForIO(read_callback, close_callback, this, nullptr, nullptr, reader_options),
                                  "the document being written");
    } catch (...) {
        problems_ = {"the validation could not run to its end"};
    }
    const std::lock_guard lock(mutex_);
    reader_done_ = true;
    changed_.notify_all();
}

}  // namespace formwork::exporters
