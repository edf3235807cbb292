#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <thread>

#include <catch2/catch.hpp>

#include "streaming/BoundedQueue.h"
#include "streaming/Clock.h"
#include "streaming/Pts33.h"

using namespace docent::streaming;

// All times below are fake seconds passed in by the test; nothing sleeps or reads a real clock.

TEST_CASE("Clock reads NaN until it is set", "[clock]") {
    Clock clock;
    CHECK(std::isnan(clock.get(0.0)));
    CHECK(std::isnan(clock.get(100.0)));
    clock.set(5.0, 0, 100.0);
    CHECK(clock.get(100.0) == 5.0);
    clock.set(std::nan(""), 0, 101.0); // invalidates
    CHECK(std::isnan(clock.get(102.0)));
}

TEST_CASE("Clock advances from its pts with the time elapsed since set", "[clock]") {
    Clock clock;
    clock.set(10.0, 3, 100.0);
    CHECK(clock.serial() == 3);
    CHECK(clock.lastUpdatedSeconds() == 100.0);
    CHECK(clock.get(100.0) == Approx(10.0));
    CHECK(clock.get(101.5) == Approx(11.5));
    CHECK(clock.get(160.0) == Approx(70.0));

    clock.set(2.0, 4, 200.0); // a new pts replaces the old reading
    CHECK(clock.get(200.25) == Approx(2.25));
    CHECK(clock.serial() == 4);
}

TEST_CASE("Clock speed scales elapsed time without a jump when it changes", "[clock]") {
    Clock clock;
    CHECK(clock.speed() == 1.0);
    clock.set(10.0, 1, 100.0);
    REQUIRE(clock.setSpeed(2.0, 101.0));
    CHECK(clock.speed() == 2.0);
    CHECK(clock.get(101.0) == Approx(11.0)); // the second before ran at speed 1
    CHECK(clock.get(102.0) == Approx(13.0));
    REQUIRE(clock.setSpeed(0.5, 102.0));
    CHECK(clock.get(104.0) == Approx(14.0));

    // Refused speeds leave the clock as it was.
    CHECK_FALSE(clock.setSpeed(0.0, 104.0));
    CHECK_FALSE(clock.setSpeed(-1.0, 104.0));
    CHECK_FALSE(clock.setSpeed(std::nan(""), 104.0));
    CHECK_FALSE(clock.setSpeed(INFINITY, 104.0));
    CHECK(clock.speed() == 0.5);
    CHECK(clock.get(106.0) == Approx(15.0));
}

TEST_CASE("Clock pause freezes the reading and resume continues from it", "[clock]") {
    Clock clock;
    clock.set(10.0, 1, 100.0);
    clock.setPaused(true, 102.0);
    CHECK(clock.paused());
    CHECK(clock.get(102.0) == Approx(12.0));
    CHECK(clock.get(150.0) == Approx(12.0));
    clock.setPaused(true, 160.0); // already paused: no change
    CHECK(clock.get(170.0) == Approx(12.0));

    clock.setPaused(false, 200.0);
    CHECK_FALSE(clock.paused());
    CHECK(clock.get(200.0) == Approx(12.0)); // the pause did not count
    CHECK(clock.get(203.0) == Approx(15.0));

    SECTION("set while paused moves the frozen reading") {
        clock.setPaused(true, 203.0);
        clock.set(40.0, 2, 210.0);
        CHECK(clock.get(220.0) == Approx(40.0));
        clock.setPaused(false, 230.0);
        CHECK(clock.get(231.0) == Approx(41.0));
    }
    SECTION("speed changes while paused take effect after resume") {
        clock.setPaused(true, 203.0);
        REQUIRE(clock.setSpeed(2.0, 205.0));
        CHECK(clock.get(206.0) == Approx(15.0));
        clock.setPaused(false, 210.0);
        CHECK(clock.get(211.0) == Approx(17.0));
    }
}

TEST_CASE("Clock is invalid while its serial differs from its queue's", "[clock]") {
    Serial queueSerial = 1;
    Clock clock([&queueSerial] { return queueSerial; });
    clock.set(10.0, 1, 100.0);
    CHECK(clock.get(101.0) == Approx(11.0));

    queueSerial = 2; // the queue was flushed (a seek): the reading is from before it
    CHECK(std::isnan(clock.get(101.0)));
    clock.set(50.0, 2, 102.0); // the first post-flush frame
    CHECK(clock.get(103.0) == Approx(51.0));

    SECTION("with a real queue as the serial source") {
        BoundedQueue<std::unique_ptr<int>> queue(4);
        Clock videoClock([&queue] { return queue.serial(); });
        videoClock.set(1.0, queue.serial(), 0.0);
        CHECK(videoClock.get(0.5) == Approx(1.5));
        queue.flush();
        CHECK(std::isnan(videoClock.get(0.5)));
        videoClock.set(7.0, queue.serial(), 1.0);
        CHECK(videoClock.get(1.5) == Approx(7.5));
    }
}

