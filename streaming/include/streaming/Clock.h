#pragma once
// A media clock in the spirit of ffplay's Clock: it remembers the pts last presented (or played)
// and the time it was set, and reads as that pts plus the time elapsed since, scaled by its speed.
// One each for audio, video and the external clock; the master clock picks among them.
//
// Time is always passed in (nowSeconds, any monotonic time base in seconds, the same for every
// call on one clock): the real-time player passes steady_clock seconds, headless fixed-step runs
// and tests pass virtual time. nowSeconds must not go backwards between calls.
//
// Serials: the clock keeps the serial of the data it was set from. Given a serial source (usually
// the serial of the queue that data came through), it reads as invalid (NaN) while the two differ,
// i.e. from a flush/seek until it is set again from post-flush data.
//
// Threads: every member function may be called from any thread (an internal mutex; e.g. the audio
// thread sets the audio clock while the render thread reads it). The serial source is called
// without the clock's lock held, from whichever thread calls get(); it must be thread-safe.
// Failure: no exceptions beyond std::bad_alloc. An unset or stale clock reads as NaN; setSpeed()
// refuses (returns false) a speed that is not finite and positive.

#include <functional>
#include <limits>
#include <mutex>
#include <utility>

#include "streaming/Pts33.h" // the other media-time helpers, for users of this header
#include "streaming/Serial.h"

namespace docent::streaming {

class Clock {
public:
    // Returns the serial the clock must match to be valid, e.g. [&q] { return q.serial(); }.
    using SerialSource = std::function<Serial()>;

    // Beyond this difference syncTo() jumps instead of keeping its own time (ffplay's
    // AV_NOSYNC_THRESHOLD).
    static constexpr double kNoSyncThreshold = 10.0; // seconds

    // Without a serial source the clock is valid whenever it was set with a finite pts (an
    // external clock). Reads NaN until the first set().
    Clock() = default;
    explicit Clock(SerialSource serialSource) : m_serialSource(std::move(serialSource)) {}

    Clock(const Clock&) = delete;
    Clock& operator=(const Clock&) = delete;

    // The clock reads ptsSeconds at nowSeconds. A NaN pts makes it invalid until set again.
    void set(double ptsSeconds, Serial serial, double nowSeconds);

    // ptsSeconds + (nowSeconds - time of set) * speed, or the frozen value while paused; NaN when
    // unset, set with NaN, or when its serial differs from the serial source's.
    double get(double nowSeconds) const;

    // Changes the rate from nowSeconds on, without a jump in the reading (1 = real time).
    // Returns false and keeps the old speed when speed is not finite and positive.
    bool setSpeed(double speed, double nowSeconds);
    double speed() const;

    // Pausing freezes the reading at its value at nowSeconds; resuming continues from there, so
    // the time spent paused is not counted. Pausing twice (or resuming twice) changes nothing.
    void setPaused(bool paused, double nowSeconds);
    bool paused() const;

    // The serial of the last set(), and when that (or the last speed or pause change) happened.
    Serial serial() const;
    double lastUpdatedSeconds() const;

    // Follows other (ffplay's sync_clock_to_slave): when other is valid and this clock is invalid
    // or more than kNoSyncThreshold apart, takes other's reading and serial. Never hold a lock of
    // either clock while calling; other must not be this clock.
    void syncTo(const Clock& other, double nowSeconds);

private:
    struct Reading {
        double seconds = 0.0; // NaN when invalid
        Serial serial = 0;
    };
    // The reading and its serial, taken together.
    Reading read(double nowSeconds) const;
    // Requires m_mutex.
    double readingLocked(double nowSeconds) const;

    const SerialSource m_serialSource;

    // Guarded by m_mutex:
    mutable std::mutex m_mutex;
    double m_ptsSeconds = std::numeric_limits<double>::quiet_NaN(); // reading at m_lastUpdated
    double m_lastUpdatedSeconds = 0.0;
    double m_speed = 1.0;
    Serial m_serial = 0;
    bool m_paused = false;
};

} // namespace docent::streaming
