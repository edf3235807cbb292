#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <glm/glm.hpp>

#include "engine/Bvh.h"
#include "engine/Camera.h"
#include "engine/Navigation.h"

using namespace docent::engine;

namespace {

constexpr float kFrame = 1.0f / 60.0f; // seconds
constexpr float kWallInner = 9.9f;     // metres from the centre to the room's inner wall faces

void addQuad(std::vector<glm::vec3>& out, glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d) {
    out.insert(out.end(), {a, b, c, a, c, d});
}

void addBox(std::vector<glm::vec3>& out, glm::vec3 lo, glm::vec3 hi) {
    const glm::vec3 p[8] = {{lo.x, lo.y, lo.z}, {hi.x, lo.y, lo.z}, {hi.x, hi.y, lo.z},
                            {lo.x, hi.y, lo.z}, {lo.x, lo.y, hi.z}, {hi.x, lo.y, hi.z},
                            {hi.x, hi.y, hi.z}, {lo.x, hi.y, hi.z}};
    addQuad(out, p[0], p[1], p[2], p[3]); // -Z
    addQuad(out, p[5], p[4], p[7], p[6]); // +Z
    addQuad(out, p[4], p[0], p[3], p[7]); // -X
    addQuad(out, p[1], p[5], p[6], p[2]); // +X
    addQuad(out, p[3], p[2], p[6], p[7]); // +Y
    addQuad(out, p[4], p[5], p[1], p[0]); // -Y
}

void addFloor(std::vector<glm::vec3>& out, float x0, float x1, float z0, float z1, float y) {
    addQuad(out, {x0, y, z0}, {x1, y, z0}, {x1, y, z1}, {x0, y, z1});
}

// A 20 m x 20 m room, floor at y = 0, walls 3 m high, with:
//   stairs  x -6..-4: four 0.2 m risers climbing towards -Z from z = 0 to a 0.8 m landing;
//   ramp    x 0..2: from the floor at z = 4 up to a 1 m platform at z = 8..9.9;
//   ledge   x 6..9, z 2..6: a 0.6 m high stage;
//   pit     x 4..6, z -6..-4: a 3 m deep hole in the floor;
//   block   x -9..-7, z -2..-1: 0.5 m high, too high to step onto;
//   thin    x -9..-1, z 6..6.01: a 1 cm thick wall;
//   slope   x 7..9: a 60 degree wedge rising towards -Z from z = -6, too steep to climb.
Bvh buildRoom() {
    std::vector<glm::vec3> p;
    addFloor(p, -10, 4, -10, 10, 0);
    addFloor(p, 6, 10, -10, 10, 0);
    addFloor(p, 4, 6, -10, -6, 0);
    addFloor(p, 4, 6, -4, 10, 0);
    addFloor(p, 4, 6, -6, -4, -3); // the pit's bottom
    addQuad(p, {4, -3, -6}, {4, -3, -4}, {4, 0, -4}, {4, 0, -6});
    addQuad(p, {6, -3, -6}, {6, -3, -4}, {6, 0, -4}, {6, 0, -6});
    addQuad(p, {4, -3, -6}, {6, -3, -6}, {6, 0, -6}, {4, 0, -6});
    addQuad(p, {4, -3, -4}, {6, -3, -4}, {6, 0, -4}, {4, 0, -4});

    addBox(p, {-10, 0, -10}, {10, 3, -kWallInner});
    addBox(p, {-10, 0, kWallInner}, {10, 3, 10});
    addBox(p, {-10, 0, -10}, {-kWallInner, 3, 10});
    addBox(p, {kWallInner, 0, -10}, {10, 3, 10});

    for (int i = 0; i < 3; ++i) {
        const float fi = static_cast<float>(i);
        addBox(p, {-6, 0, -(fi + 1) * 0.4f}, {-4, (fi + 1) * 0.2f, -fi * 0.4f});
    }
    addBox(p, {-6, 0, -4}, {-4, 0.8f, -1.2f}); // the landing

    addBox(p, {0, 0, 8}, {2, 1, kWallInner});
    addQuad(p, {0, 0, 4}, {2, 0, 4}, {2, 1, 8}, {0, 1, 8}); // the ramp's surface
    p.insert(p.end(), {{0, 0, 4}, {0, 0, 8}, {0, 1, 8}, {2, 0, 4}, {2, 0, 8}, {2, 1, 8}});

    addBox(p, {6, 0, 2}, {9, 0.6f, 6});
    addBox(p, {-9, 0, -2}, {-7, 0.5f, -1});
    addBox(p, {-9, 0, 6}, {-1, 3, 6.01f});

    const float slopeTop = 1.5f * std::tan(glm::radians(60.0f));
    addQuad(p, {7, 0, -6}, {9, 0, -6}, {9, slopeTop, -7.5f}, {7, slopeTop, -7.5f});
    addQuad(p, {7, 0, -7.5f}, {9, 0, -7.5f}, {9, slopeTop, -7.5f}, {7, slopeTop, -7.5f});
    p.insert(p.end(), {{7, 0, -6}, {7, 0, -7.5f}, {7, slopeTop, -7.5f}});
    p.insert(p.end(), {{9, 0, -6}, {9, 0, -7.5f}, {9, slopeTop, -7.5f}});

    Bvh bvh;
    bvh.build(std::move(p), {});
    return bvh;
}

const Bvh& room() {
    static const Bvh bvh = buildRoom();
    return bvh;
}

Camera standingAt(float x, float floorY, float z, float yawDegrees) {
    Camera camera;
    camera.position = {x, floorY + kEyeHeight, z};
    camera.yawDegrees = yawDegrees;
    return camera;
}

MoveInput walkForward(bool run = false) {
    MoveInput input;
    input.forward = 1.0f;
    input.run = run;
    return input;
}

bool sameCamera(const Camera& a, const Camera& b) {
    return a.position == b.position && a.yawDegrees == b.yawDegrees &&
           a.pitchDegrees == b.pitchDegrees && a.verticalFovDegrees == b.verticalFovDegrees &&
           a.nearPlane == b.nearPlane && a.farPlane == b.farPlane;
}

} // namespace

