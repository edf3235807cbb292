// docent on real network sources over loopback, and on broken and hostile ones: a live UDP
// MPEG-TS stream from an ffmpeg process that dies and comes back, a playlist that points at a
// local file, a server that never answers, files that are cut short or not media at all. Each
// ends in a clean error or a reconnect, never a crash or a hang, and the gallery keeps rendering.
// Wall-clock figures are reported by docent, never asserted here.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "support/LoopbackServer.h"
#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using docent::test::ChildProcess;
using docent::test::LoopbackServer;
using docent::test::readJson;
using docent::test::runDocent;
using docent::test::shellQuote;

namespace {

// An ffmpeg process sending a live test signal (testsrc2 + a sine; H.264 + AAC in MPEG-TS) to
// udp://127.0.0.1:port at its real pace.
std::unique_ptr<ChildProcess> startUdpSender(int port) {
    return std::make_unique<ChildProcess>(
        std::vector<std::string>{"ffmpeg",
                                 "-nostdin",
                                 "-loglevel",
                                 "error",
                                 "-re",
                                 "-f",
                                 "lavfi",
                                 "-i",
                                 "testsrc2=size=320x240:rate=25",
                                 "-f",
                                 "lavfi",
                                 "-i",
                                 "sine=frequency=440:sample_rate=48000",
                                 "-c:v",
                                 "libx264",
                                 "-preset",
                                 "ultrafast",
                                 "-tune",
                                 "zerolatency",
                                 "-g",
                                 "25",
                                 "-pix_fmt",
                                 "yuv420p",
                                 "-c:a",
                                 "aac",
                                 "-f",
                                 "mpegts",
                                 "udp://127.0.0.1:" + std::to_string(port) + "?pkt_size=1316"});
}

// The position of each wanted state in order within states, or false.
bool containsInOrder(const nlohmann::json& states, const std::vector<std::string>& wanted) {
    std::size_t next = 0;
    for (const auto& s : states) {
        if (next < wanted.size() && s.get<std::string>() == wanted[next]) {
            ++next;
        }
    }
    return next == wanted.size();
}

fs::path clip(const std::string& name, const std::string& inputs, const std::string& codecs) {
    const fs::path path = docent::test::outputDir("cli-sources") / name;
    if (!fs::exists(path)) {
        const fs::path partial = docent::test::partialFixturePath(path);
        const std::string command = "ffmpeg -nostdin -y -loglevel error " + inputs + " " + codecs +
                                    " " + shellQuote(partial.string());
        REQUIRE(std::system(command.c_str()) == 0);
        docent::test::publishFixture(partial, path);
    }
    return path;
}

} // namespace

TEST_CASE("a live UDP stream that dies and comes back is shown reconnecting, then resumes",
          "[app][stream][live]") {
    const int port = docent::test::freeUdpPort();
    const fs::path dir = docent::test::outputDir("cli-live");
    const fs::path stats = dir / "reconnect.json";
    fs::remove(stats);

    auto sender = startUdpSender(port);
    docent::test::Outcome run;
    std::thread viewer([&] {
        run = runDocent("--headless --size 320x180 --duration 20 --stream " +
                        shellQuote("udp://127.0.0.1:" + std::to_string(port)) + " --stats " +
                        shellQuote(stats.string()) + " --screenshot " +
                        shellQuote((dir / "reconnect.png").string()));
    });
    // The sender runs, dies, and comes back while the viewer keeps rendering.
    // (docent counts a UDP sender silent for 2 s as gone.)
    std::this_thread::sleep_for(std::chrono::seconds(5));
    sender->kill();
    std::this_thread::sleep_for(std::chrono::seconds(5));
    sender = startUdpSender(port);
    viewer.join();
    sender->kill();

    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto doc = readJson(stats);
    INFO(doc["video"].dump());
    // The gallery rendered every step of the run, through the outage.
    CHECK(doc["frames"] == 600);
    CHECK(containsInOrder(doc["video"]["states"],
                          {"connecting", "playing", "reconnecting", "playing"}));
    CHECK(doc["video"]["reconnects"].get<int>() >= 1);
    CHECK(doc["video"]["presented"].get<int>() > 0);
    CHECK(doc["video"]["state"] == "playing");
}

