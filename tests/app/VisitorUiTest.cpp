// The visitor's UI, driven the way a visitor drives it: a scripted visitor (--input) clicks
// controls, taps and presses keys frame by frame in a headless run, and the --stats "ui" block
// reports what the screen showed and the state the visitor left. Settings persist in the config
// folder; baselines of the main screen in each language are checked by image.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/Image.h"
#include "support/ImageCompare.h"
#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using docent::test::readJson;
using docent::test::runDocent;
using docent::test::shellQuote;

namespace {

struct UiRun {
    docent::test::Outcome outcome;
    nlohmann::json stats;
};

fs::path dir() {
    return docent::test::outputDir("visitor-ui");
}

// A config folder of its own for a test (settings start empty).
fs::path freshConfig(const std::string& name) {
    const fs::path config = dir() / ("config-" + name);
    fs::remove_all(config);
    fs::create_directories(config);
    return config;
}

// Runs docent headless on the demo (its replay on the panel) with a scripted visitor.
UiRun runWithScript(const std::string& name, const std::string& script,
                    const std::string& extra = {}, const std::string& environment = {}) {
    const fs::path input = dir() / (name + ".input");
    const fs::path stats = dir() / (name + ".json");
    std::ofstream(input) << script;
    fs::remove(stats);
    UiRun run;
    const std::string size = extra.find("--size") == std::string::npos ? "--size 960x540 " : "";
    run.outcome = runDocent("--headless " + size + "--input " + shellQuote(input.string()) +
                                " --stats " + shellQuote(stats.string()) + " " + extra,
                            environment);
    INFO(run.outcome.output);
    REQUIRE(run.outcome.exitCode == 0);
    run.stats = readJson(stats);
    return run;
}

bool shows(const nlohmann::json& stats, const std::string& text) {
    for (const auto& shown : stats["ui"]["text"]) {
        if (shown.get<std::string>().find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// A copy of the demo scene without its replay: nothing is on air.
fs::path offAirScene() {
    const fs::path scene = dir() / "off-air";
    fs::remove_all(scene);
    fs::create_directories(scene);
    for (const char* file : {"scene.json", "hotspots.json", "gallery.glb"}) {
        fs::copy_file(docent::test::binaryDir() / "scenes" / "demo" / file, scene / file);
    }
    return scene;
}

} // namespace

TEST_CASE("a click on a language shows the whole UI in it, and it is remembered",
          "[app][ui][i18n]") {
    const fs::path config = freshConfig("language");
    const std::string env = "XDG_CONFIG_HOME=" + shellQuote(config.string());
    const UiRun english = runWithScript("english", "", "--frames 40", env);
    CHECK(english.stats["ui"]["language"] == "en");
    CHECK(shows(english.stats, "REPLAY"));
    CHECK(shows(english.stats, "Artworks"));

    const UiRun chinese = runWithScript("chinese", "30 click @lang-zh\n", "--frames 40", env);
    CHECK(chinese.stats["ui"]["language"] == "zh");
    CHECK(shows(chinese.stats, "回放"));
    CHECK(shows(chinese.stats, "展品"));
    CHECK(shows(chinese.stats, "月光下的宫殿博物馆"));
    CHECK_FALSE(shows(chinese.stats, "Artworks"));

    // Saved: the next run starts in Chinese without being told.
    const nlohmann::json saved = readJson(config / "docent" / "settings.json");
    CHECK(saved["language"] == "zh");
    const UiRun again = runWithScript("chinese-again", "", "--frames 5", env);
    CHECK(again.stats["ui"]["language"] == "zh");
    // --lang wins for one run and is not saved.
    const UiRun french = runWithScript("french-once", "", "--frames 5 --lang fr", env);
    CHECK(french.stats["ui"]["language"] == "fr");
    CHECK(shows(french.stats, "REDIFFUSION"));
    CHECK(readJson(config / "docent" / "settings.json")["language"] == "zh");
}

TEST_CASE("the system locale picks the first language", "[app][ui][i18n]") {
    const UiRun run = runWithScript("locale", "", "--frames 5", "LANG=zh_CN.UTF-8");
    CHECK(run.stats["ui"]["language"] == "zh");
    const UiRun french = runWithScript("locale-fr", "", "--frames 5", "LC_ALL=fr_FR.UTF-8");
    CHECK(french.stats["ui"]["language"] == "fr");
}

TEST_CASE("an artwork's card opens from the list and closes", "[app][ui]") {
    const UiRun open = runWithScript("card", "20 click @artworks\n30 click @artwork:moon-harbour\n",
                                     "--frames 45 --reduced-motion");
    CHECK(open.stats["ui"]["list_open"] == true);
    CHECK(open.stats["ui"]["card"] == "moon-harbour");
    CHECK(shows(open.stats, "Harbour under the Full Moon"));
    // Going to another artwork than the guide's is wandering off.
    CHECK(open.stats["ui"]["follow"] == false);

    const UiRun closed = runWithScript("card-closed",
                                       "20 click @artworks\n30 click @artwork:moon-harbour\n"
                                       "40 click @card-close\n50 click @artworks\n",
                                       "--frames 60 --reduced-motion");
    CHECK(closed.stats["ui"]["card"].is_null());
    CHECK(closed.stats["ui"]["list_open"] == false);
}

TEST_CASE("every action is reachable by keyboard alone", "[app][ui]") {
    // At 2.5 s the guide is at the first artwork (her cue is at 2 s), whose card is open.
    const UiRun start = runWithScript("keyboard-start", "", "--frames 75");
    REQUIRE(start.stats["ui"]["card"] == "bronze-dancer");
    const UiRun run = runWithScript("keyboard",
                                    "75 key L\n"      // the artworks, at the guide's (the first)
                                    "77 key DOWN\n"   // the second ...
                                    "79 key DOWN\n"   // ... the third
                                    "81 key ENTER\n"  // go there: its card opens
                                    "85 key C\n"      // captions off
                                    "87 key K\n"      // the next language (en -> zh)
                                    "89 key ESCAPE\n" // closes the list
                                    "91 key M\n"      // mute
                                    "93 key MINUS\n"  // quieter
                                    "95 key F6\n"     // the controls take the keyboard
                                    "97 key SPACE\n"  // the first one: pause
                                    "99 key ESCAPE\n" // the keyboard back to the scene
                                    "101 key P\n",    // picture-in-picture
                                    "--frames 115 --reduced-motion");
    const auto& ui = run.stats["ui"];
    CHECK(ui["card"] == "moon-harbour");
    CHECK(ui["captions"] == false);
    CHECK(ui["language"] == "zh");
    CHECK(ui["list_open"] == false);
    CHECK(ui["muted"] == true);
    CHECK(ui["volume"].get<double>() == Approx(0.9));
    CHECK(run.stats["video"]["state"] == "paused");
    CHECK(ui["follow"] == false);
}

TEST_CASE("Tab and Shift+Tab go round every control, Enter presses it", "[app][ui]") {
    // At 10 frames a second, frame 25 is 2.5 s: the guide is at the first artwork, its card open.
    const std::string at = " --fps 10 --reduced-motion --size 640x360";
    // Tab from the scene: the first control (the replay's pause) takes the focus, visibly;
    // Enter presses it.
    const UiRun first =
        runWithScript("tab-first", "25 key TAB\n26 key ENTER\n", "--frames 28" + at);
    CHECK(first.stats["ui"]["keyboard"] == true);
    CHECK(first.stats["ui"]["focus"] == "pause");
    CHECK(first.stats["video"]["state"] == "paused");
    // Shift+Tab goes round backwards to the last control: the open card's close button; Enter
    // closes the card, the controls keep the keyboard, and the shortcuts still work (C).
    const UiRun last = runWithScript("tab-last", "25 key SHIFT+TAB\n", "--frames 27" + at);
    CHECK(last.stats["ui"]["focus"] == "card-close");
    const UiRun closed = runWithScript("tab-close", "25 key SHIFT+TAB\n26 key ENTER\n27 key C\n",
                                       "--frames 29" + at);
    CHECK(closed.stats["ui"]["card"].is_null());
    CHECK(closed.stats["ui"]["keyboard"] == true);
    CHECK(closed.stats["ui"]["captions"] == false);
    // Every control is on the ring: as many Tabs as there are controls come back to the first.
    std::size_t controls = 0; // the markers in the scene are for the pointer: not on the ring
    for (const auto& [id, rect] : last.stats["ui"]["controls"].items()) {
        controls += id.rfind("marker:", 0) != 0;
    }
    std::string round = "25 key TAB\n";
    for (std::size_t i = 0; i < controls; ++i) {
        round += std::to_string(26 + i) + " key TAB\n";
    }
    // Esc then gives the keyboard back to the scene.
    round += std::to_string(26 + controls) + " key ESCAPE\n";
    const UiRun ring =
        runWithScript("tab-ring", round, "--frames " + std::to_string(26 + controls) + at);
    INFO(ring.stats["ui"]["controls"].dump());
    CHECK(ring.stats["ui"]["focus"] == "pause");
    const UiRun back =
        runWithScript("tab-esc", round, "--frames " + std::to_string(28 + controls) + at);
    CHECK(back.stats["ui"]["keyboard"] == false);
    CHECK(back.stats["ui"]["focus"].is_null());
}

TEST_CASE("a gamepad reaches the list, the card, captions and walking", "[app][ui]") {
    const UiRun run = runWithScript("gamepad",
                                    "3 pad X\n"      // the artwork list
                                    "5 pad DOWN\n"   // the first artwork
                                    "7 pad DOWN\n"   // the second
                                    "9 pad A\n"      // press: go there, its card opens
                                    "13 pad BACK\n", // captions off
                                    "--frames 16 --reduced-motion --wander");
    CHECK(run.stats["ui"]["gamepad"] == true);
    CHECK(run.stats["ui"]["card"] == "marble-bust");
    CHECK(run.stats["ui"]["captions"] == false);
    // B goes back (the list, then the card) but never quits.
    const UiRun back = runWithScript("gamepad-back",
                                     "3 pad X\n5 pad DOWN\n7 pad A\n9 pad B\n11 pad B\n"
                                     "13 pad B\n",
                                     "--frames 16 --reduced-motion --wander");
    CHECK(back.stats["ui"]["list_open"] == false);
    CHECK(back.stats["ui"]["card"].is_null());
    // The left stick walks: pushed forward for a second from the spawn point (yaw 0: -Z).
    const UiRun still = runWithScript("gamepad-still", "", "--frames 40 --wander");
    const UiRun walk =
        runWithScript("gamepad-walk", "2 pad LEFTY -0.8\n32 pad LEFTY 0\n", "--frames 40 --wander");
    const auto& from = still.stats["ui"]["camera"];
    const auto& to = walk.stats["ui"]["camera"];
    CHECK(to[2].get<double>() < from[2].get<double>() - 0.5);
    CHECK(to[0].get<double>() == Approx(from[0].get<double>()).margin(0.05));
}

TEST_CASE("captions toggle from their button", "[app][ui]") {
    // Frame 75 (2.5 s): the guide is speaking, so a caption is on screen.
    const UiRun on = runWithScript("captions-on", "", "--frames 75");
    CHECK(on.stats["ui"]["captions"] == true);
    CHECK(shows(on.stats, "Let’s pause here in the hall"));
    const UiRun off = runWithScript("captions-off", "65 click @captions\n", "--frames 75");
    CHECK(off.stats["ui"]["captions"] == false);
    CHECK_FALSE(shows(off.stats, "Let’s pause here in the hall"));
}

TEST_CASE("a tap on a hotspot's marker opens its card", "[app][ui]") {
    // Wandering from the spawn point: the bust's marker is in view before the guide gets there.
    const UiRun look = runWithScript("markers", "", "--frames 3 --wander");
    REQUIRE(look.stats["ui"]["controls"].contains("marker:marble-bust"));
    const UiRun tap =
        runWithScript("marker-tap", "2 tap @marker:marble-bust\n", "--frames 5 --wander");
    CHECK(tap.stats["ui"]["card"] == "marble-bust");
    // A tap on the scene away from any marker opens nothing.
    const UiRun miss = runWithScript("marker-miss", "2 tap 640 20\n", "--frames 5 --wander");
    CHECK(miss.stats["ui"]["card"].is_null());
}

TEST_CASE("the touch pad walks and zooms while a button is held", "[app][ui]") {
    const UiRun still = runWithScript("touch-still", "", "--frames 12 --wander --touch");
    REQUIRE(still.stats["ui"]["controls"].contains("touch-forward"));
    CHECK(still.stats["ui"]["touch_pad"] == true);
    // Held for one frame each: a step forward (-Z at the spawn's yaw 0), a notch of zoom.
    const UiRun moved =
        runWithScript("touch-moved", "5 click @touch-forward\n8 click @touch-zoom-in\n",
                      "--frames 12 --wander --touch");
    const auto& before = still.stats["ui"]["camera"];
    const auto& after = moved.stats["ui"]["camera"];
    CHECK(after[2].get<double>() < before[2].get<double>() - 0.01);
    CHECK(after[0].get<double>() == Approx(before[0].get<double>()).margin(1e-3));
    CHECK(after[5].get<double>() < before[5].get<double>());
    // Without --touch there is no pad (T shows it, and that is remembered).
    const UiRun none = runWithScript("touch-none", "", "--frames 3");
    CHECK_FALSE(none.stats["ui"]["controls"].contains("touch-forward"));
}

TEST_CASE("the audio output device is listed and chosen by name", "[app][audio]") {
    // OpenAL Soft's null backend: a device that plays to nowhere, on any machine.
    const std::string env = "ALSOFT_DRIVERS=null";
    const auto list = runDocent("--list-audio-devices", env);
    CHECK(list.exitCode == 0);
    CHECK(list.output.find("No Output") != std::string::npos);
    const fs::path clip = dir() / "audio-clip.ts";
    if (!fs::exists(clip)) {
        const fs::path partial = docent::test::partialFixturePath(clip);
        REQUIRE(std::system(("ffmpeg -nostdin -y -loglevel error -f lavfi -i "
                             "testsrc2=size=160x90:rate=25 -f lavfi -i sine=sample_rate=48000 -t "
                             "1 -c:v libx264 -pix_fmt yuv420p -c:a aac " +
                             shellQuote(partial.string()))
                                .c_str()) == 0);
        docent::test::publishFixture(partial, clip);
    }
    const std::string play =
        "--headless --realtime --size 160x90 --duration 1 --stream " + shellQuote(clip.string());
    const auto chosen = runDocent(play + " --audio-device 'No Output'", env);
    CHECK(chosen.exitCode == 0);
    CHECK(chosen.output.find("no audio output") == std::string::npos);
    // A name that is not there: a warning naming it and the devices there are; the tour plays.
    const auto wrong = runDocent(play + " --audio-device Speakers", env);
    CHECK(wrong.exitCode == 0);
    CHECK(wrong.output.find("'Speakers'") != std::string::npos);
    CHECK(wrong.output.find("'No Output'") != std::string::npos);
}

TEST_CASE("settings survive a corrupt file and keep what the visitor chose", "[app][ui]") {
    const fs::path config = freshConfig("corrupt");
    const fs::path file = config / "docent" / "settings.json";
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "{ this is not json";
    const std::string env = "XDG_CONFIG_HOME=" + shellQuote(config.string());
    const UiRun run =
        runWithScript("corrupt", "10 key C\n12 key EQUAL\n", "--frames 20 --volume 0.5", env);
    CHECK(run.outcome.output.find(file.string()) != std::string::npos);
    CHECK(run.outcome.output.find("defaults") != std::string::npos);
    // Replaced by a valid file holding what the visitor changed (captions off, volume up from
    // the --volume of this run).
    const nlohmann::json saved = readJson(file);
    CHECK(saved["captions"] == false);
    CHECK(saved["volume"].get<double>() == Approx(0.6));
    CHECK(saved["follow"] == true);
}

TEST_CASE("off air, the next tour shows in the visitor's time zone and language",
          "[app][ui][i18n]") {
    const fs::path scene = offAirScene();
    // The demo's tour: 2026-12-05 14:00 Paris time (13:00 UTC), seen from UTC+8.
    const std::string env = "TZ=CST-8";
    const std::string args =
        shellQuote(scene.string()) + " --frames 3 --now 2026-12-01T10:00:00+01:00";
    const UiRun en = runWithScript("off-air-en", "", args + " --lang en", env);
    CHECK(shows(en.stats, "OFF AIR"));
    CHECK(shows(en.stats, "Next tour: Sat 5 Dec, 21:00 CST"));
    const UiRun zh = runWithScript("off-air-zh", "", args + " --lang zh", env);
    CHECK(shows(zh.stats, "未开播"));
    CHECK(shows(zh.stats, "12月5日 星期六 21:00"));
    const UiRun fr = runWithScript("off-air-fr", "", args + " --lang fr", env);
    CHECK(shows(fr.stats, "sam. 5 déc., 21:00"));
    // After the last scheduled tour: none is announced.
    const UiRun later =
        runWithScript("off-air-later", "",
                      shellQuote(scene.string()) + " --frames 3 --now 2027-01-01T00:00:00Z", env);
    CHECK(shows(later.stats, "No tour is scheduled"));
}

TEST_CASE("UI scale, high contrast and reduced motion", "[app][ui]") {
    const UiRun normal = runWithScript("scale-100", "", "--frames 3");
    const UiRun large = runWithScript("scale-200", "", "--frames 3 --ui-scale 2 --high-contrast");
    const auto width = [](const UiRun& run) {
        return run.stats["ui"]["controls"]["artworks"][2].get<double>();
    };
    // Twice the scale, twice the size (the font is rasterised at that size, not stretched).
    CHECK(width(large) == Approx(2.0 * width(normal)).epsilon(0.1));
    CHECK(large.stats["ui"]["high_contrast"] == true);
    CHECK(large.stats["ui"]["scale"].get<double>() == Approx(2.0));
}

TEST_CASE("the settings panel changes text size, contrast and motion, and remembers them",
          "[app][ui]") {
    const fs::path config = freshConfig("panel");
    const std::string env = "XDG_CONFIG_HOME=" + shellQuote(config.string());
    const UiRun before = runWithScript("panel-before", "", "--frames 3", env);
    const UiRun run = runWithScript("panel",
                                    "3 click @settings\n"  // open from frame 5, laid out from 6
                                    "7 click @scale-200\n" // twice the size from 9, settled 10
                                    "11 click @high-contrast\n"
                                    "14 click @reduced-motion\n"
                                    "17 click @touch-pad\n",
                                    "--frames 22", env);
    const auto& ui = run.stats["ui"];
    CHECK(ui["scale"].get<double>() == Approx(2.0));
    CHECK(ui["high_contrast"] == true);
    CHECK(ui["reduced_motion"] == true);
    CHECK(ui["touch_pad"] == true);
    // The UI really is twice the size (its atlas rebuilt, not stretched).
    const auto width = [](const UiRun& r) {
        return r.stats["ui"]["controls"]["artworks"][2].get<double>();
    };
    CHECK(width(run) == Approx(2.0 * width(before)).epsilon(0.1));
    const nlohmann::json saved = readJson(config / "docent" / "settings.json");
    CHECK(saved["ui_scale"].get<double>() == Approx(2.0));
    CHECK(saved["high_contrast"] == true);
    CHECK(saved["reduced_motion"] == true);
    CHECK(saved["touch_pad"] == true);
    CHECK(run.stats["ui"]["missing_glyphs"].empty());

    // By keyboard: O opens it on its first control; Down, Space tick high contrast back off.
    const UiRun keys = runWithScript(
        "panel-keys", "3 key O\n5 key DOWN\n7 key SPACE\n9 key ESCAPE\n", "--frames 12", env);
    CHECK(keys.stats["ui"]["high_contrast"] == false);
    CHECK_FALSE(keys.stats["ui"]["controls"].contains("high-contrast")); // closed by Esc
}

TEST_CASE("the main screen in each language matches its baseline", "[app][ui][gl][i18n]") {
    const fs::path scene = offAirScene();
    for (const char* language : {"en", "fr", "zh"}) {
        const fs::path shot = dir() / (std::string("main-") + language + ".png");
        fs::remove(shot);
        const UiRun run = runWithScript(
            std::string("main-") + language, "10 click @artworks\n20 click @artwork:moon-harbour\n",
            shellQuote(scene.string()) + " --size 800x450 --frames 30 --reduced-motion --lang " +
                language + " --now 2026-12-01T10:00:00+01:00 --screenshot " +
                shellQuote(shot.string()),
            "TZ=CST-8");
        CHECK(run.outcome.output.find("no glyph") == std::string::npos);
        // Every character on screen has its glyph: no tofu, no '?'.
        CHECK(run.stats["ui"]["missing_glyphs"].empty());
        const auto image = docent::engine::readImageFile(shot.string());
        REQUIRE(image.ok());
        const auto result =
            docent::test::compareWithBaseline(std::string("ui-main-") + language, image.image,
                                              docent::test::ImageTolerance{16, 0.01});
        INFO(result.message);
        CHECK(result.passed);
    }
}
