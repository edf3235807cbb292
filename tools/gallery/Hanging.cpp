#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>

#include "Hanging.h"
#include "Surfaces.h"

namespace docent::tools {

namespace {

constexpr float kPi = 3.14159265f;
const glm::vec3 kUp(0.0f, 1.0f, 0.0f);

// Hanging, in metres.
constexpr float kFrameStandoff = 0.006f; // between the wall and a frame's back
constexpr float kCanvasDepth = 0.014f;   // canvas surface in front of the frame's back
constexpr float kCanvasTuck = 0.01f;     // canvas hidden under the frame's sight edge
constexpr float kRodWidth = 0.005f;      // picture-hanging rods, square section
constexpr float kSlipWidth = 0.018f;     // the gilt slip inside an ebony frame

// Texture sizes, in pixels on a painting's long side. A texel of 3-4 mm is finer than the
// brushwork painted into it, and keeps fifteen canvases within the file's budget.
constexpr int kLargeCanvasPixels = 768;  // works 2.5 m and wider
constexpr int kMediumCanvasPixels = 640; // works from 1.8 m
constexpr int kSmallCanvasPixels = 512;

// Frame mouldings: x inward from the outer edge, y out from the wall. Each is drawn from the
// sight edge outward so that its normals face out of the frame.

// The carved frame's ornament lines up with the gilding texture's bead and leaf bands.
Profile carvedProfile(float f) {
    Profile p;
    p.lineTo(f, kCanvasDepth - 0.002f).lineTo(f, 0.032f).lineTo(f - 0.012f, 0.04f);
    p.lineTo(0.8f * f, 0.045f);
    p.arc({0.8f * f - 0.012f, 0.045f}, 0.012f, 0.0f, kPi, 8);
    p.lineTo(0.62f * f, 0.048f).lineTo(0.3f * f, 0.078f);
    p.arc({0.2f * f, 0.078f}, 0.1f * f, 0.0f, kPi * 0.5f, 6);
    p.lineTo(0.06f * f, 0.078f + 0.1f * f).lineTo(0.0f, 0.075f).lineTo(0.0f, 0.0f);
    return p;
}

Profile cassettaProfile(float f) {
    Profile p;
    p.lineTo(f, kCanvasDepth - 0.002f).lineTo(f, 0.03f);
    p.arc({f - 0.008f, 0.034f}, 0.008f, -0.5f, kPi * 0.5f, 4); // the sight edge's bead
    p.lineTo(f - 0.022f, 0.03f).lineTo(0.035f, 0.03f);         // the flat
    p.lineTo(0.03f, 0.036f);
    p.arc({0.018f, 0.042f}, 0.012f, 0.0f, kPi * 0.5f, 4); // the outer rim's round
    p.lineTo(0.0f, 0.05f).lineTo(0.0f, 0.0f);
    return p;
}

Profile slipProfile(float f) {
    Profile p;
    p.lineTo(f, kCanvasDepth - 0.002f).lineTo(f, 0.024f).lineTo(f - kSlipWidth, 0.03f);
    return p;
}

Profile ebonyProfile(float f) {
    const float e = f - kSlipWidth;
    Profile p;
    p.lineTo(e, 0.03f).lineTo(e - 0.012f, 0.052f).lineTo(0.62f * e, 0.058f);
    p.lineTo(0.58f * e, 0.07f).lineTo(0.3f * e, 0.076f);
    p.arc({0.22f * e, 0.07f}, 0.012f, kPi * 0.25f, kPi * 0.75f, 4);
    p.lineTo(0.1f * e, 0.062f).lineTo(0.0f, 0.055f).lineTo(0.0f, 0.0f);
    return p;
}

float frameWidthFor(FrameStyle style, float longSide) {
    switch (style) {
    case FrameStyle::Carved:
        return std::clamp(0.06f + 0.05f * longSide, 0.09f, 0.17f);
    case FrameStyle::Cassetta:
        return std::clamp(0.07f + 0.03f * longSide, 0.09f, 0.13f);
    default:
        return std::clamp(0.06f + 0.03f * longSide, 0.08f, 0.12f);
    }
}

glm::mat4 transformOf(const Node& node) {
    return glm::translate(glm::mat4(1.0f), node.translation) * glm::mat4_cast(node.rotation);
}

} // namespace

void addPainting(Scene& scene, const GalleryMaterials& m, const RoomSpec& room,
                 const Hanging& hanging, Node& rods) {
    const Wall wall = wallOf(room, hanging.wall);
    const glm::vec2 size = hanging.size;
    const float longSide = std::max(size.x, size.y);
    const float frameWidth = frameWidthFor(hanging.frame, longSide);

    Node node;
    node.name = "artwork." + hanging.id;
    node.translation = wall.at(alongWall(room, hanging.wall, hanging.at), hanging.centerHeight) +
                       wall.inward * kFrameStandoff;
    // Local +Z out of the wall, +X to the right of someone facing the picture.
    const glm::vec3 right = glm::cross(kUp, wall.inward);
    node.rotation = glm::quat_cast(glm::mat3(right, kUp, wall.inward));

    const glm::vec2 outer = size * 0.5f + frameWidth;
    const glm::vec3 path[] = {{-outer.x, -outer.y, 0.0f},
                              {outer.x, -outer.y, 0.0f},
                              {outer.x, outer.y, 0.0f},
                              {-outer.x, outer.y, 0.0f}};
    SweepOptions options;
    options.up = glm::vec3(0.0f, 0.0f, 1.0f);
    options.closedPath = true;
    options.uvScale = glm::vec2(kGildingRepeatMetres, 1.0f);
    options.normalizeV = true;
    switch (hanging.frame) {
    case FrameStyle::Carved:
        sweepProfile(node.meshFor(m.gilding), carvedProfile(frameWidth), path, options);
        break;
    case FrameStyle::Cassetta:
        sweepProfile(node.meshFor(m.plainGilt), cassettaProfile(frameWidth), path, options);
        break;
    case FrameStyle::Ebony:
        sweepProfile(node.meshFor(m.plainGilt), slipProfile(frameWidth), path, options);
        sweepProfile(node.meshFor(m.ebony), ebonyProfile(frameWidth), path, options);
        break;
    }

    const int pixelsLong = longSide >= 2.5f   ? kLargeCanvasPixels
                           : longSide >= 1.8f ? kMediumCanvasPixels
                                              : kSmallCanvasPixels;
    const float pixelScale = static_cast<float>(pixelsLong) / longSide;
    const int width = static_cast<int>(std::lround(size.x * pixelScale));
    const int height = static_cast<int>(std::lround(size.y * pixelScale));
    Material canvas;
    canvas.name = "canvas." + hanging.id;
    canvas.baseColorTexture =
        scene.addTexture(hanging.id, Wrap::ClampToEdge, [painter = hanging.painter, width, height] {
            return painter(width, height);
        });
    canvas.roughness = 0.55f; // varnished oil
    const int material = scene.addMaterial(canvas);
    const glm::vec2 half = size * 0.5f + kCanvasTuck;
    addRect(node.meshFor(material), {-half.x, -half.y, kCanvasDepth}, {2.0f * half.x, 0.0f, 0.0f},
            {0.0f, 2.0f * half.y, 0.0f}, {0.0f, 0.0f, 1.0f}, {0.0f, 1.0f}, {1.0f, 0.0f});

    // Two rods from the picture rail to the frame's top, as 19th-century galleries hung.
    const float railHeight = room.height - kPictureRailDrop - hanging.centerHeight;
    Mesh hangers;
    for (const float side : {-0.3f, 0.3f}) {
        const float x = side * size.x;
        addBox(hangers, {x - kRodWidth * 0.5f, outer.y - 0.02f, -kFrameStandoff + 0.002f},
               {x + kRodWidth * 0.5f, railHeight, -kFrameStandoff + 0.002f + kRodWidth});
        addBox(hangers, {x - 0.012f, railHeight - 0.03f, -kFrameStandoff + 0.001f},
               {x + 0.012f, railHeight, 0.018f}); // the hook
    }
    rods.meshFor(m.brass).append(hangers, transformOf(node));
    scene.addNode(std::move(node));
}

} // namespace docent::tools
