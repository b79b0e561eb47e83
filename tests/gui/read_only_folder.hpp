// A database's folder made read-only for this program while a test runs, for the window's
// read-only database: bound onto itself read-only in a mount namespace of the test's own thread
// when root (root ignores permissions), else its permissions taken away.
#pragma once

#include <catch2/catch.hpp>

#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace formwork::test {

class ReadOnlyFolder {
public:
    explicit ReadOnlyFolder(std::filesystem::path folder) : folder_(std::move(folder)) {
        if (::geteuid() != 0) {
            std::filesystem::permissions(folder_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
            permissions_taken_ = true;
            return;
        }
        INFO(std::strerror(errno));
        REQUIRE(::unshare(CLONE_NEWNS) == 0);
        REQUIRE(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0);
        REQUIRE(::mount(folder_.c_str(), folder_.c_str(), nullptr, MS_BIND, nullptr) == 0);
        mounted_ = true;
        REQUIRE(::mount(nullptr, folder_.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0);
    }
    ~ReadOnlyFolder() {
        if (mounted_) ::umount2(folder_.c_str(), MNT_DETACH);
        if (permissions_taken_) std::filesystem::permissions(folder_, std::filesystem::perms::owner_all);
    }
    ReadOnlyFolder(const ReadOnlyFolder&) = delete;
    ReadOnlyFolder& operator=(const ReadOnlyFolder&) = delete;

private:
    std::filesystem::path folder_;
    bool mounted_ = false;
    bool permissions_taken_ = false;
};

}  // namespace formwork::test
