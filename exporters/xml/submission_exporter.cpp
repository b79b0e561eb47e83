#include "submission_exporter.hpp"

#include "schema_validator.hpp"

#include <formwork/exporters/export_audit.hpp>
#include <formwork/model/atomic_file.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/build_info.hpp>
#include <formwork/model/exportable.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/model/validator.hpp>
#include <formwork/model/values.hpp>
#include <formwork/model/xml_input.hpp>
#include <formwork/model/xsd.hpp>

#include <cmath>
#include <optional>
#include <set>
#include <string_view>

namespace formwork::exporters {

namespace {

void check_options(const sdk::ExportOptions& options) {
    const auto& collection = options.collection;
    const auto bad = [](const std::string& message) { throw ExportError(ExportError::Kind::bad_options, message); };
    if (collection.collection.empty()) bad("a submission needs the collection's name (--collection)");
    if (collection.year.size() != 4 || !forms::is_integer(collection.year) || collection.year == "0000")
        bad("a submission needs the collection's year as four digits (--year), not '" + collection.year + "'");
    if (!forms::is_iso_date(collection.reference_date))
        bad("a submission needs the collection's reference date as YYYY-MM-DD (--reference-date), not '" +
            collection.reference_date + "'");
    for (const auto* text : {&collection.collection, &collection.year, &collection.reference_date})
        if (const auto problem = forms::xml_text_problem(*text)) bad("the collection details' text " + *problem);
}

// Every text in a record, checked again on its way out: what XML 1.0 forbids never
// reaches the file, whatever path a value took into the record.
void check_text(const pugi::xml_node node, const std::string& record_id) {
    for (auto child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            if (const auto problem = forms::xml_text_problem(child.value()))
                throw ExportError(ExportError::Kind::invalid_output, "record " + record_id + ": the value of " +
                                                                         node.name() + " " + *problem);
        } else if (child.type() == pugi::node_element) {
            check_text(child, record_id);
        }
    }
}

void write_text(pugi::xml_writer& out, std::string_view text) {
    if (!text.empty()) out.write(text.data(), text.size());
}

constexpr std::size_t block_size = 64 * 1024;

// <Record id=".." form=".." form-version=".." status=".." revision=".."[ draft="true"]>, at
// depth 2, as pugixml printed it when the record was a tree of its own.
void append_record_start(std::string& out, const forms::Record& record, bool draft) {
    const auto& meta = record.meta;
    out.append("    <Record id=\"");
    forms::append_xml_attribute(out, meta.id);
    out.append("\" form=\"");
    forms::append_xml_attribute(out, meta.form_id);
    out.append("\" form-version=\"");
    out.append(std::to_string(meta.form_version));
    out.append("\" status=\"");
    forms::append_xml_attribute(out, meta.status);
    out.append("\" revision=\"");
    out.append(std::to_string(static_cast<long long>(meta.revision)));
    out.append(draft ? "\" draft=\"true\">\n" : "\">\n");
}

struct Scope {
    std::vector<forms::FormDefinitionPtr> forms;
    std::vector<forms::ScanQuery> scans;
    std::size_t total = 0;
};

// The forms and records a submission covers; refuses an empty one before anything is spent.
Scope submission_scope(const ExportDataset& dataset, const sdk::ExportOptions& options) {
    Scope scope;
    scope.forms = forms_in_scope(dataset.forms, options);
    for (const auto& form : scope.forms) {
        auto scan = scan_in_scope(dataset, *form, options, true);
        scope.total += dataset.source.count(scan);
        scope.scans.push_back(std::move(scan));
    }
    if (scope.total == 0) {
        const auto named = dataset.record_ids.size();
        const std::string among = named == 0 ? std::string()
                                  : named == 1 ? " (the id named)"
                                               : " (among the " + forms::with_commas(named) + " ids named)";
        throw ExportError(ExportError::Kind::no_records,
                          options.include_drafts ? "no records in scope" + among
                                                 : "no records at status complete or later in scope" + among +
                                                       "; drafts go into a submission only when asked for (--include-drafts)");
    }
    return scope;
}

// libxml2's words for what is wrong with an element, said for a person; `path` may name the
// element it is about more closely (a missing child). The facets are those the generated
// schema uses (forms/model/src/xsd_generator.cpp).
std::string plain_words(std::string message, std::string& path) {
    if (message.rfind("Element '", 0) == 0) {
        if (const auto end = message.find("': "); end != std::string::npos) message.erase(0, end + 3);
    }
    const auto quoted = [&](std::size_t from) -> std::string {
        const auto open = message.find('\'', from);
        if (open == std::string::npos) return {};
        const auto close = message.find('\'', open + 1);
        return close == std::string::npos ? std::string() : message.substr(open + 1, close - open - 1);
    };
    const auto starts = [&](const char* text) { return message.rfind(text, 0) == 0; };
    if (starts("Missing child element(s). Expected is ( ")) {
        const auto from = std::string("Missing child element(s). Expected is ( ").size();
        const auto to = message.find(" )", from);
        const auto child = message.substr(from, to == std::string::npos ? std::string::npos : to - from);
        path = path.empty() ? child : path + "/" + child;
        return child == "row" ? "has no rows, and needs at least one" : "is missing, and must be given";
    }
    if (starts("Missing child element(s). Expected is one of ( ")) {
        const auto from = std::string("Missing child element(s). Expected is one of ( ").size();
        const auto to = message.find(" )", from);
        return "is missing one of " + message.substr(from, to == std::string::npos ? std::string::npos : to - from);
    }
    if (starts("This element is not expected")) return "is not expected here";
    if (starts("[facet 'minLength']")) return "is empty, and must be given";
    if (starts("[facet 'maxLength']")) {
        const auto length_at = message.find("length of '");
        const auto allowed_at = message.find("maximum length of '");
        if (length_at != std::string::npos && allowed_at != std::string::npos)
            return "has " + quoted(length_at + 10) + " characters, more than the " + quoted(allowed_at + 18) + " allowed";
        return "is too long";
    }
    if (starts("[facet 'enumeration']")) return "'" + quoted(21) + "' is not one of its choices";
    if (starts("[facet 'pattern']") || message.find("is not a valid value") != std::string::npos)
        return "'" + quoted(starts("[facet") ? 18 : 0) + "' is not a valid value here";
    return message;
}

// Why `record` was refused, field by field: the engine's own words for a field where it has
// them (a required field, a value of the wrong type), else the schema's, said plainly.
RefusedRecord refusal(const forms::FormDefinition& form, const forms::Record& record,
                      const std::vector<ElementProblem>& problems) {
    RefusedRecord refused{record.meta.id, forms::record_title(form, record), form.id, record.meta.status, {}};
    forms::Diagnostics engine;
    try {
        engine = forms::validate_record(form, record);
    } catch (const std::exception&) {
        // the schema's words alone
    }
    const std::string record_path = "Message/Records/Record";
    const std::string instance_path = record_path + "/" + form.id;
    std::set<std::string> said;
    for (const auto& problem : problems) {
        std::string path;
        if (problem.path.rfind(instance_path + "/", 0) == 0)
            path = problem.path.substr(instance_path.size() + 1);
        else if (problem.path.rfind(record_path + "/@", 0) == 0)
            path = "the record's " + problem.path.substr(record_path.size() + 2);
        else if (problem.path != instance_path && problem.path != record_path)
            path = problem.path;
        auto words = plain_words(problem.message, path);
        const auto engine_says = [&](const std::string& at) -> const forms::Diagnostic* {
            for (const auto& diagnostic : engine)
                if (diagnostic.severity == forms::Severity::error && diagnostic.path == at) return &diagnostic;
            return nullptr;
        };
        // The engine names a person or a table where the schema names its name or its row.
        if (const auto* said_here = engine_says(path)) {
            words = said_here->message;
        } else if (const auto slash = path.rfind('/'); slash != std::string::npos) {
            if (const auto* said_above = engine_says(path.substr(0, slash))) {
                path.resize(slash);
                words = said_above->message;
            }
        }
        if (!said.insert(path).second) continue;  // libxml2 says one fault more than once
        refused.problems.push_back((path.empty() ? std::string("the record") : path) + ": " + words);
    }
    if (refused.problems.empty()) refused.problems.emplace_back("the record: does not follow the schema");
    return refused;
}

std::string refusals_in_words(const std::vector<RefusedRecord>& refused) {
    std::string all;
    for (const auto& record : refused) {
        all += "\n  record " + record.id + " \"" + record.title + "\" (" + record.form + ", " + record.status + "):";
        for (const auto& problem : record.problems) all += "\n    " + problem;
    }
    return all;
}

std::string count_of_records(std::size_t count) {
    return forms::with_commas(count) + (count == 1 ? " record" : " records");
}

}  // namespace