TEST_CASE("Walking on flat ground keeps the eye at eye height", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(0.0f, 0.0f, 0.0f, 0.0f);
    MoveInput input;
    input.forward = 0.7f;
    input.strafe = -0.7f;
    input.lookYawDegrees = 0.5f;
    for (int frame = 0; frame < 120; ++frame) {
        walk.update(camera, input, kFrame, room());
        REQUIRE(camera.position.y == Approx(kEyeHeight).margin(1e-5));
    }
    CHECK(walk.grounded());
    // Two seconds at walking speed (diagonal input is no faster than straight).
    CHECK(glm::length(glm::vec2(camera.position.x, camera.position.z)) <
          2.0f * WalkController::kWalkSpeed + 1e-3f);
    CHECK(glm::length(glm::vec2(camera.position.x, camera.position.z)) > 1.5f);
}

TEST_CASE("Look input turns the camera and pitch is clamped", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(0.0f, 0.0f, 0.0f, 170.0f);
    MoveInput input;
    input.lookYawDegrees = 20.0f;
    input.lookPitchDegrees = 120.0f;
    walk.update(camera, input, kFrame, room());
    CHECK(camera.yawDegrees == Approx(-170.0f));
    CHECK(camera.pitchDegrees == Approx(Camera::kMaxPitchDegrees));
    // Looking up does not slow walking down.
    const glm::vec3 before = camera.position;
    walk.update(camera, walkForward(), 1.0f, room());
    CHECK(glm::length(camera.position - before) == Approx(WalkController::kWalkSpeed));
}

TEST_CASE("Walking into a wall stops before it", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(0.0f, 0.0f, -7.0f, 0.0f);
    for (int frame = 0; frame < 300; ++frame) {
        walk.update(camera, walkForward(), kFrame, room());
        REQUIRE(camera.position.z >= -kWallInner + WalkController::kBodyRadius - 1e-4f);
        REQUIRE(camera.position.y == Approx(kEyeHeight).margin(1e-5));
    }
    CHECK(camera.position.z == Approx(-kWallInner + WalkController::kBodyRadius).margin(0.01));
    CHECK(camera.position.x == Approx(0.0f).margin(1e-4));
}

