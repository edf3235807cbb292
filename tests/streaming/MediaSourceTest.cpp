#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "streaming/MediaSource.h"
#include "support/TestPaths.h"

using namespace docent::streaming;
using namespace std::chrono_literals;

namespace Catch {
template <>
struct StringMaker<MediaSource::State> {
    static std::string convert(MediaSource::State state) { return toString(state); }
};
template <>
struct StringMaker<MediaSource::PopResult> {
    static std::string convert(MediaSource::PopResult result) { return toString(result); }
};
} // namespace Catch

namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;
using State = MediaSource::State;
using PopResult = MediaSource::PopResult;

// Hang guard only: every wait below ends on an event long before this; nothing asserts on time.
constexpr auto kHangGuard = 30s;
constexpr int kClipFrames = 50;            // 2 s at 25 fps
constexpr double kClipSeconds = 2.0;       // seconds
constexpr double kFrameSeconds = 1.0 / 25; // seconds per frame
constexpr int kClipWidth = 320;            // pixels
constexpr int kClipHeight = 240;           // pixels
constexpr long kAacFrameSamples = 1024;    // samples per AAC frame

SteadyClock::time_point hangGuard() {
    return SteadyClock::now() + kHangGuard;
}

bool waitFor(const std::function<bool()>& condition) {
    const auto deadline = hangGuard();
    while (!condition()) {
        if (SteadyClock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

// A clip (testsrc2 at 25 fps, a 440 Hz sine at 48 kHz; H.264 + AAC; 2 s and x264's default GOP
// unless told) generated into the build tree by the ffmpeg CLI the first time a test asks for it.
fs::path clip(const std::string& extension, int seconds = 2, int gopFrames = 0) {
    const std::string name = "testsrc2-" + std::to_string(seconds) + "s" +
                             (gopFrames > 0 ? "-gop" + std::to_string(gopFrames) : "");
    const fs::path path = docent::test::outputDir("media") / (name + "." + extension);
    if (!fs::exists(path)) {
        const fs::path partial = docent::test::partialFixturePath(path);
        const std::string command =
            "ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=size=320x240:rate=25 "
            "-f lavfi -i sine=frequency=440:sample_rate=48000 -t " +
            std::to_string(seconds) + " -c:v libx264 " +
            (gopFrames > 0 ? "-g " + std::to_string(gopFrames) + " " : "") +
            "-pix_fmt yuv420p -c:a aac \"" + partial.string() + "\"";
        REQUIRE(std::system(command.c_str()) == 0);
        docent::test::publishFixture(partial, path);
    }
    return path;
}

fs::path writeFile(const std::string& name, const std::string& contents) {
    const fs::path path = docent::test::outputDir("media") / name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
}

struct Drained {
    std::vector<VideoFrame> frames;
    PopResult videoEnd = PopResult::Timeout;
    long audioSamples = 0; // sample frames (per channel)
    PopResult audioEnd = PopResult::Timeout;
};

// Pops everything up to the end: video here, audio in a second thread (as the render and audio
// threads would), so that neither stream's queue backs up.
Drained drain(MediaSource& source) {
    Drained result;
    std::thread audio([&] {
        AudioChunk chunk;
        while ((result.audioEnd = source.popAudio(chunk, hangGuard())) == PopResult::Frame) {
            result.audioSamples += static_cast<long>(chunk.frames());
        }
    });
    VideoFrame frame;
    while ((result.videoEnd = source.popVideoFrame(frame, hangGuard())) == PopResult::Frame) {
        result.frames.push_back(std::move(frame));
    }
    audio.join();
    return result;
}

void checkStrictlyIncreasing(const std::vector<VideoFrame>& frames) {
    for (std::size_t i = 1; i < frames.size(); ++i) {
        INFO("frame " << i);
        REQUIRE(frames[i].ptsTicks > frames[i - 1].ptsTicks);
    }
}

} // namespace

TEST_CASE("MediaSource delivers every video frame once and 2 s of audio", "[media]") {
    const std::string extension = GENERATE(as<std::string>{}, "ts", "mp4");
    INFO("clip ." << extension);
    MediaSource source(clip(extension).string());
    REQUIRE(source.waitWhileConnecting(hangGuard()) == State::Playing);
    const MediaInfo info = source.info();
    CHECK(info.videoCodec == "h264");
    CHECK(info.audioCodec == "aac");
    CHECK(info.width == kClipWidth);
    CHECK(info.height == kClipHeight);
    CHECK(info.frameRate == Approx(25.0));

    const Drained drained = drain(source);
    REQUIRE(drained.videoEnd == PopResult::EndOfStream);
    REQUIRE(drained.audioEnd == PopResult::EndOfStream);
    REQUIRE(drained.frames.size() == kClipFrames);
    checkStrictlyIncreasing(drained.frames);
    for (const VideoFrame& frame : drained.frames) {
        REQUIRE(frame.width == kClipWidth);
        REQUIRE(frame.height == kClipHeight);
        REQUIRE(frame.layout == PixelLayout::Yuv420p);
        REQUIRE(frame.planeCount == 3);
        REQUIRE(frame.planes[0].data != nullptr);
        REQUIRE(frame.planes[0].stride >= kClipWidth);
        REQUIRE(frame.planes[1].width == kClipWidth / 2);
        REQUIRE(frame.planes[2].height == kClipHeight / 2);
        REQUIRE(frame.range == ColorRange::Limited);
        REQUIRE(frame.serial == drained.frames.front().serial);
        REQUIRE(frame.ptsSeconds == Approx(static_cast<double>(frame.ptsTicks) / 90000.0));
    }
    // 25 fps: one frame every 3600 ticks, the first at the stream's start.
    CHECK(drained.frames.front().ptsSeconds == Approx(info.startSeconds).margin(1e-4));
    CHECK(drained.frames.back().ptsTicks - drained.frames.front().ptsTicks ==
          (kClipFrames - 1) * 3600);
    // The frames differ (testsrc2 moves), so no frame came out twice.
    const auto& first = drained.frames.front().planes[0];
    const auto& second = drained.frames[1].planes[0];
    bool differ = false;
    for (int y = 0; y < first.height && !differ; ++y) {
        differ =
            !std::equal(first.data + y * first.stride, first.data + y * first.stride + first.width,
                        second.data + y * second.stride);
    }
    CHECK(differ);

    const long expectedSamples = static_cast<long>(kClipSeconds * kAudioSampleRate);
    INFO("audio sample frames: " << drained.audioSamples);
    CHECK(std::labs(drained.audioSamples - expectedSamples) <= kAacFrameSamples);
    CHECK(source.state() == State::Ended);
    CHECK(source.error().empty());
}

TEST_CASE("MediaSource converts frames to RGBA on request, with the frame's matrix, and scales "
          "them down to fit",
          "[media]") {
    MediaSource planes(clip("ts").string());
    const Drained yuv = drain(planes);
    REQUIRE(yuv.frames.size() == kClipFrames);
    for (const bool smaller : {false, true}) {
        INFO((smaller ? "scaled to half" : "at full size"));
        MediaSourceOptions options;
        options.rgba = true;
        if (smaller) {
            options.rgbaMaxWidth = kClipWidth / 2;
            options.rgbaMaxHeight = 10000; // the width decides
        }
        MediaSource source(clip("ts").string(), options);
        const Drained rgba = drain(source);
        REQUIRE(rgba.videoEnd == PopResult::EndOfStream);
        REQUIRE(rgba.frames.size() == kClipFrames);
        const int width = smaller ? kClipWidth / 2 : kClipWidth;
        const int height = smaller ? kClipHeight / 2 : kClipHeight;
        for (const VideoFrame& frame : rgba.frames) {
            REQUIRE(frame.layout == PixelLayout::Rgba);
            REQUIRE(frame.planeCount == 1);
            REQUIRE(frame.width == width);
            REQUIRE(frame.height == height);
            REQUIRE(frame.planes[0].width == width * 4);
            REQUIRE(frame.planes[0].stride >= width * 4);
        }
        if (smaller) {
            continue;
        }
        // Each pixel is the limited-range conversion, with the frame's matrix (the clip has
        // none: BT.601 is the guess at its size), of the same frame's planes (chroma
        // interpolated differently at edges: nearly every pixel within a few levels).
        const VideoFrame& a = yuv.frames[7];
        const VideoFrame& b = rgba.frames[7];
        REQUIRE(a.ptsTicks == b.ptsTicks);
        int close = 0;
        int total = 0;
        for (int y = 1; y + 1 < kClipHeight; y += 3) {
            for (int x = 1; x + 1 < kClipWidth; x += 3) {
                const double luma = (a.planes[0].data[y * a.planes[0].stride + x] - 16.0) / 219.0;
                const double cb =
                    (a.planes[1].data[(y / 2) * a.planes[1].stride + x / 2] - 128.0) / 224.0;
                const double cr =
                    (a.planes[2].data[(y / 2) * a.planes[2].stride + x / 2] - 128.0) / 224.0;
                const bool bt601 = a.matrix == ColorMatrix::Bt601;
                const double expected[3] = {luma + (bt601 ? 1.402 : 1.5748) * cr,
                                            luma - (bt601 ? 0.344136 : 0.1873) * cb -
                                                (bt601 ? 0.714136 : 0.4681) * cr,
                                            luma + (bt601 ? 1.772 : 1.8556) * cb};
                const std::uint8_t* pixel = b.planes[0].data + y * b.planes[0].stride + x * 4;
                bool ok = pixel[3] == 255;
                for (int c = 0; c < 3; ++c) {
                    const double want = std::clamp(expected[c], 0.0, 1.0) * 255.0;
                    ok = ok && std::abs(pixel[c] - want) <= 6.0;
                }
                close += ok ? 1 : 0;
                ++total;
            }
        }
        INFO(close << " of " << total << " pixels within 6 levels");
        CHECK(close >= total * 9 / 10);
    }
}

TEST_CASE("MediaSource plays a recording held in memory like the file", "[media]") {
    const std::string extension = GENERATE(as<std::string>{}, "ts", "mp4");
    INFO("clip ." << extension);
    std::ifstream in(clip(extension), std::ios::binary);
    MediaSourceOptions options;
    options.memoryInput = std::make_shared<const std::vector<std::uint8_t>>(
        std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    MediaSource fromMemory("memory." + extension, options);
    MediaSource fromFile(clip(extension).string());
    const Drained memory = drain(fromMemory);
    const Drained file = drain(fromFile);
    REQUIRE(memory.videoEnd == PopResult::EndOfStream);
    CHECK(fromMemory.error().empty());
    REQUIRE(memory.frames.size() == kClipFrames);
    REQUIRE(file.frames.size() == kClipFrames);
    for (std::size_t i = 0; i < memory.frames.size(); ++i) {
        REQUIRE(memory.frames[i].ptsTicks == file.frames[i].ptsTicks);
    }
    CHECK(memory.audioSamples == file.audioSamples);
}

TEST_CASE("MediaSource from memory opens nothing its playlist names without a protocol",
          "[media]") {
    // A playlist handed over as bytes names a local recording; with no protocol allowed, the
    // segment is refused rather than read from the disk.
    const std::string playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n" +
                                 clip("ts").string() + "\n#EXT-X-ENDLIST\n";
    MediaSourceOptions options;
    options.protocolWhitelist = "none";
    options.formatWhitelist = "hls,mpegts";
    options.memoryInput =
        std::make_shared<const std::vector<std::uint8_t>>(playlist.begin(), playlist.end());
    MediaSource source("memory.m3u8", options);
    const Drained drained = drain(source);
    CHECK(drained.frames.empty());
    CHECK(source.state() == State::Error);
    INFO(source.error());
    CHECK(source.error().find("memory.m3u8") != std::string::npos);
    CHECK(source.error().find("refused") != std::string::npos);
}

TEST_CASE("MediaSource names a missing file", "[media]") {
    const fs::path missing = docent::test::outputDir("media") / "no-such-clip.ts";
    fs::remove(missing);
    MediaSource source(missing.string());
    REQUIRE(source.waitWhileConnecting(hangGuard()) == State::Error);
    INFO(source.error());
    CHECK(source.error().find(missing.string()) != std::string::npos);
    CHECK(source.error().find("no such file") != std::string::npos);
    CHECK(source.error().find('\n') == std::string::npos);
    VideoFrame frame;
    CHECK(source.popVideoFrame(frame, hangGuard()) == PopResult::EndOfStream);
    AudioChunk chunk;
    CHECK(source.popAudio(chunk, hangGuard()) == PopResult::EndOfStream);
}

TEST_CASE("MediaSource refuses a text file named .ts cleanly", "[media]") {
    std::string text;
    for (int i = 0; i < 200; ++i) {
        text += "This is not a transport stream, only a line of text.\n";
    }
    const fs::path path = writeFile("not-a-video.ts", text);
    MediaSource source(path.string());
    REQUIRE(source.waitWhileConnecting(hangGuard()) == State::Error);
    INFO(source.error());
    CHECK(source.error().find(path.string()) != std::string::npos);
    VideoFrame frame;
    CHECK(source.popVideoFrame(frame, hangGuard()) == PopResult::EndOfStream);
}

TEST_CASE("MediaSource refuses a protocol that is not on the whitelist", "[media]") {
    MediaSourceOptions options;
    options.protocolWhitelist = "file";
    const std::string url = "http://127.0.0.1:9/x.ts";
    MediaSource source(url, options);
    REQUIRE(source.waitWhileConnecting(hangGuard()) == State::Error);
    INFO(source.error());
    CHECK(source.error().find(url) != std::string::npos);
    CHECK(source.error().find("protocol 'http' is refused") != std::string::npos);
}

TEST_CASE("MediaSource refuses a format that is not on the whitelist", "[media]") {
    MediaSourceOptions options;
    options.formatWhitelist = "matroska,webm";
    const fs::path path = clip("ts");
    MediaSource source(path.string(), options);
    REQUIRE(source.waitWhileConnecting(hangGuard()) == State::Error);
    INFO(source.error());
    CHECK(source.error().find(path.string()) != std::string::npos);
}

TEST_CASE("MediaSource stop() wakes a blocked consumer and joins", "[media]") {
    MediaSourceOptions options;
    options.enableAudio = false;
    MediaSource source(clip("ts").string(), options);
    REQUIRE(source.waitWhileConnecting(hangGuard()) == State::Playing);
    VideoFrame frame;
    PopResult result;
    while ((result = source.popVideoFrame(frame, hangGuard())) == PopResult::Frame) {
    }
    REQUIRE(result == PopResult::EndOfStream);

    // Nothing more will come: the next pop blocks until stop().
    std::atomic<bool> returned{false};
    PopResult blockedResult = PopResult::Frame;
    std::thread consumer([&] {
        VideoFrame next;
        blockedResult = source.popVideoFrame(next, hangGuard());
        returned = true;
    });
    REQUIRE(waitFor([&] { return source.waitingForVideo() == 1; }));
    CHECK_FALSE(returned);
    source.stop();
    consumer.join();
    CHECK(returned);
    CHECK(blockedResult == PopResult::Aborted);
    CHECK(source.popVideoFrame(frame, hangGuard()) == PopResult::Aborted);
    source.stop(); // idempotent
}

TEST_CASE("MediaSource stop() joins while the pipeline waits for a consumer", "[media]") {
    auto source = std::make_unique<MediaSource>(clip("ts").string());
    REQUIRE(source->waitWhileConnecting(hangGuard()) == State::Playing);
    // The frame queue fills up (3 frames) and the decoder then blocks handing over the next.
    VideoFrame frame;
    REQUIRE(source->popVideoFrame(frame, hangGuard()) == PopResult::Frame);
    source->stop();
    CHECK(source->popVideoFrame(frame, hangGuard()) == PopResult::Aborted);
    AudioChunk chunk;
    CHECK(source->popAudio(chunk, hangGuard()) == PopResult::Aborted);
    source.reset(); // the destructor after stop() is a no-op
    // And the destructor alone shuts a running source down too.
    MediaSource other(clip("mp4").string());
    REQUIRE(other.waitWhileConnecting(hangGuard()) == State::Playing);
}

TEST_CASE("MediaSource seek drops stale frames and starts at the target", "[media]") {
    const std::string extension = GENERATE(as<std::string>{}, "ts", "mp4");
    INFO("clip ." << extension);
    MediaSource source(clip(extension).string());
    REQUIRE(source.waitWhileConnecting(hangGuard()) == State::Playing);
    const double start = source.info().startSeconds;

    // Read a few frames, then seek forwards while frames of the old position are queued.
    std::vector<VideoFrame> before;
    for (int i = 0; i < 5; ++i) {
        VideoFrame frame;
        REQUIRE(source.popVideoFrame(frame, hangGuard()) == PopResult::Frame);
        before.push_back(std::move(frame));
    }
    const Serial oldSerial = before.back().serial;
    source.seek(1.0);

    const Drained after = drain(source);
    REQUIRE(after.videoEnd == PopResult::EndOfStream);
    REQUIRE_FALSE(after.frames.empty());
    checkStrictlyIncreasing(after.frames);
    CHECK(after.frames.front().ptsSeconds - start == Approx(1.0).margin(kFrameSeconds / 2));
    for (const VideoFrame& frame : after.frames) {
        REQUIRE(frame.serial != oldSerial);
        REQUIRE(frame.serial == after.frames.front().serial);
    }
    CHECK(after.frames.front().serial == source.videoSerial());
    CHECK(after.frames.size() == kClipFrames / 2);
    const long expectedSamples = static_cast<long>((kClipSeconds - 1.0) * kAudioSampleRate);
    INFO("audio sample frames after the seek: " << after.audioSamples);
    CHECK(std::labs(after.audioSamples - expectedSamples) <= kAacFrameSamples);

    // A seek after the end plays again.
    CHECK(source.state() == State::Ended);
    source.seek(0.0);
    const Drained again = drain(source);
    CHECK(again.frames.size() == kClipFrames);
    CHECK(again.videoEnd == PopResult::EndOfStream);
}

TEST_CASE("MediaSource ends a truncated .ts cleanly", "[media]") {
    std::ifstream in(clip("ts"), std::ios::binary);
    const std::string whole{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // Cut inside a 188-byte transport packet, a little after the middle.
    const std::size_t cut = (whole.size() * 6 / 10 / 188) * 188 + 97;
    const fs::path path = writeFile("truncated.ts", whole.substr(0, cut));

    MediaSource source(path.string());
    REQUIRE(source.waitWhileConnecting(hangGuard()) == State::Playing);
    const Drained drained = drain(source);
    CHECK(drained.videoEnd == PopResult::EndOfStream);
    CHECK(drained.audioEnd == PopResult::EndOfStream);
    CHECK(drained.frames.size() > 0);
    CHECK(drained.frames.size() < kClipFrames);
    checkStrictlyIncreasing(drained.frames);
    CHECK(source.state() == State::Ended);
}

TEST_CASE("MediaSource seeks into the middle of a stream with short GOPs", "[media]") {
    // 4 s with a keyframe every second, as a live encoder writes it: seeking to 3 s lands well
    // after the start, where MPEG-TS (no index) finds no keyframe of its own.
    constexpr int kSeconds = 4;
    constexpr int kGopFrames = 25;
    const std::string extension = GENERATE(as<std::string>{}, "ts", "mp4");
    INFO("clip ." << extension);
    MediaSourceOptions options;
    options.enableAudio = false;
    MediaSource source(clip(extension, kSeconds, kGopFrames).string(), options);
    REQUIRE(source.waitWhileConnecting(hangGuard()) == State::Playing);
    const double start = source.info().startSeconds;
    VideoFrame frame;
    REQUIRE(source.popVideoFrame(frame, hangGuard()) == PopResult::Frame);
    const Serial oldSerial = frame.serial;

    source.seek(3.0);
    const Drained after = drain(source);
    REQUIRE(after.videoEnd == PopResult::EndOfStream);
    REQUIRE(after.frames.size() == 25);
    CHECK(after.frames.front().ptsSeconds - start == Approx(3.0).margin(kFrameSeconds / 2));
    CHECK(after.frames.front().serial != oldSerial);
    checkStrictlyIncreasing(after.frames);
}
