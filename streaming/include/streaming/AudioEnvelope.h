#pragma once
// The guide's voice over a whole recording, for the curator's timeline: the audio track decoded
// once, and its loudest sample in each bucket of bucketSeconds (0 to 1), bucket 0 starting at
// the first video frame (the time base of cues and of the player's position).
//
// Any thread (it blocks for as long as decoding takes: about a second per 5 minutes of AAC).
// Failure: false with a one-line message naming the file; a recording without audio is not a
// failure (peaks stays empty).

#include <string>
#include <vector>

namespace docent::streaming {

bool audioEnvelope(const std::string& path, double bucketSeconds, std::vector<float>& peaks,
                   std::string& error);

} // namespace docent::streaming
