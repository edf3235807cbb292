#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "streaming/BoundedQueue.h"

using namespace docent::streaming;
using namespace std::chrono_literals;

namespace Catch {
template <>
struct StringMaker<QueueStatus> {
    static std::string convert(QueueStatus status) { return toString(status); }
};
} // namespace Catch

namespace {

using IntQueue = BoundedQueue<std::unique_ptr<int>>;
using SteadyClock = std::chrono::steady_clock;

// Hang guard only: every wait below ends on an event long before this; nothing asserts on time.
constexpr auto kHangGuard = 20s;

// Polls until condition holds or the hang guard expires. A test that REQUIREs this with a worker
// thread still joinable terminates (Catch reports the fatal signal) instead of hanging.
bool waitFor(const std::function<bool()>& condition) {
    const auto deadline = SteadyClock::now() + kHangGuard;
    while (!condition()) {
        if (SteadyClock::now() > deadline) {
            return false;
        }
        std::this_thread::yield();
    }
    return true;
}

SteadyClock::time_point hangGuardDeadline() {
    return SteadyClock::now() + kHangGuard;
}

// A stand-in for AVPacket and its av_packet_free deleter: counts how many were freed.
struct FakePacket {
    std::vector<std::uint8_t> payload;
};
struct FakePacketDeleter {
    std::atomic<int>* freed = nullptr;
    void operator()(FakePacket* packet) const {
        ++*freed;
        delete packet;
    }
};
using PacketPtr = std::unique_ptr<FakePacket, FakePacketDeleter>;

PacketPtr makePacket(std::atomic<int>& freed, std::size_t bytes) {
    return PacketPtr(new FakePacket{std::vector<std::uint8_t>(bytes)}, FakePacketDeleter{&freed});
}

// Move-only, and says when it has been moved from.
struct MoveOnly {
    explicit MoveOnly(int v) : value(v) {}
    MoveOnly(const MoveOnly&) = delete;
    MoveOnly& operator=(const MoveOnly&) = delete;
    MoveOnly(MoveOnly&& other) noexcept : value(std::exchange(other.value, -1)) {}
    MoveOnly& operator=(MoveOnly&& other) noexcept {
        value = std::exchange(other.value, -1);
        return *this;
    }
    int value;
};
static_assert(!std::is_copy_constructible_v<MoveOnly> && !std::is_copy_assignable_v<MoveOnly>);

// Copyable, but counts every copy, to show that the queue never makes one.
struct CopyCounter {
    static inline int copies = 0;
    CopyCounter() = default;
    CopyCounter(const CopyCounter&) { ++copies; }
    CopyCounter& operator=(const CopyCounter&) {
        ++copies;
        return *this;
    }
    CopyCounter(CopyCounter&&) noexcept = default;
    CopyCounter& operator=(CopyCounter&&) noexcept = default;
};

} // namespace

TEST_CASE("BoundedQueue pops items in FIFO order with the serial current at push", "[queue]") {
    IntQueue queue(8);
    CHECK(queue.serial() == 0);
    for (int i = 0; i < 5; ++i) {
        REQUIRE(queue.push(std::make_unique<int>(i)) == QueueStatus::Ok);
    }
    CHECK(queue.size() == 5);
    CHECK_FALSE(queue.empty());
    CHECK(queue.bytes() == 0); // no byte-size function

    for (int i = 0; i < 5; ++i) {
        std::unique_ptr<int> out;
        Serial serial = 99;
        REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
        REQUIRE(out);
        CHECK(*out == i);
        CHECK(serial == 0);
    }
    std::unique_ptr<int> out;
    Serial serial = 99;
    CHECK(queue.tryPop(out, serial) == QueueStatus::Empty);
    CHECK_FALSE(out);
    CHECK(serial == 99); // untouched unless Ok
    CHECK(queue.empty());
}

TEST_CASE("BoundedQueue tryPush on a full queue returns Full and leaves the item with the caller",
          "[queue]") {
    IntQueue queue(2);
    REQUIRE(queue.tryPush(std::make_unique<int>(1)) == QueueStatus::Ok);
    REQUIRE(queue.tryPush(std::make_unique<int>(2)) == QueueStatus::Ok);
    auto item = std::make_unique<int>(3);
    CHECK(queue.tryPush(std::move(item)) == QueueStatus::Full);
    REQUIRE(item); // still ours
    CHECK(*item == 3);
    CHECK(queue.size() == 2);
}

