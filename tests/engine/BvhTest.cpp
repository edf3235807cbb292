#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include <catch2/catch.hpp>
#include <glm/glm.hpp>

#include "engine/Bvh.h"

using namespace docent::engine;

namespace {

// std::mt19937 is specified bit for bit; the standard distributions are not, so floats are
// made by hand to keep the soup identical on every standard library.
class Random {
public:
    explicit Random(std::uint32_t seed) : m_engine(seed) {}
    float uniform(float lo, float hi) {
        const float unit = static_cast<float>(m_engine() >> 8) * (1.0f / 16777216.0f);
        return lo + (hi - lo) * unit;
    }
    glm::vec3 inBox(float lo, float hi) {
        return {uniform(lo, hi), uniform(lo, hi), uniform(lo, hi)};
    }
    glm::vec3 unitVector() {
        for (;;) {
            const glm::vec3 v = inBox(-1.0f, 1.0f);
            const float lengthSq = glm::dot(v, v);
            if (lengthSq > 1e-4f && lengthSq <= 1.0f) {
                return v / std::sqrt(lengthSq);
            }
        }
    }
    std::uint32_t index(std::uint32_t count) {
        return static_cast<std::uint32_t>(m_engine() % count);
    }

private:
    std::mt19937 m_engine;
};

struct Soup {
    std::vector<glm::vec3> positions;
    std::vector<std::uint32_t> tags;
    std::size_t size() const { return positions.size() / 3; }
};

Soup randomSoup(Random& random, std::size_t count) {
    Soup soup;
    for (std::size_t i = 0; i < count; ++i) {
        const glm::vec3 centre = random.inBox(-10.0f, 10.0f);
        const float size = random.uniform(0.05f, 1.5f);
        for (int v = 0; v < 3; ++v) {
            soup.positions.push_back(centre + random.inBox(-size, size));
        }
        soup.tags.push_back(static_cast<std::uint32_t>(1000 + i * 7));
    }
    return soup;
}

struct BruteHit {
    float distance;
    std::uint32_t triangle;
};

std::optional<BruteHit> bruteForce(const Soup& soup, const Ray& ray, float maxDistance) {
    std::optional<BruteHit> best;
    for (std::size_t i = 0; i < soup.size(); ++i) {
        const std::optional<float> t =
            intersectRayTriangle(ray, soup.positions[3 * i], soup.positions[3 * i + 1],
                                 soup.positions[3 * i + 2], best ? best->distance : maxDistance);
        // Ties keep the lower index, as the BVH does.
        if (t && (!best || *t < best->distance)) {
            best = BruteHit{*t, static_cast<std::uint32_t>(i)};
        }
    }
    return best;
}

void addQuad(std::vector<glm::vec3>& out, glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d) {
    out.insert(out.end(), {a, b, c, a, c, d});
}

} // namespace

TEST_CASE("Bvh matches brute force on a random triangle soup", "[bvh]") {
    Random random(1234);
    const Soup soup = randomSoup(random, 3000);
    Bvh bvh;
    bvh.build(soup.positions, soup.tags);
    REQUIRE(bvh.triangleCount() == soup.size());
    CHECK(bvh.depth() < 64);

    int hits = 0;
    for (int i = 0; i < 4000; ++i) {
        Ray ray;
        ray.origin = random.inBox(-14.0f, 14.0f);
        if (i % 2 == 0) {
            ray.direction = random.unitVector();
        } else {
            // Aim at a triangle's centroid so that about half the rays hit something.
            const std::uint32_t t = random.index(static_cast<std::uint32_t>(soup.size()));
            const glm::vec3 centroid =
                (soup.positions[3 * t] + soup.positions[3 * t + 1] + soup.positions[3 * t + 2]) /
                3.0f;
            ray.direction = glm::normalize(centroid - ray.origin);
        }
        const float maxDistance = i % 5 == 0 ? random.uniform(0.0f, 10.0f) : 100.0f;

        const std::optional<BruteHit> expected = bruteForce(soup, ray, maxDistance);
        const std::optional<BvhHit> actual = bvh.intersect(ray, maxDistance);
        INFO("ray " << i);
        REQUIRE(actual.has_value() == expected.has_value());
        REQUIRE(bvh.occluded(ray, maxDistance) == expected.has_value());
        if (!expected) {
            continue;
        }
        ++hits;
        CHECK(actual->distance == expected->distance);
        CHECK(actual->triangle == expected->triangle);
        CHECK(actual->tag == soup.tags[expected->triangle]);
        CHECK(actual->distance <= maxDistance);
        CHECK(glm::length(actual->point - (ray.origin + ray.direction * actual->distance)) < 1e-5f);
        CHECK(glm::length(actual->normal) == Approx(1.0f).margin(1e-5));
        CHECK(glm::dot(actual->normal, ray.direction) <= 0.0f);
    }
    CHECK(hits > 1000); // the comparison must not pass vacuously
}

