#include "network_share.hpp"

#include <array>
#include <sstream>
#include <utility>
#include <vector>

namespace formwork::forms::sqlite {
namespace {

// mountinfo writes a space, tab, newline and backslash in a path as \040, \011, \012, \134.
std::string unescape(const std::string& field) {
    std::string text;
    for (std::size_t at = 0; at < field.size(); ++at) {
        if (field[at] == '\\' && at + 3 < field.size()) {
            const auto octal = field.substr(at + 1, 3);
            if (octal.find_first_not_of("01234567") == std::string::npos) {
                text += static_cast<char>(std::stoi(octal, nullptr, 8));
                at += 3;
                continue;
            }
        }
        text += field[at];
    }
    return text;
}

// Whether `mount_point` is `folder` or one of its ancestors.
bool holds(const std::string& mount_point, const std::string& folder) {
    if (mount_point == "/") return true;
    return folder.compare(0, mount_point.size(), mount_point) == 0 &&
           (folder.size() == mount_point.size() || folder[mount_point.size()] == '/');
}

}  // namespace

std::string filesystem_type(const std::filesystem::path& real_path, std::istream& mount_table) {
    const auto folder = real_path.parent_path().string();
    std::string best_point, best_type;
    std::string line;
    while (std::getline(mount_table, line)) {
        // id parent major:minor root mount-point options [optional fields...] - type source super-options
        std::istringstream fields(line);
        std::vector<std::string> words;
        for (std::string word; fields >> word;) words.push_back(word);
        std::size_t separator = 6;
        while (separator < words.size() && words[separator] != "-") ++separator;
        if (words.size() < 5 || separator + 1 >= words.size()) continue;
        const auto mount_point = unescape(words[4]);
        // A later mount on the same point hides an earlier one: the last wins a tie.
        if (holds(mount_point, folder) && mount_point.size() >= best_point.size()) {
            best_point = mount_point;
            best_type = words[separator + 1];
        }
    }
    return best_type;
}

std::string network_share_kind(std::string_view type) {
    static const std::array<std::pair<std::string_view, std::string_view>, 22> kinds{{
        {"nfs", "NFS"}, {"nfs4", "NFS"}, {"cifs", "SMB/CIFS"}, {"smb3", "SMB/CIFS"}, {"smbfs", "SMB/CIFS"},
        {"ncpfs", "NetWare"}, {"9p", "9P"}, {"afs", "AFS"}, {"coda", "Coda"}, {"ceph", "Ceph"},
        {"glusterfs", "GlusterFS"}, {"lustre", "Lustre"}, {"gfs2", "GFS2"}, {"ocfs2", "OCFS2"}, {"davfs", "WebDAV"},
        {"fuse.sshfs", "sshfs"}, {"fuse.glusterfs", "GlusterFS"}, {"fuse.s3fs", "S3"}, {"fuse.rclone", "rclone"},
        {"fuse.gcsfuse", "Cloud Storage"}, {"fuse.davfs2", "WebDAV"}, {"fuse.smbnetfs", "SMB/CIFS"},
    }};
    for (const auto& [name, kind] : kinds)
        if (type == name) return std::string(kind);
    return {};
}

}  // namespace formwork::forms::sqlite
