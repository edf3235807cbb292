#include <algorithm>
#include <cmath>

#include "Noise.h"
#include "PaintingKit.h"

namespace docent::tools {

namespace {

constexpr int kLayers = 4; // stroke layers from the coarsest brush to the finest

// The light of every studio piece comes from the upper left (x right, y down the picture,
// z toward the viewer).
const glm::vec3 kStudioLight = glm::normalize(glm::vec3(-0.55f, -0.6f, 0.58f));

} // namespace

float ellipse(glm::vec2 p, glm::vec2 c, glm::vec2 r) {
    return glm::length((p - c) / r);
}

bool inTriangle(glm::vec2 p, glm::vec2 a, glm::vec2 b, glm::vec2 c) {
    const auto side = [](glm::vec2 u, glm::vec2 v, glm::vec2 w) {
        return (v.x - u.x) * (w.y - u.y) - (v.y - u.y) * (w.x - u.x);
    };
    const float d1 = side(a, b, p);
    const float d2 = side(b, c, p);
    const float d3 = side(c, a, p);
    const bool negative = d1 < 0.0f || d2 < 0.0f || d3 < 0.0f;
    const bool positive = d1 > 0.0f || d2 > 0.0f || d3 > 0.0f;
    return !(negative && positive);
}

glm::vec3 sphereNormal(glm::vec2 local) {
    const float z = std::sqrt(std::max(0.0f, 1.0f - glm::dot(local, local)));
    return glm::vec3(local, z);
}

float formLight(glm::vec3 normal) {
    const float diffuse = std::max(0.0f, glm::dot(normal, kStudioLight));
    const float bounce = std::max(0.0f, normal.y) * 0.15f;
    return diffuse + bounce;
}

float specular(glm::vec3 normal, float sharpness) {
    const glm::vec3 reflected = glm::reflect(-kStudioLight, normal);
    return std::pow(std::max(0.0f, reflected.z), sharpness);
}

void paintInLayers(Canvas& canvas, const Subject& subject, Pcg32& rng, float coarse) {
    canvas.underpaint(subject, 0.3f);
    LayerStyle style;
    style.brush = coarse;
    style.aspect = 2.6f;
    style.opacity = 0.8f;
    style.colorJitter = 0.06f;
    style.clip = 0.13f;
    for (int layer = 0; layer < kLayers; ++layer) {
        canvas.paintLayer(style, rng);
        style.brush *= 0.5f;
        style.aspect += 0.3f;
        style.opacity = std::min(0.95f, style.opacity + 0.05f);
        style.colorJitter *= 0.8f;
        style.clip *= 0.85f;
        style.detailThreshold = 0.018f * static_cast<float>(layer + 1);
    }
}

void paintTree(Canvas& canvas, Pcg32& rng, glm::vec2 base, float angle, float length, float width,
               int depth, glm::vec3 color) {
    const glm::vec2 tip = base + glm::vec2(std::cos(angle), std::sin(angle)) * length;
    canvas.line(base, tip, width, color, 0.95f, rng.next());
    if (depth == 0) {
        return;
    }
    const int forks = 2 + static_cast<int>(rng.below(2));
    for (int i = 0; i < forks; ++i) {
        const float at = rng.uniform(0.55f, 1.0f);
        const glm::vec2 from = glm::mix(base, tip, at);
        const float turn = (i % 2 == 0 ? 1.0f : -1.0f) * rng.uniform(0.3f, 0.75f);
        paintTree(canvas, rng, from, angle + turn, length * rng.uniform(0.5f, 0.72f), width * 0.62f,
                  depth - 1, color);
    }
}

void paintFullMoon(Canvas& canvas, glm::vec2 center, float radius) {
    canvas.dab(center, radius * 2.4f, rgb(196, 188, 150), 0.14f, 1.0f);
    canvas.dab(center, radius * 1.35f, rgb(220, 212, 170), 0.2f, 1.0f);
    canvas.dab(center, radius, rgb(250, 242, 210), 1.0f, 0.06f);
    // Its seas: a soft irregular chain across the upper half, never a pair of "eyes" over a
    // "mouth", so that they read as a map and not as a face.
    const struct {
        glm::vec2 at;
        float size;
    } seas[] = {{{-0.42f, -0.3f}, 0.3f},
                {{-0.12f, -0.42f}, 0.24f},
                {{0.2f, -0.22f}, 0.32f},
                {{0.42f, 0.05f}, 0.2f},
                {{0.05f, 0.0f}, 0.16f}};
    for (const auto& sea : seas) {
        canvas.dab(center + sea.at * radius, radius * sea.size, rgb(224, 214, 184), 0.35f, 0.9f);
    }
}

void paintCrescentMoon(Canvas& canvas, glm::vec2 center, float radius, glm::vec2 phase) {
    const glm::vec2 shadowCenter = center + glm::vec2(phase.x, -phase.y) * radius;
    canvas.dab(center, radius * 2.4f, rgb(170, 168, 140), 0.12f, 1.0f);
    canvas.overlay(
        center - glm::vec2(radius + 0.01f), center + glm::vec2(radius + 0.01f),
        [&](glm::vec2 p) {
            const float px = 1.0f / static_cast<float>(canvas.height()); // one pixel
            const float inside = glm::clamp((radius - glm::length(p - center)) / px, 0.0f, 1.0f);
            const float shadow =
                glm::clamp((radius * 0.96f - glm::length(p - shadowCenter)) / px, 0.0f, 1.0f);
            return inside * (1.0f - shadow);
        },
        [](glm::vec2) { return rgb(252, 242, 204); });
}

} // namespace docent::tools
