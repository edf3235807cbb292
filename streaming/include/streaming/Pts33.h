#pragma once
// MPEG-TS timestamps: 33-bit counters of a 90 kHz clock that wrap every 2^33 ticks (about 26.5
// hours), which a live stream that runs long enough, or starts near the top of the range, meets.
// Pts33 turns the raw 33-bit values into a 64-bit tick count that keeps counting across wraps;
// PtsUnwrapper keeps the previous value for one stream.
//
// Threads: Pts33 is pure functions, callable from any thread. A PtsUnwrapper belongs to one thread
// at a time (the demux thread, one per stream); it has no locking.
// Failure: none. Bits above the 33rd in a raw value are ignored.

#include <cstdint>
#include <optional>

namespace docent::streaming {

struct Pts33 {
    static constexpr std::int64_t kWrapTicks = std::int64_t{1} << 33;       // ticks: the pts range
    static constexpr std::int64_t kHalfRangeTicks = kWrapTicks / 2;         // ticks
    static constexpr std::uint64_t kRawMask = (std::uint64_t{1} << 33) - 1; // the 33 pts bits
    static constexpr double kTicksPerSecond = 90000.0; // Hz, the MPEG pts clock

    // The unwrapped tick count for raw33 that lies nearest to previousUnwrapped: a step forward
    // across the wrap (e.g. 2^33 - 10 → 5) continues upwards, a jump backwards of less than half
    // the range (2^32 ticks, about 13.25 hours) stays backwards, and a jump of half the range or
    // more is read as a wrap the other way. previousUnwrapped may be any value, negative included
    // (a stream that steps back across 0 before its first wrap unwraps to negative ticks).
    static constexpr std::int64_t unwrapPts(std::int64_t previousUnwrapped, std::uint64_t raw33) {
        const auto raw = static_cast<std::int64_t>(raw33 & kRawMask);
        // Two's complement makes this the floor modulo, also for negative values.
        const std::int64_t previousRaw = previousUnwrapped & static_cast<std::int64_t>(kRawMask);
        std::int64_t unwrapped = previousUnwrapped - previousRaw + raw;
        const std::int64_t step = unwrapped - previousUnwrapped;
        if (step > kHalfRangeTicks) {
            unwrapped -= kWrapTicks;
        } else if (step <= -kHalfRangeTicks) {
            unwrapped += kWrapTicks;
        }
        return unwrapped;
    }

    static constexpr double ticksToSeconds(std::int64_t ticks) {
        return static_cast<double>(ticks) / kTicksPerSecond;
    }
};

// Unwraps the successive pts of one stream. The first value after construction or reset() is
// taken as it is (0 ≤ ticks < 2^33); each later one is unwrapped against the one before.
class PtsUnwrapper {
public:
    std::int64_t unwrap(std::uint64_t raw33) {
        const std::int64_t ticks = m_previous ? Pts33::unwrapPts(*m_previous, raw33)
                                              : static_cast<std::int64_t>(raw33 & Pts33::kRawMask);
        m_previous = ticks;
        return ticks;
    }

    // Forget the history, e.g. after a reconnect or a seek (the next value starts afresh).
    void reset() { m_previous.reset(); }

    // The last unwrapped value, if any since construction or reset().
    std::optional<std::int64_t> previous() const { return m_previous; }

private:
    std::optional<std::int64_t> m_previous;
};

} // namespace docent::streaming
