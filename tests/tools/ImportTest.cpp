// `docent import` on a small stress gallery (a scan's shape at a test's size): it writes a scene
// folder whose model has levels of detail, leaves the scan untouched, keeps a curator's
// scene.json, shrinks textures to a budget, and refuses bad input with one line naming it. The
// imported scene looks like the scan and draws fewer triangles where the rooms are far.

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/Image.h"
#include "support/ImageCompare.h"
#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using docent::test::readBytes;
using docent::test::readJson;
using docent::test::runDocent;
using docent::test::runProgram;
using docent::test::shellQuote;

namespace {

// Four rooms in a row, 120 000 triangles, six 256² textures.
fs::path makeScan(const fs::path& dir) {
    const fs::path glb = dir / "scan.glb";
    const auto made =
        runProgram("docent-make-stress-gallery",
                   "--out " + shellQuote(glb.string()) +
                       " --rooms 4 --triangles 120000 --textures 6 --texture-size 256");
    INFO(made.output);
    REQUIRE(made.exitCode == 0);
    return glb;
}

struct View {
    docent::engine::Image image;
    nlohmann::json render;
};

// From the first room, looking down the row of rooms.
View look(const fs::path& scene, const fs::path& dir, const std::string& name) {
    const fs::path png = dir / (name + ".png");
    const fs::path stats = dir / (name + ".json");
    const auto run = runDocent("--headless --size 320x180 --frames 2 --no-ui --msaa 1 "
                               "--camera 1.5,1.7,0,-90,-5 --screenshot " +
                               shellQuote(png.string()) + " --stats " + shellQuote(stats.string()) +
                               " " + shellQuote(scene.string()));
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    auto image = docent::engine::readImageFile(png.string());
    REQUIRE(image.ok());
    return {std::move(image.image), readJson(stats)["render"]};
}

} // namespace

TEST_CASE("docent import writes a scene with levels of detail that looks like the scan",
          "[tools][gl][import]") {
    const fs::path dir = docent::test::freshOutputDir("import");
    const fs::path scan = makeScan(dir);
    const std::string scanBytes = readBytes(scan);
    const fs::path scene = dir / "gallery";

    const auto imported =
        runDocent("import " + shellQuote(scan.string()) + " --out " + shellQuote(scene.string()));
    INFO(imported.output);
    REQUIRE(imported.exitCode == 0);
    CHECK(imported.output.find("levels of detail") != std::string::npos);
    CHECK(readBytes(scan) == scanBytes); // the scan is never modified
    REQUIRE(fs::is_regular_file(scene / "model.glb"));
    REQUIRE(fs::is_regular_file(scene / "scene.json"));
    CHECK(readJson(scene / "scene.json")["model"] == "model.glb");
    const auto validated = runDocent("validate " + shellQuote(scene.string()));
    INFO(validated.output);
    CHECK(validated.exitCode == 0);

    const View original = look(scan, dir, "scan");
    {
        // The same eye set by an input script's camera line: the view from inside, not the
        // clip planes of the view from outside the model that the run started with.
        const fs::path script = dir / "eye.input";
        std::ofstream(script) << "0 camera 1.5 1.7 0 -90 -5\n";
        const fs::path png = dir / "scripted.png";
        const auto run = runDocent("--headless --size 320x180 --frames 1 --no-ui --msaa 1 "
                                   "--input " +
                                   shellQuote(script.string()) + " --screenshot " +
                                   shellQuote(png.string()) + " " + shellQuote(scan.string()));
        INFO(run.output);
        REQUIRE(run.exitCode == 0);
        const auto scripted = docent::engine::readImageFile(png.string());
        REQUIRE(scripted.ok());
        const auto same = docent::test::compareImages(original.image, scripted.image, {2, 0.001});
        INFO(same.message);
        CHECK(same.passed);
    }
    const View optimised = look(scene, dir, "imported");
    CHECK(original.render["coarser_draws"] == 0);
    CHECK(optimised.render["coarser_draws"].get<int>() > 0);
    CHECK(optimised.render["triangles_drawn"].get<int>() <
          original.render["triangles_drawn"].get<int>() * 3 / 4);
    const auto same = docent::test::compareImages(original.image, optimised.image, {24, 0.01});
    INFO(same.message);
    CHECK(same.passed);

    // A second import keeps what a curator made of scene.json.
    const std::string curated = "{\"version\": 1, \"title\": {\"en\": \"Curated\"}, "
                                "\"model\": \"model.glb\"}\n";
    std::ofstream(scene / "scene.json") << curated;
    const auto again = runDocent("import " + shellQuote(scan.string()) + " --out " +
                                 shellQuote(scene.string()) + " --gpu-budget 8");
    INFO(again.output);
    REQUIRE(again.exitCode == 0);
    CHECK(again.output.find("scene.json kept") != std::string::npos);
    CHECK(readBytes(scene / "scene.json") == curated);
    // The geometry with its levels takes 6.8 MiB of the 8; six 256² textures with their mips
    // need 2 MiB.
    CHECK(again.output.find("(0 shrunk)") == std::string::npos);
    const View budgeted = look(scene, dir, "budgeted");
    CHECK(budgeted.render["gpu_texture_mb"].get<double>() <
          optimised.render["gpu_texture_mb"].get<double>());
}

TEST_CASE("docent import refuses a missing scan, its own output and an unwritable folder",
          "[tools][import]") {
    const fs::path dir = docent::test::freshOutputDir("import-bad");
    const auto missing = runDocent("import " + shellQuote((dir / "nothing.glb").string()) +
                                   " --out " + shellQuote((dir / "out").string()));
    CHECK(missing.exitCode == 1);
    CHECK(missing.output.find("nothing.glb") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out"));

    const fs::path scan = makeScan(dir);
    fs::create_directories(dir / "self");
    fs::copy_file(scan, dir / "self" / "model.glb");
    const std::string before = readBytes(dir / "self" / "model.glb");
    const auto self = runDocent("import " + shellQuote((dir / "self" / "model.glb").string()) +
                                " --out " + shellQuote((dir / "self").string()));
    CHECK(self.exitCode == 1);
    CHECK(self.output.find("is the scan itself") != std::string::npos);
    CHECK(readBytes(dir / "self" / "model.glb") == before);

    std::ofstream(dir / "a-file") << "not a folder";
    const auto blocked = runDocent("import " + shellQuote(scan.string()) + " --out " +
                                   shellQuote((dir / "a-file" / "scene").string()));
    CHECK(blocked.exitCode == 1);
    CHECK(blocked.output.find("a-file") != std::string::npos);

    const auto usage = runDocent("import " + shellQuote(scan.string()));
    CHECK(usage.exitCode == 2);
    CHECK(usage.output.find("--out") != std::string::npos);
}
