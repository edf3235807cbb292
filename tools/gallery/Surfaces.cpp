#include <algorithm>
#include <cmath>
#include <utility>

#include "Noise.h"
#include "Surfaces.h"

namespace docent::tools {

namespace {

constexpr float kTwoPi = 6.28318530718f;
constexpr int kParquetBands = 12;       // plank rows per strip and repeat
constexpr float kJointMetres = 0.0012f; // visible width of the joints between planks

struct Pixels {
    engine::Image image;
    explicit Pixels(int width, int height) {
        image.width = width;
        image.height = height;
        image.pixels.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4,
                            255);
    }
    void set(int x, int y, glm::vec3 color) {
        const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                               static_cast<std::size_t>(x)) *
                              4;
        const glm::vec3 c = glm::clamp(color, 0.0f, 1.0f) * 255.0f + 0.5f;
        image.pixels[i] = static_cast<std::uint8_t>(c.r);
        image.pixels[i + 1] = static_cast<std::uint8_t>(c.g);
        image.pixels[i + 2] = static_cast<std::uint8_t>(c.b);
    }
    // glTF's packing: green = roughness, blue = metalness; red (occlusion) is left white.
    void setMetallicRoughness(int x, int y, float metallic, float roughness) {
        set(x, y, glm::vec3(1.0f, roughness, metallic));
    }
};

float fract(float x) {
    return x - std::floor(x);
}

} // namespace

SurfaceImages makeParquet(int size) {
    Pixels color(size, size);
    Pixels material(size, size);
    const float tile = kParquetTileMetres;
    const float strip = tile / kParquetStrips;
    const float band = tile / kParquetBands;
    const float pixel = tile / static_cast<float>(size);
    // Waxed oak, darkened by a century and a half of polish.
    const glm::vec3 tones[] = {rgb(156, 108, 64), rgb(134, 90, 50), rgb(116, 78, 44),
                               rgb(146, 100, 58)};
    for (int py = 0; py < size; ++py) {
        for (int px = 0; px < size; ++px) {
            const float x = (static_cast<float>(px) + 0.5f) * pixel;
            const float y = (static_cast<float>(py) + 0.5f) * pixel;
            const int stripIndex = static_cast<int>(x / strip);
            const float sx = x - static_cast<float>(stripIndex) * strip;
            // Alternate strips slope the other way: the chevron.
            const float slope = stripIndex % 2 == 0 ? 1.0f : -1.0f;
            const float w = y + slope * (sx - strip * 0.5f);
            const float bandPosition = w / band;
            const int bandIndex =
                ((static_cast<int>(std::floor(bandPosition)) % kParquetBands) + kParquetBands) %
                kParquetBands;
            const float across = fract(bandPosition);
            const auto seed = hashPoint(stripIndex, bandIndex, 7);

            const glm::vec3 tone =
                tones[seed % 4] * (0.92f + 0.16f * hashUnit(stripIndex, bandIndex, 9));
            // Growth rings run along the plank; a slow warp makes them wander like sawn oak.
            const float warp = fbm(glm::vec2(sx * 5.0f, across * 1.5f), 3, seed);
            const float rings = 0.5f + 0.5f * std::sin((across * 9.0f + warp * 3.0f) * kTwoPi);
            const float fleck = gradientNoise(glm::vec2(sx * 30.0f, across * 4.0f), seed + 1);
            glm::vec3 wood = tone * (0.86f + 0.12f * rings + 0.06f * (fleck - 0.5f));

            // Joints: the band edges (measured across the plank) and the strip edges.
            const float acrossMetres = std::min(across, 1.0f - across) * band * 0.7071f;
            const float alongEdge = std::min(sx, strip - sx);
            const float joint = std::min(acrossMetres, alongEdge);
            const float gap = smoothStep(kJointMetres + pixel, kJointMetres * 0.5f, joint);
            wood = glm::mix(wood, rgb(50, 32, 20), gap * 0.8f);

            color.set(px, py, wood);
            const float roughness = 0.32f + 0.12f * hashUnit(stripIndex, bandIndex, 10) +
                                    0.08f * (1.0f - rings) + 0.4f * gap;
            material.setMetallicRoughness(px, py, 0.0f, roughness);
        }
    }
    return {std::move(color.image), std::move(material.image)};
}

engine::Image makePlaster(int size, glm::vec3 base) {
    Pixels pixels(size, size);
    const float scale = 1.0f / static_cast<float>(size);
    for (int py = 0; py < size; ++py) {
        for (int px = 0; px < size; ++px) {
            const glm::vec2 p(static_cast<float>(px) * scale, static_cast<float>(py) * scale);
            const float cloud = fbm(p * 3.0f, 4, 31, 3);
            const float brush = fbm(glm::vec2(p.x * 6.0f, p.y * 24.0f), 3, 32, 6);
            pixels.set(px, py, base * (0.95f + 0.08f * cloud + 0.03f * brush));
        }
    }
    return std::move(pixels.image);
}

