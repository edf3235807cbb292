#include <algorithm>
#include <cmath>
#include <vector>

#include "Canvas.h"
#include "Noise.h"
#include "PaintingKit.h"
#include "Paintings.h"
#include "Random.h"

// Gallery A's new landscapes. As in Paintings.cpp, the numbers inside each composition are
// positions in picture coordinates (see Canvas.h) and sRGB colours: the drawing itself.

namespace docent::tools {

engine::Image paintSunsetRegatta(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x5e9a'77a1);
    const float aspect = canvas.aspect();
    const float horizon = 0.57f;
    const glm::vec2 sun(aspect * 0.64f, horizon - 0.07f);
    const float sunRadius = 0.04f;

    auto headland = [&](float x) {
        const float reach = std::max(0.0f, 1.0f - x / (aspect * 0.42f));
        return horizon - 0.1f * std::pow(reach, 1.4f) -
               0.015f * fbm(glm::vec2(x * 9.0f, 0.5f), 3, 301) * reach;
    };

    auto sky = [&](glm::vec2 p) {
        const float t = glm::clamp(p.y / horizon, 0.0f, 1.0f);
        glm::vec3 color = glm::mix(rgb(58, 44, 104), rgb(176, 96, 140), smoothStep(0.0f, 0.55f, t));
        color = glm::mix(color, rgb(244, 140, 72), smoothStep(0.45f, 0.85f, t));
        color = glm::mix(color, rgb(252, 204, 118), smoothStep(0.82f, 1.0f, t));
        const float d = glm::length((p - sun) * glm::vec2(0.6f, 1.0f));
        color += rgb(160, 110, 40) * std::exp(-d * 7.0f) * 0.8f;
        // Long bands of cloud, lit from below: gold near the sun, violet away from it.
        const float n = fbm(glm::vec2(p.x * 1.4f, p.y * 13.0f), 5, 302);
        const float cloud = smoothStep(0.5f, 0.66f, n) * smoothStep(0.02f, 0.15f, p.y) *
                            smoothStep(horizon - 0.02f, horizon - 0.12f, p.y);
        const float lit = std::exp(-std::abs(p.x - sun.x) * 1.6f);
        const glm::vec3 cloudColor = glm::mix(rgb(96, 60, 110), rgb(250, 170, 110), lit);
        color = glm::mix(color, cloudColor, cloud * 0.85f);
        if (glm::length(p - sun) < sunRadius) {
            color = rgb(255, 236, 170);
        }
        return color;
    };

    struct Boat {
        float x, waterline, scale, lean;
    };
    const Boat boats[] = {
        {aspect * 0.18f, 0.64f, 0.45f, 0.05f}, {aspect * 0.36f, 0.615f, 0.3f, 0.1f},
        {aspect * 0.5f, 0.6f, 0.22f, 0.0f},    {aspect * 0.78f, 0.625f, 0.35f, -0.06f},
        {aspect * 0.56f, 0.8f, 0.85f, 0.08f},  {aspect * 0.9f, 0.59f, 0.16f, 0.0f}};
    // Which part of a boat covers p: 0 none, 1 sail in light, 2 sail in shade, 3 hull.
    auto boatAt = [&](glm::vec2 p) {
        for (const Boat& boat : boats) {
            const float s = boat.scale;
            const glm::vec2 foot(boat.x, boat.waterline - 0.012f * s);
            const glm::vec2 top = foot + glm::vec2(boat.lean * 0.3f * s, -0.36f * s);
            const glm::vec2 clew = foot + glm::vec2(0.16f * s, -0.02f * s);
            const glm::vec2 tack = foot + glm::vec2(-0.12f * s, -0.005f * s);
            if (inTriangle(p, foot, top, clew)) {
                return 1;
            }
            if (inTriangle(p, foot + glm::vec2(-0.005f * s, 0.0f), top + glm::vec2(0.0f, 0.04f * s),
                           tack)) {
                return 2;
            }
            const float down = (p.y - foot.y) / (0.035f * s);
            if (down >= 0.0f && down <= 1.0f) {
                const float half = 0.15f * s * (1.0f - 0.4f * down);
                if (std::abs(p.x - (foot.x + 0.01f * s)) < half) {
                    return 3;
                }
            }
        }
        return 0;
    };

    auto above = [&](glm::vec2 p) -> glm::vec3 {
        if (p.y > headland(p.x)) {
            const float n = fbm(p * glm::vec2(20.0f, 30.0f), 3, 303);
            return glm::mix(rgb(54, 38, 70), rgb(86, 56, 84), n * smoothStep(horizon, 0.45f, p.y));
        }
        return sky(p);
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        switch (boatAt(p)) {
        case 1:
            return glm::mix(rgb(252, 232, 206), rgb(246, 196, 150), smoothStep(0.3f, 0.9f, p.y));
        case 2:
            return rgb(188, 160, 178);
        case 3:
            return rgb(40, 28, 44);
        default:
            break;
        }
        if (p.y < horizon) {
            return above(p);
        }
        const float t = (p.y - horizon) / (1.0f - horizon);
        const float ripple = fbm(glm::vec2(p.x * 7.0f, p.y * 110.0f), 3, 304);
        const glm::vec2 mirrored(p.x + (ripple - 0.5f) * 0.04f, 2.0f * horizon - p.y);
        glm::vec3 water = glm::mix(rgb(120, 70, 110), rgb(40, 30, 70), std::pow(t, 0.7f));
        if (mirrored.y > 0.0f) {
            water = glm::mix(water, above(mirrored) * 0.85f, 0.6f * (1.0f - t * 0.6f));
        }
        // The sun's road of gold on the water.
        const float spread = 0.03f + 0.2f * t;
        const float road = std::exp(-std::pow((p.x - sun.x) / spread, 2.0f));
        water += rgb(250, 180, 90) * road * smoothStep(0.45f, 0.7f, ripple) * 0.8f;
        // Sails mirrored as wavering pale shapes.
        for (const Boat& boat : boats) {
            const float s = boat.scale;
            const float below = p.y - boat.waterline;
            if (below > 0.0f && below < 0.25f * s &&
                std::abs(p.x - boat.x - 0.02f * s - (ripple - 0.5f) * 0.03f) <
                    0.06f * s * (1.0f - below / (0.25f * s))) {
                water = glm::mix(water, rgb(236, 200, 180), 0.45f);
            }
        }
        return water;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 3.0f, 2, 305) - 0.5f;
        if (boatAt(p) == 1 || boatAt(p) == 2) {
            return kPaintHalfPi + wobble * 0.3f;
        }
        const glm::vec2 d = p - sun;
        if (glm::length(d) < 0.1f) {
            return std::atan2(d.y, d.x) + kPaintHalfPi;
        }
        return wobble * (p.y < horizon ? 0.4f : 0.15f);
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush);

