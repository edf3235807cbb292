// The docent.cue timed-ID3 payload: written whole, read back whatever FFmpeg's demux passes ate
// from its front, and malformed tags refused with a reason.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "streaming/Cue.h"

using namespace docent::streaming;

namespace {

CueParse parse(const std::vector<std::uint8_t>& bytes, std::size_t eaten = 0) {
    return parseCuePayload(bytes.data() + eaten, bytes.size() - eaten);
}

Cue moonCue() {
    Cue cue;
    cue.hotspot = "moon-harbour";
    cue.sent = "2026-11-30T05:12:03.120Z";
    return cue;
}

} // namespace

TEST_CASE("a cue tag reads back whole and after one, two and three demux passes", "[cue]") {
    const std::vector<std::uint8_t> tag = makeCueTag(moonCue());
    REQUIRE(tag.size() > 30);
    CHECK(std::string(tag.begin(), tag.begin() + 3) == "ID3");
    CHECK(tag[3] == 4); // ID3v2.4
    // 0: the muxer's bytes; 5: one demux pass; 10: two (a bare TXXX frame); 15: three.
    for (const std::size_t eaten : {0u, 5u, 10u, 15u}) {
        INFO(eaten << " bytes eaten");
        const CueParse result = parse(tag, eaten);
        REQUIRE(result.cue.has_value());
        CHECK(result.error.empty());
        CHECK(result.cue->hotspot == std::optional<std::string>("moon-harbour"));
        CHECK(result.cue->sent == "2026-11-30T05:12:03.120Z");
    }
}

TEST_CASE("a cue for no hotspot, with a camera hint and Chinese text, round-trips", "[cue]") {
    Cue between;
    between.sent = "2026-11-30T05:00:00.000Z";
    between.camera = "画廊-a";
    const CueParse result = parse(makeCueTag(between));
    REQUIRE(result.cue.has_value());
    CHECK_FALSE(result.cue->hotspot.has_value());
    CHECK(result.cue->camera == "画廊-a");

    Cue chinese = moonCue();
    chinese.hotspot = "月光-信";
    CHECK(parse(makeCueTag(chinese)).cue->hotspot == std::optional<std::string>("月光-信"));
}

TEST_CASE("other timed metadata is not a cue and not an error", "[cue]") {
    std::vector<std::uint8_t> tag = makeCueTag(moonCue());
    // Another TXXX description of the same length.
    const std::string other = "other.tag!";
    std::copy(other.begin(), other.end(), tag.begin() + 21);
    const CueParse result = parse(tag);
    CHECK_FALSE(result.cue.has_value());
    CHECK(result.error.empty());
}

TEST_CASE("malformed cue tags are refused with a reason", "[cue]") {
    const std::vector<std::uint8_t> good = makeCueTag(moonCue());
    const std::size_t frameSizeAt = 14; // the TXXX frame's synchsafe size
    SECTION("a frame size that runs past the tag") {
        auto bad = good;
        bad[frameSizeAt + 3] = 0x7f;
        bad[frameSizeAt + 2] = 0x7f;
        const CueParse result = parse(bad);
        CHECK_FALSE(result.cue.has_value());
        CHECK(result.error.find("runs past") != std::string::npos);
    }
    SECTION("a size that is not synchsafe") {
        auto bad = good;
        bad[frameSizeAt + 3] |= 0x80;
        CHECK(parse(bad).error.find("synchsafe") != std::string::npos);
    }
    SECTION("an unsynchronised tag") {
        auto bad = good;
        bad[5] = 0x80;
        CHECK(parse(bad).error.find("unsynchronised") != std::string::npos);
        // Also with "ID3" and the version eaten by the demuxer: the flags are still in front.
        CHECK(parse(bad, 5).error.find("unsynchronised") != std::string::npos);
        CHECK(parse(good, 5).cue.has_value());
    }
    SECTION("a tag size that does not cover its frame") {
        auto bad = good;
        bad[9] = 4;
        CHECK(parse(bad).error.find("tag size") != std::string::npos);
        CHECK(parse(bad, 5).error.find("tag size") != std::string::npos);
    }
    SECTION("a truncated frame") {
        const std::vector<std::uint8_t> cut(good.begin(), good.end() - 12);
        // With its frame header left, the size gives it away; without, the JSON does.
        CHECK(parse(cut, 10).error.find("runs past") != std::string::npos);
        const CueParse result = parse(cut, 15);
        CHECK_FALSE(result.cue.has_value());
        CHECK(result.error.find("JSON") != std::string::npos);
    }
    SECTION("an id too long for a cue") {
        // Found by the cue fuzz target: a 4000-byte id was read, and the tag written for it was
        // then too long to read back.
        Cue cue = moonCue();
        cue.hotspot = std::string(129, 'm');
        CHECK(parse(makeCueTag(cue)).error.find("longer than 128 bytes") != std::string::npos);
        cue.hotspot = std::string(128, 'm');
        CHECK(parse(makeCueTag(cue)).cue.has_value());
    }
    SECTION("invalid UTF-8 in the value") {
        auto bad = good;
        bad[bad.size() - 4] = 0xc3; // a lead byte followed by ASCII
        CHECK(parse(bad).error.find("UTF-8") != std::string::npos);
    }
    SECTION("a text encoding other than UTF-8") {
        auto bad = good;
        bad[20] = 1; // UTF-16
        CHECK(parse(bad).error.find("not UTF-8") != std::string::npos);
    }
    SECTION("a JSON without the version or the hotspot") {
        std::vector<std::uint8_t> tag = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0};
        const std::string frameBody = std::string("\x03") + "docent.cue" + '\0' + "{\"v\":2}";
        tag.insert(tag.end(), {'T', 'X', 'X', 'X', 0, 0, 0,
                               static_cast<std::uint8_t>(frameBody.size()), 0, 0});
        tag.insert(tag.end(), frameBody.begin(), frameBody.end());
        tag[9] = static_cast<std::uint8_t>(10 + frameBody.size());
        CHECK(parse(tag).error.find("\"v\": 1") != std::string::npos);
    }
}
