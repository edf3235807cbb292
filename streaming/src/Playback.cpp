#include "streaming/Playback.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>
#include <utility>

#include "streaming/Clock.h"

namespace docent::streaming {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr double kDueEpsilonSeconds = 1e-6;    // pts rounding: a frame due "now" is due
constexpr long long kRenderPieceFrames = 4096; // ~85 ms: well within the output's ring
constexpr double kLateToleranceSeconds = 0.04; // a due frame may be shown this late, not dropped
constexpr double kGapSeconds = 0.001;          // audio gaps and overlaps below this are ignored
constexpr double kMaxGapSeconds = 5.0;         // audio further ahead belongs to another timeline
constexpr double kBackwardJumpSeconds = 0.5;   // video pts going back this far: a discontinuity
constexpr double kForwardJumpSeconds = 2.0;    // live video pts leaping this far: a discontinuity
// Realtime: the audio thread's longest wait for a chunk, so that it applies controls promptly.
constexpr std::chrono::milliseconds kAudioPoll{10};
// Realtime live: a backlog this much above the latency target is dropped (catch-up).
constexpr double kCatchUpSlackSeconds = 0.5;
// A live stream's start: at most this much received ahead of the first frame counts as already
// buffered (a larger figure is a timeline jump, not a backlog).
constexpr double kMaxProbeAheadSeconds = 10.0;
// Realtime: no new frame for this long while playing counts as a stall.
constexpr double kRealtimeStallSeconds = 1.0;
constexpr double kWedgedSeconds = 5.0; // a live picture held back this long (beyond the target)
// Realtime: video this far behind the clock decodes only reference frames until it is back
// within kCaughtUpSeconds.
constexpr double kBehindSeconds = 0.2;
constexpr double kCaughtUpSeconds = 0.05;
// Realtime: how long the first frame waits for the voice to start before the picture runs on by
// the wall clock.
constexpr double kVoiceStartGraceSeconds = 1.0;

double chunkSeconds(const AudioChunk& chunk) {
    return static_cast<double>(chunk.frames()) / kAudioSampleRate;
}

} // namespace

// What the render thread and the realtime audio thread share.
struct Playback::AudioShared {
    std::mutex mutex;
    // Guarded by mutex: the controls, applied by the audio thread.
    float volume = 1.0f;
    bool muted = false;
    bool paused = false;
    AudioOutput::Vec3 source;
    AudioOutput::Vec3 listener;
    AudioOutput::Vec3 forward{0.0f, 0.0f, -1.0f};
    AudioOutput::Vec3 up{0.0f, 1.0f, 0.0f};
    Serial flushes = 0; // bumped by a seek: the output drops what it holds

    std::atomic<bool> quit{false};
    // The first frame is on screen: the voice may start (it would run ahead of a slow first
    // frame otherwise).
    std::atomic<bool> pictureReady{false};
    Clock clock; // the audio clock: the media time being heard (steady_clock seconds)
};

// One connection to the stream: the source and, in Realtime mode, the audio thread feeding the
// output from it.
struct Playback::Session {
    std::unique_ptr<MediaSource> source;
    std::thread audioThread;
};

namespace {

double steadySeconds() {
    return std::chrono::duration<double>(SteadyClock::now().time_since_epoch()).count();
}

// Milliseconds from an RFC 3339 UTC stamp ("2026-11-30T05:12:03.120Z") to now; NaN when the
// stamp does not parse.
double millisecondsSince(const std::string& stamp) {
    std::tm t{};
    int millis = 0;
    char zone = 0;
    if (std::sscanf(stamp.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &t.tm_year, &t.tm_mon,
                    &t.tm_mday, &t.tm_hour, &t.tm_min, &t.tm_sec, &millis, &zone) != 8 ||
        zone != 'Z') {
        return std::numeric_limits<double>::quiet_NaN();
    }
    t.tm_year -= 1900;
    t.tm_mon -= 1;
    const std::time_t seconds = timegm(&t);
    const double sent = static_cast<double>(seconds) * 1000.0 + millis;
    const double now = std::chrono::duration<double, std::milli>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    return now - sent;
}

AudioChunk silence(double ptsSeconds, double seconds, Serial serial) {
    AudioChunk chunk;
    const auto frames = static_cast<std::size_t>(std::llround(seconds * kAudioSampleRate));
    chunk.samples.assign(frames * kAudioChannels, 0.0f);
    chunk.ptsSeconds = ptsSeconds;
    chunk.serial = serial;
    return chunk;
}

} // namespace