TEST_CASE("Walking into a wall at an angle slides along it", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(0.0f, 0.0f, -8.5f, 45.0f); // heading -X and -Z
    for (int frame = 0; frame < 300; ++frame) {
        const float xBefore = camera.position.x;
        walk.update(camera, walkForward(), kFrame, room());
        REQUIRE(camera.position.z >= -kWallInner + WalkController::kBodyRadius - 1e-4f);
        REQUIRE(camera.position.x < xBefore); // never stuck
    }
    CHECK(camera.position.x < -3.0f);
}

TEST_CASE("Steps higher than the step limit are walls", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(-8.0f, 0.0f, 1.0f, 0.0f);
    for (int frame = 0; frame < 180; ++frame) {
        walk.update(camera, walkForward(), kFrame, room());
    }
    CHECK(camera.position.y == Approx(kEyeHeight).margin(1e-5));
    CHECK(camera.position.z > -1.0f);
}

TEST_CASE("Slopes steeper than the limit are not climbed", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(8.0f, 0.0f, -3.0f, 0.0f);
    for (int frame = 0; frame < 240; ++frame) {
        walk.update(camera, walkForward(), kFrame, room());
        REQUIRE(camera.position.y == Approx(kEyeHeight).margin(1e-5));
    }
    CHECK(camera.position.z > -6.1f);
    CHECK(camera.position.z < -5.8f); // it did get to the foot of the slope
}

TEST_CASE("Walking up the stairs raises the eye by the stair height", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(-5.0f, 0.0f, 1.5f, 0.0f);
    float previous = camera.position.y;
    for (int frame = 0; frame < 150; ++frame) {
        walk.update(camera, walkForward(), kFrame, room());
        REQUIRE(camera.position.y >= previous); // climbing never dips
        previous = camera.position.y;
    }
    CHECK(camera.position.z < -1.5f); // well onto the landing
    CHECK(camera.position.y == Approx(0.8f + kEyeHeight).margin(1e-5));

    // And down again, following each step.
    camera.yawDegrees = 180.0f;
    for (int frame = 0; frame < 150; ++frame) {
        walk.update(camera, walkForward(), kFrame, room());
        REQUIRE(walk.grounded());
    }
    CHECK(camera.position.z > 0.5f);
    CHECK(camera.position.y == Approx(kEyeHeight).margin(1e-5));
}

TEST_CASE("Walking along the ramp follows its surface", "[navigation]") {
    auto rampHeight = [](float z) { return std::clamp((z - 4.0f) / 4.0f, 0.0f, 1.0f); };

    SECTION("down") {
        WalkController walk;
        Camera camera = standingAt(1.0f, 1.0f, 9.3f, 0.0f);
        for (int frame = 0; frame < 300; ++frame) {
            walk.update(camera, walkForward(), kFrame, room());
            REQUIRE(walk.grounded());
            REQUIRE(camera.position.y ==
                    Approx(rampHeight(camera.position.z) + kEyeHeight).margin(1e-4));
        }
        CHECK(camera.position.z < 3.0f);
        CHECK(camera.position.y == Approx(kEyeHeight).margin(1e-5));
    }
    SECTION("up, running") {
        WalkController walk;
        Camera camera = standingAt(1.0f, 0.0f, 2.5f, 180.0f);
        for (int frame = 0; frame < 120; ++frame) {
            walk.update(camera, walkForward(true), kFrame, room());
            REQUIRE(camera.position.y ==
                    Approx(rampHeight(camera.position.z) + kEyeHeight).margin(1e-4));
        }
        CHECK(camera.position.z > 8.0f);
        CHECK(camera.position.y == Approx(1.0f + kEyeHeight).margin(1e-5));
    }
}

TEST_CASE("Walking toward a deep hole stops at its edge", "[navigation]") {
    SECTION("straight at it") {
        WalkController walk;
        Camera camera = standingAt(5.0f, 0.0f, -1.0f, 0.0f);
        for (int frame = 0; frame < 300; ++frame) {
            walk.update(camera, walkForward(true), kFrame, room());
            REQUIRE(camera.position.y == Approx(kEyeHeight).margin(1e-5));
        }
        CHECK(camera.position.z > -4.0f);
        CHECK(camera.position.z < -3.8f); // it did get to the edge
    }
    SECTION("at an angle: slides along the edge, never over the hole") {
        WalkController walk;
        Camera camera = standingAt(5.5f, 0.0f, -3.0f, 30.0f);
        for (int frame = 0; frame < 300; ++frame) {
            walk.update(camera, walkForward(), kFrame, room());
            const glm::vec3& p = camera.position;
            REQUIRE_FALSE((p.x > 4.0f && p.x < 6.0f && p.z < -4.0f && p.z > -6.0f));
            REQUIRE(p.y == Approx(kEyeHeight).margin(1e-5));
        }
        CHECK(camera.position.x < 4.0f); // it went round
        CHECK(camera.position.z < -4.0f);
    }
}

