#include "commands.hpp"
#include "exit_codes.hpp"

#include <formwork/model/atomic_file.hpp>

#include <fstream>
#include <ostream>
#include <sstream>

namespace formwork::cli {

namespace {

class StreamWriter : public pugi::xml_writer {
public:
    explicit StreamWriter(std::ostream& out) : out_(out) {}
    void write(const void* data, size_t size) override {
        out_.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    }

private:
    std::ostream& out_;
};

}  // namespace

std::optional<std::string> read_input_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) return std::nullopt;
    return std::move(text).str();
}

int write_output(const std::optional<std::filesystem::path>& output, std::ostream& out, std::ostream& err,
                 const std::function<void(pugi::xml_writer&)>& produce) {
    if (!output) {
        StreamWriter writer(out);
        produce(writer);
        out.flush();
        return out ? exit_ok : exit_failure;
    }
    if (const auto problem = forms::write_file_atomically(*output, produce)) {
        err << "formwork-cli: " << *problem << "\n";
        return exit_failure;
    }
    return exit_ok;
}

}  // namespace formwork::cli
