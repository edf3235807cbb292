#include "Quality.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace docent::app {

namespace {

constexpr int kLevels = static_cast<int>(kQualityLevels.size());
constexpr std::size_t kKeptFrames = 64;
constexpr std::size_t kRecentFrames = 5; // the median of these decides a step down

// The value below which a share `q` (0..1) of the last `count` frames lies. Sorted in a copy on
// the stack: the governor runs every frame and allocates nothing.
double quantile(const std::vector<double>& frames, std::size_t count, double q) {
    std::array<double, kKeptFrames> values{};
    count = std::min({count, frames.size(), kKeptFrames});
    std::copy(frames.end() - static_cast<std::ptrdiff_t>(count), frames.end(), values.begin());
    const auto end = values.begin() + static_cast<std::ptrdiff_t>(count);
    const std::size_t k =
        std::min(count - 1, static_cast<std::size_t>(q * static_cast<double>(count)));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), end);
    return values[k];
}

} // namespace

std::optional<int> qualityLevelByName(std::string_view name) {
    for (int level = 0; level < kLevels; ++level) {
        if (name == kQualityLevels[static_cast<std::size_t>(level)].name) {
            return level;
        }
    }
    return std::nullopt;
}

int qualityMsaa(int level, int msaa) {
    return std::max(1, std::min(msaa, kQualityLevels[static_cast<std::size_t>(level)].maxMsaa));
}

double qualityCost(int level, int msaa) {
    constexpr double kFixed = 0.25;
    const auto cost = [msaa](int l) {
        const QualityLevel& q = kQualityLevels[static_cast<std::size_t>(l)];
        const double scale = q.renderScale;
        return kFixed + scale * scale *
                            (1.0 + 0.5 * static_cast<double>(qualityMsaa(l, msaa) - 1)) *
                            (q.simpleShading ? 0.6 : 1.0);
    };
    return cost(level) / cost(0);
}

QualityGovernor::QualityGovernor(double targetMs, int msaa, int startLevel)
    : m_targetMs(targetMs), m_msaa(msaa), m_level(std::clamp(startLevel, 0, kLevels - 1)) {
    m_frames.reserve(kKeptFrames);
    m_backoff.fill(kFirstBackoff);
}

void QualityGovernor::changeTo(int level, double nowSeconds) {
    m_level = level;
    ++m_changes;
    m_frames.clear();
    m_skipNext = true;
    m_levelSince = nowSeconds;
}

bool QualityGovernor::addFrame(double busyMs, double nowSeconds) {
    if (m_lastSeconds >= 0.0 && nowSeconds > m_lastSeconds) {
        m_secondsAt[static_cast<std::size_t>(m_level)] += nowSeconds - m_lastSeconds;
    }
    m_lastSeconds = nowSeconds;
    if (m_levelSince < 0.0) {
        m_levelSince = nowSeconds;
        m_warmUpUntil = nowSeconds + kWarmUpSeconds;
    }
    if (nowSeconds < m_warmUpUntil) {
        m_levelSince = nowSeconds;
        return false;
    }
    if (m_skipNext) {
        m_skipNext = false;
        return false;
    }
    if (m_frames.size() == kKeptFrames) {
        m_frames.erase(m_frames.begin());
    }
    m_frames.push_back(busyMs);

    // Down: the typical recent frame misses the target. Go to the best level the cost model
    // says fits, or the cheapest.
    if (m_level + 1 < kLevels && static_cast<int>(m_frames.size()) >= kDownFrames) {
        const double typical = quantile(m_frames, kRecentFrames, 0.5);
        if (typical > m_targetMs) {
            int next = m_level + 1;
            const double here = qualityCost(m_level, m_msaa);
            while (next + 1 < kLevels &&
                   typical * qualityCost(next, m_msaa) / here > m_targetMs * kDownTarget) {
                ++next;
            }
            const auto left = static_cast<std::size_t>(m_level);
            m_retryAfter[left] = nowSeconds + m_backoff[left];
            m_backoff[left] = std::min(kMaxBackoff, m_backoff[left] * 2.0);
            changeTo(next, nowSeconds);
            return true;
        }
    }
    // Up: a calm spell, and even the slow frames scaled to the level above would fit.
    if (m_level > 0 && nowSeconds - m_levelSince >= kUpSeconds &&
        static_cast<int>(m_frames.size()) >= kUpFrames &&
        nowSeconds >= m_retryAfter[static_cast<std::size_t>(m_level - 1)]) {
        const double slow = quantile(m_frames, m_frames.size(), 0.9);
        const double predicted =
            slow * qualityCost(m_level - 1, m_msaa) / qualityCost(m_level, m_msaa);
        if (predicted < m_targetMs * kUpHeadroom) {
            changeTo(m_level - 1, nowSeconds);
            return true;
        }
    }
    return false;
}

} // namespace docent::app
