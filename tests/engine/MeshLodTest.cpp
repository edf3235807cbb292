// Geometry levels of detail and the .glb writer behind `docent import`: what the simplifier
// makes of a surface (coarser levels, honest errors, open borders kept), that a scene written
// by docent reads back as the same scene, levels included, and that the loader refuses levels
// that lie (indices out of range, more triangles than the level before, errors that shrink).

#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <glm/glm.hpp>

#include "engine/GltfLoader.h"
#include "engine/GltfWriter.h"
#include "engine/Image.h"
#include "engine/MeshLod.h"

using namespace docent;

namespace {

constexpr int kGrid = 100; // vertices per side: 19,602 triangles

// A square of side 1 m, kGrid x kGrid vertices, raised by `bump` metres of rolling hills.
engine::PrimitiveData terrain(float bump) {
    engine::PrimitiveData p;
    for (int z = 0; z < kGrid; ++z) {
        for (int x = 0; x < kGrid; ++x) {
            const float u = static_cast<float>(x) / (kGrid - 1);
            const float v = static_cast<float>(z) / (kGrid - 1);
            const float height = bump * std::sin(u * 9.0f) * std::cos(v * 7.0f);
            p.positions.emplace_back(u, height, v);
            p.normals.emplace_back(0.0f, 1.0f, 0.0f);
            p.texCoords0.emplace_back(u, v);
            p.bounds.extend(p.positions.back());
        }
    }
    for (int z = 0; z + 1 < kGrid; ++z) {
        for (int x = 0; x + 1 < kGrid; ++x) {
            const auto i = static_cast<std::uint32_t>(z * kGrid + x);
            const auto k = static_cast<std::uint32_t>(kGrid);
            p.indices.insert(p.indices.end(), {i, i + k, i + 1, i + 1, i + k, i + k + 1});
        }
    }
    return p;
}

bool onBorder(std::uint32_t index) {
    const auto x = static_cast<int>(index) % kGrid;
    const auto z = static_cast<int>(index) / kGrid;
    return x == 0 || z == 0 || x == kGrid - 1 || z == kGrid - 1;
}

engine::LoadResult readBack(const std::vector<std::uint8_t>& glb) {
    return engine::loadGltfFromMemory(
        "written.glb", glb, [](const std::string&, std::vector<unsigned char>&, std::string& why) {
            why = "no external files";
            return engine::ResourceRead::Unreadable;
        });
}

} // namespace

TEST_CASE("levels of detail halve a surface step by step, with growing errors and its border "
          "kept",
          "[lod]") {
    const engine::PrimitiveData surface = terrain(0.05f);
    const auto levels = engine::buildLods(surface);
    REQUIRE(levels.size() >= 3);
    std::size_t previous = surface.indices.size();
    float previousError = 0.0f;
    std::set<std::uint32_t> border;
    for (const std::uint32_t i : surface.indices) {
        if (onBorder(i)) {
            border.insert(i);
        }
    }
    for (const auto& level : levels) {
        INFO("level of " << level.indices.size() / 3 << " triangles, error " << level.error);
        CHECK(level.indices.size() % 3 == 0);
        CHECK(level.indices.size() < previous * 8 / 10);
        CHECK(level.error >= previousError);
        CHECK(level.error < 0.05f); // never more than 5 % of the extent away
        std::set<std::uint32_t> kept;
        for (const std::uint32_t i : level.indices) {
            REQUIRE(i < surface.positions.size());
            if (onBorder(i)) {
                kept.insert(i);
            }
        }
        // Every vertex of the open border is still there: a neighbouring piece of the scan
        // cannot open a crack against this one.
        CHECK(kept == border);
        previous = level.indices.size();
        previousError = level.error;
    }
    CHECK(levels.front().error > 0.0f); // the hills cannot be simplified for free
}

TEST_CASE("a flat surface simplifies to a few triangles at no error, a small one gets no levels",
          "[lod]") {
    const auto flat = engine::buildLods(terrain(0.0f));
    REQUIRE_FALSE(flat.empty());
    CHECK(flat.back().indices.size() / 3 < 1000);
    CHECK(flat.back().error < 1e-4f);

    engine::PrimitiveData small;
    small.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    small.indices = {0, 1, 2};
    CHECK(engine::buildLods(small).empty());
}

