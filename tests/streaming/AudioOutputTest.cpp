#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "streaming/AudioOutput.h"
#include "streaming/MediaSource.h"

using namespace docent::streaming;

// Every test renders through OpenAL Soft's loopback device: no sound card, no real time. The
// loopback device is part of the dependencies (scripts/install-deps.sh), so its absence fails.

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kToneHz = 440.0;      // Hz
constexpr float kToneAmplitude = 0.5f; // linear, in both input channels
constexpr int kStepFrames = 1600;      // frames: one 30 fps step at 48 kHz
constexpr int kSettleFrames = 480;     // frames: 10 ms skipped before measuring
constexpr double kFrameSeconds = 1.0 / kAudioSampleRate;
// The gain of a mono source straight ahead (or at the listener) in each stereo channel: OpenAL
// Soft 1.19's first-order ambisonic stereo decoder, W 0.5 + X 0.0552305643 * sqrt(3) (N3D).
const double kCentreGain = 0.5 + 0.0552305643 * std::sqrt(3.0);
constexpr double kLevelToleranceDb = 1.0; // dB: other OpenAL Soft versions pan a little apart

void openLoopback(AudioOutput& output) {
    std::string error;
    const bool opened = output.openLoopback(error);
    INFO("OpenAL Soft loopback device (ALC_SOFT_loopback) unavailable: "
         << error << " -- install libopenal-dev / libopenal1 with scripts/install-deps.sh");
    REQUIRE(opened);
    REQUIRE(output.isOpen());
    REQUIRE(output.isLoopback());
}

// A stereo sine with the same signal in both channels; phase continues from firstFrame.
AudioChunk makeTone(std::size_t frames, double ptsSeconds, std::size_t firstFrame = 0,
                    Serial serial = 0) {
    AudioChunk chunk;
    chunk.ptsSeconds = ptsSeconds;
    chunk.serial = serial;
    chunk.samples.resize(frames * kAudioChannels);
    for (std::size_t i = 0; i < frames; ++i) {
        const double t = static_cast<double>(firstFrame + i) / kAudioSampleRate;
        const auto v = static_cast<float>(kToneAmplitude * std::sin(2.0 * kPi * kToneHz * t));
        chunk.samples[2 * i] = v;
        chunk.samples[2 * i + 1] = v;
    }
    return chunk;
}

std::vector<float> render(AudioOutput& output, int frames) {
    std::vector<float> out(static_cast<std::size_t>(frames) * kAudioChannels, 123.0f);
    output.renderSamples(out.data(), frames);
    return out;
}

std::vector<float> channel(const std::vector<float>& interleaved, int which, std::size_t skip) {
    std::vector<float> out;
    for (std::size_t i = skip; i < interleaved.size() / kAudioChannels; ++i) {
        out.push_back(interleaved[i * kAudioChannels + static_cast<std::size_t>(which)]);
    }
    return out;
}

double rms(const std::vector<float>& x) {
    double sum = 0.0;
    for (float v : x) {
        sum += double(v) * v;
    }
    return x.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(x.size()));
}

float peak(const std::vector<float>& x) {
    float m = 0.0f;
    for (float v : x) {
        m = std::max(m, std::fabs(v));
    }
    return m;
}

// Amplitude of the component at hz (a single DFT bin), for a sine of amplitude A about A.
double binAmplitude(const std::vector<float>& x, double hz) {
    double re = 0.0;
    double im = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double phase = 2.0 * kPi * hz * static_cast<double>(i) / kAudioSampleRate;
        re += x[i] * std::cos(phase);
        im -= x[i] * std::sin(phase);
    }
    return 2.0 * std::hypot(re, im) / static_cast<double>(x.size());
}

// Frequency from rising zero crossings: crossings per second.
double zeroCrossingHz(const std::vector<float>& x) {
    std::size_t first = 0;
    std::size_t last = 0;
    int crossings = 0;
    for (std::size_t i = 1; i < x.size(); ++i) {
        if (x[i - 1] < 0.0f && x[i] >= 0.0f) {
            if (crossings == 0) {
                first = i;
            }
            last = i;
            ++crossings;
        }
    }
    if (crossings < 2) {
        return 0.0;
    }
    return (crossings - 1) * double(kAudioSampleRate) / static_cast<double>(last - first);
}

