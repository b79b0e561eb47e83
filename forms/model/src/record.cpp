#include <formwork/model/atomic_file.hpp>
#include <formwork/model/evaluation_context.hpp>
#include <formwork/model/record.hpp>
#include <formwork/model/values.hpp>
#include <formwork/model/xml_input.hpp>
#include <formwork/sdk/uk_date.hpp>

#include <formwork/model/instance_paths.hpp>
#include <formwork/model/stored_record.hpp>

#include <boost/uuid/uuid_generators.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <set>

namespace formwork::forms {

namespace {

constexpr XmlLimits record_limits{};

std::time_t now_seconds() { return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()); }

void build_empty(const FormDefinition& form, const std::vector<Node>& items, pugi::xml_node parent, bool defaults);

void build_row(const FormDefinition& form, const Node& table, pugi::xml_node row, bool defaults) {
    build_empty(form, table.children, row, defaults);
}

void build_empty(const FormDefinition& form, const std::vector<Node>& items, pugi::xml_node parent, bool defaults) {
    const auto enabled = [&](const Node& node) { return form.part_enabled(node.part); };
    for_each_element(items, enabled, [&](const Node& item) {
        if (!enabled(item)) return;
        switch (item.kind) {
        case NodeKind::section:
        case NodeKind::note:
            break;
        case NodeKind::group:
            build_empty(form, item.children, parent.append_child(item.id.c_str()), defaults);
            break;
        case NodeKind::table: {
            auto table = parent.append_child(item.id.c_str());
            if (item.repeating) {
                for (std::size_t i = 0; i < item.min_rows; ++i) build_row(form, item, table.append_child("row"), defaults);
            } else {
                for (const auto& fixed : item.fixed_rows) {
                    auto row = table.append_child("row");
                    row.append_attribute("key").set_value(fixed.code.c_str());
                    build_row(form, item, row, defaults);
                }
            }
            break;
        }
        case NodeKind::field: {
            auto field = parent.append_child(item.id.c_str());
            if (item.type == FieldType::person) {
                field.append_child("name");
                field.append_child("role");
            } else if (defaults && !item.default_value.empty()) {
                field.text().set(item.default_value.c_str());
            }
            break;
        }
        }
    });
}

// Copies a record file's instance into the definition's shape, reporting whatever does
// not fit: unknown or repeated elements, unknown row keys, text XML cannot hold.
class InstanceReader {
public:
    InstanceReader(const FormDefinition& form, const XmlInput& input, Diagnostics& out)
        : form_(form), input_(input), out_(out) {}

    void copy(const std::vector<Node>& items, pugi::xml_node source, pugi::xml_node target, const std::string& path) {
        std::set<std::string> expected;
        pugi::xml_node cursor = source.first_child();
        copy_items(items, source, cursor, target, path, expected);
        report_unknown(source, expected, path);
    }

private:
    void error(pugi::xml_node node, const std::string& path, std::string message) {
        auto diagnostic = input_.error_at(node, std::move(message));
        diagnostic.path = path;
        out_.push_back(std::move(diagnostic));
    }

    // Files are usually in the form's order: look at the next element first, and search
    // only when it is not the one wanted, so reading stays linear in the record's size.
    static pugi::xml_node find(pugi::xml_node source, pugi::xml_node& cursor, const std::string& id) {
        while (cursor && cursor.type() != pugi::node_element) cursor = cursor.next_sibling();
        if (cursor && id == cursor.name()) {
            const auto found = cursor;
            cursor = cursor.next_sibling();
            return found;
        }
        return source.child(id.c_str());
    }

