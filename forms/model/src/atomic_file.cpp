#include <formwork/model/atomic_file.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace formwork::forms {

namespace {

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

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    const auto folder = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
    std::string pattern = (folder / ("." + target_.filename().string() + ".XXXXXX")).string();
    descriptor_ = ::mkstemp(pattern.data());
    if (descriptor_ < 0)
        throw std::runtime_error("cannot write in the folder " + folder_of(target_) + ": " + std::strerror(errno));
    temporary_ = pattern;
    // mkstemp makes the file private (0600); give it the mode any new document gets.
    ::fchmod(descriptor_, 0666 & ~process_umask());
}

AtomicFile::~AtomicFile() {
    if (descriptor_ >= 0) ::close(descriptor_);
    if (!committed_) std::remove(temporary_.c_str());
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

void AtomicFile::commit() {
    if (writer_) writer_->flush();
    // A writer that wrote by name (not through writer()) may have replaced the file: sync
    // what is at the temporary path now.
    int error = error_;
    if (error == 0) {
        const int descriptor = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
        if (descriptor < 0 || ::fsync(descriptor) != 0) error = errno;
        if (descriptor >= 0) ::close(descriptor);
    }
    if (descriptor_ >= 0 && ::close(descriptor_) != 0 && error == 0) error = errno;
    descriptor_ = -1;
    if (error == 0 && std::rename(temporary_.c_str(), target_.c_str()) != 0) error = errno;
    if (error != 0) throw std::runtime_error("cannot write " + target_.string() + ": " + std::strerror(error));
    committed_ = true;
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
