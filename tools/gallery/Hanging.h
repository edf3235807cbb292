#pragma once
// Framed paintings hung on a room's walls: the frame moulding, the canvas with its generated
// image, and the brass rods that hang it from the picture rail.
//
// Every painting is one node named "artwork.<id>" whose mesh holds its frame and canvas, so a
// ray pick on any part returns the artwork. Its local origin is the canvas centre, +Z comes
// out of the wall toward the visitor and +X runs to the visitor's right.

#include <string>

#include <glm/glm.hpp>

#include "Architecture.h"
#include "GalleryMaterials.h"
#include "Scene.h"
#include "engine/Image.h"

namespace docent::tools {

enum class FrameStyle {
    Carved,   // a deep gilt moulding with beads and egg-and-dart
    Cassetta, // a flat gilt frame between two raised edges
    Ebony,    // a black stepped moulding with a thin gilt slip at the sight edge
};

struct Hanging {
    std::string id;
    int wall = kNorthWall;
    float at = 0.0f;           // world x (south and north walls) or z (east and west walls)
    float centerHeight = 1.9f; // m above the floor
    glm::vec2 size{1.0f};      // visible canvas (sight size), m
    FrameStyle frame = FrameStyle::Carved;
    engine::Image (*painter)(int width, int height) = nullptr;
};

// Adds node artwork.<id> for `hanging` in `room` (its texture is painted later, by
// Scene::generateTextures) and appends its hanging rods to `rods`.
void addPainting(Scene& scene, const GalleryMaterials& materials, const RoomSpec& room,
                 const Hanging& hanging, Node& rods);

} // namespace docent::tools
