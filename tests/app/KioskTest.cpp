// The kiosk's life without a screen: its config (every mistake named where it is) and its
// controller driven by a fake clock -- attract, explore, the idle countdown and reset, the tour
// schedule with a stream that is lost and comes back, and a simulated week.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "Kiosk.h"
#include "KioskConfig.h"
#include "TimeText.h"
#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using namespace docent::app;

namespace {

fs::path writeConfig(const std::string& name, const std::string& text) {
    const fs::path path = docent::test::outputDir("kiosk-config") / name;
    std::ofstream(path) << text;
    return path;
}

std::vector<std::string> configErrors(const std::string& name, const std::string& text) {
    KioskConfig config;
    std::vector<std::string> errors;
    CHECK_FALSE(loadKioskConfig(writeConfig(name, text).string(), config, errors));
    return errors;
}

bool mentions(const std::vector<std::string>& errors, const std::string& what) {
    for (const auto& e : errors) {
        if (e.find(what) != std::string::npos) {
            return true;
        }
    }
    return false;
}

KioskConfig quickConfig() {
    KioskConfig config;
    config.languages = {"zh", "fr", "en"};
    config.idleSeconds = 60.0;
    config.countdownSeconds = 10.0;
    config.graceSeconds = 30.0;
    config.attractCallSeconds = 4.0;
    config.adminPin = "2468";
    return config;
}

// Steps the controller from..to in steps of dt, touching at the given times.
struct Driver {
    explicit Driver(KioskController& k, std::time_t start = 0) : kiosk(k), wallStart(start) {}
    KioskController& kiosk;
    std::time_t wallStart = 0;
    double now = 0.0;
    KioskStream stream = KioskStream::Playing;
    bool following = true;
    KioskCommands all;

    void runTo(double until, double dt = 0.5, std::vector<double> touches = {}) {
        while (now < until) {
            KioskInputs in;
            in.seconds = now;
            in.wall = wallStart + static_cast<std::time_t>(now);
            in.stream = stream;
            in.following = following;
            for (const double t : touches) {
                in.touched = in.touched || (t >= now && t < now + dt);
            }
            const KioskCommands c = kiosk.update(in);
            all.resetVisitor = all.resetVisitor || c.resetVisitor;
            all.playLive = all.playLive || c.playLive;
            all.playReplay = all.playReplay || c.playReplay;
            now += dt;
        }
    }
};

} // namespace

TEST_CASE("a good kiosk config is read with its defaults", "[app][kiosk]") {
    KioskConfig config;
    std::vector<std::string> errors;
    INFO(errors.size());
    const bool ok =
        loadKioskConfig(writeConfig("good.json", R"({"admin_pin": "2468", "languages": ["fr", "zh"],
            "idle_seconds": 45, "tours": [{"start": "2026-12-05T14:00:00+01:00", "minutes": 90}]})")
                            .string(),
                        config, errors);
    for (const auto& e : errors) {
        UNSCOPED_INFO(e);
    }
    REQUIRE(ok);
    CHECK(config.adminPin == "2468");
    CHECK(config.languages == std::vector<std::string>{"fr", "zh"});
    CHECK(config.idleSeconds == 45.0);
    CHECK(config.countdownSeconds == 15.0); // the default
    REQUIRE(config.tours.size() == 1);
    CHECK(config.tours[0].start == *parseRfc3339("2026-12-05T13:00:00Z"));
    CHECK(config.tours[0].minutes == 90.0);
}

