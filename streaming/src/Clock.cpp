#include "streaming/Clock.h"

#include <cmath>
#include <limits>
#include <mutex>
#include <optional>

namespace docent::streaming {

void Clock::set(double ptsSeconds, Serial serial, double nowSeconds) {
    std::lock_guard lock(m_mutex);
    m_ptsSeconds = ptsSeconds;
    m_serial = serial;
    m_lastUpdatedSeconds = nowSeconds;
}

double Clock::get(double nowSeconds) const {
    return read(nowSeconds).seconds;
}

Clock::Reading Clock::read(double nowSeconds) const {
    // Ask the source before locking: it takes its queue's lock, and no lock order between a
    // clock and a queue should ever exist.
    const std::optional<Serial> expected =
        m_serialSource ? std::optional<Serial>(m_serialSource()) : std::nullopt;
    std::lock_guard lock(m_mutex);
    if (expected && *expected != m_serial) {
        return {std::numeric_limits<double>::quiet_NaN(), m_serial};
    }
    return {readingLocked(nowSeconds), m_serial};
}

bool Clock::setSpeed(double speed, double nowSeconds) {
    if (!std::isfinite(speed) || speed <= 0.0) {
        return false;
    }
    std::lock_guard lock(m_mutex);
    // Rebase first so the time already elapsed keeps the old rate.
    m_ptsSeconds = readingLocked(nowSeconds);
    m_lastUpdatedSeconds = nowSeconds;
    m_speed = speed;
    return true;
}

double Clock::speed() const {
    std::lock_guard lock(m_mutex);
    return m_speed;
}

void Clock::setPaused(bool paused, double nowSeconds) {
    std::lock_guard lock(m_mutex);
    if (paused == m_paused) {
        return;
    }
    // Pausing freezes the reading reached so far; resuming restarts the elapsed time from now so
    // the pause itself does not count.
    m_ptsSeconds = readingLocked(nowSeconds);
    m_lastUpdatedSeconds = nowSeconds;
    m_paused = paused;
}

bool Clock::paused() const {
    std::lock_guard lock(m_mutex);
    return m_paused;
}

Serial Clock::serial() const {
    std::lock_guard lock(m_mutex);
    return m_serial;
}

double Clock::lastUpdatedSeconds() const {
    std::lock_guard lock(m_mutex);
    return m_lastUpdatedSeconds;
}

void Clock::syncTo(const Clock& other, double nowSeconds) {
    const Reading theirs = other.read(nowSeconds);
    if (std::isnan(theirs.seconds)) {
        return;
    }
    const double ours = get(nowSeconds);
    if (std::isnan(ours) || std::abs(ours - theirs.seconds) > kNoSyncThreshold) {
        set(theirs.seconds, theirs.serial, nowSeconds);
    }
}

double Clock::readingLocked(double nowSeconds) const {
    if (m_paused) {
        return m_ptsSeconds;
    }
    // NaN propagates, so an unset clock stays unset.
    return m_ptsSeconds + (nowSeconds - m_lastUpdatedSeconds) * m_speed;
}

} // namespace docent::streaming
