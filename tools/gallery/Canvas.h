#pragma once
// A small oil-painting simulator for the gallery's canvases. A painting is described as a
// subject (a colour and a stroke direction for every point of the picture) and rendered the
// way a painter works: a toned ground, then layers of ever smaller brush strokes that follow
// the forms, then details, then the weave of the canvas and a varnish. The result looks
// painted rather than computed. Plain value: one thread.

#include <cstdint>
#include <functional>
#include <vector>

#include <glm/glm.hpp>

#include "Random.h"
#include "engine/Image.h"

namespace docent::tools {

// Picture coordinates: x from 0 to the aspect ratio (width / height), y from 0 at the top to 1
// at the bottom, so that round things stay round whatever the pixel size.
struct Subject {
    std::function<glm::vec3(glm::vec2)> color; // sRGB 0-1
    std::function<float(glm::vec2)> angle;     // stroke direction, radians (0 = along +x)
};

struct Stroke {
    glm::vec2 center{0.0f}; // picture coordinates
    float angle = 0.0f;     // direction of travel, radians
    float length = 0.02f;   // picture units
    float width = 0.01f;    // picture units
    float bend = 0.0f;      // sideways bow of the centre line, as a fraction of the length
    glm::vec3 color{0.0f};
    float opacity = 0.9f;
    float dryness = 1.0f;   // how much the paint runs out toward the end (0 = not at all)
    float clip = 0.0f;      // stop where the reference differs from the paint by more (0: never)
    std::uint32_t seed = 0; // bristle pattern
};

struct LayerStyle {
    float brush = 0.02f;       // stroke width, picture units
    float aspect = 3.0f;       // stroke length / width
    float angleJitter = 0.25f; // radians
    float colorJitter = 0.05f; // brightness variation of the loaded paint
    float opacity = 0.85f;
    float detailThreshold = 0.0f; // skip strokes where the subject varies less than this
    float bend = 0.15f;           // largest bow, as a fraction of the length
    float clip = 0.2f;            // strokes fade where the reference differs by more than this
};

class Canvas {
public:
    Canvas(int width, int height);

    int width() const { return m_width; }
    int height() const { return m_height; }
    float aspect() const { return static_cast<float>(m_width) / static_cast<float>(m_height); }

    // Renders the subject once as the reference the strokes take their colours from, and
    // covers the canvas with it, dulled toward a warm ground: the underpainting that shows
    // between strokes.
    void underpaint(const Subject& subject, float dullness);
    // One layer of strokes laid on a jittered grid in random order (after underpaint()).
    void paintLayer(const LayerStyle& style, Pcg32& rng);
    void paint(const Stroke& stroke);
    // A round dab (a highlight, a star, a window light); `softness` is the share of the radius
    // over which it fades out.
    void dab(glm::vec2 center, float radius, glm::vec3 color, float opacity, float softness = 0.4f);
    // Lays `color` (a function of the point) with coverage `alpha(p)` (0-1) over the box
    // from `min` to `max` in picture coordinates: crisp shapes such as a crescent moon.
    void overlay(glm::vec2 min, glm::vec2 max, const std::function<float(glm::vec2)>& alpha,
                 const std::function<glm::vec3(glm::vec2)>& color);
    // A straight stroke from a to b (a mast, a branch).
    void line(glm::vec2 a, glm::vec2 b, float width, glm::vec3 color, float opacity,
              std::uint32_t seed);
    // A warm varnish and a faint darkening toward the edges. (No canvas weave: at a texel of
    // about 2 mm it would not be seen, and its noise would double the PNG's size.)
    void finish(float varnish);

    engine::Image toImage() const;

private:
    glm::vec3& at(int x, int y) {
        return m_pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_width) +
                        static_cast<std::size_t>(x)];
    }
    float pixelsPerUnit() const { return static_cast<float>(m_height); }
    // The reference colour at picture point p (nearest pixel, clamped to the canvas).
    glm::vec3 reference(glm::vec2 p) const;

    int m_width;
    int m_height;
    std::vector<glm::vec3> m_pixels;
    std::vector<glm::vec3> m_reference;
    std::function<float(glm::vec2)> m_angle;
};

} // namespace docent::tools
