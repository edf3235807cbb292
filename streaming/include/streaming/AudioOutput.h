#pragma once
// AudioOutput: plays the guide's decoded audio (AudioChunk) through OpenAL Soft as one positional
// source, so that the voice comes from the video panel's place in the gallery. It is also the
// audio master clock: playedSeconds() is the media time of the sample being heard.
//
// Two modes:
//   openDevice():   the default playback device; OpenAL mixes in real time on the device clock
//                   (interactive and --realtime runs).
//   openLoopback(): OpenAL Soft's loopback device (ALC_SOFT_loopback) at kAudioSampleRate,
//                   stereo, float. Nothing plays by itself: renderSamples() mixes the next frames
//                   on demand, so headless fixed-step runs and tests advance audio under a virtual
//                   clock, one step at a time.
//
// Streaming: queue() copies a chunk into one AL buffer and appends it to the source's queue.
// Buffers form a small ring (at most kMaxBuffers): processed buffers are unqueued and reused, so
// the number of AL buffers stays bounded however long the stream runs. When every buffer is still
// waiting to be heard, queue() refuses the chunk (returns false); the caller keeps it and tries
// again after more has played (or after renderSamples() in loopback mode).
//
// Spatialisation: OpenAL pans only mono buffers; stereo buffers play unpanned, at their
// recorded left/right whatever the source's position. The guide's voice must come from the
// panel, so queue() downmixes each chunk to mono ((L + R) / 2) and the source is positioned in
// the world. Attenuation is OpenAL's default inverse-distance-clamped model with reference
// distance kReferenceDistance: within it the voice plays at full gain. OpenAL Soft pans through
// its stereo decoder, so a source straight ahead of (or at) the listener comes out at about 0.6
// of its amplitude (-4.5 dB) in each of the two output channels with OpenAL Soft 1.19.
//
// Underruns: when the queue runs dry while playing, OpenAL stops the source; the next queue()
// restarts it, and playedSeconds() meanwhile holds the end of the last chunk heard.
//
// Threads: not thread-safe. Open, queue, render, control and read the clock from one thread at a
// time (the audio thread, or the headless loop); publish playedSeconds() to other threads
// through a streaming::Clock. The output makes its OpenAL context current on that thread in each
// call (alcMakeContextCurrent is process-wide: one AudioOutput in use at a time).
// Failure: nothing throws beyond std::bad_alloc. The open functions return false with a one-line
// message (no device, no loopback extension, format refused, ...); the caller degrades with a
// warning. Every other call on an output that is not open does nothing (renderSamples() writes
// silence, playedSeconds() reads NaN).

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "streaming/MediaSource.h"
#include "streaming/Serial.h"

namespace docent::streaming {

class AudioOutput {
public:
    static constexpr std::size_t kMaxBuffers = 16;    // AL buffers in the ring, at most
    static constexpr float kReferenceDistance = 1.0f; // metres: full gain within this distance

    struct Vec3 {
        float x = 0.0f;
        float y = 0.0f;
        float z = 0.0f;
    };

    AudioOutput() = default;
    // close().
    ~AudioOutput();

    AudioOutput(const AudioOutput&) = delete;
    AudioOutput& operator=(const AudioOutput&) = delete;

    // Opens a playback device (by its name as playbackDevices() lists it; empty: the default)
    // with one context and one source. On failure returns false, fills error with one line
    // naming the problem and leaves the output closed.
    bool openDevice(std::string& error, const std::string& deviceName = {});
    // The names of the playback devices OpenAL sees (the first is not necessarily the default).
    static std::vector<std::string> playbackDevices();
    // Opens an OpenAL Soft loopback device rendering kAudioSampleRate Hz, kAudioChannels
    // channels, float samples. Same failure contract as openDevice().
    bool openLoopback(std::string& error);
    // Releases the source, buffers, context and device. Idempotent.
    void close();

    bool isOpen() const { return m_device != nullptr; }
    bool isLoopback() const { return m_loopback; }

    // Appends chunk to the source's queue (downmixed to mono; float32 when AL_EXT_float32 is
    // present, else 16-bit). Returns true when queued or when the chunk is empty; false when the
    // ring is full (retry later) or the output is not open. Starts the source when playing.
    bool queue(const AudioChunk& chunk);

    // Starts (or resumes) playback; queued chunks play now, later ones as they are queued.
    void play();
    // Holds playback where it is; playedSeconds() stays put until play().
    void pause();
    // Stops playback and flushes: every queued chunk is dropped and playedSeconds() reads NaN
    // until the next chunk is queued. Playback starts again with play() (before or after that
    // queue()), from the first chunk queued after the stop.
    void stop();

