// Curator mode driven as a curator drives it: a scripted session (--input) clicks the editor's
// controls and the scan, types into the text fields, marks cues on the replay, undoes and saves;
// the files on disk and `docent validate` say what it did. Saving is checked where it must not
// lose anything: into the build's assembled copy (refused), killed with SIGKILL mid-save, onto
// a full disk and into a read-only folder (small tmpfs mounts: the tests run as root).

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <glm/glm.hpp>

#include "engine/GltfLoader.h"
#include "hotspots/SceneFolder.h"
#include "streaming/CueScan.h"
#include "support/Programs.h"
#include "support/TestPaths.h"
#include "support/TmpfsMount.h"

namespace fs = std::filesystem;
using docent::test::readBytes;
using docent::test::readJson;
using docent::test::runDocent;
using docent::test::shellQuote;

namespace {

// Where the markers of three of the demo's artworks are on the first frame from the spawn point
// at 1280x720 (--stats "ui" "controls" "marker:ID"): a click there lands on the artwork.
struct Artwork {
    const char* node;
    int x;
    int y;
};
constexpr Artwork kDancer{"artwork.bronze-dancer", 420, 371};
constexpr Artwork kBust{"artwork.marble-bust", 860, 395};
constexpr Artwork kMoon{"artwork.winter-moon", 845, 375};

constexpr double kDemoFps = 15.0; // the demo tour's video

fs::path dir() {
    return docent::test::outputDir("curator");
}

fs::path demoScene() {
    return docent::test::binaryDir() / "scenes" / "demo";
}

struct Session {
    docent::test::Outcome outcome;
    nlohmann::json stats;
};

// Runs curator mode headless on scene with a scripted curator; the state folder (autosaves) is
// the test's own.
Session runCurator(const std::string& name, const fs::path& scene, const std::string& script,
                   const fs::path& state, const std::string& extra = {}, int frames = 60) {
    const fs::path input = dir() / (name + ".input");
    const fs::path stats = dir() / (name + ".json");
    std::ofstream(input) << script;
    fs::remove(stats);
    Session s;
    s.outcome = runDocent(shellQuote(scene.string()) + " --mode curator --headless --frames " +
                              std::to_string(frames) + " --input " + shellQuote(input.string()) +
                              " --stats " + shellQuote(stats.string()) + " " + extra,
                          "XDG_STATE_HOME=" + shellQuote(state.string()));
    s.stats = readJson(stats);
    return s;
}

fs::path freshFolder(const std::string& name) {
    const fs::path folder = dir() / name;
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
}

const nlohmann::json* hotspotById(const nlohmann::json& file, const std::string& id) {
    for (const auto& h : file["hotspots"]) {
        if (h["id"] == id) {
            return &h;
        }
    }
    return nullptr;
}

// The demo without its recording (a small scene for the disk tests): manifest, hotspots, model.
void writeSmallScene(const fs::path& folder) {
    fs::create_directories(folder);
    nlohmann::json manifest = readJson(demoScene() / "scene.json");
    manifest.erase("replay");
    std::ofstream(folder / "scene.json") << manifest.dump(2) << "\n";
    fs::copy_file(demoScene() / "hotspots.json", folder / "hotspots.json");
    fs::copy_file(demoScene() / "gallery.glb", folder / "gallery.glb");
}

// A script that selects the first hotspot's title field (English) and appends text.
std::string editTitleScript(const std::string& text) {
    return "2 click @lang:en\n"
           "4 click @field:title\n"
           "5 key END\n"
           "6 type " +
           text + "\n";
}

} // namespace