TEST_CASE("a broken kiosk config names the file, the place and the field", "[app][kiosk]") {
    CHECK(mentions(configErrors("syntax.json", "{\n  \"admin_pin\": \"2468\",\n  oops\n}"),
                   "syntax.json:3:3: error: not valid JSON"));
    CHECK(mentions(configErrors("nopin.json", "{}"), "admin_pin is missing"));
    CHECK(mentions(configErrors("shortpin.json", R"({"admin_pin": "12"})"),
                   "admin_pin must be a string of 4 to 12 digits (at /admin_pin)"));
    CHECK(mentions(configErrors("numpin.json", R"({"admin_pin": 2468})"), "(at /admin_pin)"));
    const auto typo = configErrors("typo.json", "{\"admin_pin\": \"2468\",\n \"idle_secods\": 30}");
    CHECK(mentions(typo, "typo.json:2:17: error: unknown field 'idle_secods'"));
    CHECK(mentions(configErrors("idle.json", R"({"admin_pin": "2468", "idle_seconds": 2})"),
                   "idle_seconds must be from 10 to 3600 (at /idle_seconds)"));
    CHECK(mentions(configErrors("lang.json", R"({"admin_pin": "2468", "languages": ["de"]})"),
                   "a language must be en, fr or zh (at /languages/0)"));
    CHECK(mentions(
        configErrors("tour.json", R"({"admin_pin": "2468", "tours": [{"start": "14:00"}]})"),
        "(at /tours/0/start)"));
    CHECK(mentions(configErrors("list.json", "[1, 2]"), "must be a JSON object"));
    // A number no double holds (found by the fuzz target: it ended the program).
    CHECK(mentions(configErrors("huge.json", R"({"admin_pin": "2468", "idle_seconds": 9e308})"),
                   "huge.json: error: not valid JSON (a number out of range)"));
    KioskConfig config;
    std::vector<std::string> errors;
    CHECK_FALSE(loadKioskConfig("/no/such/kiosk.json", config, errors));
    CHECK(mentions(errors, "/no/such/kiosk.json: error: cannot read the kiosk config"));
}

TEST_CASE("attract, a touch, exploring, the idle countdown and the reset", "[app][kiosk]") {
    KioskController kiosk(quickConfig(), false);
    Driver d{kiosk};
    d.runTo(10.0);
    CHECK(kiosk.state() == KioskState::Attract);
    CHECK(d.all.playReplay); // the attract loop plays the replay
    // The call cycles through the venue's languages, 4 s each.
    CHECK(kiosk.callLanguage() == "en"); // 9.5 s: the third 4 s slot (zh, fr, en)
    d.runTo(14.0);
    CHECK(kiosk.callLanguage() == "zh"); // and round again
    d.runTo(20.0, 0.5, {16.0});
    CHECK(kiosk.state() == KioskState::Explore);
    // Touched at 30 s, idle from then: the countdown at 90 s, the reset at 100 s.
    d.runTo(89.0, 0.5, {30.0});
    CHECK(kiosk.state() == KioskState::Explore);
    d.runTo(95.0);
    CHECK(kiosk.state() == KioskState::Countdown);
    CHECK(kiosk.countdownLeft() == Approx(5.5).margin(0.6));
    CHECK_FALSE(d.all.resetVisitor);
    d.runTo(101.0);
    CHECK(kiosk.state() == KioskState::Attract);
    CHECK(d.all.resetVisitor);
    CHECK(kiosk.resets() == 1);
    const std::vector<std::string> states = {"attract", "explore", "countdown", "attract"};
    REQUIRE(kiosk.history().size() == states.size());
    for (std::size_t i = 0; i < states.size(); ++i) {
        CHECK(kiosk.history()[i].find(states[i]) != std::string::npos);
    }
}

TEST_CASE("a touch during the countdown keeps the visitor", "[app][kiosk]") {
    KioskController kiosk(quickConfig(), false);
    Driver d{kiosk};
    d.runTo(70.0, 0.5, {1.0});
    REQUIRE(kiosk.state() == KioskState::Countdown);
    d.runTo(72.0, 0.5, {70.5});
    CHECK(kiosk.state() == KioskState::Explore);
    CHECK(kiosk.resets() == 0);
}

