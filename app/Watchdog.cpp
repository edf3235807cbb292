#include "Watchdog.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace docent::app {

Watchdog::Watchdog() {
    const char* socketPath = std::getenv("NOTIFY_SOCKET");
    if (!socketPath || !*socketPath || std::strlen(socketPath) >= sizeof(sockaddr_un::sun_path)) {
        return;
    }
    m_address = socketPath;
    if (m_address[0] == '@') {
        m_address[0] = '\0';
    } else if (m_address[0] != '/') {
        return; // vsock and other forms: not spoken here
    }
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const char* usec = std::getenv("WATCHDOG_USEC");
    const char* pid = std::getenv("WATCHDOG_PID");
    const bool forUs = !pid || std::strtol(pid, nullptr, 10) == static_cast<long>(::getpid());
    if (usec && forUs) {
        const long long micro = std::strtoll(usec, nullptr, 10);
        if (micro > 0) {
            // Twice per period, as sd_watchdog_enabled(3) advises.
            m_interval = std::chrono::microseconds(micro / 2);
        }
    }
}

Watchdog::~Watchdog() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void Watchdog::send(const std::string& message) {
    if (m_fd < 0) {
        return;
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, m_address.data(), m_address.size());
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + m_address.size());
    ::sendto(m_fd, message.data(), message.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
             reinterpret_cast<const sockaddr*>(&address), length);
}

void Watchdog::ready() {
    if (!m_ready) {
        m_ready = true;
        send("READY=1\nSTATUS=showing the gallery");
    }
}

void Watchdog::frame(bool presented, double sceneSeconds) {
    if (m_fd < 0 || !presented || sceneSeconds <= m_lastSceneSeconds) {
        return;
    }
    if (!m_ready) {
        ready();
    }
    if (m_interval == std::chrono::steady_clock::duration::zero()) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (m_pings > 0 && now - m_lastPing < m_interval) {
        return;
    }
    m_lastPing = now;
    m_lastSceneSeconds = sceneSeconds;
    ++m_pings;
    send("WATCHDOG=1");
}

void Watchdog::stopping() {
    send("STOPPING=1");
}

} // namespace docent::app
