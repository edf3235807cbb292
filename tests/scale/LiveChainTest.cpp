// The live chain at audience scale, on loopback: docent-broadcast writes a tour's HLS live into a
// folder that nginx serves with the project's own configuration (deploy/nginx/), and headless
// docent viewers join it at different moments (over its first 12 s). Every viewer fires every cue
// change after it joined on the very frame the cue names, reaches the end of the tour, and nginx's
// access log shows each of them fetching segments. (Label scale; N = 4 in make test,
// DOCENT_SCALE_VIEWERS more: bench/live_viewers.sh.)

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/NginxServer.h"
#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using docent::test::ChildProcess;
using docent::test::readBytes;
using docent::test::readJson;
using docent::test::runDocent;
using docent::test::shellQuote;

namespace {

// Viewers: DOCENT_SCALE_VIEWERS (default 4, the CI version; bench/live_viewers.sh runs as many
// as the machine holds), joining over the first 12 s of the tour.
int viewerCount() {
    const char* text = std::getenv("DOCENT_SCALE_VIEWERS");
    return text ? std::clamp(std::atoi(text), 1, 200) : 4;
}
constexpr double kJoinSpanSeconds = 12.0;
constexpr double kTourSeconds = 36.0;
// The guide's cues in the tour (seconds): each a change the viewers must all fire.
const std::vector<std::pair<double, const char*>> kCues = {
    {3.0, "bronze-dancer"}, {9.0, "marble-bust"},  {15.0, "moon-harbour"},
    {21.0, nullptr},        {24.0, "winter-moon"}, {30.0, "celestial-vase"}};

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

// The project's nginx configuration, moved onto a test port, folder, pid and logs, in the
// foreground as one process (no root, no user switch).
fs::path testConfig(const fs::path& prefix, const fs::path& root, int port) {
    const fs::path deploy = docent::test::sourceDir() / "deploy" / "nginx";
    std::string main = slurp(deploy / "docent-nginx.conf");
    std::string site = slurp(deploy / "docent-site.conf");
    REQUIRE(main.find("user www-data;") != std::string::npos);
    replaceAll(main, "user www-data;", "daemon off;\nmaster_process off;");
    replaceAll(main, "/run/docent-nginx.pid", (prefix / "nginx.pid").string());
    replaceAll(main, "/var/log/nginx/", prefix.string() + "/");
    const std::string temp = (prefix / "temp").string();
    replaceAll(main, "http {\n",
               "http {\n    client_body_temp_path " + temp + "/body;\n    proxy_temp_path " + temp +
                   "/proxy;\n    fastcgi_temp_path " + temp + "/fastcgi;\n" +
                   "    uwsgi_temp_path " + temp + "/uwsgi;\n    scgi_temp_path " + temp +
                   "/scgi;\n");
    REQUIRE(site.find("listen 8080;") != std::string::npos);
    replaceAll(site, "    listen [::]:8080;\n", "");
    replaceAll(site, "listen 8080;", "listen 127.0.0.1:" + std::to_string(port) + ";");
    replaceAll(site, "/var/www/docent", root.string());
    fs::create_directories(prefix / "temp");
    std::ofstream(prefix / "docent-nginx.conf") << main;
    std::ofstream(prefix / "docent-site.conf") << site;
    return prefix / "docent-nginx.conf";
}

} // namespace

TEST_CASE("the project's nginx configuration passes nginx -t as it is", "[scale][deploy]") {
    if (::geteuid() != 0) {
        DOCENT_SKIP("nginx -t opens the configured /var/log and /run paths: needs root");
    }
    const fs::path config = docent::test::sourceDir() / "deploy" / "nginx" / "docent-nginx.conf";
    const std::string command = "nginx -t -c " + shellQuote(config.string()) + " 2>&1";
    INFO(command);
    CHECK(std::system(command.c_str()) == 0);
}

