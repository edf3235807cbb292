#include <algorithm>
#include <cmath>
#include <vector>

#include "Canvas.h"
#include "Noise.h"
#include "PaintingKit.h"
#include "Paintings.h"
#include "Random.h"

// Gallery C's new still lifes. The numbers inside each composition are positions in picture
// coordinates (see Canvas.h) and sRGB colours: the drawing itself.

namespace docent::tools {

engine::Image paintPeonies(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x9e0e'1e55);
    const float aspect = canvas.aspect();
    const float middle = aspect * 0.5f;
    const float tableTop = 0.8f;
    const float tableFront = 0.92f;
    const float vaseFoot = 0.86f;
    const float vaseHeight = 0.3f;
    auto vaseRadius = [](float u) { // u from the foot (0) to the lip (1)
        if (u < 0.75f) {
            return 0.07f + 0.08f * std::sin(kPaintPi * (u / 0.75f) * 0.9f + 0.15f);
        }
        return 0.055f + 0.03f * smoothStep(0.85f, 1.0f, u);
    };

    struct Bloom {
        glm::vec2 c;
        float r;
        bool white;
        float turn; // the petals' rotation
    };
    std::vector<Bloom> blooms;
    const glm::vec2 spots[] = {{-0.16f, 0.43f}, {0.0f, 0.36f},  {0.15f, 0.42f}, {-0.08f, 0.24f},
                               {0.1f, 0.22f},   {-0.24f, 0.3f}, {0.24f, 0.28f}, {0.02f, 0.12f},
                               {-0.28f, 0.48f}, {0.3f, 0.5f}};
    for (const glm::vec2 spot : spots) {
        blooms.push_back({{middle + spot.x, spot.y},
                          rng.uniform(0.065f, 0.095f),
                          rng.below(3) == 0,
                          rng.uniform(0.0f, 6.28f)});
    }
    // Nearer (lower) blooms cover those behind them.
    std::sort(blooms.begin(), blooms.end(),
              [](const Bloom& a, const Bloom& b) { return a.c.y > b.c.y; });

    struct Leaf {
        glm::vec2 base, tip;
    };
    std::vector<Leaf> leaves;
    for (int i = 0; i < 14; ++i) {
        const float a = rng.uniform(-2.6f, -0.5f);
        const glm::vec2 base(middle + rng.symmetric() * 0.12f, rng.uniform(0.4f, 0.56f));
        const glm::vec2 dir(std::cos(a) * 1.6f, std::sin(a) * 0.5f + 0.35f);
        leaves.push_back({base, base + dir * rng.uniform(0.1f, 0.16f)});
    }

    // A peony seen from the side and above: a cup of ruffled petals, its outline torn by
    // noise, each petal a shell whose rim catches the light and whose hollow is in shade.
    auto bloomAt = [&](glm::vec2 p, glm::vec3& out) {
        for (const Bloom& bloom : blooms) {
            const glm::vec2 d = (p - bloom.c) / bloom.r;
            const float r = glm::length(d);
            const float a = std::atan2(d.y, d.x) + bloom.turn;
            const float ruffle =
                fbm(glm::vec2(std::cos(a), std::sin(a)) * 2.5f + bloom.c * 9.0f, 3, 506);
            const float edge =
                0.78f + 0.12f * std::abs(std::sin(a * 2.5f)) + 0.25f * (ruffle - 0.5f);
            if (r < edge) {
                // Petals in rings, each ring's petals offset from the last.
                const float ring = r * 4.0f + 0.8f * (ruffle - 0.5f);
                const float petal = std::abs(std::sin(a * (3.0f + std::floor(ring)) + ring));
                const float rim = std::pow(std::fmod(ring, 1.0f), 3.0f); // outer lip of a petal
                const float lit = glm::clamp(0.62f - 0.4f * d.x - 0.38f * d.y, 0.0f, 1.0f);
                const glm::vec3 light = bloom.white ? rgb(252, 248, 242) : rgb(248, 184, 204);
                const glm::vec3 shade = bloom.white ? rgb(160, 150, 170) : rgb(150, 58, 96);
                float shine = lit * (0.55f + 0.3f * rim + 0.15f * petal);
                shine *=
                    1.0f - 0.35f * smoothStep(0.7f, 1.0f, r / edge) * (d.y > 0.0f ? 1.0f : 0.0f);
                out = glm::mix(shade, light, glm::clamp(shine, 0.0f, 1.0f));
                // The heart of the flower, deeper in colour (stamens in the white ones).
                out = glm::mix(out, bloom.white ? rgb(232, 200, 120) : rgb(190, 64, 110),
                               smoothStep(0.3f, 0.0f, r) * 0.65f);
                return true;
            }
        }
        return false;
    };
    auto leafAt = [&](glm::vec2 p) {
        for (const Leaf& leaf : leaves) {
            const glm::vec2 axis = leaf.tip - leaf.base;
            const float t = glm::dot(p - leaf.base, axis) / glm::dot(axis, axis);
            if (t > 0.0f && t < 1.0f) {
                const float half = 0.028f * std::sin(kPaintPi * std::pow(t, 0.8f));
                const glm::vec2 nearest = leaf.base + axis * t;
                if (glm::length(p - nearest) < half) {
                    return true;
                }
            }
        }
        return false;
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        glm::vec3 bloom;
        if (bloomAt(p, bloom)) {
            return bloom;
        }
        const float u = (vaseFoot - p.y) / vaseHeight;
        if (u > 0.0f && u < 1.0f) {
            const float r = vaseRadius(u);
            const float lx = (p.x - middle) / r;
            if (std::abs(lx) < 1.0f) {
                const glm::vec3 n = glm::normalize(glm::vec3(lx, -0.1f, std::sqrt(1.0f - lx * lx)));
                const float light = formLight(n);
                glm::vec3 glaze = glm::mix(rgb(10, 24, 80), rgb(60, 100, 200), light);
                if (std::abs(u - 0.62f) < 0.015f) {
                    glaze = glm::mix(glaze, rgb(230, 236, 246), 0.6f); // a white band
                }
                return glaze + rgb(240, 246, 255) * specular(n, 40.0f) * 0.8f;
            }
        }
        if (leafAt(p)) {
            const float vein = fbm(p * 40.0f, 2, 501);
            return glm::mix(rgb(26, 56, 30), rgb(86, 130, 60),
                            0.3f + 0.5f * vein - 0.3f * (p.x - middle));
        }
        if (p.y > tableFront) {
            return rgb(46, 30, 20) * (0.85f + 0.2f * fbm(p * glm::vec2(4.0f, 30.0f), 2, 502));
        }
        if (p.y > tableTop) {
            const float grain = fbm(p * glm::vec2(3.0f, 50.0f), 3, 503);
            glm::vec3 table = glm::mix(rgb(80, 52, 32), rgb(120, 80, 46), grain);
            const float shadow = ellipse(p, {middle + 0.08f, vaseFoot + 0.005f}, {0.16f, 0.02f});
            return table * (1.0f - 0.45f * smoothStep(1.0f, 0.4f, shadow));
        }
        const float d = glm::length((p - glm::vec2(aspect * 0.25f, 0.2f)) * glm::vec2(0.8f, 1.0f));
        const glm::vec3 ground =
            glm::mix(rgb(110, 100, 70), rgb(34, 32, 24), smoothStep(0.05f, 0.9f, d));
        return ground * (0.9f + 0.2f * fbm(p * 5.0f, 3, 504));
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 4.0f, 2, 505) - 0.5f;
        for (const Bloom& bloom : blooms) {
            const glm::vec2 d = p - bloom.c;
            if (glm::length(d) < bloom.r) {
                return std::atan2(d.y, d.x) + wobble * 0.4f; // strokes radiate like petals
            }
        }
        if (p.y > tableTop) {
            return wobble * 0.2f;
        }
        return 0.8f + wobble * 1.4f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 0.8f);

