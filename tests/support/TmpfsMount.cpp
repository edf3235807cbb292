#include "support/TmpfsMount.h"

#include <sys/mount.h>

#include <cerrno>
#include <system_error>

namespace docent::test {

TmpfsMount::TmpfsMount(std::filesystem::path path, const char* options) : m_path(std::move(path)) {
    std::error_code ec;
    std::filesystem::create_directories(m_path, ec);
    ::umount2(m_path.c_str(), MNT_DETACH); // one left by an earlier run killed mid-test
    if (::mount("tmpfs", m_path.c_str(), "tmpfs", 0, options) != 0) {
        m_error = std::system_category().message(errno);
        return;
    }
    m_mounted = true;
}

TmpfsMount::~TmpfsMount() {
    if (m_mounted) {
        ::umount2(m_path.c_str(), MNT_DETACH);
    }
}

bool TmpfsMount::remountReadOnly() {
    return ::mount("tmpfs", m_path.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
}

} // namespace docent::test
