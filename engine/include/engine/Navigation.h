#pragma once
// How a visitor moves through a gallery: walking at eye height with collision (WalkController),
// turning around a picked point (OrbitController), gliding to a viewpoint (FlyTo), and where to
// stand to look at an artwork (viewpointFacing).
//
// Threads: none of these touch shared state; each object belongs to the thread that updates its
// camera (the render thread in the app). The Bvh passed in is only read.
// Failure: nothing throws beyond std::bad_alloc. A move the world does not allow (into a wall,
// over a drop, up a too-steep slope) is not an error: the visitor stops or slides.

#include <glm/glm.hpp>

#include "engine/Bvh.h"
#include "engine/Camera.h"

namespace docent::engine {

constexpr float kEyeHeight = 1.6f; // metres from the floor to the eye

// One frame of visitor input, already mapped from keys, mouse or gamepad.
struct MoveInput {
    float forward = 0.0f;          // -1..1, forward positive
    float strafe = 0.0f;           // -1..1, right positive
    float lookYawDegrees = 0.0f;   // added to the yaw this frame; positive turns left
    float lookPitchDegrees = 0.0f; // added to the pitch this frame; positive looks up
    bool run = false;
};

// First-person walking. The body is a column of spheres from just above step height up to the
// top of the head; it slides along walls, steps up stairs and kerbs, follows ramps and stairs
// down, falls (with gravity) off small ledges and refuses to walk over drops deeper than
// kMaxDrop or up slopes steeper than kMaxSlopeDegrees. The camera's eye stays kEyeHeight above
// the floor under its centre.
//
// Deterministic: the same camera, inputs and time steps give bit-identical results. The
// controller holds only the falling state; call reset() (or placeOnGround()) after moving the
// camera by other means.
class WalkController {
public:
    static constexpr float kWalkSpeed = 1.4f;        // metres per second
    static constexpr float kRunSpeed = 3.0f;         // metres per second
    static constexpr float kBodyRadius = 0.25f;      // metres; the eye keeps this far from walls
    static constexpr float kHeadClearance = 0.1f;    // metres above the eye the body reaches
    static constexpr float kMaxStepUp = 0.35f;       // metres; higher risers are walls
    static constexpr float kSnapDown = 0.35f;        // metres; lower steps are ledges to fall off
    static constexpr float kMaxDrop = 1.0f;          // metres; deeper drops are not walked into
    static constexpr float kMaxSlopeDegrees = 50.0f; // steeper ground is not climbed
    static constexpr float kGravity = 9.81f;         // metres per second squared
    static constexpr float kMaxFrameSeconds = 1.0f;  // a longer frame (a stall) is cut to this

    // Moves and turns the camera for one frame of dtSeconds. A camera with no floor within
    // kMaxDrop below its feet does not move (only turns): use placeOnGround() first.
    void update(Camera& camera, const MoveInput& input, float dtSeconds, const Bvh& world);

    // Puts the eye kEyeHeight above the first floor below the camera (searching searchMetres
    // down from the eye) and clears the falling state. Returns false, leaving the camera alone,
    // if there is no floor.
    bool placeOnGround(Camera& camera, const Bvh& world, float searchMetres = 100.0f);

    void reset();
    bool grounded() const { return m_grounded; }

private:
    glm::vec3 moveHorizontally(const glm::vec3& feet, const glm::vec3& delta,
                               const Bvh& world) const;
    bool tryMove(const glm::vec3& feet, const glm::vec3& delta, const Bvh& world,
                 glm::vec3& result) const;
    glm::vec3 applyVertical(const glm::vec3& feet, float dtSeconds, const Bvh& world);

    float m_fallSpeed = 0.0f; // metres per second, downwards
    bool m_grounded = true;
};

// Turns the camera around a pivot (for instance a picked point) and moves it nearer or further.
// The pivot keeps its place on screen: the camera is rotated about it rather than re-aimed, so
// picking a point off-centre does not make the view jump.
class OrbitController {
public:
    static constexpr float kZoomRatio = 0.9f; // distance factor per unit of zoomDelta

    void setPivot(const glm::vec3& pivot) { m_pivot = pivot; }
    const glm::vec3& pivot() const { return m_pivot; }
    // Ignored unless 0 < minMetres <= maxMetres.
    void setDistanceLimits(float minMetres, float maxMetres);
    float minDistance() const { return m_minDistance; }
    float maxDistance() const { return m_maxDistance; }

    // Positive dYawDegrees swings the view left (the camera's yaw grows by it), positive
    // dPitchDegrees looks up (pitch stays within ±Camera::kMaxPitchDegrees), positive
    // zoomDelta moves in (distance times kZoomRatio per unit). The distance to the pivot ends
    // within the limits; the near plane is lowered when needed so the pivot is not clipped.
    void update(Camera& camera, float dYawDegrees, float dPitchDegrees, float zoomDelta) const;

private:
    glm::vec3 m_pivot{0.0f};
    float m_minDistance = 0.05f;  // metres
    float m_maxDistance = 500.0f; // metres
};

// A smooth flight from one camera pose to another: ease in and out, straight line, yaw the
// short way round; lens values are blended, the near/far planes span both ends during the flight.
class FlyTo {
public:
    // A duration of zero (reduced motion) makes the next update() jump to the target.
    void start(const Camera& from, const Camera& to, float durationSeconds);
    void cancel() { m_active = false; }
    bool active() const { return m_active; }
    // 0 at the start, 1 once arrived.
    float progress() const;
    // Advances the flight and writes the pose into camera; once arrived, camera equals the
    // target exactly and the flight ends. Does nothing when no flight is active.
    void update(Camera& camera, float dtSeconds);

private:
    Camera m_from;
    Camera m_to;
    float m_duration = 0.0f; // seconds
    float m_elapsed = 0.0f;  // seconds
    bool m_active = false;
};

// Where to stand to look at an artwork: distance metres out along the surface normal projected
// onto the floor plane, level with point and looking straight at it. A horizontal artwork (normal
// straight up or down) is viewed from along its normal instead.
Camera viewpointFacing(const glm::vec3& point, const glm::vec3& normal, float distance);
// The same place, but with the eye kEyeHeight above floorY, looking at point.
Camera viewpointFacing(const glm::vec3& point, const glm::vec3& normal, float distance,
                       float floorY);

} // namespace docent::engine
