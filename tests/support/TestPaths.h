#pragma once
// Where tests find their inputs and put their outputs.

#include <filesystem>
#include <optional>
#include <string>

namespace docent::test {

std::filesystem::path sourceDir();
std::filesystem::path binaryDir();
// A scratch folder inside the build tree, created on demand: build/test-output/<name>.
std::filesystem::path outputDir(const std::string& name);
// The same folder emptied first: what a test that checks a folder's contents starts from.
std::filesystem::path freshOutputDir(const std::string& name);
// The reference glTF models (CMake cache variable DOCENT_GLTF_REF_DIR), or nullopt when the
// folder is absent on this machine.
std::optional<std::filesystem::path> gltfRefDir();

// Shared fixtures (generated clips) are built by whichever test process needs them first; ctest
// runs several at once. Each process writes to its own partial name (same folder, same
// extension, so tools pick the same format) and publishes it with publishFixture(), an atomic
// rename that replaces any copy another process published meanwhile.
std::filesystem::path partialFixturePath(const std::filesystem::path& target);
void publishFixture(const std::filesystem::path& partial, const std::filesystem::path& target);

} // namespace docent::test

// Marks the current test as skipped for ctest (SKIP_REGULAR_EXPRESSION "SKIPPED:") with a
// reason, and leaves the test case. Used only when an input outside the repository is absent.
#define DOCENT_SKIP(reason)                                                                        \
    do {                                                                                           \
        WARN("SKIPPED: " << reason);                                                               \
        return;                                                                                    \
    } while (false)

// Fetches the reference model folder or skips the test with the reason.
#define DOCENT_REQUIRE_GLTF_REF(var)                                                               \
    const auto var##Optional = ::docent::test::gltfRefDir();                                       \
    if (!var##Optional) {                                                                          \
        DOCENT_SKIP("reference glTF models not found (set DOCENT_GLTF_REF_DIR; looked in "         \
                    << DOCENT_GLTF_REF_DIR_STRING << ")");                                         \
    }                                                                                              \
    const std::filesystem::path var = *var##Optional

namespace docent::test {
extern const char* const DOCENT_GLTF_REF_DIR_STRING;
}
using docent::test::DOCENT_GLTF_REF_DIR_STRING;