    void copy_items(const std::vector<Node>& items, pugi::xml_node source, pugi::xml_node& cursor,
                    pugi::xml_node target, const std::string& path, std::set<std::string>& expected) {
        for_each_element(items, [&](const Node& item) {
            expected.insert(item.id);
            const auto from = find(source, cursor, item.id);
            // A part switched off is absent from new records; data already there is kept.
            if (!from && !form_.part_enabled(item.part)) return;
            auto to = target.append_child(item.id.c_str());
            const auto item_path = join_path(path, item.id);
            if (item.kind == NodeKind::group)
                copy(item.children, from, to, item_path);
            else if (item.kind == NodeKind::table)
                copy_table(item, from, to, item_path);
            else
                copy_field(item, from, to, item_path);
        });
    }

    void copy_table(const Node& table, pugi::xml_node from, pugi::xml_node to, const std::string& path) {
        for (auto child : from.children())
            if (child.type() == pugi::node_element && std::strcmp(child.name(), "row") != 0)
                error(child, path, std::string("unknown element '") + child.name() + "' in table '" + table.id +
                                       "'; a table holds <row> elements");
        if (table.repeating) {
            std::size_t index = 0;
            for (auto row : from.children("row")) {
                if (row.attribute("key")) error(row, path, "rows of a repeating table have no key");
                copy(table.children, row, to.append_child("row"), path + "/row[" + std::to_string(++index) + "]");
            }
            return;
        }
        std::set<std::string> seen;
        for (auto row : from.children("row")) {
            const std::string key = row.attribute("key").value();
            const bool known = std::any_of(table.fixed_rows.begin(), table.fixed_rows.end(),
                                           [&](const ChoiceOption& fixed) { return fixed.code == key; });
            if (!known)
                error(row, path, "table '" + table.id + "' has no row with key '" + key + "'");
            else if (!seen.insert(key).second)
                error(row, path, "the row '" + key + "' appears more than once");
        }
        for (const auto& fixed : table.fixed_rows) {
            auto row = to.append_child("row");
            row.append_attribute("key").set_value(fixed.code.c_str());
            copy(table.children, from.find_child_by_attribute("row", "key", fixed.code.c_str()), row,
                 path + "/row[@key='" + fixed.code + "']");
        }
    }

    void copy_text(pugi::xml_node from, pugi::xml_node to, const std::string& path) {
        for (auto child : from.children())
            if (child.type() == pugi::node_element)
                error(child, path, std::string("unknown element '") + child.name() + "' in '" + path +
                                       "', which holds text");
        const char* value = from.text().get();
        if (const auto problem = xml_text_problem(value)) {
            error(from, path, std::string("the value ") + *problem);
            return;
        }
        if (*value != '\0') to.text().set(value);
    }

    void copy_field(const Node& field, pugi::xml_node from, pugi::xml_node to, const std::string& path) {
        if (field.type == FieldType::person) {
            for (const char* part : {"name", "role"}) copy_text(from.child(part), to.append_child(part), path + "/" + part);
            report_unknown(from, {"name", "role"}, path);
        } else if (field.type == FieldType::multi_choice) {
            for (auto item : from.children("item")) copy_text(item, to.append_child("item"), path + "/item");
            report_unknown(from, {"item"}, path);
        } else {
            copy_text(from, to, path);
        }
    }

    // One pass over what the file holds: elements the form does not define, and elements
    // given more than once (only the first is read).
    void report_unknown(pugi::xml_node source, const std::set<std::string>& expected, const std::string& path) {
        std::set<std::string_view> seen;
        for (auto child : source.children()) {
            if (child.type() != pugi::node_element) continue;
            if (expected.count(child.name()) != 0) {
                if (!seen.insert(child.name()).second && std::strcmp(child.name(), "item") != 0)
                    error(child, join_path(path, child.name()), std::string("'") + child.name() + "' appears more than once");
                continue;
            }
            error(child, path.empty() ? child.name() : path,
                      std::string("unknown element '") + child.name() + "' in " +
                          (path.empty() ? form_.id : "'" + path + "'") + "; form '" + form_.id + "' version " +
                          std::to_string(form_.version) + " does not define it");
        }
    }