TEST_CASE("a playlist that points at a local file is refused, and the gallery renders on",
          "[app][stream][hostile]") {
    // The segment is real, playable media on this machine: only the URL policy keeps it out.
    const fs::path local = clip("local-secret.ts", "-f lavfi -i testsrc2=size=320x240:rate=25 -t 2",
                                "-c:v libx264 -pix_fmt yuv420p");
    LoopbackServer server(LoopbackServer::Mode::Answer,
                          "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"
                          "#EXTINF:2.0,\nfile://" +
                              local.string() + "\n#EXT-X-ENDLIST\n");
    const fs::path stats = docent::test::outputDir("cli-hostile") / "local-file.json";
    const auto run =
        runDocent("--headless --size 160x90 --duration 2 --stream " +
                  shellQuote(server.url("tour.m3u8")) + " --stats " + shellQuote(stats.string()));
    INFO(run.output);
    CHECK(run.exitCode == 0); // a lost network stream is part of a normal run
    CHECK(server.connections() >= 1);
    const auto doc = readJson(stats);
    INFO(doc["video"].dump());
    CHECK(doc["frames"] == 60);
    CHECK(doc["video"]["decoded"] == 0);
    CHECK(doc["video"]["state"] == "reconnecting");
    const std::string error = doc["video"]["error"].get<std::string>();
    CHECK(error.find(server.url("tour.m3u8")) != std::string::npos);
    CHECK(error.find("refused") != std::string::npos);
}

TEST_CASE("a server that accepts and never sends ends in reconnecting, not a hang",
          "[app][stream][hostile]") {
    LoopbackServer server(LoopbackServer::Mode::Silent);
    const fs::path stats = docent::test::outputDir("cli-hostile") / "silent.json";
    const auto run =
        runDocent("--headless --size 160x90 --duration 1 --stream " +
                  shellQuote(server.url("live.m3u8")) + " --stats " + shellQuote(stats.string()));
    INFO(run.output);
    CHECK(run.exitCode == 0);
    CHECK(server.connections() >= 1);
    const auto doc = readJson(stats);
    INFO(doc["video"].dump());
    CHECK(doc["frames"] == 30);
    CHECK(doc["video"]["state"] == "reconnecting");
    CHECK(doc["video"]["error"].get<std::string>().find(server.url("live.m3u8")) !=
          std::string::npos);
}

TEST_CASE("a recording cut short plays what it has and ends cleanly", "[app][stream]") {
    const fs::path whole = clip("whole-4s.ts",
                                "-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i "
                                "sine=frequency=440:sample_rate=48000 -t 4",
                                "-c:v libx264 -g 25 -pix_fmt yuv420p -c:a aac");
    const fs::path cut = docent::test::outputDir("cli-sources") / "cut-short.ts";
    {
        std::ifstream in(whole, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        REQUIRE(bytes.size() > 1000);
        // Half of the file, ending in the middle of a transport packet.
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2 + 77);
    }
    const fs::path stats = docent::test::outputDir("cli-sources") / "cut-short.json";
    const auto run = runDocent("--headless --size 160x90 --stream " + shellQuote(cut.string()) +
                               " --stats " + shellQuote(stats.string()));
    INFO(run.output);
    CHECK(run.exitCode == 0);
    const auto doc = readJson(stats);
    INFO(doc["video"].dump());
    CHECK(doc["video"]["state"] == "ended");
    CHECK(doc["video"]["presented"].get<int>() > 10);
    CHECK(doc["video"]["presented"].get<int>() < 100);
}