void Playback::feedAudio(MediaSource& source, AudioOutput& output, AudioShared& shared, bool live,
                         double latencyTargetSeconds) {
    std::deque<AudioChunk> backlog;
    Serial flushesSeen = 0;
    bool pausedSeen = false;
    // A live stream first buffers the latency target; every stream waits for its first picture.
    bool started = false;
    if (!live) {
        latencyTargetSeconds = 0.0;
    }
    bool ended = false;
    double lastHeard = std::numeric_limits<double>::quiet_NaN();
    while (!shared.quit.load()) {
        {
            std::lock_guard lock(shared.mutex);
            output.setVolume(shared.volume);
            output.setMuted(shared.muted);
            output.setSourcePosition(shared.source.x, shared.source.y, shared.source.z);
            output.setListener(shared.listener, shared.forward, shared.up);
            if (shared.flushes != flushesSeen) {
                flushesSeen = shared.flushes;
                output.stop();
                backlog.clear();
                ended = false;
                shared.clock.set(std::numeric_limits<double>::quiet_NaN(), 0, steadySeconds());
                if (!shared.paused) {
                    output.play();
                }
            }
            if (shared.paused != pausedSeen) {
                pausedSeen = shared.paused;
                const double now = steadySeconds();
                shared.clock.setPaused(pausedSeen, now);
                if (pausedSeen) {
                    output.pause();
                } else if (started) {
                    output.play();
                }
            }
        }
        AudioChunk chunk;
        const auto result =
            ended ? MediaSource::PopResult::Timeout
                  : source.popAudio(chunk, SteadyClock::now() +
                                               (backlog.empty() ? kAudioPoll : kAudioPoll / 10));
        if (result == MediaSource::PopResult::Frame && !chunk.samples.empty()) {
            backlog.push_back(std::move(chunk));
        } else if (result == MediaSource::PopResult::EndOfStream ||
                   result == MediaSource::PopResult::Aborted) {
            ended = true;
            if (result == MediaSource::PopResult::Aborted) {
                return;
            }
            std::this_thread::sleep_for(kAudioPoll);
        }
        if (!backlog.empty()) {
            const double backlogEnd = backlog.back().ptsSeconds + chunkSeconds(backlog.back());
            if (!started) {
                started =
                    (backlogEnd - backlog.front().ptsSeconds >= latencyTargetSeconds || ended) &&
                    shared.pictureReady.load();
                if (started && !pausedSeen) {
                    output.play();
                }
            } else if (live) {
                // Catch up after a stall: what arrived late in a burst is dropped, so that the
                // latency does not creep up stall after stall.
                const double heard = output.playedSeconds();
                const double from = std::isfinite(heard) ? heard : backlog.front().ptsSeconds;
                while (backlog.size() > 1 &&
                       backlogEnd - from > latencyTargetSeconds + kCatchUpSlackSeconds &&
                       backlogEnd - backlog.front().ptsSeconds > latencyTargetSeconds) {
                    backlog.pop_front();
                }
            }
        }
        while (started && !backlog.empty() && output.queue(backlog.front())) {
            backlog.pop_front();
        }
        // Once the voice has ended and been heard, the clock runs on by itself (the video may
        // be longer than the audio).
        const double heard = output.playedSeconds();
        if (std::isfinite(heard) && (heard != lastHeard || !ended || !backlog.empty())) {
            shared.clock.set(heard, output.playedSerial(), steadySeconds());
        }
        lastHeard = heard;
    }
}

Playback::Playback(std::string url, PlaybackOptions options)
    : m_url(std::move(url)), m_options(std::move(options)) {
    m_stats.states.push_back(m_state);
    if (m_options.audio) {
        openAudio();
    }
    openSession();
}

Playback::~Playback() {
    closeSession();
    m_output.close();
}