TEST_CASE("BoundedQueue push blocks while full and completes after a pop", "[queue]") {
    IntQueue queue(2);
    REQUIRE(queue.push(std::make_unique<int>(1)) == QueueStatus::Ok);
    REQUIRE(queue.push(std::make_unique<int>(2)) == QueueStatus::Ok);

    std::atomic<bool> returned{false};
    QueueStatus status = QueueStatus::Timeout;
    std::thread producer([&] {
        status = queue.push(std::make_unique<int>(3));
        returned = true;
    });

    // Blocked: counted as waiting, and push has not returned.
    REQUIRE(waitFor([&] { return queue.waitingProducers() == 1; }));
    CHECK_FALSE(returned);
    CHECK(queue.size() == 2);

    std::unique_ptr<int> out;
    Serial serial = 0;
    REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
    CHECK(*out == 1);

    REQUIRE(waitFor([&] { return returned.load(); }));
    producer.join();
    CHECK(status == QueueStatus::Ok);
    CHECK(queue.waitingProducers() == 0);
    CHECK(queue.size() == 2);
    REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
    CHECK(*out == 2);
    REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
    CHECK(*out == 3);
}

TEST_CASE("BoundedQueue pop blocks while empty and completes after a push", "[queue]") {
    IntQueue queue(2);
    std::atomic<bool> returned{false};
    QueueStatus status = QueueStatus::Timeout;
    std::unique_ptr<int> out;
    Serial serial = 99;
    std::thread consumer([&] {
        status = queue.pop(out, serial, hangGuardDeadline());
        returned = true;
    });

    REQUIRE(waitFor([&] { return queue.waitingConsumers() == 1; }));
    CHECK_FALSE(returned);
    REQUIRE(queue.push(std::make_unique<int>(7)) == QueueStatus::Ok);

    REQUIRE(waitFor([&] { return returned.load(); }));
    consumer.join();
    CHECK(status == QueueStatus::Ok);
    REQUIRE(out);
    CHECK(*out == 7);
    CHECK(serial == 0);
}

TEST_CASE("BoundedQueue abort wakes consumers blocked in pop with Aborted", "[queue]") {
    IntQueue queue(4);
    std::atomic<int> returned{0};
    QueueStatus foreverStatus = QueueStatus::Ok;
    QueueStatus deadlineStatus = QueueStatus::Ok;
    std::unique_ptr<int> foreverOut;
    std::unique_ptr<int> deadlineOut;
    std::thread foreverConsumer([&] {
        Serial serial = 0;
        foreverStatus = queue.pop(foreverOut, serial);
        ++returned;
    });
    std::thread deadlineConsumer([&] {
        Serial serial = 0;
        deadlineStatus = queue.pop(deadlineOut, serial, hangGuardDeadline());
        ++returned;
    });

    REQUIRE(waitFor([&] { return queue.waitingConsumers() == 2; }));
    CHECK(returned == 0);
    queue.abort();

    REQUIRE(waitFor([&] { return returned == 2; }));
    foreverConsumer.join();
    deadlineConsumer.join();
    CHECK(foreverStatus == QueueStatus::Aborted);
    CHECK(deadlineStatus == QueueStatus::Aborted);
    CHECK_FALSE(foreverOut);
    CHECK_FALSE(deadlineOut);
    CHECK(queue.waitingConsumers() == 0);
    CHECK(queue.aborted());

    // Aborted stays aborted: every call returns at once, and a refused item stays with the caller.
    std::unique_ptr<int> out;
    Serial serial = 0;
    CHECK(queue.pop(out, serial) == QueueStatus::Aborted);
    CHECK(queue.tryPop(out, serial) == QueueStatus::Aborted);
    auto item = std::make_unique<int>(5);
    CHECK(queue.push(std::move(item)) == QueueStatus::Aborted);
    CHECK(queue.tryPush(std::move(item)) == QueueStatus::Aborted);
    REQUIRE(item);
    CHECK(*item == 5);
}

