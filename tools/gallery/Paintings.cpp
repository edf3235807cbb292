#include <algorithm>
#include <cmath>
#include <vector>

#include "Canvas.h"
#include "Noise.h"
#include "PaintingKit.h"
#include "Paintings.h"
#include "Random.h"

// The numbers inside each composition are positions and sizes in picture coordinates (see
// Canvas.h) and sRGB colours: they are the drawing itself, not tuning knobs, so they stay
// where they are used. The seeds are arbitrary and fixed.

namespace docent::tools {

namespace {

constexpr float kPi = kPaintPi;
constexpr float kHalfPi = kPaintHalfPi;

} // namespace

// ---------------------------------------------------------------------------------------------

engine::Image paintMoonHarbour(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x4d00'4a7b);
    const float aspect = canvas.aspect();
    const float horizon = 0.62f;
    const float quayEnd = aspect * 0.40f;
    const float quayBottom = horizon + 0.03f;
    const glm::vec2 moon(aspect * 0.68f, 0.22f);
    const float moonRadius = 0.05f;

    struct Block {
        float x0, x1, top, tone;
    };
    std::vector<Block> town;
    for (float x = -0.01f; x < quayEnd - 0.04f;) {
        const float w = rng.uniform(0.035f, 0.075f);
        const float fall = 1.2f - x / quayEnd; // the town climbs toward the left edge
        town.push_back({x, std::min(x + w, quayEnd - 0.03f),
                        horizon - 0.02f - rng.uniform(0.03f, 0.09f) * fall, rng.uniform()});
        x += w;
    }
    auto blockAt = [&](float x) -> const Block* {
        for (const Block& block : town) {
            if (x >= block.x0 && x < block.x1) {
                return &block;
            }
        }
        return nullptr;
    };
    const float towerX = aspect * 0.2f;
    const float towerHalf = 0.017f;
    const float towerTop = horizon - 0.25f;

    auto townTop = [&](float x) {
        float top = 2.0f;
        for (const Block& block : town) {
            if (x >= block.x0 && x < block.x1) {
                top = block.top;
                if (block.tone > 0.5f) { // a gabled roof
                    const float middle = (block.x0 + block.x1) * 0.5f;
                    const float half = (block.x1 - block.x0) * 0.5f;
                    top -= 0.4f * (half - std::abs(x - middle));
                }
            }
        }
        const float fromTower = std::abs(x - towerX) / towerHalf;
        if (fromTower < 1.0f) {
            top = std::min(top, towerTop - 0.08f * (1.0f - fromTower));
        }
        if (x < quayEnd) {
            top = std::min(top, horizon - 0.005f);
        }
        return top;
    };

    struct Boat {
        glm::vec2 deck; // middle of the deck
        float halfLength, depth, mast;
    };
    const Boat boats[] = {{{aspect * 0.47f, horizon + 0.05f}, 0.065f, 0.024f, 0.28f},
                          {{aspect * 0.60f, horizon + 0.17f}, 0.09f, 0.034f, 0.36f}};
    auto inHull = [&](glm::vec2 p) {
        for (const Boat& boat : boats) {
            const float down = (p.y - boat.deck.y) / boat.depth;
            if (down >= 0.0f && down <= 1.0f) {
                const float half = boat.halfLength * (1.0f - 0.35f * down * down);
                if (std::abs(p.x - boat.deck.x) < half) {
                    return true;
                }
            }
        }
        return false;
    };

    auto sky = [&](glm::vec2 p) {
        const float t = glm::clamp(p.y / horizon, 0.0f, 1.0f);
        glm::vec3 color = glm::mix(rgb(14, 18, 46), rgb(58, 74, 104), std::pow(t, 1.7f));
        const float d = glm::length(p - moon);
        color += rgb(110, 104, 70) * std::exp(-d * 6.5f) * 0.8f;
        const float n = fbm(glm::vec2(p.x * 2.4f, p.y * 7.5f), 5, 11);
        const float band = smoothStep(0.04f, 0.16f, p.y) * smoothStep(0.58f, 0.36f, p.y);
        const float cloud = smoothStep(0.5f, 0.7f, n) * band;
        const float lit = std::exp(-d * 4.0f) * (0.45f + 0.55f * smoothStep(0.7f, 0.5f, n));
        const glm::vec3 cloudColor = glm::mix(rgb(26, 30, 50), rgb(196, 190, 160), lit);
        color = glm::mix(color, cloudColor, cloud * 0.85f);
        if (d < moonRadius) {
            color = rgb(248, 238, 200);
        }
        return color;
    };

    // Everything above the waterline: the sky, the town and the quay.
    auto above = [&](glm::vec2 p) -> glm::vec3 {
        if (p.x < quayEnd && p.y < quayBottom && p.y > townTop(p.x)) {
            if (p.y > horizon) {
                return glm::mix(rgb(40, 38, 46), rgb(62, 58, 66),
                                fbm(p * glm::vec2(40.0f, 90.0f), 2, 5)); // quay stones
            }
            const Block* block = blockAt(p.x);
            const float tone = block != nullptr ? block->tone : 0.2f;
            glm::vec3 facade = glm::mix(rgb(20, 20, 34), rgb(50, 50, 72), tone);
            const float fromTower = (p.x - towerX) / towerHalf;
            if (std::abs(fromTower) < 1.0f && (block == nullptr || p.y < block->top)) {
                facade =
                    glm::mix(rgb(30, 30, 46), rgb(70, 72, 96), smoothStep(-0.2f, 0.8f, fromTower));
            } else if (block != nullptr && p.y < townTop(p.x) + 0.005f) {
                facade = rgb(80, 82, 106); // moonlight on the roof's edge
            }
            return facade * (0.9f + 0.2f * fbm(p * glm::vec2(30.0f, 12.0f), 3, 3));
        }
        return sky(p);
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        if (inHull(p)) {
            return rgb(22, 18, 24);
        }
        if (p.y < horizon || (p.x < quayEnd && p.y < quayBottom)) {
            return above(p);
        }
        const float t = (p.y - horizon) / (1.0f - horizon);
        glm::vec3 water = glm::mix(rgb(46, 58, 78), rgb(10, 14, 28), std::pow(t, 0.6f));
        const float ripple = fbm(glm::vec2(p.x * 9.0f, p.y * 120.0f), 3, 23);
        const glm::vec2 mirrored(p.x + (ripple - 0.5f) * 0.03f, 2.0f * horizon - p.y);
        if (mirrored.y > 0.0f) {
            water = glm::mix(water, above(mirrored) * 0.7f, 0.45f * (1.0f - t));
        }
        const float spread = 0.025f + 0.22f * t;
        const float path = std::exp(-std::pow((p.x - moon.x) / spread, 2.0f));
        water += rgb(232, 214, 160) * path * smoothStep(0.48f, 0.72f, ripple) * 0.9f;
        return water;
    };

    auto angle = [&](glm::vec2 p) {
        if (p.x < quayEnd && p.y < horizon && p.y > townTop(p.x)) {
            return kHalfPi;
        }
        const float wobble = fbm(p * 3.0f, 2, 99) - 0.5f;
        if (p.y > horizon) {
            return wobble * 0.2f;
        }
        const glm::vec2 d = p - moon;
        if (glm::length(d) < 0.14f) {
            return std::atan2(d.y, d.x) + kHalfPi; // strokes circle the moon's halo
        }
        return 0.08f + wobble * 0.6f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush);

    // The moon, crisp, with faint seas on it, and a halo.
    paintFullMoon(canvas, moon, moonRadius);
    for (int i = 0; i < 30; ++i) {
        const glm::vec2 star(rng.uniform(0.0f, aspect), rng.uniform(0.02f, 0.4f));
        if (glm::length(star - moon) > 0.16f) {
            canvas.dab(star, rng.uniform(0.0015f, 0.003f), rgb(236, 232, 210),
                       rng.uniform(0.4f, 0.9f), 0.6f);
        }
    }
    // Lit windows and their trembling reflections.
    for (const Block& block : town) {
        const int windows = static_cast<int>(rng.below(3));
        for (int i = 0; i < windows; ++i) {
            const glm::vec2 light(rng.uniform(block.x0 + 0.008f, block.x1 - 0.008f),
                                  rng.uniform(block.top + 0.012f, horizon - 0.01f));
            canvas.dab(light, 0.0045f, rgb(255, 196, 104), 0.95f, 0.5f);
            if (rng.below(2) == 0) {
                continue; // not every light finds its way past the quay onto the water
            }
            for (float y = quayBottom + 0.01f; y < quayBottom + 0.09f;
                 y += rng.uniform(0.008f, 0.02f)) {
                const float fade = 1.0f - (y - quayBottom) / 0.09f;
                const float x = light.x + rng.symmetric() * 0.006f;
                const float half = rng.uniform(0.003f, 0.008f);
                canvas.line({x - half, y}, {x + half, y}, 0.003f, rgb(230, 170, 90), 0.6f * fade,
                            rng.next());
            }
        }
    }
    // Masts and rigging.
    for (const Boat& boat : boats) {
        const glm::vec2 foot(boat.deck.x - boat.halfLength * 0.1f, boat.deck.y);
        const glm::vec2 top = foot - glm::vec2(0.0f, boat.mast);
        canvas.line(foot, top, 0.005f, rgb(20, 18, 24), 0.95f, rng.next());
        canvas.line(top, boat.deck + glm::vec2(boat.halfLength * 0.95f, 0.0f), 0.0018f,
                    rgb(30, 28, 36), 0.7f, rng.next());
        canvas.line(top, boat.deck - glm::vec2(boat.halfLength * 0.95f, 0.0f), 0.0018f,
                    rgb(30, 28, 36), 0.7f, rng.next());
        canvas.line(foot - glm::vec2(0.0f, boat.mast * 0.25f),
                    foot + glm::vec2(boat.halfLength * 0.8f, -boat.mast * 0.2f), 0.003f,
                    rgb(24, 20, 26), 0.9f, rng.next());
    }
    // Glitter on the moon's path.
    for (int i = 0; i < 140; ++i) {
        const float y = rng.uniform(horizon + 0.005f, 1.0f);
        const float t = (y - horizon) / (1.0f - horizon);
        const float x = moon.x + rng.symmetric() * (0.02f + 0.18f * t) * rng.uniform();
        const float length = (0.008f + 0.04f * t) * rng.uniform(0.5f, 1.0f);
        canvas.line({x - length, y}, {x + length, y}, 0.002f + 0.004f * t, rgb(246, 232, 180),
                    rng.uniform(0.5f, 0.9f), rng.next());
    }
    canvas.finish(0.35f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintStormyCoast(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x5707'3c0a);
    const float aspect = canvas.aspect();
    const float horizon = 0.5f;
    const float breakX = aspect * 0.76f; // where the light breaks through

    auto cliffTop = [&](float x) {
        const float reach = x / (aspect * 0.42f);
        return 0.26f + 0.26f * reach * reach +
               0.05f * (fbm(glm::vec2(x * 9.0f, 0.3f), 3, 8) - 0.5f);
    };
    auto cliffEdge = [&](float y) {
        return aspect * 0.38f + 0.14f * (y - 0.5f) +
               0.08f * (fbm(glm::vec2(0.7f, y * 14.0f), 4, 9) - 0.5f);
    };
    auto inCliff = [&](glm::vec2 p) { return p.x < cliffEdge(p.y) && p.y > cliffTop(p.x); };

    struct Rock {
        glm::vec2 c, r;
    };
    const Rock rocks[] = {{{aspect * 0.56f, 0.93f}, {0.11f, 0.06f}},
                          {{aspect * 0.70f, 0.97f}, {0.07f, 0.04f}},
                          {{aspect * 0.47f, 0.80f}, {0.05f, 0.03f}}};

    auto sky = [&](glm::vec2 p) {
        const float t = glm::clamp(p.y / horizon, 0.0f, 1.0f);
        glm::vec3 color = glm::mix(rgb(54, 54, 70), rgb(126, 116, 120), t);
        const glm::vec2 warp(fbm(p * 2.0f, 4, 5) - 0.5f, fbm(p * 2.0f + 5.2f, 4, 6) - 0.5f);
        const float n = fbm(glm::vec2(p.x * 1.7f, p.y * 3.4f) + warp * 1.2f, 6, 31);
        const float dark = smoothStep(0.42f, 0.78f, n);
        color = glm::mix(color, rgb(30, 30, 42), dark * 0.85f);
        const float opening = std::exp(-std::pow((p.x - breakX) / 0.32f, 2.0f)) *
                              smoothStep(0.12f, horizon, p.y) * smoothStep(0.62f, 0.36f, n);
        color = glm::mix(color, rgb(244, 196, 128), opening * 0.9f);
        const float rim = std::exp(-std::pow((p.x - breakX) / 0.45f, 2.0f)) *
                          smoothStep(0.5f, 0.56f, n) * smoothStep(0.62f, 0.56f, n);
        return color + rgb(120, 90, 50) * rim * 0.6f;
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        for (const Rock& rock : rocks) {
            const float rough = 0.85f + 0.3f * fbm(p * 30.0f, 2, 13);
            const float e = ellipse(p, rock.c, rock.r) * rough;
            if (e < 1.0f && p.y < rock.c.y + rock.r.y * 0.6f) {
                const float lit = smoothStep(0.0f, -0.8f, (p.y - rock.c.y) / rock.r.y);
                return glm::mix(rgb(28, 26, 26), rgb(96, 88, 76), lit * 0.8f);
            }
        }
        if (inCliff(p)) {
            // Chalk in layers with flint bands, lit from the left; the face toward the sea turns
            // into a cool shade.
            const float warp = fbm(p * glm::vec2(3.0f, 6.0f), 3, 12);
            const float strata = 0.5f + 0.5f * std::sin(p.y * 60.0f + warp * 6.0f);
            const float fissures =
                smoothStep(0.05f, 0.0f, std::abs(fbm(p * glm::vec2(16.0f, 2.5f), 3, 19) - 0.5f));
            const float toSea = smoothStep(-0.45f, 0.0f, p.x - cliffEdge(p.y));
            const float down = (p.y - cliffTop(p.x)) / (1.0f - cliffTop(p.x));
            const float facets = fbm(p * glm::vec2(6.0f, 9.0f), 3, 20);
            const float light = glm::clamp(0.9f - 0.55f * toSea - 0.35f * down +
                                               0.25f * (strata - 0.5f) + 0.5f * (facets - 0.5f),
                                           0.0f, 1.0f);
            glm::vec3 rock = glm::mix(rgb(92, 98, 112), rgb(236, 230, 212), light);
            rock = glm::mix(rock, rgb(70, 72, 80), fissures * 0.45f);
            const float belowTop = p.y - cliffTop(p.x);
            if (belowTop < 0.035f) {
                rock = glm::mix(rgb(84, 100, 56), rock, smoothStep(0.01f, 0.035f, belowTop));
            }
            return rock;
        }
        if (p.y < horizon) {
            return sky(p);
        }
        const float t = (p.y - horizon) / (1.0f - horizon);
        glm::vec3 sea = glm::mix(rgb(78, 94, 90), rgb(18, 34, 38), std::pow(t, 0.55f));
        const float frequency = glm::mix(140.0f, 22.0f, std::pow(t, 0.5f));
        const float swell = std::sin((p.y - horizon) * frequency + p.x * 3.0f +
                                     fbm(p * glm::vec2(4.0f, 12.0f), 3, 21) * 7.0f);
        sea *= 0.82f + 0.18f * swell;
        const float foam =
            smoothStep(0.72f, 0.98f, swell) * smoothStep(0.35f, 0.7f, fbm(p * 18.0f, 3, 22));
        sea = glm::mix(sea, rgb(206, 210, 200), foam * (0.35f + 0.5f * t));
        const float glow =
            std::exp(-std::pow((p.x - breakX) / (0.08f + 0.3f * t), 2.0f)) * (1.0f - t);
        sea += rgb(200, 150, 90) * glow * smoothStep(0.4f, 0.8f, swell * 0.5f + 0.5f) * 0.7f;
        // Foam where the sea breaks: round the rocks and along the cliff's foot.
        const float froth = fbm(p * 25.0f, 3, 24);
        for (const Rock& rock : rocks) {
            const float e = ellipse(p, rock.c, rock.r * 1.4f);
            sea = glm::mix(sea, rgb(220, 224, 216),
                           smoothStep(1.0f, 0.7f, e + (froth - 0.5f) * 0.6f) * 0.75f);
        }
        const float foot = p.x - cliffEdge(p.y);
        sea = glm::mix(sea, rgb(214, 218, 210),
                       smoothStep(0.06f, 0.0f, foot + (froth - 0.5f) * 0.05f) *
                           smoothStep(0.6f, 0.9f, p.y) * 0.8f);
        return sea;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 2.5f, 3, 77) - 0.5f;
        if (inCliff(p)) {
            return 1.25f + wobble * 0.8f;
        }
        if (p.y > horizon) {
            return -0.08f + wobble * 0.4f;
        }
        return wobble * 2.2f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 1.1f);

    // Spray where the waves break on the rocks, and two gulls.
    for (const Rock& rock : rocks) {
        for (int i = 0; i < 40; ++i) {
            const float a = rng.uniform(kPi * 1.05f, kPi * 1.95f);
            const glm::vec2 spot =
                rock.c + glm::vec2(std::cos(a), std::sin(a)) * rock.r * rng.uniform(1.0f, 1.6f);
            canvas.dab(spot, rng.uniform(0.003f, 0.009f), rgb(228, 230, 224), 0.6f, 0.8f);
        }
    }
    const glm::vec2 gulls[] = {{aspect * 0.62f, 0.24f}, {aspect * 0.66f, 0.27f}};
    for (const glm::vec2 gull : gulls) {
        canvas.line(gull, gull + glm::vec2(-0.014f, -0.006f), 0.0025f, rgb(236, 232, 220), 0.9f,
                    rng.next());
        canvas.line(gull, gull + glm::vec2(0.014f, -0.007f), 0.0025f, rgb(236, 232, 220), 0.9f,
                    rng.next());
    }
    canvas.finish(0.3f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintRiverPoplars(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x7090'1a25);
    const float aspect = canvas.aspect();
    const float treeLine = 0.58f; // where the poplars stand
    const float waterLine = 0.615f;

    struct Poplar {
        float x, height, half;
    };
    // The row recedes to the right: the trees shrink and close up with distance.
    std::vector<Poplar> poplars;
    for (float x = aspect * 0.07f; x < aspect * 0.95f;) {
        const float scale = 1.0f - 0.55f * x / aspect;
        poplars.push_back(
            {x, scale * rng.uniform(0.36f, 0.5f), scale * rng.uniform(0.026f, 0.036f)});
        x += scale * rng.uniform(0.07f, 0.21f);
    }
    auto bankNear = [&](float x) { return 0.75f + 0.03f * std::sin(x * 2.3f + 1.0f); };

    auto poplarAt = [&](glm::vec2 p, glm::vec3& out) {
        for (const Poplar& poplar : poplars) {
            const float u = (treeLine - p.y) / poplar.height;
            if (u < 0.0f || u > 1.0f) {
                continue;
            }
            // Clumps of leaves make the outline ragged, and the crown sways a little.
            const float ragged =
                0.65f + 0.6f * fbm(glm::vec2(poplar.x * 7.0f + p.x * 20.0f, p.y * 28.0f), 3, 13);
            const float half =
                poplar.half * std::pow(std::sin(kPi * u), 0.7f) * (1.0f - 0.3f * u) * ragged;
            const float sway = poplar.half * 0.25f * std::sin(u * 7.0f + poplar.x * 13.0f);
            const float side = (p.x - poplar.x - sway) / std::max(half, 1e-4f);
            if (std::abs(side) < 1.0f) {
                const float leaves = fbm(p * glm::vec2(70.0f, 40.0f), 3, 14);
                const glm::vec3 lit = glm::mix(rgb(82, 112, 42), rgb(176, 172, 84), leaves);
                out = glm::mix(lit, rgb(24, 44, 28), smoothStep(-0.8f, 0.5f, side + leaves - 0.5f));
                return true;
            }
        }
        return false;
    };

    auto land = [&](glm::vec2 p) -> glm::vec3 {
        glm::vec3 tree;
        if (poplarAt(p, tree)) {
            return tree;
        }
        const float distant = treeLine - 0.03f - 0.025f * fbm(glm::vec2(p.x * 6.0f, 0.2f), 3, 15);
        if (p.y > distant) {
            return glm::mix(rgb(84, 108, 100), rgb(70, 92, 70), smoothStep(distant, treeLine, p.y));
        }
        const float t = glm::clamp(p.y / treeLine, 0.0f, 1.0f);
        glm::vec3 sky = glm::mix(rgb(66, 116, 186), rgb(196, 212, 224), std::pow(t, 1.3f));
        const float n = fbm(glm::vec2(p.x * 2.2f, p.y * 4.2f), 5, 41);
        const float above = fbm(glm::vec2(p.x * 2.2f, (p.y - 0.05f) * 4.2f), 5, 41);
        const float cloud = smoothStep(0.43f, 0.6f, n) * smoothStep(0.54f, 0.1f, p.y);
        const float underside = smoothStep(-0.02f, 0.12f, above - n);
        const glm::vec3 cloudColor = glm::mix(rgb(252, 248, 238), rgb(160, 160, 182), underside);
        return glm::mix(sky, cloudColor, cloud);
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        if (p.y < treeLine) {
            return land(p);
        }
        if (p.y < waterLine) {
            return glm::mix(rgb(120, 140, 62), rgb(92, 118, 50), fbm(p * 30.0f, 2, 16));
        }
        if (p.y < bankNear(p.x)) {
            const float ripple = fbm(glm::vec2(p.x * 8.0f, p.y * 150.0f), 3, 17) - 0.5f;
            const glm::vec2 mirrored(p.x + ripple * 0.012f, 2.0f * treeLine - p.y + 0.01f);
            const glm::vec3 reflection = land(mirrored);
            return glm::mix(reflection * 0.82f, rgb(60, 84, 96), 0.25f + ripple * 0.3f);
        }
        const float t = (p.y - bankNear(p.x)) / (1.0f - bankNear(p.x));
        const float grass = fbm(p * glm::vec2(40.0f, 8.0f), 4, 18);
        glm::vec3 meadow = glm::mix(rgb(150, 160, 66), rgb(74, 104, 40), t * 0.7f + grass * 0.4f);
        if (t < 0.06f) {
            meadow *= 0.75f; // the bank's edge in shadow
        }
        return meadow;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 3.0f, 3, 55) - 0.5f;
        glm::vec3 ignored;
        if (p.y < treeLine && poplarAt(p, ignored)) {
            return kHalfPi + wobble * 0.3f;
        }
        if (p.y < treeLine) {
            return wobble * 2.5f; // clouds: round, turning strokes
        }
        if (p.y < bankNear(p.x) && p.y > waterLine) {
            return wobble * 0.15f;
        }
        return kHalfPi + wobble * 0.8f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush);

    // Poppies in the meadow, more and larger toward the front.
    for (int i = 0; i < 260; ++i) {
        const float x = rng.uniform(0.0f, aspect);
        const float y = glm::mix(bankNear(x) + 0.02f, 1.0f, std::sqrt(rng.uniform()));
        const float near = (y - 0.75f) / 0.25f;
        canvas.dab({x, y}, 0.002f + 0.005f * near * rng.uniform(0.5f, 1.0f),
                   glm::mix(rgb(214, 40, 30), rgb(240, 90, 50), rng.uniform()), 0.9f, 0.5f);
    }
    canvas.finish(0.25f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintStillLifeLemons(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x5711'11fe);
    const float tableBack = 0.64f;
    const float tableFront = 0.87f;

    struct Fruit {
        glm::vec2 c, r;
        glm::vec3 color, blush;
    };
    // Lemons, front to back in the list's reverse order (the last drawn in front).
    const Fruit fruits[] = {
        {{1.08f, 0.745f}, {0.06f, 0.043f}, rgb(214, 176, 40), rgb(246, 220, 100)},
        {{0.79f, 0.74f}, {0.064f, 0.045f}, rgb(220, 182, 44), rgb(248, 224, 104)},
        {{0.63f, 0.775f}, {0.07f, 0.048f}, rgb(226, 190, 48), rgb(248, 226, 110)},
        {{0.95f, 0.785f}, {0.072f, 0.049f}, rgb(232, 196, 52), rgb(250, 230, 120)},
        {{0.82f, 0.835f}, {0.066f, 0.045f}, rgb(228, 188, 46), rgb(250, 228, 116)},
    };
    const glm::vec2 jugBase(0.36f, 0.74f);
    const float jugHeight = 0.42f;
    auto jugRadius = [&](float u) {
        if (u < 0.78f) {
            return 0.058f + 0.05f * std::sin(kPi * (u / 0.78f) * 0.95f + 0.1f);
        }
        return 0.04f + 0.012f * smoothStep(0.85f, 1.0f, u);
    };

    auto background = [&](glm::vec2 p) {
        const float d = glm::length((p - glm::vec2(0.25f, 0.2f)) * glm::vec2(0.7f, 1.0f));
        glm::vec3 color = glm::mix(rgb(86, 70, 46), rgb(28, 22, 16), smoothStep(0.05f, 0.95f, d));
        return color * (0.9f + 0.2f * fbm(p * 6.0f, 3, 61));
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        // Front to back: whatever is found first hides what lies behind it.
        for (int i = static_cast<int>(std::size(fruits)) - 1; i >= 0; --i) {
            const Fruit& fruit = fruits[i];
            const glm::vec2 local = (p - fruit.c) / fruit.r;
            if (glm::dot(local, local) < 1.0f) {
                const glm::vec3 n = sphereNormal(local);
                const float light = formLight(n);
                glm::vec3 base =
                    glm::mix(fruit.color, fruit.blush, smoothStep(0.3f, 0.9f, light) * 0.5f);
                base *= 0.22f + 0.95f * light;
                return base + glm::vec3(0.9f) * specular(n, 30.0f) * 0.5f;
            }
        }
        const float u = (jugBase.y - p.y) / jugHeight;
        if (u > 0.0f && u < 1.0f) {
            const float r = jugRadius(u);
            const float lx = (p.x - jugBase.x) / r;
            if (std::abs(lx) < 1.0f) {
                const glm::vec3 n =
                    glm::normalize(glm::vec3(lx, -0.15f, std::sqrt(1.0f - lx * lx)));
                const float light = formLight(n);
                // Pewter: a dull grey that mirrors the dark room in broad soft bands.
                const float mirror = 0.5f + 0.5f * std::sin(lx * 2.6f + 0.4f);
                glm::vec3 base = glm::mix(rgb(70, 70, 72), rgb(170, 170, 164), mirror * light);
                if (u > 0.55f && u < 0.6f) {
                    base *= 0.75f; // a turned ring
                }
                return base + rgb(250, 246, 236) * specular(n, 24.0f) * 0.7f;
            }
        }
        // The handle: a ring on the jug's right.
        const float ring = ellipse(p, jugBase + glm::vec2(0.1f, -0.25f), {0.055f, 0.085f});
        if (ring > 0.78f && ring < 1.0f && p.x > jugBase.x + 0.08f) {
            return rgb(150, 150, 146) * (0.35f + 0.5f * smoothStep(1.0f, 0.8f, ring));
        }
        if (p.y < tableBack) {
            return background(p);
        }
        // A white cloth lies on the left of the table and falls over its front edge.
        const float clothBack = tableBack + 0.03f + 0.012f * std::sin(p.x * 9.0f);
        const float depth = (p.y - tableBack) / (tableFront - tableBack);
        const float clothRight =
            0.6f - 0.08f * std::min(depth, 1.0f) + 0.015f * std::sin(p.y * 40.0f);
        const float hem = 0.975f + 0.015f * std::sin(p.x * 26.0f);
        const bool onTop = p.y > clothBack && p.y <= tableFront && p.x > 0.02f && p.x < clothRight;
        const bool hanging =
            p.y > tableFront && p.y < hem && p.x > 0.05f && p.x < clothRight - 0.04f;
        if (onTop || hanging) {
            const float wobble = fbm(p * 4.0f, 2, 62);
            if (onTop) {
                const float folds =
                    0.5f + 0.5f * std::sin(p.x * 22.0f + wobble * 3.0f + depth * 2.0f);
                const float light = 0.72f + 0.2f * folds - 0.15f * p.x;
                return glm::mix(rgb(120, 120, 134), rgb(244, 238, 220), light);
            }
            const float folds = 0.5f + 0.5f * std::sin(p.x * 46.0f + wobble * 2.5f);
            const float fall = (p.y - tableFront) / (hem - tableFront);
            const float light = 0.35f + 0.5f * folds - 0.1f * fall;
            return glm::mix(rgb(96, 96, 110), rgb(226, 220, 204), light);
        }
        if (p.y > tableFront) {
            const glm::vec3 front =
                rgb(50, 30, 18) * (0.85f + 0.3f * fbm(p * glm::vec2(3, 30), 3, 63));
            return p.y < tableFront + 0.008f ? rgb(130, 86, 50) : front;
        }
        const float grain = fbm(p * glm::vec2(3.0f, 60.0f), 3, 64);
        glm::vec3 table = glm::mix(rgb(72, 42, 24), rgb(112, 70, 38), grain);
        table *= 0.75f + 0.35f * (p.y - tableBack) / (tableFront - tableBack);
        for (const Fruit& fruit : fruits) {
            const glm::vec2 centre = fruit.c + glm::vec2(fruit.r.x * 0.9f, fruit.r.y * 0.85f);
            const float shadow = ellipse(p, centre, glm::vec2(fruit.r.x * 1.4f, fruit.r.y * 0.35f));
            table *= 1.0f - 0.5f * smoothStep(1.0f, 0.5f, shadow);
        }
        const float jugShadow = ellipse(p, jugBase + glm::vec2(0.12f, 0.0f), {0.16f, 0.025f});
        table *= 1.0f - 0.5f * smoothStep(1.0f, 0.4f, jugShadow);
        return table;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 4.0f, 2, 65) - 0.5f;
        for (const Fruit& fruit : fruits) {
            const glm::vec2 d = (p - fruit.c) / fruit.r;
            if (glm::dot(d, d) < 1.3f) {
                return std::atan2(d.y, d.x) + kHalfPi;
            }
        }
        if (std::abs(p.x - jugBase.x) < 0.11f && p.y < jugBase.y && p.y > jugBase.y - jugHeight) {
            return kHalfPi + wobble * 0.4f; // down the jug, as it was turned
        }
        if (p.y > tableBack) {
            return p.x < 0.6f ? kHalfPi + wobble * 0.5f : wobble * 0.2f;
        }
        return 0.8f + wobble * 1.2f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 0.9f);

    // Highlights, laid last and thick as a painter would.
    for (const Fruit& fruit : fruits) {
        const glm::vec2 spot = fruit.c + fruit.r * glm::vec2(-0.38f, -0.42f);
        canvas.dab(spot, std::min(fruit.r.x, fruit.r.y) * 0.16f, rgb(250, 246, 236), 0.85f, 0.6f);
    }
    canvas.line(jugBase + glm::vec2(-0.05f, -0.12f), jugBase + glm::vec2(-0.045f, -0.3f), 0.006f,
                rgb(244, 242, 236), 0.7f, rng.next());
    canvas.finish(0.4f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintLadyInBlue(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x1ad7'b1e0);
    const float aspect = canvas.aspect();
    const float middle = aspect * 0.5f;
    const glm::vec2 head(middle + 0.005f, 0.33f);
    const glm::vec2 headRadii(0.095f, 0.128f);
    const float tilt = -0.1f;      // radians; the head leans a little
    const float shoulders = 0.53f; // where the neck meets the shoulders

    auto headLocal = [&](glm::vec2 p) {
        const glm::vec2 d = p - head;
        const float c = std::cos(tilt);
        const float s = std::sin(tilt);
        glm::vec2 q = glm::vec2(c * d.x - s * d.y, s * d.x + c * d.y) / headRadii;
        q.x /= 1.0f - 0.2f * std::max(0.0f, q.y); // narrower toward the chin
        return q;
    };
    auto inFace = [&](glm::vec2 q) {
        return glm::dot(q, q) < 1.0f && q.y > -0.55f + 0.4f * q.x * q.x;
    };
    auto inHair = [&](glm::vec2 p, glm::vec2 q) {
        const glm::vec2 bun(middle + 0.075f, 0.185f);
        return ellipse(p, head + glm::vec2(0.004f, -0.035f), {0.112f, 0.115f}) < 1.0f ||
               glm::length(p - bun) < 0.05f || (glm::dot(q, q) < 1.08f && q.y < 0.1f && !inFace(q));
    };
    auto skin = [&](float light) {
        return glm::mix(rgb(122, 80, 68), rgb(240, 202, 172), glm::clamp(light, 0.0f, 1.0f));
    };
    auto across = [&](float x) { return (x - middle) / 0.3f; };
    // Sloping shoulders from the neck out to the arms, and an off-the-shoulder neckline that
    // meets them where the sleeves begin.
    auto shoulderLine = [&](float x) {
        const float d = std::abs(across(x));
        const float arm = std::max(0.0f, d - 0.6f);
        return shoulders + 0.09f * d * d + 0.6f * arm * arm;
    };
    auto dressTop = [&](float x) {
        const float d = std::abs(across(x));
        const float neckline = shoulders + 0.1f + 0.06f * (1.0f - std::min(d * d, 1.0f));
        return glm::mix(neckline, shoulderLine(x) + 0.005f, smoothStep(0.6f, 0.95f, d));
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        const glm::vec2 q = headLocal(p);
        if (inFace(q)) {
            const glm::vec3 n = sphereNormal(q * 0.95f);
            glm::vec3 face = skin(formLight(n) * 1.1f);
            // Only the shadows that give the face its structure: eye sockets, the shadow side
            // of the nose, the mouth; soft, no features drawn.
            auto shadow = [&](glm::vec2 c, glm::vec2 r, glm::vec3 tint, float amount) {
                face = glm::mix(face, tint, smoothStep(1.0f, 0.25f, ellipse(q, c, r)) * amount);
            };
            shadow({-0.36f, -0.05f}, {0.24f, 0.12f}, rgb(118, 80, 72), 0.6f);
            shadow({0.34f, -0.05f}, {0.24f, 0.12f}, rgb(104, 72, 66), 0.65f);
            shadow({0.11f, 0.2f}, {0.06f, 0.2f}, rgb(150, 100, 86), 0.4f);
            shadow({0.03f, 0.4f}, {0.12f, 0.045f}, rgb(140, 94, 82), 0.35f);
            shadow({0.0f, 0.58f}, {0.19f, 0.06f}, rgb(176, 96, 88), 0.5f);
            shadow({-0.48f, 0.28f}, {0.22f, 0.18f}, rgb(232, 150, 130), 0.3f);
            return face;
        }
        if (inHair(p, q)) {
            const float strands = fbm(glm::vec2(q.x * 10.0f + q.y * 3.0f, q.y * 4.0f), 3, 71);
            const float light = formLight(sphereNormal(glm::clamp(q * 0.8f, -1.0f, 1.0f)));
            return glm::mix(rgb(22, 14, 10), rgb(100, 64, 40), light * 0.7f * strands + 0.05f);
        }
        const float lx = across(p.x);
        if (p.y > shoulderLine(p.x)) {
            const float top = dressTop(p.x);
            if (p.y < top) {
                const float chest = (p.y - shoulders) / 0.13f;
                return skin(0.85f - 0.55f * lx - 0.15f * chest);
            }
            const float folds = 0.5f + 0.5f * std::sin(p.x * 16.0f + fbm(p * 3.0f, 3, 72) * 3.0f);
            const float light =
                glm::clamp(0.8f - 0.45f * lx - 0.5f * (p.y - top) + 0.3f * (folds - 0.5f) -
                               0.25f * std::max(0.0f, std::abs(lx) - 0.9f),
                           0.0f, 1.1f);
            const glm::vec3 dress = glm::mix(rgb(10, 16, 56), rgb(64, 92, 186), light);
            return dress + rgb(150, 170, 230) * std::pow(folds, 10.0f) * 0.18f * light;
        }
        const float neck = (p.x - middle + 0.006f) / 0.054f;
        if (std::abs(neck) < 1.0f && p.y > head.y + 0.06f) {
            const float jaw = smoothStep(head.y + 0.16f, head.y + 0.11f, p.y); // under the chin
            return skin(0.75f - 0.45f * neck - 0.3f * jaw) * 0.92f;
        }
        const float halo = std::exp(
            -glm::length((p - head + glm::vec2(0.12f, 0.0f)) * glm::vec2(1.0f, 0.7f)) * 3.0f);
        const glm::vec3 ground = glm::mix(rgb(38, 28, 20), rgb(132, 104, 70), halo);
        return ground * (0.9f + 0.2f * fbm(p * 5.0f, 3, 73));
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 4.0f, 2, 74) - 0.5f;
        const glm::vec2 d = p - head;
        if (glm::length(d / (headRadii * 1.4f)) < 1.0f) {
            return std::atan2(d.y, d.x) + kHalfPi + wobble * 0.3f;
        }
        if (p.y > dressTop(p.x) && p.y > shoulderLine(p.x)) {
            return kHalfPi + wobble * 0.5f;
        }
        if (p.y > shoulderLine(p.x)) {
            return 0.1f * across(p.x) + wobble * 0.4f; // along the shoulders
        }
        return -0.7f + wobble * 1.2f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 0.8f);

    // A string of pearls and a pearl earring.
    for (int i = 0; i <= 14; ++i) {
        const float t = static_cast<float>(i) / 14.0f * 2.0f - 1.0f;
        const glm::vec2 pearl(middle + t * 0.052f, shoulders - 0.012f + 0.028f * (1.0f - t * t));
        canvas.dab(pearl, 0.0055f, rgb(226, 220, 208), 0.95f, 0.35f);
        canvas.dab(pearl - glm::vec2(0.0015f), 0.002f, rgb(255, 255, 250), 0.8f, 0.5f);
    }
    const glm::vec2 ear = head + glm::vec2(-0.088f, 0.05f);
    canvas.dab(ear, 0.008f, rgb(226, 220, 208), 0.95f, 0.3f);
    canvas.dab(ear - glm::vec2(0.002f), 0.003f, rgb(255, 255, 250), 0.8f, 0.5f);
    canvas.finish(0.45f);
    return canvas.toImage();
}

engine::Image paintWinterMoon(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x3171'0c7e);
    const float aspect = canvas.aspect();
    const glm::vec2 moon(aspect * 0.24f, 0.2f);
    const float moonRadius = 0.06f;
    const glm::vec3 kBark = rgb(34, 28, 34);

    auto farRidge = [&](float x) {
        return 0.5f + 0.04f * std::sin(x * 2.7f + 0.5f) +
               0.04f * (fbm(glm::vec2(x * 3.0f, 0.1f), 3, 81) - 0.5f);
    };
    auto nearRidge = [&](float x) {
        return 0.67f + 0.06f * std::sin(x * 1.9f + 2.0f) +
               0.02f * (fbm(glm::vec2(x * 5.0f, 0.4f), 3, 82) - 0.5f);
    };

    struct House {
        float x, ground, halfWidth, wall, roof, window;
    };
    std::vector<House> houses;
    for (float x = aspect * 0.42f; x < aspect * 0.97f;) {
        const float halfWidth = rng.uniform(0.028f, 0.05f);
        // Some houses stand on the ridge, some down its slope, in front of the others.
        houses.push_back({x, farRidge(x) + rng.uniform(0.02f, 0.09f), halfWidth,
                          rng.uniform(0.03f, 0.05f), rng.uniform(0.025f, 0.045f),
                          rng.uniform(-0.6f, 0.6f)});
        x += halfWidth + rng.uniform(0.03f, 0.09f);
    }
    // Nearer houses (lower on the slope) are drawn over farther ones.
    std::sort(houses.begin(), houses.end(),
              [](const House& a, const House& b) { return a.ground > b.ground; });
    const float steepleX = aspect * 0.63f;

    // Returns true and the colour where a house or the church covers p.
    auto village = [&](glm::vec2 p, glm::vec3& out) {
        for (const House& house : houses) {
            const float ground = house.ground;
            const float eaves = ground - house.wall;
            const float dx = std::abs(p.x - house.x);
            if (dx < house.halfWidth && p.y < ground && p.y > eaves) {
                out = p.x < house.x ? rgb(92, 72, 66) : rgb(58, 46, 48);
                return true;
            }
            const float ridgeY = eaves - house.roof;
            if (p.y <= eaves && p.y > ridgeY) {
                const float halfAt = (house.halfWidth + 0.008f) * (p.y - ridgeY) / house.roof;
                if (dx < halfAt) {
                    out = glm::mix(rgb(214, 218, 238), rgb(150, 156, 196),
                                   smoothStep(-0.5f, 1.0f, (p.x - house.x) / halfAt));
                    return true;
                }
            }
        }
        const float base = farRidge(steepleX) + 0.03f;
        const float dx = std::abs(p.x - steepleX);
        if (dx < 0.024f && p.y < base && p.y > base - 0.17f) {
            out = p.x < steepleX ? rgb(104, 88, 84) : rgb(60, 50, 54);
            return true;
        }
        const float spireBase = base - 0.17f;
        if (p.y <= spireBase && p.y > spireBase - 0.11f &&
            dx < 0.028f * (p.y - (spireBase - 0.11f)) / 0.11f) {
            out = glm::mix(rgb(200, 204, 230), rgb(70, 70, 100),
                           smoothStep(-0.01f, 0.01f, p.x - steepleX));
            return true;
        }
        return false;
    };

    auto sky = [&](glm::vec2 p) {
        const float t = glm::clamp(p.y / 0.55f, 0.0f, 1.0f);
        glm::vec3 color = glm::mix(rgb(10, 12, 38), rgb(74, 74, 122), std::pow(t, 1.4f));
        const float d = glm::length(p - moon);
        color += rgb(110, 108, 86) * std::exp(-d * 5.0f) * 0.75f;
        const float streaks = fbm(glm::vec2(p.x * 1.6f, p.y * 11.0f), 4, 83);
        return glm::mix(color, rgb(96, 96, 140), smoothStep(0.6f, 0.8f, streaks) * 0.35f);
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        glm::vec3 building;
        if (village(p, building)) {
            return building;
        }
        const float shade = fbm(p * glm::vec2(3.0f, 9.0f), 4, 84);
        if (p.y > nearRidge(p.x)) {
            const float depth = (p.y - nearRidge(p.x)) / (1.0f - nearRidge(p.x));
            glm::vec3 snow = glm::mix(rgb(170, 178, 214), rgb(212, 216, 238), depth);
            snow = glm::mix(snow, rgb(112, 122, 176), smoothStep(0.5f, 0.75f, shade) * 0.6f);
            const float track =
                std::abs(p.x - (aspect * 0.55f + 0.25f * (1.0f - depth) * std::sin(depth * 4.0f)));
            const float trackWidth = 0.008f + 0.045f * depth;
            snow *= 1.0f - 0.12f * smoothStep(trackWidth, trackWidth * 0.5f, track);
            return snow;
        }
        if (p.y > farRidge(p.x)) {
            const float below = p.y - farRidge(p.x);
            glm::vec3 snow =
                glm::mix(rgb(176, 184, 216), rgb(118, 126, 172), smoothStep(0.0f, 0.12f, below));
            return glm::mix(snow, rgb(96, 104, 156), smoothStep(0.55f, 0.8f, shade) * 0.5f);
        }
        return sky(p);
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 3.0f, 2, 85) - 0.5f;
        const glm::vec2 d = p - moon;
        if (glm::length(d) < 0.15f) {
            return std::atan2(d.y, d.x) + kHalfPi;
        }
        if (p.y > farRidge(p.x)) {
            return 0.15f * std::sin(p.x * 4.0f) + wobble * 0.4f;
        }
        return 0.05f + wobble * 0.5f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush);

    // The full moon, high over the village.
    paintFullMoon(canvas, moon, moonRadius);
    for (int i = 0; i < 70; ++i) {
        const glm::vec2 star(rng.uniform(0.0f, aspect), rng.uniform(0.01f, 0.42f));
        if (glm::length(star - moon) > 0.12f) {
            canvas.dab(star, rng.uniform(0.0012f, 0.0032f), rgb(240, 236, 214),
                       rng.uniform(0.4f, 0.95f), 0.6f);
        }
    }
    // Lit windows.
    for (const House& house : houses) {
        if (rng.below(4) == 0) {
            continue; // asleep
        }
        const glm::vec2 window(house.x + house.window * house.halfWidth,
                               house.ground - house.wall * rng.uniform(0.35f, 0.6f));
        canvas.dab(window, 0.0045f, rgb(255, 200, 100), 0.95f, 0.4f);
        canvas.dab(window, 0.012f, rgb(255, 190, 90), 0.15f, 1.0f); // its glow on the snow
    }
    canvas.dab({steepleX - 0.008f, farRidge(steepleX) - 0.06f}, 0.004f, rgb(250, 190, 96), 0.9f,
               0.4f);
    // Bare trees: one large in front on the left, two on the near hill.
    paintTree(canvas, rng, {aspect * 0.12f, 0.95f}, -kHalfPi + 0.05f, 0.3f, 0.014f, 5, kBark);
    paintTree(canvas, rng, {aspect * 0.36f, nearRidge(aspect * 0.36f) + 0.02f}, -kHalfPi - 0.05f,
              0.12f, 0.006f, 4, kBark);
    paintTree(canvas, rng, {aspect * 0.86f, nearRidge(aspect * 0.86f) + 0.03f}, -kHalfPi + 0.1f,
              0.15f, 0.007f, 4, kBark);
    canvas.finish(0.3f);
    return canvas.toImage();
}

} // namespace docent::tools
