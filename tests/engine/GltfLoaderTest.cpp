// The glTF loader on small files made here, one per case: what it must read correctly (buffers
// as files, GLB chunks and data: URIs, strips and fans, quantized and sparse data, materials'
// extensions, the node hierarchy) and what it must refuse with one line naming the file and the
// problem (URIs leaving the asset's folder, special files, out-of-range views, accessors and
// indices, deep JSON, truncated GLB, node loops, extensions docent lacks). Images that are missing
// or undecodable become placeholders with a warning. Run under ASan+UBSan too: nothing here may
// crash, hang or allocate what a lying header asks for.

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <draco/compression/encode.h>
#include <draco/mesh/triangle_soup_mesh_builder.h>
#include <glm/glm.hpp>
#include <meshoptimizer.h>
#include <nlohmann/json.hpp>

#include "engine/GltfLoader.h"
#include "engine/Image.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using docent::engine::Image;
using docent::engine::loadGltf;
using docent::engine::LoadResult;
using docent::engine::LoadStatus;
using nlohmann::json;

namespace {

constexpr int kByte = 5120;
constexpr int kUnsignedByte = 5121;
constexpr int kShort = 5122;
constexpr int kUnsignedShort = 5123;
constexpr int kUnsignedInt = 5125;
constexpr int kFloat = 5126;
constexpr int kModeTriangleStrip = 5;
constexpr int kModeTriangleFan = 6;

constexpr std::uint32_t kGlbMagic = 0x46546C67;     // "glTF"
constexpr std::uint32_t kGlbChunkJson = 0x4E4F534A; // "JSON"
constexpr std::uint32_t kGlbChunkBin = 0x004E4942;  // "BIN\0"
constexpr std::size_t kGlbHeaderBytes = 12;
constexpr std::size_t kGlbChunkHeaderBytes = 8;

// The triangle every case starts from: three float positions, then three u16 indices.
constexpr std::size_t kTrianglePositionBytes = 36;
constexpr std::size_t kTriangleIndexBytes = 6;
constexpr std::size_t kTriangleBinBytes = 44; // positions, indices, two bytes of padding

constexpr auto kFifoPatience = std::chrono::seconds(10); // a load that takes longer has hung
constexpr float kTolerance = 1e-5f;

using Bytes = std::vector<std::uint8_t>;

// --- Bytes and files -------------------------------------------------------------------------

template <typename T>
void append(Bytes& out, std::initializer_list<T> values) {
    for (const T value : values) {
        const auto at = out.size();
        out.resize(at + sizeof(T));
        std::memcpy(out.data() + at, &value, sizeof(T));
    }
}

void padTo4(Bytes& out, std::uint8_t fill = 0) {
    while (out.size() % 4 != 0) {
        out.push_back(fill);
    }
}

void putU32(Bytes& out, std::size_t at, std::uint32_t value) {
    std::memcpy(out.data() + at, &value, sizeof value);
}

void writeBytes(const fs::path& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
}

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE(out.good());
}

// A fresh, empty folder for one test case.
fs::path scratch(const std::string& name) {
    const fs::path dir = docent::test::outputDir("gltf-loader") / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string base64(const Bytes& bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t left = bytes.size() - i;
        std::uint32_t group = static_cast<std::uint32_t>(bytes[i]) << 16;
        if (left > 1) {
            group |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
        }
        if (left > 2) {
            group |= bytes[i + 2];
        }
        out.push_back(kAlphabet[(group >> 18) & 63]);
        out.push_back(kAlphabet[(group >> 12) & 63]);
        out.push_back(left > 1 ? kAlphabet[(group >> 6) & 63] : '=');
        out.push_back(left > 2 ? kAlphabet[group & 63] : '=');
    }
    return out;
}

// CRC-32 as PNG chunks use it (ISO 3309, reflected, polynomial 0xEDB88320).
std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

Bytes smallPng(int width, int height) {
    Image image;
    image.width = width;
    image.height = height;
    image.pixels.assign(static_cast<std::size_t>(width * height * 4), 200);
    Bytes png = docent::engine::encodePng(image);
    REQUIRE(!png.empty());
    return png;
}

// A valid PNG whose IHDR (with a correct CRC) claims width x height: the decoder must refuse it
// from the header alone.
Bytes pngClaiming(std::uint32_t width, std::uint32_t height) {
    Bytes png = smallPng(1, 1);
    constexpr std::size_t kIhdrType = 12; // after the 8-byte signature and the chunk length
    constexpr std::size_t kIhdrData = 16;
    constexpr std::size_t kIhdrCrc = 29;
    REQUIRE(std::memcmp(png.data() + kIhdrType, "IHDR", 4) == 0);
    const auto putBigEndian = [&](std::size_t at, std::uint32_t v) {
        png[at] = static_cast<std::uint8_t>(v >> 24);
        png[at + 1] = static_cast<std::uint8_t>(v >> 16);
        png[at + 2] = static_cast<std::uint8_t>(v >> 8);
        png[at + 3] = static_cast<std::uint8_t>(v);
    };
    putBigEndian(kIhdrData, width);
    putBigEndian(kIhdrData + 4, height);
    putBigEndian(kIhdrCrc, crc32(png.data() + kIhdrType, 4 + 13));
    return png;
}

// --- glTF documents ----------------------------------------------------------------------------

Bytes triangleBin() {
    Bytes bin;
    append<float>(bin, {-1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f, 2.0f, -0.5f});
    append<std::uint16_t>(bin, {0, 1, 2});
    padTo4(bin);
    return bin;
}

// The triangle's JSON; buffer 0 has no uri (set one, or use it as a GLB's BIN chunk).
json triangleDoc() {
    return json{
        {"asset", {{"version", "2.0"}}},
        {"buffers", json::array({{{"byteLength", kTriangleBinBytes}}})},
        {"bufferViews",
         json::array({{{"buffer", 0}, {"byteOffset", 0}, {"byteLength", kTrianglePositionBytes}},
                      {{"buffer", 0},
                       {"byteOffset", kTrianglePositionBytes},
                       {"byteLength", kTriangleIndexBytes}}})},
        {"accessors", json::array({{{"bufferView", 0},
                                    {"componentType", kFloat},
                                    {"count", 3},
                                    {"type", "VEC3"},
                                    {"min", json::array({-1.0, 0.0, -0.5})},
                                    {"max", json::array({1.0, 2.0, 0.0})}},
                                   {{"bufferView", 1},
                                    {"componentType", kUnsignedShort},
                                    {"count", 3},
                                    {"type", "SCALAR"}}})},
        {"meshes", json::array({{{"primitives", json::array({{{"attributes", {{"POSITION", 0}}},
                                                              {"indices", 1}}})}}})},
        {"nodes", json::array({{{"mesh", 0}}})},
        {"scenes", json::array({{{"nodes", json::array({0})}}})},
        {"scene", 0},
    };
}

fs::path writeGltf(const fs::path& dir, const json& doc, const std::string& name = "model.gltf") {
    const fs::path path = dir / name;
    writeText(path, doc.dump(1));
    return path;
}

// The triangle as model.gltf + model.bin in dir, after `edit` has had its way with the JSON.
template <typename Edit>
fs::path writeTriangle(const fs::path& dir, Edit edit, const Bytes& bin = triangleBin()) {
    json doc = triangleDoc();
    doc["buffers"][0]["uri"] = "model.bin";
    edit(doc);
    writeBytes(dir / "model.bin", bin);
    return writeGltf(dir, doc);
}

fs::path writeTriangle(const fs::path& dir) {
    return writeTriangle(dir, [](json&) {});
}

// A model whose buffer 0 is named by `uri`, everything else like the triangle.
fs::path writeWithBufferUri(const fs::path& dir, const std::string& uri) {
    json doc = triangleDoc();
    doc["buffers"][0]["uri"] = uri;
    return writeGltf(dir, doc);
}

Bytes makeGlbFromText(std::string text, const Bytes& bin) {
    while (text.size() % 4 != 0) {
        text.push_back(' ');
    }
    Bytes paddedBin = bin;
    padTo4(paddedBin);
    const std::size_t total = kGlbHeaderBytes + kGlbChunkHeaderBytes + text.size() +
                              (bin.empty() ? 0 : kGlbChunkHeaderBytes + paddedBin.size());
    Bytes out;
    append<std::uint32_t>(out, {kGlbMagic, 2, static_cast<std::uint32_t>(total)});
    append<std::uint32_t>(out, {static_cast<std::uint32_t>(text.size()), kGlbChunkJson});
    out.insert(out.end(), text.begin(), text.end());
    if (!bin.empty()) {
        append<std::uint32_t>(out, {static_cast<std::uint32_t>(paddedBin.size()), kGlbChunkBin});
        out.insert(out.end(), paddedBin.begin(), paddedBin.end());
    }
    return out;
}

Bytes makeGlb(const json& doc, const Bytes& bin) {
    return makeGlbFromText(doc.dump(), bin);
}

// Adds a material with a base colour texture showing `image` to the triangle's primitive.
void addTexturedMaterial(json& doc, const json& image) {
    doc["materials"] =
        json::array({{{"pbrMetallicRoughness", {{"baseColorTexture", {{"index", 0}}}}}}});
    doc["textures"] = json::array({{{"source", 0}}});
    doc["images"] = json::array({image});
    doc["meshes"][0]["primitives"][0]["material"] = 0;
}

// --- Checks ------------------------------------------------------------------------------------

LoadResult load(const fs::path& path) {
    return loadGltf(path.string());
}

// A refusal is BadInput, one line, starting with the path, naming the problem.
void checkRefused(const LoadResult& result, const fs::path& path,
                  std::initializer_list<std::string> fragments) {
    INFO("error: " << result.error);
    CHECK(result.status == LoadStatus::BadInput);
    CHECK(!result.ok());
    CHECK(result.error.rfind(path.string() + ": ", 0) == 0);
    CHECK(result.error.find('\n') == std::string::npos);
    CHECK(result.asset.meshes.empty());
    CHECK(result.asset.instances.empty());
    for (const auto& fragment : fragments) {
        CHECK_THAT(result.error, Catch::Matchers::Contains(fragment));
    }
}

void requireLoaded(const LoadResult& result) {
    INFO("error: " << result.error);
    REQUIRE(result.ok());
    REQUIRE(result.error.empty());
}