std::string RefusedRecord::in_words() const {
    std::string words = "record " + id + " \"" + title + "\" (" + form + ", " + status + "):";
    for (std::size_t i = 0; i < problems.size(); ++i) words += (i == 0 ? " " : "; ") + problems[i];
    return words;
}

SubmissionExporter::Header SubmissionExporter::make_header(const ExportDataset& dataset) {
    if (const auto read_only = dataset.source.read_only_reason(); !read_only.empty())
        throw ExportError(ExportError::Kind::not_recordable,
                          "an XML submission is not made from the database " + dataset.source.location() + ", which " +
                              read_only + ": a submission takes a serial number and leaves an entry in the audit log, "
                              "and neither can be written there. Open the database where it can be written");
    const auto* profile = dataset.forms.profile();
    if (profile == nullptr || profile->organisation_code.empty())
        throw ExportError(ExportError::Kind::bad_options,
                          "a submission needs the organisation's code: give a council profile (--profile) with "
                          "<organisation code=\"...\"/> (docs/profile.md)");
    const auto trail = dataset.source.verify_trail();
    if (!trail.intact)
        throw ExportError(ExportError::Kind::bad_options,
                          "the audit log is broken at entry " + std::to_string(*trail.first_broken) + " (" +
                              trail.problem + "); a submission carrying its digest would prove nothing");
    Header header;
    header.organisation_code = profile->organisation_code;
    header.organisation_name = profile->organisation_name;
    header.created = forms::utc_timestamp_now();
    header.audit_head = trail.head_digest;
    header.serial = dataset.source.next_submission_serial();
    return header;
}

