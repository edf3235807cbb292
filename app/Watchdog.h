#pragma once
// systemd's service protocol, spoken directly (no libsystemd): READY=1 when the first frame is on
// screen, WATCHDOG=1 pings while the program is healthy, STOPPING=1 on the way out. A ping is
// sent only when a frame reached the screen and the scene's clock moved since the last one, at
// most every half of WATCHDOG_USEC: a hung render loop or a frozen scene stops the pings and
// systemd (WatchdogSec) restarts the kiosk. Without NOTIFY_SOCKET it does nothing.
//
// Render thread. Failure: a socket that cannot be written is ignored (the service manager may be
// gone); nothing here ever stops the program.

#include <chrono>
#include <string>

namespace docent::app {

class Watchdog {
public:
    // Reads NOTIFY_SOCKET (a path, or '@' for the abstract namespace), WATCHDOG_USEC and
    // WATCHDOG_PID (pings only when it names this process, or is unset).
    Watchdog();
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    bool enabled() const { return m_fd >= 0; }
    void ready();
    // After each frame: presented, a frame reached the screen; sceneSeconds, the scene's clock.
    void frame(bool presented, double sceneSeconds);
    void stopping();
    int pings() const { return m_pings; }

private:
    void send(const std::string& message);

    int m_fd = -1;
    std::string m_address; // sockaddr_un path ('\0' first for the abstract namespace)
    std::chrono::steady_clock::duration m_interval{}; // zero: no watchdog pings
    std::chrono::steady_clock::time_point m_lastPing{};
    double m_lastSceneSeconds = -1.0;
    bool m_ready = false;
    int m_pings = 0;
};

} // namespace docent::app