engine::Image makeMarble(int size) {
    Pixels pixels(size, size);
    const float scale = 1.0f / static_cast<float>(size);
    for (int py = 0; py < size; ++py) {
        for (int px = 0; px < size; ++px) {
            const glm::vec2 p(static_cast<float>(px) * scale, static_cast<float>(py) * scale);
            // Whole-number frequencies in both directions keep the veins seamless.
            const float turbulence = fbm(p * 4.0f, 6, 41, 4);
            const float drift = fbm(p * 2.0f, 3, 43, 2);
            const float vein = std::sin((p.x * 1.0f + p.y * 2.0f + turbulence * 0.5f) * kTwoPi);
            const float thin = std::sin((p.x * 3.0f - p.y * 1.0f + drift * 0.8f) * kTwoPi);
            glm::vec3 stone =
                glm::mix(rgb(212, 210, 202), rgb(238, 236, 230), fbm(p * 8.0f, 3, 42, 8));
            stone = glm::mix(stone, rgb(150, 150, 156),
                             smoothStep(0.16f, 0.0f, std::abs(vein)) * (0.3f + 0.5f * drift));
            stone = glm::mix(stone, rgb(176, 174, 176),
                             smoothStep(0.05f, 0.0f, std::abs(thin)) * 0.4f * turbulence);
            pixels.set(px, py, stone);
        }
    }
    return std::move(pixels.image);
}

SurfaceImages makeStoneFloor(int size) {
    Pixels color(size, size);
    Pixels material(size, size);
    const float pixel = 1.0f / static_cast<float>(size);
    const float n = static_cast<float>(kStoneFloorDiamonds);
    // The joint is drawn in tile units: 2 mm of a 1.6 m repeat, at least a pixel wide.
    const float joint = std::max(0.002f / kStoneFloorTileMetres, pixel * 0.75f);
    for (int py = 0; py < size; ++py) {
        for (int px = 0; px < size; ++px) {
            const float u = (static_cast<float>(px) + 0.5f) * pixel;
            const float v = (static_cast<float>(py) + 0.5f) * pixel;
            // Diagonal coordinates: whole diamonds across each repeat, so the chequer tiles.
            const float a = (u + v) * n;
            const float b = (u - v) * n;
            const int ia = static_cast<int>(std::floor(a));
            const int ib = static_cast<int>(std::floor(b));
            const bool dark = ((ia + ib) % 2 + 2) % 2 == 1;
            // A slab is named by its place in the repeat (shifting u or v by a whole tile
            // moves ia + ib or ia - ib by 2n), so the two halves of a slab cut by the
            // texture's edge are one stone.
            const int period = 2 * kStoneFloorDiamonds;
            const auto slab = hashPoint(((ia + ib) % period + period) % period,
                                        ((ia - ib) % period + period) % period, 91);
            const glm::vec2 p(u, v);
            const float turbulence = fbm(p * 4.0f, 5, 92 + (slab & 7u), 4);
            const float vein = std::sin((p.x * 2.0f - p.y * 1.0f + turbulence * 0.9f) * kTwoPi);
            const float cloud = fbm(p * 8.0f, 3, 93, 8);
            glm::vec3 stone;
            if (dark) {
                // Bardiglio: blue-grey with darker and paler bands.
                stone = glm::mix(rgb(88, 92, 100), rgb(120, 124, 130), cloud);
                stone =
                    glm::mix(stone, rgb(60, 62, 70), smoothStep(0.3f, 0.0f, std::abs(vein)) * 0.5f);
            } else {
                // Carrara: warm white with soft grey veins.
                stone = glm::mix(rgb(214, 210, 200), rgb(236, 232, 222), cloud);
                stone = glm::mix(stone, rgb(156, 156, 160),
                                 smoothStep(0.12f, 0.0f, std::abs(vein)) * 0.45f * turbulence);
            }
            stone *= 0.96f + 0.08f * static_cast<float>(slab % 1024u) / 1024.0f; // its own block
            const float edge =
                std::min({fract(a), 1.0f - fract(a), fract(b), 1.0f - fract(b)}) / n * 0.7071f;
            const float gap = smoothStep(joint + pixel, joint * 0.5f, edge);
            color.set(px, py, glm::mix(stone, rgb(70, 66, 60), gap * 0.7f));
            material.setMetallicRoughness(px, py, 0.0f, 0.16f + 0.1f * (1.0f - cloud) + 0.5f * gap);
        }
    }
    return {std::move(color.image), std::move(material.image)};
}

