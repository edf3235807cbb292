// The parts of the visitor's UI that need no window: RFC 3339 times and their local text, the
// scripted visitor's file, the settings file.

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "Gamepad.h"
#include "InputScript.h"
#include "LineBreak.h"
#include "Log.h"
#include "Settings.h"
#include "TimeText.h"
#include "support/TestPaths.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace fs = std::filesystem;
using namespace docent::app;

TEST_CASE("RFC 3339 stamps are read with their offset", "[app][time]") {
    // 2026-12-05T13:00:00Z is 1796475600 s after the epoch (date -u -d ... +%s).
    CHECK(parseRfc3339("2026-12-05T14:00:00+01:00") == std::optional<std::time_t>(1796475600));
    CHECK(parseRfc3339("2026-12-05T13:00:00Z") == std::optional<std::time_t>(1796475600));
    CHECK(parseRfc3339("2026-12-05T05:00:00.250-08:00") == std::optional<std::time_t>(1796475600));
    CHECK(parseRfc3339("2000-02-29T00:00:00Z") == std::optional<std::time_t>(951782400));
    CHECK_FALSE(parseRfc3339("2026-12-05 14:00"));
    CHECK_FALSE(parseRfc3339("2026-12-05T14:00:00")); // no offset
    CHECK_FALSE(parseRfc3339("2026-13-05T14:00:00Z"));
    CHECK_FALSE(parseRfc3339("2026-12-05T14:00:00+01:00 trailing"));
}

TEST_CASE("times show in the visitor's zone and language", "[app][time]") {
    setenv("TZ", "CST-8", 1);
    tzset();
    const std::time_t t = *parseRfc3339("2026-12-05T14:00:00+01:00");
    CHECK(localTimeText(t, "en") == "Sat 5 Dec, 21:00 CST");
    CHECK(localTimeText(t, "fr") == "sam. 5 déc., 21:00 CST");
    CHECK(localTimeText(t, "zh") == "12月5日 星期六 21:00 CST");
    setenv("TZ", "UTC0", 1);
    tzset();
    CHECK(localTimeText(t, "en") == "Sat 5 Dec, 13:00 UTC");
    unsetenv("TZ");
    tzset();
}

TEST_CASE("a scripted visitor's file is read, and its mistakes named", "[app][input]") {
    std::vector<InputEvent> events;
    std::string error;
    REQUIRE(parseInputScript("# a visitor\n0 key L\n\n5 click 10 20\n5 click @artworks\n"
                             "7 tap @marker:moon-harbour\n9 key ctrl+shift+TAB\n",
                             "v.txt", events, error));
    REQUIRE(events.size() == 5);
    CHECK(events[0].key == GLFW_KEY_L);
    CHECK(events[1].kind == InputEvent::Kind::Click);
    CHECK(events[1].x == 10.0f);
    CHECK(events[2].control == "artworks");
    CHECK(events[3].control == "marker:moon-harbour");
    CHECK(events[4].key == GLFW_KEY_TAB);
    CHECK(events[4].ctrl);
    CHECK(events[4].shift);

    std::vector<InputEvent> pad;
    REQUIRE(parseInputScript("1 pad a\n2 pad LEFTY -0.5\n", "p.txt", pad, error));
    REQUIRE(pad.size() == 2);
    CHECK(pad[0].kind == InputEvent::Kind::PadButton);
    CHECK(pad[0].pad == GLFW_GAMEPAD_BUTTON_A);
    CHECK(pad[1].kind == InputEvent::Kind::PadAxis);
    CHECK(pad[1].pad == GLFW_GAMEPAD_AXIS_LEFT_Y);
    CHECK(pad[1].value == -0.5f);

    const auto fails = [](const std::string& text) {
        std::vector<InputEvent> e;
        std::string why;
        CHECK_FALSE(parseInputScript(text, "v.txt", e, why));
        return why;
    };
    CHECK(fails("soon key L\n").find("v.txt:1") != std::string::npos);
    CHECK(fails("1 key L\n0 key M\n").find("frame order") != std::string::npos);
    CHECK(fails("1 key HYPER\n").find("unknown key 'HYPER'") != std::string::npos);
    CHECK(fails("1 click\n").find("X Y") != std::string::npos);
    CHECK(fails("1 wave 3\n").find("expected key, click, tap, drag, type, camera or pad") !=
          std::string::npos);
    CHECK(fails("1 type\n").find("type needs the text") != std::string::npos);
    CHECK(fails("1 camera 1 2 3\n").find("X Y Z YAW PITCH") != std::string::npos);
    CHECK(fails("1 drag 1 2 3\n").find("X1 Y1 X2 Y2") != std::string::npos);
    CHECK(fails("1 drag 1 2 3 4 0\n").find("from 1 to 10000") != std::string::npos);
    CHECK(fails("1 camera 1 2 3 0 95\n").find("-89 to 89") != std::string::npos);
    CHECK(fails("1 type a\\qb\n").find("unknown escape") != std::string::npos);

    // Typed text: the rest of the line after one space, escapes read, '#' only when escaped.
    std::vector<InputEvent> typed;
    std::string why;
    REQUIRE(parseInputScript("3 type  月下 港湾\\n2e ligne \\# 1 \\\\ # a comment\n", "t.txt",
                             typed, why));
    REQUIRE(typed.size() == 1);
    CHECK(typed[0].kind == InputEvent::Kind::Type);
    CHECK(typed[0].frame == 3);
    CHECK(typed[0].text == " 月下 港湾\n2e ligne # 1 \\ ");
    CHECK(fails("1 pad Z\n").find("unknown gamepad button or axis 'Z'") != std::string::npos);
    CHECK(fails("1 pad LEFTX\n").find("from -1 to 1") != std::string::npos);
    CHECK(fails("1 pad LEFTX 2\n").find("from -1 to 1") != std::string::npos);
    CHECK(fails("1 key L now\n").find("unexpected 'now'") != std::string::npos);
}

