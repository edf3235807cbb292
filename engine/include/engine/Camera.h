#pragma once
// The viewer's eye and what it can see. Camera is a plain pose plus lens (yaw/pitch rather than
// a quaternion: a visitor never rolls, and controllers reason in "turn left" and "look up").
// Frustum turns a view-projection matrix into six planes for culling boxes.
//
// World conventions are glTF's: +Y up, metres, right-handed. Yaw 0 looks along -Z, positive yaw
// turns left (towards -X), positive pitch looks up. Clip space is OpenGL's (depth -1..1).
//
// Threads: plain values, any thread. Nothing here fails: degenerate inputs (an empty box, a
// zero aspect, looking at one's own position) leave a usable camera, as documented per function.

#include <array>

#include <glm/glm.hpp>

#include "engine/Math.h"

namespace docent::engine {

struct Camera {
    static constexpr float kMaxPitchDegrees = 89.0f; // never straight up or down: yaw stays defined

    glm::vec3 position{0.0f}; // metres, world space
    float yawDegrees = 0.0f;
    float pitchDegrees = 0.0f; // kept within ±kMaxPitchDegrees by the functions below
    float verticalFovDegrees = 60.0f;
    float nearPlane = 0.05f;  // metres
    float farPlane = 1000.0f; // metres

    // Unit view direction: (-sin yaw cos pitch, sin pitch, -cos yaw cos pitch).
    glm::vec3 forward() const;
    // Unit, horizontal, to the right of forward().
    glm::vec3 right() const;
    // Unit, perpendicular to forward() and right() (tilts with pitch).
    glm::vec3 up() const;
    glm::mat4 view() const;
    // aspect = width / height; a non-positive aspect is treated as 1.
    glm::mat4 projection(float aspect) const;

    // The world-space ray through a point of the image given in normalised device coordinates
    // (x, y in -1..1, +y up), starting at the camera position. For picking.
    Ray rayThrough(const glm::vec2& ndc, float aspect) const;

    // A camera in front of the box (on its +Z side), slightly above, looking at its centre and
    // far enough back that the whole box is in view, with near/far planes fitted to the box so
    // that a 5 cm model and a 500 m one both render without clipping. An empty box is treated as
    // a unit cube at the origin.
    static Camera fitToBounds(const Aabb& bounds, float aspect);

    // Turns the camera towards target (sets yaw and pitch, pitch clamped). No change if target
    // is the camera position; yaw is kept when target is straight above or below.
    void lookAt(const glm::vec3& target);
};

// Wraps an angle into [-180, 180).
float wrapDegrees(float degrees);

// View-frustum culling with planes extracted from a view-projection matrix (OpenGL clip space).
// Conservative: a box is only rejected when it lies wholly outside one plane, so a few boxes
// near the frustum's edges are kept although invisible; a visible box is never rejected.
class Frustum {
public:
    explicit Frustum(const glm::mat4& viewProjection);

    bool intersects(const Aabb& box) const; // false for an empty box
    bool contains(const glm::vec3& point) const;

private:
    // Left, right, bottom, top, near, far; xyz is the unit inward normal, w the offset.
    std::array<glm::vec4, 6> m_planes{};
};

} // namespace docent::engine