double decibels(double ratio) {
    return 20.0 * std::log10(ratio);
}

} // namespace

TEST_CASE("AudioOutput loopback renders a queued 440 Hz sine at the expected level", "[audio]") {
    AudioOutput output;
    openLoopback(output);
    CHECK(output.usesFloatBuffers());
    REQUIRE(output.queue(makeTone(kAudioSampleRate, 0.0))); // 1 s
    output.play();
    const std::vector<float> out = render(output, kAudioSampleRate / 2);

    for (int c = 0; c < kAudioChannels; ++c) {
        INFO("channel " << c);
        const std::vector<float> x = channel(out, c, kSettleFrames);
        CHECK(zeroCrossingHz(x) == Approx(kToneHz).margin(1.0));
        const double expected = kToneAmplitude * kCentreGain;
        CHECK(decibels(binAmplitude(x, kToneHz) / expected) ==
              Approx(0.0).margin(kLevelToleranceDb));
        CHECK(decibels(rms(x) * std::sqrt(2.0) / expected) ==
              Approx(0.0).margin(kLevelToleranceDb));
        // Nothing much elsewhere: an octave off holds under 1 % of the tone.
        CHECK(binAmplitude(x, 2.0 * kToneHz) < 0.01 * expected);
        CHECK(binAmplitude(x, 0.5 * kToneHz) < 0.01 * expected);
    }
    // Centred: both channels carry the same signal.
    const std::vector<float> left = channel(out, 0, kSettleFrames);
    const std::vector<float> right = channel(out, 1, kSettleFrames);
    CHECK(rms(left) == Approx(rms(right)).epsilon(0.001));
}

TEST_CASE("AudioOutput volume 0.5 halves the amplitude and mute silences", "[audio]") {
    auto measure = [](float volume, bool muted) {
        AudioOutput output;
        openLoopback(output);
        output.setVolume(volume);
        output.setMuted(muted);
        REQUIRE(output.queue(makeTone(kAudioSampleRate / 2, 0.0)));
        output.play();
        return channel(render(output, kAudioSampleRate / 4), 0, kSettleFrames);
    };
    const std::vector<float> full = measure(1.0f, false);
    const std::vector<float> half = measure(0.5f, false);
    const std::vector<float> muted = measure(1.0f, true);

    REQUIRE(rms(full) > 0.1);
    CHECK(decibels(rms(half) / rms(full)) == Approx(decibels(0.5)).margin(1.0));
    CHECK(zeroCrossingHz(half) == Approx(kToneHz).margin(1.0));
    CHECK(peak(muted) < 1e-6f);

    AudioOutput output;
    openLoopback(output);
    output.setVolume(7.0f);
    CHECK(output.volume() == 1.0f);
    output.setVolume(-1.0f);
    CHECK(output.volume() == 0.0f);
}

