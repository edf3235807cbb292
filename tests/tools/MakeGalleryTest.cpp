// docent-make-gallery, run as the build runs it: the output must be byte-identical from run to
// run and a well-formed GLB whose JSON refers only to bytes inside its BIN chunk.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#ifndef _WIN32
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/TestPaths.h"

namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t kGlbMagic = 0x46546C67; // "glTF"
constexpr std::uint32_t kChunkJson = 0x4E4F534A;
constexpr std::uint32_t kChunkBin = 0x004E4942;

fs::path generator() {
    return docent::test::binaryDir() / "bin" / "docent-make-gallery";
}

// Runs the generator with `arguments`; returns its exit status (-1 if it could not be run).
int runGenerator(const std::string& arguments, const fs::path& log) {
    const std::string command =
        "\"" + generator().string() + "\" " + arguments + " > \"" + log.string() + "\" 2>&1";
    const int status = std::system(command.c_str());
#ifdef _WIN32
    return status;
#else
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#endif
}

std::vector<std::uint8_t> readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string readText(const fs::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint32_t u32(const std::vector<std::uint8_t>& bytes, std::size_t at) {
    return static_cast<std::uint32_t>(bytes[at]) | static_cast<std::uint32_t>(bytes[at + 1]) << 8 |
           static_cast<std::uint32_t>(bytes[at + 2]) << 16 |
           static_cast<std::uint32_t>(bytes[at + 3]) << 24;
}

std::size_t componentSize(int componentType) {
    switch (componentType) {
    case 5120: // BYTE
    case 5121: // UNSIGNED_BYTE
        return 1;
    case 5122: // SHORT
    case 5123: // UNSIGNED_SHORT
        return 2;
    default: // UNSIGNED_INT, FLOAT
        return 4;
    }
}

std::size_t componentCount(const std::string& type) {
    if (type == "SCALAR") {
        return 1;
    }
    if (type == "VEC2") {
        return 2;
    }
    if (type == "VEC3") {
        return 3;
    }
    if (type == "VEC4" || type == "MAT2") {
        return 4;
    }
    return type == "MAT3" ? 9 : 16;
}

// One generated file, made once for all the checks below.
struct Generated {
    fs::path path;
    std::vector<std::uint8_t> bytes;
    nlohmann::json gltf;
    std::size_t binOffset = 0;
    std::size_t binLength = 0;
};

const Generated& generated() {
    static const Generated result = [] {
        Generated g;
        // ctest runs each case in a process of its own, two at a time: one folder each, or
        // one process reads the gallery while another rewrites it.
        g.path =
            docent::test::outputDir("make-gallery-" + std::to_string(::getpid())) / "gallery.glb";
        const fs::path log = g.path.parent_path() / "run.log";
        const int status = runGenerator("--out \"" + g.path.string() + "\"", log);
        INFO("docent-make-gallery said: " << readText(log));
        REQUIRE(status == 0);
        g.bytes = readBytes(g.path);
        fs::remove_all(g.path.parent_path()); // the cases read the bytes kept in memory
        REQUIRE(g.bytes.size() > 12 + 8 + 8);
        const std::uint32_t jsonLength = u32(g.bytes, 12);
        REQUIRE(u32(g.bytes, 16) == kChunkJson);
        REQUIRE(20 + std::size_t{jsonLength} + 8 <= g.bytes.size());
        g.gltf = nlohmann::json::parse(g.bytes.begin() + 20, g.bytes.begin() + 20 + jsonLength);
        const std::size_t binHeader = 20 + jsonLength;
        REQUIRE(u32(g.bytes, binHeader + 4) == kChunkBin);
        g.binLength = u32(g.bytes, binHeader);
        g.binOffset = binHeader + 8;
        return g;
    }();
    return result;
}

} // namespace

TEST_CASE("docent-make-gallery writes the same bytes on every run", "[tools]") {
    REQUIRE(fs::exists(generator()));
    const Generated& first = generated();
    const fs::path folder = docent::test::outputDir("make-gallery-again");
    const fs::path second = folder / "gallery.glb";
    REQUIRE(runGenerator("--out \"" + second.string() + "\"", folder / "run.log") == 0);
    const std::vector<std::uint8_t> bytes = readBytes(second);
    CHECK(bytes.size() == first.bytes.size());
    CHECK(bytes == first.bytes);
    // The one-line summary on stdout.
    const std::string log = readText(folder / "run.log");
    CHECK(log.find("triangles") != std::string::npos);
    CHECK(std::count(log.begin(), log.end(), '\n') == 1);
}

TEST_CASE("docent-make-gallery writes a well-formed GLB", "[tools]") {
    const Generated& g = generated();
    const std::vector<std::uint8_t>& bytes = g.bytes;
    CHECK(u32(bytes, 0) == kGlbMagic);
    CHECK(u32(bytes, 4) == 2);
    CHECK(u32(bytes, 8) == bytes.size());
    CHECK(u32(bytes, 12) % 4 == 0);
    CHECK(g.binLength % 4 == 0);
    // The BIN chunk is the last thing in the file.
    CHECK(g.binOffset + g.binLength == bytes.size());

    const nlohmann::json& gltf = g.gltf;
    CHECK(gltf["asset"]["version"] == "2.0");
    CHECK(gltf["asset"]["generator"] == "docent-make-gallery");
    REQUIRE(gltf["buffers"].size() == 1);
    CHECK(!gltf["buffers"][0].contains("uri"));
    CHECK(gltf["buffers"][0]["byteLength"].get<std::size_t>() <= g.binLength);
    REQUIRE(gltf.contains("scene"));
    CHECK(!gltf["scenes"][gltf["scene"].get<std::size_t>()]["nodes"].empty());
}

