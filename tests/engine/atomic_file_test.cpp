// Atomic files and their temporaries: a temporary that no live process holds is swept away
// by the next writer in its folder; one a live writer holds is never touched; through
// O_TMPFILE the content has no name at all until it is committed. Writers in other
// processes are real child processes, killed with SIGKILL where the test needs a crash.
#include "temp_folder.hpp"

#include <formwork/model/atomic_file.hpp>

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <cctype>
#include <set>
#include <sstream>
#include <string>

namespace forms = formwork::forms;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// Everything in the folder, by name.
std::set<std::string> names_in(const fs::path& folder) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) names.insert(entry.path().filename().string());
    return names;
}

// Named as the header documents: ".<target's name>.formwork-tmp-XXXXXX".
std::set<std::string> temporaries_in(const fs::path& folder) {
    const std::string marker = ".formwork-tmp-";
    const auto temporary = [&](const std::string& name) {
        const auto at = name.rfind(marker);
        if (name.empty() || name[0] != '.' || at == std::string::npos || at < 2) return false;
        const auto suffix = name.substr(at + marker.size());
        if (suffix.size() != 6) return false;
        for (const char c : suffix)
            if (!std::isalnum(static_cast<unsigned char>(c))) return false;
        return true;
    };
    std::set<std::string> found;
    for (const auto& name : names_in(folder))
        if (temporary(name)) found.insert(name);
    return found;
}

// A writer in a child process: it makes an AtomicFile for `target` through a named
// temporary (the test switch), writes `text` into it and into a scratch folder, says so,
// then waits. Told to go on, it commits and exits; otherwise it is killed where it stands.
class ChildWriter {
public:
    ChildWriter(const fs::path& target, const std::string& text) {
        int ready[2];
        int go[2];
        REQUIRE(::pipe(ready) == 0);
        REQUIRE(::pipe(go) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::close(ready[0]);
            ::close(go[1]);
            int code = 0;
            try {
                ::setenv("FORMWORK_TEST_NO_TMPFILE", "1", 1);
                forms::AtomicFile file(target);
                file.writer().write(text.data(), text.size());
                write_text(file.scratch_folder() / "scratch", "a writer's own scratch");
                code = file.failed() ? 3 : 0;
                [[maybe_unused]] const auto said = ::write(ready[1], "r", 1);
                char order = 0;
                if (::read(go[0], &order, 1) == 1 && order == 'c') file.commit();
            } catch (...) {
                code = 2;
            }
            ::_exit(code);  // no destructors of the parent's objects, no Catch2 teardown
        }
        ::close(ready[1]);
        ::close(go[0]);
        go_ = go[1];
        char said = 0;
        REQUIRE(::read(ready[0], &said, 1) == 1);
        ::close(ready[0]);
    }
    ChildWriter(const ChildWriter&) = delete;
    ChildWriter& operator=(const ChildWriter&) = delete;
    ~ChildWriter() {
        if (pid_ > 0) kill();
    }

    void kill() {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        ::close(go_);
        pid_ = -1;
    }

    // Returns the child's exit status.
    int commit() {
        [[maybe_unused]] const auto said = ::write(go_, "c", 1);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        ::close(go_);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    pid_t pid_ = -1;
    int go_ = -1;
};

}  // namespace

TEST_CASE("atomic files: a temporary left by a killed writer is swept by the next writer in its folder",
          "[atomic_file]") {
    formwork::test::TempFolder folder;
    const auto target = folder.path() / "report.xml";
    write_text(folder.path() / "notes.txt", "not ours");
    // Looks a little like a temporary, but is not named like one: never touched.
    write_text(folder.path() / ".report.xml.formwork-tmp-toolong", "not ours either");
    {
        ChildWriter writer(target, "half a report");
        // Its file and its scratch folder.
        REQUIRE(temporaries_in(folder.path()).size() == 2);
        writer.kill();
    }
    REQUIRE(temporaries_in(folder.path()).size() == 2);
    // A temporary of another target, made and never locked (by an older program, say).
    write_text(folder.path() / ".other.xlsx.formwork-tmp-a1B2c3", "stale");
    REQUIRE(temporaries_in(folder.path()).size() == 3);

    REQUIRE_FALSE(forms::write_file_atomically(target, [](pugi::xml_writer& out) { out.write("whole", 5); }));

    CHECK(read_text(target) == "whole");
    CHECK(names_in(folder.path()) == std::set<std::string>{"report.xml", "notes.txt", ".report.xml.formwork-tmp-toolong"});
}

TEST_CASE("atomic files: a live writer's temporary is never swept, and its commit lands after another's",
          "[atomic_file]") {
    formwork::test::TempFolder folder;
    const auto target = folder.path() / "report.xml";
    ChildWriter writer(target, "the child's report");
    const auto held = temporaries_in(folder.path());
    REQUIRE(held.size() == 2);

    CHECK(forms::remove_stale_temporaries(folder.path()) == 0);
    for (const bool named : {false, true}) {
        if (named)
            ::setenv("FORMWORK_TEST_NO_TMPFILE", "1", 1);
        else
            ::unsetenv("FORMWORK_TEST_NO_TMPFILE");
        forms::AtomicFile file(target);
        if (named) CHECK(file.named());
        file.writer().write("the parent's report", 19);
        file.commit();
    }
    ::unsetenv("FORMWORK_TEST_NO_TMPFILE");
    CHECK(read_text(target) == "the parent's report");
    CHECK(temporaries_in(folder.path()) == held);

    REQUIRE(writer.commit() == 0);
    CHECK(read_text(target) == "the child's report");
    CHECK(names_in(folder.path()) == std::set<std::string>{"report.xml"});
}

TEST_CASE("atomic files: through O_TMPFILE the content has no name until it is committed", "[atomic_file]") {
    formwork::test::TempFolder folder;
    const auto target = folder.path() / "book.xlsx";
    write_text(target, "the old book");
    // Whether this filesystem has O_TMPFILE, asked directly.
    const int probe = ::open(folder.path().c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (probe < 0) {
        WARN("skipped: " << folder.path() << " is on a filesystem without O_TMPFILE");
        return;
    }
    ::close(probe);
    ::unsetenv("FORMWORK_TEST_NO_TMPFILE");
    forms::AtomicFile file(target);
    REQUIRE_FALSE(file.named());
    CHECK(file.temporary().string().rfind("/proc/self/fd/", 0) == 0);
    // As libxlsxwriter does: opened by that name, truncated and written.
    std::FILE* by_name = std::fopen(file.temporary().c_str(), "wb");
    REQUIRE(by_name != nullptr);
    std::fputs("the new book", by_name);
    REQUIRE(std::fclose(by_name) == 0);
    CHECK(names_in(folder.path()) == std::set<std::string>{"book.xlsx"});
    CHECK(read_text(target) == "the old book");

    file.commit();
    CHECK(read_text(target) == "the new book");
    CHECK(names_in(folder.path()) == std::set<std::string>{"book.xlsx"});
}
