#include <chrono>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "streaming/MediaSource.h"
#include "streaming/UrlPolicy.h"
#include "support/LoopbackServer.h"

using namespace docent::streaming;
using namespace std::chrono_literals;
using docent::test::LoopbackServer;

namespace {

// Hang guard only: each source below ends on its own deadline long before this.
constexpr auto kHangGuard = 60s;

MediaSourceOptions httpOptions(const std::string& url) {
    MediaSourceOptions options;
    options.protocolWhitelist = sourcePolicyFor(url).protocols;
    options.formatWhitelist = sourcePolicyFor(url).formats;
    return options;
}

// Waits for the source to give up, and for the frames it never delivers.
std::string failureOf(MediaSource& source) {
    REQUIRE(source.waitWhileConnecting(std::chrono::steady_clock::now() + kHangGuard) ==
            MediaSource::State::Error);
    VideoFrame frame;
    CHECK(source.popVideoFrame(frame, std::chrono::steady_clock::now() + kHangGuard) ==
          MediaSource::PopResult::EndOfStream);
    CHECK(source.error().find('\n') == std::string::npos);
    return source.error();
}

} // namespace

TEST_CASE("A server that resets every connection is an error naming the stream", "[hostile]") {
    LoopbackServer server(LoopbackServer::Mode::Reset);
    const std::string url = server.url("live/index.m3u8");
    MediaSource source(url, httpOptions(url));
    const std::string error = failureOf(source);
    INFO(error);
    CHECK(error.find(url) != std::string::npos);
    CHECK(server.connections() >= 1);
}

TEST_CASE("A server that drips its playlist a byte a second times out while opening", "[hostile]") {
    LoopbackServer server(LoopbackServer::Mode::Drip,
                          "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n");
    const std::string url = server.url("live/index.m3u8");
    MediaSourceOptions options = httpOptions(url);
    options.openTimeout = 3s; // each byte comes in time for a read; only the whole open is late
    MediaSource source(url, options);
    const std::string error = failureOf(source);
    INFO(error);
    CHECK(error.find(url) != std::string::npos);
    CHECK(error.find("timed out after 3000 ms while opening") != std::string::npos);
}

TEST_CASE("A server that answers garbage for a playlist is not a media format", "[hostile]") {
    std::mt19937 random(20261130);
    std::string garbage(16384, '\0');
    for (char& c : garbage) {
        c = static_cast<char>(random());
    }
    LoopbackServer server(LoopbackServer::Mode::Answer, garbage);
    const std::string url = server.url("live/index.m3u8");
    MediaSource source(url, httpOptions(url));
    const std::string error = failureOf(source);
    INFO(error);
    CHECK(error.find(url) != std::string::npos);
}