TEST_CASE("the schedule joins the live tour, waits out a short loss, leaves a long one",
          "[app][kiosk]") {
    KioskConfig config = quickConfig();
    const std::time_t t0 = *parseRfc3339("2026-12-05T14:00:00+01:00");
    config.tours = {{t0 + 600, 60.0}, {t0 + 7200, 30.0}}; // 10 min from now, and 2 h
    KioskController kiosk(config, false);
    Driver d{kiosk, t0};
    d.runTo(599.0, 1.0);
    CHECK_FALSE(kiosk.live());
    d.all = {};
    d.runTo(605.0, 1.0);
    CHECK(kiosk.live());
    CHECK(d.all.playLive);
    // Lost for 20 s (less than the 30 s grace): still live.
    d.stream = KioskStream::Lost;
    d.runTo(625.0, 1.0);
    CHECK(kiosk.live());
    d.stream = KioskStream::Playing;
    d.runTo(700.0, 1.0);
    CHECK(kiosk.live());
    // Lost for good: back to the replay after the grace period, and not rejoined.
    d.stream = KioskStream::Lost;
    d.all = {};
    d.runTo(735.0, 1.0);
    CHECK_FALSE(kiosk.live());
    CHECK(d.all.playReplay);
    d.stream = KioskStream::Playing;
    d.runTo(1000.0, 1.0);
    CHECK_FALSE(kiosk.live());
    // The next tour is joined, and left at its end.
    d.runTo(7210.0, 5.0);
    CHECK(kiosk.live());
    d.runTo(7200.0 + 1800.0 + 5.0, 5.0);
    CHECK_FALSE(kiosk.live());
    CHECK(kiosk.liveJoins() == 2);
}

TEST_CASE("watching the live guide is not idle, the crash-loop breaker stays off the live",
          "[app][kiosk]") {
    KioskConfig config = quickConfig();
    config.tours = {{1000, 60.0}};
    KioskController kiosk(config, false);
    Driver d{kiosk, 1000};
    d.runTo(300.0, 1.0, {5.0});
    CHECK(kiosk.live());
    CHECK(kiosk.state() == KioskState::Explore); // 5 minutes following the guide: no countdown
    d.following = false;                         // wandering off: idle counts again
    d.runTo(380.0, 1.0);
    CHECK(kiosk.state() != KioskState::Explore);

    KioskController safe(config, true);
    Driver s{safe, 1000};
    s.runTo(100.0, 1.0);
    CHECK_FALSE(safe.live());
    CHECK(safe.liveJoins() == 0);
}

TEST_CASE("a simulated week of visitors and tours", "[app][kiosk][soak]") {
    KioskConfig config = quickConfig();
    const std::time_t monday = *parseRfc3339("2026-12-07T00:00:00+01:00");
    for (int day = 0; day < 7; ++day) {
        config.tours.push_back({monday + day * 86400 + 14 * 3600, 60.0}); // 14:00 daily
    }
    KioskController kiosk(config, false);
    Driver d{kiosk, monday};
    std::mt19937 random(7);
    std::uniform_real_distribution<double> gap(30.0, 1800.0);
    std::vector<double> touches;
    for (double t = 10.0; t < 7 * 86400.0; t += gap(random)) {
        touches.push_back(t);
    }
    // A stream lost for 10 minutes in Wednesday's tour: given up, back to the replay.
    std::size_t next = 0;
    const double week = 7 * 86400.0;
    const double wednesdayLoss = 2 * 86400.0 + 14 * 3600.0 + 900.0;
    while (d.now < week) {
        d.stream = d.now >= wednesdayLoss && d.now < wednesdayLoss + 600.0 ? KioskStream::Lost
                                                                           : KioskStream::Playing;
        std::vector<double> now;
        while (next < touches.size() && touches[next] < d.now + 5.0) {
            now.push_back(touches[next++]);
        }
        d.runTo(d.now + 5.0, 5.0, now);
    }
    CHECK(kiosk.liveJoins() == 7);
    CHECK(kiosk.resets() > 100);
    CHECK(kiosk.history().size() <= 1000); // bounded, whatever the days
    CHECK_FALSE(kiosk.live());
}

