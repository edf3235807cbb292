#pragma once
// A bounded multi-producer/multi-consumer FIFO of move-only items, the hand-off between pipeline
// threads: demux → packet queues (bounded by bytes), decoders → frame queues (bounded by count).
// In the spirit of ffplay's PacketQueue: every item carries the queue's serial from the moment it
// was pushed, flush() drops everything and bumps the serial, abort() wakes every waiter.
//
// Ownership: push*(T&& item) takes the item over only when it returns Ok; on any other status the
// item is left untouched and still belongs to the caller (so a packet that could not be queued can
// be retried or freed by its owner). pop*(T& out, ...) move-assigns into out only on Ok; from then
// on the popped item belongs to the caller. Items dropped by flush()/reset() or left in the queue
// at destruction are destroyed by the queue (outside its lock, so a deleter such as av_packet_free
// never runs while other threads wait on it).
//
// Threads: every member function may be called from any thread at any time, except that the queue
// must outlive every call on it: shut down with abort() → join the threads using it → destroy (or
// reset() to reuse). Blocking calls return early with Aborted when abort() is called.
// Failure: statuses (QueueStatus), never exceptions of its own. std::bad_alloc and exceptions from
// the byte-size function pass through (the latter runs before anything changes, so the item stays
// with the caller). The constructor throws std::invalid_argument for a byte limit without a
// byte-size function.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "streaming/Serial.h"

namespace docent::streaming {

// How a push or pop ended.
enum class QueueStatus {
    Ok,      // the item changed owner
    Full,    // tryPush: no room right now; the caller keeps the item
    Empty,   // tryPop: nothing queued right now
    Timeout, // the deadline passed first (a deadline already past returns at once)
    Aborted, // abort() was called, before or during the wait; returned until start()/reset()
    Flushed, // push: a flush happened while waiting for room; the item predates it (stale) and
             // stays with the caller
};

// "Ok", "Full", ... for logs and test output.
const char* toString(QueueStatus status);

// Capacity. A limit of 0 means that dimension is unbounded (both 0: an unbounded queue).
struct QueueLimits {
    std::size_t maxItems = 0; // items
    std::size_t maxBytes = 0; // bytes, as reported by the queue's byte-size function
};

template <typename T>
class BoundedQueue {
    static_assert(std::is_nothrow_move_constructible_v<T> && std::is_nothrow_move_assignable_v<T>,
                  "queue items must be nothrow movable (e.g. a unique_ptr)");

public:
    using Deadline = std::chrono::steady_clock::time_point;
    // The size an item counts for against maxBytes, e.g. a packet's payload plus its overhead.
    // Called once per push, before the lock is taken; it must not call back into this queue.
    using ByteSize = std::function<std::size_t(const T&)>;

    // A queue of at most maxItems items (0: unbounded).
    explicit BoundedQueue(std::size_t maxItems) : BoundedQueue(QueueLimits{maxItems, 0}) {}

    // With a byteSize function bytes() reports the queued total even when limits.maxBytes is 0.
    // Throws std::invalid_argument when limits.maxBytes > 0 and byteSize is empty.
    explicit BoundedQueue(QueueLimits limits, ByteSize byteSize = {})
        : m_limits(limits), m_byteSize(std::move(byteSize)) {
        if (m_limits.maxBytes > 0 && !m_byteSize) {
            throw std::invalid_argument("BoundedQueue: a byte limit needs a byte-size function");
        }
    }

    BoundedQueue(const BoundedQueue&) = delete;
    BoundedQueue& operator=(const BoundedQueue&) = delete;

    // Waits while the queue is full, then appends item tagged with the serial current when the
    // call began. Ok, Aborted, or Flushed (a flush happened while waiting).
    QueueStatus push(T&& item) { return pushImpl(std::move(item), WaitMode::Forever, {}); }
    // Like push(), but gives up with Timeout once deadline has passed.
    QueueStatus pushUntil(T&& item, Deadline deadline) {
        return pushImpl(std::move(item), WaitMode::UntilDeadline, deadline);
    }
    // Never waits: Ok, Full or Aborted.
    QueueStatus tryPush(T&& item) { return pushImpl(std::move(item), WaitMode::Never, {}); }

    // Waits for an item, then moves the oldest one into out and its serial into serial.
    // Ok or Aborted. Consumers compare serial with serial() (or with the serial they expect) and
    // drop stale items.
    QueueStatus pop(T& out, Serial& serial) { return popImpl(out, serial, WaitMode::Forever, {}); }
    // Like pop(), but gives up with Timeout once deadline has passed.
    QueueStatus pop(T& out, Serial& serial, Deadline deadline) {
        return popImpl(out, serial, WaitMode::UntilDeadline, deadline);
    }
    // Never waits: Ok, Empty or Aborted.
    QueueStatus tryPop(T& out, Serial& serial) { return popImpl(out, serial, WaitMode::Never, {}); }

    // Drops every queued item and bumps the serial. Producers waiting for room return Flushed;
    // consumers waiting for an item keep waiting. Works whether aborted or not.
    void flush() {
        std::deque<Entry> dropped;
        {
            std::lock_guard lock(m_mutex);
            dropped.swap(m_items);
            m_bytes = 0;
            ++m_serial;
        }
        m_notFull.notify_all();
        // dropped's items are destroyed here, after the lock is released.
    }

    // Makes every waiting and future push/pop return Aborted at once (items stay queued) until
    // start() or reset(). The first step of shutdown: abort → join → destroy.
    void abort() {
        {
            std::lock_guard lock(m_mutex);
            m_aborted = true;
        }
        m_notFull.notify_all();
        m_notEmpty.notify_all();
    }