void Playback::openAudio() {
    std::string error;
    const bool ok = m_options.mode == PlaybackMode::FixedStep
                        ? m_output.openLoopback(error)
                        : m_output.openDevice(error, m_options.audioDevice);
    if (!ok) {
        m_audioWarning = "no audio output (" + error + "); the guide's voice is silent";
        return;
    }
    m_audioOpen = true;
    if (m_options.mode == PlaybackMode::Realtime) {
        m_audioShared = std::make_shared<AudioShared>();
    }
}

void Playback::openSession() {
    MediaSourceOptions sourceOptions = m_options.source;
    sourceOptions.enableAudio = m_audioOpen;
    m_session = std::make_unique<Session>();
    m_session->source = std::make_unique<MediaSource>(m_url, sourceOptions);
    m_sourceDone = false;
    m_originPts.reset();
    m_pending.reset();
    m_heldChunk.reset();
    m_presentedThisSession = false;
    m_pendingCues.clear();
    m_cueHistory.clear();
    m_audioEnded = false;
    if (m_audioShared) {
        m_audioShared->quit.store(false);
        m_audioShared->pictureReady.store(false);
        const bool live = m_options.reconnect;
        const double target = std::chrono::duration<double>(m_options.latencyTarget).count();
        m_session->audioThread = std::thread(
            [this, live, target, source = m_session->source.get(), shared = m_audioShared.get()] {
                feedAudio(*source, m_output, *shared, live, target);
            });
    }
}

void Playback::closeSession() {
    if (!m_session) {
        return;
    }
    if (m_audioShared) {
        m_audioShared->quit.store(true);
    }
    m_session->source->stop(); // wakes the audio thread's pop
    if (m_session->audioThread.joinable()) {
        m_session->audioThread.join();
    }
    m_output.stop(); // the thread is gone: the output is this thread's again
    m_session.reset();
}

void Playback::setState(const std::string& state) {
    m_state = state;
    if (m_stats.states.back() != state) {
        m_stats.states.push_back(state);
    }
}

bool Playback::finished() const {
    return (m_state == "ended" || m_state == "error") && !m_pending;
}

bool Playback::lost() const {
    return m_state == "stalled" || m_state == "reconnecting" || m_state == "error";
}

void Playback::loseSession(std::chrono::steady_clock::time_point now) {
    closeSession();
    m_backoff = m_backoff.count() == 0 ? m_options.reconnectFirst
                                       : std::min(m_backoff * 2, m_options.reconnectMax);
    m_retryAt = now + m_backoff;
    m_wasLost = true;
    setState("reconnecting");
}

bool Playback::superviseSource() {
    const auto now = SteadyClock::now();
    if (!m_session) {
        if (now < m_retryAt) {
            return false;
        }
        openSession();
        return true;
    }
    if (!m_sourceDone || m_pending) {
        return true;
    }
    if (m_state == "ended" || m_state == "error") {
        return false;
    }
    const MediaSource& source = *m_session->source;
    const bool error = source.state() == MediaSource::State::Error;
    if (error) {
        m_stats.error = source.error();
    }
    // A live stream that fails or ends comes back; a replay (one with a duration) just ends, and
    // so does an HLS stream that reached its end (its playlist closed with EXT-X-ENDLIST).
    const MediaInfo info = source.info();
    const bool replay = !error && (info.durationSeconds > 0.0 || info.formatName == "hls");
    if (m_options.reconnect && !replay) {
        loseSession(now);
        return false;
    }
    setState(error ? "error" : "ended");
    return false;
}

void Playback::takeFrame(VideoFrame&& frame, double nowSeconds) {
    ++m_stats.decoded;
    if (!m_originPts) {
        onFirstFrameOfSession(frame, nowSeconds);
    } else {
        // A discontinuity (a restarted sender, a spliced stream): the timeline starts again
        // from this frame. Forward jumps are kept in files (a gap in the media) but not live.
        const double jump = frame.ptsSeconds - m_lastPts;
        if (jump < -kBackwardJumpSeconds || (m_options.reconnect && jump > kForwardJumpSeconds)) {
            anchor(frame, nowSeconds);
        }
    }
    m_lastPts = frame.ptsSeconds;
    m_frameAfterSeek = false;
    setState("playing");
    m_pending = std::move(frame);
}

void Playback::onFirstFrameOfSession(const VideoFrame& frame, double nowSeconds) {
    anchor(frame, nowSeconds);
    m_lastShownAt = nowSeconds;
    m_voiceMovedAt = nowSeconds;
    if (m_wasLost) {
        m_wasLost = false;
        ++m_stats.reconnects;
    }
    m_backoff = std::chrono::milliseconds{0};
}

