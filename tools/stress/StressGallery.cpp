#include "StressGallery.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "../gallery/Mesh.h"
#include "../gallery/Noise.h"

namespace docent::tools {

namespace {

constexpr float kRoomSize = 14.0f; // metres a side
constexpr float kRoomHeight = 5.0f;
constexpr float kWall = 0.4f;
constexpr float kDoorWidth = 2.4f;
constexpr float kDoorHeight = 3.2f;
constexpr float kPi = 3.14159265f;

// A scan's baked colour: mottled stone or bronze, different for every seed.
engine::Image scanTexture(int size, std::uint32_t seed) {
    engine::Image image;
    image.width = size;
    image.height = size;
    image.pixels.resize(static_cast<std::size_t>(size) * static_cast<std::size_t>(size) * 4);
    const glm::vec3 base =
        adjust(rgb(150 + static_cast<int>(seed * 37 % 90), 120 + static_cast<int>(seed * 53 % 80),
                   90 + static_cast<int>(seed * 71 % 70)),
               1.0f, 0.8f);
    const float scale = 8.0f / static_cast<float>(size);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const glm::vec2 p(static_cast<float>(x) * scale, static_cast<float>(y) * scale);
            const float n = fbm(p, 4, seed, 8);
            const glm::vec3 c = glm::clamp(base * (0.55f + 0.9f * n), 0.0f, 1.0f);
            auto* out =
                &image.pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                               static_cast<std::size_t>(x)) *
                              4];
            out[0] = static_cast<std::uint8_t>(c.r * 255.0f);
            out[1] = static_cast<std::uint8_t>(c.g * 255.0f);
            out[2] = static_cast<std::uint8_t>(c.b * 255.0f);
            out[3] = 255;
        }
    }
    return image;
}

// A closed lumpy form of about `triangles` triangles: a sphere pushed in and out by noise.
void addScannedForm(Mesh& mesh, glm::vec3 center, float radius, long triangles,
                    std::uint32_t seed) {
    // A (columns x rows) grid of quads, columns = 2 rows: 4 rows^2 triangles.
    const int rows = std::max(4, static_cast<int>(std::sqrt(static_cast<double>(triangles) / 4.0)));
    const int columns = 2 * rows;
    const auto point = [=](float u, float v) {
        const float theta = u * 2.0f * kPi;
        const float phi = v * kPi;
        const glm::vec3 direction(std::sin(phi) * std::cos(theta), -std::cos(phi),
                                  std::sin(phi) * std::sin(theta));
        // Noise on a seam-free parameterisation: the direction itself.
        const float bump =
            fbm(glm::vec2(direction.x * 2.0f + direction.y, direction.z * 2.0f - direction.y) +
                    glm::vec2(3.0f),
                4, seed);
        return center + direction * radius * (0.8f + 0.4f * bump) * glm::vec3(0.8f, 1.4f, 0.8f);
    };
    addSurface(
        mesh, point, columns, rows, [center](glm::vec3 p) { return p - center; }, glm::vec2(1.0f));
}

} // namespace

void buildStressGallery(Scene& scene, const StressParameters& parameters) {
    const int rooms = std::max(1, parameters.rooms);
    const int objects = std::max(1, parameters.textures);
    const long perObject = std::max(8L, parameters.triangles / objects);

    Material wallMaterial;
    wallMaterial.name = "plaster";
    wallMaterial.baseColor = glm::vec4(0.75f, 0.72f, 0.66f, 1.0f);
    wallMaterial.roughness = 0.9f;
    const int walls = scene.addMaterial(wallMaterial);
    Material floorMaterial;
    floorMaterial.name = "stone floor";
    floorMaterial.baseColor = glm::vec4(0.35f, 0.33f, 0.3f, 1.0f);
    floorMaterial.roughness = 0.6f;
    const int floors = scene.addMaterial(floorMaterial);

    int object = 0;
    for (int r = 0; r < rooms; ++r) {
        Node room;
        room.name = "room." + std::to_string(r + 1);
        const float x0 = static_cast<float>(r) * kRoomSize;
        const float x1 = x0 + kRoomSize;
        const float half = kRoomSize / 2.0f;
        addBox(room.meshFor(floors), {x0, -0.2f, -half}, {x1, 0.0f, half}, 2.0f);
        addBox(room.meshFor(walls), {x0, kRoomHeight, -half}, {x1, kRoomHeight + 0.2f, half});
        Mesh& wallMesh = room.meshFor(walls);
        addBox(wallMesh, {x0, 0.0f, -half - kWall}, {x1, kRoomHeight, -half});
        addBox(wallMesh, {x0, 0.0f, half}, {x1, kRoomHeight, half + kWall});
        // The west wall of each room, with a doorway except in the first; the last room also
        // closes its east side.
        const auto crossWall = [&](float x, bool door) {
            if (!door) {
                addBox(wallMesh, {x - kWall, 0.0f, -half}, {x, kRoomHeight, half});
                return;
            }
            const float d = kDoorWidth / 2.0f;
            addBox(wallMesh, {x - kWall, 0.0f, -half}, {x, kRoomHeight, -d});
            addBox(wallMesh, {x - kWall, 0.0f, d}, {x, kRoomHeight, half});
            addBox(wallMesh, {x - kWall, kDoorHeight, -d}, {x, kRoomHeight, d});
        };
        crossWall(x0 + kWall / 2.0f, r > 0);
        if (r == rooms - 1) {
            crossWall(x1, false);
        }
        // This room's share of the objects, on a grid clear of the doorway axis.
        const int here = objects / rooms + (r < objects % rooms ? 1 : 0);
        const int perSide = std::max(1, static_cast<int>(std::ceil(std::sqrt(here))));
        for (int i = 0; i < here; ++i, ++object) {
            const int textureIndex = scene.addTexture(
                "scan." + std::to_string(object + 1), Wrap::Repeat,
                [size = parameters.textureSize, seed = static_cast<std::uint32_t>(object + 1)] {
                    return scanTexture(size, seed);
                });
            Material material;
            material.name = "scan." + std::to_string(object + 1);
            material.roughness = 0.8f;
            material.baseColorTexture = textureIndex;
            const int m = scene.addMaterial(material);
            const float cell = (kRoomSize - 3.0f) / static_cast<float>(perSide);
            const float cx = x0 + 1.5f + cell * (static_cast<float>(i % perSide) + 0.5f);
            float cz = -half + 1.5f + cell * (static_cast<float>(i / perSide) + 0.5f);
            if (std::abs(cz) < kDoorWidth) {
                cz += cz < 0.0f ? -kDoorWidth : kDoorWidth; // keep the walkway through clear
                cz = std::clamp(cz, -half + 1.0f, half - 1.0f);
            }
            const float radius = std::min(0.6f, cell * 0.3f);
            addBox(room.meshFor(floors), {cx - radius, 0.0f, cz - radius},
                   {cx + radius, 0.9f, cz + radius});
            addScannedForm(room.meshFor(m), {cx, 0.9f + radius * 1.4f, cz}, radius, perObject,
                           static_cast<std::uint32_t>(object + 1));
        }
        scene.addNode(std::move(room));
    }
}

} // namespace docent::tools