TEST_CASE("settings round-trip, and a bad file gives the defaults", "[app][settings]") {
    const fs::path dir = docent::test::outputDir("settings-unit");
    const fs::path file = dir / "docent" / "settings.json";
    fs::remove_all(dir / "docent");
    Settings s;
    s.language = "fr";
    s.volume = 0.25f;
    s.muted = true;
    s.captions = false;
    s.follow = false;
    s.uiScale = 1.75f;
    s.highContrast = true;
    s.reducedMotion = true;
    std::string error;
    REQUIRE(saveSettings(file.string(), s, error));
    Settings read;
    std::string warning;
    loadSettings(file.string(), read, warning);
    CHECK(warning.empty());
    CHECK(read.language == "fr");
    CHECK(read.volume == Approx(0.25f));
    CHECK(read.muted);
    CHECK_FALSE(read.captions);
    CHECK_FALSE(read.follow);
    CHECK(read.uiScale == Approx(1.75f));
    CHECK(read.highContrast);
    CHECK(read.reducedMotion);

    // Out of range or of the wrong type: that value falls back, the others stay.
    std::ofstream(file) << R"({"language": "de", "volume": 7, "captions": "yes", "follow": false})";
    Settings partly;
    loadSettings(file.string(), partly, warning);
    CHECK(warning.empty());
    CHECK(partly.language.empty());
    CHECK(partly.volume == Approx(1.0f));
    CHECK(partly.captions);
    CHECK_FALSE(partly.follow);

    for (const char* bad : {"{ not json", "[1, 2]", ""}) {
        std::ofstream(file) << bad;
        Settings fallback;
        std::string why;
        loadSettings(file.string(), fallback, why);
        INFO(bad);
        CHECK(why.find(file.string()) != std::string::npos);
        CHECK(fallback.language.empty());
        CHECK(fallback.captions);
    }

    // No file: the defaults, quietly.
    fs::remove(file);
    Settings first;
    loadSettings(file.string(), first, warning);
    CHECK(warning.empty());
}

