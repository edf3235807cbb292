#include <cmath>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>

#include "Sculptures.h"
#include "Surfaces.h"

namespace docent::tools {

namespace {

constexpr float kPi = 3.14159265f;
const glm::vec3 kUp(0.0f, 1.0f, 0.0f);

// Plinth heights, in metres: each brings its work's most telling part near eye level.
constexpr float kDancerPlinth = 0.85f;
constexpr float kBustPlinth = 1.12f;
constexpr float kVasePlinth = 1.02f;

Node sculptureNode(const std::string& id, glm::vec3 position, float yawDegrees) {
    Node node;
    node.name = "artwork." + id;
    node.translation = position;
    node.rotation = glm::angleAxis(glm::radians(yawDegrees), kUp);
    return node;
}

// A square plinth: a base block, a shaft with mouldings at its foot and head, and a cap.
void addPlinth(Mesh& stone, float height, float shaftHalf) {
    const float baseHalf = shaftHalf + 0.08f;
    const float capHalf = shaftHalf + 0.06f;
    constexpr float kBase = 0.12f; // m tall
    constexpr float kCap = 0.07f;
    addBox(stone, {-baseHalf, 0.0f, -baseHalf}, {baseHalf, kBase, baseHalf}, kMarbleTileMetres);
    addBox(stone, {-shaftHalf, kBase, -shaftHalf}, {shaftHalf, height - kCap, shaftHalf},
           kMarbleTileMetres);
    addBox(stone, {-capHalf, height - kCap, -capHalf}, {capHalf, height, capHalf},
           kMarbleTileMetres);
    // Mouldings round the shaft's foot and head. The square runs clockwise seen from above,
    // which puts the profile's side (the left of the path) outside the shaft.
    const float h = shaftHalf;
    const glm::vec3 square[] = {{-h, 0.0f, -h}, {h, 0.0f, -h}, {h, 0.0f, h}, {-h, 0.0f, h}};
    SweepOptions options;
    options.closedPath = true;
    options.uvScale = glm::vec2(kMarbleTileMetres);
    Profile foot;
    foot.lineTo(0.05f, kBase).lineTo(0.05f, kBase + 0.02f).lineTo(0.03f, kBase + 0.03f);
    foot.lineTo(0.015f, kBase + 0.05f).lineTo(0.0f, kBase + 0.06f);
    sweepProfile(stone, foot, square, options);
    const float capFoot = height - kCap;
    Profile head;
    head.lineTo(0.0f, capFoot - 0.07f).lineTo(0.015f, capFoot - 0.05f);
    head.lineTo(0.03f, capFoot - 0.025f).lineTo(0.055f, capFoot);
    sweepProfile(stone, head, square, options);
}

glm::mat3 rotationY(float radians) {
    return glm::mat3(glm::rotate(glm::mat4(1.0f), radians, kUp));
}

glm::mat3 rotationZ(float radians) {
    return glm::mat3(glm::rotate(glm::mat4(1.0f), radians, glm::vec3(0.0f, 0.0f, 1.0f)));
}

glm::mat3 rotationX(float radians) {
    return glm::mat3(glm::rotate(glm::mat4(1.0f), radians, glm::vec3(1.0f, 0.0f, 0.0f)));
}

// The dancer's skirt: a bell that flares from the waist and ripples in folds that swirl
// with her turn, its hem lifted on the side she turns toward. Outer and inner skins, as a
// single-sided material would show nothing from below.
void addSkirt(Mesh& mesh, float waistY, float length) {
    constexpr float kWaist = 0.105f; // m, radius at the waistband
    constexpr float kFlare = 0.3f;   // m more at the hem
    constexpr float kThickness = 0.006f;
    auto point = [=](float u, float v, float inset) {
        const float angle = u * 2.0f * kPi;
        const float folds = 1.0f + 0.09f * v * std::sin(angle * 7.0f + v * 2.6f);
        const float r = (kWaist + kFlare * std::pow(v, 0.8f)) * folds - inset;
        const float lift = 0.07f * v * v * std::sin(angle - 0.6f);
        return glm::vec3(std::sin(angle) * r, waistY - length * v + lift, std::cos(angle) * r);
    };
    auto radial = [](glm::vec3 p) { return glm::vec3(p.x, 0.0f, p.z); };
    addSurface(
        mesh, [&](float u, float v) { return point(u, v, 0.0f); }, 84, 8, radial,
        glm::vec2(3.0f, 1.0f));
    addSurface(
        mesh, [&](float u, float v) { return point(u, v, kThickness); }, 84, 8,
        [&](glm::vec3 p) { return -radial(p); }, glm::vec2(3.0f, 1.0f));
}

// The figure, standing on the origin and facing +Z.
Mesh dancerFigure() {
    Mesh lower; // legs and hips
    // The standing leg, on demi-pointe.
    addCapsule(lower, {0.07f, 0.02f, 0.11f}, {0.06f, 0.09f, 0.0f}, 0.024f, 0.034f);
    addCapsule(lower, {0.06f, 0.09f, 0.0f}, {0.05f, 0.46f, 0.012f}, 0.034f, 0.048f);
    addEllipsoid(lower, {0.058f, 0.32f, -0.012f}, {0.046f, 0.09f, 0.046f});
    addCapsule(lower, {0.05f, 0.46f, 0.012f}, {0.075f, 0.84f, 0.0f}, 0.05f, 0.074f);
    // The working leg in passé, knee turned out, toe at the standing knee.
    addCapsule(lower, {-0.075f, 0.84f, 0.0f}, {-0.33f, 0.66f, 0.07f}, 0.074f, 0.05f);
    addCapsule(lower, {-0.33f, 0.66f, 0.07f}, {0.0f, 0.53f, 0.045f}, 0.048f, 0.034f);
    addCapsule(lower, {0.0f, 0.53f, 0.045f}, {0.045f, 0.45f, 0.035f}, 0.03f, 0.018f);
    addEllipsoid(lower, {0.0f, 0.89f, 0.0f}, {0.15f, 0.11f, 0.1f});
    addSkirt(lower, 0.98f, 0.3f);

    Mesh upper; // torso, head and arms
    addCapsule(upper, {0.0f, 0.9f, 0.0f}, {0.0f, 1.08f, 0.005f}, 0.098f, 0.088f);
    addEllipsoid(upper, {0.0f, 1.17f, 0.005f}, {0.13f, 0.13f, 0.095f});
    addEllipsoid(upper, {-0.045f, 1.16f, 0.07f}, {0.045f, 0.042f, 0.04f});
    addEllipsoid(upper, {0.045f, 1.16f, 0.07f}, {0.045f, 0.042f, 0.04f});
    for (const float side : {-1.0f, 1.0f}) {
        addEllipsoid(upper, {side * 0.15f, 1.265f, 0.0f}, glm::vec3(0.052f));
    }
    addCapsule(upper, {0.0f, 1.27f, 0.0f}, {0.0f, 1.39f, 0.016f}, 0.043f, 0.037f);
    // The head, lifted and turned toward the higher hand, with its hair drawn into a bun.
    Mesh head;
    addEllipsoid(head, {0.0f, 0.09f, 0.015f}, {0.07f, 0.094f, 0.084f});
    addEllipsoid(head, {0.0f, 0.1f, -0.004f}, {0.075f, 0.09f, 0.084f}); // hair
    addEllipsoid(head, {0.0f, 0.15f, -0.075f}, glm::vec3(0.044f));      // bun
    addCapsule(head, {0.0f, 0.1f, 0.092f}, {0.0f, 0.07f, 0.104f}, 0.009f, 0.012f, 10);
    addEllipsoid(head, {0.0f, 0.018f, 0.07f}, {0.024f, 0.02f, 0.02f}); // chin
    const glm::mat4 headPose = glm::translate(glm::mat4(1.0f), {0.0f, 1.38f, 0.018f}) *
                               glm::mat4(rotationY(0.35f) * rotationX(-0.25f));
    upper.append(head, headPose);
    // One arm curves over the head, the other reaches up and out.
    addCapsule(upper, {0.16f, 1.27f, 0.0f}, {0.28f, 1.52f, 0.03f}, 0.042f, 0.033f);
    addCapsule(upper, {0.28f, 1.52f, 0.03f}, {0.12f, 1.74f, 0.05f}, 0.032f, 0.023f);
    addCapsule(upper, {0.12f, 1.74f, 0.05f}, {0.04f, 1.78f, 0.055f}, 0.022f, 0.012f);
    addCapsule(upper, {-0.16f, 1.27f, 0.0f}, {-0.36f, 1.45f, 0.04f}, 0.042f, 0.033f);
    addCapsule(upper, {-0.36f, 1.45f, 0.04f}, {-0.52f, 1.62f, 0.08f}, 0.032f, 0.023f);
    addCapsule(upper, {-0.52f, 1.62f, 0.08f}, {-0.6f, 1.69f, 0.09f}, 0.022f, 0.012f);

    // The turn: the shoulders lead the hips, and the whole figure leans into it.
    Mesh figure;
    figure.append(lower);
    figure.append(upper, glm::mat4(rotationY(0.22f)));
    Mesh turned;
    turned.append(figure, glm::mat4(rotationY(-0.25f)) *
                              glm::rotate(glm::mat4(1.0f), 0.04f, glm::vec3(0.0f, 0.0f, 1.0f)));
    return turned;
}

// The bust, standing on the origin (the socle's foot) and facing +Z.
Mesh bustFigure() {
    Mesh bust;
    // A turned socle, then the chest and shoulders, cut in the classical curve.
    Profile socle;
    socle.lineTo(0.0f, 0.0f).lineTo(0.115f, 0.0f).lineTo(0.115f, 0.025f).lineTo(0.1f, 0.035f);
    socle.lineTo(0.075f, 0.07f).smoothLast().lineTo(0.066f, 0.1f).lineTo(0.085f, 0.11f);
    socle.lineTo(0.085f, 0.13f).lineTo(0.0f, 0.13f);
    LatheOptions lathing;
    lathing.segments = 40;
    lathe(bust, socle, lathing);
    // Chest and sloping shoulders, the truncation's rounded foot resting on the socle.
    addEllipsoid(bust, {0.0f, 0.235f, 0.0f}, {0.165f, 0.12f, 0.095f}, glm::mat3(1.0f), 40);
    for (const float side : {-1.0f, 1.0f}) {
        addEllipsoid(bust, {side * 0.1f, 0.27f, -0.01f}, {0.115f, 0.05f, 0.08f},
                     glm::mat3(rotationZ(-side * 0.3f)), 32);
    }
    // A mantle's single fold across the chest, lying on its surface.
    addCapsule(bust, {-0.17f, 0.3f, 0.03f}, {0.08f, 0.18f, 0.085f}, 0.016f, 0.011f);
    addCapsule(bust, {0.0f, 0.3f, 0.0f}, {0.0f, 0.43f, 0.035f}, 0.052f, 0.047f);

    // The head in its own frame (origin at the top of the neck), then tilted back so that
    // the gaze lifts, and turned a little.
    Mesh head;
    // One egg for the skull and face, a narrower one inside it for the jaw and chin; the
    // features kept soft, as a carver leaves them in marble.
    addEllipsoid(head, {0.0f, 0.092f, 0.008f}, {0.071f, 0.098f, 0.088f}, glm::mat3(1.0f), 36);
    addEllipsoid(head, {0.0f, 0.045f, 0.026f}, {0.052f, 0.058f, 0.066f}, glm::mat3(1.0f), 32);
    addEllipsoid(head, {0.0f, 0.008f, 0.068f}, {0.022f, 0.018f, 0.018f}); // chin
    addEllipsoid(head, {0.0f, 0.03f, 0.086f}, {0.015f, 0.006f, 0.007f});  // lips
    addCapsule(head, {0.0f, 0.092f, 0.088f}, {0.0f, 0.056f, 0.1f}, 0.008f, 0.012f, 12);
    for (const float side : {-1.0f, 1.0f}) {
        addEllipsoid(head, {side * 0.07f, 0.072f, -0.014f}, {0.011f, 0.026f, 0.017f}); // ear
    }
    // Hair drawn back from the brow and up from the nape into a knot on the crown.
    addEllipsoid(head, {0.0f, 0.12f, -0.026f}, {0.076f, 0.094f, 0.09f}, glm::mat3(1.0f), 32);
    addEllipsoid(head, {0.0f, 0.2f, -0.06f}, {0.05f, 0.042f, 0.048f});
    addEllipsoid(head, {0.0f, 0.225f, -0.075f}, {0.03f, 0.024f, 0.03f});
    bust.append(head, glm::translate(glm::mat4(1.0f), {0.0f, 0.43f, 0.03f}) *
                          glm::mat4(rotationY(-0.2f) * rotationX(-0.28f)));
    return bust;
}

} // namespace

void addDancer(Scene& scene, const GalleryMaterials& m, const std::string& id, glm::vec3 position,
               float yawDegrees) {
    Node node = sculptureNode(id, position, yawDegrees);
    addPlinth(node.meshFor(m.whiteMarble), kDancerPlinth, 0.26f);
    Mesh& bronze = node.meshFor(m.bronze);
    // The cast's own base, a low bronze disc.
    Profile disc;
    disc.lineTo(0.0f, 0.0f).lineTo(0.22f, 0.0f).lineTo(0.22f, 0.025f).lineTo(0.2f, 0.035f);
    disc.lineTo(0.0f, 0.035f);
    LatheOptions lathing;
    lathing.segments = 40;
    Mesh base;
    lathe(base, disc, lathing);
    bronze.append(base, glm::translate(glm::mat4(1.0f), {0.0f, kDancerPlinth, 0.0f}));
    bronze.append(dancerFigure(),
                  glm::translate(glm::mat4(1.0f), {-0.03f, kDancerPlinth + 0.03f, -0.02f}));
    scene.addNode(std::move(node));
}

void addBust(Scene& scene, const GalleryMaterials& m, const std::string& id, glm::vec3 position,
             float yawDegrees) {
    Node node = sculptureNode(id, position, yawDegrees);
    addPlinth(node.meshFor(m.darkMarble), kBustPlinth, 0.2f);
    node.meshFor(m.whiteMarble)
        .append(bustFigure(), glm::translate(glm::mat4(1.0f), {0.0f, kBustPlinth, 0.0f}));
    scene.addNode(std::move(node));
}

void addVase(Scene& scene, const GalleryMaterials& m, const std::string& id, glm::vec3 position,
             float yawDegrees) {
    Node node = sculptureNode(id, position, yawDegrees);
    addPlinth(node.meshFor(m.whiteMarble), kVasePlinth, 0.24f);

    // A lathe-turned vase: foot, belly, shoulder, neck and a flared lip, hollow at the top.
    Profile vase;
    vase.lineTo(0.0f, 0.0f).lineTo(0.085f, 0.0f).lineTo(0.085f, 0.02f).lineTo(0.07f, 0.035f);
    vase.lineTo(0.058f, 0.05f);
    const float belly[][2] = {{0.09f, 0.1f},   {0.14f, 0.17f}, {0.166f, 0.24f}, {0.172f, 0.3f},
                              {0.162f, 0.37f}, {0.13f, 0.44f}, {0.092f, 0.49f}, {0.07f, 0.53f},
                              {0.066f, 0.56f}, {0.08f, 0.6f}};
    for (const auto& point : belly) {
        vase.lineTo(point[0], point[1]).smoothLast();
    }
    vase.lineTo(0.098f, 0.618f).lineTo(0.094f, 0.625f).lineTo(0.082f, 0.62f);
    vase.lineTo(0.06f, 0.56f).smoothLast().lineTo(0.0f, 0.54f);
    Mesh turned;
    LatheOptions lathing;
    lathing.segments = 64;
    lathe(turned, vase, lathing);
    node.meshFor(m.vaseGlaze)
        .append(turned, glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, kVasePlinth, 0.0f)));
    scene.addNode(std::move(node));
}

} // namespace docent::tools
