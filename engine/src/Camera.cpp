#include "engine/Camera.h"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

namespace docent::engine {

namespace {

constexpr float kFitElevationDegrees = 20.0f; // how far above the box centre a fitted view sits
constexpr float kFitMargin = 1.1f;            // extra distance so the box does not touch the edges
constexpr float kFitMinRadius = 1e-3f;        // metres; a point-sized box is framed as 1 mm
// Near and far sit well outside the box's bounding sphere: a 4:1 margin each way still keeps
// far/near near 10, so depth precision is good for any model size.
constexpr float kFitNearFraction = 0.5f; // of the distance to the sphere's front
constexpr float kFitFarFactor = 2.0f;    // times the distance to the sphere's back

} // namespace

float wrapDegrees(float degrees) {
    float wrapped = std::fmod(degrees + 180.0f, 360.0f);
    if (wrapped < 0.0f) {
        wrapped += 360.0f;
    }
    return wrapped - 180.0f;
}

glm::vec3 Camera::forward() const {
    const float yaw = glm::radians(yawDegrees);
    const float pitch = glm::radians(pitchDegrees);
    return {-std::sin(yaw) * std::cos(pitch), std::sin(pitch), -std::cos(yaw) * std::cos(pitch)};
}

glm::vec3 Camera::right() const {
    const float yaw = glm::radians(yawDegrees);
    return {std::cos(yaw), 0.0f, -std::sin(yaw)};
}

glm::vec3 Camera::up() const {
    return glm::cross(right(), forward());
}

glm::mat4 Camera::view() const {
    // The camera's world rotation is yaw about +Y after pitch about +X; the view matrix undoes
    // the translation and then that rotation.
    glm::mat4 view = glm::rotate(glm::mat4(1.0f), -glm::radians(pitchDegrees), {1.0f, 0.0f, 0.0f});
    view = glm::rotate(view, -glm::radians(yawDegrees), {0.0f, 1.0f, 0.0f});
    return glm::translate(view, -position);
}

glm::mat4 Camera::projection(float aspect) const {
    return glm::perspective(glm::radians(verticalFovDegrees), aspect > 0.0f ? aspect : 1.0f,
                            nearPlane, farPlane);
}

Ray Camera::rayThrough(const glm::vec2& ndc, float aspect) const {
    const float tanHalf = std::tan(glm::radians(verticalFovDegrees) * 0.5f);
    const float safeAspect = aspect > 0.0f ? aspect : 1.0f;
    Ray ray;
    ray.origin = position;
    ray.direction = glm::normalize(forward() + right() * (ndc.x * tanHalf * safeAspect) +
                                   up() * (ndc.y * tanHalf));
    return ray;
}

Camera Camera::fitToBounds(const Aabb& bounds, float aspect) {
    Aabb box = bounds;
    if (box.empty()) {
        box.min = glm::vec3(-0.5f);
        box.max = glm::vec3(0.5f);
    }
    const glm::vec3 centre = box.center();
    const float radius = std::max(0.5f * glm::length(box.size()), kFitMinRadius);

    Camera camera;
    const float safeAspect = aspect > 0.0f ? aspect : 1.0f;
    const float halfVertical = glm::radians(camera.verticalFovDegrees) * 0.5f;
    const float halfHorizontal = std::atan(std::tan(halfVertical) * safeAspect);
    // The bounding sphere must fit the narrower of the two angles.
    const float halfAngle = std::min(halfVertical, halfHorizontal);
    const float distance = radius / std::sin(halfAngle) * kFitMargin;

    const float elevation = glm::radians(kFitElevationDegrees);
    camera.position = centre + glm::vec3(0.0f, std::sin(elevation), std::cos(elevation)) * distance;
    camera.lookAt(centre);
    camera.nearPlane = (distance - radius) * kFitNearFraction;
    camera.farPlane = (distance + radius) * kFitFarFactor;
    return camera;
}

void Camera::lookAt(const glm::vec3& target) {
    const glm::vec3 d = target - position;
    const float horizontal = std::sqrt(d.x * d.x + d.z * d.z);
    if (horizontal <= 0.0f && d.y == 0.0f) {
        return;
    }
    if (horizontal > 0.0f) {
        yawDegrees = glm::degrees(std::atan2(-d.x, -d.z));
    }
    pitchDegrees =
        std::clamp(glm::degrees(std::atan2(d.y, horizontal)), -kMaxPitchDegrees, kMaxPitchDegrees);
}

Frustum::Frustum(const glm::mat4& viewProjection) {
    // A point is inside when -w <= x, y, z <= w in clip space; each inequality is a plane in
    // world space built from the matrix rows (glm stores columns, so row i is m[*][i]).
    auto row = [&](int i) {
        return glm::vec4(viewProjection[0][i], viewProjection[1][i], viewProjection[2][i],
                         viewProjection[3][i]);
    };
    const glm::vec4 w = row(3);
    m_planes = {w + row(0), w - row(0), w + row(1), w - row(1), w + row(2), w - row(2)};
    for (glm::vec4& plane : m_planes) {
        const float length = glm::length(glm::vec3(plane));
        if (length > 0.0f) {
            plane /= length;
        }
    }
}

bool Frustum::intersects(const Aabb& box) const {
    if (box.empty()) {
        return false;
    }
    for (const glm::vec4& plane : m_planes) {
        // The corner furthest along the plane's inward normal: if even that one is outside,
        // the whole box is.
        const glm::vec3 corner(plane.x >= 0.0f ? box.max.x : box.min.x,
                               plane.y >= 0.0f ? box.max.y : box.min.y,
                               plane.z >= 0.0f ? box.max.z : box.min.z);
        if (glm::dot(glm::vec3(plane), corner) + plane.w < 0.0f) {
            return false;
        }
    }
    return true;
}

bool Frustum::contains(const glm::vec3& point) const {
    return std::all_of(m_planes.begin(), m_planes.end(), [&](const glm::vec4& plane) {
        return glm::dot(glm::vec3(plane), point) + plane.w >= 0.0f;
    });
}

} // namespace docent::engine