void checkVec(const glm::vec3& actual, const glm::vec3& expected, float margin = kTolerance) {
    INFO("actual (" << actual.x << ", " << actual.y << ", " << actual.z << "), expected ("
                    << expected.x << ", " << expected.y << ", " << expected.z << ")");
    CHECK(actual.x == Approx(expected.x).margin(margin));
    CHECK(actual.y == Approx(expected.y).margin(margin));
    CHECK(actual.z == Approx(expected.z).margin(margin));
}

void checkVec(const glm::vec2& actual, const glm::vec2& expected, float margin = kTolerance) {
    INFO("actual (" << actual.x << ", " << actual.y << "), expected (" << expected.x << ", "
                    << expected.y << ")");
    CHECK(actual.x == Approx(expected.x).margin(margin));
    CHECK(actual.y == Approx(expected.y).margin(margin));
}

// Checks the loaded triangle of triangleDoc()/triangleBin().
void checkTriangle(const LoadResult& result) {
    requireLoaded(result);
    const auto& asset = result.asset;
    REQUIRE(asset.meshes.size() == 1);
    REQUIRE(asset.meshes[0].primitives.size() == 1);
    const auto& prim = asset.meshes[0].primitives[0];
    REQUIRE(prim.positions.size() == 3);
    checkVec(prim.positions[0], {-1.0f, 0.0f, 0.0f});
    checkVec(prim.positions[1], {1.0f, 0.0f, 0.0f});
    checkVec(prim.positions[2], {0.0f, 2.0f, -0.5f});
    CHECK(prim.indices == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(prim.material == -1);
    checkVec(prim.bounds.min, {-1.0f, 0.0f, -0.5f});
    checkVec(prim.bounds.max, {1.0f, 2.0f, 0.0f});
    REQUIRE(asset.instances.size() == 1);
    CHECK(asset.instances[0].node == 0);
    CHECK(asset.instances[0].mesh == 0);
    checkVec(asset.bounds.min, {-1.0f, 0.0f, -0.5f});
    checkVec(asset.bounds.max, {1.0f, 2.0f, 0.0f});
    CHECK(asset.triangleCount() == 1);
    CHECK(asset.warnings.empty());
}

using Triangle = std::array<std::uint32_t, 3>;

std::vector<Triangle> trianglesOf(const std::vector<std::uint32_t>& indices) {
    std::vector<Triangle> out;
    for (std::size_t i = 0; i + 2 < indices.size(); i += 3) {
        out.push_back({indices[i], indices[i + 1], indices[i + 2]});
    }
    return out;
}

// Same triangle with the same winding: equal up to a cyclic rotation.
bool sameTriangle(const Triangle& a, const Triangle& b) {
    for (std::size_t shift = 0; shift < 3; ++shift) {
        if (a[0] == b[shift] && a[1] == b[(shift + 1) % 3] && a[2] == b[(shift + 2) % 3]) {
            return true;
        }
    }
    return false;
}

void checkTriangles(const std::vector<std::uint32_t>& indices,
                    const std::vector<Triangle>& expected) {
    const auto actual = trianglesOf(indices);
    REQUIRE(indices.size() == expected.size() * 3);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("triangle " << i << ": got " << actual[i][0] << " " << actual[i][1] << " "
                         << actual[i][2] << ", expected " << expected[i][0] << " " << expected[i][1]
                         << " " << expected[i][2] << " (any rotation)");
        CHECK(sameTriangle(actual[i], expected[i]));
    }
}

// Float VEC3 positions of points in the z = 0 plane, for the strip and fan tests.
Bytes planarPositions(std::initializer_list<glm::vec2> points) {
    Bytes bin;
    for (const auto& p : points) {
        append<float>(bin, {p.x, p.y, 0.0f});
    }
    return bin;
}

// A model drawing `count` vertices from `bin` (float VEC3 positions only) with `mode`.
fs::path writeNonIndexed(const fs::path& dir, const Bytes& bin, int count, int mode) {
    json doc = triangleDoc();
    doc["buffers"][0] = {{"uri", "model.bin"}, {"byteLength", bin.size()}};
    doc["bufferViews"] = json::array({{{"buffer", 0}, {"byteLength", bin.size()}}});
    doc["accessors"] = json::array(
        {{{"bufferView", 0}, {"componentType", kFloat}, {"count", count}, {"type", "VEC3"}}});
    doc["meshes"][0]["primitives"][0] = {{"attributes", {{"POSITION", 0}}}, {"mode", mode}};
    writeBytes(dir / "model.bin", bin);
    return writeGltf(dir, doc);
}

float signedArea(const std::vector<glm::vec3>& positions, const Triangle& t) {
    const glm::vec3 n =
        glm::cross(positions[t[1]] - positions[t[0]], positions[t[2]] - positions[t[0]]);
    return n.z;
}

const docent::engine::NodeData* nodeNamed(const docent::engine::SceneAsset& asset,
                                          const std::string& name) {
    for (const auto& node : asset.nodes) {
        if (node.name == name) {
            return &node;
        }
    }
    return nullptr;
}

} // namespace

// ==== What must load ===========================================================================

TEST_CASE("a one-triangle .gltf with an external .bin loads positions, indices, bounds and one "
          "instance",
          "[gltf]") {
    const fs::path dir = scratch("triangle-gltf");
    const fs::path path = writeTriangle(dir);
    const LoadResult result = load(path);
    checkTriangle(result);
    CHECK(result.asset.sourcePath == path.string());
}

TEST_CASE("a .gltf in memory reads its buffer through the caller's reader, after the URI checks",
          "[gltf]") {
    json doc = triangleDoc();
    doc["buffers"][0]["uri"] = "sub%20dir/model.bin";
    const std::string text = doc.dump();
    const std::vector<unsigned char> bytes(text.begin(), text.end());
    std::vector<std::string> asked;
    const docent::engine::GltfResourceReader reader =
        [&](const std::string& name, std::vector<unsigned char>& out, std::string&) {
            asked.push_back(name);
            const Bytes bin = triangleBin();
            out.assign(bin.begin(), bin.end());
            return docent::engine::ResourceRead::Ok;
        };
    const LoadResult loaded = docent::engine::loadGltfFromMemory("download.gltf", bytes, reader);
    checkTriangle(loaded);
    CHECK(loaded.asset.sourcePath == "download.gltf");
    CHECK(asked == std::vector<std::string>{"sub dir/model.bin"}); // percent-decoded

    // A URI the policy refuses never reaches the reader; a refusal names the memory's name.
    asked.clear();
    doc["buffers"][0]["uri"] = "../model.bin";
    const std::string climbing = doc.dump();
    const LoadResult refused = docent::engine::loadGltfFromMemory(
        "download.gltf", std::vector<unsigned char>(climbing.begin(), climbing.end()), reader);
    checkRefused(refused, "download.gltf", {"/buffers/0/uri", "leaves the asset's folder"});
    CHECK(asked.empty());
}

TEST_CASE("a buffer missing beside the model is not looked for in the current directory",
          "[gltf]") {
    // tinygltf falls back to the process's working directory; docent does not.
    const fs::path dir = scratch("no-cwd-fallback");
    fs::create_directories(dir / "asset");
    fs::create_directories(dir / "cwd");
    writeBytes(dir / "cwd" / "model.bin", triangleBin());
    const fs::path path = writeWithBufferUri(dir / "asset", "model.bin");
    const fs::path before = fs::current_path();
    fs::current_path(dir / "cwd");
    const LoadResult result = load(path);
    fs::current_path(before);
    checkRefused(result, path, {"/buffers/0", "model.bin"});
}

TEST_CASE("the same triangle as a .glb loads the same", "[gltf]") {
    const fs::path dir = scratch("triangle-glb");
    const fs::path path = dir / "model.glb";
    writeBytes(path, makeGlb(triangleDoc(), triangleBin()));
    checkTriangle(load(path));
}

TEST_CASE("a buffer given as a base64 data: URI loads without any other file", "[gltf]") {
    const fs::path dir = scratch("triangle-data-uri");
    json doc = triangleDoc();
    doc["buffers"][0]["uri"] = "data:application/octet-stream;base64," + base64(triangleBin());
    checkTriangle(load(writeGltf(dir, doc)));
}

TEST_CASE("a primitive without indices draws its vertices in order", "[gltf]") {
    const fs::path dir = scratch("non-indexed");
    const fs::path path =
        writeTriangle(dir, [](json& doc) { doc["meshes"][0]["primitives"][0].erase("indices"); });
    const LoadResult result = load(path);
    requireLoaded(result);
    const auto& prim = result.asset.meshes.at(0).primitives.at(0);
    CHECK(prim.positions.size() == 3);
    CHECK(prim.indices == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(result.asset.triangleCount() == 1);
}

TEST_CASE("a triangle strip becomes the triangles the glTF spec lists, all wound alike", "[gltf]") {
    const fs::path dir = scratch("strip");
    // A zigzag: 0 1 2 3 4 alternate between y = 0 and y = 1.
    const Bytes bin = planarPositions({{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}});
    const LoadResult result = load(writeNonIndexed(dir, bin, 5, kModeTriangleStrip));
    requireLoaded(result);
    const auto& prim = result.asset.meshes.at(0).primitives.at(0);
    // glTF 2.0 §3.7.2.1: triangle i is (v[i], v[i + 1 + i % 2], v[i + 2 - i % 2]).
    checkTriangles(prim.indices, {{0, 1, 2}, {1, 3, 2}, {2, 3, 4}});
    const auto triangles = trianglesOf(prim.indices);
    const float first = signedArea(prim.positions, triangles.at(0));
    REQUIRE(first != 0.0f);
    for (const auto& t : triangles) {
        CHECK(signedArea(prim.positions, t) * first > 0.0f);
    }
}

TEST_CASE("a triangle fan becomes the triangles the glTF spec lists, all wound alike", "[gltf]") {
    const fs::path dir = scratch("fan");
    const Bytes bin = planarPositions({{0, 0}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}});
    const LoadResult result = load(writeNonIndexed(dir, bin, 5, kModeTriangleFan));
    requireLoaded(result);
    const auto& prim = result.asset.meshes.at(0).primitives.at(0);
    // glTF 2.0 §3.7.2.1: triangle i is (v[i + 1], v[i + 2], v[0]).
    checkTriangles(prim.indices, {{1, 2, 0}, {2, 3, 0}, {3, 4, 0}});
    const auto triangles = trianglesOf(prim.indices);
    const float first = signedArea(prim.positions, triangles.at(0));
    REQUIRE(first != 0.0f);
    for (const auto& t : triangles) {
        CHECK(signedArea(prim.positions, t) * first > 0.0f);
    }
}

