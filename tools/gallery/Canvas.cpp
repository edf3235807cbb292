#include <algorithm>
#include <array>
#include <cmath>

#include "Canvas.h"
#include "Noise.h"

namespace docent::tools {

namespace {

constexpr int kBristleSamples = 24;  // bristle streaks sampled across one stroke
constexpr float kGridSpacing = 0.8f; // stroke grid spacing, in brush widths
constexpr float kVignette = 0.10f;   // darkening at the corners

} // namespace

Canvas::Canvas(int width, int height)
    : m_width(width), m_height(height),
      m_pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height),
               glm::vec3(0.5f)) {}

void Canvas::underpaint(const Subject& subject, float dullness) {
    const float scale = 1.0f / pixelsPerUnit();
    // A warm mid-tone ground, as painters prime with, pulls the underpainting together.
    const glm::vec3 ground = rgb(120, 96, 70);
    m_reference.resize(m_pixels.size());
    m_angle = subject.angle;
    for (int y = 0; y < m_height; ++y) {
        for (int x = 0; x < m_width; ++x) {
            const glm::vec2 p((static_cast<float>(x) + 0.5f) * scale,
                              (static_cast<float>(y) + 0.5f) * scale);
            const glm::vec3 color = subject.color(p);
            m_reference[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_width) +
                        static_cast<std::size_t>(x)] = color;
            at(x, y) = glm::mix(color, ground, dullness);
        }
    }
}

glm::vec3 Canvas::reference(glm::vec2 p) const {
    const float ppu = pixelsPerUnit();
    const int x = std::clamp(static_cast<int>(p.x * ppu), 0, m_width - 1);
    const int y = std::clamp(static_cast<int>(p.y * ppu), 0, m_height - 1);
    return m_reference[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_width) +
                       static_cast<std::size_t>(x)];
}

void Canvas::paintLayer(const LayerStyle& style, Pcg32& rng) {
    const float spacing = style.brush * kGridSpacing;
    const int columns = static_cast<int>(std::ceil(aspect() / spacing)) + 1;
    const int rows = static_cast<int>(std::ceil(1.0f / spacing)) + 1;
    std::vector<glm::vec2> spots;
    spots.reserve(static_cast<std::size_t>(columns) * static_cast<std::size_t>(rows));
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column) {
            spots.emplace_back((static_cast<float>(column) + rng.uniform()) * spacing,
                               (static_cast<float>(row) + rng.uniform()) * spacing);
        }
    }
    // Random order, so that no stroke direction of overlap dominates (Fisher-Yates).
    for (std::size_t i = spots.size(); i > 1; --i) {
        std::swap(spots[i - 1], spots[rng.below(static_cast<std::uint32_t>(i))]);
    }

    const glm::vec2 offsets[] = {
        {style.brush, 0.0f}, {-style.brush, 0.0f}, {0.0f, style.brush}, {0.0f, -style.brush}};
    for (const glm::vec2 spot : spots) {
        const glm::vec3 color = reference(spot);
        if (style.detailThreshold > 0.0f) {
            // Fine brushes go only where the subject has detail at their scale, as a painter
            // leaves broad passages alone.
            float variation = 0.0f;
            for (const glm::vec2 offset : offsets) {
                const glm::vec3 d = glm::abs(reference(spot + offset) - color);
                variation = std::max(variation, (d.r + d.g + d.b) / 3.0f);
            }
            if (variation < style.detailThreshold) {
                continue;
            }
        }
        Stroke stroke;
        stroke.center = spot;
        stroke.angle = m_angle(spot) + style.angleJitter * rng.symmetric();
        stroke.width = style.brush * rng.uniform(0.8f, 1.2f);
        stroke.length = style.brush * style.aspect * rng.uniform(0.7f, 1.3f);
        stroke.bend = style.bend * rng.symmetric();
        const glm::vec3 tint(rng.symmetric(), rng.symmetric(), rng.symmetric());
        stroke.color = glm::clamp(color * (1.0f + style.colorJitter * rng.symmetric()) +
                                      tint * (style.colorJitter * 0.4f),
                                  0.0f, 1.0f);
        stroke.opacity = style.opacity * rng.uniform(0.85f, 1.0f);
        stroke.clip = style.clip;
        stroke.seed = rng.next();
        paint(stroke);
    }
}