TEST_CASE("a stream joined between key frames plays on, its decoder's complaints said once",
          "[app][stream][log]") {
    // What a viewer joining a live broadcast gets: MPEG-TS starting in the middle of a group of
    // pictures, whose first frames refer to a picture parameter set it never received.
    const fs::path whole = clip("gop-whole.ts", "-f lavfi -i testsrc2=size=320x240:rate=25 -t 6",
                                "-c:v libx264 -preset ultrafast -g 50 -pix_fmt yuv420p");
    const fs::path dir = docent::test::outputDir("cli-sources");
    const fs::path joined = dir / "gop-joined.ts";
    {
        std::ifstream in(whole, std::ios::binary);
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
        const std::size_t from = (bytes.size() / 5 / 188) * 188; // 1.2 s in: mid-GOP
        std::ofstream(joined, std::ios::binary)
            .write(bytes.data() + from, static_cast<std::streamsize>(bytes.size() - from));
    }
    const fs::path log = dir / "gop-joined.log";
    const fs::path stats = dir / "gop-joined.json";
    fs::remove(log);
    const auto run =
        runDocent("--headless --size 160x90 --fps 10 --frames 40 --log-level warning --stream " +
                  shellQuote(joined.string()) + " --log-file " + shellQuote(log.string()) +
                  " --stats " + shellQuote(stats.string()));
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(readJson(stats)["video"]["presented"].get<int>() > 0);
    std::ifstream in(log);
    std::string line;
    int complaints = 0;
    while (std::getline(in, line)) {
        if (line.find("PPS") != std::string::npos) {
            ++complaints;
            CHECK(line.find(" warning ") != std::string::npos); // recovered from: not an error
        }
    }
    // Every frame before the first key frame complains; the log says so once.
    CHECK(complaints == 1);
}

TEST_CASE("random bytes named .ts are bad input named in the message", "[app][stream]") {
    const fs::path noise = docent::test::outputDir("cli-sources") / "noise.ts";
    {
        std::ofstream out(noise, std::ios::binary);
        std::uint32_t x = 2463534242u;
        for (int i = 0; i < 300000; ++i) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            out.put(static_cast<char>(x & 0xff));
        }
    }
    const auto run = runDocent("--headless --size 160x90 --stream " + shellQuote(noise.string()));
    CHECK(run.exitCode == 1);
    CHECK(run.output.find(noise.string()) != std::string::npos);
}

TEST_CASE("a headless run keeps the guide's voice within a frame of the picture", "[app][stream]") {
    const fs::path path = clip("voice-4s.ts",
                               "-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i "
                               "sine=frequency=440:sample_rate=48000 -t 4",
                               "-c:v libx264 -pix_fmt yuv420p -c:a aac");
    const fs::path stats = docent::test::outputDir("cli-sources") / "voice.json";
    const auto run = runDocent("--headless --size 160x90 --stream " + shellQuote(path.string()) +
                               " --stats " + shellQuote(stats.string()));
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto doc = readJson(stats);
    INFO(doc["video"].dump());
    CHECK(doc["video"]["presented"] == 100);
    CHECK(doc["video"]["av_offset_ms"]["max"].get<double>() < 40.0); // one frame at 25 fps
}

TEST_CASE("a headless run a second per step keeps up with the picture and the voice",
          "[app][stream]") {
    // A step holds more audio than the output's ring (used to stall the picture a step at a
    // time: the decoded voice piled up behind the ring and held up the demuxer).
    const fs::path path = clip("voice-12s.ts",
                               "-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i "
                               "sine=frequency=440:sample_rate=48000 -t 12",
                               "-c:v libx264 -pix_fmt yuv420p -c:a aac");
    const fs::path stats = docent::test::outputDir("cli-sources") / "voice-fps1.json";
    const auto run =
        runDocent("--headless --size 160x90 --fps 1 --stream " + shellQuote(path.string()) +
                  " --stats " + shellQuote(stats.string()));
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto doc = readJson(stats);
    INFO(doc["video"].dump());
    CHECK(doc["video"]["stalls"] == 0);
    // Steps at 0, 1, ... 12 s: each shows a new frame (the last, 11.96 s, at 12 s).
    CHECK(doc["video"]["presented"] == 13);
    CHECK(doc["video"]["av_offset_ms"]["max"].get<double>() <= 40.0); // within a frame
}