TEST_CASE("Bvh sphere overlap matches brute force", "[bvh]") {
    Random random(99);
    const Soup soup = randomSoup(random, 2000);
    Bvh bvh;
    bvh.build(soup.positions, soup.tags);

    for (int i = 0; i < 300; ++i) {
        const glm::vec3 centre = random.inBox(-11.0f, 11.0f);
        const float radius = random.uniform(0.05f, 2.0f);
        std::vector<bool> expected(soup.size(), false);
        std::size_t expectedCount = 0;
        for (std::size_t t = 0; t < soup.size(); ++t) {
            const glm::vec3 p =
                closestPointOnTriangle(centre, soup.positions[3 * t], soup.positions[3 * t + 1],
                                       soup.positions[3 * t + 2]);
            if (glm::length(p - centre) < radius * (1.0f - 1e-5f)) {
                expected[t] = true;
                ++expectedCount;
            }
        }
        std::vector<SphereContact> contacts;
        bvh.overlapSphere(centre, radius, contacts);
        std::size_t matched = 0;
        for (const SphereContact& contact : contacts) {
            REQUIRE(contact.triangle < soup.size());
            CHECK(contact.distance < radius);
            CHECK(contact.tag == soup.tags[contact.triangle]);
            CHECK(glm::length(contact.point + contact.normal * contact.distance - centre) < 1e-4f);
            matched += expected[contact.triangle] ? 1 : 0;
        }
        CHECK(matched == expectedCount);

        const std::optional<SphereContact> nearest = bvh.closestPoint(centre, radius);
        REQUIRE(nearest.has_value() == !contacts.empty());
        for (const SphereContact& contact : contacts) {
            CHECK(nearest->distance <= contact.distance);
        }
    }
}

TEST_CASE("Bvh hits report the caller's triangle index and tag", "[bvh]") {
    std::vector<glm::vec3> positions;
    // Triangle 0 is degenerate (collinear) and triangle 1 repeats a vertex: both are dropped,
    // yet the survivors keep their input numbers.
    positions.insert(positions.end(), {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}});
    positions.insert(positions.end(), {{0, 0, 0}, {0, 0, 0}, {1, 1, 0}});
    // Triangle 2: a wall at z = -5 facing +Z; triangle 3: a wall at z = -8.
    positions.insert(positions.end(), {{-1, -1, -5}, {1, -1, -5}, {0, 1, -5}});
    positions.insert(positions.end(), {{-1, -1, -8}, {1, -1, -8}, {0, 1, -8}});
    Bvh bvh;
    bvh.build(positions, {10, 11, 12, 13});
    CHECK(bvh.triangleCount() == 2);

    Ray ray; // from the origin along -Z
    const std::optional<BvhHit> hit = bvh.intersect(ray, 100.0f);
    REQUIRE(hit);
    CHECK(hit->triangle == 2);
    CHECK(hit->tag == 12);
    CHECK(hit->distance == Approx(5.0f));
    CHECK(hit->normal.z == Approx(1.0f));

    // From behind the far wall the same triangles are hit from their back faces.
    ray.origin = {0.0f, 0.0f, -10.0f};
    ray.direction = {0.0f, 0.0f, 1.0f};
    const std::optional<BvhHit> back = bvh.intersect(ray, 100.0f);
    REQUIRE(back);
    CHECK(back->triangle == 3);
    CHECK(back->tag == 13);
    CHECK(back->distance == Approx(2.0f));
    CHECK(back->normal.z == Approx(-1.0f)); // still facing the ray origin

    // Tags missing for a triangle read as 0.
    bvh.build(positions, {});
    REQUIRE(bvh.intersect(ray, 100.0f));
    CHECK(bvh.intersect(ray, 100.0f)->tag == 0);
}