void Playback::anchor(const VideoFrame& frame, double nowSeconds) {
    m_originPts = frame.ptsSeconds;
    m_originNow = nowSeconds;
    if (m_options.mode == PlaybackMode::Realtime && m_options.reconnect) {
        // A live stream is shown latencyTarget after it arrives (the audio buffers as much).
        // What arrived already, while the stream was being probed, counts: the frame at the
        // newest pts received is the one due latencyTarget from now. (Shown any later, the audio
        // would start with more than the target buffered and skip ahead, and the video after it.)
        double ahead = 0.0;
        if (m_session) {
            const double newest = m_session->source->newestArrivedSeconds();
            if (std::isfinite(newest)) {
                ahead = std::clamp(newest - frame.ptsSeconds, 0.0, kMaxProbeAheadSeconds);
            }
        }
        m_originNow += std::chrono::duration<double>(m_options.latencyTarget).count() - ahead;
    }
    m_queuedEnd = frame.ptsSeconds;
    m_audioQueued = false;
    m_renderedFrames = 0;
    if (m_audioOpen && m_options.mode == PlaybackMode::FixedStep) {
        m_output.stop();
        m_output.play();
    }
}

void Playback::present(VideoFrame&& frame, bool replacing) {
    m_presentedThisSession = true;
    if (replacing) {
        ++m_stats.dropped; // replaced within one step: never on screen
    }
    m_current = std::move(frame);
}

void Playback::recordOffset(double audioSeconds) {
    if (m_current && std::isfinite(audioSeconds)) {
        m_stats.avOffsetsMs.push_back((audioSeconds - m_current->ptsSeconds) * 1000.0);
    }
}

bool Playback::showSoughtFrame(SteadyClock::time_point deadline) {
    if (!m_paused || !m_frameAfterSeek || !superviseSource()) {
        return false;
    }
    VideoFrame frame;
    if (m_session->source->popVideoFrame(frame, deadline) != MediaSource::PopResult::Frame) {
        return false;
    }
    m_frameAfterSeek = false;
    ++m_stats.decoded;
    ++m_stats.presented;
    m_lastPts = frame.ptsSeconds;
    present(std::move(frame), false);
    m_originPts.reset(); // resuming anchors the clock at the next frame
    setState("paused");
    return true;
}

bool Playback::step(double nowSeconds, double stepSeconds) {
    m_lastNow = nowSeconds;
    bool presentedNew = false;
    bool late = false;
    if (showSoughtFrame(SteadyClock::now() + m_options.stallDeadline)) {
        fireCues();
        renderStepAudio(nowSeconds, stepSeconds);
        return true;
    }
    if (!m_paused && superviseSource()) {
        MediaSource& source = *m_session->source;
        while (true) {
            if (!m_pending) {
                if (m_sourceDone) {
                    break;
                }
                // While a lost stream is coming back, wait no longer than a step: the gallery
                // renders on at the pace of the wall clock until frames arrive again.
                const auto wait = m_wasLost ? std::chrono::duration_cast<SteadyClock::duration>(
                                                  std::chrono::duration<double>(stepSeconds))
                                            : std::chrono::duration_cast<SteadyClock::duration>(
                                                  m_options.stallDeadline);
                if (!m_originPts && !m_wasLost) {
                    source.waitWhileConnecting(SteadyClock::now() + m_options.source.openTimeout);
                }
                VideoFrame frame;
                const auto result = source.popVideoFrame(frame, SteadyClock::now() + wait);
                if (result == MediaSource::PopResult::Frame) {
                    takeFrame(std::move(frame), nowSeconds);
                } else if (result == MediaSource::PopResult::EndOfStream ||
                           result == MediaSource::PopResult::Aborted) {
                    m_sourceDone = true;
                    break;
                } else {
                    if (!m_wasLost) {
                        ++m_stats.stalls;
                        setState("stalled");
                    }
                    late = m_current.has_value();
                    break;
                }
            }
            if (m_pending->ptsSeconds - *m_originPts >
                nowSeconds - m_originNow + kDueEpsilonSeconds) {
                break; // not due yet: keep showing the current frame
            }
            present(std::move(*m_pending), presentedNew);
            m_pending.reset();
            presentedNew = true;
        }
        superviseSource(); // an end or a failure shows in the state of this very step
    } else if (m_state == "reconnecting" && !m_paused) {
        // Nothing to wait for: pace the run by the wall clock until the retry.
        std::this_thread::sleep_for(std::chrono::duration<double>(stepSeconds));
    }
    if (presentedNew) {
        ++m_stats.presented;
    } else if (late) {
        ++m_stats.repeated;
    }
    fireCues();
    renderStepAudio(nowSeconds, stepSeconds);
    if (presentedNew && m_audioQueued) {
        recordOffset(m_stepAudioStart);
    }
    return presentedNew;
}

