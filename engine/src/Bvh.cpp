#include "engine/Bvh.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <utility>

namespace docent::engine {

namespace {

constexpr int kSahBins = 16;           // candidate split planes per axis are kSahBins - 1
constexpr float kTraversalCost = 1.0f; // relative to one ray-triangle test
// Below this depth splits follow the SAH; from here on the builder halves the triangle count
// at every level, so no tree is deeper than kMaxSahDepth + 32 and the fixed traversal stack
// can never overflow however lopsided the scene.
constexpr int kMaxSahDepth = 32;

constexpr int kTraversalStackSize = 96; // entries; > kMaxSahDepth + 32 levels
// A triangle whose height is below this fraction of its longest edge is a line, not a surface.
constexpr float kDegenerateRatio = 1e-6f;

// The SAH bin of a centroid coordinate. Clamped before the conversion: coordinates near the
// float limits can make the position infinite or NaN (inf * 0), and converting those to int is
// undefined (found by the glTF fuzz target).
int sahBin(float centroid, float minimum, float scale) {
    const float t = (centroid - minimum) * scale;
    if (!(t > 0.0f)) {
        return 0;
    }
    return t >= static_cast<float>(kSahBins - 1) ? kSahBins - 1 : static_cast<int>(t);
}

struct BuildTriangle {
    Aabb bounds;
    glm::vec3 centroid;
};

float surfaceArea(const Aabb& box) {
    if (box.empty()) {
        return 0.0f;
    }
    const glm::vec3 d = box.max - box.min;
    return 2.0f * (d.x * d.y + d.y * d.z + d.z * d.x);
}

bool isFinite(const glm::vec3& v) {
    return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
}

// Shared by the BVH and intersectRayTriangle() so both give identical results.
inline bool rayTriangle(const Ray& ray, const glm::vec3& v0, const glm::vec3& e1,
                        const glm::vec3& e2, float maxDistance, float& distance) {
    const glm::vec3 p = glm::cross(ray.direction, e2);
    const float det = glm::dot(e1, p);
    // Double-sided: only a ray lying in the triangle's plane is rejected here; an almost
    // parallel one produces barycentrics outside [0, 1] below.
    if (std::abs(det) < std::numeric_limits<float>::min()) {
        return false;
    }
    const float invDet = 1.0f / det;
    const glm::vec3 s = ray.origin - v0;
    const float u = glm::dot(s, p) * invDet;
    if (u < 0.0f || u > 1.0f) {
        return false;
    }
    const glm::vec3 q = glm::cross(s, e1);
    const float v = glm::dot(ray.direction, q) * invDet;
    if (v < 0.0f || u + v > 1.0f) {
        return false;
    }
    const float t = glm::dot(e2, q) * invDet;
    if (!(t >= 0.0f && t <= maxDistance)) {
        return false;
    }
    distance = t;
    return true;
}

glm::vec3 closestPointOnSegment(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b) {
    const glm::vec3 ab = b - a;
    const float lengthSq = glm::dot(ab, ab);
    if (lengthSq <= 0.0f) {
        return a;
    }
    const float t = std::clamp(glm::dot(p - a, ab) / lengthSq, 0.0f, 1.0f);
    return a + ab * t;
}

float distanceSqToBox(const glm::vec3& p, const glm::vec3& boxMin, const glm::vec3& boxMax) {
    const glm::vec3 outside = glm::max(glm::max(boxMin - p, p - boxMax), glm::vec3(0.0f));
    return glm::dot(outside, outside);
}

} // namespace

std::optional<float> intersectRayTriangle(const Ray& ray, const glm::vec3& v0, const glm::vec3& v1,
                                          const glm::vec3& v2, float maxDistance) {
    float distance = 0.0f;
    if (rayTriangle(ray, v0, v1 - v0, v2 - v0, maxDistance, distance)) {
        return distance;
    }
    return std::nullopt;
}

glm::vec3 closestPointOnTriangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b,
                                 const glm::vec3& c) {
    const glm::vec3 n = glm::cross(b - a, c - a);
    const float nn = glm::dot(n, n);
    if (nn > 0.0f) {
        // Project onto the plane; if the projection falls inside (all three sub-triangle
        // areas positive) it is the answer, otherwise the answer lies on the boundary.
        const glm::vec3 q = p - n * (glm::dot(p - a, n) / nn);
        const float wa = glm::dot(glm::cross(b - q, c - q), n);
        const float wb = glm::dot(glm::cross(c - q, a - q), n);
        const float wc = glm::dot(glm::cross(a - q, b - q), n);
        if (wa >= 0.0f && wb >= 0.0f && wc >= 0.0f) {
            return q;
        }
    }
    const std::array<glm::vec3, 3> candidates = {closestPointOnSegment(p, a, b),
                                                 closestPointOnSegment(p, b, c),
                                                 closestPointOnSegment(p, c, a)};
    glm::vec3 best = candidates[0];
    float bestSq = glm::dot(best - p, best - p);
    for (std::size_t i = 1; i < candidates.size(); ++i) {
        const float dSq = glm::dot(candidates[i] - p, candidates[i] - p);
        if (dSq < bestSq) {
            bestSq = dSq;
            best = candidates[i];
        }
    }
    return best;
}

