#pragma once
// The guide's speech as subtitles: a WebVTT file per language in the scene folder
// (captions.<lang>.vtt), on the replay's timeline (seconds since its first video frame).
// Plain values and pure functions; any thread.
// Failure: parseWebVtt() returns false with "line N: problem"; nothing throws beyond bad_alloc.

#include <string>
#include <vector>

namespace docent::hotspots {

struct Caption {
    double start = 0.0; // seconds
    double end = 0.0;   // seconds, after start
    std::string text;   // lines joined with '\n'
};

// Reads the cues of a WebVTT file ("WEBVTT" header; cue identifiers optional; timings
// "[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm" with settings after them ignored; NOTE blocks skipped).
bool parseWebVtt(const std::string& text, std::vector<Caption>& captions, std::string& error);

// The caption showing at seconds, or nullptr.
const Caption* captionAt(const std::vector<Caption>& captions, double seconds);

} // namespace docent::hotspots
