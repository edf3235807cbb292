#include "Kiosk.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <system_error>

namespace docent::app {

constexpr std::size_t kMaxHistory = 1000; // a week of kiosk life keeps its latest changes

const char* kioskStateName(KioskState state) {
    switch (state) {
    case KioskState::Attract:
        return "attract";
    case KioskState::Explore:
        return "explore";
    case KioskState::Countdown:
        return "countdown";
    }
    return "attract";
}

KioskController::KioskController(const KioskConfig& config, bool safeMode)
    : m_config(config), m_safeMode(safeMode) {
    if (m_config.languages.empty()) {
        m_config.languages = {"en"};
    }
}

const std::string& KioskController::callLanguage() const {
    return m_config.languages[m_call % m_config.languages.size()];
}

bool KioskController::tourOn(std::time_t wall) const {
    for (const KioskTour& tour : m_config.tours) {
        const std::time_t end = tour.start + static_cast<std::time_t>(tour.minutes * 60.0);
        if (wall >= tour.start && wall < end && wall >= m_skipTourUntil) {
            return true;
        }
    }
    return false;
}

void KioskController::note(double seconds, const std::string& what) {
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%.2f ", seconds);
    m_history.push_back(stamp + what);
    if (m_history.size() > kMaxHistory) {
        m_history.erase(m_history.begin(),
                        m_history.begin() + static_cast<long>(m_history.size() - kMaxHistory));
    }
}

void KioskController::enter(KioskState state, double seconds) {
    if (state == m_state && m_started) {
        return;
    }
    m_state = state;
    note(seconds, kioskStateName(state));
}

KioskCommands KioskController::update(const KioskInputs& in) {
    KioskCommands out;
    if (!m_started) {
        enter(KioskState::Attract, in.seconds);
        m_started = true;
        m_lastInput = in.seconds;
        out.playReplay = true;
    }

    // The schedule: join a tour as it starts, leave when it ends, ends early or stays lost.
    const bool on = !m_safeMode && tourOn(in.wall);
    if (on && !m_live) {
        m_live = true;
        m_lostSince = -1.0;
        ++m_liveJoins;
        note(in.seconds, "live");
        out.playLive = true;
    } else if (m_live) {
        if (in.stream == KioskStream::Lost || in.stream == KioskStream::None) {
            if (m_lostSince < 0.0) {
                m_lostSince = in.seconds;
            }
        } else {
            m_lostSince = -1.0;
        }
        const bool lostTooLong =
            m_lostSince >= 0.0 && in.seconds - m_lostSince >= m_config.graceSeconds;
        if (!on || in.stream == KioskStream::Ended || lostTooLong) {
            if (on) {
                // Given up before its scheduled end: not rejoined until that end.
                for (const KioskTour& tour : m_config.tours) {
                    const std::time_t end =
                        tour.start + static_cast<std::time_t>(tour.minutes * 60.0);
                    if (in.wall >= tour.start && in.wall < end) {
                        m_skipTourUntil = end;
                    }
                }
            }
            m_live = false;
            note(in.seconds, lostTooLong ? "replay (live lost)" : "replay");
            out.playReplay = true;
        }
    }

    // The visitor.
    if (in.touched) {
        m_lastInput = in.seconds;
        if (m_state != KioskState::Explore) {
            enter(KioskState::Explore, in.seconds);
        }
    }
    // Watching the live guide is not being idle.
    if (m_live && in.following && m_state == KioskState::Explore) {
        m_lastInput = in.seconds;
    }
    const double idle = in.seconds - m_lastInput;
    if (m_state == KioskState::Explore && idle >= m_config.idleSeconds) {
        enter(KioskState::Countdown, in.seconds);
        m_countdownStart = in.seconds;
    }
    if (m_state == KioskState::Countdown) {
        m_countdownLeft = m_config.countdownSeconds - (in.seconds - m_countdownStart);
        if (m_countdownLeft <= 0.0) {
            m_countdownLeft = 0.0;
            ++m_resets;
            out.resetVisitor = true;
            enter(KioskState::Attract, in.seconds);
        }
    }
    if (m_state == KioskState::Attract) {
        m_call = static_cast<std::size_t>(std::floor(in.seconds / m_config.attractCallSeconds));
    }
    return out;
}

} // namespace docent::app

namespace docent::app {

bool noteKioskStart(const std::filesystem::path& file, std::time_t now) {
    std::vector<long long> starts;
    {
        std::ifstream in(file);
        long long t = 0;
        while (in >> t) {
            if (static_cast<double>(now - t) < kQuickStartSeconds && t <= now) {
                starts.push_back(t);
            }
        }
    }
    starts.push_back(now);
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    std::ofstream out(file, std::ios::trunc);
    for (const long long t : starts) {
        out << t << "\n";
    }
    return static_cast<int>(starts.size()) >= kMaxQuickStarts;
}

void clearKioskStarts(const std::filesystem::path& file) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
}

} // namespace docent::app
