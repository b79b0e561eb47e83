#include <formwork/archive/guarded_archive.hpp>

#include <zip.h>

#include <algorithm>
#include <array>
#include <limits>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace formwork::archive {

namespace {

std::string compose(const std::string& archive, const std::string& entry, const std::string& problem) {
    std::string text = archive;
    text += ": ";
    if (!entry.empty()) {
        text += entry;
        text += ": ";
    }
    text += problem;
    return text;
}

std::string compose(const std::string& archive, const std::string& entry, std::size_t line, std::size_t column,
                    const std::string& problem) {
    return archive + ": " + entry + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + problem;
}

struct ZipDiscard {
    void operator()(zip_t* zip) const noexcept { zip_discard(zip); }
};
struct ZipSourceFree {
    void operator()(zip_source_t* source) const noexcept { zip_source_free(source); }
};
struct ZipFileClose {
    void operator()(zip_file_t* file) const noexcept { zip_fclose(file); }
};
using ZipHandle = std::unique_ptr<zip_t, ZipDiscard>;
using ZipSourceHandle = std::unique_ptr<zip_source_t, ZipSourceFree>;
using ZipFileHandle = std::unique_ptr<zip_file_t, ZipFileClose>;

// A zip_error_t that is always finalised.
class ZipError {
public:
    ZipError() noexcept { zip_error_init(&error_); }
    explicit ZipError(int code) noexcept { zip_error_init_with_code(&error_, code); }
    ZipError(const ZipError&) = delete;
    ZipError& operator=(const ZipError&) = delete;
    ~ZipError() { zip_error_fini(&error_); }
    zip_error_t* get() noexcept { return &error_; }
    int code() const noexcept { return error_.zip_err; }

private:
    zip_error_t error_{};
};

// libzip's error codes in words for the person who gave the file; libzip's own text after them.
std::string zip_problem(int code, const std::string& libzip_text) {
    std::string words;
    switch (code) {
    case ZIP_ER_NOZIP: words = "is not a zip archive"; break;
    case ZIP_ER_INCONS: words = "is damaged (its table of contents does not match its contents)"; break;
    case ZIP_ER_CRC: words = "is damaged (its checksum does not match)"; break;
    case ZIP_ER_NOENT: words = "does not exist"; break;
    case ZIP_ER_OPEN: words = "cannot be opened"; break;
    case ZIP_ER_READ: words = "cannot be read"; break;
    case ZIP_ER_SEEK: words = "cannot be read (seeking in it failed)"; break;
    case ZIP_ER_EOF: words = "is damaged (it ends too early)"; break;
    case ZIP_ER_MEMORY: words = "cannot be read (out of memory)"; break;
    case ZIP_ER_MULTIDISK: words = "is split over several disks, which is not supported"; break;
    case ZIP_ER_COMPNOTSUPP: words = "is compressed in a way that is not supported"; break;
    case ZIP_ER_ENCRNOTSUPP: words = "is encrypted in a way that is not supported"; break;
    case ZIP_ER_NOPASSWD: words = "is encrypted, which is not supported"; break;
    case ZIP_ER_ZLIB: words = "is damaged (its compressed data is invalid)"; break;
    // libzip refuses a second entry of the same name itself, under ZIP_CHECKCONS.
    case ZIP_ER_EXISTS: words = "has two entries of the same name (which one is meant?)"; break;
    default:
        words = "cannot be read";
        if (!libzip_text.empty()) words += " (libzip: " + libzip_text + ")";
        break;
    }
    return words;
}

std::string zip_problem(ZipError& error) {
    const char* text = zip_error_strerror(error.get());
    return zip_problem(error.code(), text != nullptr ? text : "");
}

std::string in_quotes(std::string_view name) {
    return "'" + std::string(name) + "'";
}

bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t more = 0;
        std::uint32_t code = 0;
        std::uint32_t smallest = 0;
        if ((lead & 0xE0) == 0xC0) {
            more = 1;
            code = lead & 0x1F;
            smallest = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            more = 2;
            code = lead & 0x0F;
            smallest = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            more = 3;
            code = lead & 0x07;
            smallest = 0x10000;
        } else {
            return false;
        }
        if (text.size() - i - 1 < more) return false;
        for (std::size_t k = 1; k <= more; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code = (code << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and code points past Unicode's end all hide one name in another.
        if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        i += more + 1;
    }
    return true;
}

// Why a stored name cannot be let in, or empty when it is a plain relative path. Names are
// checked as stored (raw bytes), because that is what any later tool would write to disk.
std::string name_problem(std::string_view name, const ArchiveLimits& limits) {
    if (name.empty()) return "has an entry with no name";
    const std::string shown = in_quotes(name);
    if (name.size() > limits.max_name_bytes)
        return "has an entry whose name is longer than " + std::to_string(limits.max_name_bytes) + " bytes";
    // libzip 1.7 turns a NUL in a stored name into a space; this is for any libzip that does not.
    if (name.find('\0') != std::string_view::npos) return "has an entry whose name holds a NUL character";
    if (!valid_utf8(name)) return "has an entry whose name is neither UTF-8 nor plain ASCII";
    for (const char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return "has an entry whose name holds a control character";
    if (name.find('\\') != std::string_view::npos)
        return "has an entry " + shown + " whose name holds a backslash (names use '/' between folders)";
    if (name.front() == '/') return "has an entry " + shown + " with an absolute path";
    if (name.size() >= 2 && name[1] == ':' &&
        ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')))
        return "has an entry " + shown + " whose path starts with a drive letter";
    // A trailing '/' marks a folder; everything before it must be non-empty components.
    const std::string_view path = name.back() == '/' ? name.substr(0, name.size() - 1) : name;
    std::size_t components = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = path.find('/', start);
        const std::string_view component = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        ++components;
        if (component.empty()) return "has an entry " + shown + " whose path has an empty folder name ('//')";
        if (component == "..") return "has an entry " + shown + " whose path climbs out of the archive ('..')";
        if (component == ".") return "has an entry " + shown + " whose path has a '.' folder";
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (components > limits.max_path_depth)
        return "has an entry " + shown + " nested deeper than " + std::to_string(limits.max_path_depth) + " folders";
    return {};
}

std::uint64_t saturating_multiply(std::uint64_t a, std::uint64_t b) noexcept {
    if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::numeric_limits<std::uint64_t>::max();
    return a * b;
}

std::string bytes_in_words(std::uint64_t bytes) {
    if (bytes >= (std::uint64_t{1} << 20) && bytes % (std::uint64_t{1} << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

constexpr std::size_t piece_bytes = 64 * 1024;

}  // namespace

ArchiveError::ArchiveError(std::string archive_name, std::string entry_name, const std::string& problem_words)
    : std::runtime_error(compose(archive_name, entry_name, problem_words)),
      archive(std::move(archive_name)),
      entry(std::move(entry_name)),
      problem(problem_words) {}

ArchiveError::ArchiveError(std::string archive_name, std::string entry_name, std::size_t at_line, std::size_t at_column,
                           const std::string& problem_words)
    : std::runtime_error(compose(archive_name, entry_name, at_line, at_column, problem_words)),
      archive(std::move(archive_name)),
      entry(std::move(entry_name)),
      problem(problem_words),
      line(at_line),
      column(at_column) {}

struct GuardedArchive::State {
    std::string shown_as;
    ArchiveLimits limits;
    // The archive's bytes when it came from memory: libzip reads them in place, so they are
    // declared before the handle, to be destroyed after it.
    std::string bytes;
    ZipHandle zip;
    std::vector<ArchiveEntry> entries;
    std::vector<zip_uint64_t> indexes;  // each entry's index in the zip, in the same order
    // Views of the names in `entries`, which never change once the archive is open.
    std::unordered_map<std::string_view, std::size_t> by_name;
    std::uint64_t total_read = 0;       // bytes inflated by every read so far

    ArchiveError error(const std::string& entry, const std::string& problem) const {
        return ArchiveError(shown_as, entry, problem);
    }

    // Reads the central directory and checks every entry; throws ArchiveError.
    void check_entries() {
        const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
        if (count < 0) throw error({}, "is not a zip archive");
        if (static_cast<std::uint64_t>(count) > limits.max_entries)
            throw error({}, "has " + std::to_string(count) + " entries, more than the " + std::to_string(limits.max_entries) +
                                " allowed");
        entries.reserve(static_cast<std::size_t>(count));
        indexes.reserve(static_cast<std::size_t>(count));
        for (zip_uint64_t index = 0; index < static_cast<zip_uint64_t>(count); ++index) {
            zip_stat_t stat;
            zip_stat_init(&stat);
            if (zip_stat_index(zip.get(), index, ZIP_FL_ENC_RAW, &stat) != 0 || (stat.valid & ZIP_STAT_NAME) == 0 ||
                stat.name == nullptr) {
                ZipError problem(zip_error_code_zip(zip_get_error(zip.get())));
                throw error({}, zip_problem(problem) + " at entry " + std::to_string(index + 1));
            }
            std::string name = stat.name;
            if (std::string problem = name_problem(name, limits); !problem.empty()) throw error({}, problem);
            if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) == 0 || stat.encryption_method != ZIP_EM_NONE)
                throw error(name, "is encrypted; encrypted entries are not read (save the file without a password)");
            if ((stat.valid & ZIP_STAT_COMP_METHOD) == 0)
                throw error(name, "has no compression method");
            if (stat.comp_method != ZIP_CM_STORE && stat.comp_method != ZIP_CM_DEFLATE)
                throw error(name, "is compressed with method " + std::to_string(stat.comp_method) +
                                      "; only stored and deflated entries are read");
            if ((stat.valid & ZIP_STAT_SIZE) == 0 || (stat.valid & ZIP_STAT_COMP_SIZE) == 0)
                throw error(name, "has no size in the archive's table of contents");
            ArchiveEntry entry;
            entry.folder = name.back() == '/';
            entry.size = stat.size;
            entry.compressed_size = stat.comp_size;
            entry.name = std::move(name);
            entries.push_back(std::move(entry));
            indexes.push_back(index);
        }
        by_name.reserve(entries.size());
        for (std::size_t position = 0; position < entries.size(); ++position)
            if (!by_name.emplace(entries[position].name, position).second)
                throw error({}, "has two entries named " + in_quotes(entries[position].name) + " (which one is meant?)");
    }
};

GuardedArchive::GuardedArchive(std::unique_ptr<State> state) : state_(std::move(state)) {}
GuardedArchive::GuardedArchive(GuardedArchive&&) noexcept = default;
GuardedArchive& GuardedArchive::operator=(GuardedArchive&&) noexcept = default;
GuardedArchive::~GuardedArchive() = default;

GuardedArchive GuardedArchive::open(const std::filesystem::path& file, const ArchiveLimits& limits) {
    auto state = std::make_unique<State>();
    state->shown_as = file.filename().string();
    if (state->shown_as.empty()) state->shown_as = file.string();
    state->limits = limits;

    std::error_code failure;
    const auto status = std::filesystem::status(file, failure);
    if (failure || !std::filesystem::exists(status)) throw state->error({}, "does not exist");
    if (!std::filesystem::is_regular_file(status)) throw state->error({}, "is not a file");
    const std::uintmax_t size = std::filesystem::file_size(file, failure);
    if (failure) throw state->error({}, "cannot be read (" + failure.message() + ")");
    if (size == 0) throw state->error({}, "is empty, not a zip archive");
    if (size > limits.max_archive_bytes)
        throw state->error({}, "is " + std::to_string(size) + " bytes, more than the " +
                                   bytes_in_words(limits.max_archive_bytes) + " allowed");

    int code = 0;
    zip_t* zip = zip_open(file.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (zip == nullptr) {
        ZipError error(code);
        throw state->error({}, zip_problem(error));
    }
    state->zip.reset(zip);
    state->check_entries();
    return GuardedArchive(std::move(state));
}

GuardedArchive GuardedArchive::from_memory(std::string bytes, std::string shown_as, const ArchiveLimits& limits) {
    auto state = std::make_unique<State>();
    state->shown_as = std::move(shown_as);
    state->limits = limits;
    if (bytes.empty()) throw state->error({}, "is empty, not a zip archive");
    if (bytes.size() > limits.max_archive_bytes)
        throw state->error({}, "is " + std::to_string(bytes.size()) + " bytes, more than the " +
                                   bytes_in_words(limits.max_archive_bytes) + " allowed");
    state->bytes = std::move(bytes);

    ZipError error;
    ZipSourceHandle source(zip_source_buffer_create(state->bytes.data(), state->bytes.size(), 0, error.get()));
    if (!source) throw state->error({}, zip_problem(error));
    zip_t* zip = zip_open_from_source(source.get(), ZIP_RDONLY | ZIP_CHECKCONS, error.get());
    if (zip == nullptr) throw state->error({}, zip_problem(error));
    // The zip owns the source from here.
    (void)source.release();
    state->zip.reset(zip);
    state->check_entries();
    return GuardedArchive(std::move(state));
}

const std::string& GuardedArchive::shown_as() const noexcept {
    return state_->shown_as;
}

const std::vector<ArchiveEntry>& GuardedArchive::entries() const noexcept {
    return state_->entries;
}

const ArchiveEntry* GuardedArchive::find(std::string_view name) const noexcept {
    const auto found = state_->by_name.find(name);
    return found == state_->by_name.end() ? nullptr : &state_->entries[found->second];
}

std::string GuardedArchive::read(std::string_view name) {
    std::string content;
    stream(name, [&content](std::string_view piece) { content.append(piece); });
    return content;
}

void GuardedArchive::stream(std::string_view name, const std::function<void(std::string_view piece)>& sink) {
    State& state = *state_;
    const std::string entry_name(name);
    const ArchiveEntry* entry = find(name);
    if (entry == nullptr) throw state.error({}, "has no entry " + in_quotes(name));
    if (entry->folder) throw state.error(entry_name, "is a folder, not a file");
    const auto position = static_cast<std::size_t>(entry - state.entries.data());
    const zip_uint64_t index = state.indexes[position];
    const ArchiveLimits& limits = state.limits;
    const std::uint64_t ratio_ceiling = saturating_multiply(limits.max_ratio, entry->compressed_size);

    ZipFileHandle file(zip_fopen_index(state.zip.get(), index, 0));
    if (!file) {
        ZipError error(zip_error_code_zip(zip_get_error(state.zip.get())));
        throw state.error(entry_name, zip_problem(error));
    }
    std::array<char, piece_bytes> buffer;
    std::uint64_t produced = 0;
    while (true) {
        const zip_int64_t got = zip_fread(file.get(), buffer.data(), buffer.size());
        if (got < 0) {
            ZipError error(zip_error_code_zip(zip_file_get_error(file.get())));
            throw state.error(entry_name, zip_problem(error) + "; it was not read");
        }
        if (got == 0) break;
        const auto bytes = static_cast<std::uint64_t>(got);
        produced += bytes;
        state.total_read += bytes;
        // Each limit is checked on the bytes inflated so far, before any of them are handed on.
        if (produced > limits.max_entry_bytes)
            throw state.error(entry_name, "inflates to more than " + bytes_in_words(limits.max_entry_bytes) +
                                              ", the most one entry may hold; it was not read");
        if (produced > limits.ratio_floor && produced > ratio_ceiling)
            throw state.error(entry_name, "inflates to more than " + std::to_string(limits.max_ratio) +
                                              " times its compressed size (a zip bomb?); it was not read");
        if (state.total_read > limits.max_total_bytes)
            throw state.error(entry_name, "takes the archive past " + bytes_in_words(limits.max_total_bytes) +
                                              " inflated, the most all its entries may hold together; it was not read");
        sink(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    }
}

namespace {

// The 1-based line and column (in characters) of `offset` bytes into `text`.
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::ptrdiff_t offset) {
    const std::size_t end = offset < 0 ? 0 : std::min(text.size(), static_cast<std::size_t>(offset));
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;  // continuation bytes of a UTF-8 character are not columns of their own
        }
    }
    return {line, column};
}

}  // namespace

void parse_archived_xml(const std::string& text, const std::string& archive, const std::string& entry,
                        pugi::xml_document& document, unsigned parse_options, std::size_t max_depth) {
    document.reset();
    // pugixml keeps a DOCTYPE as a node when asked to, so that its presence can be seen and
    // refused; it never reads or expands what the DOCTYPE declares.
    const pugi::xml_parse_result result =
        document.load_buffer(text.data(), text.size(), parse_options | pugi::parse_doctype);
    if (!result) {
        const auto [line, column] = line_and_column(text, result.offset);
        document.reset();
        throw ArchiveError(archive, entry, line, column, std::string("is not well-formed XML: ") + result.description());
    }
    // A DOCTYPE anywhere, and the depth, by an explicit walk: a recursive one would let the file
    // choose how deep the stack goes.
    std::size_t depth = 0;
    pugi::xml_node node = document.first_child();
    while (node) {
        if (node.type() == pugi::node_doctype) {
            // pugixml's offset is of the DOCTYPE's text; its position is where "<!DOCTYPE" begins.
            const std::ptrdiff_t inside = node.offset_debug();
            const std::size_t start = text.rfind("<!DOCTYPE", inside < 0 ? std::string::npos : static_cast<std::size_t>(inside));
            const auto [line, column] =
                line_and_column(text, start == std::string::npos ? inside : static_cast<std::ptrdiff_t>(start));
            document.reset();
            throw ArchiveError(archive, entry, line, column,
                               "has a DOCTYPE; XML inside an archive may not declare a DTD or entities, so it was not read");
        }
        if (node.type() == pugi::node_element && depth + 1 > max_depth) {
            // pugixml's offset is of the element's name, just after its '<'.
            const auto [line, column] = line_and_column(text, node.offset_debug() - 1);
            document.reset();
            throw ArchiveError(archive, entry, line, column,
                               "nests elements deeper than " + std::to_string(max_depth) + " levels; it was not read");
        }
        if (node.first_child()) {
            node = node.first_child();
            ++depth;
            continue;
        }
        while (node && !node.next_sibling()) {
            node = node.parent();
            if (node == document) {
                node = pugi::xml_node();
                break;
            }
            --depth;
        }
        if (node) node = node.next_sibling();
    }
}

}  // namespace formwork::archive
