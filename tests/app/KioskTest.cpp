// The kiosk's life without a screen: its config (every mistake named where it is) and its
// controller driven by a fake clock -- attract, explore, the idle countdown and reset, the tour
// schedule with a stream that is lost and comes back, and a simulated week.

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "Kiosk.h"
#include "KioskConfig.h"
#include "TimeText.h"
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
    const bool ok = loadKioskConfig(
        writeConfig("good.json", R"({"admin_pin": "2468", "languages": ["fr", "zh"],
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