namespace {

using docent::test::readJson;
using docent::test::runDocent;
using docent::test::shellQuote;

struct KioskRun {
    docent::test::Outcome outcome;
    nlohmann::json stats;
};

// docent --mode kiosk, headless at 10 frames a second, with a scripted visitor.
KioskRun runKiosk(const std::string& name, const std::string& config, const std::string& script,
                  const std::string& extra, const std::string& environment = {}) {
    const fs::path dir = docent::test::outputDir("kiosk-run");
    const fs::path configFile = dir / (name + ".json");
    const fs::path input = dir / (name + ".input");
    const fs::path stats = dir / (name + ".stats.json");
    std::ofstream(configFile) << config;
    std::ofstream(input) << script;
    fs::remove(stats);
    KioskRun run;
    run.outcome =
        runDocent("--mode kiosk --config " + shellQuote(configFile.string()) +
                      " --headless --size 480x270 --fps 10 --input " + shellQuote(input.string()) +
                      " --stats " + shellQuote(stats.string()) + " " + extra,
                  environment);
    INFO(run.outcome.output);
    if (fs::exists(stats)) {
        run.stats = readJson(stats);
    }
    return run;
}

const char* kQuickKiosk =
    R"({"admin_pin": "2468", "idle_seconds": 10, "countdown_seconds": 3, "volume": 0.8,
        "languages": ["zh", "fr", "en"]})";

std::vector<std::string> states(const nlohmann::json& history) {
    std::vector<std::string> out;
    for (const auto& line : history) {
        const std::string text = line.get<std::string>();
        out.push_back(text.substr(text.find(' ') + 1));
    }
    return out;
}

} // namespace

TEST_CASE("a kiosk visitor comes, changes things, leaves, and the kiosk resets", "[app][kiosk]") {
    // Touch at 2 s; the visitor switches to French, lowers the voice, closes the card, opens
    // the list. Idle from 3.4 s: the countdown at 13.4 s, the reset at 16.4 s.
    const std::string visitor = "20 tap 240 120\n"
                                "24 key K\n"
                                "26 key MINUS\n"
                                "28 key L\n"
                                "30 key F\n"
                                "34 key C\n";
    const KioskRun during = runKiosk("visit-during", kQuickKiosk, visitor, "--frames 140");
    REQUIRE(during.outcome.exitCode == 0);
    CHECK(during.stats["kiosk"]["state"] == "countdown");
    CHECK(during.stats["ui"]["language"] == "fr");
    CHECK(during.stats["ui"]["volume"].get<double>() == Approx(0.7));
    CHECK(during.stats["ui"]["list_open"] == true);
    CHECK(during.stats["ui"]["follow"] == false);
    CHECK(during.stats["ui"]["captions"] == false);
    const auto countdownText = during.stats["ui"]["text"].dump();
    CHECK(countdownText.find("Vous êtes toujours là ?") != std::string::npos);

    const KioskRun after = runKiosk("visit-after", kQuickKiosk, visitor, "--frames 180");
    REQUIRE(after.outcome.exitCode == 0);
    CHECK(states(after.stats["kiosk"]["history"]) ==
          std::vector<std::string>{"attract", "explore", "countdown", "attract"});
    CHECK(after.stats["kiosk"]["resets"] == 1);
    const auto& ui = after.stats["ui"];
    CHECK(ui["language"] == "zh");
    CHECK(ui["volume"].get<double>() == Approx(0.8));
    CHECK(ui["list_open"] == false);
    CHECK(ui["follow"] == true);
    CHECK(ui["captions"] == true);
    CHECK(ui["keyboard"] == false);
    // The attract loop's call is on screen again, in one of the venue's languages.
    const std::string shown = ui["text"].dump();
    CHECK((shown.find("触摸屏幕，开始参观博物馆") != std::string::npos ||
           shown.find("Touchez l’écran pour explorer le musée") != std::string::npos ||
           shown.find("Touch the screen to explore the museum") != std::string::npos));
    // Nothing the visitor did was saved as settings.
    CHECK(after.outcome.output.find("settings") == std::string::npos);
}

