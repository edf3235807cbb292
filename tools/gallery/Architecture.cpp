#include <algorithm>
#include <array>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

#include "Architecture.h"
#include "Surfaces.h"

namespace docent::tools {

namespace {

constexpr float kPi = 3.14159265f;
const glm::vec3 kUp(0.0f, 1.0f, 0.0f);

// Architecture, in metres.
constexpr float kDadoRailTop = 0.95f;     // top of the dado rail above the floor
constexpr float kCorniceDepth = 0.6f;     // from the ceiling down to the cornice's foot
constexpr float kArchitraveWidth = 0.2f;  // door surround, across
constexpr float kLaylightRecess = 0.6f;   // the glass above the ceiling plane
constexpr float kLaylightBarPitch = 0.8f; // spacing of the glazing bars
constexpr float kLaylightBarWidth = 0.05f;
constexpr float kRoofWell = 0.7f;       // the glass roof's eaves above the ceiling plane
constexpr float kRoofRise = 1.9f;       // from the eaves up to the ridge
constexpr float kRafterPitch = 0.75f;   // spacing of the glass roof's glazing bars
constexpr float kRafterWidth = 0.045f;  // across a glazing bar
constexpr float kRafterDepth = 0.1f;    // a glazing bar's depth below the glass
constexpr float kTrussPitch = 3.0f;     // spacing of the iron trusses under the glass roof
constexpr float kColumnRadius = 0.3f;   // at the foot of the shaft
constexpr float kColumnTaper = 0.14f;   // share of the radius lost toward the top (entasis)
constexpr int kFlutes = 20;             // round the shaft
constexpr float kFluteDepth = 0.022f;   // m
constexpr float kBaseHeight = 0.36f;    // plinth and base mouldings
constexpr float kCapitalHeight = 0.62f; // necking to abacus top
// The colonnade's entablature, in three fasciae of dressed stone.
constexpr float kArchitrave = 0.36f; // m tall
constexpr float kFrieze = 0.3f;
constexpr float kCornice = 0.14f;
constexpr float kEntablature = kArchitrave + kFrieze + kCornice;
constexpr float kPilasterWidth = 0.6f; // m across the face
constexpr float kPilasterProud = 0.1f; // m out of the wall

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

// A flat frosted glass at the top of the well, on a grid of thin iron bars.
void addLaylight(Node& light, const GalleryMaterials& m, glm::vec2 lo, glm::vec2 hi, float top) {
    addRect(light.meshFor(m.laylightGlass), {lo.x, top, lo.y}, {hi.x - lo.x, 0.0f, 0.0f},
            {0.0f, 0.0f, hi.y - lo.y}, -kUp, {0.0f, 0.0f}, {1.0f, 1.0f});
    Mesh& bars = light.meshFor(m.laylightIron);
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

// A pitched glass roof over the opening lo-hi, eaves at `eaves`, its ridge along z: two
// glazed slopes and two glazed gables, each pane seen from below, with glazing bars, purlins,
// a ridge bar and light iron trusses (arched ribs with a tie) across the span.
void addGlassRoof(Node& light, const GalleryMaterials& m, glm::vec2 lo, glm::vec2 hi, float eaves) {
    const float ridgeX = (lo.x + hi.x) * 0.5f;
    const float ridgeY = eaves + kRoofRise;
    Mesh& glass = light.meshFor(m.skylightGlass);
    const float halfSpan = ridgeX - lo.x;
    for (const float side : {-1.0f, 1.0f}) {
        const float x = ridgeX + side * halfSpan;
        // The pane faces down and toward the middle, into the hall.
        const glm::vec3 normal = glm::normalize(glm::vec3(-side * kRoofRise, -halfSpan, 0.0f));
        addRect(glass, {x, eaves, lo.y}, {0.0f, 0.0f, hi.y - lo.y}, {ridgeX - x, kRoofRise, 0.0f},
                normal, {0.0f, 0.0f}, {1.0f, 1.0f});
    }
    for (const float z : {lo.y, hi.y}) {
        const glm::vec3 normal(0.0f, 0.0f, z == lo.y ? 1.0f : -1.0f);
        const std::uint32_t a = glass.addVertex({{lo.x, eaves, z}, normal, {0.0f, 1.0f}});
        const std::uint32_t b = glass.addVertex({{hi.x, eaves, z}, normal, {1.0f, 1.0f}});
        const std::uint32_t c = glass.addVertex({{ridgeX, ridgeY, z}, normal, {0.5f, 0.0f}});
        glass.addTriangle(a, b, c);
    }

    Mesh& iron = light.meshFor(m.laylightIron);
    const float below = kRafterDepth * 0.5f + 0.004f; // bar centres, just under the glass
    for (const float side : {-1.0f, 1.0f}) {
        const float x = ridgeX + side * halfSpan;
        const glm::vec3 inside = glm::normalize(glm::vec3(-side * kRoofRise, -halfSpan, 0.0f));
        const glm::vec3 offset = inside * below;
        const int rafters = static_cast<int>(std::floor((hi.y - lo.y) / kRafterPitch));
        const float pitch = (hi.y - lo.y) / static_cast<float>(rafters);
        for (int i = 0; i <= rafters; ++i) {
            const float z = lo.y + pitch * static_cast<float>(i);
            addBeam(iron, glm::vec3(x, eaves, z) + offset, glm::vec3(ridgeX, ridgeY, z) + offset,
                    kRafterWidth, kRafterDepth, inside);
        }
        for (const float t : {0.0f, 0.36f, 0.68f}) {
            const glm::vec3 p =
                glm::mix(glm::vec3(x, eaves, 0.0f), glm::vec3(ridgeX, ridgeY, 0.0f), t) + offset;
            addBeam(iron, {p.x, p.y, lo.y}, {p.x, p.y, hi.y}, kRafterWidth * 1.4f,
                    kRafterDepth * 0.8f, inside);
        }
    }
    addBeam(iron, {ridgeX, ridgeY - 0.08f, lo.y}, {ridgeX, ridgeY - 0.08f, hi.y}, 0.12f, 0.14f,
            kUp);
    // Mullions in the gables.
    for (const float z : {lo.y, hi.y}) {
        const float inward = z == lo.y ? below : -below;
        for (float x = lo.x + kRafterPitch; x < hi.x - 0.2f; x += kRafterPitch) {
            const float top = eaves + kRoofRise * (1.0f - std::abs(x - ridgeX) / halfSpan);
            addBeam(iron, {x, eaves, z + inward}, {x, top, z + inward}, kRafterWidth, kRafterDepth,
                    {0.0f, 0.0f, 1.0f});
        }
    }
    // Trusses: a curved rib under each pair of slopes, tied at the eaves, with a few struts.
    constexpr int kRibSegments = 10;
    const int trusses = std::max(1, static_cast<int>(std::lround((hi.y - lo.y) / kTrussPitch)));
    for (int k = 1; k < trusses; ++k) {
        const float z = glm::mix(lo.y, hi.y, static_cast<float>(k) / static_cast<float>(trusses));
        glm::vec3 previous(lo.x, eaves, z);
        for (int i = 1; i <= kRibSegments; ++i) {
            const float t = static_cast<float>(i) / kRibSegments;
            const float x = glm::mix(lo.x, hi.x, t);
            // Flatter than the roof, so that the rib stays under the glass up to the eaves.
            const float arch = std::sin(t * kPi) * kRoofRise * 0.55f;
            const glm::vec3 point(x, eaves + arch, z);
            addBeam(iron, previous, point, 0.06f, 0.12f, {0.0f, 0.0f, 1.0f});
            if (i % 2 == 0 && i < kRibSegments) {
                const float roof = eaves + kRoofRise * (1.0f - std::abs(x - ridgeX) / halfSpan);
                addBeam(iron, point, {x, roof - below, z}, 0.035f, 0.035f, {0.0f, 0.0f, 1.0f});
            }
            previous = point;
        }
        addBeam(iron, {lo.x, eaves - 0.05f, z}, {hi.x, eaves - 0.05f, z}, 0.05f, 0.05f, kUp);
    }
}

void addCeiling(Node& ceiling, Node& light, const GalleryMaterials& m, const RoomSpec& room) {
    const float h = room.height;
    const float tile = kPlasterTileMetres;
    Mesh& plaster = ceiling.meshFor(m.ceilingPaint);
    auto ceilingRect = [&](glm::vec2 a, glm::vec2 b) {
        addRect(plaster, {a.x, h, a.y}, {b.x - a.x, 0.0f, 0.0f}, {0.0f, 0.0f, b.y - a.y}, -kUp,
                a / tile, b / tile);
    };
    if (room.rooflight == Rooflight::None) {
        ceilingRect(room.min, room.max);
        return;
    }
    const glm::vec2 lo = room.lightMin;
    const glm::vec2 hi = room.lightMax;
    ceilingRect(room.min, {room.max.x, lo.y});
    ceilingRect({room.min.x, hi.y}, room.max);
    ceilingRect({room.min.x, lo.y}, {lo.x, hi.y});
    ceilingRect({hi.x, lo.y}, {room.max.x, hi.y});

    // The well up to the glass, its four sides facing the middle.
    const float well = room.rooflight == Rooflight::Laylight ? kLaylightRecess : kRoofWell;
    const glm::vec3 corners[] = {
        {lo.x, h, hi.y}, {hi.x, h, hi.y}, {hi.x, h, lo.y}, {lo.x, h, lo.y}};
    for (std::size_t i = 0; i < 4; ++i) {
        const glm::vec3 a = corners[i];
        const glm::vec3 b = corners[(i + 1) % 4];
        const glm::vec3 along = b - a;
        const glm::vec3 inward = glm::normalize(glm::cross(kUp, along));
        addRect(plaster, a, along, kUp * well, inward, {0.0f, 0.0f},
                {glm::length(along) / tile, -well / tile});
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

    if (room.rooflight == Rooflight::Laylight) {
        addLaylight(light, m, lo, hi, h + well);
    } else {
        addGlassRoof(light, m, lo, hi, h + well);
    }
}

// ---------------------------------------------------------------------------------------------
// The entrance hall's colonnade and doors.

// The column's shaft: fluted, with entasis (a slight swelling taper), as a surface of
// revolution whose radius dips into kFlutes concave flutes separated by narrow fillets.
void addShaft(Mesh& mesh, glm::vec3 foot, float height) {
    constexpr float kFillet = 0.18f; // share of each flute's period left flat
    const auto radiusAt = [](float angle, float t) {
        const float period = 2.0f * kPi / kFlutes;
        const float phase = std::fmod(angle, period) / period; // 0-1 across one flute
        const float inFlute = (phase - kFillet * 0.5f) / (1.0f - kFillet);
        const float base = kColumnRadius * (1.0f - kColumnTaper * std::pow(t, 1.5f));
        if (inFlute <= 0.0f || inFlute >= 1.0f) {
            return base;
        }
        const float x = inFlute * 2.0f - 1.0f;
        return base - kFluteDepth * std::sqrt(1.0f - x * x);
    };
    constexpr int kAround = kFlutes * 6;
    constexpr int kUpward = 4; // the entasis is a gentle curve
    addSurface(
        mesh,
        [&](float u, float v) {
            const float angle = u * 2.0f * kPi;
            const float r = radiusAt(angle, v);
            return foot + glm::vec3(std::sin(angle) * r, v * height, std::cos(angle) * r);
        },
        kAround, kUpward, [&](glm::vec3 p) { return glm::vec3(p.x - foot.x, 0.0f, p.z - foot.z); },
        glm::vec2(2.0f * kPi * kColumnRadius / kMarbleTileMetres, height / kMarbleTileMetres));
}

void addColumn(Node& node, const GalleryMaterials& m, glm::vec3 foot, float capitalTop) {
    const float shaftTop = capitalTop - kCapitalHeight;
    // Every material's mesh exists before references to them are taken: meshFor() may move
    // the others.
    node.meshFor(m.whiteMarble);
    Mesh& shaft = node.meshFor(m.sienaMarble);
    Mesh& white = node.meshFor(m.whiteMarble);
    // Square plinth, then an Attic base: torus, scotia, torus.
    const float plinth = kColumnRadius + 0.13f;
    addBox(white, foot + glm::vec3(-plinth, 0.0f, -plinth), foot + glm::vec3(plinth, 0.16f, plinth),
           kMarbleTileMetres);
    Profile base;
    base.lineTo(0.0f, 0.16f);
    base.arc({kColumnRadius + 0.08f, 0.21f}, 0.05f, -kPi * 0.5f, kPi * 0.5f, 8);
    base.arc({kColumnRadius + 0.03f, 0.3f}, 0.03f, -kPi * 0.5f, kPi * 0.5f, 6);
    base.lineTo(kColumnRadius, 0.34f).lineTo(kColumnRadius, kBaseHeight);
    base.lineTo(0.0f, kBaseHeight);
    LatheOptions lathing;
    lathing.segments = 32;
    lathing.uRepeat = 2.0f;
    Mesh turned;
    lathe(turned, base, lathing);
    white.append(turned, glm::translate(glm::mat4(1.0f), foot));

    addShaft(shaft, foot + glm::vec3(0.0f, kBaseHeight, 0.0f), shaftTop - kBaseHeight);

    // A Doric capital: astragal ring, necking, echinus, then a square abacus.
    const float top = kColumnRadius * (1.0f - kColumnTaper);
    Profile capital;
    capital.lineTo(0.0f, 0.0f);
    capital.arc({top, 0.03f}, 0.03f, -kPi * 0.5f, kPi * 0.5f, 6);
    capital.lineTo(top, 0.2f).lineTo(top + 0.02f, 0.22f);
    for (int i = 1; i <= 6; ++i) {
        const float t = static_cast<float>(i) / 6.0f;
        capital.lineTo(top + 0.02f + 0.14f * std::sin(t * kPi * 0.5f),
                       0.22f + 0.16f * (1.0f - std::cos(t * kPi * 0.5f)) + 0.02f * t);
        capital.smoothLast();
    }
    capital.lineTo(0.0f, 0.4f);
    Mesh head;
    lathe(head, capital, lathing);
    white.append(head, glm::translate(glm::mat4(1.0f), foot + glm::vec3(0.0f, shaftTop, 0.0f)));
    const float abacus = top + 0.2f;
    addBox(white, foot + glm::vec3(-abacus, shaftTop + 0.4f, -abacus),
           foot + glm::vec3(abacus, capitalTop, abacus), kMarbleTileMetres);
}

// The bench cushion's cross-section.
Profile roundedRectangle(float width, float height, float radius, float y) {
    const float hw = width * 0.5f;
    Profile p;
    p.arc({hw - radius, y + radius}, radius, -kPi * 0.5f, 0.0f, 4);
    p.arc({hw - radius, y + height - radius}, radius, 0.0f, kPi * 0.5f, 4);
    p.arc({-hw + radius, y + height - radius}, radius, kPi * 0.5f, kPi, 4);
    p.arc({-hw + radius, y + radius}, radius, kPi, kPi * 1.5f, 4);
    return p;
}

} // namespace

glm::vec3 Wall::at(float along, float y) const {
    return start + direction * along + kUp * y;
}

Wall wallOf(const RoomSpec& room, int wall) {
    return wallsOf(room)[static_cast<std::size_t>(wall & 3)];
}

float alongWall(const RoomSpec& room, int wall, float coordinate) {
    switch (wall) {
    case kSouthWall:
        return coordinate - room.min.x;
    case kEastWall:
        return room.max.y - coordinate;
    case kNorthWall:
        return room.max.x - coordinate;
    default:
        return coordinate - room.min.y;
    }
}

void addRoom(Scene& scene, const GalleryMaterials& m, const RoomSpec& room) {
    const std::array<Wall, 4> walls = wallsOf(room);

    Node floor;
    floor.name = room.prefix + "floor";
    const float floorTile = room.floorTileMetres;
    addRect(floor.meshFor(room.floorMaterial), {room.min.x, 0.0f, room.min.y},
            {room.max.x - room.min.x, 0.0f, 0.0f}, {0.0f, 0.0f, room.max.y - room.min.y}, kUp,
            room.min / floorTile, room.max / floorTile);

    Node wallNode;
    wallNode.name = room.prefix + "walls";
    Node mouldings;
    mouldings.name = room.prefix + "mouldings";
    Node doorway;
    doorway.name = room.prefix + "doorway";
    const float dadoTop = room.dado ? kDadoRailTop : 0.0f;
    for (std::size_t i = 0; i < 4; ++i) {
        std::vector<Span> holes;
        for (const Doorway& door : room.doorways) {
            if (door.wall == static_cast<int>(i)) {
                holes.push_back({door.center - door.width * 0.5f, door.center + door.width * 0.5f,
                                 0.0f, door.height});
            }
        }
        if (room.dado) {
            for (const Span& piece : wallPieces(walls[i].length, 0.0f, dadoTop, holes)) {
                addWallRect(wallNode.meshFor(m.dadoPaint), walls[i], piece, kPlasterTileMetres);
            }
        }
        for (const Span& piece : wallPieces(walls[i].length, dadoTop, room.height, holes)) {
            addWallRect(wallNode.meshFor(room.wallMaterial), walls[i], piece, room.wallTileMetres);
        }
        std::vector<Span> surrounds;
        for (const Doorway& door : room.doorways) {
            if (door.wall == static_cast<int>(i)) {
                addDoorway(doorway, mouldings, m, walls[i], door);
                const float half = door.width * 0.5f + kArchitraveWidth;
                surrounds.push_back({door.center - half, door.center + half, 0.0f, door.height});
            }
        }
        if (room.dado) {
            addDadoPanels(mouldings.meshFor(m.trimPaint), walls[i], surrounds);
        }
    }

    const std::vector<Run> runs = perimeterRuns(room, walls);
    SweepOptions options;
    options.uvScale = glm::vec2(kMarbleTileMetres);
    sweepRuns(mouldings.meshFor(m.darkMarble), skirtingProfile(), runs, options);
    options.uvScale = glm::vec2(kPlasterTileMetres);
    if (room.dado) {
        sweepRuns(mouldings.meshFor(m.trimPaint), dadoRailProfile(), runs, options);
    }

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
    if (room.pictureRail) {
        sweepProfile(mouldings.meshFor(m.gilding),
                     beadProfile(room.height - kPictureRailDrop, 0.014f), loop, options);
    }

    Node ceiling;
    ceiling.name = room.prefix + "ceiling";
    Node light;
    light.name = room.prefix + (room.rooflight == Rooflight::GlassRoof ? "skylight" : "laylight");
    addCeiling(ceiling, light, m, room);

    for (Node* node : {&floor, &wallNode, &mouldings, &ceiling, &light, &doorway}) {
        const bool hasTriangles = std::any_of(node->primitives.begin(), node->primitives.end(),
                                              [](const Primitive& p) { return !p.mesh.empty(); });
        if (hasTriangles) {
            scene.addNode(std::move(*node));
        }
    }
}

void addColonnade(Node& node, const GalleryMaterials& m, float x, std::span<const float> zs,
                  float zFrom, float zTo, float top) {
    const float capitalTop = top - kEntablature;
    for (const float z : zs) {
        addColumn(node, m, {x, 0.0f, z}, capitalTop);
    }
    Mesh& stone = node.meshFor(m.ashlar);
    const float half = kColumnRadius * (1.0f - kColumnTaper) + 0.14f;
    float y = capitalTop;
    const struct {
        float height, halfWidth;
    } bands[] = {{kArchitrave, half}, {kFrieze, half - 0.03f}, {kCornice, half + 0.12f}};
    for (const auto& band : bands) {
        addBox(stone, {x - band.halfWidth, y, zFrom}, {x + band.halfWidth, y + band.height, zTo},
               kAshlarTileMetres);
        y += band.height;
    }
    // A gilt bead where the architrave meets the frieze, on both faces.
    SweepOptions options;
    options.uvScale = glm::vec2(kGildingRepeatMetres, 1.0f);
    options.normalizeV = true;
    for (const float side : {-1.0f, 1.0f}) {
        const float face = x + side * half;
        // The sweep's profile goes to the left of the path: run the path so left is outward.
        const glm::vec3 path[] = {{face, 0.0f, side > 0.0f ? zFrom : zTo},
                                  {face, 0.0f, side > 0.0f ? zTo : zFrom}};
        sweepProfile(node.meshFor(m.gilding), beadProfile(capitalTop + kArchitrave - 0.02f, 0.018f),
                     path, options);
    }
}

void addPilasters(Node& node, const GalleryMaterials& m, const RoomSpec& room, int wallIndex,
                  std::span<const float> at, float top) {
    const Wall wall = wallOf(room, wallIndex);
    const float capitalTop = top - kEntablature;
    // A box on the wall: `half` m either side of the centre line, `proud` m out, y0 to y1.
    const auto slab = [&](Mesh& mesh, float along, float half, float proud, float y0, float y1) {
        const glm::vec3 a = wall.at(along - half, y0);
        const glm::vec3 b = wall.at(along + half, y1) + wall.inward * proud;
        addBox(mesh, glm::min(a, b), glm::max(a, b), kMarbleTileMetres);
    };
    node.meshFor(m.whiteMarble);
    Mesh& shaft = node.meshFor(m.sienaMarble);
    Mesh& stone = node.meshFor(m.whiteMarble);
    for (const float coordinate : at) {
        const float along = alongWall(room, wallIndex, coordinate);
        const float half = kPilasterWidth * 0.5f;
        slab(stone, along, half + 0.08f, kPilasterProud + 0.06f, 0.0f, 0.2f);
        slab(stone, along, half + 0.04f, kPilasterProud + 0.03f, 0.2f, kBaseHeight);
        slab(shaft, along, half, kPilasterProud, kBaseHeight, capitalTop - 0.4f);
        slab(stone, along, half + 0.03f, kPilasterProud + 0.03f, capitalTop - 0.4f,
             capitalTop - 0.34f);
        slab(stone, along, half + 0.08f, kPilasterProud + 0.08f, capitalTop - 0.22f, capitalTop);
        slab(stone, along, half + 0.02f, kPilasterProud + 0.02f, capitalTop - 0.34f,
             capitalTop - 0.22f);
    }
}

void addEntranceDoors(Scene& scene, const GalleryMaterials& m, const RoomSpec& room, int wallIndex,
                      float along, const std::string& name) {
    constexpr float kLeafWidth = 1.15f; // m, each of the two leaves
    constexpr float kLeafHeight = 4.1f; // m
    constexpr float kPilaster = 0.5f;   // m wide
    constexpr float kProud = 0.16f;     // m the surround stands out of the wall
    constexpr float kLintel = 0.55f;    // m, the entablature over the door
    constexpr float kPediment = 0.9f;   // m, the pediment's rise
    const Wall wall = wallOf(room, wallIndex);
    Node node;
    node.name = name;
    node.translation = wall.at(along, 0.0f);
    // Local +Z into the room, +X to the right of someone facing the doors from inside.
    node.rotation = glm::quat_cast(glm::mat3(glm::cross(kUp, wall.inward), kUp, wall.inward));

    node.meshFor(m.mahogany);
    node.meshFor(m.brass);
    node.meshFor(m.whiteMarble);
    Mesh& wood = node.meshFor(m.mahogany);
    Mesh& brass = node.meshFor(m.brass);
    // The leaves sit just proud of the wall, each with two tall raised panels and a short one.
    for (const float side : {-1.0f, 1.0f}) {
        const float x0 = side < 0.0f ? -kLeafWidth : 0.0f;
        addBox(wood, {x0 + 0.006f, 0.0f, 0.0f}, {x0 + kLeafWidth - 0.006f, kLeafHeight, 0.05f},
               0.5f);
        const float panels[][2] = {{0.25f, 1.35f}, {1.55f, 3.1f}, {3.3f, 3.85f}};
        for (const auto& panel : panels) {
            addBox(wood, {x0 + 0.16f, panel[0], 0.05f}, {x0 + kLeafWidth - 0.16f, panel[1], 0.075f},
                   0.5f);
        }
        const float handleX = side < 0.0f ? -0.09f : 0.09f;
        addCapsule(brass, {handleX, 1.05f, 0.11f}, {handleX, 1.35f, 0.11f}, 0.018f, 0.018f, 12);
        addBox(brass, {handleX - 0.01f, 1.1f, 0.05f}, {handleX + 0.01f, 1.3f, 0.1f});
    }
    // The stone surround: pilasters, a lintel with a cornice, and a triangular pediment.
    Mesh& stone = node.meshFor(m.whiteMarble);
    const float outer = kLeafWidth + kPilaster;
    for (const float side : {-1.0f, 1.0f}) {
        const float x0 = side < 0.0f ? -outer : kLeafWidth;
        addBox(stone, {x0, 0.0f, 0.0f}, {x0 + kPilaster, kLeafHeight, kProud}, kMarbleTileMetres);
        addBox(stone, {x0 - 0.04f, 0.0f, 0.0f}, {x0 + kPilaster + 0.04f, 0.3f, kProud + 0.04f},
               kMarbleTileMetres);
        addBox(stone, {x0 - 0.04f, kLeafHeight - 0.2f, 0.0f},
               {x0 + kPilaster + 0.04f, kLeafHeight, kProud + 0.04f}, kMarbleTileMetres);
    }
    addBox(stone, {-outer, kLeafHeight, 0.0f}, {outer, kLeafHeight + kLintel, kProud},
           kMarbleTileMetres);
    const float eaves = kLeafHeight + kLintel;
    addBox(stone, {-outer - 0.12f, eaves, 0.0f}, {outer + 0.12f, eaves + 0.12f, kProud + 0.12f},
           kMarbleTileMetres);
    Profile pediment;
    pediment.lineTo(-outer - 0.12f, 0.0f).lineTo(outer + 0.12f, 0.0f).lineTo(0.0f, kPediment);
    extrudePolygon(stone, pediment, {0.0f, eaves + 0.12f, 0.0f},
                   {0.0f, eaves + 0.12f, kProud + 0.08f}, kUp, kMarbleTileMetres);
    scene.addNode(std::move(node));
}

void addBench(Scene& scene, const GalleryMaterials& m, const std::string& name, glm::vec3 position,
              bool alongZ) {
    constexpr float kLength = 1.9f;   // m
    constexpr float kDepth = 0.56f;   // m
    constexpr float kSeatTop = 0.48f; // m
    constexpr float kCushion = 0.11f; // m thick
    constexpr float kApron = 0.07f;   // m
    Node bench;
    bench.name = name;
    bench.translation = position;
    if (alongZ) {
        bench.rotation = glm::angleAxis(kPi * 0.5f, kUp);
    }

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

} // namespace docent::tools