TEST_CASE("a scripted curator places three hotspots, writes zh and fr, marks cues, undoes and "
          "saves",
          "[curator]") {
    const fs::path out = dir() / "session-out";
    fs::remove_all(out);
    const fs::path state = freshFolder("session-state");
    // Each click on the scan comes after Add; a text field takes the keys once clicked.
    const std::string script = "2 click @add\n"
                               "4 click " +
                               std::to_string(kDancer.x) + " " + std::to_string(kDancer.y) +
                               "\n"
                               "6 click @field:title\n"
                               "8 type 舞者（第二件）\n"
                               "10 click @add\n"
                               "12 click " +
                               std::to_string(kBust.x) + " " + std::to_string(kBust.y) +
                               "\n"
                               "14 click @lang:fr\n"
                               "16 click @field:commentary\n"
                               "18 type Buste en marbre,\\nsecond exemplaire.\n"
                               "20 click @add\n"
                               "22 click " +
                               std::to_string(kMoon.x) + " " + std::to_string(kMoon.y) +
                               "\n"
                               "24 click @mark-cue\n"
                               "30 click @hotspot:hotspot-1\n"
                               "32 click @mark-cue\n"
                               "36 key CTRL+Z\n" // takes back the mark of hotspot-1
                               "38 key CTRL+Z\n" // and the mark of hotspot-3
                               "40 key CTRL+Y\n" // the mark of hotspot-3 again
                               "42 key CTRL+S\n";
    const Session s =
        runCurator("session", demoScene(), script, state, "--out " + shellQuote(out.string()));
    INFO(s.outcome.output);
    REQUIRE(s.outcome.exitCode == 0);
    CHECK(s.stats["curator"]["saves"] == 1);
    CHECK(s.stats["curator"]["unsaved"] == false);
    // The timeline's waveform covers the 5:39 recording (a peak per 50 ms) and hears the guide.
    CHECK(s.stats["curator"]["waveform_peaks"].get<int>() > 6700);
    CHECK(s.stats["curator"]["waveform_peaks"].get<int>() < 6900);
    CHECK(s.stats["curator"]["waveform_max"].get<double>() > 0.05);

    const nlohmann::json hotspots = readJson(out / "hotspots.json");
    REQUIRE(hotspots["hotspots"].size() == 21); // the demo's 18 and three new ones
    const nlohmann::json* dancer = hotspotById(hotspots, "hotspot-1");
    const nlohmann::json* bust = hotspotById(hotspots, "hotspot-2");
    const nlohmann::json* moon = hotspotById(hotspots, "hotspot-3");
    REQUIRE(dancer);
    REQUIRE(bust);
    REQUIRE(moon);
    CHECK((*dancer)["anchor"]["node"] == kDancer.node);
    CHECK((*bust)["anchor"]["node"] == kBust.node);
    CHECK((*moon)["anchor"]["node"] == kMoon.node);
    CHECK((*dancer)["title"]["zh"] == "舞者（第二件）");
    CHECK((*bust)["commentary"]["fr"] == "Buste en marbre,\nsecond exemplaire.");
    CHECK(moon->value("title", nlohmann::json::object()).empty()); // nothing typed for it

    // The tour lists the new hotspots; the cue sheet is now the replay's, authoritative.
    const nlohmann::json manifest = readJson(out / "scene.json");
    const auto& tour = manifest["tour"];
    REQUIRE(tour.size() == 21);
    CHECK(tour[18] == "hotspot-1");
    CHECK(tour[20] == "hotspot-3");
    REQUIRE(manifest["replay"]["cues"] == "cues.json");
    const nlohmann::json cues = readJson(out / "cues.json");
    int moonCues = 0;
    for (const auto& cue : cues["cues"]) {
        CHECK(cue["hotspot"] != "hotspot-1"); // undone
        if (cue["hotspot"] == "hotspot-3") {
            ++moonCues;
            // On the frame on screen when the button was pressed (run frame 24 or 25, 1/30 s
            // each): a frame of the 15 fps video, at most one frame interval before.
            const double t = cue["time"].get<double>();
            CHECK(t >= 24.0 / 30.0 - 1.0 / kDemoFps - 1e-9);
            CHECK(t <= 25.0 / 30.0 + 1e-9);
            CHECK(std::abs(t * kDemoFps - std::round(t * kDemoFps)) < 1e-3);
        }
    }
    CHECK(moonCues == 1);
    CHECK(cues["cues"].size() == 19); // the replay's 18 in-band cues and the new one

    const auto validate = runDocent("validate " + shellQuote(out.string()));
    INFO(validate.output);
    CHECK(validate.exitCode == 0);

    // The result plays: a visitor's run on it fires the new cue from the sheet.
    const fs::path visitorStats = dir() / "session-visitor.json";
    const auto visitor = runDocent(shellQuote(out.string()) + " --headless --frames 40 --stats " +
                                   shellQuote(visitorStats.string()));
    INFO(visitor.output);
    REQUIRE(visitor.exitCode == 0);
    bool fired = false;
    const nlohmann::json played = readJson(visitorStats);
    for (const auto& cue : played["cues"]) {
        fired = fired || cue["hotspot"] == "hotspot-3";
    }
    CHECK(fired);
}

