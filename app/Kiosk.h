#pragma once
// The kiosk's behaviour over time, apart from drawing: when nobody is there the attract loop
// plays (the tour's replay, the camera following the guide, "touch to explore" cycling through
// the venue's languages); a touch starts exploring; after idleSeconds without input a
// "still there?" countdown shows, and at its end everything is reset for the next visitor.
// During a scheduled tour the kiosk plays the live broadcast instead, and goes back to the
// attract loop when the tour ends, the stream ends, or it stays lost longer than the grace
// period. While a visitor watches the live guide (following her) the idle countdown waits.
//
// Pure and clock-driven (every input carries its time), so that days of kiosk life run in a
// test in milliseconds. Render thread. No failure modes.

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "KioskConfig.h"

namespace docent::app {

enum class KioskState { Attract, Explore, Countdown };

const char* kioskStateName(KioskState state);

// What the stream is doing, as the kiosk needs to know it.
enum class KioskStream { None, Playing, Lost, Ended };

struct KioskInputs {
    double seconds = 0.0;  // a monotonic clock (the run's)
    std::time_t wall = 0;  // the wall clock, for the schedule
    bool touched = false;  // any input this frame: touch, click, key, gamepad
    bool following = true; // the visitor follows the guide
    KioskStream stream = KioskStream::None;
};

struct KioskCommands {
    bool resetVisitor = false; // language, camera, cards, volume, ... back to the config's
    bool playLive = false;     // switch the panel to the live broadcast
    bool playReplay = false;   // switch the panel to the replay (the attract loop's)
};

class KioskController {
public:
    // safeMode: the crash-loop breaker tripped: never join the live stream this run.
    KioskController(const KioskConfig& config, bool safeMode);

    KioskCommands update(const KioskInputs& in);

    KioskState state() const { return m_state; }
    bool live() const { return m_live; }
    // Seconds left on the "still there?" countdown (Countdown only).
    double countdownLeft() const { return m_countdownLeft; }
    // The language of the attract call on screen now.
    const std::string& callLanguage() const;
    // Every state change and tour switch as "SECONDS state" (for --stats and tests).
    const std::vector<std::string>& history() const { return m_history; }
    int resets() const { return m_resets; }
    int liveJoins() const { return m_liveJoins; }

private:
    bool tourOn(std::time_t wall) const;
    void enter(KioskState state, double seconds);
    void note(double seconds, const std::string& what);

    KioskConfig m_config;
    bool m_safeMode = false;
    KioskState m_state = KioskState::Attract;
    bool m_started = false;
    bool m_live = false;
    double m_lastInput = 0.0;
    double m_countdownStart = 0.0;
    double m_countdownLeft = 0.0;
    double m_lostSince = -1.0;
    std::time_t m_skipTourUntil = 0; // a tour given up (ended early, lost): not rejoined
    std::size_t m_call = 0;
    std::vector<std::string> m_history;
    int m_resets = 0;
    int m_liveJoins = 0;
};

// The crash-loop breaker. Each kiosk start is noted in file (in the state folder); when this is
// the kMaxQuickStarts-th start within kQuickStartSeconds, the runs before died young (a stream
// that crashes the decoder, a broken GPU driver state) and this one should run without the
// live stream: returns true. clearKioskStarts() after a healthy while or a clean exit.
constexpr int kMaxQuickStarts = 3;
constexpr double kQuickStartSeconds = 120.0;
bool noteKioskStart(const std::filesystem::path& file, std::time_t now);
void clearKioskStarts(const std::filesystem::path& file);

} // namespace docent::app