TEST_CASE("a live tour through nginx reaches every viewer, cues on the same frames",
          "[scale][live]") {
    const fs::path dir = docent::test::outputDir("scale-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const fs::path www = dir / "www";
    fs::create_directories(www / "live");
    // The guide's recording: test video and a tone, and her cue script.
    const fs::path clip = dir / "tour.ts";
    std::string make =
        "ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=size=320x180:rate=25 -f lavfi "
        "-i sine=frequency=440:sample_rate=48000 -t " +
        std::to_string(static_cast<int>(kTourSeconds)) +
        " -c:v libx264 -preset veryfast -g 50 -pix_fmt yuv420p -c:a aac " +
        shellQuote(clip.string());
    REQUIRE(std::system(make.c_str()) == 0);
    const fs::path script = dir / "cues.txt";
    {
        std::ofstream out(script);
        for (const auto& [seconds, hotspot] : kCues) {
            out << seconds << " " << (hotspot ? hotspot : "-") << "\n";
        }
    }
    const int port = docent::test::freeTcpPort();
    docent::test::NginxServer nginx(testConfig(dir / "nginx", www, port), port, dir / "nginx");

    // The producer: live into the served folder, at the media's pace.
    ChildProcess producer({(docent::test::binaryDir() / "bin" / "docent-broadcast").string(),
                           clip.string(), "--cues", script.string(), "--realtime", "--out",
                           "hls:" + (www / "live").string(), "--log-file", "none"});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!fs::exists(www / "live" / "index.m3u8")) {
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const std::string url = nginx.url("live/index.m3u8");

    // The viewers, joining kJoinEverySeconds apart, each until the tour ends.
    const int kViewers = viewerCount();
    const auto joinEvery = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::duration<double>(kJoinSpanSeconds / kViewers));
    std::vector<std::future<docent::test::Outcome>> runs;
    for (int v = 0; v < kViewers; ++v) {
        const fs::path stats = dir / ("viewer-" + std::to_string(v) + ".json");
        runs.push_back(std::async(std::launch::async, [url, stats] {
            return runDocent("--headless --realtime --no-ui --size 160x90 --fps 25 --stream " +
                             shellQuote(url) + " --stats " + shellQuote(stats.string()));
        }));
        std::this_thread::sleep_for(joinEvery);
    }
    std::vector<nlohmann::json> viewers;
    for (int v = 0; v < kViewers; ++v) {
        const auto outcome = runs[static_cast<std::size_t>(v)].get();
        INFO("viewer " << v << ": " << outcome.output);
        CHECK(outcome.exitCode == 0);
        viewers.push_back(readJson(dir / ("viewer-" + std::to_string(v) + ".json")));
    }
    CHECK(readBytes(www / "live" / "index.m3u8").find("#EXT-X-ENDLIST") != std::string::npos);

    const std::string log = readBytes(dir / "nginx" / "docent-access.log");
    double joinedAt = 0.0; // the latest join, on the tour's timeline
    for (int v = 0; v < kViewers; ++v) {
        const auto& stats = viewers[static_cast<std::size_t>(v)];
        INFO("viewer " << v << ": " << stats["cues"].dump() << " " << stats["video"].dump());
        // It reached the end of the tour.
        CHECK(stats["video"]["state"] == "ended");
        // A viewer's times count from the first frame it received: a late joiner's are offset
        // by where it joined. Its first cue is the state it found (repeated every 2 s); every
        // change after that must be a scripted cue, at one offset, fired on exactly its frame.
        REQUIRE(stats["cues"].size() >= 3);
        std::optional<double> offset;
        std::vector<double> fired; // scripted times of the changes it fired
        for (std::size_t c = 1; c < stats["cues"].size(); ++c) {
            const auto& cue = stats["cues"][c];
            const auto scripted = std::find_if(kCues.begin(), kCues.end(), [&](const auto& entry) {
                return entry.second ? cue["hotspot"] == entry.second : cue["hotspot"].is_null();
            });
            REQUIRE(scripted != kCues.end());
            const double shift = scripted->first - cue["cue_pts"].get<double>();
            if (!offset) {
                offset = shift;
            }
            CHECK(std::abs(shift - *offset) < 1e-3);
            CHECK(std::abs(cue["frame_pts"].get<double>() - cue["cue_pts"].get<double>()) < 1e-3);
            fired.push_back(scripted->first);
        }
        REQUIRE(offset);
        joinedAt = std::max(joinedAt, *offset + stats["cues"][0]["cue_pts"].get<double>());
        // Every change after it joined, none missed.
        const double joined = *offset + stats["cues"][0]["cue_pts"].get<double>();
        for (const auto& [seconds, hotspot] : kCues) {
            if (seconds > joined + 0.5) {
                INFO("the cue at " << seconds << " s");
                CHECK(std::find_if(fired.begin(), fired.end(), [&](double t) {
                          return std::abs(t - seconds) < 1e-3;
                      }) != fired.end());
            }
        }
        // nginx served it segments (its user agent names it).
        const std::string agent = stats["video"]["user_agent"].get<std::string>();
        REQUIRE(agent.rfind("docent/", 0) == 0);
        std::size_t segments = 0;
        for (std::size_t at = log.find(agent); at != std::string::npos;
             at = log.find(agent, at + 1)) {
            const std::size_t lineStart = log.rfind('\n', at) + 1;
            const std::string line = log.substr(lineStart, at - lineStart);
            // 200, or 206 for FFmpeg's ranged reads.
            segments += line.find(".ts HTTP") != std::string::npos &&
                        line.find("\" 20") != std::string::npos;
        }
        CHECK(segments >= 3);
    }
    // The last viewer joined 12 s in or so: at least the cues from then on were on every
    // viewer's same frames.
    CHECK(joinedAt < 24.0);

    // After the tour the same playlist is the replay (VOD): a viewer that seeks 10 s ahead
    // early on sees the guide where she was then, and every later cue on its frame.
    const fs::path input = dir / "seek.input";
    std::ofstream(input) << "5 key RIGHT_BRACKET\n";
    const fs::path replayStats = dir / "replay.json";
    const auto replay =
        runDocent("--headless --no-ui --size 160x90 --stream " + shellQuote(url) + " --input " +
                  shellQuote(input.string()) + " --stats " + shellQuote(replayStats.string()));
    INFO(replay.output);
    REQUIRE(replay.exitCode == 0);
    const auto seeked = readJson(replayStats);
    INFO(seeked["cues"].dump());
    CHECK(seeked["video"]["state"] == "ended");
    std::vector<std::string> hotspots;
    for (const auto& cue : seeked["cues"]) {
        hotspots.push_back(cue["hotspot"].is_null() ? "-" : cue["hotspot"].get<std::string>());
        if (cue["cue_pts"].get<double>() > 11.0) {
            CHECK(std::abs(cue["frame_pts"].get<double>() - cue["cue_pts"].get<double>()) < 1e-3);
        }
    }
    // Landing at ~10 s the guide is at the bust (her 9 s cue), then the rest in order.
    CHECK(hotspots == std::vector<std::string>{"marble-bust", "moon-harbour", "-", "winter-moon",
                                               "celestial-vase"});
}