TEST_CASE("saving into the build's assembled demo is refused, the edits come back on the next "
          "start and save elsewhere",
          "[curator]") {
    const fs::path state = freshFolder("refused-state");
    const std::string before = readBytes(demoScene() / "hotspots.json");
    const Session first = runCurator("refused", demoScene(),
                                     "2 click @add\n"
                                     "4 click " +
                                         std::to_string(kBust.x) + " " + std::to_string(kBust.y) +
                                         "\n"
                                         "8 key CTRL+S\n",
                                     state, {}, 12);
    INFO(first.outcome.output);
    REQUIRE(first.outcome.exitCode == 0);
    CHECK(first.stats["curator"]["failed_saves"] == 1);
    CHECK(first.stats["curator"]["unsaved"] == true);
    const std::string error = first.stats["curator"]["last_error"];
    CHECK(error.find(demoScene().string()) != std::string::npos);
    CHECK(error.find("assembled") != std::string::npos);
    CHECK(first.outcome.output.find("Save As or --out") != std::string::npos);
    CHECK(readBytes(demoScene() / "hotspots.json") == before);

    // The next start offers the edits; recovered, they save into a new folder.
    const fs::path out = dir() / "refused-out";
    fs::remove_all(out);
    const Session second = runCurator("recovered", demoScene(),
                                      "3 click @recover\n"
                                      "5 click @field:save-as\n"
                                      "7 type " +
                                          out.string() +
                                          "\n"
                                          "9 click @save-as\n",
                                      state, {}, 12);
    INFO(second.outcome.output);
    REQUIRE(second.outcome.exitCode == 0);
    CHECK(second.outcome.output.find("unsaved edits") != std::string::npos);
    CHECK(second.stats["curator"]["saves"] == 1);
    const nlohmann::json saved = readJson(out / "hotspots.json");
    const nlohmann::json* placed = hotspotById(saved, "hotspot-1");
    REQUIRE(placed);
    CHECK((*placed)["anchor"]["node"] == kBust.node);
    CHECK_FALSE(fs::exists(out / ".docent-assembled")); // the copy is the curator's own
    CHECK(fs::is_empty(state / "docent" / "recovery")); // nothing left unsaved
}

TEST_CASE("killed with SIGKILL while saving, the scene's files are whole and the autosave holds "
          "the edits",
          "[curator]") {
    const fs::path scene = dir() / "killed-scene";
    fs::remove_all(scene);
    writeSmallScene(scene);
    const fs::path state = freshFolder("killed-state");
    const std::string original =
        hotspotById(readJson(scene / "hotspots.json"), "bronze-dancer")->at("title")["en"];
    // Type a character and save, over and over, for as long as the process lives.
    std::string script = editTitleScript("x");
    for (int frame = 8; frame < 4000; frame += 2) {
        script += std::to_string(frame) + " type x\n" + std::to_string(frame + 1) + " key CTRL+S\n";
    }
    const fs::path input = dir() / "killed.input";
    std::ofstream(input) << script;
    std::mt19937 random(20261130u);
    constexpr int kRounds = 6;
    for (int round = 0; round < kRounds; ++round) {
        INFO("round " << round << " (seed 20261130)");
        {
            docent::test::ChildProcess docent(
                {"env", "XDG_STATE_HOME=" + state.string(),
                 (docent::test::binaryDir() / "bin" / "docent").string(), scene.string(), "--mode",
                 "curator", "--headless", "--frames", "5000", "--autosave", "0.2", "--log-file",
                 "none", "--input", input.string()});
            // Startup takes about a second; then it saves every other frame.
            std::this_thread::sleep_for(std::chrono::milliseconds(1500 + random() % 2500));
            REQUIRE(docent.running());
            docent.kill();
        }
        const docent::hotspots::SceneFolder opened =
            docent::hotspots::openSceneFolder(scene.string());
        for (const auto& problem : opened.problems) {
            INFO(problem.toString());
            CHECK(problem.severity != docent::hotspots::Severity::Error);
        }
        const auto* dancer = opened.findHotspot("bronze-dancer");
        REQUIRE(dancer);
        // Whatever was saved last: the original title and some x's, never a torn file.
        const std::string title = dancer->title.at("en");
        REQUIRE(title.rfind(original, 0) == 0);
        CHECK(title.find_first_not_of('x', original.size()) == std::string::npos);
    }
    // The last round's edits beyond the last save, if any, are in the autosave: recovered and
    // saved, the title is at least as long as the file's.
    const std::size_t onDisk = docent::hotspots::openSceneFolder(scene.string())
                                   .findHotspot("bronze-dancer")
                                   ->title.at("en")
                                   .size();
    const Session recovered =
        runCurator("killed-recovery", scene, "3 click @recover\n5 key CTRL+S\n", state, {}, 8);
    INFO(recovered.outcome.output);
    REQUIRE(recovered.outcome.exitCode == 0);
    const std::string title = docent::hotspots::openSceneFolder(scene.string())
                                  .findHotspot("bronze-dancer")
                                  ->title.at("en");
    CHECK(title.size() >= onDisk);
    CHECK(title.find_first_not_of('x', original.size()) == std::string::npos);
    // What the killed saves left half-way was swept when the scene was opened again.
    for (const auto& entry : fs::directory_iterator(scene)) {
        INFO(entry.path());
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
    }
}