    const FormDefinition& form_;
    const XmlInput& input_;
    Diagnostics& out_;
};

std::optional<RecordMeta> read_meta(const XmlInput& input, pugi::xml_node meta, Diagnostics& out) {
    const auto before = out.size();
    const auto need = [&](pugi::xml_node node, const char* what) {
        if (!node) out.push_back(input.error_at(meta, std::string("the metadata has no ") + what));
        return static_cast<bool>(node);
    };
    RecordMeta result;
    const auto id = meta.child("id");
    if (need(id, "<id>")) {
        result.id = id.text().get();
        if (!is_uuid(result.id)) out.push_back(input.error_at(id, "'" + result.id + "' is not a lower-case UUID"));
    }
    const auto form = meta.child("form");
    if (need(form, "<form id version>")) {
        result.form_id = form.attribute("id").value();
        const std::string version = form.attribute("version").value();
        if (!is_integer(version) || version.size() > 6 || version[0] == '-')
            out.push_back(input.error_at(form, "version", "the form version '" + version + "' is not a whole number"));
        else
            result.form_version = std::stoi(version);
    }
    const auto status = meta.child("status");
    if (need(status, "<status>")) result.status = status.text().get();
    for (const auto& [name, at, by] : {std::tuple{"created", &result.created_at, &result.created_by},
                                       std::tuple{"modified", &result.modified_at, &result.modified_by}}) {
        const auto node = meta.child(name);
        if (!need(node, name)) continue;
        *at = node.attribute("at").value();
        *by = node.attribute("by").value();
        if (!is_timestamp(*at))
            out.push_back(input.error_at(node, "at", "'" + *at + "' is not a UTC time (YYYY-MM-DDThh:mm:ssZ)"));
    }
    const auto revision = meta.child("revision");
    if (need(revision, "<revision>")) {
        const std::string text = revision.text().get();
        if (!is_integer(text) || text[0] == '-' || text == "0" || text.size() > 15)
            out.push_back(input.error_at(revision, "the revision '" + text + "' is not a positive whole number"));
        else
            result.revision = std::stol(text);
    }
    for (auto transition : meta.child("transitions").children("transition")) {
        StatusChange change{transition.attribute("from").value(), transition.attribute("to").value(),
                            transition.attribute("at").value(), transition.attribute("by").value()};
        if (!is_timestamp(change.at))
            out.push_back(input.error_at(transition, "at", "'" + change.at + "' is not a UTC time"));
        result.transitions.push_back(std::move(change));
    }
    for (auto child : meta.children())
        if (child.type() == pugi::node_element &&
            std::set<std::string>{"id", "form", "status", "created", "modified", "revision", "transitions"}.count(
                child.name()) == 0)
            out.push_back(input.error_at(child, std::string("unknown element <") + child.name() + "> in <meta>"));
    if (out.size() != before) return std::nullopt;
    return result;
}

}  // namespace

Record::Record(const Record& other) : meta(other.meta) { document.reset(other.document); }

Record& Record::operator=(const Record& other) {
    if (this != &other) {
        meta = other.meta;
        document.reset(other.document);
    }
    return *this;
}

std::string current_user() {
    if (const char* user = std::getenv("FORMWORK_USER"); user != nullptr && *user != '\0') return user;
    if (const passwd* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) return entry->pw_name;
    if (const char* login = getlogin(); login != nullptr) return login;
    return "unknown";
}

std::string utc_timestamp_now() {
    const std::time_t time = now_seconds();
    std::tm parts{};
    gmtime_r(&time, &parts);
    char buffer[32];
    return std::string(buffer, std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts));
}

std::string today_iso_date() {
    const std::time_t time = now_seconds();
    std::tm parts{};
    localtime_r(&time, &parts);
    char buffer[16];
    return std::string(buffer, std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &parts));
}

std::string new_record_id() {
    thread_local boost::uuids::random_generator generate;
    return boost::uuids::to_string(generate());
}

