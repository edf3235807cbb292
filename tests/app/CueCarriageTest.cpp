// Cues carried inside the broadcast, end to end: docent-broadcast muxes a cue script into a clip,
// the result travels as a file, through one and two FFmpeg remuxes, as HLS segments served by
// nginx, over SRT on loopback, and across the 33-bit pts wrap; in each case docent's headless
// fixed-step run fires every cue on exactly its frame (the --stats "cues" list), none early, none
// late.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "streaming/Cue.h"
#include "support/NginxServer.h"
#include "support/Programs.h"
#include "support/RawTagMuxer.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using docent::test::ChildProcess;
using docent::test::readJson;
using docent::test::runDocent;
using docent::test::shellQuote;

namespace {

struct ExpectedCue {
    const char* hotspot; // nullptr: none
    double seconds;      // on a frame boundary of the 25 fps clip
};

// Frames 25, 100 and 187 of a 25 fps clip.
const std::vector<ExpectedCue> kScript = {
    {"moon-harbour", 1.0}, {nullptr, 4.0}, {"winter-moon", 7.48}};

fs::path dir() {
    return docent::test::outputDir("cues");
}

void run(const std::string& command) {
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
}

// A 10 s clip (H.264 + AAC, 25 fps) and the same with the cue script muxed in by docent-broadcast.
fs::path cuedClip() {
    const fs::path cued = dir() / "cued.ts";
    if (fs::exists(cued)) {
        return cued;
    }
    const fs::path plain = dir() / "plain.ts";
    const fs::path plainPartial = docent::test::partialFixturePath(plain);
    run("ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi "
        "-i sine=frequency=440:sample_rate=48000 -t 10 -c:v libx264 -preset veryfast -g 50 "
        "-pix_fmt yuv420p -c:a aac " +
        shellQuote(plainPartial.string()));
    docent::test::publishFixture(plainPartial, plain);
    const fs::path cues = dir() / "cues.txt";
    const fs::path cuesPartial = docent::test::partialFixturePath(cues);
    std::ofstream(cuesPartial) << "# seconds hotspot\n1.0 moon-harbour\n4.0 -\n"
                                  "7.48 winter-moon\n";
    docent::test::publishFixture(cuesPartial, cues);
    const fs::path partial = docent::test::partialFixturePath(cued);
    run(shellQuote((docent::test::binaryDir() / "bin" / "docent-broadcast").string()) + " " +
        shellQuote(plain.string()) + " --cues " + shellQuote((dir() / "cues.txt").string()) +
        " --out " + shellQuote(partial.string()) + " > /dev/null");
    docent::test::publishFixture(partial, cued);
    return cued;
}

// Runs docent headless on url and checks the cues it fired against the script.
void checkCuesFireOnTheirFrames(const std::string& url, const std::string& extra = {}) {
    // Test cases run as parallel processes: each writes its own stats file.
    const fs::path stats = dir() / ("stats-" + std::to_string(::getpid()) + ".json");
    fs::remove(stats);
    const auto outcome = runDocent("--headless --size 160x90 --no-ui --stream " + shellQuote(url) +
                                   " --stats " + shellQuote(stats.string()) + " " + extra);
    INFO(outcome.output);
    REQUIRE(outcome.exitCode == 0);
    const auto doc = readJson(stats);
    INFO(doc["cues"].dump());
    REQUIRE(doc["cues"].size() == kScript.size());
    for (std::size_t i = 0; i < kScript.size(); ++i) {
        const auto& fired = doc["cues"][i];
        if (kScript[i].hotspot) {
            CHECK(fired["hotspot"] == kScript[i].hotspot);
        } else {
            CHECK(fired["hotspot"].is_null());
        }
        CHECK(std::abs(fired["cue_pts"].get<double>() - kScript[i].seconds) < 1e-4);
        // Exactly its frame: the frame on screen when it fired has the cue's pts.
        CHECK(std::abs(fired["frame_pts"].get<double>() - kScript[i].seconds) < 1e-4);
    }
}

} // namespace

TEST_CASE("cues in a broadcast file fire on exactly their frames", "[app][cues]") {
    checkCuesFireOnTheirFrames(cuedClip().string());
}