TEST_CASE("staff leave the kiosk with five corner taps and the PIN, nobody else does",
          "[app][kiosk]") {
    const std::string gesture = "5 tap 10 10\n6 tap 10 10\n7 tap 10 10\n8 tap 10 10\n9 tap 10 10\n";
    // A wrong PIN: the pad says so and the kiosk runs on; Esc does not quit either.
    const KioskRun wrong =
        runKiosk("pin-wrong", kQuickKiosk,
                 gesture + "12 tap @pin-1\n14 tap @pin-1\n16 tap @pin-1\n18 tap @pin-1\n"
                           "20 tap @pin-ok\n24 key ESCAPE\n26 key ESCAPE\n28 key ESCAPE\n",
                 "--frames 40");
    REQUIRE(wrong.outcome.exitCode == 0);
    CHECK(wrong.stats["kiosk"]["exit"].is_null());
    CHECK(wrong.stats["frames"] == 40);
    CHECK(wrong.outcome.output.find("a wrong PIN") != std::string::npos);
    // Four taps are not the gesture.
    const KioskRun four =
        runKiosk("pin-four", kQuickKiosk, "5 tap 10 10\n6 tap 10 10\n7 tap 10 10\n8 tap 10 10\n",
                 "--frames 14");
    CHECK(four.stats["kiosk"]["pin_pad"] == false);
    // The right one ends the run at once.
    const KioskRun right = runKiosk(
        "pin-right", kQuickKiosk,
        gesture + "12 tap @pin-2\n14 tap @pin-4\n16 tap @pin-6\n18 tap @pin-8\n20 tap @pin-ok\n",
        "--frames 100");
    REQUIRE(right.outcome.exitCode == 0);
    CHECK(right.stats["kiosk"]["exit"] == "admin");
    CHECK(right.stats["frames"].get<int>() < 30);
}

TEST_CASE("a kiosk with a broken or missing config does not start", "[app][kiosk]") {
    const KioskRun broken =
        runKiosk("broken", R"({"admin_pin": "2468", "idle_seconds": "soon"})", "", "--frames 2");
    CHECK(broken.outcome.exitCode == 1);
    CHECK(broken.outcome.output.find("broken.json:1:39: error: idle_seconds must be a number") !=
          std::string::npos);
    CHECK(broken.outcome.output.find("does not start") != std::string::npos);
    const auto missing = runDocent("--mode kiosk --headless --frames 2");
    CHECK(missing.exitCode == 1);
    CHECK(missing.output.find("kiosk mode needs --config") != std::string::npos);
    const auto absent = runDocent("--mode kiosk --config /no/such/kiosk.json --headless");
    CHECK(absent.exitCode == 1);
    CHECK(absent.output.find("/no/such/kiosk.json: error: cannot read the kiosk config") !=
          std::string::npos);
}

TEST_CASE("the kiosk joins its scheduled tour and leaves it when the stream stays lost",
          "[app][kiosk]") {
    // The tour starts 2 s into the run; nobody sends on its SRT port: after the 3 s grace the
    // kiosk is back on the replay, and does not rejoin the tour it gave up.
    const int port = docent::test::freeUdpPort();
    const std::string config =
        R"({"admin_pin": "2468", "grace_seconds": 3, "live_url": "srt://127.0.0.1:)" +
        std::to_string(port) +
        R"(", "tours": [{"start": "2026-12-01T10:00:02+01:00", "minutes": 30}]})";
    const KioskRun run =
        runKiosk("schedule", config, "", "--frames 100 --now 2026-12-01T10:00:00+01:00");
    REQUIRE(run.outcome.exitCode == 0);
    CHECK(states(run.stats["kiosk"]["history"]) ==
          std::vector<std::string>{"attract", "live", "replay (live lost)"});
    CHECK(run.stats["kiosk"]["live_joins"] == 1);
}

