#include <algorithm>
#include <array>
#include <cmath>
#include <thread>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>

#include "Gallery.h"
#include "Paintings.h"
#include "Surfaces.h"

namespace docent::tools {

namespace {

constexpr float kPi = 3.14159265f;
const glm::vec3 kUp(0.0f, 1.0f, 0.0f);

// Architecture, in metres.
constexpr float kDadoRailTop = 0.95f;       // top of the dado rail above the floor
constexpr float kCorniceDepth = 0.6f;       // from the ceiling down to the cornice's foot
constexpr float kArchitraveWidth = 0.2f;    // door surround, across
constexpr float kPictureRailDrop = 0.72f;   // from the ceiling down to the picture rail
constexpr float kLaylightMargin = 3.0f;     // from the long walls' ends to the laylight
constexpr float kLaylightSideMargin = 2.5f; // from the long walls to the laylight
constexpr float kLaylightRecess = 0.6f;     // the glass above the ceiling plane
constexpr float kLaylightBarPitch = 0.8f;   // spacing of the glazing bars
constexpr float kLaylightBarWidth = 0.05f;

// Hanging, in metres.
constexpr float kFrameStandoff = 0.006f; // between the wall and a frame's back
constexpr float kCanvasDepth = 0.014f;   // canvas surface in front of the frame's back
constexpr float kCanvasTuck = 0.01f;     // canvas hidden under the frame's sight edge
constexpr float kRodWidth = 0.005f;      // picture-hanging rods, square section

// Texture sizes, in pixels on a painting's long side.
constexpr int kLargeCanvasPixels = 1024; // works 1.8 m and wider
constexpr int kMediumCanvasPixels = 768; // works from 1.2 m
constexpr int kSmallCanvasPixels = 640;

struct Wall {
    glm::vec3 start{0.0f}; // corner where the wall begins, at floor level
    glm::vec3 direction{0.0f};
    glm::vec3 inward{0.0f}; // into the room
    float length = 0.0f;

