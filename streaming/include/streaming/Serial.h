#pragma once
// The generation number that makes flush, seek and reconnect safe (ffplay's PacketQueue.serial).
// Every flush of a queue bumps its serial; what was read or decoded before carries the old one and
// is dropped downstream, and a clock set from it reads as invalid.
//
// Threads: a plain value, copied freely. Failure: none.

#include <cstdint>

namespace docent::streaming {

// Only equality is meaningful; serials grow by one per flush and never wrap in practice.
using Serial = std::uint64_t;

} // namespace docent::streaming