TEST_CASE("the crash-loop breaker keeps a kiosk that keeps dying off the live stream",
          "[app][kiosk]") {
    const fs::path state = docent::test::outputDir("kiosk-crashloop");
    fs::remove_all(state);
    const std::string env = "XDG_STATE_HOME=" + shellQuote(state.string());
    // Two starts that died (the file keeps their times), then a third: safe mode.
    fs::create_directories(state / "docent");
    const auto now = static_cast<long long>(std::time(nullptr));
    std::ofstream(state / "docent" / "kiosk-starts") << now - 30 << "\n" << now - 10 << "\n";
    const KioskRun safe = runKiosk("crashloop", kQuickKiosk, "", "--frames 3", env);
    CHECK(safe.stats["kiosk"]["safe_mode"] == true);
    CHECK(safe.outcome.output.find("crash-loop breaker") != std::string::npos);
    // That run ended cleanly: the next one is normal.
    const KioskRun next = runKiosk("crashloop-next", kQuickKiosk, "", "--frames 3", env);
    CHECK(next.stats["kiosk"]["safe_mode"] == false);
}

TEST_CASE("systemd stopping the kiosk ends it cleanly: stats written, no crash counted",
          "[app][kiosk]") {
    const fs::path dir = docent::test::outputDir("kiosk-stop");
    const fs::path state = dir / "state";
    fs::remove_all(state);
    const fs::path config = dir / "kiosk.json";
    const fs::path stats = dir / "stats.json";
    std::ofstream(config) << kQuickKiosk;
    fs::remove(stats);
    docent::test::ChildProcess kiosk({"env",
                                      "XDG_STATE_HOME=" + state.string(),
                                      "XDG_CONFIG_HOME=" + (dir / "config").string(),
                                      (docent::test::binaryDir() / "bin" / "docent").string(),
                                      "--mode",
                                      "kiosk",
                                      "--config",
                                      config.string(),
                                      "--headless",
                                      "--realtime",
                                      "--size",
                                      "160x90",
                                      "--fps",
                                      "10",
                                      "--duration",
                                      "600",
                                      "--stats",
                                      stats.string(),
                                      "--log-file",
                                      "none"});
    // Running: the crash-loop breaker has counted this start.
    const fs::path starts = state / "docent" / "kiosk-starts";
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(starts) && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(fs::exists(starts));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(kiosk.stop(SIGTERM, std::chrono::seconds(30)) == 0);
    REQUIRE(fs::exists(stats));
    const auto json = readJson(stats);
    CHECK(json["stop_signal"] == SIGTERM);
    CHECK(json["kiosk"]["state"] == "attract");
    // A clean stop is not a crash: the next start is not held against it.
    CHECK((!fs::exists(starts) || fs::file_size(starts) == 0));
}

namespace {

// Runs docent with NOTIFY_SOCKET pointing at a datagram socket of the test's and returns the
// messages it sent, read while it runs (the socket's queue holds only a few).
std::vector<std::string> notifications(const std::string& arguments, const std::string& env) {
    const fs::path dir = docent::test::outputDir("watchdog");
    const fs::path socketPath = dir / ("notify-" + std::to_string(::getpid()) + ".sock");
    fs::remove(socketPath);
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(socketPath.string().size() < sizeof address.sun_path);
    std::strcpy(address.sun_path, socketPath.c_str());
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    auto run = std::async(std::launch::async, [&] {
        return runDocent(arguments, "NOTIFY_SOCKET=" + shellQuote(socketPath.string()) + " " + env);
    });
    std::vector<std::string> messages;
    char buffer[512];
    const auto drain = [&] {
        ssize_t n = 0;
        while ((n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT)) > 0) {
            messages.emplace_back(buffer, static_cast<std::size_t>(n));
        }
    };
    while (run.wait_for(std::chrono::milliseconds(5)) != std::future_status::ready) {
        drain();
    }
    drain();
    ::close(fd);
    fs::remove(socketPath);
    const auto outcome = run.get();
    INFO(outcome.output);
    REQUIRE(outcome.exitCode == 0);
    return messages;
}

} // namespace