TEST_CASE("KHR_mesh_quantization normalized integer attributes are dequantized", "[gltf]") {
    const fs::path dir = scratch("quantized");
    Bytes bin;
    // POSITION: normalized SHORT VEC3, 8-byte stride (6 bytes + 2 of padding per vertex).
    append<std::int16_t>(bin, {32767, 0, 0, 0});
    append<std::int16_t>(bin, {-32768, 16384, 0, 0}); // -32768 clamps to -1
    append<std::int16_t>(bin, {0, -32767, 16384, 0});
    // NORMAL: normalized BYTE VEC3, 4-byte stride.
    append<std::int8_t>(bin, {127, 0, 0, 0});
    append<std::int8_t>(bin, {0, -127, 0, 0});
    append<std::int8_t>(bin, {0, 0, -128, 0});
    // TEXCOORD_0: normalized UNSIGNED_BYTE VEC2, 4-byte stride.
    append<std::uint8_t>(bin, {255, 0, 0, 0});
    append<std::uint8_t>(bin, {0, 255, 0, 0});
    append<std::uint8_t>(bin, {51, 102, 0, 0});
    REQUIRE(bin.size() == 48);

    json doc = triangleDoc();
    doc["extensionsUsed"] = json::array({"KHR_mesh_quantization"});
    doc["extensionsRequired"] = json::array({"KHR_mesh_quantization"});
    doc["buffers"][0] = {{"uri", "model.bin"}, {"byteLength", bin.size()}};
    doc["bufferViews"] = json::array({
        {{"buffer", 0}, {"byteOffset", 0}, {"byteLength", 24}, {"byteStride", 8}},
        {{"buffer", 0}, {"byteOffset", 24}, {"byteLength", 12}, {"byteStride", 4}},
        {{"buffer", 0}, {"byteOffset", 36}, {"byteLength", 12}, {"byteStride", 4}},
    });
    doc["accessors"] = json::array({
        {{"bufferView", 0},
         {"componentType", kShort},
         {"normalized", true},
         {"count", 3},
         {"type", "VEC3"}},
        {{"bufferView", 1},
         {"componentType", kByte},
         {"normalized", true},
         {"count", 3},
         {"type", "VEC3"}},
        {{"bufferView", 2},
         {"componentType", kUnsignedByte},
         {"normalized", true},
         {"count", 3},
         {"type", "VEC2"}},
    });
    doc["meshes"][0]["primitives"][0] = {
        {"attributes", {{"POSITION", 0}, {"NORMAL", 1}, {"TEXCOORD_0", 2}}}};
    writeBytes(dir / "model.bin", bin);

    const LoadResult result = load(writeGltf(dir, doc));
    requireLoaded(result);
    const auto& prim = result.asset.meshes.at(0).primitives.at(0);
    REQUIRE(prim.positions.size() == 3);
    checkVec(prim.positions[0], {1.0f, 0.0f, 0.0f});
    checkVec(prim.positions[1], {-1.0f, 16384.0f / 32767.0f, 0.0f});
    checkVec(prim.positions[2], {0.0f, -1.0f, 16384.0f / 32767.0f});
    REQUIRE(prim.normals.size() == 3);
    checkVec(prim.normals[0], {1.0f, 0.0f, 0.0f});
    checkVec(prim.normals[1], {0.0f, -1.0f, 0.0f});
    checkVec(prim.normals[2], {0.0f, 0.0f, -1.0f});
    REQUIRE(prim.texCoords0.size() == 3);
    checkVec(prim.texCoords0[0], {1.0f, 0.0f});
    checkVec(prim.texCoords0[1], {0.0f, 1.0f});
    checkVec(prim.texCoords0[2], {0.2f, 0.4f});
    checkVec(prim.bounds.min, {-1.0f, -1.0f, 0.0f});
    checkVec(prim.bounds.max, {1.0f, 16384.0f / 32767.0f, 16384.0f / 32767.0f});
}

TEST_CASE("a sparse accessor overrides the values it names, with or without a bufferView",
          "[gltf]") {
    const fs::path dir = scratch("sparse");
    Bytes bin = triangleBin();                                 // 44 bytes
    append<std::uint16_t>(bin, {0, 2});                        // 44: sparse indices
    append<float>(bin, {5.0f, 6.0f, 7.0f, -3.0f, 4.0f, 1.0f}); // 48: sparse values
    const json sparse = {
        {"count", 2},
        {"indices", {{"bufferView", 2}, {"componentType", kUnsignedShort}}},
        {"values", {{"bufferView", 3}}},
    };

    SECTION("on top of a bufferView") {
        const fs::path path = writeTriangle(
            dir,
            [&](json& doc) {
                doc["buffers"][0]["byteLength"] = bin.size();
                doc["bufferViews"].push_back(
                    {{"buffer", 0}, {"byteOffset", 44}, {"byteLength", 4}});
                doc["bufferViews"].push_back(
                    {{"buffer", 0}, {"byteOffset", 48}, {"byteLength", 24}});
                doc["accessors"][0]["sparse"] = sparse;
                doc["accessors"][0].erase("min");
                doc["accessors"][0].erase("max");
            },
            bin);
        const LoadResult result = load(path);
        requireLoaded(result);
        const auto& prim = result.asset.meshes.at(0).primitives.at(0);
        REQUIRE(prim.positions.size() == 3);
        checkVec(prim.positions[0], {5.0f, 6.0f, 7.0f});
        checkVec(prim.positions[1], {1.0f, 0.0f, 0.0f}); // not named: from the bufferView
        checkVec(prim.positions[2], {-3.0f, 4.0f, 1.0f});
        checkVec(prim.bounds.min, {-3.0f, 0.0f, 0.0f});
        checkVec(prim.bounds.max, {5.0f, 6.0f, 7.0f});
    }
    SECTION("on top of zeros (no bufferView)") {
        const fs::path path = writeTriangle(
            dir,
            [&](json& doc) {
                doc["buffers"][0]["byteLength"] = bin.size();
                doc["bufferViews"].push_back(
                    {{"buffer", 0}, {"byteOffset", 44}, {"byteLength", 4}});
                doc["bufferViews"].push_back(
                    {{"buffer", 0}, {"byteOffset", 48}, {"byteLength", 24}});
                doc["accessors"][0] = {
                    {"componentType", kFloat}, {"count", 3}, {"type", "VEC3"}, {"sparse", sparse}};
            },
            bin);
        const LoadResult result = load(path);
        requireLoaded(result);
        const auto& prim = result.asset.meshes.at(0).primitives.at(0);
        REQUIRE(prim.positions.size() == 3);
        checkVec(prim.positions[0], {5.0f, 6.0f, 7.0f});
        checkVec(prim.positions[1], {0.0f, 0.0f, 0.0f});
        checkVec(prim.positions[2], {-3.0f, 4.0f, 1.0f});
    }
}

TEST_CASE("KHR_texture_transform folds offset, rotation and scale into the UV matrix the "
          "extension defines",
          "[gltf]") {
    const fs::path dir = scratch("texture-transform");
    writeBytes(dir / "texture.png", smallPng(2, 3));
    // The extension (glTF KHR_texture_transform README): uv' = T * R * S * uv, where R rotates the
    // UVs counter-clockwise in UV space (v points down the image), i.e. turns the image
    // clockwise on screen. Written out: u' = c*sx*u + s*sy*v + ox, v' = -s*sx*u + c*sy*v + oy.
    // (The README's GLSL listing has the opposite sign of sin, a known erratum, glTF issue
    // #1563; the normative text, the TextureTransformTest sample and the major viewers agree on
    // the form used here, and the sample-model test below checks it against the markers.)
    const auto expected = [](glm::vec2 offset, float rotation, glm::vec2 scale, glm::vec2 uv) {
        const float c = std::cos(rotation);
        const float s = std::sin(rotation);
        return glm::vec2(c * scale.x * uv.x + s * scale.y * uv.y + offset.x,
                         -s * scale.x * uv.x + c * scale.y * uv.y + offset.y);
    };
    const auto apply = [](const glm::mat3& m, glm::vec2 uv) {
        return glm::vec2(m * glm::vec3(uv, 1.0f));
    };

    const glm::vec2 offset{0.25f, -0.5f};
    const float rotation = 0.5f;
    const glm::vec2 scale{2.0f, 3.0f};
    const fs::path path = writeTriangle(dir, [&](json& doc) {
        addTexturedMaterial(doc, {{"uri", "texture.png"}});
        doc["extensionsUsed"] = json::array({"KHR_texture_transform"});
        doc["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"]["extensions"] = {
            {"KHR_texture_transform",
             {{"offset", {offset.x, offset.y}},
              {"rotation", rotation},
              {"scale", {scale.x, scale.y}},
              {"texCoord", 1}}}};
        // The README's own example: the lower-left quadrant of the image, turned 90 degrees.
        doc["materials"][0]["emissiveTexture"] = {
            {"index", 0},
            {"extensions",
             {{"KHR_texture_transform",
               {{"offset", {0.0, 1.0}}, {"rotation", 1.57079632679}, {"scale", {0.5, 0.5}}}}}}};
        doc["materials"][0]["normalTexture"] = {{"index", 0}, {"texCoord", 1}};
    });
    const LoadResult result = load(path);
    requireLoaded(result);
    REQUIRE(result.asset.materials.size() == 1);
    const auto& material = result.asset.materials[0];
    REQUIRE(result.asset.images.size() == 1);
    CHECK_FALSE(result.asset.images[0].placeholder);
    CHECK(result.asset.images[0].image.width == 2);
    CHECK(result.asset.images[0].image.height == 3);
    CHECK(result.asset.warnings.empty());

    const auto& base = material.baseColor;
    CHECK(base.present());
    CHECK(base.texCoord == 1); // the extension's texCoord overrides the textureInfo's
    for (const glm::vec2 uv :
         {glm::vec2(0, 0), glm::vec2(1, 0), glm::vec2(0, 1), glm::vec2(0.3f, 0.7f)}) {
        INFO("uv " << uv.x << ", " << uv.y);
        checkVec(apply(base.transform, uv), expected(offset, rotation, scale, uv));
    }

    // Corners of the unit square land on the lower-left quadrant, u in [0, 0.5], v in [0.5, 1].
    const auto& emissive = material.emissive;
    checkVec(apply(emissive.transform, {0, 0}), {0.0f, 1.0f});
    checkVec(apply(emissive.transform, {1, 0}), {0.0f, 0.5f});
    checkVec(apply(emissive.transform, {1, 1}), {0.5f, 0.5f});
    checkVec(apply(emissive.transform, {0, 1}), {0.5f, 1.0f});

    // Without the extension the matrix is the identity.
    CHECK(material.normal.texCoord == 1);
    checkVec(apply(material.normal.transform, {0.3f, 0.7f}), {0.3f, 0.7f});
}

