#include "CueControl.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace docent::app {
namespace {

constexpr std::size_t kMaxDatagram = 128;
constexpr int kPollMs = 100; // how often serve() looks at stop()

// udp://HOST:PORT with a loopback HOST, resolved numerically.
bool resolve(const std::string& url, sockaddr_storage& address, socklen_t& length,
             std::string& error) {
    const std::string scheme = "udp://";
    if (url.rfind(scheme, 0) != 0) {
        error = url + ": a cue channel is udp://127.0.0.1:PORT";
        return false;
    }
    std::string rest = url.substr(scheme.size());
    std::string host;
    std::string port;
    if (!rest.empty() && rest[0] == '[') {
        const auto close = rest.find(']');
        if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
            error = url + ": expected udp://[::1]:PORT";
            return false;
        }
        host = rest.substr(1, close - 1);
        port = rest.substr(close + 2);
    } else {
        const auto colon = rest.rfind(':');
        if (colon == std::string::npos) {
            error = url + ": no port";
            return false;
        }
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
        error = url + ": not a numeric address and port";
        return false;
    }
    std::memcpy(&address, found->ai_addr, found->ai_addrlen);
    length = found->ai_addrlen;
    freeaddrinfo(found);
    const bool loopback =
        (address.ss_family == AF_INET &&
         (ntohl(reinterpret_cast<sockaddr_in&>(address).sin_addr.s_addr) >> 24) == 127) ||
        (address.ss_family == AF_INET6 &&
         IN6_IS_ADDR_LOOPBACK(&reinterpret_cast<sockaddr_in6&>(address).sin6_addr));
    if (!loopback) {
        error = url + ": the cue channel listens on this machine only (127.0.0.1 or [::1])";
        return false;
    }
    return true;
}

int openSocket(const std::string& url, sockaddr_storage& address, socklen_t& length,
               std::string& error) {
    if (!resolve(url, address, length, error)) {
        return -1;
    }
    const int fd = ::socket(address.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error = url + ": " + std::strerror(errno);
    }
    return fd;
}

} // namespace

bool validCueId(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

CueControlServer::~CueControlServer() {
    if (m_socket >= 0) {
        ::close(m_socket);
    }
}

bool CueControlServer::open(const std::string& url, std::string& error) {
    sockaddr_storage address{};
    socklen_t length = 0;
    m_socket = openSocket(url, address, length, error);
    if (m_socket < 0) {
        return false;
    }
    if (::bind(m_socket, reinterpret_cast<sockaddr*>(&address), length) != 0) {
        error = url + ": cannot listen: " + std::strerror(errno);
        ::close(m_socket);
        m_socket = -1;
        return false;
    }
    return true;
}

void CueControlServer::serve(const std::function<void(const std::optional<std::string>&)>& fire) {
    while (!m_stop.load() && m_socket >= 0) {
        pollfd p{m_socket, POLLIN, 0};
        if (::poll(&p, 1, kPollMs) <= 0) {
            continue;
        }
        char buffer[kMaxDatagram + 1];
        sockaddr_storage from{};
        socklen_t fromLength = sizeof from;
        const ssize_t got = ::recvfrom(m_socket, buffer, kMaxDatagram, 0,
                                       reinterpret_cast<sockaddr*>(&from), &fromLength);
        if (got <= 0) {
            continue;
        }
        std::string message(buffer, static_cast<std::size_t>(got));
        while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) {
            message.pop_back();
        }
        std::string answer;
        if (message.rfind("cue ", 0) != 0) {
            answer = "error expected 'cue HOTSPOT-ID' or 'cue -'";
        } else {
            const std::string id = message.substr(4);
            if (id == "-") {
                fire(std::nullopt);
                answer = "ok -";
            } else if (validCueId(id)) {
                fire(id);
                answer = "ok " + id;
            } else {
                answer = "error not a hotspot id";
            }
        }
        ::sendto(m_socket, answer.data(), answer.size(), 0, reinterpret_cast<sockaddr*>(&from),
                 fromLength);
    }
}

CueControlClient::~CueControlClient() {
    if (m_socket >= 0) {
        ::close(m_socket);
    }
}

bool CueControlClient::open(const std::string& url, std::string& error) {
    sockaddr_storage address{};
    socklen_t length = 0;
    m_socket = openSocket(url, address, length, error);
    if (m_socket < 0) {
        return false;
    }
    if (::connect(m_socket, reinterpret_cast<sockaddr*>(&address), length) != 0) {
        error = url + ": " + std::strerror(errno);
        ::close(m_socket);
        m_socket = -1;
        return false;
    }
    m_url = url;
    return true;
}

bool CueControlClient::send(const std::optional<std::string>& hotspot, std::string& error) {
    const std::string message = "cue " + hotspot.value_or("-");
    if (m_socket < 0 || ::send(m_socket, message.data(), message.size(), 0) < 0) {
        error = m_url + ": cannot send the cue: " + std::strerror(errno);
        return false;
    }
    return true;
}

std::optional<std::string> CueControlClient::poll() {
    if (m_socket < 0) {
        return std::nullopt;
    }
    char buffer[kMaxDatagram + 1];
    const ssize_t got = ::recv(m_socket, buffer, kMaxDatagram, 0);
    if (got < 0 && errno == ECONNREFUSED) {
        return std::string("error nothing listens on ") + m_url +
               " (is docent-broadcast running "
               "with --control?)";
    }
    if (got <= 0) {
        return std::nullopt;
    }
    return std::string(buffer, static_cast<std::size_t>(got));
}

} // namespace docent::app