    glm::vec3 at(float s, float y) const { return start + direction * s + kUp * y; }
};

// The four walls counter-clockwise seen from above, so that each wall's inward normal is
// cross(up, direction): the left of the path, which is also where sweeps put their profile.
std::array<Wall, 4> wallsOf(const RoomSpec& room) {
    const glm::vec3 corners[] = {{room.min.x, 0.0f, room.max.y},
                                 {room.max.x, 0.0f, room.max.y},
                                 {room.max.x, 0.0f, room.min.y},
                                 {room.min.x, 0.0f, room.min.y}};
    std::array<Wall, 4> walls;
    for (std::size_t i = 0; i < 4; ++i) {
        Wall& wall = walls[i];
        wall.start = corners[i];
        const glm::vec3 edge = corners[(i + 1) % 4] - corners[i];
        wall.length = glm::length(edge);
        wall.direction = edge / wall.length;
        wall.inward = glm::cross(kUp, wall.direction);
    }
    return walls;
}

struct Span {
    float s0, s1, y0, y1;
};

// The rectangles of wall between y0 and y1 that remain after cutting out `holes`: the wall is
// split into columns at the holes' edges, and each column into the heights the holes leave.
std::vector<Span> wallPieces(float length, float y0, float y1, const std::vector<Span>& holes) {
    std::vector<float> cuts = {0.0f, length};
    for (const Span& hole : holes) {
        cuts.push_back(std::clamp(hole.s0, 0.0f, length));
        cuts.push_back(std::clamp(hole.s1, 0.0f, length));
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<Span> pieces;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        const float a = cuts[i];
        const float b = cuts[i + 1];
        const float mid = (a + b) * 0.5f;
        std::vector<std::pair<float, float>> blocked;
        for (const Span& hole : holes) {
            if (mid > hole.s0 && mid < hole.s1) {
                blocked.emplace_back(std::max(hole.y0, y0), std::min(hole.y1, y1));
            }
        }
        std::sort(blocked.begin(), blocked.end());
        float y = y0;
        for (const auto& [low, high] : blocked) {
            if (low > y) {
                pieces.push_back({a, b, y, low});
            }
            y = std::max(y, high);
        }
        if (y < y1) {
            pieces.push_back({a, b, y, y1});
        }
    }
    return pieces;
}

void addWallRect(Mesh& mesh, const Wall& wall, const Span& piece, float tile) {
    addRect(mesh, wall.at(piece.s0, piece.y0), wall.direction * (piece.s1 - piece.s0),
            kUp * (piece.y1 - piece.y0), wall.inward, {piece.s0 / tile, -piece.y0 / tile},
            {piece.s1 / tile, -piece.y1 / tile});
}

// The runs of floor-level moulding around the room: one closed loop without doorways, else
// open runs from one doorway's surround to the next. Each run is a path at y = 0.
struct Run {
    std::vector<glm::vec3> points;
    bool closed = false;
};

std::vector<Run> perimeterRuns(const RoomSpec& room, const std::array<Wall, 4>& walls) {
    float startOf[5] = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    for (std::size_t i = 0; i < 4; ++i) {
        startOf[i + 1] = startOf[i] + walls[i].length;
    }
    const float total = startOf[4];
    if (room.doorways.empty()) {
        Run loop;
        for (const Wall& wall : walls) {
            loop.points.push_back(wall.start);
        }
        loop.closed = true;
        return {loop};
    }
    auto pointAt = [&](float position) {
        position = std::fmod(position, total);
        std::size_t i = 0;
        while (i < 3 && position >= startOf[i + 1]) {
            ++i;
        }
        return walls[i].at(position - startOf[i], 0.0f);
    };
    std::vector<std::pair<float, float>> gaps;
    for (const Doorway& door : room.doorways) {
        const float center = startOf[door.wall] + door.center;
        const float half = door.width * 0.5f + kArchitraveWidth;
        gaps.emplace_back(center - half, center + half);
    }
    std::sort(gaps.begin(), gaps.end());
    std::vector<Run> runs;
    for (std::size_t k = 0; k < gaps.size(); ++k) {
        const float from = gaps[k].second;
        const float to = k + 1 < gaps.size() ? gaps[k + 1].first : gaps[0].first + total;
        Run run;
        run.points.push_back(pointAt(from));
        for (int corner = 0; corner < 8; ++corner) {
            const float at = startOf[corner % 4] + static_cast<float>(corner / 4) * total;
            if (at > from + 1e-4f && at < to - 1e-4f) {
                run.points.push_back(walls[static_cast<std::size_t>(corner % 4)].start);
            }
        }
        run.points.push_back(pointAt(to));
        runs.push_back(std::move(run));
    }
    return runs;
}

void sweepRuns(Mesh& mesh, const Profile& profile, const std::vector<Run>& runs,
               SweepOptions options) {
    for (const Run& run : runs) {
        options.closedPath = run.closed;
        options.capStart = !run.closed;
        options.capEnd = !run.closed;
        sweepProfile(mesh, profile, run.points, options);
    }
}

// Moulding profiles: x into the room from the wall, y the height above the floor. Each is
// drawn with the wall on its right-hand side, so its normals face the room.
Profile skirtingProfile() {
    Profile p;
    p.lineTo(0.025f, 0.0f).lineTo(0.025f, 0.17f).lineTo(0.018f, 0.19f);
    p.arc({0.008f, 0.2f}, 0.01f, -0.4f, kPi * 0.5f, 5);
    p.lineTo(0.0f, 0.215f);
    return p;
}

Profile dadoRailProfile() {
    Profile p;
    p.lineTo(0.0f, kDadoRailTop - 0.07f).lineTo(0.012f, kDadoRailTop - 0.07f);
    p.arc({0.012f, kDadoRailTop - 0.045f}, 0.02f, -kPi * 0.5f, kPi * 0.5f, 10);
    p.lineTo(0.018f, kDadoRailTop - 0.012f).lineTo(0.018f, kDadoRailTop).lineTo(0.0f, kDadoRailTop);
    return p;
}

Profile corniceProfile(float ceiling) {
    const float foot = ceiling - kCorniceDepth;
    Profile p;
    p.lineTo(0.0f, foot).lineTo(0.03f, foot).lineTo(0.03f, foot + 0.05f);
    p.lineTo(0.06f, foot + 0.09f).lineTo(0.06f, foot + 0.12f);
    // The cove: a concave quarter circle carrying the wall into the ceiling.
    p.arc({0.40f, foot + 0.12f}, 0.34f, kPi, kPi * 0.5f, 14);
    p.lineTo(0.44f, foot + 0.47f).lineTo(0.44f, foot + 0.52f);
    p.lineTo(0.50f, foot + 0.54f).lineTo(0.50f, ceiling - 0.02f).lineTo(0.56f, ceiling - 0.02f);
    p.lineTo(0.56f, ceiling);
    return p;
}

// A small half-round bead, `radius` proud of the wall at height y.
Profile beadProfile(float y, float radius) {
    Profile p;
    p.arc({0.0f, y}, radius, -kPi * 0.5f, kPi * 0.5f, 8);
    return p;
}

// Door surround: x outward from the opening's edge, y out of the wall.
Profile architraveProfile() {
    Profile p;
    p.lineTo(kArchitraveWidth, 0.0f).lineTo(kArchitraveWidth, 0.05f);
    p.arc({kArchitraveWidth - 0.012f, 0.05f}, 0.012f, 0.0f, kPi * 0.5f, 5);
    p.lineTo(0.13f, 0.06f).lineTo(0.12f, 0.05f).lineTo(0.06f, 0.045f).lineTo(0.05f, 0.035f);
    p.lineTo(0.0f, 0.035f).lineTo(0.0f, 0.0f);
    return p;
}

void addDoorway(Node& doorway, Node& mouldings, const GalleryMaterials& m, const Wall& wall,
                const Doorway& door) {
    const float s0 = door.center - door.width * 0.5f;
    const float s1 = door.center + door.width * 0.5f;
    // The surround runs up one side of the opening, across the top and down the other, with
    // its profile on the side away from the opening.
    const glm::vec3 path[] = {wall.at(s1, 0.0f), wall.at(s1, door.height), wall.at(s0, door.height),
                              wall.at(s0, 0.0f)};
    SweepOptions options;
    options.up = wall.inward;
    options.uvScale = glm::vec2(kMarbleTileMetres);
    sweepProfile(mouldings.meshFor(m.darkMarble), architraveProfile(), path, options);

    if (door.reveal <= 0.0f) {
        return;
    }
    const glm::vec3 out = -wall.inward * door.reveal;
    Mesh& reveal = doorway.meshFor(m.trimPaint);
    addRect(reveal, wall.at(s0, 0.0f), out, kUp * door.height, wall.direction, {0.0f, 0.0f},
            {door.reveal, -door.height});
    addRect(reveal, wall.at(s1, 0.0f), out, kUp * door.height, -wall.direction, {0.0f, 0.0f},
            {door.reveal, -door.height});
    addRect(reveal, wall.at(s0, door.height), out, wall.direction * door.width, -kUp, {0.0f, 0.0f},
            {door.reveal, door.width});
    addRect(doorway.meshFor(m.darkMarble), wall.at(s0, 0.0f), out, wall.direction * door.width, kUp,
            {0.0f, 0.0f}, glm::vec2(door.reveal, door.width) / kMarbleTileMetres);
}

// Raised panel mouldings in the dado, between the skirting and the dado rail, spaced evenly
// along each stretch of wall that no doorway interrupts.
void addDadoPanels(Mesh& mesh, const Wall& wall, const std::vector<Span>& doors) {
    constexpr float kMargin = 0.14f;     // m between panels and from corners and doors
    constexpr float kPanelTarget = 1.3f; // m, preferred panel width
    constexpr float kBottom = 0.32f;     // m above the floor
    constexpr float kTop = kDadoRailTop - 0.16f;
    Profile bead;
    bead.lineTo(0.03f, 0.0f).lineTo(0.026f, 0.008f).lineTo(0.014f, 0.014f).lineTo(0.0f, 0.01f);
    bead.lineTo(0.0f, 0.0f);
    SweepOptions options;
    options.up = wall.inward;
    options.closedPath = true;
    options.uvScale = glm::vec2(kPlasterTileMetres);

    std::vector<std::pair<float, float>> stretches = {{0.0f, wall.length}};
    for (const Span& door : doors) {
        std::vector<std::pair<float, float>> cut;
        for (const auto& [a, b] : stretches) {
            if (door.s1 <= a || door.s0 >= b) {
                cut.emplace_back(a, b);
                continue;
            }
            if (door.s0 > a) {
                cut.emplace_back(a, door.s0);
            }
            if (door.s1 < b) {
                cut.emplace_back(door.s1, b);
            }
        }
        stretches = std::move(cut);
    }
    for (const auto& [a, b] : stretches) {
        const float room = b - a - kMargin;
        if (room < 0.4f + kMargin) {
            continue;
        }
        const int count = std::max(1, static_cast<int>(std::lround(room / kPanelTarget)));
        const float width = room / static_cast<float>(count) - kMargin;
        for (int i = 0; i < count; ++i) {
            const float s0 = a + kMargin + static_cast<float>(i) * (width + kMargin);
            const float s1 = s0 + width;
            // Counter-clockwise as seen from the room, which puts the profile inside the panel.
            const glm::vec3 path[] = {wall.at(s1, kBottom), wall.at(s0, kBottom), wall.at(s0, kTop),
                                      wall.at(s1, kTop)};
            sweepProfile(mesh, bead, path, options);
        }
    }
}

void addCeiling(Node& ceiling, Node& laylight, const GalleryMaterials& m, const RoomSpec& room) {
    const float h = room.height;
    const float tile = kPlasterTileMetres;
    Mesh& plaster = ceiling.meshFor(m.ceilingPaint);
    auto ceilingRect = [&](glm::vec2 a, glm::vec2 b) {
        addRect(plaster, {a.x, h, a.y}, {b.x - a.x, 0.0f, 0.0f}, {0.0f, 0.0f, b.y - a.y}, -kUp,
                a / tile, b / tile);
    };
    if (!room.laylight) {
        ceilingRect(room.min, room.max);
        return;
    }
    const glm::vec2 lo(room.min.x + kLaylightMargin, room.min.y + kLaylightSideMargin);
    const glm::vec2 hi(room.max.x - kLaylightMargin, room.max.y - kLaylightSideMargin);
    ceilingRect(room.min, {room.max.x, lo.y});
    ceilingRect({room.min.x, hi.y}, room.max);
    ceilingRect({room.min.x, lo.y}, {lo.x, hi.y});
    ceilingRect({hi.x, lo.y}, {room.max.x, hi.y});

    // The well up to the glass, its four sides facing the middle.
    const float top = h + kLaylightRecess;
    const glm::vec3 corners[] = {
        {lo.x, h, hi.y}, {hi.x, h, hi.y}, {hi.x, h, lo.y}, {lo.x, h, lo.y}};
    for (std::size_t i = 0; i < 4; ++i) {
        const glm::vec3 a = corners[i];
        const glm::vec3 b = corners[(i + 1) % 4];
        const glm::vec3 along = b - a;
        const glm::vec3 inward = glm::normalize(glm::cross(kUp, along));
        addRect(plaster, a, along, kUp * kLaylightRecess, inward, {0.0f, 0.0f},
                {glm::length(along) / tile, -kLaylightRecess / tile});
    }
    // A moulded frame around the well's mouth, hanging from the ceiling.
    Profile frame;
    frame.lineTo(0.22f, 0.0f).lineTo(0.22f, 0.03f);
    frame.arc({0.17f, 0.03f}, 0.05f, 0.0f, kPi * 0.5f, 6);
    frame.lineTo(0.05f, 0.1f).lineTo(0.0f, 0.12f).lineTo(0.0f, 0.0f);
    SweepOptions options;
    options.up = -kUp;
    options.closedPath = true;
    // Seen from below the corners run the other way round, which keeps the profile's side
    // (the left of the path about `up`) outside the opening.
    const glm::vec3 mouth[] = {corners[0], corners[1], corners[2], corners[3]};
    sweepProfile(ceiling.meshFor(m.trimPaint), frame, mouth, options);

    addRect(laylight.meshFor(m.laylightGlass), {lo.x, top, lo.y}, {hi.x - lo.x, 0.0f, 0.0f},
            {0.0f, 0.0f, hi.y - lo.y}, -kUp, {0.0f, 0.0f}, {1.0f, 1.0f});
    Mesh& bars = laylight.meshFor(m.laylightIron);
    const float barTop = top - 0.002f; // just below the glass, so the two never fight
    for (float x = lo.x + kLaylightBarPitch; x < hi.x - 0.1f; x += kLaylightBarPitch) {
        addBox(bars, {x - kLaylightBarWidth * 0.5f, barTop - 0.08f, lo.y},
               {x + kLaylightBarWidth * 0.5f, barTop, hi.y});
    }
    for (float z = lo.y + kLaylightBarPitch; z < hi.y - 0.1f; z += kLaylightBarPitch) {
        addBox(bars, {lo.x, barTop - 0.05f, z - kLaylightBarWidth * 0.5f},
               {hi.x, barTop, z + kLaylightBarWidth * 0.5f});
    }
}

// ---------------------------------------------------------------------------------------------
// Furniture and artworks.

Profile roundedRectangle(float width, float height, float radius, float y) {
    const float hw = width * 0.5f;
    Profile p;
    p.arc({hw - radius, y + radius}, radius, -kPi * 0.5f, 0.0f, 4);
    p.arc({hw - radius, y + height - radius}, radius, 0.0f, kPi * 0.5f, 4);
    p.arc({-hw + radius, y + height - radius}, radius, kPi * 0.5f, kPi, 4);
    p.arc({-hw + radius, y + radius}, radius, kPi, kPi * 1.5f, 4);
    return p;
}

void addBench(Scene& scene, const GalleryMaterials& m, const std::string& name,
              glm::vec3 position) {
    constexpr float kLength = 1.9f;   // m
    constexpr float kDepth = 0.56f;   // m
    constexpr float kSeatTop = 0.48f; // m
    constexpr float kCushion = 0.11f; // m thick
    constexpr float kApron = 0.07f;   // m
    Node bench;
    bench.name = name;
    bench.translation = position;

    const float cushionBase = kSeatTop - kCushion;
    extrudePolygon(bench.meshFor(m.velvet), roundedRectangle(kDepth, kCushion, 0.035f, cushionBase),
                   {-kLength * 0.5f, 0.0f, 0.0f}, {kLength * 0.5f, 0.0f, 0.0f}, kUp, 0.5f);
    Mesh& wood = bench.meshFor(m.mahogany);
    addBox(wood, {-kLength * 0.5f + 0.02f, cushionBase - kApron, -kDepth * 0.5f + 0.02f},
           {kLength * 0.5f - 0.02f, cushionBase, kDepth * 0.5f - 0.02f});
    Profile leg;
    leg.lineTo(0.0f, 0.0f).lineTo(0.022f, 0.0f).lineTo(0.026f, 0.02f);
    leg.arc({0.0f, 0.05f}, 0.034f, -0.9f, 0.9f, 6);
    leg.lineTo(0.02f, 0.1f).lineTo(0.017f, 0.2f).lineTo(0.026f, 0.22f).lineTo(0.028f, 0.24f);
    leg.lineTo(0.02f, 0.25f).lineTo(0.036f, 0.26f).lineTo(0.036f, cushionBase - kApron);
    leg.lineTo(0.0f, cushionBase - kApron);
    Mesh turned;
    LatheOptions lathing;
    lathing.segments = 20;
    lathe(turned, leg, lathing);
    for (const float x : {-1.0f, 1.0f}) {
        for (const float z : {-1.0f, 1.0f}) {
            const glm::vec3 foot(x * (kLength * 0.5f - 0.08f), 0.0f, z * (kDepth * 0.5f - 0.07f));
            wood.append(turned, glm::translate(glm::mat4(1.0f), foot));
        }
    }
    scene.addNode(std::move(bench));
}

struct Hanging {
    std::string id;
    int wall = 0;
    float along = 0.0f;        // m from the wall's start corner to the canvas centre
    float centerHeight = 1.9f; // m above the floor
    glm::vec2 size{1.0f};      // visible canvas (sight size), m
    engine::Image (*painter)(int width, int height) = nullptr;
};

// The frame moulding: x inward from the outer edge, y out from the wall. Drawn from the sight
// edge outward so its normals face out of the gilt; its ornament lines up with the gilding
// texture's bead and leaf bands.
Profile frameProfile(float frameWidth) {
    const float f = frameWidth;
    Profile p;
    p.lineTo(f, kCanvasDepth - 0.002f).lineTo(f, 0.032f).lineTo(f - 0.012f, 0.04f);
    p.lineTo(0.8f * f, 0.045f);
    p.arc({0.8f * f - 0.012f, 0.045f}, 0.012f, 0.0f, kPi, 8);
    p.lineTo(0.62f * f, 0.048f).lineTo(0.3f * f, 0.078f);
    p.arc({0.2f * f, 0.078f}, 0.1f * f, 0.0f, kPi * 0.5f, 6);
    p.lineTo(0.06f * f, 0.078f + 0.1f * f).lineTo(0.0f, 0.075f).lineTo(0.0f, 0.0f);
    return p;
}

glm::mat4 transformOf(const Node& node) {
    return glm::translate(glm::mat4(1.0f), node.translation) * glm::mat4_cast(node.rotation);
}

void addPainting(Scene& scene, const GalleryMaterials& m, const RoomSpec& room,
                 const Hanging& hanging, Node& rail) {
    const Wall wall = wallsOf(room)[static_cast<std::size_t>(hanging.wall)];
    const glm::vec2 size = hanging.size;
    const float longSide = std::max(size.x, size.y);
    const float frameWidth = std::clamp(0.06f + 0.05f * longSide, 0.09f, 0.17f);

    Node node;
    node.name = "artwork." + hanging.id;
    node.translation = wall.at(hanging.along, hanging.centerHeight) + wall.inward * kFrameStandoff;
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
    sweepProfile(node.meshFor(m.gilding), frameProfile(frameWidth), path, options);

    const int pixelsLong = longSide >= 1.8f   ? kLargeCanvasPixels
                           : longSide >= 1.2f ? kMediumCanvasPixels
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
    Mesh rods;
    for (const float side : {-0.3f, 0.3f}) {
        const float x = side * size.x;
        addBox(rods, {x - kRodWidth * 0.5f, outer.y - 0.02f, -kFrameStandoff + 0.002f},
               {x + kRodWidth * 0.5f, railHeight, -kFrameStandoff + 0.002f + kRodWidth});
        addBox(rods, {x - 0.012f, railHeight - 0.03f, -kFrameStandoff + 0.001f},
               {x + 0.012f, railHeight, 0.018f}); // the hook
    }
    rail.meshFor(m.brass).append(rods, transformOf(node));
    scene.addNode(std::move(node));
}

void addVase(Scene& scene, const GalleryMaterials& m, const std::string& id, glm::vec3 position) {
    Node node;
    node.name = "artwork." + id;
    node.translation = position;

    constexpr float kPlinthTop = 1.02f; // m
    Mesh& stone = node.meshFor(m.whiteMarble);
    addBox(stone, {-0.32f, 0.0f, -0.32f}, {0.32f, 0.12f, 0.32f}, kMarbleTileMetres);
    addBox(stone, {-0.24f, 0.12f, -0.24f}, {0.24f, 0.95f, 0.24f}, kMarbleTileMetres);
    addBox(stone, {-0.3f, 0.95f, -0.3f}, {0.3f, kPlinthTop, 0.3f}, kMarbleTileMetres);
    // Mouldings round the shaft's foot and head. The square runs clockwise seen from above,
    // which puts the profile's side (the left of the path) outside the shaft.
    const glm::vec3 square[] = {
        {-0.24f, 0.0f, -0.24f}, {0.24f, 0.0f, -0.24f}, {0.24f, 0.0f, 0.24f}, {-0.24f, 0.0f, 0.24f}};
    SweepOptions options;
    options.closedPath = true;
    options.uvScale = glm::vec2(kMarbleTileMetres);
    Profile foot;
    foot.lineTo(0.05f, 0.12f).lineTo(0.05f, 0.14f).lineTo(0.03f, 0.15f).lineTo(0.015f, 0.17f);
    foot.lineTo(0.0f, 0.18f);
    sweepProfile(stone, foot, square, options);
    Profile head;
    head.lineTo(0.0f, 0.88f).lineTo(0.015f, 0.9f).lineTo(0.03f, 0.925f).lineTo(0.055f, 0.95f);
    sweepProfile(stone, head, square, options);

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
        .append(turned, glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, kPlinthTop, 0.0f)));
    scene.addNode(std::move(node));
}

} // namespace