void Playback::renderStepAudio(double nowSeconds, double stepSeconds) {
    if (!m_originPts || !m_audioOpen || m_paused || !m_session) {
        const long long frames = std::llround((nowSeconds + stepSeconds) * kAudioSampleRate) -
                                 std::llround(nowSeconds * kAudioSampleRate);
        m_stepAudio.assign(static_cast<std::size_t>(std::max(0LL, frames)) * kAudioChannels, 0.0f);
        m_stepAudioStart = std::numeric_limits<double>::quiet_NaN();
        return;
    }
    MediaSource& source = *m_session->source;
    const double mediaEnd = *m_originPts + (nowSeconds + stepSeconds - m_originNow);
    // Queues a chunk, filling a gap before it with silence and trimming an overlap; false when
    // the ring is full (the chunk is kept for the next step).
    auto queueChunk = [&](AudioChunk& chunk) {
        const double gap = chunk.ptsSeconds - m_queuedEnd;
        if (gap > kMaxGapSeconds) {
            return true; // from another timeline (before a discontinuity): not this picture's
        }
        if (gap > kGapSeconds) {
            AudioChunk fill = silence(m_queuedEnd, gap, chunk.serial);
            if (!m_output.queue(fill)) {
                return false;
            }
            m_queuedEnd = chunk.ptsSeconds;
        } else if (gap < -kGapSeconds) {
            const auto skip = static_cast<std::size_t>(std::llround(-gap * kAudioSampleRate));
            if (skip >= chunk.frames()) {
                return true; // all of it was heard already
            }
            chunk.samples.erase(chunk.samples.begin(),
                                chunk.samples.begin() +
                                    static_cast<std::ptrdiff_t>(skip * kAudioChannels));
            chunk.ptsSeconds = m_queuedEnd;
        }
        if (!m_output.queue(chunk)) {
            return false;
        }
        m_queuedEnd = chunk.ptsSeconds + chunkSeconds(chunk);
        m_audioQueued = true;
        return true;
    };
    // Queues what is due by the end of the step, as far as the output's ring takes it.
    auto fill = [&] {
        while (!m_audioEnded && m_queuedEnd < mediaEnd - kDueEpsilonSeconds) {
            AudioChunk chunk;
            if (m_heldChunk) {
                chunk = std::move(*m_heldChunk);
                m_heldChunk.reset();
            } else {
                const auto wait =
                    m_wasLost ? std::chrono::milliseconds{0} : m_options.stallDeadline;
                const auto result = source.popAudio(chunk, SteadyClock::now() + wait);
                if (result == MediaSource::PopResult::EndOfStream ||
                    result == MediaSource::PopResult::Aborted) {
                    m_audioEnded = true;
                    break;
                }
                if (result == MediaSource::PopResult::Timeout) {
                    break;
                }
            }
            if (!queueChunk(chunk)) {
                m_heldChunk = std::move(chunk);
                break;
            }
        }
    };
    fill();
    // The audio clock at the start of the step: the media time of the first sample rendered now.
    m_stepAudioStart =
        m_audioQueued ? m_output.playedSeconds() : std::numeric_limits<double>::quiet_NaN();
    const long long target =
        std::llround((nowSeconds + stepSeconds - m_originNow) * kAudioSampleRate);
    const long long frames = std::max(0LL, target - m_renderedFrames);
    m_stepAudio.assign(static_cast<std::size_t>(frames) * kAudioChannels, 0.0f);
    // A long step (--fps 1) holds more audio than the output's ring: render it piece by piece,
    // refilling the ring between pieces, or the decoded audio would pile up behind the ring
    // and stall the demuxer, and the picture with it.
    long long done = 0;
    while (done < frames) {
        if (done > 0) {
            fill();
        }
        const long long piece = std::min(frames - done, kRenderPieceFrames);
        m_output.renderSamples(m_stepAudio.data() + done * kAudioChannels, static_cast<int>(piece));
        done += piece;
    }
    m_renderedFrames += frames;
}

