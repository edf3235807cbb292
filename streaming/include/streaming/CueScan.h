#pragma once
// The cue track of a recording, read up front: every change of the guide's state in a local
// replay's timed-ID3 stream, without decoding any picture or sound (the replay's chapters, one
// per artwork, before playback gets there). Repeats of the same state are folded.
//
// Any thread (it opens its own demuxer); it reads the whole file, so run it off the render
// thread. Failure: returns false with a one-line message naming the file.

#include <string>
#include <vector>

#include "streaming/Broadcaster.h" // ScriptedCue

namespace docent::streaming {

// Seconds are counted from the recording's first video frame, as positions in a replay are.
bool scanCueTrack(const std::string& path, std::vector<ScriptedCue>& changes, std::string& error);

} // namespace docent::streaming
