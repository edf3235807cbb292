// Writing a scene back: what the reader read, written and read again, is the same scene; a
// scene saved elsewhere is a complete folder that opens without problems.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hotspots/SceneFolder.h"
#include "hotspots/SceneWriter.h"
#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using namespace docent::hotspots;

namespace {

void writeFile(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string describe(const SceneFolder& scene) {
    std::ostringstream out;
    for (const auto& p : scene.problems) {
        out << p.toString() << "\n";
    }
    return out.str();
}

// The problems without the files they are in: two copies of a scene should have the same.
std::vector<std::string> messages(const SceneFolder& scene) {
    std::vector<std::string> out;
    for (const auto& p : scene.problems) {
        out.push_back(fs::path(p.file).filename().string() + " " + p.where + " " + p.pointer + " " +
                      p.message);
    }
    return out;
}

bool hasTemporaryOrBackup(const fs::path& dir) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".bak") || name.find(".tmp-") != std::string::npos) {
            return true;
        }
    }
    return false;
}

// The position of a field at the top level of a document written with 2-space indentation.
std::size_t topLevel(const std::string& text, const std::string& field) {
    return text.find("\n  \"" + field + "\": ");
}

Hotspot hotspot(const std::string& id, const std::string& node) {
    Hotspot h;
    h.id = id;
    h.anchor.node = node;
    h.anchor.point = {0.25, 1.5, 0.0};
    h.title = {{"en", "Work " + id}};
    return h;
}

// A small scene as a curator leaves it: model, images, recording, captions, cue sheet, and the
// leftovers of earlier saves.
fs::path makeSourceScene(const std::string& name) {
    const fs::path folder = docent::test::freshOutputDir(name);
    fs::copy_file(docent::test::sourceDir() / "tests" / "data" / "scenes" / "valid" / "room.gltf",
                  folder / "room.gltf");
    writeFile(folder / "images" / "wall.png", std::string("\x89PNG\r\n\x1a\n\0\0 wall", 16));
    writeFile(folder / "tour.ts", std::string(188 * 3, '\x47'));
    writeFile(folder / "captions.en.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome.\n");
    SceneManifest manifest;
    manifest.title = {{"en", "Room"}, {"zh", "展厅"}};
    manifest.languages = {"en"};
    manifest.model = "room.gltf";
    manifest.tour = {"a", "b"};
    manifest.replay = Replay{"tour.ts", "cues.json"};
    CueSheet sheet;
    sheet.recording = "tour.ts";
    sheet.cues = {{0.0, "a"}, {2.5, std::nullopt}, {4.0, "b"}};
    writeFile(folder / "scene.json", manifestToJson(manifest));
    writeFile(folder / "hotspots.json",
              hotspotsToJson({hotspot("a", "artwork.a"), hotspot("b", "artwork.b")}));
    writeFile(folder / "cues.json", cueSheetToJson(sheet));
    writeFile(folder / "scene.json.bak", "an older scene.json");
    writeFile(folder / "hotspots.json.tmp-12345", "a save that was killed");
    writeFile(folder / "images" / "wall.png.bak", "an older image");
    return folder;
}

} // namespace

TEST_CASE("the demo's manifest and hotspots read back equal once written", "[scene][write]") {
    const SceneFolder demo =
        openSceneFolder((docent::test::sourceDir() / "scenes" / "demo").string());
    REQUIRE(demo.hotspots.size() > 10);
    const fs::path folder = docent::test::freshOutputDir("writer-demo");
    writeFile(folder / "scene.json", manifestToJson(demo.manifest));
    writeFile(folder / "hotspots.json", hotspotsToJson(demo.hotspots));

    const SceneFolder again = openSceneFolder(folder.string());
    INFO(describe(again));
    CHECK(again.manifest == demo.manifest);
    CHECK(again.hotspots == demo.hotspots);
    // The same problems, nothing new (the demo's model is made at build time, not committed).
    CHECK(messages(again) == messages(demo));
    // Saving an unchanged scene changes no byte.
    CHECK(manifestToJson(again.manifest) == docent::test::readBytes(folder / "scene.json"));
    CHECK(hotspotsToJson(again.hotspots) == docent::test::readBytes(folder / "hotspots.json"));
}

