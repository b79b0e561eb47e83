// libxml2's XSD validation, at the edge: the compiled schema and the streaming validation
// of a file, with RAII over libxml2's handles. Files are read with XML_PARSE_NONET and
// without entity substitution: nothing is ever fetched or expanded.
#pragma once

#include <pugixml.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace formwork::exporters {

class StreamingValidation;
class DocumentCheck;

// A problem libxml2 found in a document checked in memory, at the element it concerns: the
// path of element names from the document element ("Message/Records/Record/motion/title"),
// a row of a table named by its key or its place as field paths are ("row[@key='age']",
// "row[2]"); for an attribute, "@name" at the end.
struct ElementProblem {
    std::string path;
    std::string message;  // libxml2's words
};

class SchemaValidator {
public:
    // Compiles an XSD held in memory. Throws std::runtime_error with libxml2's messages.
    explicit SchemaValidator(const std::string& xsd);
    SchemaValidator(const SchemaValidator&) = delete;
    SchemaValidator& operator=(const SchemaValidator&) = delete;
    ~SchemaValidator();

    // Validates a file as it streams past (memory stays flat whatever its size). Returns
    // each problem as "line N: message"; empty when the file is valid.
    std::vector<std::string> validate_file(const std::filesystem::path& path) const;

private:
    friend class StreamingValidation;
    friend class DocumentCheck;
    struct Schema;
    std::unique_ptr<Schema> schema_;
};

// Validates small documents held in memory, one after another, with one validation context:
// a submission checks each record on its own this way before it writes it (as the record
// alone in an envelope with the submission's own header), so that a record the schema
// refuses is named, with its fields. The schema must outlive this.
class DocumentCheck {
public:
    explicit DocumentCheck(const SchemaValidator& validator);
    DocumentCheck(const DocumentCheck&) = delete;
    DocumentCheck& operator=(const DocumentCheck&) = delete;
    ~DocumentCheck();

    // Every problem with the document (at most 20); empty when it is valid. A document that
    // is not well-formed is one problem with an empty path.
    std::vector<ElementProblem> problems(std::string_view document);

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

// Validates a document while it is written: a writer that passes every byte on to
// `destination` and hands the same bytes to libxml2's streaming reader on a thread of its
// own, so validating costs little wall time beyond writing. At most a few megabytes wait
// between the two. The schema must outlive this.
class StreamingValidation final : public pugi::xml_writer {
public:
    StreamingValidation(const SchemaValidator& validator, pugi::xml_writer& destination);
    StreamingValidation(const StreamingValidation&) = delete;
    StreamingValidation& operator=(const StreamingValidation&) = delete;
    // Stops the validation (if finish() was not called) and waits for its thread.
    ~StreamingValidation() override;

    void write(const void* data, size_t size) override;

    // The document is complete: waits for the validation to end and returns each problem as
    // "line N: message", as SchemaValidator::validate_file does; empty when it is valid.
    std::vector<std::string> finish();

private:
    void validate();
    int read(char* buffer, int length);
    void hand_over();

    static constexpr std::size_t chunk_size = 64 * 1024;
    static constexpr std::size_t chunks_waiting = 64;

    const SchemaValidator& validator_;
    pugi::xml_writer& destination_;
    std::string pending_;  // bytes not yet handed over

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> chunks_;  // handed over, not yet read
    std::vector<std::string> spare_;  // read, to be filled again
    bool ended_ = false;              // no more bytes come
    bool abandoned_ = false;          // the document is not to be finished
    bool reader_done_ = false;        // the reader stopped reading (the end, or an error)

    std::string reading_;  // the chunk the reader is in
    std::size_t read_at_ = 0;
    std::vector<std::string> problems_;
    std::thread thread_;
};

}  // namespace formwork::exporters