TEST_CASE("KHR_materials_unlit and KHR_materials_emissive_strength are read", "[gltf]") {
    const fs::path dir = scratch("material-extensions");
    const fs::path path = writeTriangle(dir, [](json& doc) {
        doc["extensionsUsed"] =
            json::array({"KHR_materials_unlit", "KHR_materials_emissive_strength"});
        doc["extensionsRequired"] = json::array({"KHR_materials_unlit"});
        doc["materials"] = json::array({
            {{"name", "glowing"},
             {"emissiveFactor", {1.0, 0.5, 0.25}},
             {"extensions",
              {{"KHR_materials_unlit", json::object()},
               {"KHR_materials_emissive_strength", {{"emissiveStrength", 5.0}}}}}},
            {{"name", "plain"},
             {"pbrMetallicRoughness", {{"baseColorFactor", {0.5, 0.25, 1.0, 0.75}}}}},
        });
        doc["meshes"][0]["primitives"][0]["material"] = 0;
    });
    const LoadResult result = load(path);
    requireLoaded(result);
    REQUIRE(result.asset.materials.size() == 2);
    const auto& glowing = result.asset.materials[0];
    CHECK(glowing.name == "glowing");
    CHECK(glowing.unlit);
    CHECK(glowing.emissiveStrength == Approx(5.0f));
    checkVec(glowing.emissiveFactor, {1.0f, 0.5f, 0.25f});
    const auto& plain = result.asset.materials[1];
    CHECK_FALSE(plain.unlit);
    CHECK(plain.emissiveStrength == Approx(1.0f));
    CHECK(plain.baseColorFactor.w == Approx(0.75f));
    CHECK(result.asset.meshes.at(0).primitives.at(0).material == 0);
}

TEST_CASE("world transforms compose the node hierarchy's TRS and matrix transforms", "[gltf]") {
    const fs::path dir = scratch("hierarchy");
    const float half = std::sqrt(0.5f);
    const fs::path path = writeTriangle(dir, [&](json& doc) {
        doc["nodes"] = json::array({
            // T(1, 2, 3) * R(90 degrees about +Y) * S(2)
            {{"name", "parent"},
             {"translation", {1.0, 2.0, 3.0}},
             {"rotation", {0.0, half, 0.0, half}},
             {"scale", {2.0, 2.0, 2.0}},
             {"children", {1}}},
            // A column-major matrix translating by (1, 0, 0).
            {{"name", "child"},
             {"matrix", {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1}},
             {"children", {2}}},
            {{"name", "leaf"}, {"mesh", 0}},
        });
        doc["scenes"][0]["nodes"] = json::array({0});
    });
    const LoadResult result = load(path);
    requireLoaded(result);
    const auto& asset = result.asset;
    REQUIRE(asset.nodes.size() == 3);
    CHECK(asset.nodes[1].parent == 0);
    CHECK(asset.nodes[2].parent == 1);
    CHECK(asset.nodes[0].children == std::vector<int>{1});

    // Worked by hand: the leaf's point p goes to (1, 2, 3) + Ry90(2 * (p + (1, 0, 0))), and
    // Ry90 takes (x, y, z) to (z, y, -x).
    const glm::mat4& world = asset.nodes[2].world;
    checkVec(glm::vec3(world * glm::vec4(0, 0, 0, 1)), {1.0f, 2.0f, 1.0f});
    checkVec(glm::vec3(world * glm::vec4(0, 1, 0, 1)), {1.0f, 4.0f, 1.0f});
    checkVec(glm::vec3(world * glm::vec4(0, 0, 1, 1)), {3.0f, 2.0f, 1.0f});
    checkVec(glm::vec3(asset.nodes[1].world * glm::vec4(0, 0, 0, 1)), {1.0f, 2.0f, 1.0f});
    checkVec(glm::vec3(asset.nodes[0].world * glm::vec4(1, 0, 0, 1)), {1.0f, 2.0f, 1.0f});

    REQUIRE(asset.instances.size() == 1);
    CHECK(asset.instances[0].node == 2);
    // The triangle (-1,0,0) (1,0,0) (0,2,-0.5) lands on (1,2,3) (1,2,-1) (0,6,1).
    checkVec(asset.instances[0].worldBounds.min, {0.0f, 2.0f, -1.0f}, 1e-4f);
    checkVec(asset.instances[0].worldBounds.max, {1.0f, 6.0f, 3.0f}, 1e-4f);
    checkVec(asset.bounds.min, {0.0f, 2.0f, -1.0f}, 1e-4f);
    checkVec(asset.bounds.max, {1.0f, 6.0f, 3.0f}, 1e-4f);
}

TEST_CASE("an extension that is used but not required and unknown to docent is ignored", "[gltf]") {
    const fs::path dir = scratch("unknown-optional-extension");
    const fs::path path = writeTriangle(dir, [](json& doc) {
        doc["extensionsUsed"] = json::array({"EXT_made_up_for_this_test"});
        doc["meshes"][0]["extensions"] = {{"EXT_made_up_for_this_test", {{"x", 1}}}};
    });
    checkTriangle(load(path));
}

// ==== URIs that must be refused ================================================================

TEST_CASE("a buffer URI ../outside.bin is refused and the file outside is not read", "[gltf]") {
    const fs::path dir = scratch("uri-dotdot");
    fs::create_directories(dir / "asset");
    writeBytes(dir / "outside.bin", triangleBin()); // a valid buffer: reading it would load
    // The same document naming a copy inside the folder loads, so only the policy refuses it.
    writeBytes(dir / "asset" / "inside.bin", triangleBin());
    checkTriangle(load(writeWithBufferUri(dir / "asset", "inside.bin")));

    for (const std::string uri : {"../outside.bin", "sub/../../outside.bin", "..\\outside.bin"}) {
        INFO("uri " << uri);
        const fs::path path = writeWithBufferUri(dir / "asset", uri);
        checkRefused(load(path), path, {"/buffers/0/uri", "leaves the asset's folder"});
    }
}

TEST_CASE("a percent-encoded %2e%2e/ buffer URI is refused", "[gltf]") {
    const fs::path dir = scratch("uri-percent-dotdot");
    fs::create_directories(dir / "asset");
    writeBytes(dir / "outside.bin", triangleBin());
    const std::string uri = GENERATE(as<std::string>{}, "%2e%2e/outside.bin",
                                     "%2E%2E%2Foutside.bin", ".%2e/outside.bin");
    INFO("uri " << uri);
    const fs::path path = writeWithBufferUri(dir / "asset", uri);
    checkRefused(load(path), path, {"/buffers/0/uri", uri, "leaves the asset's folder"});
}

TEST_CASE("an absolute buffer URI is refused (/etc/passwd, or a valid file by full path)",
          "[gltf]") {
    const fs::path dir = scratch("uri-absolute");
    const fs::path outside = dir / "outside.bin";
    writeBytes(outside, triangleBin());
    fs::create_directories(dir / "asset");
    for (const std::string& uri : {std::string("/etc/passwd"), fs::absolute(outside).string()}) {
        INFO("uri " << uri);
        const fs::path path = writeWithBufferUri(dir / "asset", uri);
        checkRefused(load(path), path, {"/buffers/0/uri", "absolute path"});
    }
}

TEST_CASE("a file:// buffer URI is refused as a scheme", "[gltf]") {
    const fs::path dir = scratch("uri-file-scheme");
    const fs::path outside = dir / "outside.bin";
    writeBytes(outside, triangleBin());
    fs::create_directories(dir / "asset");
    for (const std::string& uri :
         {std::string("file:///etc/passwd"), "file://" + fs::absolute(outside).string()}) {
        INFO("uri " << uri);
        const fs::path path = writeWithBufferUri(dir / "asset", uri);
        checkRefused(load(path), path, {"/buffers/0/uri", "scheme"});
    }
}

TEST_CASE("an http:// buffer URI is refused as a scheme, without any network access", "[gltf]") {
    const fs::path dir = scratch("uri-http");
    const fs::path path = writeWithBufferUri(dir, "http://example.com/a.bin");
    checkRefused(load(path), path, {"/buffers/0/uri", "http://example.com/a.bin", "scheme"});
}

TEST_CASE("a buffer URI naming a FIFO is refused promptly instead of blocking", "[gltf]") {
    const fs::path dir = scratch("uri-fifo");
    const fs::path fifo = dir / "model.bin";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const fs::path path = writeWithBufferUri(dir, "model.bin");
    auto pending = std::async(std::launch::async, [&path] { return load(path); });
    if (pending.wait_for(kFifoPatience) != std::future_status::ready) {
        // The loader is stuck opening or reading the FIFO: a writer that comes and goes gives it
        // end-of-file, so the test can end (and fail) instead of hanging.
        const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) {
            ::close(fd);
        }
        pending.wait();
        FAIL("loading a glTF whose buffer is a FIFO blocked for more than 10 s");
    }
    const LoadResult result = pending.get();
    checkRefused(result, path, {"/buffers/0", "model.bin", "not a regular file"});
}

TEST_CASE("a buffer URI naming a directory is refused", "[gltf]") {
    const fs::path dir = scratch("uri-directory");
    fs::create_directories(dir / "model.bin");
    fs::create_directories(dir / "folder");
    for (const std::string uri : {"model.bin", "folder/", "."}) {
        INFO("uri " << uri);
        const fs::path path = writeWithBufferUri(dir, uri);
        checkRefused(load(path), path, {"/buffers/0", "is a directory"});
    }
}