TEST_CASE("written scene files look hand-written: order, indentation, raw UTF-8, whole numbers",
          "[scene][write]") {
    const SceneFolder demo =
        openSceneFolder((docent::test::sourceDir() / "scenes" / "demo").string());
    const std::string text = manifestToJson(demo.manifest);
    CHECK(text.rfind("{\n  \"version\": 1,\n  \"title\": {\n    \"zh\": \"", 0) == 0);
    CHECK(text.back() == '\n');
    CHECK(text.find("月光下的宫殿博物馆") != std::string::npos);
    CHECK(text.find("\\u") == std::string::npos);
    CHECK(text.find("\"duration_minutes\": 60,") != std::string::npos);
    CHECK(text.find(".0\n") == std::string::npos); // the demo's 12.0 is written 12
    CHECK(text.find("\"yaw\": -90,") != std::string::npos);
    const char* order[] = {"version", "title",  "guide",      "languages", "schedule",
                           "model",   "spawn",  "viewpoints", "tour",      "panel",
                           "live",    "replay", "allowlist"};
    for (std::size_t i = 1; i < std::size(order); ++i) {
        INFO(order[i - 1] << " before " << order[i]);
        REQUIRE(topLevel(text, order[i]) != std::string::npos);
        CHECK(topLevel(text, order[i - 1]) < topLevel(text, order[i]));
    }

    // Optional fields are left out; texts list zh, fr, en whatever order they were given in.
    SceneManifest minimal;
    minimal.title = {{"en", "Room"}, {"fr", "Salle"}, {"zh", "展厅"}};
    minimal.model = "room.gltf";
    CHECK(manifestToJson(minimal) == "{\n"
                                     "  \"version\": 1,\n"
                                     "  \"title\": {\n"
                                     "    \"zh\": \"展厅\",\n"
                                     "    \"fr\": \"Salle\",\n"
                                     "    \"en\": \"Room\"\n"
                                     "  },\n"
                                     "  \"model\": \"room.gltf\"\n"
                                     "}\n");
    CHECK(hotspotsToJson({hotspot("a", "artwork.a")}) == "{\n"
                                                         "  \"version\": 1,\n"
                                                         "  \"hotspots\": [\n"
                                                         "    {\n"
                                                         "      \"id\": \"a\",\n"
                                                         "      \"anchor\": {\n"
                                                         "        \"node\": \"artwork.a\",\n"
                                                         "        \"point\": [\n"
                                                         "          0.25,\n"
                                                         "          1.5,\n"
                                                         "          0\n"
                                                         "        ],\n"
                                                         "        \"normal\": [\n"
                                                         "          0,\n"
                                                         "          0,\n"
                                                         "          1\n"
                                                         "        ]\n"
                                                         "      },\n"
                                                         "      \"title\": {\n"
                                                         "        \"en\": \"Work a\"\n"
                                                         "      }\n"
                                                         "    }\n"
                                                         "  ]\n"
                                                         "}\n");
}

TEST_CASE("a cue sheet with gaps and fractional times reads back exactly", "[scene][write]") {
    const fs::path folder = docent::test::freshOutputDir("writer-cues");
    fs::copy_file(docent::test::sourceDir() / "tests" / "data" / "scenes" / "valid" / "room.gltf",
                  folder / "room.gltf");
    writeFile(folder / "tour.ts", "");
    SceneManifest manifest;
    manifest.title = {{"en", "Room"}};
    manifest.languages = {"en"};
    manifest.model = "room.gltf";
    manifest.replay = Replay{"tour.ts", "cues/tour.json"};
    CueSheet sheet;
    sheet.recording = "tour.ts";
    sheet.cues = {{0.0, "a"},
                  {0.1, std::nullopt},
                  {1.0 / 3.0, "b"},
                  {59.999999999999993, std::nullopt},
                  {60.0, "a"},
                  {3599.0000001, "b"},
                  {172800.0, std::nullopt}};
    writeFile(folder / "scene.json", manifestToJson(manifest));
    writeFile(folder / "hotspots.json",
              hotspotsToJson({hotspot("a", "artwork.a"), hotspot("b", "artwork.b")}));
    const std::string text = cueSheetToJson(sheet);
    writeFile(folder / "cues" / "tour.json", text);
    CHECK(text.find("\"hotspot\": null") != std::string::npos);
    CHECK(text.find("\"time\": 60,") != std::string::npos);

    const SceneFolder again = openSceneFolder(folder.string());
    INFO(describe(again));
    CHECK(again.problems.empty());
    REQUIRE(again.cueSheet);
    CHECK(*again.cueSheet == sheet); // == on doubles: the same bits (up to the sign of zero)
}

TEST_CASE("a scene saved elsewhere is a complete folder that opens without problems",
          "[scene][write]") {
    const fs::path source = makeSourceScene("writer-save-source");
    const SceneFolder scene = openSceneFolder(source.string());
    INFO(describe(scene));
    REQUIRE(scene.problems.empty());
    const fs::path out = docent::test::outputDir("writer-save-out") / "copy";
    fs::remove_all(out);

    std::string error;
    REQUIRE(saveScene(scene, out.string(), false, error));
    for (const char* file : {"room.gltf", "images/wall.png", "tour.ts", "captions.en.vtt"}) {
        INFO(file);
        CHECK(docent::test::readBytes(out / file) == docent::test::readBytes(source / file));
    }
    CHECK_FALSE(hasTemporaryOrBackup(out)); // neither the source's leftovers nor new ones
    const SceneFolder copy = openSceneFolder(out.string());
    INFO(describe(copy));
    CHECK(copy.problems.empty());
    CHECK(copy.manifest == scene.manifest);
    CHECK(copy.hotspots == scene.hotspots);
    CHECK(copy.cueSheet == scene.cueSheet);
}