TEST_CASE("a scene written as .glb reads back the same: nodes, attributes, levels, materials "
          "and image bytes",
          "[lod][gltf]") {
    engine::SceneAsset asset;
    engine::PrimitiveData p = terrain(0.05f);
    p.tangents.assign(p.positions.size(), glm::vec4(1, 0, 0, -1));
    p.texCoords1.assign(p.positions.size(), glm::vec2(0.25f, 0.75f));
    p.colors.assign(p.positions.size(), glm::vec4(0.5f, 0.25f, 1.0f, 1.0f));
    p.material = 0;
    p.lods = engine::buildLods(p);
    REQUIRE_FALSE(p.lods.empty());
    asset.meshes.push_back({"ground", {p}});

    engine::NodeData room;
    room.name = "room-1";
    room.children = {1};
    room.local = glm::mat4(1.0f);
    room.local[3] = glm::vec4(2.0f, 0.0f, -3.0f, 1.0f);
    engine::NodeData floor;
    floor.name = "floor";
    floor.parent = 0;
    floor.mesh = 0;
    floor.local[0][0] = 2.0f;
    asset.nodes = {room, floor};
    engine::MeshInstance instance;
    instance.node = 1;
    instance.mesh = 0;
    asset.instances = {instance};

    engine::Image pixels;
    pixels.width = 4;
    pixels.height = 2;
    pixels.pixels.assign(4 * 2 * 4, 200);
    engine::ImageData image;
    image.name = "stone";
    image.encoded = std::make_shared<std::vector<std::uint8_t>>(engine::encodePng(pixels));
    image.declaredWidth = 4;
    image.declaredHeight = 2;
    asset.images = {image};
    engine::TextureDesc texture;
    texture.image = 0;
    texture.sampler.wrapS = 0x812F; // CLAMP_TO_EDGE
    asset.textures = {texture};
    engine::MaterialDesc material;
    material.name = "stone";
    material.baseColorFactor = {0.9f, 0.8f, 0.7f, 1.0f};
    material.metallicFactor = 0.0f;
    material.roughnessFactor = 0.6f;
    material.baseColor.texture = 0;
    const float angle = 0.5f;
    material.baseColor.transform = glm::mat3(1, 0, 0, 0, 1, 0, 0.25f, 0.5f, 1) *
                                   glm::mat3(std::cos(angle), -std::sin(angle), 0, std::sin(angle),
                                             std::cos(angle), 0, 0, 0, 1) *
                                   glm::mat3(2, 0, 0, 0, 3, 0, 0, 0, 1);
    material.normal.texture = 0;
    material.normal.texCoord = 1;
    material.normalScale = 0.5f;
    material.emissiveFactor = {1.0f, 0.5f, 0.0f};
    material.emissiveStrength = 4.0f;
    material.alphaMode = engine::AlphaMode::Mask;
    material.alphaCutoff = 0.3f;
    material.doubleSided = true;
    asset.materials = {material};

    engine::SceneGlbSummary summary;
    const auto glb = engine::writeSceneGlb(asset, "test", &summary);
    CHECK(summary.triangles == p.indices.size() / 3);
    CHECK(summary.lodLevels == p.lods.size());
    CHECK(summary.bytes == glb.size());

    engine::GltfLimits keepEncoded;
    keepEncoded.decodeImages = false;
    const auto loaded = engine::loadGltfFromMemory(
        "written.glb", glb,
        [](const std::string&, std::vector<unsigned char>&, std::string&) {
            return engine::ResourceRead::Unreadable;
        },
        keepEncoded);
    INFO(loaded.error);
    REQUIRE(loaded.ok());
    const engine::SceneAsset& back = loaded.asset;
    CHECK(back.warnings.empty());
    REQUIRE(back.nodes.size() == 2);
    CHECK(back.nodes[0].name == "room-1");
    CHECK(back.nodes[1].name == "floor");
    CHECK(back.nodes[1].parent == 0);
    REQUIRE(back.instances.size() == 1);
    CHECK(back.instances[0].world == asset.nodes[0].local * asset.nodes[1].local);

    REQUIRE(back.meshes.size() == 1);
    REQUIRE(back.meshes[0].primitives.size() == 1);
    const engine::PrimitiveData& q = back.meshes[0].primitives[0];
    CHECK(q.positions == p.positions);
    CHECK(q.normals == p.normals);
    CHECK(q.tangents == p.tangents);
    CHECK(q.texCoords0 == p.texCoords0);
    CHECK(q.texCoords1 == p.texCoords1);
    CHECK(q.colors == p.colors);
    CHECK(q.indices == p.indices);
    REQUIRE(q.lods.size() == p.lods.size());
    for (std::size_t i = 0; i < p.lods.size(); ++i) {
        CHECK(q.lods[i].indices == p.lods[i].indices);
        CHECK(q.lods[i].error == p.lods[i].error);
    }

    REQUIRE(back.images.size() == 1);
    REQUIRE(back.images[0].pending());
    CHECK(*back.images[0].encoded == *image.encoded); // stored byte for byte
    REQUIRE(back.textures.size() == 1);
    CHECK(back.textures[0].sampler.wrapS == 0x812F);
    REQUIRE(back.materials.size() == 1);
    const engine::MaterialDesc& m = back.materials[0];
    CHECK(m.name == "stone");
    CHECK(m.baseColorFactor == material.baseColorFactor);
    CHECK(m.roughnessFactor == material.roughnessFactor);
    for (int c = 0; c < 3; ++c) {
        for (int r = 0; r < 3; ++r) {
            CHECK(m.baseColor.transform[c][r] ==
                  Approx(material.baseColor.transform[c][r]).margin(1e-5));
        }
    }
    CHECK(m.normal.texCoord == 1);
    CHECK(m.normalScale == 0.5f);
    CHECK(m.emissiveFactor == material.emissiveFactor);
    CHECK(m.emissiveStrength == 4.0f);
    CHECK(m.alphaMode == engine::AlphaMode::Mask);
    CHECK(m.alphaCutoff == 0.3f);
    CHECK(m.doubleSided);
}