TEST_CASE("a buffer URI with a percent-encoded NUL is refused", "[gltf]") {
    const fs::path dir = scratch("uri-nul");
    writeBytes(dir / "model.bin", triangleBin());
    const fs::path path = writeWithBufferUri(dir, "model.bin%00.png");
    checkRefused(load(path), path, {"/buffers/0/uri", "NUL"});
}

TEST_CASE("a model path that is missing, empty, a directory or a FIFO is refused promptly",
          "[gltf]") {
    const fs::path dir = scratch("model-path");
    fs::create_directories(dir / "folder.gltf");
    REQUIRE(::mkfifo((dir / "fifo.gltf").c_str(), 0600) == 0);
    writeText(dir / "empty.gltf", "");
    for (const auto& [name, problem] :
         std::vector<std::pair<std::string, std::string>>{{"missing.gltf", "cannot be read"},
                                                          {"empty.gltf", "empty"},
                                                          {"folder.gltf", "is a directory"},
                                                          {"fifo.gltf", "not a regular file"}}) {
        INFO(name);
        const fs::path path = dir / name;
        auto pending = std::async(std::launch::async, [&path] { return load(path); });
        if (pending.wait_for(kFifoPatience) != std::future_status::ready) {
            const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0) {
                ::close(fd);
            }
            pending.wait();
            FAIL("loading " << name << " blocked for more than 10 s");
        }
        checkRefused(pending.get(), path, {problem});
    }
}

// The loader's contract (GltfLoader.h, loadGltf): the file the user names may be a link, the
// resources inside it may not, even when the link stays inside the folder: a link's target can
// change between the check and the read, and "regular files only" leaves no room for links.
TEST_CASE("a buffer URI naming a symbolic link is refused, even one pointing inside the folder",
          "[gltf]") {
    const fs::path dir = scratch("uri-symlink");
    writeBytes(dir / "real.bin", triangleBin());
    fs::create_symlink("real.bin", dir / "link.bin");
    checkTriangle(load(writeWithBufferUri(dir, "real.bin"))); // the target itself is fine
    const fs::path path = writeWithBufferUri(dir, "link.bin");
    checkRefused(load(path), path, {"/buffers/0", "link.bin", "symbolic link"});
}

TEST_CASE("a buffer URI naming a symbolic link to a file outside the folder is refused", "[gltf]") {
    const fs::path dir = scratch("uri-symlink-outside");
    fs::create_directories(dir / "asset");
    writeBytes(dir / "outside.bin", triangleBin());
    fs::create_symlink(fs::absolute(dir / "outside.bin"), dir / "asset" / "link.bin");
    fs::create_directory_symlink(fs::absolute(dir), dir / "asset" / "up");
    for (const std::string uri : {"link.bin", "up/outside.bin"}) {
        INFO("uri " << uri);
        const fs::path path = writeWithBufferUri(dir / "asset", uri);
        const LoadResult result = load(path);
        checkRefused(result, path, {"/buffers/0"});
    }
}

// ==== Out-of-range data ========================================================================

TEST_CASE("a bufferView reaching past the end of its buffer is refused", "[gltf]") {
    const fs::path dir = scratch("view-past-end");
    SECTION("by a few bytes") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc["bufferViews"][1]["byteOffset"] = 40; // 40 + 6 > 44
        });
        checkRefused(load(path), path, {"/bufferViews/1", "lies outside buffer 0 (44 bytes)"});
    }
    SECTION("with an offset near 2^64, where offset + length wraps around") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc["bufferViews"][1]["byteOffset"] = std::numeric_limits<std::uint64_t>::max() - 2;
            doc["bufferViews"][1]["byteLength"] = 8;
        });
        checkRefused(load(path), path, {"/bufferViews/1", "lies outside buffer 0"});
    }
    SECTION("with a length near 2^64") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc["bufferViews"][1]["byteLength"] = std::numeric_limits<std::uint64_t>::max();
        });
        checkRefused(load(path), path, {"/bufferViews/1", "lies outside buffer 0"});
    }
    SECTION("when the buffer file is shorter than its byteLength") {
        Bytes bin = triangleBin();
        bin.resize(40);
        const fs::path path = writeTriangle(
            dir, [](json&) {}, bin);
        checkRefused(load(path), path, {"/buffers/0", "fewer than its byteLength 44"});
    }
}

TEST_CASE("an accessor whose count times stride overflows 64 bits is refused", "[gltf]") {
    const fs::path dir = scratch("accessor-overflow");
    const std::uint64_t count = GENERATE(std::uint64_t{1} << 62, std::uint64_t{0x1555555555555556},
                                         std::numeric_limits<std::uint64_t>::max());
    INFO("count " << count);
    const fs::path path = writeTriangle(dir, [count](json& doc) {
        doc["accessors"][0]["count"] = count; // 12-byte elements: count * 12 wraps
    });
    checkRefused(load(path), path, {"/accessors/0", "does not fit in bufferView 0"});
}

TEST_CASE("an accessor reaching past the end of its bufferView is refused", "[gltf]") {
    const fs::path dir = scratch("accessor-past-view");
    SECTION("one element too many") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc["accessors"][0]["count"] = 4; // 48 bytes in a 36-byte view
        });
        checkRefused(load(path), path, {"/accessors/0", "does not fit in bufferView 0 (36 bytes)"});
    }
    SECTION("an offset that pushes the last element out") {
        const fs::path path =
            writeTriangle(dir, [](json& doc) { doc["accessors"][0]["byteOffset"] = 4; });
        checkRefused(load(path), path, {"/accessors/0", "does not fit in bufferView 0"});
    }
    SECTION("a byteStride that spreads the elements beyond the view") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc["bufferViews"][0]["byteStride"] = 16; // 16 * 2 + 12 = 44 > 36
        });
        checkRefused(load(path), path, {"/accessors/0", "does not fit in bufferView 0"});
    }
    SECTION("indices reaching past their view") {
        const fs::path path =
            writeTriangle(dir, [](json& doc) { doc["accessors"][1]["count"] = 6; });
        checkRefused(load(path), path, {"/accessors/1", "does not fit in bufferView 1"});
    }
}

TEST_CASE("an index naming a vertex that does not exist is refused", "[gltf]") {
    const fs::path dir = scratch("index-out-of-range");
    Bytes bin = triangleBin();
    const std::uint16_t bad = 3; // three vertices: 0..2
    std::memcpy(bin.data() + kTrianglePositionBytes + 4, &bad, sizeof bad);
    const fs::path path = writeTriangle(
        dir, [](json&) {}, bin);
    checkRefused(load(path), path, {"/accessors/1", "index 3", "out of range (3 vertices)"});
}

TEST_CASE("sparse indices naming an element past the accessor's count are refused", "[gltf]") {
    const fs::path dir = scratch("sparse-index-out-of-range");
    Bytes bin = triangleBin();
    append<std::uint16_t>(bin, {7, 0});     // 44: sparse index 7 of a 3-element accessor
    append<float>(bin, {5.0f, 6.0f, 7.0f}); // 48: its value
    const fs::path path = writeTriangle(
        dir,
        [&](json& doc) {
            doc["buffers"][0]["byteLength"] = bin.size();
            doc["bufferViews"].push_back({{"buffer", 0}, {"byteOffset", 44}, {"byteLength", 2}});
            doc["bufferViews"].push_back({{"buffer", 0}, {"byteOffset", 48}, {"byteLength", 12}});
            doc["accessors"][0]["sparse"] = {
                {"count", 1},
                {"indices", {{"bufferView", 2}, {"componentType", kUnsignedShort}}},
                {"values", {{"bufferView", 3}}},
            };
        },
        bin);
    checkRefused(load(path), path, {"/accessors/0/sparse", "index 7", "out of range"});
}

TEST_CASE("sparse index data that replaces an index with 0xFFFFFFFF is refused, not wrapped",
          "[gltf]") {
    // The values of a sparse *index* accessor are vertex numbers: one that names no vertex must be
    // refused like any other out-of-range index, whatever its size.
    const fs::path dir = scratch("sparse-index-values");
    Bytes bin;
    append<float>(bin, {-1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f, 2.0f, -0.5f}); // 0: positions
    append<std::uint32_t>(bin, {0, 1, 2});                                        // 36: indices
    append<std::uint32_t>(bin, {2}); // 48: sparse index
    const std::uint32_t value = GENERATE(0xFFFFFFFFu, 0xFFFFFF80u, 3u);
    append<std::uint32_t>(bin, {value}); // 52: sparse value
    INFO("sparse value " << value);
    const fs::path path = writeTriangle(
        dir,
        [&](json& doc) {
            doc["buffers"][0]["byteLength"] = bin.size();
            doc["bufferViews"][1] = {{"buffer", 0}, {"byteOffset", 36}, {"byteLength", 12}};
            doc["bufferViews"].push_back({{"buffer", 0}, {"byteOffset", 48}, {"byteLength", 4}});
            doc["bufferViews"].push_back({{"buffer", 0}, {"byteOffset", 52}, {"byteLength", 4}});
            doc["accessors"][1] = {
                {"bufferView", 1},
                {"componentType", kUnsignedInt},
                {"count", 3},
                {"type", "SCALAR"},
                {"sparse",
                 {{"count", 1},
                  {"indices", {{"bufferView", 2}, {"componentType", kUnsignedInt}}},
                  {"values", {{"bufferView", 3}}}}},
            };
        },
        bin);
    const LoadResult result = load(path);
    checkRefused(result, path, {"/accessors/1", "index " + std::to_string(value), "out of range"});
}

// ==== Malformed containers and documents =======================================================

