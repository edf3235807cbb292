#pragma once
// A small fixed-seed random generator for the gallery generator. The output must be the same
// bytes on every run and every platform, which std::mt19937 with the standard distributions does
// not promise (the distributions are implementation-defined), so this is PCG32 (XSH-RR) with its
// own float and integer mappings. Plain value: one per thread of use.

#include <cstdint>

namespace docent::tools {

class Pcg32 {
public:
    explicit Pcg32(std::uint64_t seed, std::uint64_t stream = 0x5eed) {
        m_increment = (stream << 1u) | 1u;
        next();
        m_state += seed;
        next();
    }

    std::uint32_t next() {
        const std::uint64_t old = m_state;
        m_state = old * kMultiplier + m_increment;
        const auto xorShifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
        const auto rotation = static_cast<std::uint32_t>(old >> 59u);
        return (xorShifted >> rotation) | (xorShifted << ((32u - rotation) & 31u));
    }

    // Uniform in [0, 1): the top 24 bits, so every value is exact in a float.
    float uniform() { return static_cast<float>(next() >> 8u) * (1.0f / 16777216.0f); }
    float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
    // Uniform in [-1, 1).
    float symmetric() { return uniform(-1.0f, 1.0f); }
    // Uniform integer in [0, n), by multiply-shift (bias below 2^-32 per value, irrelevant here).
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next()) * n) >> 32u);
    }

private:
    static constexpr std::uint64_t kMultiplier = 6364136223846793005ull; // PCG's LCG multiplier

    std::uint64_t m_state = 0;
    std::uint64_t m_increment = 0;
};

} // namespace docent::tools