TEST_CASE("BoundedQueue abort wakes producers blocked in push and they keep their items",
          "[queue]") {
    BoundedQueue<MoveOnly> queue(1);
    REQUIRE(queue.push(MoveOnly(0)) == QueueStatus::Ok);

    std::atomic<int> returned{0};
    QueueStatus foreverStatus = QueueStatus::Ok;
    QueueStatus deadlineStatus = QueueStatus::Ok;
    MoveOnly foreverItem(1);
    MoveOnly deadlineItem(2);
    std::thread foreverProducer([&] {
        foreverStatus = queue.push(std::move(foreverItem));
        ++returned;
    });
    std::thread deadlineProducer([&] {
        deadlineStatus = queue.pushUntil(std::move(deadlineItem), hangGuardDeadline());
        ++returned;
    });

    REQUIRE(waitFor([&] { return queue.waitingProducers() == 2; }));
    CHECK(returned == 0);
    queue.abort();

    REQUIRE(waitFor([&] { return returned == 2; }));
    foreverProducer.join();
    deadlineProducer.join();
    CHECK(foreverStatus == QueueStatus::Aborted);
    CHECK(deadlineStatus == QueueStatus::Aborted);
    CHECK(foreverItem.value == 1); // not moved from
    CHECK(deadlineItem.value == 2);
    CHECK(queue.size() == 1); // abort keeps what was queued
}

TEST_CASE("BoundedQueue start and reset make an aborted queue usable again", "[queue]") {
    IntQueue queue(4);
    REQUIRE(queue.push(std::make_unique<int>(1)) == QueueStatus::Ok);
    queue.abort();
    std::unique_ptr<int> out;
    Serial serial = 99;

    SECTION("start keeps the queued items, which now carry a stale serial") {
        queue.start();
        CHECK_FALSE(queue.aborted());
        CHECK(queue.serial() == 1);
        REQUIRE(queue.push(std::make_unique<int>(2)) == QueueStatus::Ok);
        REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
        CHECK(*out == 1);
        CHECK(serial == 0);
        CHECK(serial != queue.serial());
        REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
        CHECK(*out == 2);
        CHECK(serial == 1);
    }
    SECTION("reset drops the queued items") {
        queue.reset();
        CHECK_FALSE(queue.aborted());
        CHECK(queue.serial() == 1);
        CHECK(queue.empty());
        CHECK(queue.tryPop(out, serial) == QueueStatus::Empty);
        REQUIRE(queue.push(std::make_unique<int>(2)) == QueueStatus::Ok);
        REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
        CHECK(*out == 2);
        CHECK(serial == 1);
    }
}

TEST_CASE("BoundedQueue flush drops every item, frees it, and bumps the serial", "[queue]") {
    std::atomic<int> freed{0};
    BoundedQueue<PacketPtr> queue(QueueLimits{8, 0},
                                  [](const PacketPtr& p) { return p->payload.size(); });
    for (std::size_t i = 1; i <= 3; ++i) {
        REQUIRE(queue.push(makePacket(freed, i)) == QueueStatus::Ok);
    }
    CHECK(queue.bytes() == 6);
    CHECK(queue.serial() == 0);

    queue.flush();
    CHECK(freed == 3); // the queue owned them, so the queue freed them
    CHECK(queue.size() == 0);
    CHECK(queue.bytes() == 0);
    CHECK(queue.serial() == 1);

    // Only what is pushed after the flush ever comes back.
    REQUIRE(queue.push(makePacket(freed, 10)) == QueueStatus::Ok);
    PacketPtr out;
    Serial serial = 99;
    REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
    CHECK(out->payload.size() == 10);
    CHECK(serial == 1);
    CHECK(queue.tryPop(out, serial) == QueueStatus::Empty);

    // Items left at destruction are freed too.
    {
        BoundedQueue<PacketPtr> doomed(4);
        REQUIRE(doomed.push(makePacket(freed, 1)) == QueueStatus::Ok);
        REQUIRE(doomed.push(makePacket(freed, 1)) == QueueStatus::Ok);
    }
    CHECK(freed == 5);
    out.reset();
    CHECK(freed == 6);
}

TEST_CASE("BoundedQueue flush turns back a producer that was waiting with a pre-flush item",
          "[queue]") {
    IntQueue queue(1);
    REQUIRE(queue.push(std::make_unique<int>(1)) == QueueStatus::Ok);

    std::atomic<bool> returned{false};
    QueueStatus status = QueueStatus::Ok;
    auto stale = std::make_unique<int>(2);
    std::thread producer([&] {
        status = queue.pushUntil(std::move(stale), hangGuardDeadline());
        returned = true;
    });
    REQUIRE(waitFor([&] { return queue.waitingProducers() == 1; }));

    queue.flush();
    REQUIRE(waitFor([&] { return returned.load(); }));
    producer.join();
    CHECK(status == QueueStatus::Flushed);
    REQUIRE(stale); // given back, not queued
    CHECK(*stale == 2);
    CHECK(queue.empty());

    std::unique_ptr<int> out;
    Serial serial = 0;
    CHECK(queue.tryPop(out, serial) == QueueStatus::Empty);
    REQUIRE(queue.push(std::make_unique<int>(3)) == QueueStatus::Ok);
    REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
    CHECK(*out == 3);
    CHECK(serial == 1);
}

