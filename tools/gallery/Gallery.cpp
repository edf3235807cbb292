#include <algorithm>
#include <array>
#include <thread>

#include "Architecture.h"
#include "Gallery.h"
#include "GalleryMaterials.h"
#include "Hanging.h"
#include "Paintings.h"
#include "Sculptures.h"
#include "Surfaces.h"

namespace docent::tools {

namespace {

// The plan, in metres (x east, z south). Rooms are separated by walls kWall thick; the hall
// is taller than the galleries, and all doorways are lower than every ceiling.
constexpr float kWall = 0.5f;
constexpr float kHallHeight = 7.2f;
constexpr float kGalleryHeight = 5.6f;
constexpr float kDoorWidth = 2.0f;
constexpr float kDoorHeight = 3.6f;
constexpr float kGrandDoorWidth = 2.3f; // the hall's door to A, its surround clear of the pilasters
constexpr float kGrandDoorHeight = 4.2f;
constexpr float kLaylightInset = 2.6f; // from the galleries' walls to their laylights

// The hall's nave: a colonnade on each side at kColumnX, its glass roof over the middle.
constexpr float kColumnX = 4.0f;
constexpr float kEntablatureTop = 6.1f;
constexpr std::array<float, 4> kColumnZ = {0.8f, 4.3f, 7.8f, 11.3f};
constexpr float kSkylightHalfWidth = 3.0f;

// The middle of the hall's north wall (x -1.6..1.6, 1.2..3.0 m up) stays bare: the app shows
// the guide's video panel there, facing the entrance. Nothing may be hung or built in it.

RoomSpec galleryRoom(const std::string& prefix, glm::vec2 min, glm::vec2 max, int wallMaterial,
                     const GalleryMaterials& m) {
    RoomSpec room;
    room.prefix = prefix;
    room.min = min;
    room.max = max;
    room.height = kGalleryHeight;
    room.floorMaterial = m.parquet;
    room.floorTileMetres = kParquetTileMetres;
    room.wallMaterial = wallMaterial;
    room.wallTileMetres = kPlasterTileMetres;
    room.rooflight = Rooflight::Laylight;
    room.lightMin = min + kLaylightInset;
    room.lightMax = max - kLaylightInset;
    return room;
}

// A doorway centred at world coordinate `at` (x or z, whichever runs along the wall).
Doorway doorAt(const RoomSpec& room, int wall, float at, float width, float height, float reveal) {
    return {wall, alongWall(room, wall, at), width, height, reveal};
}

void hang(Scene& scene, const GalleryMaterials& m, const RoomSpec& room,
          std::initializer_list<Hanging> hangings) {
    Node rods;
    rods.name = room.prefix + "picture-rods";
    for (const Hanging& hanging : hangings) {
        addPainting(scene, m, room, hanging, rods);
    }
    scene.addNode(std::move(rods));
}

} // namespace

void buildGallery(Scene& scene) {
    const GalleryMaterials m = makeGalleryMaterials(scene);

    // ---- The entrance hall: x -7..7, z -2..14. -------------------------------------------
    RoomSpec hall;
    hall.prefix = "hall.";
    hall.min = {-7.0f, -2.0f};
    hall.max = {7.0f, 14.0f};
    hall.height = kHallHeight;
    hall.floorMaterial = m.stoneFloor;
    hall.floorTileMetres = kStoneFloorTileMetres;
    hall.wallMaterial = m.ashlar;
    hall.wallTileMetres = kAshlarTileMetres;
    hall.dado = false;
    hall.pictureRail = false;
    hall.rooflight = Rooflight::GlassRoof;
    hall.lightMin = {-kSkylightHalfWidth, kColumnZ.front() - 0.3f};
    hall.lightMax = {kSkylightHalfWidth, kColumnZ.back() + 0.3f};

    // ---- Gallery A, Sea and Sky: west of the hall. ---------------------------------------
    const RoomSpec a0 =
        galleryRoom("gallery-a.", {-19.5f, -2.0f}, {-7.0f - kWall, 14.0f}, m.sageWall, m);
    // ---- Gallery B, Faces: north of A. --------------------------------------------------
    const RoomSpec b0 =
        galleryRoom("gallery-b.", {-19.5f, -16.0f}, {-7.0f - kWall, -2.0f - kWall}, m.redWall, m);
    // ---- Gallery C, Night and Still Life: east of B, north of the hall. ------------------
    const RoomSpec c0 =
        galleryRoom("gallery-c.", {-7.0f, -16.0f}, {7.0f, -2.0f - kWall}, m.blueGreyWall, m);
    RoomSpec a = a0;
    RoomSpec b = b0;
    RoomSpec c = c0;

    // The ring of doorways. Each opening is cut in both walls; one side builds the reveal.
    constexpr float kHallToA = 6.05f; // z: between the second and third columns
    constexpr float kAToB = -13.25f;  // x: the middle of A's north wall
    constexpr float kBToC = -9.25f;   // z: the middle of B's east wall
    constexpr float kCToHall = 5.5f;  // x: the hall's east aisle
    hall.doorways.push_back(
        doorAt(hall, kWestWall, kHallToA, kGrandDoorWidth, kGrandDoorHeight, kWall));
    a.doorways.push_back(doorAt(a0, kEastWall, kHallToA, kGrandDoorWidth, kGrandDoorHeight, 0.0f));
    a.doorways.push_back(doorAt(a0, kNorthWall, kAToB, kDoorWidth, kDoorHeight, kWall));
    b.doorways.push_back(doorAt(b0, kSouthWall, kAToB, kDoorWidth, kDoorHeight, 0.0f));
    b.doorways.push_back(doorAt(b0, kEastWall, kBToC, kDoorWidth, kDoorHeight, kWall));
    c.doorways.push_back(doorAt(c0, kWestWall, kBToC, kDoorWidth, kDoorHeight, 0.0f));
    c.doorways.push_back(doorAt(c0, kSouthWall, kCToHall, kDoorWidth, kDoorHeight, kWall));
    hall.doorways.push_back(doorAt(hall, kNorthWall, kCToHall, kDoorWidth, kDoorHeight, 0.0f));

    for (const RoomSpec* room : {&hall, &a, &b, &c}) {
        addRoom(scene, m, *room);
    }

    Node columns;
    columns.name = "hall.columns";
    for (const float x : {-kColumnX, kColumnX}) {
        addColonnade(columns, m, x, kColumnZ, hall.min.y, hall.max.y, kEntablatureTop);
    }
    scene.addNode(std::move(columns));
    Node pilasters;
    pilasters.name = "hall.pilasters";
    for (const int wall : {kWestWall, kEastWall}) {
        addPilasters(pilasters, m, hall, wall, kColumnZ, kEntablatureTop);
    }
    scene.addNode(std::move(pilasters));
    addEntranceDoors(scene, m, hall, kSouthWall, alongWall(hall, kSouthWall, 0.0f),
                     "hall.entrance");

    // The hall's two sculptures flank the nave, facing the entrance.
    addDancer(scene, m, "bronze-dancer", {-2.1f, 0.0f, 6.0f}, 15.0f);
    addBust(scene, m, "marble-bust", {2.1f, 0.0f, 6.0f}, -15.0f);

    // Gallery A. The moon harbour hangs on the west wall, on the axis of the hall's door.
    hang(scene, m, a,
         {
             {"moon-harbour",
              kWestWall,
              kHallToA,
              2.35f,
              {2.6f, 1.7f},
              FrameStyle::Carved,
              paintMoonHarbour},
             {"river-poplars",
              kWestWall,
              1.0f,
              2.35f,
              {1.2f, 1.9f},
              FrameStyle::Cassetta,
              paintRiverPoplars},
             {"alpine-lake",
              kWestWall,
              11.0f,
              2.2f,
              {1.8f, 1.25f},
              FrameStyle::Cassetta,
              paintAlpineLake},
             {"stormy-coast",
              kSouthWall,
              -13.25f,
              2.3f,
              {2.4f, 1.5f},
              FrameStyle::Carved,
              paintStormyCoast},
             {"sunset-regatta",
              kNorthWall,
              -10.0f,
              2.15f,
              {1.9f, 1.2f},
              FrameStyle::Carved,
              paintSunsetRegatta},
             {"orchard-in-bloom",
              kNorthWall,
              -16.5f,
              2.15f,
              {1.6f, 1.25f},
              FrameStyle::Cassetta,
              paintOrchardInBloom},
         });
    addBench(scene, m, "gallery-a.bench-1", {-14.6f, 0.0f, 3.2f}, true);
    addBench(scene, m, "gallery-a.bench-2", {-14.6f, 0.0f, 8.6f}, true);

    // Gallery B. The lady in blue faces the door from A.
    hang(scene, m, b,
         {
             {"lady-in-blue",
              kNorthWall,
              kAToB,
              2.2f,
              {1.15f, 1.5f},
              FrameStyle::Carved,
              paintLadyInBlue},
             {"letter-by-moonlight",
              kEastWall,
              -13.3f,
              2.2f,
              {1.2f, 1.5f},
              FrameStyle::Ebony,
              paintLetterByMoonlight},
             {"old-fisherman",
              kNorthWall,
              -17.0f,
              2.1f,
              {0.95f, 1.2f},
              FrameStyle::Ebony,
              paintOldFisherman},
             {"young-cellist",
              kNorthWall,
              -9.5f,
              2.15f,
              {1.05f, 1.35f},
              FrameStyle::Cassetta,
              paintYoungCellist},
             {"market-morning",
              kWestWall,
              kBToC,
              2.2f,
              {2.8f, 1.35f},
              FrameStyle::Carved,
              paintMarketMorning},
         });
    addBench(scene, m, "gallery-b.bench-1", {-13.25f, 0.0f, -9.25f}, true);

    // Gallery C. The winter moon faces the door from B; the vase stands off that axis, on the
    // way to the hall.
    hang(scene, m, c,
         {
             {"winter-moon",
              kEastWall,
              kBToC,
              2.2f,
              {2.0f, 1.4f},
              FrameStyle::Carved,
              paintWinterMoon},
             {"still-life-lemons",
              kSouthWall,
              -3.2f,
              1.9f,
              {0.8f, 0.63f},
              FrameStyle::Ebony,
              paintStillLifeLemons},
             {"peonies", kNorthWall, 3.4f, 2.1f, {1.0f, 1.25f}, FrameStyle::Cassetta, paintPeonies},
             {"copper-pots",
              kNorthWall,
              -2.6f,
              2.1f,
              {2.3f, 1.2f},
              FrameStyle::Carved,
              paintCopperPots},
         });
    addVase(scene, m, "celestial-vase", {-1.2f, 0.0f, -6.4f}, -90.0f);
    addBench(scene, m, "gallery-c.bench-1", {2.6f, 0.0f, -9.25f}, true);

    scene.generateTextures(std::max(1u, std::thread::hardware_concurrency()));
}

} // namespace docent::tools