TEST_CASE("AudioOutput playedSeconds advances by exactly the rendered frames", "[audio]") {
    AudioOutput output;
    openLoopback(output);
    CHECK(std::isnan(output.playedSeconds()));

    constexpr double kPts = 12.5;              // seconds: the first chunk's pts
    constexpr std::size_t kChunkFrames = 4000; // frames per chunk
    const double chunkSeconds = kChunkFrames * kFrameSeconds;
    REQUIRE(output.queue(makeTone(kChunkFrames, kPts, 0, 7)));
    REQUIRE(output.queue(makeTone(kChunkFrames, kPts + chunkSeconds, kChunkFrames, 7)));
    // Not playing yet: the next sample heard is the first queued one.
    CHECK(output.playedSeconds() == kPts);
    CHECK(output.playedSerial() == 7);

    output.play();
    int rendered = 0;
    for (int step = 0; step < 4; ++step) { // 6400 frames: across the chunk boundary at 4000
        render(output, kStepFrames);
        rendered += kStepFrames;
        CHECK(output.playedSeconds() == Approx(kPts + rendered * kFrameSeconds).margin(1e-9));
    }
    render(output, 999);
    rendered += 999;
    CHECK(output.playedSeconds() == Approx(kPts + rendered * kFrameSeconds).margin(1e-9));

    // Past the end of the queue: the clock holds at the end of the last chunk.
    render(output, kStepFrames);
    CHECK(output.playedSeconds() == Approx(kPts + 2 * chunkSeconds).margin(1e-9));
    CHECK(output.playedSerial() == 7);

    // A chunk after the underrun (a gap in pts, a new serial) restarts playback from its pts.
    constexpr double kLaterPts = 20.0; // seconds
    REQUIRE(output.queue(makeTone(kChunkFrames, kLaterPts, 0, 8)));
    CHECK(output.playedSeconds() == Approx(kLaterPts).margin(1e-9));
    const std::vector<float> out = render(output, kStepFrames);
    CHECK(output.playedSeconds() == Approx(kLaterPts + kStepFrames * kFrameSeconds).margin(1e-9));
    CHECK(output.playedSerial() == 8);
    CHECK(rms(channel(out, 0, kSettleFrames)) > 0.1);
}

TEST_CASE("AudioOutput pause holds the clock and the sound", "[audio]") {
    AudioOutput output;
    openLoopback(output);
    REQUIRE(output.queue(makeTone(kAudioSampleRate, 3.0)));
    output.play();
    render(output, kStepFrames);
    const double at = output.playedSeconds();
    CHECK(at == Approx(3.0 + kStepFrames * kFrameSeconds).margin(1e-9));

    output.pause();
    const std::vector<float> paused = render(output, kStepFrames);
    CHECK(peak(paused) < 1e-6f);
    CHECK(output.playedSeconds() == at);

    output.play();
    render(output, kStepFrames);
    CHECK(output.playedSeconds() == Approx(at + kStepFrames * kFrameSeconds).margin(1e-9));
}

TEST_CASE("AudioOutput after an underrun plays only what was queued since", "[audio]") {
    AudioOutput output;
    openLoopback(output);
    REQUIRE(output.queue(makeTone(kStepFrames, 1.0)));
    output.play();
    render(output, 2 * kStepFrames); // runs dry half way
    CHECK(output.playedSeconds() == Approx(1.0 + kStepFrames * kFrameSeconds).margin(1e-9));

    // Paused while starved, a new chunk waits; the old one is not replayed.
    output.pause();
    REQUIRE(output.queue(makeTone(kStepFrames, 5.0)));
    CHECK(peak(render(output, kStepFrames)) < 1e-6f);
    CHECK(output.playedSeconds() == 5.0);
    CHECK(output.queuedBufferCount() == 1);

    output.play();
    render(output, kStepFrames / 2);
    CHECK(output.playedSeconds() == Approx(5.0 + kStepFrames / 2 * kFrameSeconds).margin(1e-9));
    render(output, kStepFrames);
    CHECK(output.playedSeconds() == Approx(5.0 + kStepFrames * kFrameSeconds).margin(1e-9));
    CHECK(peak(render(output, kStepFrames)) < 1e-6f); // nothing replayed
}

