#include "GuidePlayback.h"

namespace docent::app {
namespace {

// How long a headless run waits for a frame that is due before it counts the stream as
// stalled and renders on (DESIGN: "until a stall deadline").
constexpr std::chrono::milliseconds kStallDeadline{5000};
constexpr double kDueEpsilonSeconds = 1e-6; // pts rounding: a frame due "now" is due

} // namespace

std::string protocolWhitelistFor(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) {
        return "file";
    }
    const std::string name = url.substr(0, scheme);
    if (name == "http" || name == "https") {
        return "http,https,tcp,tls,crypto";
    }
    if (name == "srt") {
        return "srt,udp";
    }
    if (name == "udp") {
        return "udp";
    }
    if (name == "rtmp") {
        return "rtmp,tcp";
    }
    if (name == "file") {
        return "file";
    }
    return {};
}

GuidePlayback::GuidePlayback(const std::string& url, const streaming::MediaSourceOptions& options)
    : m_source(url, options) {
    m_stats.states.push_back("connecting");
}

void GuidePlayback::setState(const std::string& state) {
    if (m_stats.states.back() != state) {
        m_stats.states.push_back(state);
    }
}

bool GuidePlayback::advanceTo(double mediaSeconds, bool waitForDue) {
    using Clock = std::chrono::steady_clock;
    using streaming::MediaSource;
    bool presentedNew = false;
    bool late = false;
    while (true) {
        if (!m_pending) {
            if (m_finished) {
                break;
            }
            streaming::VideoFrame frame;
            const auto deadline = waitForDue ? Clock::now() + kStallDeadline : Clock::now();
            const auto result = m_source.popVideoFrame(frame, deadline);
            if (result == MediaSource::PopResult::Frame) {
                ++m_stats.decoded;
                if (!m_origin) {
                    m_origin = frame.ptsSeconds;
                }
                setState("playing");
                m_pending = std::move(frame);
            } else if (result == MediaSource::PopResult::EndOfStream) {
                m_finished = true;
                if (m_source.state() == MediaSource::State::Error) {
                    m_failed = true;
                    m_stats.error = m_source.error();
                    setState("error");
                } else {
                    setState("ended");
                }
                break;
            } else {
                // Timeout: the due frame did not come in time (or nothing is ready yet).
                if (waitForDue) {
                    ++m_stats.stalls;
                    setState("stalled");
                }
                late = m_current.has_value();
                break;
            }
        }
        if (m_pending->ptsSeconds - *m_origin > mediaSeconds + kDueEpsilonSeconds) {
            break; // not due yet: keep showing the current frame
        }
        if (presentedNew) {
            ++m_stats.dropped; // replaced within one step: never on screen
        }
        m_current = std::move(m_pending);
        m_pending.reset();
        presentedNew = true;
    }
    if (presentedNew) {
        ++m_stats.presented;
    } else if (late && waitForDue) {
        ++m_stats.repeated;
    }
    return presentedNew;
}

} // namespace docent::app
