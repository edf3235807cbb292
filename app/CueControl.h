#pragma once
// The producer's cue channel: the producer console (curator mode with --control) fires cues into
// a running docent-broadcast on the same machine. One UDP datagram per cue, "cue HOTSPOT-ID" or
// "cue -" (no hotspot); the broadcaster answers "ok HOTSPOT-ID" once it has taken the cue (it goes
// out on the next video frame) or "error REASON". The channel listens on the loopback interface
// only (udp://127.0.0.1:PORT or udp://[::1]:PORT): cues light hotspots for every viewer, so
// nobody on the network may send them.
//
// Server: open() on the main thread, then serve() on a thread of its own until stop() (any
// thread). Client: the render thread; send() and poll() never block. Failure: false with a
// one-line message naming the URL.

#include <atomic>
#include <functional>
#include <optional>
#include <string>

namespace docent::app {

// A hotspot id as the cue channel carries it: 1 to 64 of a-z, 0-9, '-', '_', '.'.
bool validCueId(const std::string& id);

class CueControlServer {
public:
    CueControlServer() = default;
    ~CueControlServer();
    CueControlServer(const CueControlServer&) = delete;
    CueControlServer& operator=(const CueControlServer&) = delete;

    bool open(const std::string& url, std::string& error);
    // Receives cues until stop(), calling fire for each valid one and answering the sender.
    void serve(const std::function<void(const std::optional<std::string>&)>& fire);
    void stop() { m_stop.store(true); }

private:
    int m_socket = -1;
    std::atomic<bool> m_stop{false};
};

class CueControlClient {
public:
    CueControlClient() = default;
    ~CueControlClient();
    CueControlClient(const CueControlClient&) = delete;
    CueControlClient& operator=(const CueControlClient&) = delete;

    bool open(const std::string& url, std::string& error);
    bool send(const std::optional<std::string>& hotspot, std::string& error);
    // An answer that has arrived ("ok ID", "error REASON"), if any.
    std::optional<std::string> poll();
    const std::string& url() const { return m_url; }

private:
    int m_socket = -1;
    std::string m_url;
};

} // namespace docent::app
