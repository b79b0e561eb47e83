#include <formwork/forms/atomic_file.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace formwork::forms {

namespace {

class DescriptorWriter : public pugi::xml_writer {
public:
    explicit DescriptorWriter(int descriptor) : descriptor_(descriptor) {}
    void write(const void* data, size_t size) override {
        const char* bytes = static_cast<const char*>(data);
        while (size > 0 && error_ == 0) {
            const auto written = ::write(descriptor_, bytes, size);
            if (written < 0) {
                if (errno != EINTR) error_ = errno;
                continue;
            }
            bytes += written;
            size -= static_cast<size_t>(written);
        }
    }
    int error() const noexcept { return error_; }

private:
    int descriptor_;
    int error_ = 0;
};

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

}  // namespace

std::optional<std::string> write_file_atomically(const std::filesystem::path& path,
                                                 const std::function<void(pugi::xml_writer&)>& produce) {
    const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string temporary = (folder / ("." + path.filename().string() + ".XXXXXX")).string();
    const int descriptor = mkstemp(temporary.data());
    if (descriptor < 0) return "cannot create a file in " + folder.string() + ": " + std::strerror(errno);
    // mkstemp makes the file private (0600); give it the mode any new document gets.
    ::fchmod(descriptor, 0666 & ~process_umask());

    DescriptorWriter writer(descriptor);
    int error = 0;
    try {
        produce(writer);
        error = writer.error();
        if (error == 0 && ::fsync(descriptor) != 0) error = errno;
    } catch (...) {
        ::close(descriptor);
        std::remove(temporary.c_str());
        throw;
    }
    if (::close(descriptor) != 0 && error == 0) error = errno;
    if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
    if (error != 0) {
        std::remove(temporary.c_str());
        return "cannot write " + path.string() + ": " + std::strerror(error);
    }
    return std::nullopt;
}

}  // namespace formwork::forms
