#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hotspots/UrlAllowlist.h"

using namespace docent::hotspots;

TEST_CASE("A URL is allowed by a prefix as a URL, not as text", "[urlpolicy]") {
    const std::vector<std::string> scene{"http://127.0.0.1:8080/docent/",
                                         "udp://127.0.0.1:", "https://museum.example/live"};
    CHECK(urlAllowedBy("http://127.0.0.1:8080/docent/index.m3u8", scene));
    CHECK(urlAllowedBy("HTTP://127.0.0.1:8080/docent/seg001.ts", scene));
    CHECK(urlAllowedBy("udp://127.0.0.1:5000", scene));
    CHECK(urlAllowedBy("udp://127.0.0.1:6000?overrun_nonfatal=1", scene));
    CHECK(urlAllowedBy("https://MUSEUM.example/live/index.m3u8", scene));
    // Another port, another folder, a climb out of the folder, user info hiding the real host.
    CHECK_FALSE(urlAllowedBy("http://127.0.0.1:8081/docent/index.m3u8", scene));
    CHECK_FALSE(urlAllowedBy("http://127.0.0.1:8080/private/key.bin", scene));
    CHECK_FALSE(urlAllowedBy("http://127.0.0.1:8080/docent/../private/key.bin", scene));
    CHECK_FALSE(urlAllowedBy("http://127.0.0.1:8080/docent/%2e%2e/private/key.bin", scene));
    CHECK_FALSE(urlAllowedBy("http://127.0.0.1:8080/docent/..%2Fprivate", scene));
    CHECK_FALSE(urlAllowedBy("https://museum.example@attacker.example/live/x.ts", scene));
    CHECK_FALSE(urlAllowedBy("https://museum.example.attacker.example/live/x.ts", scene));
    CHECK_FALSE(urlAllowedBy("https://museum.example:8443/live/x.ts", scene));
    CHECK_FALSE(urlAllowedBy("udp://10.0.0.1:5000", scene));
    CHECK_FALSE(urlAllowedBy("file:///etc/passwd", scene));
    CHECK_FALSE(urlAllowedBy("/etc/passwd", scene));
    CHECK_FALSE(urlAllowedBy("srt://127.0.0.1:9000", scene));
    // Without a scene's list: https, srt and udp anywhere; plain http nowhere.
    CHECK(urlAllowedBy("https://cdn.example/x/index.m3u8", defaultStreamAllowlist()));
    CHECK(urlAllowedBy("srt://10.1.2.3:9000", defaultStreamAllowlist()));
    CHECK_FALSE(urlAllowedBy("http://cdn.example/x/index.m3u8", defaultStreamAllowlist()));
    CHECK_FALSE(urlAllowedBy("rtmp://cdn.example/live", defaultStreamAllowlist()));
}

TEST_CASE("A scene without an allowlist gets the default one", "[urlpolicy]") {
    SceneManifest manifest;
    CHECK(streamAllowlist(manifest) == defaultStreamAllowlist());
    manifest.allowlist = {"http://127.0.0.1:8080/docent/"};
    CHECK(streamAllowlist(manifest) == manifest.allowlist);
}