bool Playback::update() {
    if (showSoughtFrame(SteadyClock::now())) {
        fireCues();
        return true;
    }
    if (m_paused || !superviseSource()) {
        return false;
    }
    if (m_presentedThisSession && m_audioShared) {
        m_audioShared->pictureReady.store(true); // drawn by the frame before this one
    }
    MediaSource& source = *m_session->source;
    if (m_options.reconnect && source.state() == MediaSource::State::Error) {
        // The live source failed (the sender is gone, the network is down). What is still
        // queued would wait for a voice clock that no longer moves, and the failure behind it
        // would never be seen: drop it and reconnect now.
        m_pending.reset();
        m_sourceDone = true;
        superviseSource();
        return false;
    }
    const double now = steadySeconds();
    const double audio =
        m_audioShared ? m_audioShared->clock.get(now) : std::numeric_limits<double>::quiet_NaN();
    collectCues();
    bool presentedNew = false;
    while (true) {
        if (!m_pending) {
            if (m_sourceDone) {
                break;
            }
            VideoFrame frame;
            const auto result = source.popVideoFrame(frame, SteadyClock::now());
            if (result == MediaSource::PopResult::Frame) {
                takeFrame(std::move(frame), now);
                m_lastArrival = now;
            } else if (result == MediaSource::PopResult::EndOfStream ||
                       result == MediaSource::PopResult::Aborted) {
                m_sourceDone = true;
                break;
            } else {
                const double silentFor = now - m_lastArrival;
                if (m_originPts && m_state == "playing" && silentFor > kRealtimeStallSeconds) {
                    ++m_stats.stalls;
                    setState("stalled");
                }
                break;
            }
        }
        // The master clock: the voice being heard, else the wall clock from the first frame.
        // While the voice has not started yet (the device is filling), the first frame waits
        // for it a moment rather than running ahead.
        const bool voiceStarting = m_audioShared && !std::isfinite(audio) &&
                                   m_presentedThisSession && source.info().hasAudio &&
                                   now - m_originNow < kVoiceStartGraceSeconds;
        const double master = std::isfinite(audio) ? audio : *m_originPts + (now - m_originNow);
        if (voiceStarting || m_pending->ptsSeconds > master + kDueEpsilonSeconds) {
            break;
        }
        // A second frame due within one update replaces the first only when it is late by
        // more than the tolerance: a clock that advances in uneven steps (an audio device's
        // periods) would otherwise drop a frame now and then while keeping up fine.
        if (presentedNew && m_pending->ptsSeconds > master - kLateToleranceSeconds) {
            break;
        }
        present(std::move(*m_pending), presentedNew);
        m_pending.reset();
        presentedNew = true;
        collectCues(); // read ahead by the demuxer, usually long before their frame
        if (!m_pendingCues.empty() && m_pendingCues.front().ptsTicks <= m_current->ptsTicks) {
            // Catching up, but this frame is where a cue takes effect: it is shown (the cue
            // fires on it), and the frames behind it are dropped on the next update.
            break;
        }
    }
    if (m_current && m_session) {
        // Falling behind the clock (a slow machine): decode less until caught up.
        const double master =
            std::isfinite(audio) ? audio : (m_originPts ? *m_originPts + (now - m_originNow) : 0.0);
        const double lag = master - m_current->ptsSeconds;
        if (lag > kBehindSeconds) {
            m_session->source->setSkipNonReferenceFrames(true);
        } else if (lag < kCaughtUpSeconds) {
            m_session->source->setSkipNonReferenceFrames(false);
        }
    }
    if (std::isfinite(audio) && audio != m_lastVoiceClock) {
        m_lastVoiceClock = audio;
        m_voiceMovedAt = now;
    }
    if (presentedNew) {
        m_lastShownAt = now;
    } else if (m_options.reconnect && m_originPts && now - m_lastShownAt > wedgedAfterSeconds() &&
               (m_pending || now - m_voiceMovedAt > wedgedAfterSeconds())) {
        // No picture for this long, and the source never said it was lost: pictures waiting
        // that are never shown, or no voice moving either. The pipeline is wedged (a voice that
        // stopped while its clock holds the picture back, queues that wait on each other, a
        // reader that overran). A live stream starts again, as after a loss. (The guide's
        // camera failing while the voice goes on is not that: the voice keeps playing.)
        char text[160];
        std::snprintf(text, sizeof text, ": no picture for %.0f s%s; restarted",
                      now - m_lastShownAt, m_pending ? " although pictures kept arriving" : "");
        m_stats.error = m_url + text;
        ++m_stats.restarts;
        loseSession(SteadyClock::now());
        return false;
    }
    superviseSource();
    if (presentedNew) {
        ++m_stats.presented;
        recordOffset(audio);
    }
    fireCues();
    return presentedNew;
}