TEST_CASE("a full disk or a read-only folder fails the save with the reason and loses nothing",
          "[curator]") {
    struct Case {
        const char* name;
        bool readOnly;
        const char* reason;
    };
    for (const Case c : {Case{"full", false, "No space left on device"},
                         Case{"read-only", true, "Read-only file system"}}) {
        DYNAMIC_SECTION(c.name) {
            docent::test::TmpfsMount disk(dir() / (std::string("disk-") + c.name), "size=16m");
            if (!disk.mounted()) {
                DOCENT_SKIP("cannot mount a small tmpfs here (" << disk.error()
                                                                << "); needs root with "
                                                                   "CAP_SYS_ADMIN");
            }
            const fs::path scene = disk.path() / "scene";
            writeSmallScene(scene);
            if (c.readOnly) {
                REQUIRE(disk.remountReadOnly());
            } else {
                // Fill what is left of the disk.
                std::ofstream filler(disk.path() / "filler", std::ios::binary);
                const std::string block(1 << 16, 'f');
                while (filler.write(block.data(), block.size())) {
                }
            }
            const std::string before = readBytes(scene / "hotspots.json");
            const fs::path state = freshFolder(std::string("disk-state-") + c.name);
            const fs::path elsewhere = dir() / (std::string("disk-elsewhere-") + c.name);
            fs::remove_all(elsewhere);
            const Session s = runCurator(std::string("disk-") + c.name, scene,
                                         editTitleScript(" (revised)") +
                                             "8 key CTRL+S\n"
                                             "10 click @field:save-as\n"
                                             "12 type " +
                                             elsewhere.string() + "\n14 click @save-as\n",
                                         state, {}, 18);
            INFO(s.outcome.output);
            REQUIRE(s.outcome.exitCode == 0);
            CHECK(s.stats["curator"]["failed_saves"] == 1);
            CHECK(s.outcome.output.find(c.reason) != std::string::npos);
            CHECK(s.outcome.output.find((scene / "hotspots.json").string()) != std::string::npos);
            CHECK(readBytes(scene / "hotspots.json") == before); // the old version, whole
            // The same session then saves elsewhere, with the edit.
            CHECK(s.stats["curator"]["saves"] == 1);
            const nlohmann::json saved = readJson(elsewhere / "hotspots.json");
            const auto* dancer = hotspotById(saved, "bronze-dancer");
            REQUIRE(dancer);
            const std::string title = (*dancer)["title"]["en"];
            CHECK(title.size() > 10);
            CHECK(title.substr(title.size() - 10) == " (revised)");
        }
    }
}

