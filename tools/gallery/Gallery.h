#pragma once
// The demo museum's architecture and hang: rooms (floor, walls with their openings, mouldings,
// ceiling), benches, framed paintings and sculptures, assembled into a Scene. Today it builds
// one picture gallery and the vestibule behind its door; more rooms are more RoomSpecs.
//
// Conventions: metres, +Y up, the gallery's floor at y = 0 and its centre at the origin.
// Every artwork is one node named "artwork.<id>" whose mesh holds all its parts (frame and
// canvas, or plinth and sculpture), so a ray pick on any part returns the artwork's node.
// Paintings have their local origin at the canvas centre with +Z out of the wall.

#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "GalleryMaterials.h"
#include "Scene.h"

namespace docent::tools {

// A doorway in one of a room's walls. Walls are numbered counter-clockwise seen from above,
// starting with the wall at +Z: 0 = +Z (south), 1 = +X (east), 2 = -Z (north), 3 = -X (west).
struct Doorway {
    int wall = 3;
    float center = 0.0f; // m along the wall from its start corner
    float width = 1.8f;  // m
    float height = 3.2f; // m
    float reveal = 0.0f; // m of wall thickness shown inside the opening (0: the other room's)
};

struct RoomSpec {
    std::string prefix;  // prepended to the node names ("" for the main gallery)
    glm::vec2 min{0.0f}; // floor corners in x, z
    glm::vec2 max{0.0f};
    float height = 5.0f;   // m, floor to ceiling
    bool laylight = false; // a glazed ceiling light in the middle
    std::vector<Doorway> doorways;
};

// Adds the room's shell as nodes <prefix>floor, walls, mouldings, ceiling, laylight, doorway.
void addRoom(Scene& scene, const GalleryMaterials& materials, const RoomSpec& room);

// Builds the whole demo scene, textures included (generated on all hardware threads; the
// result does not depend on how many there are).
void buildGallery(Scene& scene);

} // namespace docent::tools
