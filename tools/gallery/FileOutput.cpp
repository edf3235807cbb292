#include "FileOutput.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace docent::tools {

bool writeFileAtomically(const std::string& path, const std::vector<std::uint8_t>& bytes,
                         std::string& reason) {
    const std::string temporary = path + ".tmp";
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr) {
        reason = std::strerror(errno);
        return false;
    }
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
    const int writeError = errno;
    if (std::fclose(file) != 0 || !written) {
        reason = std::strerror(written ? errno : writeError);
        std::remove(temporary.c_str());
        return false;
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        reason = error.message();
        std::remove(temporary.c_str());
        return false;
    }
    return true;
}

bool canWrite(const std::string& path, std::string& reason) {
    const std::string temporary = path + ".tmp";
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr) {
        reason = std::strerror(errno);
        return false;
    }
    std::fclose(file);
    std::remove(temporary.c_str());
    return true;
}

} // namespace docent::tools
