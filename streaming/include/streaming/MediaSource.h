#pragma once
// MediaSource: opens one URL or file with libavformat and delivers decoded video frames and
// audio samples through bounded queues; the first stage of the guide's video path.
//
// Pipeline (threads owned by the source; ffplay's read_thread / decoder threads in spirit):
//   demux thread: opens the input (protocol, format and decoder whitelists, a check of every URL
//     opened, nested ones included, https certificates verified, an interrupt callback
//     bound to the abort flag and a deadline), then reads packets into one byte-bounded queue
//     per stream (video, audio);
//   video decode thread: frame-threaded decoding into a frame queue of kVideoFrameQueueSize;
//   audio decode thread: decodes and resamples to interleaved float stereo at kAudioSampleRate
//     into an audio queue.
// Nothing blocks past an abort: every libavformat call is interrupted by the callback (at the
// latest when its deadline passes) and every queue wait returns when the source is stopped.
//
// Serials: seek() flushes every queue and bumps the serials; the pop functions drop anything
// decoded before the seek, so no stale frame comes out. Each frame and chunk carries the serial of
// the packet it was decoded from; it changes at every seek.
//
// Threads: construct, pop, seek, stop and destroy from one controlling thread, or from several
// that do not race stop()/destruction with the other calls. popVideoFrame() and popAudio() may be
// called from two different consumer threads (e.g. the render thread and the audio thread).
// state(), error(), info() and the waitingFor* diagnostics may be called from any thread.
// Failure: opening and decoding errors never throw; they put the source into State::Error with a
// one-line message naming the URL and the problem (error()). The constructor throws only
// std::bad_alloc or std::system_error (thread creation).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "streaming/Cue.h"
#include "streaming/Serial.h"
#include "streaming/UrlPolicy.h"

struct AVFrame;

