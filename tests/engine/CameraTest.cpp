#include <array>
#include <cmath>

#include <catch2/catch.hpp>
#include <glm/glm.hpp>

#include "engine/Camera.h"

using namespace docent::engine;

namespace {

bool nearlyEqual(const glm::vec3& a, const glm::vec3& b, float tolerance = 1e-5f) {
    return glm::length(a - b) <= tolerance;
}

Aabb box(glm::vec3 min, glm::vec3 max) {
    Aabb b;
    b.extend(min);
    b.extend(max);
    return b;
}

// Whether every corner of the box lies inside the clip volume (|x|, |y|, |z| <= w, w > 0).
bool cornersInsideClipVolume(const Aabb& b, const glm::mat4& viewProjection) {
    for (int i = 0; i < 8; ++i) {
        const glm::vec3 corner((i & 1) ? b.max.x : b.min.x, (i & 2) ? b.max.y : b.min.y,
                               (i & 4) ? b.max.z : b.min.z);
        const glm::vec4 clip = viewProjection * glm::vec4(corner, 1.0f);
        if (!(clip.w > 0.0f) || std::abs(clip.x) > clip.w || std::abs(clip.y) > clip.w ||
            std::abs(clip.z) > clip.w) {
            return false;
        }
    }
    return true;
}

} // namespace

TEST_CASE("Camera forward follows yaw and pitch", "[camera]") {
    Camera camera;
    CHECK(nearlyEqual(camera.forward(), {0, 0, -1}));
    CHECK(nearlyEqual(camera.right(), {1, 0, 0}));
    CHECK(nearlyEqual(camera.up(), {0, 1, 0}));
    camera.yawDegrees = 90.0f; // positive yaw turns left
    CHECK(nearlyEqual(camera.forward(), {-1, 0, 0}));
    CHECK(nearlyEqual(camera.right(), {0, 0, -1}));
    camera.yawDegrees = -90.0f;
    CHECK(nearlyEqual(camera.forward(), {1, 0, 0}));
    camera.yawDegrees = 0.0f;
    camera.pitchDegrees = 30.0f; // positive pitch looks up
    CHECK(nearlyEqual(camera.forward(), {0, 0.5f, -std::sqrt(3.0f) / 2.0f}));
    CHECK(nearlyEqual(camera.right(), {1, 0, 0}));
    CHECK(glm::dot(camera.up(), camera.forward()) == Approx(0.0f).margin(1e-6));
}

TEST_CASE("Camera view matrix puts the eye at the origin looking down -Z", "[camera]") {
    Camera camera;
    camera.position = {3.0f, 1.6f, -2.0f};
    camera.yawDegrees = 37.0f;
    camera.pitchDegrees = -12.0f;
    const glm::mat4 view = camera.view();
    CHECK(nearlyEqual(glm::vec3(view * glm::vec4(camera.position, 1.0f)), {0, 0, 0}));
    CHECK(nearlyEqual(glm::vec3(view * glm::vec4(camera.position + camera.forward(), 1.0f)),
                      {0, 0, -1}));
    CHECK(nearlyEqual(glm::vec3(view * glm::vec4(camera.position + camera.right(), 1.0f)),
                      {1, 0, 0}));
    CHECK(nearlyEqual(glm::vec3(view * glm::vec4(camera.position + camera.up(), 1.0f)), {0, 1, 0}));
}

TEST_CASE("Camera lookAt and rayThrough agree with the projection", "[camera]") {
    Camera camera;
    camera.position = {1.0f, 2.0f, 3.0f};
    const glm::vec3 target(-4.0f, 0.5f, -7.0f);
    camera.lookAt(target);
    CHECK(nearlyEqual(camera.forward(), glm::normalize(target - camera.position)));

    camera.lookAt({1.0f, 50.0f, 3.0f}); // straight up: yaw kept, pitch clamped
    CHECK(camera.pitchDegrees == Approx(Camera::kMaxPitchDegrees));

    camera.pitchDegrees = 10.0f;
    const float aspect = 16.0f / 9.0f;
    CHECK(nearlyEqual(camera.rayThrough({0, 0}, aspect).direction, camera.forward()));
    const glm::mat4 viewProjection = camera.projection(aspect) * camera.view();
    for (const glm::vec2 ndc : {glm::vec2(1, 1), glm::vec2(-0.5f, 0.25f), glm::vec2(0.9f, -1)}) {
        const Ray ray = camera.rayThrough(ndc, aspect);
        const glm::vec4 clip = viewProjection * glm::vec4(ray.origin + ray.direction * 10.0f, 1);
        CHECK(clip.x / clip.w == Approx(ndc.x).margin(1e-4));
        CHECK(clip.y / clip.w == Approx(ndc.y).margin(1e-4));
    }
}

