#include "engine/Navigation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <vector>

#include <glm/gtc/matrix_transform.hpp>

namespace docent::engine {

namespace {

using Walk = WalkController;

// Per substep the body moves less than its radius, so a sphere's centre can never cross a wall
// plane between two collision checks however long the frame: no tunnelling through thin walls.
constexpr float kMaxSubstepDistance = 0.1f;        // metres
constexpr float kMaxSubstepSeconds = 1.0f / 60.0f; // seconds; keeps falls accurate
constexpr int kBodySpheres = 4;
// The lowest sphere's bottom sits this far above the step height, so stairs never touch it.
constexpr float kBodyStepClearance = 0.05f; // metres
constexpr int kMaxPushIterations = 8;
constexpr float kSkin = 0.001f; // metres left between body and wall after a push
// Penetration a move may add before it is refused (a ceiling, a too-high step under a beam).
constexpr float kPenetrationTolerance = 0.005f; // metres
// Contacts whose normal is nearly vertical (floors, ceilings) cannot be resolved sideways.
constexpr float kMinWallNormalXZ = 0.3f;
constexpr float kGroundEpsilon = 0.001f;    // metres; ground this close counts as level
constexpr float kTerminalSpeed = 20.0f;     // metres per second
constexpr float kHorizontalEpsilon = 1e-4f; // below this a normal counts as vertical
constexpr float kOrbitNearFraction = 0.25f; // of the pivot distance, at most, for the near plane

float sphereHeight(int i) {
    const float lowest = Walk::kMaxStepUp + kBodyStepClearance + Walk::kBodyRadius;
    const float highest = kEyeHeight + Walk::kHeadClearance - Walk::kBodyRadius;
    return lowest + (highest - lowest) * static_cast<float>(i) / (kBodySpheres - 1);
}

struct Ground {
    float height = 0.0f;
    glm::vec3 normal{0.0f, 1.0f, 0.0f};
};

// The first surface straight below the feet, looking from `above` metres over them down to
// `below` metres under them.
std::optional<Ground> probeGround(const Bvh& world, const glm::vec3& feet, float above,
                                  float below) {
    Ray ray;
    ray.origin = feet + glm::vec3(0.0f, above, 0.0f);
    ray.direction = {0.0f, -1.0f, 0.0f};
    const std::optional<BvhHit> hit = world.intersect(ray, above + below);
    if (!hit) {
        return std::nullopt;
    }
    return Ground{hit->point.y, hit->normal};
}

float deepestPenetration(const glm::vec3& feet, const Bvh& world,
                         std::vector<SphereContact>& scratch) {
    float deepest = 0.0f;
    for (int i = 0; i < kBodySpheres; ++i) {
        scratch.clear();
        world.overlapSphere(feet + glm::vec3(0.0f, sphereHeight(i), 0.0f), Walk::kBodyRadius,
                            scratch);
        for (const SphereContact& contact : scratch) {
            deepest = std::max(deepest, Walk::kBodyRadius - contact.distance);
        }
    }
    return deepest;
}

// Pushes the body sideways out of walls, deepest contact first, one contact per iteration:
// two triangles of one wall report the same contact, and pushing for both would over-push.
// What is left (floors, ceilings) is judged by the caller.
glm::vec3 pushOutOfWalls(glm::vec3 feet, const Bvh& world, std::vector<SphereContact>& scratch) {
    for (int iteration = 0; iteration < kMaxPushIterations; ++iteration) {
        float bestPush = 0.0f;
        glm::vec3 bestDirection{0.0f};
        for (int i = 0; i < kBodySpheres; ++i) {
            scratch.clear();
            world.overlapSphere(feet + glm::vec3(0.0f, sphereHeight(i), 0.0f), Walk::kBodyRadius,
                                scratch);
            for (const SphereContact& contact : scratch) {
                const glm::vec3 horizontal(contact.normal.x, 0.0f, contact.normal.z);
                const float length = glm::length(horizontal);
                if (length < kMinWallNormalXZ) {
                    continue;
                }
                // Moving sideways by s gains s * length along a tilted normal.
                const float push = (Walk::kBodyRadius - contact.distance) / length;
                if (push > bestPush) {
                    bestPush = push;
                    bestDirection = horizontal / length;
                }
            }
        }
        if (bestPush <= 0.0f) {
            break;
        }
        feet += bestDirection * (bestPush + kSkin);
    }
    return feet;
}

} // namespace

void WalkController::reset() {
    m_fallSpeed = 0.0f;
    m_grounded = true;
}

bool WalkController::placeOnGround(Camera& camera, const Bvh& world, float searchMetres) {
    Ray ray;
    ray.origin = camera.position;
    ray.direction = {0.0f, -1.0f, 0.0f};
    const std::optional<BvhHit> hit = world.intersect(ray, searchMetres);
    if (!hit) {
        return false;
    }
    camera.position.y = hit->point.y + kEyeHeight;
    reset();
    return true;
}

void WalkController::update(Camera& camera, const MoveInput& input, float dtSeconds,
                            const Bvh& world) {
    camera.yawDegrees = wrapDegrees(camera.yawDegrees + input.lookYawDegrees);
    camera.pitchDegrees = std::clamp(camera.pitchDegrees + input.lookPitchDegrees,
                                     -Camera::kMaxPitchDegrees, Camera::kMaxPitchDegrees);
    const float dt = std::min(dtSeconds, kMaxFrameSeconds);
    if (!(dt > 0.0f)) {
        return;
    }

    // Walking ignores pitch: looking at a ceiling painting must not slow the visitor down.
    const float yaw = glm::radians(camera.yawDegrees);
    const glm::vec3 ahead(-std::sin(yaw), 0.0f, -std::cos(yaw));
    const glm::vec3 right(std::cos(yaw), 0.0f, -std::sin(yaw));
    glm::vec2 stick(std::clamp(input.strafe, -1.0f, 1.0f), std::clamp(input.forward, -1.0f, 1.0f));
    if (glm::length(stick) > 1.0f) {
        stick = glm::normalize(stick); // diagonals are no faster
    }
    const float speed = input.run ? kRunSpeed : kWalkSpeed;
    const glm::vec3 velocity = (right * stick.x + ahead * stick.y) * speed;

    const float distance = glm::length(velocity) * dt;
    const int steps = std::max({1, static_cast<int>(std::ceil(distance / kMaxSubstepDistance)),
                                static_cast<int>(std::ceil(dt / kMaxSubstepSeconds))});
    const float h = dt / static_cast<float>(steps);

    glm::vec3 feet = camera.position - glm::vec3(0.0f, kEyeHeight, 0.0f);
    for (int step = 0; step < steps; ++step) {
        if (distance > 0.0f) {
            feet = moveHorizontally(feet, velocity * h, world);
        }
        feet = applyVertical(feet, h, world);
    }
    camera.position = feet + glm::vec3(0.0f, kEyeHeight, 0.0f);
}

glm::vec3 WalkController::moveHorizontally(const glm::vec3& feet, const glm::vec3& delta,
                                           const Bvh& world) const {
    glm::vec3 result;
    if (tryMove(feet, delta, world, result)) {
        return result;
    }
    // Refused (a drop, a steep slope, a low ceiling): try each world axis alone, the larger
    // first, so the visitor slides along an edge rather than stopping dead. Walls need no such
    // help: pushOutOfWalls() already slides along them.
    const glm::vec3 alongX(delta.x, 0.0f, 0.0f);
    const glm::vec3 alongZ(0.0f, 0.0f, delta.z);
    const bool xFirst = std::abs(delta.x) >= std::abs(delta.z);
    for (const glm::vec3& part : {xFirst ? alongX : alongZ, xFirst ? alongZ : alongX}) {
        if (part != glm::vec3(0.0f) && tryMove(feet, part, world, result)) {
            return result;
        }
    }
    return feet;
}

bool WalkController::tryMove(const glm::vec3& feet, const glm::vec3& delta, const Bvh& world,
                             glm::vec3& result) const {
    std::vector<SphereContact> scratch;
    // A body that starts inside something (placed there by a jump or a bad viewpoint) may still
    // move, as long as the move does not make things worse.
    const float before = deepestPenetration(feet, world, scratch);

    glm::vec3 p = pushOutOfWalls(feet + delta, world, scratch);
    const std::optional<Ground> ground = probeGround(world, p, kMaxStepUp, kMaxDrop);
    if (!ground) {
        return false; // a hole, or the edge of the world
    }
    const float minGroundNormalY = std::cos(glm::radians(kMaxSlopeDegrees));
    if (ground->height > feet.y + kGroundEpsilon && ground->normal.y < minGroundNormalY) {
        return false;
    }
    if (m_grounded ? ground->height >= feet.y - kSnapDown : ground->height > feet.y) {
        p.y = ground->height; // step up, or follow stairs and ramps down
    } else {
        p.y = feet.y; // airborne, or stepping off a ledge: applyVertical() lets it fall
    }
    if (deepestPenetration(p, world, scratch) > before + kPenetrationTolerance) {
        return false;
    }
    result = p;
    return true;
}

glm::vec3 WalkController::applyVertical(const glm::vec3& feet, float dtSeconds, const Bvh& world) {
    const std::optional<Ground> ground = probeGround(world, feet, kMaxStepUp, kMaxDrop);
    if (!ground) {
        m_fallSpeed = 0.0f;
        return feet;
    }
    glm::vec3 p = feet;
    if (m_grounded && ground->height >= feet.y - kSnapDown) {
        p.y = ground->height;
        return p;
    }
    m_grounded = false;
    m_fallSpeed = std::min(m_fallSpeed + kGravity * dtSeconds, kTerminalSpeed);
    p.y -= m_fallSpeed * dtSeconds;
    if (p.y <= ground->height) {
        p.y = ground->height;
        m_fallSpeed = 0.0f;
        m_grounded = true;
    }
    return p;
}

void OrbitController::setDistanceLimits(float minMetres, float maxMetres) {
    if (minMetres > 0.0f && minMetres <= maxMetres) {
        m_minDistance = minMetres;
        m_maxDistance = maxMetres;
    }
}

void OrbitController::update(Camera& camera, float dYawDegrees, float dPitchDegrees,
                             float zoomDelta) const {
    glm::vec3 offset = camera.position - m_pivot;
    float distance = glm::length(offset);
    if (!(distance > 0.0f)) {
        // Standing on the pivot: back off along the view direction to have something to orbit.
        offset = -camera.forward();
        distance = 1.0f;
    }

    const float pitch = std::clamp(camera.pitchDegrees + dPitchDegrees, -Camera::kMaxPitchDegrees,
                                   Camera::kMaxPitchDegrees);
    const float pitchChange = pitch - camera.pitchDegrees;
    // Rotating the offset and the view direction by the same rotation keeps the pivot where it
    // was on screen. Pitch turns about the camera's right axis, yaw about world up.
    glm::mat4 rotation = glm::rotate(glm::mat4(1.0f), glm::radians(dYawDegrees), {0, 1, 0});
    rotation = glm::rotate(rotation, glm::radians(pitchChange), camera.right());
    offset = glm::vec3(rotation * glm::vec4(offset, 0.0f));

    const float newDistance =
        std::clamp(distance * std::pow(kZoomRatio, zoomDelta), m_minDistance, m_maxDistance);
    camera.position = m_pivot + glm::normalize(offset) * newDistance;
    camera.yawDegrees = wrapDegrees(camera.yawDegrees + dYawDegrees);
    camera.pitchDegrees = pitch;
    camera.nearPlane = std::min(camera.nearPlane, newDistance * kOrbitNearFraction);
}

void FlyTo::start(const Camera& from, const Camera& to, float durationSeconds) {
    m_from = from;
    m_to = to;
    m_duration = std::max(durationSeconds, 0.0f);
    m_elapsed = 0.0f;
    m_active = true;
}

float FlyTo::progress() const {
    if (!m_active) {
        return 1.0f;
    }
    return m_duration > 0.0f ? std::min(m_elapsed / m_duration, 1.0f) : 0.0f;
}

void FlyTo::update(Camera& camera, float dtSeconds) {
    if (!m_active) {
        return;
    }
    m_elapsed += std::max(dtSeconds, 0.0f);
    if (m_duration <= 0.0f || m_elapsed >= m_duration) {
        camera = m_to;
        m_active = false;
        return;
    }
    const float s = m_elapsed / m_duration;
    const float eased = s * s * (3.0f - 2.0f * s); // zero slope at both ends: no jolt

    camera.position = glm::mix(m_from.position, m_to.position, eased);
    camera.yawDegrees =
        m_from.yawDegrees + wrapDegrees(m_to.yawDegrees - m_from.yawDegrees) * eased;
    camera.pitchDegrees = glm::mix(m_from.pitchDegrees, m_to.pitchDegrees, eased);
    camera.verticalFovDegrees = glm::mix(m_from.verticalFovDegrees, m_to.verticalFovDegrees, eased);
    // Both ends must stay unclipped all the way, so the planes span both.
    camera.nearPlane = std::min(m_from.nearPlane, m_to.nearPlane);
    camera.farPlane = std::max(m_from.farPlane, m_to.farPlane);
}

Camera viewpointFacing(const glm::vec3& point, const glm::vec3& normal, float distance) {
    Camera camera;
    const glm::vec3 horizontal(normal.x, 0.0f, normal.z);
    const float length = glm::length(horizontal);
    if (length > kHorizontalEpsilon) {
        camera.position = point + horizontal / length * distance;
    } else {
        const float normalLength = glm::length(normal);
        const glm::vec3 away =
            normalLength > 0.0f ? normal / normalLength : glm::vec3(0.0f, 1.0f, 0.0f);
        camera.position = point + away * distance;
    }
    camera.lookAt(point);
    return camera;
}

Camera viewpointFacing(const glm::vec3& point, const glm::vec3& normal, float distance,
                       float floorY) {
    Camera camera = viewpointFacing(point, normal, distance);
    camera.position.y = floorY + kEyeHeight;
    camera.lookAt(point);
    return camera;
}

} // namespace docent::engine