TEST_CASE("the producer console fires a cue into a running docent-broadcast, and the live "
          "stream carries it back",
          "[curator][live]") {
    const int media = docent::test::freeUdpPort();
    const int control = docent::test::freeUdpPort();
    const std::string stream = "udp://127.0.0.1:" + std::to_string(media);
    const std::string channel = "udp://127.0.0.1:" + std::to_string(control);
    docent::test::ChildProcess broadcast(
        {(docent::test::binaryDir() / "bin" / "docent-broadcast").string(), "--test-pattern",
         "320x180", "--out", stream, "--control", channel, "--duration", "120"});
    const fs::path state = freshFolder("producer-state");
    // The first frames come once the stream is probed; the button is pressed on frame 20. The
    // run then lasts 14 s of stream: the cue rides a UDP datagram that a loaded machine can drop,
    // and the broadcaster repeats the guide's state every 2 s, so a later repeat brings it back.
    const Session s = runCurator(
        "producer", demoScene(), "20 click @fire:moon-harbour\n", state,
        "--size 480x270 --stream " + shellQuote(stream) + " --control " + shellQuote(channel), 440);
    INFO(s.outcome.output);
    REQUIRE(s.outcome.exitCode == 0);
    CHECK(s.stats["curator"]["fired"] == nlohmann::json::array({"moon-harbour"}));
    CHECK(s.stats["curator"]["answers"] == nlohmann::json::array({"ok moon-harbour"}));
    // Viewers of the broadcast see it: this run's own panel fired it from the stream.
    bool seen = false;
    for (const auto& cue : s.stats["cues"]) {
        seen = seen || cue["hotspot"] == "moon-harbour";
    }
    CHECK(seen);
}

TEST_CASE("the cue channel listens on this machine only and names what is wrong", "[curator]") {
    const fs::path state = freshFolder("control-state");
    for (const char* url : {"udp://192.0.2.1:9000", "tcp://127.0.0.1:9000", "udp://127.0.0.1"}) {
        INFO(url);
        const auto outcome = runDocent(shellQuote(demoScene().string()) +
                                       " --mode curator --headless --frames 1 --control " + url);
        CHECK(outcome.exitCode == 1);
        CHECK(outcome.output.find(url) != std::string::npos);
    }
    const auto broadcast = docent::test::runProgram(
        "docent-broadcast", "--test-pattern 64x64 --duration 1 --out /dev/null --control "
                            "udp://0.0.0.0:9000");
    CHECK(broadcast.exitCode == 1);
    CHECK(broadcast.output.find("this machine only") != std::string::npos);
}

