#include <algorithm>
#include <cmath>
#include <vector>

#include "Canvas.h"
#include "Noise.h"
#include "PaintingKit.h"
#include "Paintings.h"
#include "Random.h"

// Gallery B's new figure paintings. The numbers inside each composition are positions in
// picture coordinates (see Canvas.h) and sRGB colours: the drawing itself.

namespace docent::tools {

namespace {

// A head seen in three-quarter or full face: the local position q (-1..1 across the head's
// ellipse, tilted by `tilt`) of picture point p.
glm::vec2 headLocal(glm::vec2 p, glm::vec2 center, glm::vec2 radii, float tilt) {
    const glm::vec2 d = p - center;
    const float c = std::cos(tilt);
    const float s = std::sin(tilt);
    glm::vec2 q = glm::vec2(c * d.x - s * d.y, s * d.x + c * d.y) / radii;
    q.x /= 1.0f - 0.18f * std::max(0.0f, q.y); // narrower toward the chin
    return q;
}

// Soft shadow of a facial feature: blends `face` toward `tint` inside ellipse (c, r) of q.
glm::vec3 feature(glm::vec3 face, glm::vec2 q, glm::vec2 c, glm::vec2 r, glm::vec3 tint,
                  float amount) {
    return glm::mix(face, tint, smoothStep(1.0f, 0.25f, ellipse(q, c, r)) * amount);
}

// Distance from p to the segment a-b: limbs and sleeves are drawn as thick segments.
float segmentDistance(glm::vec2 p, glm::vec2 a, glm::vec2 b) {
    const glm::vec2 ab = b - a;
    const float t = glm::clamp(glm::dot(p - a, ab) / glm::dot(ab, ab), 0.0f, 1.0f);
    return glm::length(p - a - ab * t);
}

} // namespace

engine::Image paintLetterByMoonlight(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x1e77'e400);
    const float aspect = canvas.aspect();
    // The window on the left wall, its casement open into the room.
    const glm::vec2 windowMin(0.06f, 0.08f);
    const glm::vec2 windowMax(0.36f, 0.6f);
    const glm::vec2 moon(0.23f, 0.22f);
    const float moonRadius = 0.05f;
    const float floorLine = 0.8f;
    // The woman, seated, in profile toward the window.
    const glm::vec2 head(aspect * 0.68f, 0.38f);
    const glm::vec2 letter(aspect * 0.53f, 0.55f);

    auto inWindow = [&](glm::vec2 p) {
        return p.x > windowMin.x && p.x < windowMax.x && p.y > windowMin.y && p.y < windowMax.y;
    };
    auto night = [&](glm::vec2 p) {
        const float t = (p.y - windowMin.y) / (windowMax.y - windowMin.y);
        glm::vec3 sky = glm::mix(rgb(16, 22, 60), rgb(50, 64, 110), t);
        sky += rgb(80, 80, 70) * std::exp(-glm::length(p - moon) * 10.0f) * 0.6f;
        // Rooftops across the street.
        const float roofs = 0.5f + 0.03f * std::floor(std::sin(p.x * 40.0f) * 2.0f);
        if (p.y > roofs) {
            sky = rgb(24, 24, 40);
        }
        return sky;
    };
    // The woman: 1 skin, 2 hair, 3 dress, 4 chair. She sits in profile facing the window,
    // upright, the letter held up in both hands.
    const float waist = 0.66f;
    const float knees = head.x - 0.17f;
    auto figureAt = [&](glm::vec2 p) {
        const glm::vec2 q = (p - head) / glm::vec2(0.056f, 0.07f);
        // The face's profile: brow, nose and chin stand out of the head's outline.
        const bool nose = q.x < -0.85f && q.x > -1.25f && q.y > -0.05f && q.y < 0.3f &&
                          q.x > -1.25f + (q.y + 0.05f) * 1.1f - 0.2f;
        const bool chin = ellipse(q, {-0.6f, 0.72f}, {0.35f, 0.3f}) < 1.0f;
        if (glm::dot(q, q) < 1.0f || nose || chin) {
            // Hair swept back from the temple; the face is the front of the head.
            const bool hair = q.x > -0.35f + 0.45f * q.y * q.y || q.y < -0.6f + 0.2f * q.x;
            return hair && !nose && !chin ? 2 : 1;
        }
        if (glm::length(p - (head + glm::vec2(0.048f, -0.045f))) < 0.03f) {
            return 2; // the knot of hair
        }
        if (p.y > head.y + 0.04f && p.y < head.y + 0.11f &&
            std::abs(p.x - head.x - 0.008f) < 0.02f) {
            return 1; // the neck
        }
        // Bodice and sleeves: a straight back, a soft front.
        const float bodiceTop = head.y + 0.1f;
        if (p.y > bodiceTop && p.y < waist + 0.02f) {
            const float t = (p.y - bodiceTop) / (waist - bodiceTop);
            if (p.x > head.x - 0.045f - 0.01f * std::sin(t * 3.0f) && p.x < head.x + 0.05f) {
                return 3;
            }
        }
        // The lap, from hip to knee, and the skirt falling from there to the floor.
        if (p.y > waist - 0.02f && p.y < waist + 0.06f && p.x > knees && p.x < head.x + 0.07f) {
            return 3;
        }
        if (p.y >= waist + 0.04f && p.y < 0.97f) {
            const float t = (p.y - waist - 0.04f) / (0.97f - waist - 0.04f);
            const float front = knees - 0.03f * t - 0.008f * std::sin(p.y * 90.0f);
            if (p.x > front && p.x < head.x + 0.08f + 0.03f * t) {
                return 3;
            }
        }
        // The arms, from the shoulder to the letter held up in front of her.
        const glm::vec2 shoulder = head + glm::vec2(0.005f, 0.13f);
        const glm::vec2 elbow = head + glm::vec2(-0.03f, 0.25f);
        const glm::vec2 hands = letter + glm::vec2(0.035f, 0.02f);
        if (segmentDistance(p, shoulder, elbow) < 0.022f ||
            segmentDistance(p, elbow, hands) < 0.018f) {
            return 3;
        }
        // The chair: its tall back behind her and its seat under her.
        if (p.x > head.x + 0.07f && p.x < head.x + 0.1f && p.y > head.y + 0.06f && p.y < 0.96f) {
            return 4;
        }
        return 0;
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        // Moonlight through the window: cool light falling down and to the right.
        const glm::vec2 fromWindow = p - glm::vec2(windowMax.x, windowMin.y + 0.2f);
        const float beam =
            smoothStep(0.5f, 0.0f,
                       std::abs(fromWindow.y - fromWindow.x * 0.9f) - 0.05f * fromWindow.x) *
            smoothStep(0.0f, 0.05f, fromWindow.x) * std::exp(-glm::length(fromWindow) * 1.2f);
        const glm::vec3 moonlight = rgb(150, 170, 210) * beam;
        switch (figureAt(p)) {
        case 1: {
            // Skin in moonlight: cool and pale on the window's side, warm in the shade.
            const float lit = smoothStep(head.x + 0.04f, head.x - 0.06f, p.x);
            return glm::mix(rgb(96, 74, 78), rgb(226, 214, 218), lit) + moonlight * 0.15f;
        }
        case 2:
            return rgb(34, 24, 22) + moonlight * 0.15f;
        case 3: {
            const float folds = 0.5f + 0.5f * std::sin(p.x * 70.0f + fbm(p * 6.0f, 2, 401) * 4.0f);
            const float lit = smoothStep(head.x + 0.1f, head.x - 0.1f, p.x) * 0.7f + 0.3f * folds;
            return glm::mix(rgb(40, 48, 72), rgb(170, 182, 206), lit * 0.8f) + moonlight * 0.3f;
        }
        case 4:
            return rgb(34, 22, 18);
        default:
            break;
        }
        if (inWindow(p)) {
            const float bars =
                std::min(std::abs(p.x - (windowMin.x + windowMax.x) * 0.5f), std::abs(p.y - 0.3f));
            if (bars < 0.008f) {
                return rgb(40, 40, 56); // glazing bars of the far pane
            }
            return night(p);
        }
        // The open casement, turned into the room: a lighter frame around darker glass.
        const float leaf = (p.x - windowMax.x) / 0.12f;
        const float leafTop = windowMin.y - 0.02f * leaf;
        const float leafBottom = windowMax.y + 0.03f * leaf;
        if (leaf > 0.0f && leaf < 1.0f && p.y > leafTop && p.y < leafBottom) {
            const bool frame =
                leaf < 0.1f || leaf > 0.88f || p.y - leafTop < 0.015f || leafBottom - p.y < 0.015f;
            return frame ? rgb(120, 118, 130) : rgb(46, 56, 86) + moonlight * 0.5f;
        }
        if (p.y > floorLine) {
            const float boards = 0.5f + 0.5f * std::sin(p.x * 40.0f + p.y * 8.0f);
            return rgb(44, 32, 26) * (0.85f + 0.2f * boards) + moonlight * 0.8f;
        }
        const float plaster = fbm(p * 5.0f, 3, 402);
        glm::vec3 wall = glm::mix(rgb(26, 28, 44), rgb(44, 44, 62), plaster);
        // The window's deep embrasure, caught by the moon.
        if (p.x > windowMin.x - 0.03f && p.x < windowMax.x + 0.03f && p.y > windowMin.y - 0.03f &&
            p.y < windowMax.y + 0.05f) {
            wall = rgb(96, 100, 128);
        }
        return wall + moonlight;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 4.0f, 2, 403) - 0.5f;
        const glm::vec2 d = p - moon;
        if (glm::length(d) < 0.12f) {
            return std::atan2(d.y, d.x) + kPaintHalfPi;
        }
        if (figureAt(p) == 3) {
            return kPaintHalfPi + wobble * 0.4f;
        }
        return 0.8f + wobble * 1.0f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 0.8f);

