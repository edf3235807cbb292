#pragma once
// Writes timed-ID3 packets with exactly the bytes a test gives into a copy of a clip, through
// FFmpeg's own MPEG-TS muxer: another producer's cue stream, and the way to put malformed tags
// on the wire. Test thread; a failure fails the test (Catch REQUIRE).

#include <cstdint>
#include <filesystem>
#include <vector>

namespace docent::test {

struct RawTag {
    double seconds = 0.0;            // after the clip's first video frame
    std::vector<std::uint8_t> bytes; // the packet payload as muxed
};

// Copies the video and audio of clip into out (MPEG-TS) and adds a timed-ID3 data stream
// carrying tags (in time order).
void muxRawTags(const std::filesystem::path& clip, const std::filesystem::path& out,
                const std::vector<RawTag>& tags);

} // namespace docent::test