TEST_CASE("JSON nested 10000 levels deep is refused before parsing, without exhausting the stack",
          "[gltf]") {
    const fs::path dir = scratch("deep-json");
    constexpr int kDepth = 10000;
    SECTION("in a .gltf") {
        const std::string text = R"({"asset":{"version":"2.0","extras":)" +
                                 std::string(kDepth, '[') + std::string(kDepth, ']') + "}}";
        const fs::path path = dir / "deep.gltf";
        writeText(path, text);
        checkRefused(load(path), path, {"nested deeper than 64 levels"});
    }
    SECTION("in a .glb's JSON chunk") {
        // Written as text: nlohmann would itself recurse this deep to build or dump it.
        std::string text = triangleDoc().dump();
        text.pop_back();
        text += R"(,"extras":)";
        for (int i = 0; i < kDepth; ++i) {
            text += R"({"a":)";
        }
        text += "0" + std::string(kDepth, '}') + "}";
        const fs::path path = dir / "deep.glb";
        writeBytes(path, makeGlbFromText(text, triangleBin()));
        checkRefused(load(path), path, {"nested deeper than 64 levels"});
    }
    SECTION("nesting of exactly the limit loads, one more is refused; strings do not count") {
        // The root object, "asset" and the innermost array are three levels; each wrap adds one.
        const auto nested = [&](int levels) {
            return writeTriangle(dir, [levels](json& doc) {
                json extras = json::array();
                for (int i = 3; i < levels; ++i) {
                    extras = json::array({extras});
                }
                doc["asset"]["extras"] = extras;
                doc["asset"]["generator"] = std::string(kDepth, '[') + "\\\"{{{";
            });
        };
        checkTriangle(load(nested(64)));
        const fs::path path = nested(65);
        checkRefused(load(path), path, {"nested deeper than 64 levels"});
    }
}

TEST_CASE("a GLB cut at every length is refused cleanly or loads, never crashes", "[gltf]") {
    const fs::path dir = scratch("glb-truncated");
    const Bytes full = makeGlb(triangleDoc(), triangleBin());
    const fs::path path = dir / "cut.glb";
    std::vector<std::string> problems;
    for (std::size_t cut = 0; cut <= full.size(); ++cut) {
        // Twice per length: as cut, and with the header's total length patched to match, so that
        // the chunk parser (not just the length check) sees the truncation.
        for (const bool patchLength : {false, true}) {
            Bytes bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
            if (patchLength) {
                if (cut < kGlbHeaderBytes) {
                    continue;
                }
                putU32(bytes, 8, static_cast<std::uint32_t>(cut));
            }
            writeBytes(path, bytes);
            const LoadResult result = load(path);
            const std::string where =
                "cut at " + std::to_string(cut) + (patchLength ? " (length patched)" : "") + ": ";
            if (cut == full.size()) {
                if (!result.ok()) {
                    problems.push_back(where + "the whole file was refused: " + result.error);
                }
                continue;
            }
            if (!patchLength && result.ok()) {
                problems.push_back(where + "loaded although the header's length is larger");
            }
            if (!result.ok() && (result.status != LoadStatus::BadInput ||
                                 result.error.rfind(path.string() + ": ", 0) != 0 ||
                                 result.error.find('\n') != std::string::npos)) {
                problems.push_back(where + "unclear refusal: " + result.error);
            }
        }
    }
    INFO((problems.empty() ? std::string() : problems.front()));
    CHECK(problems.empty());
}

TEST_CASE("a GLB whose BIN chunk claims more bytes than the file has is refused", "[gltf]") {
    const fs::path dir = scratch("glb-bin-too-long");
    Bytes glb = makeGlb(triangleDoc(), triangleBin());
    const std::size_t binHeader = glb.size() - kTriangleBinBytes - kGlbChunkHeaderBytes;
    const std::uint32_t claim = GENERATE(48u, 0x7FFFFFF0u, 0xFFFFFFFCu);
    INFO("BIN chunk length " << claim);
    putU32(glb, binHeader, claim);
    const fs::path path = dir / "model.glb";
    writeBytes(path, glb);
    checkRefused(load(path), path, {"GLB chunk 1", "longer than the file"});
}

TEST_CASE("a node hierarchy that is not a tree is refused", "[gltf]") {
    const fs::path dir = scratch("node-loop");
    SECTION("two nodes that are each other's child") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc["nodes"] = json::array({{{"mesh", 0}, {"children", {1}}}, {{"children", {0}}}});
        });
        checkRefused(load(path), path, {"loop in the node hierarchy"});
    }
    SECTION("a three-node cycle with no scene") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc.erase("scenes");
            doc.erase("scene");
            doc["nodes"] = json::array(
                {{{"mesh", 0}, {"children", {1}}}, {{"children", {2}}}, {{"children", {0}}}});
        });
        checkRefused(load(path), path, {"loop in the node hierarchy"});
    }
    SECTION("a node that is its own child") {
        const fs::path path =
            writeTriangle(dir, [](json& doc) { doc["nodes"][0]["children"] = {0}; });
        checkRefused(load(path), path, {"/nodes/0", "own child"});
    }
    SECTION("a node with two parents") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc["nodes"] = json::array({{{"children", {2}}}, {{"children", {2}}}, {{"mesh", 0}}});
            doc["scenes"][0]["nodes"] = {0, 1};
        });
        checkRefused(load(path), path, {"/nodes/2", "more than one parent"});
    }
}

TEST_CASE("a mesh naming an accessor that does not exist is refused", "[gltf]") {
    const fs::path dir = scratch("missing-accessor");
    SECTION("POSITION") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc["meshes"][0]["primitives"][0]["attributes"]["POSITION"] = 5;
        });
        checkRefused(load(path), path, {"POSITION", "accessor 5, which does not exist"});
    }
    SECTION("indices") {
        const fs::path path =
            writeTriangle(dir, [](json& doc) { doc["meshes"][0]["primitives"][0]["indices"] = 9; });
        checkRefused(load(path), path, {"/indices", "accessor 9, which does not exist"});
    }
    SECTION("a negative accessor index") {
        const fs::path path = writeTriangle(dir, [](json& doc) {
            doc["meshes"][0]["primitives"][0]["attributes"]["POSITION"] = -1;
        });
        checkRefused(load(path), path, {"POSITION", "must be a non-negative integer"});
    }
}

TEST_CASE("a mesh naming a material that does not exist is refused", "[gltf]") {
    const fs::path dir = scratch("missing-material");
    const fs::path path =
        writeTriangle(dir, [](json& doc) { doc["meshes"][0]["primitives"][0]["material"] = 3; });
    checkRefused(load(path), path,
                 {"/meshes/0/primitives/0/material", "material 3, which does not exist"});
}

TEST_CASE("a required extension docent lacks (BasisU/KTX2, an unknown one) is refused by name",
          "[gltf]") {
    const fs::path dir = scratch("required-extension");
    const std::string name =
        GENERATE(as<std::string>{}, "KHR_texture_basisu", "EXT_no_such_extension");
    INFO("extension " << name);
    const fs::path path = writeTriangle(dir, [&name](json& doc) {
        doc["extensionsUsed"] = json::array({"KHR_mesh_quantization", name});
        doc["extensionsRequired"] = json::array({"KHR_mesh_quantization", name});
    });
    checkRefused(load(path), path, {"unsupported extension " + name});
}

TEST_CASE("a texture with a KTX2 image uses its PNG fallback, or without one warns", "[gltf]") {
    const fs::path dir = scratch("basisu-fallback");
    writeBytes(dir / "fallback.png", smallPng(2, 2));
    writeBytes(dir / "texture.ktx2", Bytes(64, 0xAB));
    const bool withFallback = GENERATE(true, false);
    INFO("with fallback " << withFallback);
    const fs::path path = writeTriangle(dir, [withFallback](json& doc) {
        doc["extensionsUsed"] = json::array({"KHR_texture_basisu"});
        doc["images"] = json::array(
            {{{"uri", "fallback.png"}}, {{"uri", "texture.ktx2"}, {"mimeType", "image/ktx2"}}});
        json texture = {{"extensions", {{"KHR_texture_basisu", {{"source", 1}}}}}};
        if (withFallback) {
            texture["source"] = 0;
        }
        doc["textures"] = json::array({texture});
        doc["materials"] =
            json::array({{{"pbrMetallicRoughness", {{"baseColorTexture", {{"index", 0}}}}}}});
        doc["meshes"][0]["primitives"][0]["material"] = 0;
    });
    const LoadResult result = load(path);
    requireLoaded(result);
    REQUIRE(result.asset.textures.size() == 1);
    if (withFallback) {
        CHECK(result.asset.textures[0].image == 0);
        CHECK_FALSE(result.asset.images.at(0).placeholder);
        CHECK(result.asset.images.at(0).image.width == 2);
        CHECK(result.asset.warnings.empty());
    } else {
        CHECK(result.asset.textures[0].image == -1);
        REQUIRE(result.asset.warnings.size() == 1);
        CHECK_THAT(result.asset.warnings[0],
                   Catch::Matchers::Contains("/textures/0") && Catch::Matchers::Contains("KTX2"));
    }
}

TEST_CASE("with decodeImages off, used images stay encoded with their declared size",
          "[gltf][progressive]") {
    const fs::path dir = scratch("deferred-images");
    writeBytes(dir / "texture.png", smallPng(2, 3));
    const fs::path path = writeTriangle(dir, [](json& doc) {
        doc["images"] = json::array({{{"uri", "texture.png"}}, {{"uri", "unused.png"}}});
        doc["textures"] = json::array({{{"source", 0}}});
        doc["materials"] =
            json::array({{{"pbrMetallicRoughness", {{"baseColorTexture", {{"index", 0}}}}}}});
        doc["meshes"][0]["primitives"][0]["material"] = 0;
    });
    docent::engine::GltfLimits limits;
    limits.decodeImages = false;
    const LoadResult result = loadGltf(path.string(), limits);
    requireLoaded(result);
    REQUIRE(result.asset.images.size() == 2);
    const auto& image = result.asset.images[0];
    CHECK(image.pending());
    CHECK(image.image.empty());
    CHECK(image.declaredWidth == 2);
    CHECK(image.declaredHeight == 3);
    REQUIRE(image.encoded);
    CHECK(*image.encoded == smallPng(2, 3));
    CHECK_FALSE(result.asset.images[1].pending()); // unused: never read
}

// ==== Compressed geometry ======================================================================
// The sample models and gltfpack's twins are rendered in RenderGlTest; here, made-up files for
// each decoding path and each way the compressed data can lie.