TEST_CASE("docent tells systemd it is ready and keeps pinging its watchdog while frames come",
          "[app][kiosk][watchdog]") {
    const fs::path stats = docent::test::outputDir("watchdog") / "stats.json";
    fs::remove(stats);
    const auto messages =
        notifications("--headless --size 320x180 --frames 40 --stats " + shellQuote(stats.string()),
                      "WATCHDOG_USEC=100000");
    REQUIRE(messages.size() >= 3);
    CHECK(messages.front().rfind("READY=1", 0) == 0);
    CHECK(messages.back() == "STOPPING=1");
    const auto pings = std::count(messages.begin(), messages.end(), std::string("WATCHDOG=1"));
    CHECK(pings >= 1);
    CHECK(readJson(stats)["watchdog_pings"] == pings);
    // Without WATCHDOG_USEC: ready and stopping, no pings.
    const auto quiet = notifications("--headless --size 320x180 --frames 10", "");
    REQUIRE(quiet.size() == 2);
    CHECK(quiet.front().rfind("READY=1", 0) == 0);
    CHECK(quiet.back() == "STOPPING=1");
}

TEST_CASE("the kiosk's systemd unit passes systemd-analyze, its example config loads",
          "[app][kiosk][deploy]") {
    KioskConfig example;
    std::vector<std::string> errors;
    CHECK(loadKioskConfig((docent::test::sourceDir() / "deploy" / "kiosk.example.json").string(),
                          example, errors));
    CHECK(errors.empty());
    if (std::system("command -v systemd-analyze > /dev/null") != 0) {
        DOCENT_SKIP("systemd-analyze is not installed (Debian package systemd)");
    }
    // The unit as installed, with docent where this build has it.
    std::ifstream in(docent::test::sourceDir() / "deploy" / "docent-kiosk.service");
    std::string unit((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string installed = "/usr/bin/docent";
    REQUIRE(unit.find(installed) != std::string::npos);
    const fs::path dir = docent::test::outputDir("deploy");
    const auto verify = [&](const std::string& name, const std::string& text) {
        const fs::path file = dir / name;
        std::ofstream(file) << text;
        const std::string command = "cd " + shellQuote(dir.string()) +
                                    " && systemd-analyze verify --man=no " +
                                    shellQuote(file.string()) + " > /dev/null 2>&1";
        return std::system(command.c_str()) == 0;
    };
    std::string built = unit;
    built.replace(built.find(installed), installed.size(),
                  (docent::test::binaryDir() / "bin" / "docent").string());
    CHECK(verify("docent-kiosk.service", built));
    // The check can fail: a unit whose program is missing does not pass.
    std::string missing = unit;
    missing.replace(missing.find(installed), installed.size(), "/no/such/docent");
    CHECK_FALSE(verify("docent-missing.service", missing));
}

namespace {

// What a shell command prints (stdout).
std::string commandOutput(const std::string& command) {
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
            out.append(buffer, n);
        }
        ::pclose(pipe);
    }
    return out;
}

} // namespace