TEST_CASE("cues survive one and two FFmpeg remuxes", "[app][cues]") {
    const fs::path once = dir() / "remux-once.ts";
    const fs::path twice = dir() / "remux-twice.ts";
    run("ffmpeg -nostdin -y -loglevel error -i " + shellQuote(cuedClip().string()) +
        " -map 0 -c copy " + shellQuote(once.string()));
    run("ffmpeg -nostdin -y -loglevel error -i " + shellQuote(once.string()) + " -map 0 -c copy " +
        shellQuote(twice.string()));
    checkCuesFireOnTheirFrames(once.string());
    checkCuesFireOnTheirFrames(twice.string());
}

TEST_CASE("cues arrive through HLS segments served by nginx", "[app][cues]") {
    const fs::path hls = dir() / "hls";
    fs::remove_all(hls);
    fs::create_directories(hls);
    // Segmented by FFmpeg with -c copy, as a live chain would.
    run("ffmpeg -nostdin -y -loglevel error -i " + shellQuote(cuedClip().string()) +
        " -map 0 -c copy -f hls -hls_time 2 -hls_list_size 0 -hls_segment_filename " +
        shellQuote((hls / "seg%03d.ts").string()) + " " +
        shellQuote((hls / "index.m3u8").string()));
    docent::test::NginxServer server(hls);
    checkCuesFireOnTheirFrames(server.url("index.m3u8"));
}

TEST_CASE("a recording's own cues are sent on when no cue script is given", "[app][cues]") {
    // The cued clip re-sent as it is (a replay broadcast again): its cues go with it.
    const fs::path again = dir() / ("again-" + std::to_string(::getpid()) + ".ts");
    fs::remove(again);
    const auto sent =
        docent::test::runProgram("docent-broadcast", shellQuote(cuedClip().string()) + " --out " +
                                                         shellQuote(again.string()));
    INFO(sent.output);
    REQUIRE(sent.exitCode == 0);
    CHECK(sent.output.find("sending the 3 cue changes recorded in") != std::string::npos);
    checkCuesFireOnTheirFrames(again.string());
    fs::remove(again);
}

TEST_CASE("docent-broadcast writes an HLS folder whose cues fire on their frames", "[app][cues]") {
    cuedClip();
    const fs::path hls = dir() / "broadcast-hls";
    fs::remove_all(hls);
    fs::create_directories(hls);
    run(shellQuote((docent::test::binaryDir() / "bin" / "docent-broadcast").string()) + " " +
        shellQuote((dir() / "plain.ts").string()) + " --cues " +
        shellQuote((dir() / "cues.txt").string()) + " --out " + shellQuote("hls:" + hls.string()) +
        " > /dev/null");
    REQUIRE(fs::exists(hls / "index.m3u8"));
    docent::test::NginxServer server(hls);
    checkCuesFireOnTheirFrames(server.url("index.m3u8"));
}