double Playback::wedgedAfterSeconds() const {
    return kWedgedSeconds + std::chrono::duration<double>(m_options.latencyTarget).count();
}

void Playback::useCueSheet(std::vector<ScriptedCue> cues) {
    m_cueSheet = std::move(cues);
    m_sheetQueued = false;
    m_pendingCues.clear();
    m_cueHistory.clear();
    if (m_cueStateKnown) {
        // A sheet replaced while playing (a curator's edit): the state on screen is the new
        // sheet's at this frame, no hotspot when none of its cues is due yet.
        TimedCue none;
        none.ptsTicks = std::numeric_limits<std::int64_t>::min();
        none.ptsSeconds = mediaStartSeconds();
        m_pendingCues.push_back(none);
    }
}

double Playback::mediaStartSeconds() const {
    return m_session ? m_session->source->info().startSeconds : 0.0;
}

void Playback::collectCues() {
    if (!m_session) {
        return;
    }
    MediaSource& source = *m_session->source;
    std::vector<TimedCue> arrived = source.popCues();
    if (m_cueSheet) {
        arrived.clear(); // the sheet is authoritative
        if (!m_sheetQueued && source.state() != MediaSource::State::Connecting) {
            m_sheetQueued = true;
            const double start = mediaStartSeconds();
            for (const ScriptedCue& entry : *m_cueSheet) {
                TimedCue cue;
                cue.cue.hotspot = entry.hotspot;
                cue.cue.camera = entry.camera;
                cue.ptsSeconds = start + entry.seconds;
                cue.ptsTicks = std::llround(cue.ptsSeconds * Pts33::kTicksPerSecond);
                arrived.push_back(std::move(cue));
            }
        }
    }
    for (TimedCue& cue : arrived) {
        const auto byPts = [](const TimedCue& a, const TimedCue& b) {
            return a.ptsTicks < b.ptsTicks;
        };
        m_pendingCues.insert(
            std::upper_bound(m_pendingCues.begin(), m_pendingCues.end(), cue, byPts), cue);
        m_cueHistory.insert(std::upper_bound(m_cueHistory.begin(), m_cueHistory.end(), cue, byPts),
                            cue);
    }
    m_stats.rejectedCues = source.rejectedCues();
}

void Playback::fireCues() {
    collectCues();
    if (!m_current) {
        return;
    }
    const double start = mediaStartSeconds();
    std::size_t due = 0;
    for (; due < m_pendingCues.size() && m_pendingCues[due].ptsTicks <= m_current->ptsTicks;
         ++due) {
        // Live only: a replay's stamps are from when it was recorded.
        const double latency = m_options.reconnect ? millisecondsSince(m_pendingCues[due].cue.sent)
                                                   : std::numeric_limits<double>::quiet_NaN();
        if (std::isfinite(latency)) {
            m_stats.latencyMs.push_back(latency);
        }
    }
    // The last cue due is the state on screen (several at once: after a seek, or cues closer
    // than a frame). Producers repeat the state every 2 s; a viewer fires on a change.
    if (due > 0) {
        const TimedCue& cue = m_pendingCues[due - 1];
        if (!m_cueStateKnown || cue.cue.hotspot != m_activeHotspot) {
            m_cueStateKnown = true;
            m_activeHotspot = cue.cue.hotspot;
            m_stats.cues.push_back(
                {cue.cue.hotspot, cue.ptsSeconds - start, m_current->ptsSeconds - start});
        }
    }
    const std::size_t fired = due;
    m_pendingCues.erase(m_pendingCues.begin(),
                        m_pendingCues.begin() + static_cast<std::ptrdiff_t>(fired));
}

