#include "support/LoopbackServer.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace docent::test {
namespace {

constexpr int kPollMs = 50;   // how often the server thread looks at the stop flag
constexpr int kDripMs = 1000; // Drip: one byte a second

} // namespace

LoopbackServer::LoopbackServer(Mode mode, std::string body, std::string contentType)
    : m_mode(mode), m_body(std::move(body)), m_contentType(std::move(contentType)) {
    m_listener = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(m_listener >= 0);
    const int yes = 1;
    setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(m_listener, 16) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
}

LoopbackServer::~LoopbackServer() {
    m_stop.store(true);
    m_thread.join();
    for (const int fd : m_held) {
        close(fd);
    }
    close(m_listener);
}

std::string LoopbackServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/" + path;
}

void LoopbackServer::serve() {
    while (!m_stop.load()) {
        pollfd p{m_listener, POLLIN, 0};
        if (poll(&p, 1, kPollMs) <= 0) {
            continue;
        }
        const int fd = accept(m_listener, nullptr, nullptr);
        if (fd < 0) {
            continue;
        }
        ++m_connections;
        if (m_mode == Mode::Silent) {
            m_held.push_back(fd);
            continue;
        }
        // Read the request head (up to the blank line), then answer and close.
        std::string request;
        char buffer[1024];
        while (request.find("\r\n\r\n") == std::string::npos) {
            pollfd r{fd, POLLIN, 0};
            if (poll(&r, 1, 1000) <= 0) {
                break;
            }
            const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                break;
            }
            request.append(buffer, static_cast<std::size_t>(n));
        }
        if (m_mode == Mode::Reset) {
            const linger abort{1, 0}; // close() sends RST instead of FIN
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
            close(fd);
            continue;
        }
        const std::string status = "200 OK";
        const std::string& body = m_body;
        const std::string& type = m_contentType;
        const std::string response = "HTTP/1.1 " + status + "\r\nContent-Type: " + type +
                                     "\r\nContent-Length: " + std::to_string(body.size()) +
                                     "\r\nConnection: close\r\n\r\n" + body;
        std::size_t sent = 0;
        while (sent < response.size() && !m_stop.load()) {
            std::size_t chunk = response.size() - sent;
            if (m_mode == Mode::Drip) {
                chunk = 1;
                for (int waited = 0; waited < kDripMs && !m_stop.load(); waited += kPollMs) {
                    poll(nullptr, 0, kPollMs);
                }
            }
            const ssize_t n = send(fd, response.data() + sent, chunk, MSG_NOSIGNAL);
            if (n <= 0) {
                break;
            }
            sent += static_cast<std::size_t>(n);
        }
        close(fd);
    }
}

} // namespace docent::test