TEST_CASE("Stepping off a small ledge falls under gravity", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(7.5f, 0.6f, 5.0f, 0.0f);
    bool sawMidAir = false;
    float previous = camera.position.y;
    for (int frame = 0; frame < 240; ++frame) {
        walk.update(camera, walkForward(), kFrame, room());
        const float y = camera.position.y;
        REQUIRE(y <= previous);
        previous = y;
        if (y < 0.6f + kEyeHeight - 0.05f && y > kEyeHeight + 0.05f) {
            sawMidAir = true;
            CHECK_FALSE(walk.grounded());
        }
    }
    CHECK(sawMidAir); // a fall, not a teleport
    CHECK(walk.grounded());
    CHECK(camera.position.z < 2.0f);
    CHECK(camera.position.y == Approx(kEyeHeight).margin(1e-5));
}

TEST_CASE("A huge time step does not tunnel through a thin wall", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(-5.0f, 0.0f, 7.5f, 0.0f);
    walk.update(camera, walkForward(true), 1.0f, room()); // 3 m: would end 1.5 m past the wall
    CHECK(camera.position.z >= 6.01f + WalkController::kBodyRadius - 1e-4f);
    walk.update(camera, walkForward(true), 1000.0f, room());
    CHECK(camera.position.z >= 6.01f + WalkController::kBodyRadius - 1e-4f);
    CHECK(camera.position.y == Approx(kEyeHeight).margin(1e-5));
}

TEST_CASE("Walking is deterministic", "[navigation]") {
    auto run = [] {
        WalkController walk;
        Camera camera = standingAt(-5.0f, 0.0f, 1.5f, 10.0f);
        for (int frame = 0; frame < 400; ++frame) {
            MoveInput input;
            input.forward = 1.0f;
            input.strafe = std::sin(static_cast<float>(frame) * 0.05f);
            input.lookYawDegrees = frame % 100 < 50 ? 0.7f : -0.9f;
            input.run = frame % 150 > 75;
            walk.update(camera, input, frame % 3 == 0 ? 0.031f : 0.007f, room());
        }
        return camera;
    };
    const Camera first = run();
    const Camera second = run();
    CHECK(sameCamera(first, second));
}

TEST_CASE("placeOnGround puts the eye above the floor below", "[navigation]") {
    WalkController walk;
    Camera camera = standingAt(-5.0f, 10.0f, -3.0f, 0.0f); // above the stair landing
    REQUIRE(walk.placeOnGround(camera, room()));
    CHECK(camera.position.y == Approx(0.8f + kEyeHeight).margin(1e-5));
    camera.position = {50.0f, 5.0f, 50.0f}; // outside the room: nothing below
    CHECK_FALSE(walk.placeOnGround(camera, room()));
    CHECK(camera.position == glm::vec3(50.0f, 5.0f, 50.0f));
}