void Bvh::clear() {
    m_nodes.clear();
    m_triangles.clear();
    m_original.clear();
    m_tags.clear();
    m_depth = 0;
}

void Bvh::build(std::vector<glm::vec3> positions, std::vector<std::uint32_t> tags) {
    clear();
    const std::size_t inputCount = positions.size() / 3;

    std::vector<Triangle> triangles;
    std::vector<BuildTriangle> buildTriangles;
    std::vector<std::uint32_t> original;
    triangles.reserve(inputCount);
    buildTriangles.reserve(inputCount);
    original.reserve(inputCount);
    for (std::size_t i = 0; i < inputCount; ++i) {
        const glm::vec3& a = positions[3 * i];
        const glm::vec3& b = positions[3 * i + 1];
        const glm::vec3& c = positions[3 * i + 2];
        if (!isFinite(a) || !isFinite(b) || !isFinite(c)) {
            continue;
        }
        const glm::vec3 e1 = b - a;
        const glm::vec3 e2 = c - a;
        const float longestSq =
            std::max({glm::dot(e1, e1), glm::dot(e2, e2), glm::dot(c - b, c - b)});
        const float twiceArea = glm::length(glm::cross(e1, e2));
        if (!(twiceArea > kDegenerateRatio * longestSq)) {
            continue;
        }
        BuildTriangle bt;
        bt.bounds.extend(a);
        bt.bounds.extend(b);
        bt.bounds.extend(c);
        bt.centroid = (a + b + c) * (1.0f / 3.0f);
        triangles.push_back({a, e1, e2});
        buildTriangles.push_back(bt);
        original.push_back(static_cast<std::uint32_t>(i));
    }
    positions = {}; // the input can be large; give it back before the tree grows

    const std::size_t count = triangles.size();
    if (count == 0) {
        return;
    }

    std::vector<std::uint32_t> order(count);
    for (std::size_t i = 0; i < count; ++i) {
        order[i] = static_cast<std::uint32_t>(i);
    }

    struct Task {
        std::uint32_t node;
        std::uint32_t begin;
        std::uint32_t end;
        int depth;
    };
    std::vector<Task> tasks;
    m_nodes.reserve(2 * count / kMaxLeafSize + 1);
    m_nodes.push_back({});
    tasks.push_back({0, 0, static_cast<std::uint32_t>(count), 0});

    struct Bin {
        Aabb bounds;
        std::uint32_t count = 0;
    };

    while (!tasks.empty()) {
        const Task task = tasks.back();
        tasks.pop_back();
        m_depth = std::max(m_depth, task.depth);

        Aabb bounds;
        Aabb centroidBounds;
        for (std::uint32_t i = task.begin; i < task.end; ++i) {
            bounds.extend(buildTriangles[order[i]].bounds);
            centroidBounds.extend(buildTriangles[order[i]].centroid);
        }
        const std::uint32_t n = task.end - task.begin;
        auto makeLeaf = [&] { m_nodes[task.node] = {bounds.min, task.begin, bounds.max, n}; };
        if (n <= 1) {
            makeLeaf();
            continue;
        }

        // Find the cheapest binned SAH split over all three axes.
        const glm::vec3 extent = centroidBounds.max - centroidBounds.min;
        int bestAxis = -1;
        int bestSplit = 0; // triangles in bins [0, bestSplit) go left
        float bestCost = std::numeric_limits<float>::max();
        if (task.depth < kMaxSahDepth) {
            for (int axis = 0; axis < 3; ++axis) {
                if (!(extent[axis] > 0.0f)) {
                    continue;
                }
                const float scale = static_cast<float>(kSahBins) / extent[axis];
                std::array<Bin, kSahBins> bins{};
                for (std::uint32_t i = task.begin; i < task.end; ++i) {
                    const BuildTriangle& bt = buildTriangles[order[i]];
                    const int b = sahBin(bt.centroid[axis], centroidBounds.min[axis], scale);
                    bins[static_cast<std::size_t>(b)].count++;
                    bins[static_cast<std::size_t>(b)].bounds.extend(bt.bounds);
                }
                // Sweep from the right to know each right side's area and count, then from the
                // left to price every plane.
                std::array<float, kSahBins> rightCost{};
                Aabb right;
                std::uint32_t rightCount = 0;
                for (int b = kSahBins - 1; b > 0; --b) {
                    right.extend(bins[static_cast<std::size_t>(b)].bounds);
                    rightCount += bins[static_cast<std::size_t>(b)].count;
                    rightCost[static_cast<std::size_t>(b)] =
                        rightCount == 0 ? -1.0f
                                        : surfaceArea(right) * static_cast<float>(rightCount);
                }
                Aabb left;
                std::uint32_t leftCount = 0;
                for (int b = 1; b < kSahBins; ++b) {
                    left.extend(bins[static_cast<std::size_t>(b - 1)].bounds);
                    leftCount += bins[static_cast<std::size_t>(b - 1)].count;
                    const float rc = rightCost[static_cast<std::size_t>(b)];
                    if (leftCount == 0 || rc < 0.0f) {
                        continue;
                    }
                    const float cost = surfaceArea(left) * static_cast<float>(leftCount) + rc;
                    if (cost < bestCost) {
                        bestCost = cost;
                        bestAxis = axis;
                        bestSplit = b;
                    }
                }
            }
        }

        std::uint32_t middle = task.begin;
        if (bestAxis >= 0) {
            const float area = surfaceArea(bounds);
            const float splitCost = kTraversalCost + (area > 0.0f ? bestCost / area : 0.0f);
            const float leafCost = static_cast<float>(n);
            if (n <= kMaxLeafSize && splitCost >= leafCost) {
                makeLeaf();
                continue;
            }
            const float scale = static_cast<float>(kSahBins) / extent[bestAxis];
            const float minimum = centroidBounds.min[bestAxis];
            const auto split = std::partition(
                order.begin() + task.begin, order.begin() + task.end, [&](std::uint32_t t) {
                    const float c = buildTriangles[t].centroid[bestAxis];
                    return sahBin(c, minimum, scale) < bestSplit;
                });
            middle = static_cast<std::uint32_t>(split - order.begin());
        }
        if (middle == task.begin || middle == task.end) {
            // No usable SAH plane (coincident centroids, or the depth cap): halve the range
            // along the widest centroid axis, or in input order when there is no extent.
            if (n <= kMaxLeafSize) {
                makeLeaf();
                continue;
            }
            int axis = 0;
            if (extent.y > extent[axis]) {
                axis = 1;
            }
            if (extent.z > extent[axis]) {
                axis = 2;
            }
            middle = task.begin + n / 2;
            if (extent[axis] > 0.0f) {
                std::nth_element(order.begin() + task.begin, order.begin() + middle,
                                 order.begin() + task.end, [&](std::uint32_t a, std::uint32_t b) {
                                     const float ca = buildTriangles[a].centroid[axis];
                                     const float cb = buildTriangles[b].centroid[axis];
                                     return ca < cb || (ca == cb && a < b);
                                 });
            }
        }

        const auto leftChild = static_cast<std::uint32_t>(m_nodes.size());
        m_nodes.push_back({});
        m_nodes.push_back({});
        m_nodes[task.node] = {bounds.min, leftChild, bounds.max, 0};
        tasks.push_back({leftChild + 1, middle, task.end, task.depth + 1});
        tasks.push_back({leftChild, task.begin, middle, task.depth + 1});
    }
    assert(m_depth < kTraversalStackSize);

    m_triangles.resize(count);
    m_original.resize(count);
    m_tags.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t t = order[i];
        m_triangles[i] = triangles[t];
        m_original[i] = original[t];
        m_tags[i] = original[t] < tags.size() ? tags[original[t]] : 0u;
    }
}

