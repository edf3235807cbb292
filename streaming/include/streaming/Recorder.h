#pragma once
// Recorder: writes what a headless run showed and played to a video file: the rendered view as
// H.264 (libx264, BT.709 limited range 4:2:0) at the run's frame rate and the guide's voice as
// AAC (48 kHz stereo), muxed into the container the file name asks for (.mp4, .mkv, .mov).
// Frame-accurate: video frame i has pts i / fps exactly, and audio samples are stamped by their
// count, so a fixed-step run's picture and sound line up in the file as they did in the run.
//
// Threads: one thread (the render thread). Failure: open() and the add functions return false
// with a one-line message naming the file (error()); after a failure every call does nothing.
// finish() must be called for a playable file; the destructor closes without finishing (a
// partial file is removed).

#include <cstdint>
#include <memory>
#include <string>

namespace docent::streaming {

class Recorder {
public:
    static constexpr int kCrf = 18;                       // x264 quality: visually lossless
    static constexpr std::int64_t kAudioBitRate = 160000; // bits per second

    Recorder();
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // Creates path for width x height RGBA frames at fps frames per second (odd sizes are
    // cropped by one pixel: 4:2:0 needs even ones).
    bool open(const std::string& path, int width, int height, int fps);
    // One rendered frame: width x height RGBA pixels, rows top to bottom, strideBytes apart.
    bool addVideoFrame(const std::uint8_t* rgba, int strideBytes);
    // Interleaved stereo float samples at 48 kHz, following the ones added before.
    bool addAudio(const float* samples, int frames);
    // Flushes the encoders and writes the trailer.
    bool finish();

    const std::string& error() const { return m_error; }
    std::int64_t videoFrames() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_error;
};

} // namespace docent::streaming