    canvas.dab(sun, sunRadius * 2.5f, rgb(255, 210, 140), 0.25f, 1.0f);
    canvas.dab(sun, sunRadius, rgb(255, 240, 186), 1.0f, 0.1f);
    // Masts, and flashes of light on the water.
    for (const Boat& boat : boats) {
        const float s = boat.scale;
        const glm::vec2 foot(boat.x, boat.waterline - 0.012f * s);
        const glm::vec2 top = foot + glm::vec2(boat.lean * 0.3f * s, -0.38f * s);
        canvas.line(foot, top, std::max(0.002f, 0.005f * s), rgb(50, 34, 50), 0.9f, rng.next());
    }
    for (int i = 0; i < 160; ++i) {
        const float y = rng.uniform(horizon + 0.005f, 1.0f);
        const float t = (y - horizon) / (1.0f - horizon);
        const float x = sun.x + rng.symmetric() * (0.03f + 0.2f * t) * rng.uniform();
        const float length = (0.006f + 0.035f * t) * rng.uniform(0.5f, 1.0f);
        canvas.line({x - length, y}, {x + length, y}, 0.002f + 0.004f * t, rgb(255, 214, 140),
                    rng.uniform(0.5f, 0.9f), rng.next());
    }
    // Gulls against the glow.
    const glm::vec2 gulls[] = {
        {aspect * 0.3f, 0.2f}, {aspect * 0.34f, 0.24f}, {aspect * 0.27f, 0.26f}};
    for (const glm::vec2 gull : gulls) {
        canvas.line(gull, gull + glm::vec2(-0.012f, -0.006f), 0.0022f, rgb(60, 40, 70), 0.9f,
                    rng.next());
        canvas.line(gull, gull + glm::vec2(0.012f, -0.006f), 0.0022f, rgb(60, 40, 70), 0.9f,
                    rng.next());
    }
    canvas.finish(0.3f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintAlpineLake(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0xa1b1'4e00);
    const float aspect = canvas.aspect();
    const float shore = 0.56f; // the far shore: the lake's mirror line

    struct Peak {
        float x, top, slope;
    };
    const Peak peaks[] = {{aspect * 0.1f, 0.3f, 0.9f},
                          {aspect * 0.3f, 0.2f, 1.0f},
                          {aspect * 0.47f, 0.11f, 1.15f},
                          {aspect * 0.64f, 0.19f, 0.95f},
                          {aspect * 0.84f, 0.23f, 1.1f}};
    // The skyline: the peaks' shoulders, softened where they meet (a smooth minimum), broken
    // by crags at two scales.
    auto ridge = [&](float x) {
        float sum = 0.0f;
        for (const Peak& peak : peaks) {
            sum += std::exp(-(peak.top + std::abs(x - peak.x) * peak.slope) * 40.0f);
        }
        const float smooth = -std::log(sum) / 40.0f;
        const float crags = fbm(glm::vec2(x * 9.0f, 0.3f), 5, 311) - 0.5f;
        return smooth + 0.05f * crags;
    };
    // How much a point of the mountains faces the dawn at the left: from the skyline's slope
    // above it, broken into ribs of light and shade by gullies that run down the fall line.
    auto litFace = [&](glm::vec2 p) {
        const float slope = (ridge(p.x + 0.015f) - ridge(p.x - 0.015f)) / 0.03f;
        const float depth = p.y - ridge(p.x);
        const float gullies = fbm(
            glm::vec2(p.x * 26.0f - depth * 18.0f * glm::clamp(slope, -1.0f, 1.0f), depth * 5.0f),
            4, 312);
        return glm::clamp(0.5f - 0.9f * slope + 0.9f * (gullies - 0.5f), 0.0f, 1.0f);
    };
    auto forestTop = [&](float x) {
        const float saw = std::abs(std::fmod(x * 95.0f, 1.0f) - 0.5f) * 2.0f; // pine tips
        return shore - 0.05f - 0.02f * fbm(glm::vec2(x * 4.0f, 0.7f), 3, 313) + 0.012f * saw;
    };

    auto land = [&](glm::vec2 p) -> glm::vec3 {
        if (p.y > forestTop(p.x)) {
            const float n = fbm(p * glm::vec2(80.0f, 20.0f), 3, 314);
            return glm::mix(rgb(22, 38, 40), rgb(46, 66, 56), n);
        }
        const float top = ridge(p.x);
        if (p.y > top) {
            const float lit = litFace(p);
            const float snowline = 0.34f + 0.06f * fbm(glm::vec2(p.x * 8.0f, 0.2f), 3, 315);
            // Snow lies in the gullies below the line and on everything above it.
            const float patches = fbm(p * glm::vec2(34.0f, 12.0f), 3, 316);
            const float snow = smoothStep(0.45f, 0.6f, patches + (snowline - p.y) * 6.0f);
            const glm::vec3 rock = glm::mix(rgb(70, 70, 104), rgb(158, 116, 120), lit);
            const glm::vec3 ice = glm::mix(rgb(150, 150, 196), rgb(252, 206, 200), lit);
            // Haze: the mountains' feet fade into the morning air.
            const glm::vec3 mountain = glm::mix(rock, ice, snow);
            return glm::mix(mountain, rgb(170, 160, 190), smoothStep(0.35f, shore, p.y) * 0.45f);
        }
        const float t = glm::clamp(p.y / shore, 0.0f, 1.0f);
        glm::vec3 sky = glm::mix(rgb(110, 146, 200), rgb(250, 198, 184), std::pow(t, 1.3f));
        const float n = fbm(glm::vec2(p.x * 2.0f, p.y * 9.0f), 5, 317);
        const float cloud = smoothStep(0.55f, 0.7f, n) * smoothStep(0.3f, 0.05f, p.y);
        return glm::mix(sky, rgb(252, 190, 180), cloud * 0.8f);
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        if (p.y < shore) {
            return land(p);
        }
        const float foreground =
            0.88f + 0.04f * std::sin(p.x * 4.0f + 1.0f) -
            0.05f * smoothStep(0.4f, 0.8f, fbm(glm::vec2(p.x * 6.0f, 0.5f), 3, 321));
        if (p.y > foreground) {
            const float stones = fbm(p * glm::vec2(30.0f, 40.0f), 3, 318);
            const glm::vec3 bank = glm::mix(rgb(70, 84, 50), rgb(150, 130, 108), stones);
            return bank * (0.8f + 0.3f * (p.y - foreground) / (1.0f - foreground));
        }
        // The still lake: a mirror, darker and greener than what it shows, with faint lines
        // of breeze.
        const float breeze = fbm(glm::vec2(p.x * 3.0f, p.y * 140.0f), 2, 319);
        const glm::vec2 mirrored(p.x, 2.0f * shore - p.y);
        glm::vec3 water = land(mirrored) * glm::vec3(0.78f, 0.84f, 0.9f);
        water = glm::mix(water, rgb(40, 70, 84), 0.2f + 0.15f * smoothStep(0.55f, 0.75f, breeze));
        return water;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 3.0f, 2, 320) - 0.5f;
        if (p.y < shore && p.y > ridge(p.x) && p.y < forestTop(p.x)) {
            return (litFace(p) > 0.5f ? 1.1f : 2.0f) + wobble * 0.4f; // down the slopes
        }
        if (p.y > forestTop(p.x) && p.y < shore) {
            return kPaintHalfPi + wobble * 0.3f;
        }
        return wobble * 0.25f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush);
    // A rowing boat at rest on the lake, and its reflection.
    const glm::vec2 boat(aspect * 0.7f, 0.74f);
    canvas.line(boat - glm::vec2(0.04f, 0.0f), boat + glm::vec2(0.04f, 0.0f), 0.008f,
                rgb(70, 40, 30), 0.95f, rng.next());
    canvas.line(boat + glm::vec2(-0.035f, 0.008f), boat + glm::vec2(0.035f, 0.008f), 0.006f,
                rgb(60, 70, 80), 0.6f, rng.next());
    canvas.dab(boat + glm::vec2(0.005f, -0.012f), 0.006f, rgb(160, 60, 50), 0.9f, 0.3f);
    canvas.finish(0.25f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintOrchardInBloom(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x0c4a'4d00);
    const float aspect = canvas.aspect();
    const float horizon = 0.44f;

    struct Tree {
        glm::vec2 foot; // where the trunk meets the ground
        float size;     // crown radius
        bool pink;
    };
    // Two receding rows, the near trees large and low in the picture.
    std::vector<Tree> trees;
    for (int row = 0; row < 2; ++row) {
        const float depth = row == 0 ? 1.0f : 0.55f;
        const float ground = row == 0 ? 0.8f : 0.6f;
        for (float x = rng.uniform(-0.05f, 0.08f); x < aspect + 0.1f;
             x += depth * rng.uniform(0.36f, 0.46f)) {
            trees.push_back({{x, ground + rng.uniform(-0.02f, 0.02f)},
                             depth * rng.uniform(0.13f, 0.17f),
                             rng.below(3) == 0});
        }
    }
    // Far trees are drawn first, near ones over them.
    std::sort(trees.begin(), trees.end(),
              [](const Tree& a, const Tree& b) { return a.foot.y > b.foot.y; });

    const glm::vec2 woman(aspect * 0.56f, 0.86f);
    const glm::vec2 child(aspect * 0.62f, 0.87f);
    // The figures: 1 dress, 2 skin, 3 hat, 4 child's smock.
    auto figureAt = [&](glm::vec2 p) {
        {
            const float h = 0.16f;
            const float u = (woman.y - p.y) / h;
            if (u > 0.0f && u < 0.62f &&
                std::abs(p.x - woman.x) < 0.018f + 0.03f * (0.62f - u) * (0.62f - u)) {
                return 1;
            }
            if (u >= 0.62f && u < 0.8f && std::abs(p.x - woman.x) < 0.016f) {
                return 1;
            }
            if (glm::length(p - (woman - glm::vec2(0.0f, 0.86f * h))) < 0.014f) {
                return 2;
            }
            if (ellipse(p, woman - glm::vec2(0.0f, 0.93f * h), {0.03f, 0.008f}) < 1.0f) {
                return 3;
            }
        }
        const float h = 0.1f;
        const float u = (child.y - p.y) / h;
        if (u > 0.05f && u < 0.7f && std::abs(p.x - child.x) < 0.012f + 0.015f * (0.7f - u)) {
            return 4;
        }
        if (glm::length(p - (child - glm::vec2(0.0f, 0.82f * h))) < 0.011f) {
            return 2;
        }
        return 0;
    };

    auto treeAt = [&](glm::vec2 p, glm::vec3& out) {
        for (const Tree& tree : trees) {
            const glm::vec2 crown = tree.foot - glm::vec2(0.0f, tree.size * 1.6f);
            const float lumpy = 0.82f + 0.3f * fbm(p * 18.0f + tree.foot * 7.0f, 3, 321);
            const glm::vec2 local = (p - crown) / (tree.size * glm::vec2(1.25f, 0.95f));
            if (glm::length(local) < lumpy) {
                const float light = formLight(sphereNormal(glm::clamp(local, -0.99f, 0.99f)));
                const glm::vec3 blossom = tree.pink ? rgb(250, 222, 228) : rgb(252, 250, 240);
                const glm::vec3 shade = tree.pink ? rgb(176, 140, 170) : rgb(168, 170, 186);
                out = glm::mix(shade, blossom, glm::clamp(light * 1.1f, 0.0f, 1.0f));
                const float leaves = fbm(p * 40.0f, 2, 322);
                out = glm::mix(out, rgb(120, 150, 80), smoothStep(0.62f, 0.75f, leaves) * 0.5f);
                return true;
            }
            const float trunk = std::abs(p.x - tree.foot.x - 0.1f * (tree.foot.y - p.y));
            if (p.y < tree.foot.y && p.y > crown.y && trunk < tree.size * 0.09f) {
                out = glm::mix(rgb(60, 44, 36), rgb(112, 88, 70), p.x < tree.foot.x ? 0.8f : 0.2f);
                return true;
            }
        }
        return false;
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        switch (figureAt(p)) {
        case 1:
            return glm::mix(rgb(40, 60, 130), rgb(80, 110, 180), p.x < woman.x ? 0.8f : 0.2f);
        case 2:
            return rgb(230, 180, 150);
        case 3:
            return rgb(250, 246, 232);
        case 4:
            return rgb(200, 60, 50);
        default:
            break;
        }
        glm::vec3 crown;
        if (treeAt(p, crown)) {
            return crown;
        }
        if (p.y < horizon) {
            const float t = p.y / horizon;
            glm::vec3 sky = glm::mix(rgb(108, 150, 208), rgb(214, 226, 232), t);
            const float n = fbm(glm::vec2(p.x * 2.5f, p.y * 5.0f), 5, 323);
            sky = glm::mix(sky, rgb(250, 250, 246), smoothStep(0.5f, 0.66f, n) * 0.9f);
            const float hills = horizon - 0.05f - 0.03f * std::sin(p.x * 3.0f) -
                                0.02f * fbm(glm::vec2(p.x * 6.0f, 0.0f), 3, 324);
            if (p.y > hills) {
                return glm::mix(rgb(120, 150, 160), rgb(110, 140, 110), (p.y - hills) / 0.06f);
            }
            return sky;
        }
        const float t = (p.y - horizon) / (1.0f - horizon);
        const float grass = fbm(p * glm::vec2(30.0f, 10.0f), 4, 325);
        glm::vec3 meadow = glm::mix(rgb(150, 178, 84), rgb(80, 130, 52), t * 0.6f + grass * 0.4f);
        // Each tree's shadow falls to the right on the grass.
        for (const Tree& tree : trees) {
            const float shadow = ellipse(p, tree.foot + glm::vec2(tree.size * 0.5f, 0.005f),
                                         {tree.size * 1.2f, tree.size * 0.22f});
            meadow *= 1.0f - 0.35f * smoothStep(1.0f, 0.6f, shadow);
        }
        return meadow;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 4.0f, 2, 326) - 0.5f;
        if (p.y < horizon) {
            return wobble * 2.0f;
        }
        return kPaintHalfPi * 0.8f + wobble * 1.2f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 0.9f);

    // Blossom laid on in thick touches, and dandelions in the grass.
    for (const Tree& tree : trees) {
        const glm::vec2 crown = tree.foot - glm::vec2(0.0f, tree.size * 1.6f);
        const int touches = static_cast<int>(260.0f * tree.size / 0.15f);
        for (int i = 0; i < touches; ++i) {
            const float a = rng.uniform(0.0f, 2.0f * kPaintPi);
            const float r = std::sqrt(rng.uniform()) * 0.92f;
            const glm::vec2 at =
                crown + glm::vec2(std::cos(a) * 1.25f, std::sin(a) * 0.95f) * r * tree.size;
            const bool lit = std::cos(a) < 0.3f && std::sin(a) < 0.4f;
            const glm::vec3 petal = tree.pink ? (lit ? rgb(255, 230, 236) : rgb(214, 170, 196))
                                              : (lit ? rgb(255, 254, 248) : rgb(196, 198, 214));
            canvas.dab(at, tree.size * rng.uniform(0.02f, 0.05f), petal, 0.85f, 0.5f);
        }
    }
    for (int i = 0; i < 200; ++i) {
        const glm::vec2 at(rng.uniform(0.0f, aspect), rng.uniform(horizon + 0.08f, 1.0f));
        canvas.dab(at, 0.002f + 0.004f * (at.y - horizon), rgb(246, 214, 60), 0.85f, 0.5f);
    }
    // The figures again, crisp over the grass strokes.
    canvas.dab(woman - glm::vec2(0.0f, 0.86f * 0.16f), 0.012f, rgb(236, 190, 160), 0.9f, 0.3f);
    canvas.dab(woman - glm::vec2(0.0f, 0.93f * 0.16f), 0.02f, rgb(252, 248, 236), 0.9f, 0.3f);
    canvas.finish(0.25f);
    return canvas.toImage();
}

} // namespace docent::tools
