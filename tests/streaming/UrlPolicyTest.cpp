#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "streaming/MediaSource.h"
#include "streaming/UrlPolicy.h"
#include "support/NginxServer.h"
#include "support/TestPaths.h"

using namespace docent::streaming;
using namespace std::chrono_literals;

namespace {

namespace fs = std::filesystem;

// Hang guard only: every wait ends on an event long before this.
constexpr auto kHangGuard = 30s;

std::chrono::steady_clock::time_point hangGuard() {
    return std::chrono::steady_clock::now() + kHangGuard;
}

// An HLS folder (2 s of testsrc2 in 1 s segments) under root/hls, made once by the ffmpeg CLI.
fs::path hlsFolder() {
    const fs::path root = docent::test::outputDir("url-policy");
    const fs::path folder = root / "hls";
    if (!fs::exists(folder / "index.m3u8")) {
        fs::create_directories(folder);
        const std::string command =
            "ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=size=160x90:rate=25 -t 2 "
            "-c:v libx264 -g 25 -pix_fmt yuv420p -f hls -hls_time 1 -hls_list_size 0 "
            "-hls_segment_filename '" +
            (folder / "seg%03d.ts").string() + "' '" + (folder / "index.m3u8").string() + "'";
        REQUIRE(std::system(command.c_str()) == 0);
    }
    return root;
}

// Writes root/NAME/index.m3u8: the HLS folder's playlist with each segment named by `rename`.
void writePlaylist(const fs::path& root, const std::string& name,
                   const std::string& segmentPrefix) {
    std::ifstream in(root / "hls" / "index.m3u8");
    std::stringstream text;
    text << in.rdbuf();
    fs::create_directories(root / name);
    std::ofstream(root / name / "index.m3u8")
        << std::regex_replace(text.str(), std::regex("(seg[0-9]+\\.ts)"), segmentPrefix + "$1");
}

int framesOf(MediaSource& source) {
    int frames = 0;
    VideoFrame frame;
    while (source.popVideoFrame(frame, hangGuard()) == MediaSource::PopResult::Frame) {
        ++frames;
    }
    return frames;
}

} // namespace

TEST_CASE("Each kind of source gets its own protocols and formats, never file with a network",
          "[urlpolicy]") {
    const SourcePolicy file = sourcePolicyFor("/srv/tour.ts");
    CHECK(file.protocols == "file");
    CHECK(file.formats == "mpegts,matroska,mov");
    CHECK_FALSE(file.network);
    CHECK(sourcePolicyFor("file:///srv/tour.ts").protocols == "file");
    const SourcePolicy hls = sourcePolicyFor("HTTPS://museum.example/live/index.m3u8");
    CHECK(hls.protocols == "http,https,tcp,tls,crypto");
    CHECK(hls.formats == "hls,mpegts");
    CHECK(hls.network);
    CHECK(sourcePolicyFor("srt://127.0.0.1:9000").protocols == "srt,udp");
    CHECK(sourcePolicyFor("srt://127.0.0.1:9000").formats == "mpegts");
    CHECK(sourcePolicyFor("udp://127.0.0.1:5000").formats == "mpegts");
    CHECK(sourcePolicyFor("rtmp://127.0.0.1/live").formats == "flv");
    CHECK(sourcePolicyFor("gopher://127.0.0.1/").protocols.empty());
    CHECK(sourcePolicyFor("concat:a.ts|b.ts").protocols == "file"); // a path, not a scheme
    for (const char* url : {"https://a/", "srt://a:1", "udp://a:1", "rtmp://a/"}) {
        INFO(url);
        CHECK(sourcePolicyFor(url).protocols.find("file") == std::string::npos);
    }
}

TEST_CASE("A playlist on the allowlist plays, one whose segments leave it is refused",
          "[urlpolicy][nginx]") {
    const fs::path root = hlsFolder();
    writePlaylist(root, "escape", "../hls/");
    docent::test::NginxServer server(root);
    MediaSourceOptions options;
    options.protocolWhitelist = sourcePolicyFor(server.url("")).protocols;
    options.formatWhitelist = sourcePolicyFor(server.url("")).formats;

    // The scene's check stands in as a plain prefix test here (tests/hotspots has the real one).
    const auto under = [](std::string prefix) {
        return [prefix](const std::string& url) { return url.rfind(prefix, 0) == 0; };
    };
    options.allowUrl = under(server.url("hls/"));
    MediaSource allowed(server.url("hls/index.m3u8"), options);
    CHECK(framesOf(allowed) == 50);
    CHECK(allowed.error().empty());

    // The variant playlist is on the list, its segments (one folder up and over) are not.
    options.allowUrl = under(server.url("escape/"));
    MediaSource escaping(server.url("escape/index.m3u8"), options);
    CHECK(framesOf(escaping) == 0);
    REQUIRE(escaping.state() == MediaSource::State::Error);
    INFO(escaping.error());
    CHECK(escaping.error().find(server.url("escape/index.m3u8")) != std::string::npos);
    CHECK(escaping.error().find("/hls/seg") != std::string::npos);
    CHECK(escaping.error().find("not on the allowlist") != std::string::npos);
}

TEST_CASE("An https stream with a certificate nobody vouches for is refused",
          "[urlpolicy][nginx]") {
    const fs::path root = hlsFolder();
    docent::test::NginxServer server(root, docent::test::NginxServer::Scheme::HttpsSelfSigned);
    const std::string url = server.url("hls/index.m3u8");
    REQUIRE(url.rfind("https://", 0) == 0);
    MediaSourceOptions options;
    options.protocolWhitelist = sourcePolicyFor(url).protocols;
    options.formatWhitelist = sourcePolicyFor(url).formats;
    MediaSource source(url, options);
    CHECK(framesOf(source) == 0);
    REQUIRE(source.state() == MediaSource::State::Error);
    INFO(source.error());
    CHECK(source.error().find(url) != std::string::npos);
    CHECK(source.error().find("certificate") != std::string::npos);
}

TEST_CASE("A decoder that is not on the whitelist is refused by name", "[urlpolicy]") {
    const fs::path clip = docent::test::outputDir("url-policy") / "mpeg4.mkv";
    if (!fs::exists(clip)) {
        const std::string command =
            "ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=size=160x90:rate=25 -t 1 "
            "-c:v mpeg4 '" +
            clip.string() + "'";
        REQUIRE(std::system(command.c_str()) == 0);
    }
    MediaSource source(clip.string());
    CHECK(framesOf(source) == 0);
    REQUIRE(source.state() == MediaSource::State::Error);
    INFO(source.error());
    CHECK(source.error().find("codec mpeg4 is refused") != std::string::npos);
}