namespace {

constexpr int kStripes = 7;      // bits of the frame number, one vertical stripe each
constexpr int kStripeWidth = 40; // pixels in the clip
constexpr int kClipFps = 25;

// Reads a command's standard output whole.
std::string capture(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        out.append(buffer, n);
    }
    REQUIRE(pclose(pipe) == 0);
    return out;
}

} // namespace

TEST_CASE("a recorded headless run shows every frame on the panel in turn, with its voice",
          "[app][stream][record]") {
    // Frame n shows n in binary as 7 vertical stripes (white = 1), its number in red, and the
    // audio clicks at the start of every second.
    const fs::path source =
        clip("stripes-5s.ts",
             "-f lavfi -i \"color=black:size=280x210:rate=25,geq=lum='if(mod(floor(N/pow(2\\,"
             "floor(X/40)))\\,2)\\,235\\,16)':cb=128:cr=128,drawtext=fontfile=/usr/share/fonts/"
             "truetype/dejavu/DejaVuSans.ttf:text=%{n}:fontsize=40:x=10:y=150:fontcolor=red\" -f "
             "lavfi -i \"aevalsrc='if(lt(mod(t\\,1)\\,0.02)\\,0.8*sin(2*PI*1000*t)\\,0)':s=48000\" "
             "-t 5",
             "-c:v libx264 -crf 16 -g 25 -pix_fmt yuv420p -c:a aac");
    const fs::path dir = docent::test::outputDir("cli-record");
    const fs::path recording = dir / "panel.mp4";
    fs::remove(recording);
    constexpr int kWidth = 480;
    constexpr int kHeight = 270;
    // In front of the panel, facing it.
    const auto run =
        runDocent("--headless --size 480x270 --no-ui --camera 0,2.1,1.2,0,0 --stream " +
                  shellQuote(source.string()) + " --record " + shellQuote(recording.string()));
    INFO(run.output);
    REQUIRE(run.exitCode == 0);

    // The recorded frames, as luma.
    const std::string luma =
        capture("ffmpeg -nostdin -loglevel error -i " + shellQuote(recording.string()) +
                " -f rawvideo -pix_fmt gray -");
    const std::size_t frameBytes = static_cast<std::size_t>(kWidth) * kHeight;
    REQUIRE(luma.size() % frameBytes == 0);
    const std::size_t frames = luma.size() / frameBytes;
    REQUIRE(frames >= 149); // 5 s at the 30 fps step
    const auto at = [&](std::size_t f, int x, int y) {
        return static_cast<std::uint8_t>(
            luma[f * frameBytes + static_cast<std::size_t>(y) * kWidth +
                 static_cast<std::size_t>(x)]);
    };
    // The picture is where pixels change over the run (the camera and the gallery stand still).
    int left = kWidth;
    int right = -1;
    int top = kHeight;
    int bottom = -1;
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            std::uint8_t lo = 255;
            std::uint8_t hi = 0;
            for (std::size_t f = 0; f < frames; f += 3) {
                lo = std::min(lo, at(f, x, y));
                hi = std::max(hi, at(f, x, y));
            }
            if (hi - lo > 128) {
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
        }
    }
    REQUIRE(right - left > 100); // the panel is large in this view
    const double stripe = static_cast<double>(right + 1 - left) / kStripes;
    const int row = top + (bottom - top) / 4; // above the red number
    std::vector<int> codes;
    for (std::size_t f = 0; f < frames; ++f) {
        int code = 0;
        for (int bit = 0; bit < kStripes; ++bit) {
            const int x = left + static_cast<int>((bit + 0.5) * stripe);
            if (at(f, x, row) > 128) {
                code |= 1 << bit;
            }
        }
        codes.push_back(code);
    }
    // Every one of the 125 frames, in order: each recorded step shows the same frame as the one
    // before or the next one, never one out of turn.
    CHECK(codes.front() == 0);
    CHECK(codes.back() == 5 * kClipFps - 1);
    for (std::size_t f = 1; f < codes.size(); ++f) {
        INFO("recorded frame " << f << ": " << codes[f - 1] << " then " << codes[f]);
        REQUIRE(codes[f] - codes[f - 1] >= 0);
        REQUIRE(codes[f] - codes[f - 1] <= 1);
    }

    // The recorded voice: each click sounds while the panel shows the frame of that second.
    const std::string pcm = capture("ffmpeg -nostdin -loglevel error -i " +
                                    shellQuote(recording.string()) + " -f f32le -ac 1 -ar 48000 -");
    std::vector<float> samples(pcm.size() / sizeof(float));
    std::memcpy(samples.data(), pcm.data(), samples.size() * sizeof(float));
    int clicks = 0;
    std::size_t lastOnset = 0;
    for (std::size_t s = 0; s < samples.size(); ++s) {
        if (std::abs(samples[s]) > 0.05f && (clicks == 0 || s - lastOnset > 24000)) {
            const double seconds = static_cast<double>(s) / 48000.0;
            INFO("click " << clicks << " at " << seconds << " s");
            CHECK(std::abs(seconds - clicks) < 0.01);
            const auto f = static_cast<std::size_t>(seconds * 30.0);
            REQUIRE(f < codes.size());
            CHECK(std::abs(codes[f] - clicks * kClipFps) <= 1);
            lastOnset = s;
            ++clicks;
        }
    }
    CHECK(clicks == 5);
}