void Canvas::paint(const Stroke& stroke) {
    const float ppu = pixelsPerUnit();
    const glm::vec2 center = stroke.center * ppu;
    const float halfLength = std::max(stroke.length * ppu * 0.5f, 0.5f);
    const float halfWidth = std::max(stroke.width * ppu * 0.5f, 0.5f);
    const float bow = stroke.bend * stroke.length * ppu;
    const glm::vec2 along(std::cos(stroke.angle), std::sin(stroke.angle));
    const glm::vec2 across(-along.y, along.x);

    // The brush's bristles: light and dark streaks across its width, sampled once per stroke.
    std::array<float, kBristleSamples + 1> bristles{};
    const float streaks = std::clamp(halfWidth * 0.5f, 2.0f, 9.0f);
    for (int i = 0; i <= kBristleSamples; ++i) {
        const float t = static_cast<float>(i) / kBristleSamples;
        bristles[static_cast<std::size_t>(i)] =
            gradientNoise(glm::vec2(t * streaks * 2.0f, 0.5f), stroke.seed);
    }

    const float reach = halfLength + halfWidth + std::abs(bow);
    const float band = halfWidth + std::abs(bow); // the bowed stroke stays inside this band
    const int y0 = std::max(0, static_cast<int>(std::floor(center.y - reach)));
    const int y1 = std::min(m_height - 1, static_cast<int>(std::ceil(center.y + reach)));
    for (int y = y0; y <= y1; ++y) {
        // Only the pixels of this row inside the stroke's rotated box: the box's two slabs
        // (along and across) each cut the row to an interval.
        const float dy = static_cast<float>(y) + 0.5f - center.y;
        float lo = center.x - reach;
        float hi = center.x + reach;
        auto clipSlab = [&](glm::vec2 axis, float half) {
            if (std::abs(axis.x) < 1e-6f) {
                if (std::abs(dy * axis.y) > half) {
                    hi = lo - 1.0f; // the row misses the slab
                }
                return;
            }
            const float a = (-half - dy * axis.y) / axis.x;
            const float b = (half - dy * axis.y) / axis.x;
            lo = std::max(lo, center.x + std::min(a, b));
            hi = std::min(hi, center.x + std::max(a, b));
        };
        clipSlab(along, halfLength);
        clipSlab(across, band);
        const int x0 = std::max(0, static_cast<int>(std::floor(lo - 0.5f)));
        const int x1 = std::min(m_width - 1, static_cast<int>(std::ceil(hi)));
        for (int x = x0; x <= x1; ++x) {
            const glm::vec2 d =
                glm::vec2(static_cast<float>(x) + 0.5f, static_cast<float>(y) + 0.5f) - center;
            const float s = glm::dot(d, along) / halfLength;
            if (s < -1.0f || s > 1.0f) {
                continue;
            }
            // The centre line bows into a gentle arc; the brush narrows where it lifts off.
            const float offset = bow * (s * s - 1.0f / 3.0f);
            const float halfHere = halfWidth * (1.0f - 0.3f * s * s * s * s);
            const float t = (glm::dot(d, across) - offset) / halfHere;
            if (t < -1.0f || t > 1.0f) {
                continue;
            }
            const float position = (t * 0.5f + 0.5f) * kBristleSamples;
            const auto index = static_cast<std::size_t>(std::min(position, kBristleSamples - 1.0f));
            const float fraction = position - static_cast<float>(index);
            const float bristle = glm::mix(bristles[index], bristles[index + 1], fraction);
            const float edge =
                smoothStep(1.0f, 0.7f, std::abs(t)) * smoothStep(1.0f, 0.75f, std::abs(s));
            // Paint runs out toward the end of the stroke, first between the bristles.
            const float load = 1.0f - 0.6f * stroke.dryness * smoothStep(-0.3f, 1.0f, s);
            const float cover = glm::clamp((load - (1.0f - bristle) * 0.45f) * 1.6f, 0.0f, 1.0f);
            float alpha = stroke.opacity * edge * cover;
            if (stroke.clip > 0.0f && !m_reference.empty()) {
                // Keep to the form: a painter stops the stroke at the edge of the shape it
                // models rather than dragging its colour across the neighbour's.
                const glm::vec3 gap = glm::abs(
                    m_reference[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_width) +
                                static_cast<std::size_t>(x)] -
                    stroke.color);
                alpha *=
                    smoothStep(stroke.clip * 1.5f, stroke.clip, (gap.r + gap.g + gap.b) / 3.0f);
            }
            if (alpha <= 0.0f) {
                continue;
            }
            glm::vec3& pixel = at(x, y);
            pixel = glm::mix(pixel, stroke.color * (0.9f + 0.2f * bristle), alpha);
        }
    }
}

