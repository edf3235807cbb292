#pragma once
// The museum's architecture: rooms (floor, walls with their doorways, mouldings, ceiling and
// its daylight), the entrance hall's colonnade and doors, and the benches.
//
// Conventions: metres, +Y up, every floor at y = 0. Neighbouring rooms are separate boxes
// with a wall's thickness between them; a doorway's reveal (its sides, soffit and marble
// threshold) is built by one of the two rooms and bridges the gap, flush with both floors.

#include <span>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "GalleryMaterials.h"
#include "Scene.h"

namespace docent::tools {

// Walls are numbered counter-clockwise seen from above, starting with the wall at +Z:
// 0 = +Z (south), 1 = +X (east), 2 = -Z (north), 3 = -X (west). Positions along a wall are
// measured from its start corner: wall 0 runs toward +X, 1 toward -Z, 2 toward -X, 3 toward +Z.
enum WallSide { kSouthWall = 0, kEastWall = 1, kNorthWall = 2, kWestWall = 3 };

// A doorway in one of a room's walls.
struct Doorway {
    int wall = kWestWall;
    float center = 0.0f; // m along the wall from its start corner
    float width = 1.8f;  // m
    float height = 3.2f; // m
    float reveal = 0.0f; // m of wall thickness shown inside the opening (0: the other room's)
};

constexpr float kPictureRailDrop = 0.72f; // m from the ceiling down to the picture rail

// What lights a room from above.
enum class Rooflight {
    None,
    Laylight,  // a flat frosted ceiling light in a recessed well (the galleries)
    GlassRoof, // a pitched glass roof with glazing bars over a well, ridge along z (the hall)
};

struct RoomSpec {
    std::string prefix;  // prepended to the node names: "hall." gives "hall.floor"
    glm::vec2 min{0.0f}; // floor corners in x, z
    glm::vec2 max{0.0f};
    float height = 5.0f; // m, floor to ceiling
    int floorMaterial = -1;
    float floorTileMetres = 1.0f; // m of floor per texture repeat
    int wallMaterial = -1;        // the upper walls (all of them without a dado)
    float wallTileMetres = 2.0f;  // m of wall per texture repeat
    bool dado = true;             // a painted dado with panels below a rail
    bool pictureRail = true;      // a gilt rail below the cornice for the hanging rods
    Rooflight rooflight = Rooflight::None;
    glm::vec2 lightMin{0.0f}; // the ceiling's opening for the rooflight, x and z
    glm::vec2 lightMax{0.0f};
    std::vector<Doorway> doorways;
};

// One wall of a room: where it starts, which way it runs and which way the room lies.
struct Wall {
    glm::vec3 start{0.0f}; // the start corner, at floor level
    glm::vec3 direction{0.0f};
    glm::vec3 inward{0.0f}; // into the room
    float length = 0.0f;

    glm::vec3 at(float along, float y) const;
};

Wall wallOf(const RoomSpec& room, int wall);
// The distance along `wall` of the point whose x (walls 0 and 2) or z (walls 1 and 3) is
// `coordinate`: lets layouts name places on walls by their world coordinates.
float alongWall(const RoomSpec& room, int wall, float coordinate);

// Adds the room's shell as nodes <prefix>floor, walls, mouldings, ceiling, doorway and
// laylight or skylight (those without triangles are left out).
void addRoom(Scene& scene, const GalleryMaterials& materials, const RoomSpec& room);

// Fluted columns with bases and capitals at x = `x` and each of `zs`, carrying an entablature
// along z from zFrom to zTo whose top is at `top`; all into `node`.
void addColonnade(Node& node, const GalleryMaterials& materials, float x, std::span<const float> zs,
                  float zFrom, float zTo, float top);

// Flat pilasters answering the columns on wall `wall` of `room`, at the world coordinates
// `at` along it, their capitals level with the columns' of a colonnade whose entablature
// top is `top`; all into `node`.
void addPilasters(Node& node, const GalleryMaterials& materials, const RoomSpec& room, int wall,
                  std::span<const float> at, float top);

// A pair of closed panelled doors with a pedimented stone surround, centred `along` the wall
// `wall` of `room`: the street entrance the visitors came in by. Adds node <name>.
void addEntranceDoors(Scene& scene, const GalleryMaterials& materials, const RoomSpec& room,
                      int wall, float along, const std::string& name);

// An upholstered gallery bench on turned legs, its long side along x (or along z).
void addBench(Scene& scene, const GalleryMaterials& materials, const std::string& name,
              glm::vec3 position, bool alongZ = false);

} // namespace docent::tools