TEST_CASE("levels of detail that lie are refused with the place in the file", "[lod][gltf]") {
    // Four vertices, two triangles, and one level the test fills in.
    const auto file = [](const std::vector<std::uint32_t>& level, double error,
                         bool strip = false) {
        engine::GlbBuilder binary;
        const std::vector<float> positions = {0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0};
        const std::vector<std::uint32_t> indices = {0, 1, 2, 2, 1, 3};
        engine::GlbBuilder::Json primitive;
        primitive["attributes"]["POSITION"] = binary.addFloats(positions, 3, "VEC3", true);
        primitive["indices"] = binary.addIndices(indices, 4);
        primitive["mode"] = strip ? 5 : 4;
        primitive["extensions"]["DOCENT_mesh_lod"]["levels"] = {
            {{"indices", binary.addIndices(level, 4)}, {"error", error}}};
        engine::GlbBuilder::Json gltf;
        gltf["asset"]["version"] = "2.0";
        gltf["meshes"] = {{{"primitives", {primitive}}}};
        gltf["nodes"] = {{{"mesh", 0}}};
        gltf["scenes"] = {{{"nodes", {0}}}};
        return binary.finish(gltf);
    };
    const auto good = readBack(file({0, 1, 3}, 0.1));
    INFO(good.error);
    REQUIRE(good.ok());
    REQUIRE(good.asset.meshes[0].primitives[0].lods.size() == 1);

    const auto outside = readBack(file({0, 1, 7}, 0.1));
    CHECK_FALSE(outside.ok());
    CHECK_THAT(outside.error, Catch::Contains("written.glb") && Catch::Contains("index 7") &&
                                  Catch::Contains("out of range"));
    const auto larger = readBack(file({0, 1, 2, 2, 1, 3}, 0.1));
    CHECK_FALSE(larger.ok());
    CHECK_THAT(larger.error, Catch::Contains("fewer than the level before"));
    const auto negative = readBack(file({0, 1, 3}, -1.0));
    CHECK_FALSE(negative.ok());
    CHECK_THAT(negative.error, Catch::Contains("/levels/0/error"));
    const auto strip = readBack(file({0, 1, 3}, 0.1, true));
    CHECK_FALSE(strip.ok());
    CHECK_THAT(strip.error, Catch::Contains("not a triangle list"));
}
