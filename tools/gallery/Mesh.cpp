#include <algorithm>
#include <cmath>
#include <limits>

#include <glm/gtc/matrix_inverse.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "Mesh.h"

namespace docent::tools {

namespace {

constexpr float kTwoPi = 6.28318530718f;
constexpr float kMinTriangleArea = 1e-10f; // m^2; smaller triangles are treated as degenerate

glm::vec3 safeNormalize(glm::vec3 v, glm::vec3 fallback) {
    const float length = glm::length(v);
    return length > 1e-12f ? v / length : fallback;
}

glm::vec2 safeNormalize(glm::vec2 v) {
    const float length = glm::length(v);
    return length > 1e-12f ? v / length : glm::vec2(0.0f, 1.0f);
}

// Per-segment normals of a profile in its own plane: the right-hand side of the direction of
// travel, which faces outward for a profile drawn bottom to top on the positive-x side.
struct ProfileFrame {
    std::vector<glm::vec2> segmentNormal;
    std::vector<float> distance; // arc length at each point
    std::size_t segments = 0;
};

ProfileFrame frameOf(std::span<const Profile::Point> points, bool closed) {
    ProfileFrame frame;
    const std::size_t n = points.size();
    frame.segments = closed ? n : (n > 0 ? n - 1 : 0);
    frame.distance.assign(n + 1, 0.0f);
    for (std::size_t j = 0; j < frame.segments; ++j) {
        const glm::vec2 a = points[j].position;
        const glm::vec2 b = points[(j + 1) % n].position;
        const glm::vec2 d = b - a;
        frame.segmentNormal.push_back(safeNormalize(glm::vec2(d.y, -d.x)));
        frame.distance[j + 1] = frame.distance[j] + glm::length(d);
    }
    return frame;
}

// The 2D normal of segment j at its start (end = false) or end point, averaged with the
// neighbouring segment where that point is smooth.
glm::vec2 pointNormal(std::span<const Profile::Point> points, const ProfileFrame& frame,
                      bool closed, std::size_t j, bool end) {
    const std::size_t n = points.size();
    const std::size_t segments = frame.segments;
    const std::size_t pointIndex = end ? (j + 1) % n : j;
    if (!points[pointIndex].smooth) {
        return frame.segmentNormal[j];
    }
    if (end) {
        if (j + 1 < segments || closed) {
            return safeNormalize(frame.segmentNormal[j] + frame.segmentNormal[(j + 1) % segments]);
        }
    } else if (j > 0 || closed) {
        return safeNormalize(frame.segmentNormal[j] +
                             frame.segmentNormal[(j + segments - 1) % segments]);
    }
    return frame.segmentNormal[j];
}

float cross2(glm::vec2 a, glm::vec2 b) {
    return a.x * b.y - a.y * b.x;
}

bool insideTriangle(glm::vec2 p, glm::vec2 a, glm::vec2 b, glm::vec2 c) {
    return cross2(b - a, p - a) >= 0.0f && cross2(c - b, p - b) >= 0.0f &&
           cross2(a - c, p - c) >= 0.0f;
}

} // namespace

std::uint32_t Mesh::addVertex(const Vertex& vertex) {
    m_vertices.push_back(vertex);
    return static_cast<std::uint32_t>(m_vertices.size() - 1);
}

void Mesh::addTriangle(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
    const Vertex& va = m_vertices[a];
    const Vertex& vb = m_vertices[b];
    const Vertex& vc = m_vertices[c];
    const glm::vec3 face = glm::cross(vb.position - va.position, vc.position - va.position);
    if (glm::length(face) * 0.5f < kMinTriangleArea) {
        return;
    }
    const glm::vec3 wanted = va.normal + vb.normal + vc.normal;
    if (glm::dot(face, wanted) >= 0.0f) {
        m_indices.insert(m_indices.end(), {a, b, c});
    } else {
        m_indices.insert(m_indices.end(), {a, c, b});
    }
}

void Mesh::addQuad(const Vertex& a, const Vertex& b, const Vertex& c, const Vertex& d) {
    const std::uint32_t ia = addVertex(a);
    const std::uint32_t ib = addVertex(b);
    const std::uint32_t ic = addVertex(c);
    const std::uint32_t id = addVertex(d);
    addTriangle(ia, ib, ic);
    addTriangle(ia, ic, id);
}

void Mesh::append(const Mesh& other, const glm::mat4& transform) {
    const auto base = static_cast<std::uint32_t>(m_vertices.size());
    const glm::mat3 normalMatrix = glm::inverseTranspose(glm::mat3(transform));
    for (const Vertex& v : other.m_vertices) {
        Vertex moved = v;
        moved.position = glm::vec3(transform * glm::vec4(v.position, 1.0f));
        moved.normal = safeNormalize(normalMatrix * v.normal, v.normal);
        m_vertices.push_back(moved);
    }
    // A mirroring transform turns the winding inside out; swap two corners to keep it.
    const bool mirrored = glm::determinant(glm::mat3(transform)) < 0.0f;
    for (std::size_t i = 0; i + 2 < other.m_indices.size(); i += 3) {
        const std::uint32_t a = other.m_indices[i] + base;
        const std::uint32_t b = other.m_indices[i + 1] + base;
        const std::uint32_t c = other.m_indices[i + 2] + base;
        if (mirrored) {
            m_indices.insert(m_indices.end(), {a, c, b});
        } else {
            m_indices.insert(m_indices.end(), {a, b, c});
        }
    }
}

Profile& Profile::lineTo(float x, float y) {
    m_points.push_back({glm::vec2(x, y), false});
    return *this;
}

Profile& Profile::arc(glm::vec2 center, float radius, float from, float to, int segments) {
    for (int i = 0; i <= segments; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(segments);
        const float angle = from + (to - from) * t;
        const bool inner = i > 0 && i < segments;
        m_points.push_back({center + radius * glm::vec2(std::cos(angle), std::sin(angle)), inner});
    }
    return *this;
}

Profile& Profile::smoothLast() {
    if (!m_points.empty()) {
        m_points.back().smooth = true;
    }
    return *this;
}

Profile Profile::reversed() const {
    Profile out;
    for (auto it = m_points.rbegin(); it != m_points.rend(); ++it) {
        out.m_points.push_back({glm::vec2(-it->position.x, it->position.y), it->smooth});
    }
    return out;
}

void sweepProfile(Mesh& mesh, const Profile& profile, std::span<const glm::vec3> path,
                  const SweepOptions& options) {
    const auto points = profile.points();
    const std::size_t pathCount = path.size();
    if (points.size() < 2 || pathCount < 2) {
        return;
    }
    const glm::vec3 up = options.up;
    const std::size_t pathSegments = options.closedPath ? pathCount : pathCount - 1;

    std::vector<glm::vec3> tangent(pathSegments);
    std::vector<glm::vec3> side(pathSegments);
    for (std::size_t i = 0; i < pathSegments; ++i) {
        tangent[i] = safeNormalize(path[(i + 1) % pathCount] - path[i], glm::vec3(1, 0, 0));
        side[i] = safeNormalize(glm::cross(up, tangent[i]), glm::vec3(0, 0, 1));
    }
    // The mitre vector at each path point: offsetting by it keeps the profile's distance to
    // both neighbouring segments, so the corners meet without gaps.
    std::vector<glm::vec3> mitre(pathCount);
    std::vector<float> along(pathCount + 1, 0.0f);
    for (std::size_t k = 0; k < pathCount; ++k) {
        const bool interior = options.closedPath || (k > 0 && k + 1 < pathCount);
        if (interior) {
            const glm::vec3 before = side[(k + pathSegments - 1) % pathSegments];
            const glm::vec3 after = side[k % pathSegments];
            mitre[k] = (before + after) / std::max(1.0f + glm::dot(before, after), 1e-3f);
        } else {
            mitre[k] = k == 0 ? side[0] : side[pathSegments - 1];
        }
    }
    for (std::size_t i = 0; i < pathSegments; ++i) {
        along[i + 1] = along[i] + glm::length(path[(i + 1) % pathCount] - path[i]);
    }

    const ProfileFrame frame = frameOf(points, options.closedProfile);
    const float vTotal =
        options.normalizeV ? std::max(frame.distance[frame.segments], 1e-6f) : options.uvScale.y;
    auto place = [&](std::size_t k, glm::vec2 p) { return path[k] + mitre[k] * p.x + up * p.y; };

    for (std::size_t i = 0; i < pathSegments; ++i) {
        const std::size_t k0 = i;
        const std::size_t k1 = (i + 1) % pathCount;
        const float u0 = along[i] / options.uvScale.x;
        const float u1 = along[i + 1] / options.uvScale.x;
        for (std::size_t j = 0; j < frame.segments; ++j) {
            const glm::vec2 p0 = points[j].position;
            const glm::vec2 p1 = points[(j + 1) % points.size()].position;
            const glm::vec2 n0 = pointNormal(points, frame, options.closedProfile, j, false);
            const glm::vec2 n1 = pointNormal(points, frame, options.closedProfile, j, true);
            const glm::vec3 normal0 = glm::normalize(side[i] * n0.x + up * n0.y);
            const glm::vec3 normal1 = glm::normalize(side[i] * n1.x + up * n1.y);
            const float v0 = frame.distance[j] / vTotal;
            const float v1 = frame.distance[j + 1] / vTotal;
            mesh.addQuad({place(k0, p0), normal0, {u0, v0}}, {place(k1, p0), normal0, {u1, v0}},
                         {place(k1, p1), normal1, {u1, v1}}, {place(k0, p1), normal1, {u0, v1}});
        }
    }

    if (options.closedPath) {
        return;
    }
    std::vector<glm::vec2> polygon;
    for (const auto& point : points) {
        polygon.push_back(point.position);
    }
    const std::vector<std::uint32_t> triangles = triangulatePolygon(polygon);
    auto cap = [&](std::size_t k, glm::vec3 normal) {
        const auto base = static_cast<std::uint32_t>(mesh.vertices().size());
        for (const glm::vec2 p : polygon) {
            mesh.addVertex({place(k, p), normal, p / options.uvScale});
        }
        for (std::size_t t = 0; t + 2 < triangles.size(); t += 3) {
            mesh.addTriangle(base + triangles[t], base + triangles[t + 1], base + triangles[t + 2]);
        }
    };
    if (options.capStart) {
        cap(0, -tangent[0]);
    }
    if (options.capEnd) {
        cap(pathCount - 1, tangent[pathSegments - 1]);
    }
}

void extrudePolygon(Mesh& mesh, const Profile& polygon, glm::vec3 start, glm::vec3 end,
                    glm::vec3 up, float uvMetres) {
    const glm::vec3 path[] = {start, end};
    SweepOptions options;
    options.up = up;
    options.closedProfile = true;
    options.capStart = true;
    options.capEnd = true;
    options.uvScale = glm::vec2(uvMetres);
    sweepProfile(mesh, polygon, path, options);
}

void lathe(Mesh& mesh, const Profile& profile, const LatheOptions& options) {
    const auto points = profile.points();
    if (points.size() < 2 || options.segments < 3) {
        return;
    }
    const ProfileFrame frame = frameOf(points, false);
    float yMin = points[0].position.y;
    float yMax = yMin;
    for (const auto& point : points) {
        yMin = std::min(yMin, point.position.y);
        yMax = std::max(yMax, point.position.y);
    }
    const float height = std::max(yMax - yMin, 1e-6f);
    const float length = std::max(frame.distance[frame.segments], 1e-6f);
    auto vOf = [&](std::size_t j) {
        return options.vByHeight ? (yMax - points[j].position.y) / height
                                 : frame.distance[j] / length;
    };

    const int steps = options.segments;
    for (std::size_t j = 0; j < frame.segments; ++j) {
        const glm::vec2 p0 = points[j].position;
        const glm::vec2 p1 = points[j + 1].position;
        const glm::vec2 n0 = pointNormal(points, frame, false, j, false);
        const glm::vec2 n1 = pointNormal(points, frame, false, j, true);
        const float v0 = vOf(j);
        const float v1 = vOf(j + 1);
        const auto base = static_cast<std::uint32_t>(mesh.vertices().size());
        for (int k = 0; k <= steps; ++k) {
            const float t = static_cast<float>(k) / static_cast<float>(steps);
            // The seam column repeats the first one exactly so the ring closes without a crack.
            const float angle = (k == steps ? 0.0f : t) * kTwoPi;
            const glm::vec3 radial(std::sin(angle), 0.0f, std::cos(angle));
            const float u = t * options.uRepeat;
            mesh.addVertex({radial * p0.x + glm::vec3(0, p0.y, 0),
                            glm::normalize(radial * n0.x + glm::vec3(0, n0.y, 0)),
                            {u, v0}});
            mesh.addVertex({radial * p1.x + glm::vec3(0, p1.y, 0),
                            glm::normalize(radial * n1.x + glm::vec3(0, n1.y, 0)),
                            {u, v1}});
        }
        for (int k = 0; k < steps; ++k) {
            const std::uint32_t a = base + static_cast<std::uint32_t>(2 * k);
            const std::uint32_t b = a + 2;
            // On the axis (radius 0) one of the two triangles has no area and is dropped.
            mesh.addTriangle(a, b, b + 1);
            mesh.addTriangle(a, b + 1, a + 1);
        }
    }
}

void addRect(Mesh& mesh, glm::vec3 origin, glm::vec3 across, glm::vec3 along, glm::vec3 normal,
             glm::vec2 uv0, glm::vec2 uv1) {
    mesh.addQuad({origin, normal, uv0}, {origin + across, normal, {uv1.x, uv0.y}},
                 {origin + across + along, normal, uv1}, {origin + along, normal, {uv0.x, uv1.y}});
}

void addBox(Mesh& mesh, glm::vec3 min, glm::vec3 max, float uvMetres) {
    const glm::vec3 size = max - min;
    const float s = 1.0f / uvMetres;
    // Each face: origin corner, the two edge vectors, and their lengths for world-scaled uvs.
    struct Face {
        glm::vec3 origin, across, along, normal;
    };
    const Face faces[] = {
        {{max.x, min.y, max.z}, {0, 0, -size.z}, {0, size.y, 0}, {1, 0, 0}},
        {{min.x, min.y, min.z}, {0, 0, size.z}, {0, size.y, 0}, {-1, 0, 0}},
        {{min.x, max.y, max.z}, {size.x, 0, 0}, {0, 0, -size.z}, {0, 1, 0}},
        {{min.x, min.y, min.z}, {size.x, 0, 0}, {0, 0, size.z}, {0, -1, 0}},
        {{min.x, min.y, max.z}, {size.x, 0, 0}, {0, size.y, 0}, {0, 0, 1}},
        {{max.x, min.y, min.z}, {-size.x, 0, 0}, {0, size.y, 0}, {0, 0, -1}},
    };
    for (const Face& face : faces) {
        // Image rows run top to bottom, so v decreases along the face's upward edge.
        addRect(mesh, face.origin, face.across, face.along, face.normal, {0.0f, 0.0f},
                {glm::length(face.across) * s, -glm::length(face.along) * s});
    }
}

void addCylinder(Mesh& mesh, float radius, float y0, float y1, int segments) {
    Profile profile;
    profile.lineTo(0.0f, y0).lineTo(radius, y0).lineTo(radius, y1).lineTo(0.0f, y1);
    LatheOptions options;
    options.segments = segments;
    lathe(mesh, profile, options);
}

void addEllipsoid(Mesh& mesh, glm::vec3 center, glm::vec3 radii, const glm::mat3& orientation,
                  int segments) {
    Profile half;
    half.arc({0.0f, 0.0f}, 1.0f, -kTwoPi * 0.25f, kTwoPi * 0.25f, std::max(4, segments / 2));
    LatheOptions options;
    options.segments = segments;
    Mesh sphere;
    lathe(sphere, half, options);
    const glm::mat4 transform = glm::translate(glm::mat4(1.0f), center) * glm::mat4(orientation) *
                                glm::scale(glm::mat4(1.0f), radii);
    mesh.append(sphere, transform);
}

void addCapsule(Mesh& mesh, glm::vec3 a, glm::vec3 b, float ra, float rb, int segments) {
    const float length = glm::length(b - a);
    if (length < 1e-5f) {
        addEllipsoid(mesh, a, glm::vec3(std::max(ra, rb)), glm::mat3(1.0f), segments);
        return;
    }
    // The cone touches both spheres where their radius makes the angle `tangent` with the
    // horizontal; each sphere shows the cap beyond that circle.
    const float tangent = std::asin(std::clamp((ra - rb) / length, -0.95f, 0.95f));
    constexpr float kQuarter = kTwoPi * 0.25f;
    const int steps = std::max(3, segments / 4);
    Profile profile;
    for (int i = 0; i <= steps; ++i) {
        const float t =
            -kQuarter + (tangent + kQuarter) * static_cast<float>(i) / static_cast<float>(steps);
        profile.lineTo(ra * std::cos(t), ra * std::sin(t));
        if (i > 0) {
            profile.smoothLast();
        }
    }
    for (int i = 0; i <= steps; ++i) {
        const float t =
            tangent + (kQuarter - tangent) * static_cast<float>(i) / static_cast<float>(steps);
        profile.lineTo(rb * std::cos(t), length + rb * std::sin(t));
        if (i < steps) {
            profile.smoothLast();
        }
    }
    LatheOptions options;
    options.segments = segments;
    Mesh capsule;
    lathe(capsule, profile, options);

    const glm::vec3 y = (b - a) / length;
    const glm::vec3 reference =
        std::abs(y.y) < 0.9f ? glm::vec3(0.0f, 1.0f, 0.0f) : glm::vec3(1.0f, 0.0f, 0.0f);
    const glm::vec3 x = glm::normalize(glm::cross(y, reference));
    const glm::vec3 z = glm::cross(x, y);
    mesh.append(capsule, glm::translate(glm::mat4(1.0f), a) * glm::mat4(glm::mat3(x, y, z)));
}

void addBeam(Mesh& mesh, glm::vec3 a, glm::vec3 b, float width, float depth, glm::vec3 up,
             float uvMetres) {
    const float length = glm::length(b - a);
    if (length < 1e-5f) {
        return;
    }
    const glm::vec3 z = (b - a) / length;
    const glm::vec3 y = safeNormalize(up - z * glm::dot(up, z), glm::vec3(0.0f, 1.0f, 0.0f));
    const glm::vec3 x = glm::cross(y, z);
    Mesh box;
    addBox(box, {-width * 0.5f, -depth * 0.5f, 0.0f}, {width * 0.5f, depth * 0.5f, length},
           uvMetres);
    mesh.append(box, glm::translate(glm::mat4(1.0f), a) * glm::mat4(glm::mat3(x, y, z)));
}

void addSurface(Mesh& mesh, const std::function<glm::vec3(float, float)>& point, int columns,
                int rows, const std::function<glm::vec3(glm::vec3)>& outward, glm::vec2 uvScale) {
    const auto stride = static_cast<std::size_t>(columns + 1);
    std::vector<Vertex> grid(stride * static_cast<std::size_t>(rows + 1));
    const float du = 1.0f / static_cast<float>(columns);
    const float dv = 1.0f / static_cast<float>(rows);
    for (int j = 0; j <= rows; ++j) {
        for (int i = 0; i <= columns; ++i) {
            const float u = static_cast<float>(i) * du;
            const float v = static_cast<float>(j) * dv;
            Vertex& vertex =
                grid[static_cast<std::size_t>(j) * stride + static_cast<std::size_t>(i)];
            vertex.position = point(u, v);
            // Central differences, one-sided at the borders (clamped to the parameter range).
            const glm::vec3 alongU =
                point(std::min(u + du * 0.5f, 1.0f), v) - point(std::max(u - du * 0.5f, 0.0f), v);
            const glm::vec3 alongV =
                point(u, std::min(v + dv * 0.5f, 1.0f)) - point(u, std::max(v - dv * 0.5f, 0.0f));
            glm::vec3 normal = safeNormalize(glm::cross(alongU, alongV), outward(vertex.position));
            if (glm::dot(normal, outward(vertex.position)) < 0.0f) {
                normal = -normal;
            }
            vertex.normal = normal;
            vertex.uv = glm::vec2(u, v) * uvScale;
        }
    }
    const auto base = static_cast<std::uint32_t>(mesh.vertices().size());
    for (const Vertex& vertex : grid) {
        mesh.addVertex(vertex);
    }
    for (int j = 0; j < rows; ++j) {
        for (int i = 0; i < columns; ++i) {
            const auto at = [&](int di, int dj) {
                return base + static_cast<std::uint32_t>(static_cast<std::size_t>(j + dj) * stride +
                                                         static_cast<std::size_t>(i + di));
            };
            mesh.addTriangle(at(0, 0), at(1, 0), at(1, 1));
            mesh.addTriangle(at(0, 0), at(1, 1), at(0, 1));
        }
    }
}

std::vector<std::uint32_t> triangulatePolygon(std::span<const glm::vec2> polygon) {
    std::vector<std::uint32_t> out;
    const std::size_t n = polygon.size();
    if (n < 3) {
        return out;
    }
    float area = 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
        area += cross2(polygon[i], polygon[(i + 1) % n]);
    }
    std::vector<std::uint32_t> ring(n);
    for (std::size_t i = 0; i < n; ++i) {
        ring[i] = static_cast<std::uint32_t>(area >= 0.0f ? i : n - 1 - i);
    }
    while (ring.size() > 3) {
        const std::size_t m = ring.size();
        bool clipped = false;
        for (std::size_t i = 0; i < m && !clipped; ++i) {
            const std::uint32_t ia = ring[(i + m - 1) % m];
            const std::uint32_t ib = ring[i];
            const std::uint32_t ic = ring[(i + 1) % m];
            const glm::vec2 a = polygon[ia];
            const glm::vec2 b = polygon[ib];
            const glm::vec2 c = polygon[ic];
            if (cross2(b - a, c - b) <= 1e-12f) {
                continue; // reflex or straight: not an ear
            }
            bool empty = true;
            for (const std::uint32_t other : ring) {
                if (other != ia && other != ib && other != ic &&
                    insideTriangle(polygon[other], a, b, c)) {
                    empty = false;
                    break;
                }
            }
            if (empty) {
                out.insert(out.end(), {ia, ib, ic});
                ring.erase(ring.begin() + static_cast<std::ptrdiff_t>(i));
                clipped = true;
            }
        }
        if (!clipped) {
            // Only straight or reflex corners left (collinear points, or a polygon that is not
            // simple): drop the flattest corner, which loses no area when it is collinear.
            std::size_t flattest = 0;
            float best = std::numeric_limits<float>::max();
            for (std::size_t i = 0; i < m; ++i) {
                const glm::vec2 a = polygon[ring[(i + m - 1) % m]];
                const glm::vec2 b = polygon[ring[i]];
                const glm::vec2 c = polygon[ring[(i + 1) % m]];
                const float turn = std::abs(cross2(b - a, c - b));
                if (turn < best) {
                    best = turn;
                    flattest = i;
                }
            }
            ring.erase(ring.begin() + static_cast<std::ptrdiff_t>(flattest));
        }
    }
    out.insert(out.end(), ring.begin(), ring.end());
    return out;
}

} // namespace docent::tools