TEST_CASE("Bvh misses, empty trees and occlusion", "[bvh]") {
    std::vector<glm::vec3> positions;
    addQuad(positions, {-1, 0, -1}, {1, 0, -1}, {1, 0, 1}, {-1, 0, 1}); // floor patch at y = 0
    Bvh bvh;
    bvh.build(positions, {7, 7});

    SECTION("a ray that passes by returns nothing") {
        Ray ray;
        ray.origin = {0.0f, 1.0f, 0.0f};
        ray.direction = {1.0f, 0.0f, 0.0f};
        CHECK_FALSE(bvh.intersect(ray, 100.0f));
        CHECK_FALSE(bvh.occluded(ray, 100.0f));
        ray.direction = {0.0f, 1.0f, 0.0f}; // away from the patch
        CHECK_FALSE(bvh.intersect(ray, 100.0f));
    }
    SECTION("maxDistance limits hits and occlusion") {
        Ray ray;
        ray.origin = {0.2f, 3.0f, 0.3f};
        ray.direction = {0.0f, -1.0f, 0.0f};
        CHECK_FALSE(bvh.intersect(ray, 2.9f));
        CHECK_FALSE(bvh.occluded(ray, 2.9f));
        CHECK(bvh.occluded(ray, 3.1f));
        const std::optional<BvhHit> hit = bvh.intersect(ray, 3.1f);
        REQUIRE(hit);
        CHECK(hit->distance == Approx(3.0f));
        CHECK(hit->tag == 7);
    }
    SECTION("an empty tree answers nothing") {
        Bvh empty;
        CHECK(empty.empty());
        CHECK(empty.triangleCount() == 0);
        CHECK(empty.bounds().empty());
        Ray ray;
        CHECK_FALSE(empty.intersect(ray, 100.0f));
        CHECK_FALSE(empty.occluded(ray, 100.0f));
        CHECK_FALSE(empty.closestPoint({0, 0, 0}, 10.0f));
        bvh.build({}, {});
        CHECK(bvh.empty());
        CHECK_FALSE(bvh.intersect(ray, 100.0f));
    }
    SECTION("bounds cover the triangles") {
        const Aabb box = bvh.bounds();
        CHECK(box.min == glm::vec3(-1, 0, -1));
        CHECK(box.max == glm::vec3(1, 0, 1));
    }
}

TEST_CASE("Ray-triangle test is double-sided and exact at simple cases", "[bvh]") {
    const glm::vec3 a(0, 0, 0), b(1, 0, 0), c(0, 1, 0);
    Ray ray;
    ray.origin = {0.25f, 0.25f, 2.0f};
    ray.direction = {0.0f, 0.0f, -1.0f};
    REQUIRE(intersectRayTriangle(ray, a, b, c, 10.0f));
    CHECK(*intersectRayTriangle(ray, a, b, c, 10.0f) == Approx(2.0f));
    CHECK(intersectRayTriangle(ray, a, c, b, 10.0f)); // reversed winding
    ray.origin.z = -2.0f;
    ray.direction.z = 1.0f; // from behind
    CHECK(intersectRayTriangle(ray, a, b, c, 10.0f));
    ray.origin = {0.75f, 0.75f, 2.0f}; // outside the hypotenuse
    ray.direction = {0.0f, 0.0f, -1.0f};
    CHECK_FALSE(intersectRayTriangle(ray, a, b, c, 10.0f));
    ray.origin = {-1.0f, 0.25f, 0.0f}; // in the triangle's plane
    ray.direction = {1.0f, 0.0f, 0.0f};
    CHECK_FALSE(intersectRayTriangle(ray, a, b, c, 10.0f));
}