Record new_record(const FormDefinition& form, const std::string& user, const std::string& now) {
    Record record;
    record.meta.id = new_record_id();
    record.meta.form_id = form.id;
    record.meta.form_version = form.version;
    record.meta.status = form.lifecycle.initial();
    record.meta.created_at = record.meta.modified_at = now;
    record.meta.created_by = record.meta.modified_by = user;
    record.meta.revision = 1;
    build_empty(form, form.items, record.document.append_child(form.id.c_str()), true);
    return record;
}

std::string record_title(const FormDefinition& form, const Record& record) {
    std::string title;
    if (form.title_expression) {
        // A title reads the record alone: its own status, no user.
        const EvaluationContext bound(form, {record.meta.status, {}, {}});
        title = form.title_expression->query->evaluate_string(pugi::xpath_node(record.instance()));
    }
    std::string compact;
    for (char c : title) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space && (compact.empty() || compact.back() == ' ')) continue;
        compact += space ? ' ' : c;
    }
    while (!compact.empty() && compact.back() == ' ') compact.pop_back();
    if (compact.empty()) compact = form.title;
    if (compact.size() <= 300) return compact;
    // Cut at a character's start, never inside one: the title stays UTF-8.
    std::size_t cut = 300;
    while (cut > 0 && (static_cast<unsigned char>(compact[cut]) & 0xC0) == 0x80) --cut;
    return compact.substr(0, cut);
}

pugi::xml_node add_row(const FormDefinition& form, Record& record, std::string_view table_path) {
    auto located = locate(form, record.instance(), table_path);
    if (!located || located->node->kind != NodeKind::table || !located->node->repeating) return {};
    auto row = located->element.append_child("row");
    build_row(form, *located->node, row, true);
    return row;
}

RecordRead read_record(std::string text, const std::string& source, const FormLookup& forms) {
    RecordRead read;
    const auto input = XmlInput::parse(std::move(text), source, read.diagnostics, record_limits);
    if (!input) return read;
    const auto root = input->root();
    if (std::strcmp(root.name(), "record") != 0) {
        read.diagnostics.push_back(input->error_at(
            root, std::string("expected a record file (<record>), found <") + root.name() + ">"));
        return read;
    }
    if (std::strcmp(root.attribute("format").as_string("1"), "1") != 0) {
        read.diagnostics.push_back(input->error_at(
            root, "format", std::string("record format '") + root.attribute("format").value() +
                                "' is not one this program reads (it reads format 1)"));
        return read;
    }
    auto meta = read_meta(*input, root.child("meta"), read.diagnostics);
    if (!root.child("meta")) read.diagnostics.push_back(input->error_at(root, "the record has no <meta>"));
    if (!meta) return read;

    read.form = forms.find(meta->form_id, meta->form_version);
    if (!read.form) {
        const auto latest = forms.latest(meta->form_id);
        read.diagnostics.push_back(input->error_at(
            root.child("meta").child("form"),
            latest ? "form '" + meta->form_id + "' has no version " + std::to_string(meta->form_version) +
                         " here; this program has version " + std::to_string(latest->version)
                   : "form '" + meta->form_id + "' is not one this program knows; is its plugin loaded?"));
        return read;
    }
    const auto& form = *read.form;
    if (form.lifecycle.rank(meta->status) < 0)
        read.diagnostics.push_back(input->error_at(root.child("meta").child("status"),
                                                   "'" + meta->status + "' is not a status of form '" + form.id + "'"));
    const auto source_instance = root.child(form.id.c_str());
    if (!source_instance) {
        read.diagnostics.push_back(input->error_at(root, "the record has no <" + form.id + "> after its <meta>"));
        return read;
    }
    for (auto child : root.children())
        if (child.type() == pugi::node_element && child != source_instance && std::strcmp(child.name(), "meta") != 0)
            read.diagnostics.push_back(input->error_at(child, std::string("unknown element <") + child.name() +
                                                                  "> in <record>"));

    Record record;
    record.meta = std::move(*meta);
    InstanceReader(form, *input, read.diagnostics)
        .copy(form.items, source_instance, record.document.append_child(form.id.c_str()), "");
    if (has_errors(read.diagnostics)) return read;
    read.record = std::move(record);
    return read;
}


