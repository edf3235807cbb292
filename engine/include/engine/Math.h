#pragma once
// Small geometric types shared across the engine. glm is the vector library; these add the
// few shapes the engine reasons about (boxes, rays). Plain values: any thread.

#include <glm/glm.hpp>

#include <limits>

namespace docent::engine {

// Axis-aligned bounding box. An empty box has min > max and grows with extend().
struct Aabb {
    glm::vec3 min{std::numeric_limits<float>::max()};
    glm::vec3 max{std::numeric_limits<float>::lowest()};

    bool empty() const { return min.x > max.x || min.y > max.y || min.z > max.z; }
    void extend(const glm::vec3& p) {
        min = glm::min(min, p);
        max = glm::max(max, p);
    }
    void extend(const Aabb& b) {
        if (!b.empty()) {
            extend(b.min);
            extend(b.max);
        }
    }
    glm::vec3 center() const { return (min + max) * 0.5f; }
    glm::vec3 size() const { return empty() ? glm::vec3(0.0f) : max - min; }
    // The box that holds this one after transforming it by m (all eight corners).
    Aabb transformed(const glm::mat4& m) const;
};

// A ray: origin plus unit direction.
struct Ray {
    glm::vec3 origin{0.0f};
    glm::vec3 direction{0.0f, 0.0f, -1.0f};
};

// Slab test. Returns the entry distance in [tMin, tMax] or a negative value on a miss.
float intersectRayAabb(const Ray& ray, const glm::vec3& invDirection, const Aabb& box, float tMin,
                       float tMax);

} // namespace docent::engine