engine::Image makeAshlar(int size) {
    Pixels pixels(size, size);
    const float pixel = kAshlarTileMetres / static_cast<float>(size);
    const float course = kAshlarCourseMetres;
    const float block = course * 2.0f;
    const int courses = static_cast<int>(std::lround(kAshlarTileMetres / course));
    constexpr float kJoint = 0.008f; // m, the mortar line
    for (int py = 0; py < size; ++py) {
        for (int px = 0; px < size; ++px) {
            const float x = (static_cast<float>(px) + 0.5f) * pixel;
            const float y = (static_cast<float>(py) + 0.5f) * pixel;
            const int row = static_cast<int>(y / course);
            const float shifted = x + (row % 2 == 1 ? block * 0.5f : 0.0f);
            const int column = static_cast<int>(std::floor(shifted / block));
            const float inCourse = y - static_cast<float>(row) * course;
            const float inBlock = shifted - static_cast<float>(column) * block;
            const float edge = std::min({inCourse, course - inCourse, inBlock, block - inBlock});
            // Blocks repeat with the tile: their tone is hashed from their place in it.
            const int wrapped = ((column % 2) + 2) % 2;
            const float tone = hashUnit(wrapped, row % courses, 95);
            const glm::vec2 p(x / kAshlarTileMetres, y / kAshlarTileMetres);
            const float grain = fbm(p * 8.0f, 4, 96, 8);
            const float fossils = gradientNoise(p * 64.0f, 97, 64);
            glm::vec3 stone = rgb(216, 202, 174) *
                              (0.92f + 0.08f * tone + 0.08f * grain + 0.03f * (fossils - 0.5f));
            // A chamfer darkens each block's rim before the joint itself.
            stone *= 1.0f - 0.1f * smoothStep(0.02f, 0.0f, edge - kJoint);
            stone = glm::mix(stone, rgb(150, 138, 116), smoothStep(kJoint, kJoint * 0.5f, edge));
            pixels.set(px, py, stone);
        }
    }
    return std::move(pixels.image);
}

SurfaceImages makeBronze(int size) {
    Pixels color(size, size);
    Pixels material(size, size);
    const float scale = 1.0f / static_cast<float>(size);
    for (int py = 0; py < size; ++py) {
        for (int px = 0; px < size; ++px) {
            const glm::vec2 p(static_cast<float>(px) * scale, static_cast<float>(py) * scale);
            // Kept fine and low in contrast: the figure's parts stretch the texture unevenly.
            const float patina = fbm(p * 8.0f, 5, 98, 8);
            const float verdigris = smoothStep(0.62f, 0.8f, fbm(p * 12.0f, 4, 99, 12));
            const float polish = smoothStep(0.6f, 0.75f, fbm(p * 6.0f, 3, 100, 6));
            glm::vec3 c = glm::mix(rgb(84, 54, 30), rgb(112, 74, 40), patina);
            c = glm::mix(c, rgb(76, 96, 78), verdigris * 0.3f);
            c = glm::mix(c, rgb(170, 124, 70), polish * 0.35f);
            color.set(px, py, c);
            const float metallic = glm::mix(0.75f, 0.3f, verdigris) + 0.2f * polish;
            const float roughness = glm::mix(0.45f, 0.7f, verdigris) - 0.2f * polish;
            material.setMetallicRoughness(px, py, std::min(metallic, 1.0f), roughness);
        }
    }
    return {std::move(color.image), std::move(material.image)};
}