TEST_CASE("Orbit keeps the pivot in place and the distance within limits", "[navigation]") {
    OrbitController orbit;
    orbit.setPivot({1.0f, 1.0f, -2.0f});
    orbit.setDistanceLimits(0.5f, 20.0f);
    Camera camera;
    camera.position = {1.5f, 2.0f, 3.0f};
    camera.lookAt({0.8f, 1.3f, -2.0f}); // the pivot is a little off-centre
    const float aspect = 1.5f;
    auto pivotOnScreen = [&] {
        const glm::vec4 clip =
            camera.projection(aspect) * camera.view() * glm::vec4(orbit.pivot(), 1.0f);
        return glm::vec2(clip) / clip.w;
    };
    const glm::vec2 screen = pivotOnScreen();
    const float distance = glm::length(camera.position - orbit.pivot());

    orbit.update(camera, 35.0f, -20.0f, 0.0f);
    CHECK(glm::length(pivotOnScreen() - screen) < 1e-4f);
    CHECK(glm::length(camera.position - orbit.pivot()) == Approx(distance));

    orbit.update(camera, 0.0f, 0.0f, 100.0f); // zoom far in
    CHECK(glm::length(camera.position - orbit.pivot()) == Approx(0.5f));
    CHECK(camera.nearPlane < 0.5f);
    CHECK(glm::length(pivotOnScreen() - screen) < 1e-4f);
    orbit.update(camera, 0.0f, 0.0f, -100.0f); // and far out
    CHECK(glm::length(camera.position - orbit.pivot()) == Approx(20.0f));

    orbit.update(camera, 0.0f, 500.0f, 0.0f);
    CHECK(camera.pitchDegrees == Approx(Camera::kMaxPitchDegrees));

    const glm::vec3 start = camera.position;
    for (int i = 0; i < 36; ++i) {
        orbit.update(camera, 10.0f, 0.0f, 0.0f);
    }
    CHECK(glm::length(camera.position - start) < 1e-3f);
}

TEST_CASE("FlyTo reaches the target exactly and never backs off", "[navigation]") {
    Camera from;
    from.position = {0.0f, 1.6f, 0.0f};
    from.yawDegrees = 350.0f;
    from.pitchDegrees = -10.0f;
    Camera to;
    to.position = {4.0f, 2.0f, -6.0f};
    to.yawDegrees = 10.0f;
    to.pitchDegrees = 5.0f;
    to.verticalFovDegrees = 45.0f;
    to.nearPlane = 0.01f;

    FlyTo flight;
    CHECK_FALSE(flight.active());
    flight.start(from, to, 1.5f);
    Camera camera = from;
    float previousDistance = glm::length(to.position - camera.position);
    float previousProgress = flight.progress();
    int frames = 0;
    while (flight.active()) {
        flight.update(camera, kFrame);
        ++frames;
        REQUIRE(frames < 200);
        const float distance = glm::length(to.position - camera.position);
        REQUIRE(distance <= previousDistance);
        REQUIRE(flight.progress() >= previousProgress);
        // Yaw goes the short way through 0, never round through 180.
        REQUIRE(std::abs(wrapDegrees(camera.yawDegrees)) <= 10.0f + 1e-3f);
        REQUIRE(camera.nearPlane <= 0.05f);
        previousDistance = distance;
        previousProgress = flight.progress();
    }
    CHECK(frames == Approx(90).margin(1));
    CHECK(sameCamera(camera, to));
    CHECK(flight.progress() == 1.0f);

    SECTION("zero duration jumps at once (reduced motion)") {
        camera = from;
        flight.start(from, to, 0.0f);
        CHECK(flight.active());
        flight.update(camera, 0.0f);
        CHECK_FALSE(flight.active());
        CHECK(sameCamera(camera, to));
    }
}

TEST_CASE("viewpointFacing stands in front of an artwork looking at it", "[navigation]") {
    const glm::vec3 painting(3.0f, 1.5f, -kWallInner);
    const Camera level = viewpointFacing(painting, {0.0f, 0.0f, 1.0f}, 2.0f);
    CHECK(glm::length(level.position - glm::vec3(3.0f, 1.5f, -7.9f)) < 1e-5f);
    CHECK(glm::length(level.forward() - glm::vec3(0.0f, 0.0f, -1.0f)) < 1e-5f);

    // A tilted normal still puts the visitor at the given distance across the floor.
    const Camera standing = viewpointFacing(painting, {0.6f, 0.3f, 0.8f}, 2.5f, 0.0f);
    CHECK(standing.position.y == Approx(kEyeHeight));
    CHECK(glm::length(glm::vec2(standing.position.x - painting.x,
                                standing.position.z - painting.z)) == Approx(2.5f));
    CHECK(glm::length(standing.forward() - glm::normalize(painting - standing.position)) < 1e-5f);

    // A floor mosaic is seen from above.
    const Camera above = viewpointFacing({0.0f, 0.0f, 0.0f}, {0.0f, 1.0f, 0.0f}, 3.0f);
    CHECK(above.position.y == Approx(3.0f));
    CHECK(above.pitchDegrees == Approx(-Camera::kMaxPitchDegrees));
}
