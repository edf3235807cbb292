#pragma once
// Triangle meshes for the generated gallery and the few shape builders the architecture needs:
// rectangles, boxes, profiles swept along paths (mouldings, frames, extrusions) and profiles
// revolved about an axis (vases, legs, columns). Every builder writes normals and texture
// coordinates; triangles are wound from their vertex normals, so callers never order corners.
// Plain values: build on one thread, hand over by move.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include <glm/glm.hpp>

namespace docent::tools {

struct Vertex {
    glm::vec3 position{0.0f};
    glm::vec3 normal{0.0f, 1.0f, 0.0f}; // unit length
    glm::vec2 uv{0.0f};
};

// An indexed triangle list.
class Mesh {
public:
    std::uint32_t addVertex(const Vertex& vertex);
    // Adds triangle a, b, c wound counter-clockwise as seen from the side its vertex normals
    // point to. Degenerate triangles (no area) are dropped: they are invisible and glTF
    // validators flag them.
    void addTriangle(std::uint32_t a, std::uint32_t b, std::uint32_t c);
    // Adds the quad a-b-c-d (corners in order around its edge) as two triangles.
    void addQuad(const Vertex& a, const Vertex& b, const Vertex& c, const Vertex& d);
    // Appends `other` moved by `transform` (normals by its inverse transpose).
    void append(const Mesh& other, const glm::mat4& transform = glm::mat4(1.0f));

    const std::vector<Vertex>& vertices() const { return m_vertices; }
    const std::vector<std::uint32_t>& indices() const { return m_indices; }
    std::size_t triangleCount() const { return m_indices.size() / 3; }
    bool empty() const { return m_indices.empty(); }

private:
    std::vector<Vertex> m_vertices;
    std::vector<std::uint32_t> m_indices;
};

// A 2D polyline used as a cross-section. For sweeps x is the offset to the left of the path
// (into the room for a wall moulding, toward the centre for a frame) and y the height along
// the sweep's `up`; for lathes x is the radius and y the height. A smooth point shares one
// averaged normal between its two segments; a hard point (a corner) keeps both.
class Profile {
public:
    struct Point {
        glm::vec2 position{0.0f};
        bool smooth = false;
    };

    Profile& lineTo(float x, float y);
    // An arc around `center` from angle `from` to `to` (radians, counter-clockwise positive)
    // in `segments` steps. Its inner points are smooth; its end points join as corners.
    Profile& arc(glm::vec2 center, float radius, float from, float to, int segments);
    // Marks the last point smooth, for a join where the outline turns without a corner.
    Profile& smoothLast();

    std::span<const Point> points() const { return m_points; }
    std::size_t size() const { return m_points.size(); }
    // Profile with every point mirrored in x (x -> -x) and the order reversed, so that a
    // profile drawn for one side can be used where the sweep's left is the other way.
    Profile reversed() const;

private:
    std::vector<Point> m_points;
};

struct SweepOptions {
    glm::vec3 up{0.0f, 1.0f, 0.0f}; // unit; normal to the plane of the path
    bool closedPath = false;        // the path's last point joins its first
    bool closedProfile = false;     // the profile's last point joins its first (a tube)
    bool capStart = false;          // close the open path's ends with the profile's polygon
    bool capEnd = false;
    glm::vec2 uvScale{1.0f, 1.0f}; // metres per texture repeat along the path and the profile
    bool normalizeV = false;       // v runs 0-1 across the whole profile instead of in metres
};

// Sweeps `profile` along `path` (points in a plane normal to options.up), mitring the corners.
void sweepProfile(Mesh& mesh, const Profile& profile, std::span<const glm::vec3> path,
                  const SweepOptions& options);

// Extrudes a closed polygon (x across, y up in the frame `across`/`up`) from `start` to `end`,
// capping both ends.
void extrudePolygon(Mesh& mesh, const Profile& polygon, glm::vec3 start, glm::vec3 end,
                    glm::vec3 up, float uvMetres);

struct LatheOptions {
    int segments = 48;     // steps around the axis
    float uRepeat = 1.0f;  // texture repeats around the axis
    bool vByHeight = true; // v from the height (top = 0) rather than along the profile
};

// Revolves `profile` (x = radius, y = height) about the +Y axis through the origin.
void lathe(Mesh& mesh, const Profile& profile, const LatheOptions& options);

// A rectangle from `origin` spanning the edge vectors `across` and `along`, facing `normal`,
// with uv0 at the origin and uv1 at the opposite corner.
void addRect(Mesh& mesh, glm::vec3 origin, glm::vec3 across, glm::vec3 along, glm::vec3 normal,
             glm::vec2 uv0, glm::vec2 uv1);

// An axis-aligned box with outward faces; texture coordinates in metres / uvMetres.
void addBox(Mesh& mesh, glm::vec3 min, glm::vec3 max, float uvMetres = 1.0f);

// A capped cylinder about +Y from y0 to y1.
void addCylinder(Mesh& mesh, float radius, float y0, float y1, int segments);

// A closed ellipsoid: the unit sphere scaled by `radii` along the columns of `orientation`
// (a rotation) and moved to `center`. Sculpted forms are built from these and capsules.
void addEllipsoid(Mesh& mesh, glm::vec3 center, glm::vec3 radii,
                  const glm::mat3& orientation = glm::mat3(1.0f), int segments = 24);

// A tapered capsule from a (radius ra) to b (radius rb): two spheres joined by the cone
// tangent to both, smooth all over. A limb, a neck, a finger.
void addCapsule(Mesh& mesh, glm::vec3 a, glm::vec3 b, float ra, float rb, int segments = 16);

// A box of cross-section `width` x `depth` from a to b, its depth along `up` (made
// perpendicular to a-b): a rafter, a glazing bar, a beam at any angle.
void addBeam(Mesh& mesh, glm::vec3 a, glm::vec3 b, float width, float depth, glm::vec3 up,
             float uvMetres = 1.0f);

// A smooth parametric surface: `point(u, v)` for u, v in [0, 1] sampled on a grid of
// columns x rows quads, with normals from the grid's differences turned to the side of
// `outward(point)`'s direction and texture coordinates (u * uvScale.x, v * uvScale.y).
// Drapery, a flared skirt: shapes no sweep or lathe makes.
void addSurface(Mesh& mesh, const std::function<glm::vec3(float, float)>& point, int columns,
                int rows, const std::function<glm::vec3(glm::vec3)>& outward,
                glm::vec2 uvScale = glm::vec2(1.0f));

// Ear-clipping triangulation of a simple polygon (either winding). Returns index triples into
// `polygon`, counter-clockwise in the polygon's plane.
std::vector<std::uint32_t> triangulatePolygon(std::span<const glm::vec2> polygon);

} // namespace docent::tools