TEST_CASE("Closest point on a triangle, region by region", "[bvh]") {
    const glm::vec3 a(0, 0, 0), b(2, 0, 0), c(0, 2, 0);
    auto near = [](glm::vec3 p, glm::vec3 q) { return glm::length(p - q) < 1e-6f; };
    CHECK(near(closestPointOnTriangle({0.5f, 0.5f, 3.0f}, a, b, c), {0.5f, 0.5f, 0.0f}));
    CHECK(near(closestPointOnTriangle({-1.0f, -1.0f, 1.0f}, a, b, c), a));
    CHECK(near(closestPointOnTriangle({3.0f, -1.0f, 0.0f}, a, b, c), b));
    CHECK(near(closestPointOnTriangle({-0.5f, 3.0f, 0.0f}, a, b, c), c));
    CHECK(near(closestPointOnTriangle({1.0f, -1.0f, -1.0f}, a, b, c), {1.0f, 0.0f, 0.0f}));
    CHECK(near(closestPointOnTriangle({2.0f, 2.0f, 0.0f}, a, b, c), {1.0f, 1.0f, 0.0f}));
    CHECK(near(closestPointOnTriangle({-2.0f, 1.0f, 0.5f}, a, b, c), {0.0f, 1.0f, 0.0f}));
}

TEST_CASE("Bvh stays shallow on lopsided and coincident layouts", "[bvh]") {
    SECTION("thousands of copies of one triangle") {
        std::vector<glm::vec3> positions;
        for (int i = 0; i < 5000; ++i) {
            positions.insert(positions.end(), {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}});
        }
        Bvh bvh;
        bvh.build(positions, {});
        CHECK(bvh.triangleCount() == 5000);
        CHECK(bvh.depth() < 20);
        Ray ray;
        ray.origin = {0.2f, 0.2f, 1.0f};
        const std::optional<BvhHit> hit = bvh.intersect(ray, 10.0f);
        REQUIRE(hit);
        CHECK(hit->triangle == 0); // ties go to the lowest input index
    }
    SECTION("triangles at exponentially growing distances") {
        std::vector<glm::vec3> positions;
        for (int i = 0; i < 120; ++i) {
            const float x = std::pow(1.5f, static_cast<float>(i) * 0.5f);
            positions.insert(positions.end(), {{x, 0, 0}, {x, 1, 0}, {x, 0, 1}});
        }
        Bvh bvh;
        bvh.build(positions, {});
        CHECK(bvh.depth() < 64);
        Ray ray;
        ray.origin = {-1.0f, 0.2f, 0.2f};
        ray.direction = {1.0f, 0.0f, 0.0f};
        const std::optional<BvhHit> hit = bvh.intersect(ray, 1e30f);
        REQUIRE(hit);
        CHECK(hit->triangle == 0);
    }
}

TEST_CASE("Bvh builds over coordinates near the float limits", "[bvh]") {
    // Found by the glTF fuzz target: centroids 6e38 apart make the binning's extent infinite,
    // its scale 0 and a centroid's bin position NaN, which was then converted to int.
    std::vector<glm::vec3> positions;
    for (int i = 0; i < 40; ++i) {
        const float x = (i % 2 == 0 ? -3.0e38f : 3.0e38f) + static_cast<float>(i);
        positions.insert(positions.end(), {{x, 0, 0}, {x, 1e38f, 0}, {x, 0, 1e38f}});
    }
    positions.insert(positions.end(), {{-1, -1, -5}, {1, -1, -5}, {0, 1, -5}}); // a wall ahead
    Bvh bvh;
    std::vector<std::uint32_t> tags(positions.size() / 3, 1);
    tags.back() = 2;
    bvh.build(positions, tags);
    const std::optional<BvhHit> hit = bvh.intersect(Ray{}, 100.0f);
    REQUIRE(hit);
    CHECK(hit->tag == 2);
    CHECK(hit->distance == Approx(5.0f));
}