void Canvas::dab(glm::vec2 center, float radius, glm::vec3 color, float opacity, float softness) {
    const float ppu = pixelsPerUnit();
    const glm::vec2 c = center * ppu;
    const float r = std::max(radius * ppu, 0.5f);
    const float inner = r * (1.0f - softness);
    const int x0 = std::max(0, static_cast<int>(std::floor(c.x - r)));
    const int x1 = std::min(m_width - 1, static_cast<int>(std::ceil(c.x + r)));
    const int y0 = std::max(0, static_cast<int>(std::floor(c.y - r)));
    const int y1 = std::min(m_height - 1, static_cast<int>(std::ceil(c.y + r)));
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const float d = glm::length(
                glm::vec2(static_cast<float>(x) + 0.5f, static_cast<float>(y) + 0.5f) - c);
            // A one-pixel ramp at least, so hard dabs are still antialiased.
            const float alpha = opacity * smoothStep(r, std::min(inner, r - 1.0f), d);
            if (alpha > 0.0f) {
                glm::vec3& pixel = at(x, y);
                pixel = glm::mix(pixel, color, alpha);
            }
        }
    }
}

void Canvas::overlay(glm::vec2 min, glm::vec2 max, const std::function<float(glm::vec2)>& alpha,
                     const std::function<glm::vec3(glm::vec2)>& color) {
    const float ppu = pixelsPerUnit();
    const int x0 = std::max(0, static_cast<int>(std::floor(min.x * ppu)));
    const int x1 = std::min(m_width - 1, static_cast<int>(std::ceil(max.x * ppu)));
    const int y0 = std::max(0, static_cast<int>(std::floor(min.y * ppu)));
    const int y1 = std::min(m_height - 1, static_cast<int>(std::ceil(max.y * ppu)));
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const glm::vec2 p((static_cast<float>(x) + 0.5f) / ppu,
                              (static_cast<float>(y) + 0.5f) / ppu);
            const float a = glm::clamp(alpha(p), 0.0f, 1.0f);
            if (a > 0.0f) {
                glm::vec3& pixel = at(x, y);
                pixel = glm::mix(pixel, color(p), a);
            }
        }
    }
}

void Canvas::line(glm::vec2 a, glm::vec2 b, float width, glm::vec3 color, float opacity,
                  std::uint32_t seed) {
    Stroke stroke;
    stroke.center = (a + b) * 0.5f;
    stroke.angle = std::atan2(b.y - a.y, b.x - a.x);
    stroke.length = glm::length(b - a) + width; // the soft ends eat about one width
    stroke.width = width;
    stroke.color = color;
    stroke.opacity = opacity;
    stroke.dryness = 0.3f;
    stroke.seed = seed;
    paint(stroke);
}

void Canvas::finish(float varnish) {
    const glm::vec3 varnishTint = glm::mix(glm::vec3(1.0f), rgb(255, 240, 205), varnish);
    const float cx = static_cast<float>(m_width) * 0.5f;
    const float cy = static_cast<float>(m_height) * 0.5f;
    for (int y = 0; y < m_height; ++y) {
        for (int x = 0; x < m_width; ++x) {
            const float fx = static_cast<float>(x);
            const float fy = static_cast<float>(y);
            const float rx = (fx - cx) / cx;
            const float ry = (fy - cy) / cy;
            const float vignette = 1.0f - kVignette * (rx * rx + ry * ry) * 0.5f;
            glm::vec3& pixel = at(x, y);
            pixel = pixel * varnishTint * vignette;
        }
    }
}

engine::Image Canvas::toImage() const {
    engine::Image image;
    image.width = m_width;
    image.height = m_height;
    image.pixels.resize(m_pixels.size() * 4);
    for (std::size_t i = 0; i < m_pixels.size(); ++i) {
        const glm::vec3 c = glm::clamp(m_pixels[i], 0.0f, 1.0f) * 255.0f + 0.5f;
        image.pixels[i * 4 + 0] = static_cast<std::uint8_t>(c.r);
        image.pixels[i * 4 + 1] = static_cast<std::uint8_t>(c.g);
        image.pixels[i * 4 + 2] = static_cast<std::uint8_t>(c.b);
        image.pixels[i * 4 + 3] = 255;
    }
    return image;
}

} // namespace docent::tools