void addRoom(Scene& scene, const GalleryMaterials& m, const RoomSpec& room) {
    const std::array<Wall, 4> walls = wallsOf(room);

    Node floor;
    floor.name = room.prefix + "floor";
    const float parquet = kParquetTileMetres;
    addRect(floor.meshFor(m.parquet), {room.min.x, 0.0f, room.min.y},
            {room.max.x - room.min.x, 0.0f, 0.0f}, {0.0f, 0.0f, room.max.y - room.min.y}, kUp,
            room.min / parquet, room.max / parquet);

    Node wallNode;
    wallNode.name = room.prefix + "walls";
    Node mouldings;
    mouldings.name = room.prefix + "mouldings";
    Node doorway;
    doorway.name = room.prefix + "doorway";
    for (std::size_t i = 0; i < 4; ++i) {
        std::vector<Span> holes;
        for (const Doorway& door : room.doorways) {
            if (door.wall == static_cast<int>(i)) {
                holes.push_back({door.center - door.width * 0.5f, door.center + door.width * 0.5f,
                                 0.0f, door.height});
            }
        }
        for (const Span& piece : wallPieces(walls[i].length, 0.0f, kDadoRailTop, holes)) {
            addWallRect(wallNode.meshFor(m.dadoPaint), walls[i], piece, kPlasterTileMetres);
        }
        for (const Span& piece : wallPieces(walls[i].length, kDadoRailTop, room.height, holes)) {
            addWallRect(wallNode.meshFor(m.wallPaint), walls[i], piece, kPlasterTileMetres);
        }
        std::vector<Span> surrounds;
        for (const Doorway& door : room.doorways) {
            if (door.wall == static_cast<int>(i)) {
                addDoorway(doorway, mouldings, m, walls[i], door);
                const float half = door.width * 0.5f + kArchitraveWidth;
                surrounds.push_back({door.center - half, door.center + half, 0.0f, door.height});
            }
        }
        addDadoPanels(mouldings.meshFor(m.trimPaint), walls[i], surrounds);
    }

    const std::vector<Run> runs = perimeterRuns(room, walls);
    SweepOptions options;
    options.uvScale = glm::vec2(kMarbleTileMetres);
    sweepRuns(mouldings.meshFor(m.darkMarble), skirtingProfile(), runs, options);
    options.uvScale = glm::vec2(kPlasterTileMetres);
    sweepRuns(mouldings.meshFor(m.trimPaint), dadoRailProfile(), runs, options);

    std::vector<glm::vec3> loop;
    for (const Wall& wall : walls) {
        loop.push_back(wall.start);
    }
    options.closedPath = true;
    sweepProfile(mouldings.meshFor(m.trimPaint), corniceProfile(room.height), loop, options);
    options.uvScale = glm::vec2(kGildingRepeatMetres, 1.0f);
    options.normalizeV = true;
    // A gilt bead along the cornice's foot, and the gilt picture rail below it.
    sweepProfile(mouldings.meshFor(m.gilding),
                 beadProfile(room.height - kCorniceDepth + 0.02f, 0.016f), loop, options);
    sweepProfile(mouldings.meshFor(m.gilding), beadProfile(room.height - kPictureRailDrop, 0.014f),
                 loop, options);

    Node ceiling;
    ceiling.name = room.prefix + "ceiling";
    Node laylight;
    laylight.name = room.prefix + "laylight";
    addCeiling(ceiling, laylight, m, room);

    for (Node* node : {&floor, &wallNode, &mouldings, &ceiling, &laylight, &doorway}) {
        const bool hasTriangles = std::any_of(node->primitives.begin(), node->primitives.end(),
                                              [](const Primitive& p) { return !p.mesh.empty(); });
        if (hasTriangles) {
            scene.addNode(std::move(*node));
        }
    }
}