TEST_CASE("Clock syncTo follows another clock only when far apart or invalid", "[clock]") {
    Clock audio;
    Clock external;
    external.syncTo(audio, 0.0); // audio is unset: nothing to follow
    CHECK(std::isnan(external.get(0.0)));

    audio.set(100.0, 7, 0.0);
    external.syncTo(audio, 1.0); // external is invalid: takes audio's reading
    CHECK(external.get(1.0) == Approx(101.0));
    CHECK(external.serial() == 7);

    external.set(105.0, 7, 1.0); // 4 s apart: within kNoSyncThreshold, keeps its own time
    external.syncTo(audio, 2.0);
    CHECK(external.get(2.0) == Approx(106.0));

    external.set(200.0, 7, 2.0); // far apart: jumps
    external.syncTo(audio, 3.0);
    CHECK(external.get(3.0) == Approx(103.0));
}

TEST_CASE("Clock may be set and read from different threads", "[clock]") {
    Clock clock;
    constexpr int kUpdates = 20'000;
    std::atomic<bool> done{false};
    std::thread setter([&] {
        for (int i = 0; i < kUpdates; ++i) {
            clock.set(static_cast<double>(i), static_cast<Serial>(i), static_cast<double>(i));
            clock.setSpeed(1.0 + (i % 3) * 0.01, static_cast<double>(i));
        }
        done = true;
    });
    int invalid = 0;
    while (!done) {
        const double now = static_cast<double>(kUpdates);
        const double reading = clock.get(now);
        // Before the first set NaN; afterwards always pts + elapsed * speed, never torn.
        if (!std::isnan(reading) && (reading < now || reading > now * 1.03)) {
            ++invalid;
        }
    }
    setter.join();
    CHECK(invalid == 0);
    CHECK(clock.serial() == kUpdates - 1);
}

TEST_CASE("Pts33 unwraps forwards across the 2^33 wrap", "[clock]") {
    constexpr std::int64_t kWrap = Pts33::kWrapTicks;
    static_assert(kWrap == 8'589'934'592);
    static_assert(Pts33::unwrapPts(kWrap - 10, 5) == kWrap + 5);

    CHECK(Pts33::unwrapPts(0, 3000) == 3000);
    CHECK(Pts33::unwrapPts(kWrap - 1500, 1500) == kWrap + 1500);
    // Second and third wraps keep counting.
    CHECK(Pts33::unwrapPts(2 * kWrap - 1, 0) == 2 * kWrap);
    CHECK(Pts33::unwrapPts(2 * kWrap + 100, 200) == 2 * kWrap + 200);
    // Bits above the 33rd are ignored.
    CHECK(Pts33::unwrapPts(0, (std::uint64_t{1} << 40) + 7) == 7);

    PtsUnwrapper unwrapper;
    std::int64_t previous = unwrapper.unwrap(kWrap - 3 * 3000);
    for (int frame = 0; frame < 10; ++frame) { // 30 fps across the wrap
        const std::int64_t next = previous + 3000;
        CHECK(unwrapper.unwrap(static_cast<std::uint64_t>(next % kWrap)) == next);
        previous = next;
    }
    CHECK(previous > kWrap);
}

TEST_CASE("Pts33 keeps backward jumps of less than half the range backward", "[clock]") {
    constexpr std::int64_t kWrap = Pts33::kWrapTicks;
    constexpr std::int64_t kHalf = Pts33::kHalfRangeTicks;
    CHECK(Pts33::unwrapPts(90'000, 87'000) == 87'000);              // B-frame style reordering
    CHECK(Pts33::unwrapPts(kWrap + 100, kWrap - 50) == kWrap - 50); // back across the wrap
    CHECK(Pts33::unwrapPts(100, kWrap - 50) == -50);                // back across zero
    CHECK(Pts33::unwrapPts(-50, 20) == 20);                         // and forward again
    CHECK(Pts33::unwrapPts(kHalf + 10, 11) == 11);                  // just under half: backward
    CHECK(Pts33::unwrapPts(kHalf, 0) == kWrap);                     // exactly half: a wrap
    CHECK(Pts33::unwrapPts(0, kHalf) == kHalf);                     // forward by half: forward
    CHECK(Pts33::unwrapPts(0, kHalf + 1) == kHalf + 1 - kWrap);     // more: a backward wrap
}

TEST_CASE("PtsUnwrapper reset starts afresh from the next raw value", "[clock]") {
    constexpr std::int64_t kWrap = Pts33::kWrapTicks;
    PtsUnwrapper unwrapper;
    CHECK_FALSE(unwrapper.previous());
    CHECK(unwrapper.unwrap(kWrap - 100) == kWrap - 100);
    CHECK(unwrapper.unwrap(200) == kWrap + 200);
    REQUIRE(unwrapper.previous());
    CHECK(*unwrapper.previous() == kWrap + 200);

    unwrapper.reset(); // e.g. a reconnect: the new stream's pts are not related to the old ones
    CHECK_FALSE(unwrapper.previous());
    CHECK(unwrapper.unwrap(300) == 300);
    CHECK(unwrapper.unwrap(kWrap - 10) == -10);
}

TEST_CASE("Pts33 ticksToSeconds counts 90 kHz ticks", "[clock]") {
    static_assert(Pts33::ticksToSeconds(90'000) == 1.0);
    CHECK(Pts33::ticksToSeconds(0) == 0.0);
    CHECK(Pts33::ticksToSeconds(3000) == Approx(1.0 / 30.0));
    CHECK(Pts33::ticksToSeconds(-45'000) == -0.5);
    CHECK(Pts33::ticksToSeconds(Pts33::kWrapTicks) == Approx(95'443.7176888889));
}