namespace {

// The triangle of triangleBin() with its positions and indices as EXT_meshopt_compression views
// (positions through the EXPONENTIAL filter, indices as an index sequence). Buffer 0 holds the
// compressed bytes (model.bin); buffer 1 is the data-less fallback the views nominally read.
struct MeshoptTriangle {
    Bytes bin;
    json doc;
};

MeshoptTriangle meshoptTriangle() {
    const float positions[9] = {-1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f, 2.0f, -0.5f};
    std::uint32_t filtered[9];
    meshopt_encodeFilterExp(filtered, 3, 12, 16, positions);
    Bytes vertexData(meshopt_encodeVertexBufferBound(3, 12));
    vertexData.resize(
        meshopt_encodeVertexBuffer(vertexData.data(), vertexData.size(), filtered, 3, 12));
    REQUIRE(!vertexData.empty());
    const std::uint32_t indices[3] = {0, 1, 2};
    Bytes indexData(meshopt_encodeIndexSequenceBound(3, 3));
    indexData.resize(meshopt_encodeIndexSequence(indexData.data(), indexData.size(), indices, 3));
    REQUIRE(!indexData.empty());

    MeshoptTriangle t;
    t.bin = vertexData;
    padTo4(t.bin);
    const std::size_t indexOffset = t.bin.size();
    t.bin.insert(t.bin.end(), indexData.begin(), indexData.end());
    padTo4(t.bin);

    t.doc = triangleDoc();
    t.doc["extensionsUsed"] = json::array({"EXT_meshopt_compression"});
    t.doc["extensionsRequired"] = json::array({"EXT_meshopt_compression"});
    t.doc["buffers"] =
        json::array({{{"uri", "model.bin"}, {"byteLength", t.bin.size()}},
                     {{"byteLength", kTriangleBinBytes},
                      {"extensions", {{"EXT_meshopt_compression", {{"fallback", true}}}}}}});
    t.doc["bufferViews"] = json::array({{{"buffer", 1},
                                         {"byteOffset", 0},
                                         {"byteLength", kTrianglePositionBytes},
                                         {"byteStride", 12},
                                         {"extensions",
                                          {{"EXT_meshopt_compression",
                                            {{"buffer", 0},
                                             {"byteOffset", 0},
                                             {"byteLength", vertexData.size()},
                                             {"byteStride", 12},
                                             {"count", 3},
                                             {"mode", "ATTRIBUTES"},
                                             {"filter", "EXPONENTIAL"}}}}}},
                                        {{"buffer", 1},
                                         {"byteOffset", kTrianglePositionBytes},
                                         {"byteLength", kTriangleIndexBytes},
                                         {"extensions",
                                          {{"EXT_meshopt_compression",
                                            {{"buffer", 0},
                                             {"byteOffset", indexOffset},
                                             {"byteLength", indexData.size()},
                                             {"byteStride", 2},
                                             {"count", 3},
                                             {"mode", "INDICES"}}}}}}});
    return t;
}

fs::path writeMeshopt(const fs::path& dir, const MeshoptTriangle& t) {
    writeBytes(dir / "model.bin", t.bin);
    return writeGltf(dir, t.doc);
}

// The triangle as a Draco mesh (sequential encoding keeps the vertex order), with the unique id
// Draco gave its positions.
struct DracoTriangle {
    Bytes bytes;
    std::uint32_t positionId = 0;
};

DracoTriangle dracoTriangle() {
    draco::TriangleSoupMeshBuilder builder;
    builder.Start(1);
    const int position =
        builder.AddAttribute(draco::GeometryAttribute::POSITION, 3, draco::DT_FLOAT32);
    const float v0[3] = {-1.0f, 0.0f, 0.0f};
    const float v1[3] = {1.0f, 0.0f, 0.0f};
    const float v2[3] = {0.0f, 2.0f, -0.5f};
    builder.SetAttributeValuesForFace(position, draco::FaceIndex(0), v0, v1, v2);
    const std::unique_ptr<draco::Mesh> mesh = builder.Finalize();
    REQUIRE(mesh);
    draco::Encoder encoder;
    encoder.SetEncodingMethod(draco::MESH_SEQUENTIAL_ENCODING);
    draco::EncoderBuffer buffer;
    REQUIRE(encoder.EncodeMeshToBuffer(*mesh, &buffer).ok());
    DracoTriangle t;
    t.bytes.assign(buffer.data(), buffer.data() + buffer.size());
    t.positionId = mesh->attribute(position)->unique_id();
    return t;
}

// The Draco triangle as model.gltf + model.bin; `edit` may change the JSON and the bytes.
template <typename Edit>
fs::path writeDraco(const fs::path& dir, Edit edit) {
    const DracoTriangle t = dracoTriangle();
    Bytes bin = t.bytes;
    padTo4(bin);
    json doc = triangleDoc();
    doc["extensionsUsed"] = json::array({"KHR_draco_mesh_compression"});
    doc["extensionsRequired"] = json::array({"KHR_draco_mesh_compression"});
    doc["buffers"] = json::array({{{"uri", "model.bin"}, {"byteLength", bin.size()}}});
    doc["bufferViews"] =
        json::array({{{"buffer", 0}, {"byteOffset", 0}, {"byteLength", t.bytes.size()}}});
    doc["accessors"][0].erase("bufferView");
    doc["accessors"][1].erase("bufferView");
    doc["meshes"][0]["primitives"][0]["extensions"] = {
        {"KHR_draco_mesh_compression",
         {{"bufferView", 0}, {"attributes", {{"POSITION", t.positionId}}}}}};
    edit(doc, bin);
    writeBytes(dir / "model.bin", bin);
    return writeGltf(dir, doc);
}

} // namespace

TEST_CASE("EXT_meshopt_compression decodes filtered attributes and an index sequence",
          "[gltf][compression]") {
    const fs::path dir = scratch("meshopt-triangle");
    checkTriangle(load(writeMeshopt(dir, meshoptTriangle())));
}

TEST_CASE("a meshopt view whose compressed bytes are cut short is refused, naming the view",
          "[gltf][compression]") {
    const fs::path dir = scratch("meshopt-truncated");
    MeshoptTriangle t = meshoptTriangle();
    auto& ext = t.doc["bufferViews"][0]["extensions"]["EXT_meshopt_compression"];
    ext["byteLength"] = ext["byteLength"].get<std::size_t>() / 2;
    const fs::path path = writeMeshopt(dir, t);
    checkRefused(load(path), path,
                 {"/bufferViews/0/extensions/EXT_meshopt_compression", "malformed or truncated"});
}

TEST_CASE("meshopt parameters meshoptimizer would assert on are refused first",
          "[gltf][compression]") {
    const fs::path dir = scratch("meshopt-parameters");
    struct Case {
        int view;
        const char* key;
        json value;
        const char* expected;
    };
    const Case c = GENERATE(Case{0, "byteStride", 6, "multiple of 4"},
                            Case{0, "byteStride", 260, "multiple of 4"},
                            Case{0, "filter", "QUATERNION", "needs a byteStride of 8"},
                            Case{0, "filter", "SHARPEN", "is not a meshopt filter"},
                            Case{0, "mode", "POINTS", "is not ATTRIBUTES, TRIANGLES or INDICES"},
                            Case{1, "byteStride", 1, "must be 2 or 4"},
                            Case{1, "mode", "TRIANGLES", "not a multiple of 3"},
                            Case{1, "filter", "OCTAHEDRAL", "attributes only"},
                            Case{0, "count", std::uint64_t{1} << 40, "size limit"});
    INFO(c.key << " = " << c.value.dump());
    MeshoptTriangle t = meshoptTriangle();
    if (std::string(c.expected) == "not a multiple of 3") {
        t.doc["bufferViews"][1]["extensions"]["EXT_meshopt_compression"]["count"] = 4;
    }
    t.doc["bufferViews"][c.view]["extensions"]["EXT_meshopt_compression"][c.key] = c.value;
    const fs::path path = writeMeshopt(dir, t);
    checkRefused(load(path), path,
                 {"/bufferViews/" + std::to_string(c.view) + "/extensions/EXT_meshopt_compression",
                  c.expected});
}

TEST_CASE("a meshopt view reading outside its buffer, or a buffer with no data, is refused",
          "[gltf][compression]") {
    const fs::path dir = scratch("meshopt-outside");
    MeshoptTriangle t = meshoptTriangle();
    const bool placeholder = GENERATE(false, true);
    auto& ext = t.doc["bufferViews"][0]["extensions"]["EXT_meshopt_compression"];
    if (placeholder) {
        ext["buffer"] = 1;
    } else {
        ext["byteOffset"] = t.bin.size() - 4;
    }
    const fs::path path = writeMeshopt(dir, t);
    checkRefused(load(path), path,
                 {"/bufferViews/0/extensions/EXT_meshopt_compression",
                  placeholder ? "which has no data" : "lies outside buffer 0"});
}

TEST_CASE("KHR_draco_mesh_compression decodes the triangle from its bufferView",
          "[gltf][compression]") {
    const fs::path dir = scratch("draco-triangle");
    checkTriangle(load(writeDraco(dir, [](json&, Bytes&) {})));
}

TEST_CASE("Draco data that is not Draco, or names an attribute it lacks, is refused by pointer",
          "[gltf][compression]") {
    const fs::path dir = scratch("draco-bad");
    const int fault = GENERATE(0, 1, 2, 3);
    INFO("fault " << fault);
    std::string expected;
    const fs::path path = writeDraco(dir, [&](json& doc, Bytes& bin) {
        auto& ext = doc["meshes"][0]["primitives"][0]["extensions"]["KHR_draco_mesh_compression"];
        switch (fault) {
        case 0: // the "DRACO" magic overwritten
            std::fill(bin.begin(), bin.begin() + 8, 0);
            expected = "is not Draco data";
            break;
        case 1: // the stream cut to half its length
            doc["bufferViews"][0]["byteLength"] = bin.size() / 2;
            expected = "Draco cannot decode it";
            break;
        case 2:
            ext["attributes"]["POSITION"] = 77;
            expected = "attributes/POSITION names Draco attribute 77, which the data does not have";
            break;
        default:
            doc["meshes"][0]["primitives"][0]["mode"] = kModeTriangleStrip;
            expected = "whose mode is not TRIANGLES";
            break;
        }
    });
    checkRefused(load(path), path,
                 {"/meshes/0/primitives/0/extensions/KHR_draco_mesh_compression", expected});
}

TEST_CASE("the Draco-compressed Duck loads with the triangles and extent of its plain twin",
          "[gltf][compression]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const LoadResult plain = load(ref / "models/Duck/glTF/Duck.gltf");
    const LoadResult draco = load(ref / "models/Duck/glTF-Draco/Duck.gltf");
    requireLoaded(plain);
    requireLoaded(draco);
    CHECK(draco.asset.triangleCount() == plain.asset.triangleCount());
    // Draco quantised the positions to 14 bits of the duck's ~2 m extent.
    checkVec(draco.asset.bounds.min, plain.asset.bounds.min, 0.01f);
    checkVec(draco.asset.bounds.max, plain.asset.bounds.max, 0.01f);
    CHECK(draco.asset.warnings.empty());
}

