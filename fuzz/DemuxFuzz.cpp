// The guide's stream on arbitrary bytes: MediaSource reads them through its custom I/O context
// with the formats a live source allows (HLS playlists and MPEG-TS), then demuxes and decodes
// until the end, taking the cues out as a viewer would. No protocol is allowed, so nothing a
// playlist names is opened. Whatever the bytes, the source ends or fails with a message naming
// the stream, and what comes out holds together.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "streaming/MediaSource.h"
#include "streaming/Messages.h"

using namespace docent::streaming;
using namespace std::chrono_literals;

namespace {

// Far beyond what a short input needs; a hang guard, so that a stuck source shows as a timeout.
constexpr auto kPopDeadline = 5s;
constexpr int kMaxFrames = 300; // a long input is cut here, to keep each run short

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // FFmpeg's complaints about broken input are expected by the thousand here and would drown
    // libFuzzer's output; what matters is that every one arrives as one line.
    setMessageSink([](MessageLevel, const std::string& text) {
        if (text.find('\n') != std::string::npos) {
            __builtin_trap();
        }
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    MediaSourceOptions options;
    options.memoryInput = std::make_shared<const std::vector<std::uint8_t>>(data, data + size);
    options.protocolWhitelist = "none";
    options.formatWhitelist = "hls,mpegts";
    options.openTimeout = 1s;
    options.readTimeout = 250ms;
    options.videoDecoderThreads = 1;
    MediaSource source("fuzz-input", options);
    if (source.waitWhileConnecting(std::chrono::steady_clock::now() + 10s) ==
        MediaSource::State::Connecting) {
        __builtin_trap(); // the open timeout must have ended it
    }
    int frames = 0;
    VideoFrame frame;
    AudioChunk chunk;
    while (frames < kMaxFrames) {
        const auto deadline = std::chrono::steady_clock::now() + kPopDeadline;
        const MediaSource::PopResult video = source.popVideoFrame(frame, deadline);
        if (video == MediaSource::PopResult::Timeout) {
            __builtin_trap();
        }
        while (source.popAudio(chunk, std::chrono::steady_clock::now()) ==
               MediaSource::PopResult::Frame) {
            if (chunk.samples.size() % kAudioChannels != 0) {
                __builtin_trap();
            }
        }
        source.popCues();
        if (video != MediaSource::PopResult::Frame) {
            break;
        }
        if (frame.width <= 0 || frame.height <= 0 || frame.planes[0].data == nullptr ||
            frame.planes[0].stride < frame.planes[0].width) {
            __builtin_trap();
        }
        ++frames;
    }
    if (source.state() == MediaSource::State::Error &&
        source.error().find("fuzz-input") == std::string::npos) {
        __builtin_trap();
    }
    return 0;
}
