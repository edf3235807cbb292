#include "FuzzInput.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <unistd.h>

namespace docent::fuzz {

std::vector<std::string> splitFiles(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> parts;
    std::size_t begin = 0;
    while (true) {
        const std::size_t at = all.find(kFileSeparator, begin);
        if (at == std::string_view::npos) {
            parts.emplace_back(all.substr(begin));
            return parts;
        }
        parts.emplace_back(all.substr(begin, at - begin));
        begin = at + kFileSeparator.size();
    }
}

const std::string& scratchFolder() {
    // Never destroyed, so that the clean-up at exit can still read it.
    static const std::string* const folder = [] {
        const char* tmp = std::getenv("TMPDIR");
        const std::filesystem::path path = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
                                           ("docent-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratchFolder(), ec);
        });
        return new std::string(path.string());
    }();
    return *folder;
}

std::string writeFile(const std::string& name, std::string_view contents) {
    const std::string path = scratchFolder() + "/" + name;
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) {
        throw std::runtime_error("cannot write " + path);
    }
    std::fwrite(contents.data(), 1, contents.size(), file);
    std::fclose(file);
    return path;
}

} // namespace docent::fuzz