TEST_CASE("AudioOutput recycles a bounded ring of AL buffers", "[audio]") {
    AudioOutput output;
    openLoopback(output);

    // Without rendering, the ring fills and queue() refuses more.
    constexpr std::size_t kChunkFrames = 1024; // frames, about what a decoder delivers
    for (std::size_t i = 0; i < AudioOutput::kMaxBuffers; ++i) {
        REQUIRE(output.queue(makeTone(kChunkFrames, 0.0, i * kChunkFrames)));
    }
    CHECK_FALSE(output.queue(makeTone(kChunkFrames, 0.0)));
    CHECK(output.bufferCount() == AudioOutput::kMaxBuffers);
    output.stop();
    CHECK(output.queuedBufferCount() == 0);

    // A long stream: queue whenever there is room, render one step each time round.
    output.play();
    std::size_t queuedFrames = 0;
    std::size_t renderedFrames = 0;
    std::vector<float> tail;
    constexpr int kSteps = 300; // 10 s at 30 fps
    for (int step = 0; step < kSteps; ++step) {
        while (queuedFrames < renderedFrames + 4 * kStepFrames) {
            const double pts = static_cast<double>(queuedFrames) * kFrameSeconds;
            REQUIRE(output.queue(makeTone(kChunkFrames, pts, queuedFrames)));
            queuedFrames += kChunkFrames;
        }
        const std::vector<float> out = render(output, kStepFrames);
        renderedFrames += kStepFrames;
        CHECK(output.bufferCount() <= AudioOutput::kMaxBuffers);
        if (step == kSteps - 1) {
            tail = channel(out, 0, 0);
        }
    }
    CHECK(output.bufferCount() <= AudioOutput::kMaxBuffers);
    CHECK(output.queuedBufferCount() <= AudioOutput::kMaxBuffers);
    CHECK(output.playedSeconds() ==
          Approx(static_cast<double>(renderedFrames) * kFrameSeconds).margin(1e-9));
    // Never starved, so the tone is still whole at the end.
    CHECK(zeroCrossingHz(tail) == Approx(kToneHz).margin(2.0));
    CHECK(decibels(binAmplitude(tail, kToneHz) / (kToneAmplitude * kCentreGain)) ==
          Approx(0.0).margin(kLevelToleranceDb));
}

TEST_CASE("AudioOutput stop flushes the queue", "[audio]") {
    AudioOutput output;
    openLoopback(output);
    REQUIRE(output.queue(makeTone(kAudioSampleRate, 1.0)));
    output.play();
    REQUIRE(rms(channel(render(output, kStepFrames), 0, kSettleFrames)) > 0.1);

    output.stop();
    CHECK(output.queuedBufferCount() == 0);
    CHECK(std::isnan(output.playedSeconds()));
    CHECK(peak(render(output, kStepFrames)) < 1e-6f);
    output.play();
    CHECK(peak(render(output, kStepFrames)) < 1e-6f); // nothing left to play

    // Queued after the flush: plays from the new chunk, not from the old one.
    REQUIRE(output.queue(makeTone(kAudioSampleRate / 2, 40.0, 0, 2)));
    CHECK(output.playedSeconds() == 40.0);
    const std::vector<float> out = render(output, kStepFrames);
    CHECK(output.playedSeconds() == Approx(40.0 + kStepFrames * kFrameSeconds).margin(1e-9));
    CHECK(rms(channel(out, 0, kSettleFrames)) > 0.1);
}

TEST_CASE("AudioOutput places the voice at the source position", "[audio]") {
    AudioOutput output;
    openLoopback(output);
    // Listener at the origin looking down -z with +y up; the panel 2 m to the right.
    output.setListener({0.0f, 0.0f, 0.0f}, {0.0f, 0.0f, -1.0f}, {0.0f, 1.0f, 0.0f});
    output.setSourcePosition(2.0f, 0.0f, 0.0f);
    REQUIRE(output.queue(makeTone(kAudioSampleRate / 2, 0.0)));
    output.play();
    const std::vector<float> out = render(output, kAudioSampleRate / 4);
    const double left = rms(channel(out, 0, kSettleFrames));
    const double right = rms(channel(out, 1, kSettleFrames));
    CHECK(right > 2.0 * left);
    // Beyond the reference distance the voice is attenuated (inverse distance: 1/2 at 2 m).
    CHECK(std::hypot(left, right) < 0.75 * kToneAmplitude / std::sqrt(2.0));
}

TEST_CASE("AudioOutput that is not open is silent and inert", "[audio]") {
    AudioOutput output;
    CHECK_FALSE(output.isOpen());
    CHECK_FALSE(output.queue(makeTone(100, 0.0)));
    output.play();
    output.setVolume(0.5f);
    CHECK(std::isnan(output.playedSeconds()));
    CHECK(peak(render(output, 64)) == 0.0f);
}