TEST_CASE("the Debian package installs docent, which plays its installed demo", "[app][package]") {
    if (std::system("command -v cpack > /dev/null && command -v dpkg-deb > /dev/null") != 0) {
        DOCENT_SKIP("cpack or dpkg-deb is missing (Debian packages cmake, dpkg)");
    }
    const fs::path dir = docent::test::outputDir("package");
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string build =
        "cpack -G DEB -B " + shellQuote(dir.string()) + " --config " +
        shellQuote((docent::test::binaryDir() / "CPackConfig.cmake").string()) + " > " +
        shellQuote((dir / "cpack.log").string()) + " 2>&1";
    REQUIRE(std::system(build.c_str()) == 0);
    fs::path deb;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".deb") {
            deb = entry.path();
        }
    }
    REQUIRE(!deb.empty());
    // What a venue's apt would read: the dependencies, FFmpeg's among them.
    const auto control = commandOutput("dpkg-deb -f " + shellQuote(deb.string()) + " Depends");
    CHECK(control.find("libavcodec") != std::string::npos);
    CHECK(control.find("fonts-noto-cjk") != std::string::npos);
    // Installed into a scratch root, docent runs headless on the demo it installed.
    const fs::path root = dir / "root";
    REQUIRE(
        std::system(("dpkg-deb -x " + shellQuote(deb.string()) + " " + shellQuote(root.string()))
                        .c_str()) == 0);
    for (const char* file :
         {"usr/bin/docent", "usr/bin/docent-broadcast", "usr/bin/docent-kiosk-session",
          "usr/lib/systemd/user/docent-kiosk.service", "usr/share/applications/docent.desktop",
          "usr/share/doc/docent/kiosk.example.json", "usr/share/doc/docent/LICENSE",
          "usr/share/doc/docent/THIRD_PARTY.md", "usr/share/docent/scenes/demo/tour.ts"}) {
        CHECK(fs::exists(root / file));
    }
    const fs::path stats = dir / "stats.json";
    const auto run = commandOutput("XDG_STATE_HOME=" + shellQuote((dir / "state").string()) + " " +
                                   shellQuote((root / "usr/bin/docent").string()) +
                                   " --headless --size 320x180 --frames 3 " + "--stats " +
                                   shellQuote(stats.string()) + " 2>&1");
    INFO(run);
    const auto doc = readJson(stats);
    CHECK(doc["error"].is_null());
    CHECK(doc["render"]["model"].get<std::string>().find(
              (root / "usr/share/docent/scenes/demo").string()) == 0);
}

TEST_CASE("a live tour whose sender dies and comes back within the grace period goes on",
          "[app][kiosk][live]") {
    // Real time: the kiosk joins the tour at once; the sender is killed 8 s in and back 5 s
    // later. The kiosk reconnects and stays on the live tour (grace 60 s).
    const int port = docent::test::freeUdpPort();
    const std::string url = "udp://127.0.0.1:" + std::to_string(port);
    // A tour that began a minute ago (the wall clock: this run is in real time).
    const std::time_t began = std::time(nullptr) - 60;
    std::tm utc{};
    gmtime_r(&began, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    const std::string config = R"({"admin_pin": "2468", "grace_seconds": 60, "live_url": ")" + url +
                               R"(", "tours": [{"start": ")" + stamp + R"(", "minutes": 60}]})";
    const auto sender = [&] {
        return std::make_unique<docent::test::ChildProcess>(std::vector<std::string>{
            (docent::test::binaryDir() / "bin" / "docent-broadcast").string(), "--test-pattern",
            "160x90", "--out", url, "--log-file", "none"});
    };
    auto producer = sender();
    auto run = std::async(std::launch::async, [&] {
        return runKiosk("live-loss", config, "", "--realtime --duration 24");
    });
    std::this_thread::sleep_for(std::chrono::seconds(8));
    producer->kill();
    std::this_thread::sleep_for(std::chrono::seconds(5));
    producer = sender();
    const KioskRun result = run.get();
    REQUIRE(result.outcome.exitCode == 0);
    INFO(result.stats["video"].dump());
    CHECK(result.stats["video"]["reconnects"].get<int>() >= 1);
    CHECK(states(result.stats["kiosk"]["history"]) == std::vector<std::string>{"attract", "live"});
    CHECK(result.stats["kiosk"]["live"] == true);
    // The kiosk's own totals over its streams (the attract replay, then the live tour): one
    // loss, and it came back.
    const auto& streams = result.stats["kiosk"]["streams"];
    CHECK(streams["opened"] == 2);
    CHECK(streams["losses"] == 1);
    CHECK(streams["reconnects"] == 1);
    CHECK(streams["presented"].get<int>() > result.stats["video"]["presented"].get<int>());
    // The venue's log tells the story.
    CHECK(result.outcome.output.find("the guide's stream is reconnecting") != std::string::npos);
    CHECK(result.outcome.output.find("the guide's stream is back") != std::string::npos);
}
