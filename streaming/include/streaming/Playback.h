#pragma once
// Playback: the guide's broadcast as the viewer presents it. It owns the MediaSource (re-created
// on reconnect), plays the audio through an AudioOutput and decides which decoded video frame is
// on the panel, against the master clock of DESIGN.md:
//
//   FixedStep (headless, the default): virtual time. Each step() shows the frame due at the
//     step's media time (waiting for it up to the stall deadline, from a file or a live source
//     alike), then renders exactly the step's audio through OpenAL Soft's loopback device. Audio
//     therefore always covers the steps already taken, and the same input gives the same frames
//     and samples.
//   Realtime (window, --realtime): an audio thread feeds the default OpenAL device and publishes
//     the audio clock (the sample being heard); video frames are shown, repeated or dropped
//     against it, or against an external clock without audio. A live source keeps its latency
//     near latencyTarget: after a stall the backlog of audio is dropped (and late video with it).
//
// Live sources (reconnect = true): when the stream fails or ends, the state goes to
// "reconnecting", the last frame stays current (lost() is true: the viewer dims it) and the
// source is reopened with backoff (reconnectFirst, doubling up to reconnectMax) until it plays
// again; playback then resumes at the first frame that arrives, near the live edge.
//
// Stats: decoded / presented / dropped / repeated frames, stalls, reconnects, the A/V offset of
// every presented frame (audio clock minus frame pts, in ms; positive: the picture lags the
// voice) and the history of states (connecting, playing, paused, stalled, reconnecting, ended,
// error), without repeats.
//
// Threads: every member function is called from one thread (the render thread); the realtime
// audio thread is internal. Failure: nothing throws beyond std::bad_alloc and std::system_error
// (thread creation). Source failures end in state() "error" (or "reconnecting" when live); an
// audio device that cannot open is a warning (audioWarning()) and playback goes on silent,
// video timed by the external clock.

#include <atomic>
#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "streaming/AudioOutput.h"
#include "streaming/Broadcaster.h"
#include "streaming/MediaSource.h"

namespace docent::streaming {

enum class PlaybackMode { FixedStep, Realtime };

struct PlaybackOptions {
    MediaSourceOptions source;
    PlaybackMode mode = PlaybackMode::FixedStep;
    bool audio = true;       // play the audio track (if the stream has one)
    std::string audioDevice; // realtime: the playback device by name (empty: the default)
    bool reconnect = false;  // a live source: reopen it when it fails or ends
    // Fixed step: how long a step waits for a frame that is due before the stream counts as
    // stalled and the gallery renders on (DESIGN: "until a stall deadline").
    std::chrono::milliseconds stallDeadline{5000};
    std::chrono::milliseconds reconnectFirst{250}; // backoff: the first retry after this
    std::chrono::milliseconds reconnectMax{4000};  // backoff: never longer than this
    // Realtime live: the media kept buffered between arrival and presentation.
    std::chrono::milliseconds latencyTarget{1500};
};

// A cue that fired: the guide reached a hotspot (or left one) on the frame on screen.
struct FiredCue {
    std::optional<std::string> hotspot;
    double cueSeconds = 0.0;   // the cue's pts, seconds since the media's first video frame
    double frameSeconds = 0.0; // the pts of the frame on screen when it fired, same base
};

struct PlaybackStats {
    int decoded = 0;
    int presented = 0;
    int dropped = 0;  // decoded frames replaced before they were shown
    int repeated = 0; // steps that showed the last frame again because the next one was late
    int stalls = 0;
    int reconnects = 0;              // times a lost live stream came back
    int restarts = 0;                // times a live stream was restarted because it was wedged
    std::vector<double> avOffsetsMs; // per presented frame with audio: audio clock - frame pts
    std::vector<FiredCue> cues;      // every change of the guide's hotspot, in order
    std::vector<double> latencyMs;   // per cue applied: wall clock at presentation - its stamp
    int rejectedCues = 0;            // malformed cue packets skipped
    std::vector<std::string> states; // history, without repeats
    std::string error;               // the last source error, one line naming the URL
};

class Playback {
public:
    Playback(std::string url, PlaybackOptions options);
    // Stops the audio thread and the source.
    ~Playback();

    Playback(const Playback&) = delete;
    Playback& operator=(const Playback&) = delete;

    // FixedStep: advances the virtual clock to nowSeconds (seconds since the run began, never
    // decreasing), shows the frame due then and renders the audio of [nowSeconds, nowSeconds +
    // stepSeconds) (stepAudio()). Returns true when a new frame became current.
    bool step(double nowSeconds, double stepSeconds);
    // Realtime: shows the frame due now on the master clock. Never blocks. Returns true when a
    // new frame became current.
    bool update();

    // The frame on the panel (nullptr before the first one).
    const VideoFrame* current() const { return m_current ? &*m_current : nullptr; }
    // The interleaved stereo samples (kAudioSampleRate) rendered by the last step(); silence
    // without audio. Empty in Realtime mode.
    const std::vector<float>& stepAudio() const { return m_stepAudio; }

    // True once the stream has ended or failed for good (never for a live source) and its last
    // frame has been presented.
    bool finished() const;
    bool failed() const { return m_state == "error"; }
    // The stream is not delivering: stalled, reconnecting or failed (the panel dims).
    bool lost() const;
    const std::string& state() const { return m_state; }
    const PlaybackStats& stats() const { return m_stats; }
    bool hasAudio() const { return m_audioOpen; }
    const std::string& audioWarning() const { return m_audioWarning; }

    // The hotspot the guide is at on the frame on screen (none before the first cue and between
    // artworks), and a counter that changes whenever it does (for the UI).
    const std::optional<std::string>& activeHotspot() const { return m_activeHotspot; }
    int cueChanges() const { return static_cast<int>(m_stats.cues.size()); }

