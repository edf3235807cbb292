#pragma once
// The guide's broadcast as the viewer presents it: which decoded video frame is on the panel at
// a given media time, and what happened on the way (decoded, presented, dropped, repeated
// frames; stalls; the state history that --stats reports). Audio is not played yet.
//
// Render thread only. Failures of the source (a missing file, a lost network stream) end up in
// state()/error(); nothing here throws.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "streaming/MediaSource.h"

namespace docent::app {

struct PlaybackStats {
    int decoded = 0;
    int presented = 0;
    int dropped = 0;  // decoded frames replaced before they were shown (the render rate is lower)
    int repeated = 0; // steps that showed the last frame again because the next one was late
    int stalls = 0;
    std::vector<std::string> states; // history, without repeats: connecting, playing, ...
    std::string error;
};

class GuidePlayback {
public:
    GuidePlayback(const std::string& url, const streaming::MediaSourceOptions& options);

    // Makes the frame due at mediaSeconds (seconds since the first video frame) current.
    // waitForDue: wait (up to the stall deadline) for a frame that is due but not decoded yet,
    // as headless fixed-step runs do; otherwise take only what is ready. Returns true when a
    // new frame became current.
    bool advanceTo(double mediaSeconds, bool waitForDue);

    const streaming::VideoFrame* current() const { return m_current ? &*m_current : nullptr; }
    // True once the stream has ended or failed and its last frame has been presented.
    bool finished() const { return m_finished && !m_pending; }
    bool failed() const { return m_failed; }
    const std::string& state() const { return m_stats.states.back(); }
    const PlaybackStats& stats() const { return m_stats; }

private:
    void setState(const std::string& state);

    streaming::MediaSource m_source;
    std::optional<streaming::VideoFrame> m_current;
    std::optional<streaming::VideoFrame> m_pending; // decoded, not yet due
    std::optional<double> m_origin;                 // pts of the first video frame, seconds
    bool m_finished = false;
    bool m_failed = false;
    PlaybackStats m_stats;
};

// The protocols a URL may use, and nothing it may switch to: a playlist fetched over HTTP may
// not open local files or other protocols (DESIGN: "nothing nested inside a playlist may
// switch protocol or reach local files"). Empty for a scheme docent does not play.
std::string protocolWhitelistFor(const std::string& url);

} // namespace docent::app