TEST_CASE("cues sent live over SRT fire on their frames", "[app][cues][live]") {
    cuedClip();
    const int port = docent::test::freeUdpPort();
    // The producer listens; the viewer calls. Sent at the media's own pace.
    ChildProcess producer({(docent::test::binaryDir() / "bin" / "docent-broadcast").string(),
                           (dir() / "plain.ts").string(), "--cues", (dir() / "cues.txt").string(),
                           "--out", "srt://127.0.0.1:" + std::to_string(port) + "?mode=listener"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // until it listens
    checkCuesFireOnTheirFrames("srt://127.0.0.1:" + std::to_string(port), "--duration 9");
}

TEST_CASE("a cue stream that appears mid-broadcast is picked up", "[app][cues]") {
    // 4 s of the broadcast without its cue stream, then the whole broadcast with it (a new PMT
    // mid-stream; the timeline starts again, as when a producer restarts with cues on).
    cuedClip();
    const fs::path head = dir() / "no-cues-head.ts";
    const fs::path joined = dir() / "cues-appear.ts";
    run("ffmpeg -nostdin -y -loglevel error -i " + shellQuote((dir() / "plain.ts").string()) +
        " -t 4 -map 0 -c copy " + shellQuote(head.string()));
    run("cat " + shellQuote(head.string()) + " " + shellQuote(cuedClip().string()) + " > " +
        shellQuote(joined.string()));
    checkCuesFireOnTheirFrames(joined.string());
}

TEST_CASE("cues keep firing in order across the 33-bit pts wrap", "[app][cues]") {
    // The same broadcast shifted so that its timestamps cross 2^33 ticks 2.3 s in.
    const fs::path wrapped = dir() / "wrapped.ts";
    run("ffmpeg -nostdin -y -loglevel error -i " + shellQuote(cuedClip().string()) +
        " -map 0 -c copy -output_ts_offset 95440 " + shellQuote(wrapped.string()));
    checkCuesFireOnTheirFrames(wrapped.string());
}

TEST_CASE("malformed cue tags in a stream are refused with a log line and playback goes on",
          "[app][cues]") {
    cuedClip();
    using docent::streaming::Cue;
    using docent::streaming::makeCueTag;
    Cue moon;
    moon.hotspot = "moon-harbour";
    moon.sent = "2026-11-30T08:00:00Z";
    const std::vector<std::uint8_t> good = makeCueTag(moon);
    const std::size_t frameSizeAt = 14; // the TXXX frame's synchsafe size
    auto pastTheTag = good;
    pastTheTag[frameSizeAt + 2] = 0x7f;
    pastTheTag[frameSizeAt + 3] = 0x7f;
    auto unsynchronised = good;
    unsynchronised[5] = 0x80;
    const std::vector<std::uint8_t> truncated(good.begin(), good.end() - 12);
    auto badUtf8 = good;
    badUtf8[badUtf8.size() - 4] = 0xc3; // a lead byte followed by ASCII
    Cue unknown = moon;
    unknown.hotspot = "no-such-artwork";

    const fs::path stream = dir() / "malformed.ts";
    docent::test::muxRawTags(dir() / "plain.ts", stream,
                             {{1.0, pastTheTag},
                              {1.5, unsynchronised},
                              {2.0, truncated},
                              {2.5, badUtf8},
                              {3.0, makeCueTag(unknown)},
                              {5.0, good}});
    const fs::path stats = dir() / "malformed.json";
    fs::remove(stats);
    const auto outcome =
        runDocent("--headless --size 160x90 --no-ui --stream " + shellQuote(stream.string()) +
                  " --stats " + shellQuote(stats.string()));
    INFO(outcome.output);
    REQUIRE(outcome.exitCode == 0);
    const auto doc = readJson(stats);
    // Every frame of the 10 s clip played; the four broken tags were counted and named.
    CHECK(doc["video"]["presented"] == 250);
    CHECK(doc["video"]["state"] == "ended");
    CHECK(doc["video"]["rejected_cues"] == 4);
    std::size_t logged = 0;
    for (auto at = outcome.output.find("was ignored"); at != std::string::npos;
         at = outcome.output.find("was ignored", at + 1)) {
        ++logged;
    }
    CHECK(logged == 4);
    CHECK(outcome.output.find(stream.string()) != std::string::npos);
    // The well-formed cues still fire on their frames; the unknown hotspot is warned about.
    REQUIRE(doc["cues"].size() == 2);
    CHECK(doc["cues"][0]["hotspot"] == "no-such-artwork");
    CHECK(std::abs(doc["cues"][0]["frame_pts"].get<double>() - 3.0) < 1e-4);
    CHECK(doc["cues"][1]["hotspot"] == "moon-harbour");
    CHECK(std::abs(doc["cues"][1]["frame_pts"].get<double>() - 5.0) < 1e-4);
    CHECK(outcome.output.find("'no-such-artwork'") != std::string::npos);
}

namespace {

std::string broadcastBinary() {
    return (docent::test::binaryDir() / "bin" / "docent-broadcast").string();
}

// The codec names of a file's streams, in order, as ffprobe reports them.
std::string codecsOf(const fs::path& file) {
    const std::string command =
        "ffprobe -v error -show_entries stream=codec_name -of csv=p=0 " + shellQuote(file.string());
    std::string text;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[256];
        while (std::fgets(buffer, sizeof buffer, pipe)) {
            text += buffer;
        }
        pclose(pipe);
    }
    // MPEG-TS files list their streams again under their program: each once, in order.
    std::string joined;
    std::istringstream lines(text);
    std::vector<std::string> seen;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && std::find(seen.begin(), seen.end(), line) == seen.end()) {
            seen.push_back(line);
            joined += line + " ";
        }
    }
    return joined;
}

} // namespace