    // Gain of the voice, clamped to [0, 1] (linear amplitude).
    void setVolume(float volume);
    float volume() const { return m_volume; }
    // Silences the voice without losing the volume; the clock keeps running.
    void setMuted(bool muted);
    bool muted() const { return m_muted; }

    // Where the voice comes from (world coordinates, metres): the video panel's centre.
    void setSourcePosition(float x, float y, float z);
    // The camera: position, and the forward and up directions (need not be normalised).
    void setListener(const Vec3& position, const Vec3& forward, const Vec3& up);

    // Loopback mode only: mixes the next frames (frames * kAudioChannels interleaved floats) into
    // out and advances playback by exactly frames / kAudioSampleRate seconds. out must hold
    // frames * kAudioChannels floats. Writes silence (and advances nothing) when the output is
    // not open in loopback mode; does nothing when frames <= 0.
    void renderSamples(float* out, int frames);

    // The media time (seconds, the chunks' pts timeline) of the sample being heard now: the pts
    // of the buffer being played plus the offset into it, less the device latency where
    // AL_SOFT_source_latency reports it (device mode; the loopback output has none, as what
    // renderSamples() returns is what is heard). Before play(), the pts of the first chunk
    // queued; after an underrun, the end of the last chunk heard; NaN before anything was
    // queued, after stop() and when not open. Not const: it reclaims processed buffers.
    double playedSeconds();
    // The serial of the chunk being heard (for Clock::set), found like playedSeconds(); 0 when
    // that reads NaN.
    Serial playedSerial();

    // Diagnostics (and tests): AL buffers created so far (at most kMaxBuffers), and buffers
    // queued on the source now (processed ones count until reclaimed).
    std::size_t bufferCount() const { return m_buffers.size(); }
    std::size_t queuedBufferCount() const { return m_queued.size(); }
    // Whether the source plays float32 buffers (AL_EXT_float32) or 16-bit ones.
    bool usesFloatBuffers() const { return m_floatBuffers; }

private:
    // One buffer on the source's queue, in queue order.
    struct QueuedBuffer {
        unsigned id = 0;
        double ptsSeconds = 0.0; // of its first frame
        std::size_t frames = 0;
        Serial serial = 0;
    };

    // Shared tail of the two open functions: context with attributes, source, extensions.
    bool finishOpen(const int* attributes, std::string& error);
    void makeCurrent() const;
    struct HeardPosition {
        double seconds = 0.0;
        Serial serial = 0;
    };

    // Unqueues the processed buffers into m_free, remembering the end of the last one.
    void reclaimProcessed();
    // Unqueues the count oldest buffers (which OpenAL must count as processed).
    void reclaim(std::size_t count);
    int sourceState() const; // AL_SOURCE_STATE
    // Reclaims and rewinds a stopped source; returns the state after (never AL_STOPPED).
    int settleStopped();
    HeardPosition heard();
    // Restarts a source OpenAL stopped for lack of data, when play() is in force.
    void restartIfStarved();
    void applyGain();

    // ALCdevice* and ALCcontext*, untyped here: alc.h's struct tags differ between OpenAL Soft
    // versions, so they cannot be forward-declared portably.
    void* m_device = nullptr;
    void* m_context = nullptr;
    unsigned m_source = 0;
    bool m_loopback = false;
    bool m_floatBuffers = false;
    bool m_sourceLatency = false;    // AL_SOFT_source_latency
    void* m_renderSamples = nullptr; // alcRenderSamplesSOFT, loopback mode
    void* m_getSourcedv = nullptr;   // alGetSourcedvSOFT, with AL_SOFT_source_latency

    std::vector<unsigned> m_buffers;   // every AL buffer created, for deletion
    std::vector<unsigned> m_free;      // buffers not on the source's queue
    std::deque<QueuedBuffer> m_queued; // the source's queue, oldest first
    std::vector<float> m_convertFloat; // downmix scratch
    std::vector<short> m_convertShort; // 16-bit scratch

    bool m_playing = false;        // play() in force (the source may be starved)
    bool m_haveTime = false;       // a chunk was queued since open/stop
    double m_lastEndSeconds = 0.0; // media time at the end of the last reclaimed buffer
    Serial m_lastSerial = 0;
    float m_volume = 1.0f;
    bool m_muted = false;
};

} // namespace docent::streaming
