// The kiosk over a long stretch of (virtual) time: scheduled tours switch the panel to a live
// source and back to the replay again and again, visitors come and go and the kiosk resets after
// each; what the process holds -- resident memory, file descriptors, threads -- is sampled every
// 10 s of run time and must stay flat after warm-up. The run's length is DOCENT_SOAK_SECONDS of
// kiosk time (default 400, the CI version) at DOCENT_SOAK_FPS steps a second (default 5);
// `make soak` runs a simulated week of it at 20 s a step.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using docent::test::readJson;
using docent::test::runDocent;
using docent::test::shellQuote;

namespace {

constexpr double kWarmUpSeconds = 120.0; // caches, the font atlas, the first decoders
constexpr int kMaxExtraFds = 4;
constexpr int kMaxExtraThreads = 3; // a chapter scan may be running when a sample is taken
constexpr double kMaxExtraRssMb = 48.0;

double soakSeconds() {
    const char* text = std::getenv("DOCENT_SOAK_SECONDS");
    const double seconds = text ? std::atof(text) : 400.0;
    return std::max(seconds, 200.0);
}

// Steps per second of kiosk time: DOCENT_SOAK_FPS (default 5; a simulated week runs at 0.05,
// 20 s a step).
double soakFps() {
    const char* text = std::getenv("DOCENT_SOAK_FPS");
    const double fps = text ? std::atof(text) : 5.0;
    return std::clamp(fps, 0.01, 30.0);
}

// A test clip made once by FFmpeg: video (testsrc2 of the given size and rate), a sine voice,
// H.264 + AAC in MPEG-TS.
void makeClip(const fs::path& path, const std::string& video, int hertz, int seconds,
              const std::string& codecOptions) {
    if (fs::exists(path)) {
        return;
    }
    const fs::path partial = docent::test::partialFixturePath(path);
    const std::string make = "ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=" + video +
                             " -f lavfi -i sine=frequency=" + std::to_string(hertz) +
                             ":sample_rate=48000 -t " + std::to_string(seconds) +
                             " -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac " +
                             codecOptions + " " + shellQuote(partial.string());
    REQUIRE(std::system(make.c_str()) == 0);
    docent::test::publishFixture(partial, path);
}

} // namespace

TEST_CASE("tours, visitors and resets for hours leave memory, fds and threads flat",
          "[soak][kiosk]") {
    const fs::path dir = docent::test::outputDir("soak");
    // The "live" broadcast: a 10 s clip, so that every tour also ends early (the stream ends).
    const fs::path clip = dir / "live.ts";
    makeClip(clip, "size=320x240:rate=25", 330, 10, "-g 50");
    const double seconds = soakSeconds();
    const double fps = soakFps();
    // A tour every 90 s (the first 30 s in), each a minute long; a visitor every 40 s who
    // leaves at once (idle 10 s, countdown 3 s: a reset before the next one). With long steps,
    // a tour every 18 steps and a visitor every 8, so that each still has its whole story.
    const double step = 1.0 / fps;
    const double tourEvery = std::max(90.0, 18.0 * step);
    const double visitorEvery = std::max(40.0, 8.0 * step);
    std::string tours;
    for (double t = 30.0; t < seconds; t += tourEvery) {
        const long long start = 1796475600LL + static_cast<long long>(t); // 2026-12-05T13:00Z
        char stamp[64];
        const std::time_t when = static_cast<std::time_t>(start);
        std::tm utc{};
        gmtime_r(&when, &utc);
        std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
        tours += std::string(tours.empty() ? "" : ", ") + "{\"start\": \"" + stamp +
                 "\", \"minutes\": 1}";
    }
    // Long steps (a simulated week) would spend the run decoding the demo's 960x540 replay, 20 s
    // of it a step: they use the demo gallery with a small replay of their own instead.
    std::string sceneArgument;
    if (fps < 1.0) {
        const fs::path demo = docent::test::binaryDir() / "scenes" / "demo";
        const fs::path scene = dir / "scene";
        fs::create_directories(scene);
        for (const char* file : {"scene.json", "hotspots.json", "gallery.glb"}) {
            fs::copy_file(demo / file, scene / file, fs::copy_options::overwrite_existing);
        }
        makeClip(scene / "tour.ts", "size=64x36:rate=5", 220, 60, "-g 10 -b:a 32k");
        sceneArgument = shellQuote(scene.string()) + " ";
    }
    const fs::path config = dir / "kiosk.json";
    std::ofstream(config) << R"({"admin_pin": "2468", "idle_seconds": 10, "countdown_seconds": 3, )"
                          << R"("grace_seconds": 5, "live_url": )" << nlohmann::json(clip.string())
                          << R"(, "tours": [)" << tours << "]}";
    std::string visitors;
    for (double t = 20.0; t < seconds; t += visitorEvery) {
        visitors += std::to_string(static_cast<long long>(t * fps)) + " tap 80 45\n";
    }
    const fs::path input = dir / "visitors.input";
    std::ofstream(input) << visitors;
    const fs::path stats = dir / "stats.json";
    fs::remove(stats);
    const auto run =
        runDocent(sceneArgument + "--mode kiosk --config " + shellQuote(config.string()) +
                      " --headless --size 160x90 " + "--fps " + std::to_string(fps) + " --frames " +
                      std::to_string(static_cast<long long>(seconds * fps)) +
                      " --now 2026-12-05T13:00:00Z --input " + shellQuote(input.string()) +
                      " --stats " + shellQuote(stats.string()),
                  "XDG_STATE_HOME=" + shellQuote((dir / "state").string()));
    INFO(run.output.substr(run.output.size() > 4000 ? run.output.size() - 4000 : 0));
    REQUIRE(run.exitCode == 0);
    const auto doc = readJson(stats);
    CHECK(doc["kiosk"]["live_joins"].get<int>() >= static_cast<int>(seconds / tourEvery) - 1);
    CHECK(doc["kiosk"]["resets"].get<int>() >= static_cast<int>(seconds / visitorEvery) - 2);

    const auto& samples = doc["resources"];
    INFO(samples.dump());
    REQUIRE(samples.size() >= 10);
    const nlohmann::json* warm = nullptr;
    int maxFds = 0;
    int maxThreads = 0;
    double lastRss = 0.0;
    for (const auto& s : samples) {
        if (s["seconds"].get<double>() < kWarmUpSeconds) {
            continue;
        }
        if (!warm) {
            warm = &s;
        }
        maxFds = std::max(maxFds, s["fds"].get<int>());
        maxThreads = std::max(maxThreads, s["threads"].get<int>());
        lastRss = s["rss_mb"].get<double>();
    }
    REQUIRE(warm != nullptr);
    CHECK(maxFds <= (*warm)["fds"].get<int>() + kMaxExtraFds);
    CHECK(maxThreads <= (*warm)["threads"].get<int>() + kMaxExtraThreads);
    CHECK(lastRss <= (*warm)["rss_mb"].get<double>() + kMaxExtraRssMb);
}