TEST_CASE("fitToBounds frames tiny and huge boxes without clipping", "[camera]") {
    const std::array<Aabb, 4> boxes = {
        box({-0.025f, 0.0f, -0.025f}, {0.025f, 0.05f, 0.025f}),  // a 5 cm avocado
        box({-250.0f, 0.0f, -250.0f}, {250.0f, 500.0f, 250.0f}), // a 500 m site
        box({10.0f, -3.0f, 4.0f}, {40.0f, 1.0f, 5.0f}),          // long, thin, off-centre
        box({1.0f, 1.0f, 1.0f}, {1.0f, 1.0f, 1.0f}),             // a single point
    };
    for (const Aabb& b : boxes) {
        for (const float aspect : {16.0f / 9.0f, 1.0f, 0.5f}) {
            INFO("box size " << b.size().x << " x " << b.size().y << ", aspect " << aspect);
            const Camera camera = Camera::fitToBounds(b, aspect);
            const glm::mat4 viewProjection = camera.projection(aspect) * camera.view();
            CHECK(cornersInsideClipVolume(b, viewProjection));
            CHECK(Frustum(viewProjection).intersects(b));
            CHECK(camera.nearPlane > 0.0f);
            CHECK(camera.farPlane / camera.nearPlane < 100.0f); // depth precision stays good
            CHECK(camera.position.y > b.center().y);            // slightly above
            CHECK(camera.position.z > b.max.z);                 // in front (+Z side)
            CHECK(
                nearlyEqual(camera.forward(), glm::normalize(b.center() - camera.position), 1e-4f));
        }
    }
    // An empty box still yields a usable camera.
    const Camera fallback = Camera::fitToBounds(Aabb{}, 1.0f);
    CHECK(fallback.nearPlane > 0.0f);
    CHECK(fallback.farPlane > fallback.nearPlane);
}

TEST_CASE("Frustum keeps what is in front and culls the rest", "[camera]") {
    Camera camera;
    camera.position = {0.0f, 1.6f, 0.0f};
    camera.nearPlane = 0.1f;
    camera.farPlane = 100.0f;
    const Frustum frustum(camera.projection(1.5f) * camera.view());

    CHECK(frustum.intersects(box({-1, 0, -11}, {1, 2, -9})));          // ahead
    CHECK_FALSE(frustum.intersects(box({-1, 0, 9}, {1, 2, 11})));      // behind
    CHECK_FALSE(frustum.intersects(box({-1, 0, -300}, {1, 2, -200}))); // beyond the far plane
    CHECK_FALSE(frustum.intersects(box({50, 0, -11}, {52, 2, -9})));   // far off to the right
    CHECK(frustum.intersects(box({-100, -100, -5}, {100, 100, 5})));   // surrounds the eye
    CHECK(frustum.intersects(box({-2, 0, -1000}, {2, 2, 1000})));      // crosses the whole view
    CHECK_FALSE(frustum.intersects(Aabb{}));
    CHECK(frustum.contains({0.0f, 1.6f, -5.0f}));
    CHECK_FALSE(frustum.contains({0.0f, 1.6f, 5.0f}));
}

TEST_CASE("wrapDegrees keeps angles between -180 (included) and 180 (excluded)", "[camera]") {
    CHECK(wrapDegrees(0.0f) == Approx(0.0f));
    CHECK(wrapDegrees(350.0f) == Approx(-10.0f));
    CHECK(wrapDegrees(-190.0f) == Approx(170.0f));
    CHECK(wrapDegrees(720.0f + 45.0f) == Approx(45.0f));
    CHECK(wrapDegrees(180.0f) == Approx(-180.0f));
}
