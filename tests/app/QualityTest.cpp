// The quality governor, on simulated machines: each level's frame costs a fixed part plus a part
// that grows with the level's cost (Quality.h's model), with a little noise, and frames are paced
// at the target as a display would pace them. No real time passes.

#include <cstdint>
#include <functional>

#include <catch2/catch.hpp>

#include "Quality.h"

using namespace docent::app;

namespace {

constexpr double kTargetMs = 1000.0 / 30.0;
constexpr int kMsaa = 4;
const int kLowest = static_cast<int>(kQualityLevels.size()) - 1;

// Frame costs of a machine at a level, at a time: `highMs` at "high", scaled by the cost model.
struct Machine {
    std::function<double(int level, double seconds)> frameMs;
};

Machine steadyMachine(double highMs) {
    return {[highMs](int level, double) { return highMs * qualityCost(level, kMsaa); }};
}

struct Run {
    int finalLevel = 0;
    int changes = 0;
    std::vector<int> levels; // after each frame
    double secondsAtFinal = 0.0;
};

// Feeds `seconds` of frames to a governor; a frame lasts its cost or the target, whichever is
// longer (the display's pace), with +-8 % of deterministic noise.
Run simulate(const Machine& machine, double seconds, int startLevel = 0) {
    QualityGovernor governor(kTargetMs, kMsaa, startLevel);
    Run run;
    std::uint32_t noise = 12345;
    double now = 0.0;
    while (now < seconds) {
        noise = noise * 1664525u + 1013904223u;
        const double jitter = 0.92 + 0.16 * static_cast<double>(noise >> 8) / 16777216.0;
        const double ms = machine.frameMs(governor.level(), now) * jitter;
        now += std::max(ms, kTargetMs) / 1000.0;
        governor.addFrame(ms, now);
        run.levels.push_back(governor.level());
    }
    run.finalLevel = governor.level();
    run.changes = governor.changes();
    run.secondsAtFinal = governor.secondsAt()[static_cast<std::size_t>(run.finalLevel)];
    return run;
}

} // namespace

TEST_CASE("quality levels by name, their samples and costs", "[app][quality]") {
    CHECK(qualityLevelByName("high") == std::optional<int>(0));
    CHECK(qualityLevelByName("lowest") == std::optional<int>(kLowest));
    CHECK_FALSE(qualityLevelByName("ultra"));
    CHECK(qualityMsaa(0, 4) == 4); // high keeps what was asked for
    CHECK(qualityMsaa(0, 1) == 1);
    CHECK(qualityMsaa(kLowest, 4) == 1);
    CHECK(qualityCost(0, kMsaa) == Approx(1.0));
    for (int level = 1; level <= kLowest; ++level) {
        INFO("level " << kQualityLevels[static_cast<std::size_t>(level)].name);
        CHECK(qualityCost(level, kMsaa) < qualityCost(level - 1, kMsaa)); // each level is cheaper
        CHECK(kQualityLevels[static_cast<std::size_t>(level)].renderScale <=
              kQualityLevels[static_cast<std::size_t>(level - 1)].renderScale);
    }
}

TEST_CASE("a machine that keeps up stays at high quality", "[app][quality]") {
    const Run run = simulate(steadyMachine(12.0), 60.0);
    CHECK(run.finalLevel == 0);
    CHECK(run.changes == 0);
}

TEST_CASE("a slow machine steps down within a second and stays down", "[app][quality]") {
    // 240 ms at high: the software rasteriser's figure for the demo gallery at 1280x720.
    const Run run = simulate(steadyMachine(240.0), 60.0);
    CHECK(run.finalLevel == kLowest);
    CHECK(run.changes <= 2);
    // A second of warm-up (5 frames), four frames of 240 ms after it, then a jump straight past
    // the levels that cannot fit.
    CHECK(run.levels[4] == 0);
    CHECK(run.levels[12] > 0);
    CHECK(run.secondsAtFinal > 55.0);
}

TEST_CASE("a machine that fits a middle level settles there without oscillating",
          "[app][quality]") {
    // High takes 60 ms (too slow); medium about 27 ms, which fits the 33 ms target.
    const Machine machine = steadyMachine(60.0);
    const double mediumMs = 60.0 * qualityCost(1, kMsaa);
    REQUIRE(mediumMs < kTargetMs);
    const Run run = simulate(machine, 300.0);
    CHECK(run.finalLevel == 1);
    // It may look up again now and then, ever more rarely: at most a handful of changes in five
    // minutes, never a change every few frames.
    CHECK(run.changes <= 6);
    int flips = 0;
    for (std::size_t k = 1; k < run.levels.size(); ++k) {
        flips += run.levels[k] != run.levels[k - 1] ? 1 : 0;
    }
    CHECK(flips == run.changes);
}

TEST_CASE("one slow frame does not change the level, a lasting load does, and its end is seen",
          "[app][quality]") {
    SECTION("a slow start: the first frames compile shaders") {
        const Machine machine{[](int level, double seconds) {
            return seconds < 0.8 ? 500.0 : 12.0 * qualityCost(level, kMsaa);
        }};
        const Run run = simulate(machine, 30.0);
        CHECK(run.changes == 0);
    }
    SECTION("a single spike") {
        const Machine machine{[](int level, double seconds) {
            const bool spike = seconds > 10.0 && seconds < 10.05;
            return spike ? 400.0 : 12.0 * qualityCost(level, kMsaa);
        }};
        const Run run = simulate(machine, 30.0);
        CHECK(run.changes == 0);
    }
    SECTION("a load of ten seconds") {
        // Another program takes the CPU for ten seconds: frames of 150 ms at high; then 12 ms.
        const Machine machine{[](int level, double seconds) {
            const double high = seconds > 5.0 && seconds < 15.0 ? 150.0 : 12.0;
            return high * qualityCost(level, kMsaa);
        }};
        const Run run = simulate(machine, 300.0);
        CHECK(run.levels[static_cast<std::size_t>(6.0 * 30)] > 0); // down during the load
        CHECK(run.finalLevel == 0);                                // and back up after it
    }
}

TEST_CASE("a governor started at a lower level climbs to the best that fits", "[app][quality]") {
    const Run run = simulate(steadyMachine(12.0), 60.0, kLowest);
    CHECK(run.finalLevel == 0);
    CHECK(run.changes == kLowest); // one level at a time
}