TEST_CASE("saving elsewhere refuses an existing scene and the scene's own subfolder",
          "[scene][write]") {
    const fs::path source = makeSourceScene("writer-refuse-source");
    SceneFolder scene = openSceneFolder(source.string());
    REQUIRE_FALSE(scene.hasErrors());
    const fs::path out = docent::test::freshOutputDir("writer-refuse-out");
    std::string error;
    REQUIRE(saveScene(scene, out.string(), false, error));
    const std::string first = docent::test::readBytes(out / "scene.json");

    scene.manifest.title["en"] = "Room, rearranged";
    CHECK_FALSE(saveScene(scene, out.string(), false, error));
    CHECK(error.find((out / "scene.json").string() + ": a scene is already there") !=
          std::string::npos);
    CHECK(docent::test::readBytes(out / "scene.json") == first);
    CHECK(saveScene(scene, out.string(), true, error));
    CHECK(textIn(openSceneFolder(out.string()).manifest.title, "en") == "Room, rearranged");
    CHECK(docent::test::readBytes(out / "scene.json.bak") == first);

    CHECK_FALSE(saveScene(scene, (source / "copy").string(), false, error));
    CHECK(error.find("inside its own folder") != std::string::npos);
    CHECK_FALSE(fs::exists(source / "copy"));

    // A folder that cannot be made: the error names it and gives the reason.
    const fs::path blocker = docent::test::freshOutputDir("writer-refuse-blocker") / "file";
    writeFile(blocker, "not a folder");
    CHECK_FALSE(saveScene(scene, (blocker / "scene").string(), false, error));
    CHECK(error == (blocker / "scene").string() + ": cannot create: Not a directory");
}

TEST_CASE("saving in place rewrites the scene files and keeps the previous ones",
          "[scene][write]") {
    const fs::path folder = makeSourceScene("writer-in-place");
    SceneFolder scene = openSceneFolder(folder.string());
    REQUIRE(scene.problems.empty());
    const std::string before = docent::test::readBytes(folder / "scene.json");
    scene.manifest.tour = {"b", "a"};
    scene.cueSheet->cues.push_back({9.75, std::nullopt});

    std::string error;
    REQUIRE(saveScene(scene, folder.string() + "/", false, error));
    const SceneFolder again = openSceneFolder(folder.string());
    INFO(describe(again));
    CHECK(again.problems.empty());
    CHECK(again.manifest.tour == std::vector<std::string>{"b", "a"});
    CHECK(again.cueSheet == scene.cueSheet);
    CHECK(docent::test::readBytes(folder / "scene.json.bak") == before);
}

TEST_CASE("a bare model saved as a scene gets a manifest naming it", "[scene][write]") {
    const fs::path folder = docent::test::freshOutputDir("writer-bare");
    fs::copy_file(docent::test::sourceDir() / "tests" / "data" / "scenes" / "valid" / "room.gltf",
                  folder / "room.gltf");
    const SceneFolder bare = openSceneFolder((folder / "room.gltf").string());
    REQUIRE(bare.problems.empty());
    const fs::path out = docent::test::outputDir("writer-bare-out") / "scene";
    fs::remove_all(out);

    std::string error;
    REQUIRE(saveScene(bare, out.string(), false, error));
    const SceneFolder scene = openSceneFolder(out.string());
    INFO(describe(scene));
    CHECK(scene.problems.empty());
    CHECK(scene.manifest.model == "room.gltf");
    CHECK(textIn(scene.manifest.title, "en") == "room.gltf");
}

TEST_CASE("a cue sheet without a path is saved as cues.json and named in the manifest",
          "[scene][write]") {
    const fs::path source = makeSourceScene("writer-default-cues-source");
    SceneFolder scene = openSceneFolder(source.string());
    REQUIRE(scene.problems.empty());
    scene.manifest.replay->cues.clear();
    const fs::path out = docent::test::outputDir("writer-default-cues-out") / "scene";
    fs::remove_all(out);

    std::string error;
    REQUIRE(saveScene(scene, out.string(), false, error));
    const SceneFolder copy = openSceneFolder(out.string());
    INFO(describe(copy));
    CHECK(copy.problems.empty());
    REQUIRE(copy.manifest.replay);
    CHECK(copy.manifest.replay->cues == "cues.json");
    CHECK(copy.cueSheet == scene.cueSheet);
}