void buildGallery(Scene& scene) {
    const GalleryMaterials materials = makeGalleryMaterials(scene);

    RoomSpec gallery;
    gallery.min = {-7.0f, -4.5f};
    gallery.max = {7.0f, 4.5f};
    gallery.height = 5.0f;
    gallery.laylight = true;
    // The west wall runs from z = -4.5 to +4.5: its door is in the middle, in a 0.5 m wall.
    gallery.doorways.push_back({3, 4.5f, 1.8f, 3.2f, 0.5f});
    addRoom(scene, materials, gallery);

    RoomSpec vestibule;
    vestibule.prefix = "vestibule.";
    vestibule.min = {-10.0f, -1.6f};
    vestibule.max = {-7.5f, 1.6f};
    vestibule.height = 4.2f;
    vestibule.doorways.push_back({1, 1.6f, 1.8f, 3.2f, 0.0f});
    addRoom(scene, materials, vestibule);

    addBench(scene, materials, "bench.west", {-3.3f, 0.0f, 0.0f});
    addBench(scene, materials, "bench.east", {3.3f, 0.0f, 0.0f});

    // Walls: 0 south (+Z, along = x + 7), 1 east (+X, along = 4.5 - z), 2 north (-Z,
    // along = 7 - x). The moon harbour faces the door, at the end of the room's axis.
    const Hanging hang[] = {
        {"moon-harbour", 1, 4.5f, 2.45f, {2.6f, 1.7f}, paintMoonHarbour},
        {"stormy-coast", 2, 10.7f, 2.2f, {2.0f, 1.25f}, paintStormyCoast},
        {"lady-in-blue", 2, 7.0f, 2.1f, {0.95f, 1.2f}, paintLadyInBlue},
        {"winter-moon", 2, 3.3f, 2.2f, {1.5f, 1.1f}, paintWinterMoon},
        {"river-poplars", 0, 3.7f, 2.25f, {2.1f, 1.35f}, paintRiverPoplars},
        {"still-life", 0, 10.3f, 2.0f, {1.1f, 0.86f}, paintStillLife},
    };
    Node rail;
    rail.name = "picture-rods";
    for (const Hanging& hanging : hang) {
        addPainting(scene, materials, gallery, hanging, rail);
    }
    addVase(scene, materials, "celestial-vase", {0.0f, 0.0f, 0.0f});
    scene.addNode(std::move(rail));

    scene.generateTextures(std::max(1u, std::thread::hardware_concurrency()));
}

} // namespace docent::tools