    // Petal edges caught by the light, and two fallen petals on the table.
    for (const Bloom& bloom : blooms) {
        for (int i = 0; i < 10; ++i) {
            const float a = rng.uniform(2.4f, 4.6f);
            const glm::vec2 at =
                bloom.c + glm::vec2(std::cos(a), std::sin(a)) * bloom.r * rng.uniform(0.3f, 0.8f);
            canvas.dab(at, bloom.r * 0.08f, bloom.white ? rgb(255, 252, 248) : rgb(252, 200, 214),
                       0.7f, 0.6f);
        }
    }
    canvas.dab({middle - 0.2f, 0.87f}, 0.014f, rgb(236, 160, 184), 0.9f, 0.4f);
    canvas.dab({middle + 0.17f, 0.89f}, 0.012f, rgb(244, 236, 232), 0.9f, 0.4f);
    canvas.finish(0.4f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintCopperPots(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0xc0bb'e400);
    const float aspect = canvas.aspect();
    const float shelfTop = 0.64f;
    const float shelfFront = 0.68f;
    const float shelfBottom = 0.72f;

    // Copper: dark where it mirrors the room, hot orange in the light, pale where it shines.
    auto copper = [](glm::vec3 n) {
        const float light = formLight(n);
        const float mirror = 0.5f + 0.5f * std::sin(n.x * 5.0f + 0.6f);
        glm::vec3 c = glm::mix(rgb(70, 26, 14), rgb(214, 104, 50), light * (0.5f + 0.5f * mirror));
        return c + rgb(255, 210, 160) * specular(n, 24.0f) * 0.8f;
    };

    struct Pan {
        glm::vec2 c;
        float r;
    };
    const Pan pans[] = {{{aspect * 0.16f, 0.33f}, 0.15f}, {{aspect * 0.36f, 0.28f}, 0.11f}};
    // The stockpot on the shelf: a cylinder with a lid.
    const float potX = aspect * 0.56f;
    const float potHalf = 0.16f;
    const float potTop = 0.38f;
    // Onions and a loaf along the shelf.
    const glm::vec2 onions[] = {{aspect * 0.72f, shelfTop - 0.05f},
                                {aspect * 0.76f, shelfTop - 0.045f},
                                {aspect * 0.745f, shelfTop - 0.11f},
                                {aspect * 0.8f, shelfTop - 0.05f}};
    const glm::vec2 loaf(aspect * 0.9f, shelfTop - 0.07f);

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        // The loaf: a round crust, scored.
        {
            const glm::vec2 l = (p - loaf) / glm::vec2(0.13f, 0.08f);
            if (glm::dot(l, l) < 1.0f && p.y < shelfTop) {
                const glm::vec3 n = sphereNormal(l);
                const float light = formLight(n);
                glm::vec3 crust = glm::mix(rgb(90, 50, 22), rgb(214, 150, 76), light);
                const float score = std::abs(std::sin((l.x - l.y * 0.5f) * 9.0f));
                if (score < 0.12f && l.y < 0.3f) {
                    crust = glm::mix(crust, rgb(236, 200, 140), 0.7f);
                }
                return crust;
            }
        }
        for (const glm::vec2 onion : onions) {
            const glm::vec2 l = (p - onion) / glm::vec2(0.045f, 0.045f);
            // A teardrop: round below, drawn to a point at the top.
            const float pinch = l.y < 0.0f ? 1.0f + l.y * 0.9f : 1.0f;
            if (l.y > -1.6f &&
                std::abs(l.x) <
                    pinch * std::sqrt(std::max(0.0f, 1.0f - std::min(l.y * l.y, 1.0f))) +
                        (l.y < -1.0f ? 0.06f : 0.0f)) {
                const glm::vec3 n = sphereNormal(glm::clamp(l, -0.99f, 0.99f));
                const float light = formLight(n);
                const float skin = 0.5f + 0.5f * std::sin(l.x * 10.0f / std::max(pinch, 0.2f));
                return glm::mix(rgb(100, 50, 20), rgb(220, 150, 70), light * (0.8f + 0.2f * skin));
            }
        }
        if (std::abs(p.x - potX) < potHalf && p.y > potTop && p.y < shelfTop) {
            const float lx = (p.x - potX) / potHalf;
            const glm::vec3 n(lx, 0.0f, std::sqrt(1.0f - lx * lx));
            glm::vec3 pot = copper(n);
            if (p.y < potTop + 0.02f || std::abs(p.y - 0.5f) < 0.006f) {
                pot *= 0.7f; // the rolled rim, a riveted band
            }
            return pot;
        }
        if (std::abs(p.x - potX) < potHalf * 0.95f && p.y > potTop - 0.035f && p.y <= potTop) {
            const float lx = (p.x - potX) / potHalf;
            return copper(glm::normalize(glm::vec3(lx, -0.8f, 0.6f))); // the lid
        }
        if (glm::length(p - glm::vec2(potX, potTop - 0.045f)) < 0.014f) {
            return rgb(60, 40, 30); // the lid's knob
        }
        for (const Pan& pan : pans) {
            const glm::vec2 l = (p - pan.c) / pan.r;
            const float r = glm::length(l);
            if (r < 1.0f) {
                // Seen face on: the pan's bottom, its curved wall and rim in rings.
                const glm::vec3 n = r < 0.8f ? glm::normalize(glm::vec3(l * 0.2f, 1.0f))
                                             : glm::normalize(glm::vec3(l, 0.4f));
                return copper(n) * (r > 0.78f && r < 0.82f ? 0.6f : 1.0f);
            }
            const glm::vec2 handleTop = pan.c - glm::vec2(0.0f, pan.r + 0.17f);
            const glm::vec2 axis = handleTop - (pan.c - glm::vec2(0.0f, pan.r));
            const float t =
                glm::dot(p - (pan.c - glm::vec2(0.0f, pan.r)), axis) / glm::dot(axis, axis);
            if (t > 0.0f && t < 1.0f && std::abs(p.x - pan.c.x) < 0.012f) {
                return rgb(90, 50, 30); // the iron handle, hung from a nail
            }
        }
        if (p.y > shelfTop && p.y < shelfFront) {
            return glm::mix(rgb(140, 100, 64), rgb(100, 70, 44), (p.y - shelfTop) / 0.04f);
        }
        if (p.y >= shelfFront && p.y < shelfBottom) {
            return rgb(70, 46, 30) * (0.9f + 0.2f * fbm(p * glm::vec2(3.0f, 40.0f), 2, 511));
        }
        // Limewashed kitchen wall, darker below the shelf where its shadow falls.
        const float n = fbm(p * 4.0f, 4, 512);
        glm::vec3 wall = glm::mix(rgb(96, 84, 66), rgb(150, 134, 108), n);
        wall *= 0.7f + 0.4f * (1.0f - p.x / aspect);
        if (p.y > shelfBottom) {
            wall *= 0.55f + 0.4f * smoothStep(shelfBottom, 1.0f, p.y);
        }
        // Shadows cast by the pot and the pans, to the right.
        const float potShadow =
            std::abs(p.x - potX - 0.06f) < potHalf && p.y > potTop + 0.04f && p.y < shelfTop ? 0.6f
                                                                                             : 1.0f;
        return wall * potShadow;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 4.0f, 2, 513) - 0.5f;
        for (const Pan& pan : pans) {
            const glm::vec2 d = p - pan.c;
            if (glm::length(d) < pan.r) {
                return std::atan2(d.y, d.x) + kPaintHalfPi;
            }
        }
        if (std::abs(p.x - potX) < potHalf && p.y > potTop && p.y < shelfTop) {
            return kPaintHalfPi + wobble * 0.2f;
        }
        if (p.y > shelfTop && p.y < shelfBottom) {
            return wobble * 0.1f;
        }
        return 0.7f + wobble * 1.4f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 0.8f);

    // Nails, glints on the copper, and the onions' dry tips.
    for (const Pan& pan : pans) {
        canvas.dab(pan.c - glm::vec2(0.0f, pan.r + 0.17f), 0.006f, rgb(40, 30, 24), 0.95f, 0.3f);
        canvas.dab(pan.c + glm::vec2(-0.35f, -0.35f) * pan.r, pan.r * 0.08f, rgb(255, 226, 190),
                   0.8f, 0.6f);
    }
    canvas.line({potX - potHalf * 0.55f, potTop + 0.03f}, {potX - potHalf * 0.5f, shelfTop - 0.02f},
                0.01f, rgb(255, 214, 170), 0.6f, rng.next());
    for (const glm::vec2 onion : onions) {
        canvas.line(onion - glm::vec2(0.0f, 0.065f), onion - glm::vec2(-0.006f, 0.085f), 0.004f,
                    rgb(190, 150, 100), 0.9f, rng.next());
    }
    canvas.finish(0.45f);
    return canvas.toImage();
}

} // namespace docent::tools