    // The crescent moon, large in the window, and a few stars.
    paintCrescentMoon(canvas, moon, moonRadius, {0.42f, 0.18f});
    for (int i = 0; i < 14; ++i) {
        const glm::vec2 star(rng.uniform(windowMin.x + 0.01f, windowMax.x - 0.01f),
                             rng.uniform(windowMin.y + 0.01f, 0.46f));
        if (glm::length(star - moon) > 0.08f) {
            canvas.dab(star, rng.uniform(0.0015f, 0.003f), rgb(236, 234, 214), 0.9f, 0.5f);
        }
    }
    // The letter: the brightest paper in the room, slightly tilted, folded once.
    const float tilt = -0.25f;
    const glm::vec2 across(std::cos(tilt), std::sin(tilt));
    const glm::vec2 down(-across.y, across.x);
    canvas.overlay(
        letter - glm::vec2(0.08f), letter + glm::vec2(0.08f),
        [&](glm::vec2 p) {
            const glm::vec2 d = p - letter;
            const float x = std::abs(glm::dot(d, across)) - 0.045f;
            const float y = std::abs(glm::dot(d, down)) - 0.058f;
            return glm::clamp(-std::max(x, y) * static_cast<float>(canvas.height()), 0.0f, 1.0f);
        },
        [&](glm::vec2 p) {
            const float fold = std::abs(glm::dot(p - letter, down));
            const float lines = std::abs(std::sin(glm::dot(p - letter, down) * 260.0f));
            glm::vec3 paper = fold < 0.003f ? rgb(190, 196, 210) : rgb(236, 238, 244);
            if (std::abs(glm::dot(p - letter, across)) < 0.035f && lines > 0.85f) {
                paper = rgb(120, 124, 150); // lines of handwriting
            }
            return paper;
        });
    // Her hands at its edge.
    canvas.dab(letter + across * 0.045f + down * 0.02f, 0.012f, rgb(200, 192, 204), 0.95f, 0.4f);
    canvas.dab(letter - across * 0.04f + down * 0.03f, 0.011f, rgb(210, 202, 212), 0.95f, 0.4f);
    canvas.finish(0.3f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintOldFisherman(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0xf15e'0a11);
    const float aspect = canvas.aspect();
    const glm::vec2 head(aspect * 0.47f, 0.37f);
    const glm::vec2 radii(0.14f, 0.18f);
    const float tilt = 0.06f;
    const float shoulders = 0.6f;
    const glm::vec2 pipeBowl(aspect * 0.7f, 0.6f);
    const glm::vec2 mouthCorner(aspect * 0.52f, 0.465f);

    // In the head's local frame q (see headLocal): a knitted cap pulled over the crown, a
    // full grey beard round the jaw, a moustache over the mouth.
    auto capAt = [&](glm::vec2 q) {
        return q.y < -0.5f + 0.06f * q.x && ellipse(q, {0.0f, -0.2f}, {1.08f, 1.0f}) < 1.0f;
    };
    auto brimAt = [&](glm::vec2 q) {
        return !capAt(q) && q.y < -0.32f + 0.06f * q.x &&
               ellipse(q, {0.0f, -0.2f}, {1.1f, 1.02f}) < 1.0f;
    };
    auto beardAt = [&](glm::vec2 q) {
        const float fringe = 0.06f * std::sin(q.x * 22.0f); // the beard's ragged edge
        const bool chin = ellipse(q, {0.0f, 0.66f}, {0.8f, 0.6f}) < 1.0f + fringe && q.y > 0.42f;
        const bool whiskers = std::abs(q.x) > 0.74f && q.y > 0.05f && glm::dot(q, q) < 1.02f;
        return chin || whiskers;
    };
    auto moustacheAt = [&](glm::vec2 q) {
        return ellipse(q, {0.0f, 0.44f}, {0.42f, 0.11f}) < 1.0f;
    };
    auto earAt = [&](glm::vec2 q) {
        return ellipse(glm::vec2(std::abs(q.x), q.y), {0.98f, 0.06f}, {0.13f, 0.22f}) < 1.0f;
    };
    // Broad, nearly level shoulders that drop away into the arms.
    auto jerseyTop = [&](float x) {
        const float across = std::abs(x - head.x) / 0.3f;
        const float arm = std::max(0.0f, across - 0.8f);
        return shoulders + 0.05f * across * across + 0.6f * arm * arm;
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        const glm::vec2 q = headLocal(p, head, radii, tilt);
        if (capAt(q)) {
            const float rib = 0.5f + 0.5f * std::sin(q.x * 30.0f);
            const float light = formLight(sphereNormal(glm::clamp(q * 0.85f, -0.99f, 0.99f)));
            return glm::mix(rgb(70, 16, 18), rgb(186, 52, 42), light * (0.72f + 0.28f * rib));
        }
        if (brimAt(q)) {
            const float rib = 0.5f + 0.5f * std::sin(q.x * 44.0f);
            return glm::mix(rgb(96, 24, 22), rgb(176, 56, 46), 0.45f + 0.35f * rib - 0.3f * q.x);
        }
        if (moustacheAt(q) || beardAt(q)) {
            const float strands = fbm(glm::vec2(q.x * 16.0f, q.y * 3.0f), 3, 411);
            const float light = glm::clamp(0.75f - 0.4f * q.x - 0.2f * (q.y - 0.5f), 0.0f, 1.0f);
            return glm::mix(rgb(96, 92, 88), rgb(236, 232, 222), light * (0.55f + 0.45f * strands));
        }
        if (glm::dot(q, q) < 1.0f || earAt(q)) {
            const glm::vec3 n = sphereNormal(glm::clamp(q * 0.95f, -0.99f, 0.99f));
            const float light = formLight(n);
            glm::vec3 face =
                glm::mix(rgb(104, 54, 38), rgb(232, 166, 124), glm::clamp(light, 0.0f, 1.0f));
            // Weathered: ruddy cheeks and nose, deep-set eyes under heavy brows.
            face = feature(face, q, {-0.36f, -0.02f}, {0.2f, 0.11f}, rgb(76, 42, 34), 0.7f);
            face = feature(face, q, {0.34f, -0.02f}, {0.2f, 0.11f}, rgb(66, 38, 32), 0.75f);
            face = feature(face, q, {-0.42f, 0.18f}, {0.2f, 0.14f}, rgb(206, 100, 78), 0.4f);
            face = feature(face, q, {0.42f, 0.18f}, {0.18f, 0.14f}, rgb(150, 70, 56), 0.35f);
            face = feature(face, q, {0.02f, 0.16f}, {0.1f, 0.2f}, rgb(214, 120, 92), 0.45f);
            face = feature(face, q, {0.16f, 0.22f}, {0.07f, 0.15f}, rgb(90, 50, 40), 0.5f);
            face = feature(face, q, {-0.36f, -0.2f}, {0.24f, 0.06f}, rgb(120, 70, 54), 0.4f);
            face = feature(face, q, {0.34f, -0.2f}, {0.24f, 0.06f}, rgb(100, 60, 48), 0.4f);
            return face;
        }
        if (p.y > jerseyTop(p.x)) {
            // A navy fisherman's jersey, knitted in ribs, lit from the left, with a roll neck.
            const float across = (p.x - head.x) / 0.3f;
            const bool collar = std::abs(p.x - head.x) < 0.13f && p.y < shoulders + 0.07f;
            const float rib = 0.5f + 0.5f * std::sin(p.x * (collar ? 90.0f : 160.0f));
            const float light =
                glm::clamp(0.7f - 0.45f * across - 0.3f * (p.y - shoulders), 0.0f, 1.0f);
            const glm::vec3 wool = glm::mix(rgb(12, 16, 34), rgb(64, 76, 116), light);
            return wool * (collar ? 0.85f + 0.3f * rib : 0.8f + 0.2f * rib);
        }
        // A grey harbour morning behind him, loosely brushed: sky, sea, a far breakwater.
        glm::vec3 ground = glm::mix(rgb(170, 178, 176), rgb(120, 134, 134), p.y / 0.6f);
        if (p.y > 0.6f) {
            ground = glm::mix(rgb(80, 100, 102), rgb(54, 70, 74), (p.y - 0.6f) * 3.0f);
        }
        if (p.y > 0.575f && p.y < 0.6f && p.x > aspect * 0.55f) {
            ground = rgb(90, 90, 96);
        }
        return ground * (0.92f + 0.16f * fbm(p * 4.0f, 3, 412));
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 4.0f, 2, 413) - 0.5f;
        const glm::vec2 q = headLocal(p, head, radii, tilt);
        if (capAt(q) || brimAt(q)) {
            return kPaintHalfPi + wobble * 0.2f;
        }
        if (beardAt(q) || moustacheAt(q)) {
            return kPaintHalfPi + q.x * 0.6f + wobble * 0.3f;
        }
        if (glm::dot(q, q) < 1.0f) {
            const glm::vec2 d = p - head;
            return std::atan2(d.y, d.x) + kPaintHalfPi + wobble * 0.3f;
        }
        return 0.6f + wobble * 1.4f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 0.8f);

    // Eyes glinting in their sockets, creases at their corners and across the brow.
    const float c = std::cos(tilt);
    const float s = std::sin(tilt);
    auto fromLocal = [&](glm::vec2 q) {
        const glm::vec2 d = q * radii;
        return head + glm::vec2(c * d.x + s * d.y, -s * d.x + c * d.y);
    };
    for (const float side : {-1.0f, 1.0f}) {
        const glm::vec2 eye = fromLocal({side * 0.34f, -0.01f});
        canvas.dab(eye, 0.011f, rgb(40, 30, 30), 0.9f, 0.4f);
        canvas.dab(eye + glm::vec2(-0.003f, -0.003f), 0.0035f, rgb(230, 226, 220), 0.8f, 0.4f);
        for (int k = 0; k < 3; ++k) {
            const auto fk = static_cast<float>(k);
            const glm::vec2 from = eye + glm::vec2(side * 0.025f, -0.008f + 0.01f * fk);
            canvas.line(from, from + glm::vec2(side * 0.025f, 0.004f * (fk - 1.0f)), 0.0025f,
                        rgb(110, 56, 42), 0.6f, rng.next());
        }
    }
    for (int k = 0; k < 3; ++k) {
        const float brow = -0.2f - 0.035f * static_cast<float>(k);
        const glm::vec2 from = fromLocal({-0.45f, brow});
        canvas.line(from, fromLocal({0.45f, brow}), 0.0025f, rgb(130, 70, 52), 0.5f, rng.next());
    }
    // The clay pipe in the corner of his mouth, its bowl glowing, a curl of smoke.
    canvas.line(mouthCorner, pipeBowl - glm::vec2(0.0f, 0.02f), 0.011f, rgb(40, 26, 20), 0.95f,
                rng.next());
    canvas.overlay(
        pipeBowl - glm::vec2(0.04f, 0.06f), pipeBowl + glm::vec2(0.04f, 0.03f),
        [&](glm::vec2 p) {
            const glm::vec2 d = (p - pipeBowl) / glm::vec2(0.021f, 0.036f);
            return glm::clamp((1.0f - std::max(std::abs(d.x), std::abs(d.y))) * 20.0f, 0.0f, 1.0f);
        },
        [&](glm::vec2 p) {
            return glm::mix(rgb(100, 62, 40), rgb(40, 24, 16),
                            smoothStep(pipeBowl.x - 0.02f, pipeBowl.x + 0.02f, p.x));
        });
    canvas.dab(pipeBowl - glm::vec2(0.0f, 0.034f), 0.01f, rgb(240, 120, 40), 0.9f, 0.6f);
    glm::vec2 smoke = pipeBowl - glm::vec2(0.0f, 0.042f);
    constexpr int kPuffs = 18;
    for (int i = 0; i < kPuffs; ++i) {
        const auto fi = static_cast<float>(i);
        const glm::vec2 next = smoke + glm::vec2(0.012f * std::sin(fi * 0.7f), -0.014f);
        canvas.line(smoke, next, 0.006f + 0.0008f * fi, rgb(210, 214, 214),
                    0.35f * (1.0f - fi / kPuffs), rng.next());
        smoke = next;
    }
    canvas.finish(0.4f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintYoungCellist(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0xce11'0b0e);
    const float aspect = canvas.aspect();
    const glm::vec2 head(aspect * 0.6f, 0.27f);
    const glm::vec2 radii(0.068f, 0.088f);
    // The cello stands between his knees, leaning back toward his left shoulder.
    const glm::vec2 celloCentre(aspect * 0.52f, 0.66f);
    const float celloTilt = -0.22f; // radians from upright
    const glm::vec2 celloUp(std::sin(celloTilt), -std::cos(celloTilt));
    const glm::vec2 celloAcross(-celloUp.y, celloUp.x);

    const glm::vec2 leftShoulder = head + glm::vec2(-0.13f, 0.16f);
    const glm::vec2 rightShoulder = head + glm::vec2(0.14f, 0.17f);
    const glm::vec2 leftElbow = head + glm::vec2(-0.22f, 0.3f);
    const glm::vec2 rightElbow = head + glm::vec2(0.2f, 0.33f);
    const glm::vec2 neckHand = celloCentre + celloUp * 0.36f + celloAcross * 0.025f;
    const glm::vec2 bowHand(aspect * 0.76f, 0.64f);

    // In the cello's frame: x across, y up along its axis, in picture units.
    auto celloLocal = [&](glm::vec2 p) {
        const glm::vec2 d = p - celloCentre;
        return glm::vec2(glm::dot(d, celloAcross), glm::dot(d, celloUp));
    };
    auto celloHalfWidth = [](float y) {
        // Lower bout, waist, upper bout.
        const float lower =
            0.14f * std::sqrt(std::max(0.0f, 1.0f - std::pow((y + 0.07f) / 0.15f, 2.0f)));
        const float upper =
            0.11f * std::sqrt(std::max(0.0f, 1.0f - std::pow((y - 0.15f) / 0.12f, 2.0f)));
        return std::max(std::max(lower, upper), (y > -0.02f && y < 0.12f) ? 0.085f : 0.0f);
    };
    // 1 body, 2 fingerboard and neck, 3 f-hole.
    auto celloAt = [&](glm::vec2 p) {
        const glm::vec2 l = celloLocal(p);
        if (l.y > -0.22f && l.y < 0.27f && std::abs(l.x) < celloHalfWidth(l.y)) {
            for (const float side : {-1.0f, 1.0f}) {
                const float fx = l.x - side * (0.04f + 0.01f * std::sin(l.y * 40.0f));
                if (std::abs(fx) < 0.005f && l.y > 0.0f && l.y < 0.09f) {
                    return 3;
                }
            }
            if (std::abs(l.x) < 0.018f && l.y > 0.02f) {
                return 2;
            }
            return 1;
        }
        if (std::abs(l.x) < 0.016f && l.y >= 0.27f && l.y < 0.52f) {
            return 2;
        }
        if (glm::length(l - glm::vec2(0.0f, 0.54f)) < 0.025f) {
            return 2; // the scroll
        }
        return 0;
    };
    // The boy: 1 skin, 2 hair, 3 shirt, 4 trousers.
    auto boyAt = [&](glm::vec2 p) {
        const glm::vec2 q = headLocal(p, head, radii, 0.1f);
        if (glm::dot(q, q) < 1.0f) {
            return q.y < -0.35f + 0.25f * q.x || q.x > 0.75f ? 2 : 1;
        }
        if (glm::dot(q, q) < 1.25f && q.y < -0.2f) {
            return 2;
        }
        if (std::abs(p.x - head.x - 0.005f) < 0.03f && p.y > head.y + 0.07f &&
            p.y < head.y + 0.14f) {
            return 1;
        }
        // Sleeves: the left arm reaches up to the cello's neck, the right draws the bow.
        if (segmentDistance(p, leftShoulder, leftElbow) < 0.04f ||
            segmentDistance(p, leftElbow, neckHand) < 0.032f ||
            segmentDistance(p, rightShoulder, rightElbow) < 0.042f ||
            segmentDistance(p, rightElbow, bowHand) < 0.034f) {
            return 3;
        }
        const float x = (p.x - head.x) / 0.16f;
        const float top = head.y + 0.12f + 0.1f * x * x;
        const float waist = 1.0f - 0.15f * smoothStep(top, 0.76f, p.y);
        if (p.y > top && p.y < 0.76f && std::abs(x) < waist) {
            return 3;
        }
        if (p.y >= 0.76f && std::abs(p.x - head.x + 0.04f) < 0.2f + 0.1f * (p.y - 0.76f)) {
            return 4;
        }
        return 0;
    };

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        // Light from a window at the left: everything warmer and brighter on that side.
        const float fromLeft = glm::clamp(1.0f - p.x / aspect, 0.0f, 1.0f);
        switch (celloAt(p)) {
        case 1: {
            const glm::vec2 l = celloLocal(p);
            const float w = std::max(celloHalfWidth(l.y), 0.01f);
            const glm::vec3 n = glm::normalize(glm::vec3(l.x / w * 0.8f, 0.0f, 1.0f));
            const float light = formLight(n);
            const glm::vec3 varnish = glm::mix(rgb(70, 24, 10), rgb(206, 104, 44), light);
            return varnish + rgb(255, 220, 170) * specular(n, 30.0f) * 0.5f;
        }
        case 2:
            return rgb(20, 14, 12);
        case 3:
            return rgb(12, 8, 6);
        default:
            break;
        }
        switch (boyAt(p)) {
        case 1: {
            const glm::vec2 q = headLocal(p, head, radii, 0.1f);
            const float light = formLight(sphereNormal(glm::clamp(q, -0.99f, 0.99f)));
            glm::vec3 face = glm::mix(rgb(100, 60, 46), rgb(246, 206, 176),
                                      glm::clamp(light * 1.1f, 0.0f, 1.0f));
            face = feature(face, q, {-0.35f, 0.0f}, {0.2f, 0.1f}, rgb(120, 76, 60), 0.5f);
            face = feature(face, q, {0.3f, 0.0f}, {0.2f, 0.1f}, rgb(100, 62, 50), 0.6f);
            face = feature(face, q, {0.0f, 0.55f}, {0.16f, 0.05f}, rgb(180, 100, 90), 0.4f);
            return face;
        }
        case 2: {
            const float strands = fbm(p * glm::vec2(30.0f, 90.0f), 3, 421);
            return glm::mix(rgb(30, 18, 12), rgb(120, 80, 46), strands * fromLeft);
        }
        case 3: {
            const float folds = 0.5f + 0.5f * std::sin(p.x * 60.0f + fbm(p * 5.0f, 2, 422) * 4.0f);
            const float light = glm::clamp(fromLeft * 1.3f - 0.2f + 0.2f * folds, 0.0f, 1.0f);
            return glm::mix(rgb(70, 64, 60), rgb(244, 236, 220), light);
        }
        case 4:
            return glm::mix(rgb(16, 14, 16), rgb(60, 50, 46), fromLeft);
        default:
            break;
        }
        const float n = fbm(p * 3.0f, 4, 423);
        const glm::vec3 dark = glm::mix(rgb(24, 18, 14), rgb(52, 40, 30), n);
        return dark + rgb(90, 70, 40) * std::pow(fromLeft, 2.0f) * 0.5f;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 4.0f, 2, 424) - 0.5f;
        if (celloAt(p) != 0) {
            return std::atan2(celloUp.y, celloUp.x) + wobble * 0.3f;
        }
        if (boyAt(p) == 1) {
            const glm::vec2 d = p - head;
            return std::atan2(d.y, d.x) + kPaintHalfPi;
        }
        if (boyAt(p) == 3) {
            return kPaintHalfPi + wobble * 0.6f;
        }
        return 0.9f + wobble * 1.5f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 0.8f);

    // Strings, the bridge, the bow across them and the hands.
    const glm::vec2 nut = celloCentre + celloUp * 0.5f;
    const glm::vec2 tail = celloCentre - celloUp * 0.18f;
    for (int i = 0; i < 4; ++i) {
        const float offset = (static_cast<float>(i) - 1.5f) * 0.006f;
        canvas.line(tail + celloAcross * offset * 2.0f, nut + celloAcross * offset, 0.0015f,
                    rgb(220, 210, 190), 0.7f, rng.next());
    }
    canvas.line(celloCentre - celloUp * 0.04f - celloAcross * 0.03f,
                celloCentre - celloUp * 0.04f + celloAcross * 0.03f, 0.006f, rgb(220, 190, 140),
                0.9f, rng.next());
    // The bow crosses the strings between the bridge and the fingerboard's end.
    const glm::vec2 bowTip = bowHand + glm::normalize(glm::vec2(-1.0f, 0.28f)) * 0.46f;
    canvas.line(bowHand + glm::vec2(0.03f, -0.008f), bowTip, 0.006f, rgb(60, 34, 20), 0.95f,
                rng.next());
    canvas.line(bowHand + glm::vec2(0.0f, 0.01f), bowTip + glm::vec2(0.0f, 0.01f), 0.003f,
                rgb(232, 226, 212), 0.85f, rng.next());
    // Hands: the bow hand lit from the left, the fingers of the other hand on the string.
    canvas.dab(bowHand, 0.021f, rgb(236, 194, 164), 0.95f, 0.4f);
    canvas.dab(bowHand + glm::vec2(-0.018f, 0.008f), 0.012f, rgb(226, 182, 150), 0.95f, 0.4f);
    canvas.dab(neckHand, 0.019f, rgb(236, 196, 166), 0.95f, 0.4f);
    for (int k = 0; k < 3; ++k) {
        const glm::vec2 finger =
            neckHand - celloUp * (0.015f * static_cast<float>(k) - 0.01f) - celloAcross * 0.02f;
        canvas.line(neckHand, finger, 0.007f, rgb(222, 180, 150), 0.9f, rng.next());
    }
    // Downcast eyes and brows: he watches his bow.
    for (const float side : {-1.0f, 1.0f}) {
        const glm::vec2 eye = head + glm::vec2(side * 0.024f - 0.004f, 0.004f);
        canvas.line(eye - glm::vec2(0.011f, 0.0f), eye + glm::vec2(0.011f, 0.003f), 0.0035f,
                    rgb(60, 36, 30), 0.85f, rng.next());
        canvas.line(eye - glm::vec2(0.012f, 0.018f), eye + glm::vec2(0.012f, -0.02f), 0.004f,
                    rgb(70, 44, 30), 0.7f, rng.next());
    }
    canvas.line(head + glm::vec2(-0.006f, 0.015f), head + glm::vec2(-0.012f, 0.042f), 0.004f,
                rgb(150, 100, 80), 0.6f, rng.next()); // the nose's shadow
    canvas.dab(head + glm::vec2(0.07f, 0.01f), 0.013f, rgb(190, 130, 110), 0.9f, 0.4f); // ear
    canvas.finish(0.45f);
    return canvas.toImage();
}

// ---------------------------------------------------------------------------------------------

engine::Image paintMarketMorning(int width, int height) {
    Canvas canvas(width, height);
    Pcg32 rng(0x3a4b'e700);
    const float aspect = canvas.aspect();
    const float ground = 0.55f; // where the square meets the houses

    struct House {
        float x0, x1, top;
        glm::vec3 wall;
    };
    std::vector<House> houses;
    const glm::vec3 walls[] = {rgb(226, 196, 150), rgb(236, 220, 190), rgb(214, 160, 124),
                               rgb(200, 184, 160), rgb(232, 204, 170)};
    for (float x = -0.02f; x < aspect;) {
        const float w = rng.uniform(0.16f, 0.3f);
        houses.push_back({x, x + w, rng.uniform(0.1f, 0.22f), walls[rng.below(5)]});
        x += w;
    }
    const float towerX = aspect * 0.72f;

    struct Stall {
        float x0, x1;
        glm::vec3 stripe;
    };
    const Stall stalls[] = {{aspect * 0.06f, aspect * 0.22f, rgb(190, 50, 40)},
                            {aspect * 0.27f, aspect * 0.43f, rgb(50, 110, 70)},
                            {aspect * 0.5f, aspect * 0.64f, rgb(180, 60, 50)},
                            {aspect * 0.7f, aspect * 0.86f, rgb(46, 80, 140)}};
    const float awningTop = 0.47f;
    const float awningFront = 0.55f;

    auto color = [&](glm::vec2 p) -> glm::vec3 {
        for (const Stall& stall : stalls) {
            if (p.x > stall.x0 && p.x < stall.x1) {
                if (p.y > awningTop && p.y < awningFront) {
                    const bool stripe = std::fmod((p.x - stall.x0) * 28.0f, 1.0f) < 0.5f;
                    const glm::vec3 c = stripe ? stall.stripe : rgb(240, 232, 212);
                    return c * (0.75f + 0.35f * (p.y - awningTop) / (awningFront - awningTop));
                }
                if (p.y >= awningFront && p.y < awningFront + 0.012f) {
                    // The scalloped valance.
                    const float scallop = std::abs(std::sin((p.x - stall.x0) * 56.0f));
                    if (p.y - awningFront < 0.012f * scallop) {
                        return stall.stripe * 0.8f;
                    }
                }
                if (p.y >= awningFront && p.y < 0.66f) {
                    // The stall under its awning: shade, a counter of produce.
                    if (p.y > 0.61f) {
                        const float n = fbm(p * 80.0f, 2, 431);
                        const glm::vec3 produce[] = {rgb(230, 140, 40), rgb(200, 50, 40),
                                                     rgb(110, 160, 60), rgb(230, 200, 80)};
                        const int i = static_cast<int>((p.x - stall.x0) * 12.0f) % 4;
                        return produce[i] * (0.6f + 0.5f * n);
                    }
                    return rgb(60, 48, 40);
                }
            }
        }
        if (p.y < ground) {
            if (std::abs(p.x - towerX) < 0.05f && p.y > 0.03f) {
                // The church tower, lit from the left, with a dark belfry opening.
                const bool belfry = p.y > 0.1f && p.y < 0.17f && std::abs(p.x - towerX) < 0.02f;
                return belfry ? rgb(50, 40, 40)
                              : (p.x < towerX ? rgb(236, 214, 176) : rgb(170, 140, 120));
            }
            for (const House& house : houses) {
                if (p.x >= house.x0 && p.x < house.x1 && p.y > house.top) {
                    if (p.y < house.top + 0.035f) {
                        return rgb(90, 96, 112); // slate roof
                    }
                    const float wx = std::fmod(p.x - house.x0, 0.07f);
                    const float wy = std::fmod(p.y - house.top - 0.05f, 0.09f);
                    const bool window = wx > 0.025f && wx < 0.05f && wy > 0.0f && wy < 0.05f &&
                                        p.y < ground - 0.08f;
                    glm::vec3 wall = house.wall;
                    if (window) {
                        wall = wx < 0.03f ? rgb(70, 110, 90) : rgb(50, 54, 66); // shutter, glass
                    }
                    const float shade = 0.85f + 0.15f * fbm(p * 10.0f, 2, 432);
                    return wall * shade;
                }
            }
            const float t = p.y / 0.3f;
            return glm::mix(rgb(150, 180, 214), rgb(246, 232, 204), glm::clamp(t, 0.0f, 1.0f));
        }
        // Cobbles, warm where the morning sun reaches between the long shadows.
        const float t = (p.y - ground) / (1.0f - ground);
        const float cobbles = fbm(p * glm::vec2(90.0f, 120.0f) / (0.4f + t), 2, 433);
        glm::vec3 square = glm::mix(rgb(150, 136, 118), rgb(206, 186, 156), cobbles);
        const float shadow = std::sin((p.x + (p.y - ground) * 1.6f) * 11.0f);
        square *= 1.0f - 0.25f * smoothStep(0.6f, 0.9f, shadow);
        return square;
    };

    auto angle = [&](glm::vec2 p) {
        const float wobble = fbm(p * 3.0f, 2, 434) - 0.5f;
        if (p.y < ground) {
            return kPaintHalfPi + wobble * 0.3f;
        }
        return wobble * 0.5f;
    };

    paintInLayers(canvas, {color, angle}, rng, kCoarseBrush * 0.7f);

    // Baskets on the ground by the stalls.
    for (int i = 0; i < 16; ++i) {
        const glm::vec2 at(rng.uniform(0.02f, aspect - 0.02f), rng.uniform(0.66f, 0.9f));
        const float r = 0.016f + 0.03f * (at.y - 0.6f);
        canvas.dab(at, r * 1.1f, rgb(120, 84, 44), 0.95f, 0.3f);
        const glm::vec3 produce[] = {rgb(236, 150, 40), rgb(200, 40, 40), rgb(120, 170, 60),
                                     rgb(240, 220, 120)};
        for (int k = 0; k < 6; ++k) {
            canvas.dab(at + glm::vec2(rng.symmetric(), -std::abs(rng.symmetric())) * r * 0.6f,
                       r * 0.3f, produce[rng.below(4)], 0.95f, 0.4f);
        }
    }
    // The crowd, far figures first, each with a long shadow to the right.
    struct Figure {
        glm::vec2 foot;
        float size;
    };
    std::vector<Figure> crowd;
    for (int i = 0; i < 56; ++i) {
        const float y = glm::mix(0.6f, 1.0f, std::pow(rng.uniform(), 1.6f));
        crowd.push_back({{rng.uniform(0.0f, aspect), y}, 0.09f + 0.25f * (y - 0.6f)});
    }
    std::sort(crowd.begin(), crowd.end(),
              [](const Figure& a, const Figure& b) { return a.foot.y < b.foot.y; });
    const glm::vec3 clothes[] = {rgb(40, 44, 70),  rgb(90, 60, 40),  rgb(30, 30, 34),
                                 rgb(150, 40, 40), rgb(70, 90, 60),  rgb(120, 110, 150),
                                 rgb(60, 60, 90),  rgb(160, 120, 70)};
    for (const Figure& f : crowd) {
        const float s = f.size;
        canvas.line(f.foot, f.foot + glm::vec2(s * 0.9f, -s * 0.08f), s * 0.18f, rgb(90, 80, 72),
                    0.35f, rng.next());
        const glm::vec3 coat = clothes[rng.below(8)];
        const bool skirt = rng.below(2) == 0;
        const glm::vec2 hip = f.foot - glm::vec2(0.0f, s * 0.45f);
        if (skirt) {
            for (int k = -2; k <= 2; ++k) {
                canvas.line(f.foot + glm::vec2(static_cast<float>(k) * s * 0.05f, 0.0f), hip,
                            s * 0.12f, coat, 0.95f, rng.next());
            }
            if (rng.below(2) == 0) {
                canvas.line(hip + glm::vec2(0.0f, s * 0.05f), f.foot - glm::vec2(0.0f, s * 0.04f),
                            s * 0.14f, rgb(236, 230, 214), 0.9f, rng.next()); // apron
            }
        } else {
            canvas.line(f.foot + glm::vec2(-s * 0.05f, 0.0f), hip, s * 0.09f, rgb(40, 36, 40),
                        0.95f, rng.next());
            canvas.line(f.foot + glm::vec2(s * 0.05f, 0.0f), hip, s * 0.09f, rgb(40, 36, 40), 0.95f,
                        rng.next());
        }
        const glm::vec2 neck = f.foot - glm::vec2(0.0f, s * 0.82f);
        canvas.line(hip, neck, s * 0.24f, coat, 0.95f, rng.next());
        canvas.line(neck + glm::vec2(-s * 0.02f, s * 0.1f), neck + glm::vec2(-s * 0.1f, s * 0.05f),
                    s * 0.03f, rgb(246, 238, 220), 0.5f, rng.next()); // sunlit shoulder
        const glm::vec2 headAt = neck - glm::vec2(0.0f, s * 0.08f);
        canvas.dab(headAt, s * 0.075f, rgb(226, 176, 140), 0.95f, 0.3f);
        const int hat = static_cast<int>(rng.below(3));
        if (hat == 0) {
            canvas.dab(headAt - glm::vec2(0.0f, s * 0.04f), s * 0.08f, rgb(244, 240, 226), 0.95f,
                       0.3f); // a white bonnet
        } else if (hat == 1) {
            canvas.line(headAt - glm::vec2(0.0f, s * 0.06f), headAt - glm::vec2(0.0f, s * 0.17f),
                        s * 0.1f, rgb(24, 22, 24), 0.95f, rng.next()); // a top hat
        }
    }
    canvas.finish(0.3f);
    return canvas.toImage();
}

} // namespace docent::tools