void Playback::setPaused(bool paused) {
    if (paused == m_paused) {
        return;
    }
    m_paused = paused;
    const double now = m_options.mode == PlaybackMode::Realtime ? steadySeconds() : m_lastNow;
    if (paused) {
        m_pausedAt = now;
        setState("paused");
    } else {
        m_originNow += now - m_pausedAt; // the time spent paused does not count
        m_lastShownAt += now - m_pausedAt;
        m_voiceMovedAt += now - m_pausedAt;
        setState(m_current ? "playing" : "connecting");
    }
    if (m_audioShared) {
        std::lock_guard lock(m_audioShared->mutex);
        m_audioShared->paused = paused;
    }
}

void Playback::seek(double seconds) {
    if (!m_session) {
        return;
    }
    m_session->source->seek(seconds);
    m_pending.reset();
    m_frameAfterSeek = true; // shown even while paused (a frame step)
    // The state at the target from the cues seen so far (a seek forward learns it again from the
    // producer's 2 s repeats that the demuxer's preroll reads).
    m_pendingCues.clear();
    if (m_cueSheet && m_sheetQueued) {
        m_sheetQueued = false; // queued again from the sheet, from the target on
        m_cueHistory.clear();
    }
    const auto targetTicks = static_cast<std::int64_t>(
        std::llround((mediaStartSeconds() + seconds) * Pts33::kTicksPerSecond));
    for (const TimedCue& cue : m_cueHistory) {
        if (cue.ptsTicks <= targetTicks) {
            m_pendingCues.assign(1, cue); // fires on the first frame shown if it differs
        }
    }
    if (m_pendingCues.empty() && m_cueStateKnown) {
        // Before every cue seen: the guide is at no hotspot yet.
        TimedCue none;
        none.ptsTicks = std::numeric_limits<std::int64_t>::min();
        none.ptsSeconds = mediaStartSeconds();
        m_pendingCues.push_back(none);
    }
    m_originPts.reset(); // the first frame after the seek re-anchors the clock
    m_sourceDone = false;
    m_heldChunk.reset();
    m_audioEnded = false;
    if (m_audioShared) {
        std::lock_guard lock(m_audioShared->mutex);
        ++m_audioShared->flushes;
    }
    if (m_state == "ended") {
        setState("playing");
    }
}

double Playback::positionSeconds() const {
    if (!m_current || !m_session) {
        return 0.0;
    }
    return std::max(0.0, m_current->ptsSeconds - m_session->source->info().startSeconds);
}

double Playback::durationSeconds() const {
    return m_session ? m_session->source->info().durationSeconds : 0.0;
}

double Playback::frameRate() const {
    return m_session ? m_session->source->info().frameRate : 0.0;
}

void Playback::setVolume(float volume) {
    if (m_audioShared) {
        std::lock_guard lock(m_audioShared->mutex);
        m_audioShared->volume = volume;
    } else {
        m_output.setVolume(volume);
    }
}

void Playback::setMuted(bool muted) {
    if (m_audioShared) {
        std::lock_guard lock(m_audioShared->mutex);
        m_audioShared->muted = muted;
    } else {
        m_output.setMuted(muted);
    }
}

void Playback::setSourcePosition(const AudioOutput::Vec3& position) {
    if (m_audioShared) {
        std::lock_guard lock(m_audioShared->mutex);
        m_audioShared->source = position;
    } else {
        m_output.setSourcePosition(position.x, position.y, position.z);
    }
}

void Playback::setListener(const AudioOutput::Vec3& position, const AudioOutput::Vec3& forward,
                           const AudioOutput::Vec3& up) {
    if (m_audioShared) {
        std::lock_guard lock(m_audioShared->mutex);
        m_audioShared->listener = position;
        m_audioShared->forward = forward;
        m_audioShared->up = up;
    } else {
        m_output.setListener(position, forward, up);
    }
}

} // namespace docent::streaming