TEST_CASE("the museum names its 18 artworks and its rooms' floors and walls", "[tools]") {
    // The works of the demo tour (docs: the museum's artwork list), one node each.
    const std::set<std::string> expected = {
        "artwork.bronze-dancer",     "artwork.marble-bust",
        "artwork.moon-harbour",      "artwork.stormy-coast",
        "artwork.sunset-regatta",    "artwork.river-poplars",
        "artwork.alpine-lake",       "artwork.orchard-in-bloom",
        "artwork.lady-in-blue",      "artwork.letter-by-moonlight",
        "artwork.old-fisherman",     "artwork.young-cellist",
        "artwork.market-morning",    "artwork.winter-moon",
        "artwork.still-life-lemons", "artwork.peonies",
        "artwork.copper-pots",       "artwork.celestial-vase"};
    const nlohmann::json& gltf = generated().gltf;
    std::set<std::string> artworks;
    std::set<std::string> names;
    for (const auto& node : gltf["nodes"]) {
        const std::string name = node.value("name", "");
        names.insert(name);
        if (name.rfind("artwork.", 0) == 0) {
            CHECK(artworks.insert(name).second); // no artwork twice
            // The artwork node itself carries the mesh, so a pick on any part returns it.
            CHECK(node.contains("mesh"));
        }
    }
    CHECK(artworks == expected);
    for (const char* room : {"hall", "gallery-a", "gallery-b", "gallery-c"}) {
        INFO("room " << room);
        CHECK(names.count(std::string(room) + ".floor") == 1);
        CHECK(names.count(std::string(room) + ".walls") == 1);
    }
}

TEST_CASE("every accessor lies inside the BIN chunk", "[tools]") {
    const Generated& g = generated();
    const nlohmann::json& gltf = g.gltf;
    const std::size_t bufferLength = gltf["buffers"][0]["byteLength"].get<std::size_t>();
    for (const auto& view : gltf["bufferViews"]) {
        const std::size_t offset = view.value("byteOffset", std::size_t{0});
        const std::size_t length = view["byteLength"].get<std::size_t>();
        CHECK(offset % 4 == 0);
        CHECK(offset + length <= bufferLength);
    }
    REQUIRE(!gltf["accessors"].empty());
    for (const auto& accessor : gltf["accessors"]) {
        REQUIRE(accessor.contains("bufferView"));
        const auto& view = gltf["bufferViews"][accessor["bufferView"].get<std::size_t>()];
        const std::size_t element = componentSize(accessor["componentType"].get<int>()) *
                                    componentCount(accessor["type"].get<std::string>());
        const std::size_t stride = view.value("byteStride", element);
        const std::size_t count = accessor["count"].get<std::size_t>();
        const std::size_t start =
            view.value("byteOffset", std::size_t{0}) + accessor.value("byteOffset", std::size_t{0});
        const std::size_t end = count == 0 ? start : start + stride * (count - 1) + element;
        CHECK(count > 0);
        CHECK(end <=
              view.value("byteOffset", std::size_t{0}) + view["byteLength"].get<std::size_t>());
        CHECK(end <= g.binLength);
    }
}

TEST_CASE("POSITION accessors carry min and max", "[tools]") {
    const nlohmann::json& gltf = generated().gltf;
    int positions = 0;
    for (const auto& mesh : gltf["meshes"]) {
        for (const auto& primitive : mesh["primitives"]) {
            const auto& attributes = primitive["attributes"];
            REQUIRE(attributes.contains("POSITION"));
            CHECK(attributes.contains("NORMAL"));
            CHECK(attributes.contains("TEXCOORD_0"));
            const auto& accessor = gltf["accessors"][attributes["POSITION"].get<std::size_t>()];
            CHECK(accessor["min"].size() == 3);
            CHECK(accessor["max"].size() == 3);
            ++positions;
        }
    }
    CHECK(positions > 0);
}

TEST_CASE("docent-make-gallery reports usage and write errors", "[tools]") {
    const fs::path folder = docent::test::outputDir("make-gallery-errors");
    CHECK(runGenerator("", folder / "none.log") == 2);
    CHECK(runGenerator("--help", folder / "help.log") == 0);
    CHECK(readText(folder / "help.log").find("--out") != std::string::npos);
    const fs::path unwritable = folder / "no-such-folder" / "gallery.glb";
    CHECK(runGenerator("--out \"" + unwritable.string() + "\"", folder / "bad.log") == 1);
    CHECK(readText(folder / "bad.log")
              .find("docent-make-gallery: cannot write " + unwritable.string() + ":") !=
          std::string::npos);
    CHECK(!fs::exists(unwritable));
}