std::size_t SubmissionExporter::write(const ExportDataset& dataset, const sdk::ExportOptions& options,
                                      const Header& header, pugi::xml_writer& out, sdk::ExportProgress& progress,
                                      std::vector<std::string>* written_ids, const SchemaValidator* record_schema,
                                      std::vector<RefusedRecord>* left_out) {
    check_options(options);
    const auto scope = submission_scope(dataset, options);
    const auto& forms_chosen = scope.forms;
    const auto& scans = scope.scans;
    const auto total = scope.total;

    // The header is small: built as a tree. The records are streamed after it.
    pugi::xml_document head;
    auto message_header = head.append_child("Header");
    auto details = message_header.append_child("CollectionDetails");
    details.append_child("Collection").text().set(options.collection.collection.c_str());
    details.append_child("Year").text().set(options.collection.year.c_str());
    details.append_child("ReferenceDate").text().set(options.collection.reference_date.c_str());
    auto source = message_header.append_child("Source");
    source.append_child("SourceLevel").text().set("L");
    source.append_child("OrganisationCode").text().set(header.organisation_code.c_str());
    if (!header.organisation_name.empty())
        source.append_child("OrganisationName").text().set(header.organisation_name.c_str());
    source.append_child("SoftwareCode").text().set("Formwork");
    source.append_child("Release").text().set(formwork::program_version);
    source.append_child("SerialNo").text().set(static_cast<long long>(header.serial));
    source.append_child("DateTime").text().set(header.created.c_str());
    source.append_child("AuditHeadDigest").text().set(header.audit_head.c_str());
    check_text(head, "header");

    forms::StringWriter envelope_start;
    write_text(envelope_start, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n");
    head.first_child().print(envelope_start, "  ", pugi::format_default, pugi::encoding_utf8, 1);
    write_text(envelope_start, "  <Records>\n");
    write_text(out, envelope_start.text);
    constexpr std::string_view envelope_end = "  </Records>\n</Message>\n";

    // Each record is checked on its own, in an envelope of its own with this header, before
    // it is written: the schema's verdict on it is the verdict it would have in the file.
    std::optional<DocumentCheck> check;
    if (record_schema != nullptr) check.emplace(*record_schema);
    std::string alone;
    std::vector<RefusedRecord> refused;

    // Each record is printed straight from the stored instance, leaving out what an export
    // leaves out (forms/exportable.hpp), byte for byte as pugixml prints the exportable
    // copy; every text is checked on its way. Records gather in one buffer, written out in
    // blocks of about 64 KB, and a record that fails its check never reaches `out`.
    std::string buffer;
    buffer.reserve(block_size + 16 * 1024);
    std::size_t read = 0;
    std::size_t written = 0;
    const auto step = std::max<std::size_t>(total / 200, 1);
    for (std::size_t i = 0; i < forms_chosen.size(); ++i) {
        const auto& form = *forms_chosen[i];
        const std::string stage = "Writing " + form.title;
        const bool may_leave_out = forms::may_leave_out(form);
        dataset.source.scan(scans[i], [&](const forms::Record& record) {
            if (progress.IsCancelled()) throw ExportError(ExportError::Kind::cancelled, "the export was cancelled");
            const auto start = buffer.size();
            append_record_start(buffer, record, record.meta.status == form.lifecycle.initial());
            const auto not_exported = may_leave_out ? forms::LeftOut(form, record) : forms::LeftOut();
            if (auto problem = forms::append_exportable_instance(form, record, not_exported, 3, buffer)) {
                buffer.resize(start);
                write_text(out, buffer);
                throw ExportError(ExportError::Kind::invalid_output, "record " + record.meta.id + ": the value of " +
                                                                         problem->element + " " + problem->problem);
            }
            buffer.append("    </Record>\n");
            bool keep = true;
            if (check) {
                alone.assign(envelope_start.text);
                alone.append(buffer, start, std::string::npos);
                alone.append(envelope_end);
                if (const auto problems = check->problems(alone); !problems.empty()) {
                    refused.push_back(refusal(form, record, problems));
                    keep = false;
                } else if (!refused.empty() && !options.skip_invalid) {
                    keep = false;  // the submission will be refused: the rest are only checked
                }
            }
            if (keep) {
                ++written;
                if (written_ids != nullptr) written_ids->push_back(record.meta.id);
                if (buffer.size() >= block_size) {
                    write_text(out, buffer);
                    buffer.clear();
                }
            } else {
                buffer.resize(start);
            }
            if (++read % step == 0)
                progress.OnProgress(static_cast<double>(read) / static_cast<double>(total), stage);
            return true;
        });
    }
    if (!refused.empty()) {
        if (!options.skip_invalid)
            throw ExportError(ExportError::Kind::invalid_records,
                              "the submission was not written: " + count_of_records(refused.size()) +
                                  " in scope cannot go into it as " + (refused.size() == 1 ? "it is" : "they are") +
                                  ", because its schema refuses " + (refused.size() == 1 ? "it" : "them") + ":" +
                                  refusals_in_words(refused) +
                                  "\nCorrect " + (refused.size() == 1 ? "it" : "them") +
                                  ", or leave such records out with --skip-invalid (in the window, \"Leave out records "
                                  "that are not valid\"): the rest is then submitted, and what was left out is listed.");
        if (written == 0)
            throw ExportError(ExportError::Kind::invalid_records,
                              "the submission was not written: its schema refuses every record in scope (" +
                                  count_of_records(refused.size()) + "), so none would be left to submit:" +
                                  refusals_in_words(refused));
        if (left_out != nullptr) *left_out = std::move(refused);
    }
    write_text(out, buffer);
    write_text(out, envelope_end);
    return written;
}

ExportResult SubmissionExporter::run(const ExportDataset& dataset, const sdk::ExportOptions& options,
                                     const std::filesystem::path& destination, sdk::ExportProgress& progress) {
    check_options(options);
    const auto forms_chosen = submission_scope(dataset, options).forms;
    // The schema is compiled before anything is written: a schema that cannot compile
    // is our bug, and should cost the person nothing.
    forms::StringWriter xsd;
    forms::write_submission_xsd(forms_chosen, xsd);
    std::unique_ptr<SchemaValidator> validator;
    try {
        validator = std::make_unique<SchemaValidator>(xsd.text);
    } catch (const std::runtime_error& e) {
        throw ExportError(ExportError::Kind::invalid_output, e.what());
    }

    std::unique_ptr<forms::AtomicFile> file;
    try {
        file = std::make_unique<forms::AtomicFile>(destination);
    } catch (const std::runtime_error& e) {
        throw ExportError(ExportError::Kind::io, e.what());
    }
    const auto header = make_header(dataset);
    ExportResult result;
    result.path = destination;
    result.serial = header.serial;
    // Every byte written to the temporary file is validated as it is written, by libxml2's
    // streaming reader on a second thread; nothing is renamed into place unless it is valid.
    std::vector<std::string> problems;
    std::vector<RefusedRecord> left_out;
    WrittenExport written{{}, header.serial, header.audit_head};
    {
        StreamingValidation checked(*validator, file->writer());
        result.records = write(dataset, options, header, checked, progress, &written.record_ids, validator.get(), &left_out);
        progress.OnProgress(1.0, "Checking the submission against its schema");
        problems = checked.finish();
    }
    if (!file->failed()) {
        if (!problems.empty()) {
            std::string all;
            for (const auto& problem : problems) all += "\n  " + problem;
            throw ExportError(ExportError::Kind::invalid_output,
                              "the submission does not follow its schema, so it was not written:" + all);
        }
    }
    for (const auto& record : left_out)
        result.warnings.push_back("left out of the submission, as its schema refuses it: " + record.in_words());
    record_and_commit(dataset, options, *file, written, result);
    progress.OnProgress(1.0, "Done");
    return result;
}

}  // namespace formwork::exporters