Aabb Bvh::bounds() const {
    Aabb box;
    if (!m_nodes.empty()) {
        box.min = m_nodes[0].boundsMin;
        box.max = m_nodes[0].boundsMax;
    }
    return box;
}

std::optional<BvhHit> Bvh::intersect(const Ray& ray, float maxDistance) const {
    if (m_nodes.empty() || !(maxDistance >= 0.0f)) {
        return std::nullopt;
    }
    const glm::vec3 invDirection = 1.0f / ray.direction;
    auto boxEntry = [&](const Node& node, float limit) {
        return intersectRayAabb(ray, invDirection, Aabb{node.boundsMin, node.boundsMax}, 0.0f,
                                limit);
    };

    float best = maxDistance;
    std::uint32_t bestTriangle = std::numeric_limits<std::uint32_t>::max();

    // Each entry remembers where the ray enters the node, so nodes beyond a hit found meanwhile
    // are dropped without touching them.
    std::array<std::pair<std::uint32_t, float>, kTraversalStackSize> stack;
    int top = 0;
    if (boxEntry(m_nodes[0], best) >= 0.0f) {
        stack[top++] = {0u, 0.0f};
    }
    while (top > 0) {
        const auto [index, entry] = stack[--top];
        if (entry > best) {
            continue;
        }
        const Node& node = m_nodes[index];
        if (node.count > 0) {
            for (std::uint32_t i = node.first; i < node.first + node.count; ++i) {
                const Triangle& tri = m_triangles[i];
                float distance = 0.0f;
                if (rayTriangle(ray, tri.v0, tri.e1, tri.e2, best, distance)) {
                    // Ties go to the lower input index so results do not depend on tree shape.
                    if (distance < best ||
                        bestTriangle == std::numeric_limits<std::uint32_t>::max() ||
                        m_original[i] < m_original[bestTriangle]) {
                        best = distance;
                        bestTriangle = i;
                    }
                }
            }
            continue;
        }
        const float tLeft = boxEntry(m_nodes[node.first], best);
        const float tRight = boxEntry(m_nodes[node.first + 1], best);
        // Push the far child first so the near one is popped (visited) first.
        if (tLeft >= 0.0f && tRight >= 0.0f) {
            if (tLeft <= tRight) {
                stack[top++] = {node.first + 1, tRight};
                stack[top++] = {node.first, tLeft};
            } else {
                stack[top++] = {node.first, tLeft};
                stack[top++] = {node.first + 1, tRight};
            }
        } else if (tLeft >= 0.0f) {
            stack[top++] = {node.first, tLeft};
        } else if (tRight >= 0.0f) {
            stack[top++] = {node.first + 1, tRight};
        }
    }

    if (bestTriangle == std::numeric_limits<std::uint32_t>::max()) {
        return std::nullopt;
    }
    const Triangle& tri = m_triangles[bestTriangle];
    BvhHit hit;
    hit.distance = best;
    hit.point = ray.origin + ray.direction * best;
    hit.normal = glm::normalize(glm::cross(tri.e1, tri.e2));
    if (glm::dot(hit.normal, ray.direction) > 0.0f) {
        hit.normal = -hit.normal;
    }
    hit.triangle = m_original[bestTriangle];
    hit.tag = m_tags[bestTriangle];
    return hit;
}

