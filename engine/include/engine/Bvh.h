#pragma once
// A bounding volume hierarchy over world-space triangles: the one spatial index the engine uses
// for ray picking (what is under the cursor), line-of-sight tests and walk collision (which walls
// and floors touch the visitor's body).
//
// Threads: build() is not thread-safe with anything else on the same object. Once built, every
// const query may run concurrently from any number of threads (queries keep no mutable state).
// Failure: nothing throws beyond std::bad_alloc. Degenerate or non-finite triangles are dropped
// at build time; queries on an empty hierarchy report no hit.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <glm/glm.hpp>

#include "engine/Math.h"
#include "engine/SceneAsset.h"

namespace docent::engine {

// The nearest triangle a ray meets.
struct BvhHit {
    float distance = 0.0f;      // metres along the ray (the ray direction is unit length)
    glm::vec3 point{0.0f};      // world space
    glm::vec3 normal{0.0f};     // geometric, unit, facing the ray origin
    std::uint32_t triangle = 0; // index of the triangle as passed to build() (before filtering)
    std::uint32_t tag = 0;      // the caller's id for that triangle, e.g. a node index
};

// A triangle that overlaps a sphere, seen from the sphere's centre.
struct SphereContact {
    glm::vec3 point{0.0f};  // closest point of the triangle to the centre
    glm::vec3 normal{0.0f}; // unit, from point towards the centre (the way to push the sphere out)
    float distance = 0.0f;  // from the centre to point, metres; below the query radius
    std::uint32_t triangle = 0;
    std::uint32_t tag = 0;
};

// Möller–Trumbore, double-sided. Returns the distance along the ray for a hit with distance in
// [0, maxDistance], nothing otherwise. The BVH uses exactly this arithmetic, so a brute-force loop
// over this function gives the same answers bit for bit.
std::optional<float> intersectRayTriangle(const Ray& ray, const glm::vec3& v0, const glm::vec3& v1,
                                          const glm::vec3& v2, float maxDistance);

// The point of triangle (a, b, c) nearest to p.
glm::vec3 closestPointOnTriangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b,
                                 const glm::vec3& c);

// Built once per loaded scene from its world-space triangles; queries thereafter (see the top of
// this file for threads and failure).
class Bvh {
public:
    // positions: three vertices per triangle, world space; tags: one per triangle (missing tags
    // read as 0, extra ones are ignored). A trailing partial triangle is ignored. Replaces any
    // previous contents. Binned SAH build, leaves of at most kMaxLeafSize triangles.
    void build(std::vector<glm::vec3> positions, std::vector<std::uint32_t> tags);
    void clear();

    // Nearest hit with distance in [0, maxDistance]. ray.direction must be unit length.
    std::optional<BvhHit> intersect(const Ray& ray, float maxDistance) const;
    // Whether any triangle lies on the ray within [0, maxDistance]; stops at the first one found.
    bool occluded(const Ray& ray, float maxDistance) const;

    // Every triangle closer than radius to centre, appended to out (out is not cleared), in a
    // deterministic order. Walk collision pushes its body spheres out along these contacts.
    void overlapSphere(const glm::vec3& centre, float radius,
                       std::vector<SphereContact>& out) const;
    // The nearest of those, if any.
    std::optional<SphereContact> closestPoint(const glm::vec3& centre, float radius) const;

    bool empty() const { return m_triangles.empty(); }
    std::size_t triangleCount() const { return m_triangles.size(); }
    Aabb bounds() const;
    // Diagnostics: how many nodes the tree has and how deep its deepest leaf sits (root = 0).
    std::size_t nodeCount() const { return m_nodes.size(); }
    int depth() const { return m_depth; }

    static constexpr std::uint32_t kMaxLeafSize = 4; // triangles per leaf

private:
    // 32 bytes: two nodes per cache line. count == 0 marks an inner node whose children sit at
    // first and first + 1; otherwise the leaf holds triangles [first, first + count).
    struct Node {
        glm::vec3 boundsMin;
        std::uint32_t first;
        glm::vec3 boundsMax;
        std::uint32_t count;
    };
    // Edges are stored rather than vertices because the ray test needs them.
    struct Triangle {
        glm::vec3 v0;
        glm::vec3 e1;
        glm::vec3 e2;
    };

    std::vector<Node> m_nodes;
    std::vector<Triangle> m_triangles;     // in leaf order
    std::vector<std::uint32_t> m_original; // per leaf-order triangle: its index in build()'s input
    std::vector<std::uint32_t> m_tags;     // per leaf-order triangle
    int m_depth = 0;
};

// The hierarchy over every triangle the scene's instances place in the world, each tagged with
// its node's index: what picking and walking use.
Bvh buildSceneBvh(const SceneAsset& asset);

} // namespace docent::engine