namespace {

// Text as a `type` line takes it: escapes for new lines, '#' and backslashes.
std::string typed(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '#':
            out += "\\#";
            break;
        case '\\':
            out += "\\\\";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// A script under construction: events a few frames apart, each after the one before.
struct Script {
    std::string text;
    int frame = 2;
    void add(const std::string& event, int gap = 2) {
        text += std::to_string(frame) + " " + event + "\n";
        frame += gap;
    }
};

} // namespace

TEST_CASE("from the demo's bare .glb a scripted curator rebuilds its hotspots and cues, and the "
          "scene plays like the demo",
          "[curator][rebuild]") {
    // A new scene: the gallery's model and the recorded tour, nothing else.
    const fs::path scene = freshFolder("rebuild-scene");
    fs::create_hard_link(demoScene() / "gallery.glb", scene / "gallery.glb");
    fs::create_hard_link(demoScene() / "tour.ts", scene / "tour.ts");
    const docent::hotspots::SceneFolder demo = docent::hotspots::openSceneFolder(demoScene());
    REQUIRE_FALSE(demo.hasErrors());
    const docent::engine::LoadResult model = docent::engine::loadGltf(demo.modelPath);
    REQUIRE(model.ok());
    std::vector<docent::streaming::ScriptedCue> inBand;
    std::string problem;
    REQUIRE(docent::streaming::scanCueTrack((demoScene() / "tour.ts").string(), inBand, problem));
    REQUIRE(inBand.size() == 18);

    Script script;
    // The recording's own cues are taken off the timeline: every mark is made again below.
    for (std::size_t k = 0; k < inBand.size(); ++k) {
        script.add("click @cue:0");
        script.add("click @delete-cue");
    }
    // The scene's own title and the guide's name (a bare model's title is its file name).
    script.add("click @scene");
    for (const char* language : {"zh", "fr", "en"}) {
        script.add(std::string("click @lang:") + language);
        script.add("click @field:scene-title", 1);
        script.add("key CTRL+A", 1);
        script.add("type " + typed(demo.manifest.title.at(language)));
        script.add("click @field:guide-name", 1);
        script.add("type " + typed(demo.manifest.guideName.at(language)));
    }
    script.add("click @scene");
    static constexpr const char* kFieldNames[] = {"title",  "artist",     "date",
                                                  "medium", "commentary", "guide"};
    for (const auto& h : demo.hotspots) {
        // Walk up to the artwork, facing it, 1.4 m away: its anchor is at the centre of the view.
        const docent::engine::NodeData* node = nullptr;
        for (const auto& n : model.asset.nodes) {
            if (n.name == h.anchor.node) {
                node = &n;
            }
        }
        REQUIRE(node);
        const glm::vec3 point(
            node->world * glm::vec4(h.anchor.point[0], h.anchor.point[1], h.anchor.point[2], 1.0));
        const glm::vec3 normal =
            glm::normalize(glm::mat3(node->world) *
                           glm::vec3(h.anchor.normal[0], h.anchor.normal[1], h.anchor.normal[2]));
        const glm::vec3 eye = point + normal * 1.4f;
        const glm::vec3 look = -normal;
        const float yaw = glm::degrees(std::atan2(-look.x, -look.z));
        const float pitch = glm::degrees(std::asin(std::clamp(look.y, -1.0f, 1.0f)));
        script.add("camera " + std::to_string(eye.x) + " " + std::to_string(eye.y) + " " +
                   std::to_string(eye.z) + " " + std::to_string(yaw) + " " + std::to_string(pitch));
        script.add("click @add");
        script.add("click 640 360");
        script.add("click @field:id", 1);
        script.add("key CTRL+A", 1);
        script.add("type " + h.id, 1);
        script.add("key ENTER");
        for (const char* language : {"zh", "fr", "en"}) {
            script.add(std::string("click @lang:") + language);
            for (const char* field : kFieldNames) {
                const docent::hotspots::Text& text = std::string(field) == "title"    ? h.title
                                                     : std::string(field) == "artist" ? h.artist
                                                     : std::string(field) == "date"   ? h.date
                                                     : std::string(field) == "medium" ? h.medium
                                                     : std::string(field) == "guide"  ? h.guide
                                                                                     : h.commentary;
                if (const auto it = text.find(language); it != text.end()) {
                    script.add(std::string("click @field:") + field, 1);
                    script.add("type " + typed(it->second));
                }
            }
        }
        if (!h.threads.empty()) {
            std::string threads;
            for (const auto& t : h.threads) {
                threads += (threads.empty() ? "" : ", ") + t;
            }
            script.add("click @field:threads", 1);
            script.add("type " + threads);
        }
    }
    // Each cue marked where the guide reaches the work: go to the time, select, mark.
    for (const auto& cue : inBand) {
        char time[32];
        std::snprintf(time, sizeof time, "%.4f", cue.seconds);
        script.add("click @field:goto", 1);
        script.add("key CTRL+A", 1);
        script.add(std::string("type ") + time, 1);
        script.add("key ENTER", 3); // the frame at the time is on screen two steps later
        if (cue.hotspot) {
            script.add("click @hotspot:" + *cue.hotspot, 3);
            script.add("key M");
        } else {
            script.add("click @mark-none", 3);
        }
    }
    script.add("key CTRL+S");
    const fs::path state = freshFolder("rebuild-state");
    const Session s =
        runCurator("rebuild", scene / "gallery.glb", script.text, state,
                   "--stream " + shellQuote((scene / "tour.ts").string()), script.frame + 2);
    INFO(s.outcome.output);
    REQUIRE(s.outcome.exitCode == 0);
    REQUIRE(s.stats["curator"]["saves"] == 1);

    const auto validate = runDocent("validate " + shellQuote(scene.string()));
    INFO(validate.output);
    CHECK(validate.exitCode == 0);
    const docent::hotspots::SceneFolder rebuilt = docent::hotspots::openSceneFolder(scene.string());
    REQUIRE_FALSE(rebuilt.hasErrors());
    CHECK(rebuilt.manifest.title == demo.manifest.title);
    CHECK(rebuilt.manifest.guideName == demo.manifest.guideName);
    CHECK(rebuilt.manifest.model == "gallery.glb");
    REQUIRE(rebuilt.manifest.replay);
    CHECK(rebuilt.manifest.replay->recording == "tour.ts");
    // The same hotspots, texts and threads; each marker on the same artwork, near the original.
    REQUIRE(rebuilt.hotspots.size() == demo.hotspots.size());
    for (std::size_t k = 0; k < demo.hotspots.size(); ++k) {
        const auto& want = demo.hotspots[k];
        const auto& got = rebuilt.hotspots[k];
        INFO(want.id);
        CHECK(got.id == want.id);
        CHECK(got.anchor.node == want.anchor.node);
        const glm::dvec3 a(want.anchor.point[0], want.anchor.point[1], want.anchor.point[2]);
        const glm::dvec3 b(got.anchor.point[0], got.anchor.point[1], got.anchor.point[2]);
        CHECK(glm::length(a - b) < 0.35);
        CHECK(got.title == want.title);
        CHECK(got.artist == want.artist);
        CHECK(got.date == want.date);
        CHECK(got.medium == want.medium);
        CHECK(got.commentary == want.commentary);
        CHECK(got.guide == want.guide);
        CHECK(got.threads == want.threads);
    }
    // The same cues: each on the frame of the recording's own, by the same hotspot.
    REQUIRE(rebuilt.cueSheet);
    REQUIRE(rebuilt.cueSheet->cues.size() == inBand.size());
    for (std::size_t k = 0; k < inBand.size(); ++k) {
        INFO("cue " << k);
        CHECK(rebuilt.cueSheet->cues[k].hotspot == inBand[k].hotspot);
        CHECK(rebuilt.cueSheet->cues[k].time == Approx(inBand[k].seconds).margin(1e-3));
    }

    // It plays like the demo: a visitor's replay fires the same cues on the same frames.
    const auto play = [&](const fs::path& folder, const std::string& name) {
        const fs::path stats = dir() / (name + ".json");
        const auto outcome = runDocent(shellQuote(folder.string()) +
                                       " --headless --size 320x180 --fps 5 --duration 60 "
                                       "--stats " +
                                       shellQuote(stats.string()));
        INFO(outcome.output);
        REQUIRE(outcome.exitCode == 0);
        return readJson(stats)["cues"];
    };
    const nlohmann::json original = play(demoScene(), "rebuild-play-demo");
    const nlohmann::json again = play(scene, "rebuild-play-rebuilt");
    REQUIRE(original.size() >= 3);
    REQUIRE(again.size() == original.size());
    for (std::size_t k = 0; k < original.size(); ++k) {
        CHECK(again[k]["hotspot"] == original[k]["hotspot"]);
        CHECK(again[k]["frame_pts"].get<double>() ==
              Approx(original[k]["frame_pts"].get<double>()).margin(1e-6));
    }
}

TEST_CASE("a marker dragged along the scan moves with the pointer, in one undoable step",
          "[curator]") {
    const fs::path out = dir() / "drag-out";
    fs::remove_all(out);
    const fs::path state = freshFolder("drag-state");
    // The bust's marker, dragged onto the painting behind it; undone, then redone.
    const Session s =
        runCurator("drag", demoScene(),
                   "2 drag " + std::to_string(kBust.x) + " " + std::to_string(kBust.y) + " " +
                       std::to_string(kMoon.x) + " " + std::to_string(kMoon.y) +
                       " 10\n"
                       "16 key CTRL+Z\n"
                       "18 key CTRL+Y\n"
                       "20 key CTRL+S\n",
                   state, "--out " + shellQuote(out.string()), 24);
    INFO(s.outcome.output);
    REQUIRE(s.outcome.exitCode == 0);
    CHECK(s.stats["curator"]["undo_steps"] == 1);
    CHECK(s.stats["curator"]["selected"] == "marble-bust");
    const nlohmann::json saved = readJson(out / "hotspots.json");
    const nlohmann::json* bust = hotspotById(saved, "marble-bust");
    REQUIRE(bust);
    CHECK((*bust)["anchor"]["node"] == kMoon.node);
    // Undone, the marker is back where the demo has it.
    const Session undone =
        runCurator("drag-undone", demoScene(),
                   "2 drag " + std::to_string(kBust.x) + " " + std::to_string(kBust.y) + " " +
                       std::to_string(kMoon.x) + " " + std::to_string(kMoon.y) +
                       " 10\n"
                       "16 key CTRL+Z\n"
                       "20 key CTRL+S\n",
                   state, "--out " + shellQuote((out / "undone").string()), 24);
    INFO(undone.outcome.output);
    REQUIRE(undone.outcome.exitCode == 0);
    const nlohmann::json original = readJson(demoScene() / "hotspots.json");
    const nlohmann::json back = readJson(out / "undone" / "hotspots.json");
    CHECK(hotspotById(back, "marble-bust")->at("anchor") ==
          hotspotById(original, "marble-bust")->at("anchor"));
}