TEST_CASE("docent-broadcast encodes a generated test pattern and its cues fire on their frames",
          "[app][cues][broadcast]") {
    cuedClip();
    const fs::path out = dir() / "pattern.ts";
    fs::remove(out);
    const auto outcome =
        docent::test::runProgram("docent-broadcast", "--test-pattern 320x240 --duration 9 --cues " +
                                                         shellQuote((dir() / "cues.txt").string()) +
                                                         " --out " + shellQuote(out.string()));
    INFO(outcome.output);
    REQUIRE(outcome.exitCode == 0);
    CHECK(outcome.output.find("re-encoded as H.264 + AAC") != std::string::npos);
    CHECK(codecsOf(out) == "h264 aac timed_id3 ");
    checkCuesFireOnTheirFrames(out.string());
}

TEST_CASE("docent-broadcast sends its test pattern live at the pattern's own pace",
          "[app][broadcast][live]") {
    // A filter graph makes frames as fast as it is asked: sent unpaced, 4 s of pattern flooded a
    // UDP viewer in well under a second (its reader overran, its queues filled). Live, it goes
    // out no faster than its media time.
    const int port = docent::test::freeUdpPort();
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = docent::test::runProgram(
        "docent-broadcast", "--test-pattern 160x90 --duration 4 --log-file none --out " +
                                shellQuote("udp://127.0.0.1:" + std::to_string(port)));
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(outcome.output);
    REQUIRE(outcome.exitCode == 0);
    CHECK(outcome.output.find("sent 4.0 s of media") != std::string::npos);
    CHECK(wall >= 3.5); // a lower bound only: a slow machine takes longer, never shorter
}

TEST_CASE("docent-broadcast re-encodes a source in other codecs as H.264 + AAC",
          "[app][cues][broadcast]") {
    cuedClip();
    const fs::path mpeg2 = dir() / "mpeg2.mkv";
    run("ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi "
        "-i sine=frequency=440:sample_rate=44100 -t 9 -c:v mpeg2video -q:v 4 -c:a mp2 " +
        shellQuote(mpeg2.string()));
    const fs::path out = dir() / "from-mpeg2.ts";
    fs::remove(out);
    const auto outcome =
        docent::test::runProgram("docent-broadcast", shellQuote(mpeg2.string()) + " --cues " +
                                                         shellQuote((dir() / "cues.txt").string()) +
                                                         " --out " + shellQuote(out.string()));
    INFO(outcome.output);
    REQUIRE(outcome.exitCode == 0);
    CHECK(codecsOf(out) == "h264 aac timed_id3 ");
    checkCuesFireOnTheirFrames(out.string());
}

TEST_CASE("docent-broadcast sends the same broadcast to several outputs at once",
          "[app][cues][broadcast]") {
    cuedClip();
    const fs::path a = dir() / "several-a.ts";
    const fs::path hls = dir() / "several-hls";
    fs::remove(a);
    fs::remove_all(hls);
    fs::create_directories(hls);
    const auto outcome = docent::test::runProgram(
        "docent-broadcast", shellQuote((dir() / "plain.ts").string()) + " --cues " +
                                shellQuote((dir() / "cues.txt").string()) + " --out " +
                                shellQuote(a.string()) + " --out " +
                                shellQuote("hls:" + hls.string()));
    INFO(outcome.output);
    REQUIRE(outcome.exitCode == 0);
    CHECK(outcome.output.find("(copied)") != std::string::npos);
    checkCuesFireOnTheirFrames(a.string());
    docent::test::NginxServer server(hls);
    checkCuesFireOnTheirFrames(server.url("index.m3u8"));
}

