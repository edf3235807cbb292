// Every input of the Khronos glTF-Validator's conformance set, loaded by docent and judged
// against the validator's own report: a file the validator finds valid must load; a file with
// errors must either load (docent does not use what is wrong, e.g. an animation) or be refused
// with one line that names the file; errors of the kinds the run contract lists (refused URIs,
// out-of-range data, malformed JSON or GLB) must be refused. Never a crash: run it under
// AddressSanitizer too (make test-asan).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/GltfLoader.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using docent::engine::loadGltf;

namespace {

struct Expectation {
    int errors = 0;
    bool absoluteUri = false; // NON_RELATIVE_URI at any severity
    std::set<std::string> errorCodes;
    std::vector<std::string> errorPointers;
};

Expectation readReport(const fs::path& report) {
    std::ifstream in(report);
    const auto doc = nlohmann::json::parse(in);
    Expectation e;
    e.errors = doc["issues"]["numErrors"].get<int>();
    for (const auto& m : doc["issues"]["messages"]) {
        if (m["code"] == "NON_RELATIVE_URI") {
            e.absoluteUri = true;
        }
        if (m["severity"].get<int>() == 0) {
            e.errorCodes.insert(m["code"].get<std::string>());
            e.errorPointers.push_back(m.value("pointer", ""));
        }
    }
    return e;
}

// Error codes that describe what DESIGN.md's run contract says must be refused (exit 1): the
// data would be read out of range, a URI would be followed where it must not, or the container
// cannot be parsed. Pointers under /images are excluded: an unreadable image is a placeholder.
const std::set<std::string> kMustRefuse = {
    "INVALID_JSON",
    "GLB_LENGTH_MISMATCH",
    "GLB_UNEXPECTED_END_OF_HEADER",
    "GLB_LENGTH_TOO_SMALL",
    "GLB_CHUNK_TOO_BIG",
    "GLB_UNEXPECTED_FIRST_CHUNK",
    "GLB_CHUNK_LENGTH_UNALIGNED",
    "BUFFER_VIEW_TOO_LONG",
    "ACCESSOR_TOO_LONG",
    "INVALID_URI",
    "NON_RELATIVE_URI",
    "BUFFER_BYTE_LENGTH_MISMATCH",
    "NODE_LOOP",
    "UNKNOWN_ASSET_MAJOR_VERSION",
};

bool mustRefuse(const Expectation& e) {
    for (const auto& code : e.errorCodes) {
        if (kMustRefuse.count(code)) {
            return true;
        }
    }
    return false;
}

bool imageOnly(const Expectation& e) {
    return !e.errorPointers.empty() &&
           std::all_of(e.errorPointers.begin(), e.errorPointers.end(),
                       [](const std::string& p) { return p.rfind("/images", 0) == 0; });
}

} // namespace

TEST_CASE("every glTF-Validator conformance input is loaded or refused cleanly",
          "[gltf][conformance]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path root = ref / "invalid" / "glTF-Validator";
    if (!fs::is_directory(root)) {
        DOCENT_SKIP("no glTF-Validator inputs under " << root.string());
    }
    std::vector<fs::path> inputs;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".gltf" || ext == ".glb") &&
            fs::exists(entry.path().string() + ".report.json")) {
            inputs.push_back(entry.path());
        }
    }
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(inputs.size() >= 300);

    int valid = 0;
    int refused = 0;
    int loadedDespiteErrors = 0;
    for (const auto& input : inputs) {
        const Expectation expected = readReport(input.string() + ".report.json");
        const auto result = loadGltf(input.string());
        INFO(input.string() << (result.ok() ? " loaded" : " refused: " + result.error));
        if (!result.ok()) {
            // One line that names the file.
            CHECK(result.error.find(input.string()) == 0);
            CHECK(result.error.find('\n') == std::string::npos);
            CHECK(result.error.size() > input.string().size() + 4);
        }
        if (expected.absoluteUri) {
            // docent's URI policy refuses what the validator only warns about: a URL with a
            // scheme would make a scan fetch from the network or the file system.
            CHECK_FALSE(result.ok());
        } else if (expected.errors == 0) {
            CHECK(result.ok());
            ++valid;
        } else if (mustRefuse(expected) && !imageOnly(expected)) {
            CHECK_FALSE(result.ok());
        }
        if (!result.ok()) {
            ++refused;
        } else if (expected.errors > 0) {
            ++loadedDespiteErrors;
        }
    }
    WARN(inputs.size() << " inputs: " << valid << " valid loaded, " << refused << " refused, "
                       << loadedDespiteErrors << " with validator errors loaded");
}