bool Bvh::occluded(const Ray& ray, float maxDistance) const {
    if (m_nodes.empty() || !(maxDistance >= 0.0f)) {
        return false;
    }
    const glm::vec3 invDirection = 1.0f / ray.direction;
    std::array<std::uint32_t, kTraversalStackSize> stack;
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const Node& node = m_nodes[stack[--top]];
        if (intersectRayAabb(ray, invDirection, Aabb{node.boundsMin, node.boundsMax}, 0.0f,
                             maxDistance) < 0.0f) {
            continue;
        }
        if (node.count > 0) {
            for (std::uint32_t i = node.first; i < node.first + node.count; ++i) {
                const Triangle& tri = m_triangles[i];
                float distance = 0.0f;
                if (rayTriangle(ray, tri.v0, tri.e1, tri.e2, maxDistance, distance)) {
                    return true;
                }
            }
            continue;
        }
        stack[top++] = node.first + 1;
        stack[top++] = node.first;
    }
    return false;
}

void Bvh::overlapSphere(const glm::vec3& centre, float radius,
                        std::vector<SphereContact>& out) const {
    if (m_nodes.empty() || !(radius > 0.0f)) {
        return;
    }
    const float radiusSq = radius * radius;
    std::array<std::uint32_t, kTraversalStackSize> stack;
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const Node& node = m_nodes[stack[--top]];
        if (distanceSqToBox(centre, node.boundsMin, node.boundsMax) >= radiusSq) {
            continue;
        }
        if (node.count > 0) {
            for (std::uint32_t i = node.first; i < node.first + node.count; ++i) {
                const Triangle& tri = m_triangles[i];
                const glm::vec3 point =
                    closestPointOnTriangle(centre, tri.v0, tri.v0 + tri.e1, tri.v0 + tri.e2);
                const glm::vec3 offset = centre - point;
                const float distanceSq = glm::dot(offset, offset);
                if (distanceSq >= radiusSq) {
                    continue;
                }
                SphereContact contact;
                contact.point = point;
                contact.distance = std::sqrt(distanceSq);
                if (contact.distance > 0.0f) {
                    contact.normal = offset / contact.distance;
                } else {
                    // The centre lies on the triangle: any side will do, pick the face normal.
                    contact.normal = glm::normalize(glm::cross(tri.e1, tri.e2));
                }
                contact.triangle = m_original[i];
                contact.tag = m_tags[i];
                out.push_back(contact);
            }
            continue;
        }
        stack[top++] = node.first + 1;
        stack[top++] = node.first;
    }
}

