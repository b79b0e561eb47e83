#include <formwork/model/atomic_file.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace formwork::forms {

namespace {

constexpr std::string_view temporary_marker = ".formwork-tmp-";
constexpr std::size_t random_length = 6;
// Attempts at a fresh name before giving up: a clash needs the same six random characters.
constexpr int name_attempts = 100;

// umask can only be read by setting it; it is read once, before any thread of ours
// could create files.
mode_t process_umask() {
    static const mode_t mask = [] {
        const mode_t current = ::umask(0);
        ::umask(current);
        return current;
    }();
    return mask;
}

std::string folder_of(const std::filesystem::path& path) {
    return path.has_parent_path() ? path.parent_path().string() : std::string(".");
}

// The test switch (see the header): the named path, as on NFS.
bool unnamed_files_switched_off() {
    const char* value = std::getenv("FORMWORK_TEST_NO_TMPFILE");
    return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
}

bool is_alphanumeric(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_temporary_name(std::string_view name) {
    if (name.size() < 1 + temporary_marker.size() + random_length || name.front() != '.') return false;
    const auto random = name.substr(name.size() - random_length);
    const auto marker = name.substr(name.size() - random_length - temporary_marker.size(), temporary_marker.size());
    return marker == temporary_marker && std::all_of(random.begin(), random.end(), is_alphanumeric);
}

std::string temporary_name_for(const std::filesystem::path& target) {
    static constexpr std::string_view alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    unsigned char bytes[random_length] = {};
    if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
        for (auto& byte : bytes) byte = static_cast<unsigned char>(std::rand());
    // Short enough for a folder entry (255 bytes) whatever the target's name.
    std::string name = "." + target.filename().string().substr(0, 200) + std::string(temporary_marker);
    for (const auto byte : bytes) name += alphabet[static_cast<std::size_t>(byte) % alphabet.size()];
    return name;
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

// Whether `name` in the folder is still the file open as `descriptor`: a sweeper may have
// removed it between its making and its locking, or have removed a stale file of that name.
bool still_named(int folder, const std::string& name, int descriptor) {
    struct stat open_file {};
    struct stat named_file {};
    return ::fstat(descriptor, &open_file) == 0 && ::fstatat(folder, name.c_str(), &named_file, AT_SYMLINK_NOFOLLOW) == 0 &&
           same_file(open_file, named_file);
}

// Takes the lock that says "a live process is writing this". Returns false when someone
// else holds it (a sweeper that found the file in the moment before we locked it). Where a
// filesystem cannot lock at all, the file goes unlocked: a sweeper cannot lock it either,
// so it is never swept, only not cleaned up after a kill.
bool take_lock(int descriptor) {
    while (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        return errno != EWOULDBLOCK;
    }
    return true;
}

// Makes a fresh temporary beside the target (a file, or a folder), locked. Returns its
// descriptor and name; throws naming the folder when it cannot.
std::pair<int, std::string> make_locked(int folder, const std::filesystem::path& target, bool as_folder) {
    int error = EEXIST;
    for (int attempt = 0; attempt < name_attempts; ++attempt) {
        auto name = temporary_name_for(target);
        int descriptor = -1;
        if (as_folder) {
            if (::mkdirat(folder, name.c_str(), 0700) == 0)
                descriptor = ::openat(folder, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        } else {
            descriptor = ::openat(folder, name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        }
        if (descriptor < 0) {
            error = errno;
            if (error == EEXIST || error == ENOENT) continue;
            break;
        }
        if (take_lock(descriptor) && still_named(folder, name, descriptor)) return {descriptor, std::move(name)};
        ::close(descriptor);
    }
    throw std::runtime_error("cannot write in the folder " + folder_of(target) + ": " + std::strerror(error));
}

std::vector<std::string> entries_of(int folder) {
    std::vector<std::string> names;
    const int listing = ::openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (listing < 0) return names;
    DIR* directory = ::fdopendir(listing);
    if (directory == nullptr) {
        ::close(listing);
        return names;
    }
    while (const auto* entry = ::readdir(directory)) {
        const std::string_view name(entry->d_name);
        if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(directory);
    return names;
}

// A writer's scratch folder holds only its own flat files.
void empty_folder(int folder) {
    for (const auto& name : entries_of(folder)) ::unlinkat(folder, name.c_str(), 0);
}

std::size_t sweep(int folder) {
    std::size_t removed = 0;
    for (const auto& name : entries_of(folder)) {
        if (!is_temporary_name(name)) continue;
        // Opened for writing where it can be: NFS grants an exclusive lock only then.
        int descriptor = ::openat(folder, name.c_str(), O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (descriptor < 0 && errno == EISDIR)
            descriptor = ::openat(folder, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (descriptor < 0) continue;
        struct stat status {};
        // A held lock is a live writer's; a failed lock is a filesystem that cannot tell.
        const bool stale = ::fstat(descriptor, &status) == 0 && (S_ISREG(status.st_mode) || S_ISDIR(status.st_mode)) &&
                           ::flock(descriptor, LOCK_EX | LOCK_NB) == 0 && still_named(folder, name, descriptor);
        if (stale) {
            if (S_ISDIR(status.st_mode)) empty_folder(descriptor);
            if (::unlinkat(folder, name.c_str(), S_ISDIR(status.st_mode) ? AT_REMOVEDIR : 0) == 0) ++removed;
        }
        ::close(descriptor);
    }
    return removed;
}

int open_folder(const std::filesystem::path& folder) {
    int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    // A folder we may write in but not list: no sweep and no fsync of it, but still a place.
    if (descriptor < 0 && errno == EACCES) descriptor = ::open(folder.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    return descriptor;
}

std::string descriptor_path(int descriptor) { return "/proc/self/fd/" + std::to_string(descriptor); }

}  // namespace

// Buffers writes: a streamed export hands over one small record at a time, and a system
// call for each would cost more than writing it.
class AtomicFile::Writer : public pugi::xml_writer {
public:
    explicit Writer(AtomicFile& file) : file_(file) { buffer_.reserve(capacity); }
    void write(const void* data, size_t size) override {
        if (buffer_.size() + size > capacity) flush();
        if (size >= capacity)
            write_through(static_cast<const char*>(data), size);
        else
            buffer_.append(static_cast<const char*>(data), size);
    }
    void flush() {
        write_through(buffer_.data(), buffer_.size());
        buffer_.clear();
    }

private:
    static constexpr std::size_t capacity = 1 << 16;

    void write_through(const char* bytes, size_t size) {
        while (size > 0 && file_.error_ == 0) {
            const auto written = ::write(file_.descriptor_, bytes, size);
            if (written < 0) {
                if (errno != EINTR) file_.error_ = errno;
                continue;
            }
            bytes += written;
            size -= static_cast<size_t>(written);
        }
    }

    AtomicFile& file_;
    std::string buffer_;
};

std::size_t remove_stale_temporaries(const std::filesystem::path& folder) {
    const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor < 0) return 0;
    const auto removed = sweep(descriptor);
    ::close(descriptor);
    return removed;
}

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target)), folder_(target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".")) {
    folder_descriptor_ = open_folder(folder_);
    if (folder_descriptor_ < 0)
        throw std::runtime_error("cannot write in the folder " + folder_of(target_) + ": " + std::strerror(errno));
    try {
        sweep(folder_descriptor_);
        if (!unnamed_files_switched_off()) {
            // The mode is subject to the umask, as any new document's is.
            descriptor_ = ::openat(folder_descriptor_, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
            if (descriptor_ < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
                throw std::runtime_error("cannot write in the folder " + folder_of(target_) + ": " + std::strerror(errno));
            if (descriptor_ >= 0) {
                // Taken now, so the file is locked from the moment it has a name.
                take_lock(descriptor_);
                temporary_ = descriptor_path(descriptor_);
                struct stat through_proc {};
                if (::stat(temporary_.c_str(), &through_proc) == 0) return;
                // Without /proc there is no way to give the file a name: write a named one.
                ::close(descriptor_);
                descriptor_ = -1;
            }
        }
        auto [descriptor, name] = make_locked(folder_descriptor_, target_, false);
        descriptor_ = descriptor;
        temporary_name_ = std::move(name);
        temporary_ = folder_ / temporary_name_;
        // A fresh file is private (0600); give it the mode any new document gets.
        ::fchmod(descriptor_, 0666 & ~process_umask());
    } catch (...) {
        ::close(folder_descriptor_);
        throw;
    }
}

AtomicFile::~AtomicFile() {
    // The named temporary goes while its lock is still held, so no sweeper races for it.
    if (!committed_ && !temporary_name_.empty()) ::unlinkat(folder_descriptor_, temporary_name_.c_str(), 0);
    if (descriptor_ >= 0) ::close(descriptor_);
    if (scratch_descriptor_ >= 0) {
        empty_folder(scratch_descriptor_);
        ::unlinkat(folder_descriptor_, scratch_.filename().c_str(), AT_REMOVEDIR);
        ::close(scratch_descriptor_);
    }
    ::close(folder_descriptor_);
}

pugi::xml_writer& AtomicFile::writer() {
    if (!writer_) writer_ = std::make_unique<Writer>(*this);
    return *writer_;
}

bool AtomicFile::failed() {
    if (writer_) writer_->flush();
    return error_ != 0;
}

const std::filesystem::path& AtomicFile::temporary() {
    // Whoever reads the file by name must see everything written so far.
    if (writer_) writer_->flush();
    return temporary_;
}

const std::filesystem::path& AtomicFile::scratch_folder() {
    if (scratch_descriptor_ < 0) {
        auto [descriptor, name] = make_locked(folder_descriptor_, target_, true);
        scratch_descriptor_ = descriptor;
        scratch_ = folder_ / name;
    }
    return scratch_;
}

void AtomicFile::commit() {
    if (writer_) writer_->flush();
    // A writer that wrote by name (libxlsxwriter) truncated and wrote this same file, so
    // syncing our descriptor syncs what it wrote.
    int error = error_;
    if (error == 0 && ::fsync(descriptor_) != 0) error = errno;
    const auto target_name = target_.filename().string();
    if (error == 0 && temporary_name_.empty()) {
        // The unnamed file gets a name, still locked by us, then takes the target's. A kill
        // between the two leaves a named temporary that nobody holds: the next writer here
        // sweeps it.
        std::string name;
        for (int attempt = 0; attempt < name_attempts; ++attempt) {
            name = temporary_name_for(target_);
            if (::linkat(AT_FDCWD, temporary_.c_str(), folder_descriptor_, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
                error = 0;
                break;
            }
            error = errno;
            if (error != EEXIST) break;
        }
        if (error == 0 && ::renameat(folder_descriptor_, name.c_str(), folder_descriptor_, target_name.c_str()) != 0) {
            error = errno;
            ::unlinkat(folder_descriptor_, name.c_str(), 0);
        }
    } else if (error == 0 &&
               ::renameat(folder_descriptor_, temporary_name_.c_str(), folder_descriptor_, target_name.c_str()) != 0) {
        error = errno;
    }
    if (error != 0) throw std::runtime_error("cannot write " + target_.string() + ": " + std::strerror(error));
    committed_ = true;
    // The rename itself reaches the disk with the folder (fails harmlessly on an O_PATH one).
    ::fsync(folder_descriptor_);
    // Closing gives up the lock, after the file has its final name; fsync has already
    // reported any write that failed.
    ::close(descriptor_);
    descriptor_ = -1;
}

std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 const std::function<void(pugi::xml_writer&)>& produce) {
    try {
        AtomicFile file(path);
        produce(file.writer());
        file.commit();
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return std::nullopt;
}

}  // namespace formwork::forms