SurfaceImages makeGilding(int width, int height) {
    Pixels color(width, height);
    Pixels material(width, height);
    const glm::vec3 gold = rgb(222, 180, 108);
    const glm::vec3 bole = rgb(128, 62, 38); // the red clay under the leaf, showing where worn
    // Bands in v where the frame profile (see Gallery.cpp) carries its ornament.
    constexpr float kBeadLow = 0.185f;
    constexpr float kBeadHigh = 0.305f;
    constexpr float kEggLow = 0.345f;
    constexpr float kEggHigh = 0.515f;
    constexpr float kBeads = 12.0f; // per repeat
    constexpr float kEggs = 6.0f;   // egg-and-dart pairs per repeat
    for (int py = 0; py < height; ++py) {
        for (int px = 0; px < width; ++px) {
            const float u = (static_cast<float>(px) + 0.5f) / static_cast<float>(width);
            const float v = (static_cast<float>(py) + 0.5f) / static_cast<float>(height);
            float shade = 1.0f;  // light and shadow of the carving
            float recess = 0.0f; // dirt and wear collect in the hollows

            if (v > kBeadLow && v < kBeadHigh) {
                const float half = (kBeadHigh - kBeadLow) * 0.5f;
                const glm::vec2 local((fract(u * kBeads) - 0.5f) * 2.0f,
                                      (v - kBeadLow - half) / half);
                const float r = glm::length(local);
                if (r < 0.92f) {
                    shade = 0.8f + 0.45f * std::sqrt(1.0f - r * r) - 0.2f * local.x;
                } else {
                    recess = 0.9f;
                }
            }
            if (v > kEggLow && v < kEggHigh) {
                const float half = (kEggHigh - kEggLow) * 0.5f;
                const glm::vec2 local((fract(u * kEggs) - 0.5f) * 2.0f,
                                      (v - kEggLow - half) / half);
                const float egg = glm::length(local / glm::vec2(0.62f, 0.8f));
                const float dart = std::abs(local.x) - (1.0f - 0.9f * (local.y * 0.5f + 0.5f));
                if (egg < 1.0f) {
                    // The egg: a rounded boss, lit from one side.
                    shade = 0.75f + 0.5f * std::sqrt(1.0f - egg * egg) - 0.15f * local.x;
                } else if (egg < 1.25f) {
                    recess = 0.8f; // the channel round the egg
                } else if (dart > -0.12f) {
                    shade = 1.05f; // the dart between two eggs
                } else {
                    recess = 0.5f;
                }
            }
            // Wear shows the bole on a few high points; whole-number frequencies keep it tiling.
            const float wear = fbm(glm::vec2(u * 8.0f, v * 2.0f), 4, 51, 8);
            const float worn = smoothStep(0.8f, 0.9f, wear) * (1.0f - recess) * 0.5f;
            glm::vec3 c = glm::mix(gold, bole, worn) * shade;
            c = glm::mix(c, rgb(76, 54, 30), recess * 0.6f);
            color.set(px, py, c);
            const float metallic = glm::mix(0.95f, 0.3f, std::max(worn, recess * 0.5f));
            const float roughness = 0.32f + 0.1f * wear + 0.3f * recess;
            material.setMetallicRoughness(px, py, metallic, roughness);
        }
    }
    return {std::move(color.image), std::move(material.image)};
}

SurfaceImages makeVaseGlaze(int width, int height, float aspect) {
    Pixels color(width, height);
    Pixels material(width, height);
    const glm::vec3 gilt = rgb(226, 184, 100);
    constexpr int kMotifs = 8; // crescent-and-star pairs around the belly
    for (int py = 0; py < height; ++py) {
        for (int px = 0; px < width; ++px) {
            const float u = (static_cast<float>(px) + 0.5f) / static_cast<float>(width);
            const float v = (static_cast<float>(py) + 0.5f) / static_cast<float>(height);
            const float pool = fbm(glm::vec2(u * 6.0f, v * 4.0f), 4, 61, 6);
            glm::vec3 glaze = glm::mix(rgb(22, 40, 120), rgb(40, 72, 168), pool);
            bool gold =
                v < 0.045f || v > 0.93f || (v > 0.24f && v < 0.265f) || (v > 0.63f && v < 0.655f);
            // Fine vertical gilt lines on the lower body (gadroons).
            if (v > 0.66f && v < 0.93f) {
                const float line = std::abs(fract(u * 24.0f) - 0.5f);
                gold = gold || line > 0.47f;
            }
            // The frieze: a crescent moon and a star in turn.
            if (v > 0.3f && v < 0.6f) {
                const float cell = u * kMotifs;
                const float local = fract(cell) - 0.5f;
                const glm::vec2 p(local * aspect / kMotifs * 2.0f / 0.3f, (v - 0.45f) / 0.15f);
                if (static_cast<int>(cell) % 2 == 0) {
                    const float outer = glm::length(p);
                    const float inner = glm::length(p - glm::vec2(0.22f, -0.12f));
                    gold = gold || (outer < 0.55f && inner > 0.48f);
                } else {
                    const float r = glm::length(p);
                    const float a = std::atan2(p.y, p.x);
                    const float star = 0.12f + 0.18f * std::pow(std::abs(std::cos(a * 2.5f)), 6.0f);
                    gold = gold || r < star;
                }
            }
            color.set(px, py, gold ? gilt * (0.9f + 0.15f * pool) : glaze);
            material.setMetallicRoughness(px, py, gold ? 1.0f : 0.0f, gold ? 0.28f : 0.1f);
        }
    }
    return {std::move(color.image), std::move(material.image)};
}

} // namespace docent::tools