TEST_CASE("BoundedQueue waits with a deadline already past return Timeout at once", "[queue]") {
    IntQueue queue(1);
    std::unique_ptr<int> out;
    Serial serial = 0;
    CHECK(queue.pop(out, serial, SteadyClock::now() - 1s) == QueueStatus::Timeout);
    CHECK(queue.pop(out, serial, SteadyClock::time_point::min()) == QueueStatus::Timeout);
    CHECK_FALSE(out);

    REQUIRE(queue.push(std::make_unique<int>(1)) == QueueStatus::Ok);
    auto item = std::make_unique<int>(2);
    CHECK(queue.pushUntil(std::move(item), SteadyClock::now() - 1s) == QueueStatus::Timeout);
    REQUIRE(item);

    // A past deadline does not hide what is already there.
    REQUIRE(queue.pop(out, serial, SteadyClock::now() - 1s) == QueueStatus::Ok);
    CHECK(*out == 1);
    CHECK(queue.pushUntil(std::move(item), SteadyClock::now() - 1s) == QueueStatus::Ok);
}

TEST_CASE("BoundedQueue pop with a near deadline times out when nothing arrives", "[queue]") {
    IntQueue queue(1);
    std::unique_ptr<int> out;
    Serial serial = 0;
    CHECK(queue.pop(out, serial, SteadyClock::now() + 5ms) == QueueStatus::Timeout);
    CHECK(queue.waitingConsumers() == 0);
}

TEST_CASE("BoundedQueue bounded by bytes admits items while their total fits", "[queue]") {
    using Bytes = std::unique_ptr<std::vector<char>>;
    const auto make = [](std::size_t n) { return std::make_unique<std::vector<char>>(n); };
    BoundedQueue<Bytes> queue(QueueLimits{0, 100}, [](const Bytes& b) { return b->size(); });
    Bytes out;
    Serial serial = 0;

    REQUIRE(queue.tryPush(make(60)) == QueueStatus::Ok);
    auto tooBig = make(50);
    CHECK(queue.tryPush(std::move(tooBig)) == QueueStatus::Full);
    REQUIRE(tooBig);
    REQUIRE(queue.tryPush(make(40)) == QueueStatus::Ok); // exactly at the limit
    CHECK(queue.bytes() == 100);
    CHECK(queue.tryPush(make(1)) == QueueStatus::Full);

    REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
    CHECK(out->size() == 60);
    CHECK(queue.bytes() == 40);
    CHECK(queue.tryPush(std::move(tooBig)) == QueueStatus::Ok);
    CHECK(queue.bytes() == 90);

    SECTION("an item larger than the limit still fits into an empty queue") {
        queue.flush();
        REQUIRE(queue.tryPush(make(500)) == QueueStatus::Ok);
        CHECK(queue.bytes() == 500);
        CHECK(queue.tryPush(make(1)) == QueueStatus::Full);
        REQUIRE(queue.tryPop(out, serial) == QueueStatus::Ok);
        CHECK(queue.bytes() == 0);
        CHECK(queue.tryPush(make(1)) == QueueStatus::Ok);
    }
    SECTION("a count limit applies as well") {
        BoundedQueue<Bytes> both(QueueLimits{2, 1000}, [](const Bytes& b) { return b->size(); });
        REQUIRE(both.tryPush(make(1)) == QueueStatus::Ok);
        REQUIRE(both.tryPush(make(1)) == QueueStatus::Ok);
        CHECK(both.tryPush(make(1)) == QueueStatus::Full);
        CHECK(both.bytes() == 2);
    }
}

TEST_CASE("BoundedQueue refuses a byte limit without a byte-size function", "[queue]") {
    CHECK_THROWS_AS(IntQueue(QueueLimits{4, 100}), std::invalid_argument);
    CHECK_NOTHROW(IntQueue(QueueLimits{4, 0}));
}

