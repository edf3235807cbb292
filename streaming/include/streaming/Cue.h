#pragma once
// Cues carried inside the broadcast (DESIGN.md, "The broadcast and its cues"; the byte format is
// in docs/CUE_FORMAT.md): a timed-ID3 data stream in MPEG-TS whose every packet is an ID3v2.4 tag
// with one TXXX frame, description "docent.cue", value a UTF-8 JSON object
//   {"v": 1, "hotspot": "<id>" | null, "sent": "<RFC 3339 UTC, milliseconds>", ...}
// on the video's 90 kHz pts clock.
//
// Reading: every FFmpeg demux pass drops 5 bytes from the front of such a payload (and a remux
// with -c copy keeps what is left), so parseCuePayload() finds the "docent.cue" description
// wherever it is in the payload and reads the JSON after it: from a whole tag, the tag less
// 5 bytes, a bare TXXX frame, or less. Whatever header bytes remain are checked (sizes within
// the payload, no unsynchronisation, UTF-8 text encoding).
// Writing: makeCueTag() builds the whole tag (no metadata access-unit header), as HLS players
// and FFmpeg's muxer expect.
//
// Pure functions; any thread. Failure: parseCuePayload() returns no cue and a one-line reason.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace docent::streaming {

inline constexpr const char* kCueDescription = "docent.cue"; // the TXXX frame's description
inline constexpr int kCueVersion = 1;                        // the JSON's "v"

// One cue as the broadcast carries it.
struct Cue {
    std::optional<std::string> hotspot; // the hotspot the guide is at; none: between artworks
    std::string sent;                   // the producer's UTC wall-clock stamp (RFC 3339)
    std::string camera;                 // optional camera hint (a viewpoint id); empty if none
};

struct CueParse {
    std::optional<Cue> cue; // set when the payload is a valid docent cue
    std::string error;      // otherwise why not (empty for a payload that is not a docent cue)
};

// Reads a timed-ID3 payload as it comes out of a demuxer (possibly with its front eaten).
CueParse parseCuePayload(const std::uint8_t* data, std::size_t size);

// The ID3v2.4 tag carrying cue (the JSON has "v", "hotspot", "sent" and, when set, "camera").
std::vector<std::uint8_t> makeCueTag(const Cue& cue);

// The current UTC time (plus aheadSeconds) as RFC 3339 with milliseconds, e.g.
// "2026-11-30T05:12:03.120Z".
std::string utcNowRfc3339(double aheadSeconds = 0.0);

// A cue on a stream's timeline, as MediaSource delivers it.
struct TimedCue {
    Cue cue;
    std::int64_t ptsTicks = 0; // 90 kHz, unwrapped on the video's timeline
    double ptsSeconds = 0.0;   // ptsTicks / 90 kHz
};

} // namespace docent::streaming