std::optional<SphereContact> Bvh::closestPoint(const glm::vec3& centre, float radius) const {
    std::vector<SphereContact> contacts;
    overlapSphere(centre, radius, contacts);
    if (contacts.empty()) {
        return std::nullopt;
    }
    const auto nearest = std::min_element(
        contacts.begin(), contacts.end(), [](const SphereContact& a, const SphereContact& b) {
            return a.distance < b.distance || (a.distance == b.distance && a.triangle < b.triangle);
        });
    return *nearest;
}

Bvh buildSceneBvh(const SceneAsset& asset) {
    std::vector<glm::vec3> positions;
    std::vector<std::uint32_t> tags;
    positions.reserve(asset.triangleCount() * 3);
    tags.reserve(asset.triangleCount());
    for (const auto& inst : asset.instances) {
        for (const auto& p : asset.meshes[static_cast<std::size_t>(inst.mesh)].primitives) {
            for (std::size_t i = 0; i + 2 < p.indices.size(); i += 3) {
                for (std::size_t k = 0; k < 3; ++k) {
                    positions.emplace_back(inst.world *
                                           glm::vec4(p.positions[p.indices[i + k]], 1.0f));
                }
                tags.push_back(static_cast<std::uint32_t>(inst.node));
            }
        }
    }
    Bvh bvh;
    bvh.build(std::move(positions), std::move(tags));
    return bvh;
}

} // namespace docent::engine