TEST_CASE("two viewers with different latency targets fire each cue on the same frame",
          "[app][cues][live]") {
    cuedClip();
    const int near = docent::test::freeUdpPort();
    const int far = docent::test::freeUdpPort();
    // One producer, two SRT listeners: each viewer calls its own.
    ChildProcess producer({broadcastBinary(), (dir() / "plain.ts").string(), "--cues",
                           (dir() / "cues.txt").string(), "--out",
                           "srt://127.0.0.1:" + std::to_string(near) + "?mode=listener", "--out",
                           "srt://127.0.0.1:" + std::to_string(far) + "?mode=listener"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // until it listens
    const auto view = [](int port, int latencyMs) {
        const fs::path stats =
            dir() / ("viewer-" + std::to_string(port) + "-" + std::to_string(::getpid()) + ".json");
        fs::remove(stats);
        // Real time, as a visitor watches: the second viewer stays 1.5 s further behind.
        const auto outcome = runDocent(
            "--headless --realtime --size 160x90 --no-ui --duration 12 --latency-target " +
            std::to_string(latencyMs) + " --stream " +
            shellQuote("srt://127.0.0.1:" + std::to_string(port)) + " --stats " +
            shellQuote(stats.string()));
        return std::make_pair(outcome, fs::exists(stats) ? readJson(stats) : nlohmann::json());
    };
    auto first = std::async(std::launch::async, view, near, 200);
    auto second = std::async(std::launch::async, view, far, 1700);
    const auto [nearRun, nearStats] = first.get();
    const auto [farRun, farStats] = second.get();
    INFO(nearRun.output << farRun.output);
    REQUIRE(nearRun.exitCode == 0);
    REQUIRE(farRun.exitCode == 0);
    INFO(nearStats["cues"].dump() << "\n" << farStats["cues"].dump());
    REQUIRE(nearStats["cues"].size() == kScript.size());
    REQUIRE(farStats["cues"].size() == kScript.size());
    for (std::size_t i = 0; i < kScript.size(); ++i) {
        CHECK(nearStats["cues"][i]["hotspot"] == farStats["cues"][i]["hotspot"]);
        CHECK(nearStats["cues"][i]["frame_pts"] == farStats["cues"][i]["frame_pts"]);
        CHECK(std::abs(nearStats["cues"][i]["frame_pts"].get<double>() - kScript[i].seconds) <
              1e-4);
    }
}

TEST_CASE("docent-broadcast names a bad source, device or output", "[app][cues][broadcast]") {
    cuedClip();
    const std::string plain = shellQuote((dir() / "plain.ts").string());
    // Exactly one source.
    CHECK(docent::test::runProgram("docent-broadcast", "--out x.ts").exitCode == 2);
    CHECK(docent::test::runProgram("docent-broadcast", plain + " --test-pattern 320x240 --out x.ts")
              .exitCode == 2);
    CHECK(docent::test::runProgram("docent-broadcast", "--test-pattern big --out x.ts").exitCode ==
          2);
    const auto device =
        docent::test::runProgram("docent-broadcast", "--format no-such-device x --out x.ts");
    CHECK(device.exitCode == 1);
    CHECK(device.output.find("no-such-device") != std::string::npos);
    const auto camera =
        docent::test::runProgram("docent-broadcast", "--camera /dev/no-such-camera --out x.ts");
    CHECK(camera.exitCode == 1);
    CHECK(camera.output.find("/dev/no-such-camera") != std::string::npos);
    const auto output =
        docent::test::runProgram("docent-broadcast", plain + " --out /no/such/folder/out.ts");
    CHECK(output.exitCode == 1);
    CHECK(output.output.find("/no/such/folder/out.ts") != std::string::npos);
}

TEST_CASE("docent-broadcast names a bad cue script line", "[app][cues]") {
    cuedClip();
    std::ofstream(dir() / "bad-cues.txt") << "1.0 moon-harbour\nsoon winter-moon\n";
    const auto outcome = docent::test::runProgram(
        "docent-broadcast", shellQuote((dir() / "plain.ts").string()) + " --cues " +
                                shellQuote((dir() / "bad-cues.txt").string()) + " --out " +
                                shellQuote((dir() / "never.ts").string()));
    CHECK(outcome.exitCode == 1);
    CHECK(outcome.output.find("bad-cues.txt:2") != std::string::npos);
    CHECK_FALSE(fs::exists(dir() / "never.ts"));
}

namespace {

// A copy of the assembled demo scene whose replay (tour.ts) is the cued clip.
fs::path demoWithReplay(const std::string& name) {
    const fs::path scene = dir() / name;
    fs::remove_all(scene);
    fs::copy(docent::test::binaryDir() / "scenes" / "demo", scene,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    fs::copy_file(cuedClip(), scene / "tour.ts", fs::copy_options::overwrite_existing);
    return scene;
}

} // namespace

TEST_CASE("the scene's replay plays by default and the camera follows the guide's cue",
          "[app][cues]") {
    const fs::path scene = demoWithReplay("demo-follow");
    const fs::path stats = dir() / "follow.json";
    // 3 s: the cue at 1 s (moon-harbour) sends the camera to the curator's viewpoint of it (and
    // the guide's panel beside the painting): the same picture as standing there all along.
    const auto follow = runDocent(shellQuote(scene.string()) +
                                  " --headless --size 320x180 --no-ui --duration 3 --stats " +
                                  shellQuote(stats.string()) + " --screenshot " +
                                  shellQuote((dir() / "follow.png").string()));
    INFO(follow.output);
    REQUIRE(follow.exitCode == 0);
    const auto doc = readJson(stats);
    REQUIRE(doc["cues"].size() == 1);
    CHECK(doc["cues"][0]["hotspot"] == "moon-harbour");
    const auto there = runDocent(shellQuote(scene.string()) +
                                 " --headless --size 320x180 --no-ui --viewpoint moon-harbour "
                                 "--wander --duration 3 --screenshot " +
                                 shellQuote((dir() / "there.png").string()));
    REQUIRE(there.exitCode == 0);
    CHECK(docent::test::readBytes(dir() / "follow.png") ==
          docent::test::readBytes(dir() / "there.png"));

    // Wandering, the visitor stays where they were.
    const auto wander = runDocent(shellQuote(scene.string()) +
                                  " --headless --size 320x180 --no-ui --duration 3 --wander "
                                  "--screenshot " +
                                  shellQuote((dir() / "wander.png").string()));
    REQUIRE(wander.exitCode == 0);
    CHECK(docent::test::readBytes(dir() / "wander.png") !=
          docent::test::readBytes(dir() / "there.png"));
}

TEST_CASE("a cue sheet named for the replay is authoritative over its in-band cues",
          "[app][cues]") {
    const fs::path scene = demoWithReplay("demo-sheet");
    // The curator retimed the tour: celestial-vase from 2 s, nothing from 6 s.
    std::ofstream(scene / "cues.json")
        << R"({"version": 1, "recording": "tour.ts", "cues": [)"
        << R"({"time": 2.0, "hotspot": "celestial-vase"}, {"time": 6.0, "hotspot": null}]})";
    {
        std::ifstream in(scene / "scene.json");
        auto manifest = nlohmann::json::parse(in);
        manifest["replay"] = {{"recording", "tour.ts"}, {"cues", "cues.json"}};
        std::ofstream(scene / "scene.json") << manifest.dump(2);
    }
    const fs::path stats = dir() / "sheet.json";
    const auto outcome = runDocent(shellQuote(scene.string()) +
                                   " --headless --size 160x90 --no-ui --duration 7 --stats " +
                                   shellQuote(stats.string()));
    INFO(outcome.output);
    REQUIRE(outcome.exitCode == 0);
    const auto doc = readJson(stats);
    INFO(doc["cues"].dump());
    REQUIRE(doc["cues"].size() == 2);
    CHECK(doc["cues"][0]["hotspot"] == "celestial-vase");
    CHECK(doc["cues"][0]["frame_pts"].get<double>() == Approx(2.0).margin(1e-4));
    CHECK(doc["cues"][1]["hotspot"].is_null());
    CHECK(doc["cues"][1]["frame_pts"].get<double>() == Approx(6.0).margin(1e-4));
}
