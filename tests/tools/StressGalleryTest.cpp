// docent-make-stress-gallery and the GPU budget on what it makes: a small stress gallery (a
// scan's shape at a test's size) opened by docent under a budget smaller than its textures.
// The full-size gallery is the benchmarks' (bench/).

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using docent::test::readJson;
using docent::test::runDocent;
using docent::test::runProgram;
using docent::test::shellQuote;

TEST_CASE("a stress gallery opens within a GPU budget smaller than its textures",
          "[tools][gl][gpu-budget]") {
    const fs::path dir = docent::test::outputDir("stress-gallery");
    const fs::path glb = dir / "stress.glb";
    fs::remove(glb);
    // 12 textures of 1024x1024 with mips: 64 MiB; 3 rooms, 100 000 triangles.
    const auto made =
        runProgram("docent-make-stress-gallery", "--out " + shellQuote(glb.string()) +
                                                     " --rooms 3 --triangles 100000 --textures 12 "
                                                     "--texture-size 1024");
    INFO(made.output);
    REQUIRE(made.exitCode == 0);
    CHECK(made.output.find("12 textures") != std::string::npos);

    const fs::path stats = dir / "stats.json";
    const auto run =
        runDocent("--headless --size 320x180 --frames 2 --gpu-budget 24 --camera 1.5,1.7,0,-90,-10 "
                  "--stats " +
                  shellQuote(stats.string()) + " " + shellQuote(glb.string()));
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto render = readJson(stats)["render"];
    CHECK(render["triangles"].get<int>() > 90000);
    CHECK(render["gpu_texture_mb"].get<double>() + render["gpu_geometry_mb"].get<double>() <= 24.0);
    CHECK(render["textures_reduced"].get<int>() > 0);
    CHECK(render["textures_reduced"].get<int>() <= 12);
}

TEST_CASE("the stress gallery generator refuses parameters out of range", "[tools]") {
    const auto zero = runProgram("docent-make-stress-gallery", "--out /tmp/x.glb --rooms 0");
    CHECK(zero.exitCode == 2);
    CHECK(zero.output.find("--rooms needs a whole number from 1 to 64") != std::string::npos);
    CHECK(runProgram("docent-make-stress-gallery", "--rooms 2").exitCode == 2);
    CHECK(runProgram("docent-make-stress-gallery", "--out /tmp/x.glb --textures many").exitCode ==
          2);
    const auto unwritable =
        runProgram("docent-make-stress-gallery", "--out /nonexistent-folder/stress.glb");
    CHECK(unwritable.exitCode == 1);
    CHECK(unwritable.output.find("/nonexistent-folder/stress.glb") != std::string::npos);
}