TEST_CASE("the locale's language", "[app][settings]") {
    setenv("LC_ALL", "", 1);
    setenv("LC_MESSAGES", "", 1);
    setenv("LANG", "zh_TW.UTF-8", 1);
    CHECK(localeLanguage() == "zh");
    setenv("LANG", "fr_CA.UTF-8", 1);
    CHECK(localeLanguage() == "fr");
    setenv("LC_ALL", "C", 1);
    CHECK(localeLanguage() == "en"); // LC_ALL decides first
    setenv("LC_ALL", "", 1);
    setenv("LANG", "de_DE.UTF-8", 1);
    CHECK(localeLanguage() == "en");
}

TEST_CASE("the log file is capped: past its size it starts again beside one older file",
          "[app][log]") {
    const fs::path dir = docent::test::outputDir("log-rotate");
    fs::remove_all(dir);
    const fs::path file = dir / "docent.log";
    log::configure(log::Level::Error, file, "docent-test");
    const std::string line(200, 'x');
    const std::uintmax_t lines = log::kMaxLogBytes / 200 + 10;
    for (std::uintmax_t i = 0; i < lines; ++i) {
        log::message(log::Level::Info, line); // below the terminal's level: the file only
    }
    log::message(log::Level::Info, "the last line");
    log::close();
    REQUIRE(fs::exists(dir / "docent.log.1"));
    CHECK(fs::file_size(dir / "docent.log.1") >= log::kMaxLogBytes);
    CHECK(fs::file_size(file) < log::kMaxLogBytes);
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("docent-test info    the last line") != std::string::npos);
    CHECK(log::parseLevel("debug") == log::Level::Debug);
    CHECK_FALSE(log::parseLevel("verbose"));
}

TEST_CASE("a gamepad's buttons act once per press, its sticks past a dead zone", "[app][input]") {
    GamepadMapper mapper;
    PadState pad;
    // At rest (a worn stick drifting inside the dead zone): nothing.
    pad.axes[GLFW_GAMEPAD_AXIS_LEFT_X] = 0.15f;
    CHECK_FALSE(mapper.update(pad, false, 0.1f).any());

    // X opens the list once, however long it is held.
    pad.buttons[GLFW_GAMEPAD_BUTTON_X] = true;
    const PadOutput down = mapper.update(pad, false, 0.1f);
    REQUIRE(down.keys.size() == 1);
    CHECK(down.keys[0].key == GLFW_KEY_L);
    CHECK(mapper.update(pad, false, 0.1f).keys.empty());
    pad.buttons[GLFW_GAMEPAD_BUTTON_X] = false;
    mapper.update(pad, false, 0.1f);

    // A is Enter; the D-pad steps through the controls once they have the keyboard, else it is
    // the arrows (the artwork list).
    pad.buttons[GLFW_GAMEPAD_BUTTON_A] = true;
    CHECK(mapper.update(pad, true, 0.1f).keys[0].key == GLFW_KEY_ENTER);
    pad.buttons = {};
    mapper.update(pad, true, 0.1f);
    pad.buttons[GLFW_GAMEPAD_BUTTON_DPAD_UP] = true;
    const PadOutput up = mapper.update(pad, true, 0.1f);
    CHECK(up.keys[0].key == GLFW_KEY_TAB);
    CHECK(up.keys[0].mods == GLFW_MOD_SHIFT);
    pad.buttons = {};
    mapper.update(pad, false, 0.1f);
    pad.buttons[GLFW_GAMEPAD_BUTTON_DPAD_UP] = true;
    CHECK(mapper.update(pad, false, 0.1f).keys[0].key == GLFW_KEY_UP);
    pad.buttons = {};

    // Sticks: forward is up (-Y), full over runs; the right stick turns by degrees per second.
    pad.axes[GLFW_GAMEPAD_AXIS_LEFT_X] = 0.0f;
    pad.axes[GLFW_GAMEPAD_AXIS_LEFT_Y] = -1.0f;
    pad.axes[GLFW_GAMEPAD_AXIS_RIGHT_X] = 1.0f;
    const PadOutput move = mapper.update(pad, false, 0.5f);
    CHECK(move.forward == Approx(1.0f));
    CHECK(move.strafe == 0.0f);
    CHECK(move.run);
    CHECK(move.yawDegrees == Approx(GamepadMapper::kLookDegreesPerSecond * 0.5f));
    pad.axes[GLFW_GAMEPAD_AXIS_LEFT_Y] = -0.6f;
    CHECK(mapper.update(pad, false, 0.5f).forward == Approx(0.5f)); // (0.6 - 0.2) / 0.8
    CHECK_FALSE(mapper.update(pad, false, 0.5f).run);
    // Triggers rest at -1: pulling the right one zooms in.
    pad.axes[GLFW_GAMEPAD_AXIS_RIGHT_TRIGGER] = 1.0f;
    CHECK(mapper.update(pad, false, 0.1f).zoom == Approx(1.0f));
}

