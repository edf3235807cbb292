#pragma once
// Broadcaster: the producer's side of cue carriage. It takes the guide's video and voice -- an
// encoded recording, any file FFmpeg decodes, a camera or other capture device (libavdevice), or
// generated test video and tone (libavfilter) -- and sends it as MPEG-TS with a timed-ID3 data
// stream carrying the producer's cues (Cue.h): each cue at its pts on the video's 90 kHz clock,
// and the current state again every repeatSeconds so that viewers who join late learn it.
// H.264 video and AAC audio are copied as they are; anything else (or everything, with encode)
// is re-encoded as H.264 + AAC (BroadcastEncoder), keeping the source's timestamps.
// Outputs, one or several at once: a .ts file, udp://host:port (MPEG-TS in 1316-byte datagrams),
// srt://host:port (caller, or ?mode=listener), an HLS folder (MPEG-TS segments and a playlist
// any HTTP server can serve). Network outputs and live sources are paced at the media's rate.
// An output that fails while others still work is dropped and reported; the broadcast goes on.
//
// Cue times are seconds since the source's first video frame; a cue exactly at a frame's time
// fires on that frame. Cues may come from a script given up front and from fire() while it runs
// (another thread: the producer's keys).
//
// Threads: run() blocks the calling thread until the source ends, the duration is reached or
// stop(); fire() and stop() from any thread. Failure: run() returns false with a one-line
// message naming the source or the output; nothing throws beyond std::bad_alloc.

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
    std::string source;      // a file; or a device or filter graph named with inputFormat
    std::string inputFormat; // an FFmpeg input format or device ("v4l2", "lavfi"); empty: probe
    std::vector<std::string> outputs; // each: file.ts, udp://, srt://, or hls:FOLDER
    std::vector<ScriptedCue> cues;
    bool encode = false;          // re-encode even H.264 + AAC
    double durationSeconds = 0.0; // stop after this much media (0: at the end of the source)
    bool realtime = false;        // pace the output at the media rate (always for udp/srt)
    double repeatSeconds = 2.0;   // the current state again this often
    double hlsSegmentSeconds = 2.0;
};

// The generated source of `docent-broadcast --test-pattern`: FFmpeg's testsrc2 (a moving
// pattern with a frame counter) and a 440 Hz tone, for inputFormat "lavfi".
std::string testPatternGraph(int width, int height, int fps);

struct BroadcastReport {
    int videoPackets = 0;
    int audioPackets = 0;
    int cuePackets = 0;            // changes and repeats
    std::vector<ScriptedCue> sent; // the changes, as sent
    double mediaSeconds = 0.0;
    bool encoded = false;                 // the source was re-encoded
    std::vector<std::string> lostOutputs; // "OUTPUT: reason" for each output dropped on the way
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
