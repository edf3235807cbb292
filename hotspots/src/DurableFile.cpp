#include "hotspots/DurableFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace docent::hotspots {

namespace {

constexpr mode_t kFileMode = 0644; // rw-r--r--, before the umask

bool writeAll(int fd, const std::string& bytes) {
    const char* data = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    return true;
}

// The rename is only durable once the folder's entry for it is on disk too. 0 or an errno.
int syncFolder(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    int code = ::fsync(fd) == 0 ? 0 : errno;
    if (::close(fd) != 0 && code == 0) {
        code = errno;
    }
    return code;
}

// strerror()'s text without its shared buffer.
std::string reason(int code) {
    return std::system_category().message(code);
}

} // namespace

bool writeFileDurably(const std::string& path, const std::string& bytes, std::string& error,
                      bool keepBackup) {
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    const std::string backup = path + ".bak";
    auto fail = [&](int code) {
        error = path + ": cannot save: " + reason(code);
        ::unlink(temporary.c_str()); // may not exist yet; path itself is never touched here
        return false;
    };

    int fd = -1;
    do {
        fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kFileMode);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        return fail(errno);
    }
    // A full disk shows up in write(), in fsync() (delayed allocation) or, on network file
    // systems, only in close(): each is checked, and the temporary file goes on any of them.
    if (!writeAll(fd, bytes) || ::fsync(fd) != 0) {
        const int code = errno;
        ::close(fd);
        return fail(code);
    }
    if (::close(fd) != 0) {
        return fail(errno);
    }

    // The new content is on disk: only now is the old backup given up for the current file.
    // link() cannot replace a name, hence the unlink first; a crash between the two loses the
    // backup, never the file. File systems without hard links (FAT on a USB stick) get a copy.
    if (keepBackup) {
        if (::unlink(backup.c_str()) != 0 && errno != ENOENT) {
            return fail(errno);
        }
        if (::link(path.c_str(), backup.c_str()) != 0) {
            if (errno == EPERM || errno == EOPNOTSUPP) {
                std::error_code ec;
                std::filesystem::copy_file(path, backup, ec);
                if (ec) {
                    return fail(ec.value());
                }
            } else if (errno != ENOENT) { // ENOENT: the first save, nothing to keep
                return fail(errno);
            }
        }
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        return fail(errno);
    }
    std::string folder = std::filesystem::path(path).parent_path().string();
    if (folder.empty()) {
        folder = ".";
    }
    if (const int code = syncFolder(folder); code != 0) {
        error = path + ": cannot save: " + reason(code);
        return false;
    }
    return true;
}

} // namespace docent::hotspots
