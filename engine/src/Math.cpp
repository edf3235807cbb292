#include "engine/Math.h"

#include <algorithm>

namespace docent::engine {

Aabb Aabb::transformed(const glm::mat4& m) const {
    Aabb out;
    if (empty()) {
        return out;
    }
    for (int i = 0; i < 8; ++i) {
        const glm::vec3 corner((i & 1) ? max.x : min.x, (i & 2) ? max.y : min.y,
                               (i & 4) ? max.z : min.z);
        out.extend(glm::vec3(m * glm::vec4(corner, 1.0f)));
    }
    return out;
}

float intersectRayAabb(const Ray& ray, const glm::vec3& invDirection, const Aabb& box, float tMin,
                       float tMax) {
    for (int axis = 0; axis < 3; ++axis) {
        float t0 = (box.min[axis] - ray.origin[axis]) * invDirection[axis];
        float t1 = (box.max[axis] - ray.origin[axis]) * invDirection[axis];
        if (t0 > t1) {
            std::swap(t0, t1);
        }
        // NaN (0 * inf when the origin lies on a slab plane) must not widen the interval.
        tMin = t0 > tMin ? t0 : tMin;
        tMax = t1 < tMax ? t1 : tMax;
        if (tMax < tMin) {
            return -1.0f;
        }
    }
    return tMin;
}

} // namespace docent::engine
