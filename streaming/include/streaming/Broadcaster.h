#pragma once
// Broadcaster: the producer's side of cue carriage. It takes an encoded source (H.264 video and
// AAC audio, e.g. a recording or an encoder's output file), copies its packets into MPEG-TS and
// adds a timed-ID3 data stream carrying the producer's cues (Cue.h): each cue at its pts on the
// video's 90 kHz clock, and the current state again every kRepeatSeconds so that viewers who
// join late learn it. Outputs: a .ts file, udp://host:port (MPEG-TS in 1316-byte datagrams),
// srt://host:port (caller, or ?mode=listener), or an HLS folder (MPEG-TS segments and a playlist
// any HTTP server can serve). Network outputs are paced at the media's own rate (live).
//
// Cue times are seconds since the source's first video frame; a cue exactly at a frame's time
// fires on that frame. Cues may come from a script given up front and from fire() while it runs
// (another thread: the producer's keys).
//
// Threads: run() blocks the calling thread until the source ends or stop(); fire() and stop()
// from any thread. Failure: run() returns false with a one-line message naming the source or
// the output; nothing throws beyond std::bad_alloc.

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace docent::streaming {

struct ScriptedCue {
    double seconds = 0.0;               // since the source's first video frame
    std::optional<std::string> hotspot; // none: between artworks
    std::string camera;                 // optional camera hint
};

// Reads a cue script: one "SECONDS HOTSPOT-ID" per line ("-" for none), '#' comments, blank lines.
// Returns false with "file:line: problem" on a bad line.
bool parseCueScript(const std::string& text, const std::string& name,
                    std::vector<ScriptedCue>& cues, std::string& error);

struct BroadcastOptions {
    std::string source; // a file with H.264 video and (optional) AAC audio
    std::string output; // file.ts, udp://, srt://, or hls:FOLDER
    std::vector<ScriptedCue> cues;
    bool realtime = false;      // pace the output at the media rate (always for udp/srt)
    double repeatSeconds = 2.0; // the current state again this often
    double hlsSegmentSeconds = 2.0;
};

struct BroadcastReport {
    int videoPackets = 0;
    int audioPackets = 0;
    int cuePackets = 0;            // changes and repeats
    std::vector<ScriptedCue> sent; // the changes, as sent
    double mediaSeconds = 0.0;
};

class Broadcaster {
public:
    explicit Broadcaster(BroadcastOptions options);

    bool run(BroadcastReport& report, std::string& error);
    // Fires a cue now (at the media time of the next video packet).
    void fire(const std::optional<std::string>& hotspot);
    void stop() { m_stop.store(true); }
    // Called for each cue change as it is muxed (seconds, hotspot); from run()'s thread.
    std::function<void(const ScriptedCue&)> onSent;

private:
    BroadcastOptions m_options;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::vector<std::optional<std::string>> m_fired; // guarded by m_mutex
};

} // namespace docent::streaming