namespace docent::streaming {

inline constexpr Serial kNoSerial = ~Serial{0}; // no serial: a seek is pending

// Default timeouts, in force unless MediaSourceOptions says otherwise.
inline constexpr std::chrono::milliseconds kDefaultOpenTimeout{10000}; // ms: open + probe
inline constexpr std::chrono::milliseconds kDefaultReadTimeout{5000};  // ms: one packet read
// The decoded-frame queue: small, as the consumer shows frames at their time.
inline constexpr std::size_t kVideoFrameQueueSize = 3;            // frames
inline constexpr std::size_t kVideoPacketQueueBytes = 16u << 20;  // bytes
inline constexpr std::size_t kAudioPacketQueueBytes = 2u << 20;   // bytes
inline constexpr std::size_t kAudioQueueBytes = 48000u * 2u * 4u; // bytes: 1 s of output
inline constexpr int kAudioSampleRate = 48000;                    // Hz, output
inline constexpr int kAudioChannels = 2;                          // interleaved stereo
// Local files: the file protocol and the container formats of recordings (UrlPolicy.h has the
// whitelists of every kind of source).
inline constexpr const char* kLocalProtocolWhitelist = "file";
inline constexpr const char* kDefaultFormatWhitelist = "mpegts,matroska,mov";

struct MediaSourceOptions {
    // Comma-separated libavformat protocol names (protocol_whitelist), e.g. "file" or
    // "http,https,tcp,tls,crypto,hls" for HLS; nested opens (playlists) are held to it as well.
    std::string protocolWhitelist = kLocalProtocolWhitelist;
    // Comma-separated demuxer names (format_whitelist).
    std::string formatWhitelist = kDefaultFormatWhitelist;
    // Comma-separated decoder names (codec_whitelist), for probing and decoding alike.
    std::string decoderWhitelist = kDecoderWhitelist;
    // When set, every URL opened -- the first and each one a playlist names (variant
    // playlists, segments, keys) -- must pass it; anything else is refused before it is opened
    // (a scene's allowlist). Called on the demux thread.
    std::function<bool(const std::string& url)> allowUrl;
    std::chrono::milliseconds openTimeout = kDefaultOpenTimeout;
    // The stall deadline: one packet read that takes longer is an error ("timed out").
    std::chrono::milliseconds readTimeout = kDefaultReadTimeout;
    // Without audio the audio stream is ignored (nothing queues up for a consumer that never
    // pops audio).
    bool enableAudio = true;
    // Video frames as RGBA (PixelLayout::Rgba) instead of Y'CbCr planes: converted on the
    // decoding thread, with the frame's matrix and range, to sRGB-encoded R'G'B', and scaled
    // down (keeping the aspect) when larger than rgbaMaxWidth x rgbaMaxHeight. A renderer then
    // samples one texture instead of three, which a software rasteriser pays for per pixel.
    bool rgba = false;
    int rgbaMaxWidth = 1920;
    int rgbaMaxHeight = 1080;
    // Decoder threads for the video decoder's frame threading; 0 lets FFmpeg choose.
    int videoDecoderThreads = 0;
    // The User-Agent of HTTP requests (playlists and segments alike); empty: FFmpeg's.
    std::string userAgent;
    // Bytes to play instead of opening the URL (which then only names them in messages): a
    // recording already in memory, or a fuzzer's input. They are read through a custom I/O
    // context; whatever they point at (an HLS playlist's segments) is still opened through the
    // protocol whitelist.
    std::shared_ptr<const std::vector<std::uint8_t>> memoryInput;
};

enum class PixelLayout {
    Yuv420p, // three planes: Y full size, U and V half width and height
    Nv12,    // two planes: Y, then interleaved UV at half width and height
    Rgba,    // one plane of R'G'B'A, sRGB-encoded, 4 bytes a pixel (MediaSourceOptions::rgba)
};
enum class ColorMatrix { Bt601, Bt709, Bt2020 };
enum class ColorRange {
    Limited, // 16-235 luma ("TV", MPEG)
    Full,    // 0-255 ("PC", JPEG)
};

// One plane of a decoded picture: height rows of width bytes, rows stride bytes apart.
struct Plane {
    const std::uint8_t* data = nullptr;
    int stride = 0; // bytes
    int width = 0;  // bytes used per row
    int height = 0; // rows
};

struct AvFrameDeleter {
    void operator()(AVFrame* frame) const; // av_frame_free
};
using AvFramePtr = std::unique_ptr<AVFrame, AvFrameDeleter>;

// A decoded video frame on the CPU, 8 bits per sample. The planes point into storage, which the
// frame owns: moving the frame hands the pixels over; they stay valid as long as the frame lives.
struct VideoFrame {
    PixelLayout layout = PixelLayout::Yuv420p;
    int width = 0;  // pixels
    int height = 0; // pixels
    ColorMatrix matrix = ColorMatrix::Bt709;
    ColorRange range = ColorRange::Limited;
    double ptsSeconds = 0.0;   // seconds on the stream's timeline (ptsTicks / 90 kHz)
    std::int64_t ptsTicks = 0; // 90 kHz ticks, unwrapped across the 33-bit wrap
    Serial serial = 0;         // the seek generation it was decoded in
    // When the decoder handed it over: the start of its decoded-to-screen delay.
    std::chrono::steady_clock::time_point decodedAt{};
    int planeCount = 0; // 3 for Yuv420p, 2 for Nv12
    Plane planes[3];
    AvFramePtr storage;
};

// Decoded audio: interleaved float stereo at kAudioSampleRate. Audio that precedes the first
// video frame (e.g. an AAC encoder's priming, which MPEG-TS carries as an earlier pts) is dropped.
struct AudioChunk {
    std::vector<float> samples; // frames * kAudioChannels values, L R L R ...
    double ptsSeconds = 0.0;    // seconds on the stream's timeline, of the first sample frame
    Serial serial = 0;
    std::size_t frames() const { return samples.size() / kAudioChannels; }
};

// What the source knows about the input once it is open.
struct MediaInfo {
    std::string formatName;       // demuxer, e.g. "mpegts"
    std::string videoCodec;       // e.g. "h264"
    std::string audioCodec;       // empty without (enabled) audio
    int width = 0;                // pixels
    int height = 0;               // pixels
    double frameRate = 0.0;       // frames per second, 0 when unknown
    double startSeconds = 0.0;    // the first video pts, in seconds: the origin of seek()
    double durationSeconds = 0.0; // 0 when unknown (live)
    bool hasAudio = false;
};

class MediaSource {
public:
    enum class State {
        Connecting, // opening and probing the input
        Playing,    // demuxing and decoding
        Ended,      // the video decoder delivered its last frame (queued frames can still be
                    // popped; then popVideoFrame returns EndOfStream); a seek plays again
        Error,      // see error(); pops return EndOfStream once the queues are drained
    };
    enum class PopResult {
        Frame,       // out holds the next frame or chunk
        EndOfStream, // no more until a seek (end of input or error)
        Timeout,     // the deadline passed first
        Aborted,     // stop() was called
    };
    using Deadline = std::chrono::steady_clock::time_point;