TEST_CASE("BoundedQueue moves items and never copies them", "[queue]") {
    BoundedQueue<MoveOnly> moveOnly(4);
    MoveOnly item(42);
    REQUIRE(moveOnly.push(std::move(item)) == QueueStatus::Ok);
    CHECK(item.value == -1); // moved from on Ok
    MoveOnly out(0);
    Serial serial = 0;
    REQUIRE(moveOnly.tryPop(out, serial) == QueueStatus::Ok);
    CHECK(out.value == 42);

    CopyCounter::copies = 0;
    BoundedQueue<CopyCounter> counted(QueueLimits{4, 0}, [](const CopyCounter&) { return 1u; });
    for (int i = 0; i < 3; ++i) {
        CopyCounter c;
        REQUIRE(counted.push(std::move(c)) == QueueStatus::Ok);
    }
    CopyCounter c;
    REQUIRE(counted.tryPush(std::move(c)) == QueueStatus::Ok);
    CopyCounter d;
    CHECK(counted.tryPush(std::move(d)) == QueueStatus::Full);
    CopyCounter popped;
    REQUIRE(counted.pop(popped, serial) == QueueStatus::Ok);
    REQUIRE(counted.pop(popped, serial, hangGuardDeadline()) == QueueStatus::Ok);
    counted.flush();
    CHECK(CopyCounter::copies == 0);
}

TEST_CASE("BoundedQueue hands every item to exactly one consumer under contention", "[queue]") {
    constexpr int kProducers = 4;
    constexpr int kConsumers = 4;
    constexpr int kItemsPerProducer = 25'000; // 100k in all

    // A small count-bounded queue, and a byte-bounded one whose items have different sizes (so
    // producers wait for different amounts of room).
    const auto [limits, byteSize] = GENERATE(table<QueueLimits, IntQueue::ByteSize>({
        {QueueLimits{16, 0}, IntQueue::ByteSize{}},
        {QueueLimits{0, 64}, IntQueue::ByteSize{[](const std::unique_ptr<int>& p) -> std::size_t {
             return p ? static_cast<std::size_t>(*p % 13) + 1 : 1;
         }}},
    }));
    IntQueue queue(limits, byteSize);

    std::vector<std::vector<int>> seen(kConsumers);
    std::atomic<int> failures{0};
    std::vector<std::thread> consumers;
    for (int c = 0; c < kConsumers; ++c) {
        consumers.emplace_back([&, c] {
            for (;;) {
                std::unique_ptr<int> item;
                Serial serial = 0;
                if (queue.pop(item, serial, hangGuardDeadline()) != QueueStatus::Ok) {
                    ++failures;
                    return;
                }
                if (!item) {
                    return; // the end marker, one per consumer
                }
                seen[static_cast<std::size_t>(c)].push_back(*item);
            }
        });
    }
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
        producers.emplace_back([&, p] {
            for (int i = 0; i < kItemsPerProducer; ++i) {
                if (queue.pushUntil(std::make_unique<int>(p * kItemsPerProducer + i),
                                    hangGuardDeadline()) != QueueStatus::Ok) {
                    ++failures;
                    return;
                }
            }
        });
    }
    for (auto& producer : producers) {
        producer.join();
    }
    for (int c = 0; c < kConsumers; ++c) {
        if (queue.pushUntil(nullptr, hangGuardDeadline()) != QueueStatus::Ok) {
            ++failures;
        }
    }
    for (auto& consumer : consumers) {
        consumer.join();
    }
    REQUIRE(failures == 0);

    std::vector<int> timesSeen(kProducers * kItemsPerProducer, 0);
    for (const auto& values : seen) {
        // One FIFO: each consumer meets any one producer's items in the order they were pushed.
        std::vector<int> lastFromProducer(kProducers, -1);
        for (int v : values) {
            ++timesSeen[static_cast<std::size_t>(v)];
            int& last = lastFromProducer[static_cast<std::size_t>(v / kItemsPerProducer)];
            if (v <= last) {
                FAIL("item " << v << " came after " << last << " from the same producer");
            }
            last = v;
        }
    }
    std::size_t wrong = 0;
    for (int count : timesSeen) {
        wrong += count == 1 ? 0 : 1;
    }
    CHECK(wrong == 0);
    CHECK(queue.empty());
    CHECK(queue.bytes() == 0);
}
