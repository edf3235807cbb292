// WebVTT captions as the scene folder carries them.

#include <catch2/catch.hpp>

#include "hotspots/Captions.h"

using namespace docent::hotspots;

TEST_CASE("WebVTT captions are read with their timing and lines", "[captions]") {
    const std::string vtt =
        "WEBVTT\n\n1\n00:00:02.000 --> 00:00:10.340\n各位，我们先在大厅里停一下。\n\n"
        "NOTE a comment\nspanning lines\n\n"
        "01:05.500 --> 01:07.000 align:start\nTwo\nlines\n\n";
    std::vector<Caption> captions;
    std::string error;
    REQUIRE(parseWebVtt(vtt, captions, error));
    REQUIRE(captions.size() == 2);
    CHECK(captions[0].start == Approx(2.0));
    CHECK(captions[0].end == Approx(10.34));
    CHECK(captions[0].text == "各位，我们先在大厅里停一下。");
    CHECK(captions[1].start == Approx(65.5));
    CHECK(captions[1].text == "Two\nlines");
    CHECK(captionAt(captions, 5.0) == &captions[0]);
    CHECK(captionAt(captions, 10.34) == nullptr);
    CHECK(captionAt(captions, 66.0) == &captions[1]);
}

TEST_CASE("a broken WebVTT file is refused with its line", "[captions]") {
    std::vector<Caption> captions;
    std::string error;
    CHECK_FALSE(parseWebVtt("SRT\n", captions, error));
    CHECK(error.find("line 1") != std::string::npos);
    CHECK_FALSE(
        parseWebVtt("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n", captions, error));
    CHECK(error.find("line 3") != std::string::npos);
}
