// Scene folders as curators write them: tests/data/scenes/<case>/ each breaks one rule of
// docs/SCENE_FORMAT.md and names, in expected.txt, the problem it must produce and where.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "hotspots/SceneFolder.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using namespace docent::hotspots;

namespace {

const std::vector<std::string> kModelNodes = {"artwork.a", "artwork.b"};

fs::path casesDir() {
    return docent::test::sourceDir() / "tests" / "data" / "scenes";
}

SceneFolder openCase(const std::string& name) {
    SceneFolder scene = openSceneFolder((casesDir() / name).string());
    checkAnchors(scene, kModelNodes);
    return scene;
}

struct Expected {
    Severity severity = Severity::Error;
    std::string file;
    std::string where;
    std::string message;
};

Expected readExpected(const fs::path& folder) {
    std::ifstream in(folder / "expected.txt");
    Expected e;
    std::string severity;
    in >> severity >> e.file >> e.where;
    std::getline(in, e.message);
    e.message.erase(0, e.message.find_first_not_of(' '));
    e.severity = severity == "warning" ? Severity::Warning : Severity::Error;
    return e;
}

std::string describe(const SceneFolder& scene) {
    std::ostringstream out;
    for (const auto& p : scene.problems) {
        out << p.toString() << "\n";
    }
    return out.str();
}

} // namespace

TEST_CASE("the valid test scene has no problems at all", "[hotspots][validate]") {
    const SceneFolder scene = openCase("valid");
    INFO(describe(scene));
    CHECK(scene.problems.empty());
    CHECK(scene.hotspots.size() == 2);
    CHECK(textIn(scene.manifest.title, "fr") == "Salle d'essai");
    CHECK(scene.manifest.tour == std::vector<std::string>{"a", "b"});
    CHECK(fs::path(scene.modelPath).filename() == "room.gltf");
}

TEST_CASE("each broken scene folder gives its expected problem at the expected place",
          "[hotspots][validate]") {
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(casesDir())) {
        if (!entry.is_directory() || entry.path().filename() == "valid") {
            continue;
        }
        ++cases;
        const std::string name = entry.path().filename().string();
        const Expected expected = readExpected(entry.path());
        const SceneFolder scene = openCase(name);
        INFO(name << ":\n" << describe(scene));
        const bool found =
            std::any_of(scene.problems.begin(), scene.problems.end(), [&](const Problem& p) {
                const bool where = p.pointer == expected.where || p.where == expected.where;
                return p.severity == expected.severity &&
                       fs::path(p.file).filename() == expected.file && where &&
                       p.message.find(expected.message) != std::string::npos;
            });
        CHECK(found);
        // Warnings never hide behind an error and errors are never downgraded: a folder whose
        // one problem is a warning has no errors.
        CHECK(scene.hasErrors() == (expected.severity == Severity::Error));
    }
    CHECK(cases >= 12);
}

TEST_CASE("problems carry the line and column of the value they are about", "[hotspots]") {
    const SceneFolder scene = openCase("unknown-field");
    REQUIRE_FALSE(scene.problems.empty());
    const Problem& p = scene.problems.front();
    CHECK(p.pointer == "/titel");
    // scene.json is written with one field per line; "titel" is the line after "tour"'s array.
    std::ifstream in(casesDir() / "unknown-field" / "scene.json");
    std::string line;
    int number = 0;
    int expectedLine = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.find("\"titel\"") != std::string::npos) {
            expectedLine = number;
        }
    }
    REQUIRE(expectedLine > 0);
    CHECK(p.where.rfind(std::to_string(expectedLine) + ":", 0) == 0);
    CHECK(p.toString().find("scene.json:" + std::to_string(expectedLine) + ":") !=
          std::string::npos);
}

TEST_CASE("a bare model opens as a scene without a manifest", "[hotspots]") {
    const SceneFolder scene = openSceneFolder((casesDir() / "valid" / "room.gltf").string());
    CHECK(scene.problems.empty());
    CHECK(scene.manifestPath.empty());
    CHECK(fs::path(scene.modelPath).filename() == "room.gltf");
    CHECK(scene.hotspots.empty());
}

TEST_CASE("something that is not a scene is one clear error", "[hotspots]") {
    const SceneFolder missing = openSceneFolder("/no/such/scene");
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].toString() == "/no/such/scene: error: no such file or folder");
    const SceneFolder notScene = openSceneFolder((casesDir() / "README.md").string());
    REQUIRE(notScene.problems.size() == 1);
    CHECK(notScene.problems[0].message.find("not a scene folder") != std::string::npos);
}

TEST_CASE("textIn falls back to another language rather than showing nothing", "[hotspots]") {
    const Text text = {{"fr", "Bonjour"}, {"zh", "你好"}};
    CHECK(textIn(text, "zh") == "你好");
    CHECK(textIn(text, "en") == "Bonjour");
    CHECK(textIn({}, "en").empty());
}

TEST_CASE("files without their required lists are reported, not read past", "[hotspots]") {
    // Found by the scene's fuzz target: a hotspots.json without "hotspots" was then read as if
    // it had one (undefined behaviour on a const JSON object, a use after free under ASan).
    const fs::path folder = docent::test::outputDir("scene-missing-lists");
    fs::copy_file(casesDir() / "valid" / "room.gltf", folder / "room.gltf",
                  fs::copy_options::overwrite_existing);
    std::ofstream(folder / "tour.ts") << "";
    std::ofstream(folder / "scene.json")
        << R"({"version": 1, "title": {"en": "Room"}, "languages": ["en"], "model": "room.gltf",
              "replay": {"recording": "tour.ts", "cues": "cues.json"}})";
    std::ofstream(folder / "hotspots.json") << R"({"version": 1})";
    std::ofstream(folder / "cues.json") << R"({"version": 1, "cues": [{"time": 1}]})";
    SceneFolder scene = openSceneFolder(folder.string());
    INFO(describe(scene));
    CHECK(describe(scene).find("hotspots.json:1:1: error: missing required field 'hotspots'") !=
          std::string::npos);
    CHECK(describe(scene).find("missing required field 'hotspot'") != std::string::npos);

    std::ofstream(folder / "cues.json") << R"({"version": 1})";
    scene = openSceneFolder(folder.string());
    INFO(describe(scene));
    CHECK(describe(scene).find("cues.json:1:1: error: missing required field 'cues'") !=
          std::string::npos);
}

TEST_CASE("a number no double holds is malformed JSON, not the end of the program", "[hotspots]") {
    const fs::path folder = docent::test::outputDir("scene-huge-number");
    fs::copy_file(casesDir() / "valid" / "room.gltf", folder / "room.gltf",
                  fs::copy_options::overwrite_existing);
    std::ofstream(folder / "scene.json")
        << R"({"version": 1, "title": {"en": "Room"}, "languages": ["en"], "model": "room.gltf",
              "spawn": {"position": [0, 1e999, 0]}})";
    std::ofstream(folder / "hotspots.json") << R"({"version": 1, "hotspots": []})";
    const SceneFolder scene = openSceneFolder(folder.string());
    INFO(describe(scene));
    CHECK(scene.hasErrors());
    CHECK(describe(scene).find("scene.json: error: malformed JSON (a number out of range)") !=
          std::string::npos);
}