TEST_CASE("recording refuses a window run and names a path it cannot write", "[app][record]") {
    const auto windowed = runDocent("--record out.mp4");
    CHECK(windowed.exitCode == 2);
    CHECK(windowed.output.find("--record needs --headless") != std::string::npos);

    const auto unwritable = runDocent("--headless --size 160x90 --record /no/such/dir/out.mp4");
    CHECK(unwritable.exitCode == 1);
    CHECK(unwritable.output.find("/no/such/dir/out.mp4") != std::string::npos);
    CHECK_FALSE(fs::exists("/no/such/dir/out.mp4"));
}

TEST_CASE("a recording whose disk fills mid-way stops with the reason and leaves no broken file",
          "[app][record]") {
    // A 96 KiB tmpfs fills a second or two into the recording. Mounting needs root, which the
    // test machines have; elsewhere the case says so and stops.
    const fs::path mount = docent::test::outputDir("record-full-disk");
    std::system(("umount " + shellQuote(mount.string()) + " 2>/dev/null").c_str());
    if (std::system(
            ("mount -t tmpfs -o size=96k tmpfs " + shellQuote(mount.string()) + " 2>/dev/null")
                .c_str()) != 0) {
        DOCENT_SKIP("cannot mount a small tmpfs here (needs root)");
    }
    const fs::path out = mount / "tour.mkv";
    const auto run =
        runDocent("--headless --size 320x180 --duration 20 --record " + shellQuote(out.string()));
    const bool leftNothing = fs::is_empty(mount); // an unfinished file is not playable
    std::system(("umount " + shellQuote(mount.string())).c_str());
    INFO(run.output);
    CHECK(run.exitCode == 1);
    CHECK(run.output.find(out.string() + ": cannot record") != std::string::npos);
    CHECK(run.output.find("No space left on device") != std::string::npos);
    CHECK(run.output.find("header") == std::string::npos); // it failed mid-way, not at the start
    CHECK(leftNothing);
}