// ==== Images ===================================================================================

TEST_CASE("an image URI pointing outside the asset's folder is refused as a URI policy violation",
          "[gltf]") {
    const fs::path dir = scratch("image-outside");
    fs::create_directories(dir / "asset");
    writeBytes(dir / "outside.png", smallPng(2, 2));
    for (const std::string uri : {"../outside.png", "%2e%2e/outside.png", "/etc/passwd"}) {
        INFO("uri " << uri);
        const fs::path path = writeTriangle(dir / "asset", [&uri](json& doc) {
            addTexturedMaterial(doc, {{"uri", uri}});
        });
        checkRefused(load(path), path, {"/images/0/uri"});
    }
}

TEST_CASE("a missing image file gives a placeholder and a warning, and the model loads", "[gltf]") {
    const fs::path dir = scratch("image-missing");
    const fs::path path = writeTriangle(dir, [](json& doc) {
        addTexturedMaterial(doc, {{"uri", "missing.png"}});
    });
    const LoadResult result = load(path);
    requireLoaded(result);
    REQUIRE(result.asset.images.size() == 1);
    const auto& image = result.asset.images[0];
    CHECK(image.placeholder);
    CHECK_FALSE(image.image.empty());
    REQUIRE(result.asset.warnings.size() == 1);
    const std::string& warning = result.asset.warnings[0];
    INFO("warning: " << warning);
    CHECK(warning.rfind(path.string() + ": ", 0) == 0);
    CHECK_THAT(warning, Catch::Matchers::Contains("missing.png"));
    CHECK_THAT(warning, Catch::Matchers::Contains("placeholder"));
    CHECK(result.asset.triangleCount() == 1);
    CHECK(result.asset.materials.at(0).baseColor.present());
}

TEST_CASE("a corrupt PNG gives a placeholder and a warning, and the model loads", "[gltf]") {
    const fs::path dir = scratch("image-corrupt");
    Bytes corrupt = smallPng(4, 4);
    corrupt.resize(corrupt.size() / 2); // cut inside the image data
    for (std::size_t i = 40; i < corrupt.size(); ++i) {
        corrupt[i] = static_cast<std::uint8_t>(corrupt[i] ^ 0x5A);
    }
    writeBytes(dir / "corrupt.png", corrupt);
    Bytes notAnImage;
    append<std::uint8_t>(notAnImage, {'G', 'I', 'F', '8', '9', 'a', 0, 0});
    writeBytes(dir / "picture.gif", notAnImage);
    for (const std::string uri : {"corrupt.png", "picture.gif"}) {
        INFO("uri " << uri);
        const fs::path path = writeTriangle(dir, [&uri](json& doc) {
            addTexturedMaterial(doc, {{"uri", uri}});
        });
        const LoadResult result = load(path);
        requireLoaded(result);
        REQUIRE(result.asset.images.size() == 1);
        CHECK(result.asset.images[0].placeholder);
        REQUIRE(result.asset.warnings.size() == 1);
        INFO("warning: " << result.asset.warnings[0]);
        CHECK_THAT(result.asset.warnings[0], Catch::Matchers::Contains(uri));
        CHECK_THAT(result.asset.warnings[0], Catch::Matchers::Contains("cannot be decoded"));
    }
}

TEST_CASE("an image whose header claims 100000x100000 pixels gives a placeholder, not a huge "
          "allocation",
          "[gltf]") {
    const fs::path dir = scratch("image-huge-header");
    const Bytes png = pngClaiming(100000, 100000);
    SECTION("as a file") {
        writeBytes(dir / "huge.png", png);
        const fs::path path = writeTriangle(dir, [](json& doc) {
            addTexturedMaterial(doc, {{"uri", "huge.png"}});
        });
        const LoadResult result = load(path);
        requireLoaded(result);
        REQUIRE(result.asset.images.size() == 1);
        CHECK(result.asset.images[0].placeholder);
        CHECK(result.asset.images[0].image.width < 100);
        REQUIRE(result.asset.warnings.size() == 1);
        CHECK_THAT(result.asset.warnings[0], Catch::Matchers::Contains("huge.png"));
    }
    SECTION("in a GLB's bufferView") {
        Bytes bin = triangleBin();
        const std::size_t imageOffset = bin.size();
        bin.insert(bin.end(), png.begin(), png.end());
        json doc = triangleDoc();
        doc["buffers"][0]["byteLength"] = bin.size();
        doc["bufferViews"].push_back(
            {{"buffer", 0}, {"byteOffset", imageOffset}, {"byteLength", png.size()}});
        addTexturedMaterial(doc, {{"bufferView", 2}, {"mimeType", "image/png"}});
        const fs::path path = dir / "model.glb";
        writeBytes(path, makeGlb(doc, bin));
        const LoadResult result = load(path);
        requireLoaded(result);
        REQUIRE(result.asset.images.size() == 1);
        CHECK(result.asset.images[0].placeholder);
        CHECK(result.asset.warnings.size() == 1);
    }
}

// ==== Reference models =========================================================================

TEST_CASE("reference models that require meshopt load: BoxMeshopt as .gltf and .glb, "
          "meshopt-no-fallback",
          "[gltf][compression]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path models = ref / "models";
    for (const auto& [path, triangles] :
         {std::pair{models / "BoxMeshopt" / "BoxMeshopt.gltf", 12},
          std::pair{models / "BoxMeshopt" / "BoxMeshopt.glb", 12},
          std::pair{models / "MeshoptFallback" / "meshopt-no-fallback" / "meshopt-no-fallback.gltf",
                    60}}) {
        INFO(path.string());
        const LoadResult result = load(path);
        requireLoaded(result);
        CHECK(result.asset.triangleCount() == static_cast<std::size_t>(triangles));
        CHECK(result.asset.warnings.empty());
    }
}

TEST_CASE("meshopt used but not required is decoded, not read from the fallback buffer",
          "[gltf][compression]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path path =
        ref / "models" / "MeshoptFallback" / "meshopt-fallback" / "meshopt-fallback.gltf";
    REQUIRE(fs::is_regular_file(path));
    const LoadResult result = load(path);
    requireLoaded(result);
    const auto& asset = result.asset;
    REQUIRE(asset.meshes.size() == 2);
    REQUIRE(asset.meshes[0].primitives.size() == 1);
    REQUIRE(asset.meshes[1].primitives.size() == 1);
    CHECK(asset.meshes[0].primitives[0].indices.size() == 36);
    CHECK(asset.meshes[1].primitives[0].indices.size() == 144);
    CHECK(asset.triangleCount() == 60);
    // The accessors' min/max (quantized, unnormalized) match what was decoded.
    checkVec(asset.meshes[0].primitives[0].bounds.min, {0.0f, 0.0f, 0.0f});
    checkVec(asset.meshes[0].primitives[0].bounds.max, {16383.0f, 16383.0f, 16383.0f});
    checkVec(asset.meshes[1].primitives[0].bounds.min, {1315.0f, 1315.0f, 1315.0f});
    checkVec(asset.meshes[1].primitives[0].bounds.max, {15068.0f, 15068.0f, 15068.0f});
    // The cube's normals go through the OCTAHEDRAL filter: its first face points along -x. This
    // sample's fallback buffer holds the normals before the filter, (-1, 0, 1) unnormalised, so
    // a loader reading the fallback would tilt them by 45 degrees.
    const auto& normals = asset.meshes[0].primitives[0].normals;
    REQUIRE(normals.size() == 24);
    checkVec(normals[0], {-1.0f, 0.0f, 0.0f});
}

TEST_CASE("TextureTransformTest: the rotation and scale matrices put the arrow on the green "
          "markers",
          "[gltf]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path path =
        ref / "models" / "TextureTransformTest" / "glTF" / "TextureTransformTest.gltf";
    REQUIRE(fs::is_regular_file(path));
    const LoadResult result = load(path);
    requireLoaded(result);
    const auto& asset = result.asset;

    // The quads map position to UV affinely: solve it from one quad's first three vertices.
    const auto& quad = asset.meshes.at(3).primitives.at(0);
    REQUIRE(quad.positions.size() >= 3);
    REQUIRE(quad.texCoords0.size() == quad.positions.size());
    const glm::vec2 p0(quad.positions[0]);
    const glm::mat2 dp(glm::vec2(quad.positions[1]) - p0, glm::vec2(quad.positions[2]) - p0);
    const glm::mat2 duv(quad.texCoords0[1] - quad.texCoords0[0],
                        quad.texCoords0[2] - quad.texCoords0[0]);
    REQUIRE(std::abs(glm::determinant(dp)) > 1e-6f);
    const glm::mat2 toUv = duv * glm::inverse(dp);
    const auto uvAt = [&](const std::string& node) {
        const auto* n = nodeNamed(asset, node);
        REQUIRE(n != nullptr);
        return quad.texCoords0[0] + toUv * (glm::vec2(n->local[3]) - p0);
    };

    // The "Not Supported" marker sits where the arrow's tip is drawn with no transform, so the
    // tip's texel is at that marker's UV; a correct transform samples it at the "Correct" marker.
    const auto findMaterial = [&](const std::string& name) -> const docent::engine::MaterialDesc& {
        for (const auto& m : asset.materials) {
            if (m.name == name) {
                return m;
            }
        }
        FAIL("no material " << name);
        return asset.materials.front();
    };
    const auto sampledAt = [](const glm::mat3& m, glm::vec2 uv) {
        return glm::vec2(m * glm::vec3(uv, 1.0f));
    };
    const glm::mat3 rotation = findMaterial("Rotation").baseColor.transform;
    const glm::vec2 tip = uvAt("Rotation - Not Supported");
    checkVec(sampledAt(rotation, uvAt("Rotation - Correct")), tip, 0.01f);
    CHECK(glm::length(sampledAt(rotation, uvAt("Rotation - Error")) - tip) > 0.1f);

    const glm::mat3 scale = findMaterial("Scale").baseColor.transform;
    checkVec(sampledAt(scale, uvAt("Scale - Correct")), uvAt("Scale - Not Supported"), 0.01f);
}