namespace {

void read_stored_meta(Record& record, const pugi::xml_parse_result& parsed) {
    // A store's documents were written by write_record after every check, so they are read
    // without repeating them: this is the hot path of every export. pugixml still never
    // expands an entity or reads a DOCTYPE here. The metadata's strings are assigned, so a
    // record read again and again keeps their memory.
    auto& document = record.document;
    const auto root = document.child("record");
    const auto meta = root.child("meta");
    const auto form = meta.child("form");
    auto& m = record.meta;
    m.id = meta.child("id").text().get();
    m.form_id = form.attribute("id").value();
    m.form_version = form.attribute("version").as_int();
    m.status = meta.child("status").text().get();
    const auto created = meta.child("created");
    const auto modified = meta.child("modified");
    m.created_at = created.attribute("at").value();
    m.created_by = created.attribute("by").value();
    m.modified_at = modified.attribute("at").value();
    m.modified_by = modified.attribute("by").value();
    const auto revision = meta.child("revision").text().as_llong(1);
    m.revision = revision > 0 ? static_cast<long>(revision) : 1;
    std::size_t changes = 0;
    for (auto change : meta.child("transitions").children("transition")) {
        if (changes == m.transitions.size()) m.transitions.emplace_back();
        auto& to = m.transitions[changes++];
        to.from = change.attribute("from").value();
        to.to = change.attribute("to").value();
        to.at = change.attribute("at").value();
        to.by = change.attribute("by").value();
    }
    m.transitions.resize(changes);
    const auto instance = root.child(m.form_id.c_str());
    if (!parsed || m.id.empty() || !instance)
        throw std::runtime_error(std::string("a stored record cannot be read: ") +
                                 (parsed ? "it has no metadata or no instance" : parsed.description()));
    // The instance stays where it was parsed, moved to the top of the document, and the
    // rest (<record>, <meta>) goes: the same tree as a copy of it, without copying.
    if (!document.prepend_move(instance) || !document.remove_child(root))
        throw std::runtime_error("a stored record cannot be read: its instance could not be kept");
}

}  // namespace

Record parse_stored_record(const std::string& text) { return parse_stored_record(text.data(), text.size()); }

Record parse_record_document(const std::string& text) { return parse_stored_record(text); }

Record parse_stored_record(const char* text, std::size_t size) {
    Record record;
    parse_stored_record(text, size, record);
    return record;
}

void parse_stored_record(std::string& text, Record& record) {
    // Parsed where it is: the record's strings are the buffer's, which the caller keeps.
    read_stored_meta(record, record.document.load_buffer_inplace(text.data(), text.size(), pugi::parse_default,
                                                                 pugi::encoding_utf8));
}

void parse_stored_record(const char* text, std::size_t size, Record& record) {
    read_stored_meta(record, record.document.load_buffer(text, size, pugi::parse_default, pugi::encoding_utf8));
}

RecordRead read_record_file(const std::filesystem::path& path, const FormLookup& forms) {
    RecordRead read;
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error || size > record_limits.max_bytes) {
        read.diagnostics.push_back({Severity::error, path.string(), 0, 0, {},
                                    error ? "cannot read the file: " + error.message()
                                          : "the file is " + std::to_string(size) + " bytes; the most accepted is " +
                                                std::to_string(record_limits.max_bytes),
                                    {}});
        return read;
    }
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        read.diagnostics.push_back({Severity::error, path.string(), 0, 0, {},
                                    std::string("cannot open the file: ") + std::strerror(errno), {}});
        return read;
    }
    std::string text(size, '\0');
    const auto got = std::fread(text.data(), 1, size, file);
    std::fclose(file);
    text.resize(got);
    return read_record(std::move(text), path.string(), forms);
}

