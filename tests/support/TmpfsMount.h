#pragma once
// A small tmpfs mounted over a test folder for the test's lifetime: a disk that fills up, or
// (remounted read-only) a folder nobody can write, even root, whom file modes do not stop. Needs
// root with CAP_SYS_ADMIN; error() says why mounting failed, for the test's skip reason.

#include <filesystem>
#include <string>

namespace docent::test {

class TmpfsMount {
public:
    // options: mount(8)'s, e.g. "size=256k".
    TmpfsMount(std::filesystem::path path, const char* options);
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;

    bool mounted() const { return m_mounted; }
    const std::filesystem::path& path() const { return m_path; }
    const std::string& error() const { return m_error; }
    bool remountReadOnly();

private:
    std::filesystem::path m_path;
    std::string m_error;
    bool m_mounted = false;
};

} // namespace docent::test
