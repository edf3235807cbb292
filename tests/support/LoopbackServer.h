#pragma once
// A TCP server on 127.0.0.1 for tests of hostile network sources: it answers every HTTP request
// with one fixed document (at once, or dripping a byte a second), accepts connections and never
// sends a byte, or resets every connection. (HLS folders are served by nginx: NginxServer.h.)
// Runs its own thread; construct and destroy on the test thread. Failure to listen fails the
// test (Catch REQUIRE).

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace docent::test {

class LoopbackServer {
public:
    enum class Mode {
        Answer, // reply "200 OK" with the body to every request, then close
        Silent, // accept, read nothing, send nothing, hold the connection open
        Drip,   // as Answer, one byte a second (one connection at a time)
        Reset,  // read the request, then reset the connection (TCP RST) without a reply
    };
    explicit LoopbackServer(Mode mode, std::string body = {},
                            std::string contentType = "application/vnd.apple.mpegurl");
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    int port() const { return m_port; }
    std::string url(const std::string& path) const; // http://127.0.0.1:PORT/path
    int connections() const { return m_connections.load(); }

private:
    void serve();

    const Mode m_mode;
    const std::string m_body;
    const std::string m_contentType;
    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_connections{0};
    std::vector<int> m_held; // Silent: open connections (server thread only)
    std::thread m_thread;
};

} // namespace docent::test