TEST_CASE("Chinese lines break by its rules, Latin at spaces", "[app][i18n]") {
    // Every character is one unit wide, a CJK one two (as on screen, roughly).
    const auto measure = [](std::string_view text) {
        float width = 0.0f;
        for (std::size_t i = 0; i < text.size();) {
            const auto c = static_cast<unsigned char>(text[i]);
            const std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            width += length == 3 ? 2.0f : 1.0f;
            i += length;
        }
        return width;
    };
    // Latin: at spaces, the spaces dropped.
    CHECK(breakLines("the moon over the harbour", 10.0f, measure) == "the moon\nover the\nharbour");
    // Chinese may break between any two characters ...
    CHECK(breakLines("满月下的港湾", 8.0f, measure) == "满月下的\n港湾");
    // ... but not before a full stop or comma (it goes with the character before) ...
    CHECK(breakLines("满月下的。港", 8.0f, measure) == "满月下\n的。港");
    // ... nor after an opening bracket, nor inside a number.
    CHECK(breakLines("他说好「回", 8.0f, measure) == "他说好\n「回");
    CHECK(breakLines("此画于1903年入藏", 8.0f, measure) == "此画于\n1903年入\n藏");
    // Existing newlines stay; nothing is lost.
    CHECK(breakLines("月亮\n港湾", 100.0f, measure) == "月亮\n港湾");
    const std::string all =
        breakLines("在东方和西方原本是相通的。此画于1903年以遗赠方式入藏本馆。", 13.0f, measure);
    std::string joined;
    for (const char c : all) {
        if (c != '\n') {
            joined += c;
        }
    }
    CHECK(joined == "在东方和西方原本是相通的。此画于1903年以遗赠方式入藏本馆。");
    CHECK(all.find("\n。") == std::string::npos);
    CHECK(hasCjk("港湾"));
    CHECK_FALSE(hasCjk("Harbour — café"));
}

TEST_CASE("settings saved onto a full disk fail with the reason and keep the old file",
          "[app][settings]") {
    // A 64 KiB tmpfs, filled up after the first save. Mounting needs root, which the test
    // machines have; elsewhere the case says so and stops.
    const fs::path mount = docent::test::outputDir("settings-full-disk");
    std::system(("umount '" + mount.string() + "' 2>/dev/null").c_str());
    if (std::system(
            ("mount -t tmpfs -o size=64k tmpfs '" + mount.string() + "' 2>/dev/null").c_str()) !=
        0) {
        DOCENT_SKIP("cannot mount a small tmpfs here (needs root)");
    }
    const fs::path file = mount / "docent" / "settings.json";
    Settings first;
    first.language = "zh";
    first.volume = 0.5f;
    std::string error;
    REQUIRE(saveSettings(file.string(), first, error));
    {
        std::ofstream filler(mount / "filler", std::ios::binary);
        const std::string block(4096, 'x');
        while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
        }
    }
    Settings second = first;
    second.language = "fr";
    const bool saved = saveSettings(file.string(), second, error);
    Settings read;
    std::string warning;
    loadSettings(file.string(), read, warning);
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(file.parent_path())) {
        left.push_back(entry.path().filename().string());
    }
    std::system(("umount '" + mount.string() + "'").c_str());
    CHECK_FALSE(saved);
    INFO(error);
    CHECK(error.find(file.string()) == 0);
    CHECK(error.find("No space left on device") != std::string::npos);
    CHECK(warning.empty());
    CHECK(read.language == "zh");                             // the old settings, whole
    CHECK(left == std::vector<std::string>{"settings.json"}); // no partial file left behind
}
