#include "support/TestPaths.h"

#include <unistd.h>

#include <string>

namespace docent::test {

const char* const DOCENT_GLTF_REF_DIR_STRING = DOCENT_GLTF_REF_DIR;

std::filesystem::path sourceDir() {
    return DOCENT_SOURCE_DIR;
}

std::filesystem::path binaryDir() {
    return DOCENT_BINARY_DIR;
}

std::filesystem::path outputDir(const std::string& name) {
    auto dir = binaryDir() / "test-output" / name;
    std::filesystem::create_directories(dir);
    return dir;
}

std::filesystem::path freshOutputDir(const std::string& name) {
    const std::filesystem::path dir = outputDir(name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::optional<std::filesystem::path> gltfRefDir() {
    std::error_code ec;
    const std::filesystem::path dir = DOCENT_GLTF_REF_DIR;
    if (std::filesystem::is_directory(dir, ec)) {
        return std::filesystem::canonical(dir, ec);
    }
    return std::nullopt;
}

std::filesystem::path partialFixturePath(const std::filesystem::path& target) {
    return target.parent_path() / (target.stem().string() + ".partial-" +
                                   std::to_string(::getpid()) + target.extension().string());
}

void publishFixture(const std::filesystem::path& partial, const std::filesystem::path& target) {
    std::filesystem::rename(partial, target);
}

} // namespace docent::test