    // Clears the abort and bumps the serial (like ffplay's packet_queue_start): items still queued
    // can be popped but carry the previous serial, so consumers treat them as stale.
    void start() {
        std::lock_guard lock(m_mutex);
        m_aborted = false;
        ++m_serial;
    }

    // flush() then start(): an empty, running queue with a new serial.
    void reset() {
        std::deque<Entry> dropped;
        {
            std::lock_guard lock(m_mutex);
            dropped.swap(m_items);
            m_bytes = 0;
            m_aborted = false;
            ++m_serial;
        }
        m_notFull.notify_all();
    }

    // Snapshots: another thread may change them right after they are read.
    std::size_t size() const {
        std::lock_guard lock(m_mutex);
        return m_items.size();
    }
    bool empty() const { return size() == 0; }
    // Sum of the byte sizes of the queued items (0 without a byte-size function).
    std::size_t bytes() const {
        std::lock_guard lock(m_mutex);
        return m_bytes;
    }
    // The serial new pushes are tagged with. Starts at 0.
    Serial serial() const {
        std::lock_guard lock(m_mutex);
        return m_serial;
    }
    bool aborted() const {
        std::lock_guard lock(m_mutex);
        return m_aborted;
    }
    // Diagnostics (and tests): how many threads are blocked in push or pop right now.
    std::size_t waitingProducers() const {
        std::lock_guard lock(m_mutex);
        return m_waitingProducers;
    }
    std::size_t waitingConsumers() const {
        std::lock_guard lock(m_mutex);
        return m_waitingConsumers;
    }
    const QueueLimits& limits() const { return m_limits; }

private:
    enum class WaitMode { Never, UntilDeadline, Forever };

    struct Entry {
        T item;
        std::size_t bytes = 0;
        Serial serial = 0;
    };

    // Requires m_mutex. An empty queue always takes one item, however large, so an item bigger
    // than maxBytes cannot block its producer forever.
    bool hasRoomFor(std::size_t itemBytes) const {
        if (m_items.empty()) {
            return true;
        }
        if (m_limits.maxItems > 0 && m_items.size() >= m_limits.maxItems) {
            return false;
        }
        // Written so that neither side can overflow (an oversized item may have pushed m_bytes
        // past the limit).
        return m_limits.maxBytes == 0 ||
               itemBytes <= m_limits.maxBytes - std::min(m_bytes, m_limits.maxBytes);
    }

    QueueStatus pushImpl(T&& item, WaitMode mode, Deadline deadline) {
        const std::size_t itemBytes = m_byteSize ? m_byteSize(item) : 0;
        {
            std::unique_lock lock(m_mutex);
            const Serial serialAtCall = m_serial;
            const auto ready = [&] {
                return m_aborted || m_serial != serialAtCall || hasRoomFor(itemBytes);
            };
            if (!ready()) {
                if (mode == WaitMode::Never) {
                    return QueueStatus::Full;
                }
                ++m_waitingProducers;
                if (mode == WaitMode::Forever) {
                    m_notFull.wait(lock, ready);
                } else {
                    m_notFull.wait_until(lock, deadline, ready);
                }
                --m_waitingProducers;
            }
            if (m_aborted) {
                return QueueStatus::Aborted;
            }
            if (m_serial != serialAtCall) {
                return QueueStatus::Flushed;
            }
            if (!hasRoomFor(itemBytes)) {
                return QueueStatus::Timeout;
            }
            // The hand-off: from here on the queue owns the item.
            m_items.push_back(Entry{std::move(item), itemBytes, m_serial});
            m_bytes += itemBytes;
        }
        m_notEmpty.notify_one();
        return QueueStatus::Ok;
    }

    QueueStatus popImpl(T& out, Serial& serial, WaitMode mode, Deadline deadline) {
        {
            std::unique_lock lock(m_mutex);
            const auto ready = [&] { return m_aborted || !m_items.empty(); };
            if (!ready()) {
                if (mode == WaitMode::Never) {
                    return QueueStatus::Empty;
                }
                ++m_waitingConsumers;
                if (mode == WaitMode::Forever) {
                    m_notEmpty.wait(lock, ready);
                } else {
                    m_notEmpty.wait_until(lock, deadline, ready);
                }
                --m_waitingConsumers;
            }
            if (m_aborted) {
                return QueueStatus::Aborted;
            }
            if (m_items.empty()) {
                return QueueStatus::Timeout;
            }
            // The hand-off: from here on the caller owns the item.
            Entry& front = m_items.front();
            out = std::move(front.item);
            serial = front.serial;
            m_bytes -= front.bytes;
            m_items.pop_front();
        }
        // With a byte limit one pop may make room for several small items (or for none, if the
        // waiter holds a large one), so wake every producer; otherwise it frees exactly one slot.
        if (m_limits.maxBytes > 0) {
            m_notFull.notify_all();
        } else {
            m_notFull.notify_one();
        }
        return QueueStatus::Ok;
    }

    const QueueLimits m_limits;
    const ByteSize m_byteSize;

    // Guarded by m_mutex:
    mutable std::mutex m_mutex;
    std::deque<Entry> m_items;
    std::size_t m_bytes = 0;
    Serial m_serial = 0;
    bool m_aborted = false;
    std::size_t m_waitingProducers = 0;
    std::size_t m_waitingConsumers = 0;

    std::condition_variable m_notFull;  // signalled on pop, flush, reset and abort
    std::condition_variable m_notEmpty; // signalled on push and abort
};

} // namespace docent::streaming