void write_record(const Record& record, pugi::xml_writer& out) {
    pugi::xml_document document;
    auto declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version").set_value("1.0");
    declaration.append_attribute("encoding").set_value("UTF-8");
    auto root = document.append_child("record");
    root.append_attribute("format").set_value("1");
    auto meta = root.append_child("meta");
    const auto& m = record.meta;
    meta.append_child("id").text().set(m.id.c_str());
    auto form = meta.append_child("form");
    form.append_attribute("id").set_value(m.form_id.c_str());
    form.append_attribute("version").set_value(m.form_version);
    meta.append_child("status").text().set(m.status.c_str());
    for (const auto& [name, at, by] : {std::tuple{"created", &m.created_at, &m.created_by},
                                       std::tuple{"modified", &m.modified_at, &m.modified_by}}) {
        auto stamp = meta.append_child(name);
        stamp.append_attribute("at").set_value(at->c_str());
        stamp.append_attribute("by").set_value(by->c_str());
    }
    meta.append_child("revision").text().set(static_cast<long long>(m.revision));
    if (!m.transitions.empty()) {
        auto transitions = meta.append_child("transitions");
        for (const auto& change : m.transitions) {
            auto entry = transitions.append_child("transition");
            entry.append_attribute("from").set_value(change.from.c_str());
            entry.append_attribute("to").set_value(change.to.c_str());
            entry.append_attribute("at").set_value(change.at.c_str());
            entry.append_attribute("by").set_value(change.by.c_str());
        }
    }
    root.append_copy(record.instance());
    // Empty elements as <x></x>: the template is filled in by hand, between the tags.
    document.save(out, "  ", pugi::format_default | pugi::format_no_empty_element_tags, pugi::encoding_utf8);
}

std::optional<std::string> save_record_file(const Record& record, const std::filesystem::path& path) {
    return write_file_atomically(path, [&](pugi::xml_writer& out) { write_record(record, out); });
}

std::optional<Diagnostic> set_value(const FormDefinition& form, Record& record, std::string_view path,
                                    std::string_view value) {
    const auto fail = [&](std::string message) {
        return Diagnostic{Severity::error, {}, 0, 0, std::string(path), std::move(message), {}};
    };
    if (const auto problem = xml_text_problem(value)) return fail("the text " + *problem + "; it was not stored");
    auto located = locate(form, record.instance(), path);
    if (!located) return fail("no such field in form '" + form.id + "'");
    const Node& field = *located->node;
    if (field.kind != NodeKind::field) return fail("'" + std::string(path) + "' is not a field");
    if (field.read_only && !located->person_part) return fail("the field is read-only");
    if (field.type == FieldType::person && !located->person_part)
        return fail("a person field has two parts: set " + std::string(path) + "/name and /role");
    auto element = located->element;
    if (field.type == FieldType::multi_choice) {
        while (element.first_child()) element.remove_child(element.first_child());
        std::size_t start = 0;
        const std::string text(value);
        while ((start = text.find_first_not_of(" \t\r\n", start)) != std::string::npos) {
            const auto end = text.find_first_of(" \t\r\n", start);
            element.append_child("item").text().set(text.substr(start, end - start).c_str());
            start = end;
        }
        return std::nullopt;
    }
    while (element.first_child()) element.remove_child(element.first_child());
    std::string stored(value);
    // The one place a typed or pasted date is read: day first, as officers write it, and kept
    // as ISO. Text the reader refuses is kept as typed, for the validator to name the problem.
    if (field.type == FieldType::date) {
        const auto date = sdk::read_uk_date(value);
        if (!date.iso.empty()) stored = date.iso;
        else if (date.problem.empty()) stored.clear();  // only spaces
    }
    if (!stored.empty()) element.text().set(stored.c_str());
    return std::nullopt;
}

}  // namespace formwork::forms
