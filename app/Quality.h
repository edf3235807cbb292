#pragma once
// The quality setting: the share of the output's pixels the scene is drawn at and its
// multisampling, in named levels from best to cheapest, and the governor that picks a level from
// measured frame times so that the frame rate holds (windows and --realtime runs; headless
// fixed-step runs keep the level they are given, so that their pictures stay reproducible).
//
// The governor is pure arithmetic on the frame times it is fed: it steps down as soon as the
// typical frame of the current level misses the target, jumping as far as the cost model says
// is needed, and steps up one level only after a calm spell at the current one, when the frames
// scaled by the cost model would still fit with room to spare. A level that had to be left is
// not tried again for a while, longer after each failure, so the level settles instead of
// oscillating. Thread: any, one owner.

#include <array>
#include <optional>
#include <string_view>
#include <vector>

namespace docent::app {

struct QualityLevel {
    const char* name;
    float renderScale;  // of the output's width and height
    int maxMsaa;        // the samples asked for (--msaa) are lowered to this
    bool simpleShading; // Renderer::setSimpleShading: diffuse light and base colour only
};

// Best first. The UI and overlays always draw at the full size; only the scene is scaled.
inline constexpr std::array<QualityLevel, 4> kQualityLevels = {{
    {"high", 1.0f, 8, false},
    {"medium", 1.0f, 1, false},
    {"low", 0.75f, 1, true},
    {"lowest", 0.5f, 1, true},
}};

// The level of a name ("high", ...); empty for any other.
std::optional<int> qualityLevelByName(std::string_view name);

// The samples a level draws with when `msaa` were asked for.
int qualityMsaa(int level, int msaa);

// The cost of a frame at a level relative to "high" with `msaa` samples. A frame has a part that
// does not depend on the level (vertices, the UI, the upscale) and a part that grows with the
// scene's pixels, with each extra sample half a pixel's cost and simple shading 0.6 of full
// shading. Fitted to the demo gallery at 1280x720 on Mesa's llvmpipe with 2 cores, where the
// fixed part is a quarter of a single-sampled fully shaded frame: 238, 96, 45 and 30 ms a frame
// at high (4 samples), medium, low and lowest.
double qualityCost(int level, int msaa);

class QualityGovernor {
public:
    // Starts at `startLevel`, aiming for frames of at most `targetMs` of work.
    QualityGovernor(double targetMs, int msaa, int startLevel = 0);

    // One frame's work in milliseconds (not time spent waiting for the display), drawn at
    // level() and finished at `nowSeconds` on a steady clock. True when the level changed:
    // the next frame draws at the new level().
    bool addFrame(double busyMs, double nowSeconds);

    int level() const { return m_level; }
    int changes() const { return m_changes; }
    double targetMs() const { return m_targetMs; }
    // Seconds spent at each level so far.
    const std::array<double, kQualityLevels.size()>& secondsAt() const { return m_secondsAt; }

    // Tuning, public for the tests' arithmetic.
    static constexpr double kWarmUpSeconds = 1.0; // the first frames compile shaders: not counted
    static constexpr int kDownFrames = 4;         // frames at a level before it may be left down
    static constexpr double kUpSeconds = 2.0;     // calm seconds at a level before stepping up
    static constexpr int kUpFrames = 10;          // and at least this many frames
    static constexpr double kUpHeadroom = 0.8;    // the level above must fit in this share
    static constexpr double kDownTarget = 0.95;   // a step down aims for this share
    static constexpr double kFirstBackoff = 5.0;  // seconds before retrying a level left
    static constexpr double kMaxBackoff = 120.0;

private:
    void changeTo(int level, double nowSeconds);

    double m_targetMs;
    int m_msaa;
    int m_level;
    int m_changes = 0;
    bool m_skipNext = true; // the first frame at a level pays for new targets
    double m_levelSince = -1.0;
    double m_warmUpUntil = -1.0;
    double m_lastSeconds = -1.0;
    std::vector<double> m_frames; // busy ms since the level was entered (the newest last)
    std::array<double, kQualityLevels.size()> m_retryAfter{}; // per level, on the steady clock
    std::array<double, kQualityLevels.size()> m_backoff{};
    std::array<double, kQualityLevels.size()> m_secondsAt{};
};

} // namespace docent::app