    // A replay's cue sheet (the curator's timing, seconds since the first video frame): from now
    // on it is authoritative and the stream's in-band cues are ignored (DESIGN.md). Replaced while
    // playing, the hotspot on screen becomes the new sheet's at the frame shown.
    void useCueSheet(std::vector<ScriptedCue> cues);

    // Replays: pause and resume (Realtime; a paused FixedStep run holds its frame and renders
    // silence), and seek to seconds from the start of the media.
    void setPaused(bool paused);
    bool paused() const { return m_paused; }
    // Seeks to seconds after the first video frame. While paused, the frame at the target is
    // shown (and the cues due by then fire) without resuming: a curator stepping frame by frame.
    void seek(double seconds);
    // Media seconds since the start of the media of the frame on the panel (0 before one).
    double positionSeconds() const;
    double durationSeconds() const;
    // The video's frames per second (0 when unknown or before the source is open).
    double frameRate() const;

    // The voice: volume [0, 1], mute, and where it comes from (the panel) and who hears it.
    void setVolume(float volume);
    void setMuted(bool muted);
    void setSourcePosition(const AudioOutput::Vec3& position);
    void setListener(const AudioOutput::Vec3& position, const AudioOutput::Vec3& forward,
                     const AudioOutput::Vec3& up);

private:
    struct Session;
    struct AudioShared;

    void setState(const std::string& state);
    void openSession();
    void closeSession();
    // Follows the source's state: errors, ends and reconnect timing. Returns false while no
    // source can deliver now.
    bool superviseSource();
    // A live session is lost: closed, and opened again after the backoff.
    void loseSession(std::chrono::steady_clock::time_point now);
    // Realtime live streams: how long a picture may be held back before the session restarts.
    double wedgedAfterSeconds() const;
    // Counts a decoded frame and makes it the pending one (there is none), re-anchoring the
    // timeline at the first frame of a session and at a discontinuity.
    void takeFrame(VideoFrame&& frame, double nowSeconds);
    // Paused after a seek: shows the target's frame when it has arrived by deadline.
    bool showSoughtFrame(std::chrono::steady_clock::time_point deadline);
    void onFirstFrameOfSession(const VideoFrame& frame, double nowSeconds);
    // The frame with this pts is due at nowSeconds; the audio starts again from there.
    void anchor(const VideoFrame& frame, double nowSeconds);
    void present(VideoFrame&& frame, bool replacing);
    void recordOffset(double audioSeconds);
    // Takes the cues the source has read (or the cue sheet's) into the pending list.
    void collectCues();
    // Fires the cues whose pts the frame on screen has reached.
    void fireCues();
    // The media's first video pts, seconds (0 before the source is open).
    double mediaStartSeconds() const;
    // FixedStep audio: queues chunks until nowSeconds + stepSeconds is covered, then renders.
    void renderStepAudio(double nowSeconds, double stepSeconds);
    void openAudio();
    // Realtime: the audio thread's body (see Playback.cpp).
    static void feedAudio(MediaSource& source, AudioOutput& output, AudioShared& shared, bool live,
                          double latencyTargetSeconds);

    const std::string m_url;
    const PlaybackOptions m_options;
    std::unique_ptr<Session> m_session;
    std::shared_ptr<AudioShared> m_audioShared; // Realtime: controls and clock of the thread
    AudioOutput m_output;                       // FixedStep: used here; Realtime: by the thread
    bool m_audioOpen = false;
    std::string m_audioWarning;

    std::optional<VideoFrame> m_current;
    std::optional<VideoFrame> m_pending; // decoded, not yet due
    // Media time mapping: the frame with pts m_originPts is due at clock time m_originNow.
    std::optional<double> m_originPts;
    double m_originNow = 0.0;
    double m_lastNow = 0.0;
    double m_lastPts = 0.0;    // of the last frame decoded
    bool m_sourceDone = false; // the session's video ended (or failed)
    bool m_presentedThisSession = false;
    std::string m_state = "connecting";
    PlaybackStats m_stats;
    bool m_paused = false;
    bool m_frameAfterSeek = false; // a seek's first frame is still to be shown
    double m_pausedAt = 0.0;       // clock time of the pause
    double m_lastArrival = 0.0;    // Realtime: clock time the last frame was decoded
    double m_lastShownAt = 0.0;    // Realtime: clock time a frame was last presented
    double m_voiceMovedAt = 0.0;   // Realtime: clock time the voice's clock last moved
    double m_lastVoiceClock = std::numeric_limits<double>::quiet_NaN();
    std::chrono::steady_clock::time_point m_retryAt;
    std::chrono::milliseconds m_backoff{0};
    bool m_wasLost = false; // a reconnect is in progress (counts when it plays again)

    // Cues: waiting for their frame (pts order), and every cue seen in this session (a replay's
    // index for seeking back).
    std::vector<TimedCue> m_pendingCues;
    std::vector<TimedCue> m_cueHistory;
    std::optional<std::string> m_activeHotspot;
    bool m_cueStateKnown = false;
    std::optional<std::vector<ScriptedCue>> m_cueSheet;
    bool m_sheetQueued = false; // the sheet's cues are in m_pendingCues/m_cueHistory

    // FixedStep audio
    std::vector<float> m_stepAudio;
    std::optional<AudioChunk> m_heldChunk; // refused by a full ring: queued next step
    double m_queuedEnd = 0.0;              // media time of the end of what was queued
    bool m_audioQueued = false;            // something was queued this session
    bool m_audioEnded = false;
    long long m_renderedFrames = 0; // since m_originNow
    double m_stepAudioStart = 0.0;  // the audio clock when the last step began (NaN: none)
};

} // namespace docent::streaming