    // Starts connecting to url at once (in the demux thread); the state is Connecting until the
    // input is open and its streams are found.
    explicit MediaSource(std::string url, MediaSourceOptions options = {});
    // stop().
    ~MediaSource();

    MediaSource(const MediaSource&) = delete;
    MediaSource& operator=(const MediaSource&) = delete;

    // Shutdown: abort (interrupts libavformat, aborts every queue) → wake all waiters → join the
    // threads → flush the queues. Blocked pops return Aborted. Idempotent.
    void stop();

    // Seeks to seconds after the start of the media (MediaInfo::startSeconds is 0 s). Flushes
    // every queue and bumps the serials; frames from before the target are decoded and dropped,
    // so the first frame that comes out is the one shown at the target (the demuxer aims 3 s
    // early so that MPEG-TS, which has no index and lands near the aim rather than on it, meets
    // a keyframe before the target when GOPs are 2 s or shorter, as docent's own encoders make
    // them; with longer GOPs the first frame may come later). Works after the end too.
    // Ignored before the source is open, after an error and after stop().
    void seek(double seconds);

    // Hands the next video frame over to the caller (moved into out), waiting until deadline.
    PopResult popVideoFrame(VideoFrame& out, Deadline deadline);
    // Hands the next audio chunk over to the caller; EndOfStream at once without audio.
    PopResult popAudio(AudioChunk& out, Deadline deadline);

    // The cues read from the stream's timed-ID3 data stream since the last call, in stream order
    // (pts on the video's unwrapped timeline). A seek drops the ones read before it. Malformed
    // cue packets are skipped with a line on stderr naming the URL and counted.
    std::vector<TimedCue> popCues();
    int rejectedCues() const;

    // The pts (seconds, the frames' timeline) of the newest video packet received, decoded or
    // not; NaN before the first. For a live stream: how much is buffered ahead of the frames.
    double newestArrivedSeconds() const;

    // Asks the video decoder to skip (not decode) the frames no other frame refers to, for a
    // player whose video falls behind its clock; takes effect from the next packet.
    void setSkipNonReferenceFrames(bool skip);

    // Waits while the state is Connecting, at most until deadline; returns the state then.
    State waitWhileConnecting(Deadline deadline) const;
    State state() const;
    // The message of State::Error, one line naming the URL; empty otherwise.
    std::string error() const;
    // Valid once the state has left Connecting without an open error.
    MediaInfo info() const;
    // The serial the frames that come out now carry; it changes at every seek, and reads as
    // kNoSerial from seek() until the demux thread has done the seek.
    Serial videoSerial() const;
    const std::string& url() const { return m_url; }

    // Diagnostics (and tests): consumers blocked in popVideoFrame()/popAudio() right now.
    std::size_t waitingForVideo() const;
    std::size_t waitingForAudio() const;

private:
    struct Impl;
    const std::string m_url;
    std::unique_ptr<Impl> m_impl;
};

const char* toString(MediaSource::State state);
const char* toString(MediaSource::PopResult result);

} // namespace docent::streaming
