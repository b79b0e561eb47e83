// Whether a database file is on a network share. SQLite's documentation warns that its file
// locking is unreliable over NFS and SMB, and that WAL needs shared memory, which a network
// filesystem does not give, so a file there risks being damaged by two writers at once.
#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

namespace formwork::forms::sqlite {

// The type of the filesystem that holds the file at `real_path` ("ext4", "nfs4", "fuse.sshfs"),
// from a mount table in the format of /proc/self/mountinfo: the mount whose mount point is
// the longest prefix of the file's folder. Empty when the table says nothing of it.
// `real_path` is the path the kernel opens (database_real_path): a symlink on a local disk
// that points onto a share is on the share.
std::string filesystem_type(const std::filesystem::path& real_path, std::istream& mount_table);

// The kind of share, for messages ("NFS", "SMB/CIFS", "sshfs"), when `type` is a network
// filesystem; empty for a local one.
std::string network_share_kind(std::string_view type);

}  // namespace formwork::forms::sqlite
