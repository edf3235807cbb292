#include <cmath>

#include "Noise.h"

namespace docent::tools {

namespace {

constexpr float kTwoPi = 6.28318530718f;

int wrap(int value, int period) {
    if (period <= 0) {
        return value;
    }
    const int r = value % period;
    return r < 0 ? r + period : r;
}

// Quintic fade: continuous second derivative, so no creases along lattice lines.
float fade(float t) {
    return t * t * t * (t * (t * 6.0f - 15.0f) + 10.0f);
}

// Sixteen evenly spread unit gradients, picked by hash: as smooth as random angles to the eye
// and far cheaper than a sine and a cosine per lattice point.
struct GradientTable {
    float x[16];
    float y[16];
    GradientTable() {
        for (int i = 0; i < 16; ++i) {
            const float angle = kTwoPi * (static_cast<float>(i) + 0.5f) / 16.0f;
            x[i] = std::cos(angle);
            y[i] = std::sin(angle);
        }
    }
};

const GradientTable& gradients() {
    static const GradientTable table;
    return table;
}

float gradientDot(int ix, int iy, std::uint32_t seed, float dx, float dy) {
    const std::uint32_t pick = hashPoint(ix, iy, seed) >> 28u;
    const GradientTable& table = gradients();
    return table.x[pick] * dx + table.y[pick] * dy;
}

} // namespace

std::uint32_t hashPoint(int x, int y, std::uint32_t seed) {
    // Combine, then one multiply-xorshift finaliser (Chris Wellons' "lowbias32" constants):
    // enough mixing for texture noise, and this runs tens of millions of times per scene.
    std::uint32_t h = seed * 0x9e3779b9u;
    h ^= static_cast<std::uint32_t>(x) * 0x85ebca6bu;
    h = (h ^ (h >> 15u)) * 0x2c1b3c6du;
    h ^= static_cast<std::uint32_t>(y) * 0xc2b2ae35u;
    h ^= h >> 16u;
    h *= 0x7feb352du;
    h ^= h >> 15u;
    h *= 0x846ca68bu;
    h ^= h >> 16u;
    return h;
}

float hashUnit(int x, int y, std::uint32_t seed) {
    return static_cast<float>(hashPoint(x, y, seed) >> 8u) * (1.0f / 16777216.0f);
}

float gradientNoise(glm::vec2 p, std::uint32_t seed, int period) {
    const float fx = std::floor(p.x);
    const float fy = std::floor(p.y);
    const int x0 = static_cast<int>(fx);
    const int y0 = static_cast<int>(fy);
    const float dx = p.x - fx;
    const float dy = p.y - fy;
    const int xa = wrap(x0, period);
    const int xb = wrap(x0 + 1, period);
    const int ya = wrap(y0, period);
    const int yb = wrap(y0 + 1, period);
    const float n00 = gradientDot(xa, ya, seed, dx, dy);
    const float n10 = gradientDot(xb, ya, seed, dx - 1.0f, dy);
    const float n01 = gradientDot(xa, yb, seed, dx, dy - 1.0f);
    const float n11 = gradientDot(xb, yb, seed, dx - 1.0f, dy - 1.0f);
    const float u = fade(dx);
    const float v = fade(dy);
    const float value = glm::mix(glm::mix(n00, n10, u), glm::mix(n01, n11, u), v);
    // 2D gradient noise with unit gradients stays within about +-0.71.
    return glm::clamp(value * 0.7071f + 0.5f, 0.0f, 1.0f);
}

float fbm(glm::vec2 p, int octaves, std::uint32_t seed, int period) {
    float sum = 0.0f;
    float amplitude = 1.0f;
    float total = 0.0f;
    for (int octave = 0; octave < octaves; ++octave) {
        sum +=
            amplitude * gradientNoise(p, seed + static_cast<std::uint32_t>(octave) * 101u, period);
        total += amplitude;
        amplitude *= 0.5f;
        p *= 2.0f;
        period *= 2;
    }
    // Sums of octaves bunch around 0.5; stretch them back towards the full range.
    const float value = sum / total;
    return glm::clamp((value - 0.5f) * 1.6f + 0.5f, 0.0f, 1.0f);
}

float smoothStep(float edge0, float edge1, float x) {
    const float t = glm::clamp((x - edge0) / (edge1 - edge0), 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

glm::vec3 rgb(int r, int g, int b) {
    return glm::vec3(static_cast<float>(r), static_cast<float>(g), static_cast<float>(b)) / 255.0f;
}

glm::vec3 adjust(glm::vec3 color, float brightness, float saturation) {
    const float grey = glm::dot(color, glm::vec3(0.299f, 0.587f, 0.114f));
    return glm::max(glm::mix(glm::vec3(grey), color, saturation) * brightness, glm::vec3(0.0f));
}

} // namespace docent::tools
