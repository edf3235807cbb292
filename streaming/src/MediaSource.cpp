#include "streaming/MediaSource.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <iterator>
#include <limits>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include "AvHelpers.h"
#include "FfmpegLog.h"
#include "streaming/BoundedQueue.h"
#include "streaming/Cue.h"
#include "streaming/Messages.h"
#include "streaming/Pts33.h"

namespace docent::streaming {

void AvFrameDeleter::operator()(AVFrame* frame) const {
    av_frame_free(&frame);
}

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kNoDropTarget = std::numeric_limits<std::int64_t>::min(); // 90 kHz ticks
constexpr AVRational kTicksTimeBase{1, 90000}; // the 90 kHz pts clock
// AV_TIME_BASE_Q without its C99 compound literal, which is not C++ (clang warns).
constexpr AVRational kAvTimeBase{1, AV_TIME_BASE};
constexpr AVRational kAudioTimeBase{1, kAudioSampleRate};
constexpr std::size_t kQueueItemOverhead = 64; // bytes counted per queued item
constexpr int kEagainRetryMs = 10;             // ms to wait when a read says "try again"
// Seeks land this much before the target. MPEG-TS has no index: libavformat's search lands on
// any packet, not a keyframe, and the decoder then skips to the next keyframe. Landing a GOP
// early (live encoders and HLS use GOPs of 2 s or less) should put a keyframe before the target,
// but the search lands only near its aim: one GOP and a half leaves room for that (a 2 s GOP
// with an aim of 2 s showed a frame after the target). The frames in between are decoded and
// dropped.
constexpr std::int64_t kSeekPrerollTicks = 3 * 90000; // 90 kHz ticks: 3 s

std::int64_t steadyNowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               SteadyClock::now().time_since_epoch())
        .count();
}

struct PacketDeleter {
    void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
// A null packet in a packet queue marks the end of the input (the decoder drains).
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;

struct CodecContextDeleter {
    void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;

// A null frame or chunk marks the end of the stream for the serial it carries.
struct VideoItem {
    std::unique_ptr<VideoFrame> frame;
    Serial serial = 0;
};
struct AudioItem {
    std::unique_ptr<AudioChunk> chunk;
    Serial serial = 0;
};

std::size_t packetBytes(const PacketPtr& packet) {
    return kQueueItemOverhead + (packet ? static_cast<std::size_t>(packet->size) : 0);
}
std::size_t audioItemBytes(const AudioItem& item) {
    return kQueueItemOverhead + (item.chunk ? item.chunk->samples.size() * sizeof(float) : 0);
}

// The protocol libavformat will pick for url: its scheme, or "file" for a plain path.
std::string protocolOf(const std::string& url) {
    const auto colon = url.find(':');
    if (colon == std::string::npos || colon == 0 ||
        !std::isalpha(static_cast<unsigned char>(url[0]))) {
        return "file";
    }
    for (std::size_t i = 0; i < colon; ++i) {
        const auto c = static_cast<unsigned char>(url[i]);
        if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') {
            return "file";
        }
    }
    return url.substr(0, colon);
}

bool onList(const std::string& name, const std::string& commaList) {
    std::string_view rest = commaList;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        if (rest.substr(0, comma) == name) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    return false;
}

ColorMatrix matrixOf(const AVFrame& frame) {
    switch (frame.colorspace) {
    case AVCOL_SPC_BT709:
        return ColorMatrix::Bt709;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
        return ColorMatrix::Bt2020;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:
    case AVCOL_SPC_FCC:
        return ColorMatrix::Bt601;
    default:
        // Unspecified: the usual guess, SD is BT.601 and HD is BT.709.
        return frame.height >= 720 ? ColorMatrix::Bt709 : ColorMatrix::Bt601;
    }
}

} // namespace

const char* toString(MediaSource::State state) {
    switch (state) {
    case MediaSource::State::Connecting:
        return "Connecting";
    case MediaSource::State::Playing:
        return "Playing";
    case MediaSource::State::Ended:
        return "Ended";
    case MediaSource::State::Error:
        return "Error";
    }
    return "Unknown";
}

const char* toString(MediaSource::PopResult result) {
    switch (result) {
    case MediaSource::PopResult::Frame:
        return "Frame";
    case MediaSource::PopResult::EndOfStream:
        return "EndOfStream";
    case MediaSource::PopResult::Timeout:
        return "Timeout";
    case MediaSource::PopResult::Aborted:
        return "Aborted";
    }
    return "Unknown";
}

struct MediaSource::Impl {
    Impl(std::string urlIn, MediaSourceOptions optionsIn)
        : url(std::move(urlIn)), options(std::move(optionsIn)) {}

    void demuxMain();
    bool open();
    bool openDecoder(int streamIndex, CodecContextPtr& context, bool frameThreads);
    void videoMain();
    void audioMain();
    void sendPacket(AVCodecContext& codec, const AVPacket* packet, const char* kind);
    bool deliverVideo(AVFrame& frame, Serial serial, std::int64_t dropBefore);
    bool convertToRgba(AVFrame& decoded, ColorMatrix matrix, ColorRange range, AVFrame& rgba);
    // What rgbaSws converts: the input's size and format, the output's size, matrix and range.
    struct RgbaShape {
        int width = 0;
        int height = 0;
        int format = -1;
        int outWidth = 0;
        int outHeight = 0;
        ColorMatrix matrix = ColorMatrix::Bt709;
        ColorRange range = ColorRange::Limited;
        bool operator==(const RgbaShape&) const = default;
    };
    RgbaShape rgbaShape; // video decode thread
    bool deliverAudio(const AVFrame* frame, Serial serial, std::int64_t dropBefore);
    void pushEndMarkers();
    void fail(const std::string& problem);
    void setState(State state);
    // 90 kHz ticks before which frames (or samples) of that packet serial are dropped.
    std::int64_t dropTargetFor(bool video, Serial serial) const;
    static int interruptCallback(void* opaque);
    // MediaSourceOptions::memoryInput through a custom AVIOContext (demux thread).
    static int readMemory(void* opaque, std::uint8_t* buffer, int size);
    static std::int64_t seekMemory(void* opaque, std::int64_t offset, int whence);
    bool openMemoryInput();
    // Every URL libavformat opens for this source passes here (AVFormatContext::io_open).
    static int ioOpen(AVFormatContext* context, AVIOContext** pb, const char* url, int flags,
                      AVDictionary** openOptions);
    int (*defaultIoOpen)(AVFormatContext*, AVIOContext**, const char*, int,
                         AVDictionary**) = nullptr;
    std::string refusedUrl;          // demux thread: the last URL ioOpen refused
    AVIOContext* memoryIo = nullptr; // freed by stop() after the format context
    std::size_t memoryPosition = 0;

    const std::string url;
    const MediaSourceOptions options;

    // Read by the interrupt callback in the demux thread.
    std::atomic<bool> aborted{false};
    std::atomic<std::int64_t> deadlineNs{kNoDeadline}; // steady clock ns; kNoDeadline: none
    std::atomic<bool> timedOut{false};                 // the callback fired on the deadline
    std::atomic<bool> lightenDecoding{false};          // skip non-reference video frames

    // Cues from the timed-ID3 stream, in arrival order (demux thread → consumer).
    std::mutex cueMutex;
    std::deque<TimedCue> cues;     // guarded by cueMutex
    std::int64_t cueReference = 0; // guarded: the last cue's ticks, for the 33-bit unwrap
    // The pts of the newest cues (ticks), so that lightened decoding never skips the frame a cue
    // takes effect on. Guarded by cueMutex.
    std::deque<std::int64_t> recentCueTicks;
    bool keepsCueFrame(const AVPacket& packet, AVRational timeBase);
    std::atomic<int> rejectedCues{0};
    static constexpr std::size_t kMaxQueuedCues = 1024;
    static constexpr std::size_t kRecentCueTicks = 16;         // cues remembered for decoding
    static constexpr std::int64_t kCueFrameWindowTicks = 9000; // 0.1 s: a cue's frame is in it
    void takeCue(const AVPacket& packet, const AVStream& stream);
    std::atomic<bool> opened{false};
    std::atomic<bool> hasAudio{false};
    // The packet serials whose frames and chunks may come out: the demux thread publishes them
    // once a seek is done; seek() sets kNoSerial until then, so nothing read in between leaks.
    // Written under mutex, read anywhere.
    std::atomic<Serial> acceptedVideoSerial{0};
    std::atomic<Serial> acceptedAudioSerial{0};

    BoundedQueue<PacketPtr> videoPackets{QueueLimits{0, kVideoPacketQueueBytes}, packetBytes};
    BoundedQueue<PacketPtr> audioPackets{QueueLimits{0, kAudioPacketQueueBytes}, packetBytes};
    BoundedQueue<VideoItem> videoFrames{kVideoFrameQueueSize};
    BoundedQueue<AudioItem> audioChunks{QueueLimits{0, kAudioQueueBytes}, audioItemBytes};

    // Written by the demux thread before it starts the decoders; freed by stop() after joining.
    AVFormatContext* format = nullptr;
    int videoIndex = -1;
    int audioIndex = -1;
    CodecContextPtr videoCodec;
    CodecContextPtr audioCodec;
    std::int64_t videoFrameTicks = 0; // 90 kHz ticks per frame, 0 when unknown
    std::int64_t startTicks = 0;      // 90 kHz ticks: the video's first pts
    // Copied from the streams before the decoders start (the demux thread keeps using them).
    AVRational videoTimeBase{1, 90000};
    AVRational audioTimeBase{1, 90000};
    bool videoWraps33 = false; // MPEG-TS style 33-bit pts
    // The pts of the newest video packet demuxed (ticks, the frames' timeline; kNoTicks before
    // one): how far the data received runs ahead of the frame on screen.
    static constexpr std::int64_t kNoTicks = std::numeric_limits<std::int64_t>::min();
    std::atomic<std::int64_t> newestVideoTicks{kNoTicks};
    std::int64_t demuxVideoReference = 0; // demux thread: the last unwrapped video packet pts
    bool audioWraps33 = false;
    std::thread videoThread;
    std::thread audioThread;
    // Owned by the video / audio decode thread. MPEG-TS pts keep counting across the 33-bit
    // wrap (libavformat's own correction covers only the first one).
    SwsContext* sws = nullptr;
    SwsContext* rgbaSws = nullptr; // MediaSourceOptions::rgba
    SwrContext* swr = nullptr;
    PtsUnwrapper videoUnwrapper;
    PtsUnwrapper audioUnwrapper;

    std::thread demuxThread;

    // Guarded by mutex:
    mutable std::mutex mutex;
    mutable std::condition_variable changed; // state changes, seek requests, stop
    State state = State::Connecting;
    std::string errorText;
    MediaInfo info;
    bool seekRequested = false;
    double seekSeconds = 0.0;
    bool stopped = false;
    // The packet serials the last seek's target applies to, and the target.
    Serial videoSeekSerial = std::numeric_limits<Serial>::max();
    Serial audioSeekSerial = std::numeric_limits<Serial>::max();
    std::int64_t seekTargetTicks = kNoDropTarget;
};

int MediaSource::Impl::interruptCallback(void* opaque) {
    auto* impl = static_cast<Impl*>(opaque);
    if (impl->aborted.load()) {
        return 1;
    }
    if (steadyNowNs() > impl->deadlineNs.load()) {
        impl->timedOut.store(true);
        return 1;
    }
    return 0;
}

int MediaSource::Impl::readMemory(void* opaque, std::uint8_t* buffer, int size) {
    auto* impl = static_cast<Impl*>(opaque);
    const std::vector<std::uint8_t>& bytes = *impl->options.memoryInput;
    const std::size_t left = bytes.size() - std::min(impl->memoryPosition, bytes.size());
    const std::size_t n = std::min(left, static_cast<std::size_t>(std::max(size, 0)));
    if (n == 0) {
        return AVERROR_EOF;
    }
    std::memcpy(buffer, bytes.data() + impl->memoryPosition, n);
    impl->memoryPosition += n;
    return static_cast<int>(n);
}

std::int64_t MediaSource::Impl::seekMemory(void* opaque, std::int64_t offset, int whence) {
    auto* impl = static_cast<Impl*>(opaque);
    const auto size = static_cast<std::int64_t>(impl->options.memoryInput->size());
    std::int64_t base = 0;
    switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
        return size;
    case SEEK_SET:
        break;
    case SEEK_CUR:
        base = static_cast<std::int64_t>(impl->memoryPosition);
        break;
    case SEEK_END:
        base = size;
        break;
    default:
        return AVERROR(EINVAL);
    }
    if (offset > size - base || offset < -base) {
        return AVERROR(EINVAL);
    }
    impl->memoryPosition = static_cast<std::size_t>(base + offset);
    return base + offset;
}

bool MediaSource::Impl::openMemoryInput() {
    constexpr int kIoBufferBytes = 32 * 1024;
    auto* buffer = static_cast<std::uint8_t*>(av_malloc(kIoBufferBytes));
    if (buffer) {
        memoryIo = avio_alloc_context(buffer, kIoBufferBytes, 0, this, &Impl::readMemory, nullptr,
                                      &Impl::seekMemory);
    }
    if (!memoryIo) {
        av_free(buffer);
        fail("out of memory");
        return false;
    }
    format->pb = memoryIo; // custom I/O: avformat_close_input leaves it to stop()
    return true;
}

int MediaSource::Impl::ioOpen(AVFormatContext* context, AVIOContext** pb, const char* url,
                              int flags, AVDictionary** openOptions) {
    auto* impl = static_cast<Impl*>(context->opaque);
    const std::string target = url ? url : "";
    if (impl->options.allowUrl && !impl->options.allowUrl(target)) {
        impl->refusedUrl = target;
        return AVERROR(EPERM);
    }
    if (target.rfind("https://", 0) == 0 || target.rfind("tls://", 0) == 0) {
        // FFmpeg does not verify certificates unless asked; the system's trust store is used.
        av_dict_set(openOptions, "tls_verify", "1", 0);
    }
    return impl->defaultIoOpen(context, pb, url, flags, openOptions);
}

void MediaSource::Impl::fail(const std::string& problem) {
    {
        std::lock_guard lock(mutex);
        if (state == State::Error) {
            return; // the first error is the one worth reporting
        }
        state = State::Error;
        errorText = "\"" + url + "\": " + problem;
    }
    changed.notify_all();
}

void MediaSource::Impl::setState(State newState) {
    {
        std::lock_guard lock(mutex);
        if (state == State::Error) {
            return;
        }
        state = newState;
    }
    changed.notify_all();
}

std::int64_t MediaSource::Impl::dropTargetFor(bool video, Serial serial) const {
    std::lock_guard lock(mutex);
    if (serial == (video ? videoSeekSerial : audioSeekSerial)) {
        return seekTargetTicks;
    }
    // Audio before the first video frame (an AAC encoder's priming, in MPEG-TS carried as an
    // earlier pts) has no picture to go with; playback starts with the video.
    return video ? kNoDropTarget : startTicks;
}

void MediaSource::Impl::pushEndMarkers() {
    // Packets: the decoders drain and then post their own end markers.
    if (videoIndex >= 0) {
        videoPackets.push(PacketPtr{});
    } else {
        videoFrames.push(VideoItem{nullptr, acceptedVideoSerial.load()});
    }
    if (audioIndex >= 0) {
        audioPackets.push(PacketPtr{});
    } else {
        audioChunks.push(AudioItem{nullptr, acceptedAudioSerial.load()});
    }
}

bool MediaSource::Impl::openDecoder(int streamIndex, CodecContextPtr& context, bool frameThreads) {
    const AVStream* stream = format->streams[streamIndex];
    const AVCodec* decoder = avcodec_find_decoder(stream->codecpar->codec_id);
    const char* codecName = avcodec_get_name(stream->codecpar->codec_id);
    if (!decoder) {
        fail(std::string("no decoder for codec ") + codecName);
        return false;
    }
    if (!onList(decoder->name, options.decoderWhitelist)) {
        fail(std::string("codec ") + codecName +
             " is refused (decoders allowed: " + options.decoderWhitelist + ")");
        return false;
    }
    context.reset(avcodec_alloc_context3(decoder));
    if (!context) {
        fail("out of memory allocating a decoder");
        return false;
    }
    int ret = avcodec_parameters_to_context(context.get(), stream->codecpar);
    if (ret >= 0) {
        context->pkt_timebase = stream->time_base;
        if (frameThreads) {
            context->thread_count = options.videoDecoderThreads;
            context->thread_type = FF_THREAD_FRAME;
        }
        AVDictionary* decoderOptions = nullptr;
        av_dict_set(&decoderOptions, "codec_whitelist", options.decoderWhitelist.c_str(), 0);
        ret = avcodec_open2(context.get(), decoder, &decoderOptions);
        av_dict_free(&decoderOptions);
    }
    if (ret < 0) {
        fail(std::string("cannot open the ") + codecName + " decoder: " + avText(ret));
        return false;
    }
    return true;
}

bool MediaSource::Impl::open() {
    const std::string protocol = protocolOf(url);
    if (!options.memoryInput && !onList(protocol, options.protocolWhitelist)) {
        fail("protocol '" + protocol + "' is refused (allowed: " + options.protocolWhitelist + ")");
        return false;
    }
    format = avformat_alloc_context();
    if (!format) {
        fail("out of memory");
        return false;
    }
    format->interrupt_callback.callback = &Impl::interruptCallback;
    format->interrupt_callback.opaque = this;
    format->opaque = this;
    defaultIoOpen = format->io_open;
    format->io_open = &Impl::ioOpen;
    if (options.memoryInput && !openMemoryInput()) {
        avformat_free_context(format);
        format = nullptr;
        return false;
    }

    const auto openTimeoutNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(options.openTimeout).count();
    deadlineNs.store(steadyNowNs() + openTimeoutNs);
    AVDictionary* formatOptions = nullptr;
    av_dict_set(&formatOptions, "protocol_whitelist", options.protocolWhitelist.c_str(), 0);
    av_dict_set(&formatOptions, "format_whitelist", options.formatWhitelist.c_str(), 0);
    av_dict_set(&formatOptions, "codec_whitelist", options.decoderWhitelist.c_str(), 0);
    // The generic I/O bound of every protocol (a server that stalls or drips one byte a
    // second); the interrupt callback's deadline stays the last word.
    av_dict_set_int(
        &formatOptions, "rw_timeout",
        std::chrono::duration_cast<std::chrono::microseconds>(options.readTimeout).count(), 0);
    // HLS: segments and nested playlists only, nothing a playlist could pass off as media.
    av_dict_set(&formatOptions, "allowed_extensions", "ts,m3u8", 0);
    if (!options.userAgent.empty()) {
        av_dict_set(&formatOptions, "user_agent", options.userAgent.c_str(), 0);
    }
    if (url.rfind("udp://", 0) == 0) {
        // A reader held up for a moment (a busy machine) loses datagrams, which the decoder
        // recovers from at the next key frame, rather than failing the whole stream.
        av_dict_set(&formatOptions, "overrun_nonfatal", "1", 0);
    }
    // On failure avformat_open_input frees the context and nulls format.
    ffmpegLog::install();
    ffmpegLog::clearRefusal();
    int ret = avformat_open_input(&format, url.c_str(), nullptr, &formatOptions);
    av_dict_free(&formatOptions);
    const auto timeoutText = [&] {
        return "timed out after " + std::to_string(options.openTimeout.count()) +
               " ms while opening";
    };
    if (ret < 0) {
        if (aborted.load()) {
            return false;
        }
        if (timedOut.load()) {
            fail(timeoutText());
        } else if (!refusedUrl.empty()) {
            fail("refused: the stream points at " + refusedUrl +
                 ", which is not on the allowlist of where it may come from");
        } else if (!ffmpegLog::refusal().empty()) {
            // A nested open (a playlist's segment or key) was refused by the whitelist: the
            // demuxer reports it as bad data, but the reason is the URL policy.
            fail("refused: the stream points at a URL docent may not open from here (" +
                 ffmpegLog::refusal() + ")");
        } else if (ret == AVERROR(ENOENT)) {
            fail("no such file");
        } else if (ret == AVERROR_INVALIDDATA) {
            fail("not a recognised media format (formats allowed: " + options.formatWhitelist +
                 ")");
        } else if (ret == AVERROR(EINVAL)) {
            fail("refused: protocol or format not on the whitelist (protocols: " +
                 options.protocolWhitelist + "; formats: " + options.formatWhitelist + ")");
        } else if (ret == AVERROR_PROTOCOL_NOT_FOUND) {
            fail("unknown protocol '" + protocol + "'");
        } else {
            const std::string& why = ffmpegLog::lastError();
            fail("cannot open: " + avText(ret) + (why.empty() ? "" : " (" + why + ")"));
        }
        return false;
    }
    ret = avformat_find_stream_info(format, nullptr);
    if (ret < 0) {
        if (!aborted.load()) {
            fail(timedOut.load() ? timeoutText() : "cannot read the stream info: " + avText(ret));
        }
        return false;
    }
    deadlineNs.store(kNoDeadline);

    videoIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (videoIndex < 0) {
        videoIndex = -1;
        fail("no video stream");
        return false;
    }
    if (options.enableAudio) {
        audioIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, videoIndex, nullptr, 0);
        if (audioIndex < 0) {
            audioIndex = -1;
        }
    }
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        const int index = static_cast<int>(i);
        const bool cueStream = format->streams[i]->codecpar->codec_id == AV_CODEC_ID_TIMED_ID3;
        format->streams[i]->discard = index == videoIndex || index == audioIndex || cueStream
                                          ? AVDISCARD_DEFAULT
                                          : AVDISCARD_ALL;
    }
    if (!openDecoder(videoIndex, videoCodec, true)) {
        return false;
    }
    if (audioIndex >= 0 && !openDecoder(audioIndex, audioCodec, false)) {
        return false;
    }

    const AVStream* video = format->streams[videoIndex];
    videoTimeBase = video->time_base;
    videoWraps33 = video->pts_wrap_bits == 33;
    if (audioIndex >= 0) {
        audioTimeBase = format->streams[audioIndex]->time_base;
        audioWraps33 = format->streams[audioIndex]->pts_wrap_bits == 33;
    }
    const AVRational rate = av_guess_frame_rate(format, const_cast<AVStream*>(video), nullptr);
    if (rate.num > 0 && rate.den > 0) {
        videoFrameTicks = av_rescale_q(1, av_inv_q(rate), kTicksTimeBase);
    }
    if (video->start_time != AV_NOPTS_VALUE) {
        startTicks = av_rescale_q(video->start_time, video->time_base, kTicksTimeBase);
    } else if (format->start_time != AV_NOPTS_VALUE) {
        startTicks = av_rescale_q(format->start_time, kAvTimeBase, kTicksTimeBase);
    }
    if (videoWraps33) {
        // The frames' pts are unwrapped from their raw 33-bit values; FFmpeg may report a start
        // that it corrected for the wrap itself (negative). One timeline for all: the raw one.
        startTicks &= static_cast<std::int64_t>(Pts33::kRawMask);
    }
    {
        std::lock_guard lock(cueMutex);
        cueReference = startTicks;
    }
    demuxVideoReference = startTicks;
    {
        std::lock_guard lock(mutex);
        info.formatName = format->iformat->name;
        info.videoCodec = avcodec_get_name(video->codecpar->codec_id);
        info.width = video->codecpar->width;
        info.height = video->codecpar->height;
        info.frameRate = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
        info.startSeconds = Pts33::ticksToSeconds(startTicks);
        info.durationSeconds = format->duration != AV_NOPTS_VALUE
                                   ? static_cast<double>(format->duration) / AV_TIME_BASE
                                   : 0.0;
        info.hasAudio = audioIndex >= 0;
        if (audioIndex >= 0) {
            info.audioCodec = avcodec_get_name(format->streams[audioIndex]->codecpar->codec_id);
        }
    }
    hasAudio.store(audioIndex >= 0);
    opened.store(true);
    return true;
}

void MediaSource::Impl::demuxMain() {
    if (!open()) {
        // No decoder runs: the end markers go straight to the consumers.
        videoFrames.push(VideoItem{nullptr, acceptedVideoSerial.load()});
        audioChunks.push(AudioItem{nullptr, acceptedAudioSerial.load()});
        return;
    }
    setState(State::Playing);
    videoThread = std::thread([this] { videoMain(); });
    if (audioIndex >= 0) {
        audioThread = std::thread([this] { audioMain(); });
    } else {
        audioChunks.push(AudioItem{nullptr, acceptedAudioSerial.load()});
    }

    const auto readTimeoutNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(options.readTimeout).count();
    bool atEnd = false; // end of input or error: wait for a seek or stop
    while (!aborted.load()) {
        bool seekNow = false;
        double target = 0.0;
        {
            std::unique_lock lock(mutex);
            if (atEnd) {
                changed.wait(lock, [&] { return stopped || seekRequested; });
            }
            if (stopped) {
                break;
            }
            if (seekRequested && state != State::Error) {
                seekNow = true;
                target = seekSeconds;
            }
            seekRequested = false;
        }
        if (seekNow) {
            const std::int64_t targetTicks =
                startTicks + static_cast<std::int64_t>(target * Pts33::kTicksPerSecond);
            const std::int64_t targetUs =
                av_rescale_q(targetTicks - kSeekPrerollTicks, kTicksTimeBase, kAvTimeBase);
            deadlineNs.store(steadyNowNs() + readTimeoutNs);
            const int ret = avformat_seek_file(format, -1, std::numeric_limits<std::int64_t>::min(),
                                               targetUs, targetUs, 0);
            deadlineNs.store(kNoDeadline);
            if (aborted.load()) {
                break;
            }
            if (ret < 0) {
                av_log(nullptr, AV_LOG_WARNING, "docent: seek in %s failed: %s\n", url.c_str(),
                       avText(ret).c_str());
            }
            // Everything read before the seek is stale; the decoders see the new serials.
            videoPackets.flush();
            audioPackets.flush();
            videoFrames.flush();
            audioChunks.flush();
            newestVideoTicks.store(kNoTicks);
            demuxVideoReference = targetTicks;
            {
                std::lock_guard lock(cueMutex);
                cues.clear(); // from before the seek; the preroll reads the state again
                cueReference = targetTicks;
            }
            {
                std::lock_guard lock(mutex);
                videoSeekSerial = videoPackets.serial();
                audioSeekSerial = audioPackets.serial();
                seekTargetTicks = targetTicks;
                if (!seekRequested) { // else a newer seek supersedes this one
                    acceptedVideoSerial.store(videoSeekSerial);
                    acceptedAudioSerial.store(audioSeekSerial);
                }
            }
            if (audioIndex < 0) {
                audioChunks.push(AudioItem{nullptr, acceptedAudioSerial.load()});
            }
            setState(State::Playing);
            atEnd = false;
        }

        PacketPtr packet(av_packet_alloc());
        if (!packet) {
            fail("out of memory reading packets");
            pushEndMarkers();
            atEnd = true;
            continue;
        }
        timedOut.store(false);
        deadlineNs.store(steadyNowNs() + readTimeoutNs);
        const int ret = av_read_frame(format, packet.get());
        deadlineNs.store(kNoDeadline);
        if (ret < 0) {
            if (aborted.load()) {
                break;
            }
            if (ret == AVERROR(EAGAIN)) {
                std::this_thread::sleep_for(std::chrono::milliseconds(kEagainRetryMs));
                continue;
            }
            // AVERROR_EXIT comes only from the interrupt callback: not aborted, it is the
            // deadline (some protocols return it after the callback has moved on).
            if (timedOut.load() || ret == AVERROR_EXIT) {
                fail("timed out: no data for " + std::to_string(options.readTimeout.count()) +
                     " ms");
            } else if (ret != AVERROR_EOF && !(format->pb && avio_feof(format->pb))) {
                fail("read error: " + avText(ret));
            }
            pushEndMarkers();
            atEnd = true;
            continue;
        }
        BoundedQueue<PacketPtr>* queue = packet->stream_index == videoIndex   ? &videoPackets
                                         : packet->stream_index == audioIndex ? &audioPackets
                                                                              : nullptr;
        if (!queue) {
            const AVStream* stream = format->streams[packet->stream_index];
            if (stream->codecpar->codec_id == AV_CODEC_ID_TIMED_ID3) {
                takeCue(*packet, *stream); // also from a cue stream that appeared mid-broadcast
            }
            continue;
        }
        if (queue == &videoPackets && packet->pts != AV_NOPTS_VALUE) {
            std::int64_t ticks = av_rescale_q(packet->pts, videoTimeBase, kTicksTimeBase);
            if (videoWraps33) {
                ticks = Pts33::unwrapPts(demuxVideoReference, static_cast<std::uint64_t>(ticks));
            }
            demuxVideoReference = ticks;
            if (ticks > newestVideoTicks.load()) {
                newestVideoTicks.store(ticks);
            }
        }
        // The hand-off: on Ok the queue owns the packet; Flushed means a seek came while
        // waiting for room (the packet is stale and freed here); Aborted means stop.
        if (queue->push(std::move(packet)) == QueueStatus::Aborted) {
            break;
        }
    }
}

void MediaSource::Impl::takeCue(const AVPacket& packet, const AVStream& stream) {
    const CueParse parsed = parseCuePayload(packet.data, static_cast<std::size_t>(packet.size));
    if (!parsed.cue) {
        if (!parsed.error.empty()) {
            ++rejectedCues;
            emitMessage(MessageLevel::Warning, "a cue in " + url + " was ignored: " + parsed.error);
        }
        return;
    }
    if (packet.pts == AV_NOPTS_VALUE) {
        ++rejectedCues;
        emitMessage(MessageLevel::Warning, "a cue in " + url + " was ignored: it has no pts");
        return;
    }
    std::int64_t ticks = av_rescale_q(packet.pts, stream.time_base, kTicksTimeBase);
    std::lock_guard lock(cueMutex);
    if (stream.pts_wrap_bits == 33) {
        ticks = Pts33::unwrapPts(cueReference, static_cast<std::uint64_t>(ticks));
    }
    cueReference = ticks;
    TimedCue cue;
    cue.cue = *parsed.cue;
    cue.ptsTicks = ticks;
    cue.ptsSeconds = Pts33::ticksToSeconds(ticks);
    recentCueTicks.push_back(ticks);
    if (recentCueTicks.size() > kRecentCueTicks) {
        recentCueTicks.pop_front();
    }
    cues.push_back(std::move(cue));
    if (cues.size() > kMaxQueuedCues) {
        cues.pop_front(); // nobody is reading: keep the newest
    }
}

bool MediaSource::Impl::keepsCueFrame(const AVPacket& packet, AVRational timeBase) {
    if (packet.pts == AV_NOPTS_VALUE) {
        return false;
    }
    const std::int64_t ticks = av_rescale_q(packet.pts, timeBase, kTicksTimeBase);
    std::lock_guard lock(cueMutex);
    for (const std::int64_t cue : recentCueTicks) {
        // On the 33-bit clock: the distance from the cue forward to this frame, wrap included.
        const std::int64_t after =
            static_cast<std::int64_t>(static_cast<std::uint64_t>(ticks - cue) & Pts33::kRawMask);
        if (after < kCueFrameWindowTicks) {
            return true;
        }
    }
    return false;
}

// MediaSourceOptions::rgba: `decoded` converted into `rgba` (allocated here), scaled down to fit
// the options' largest size. The conversion's context is kept while the input's shape, matrix
// and range stay the same.
bool MediaSource::Impl::convertToRgba(AVFrame& decoded, ColorMatrix matrix, ColorRange range,
                                      AVFrame& rgba) {
    int width = decoded.width;
    int height = decoded.height;
    const int maxWidth = std::max(16, options.rgbaMaxWidth);
    const int maxHeight = std::max(16, options.rgbaMaxHeight);
    if (width > maxWidth || height > maxHeight) {
        const double scale = std::min(static_cast<double>(maxWidth) / width,
                                      static_cast<double>(maxHeight) / height);
        width = std::max(2, static_cast<int>(std::lround(width * scale)) & ~1);
        height = std::max(2, static_cast<int>(std::lround(height * scale)) & ~1);
    }
    const RgbaShape shape{decoded.width, decoded.height, decoded.format, width,
                          height,        matrix,         range};
    if (!rgbaSws || !(shape == rgbaShape)) {
        sws_freeContext(rgbaSws);
        rgbaSws = sws_getContext(decoded.width, decoded.height,
                                 static_cast<AVPixelFormat>(decoded.format), width, height,
                                 AV_PIX_FMT_RGBA, SWS_BILINEAR, nullptr, nullptr, nullptr);
        if (!rgbaSws) {
            fail("cannot convert video frames to RGBA");
            return false;
        }
        const int colorspace = matrix == ColorMatrix::Bt601    ? SWS_CS_ITU601
                               : matrix == ColorMatrix::Bt2020 ? SWS_CS_BT2020
                                                               : SWS_CS_ITU709;
        // Source coefficients and range from the frame; RGB out at full range. Brightness 0,
        // contrast and saturation 1 (16.16 fixed point).
        sws_setColorspaceDetails(rgbaSws, sws_getCoefficients(colorspace),
                                 range == ColorRange::Full ? 1 : 0,
                                 sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
        rgbaShape = shape;
    }
    rgba.format = AV_PIX_FMT_RGBA;
    rgba.width = width;
    rgba.height = height;
    if (av_frame_get_buffer(&rgba, 0) < 0 || av_frame_copy_props(&rgba, &decoded) < 0) {
        fail("cannot convert video frames to RGBA: out of memory");
        return false;
    }
    sws_scale(rgbaSws, decoded.data, decoded.linesize, 0, decoded.height, rgba.data, rgba.linesize);
    av_frame_unref(&decoded);
    return true;
}

bool MediaSource::Impl::deliverVideo(AVFrame& decoded, Serial serial, std::int64_t dropBefore) {
    // Not from a seek generation that is over already?
    if (serial != acceptedVideoSerial.load()) {
        return true;
    }
    const std::int64_t pts = decoded.best_effort_timestamp != AV_NOPTS_VALUE
                                 ? decoded.best_effort_timestamp
                                 : decoded.pts;
    std::int64_t ticks =
        pts != AV_NOPTS_VALUE ? av_rescale_q(pts, videoTimeBase, kTicksTimeBase) : 0;
    if (pts != AV_NOPTS_VALUE && videoWraps33) {
        ticks = videoUnwrapper.unwrap(static_cast<std::uint64_t>(ticks));
    }
    if (ticks + videoFrameTicks <= dropBefore) {
        return true; // before the seek target
    }

    auto frame = std::make_unique<VideoFrame>();
    AvFramePtr storage(av_frame_alloc());
    if (!storage) {
        return true;
    }
    const auto sourceFormat = static_cast<AVPixelFormat>(decoded.format);
    const ColorMatrix matrix = matrixOf(decoded);
    const ColorRange range =
        decoded.color_range == AVCOL_RANGE_JPEG || decoded.format == AV_PIX_FMT_YUVJ420P
            ? ColorRange::Full
            : ColorRange::Limited;
    if (options.rgba) {
        if (!convertToRgba(decoded, matrix, range, *storage)) {
            return false;
        }
    } else if (sourceFormat == AV_PIX_FMT_YUV420P || sourceFormat == AV_PIX_FMT_YUVJ420P ||
               sourceFormat == AV_PIX_FMT_NV12) {
        av_frame_move_ref(storage.get(), &decoded);
    } else {
        sws = sws_getCachedContext(sws, decoded.width, decoded.height, sourceFormat, decoded.width,
                                   decoded.height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr,
                                   nullptr, nullptr);
        storage->format = AV_PIX_FMT_YUV420P;
        storage->width = decoded.width;
        storage->height = decoded.height;
        if (!sws || av_frame_get_buffer(storage.get(), 0) < 0 ||
            av_frame_copy_props(storage.get(), &decoded) < 0) {
            fail("cannot convert video frames");
            return false;
        }
        sws_scale(sws, decoded.data, decoded.linesize, 0, decoded.height, storage->data,
                  storage->linesize);
        av_frame_unref(&decoded);
    }
    const AVFrame& f = *storage;
    frame->layout = f.format == AV_PIX_FMT_RGBA   ? PixelLayout::Rgba
                    : f.format == AV_PIX_FMT_NV12 ? PixelLayout::Nv12
                                                  : PixelLayout::Yuv420p;
    frame->width = f.width;
    frame->height = f.height;
    frame->matrix = matrix;
    frame->range = range;
    frame->ptsTicks = ticks;
    frame->ptsSeconds = Pts33::ticksToSeconds(ticks);
    frame->serial = serial;
    frame->decodedAt = SteadyClock::now();
    const int chromaWidth = (f.width + 1) / 2;
    const int chromaHeight = (f.height + 1) / 2;
    frame->planes[0] = Plane{f.data[0], f.linesize[0], f.width, f.height};
    if (frame->layout == PixelLayout::Rgba) {
        frame->planeCount = 1;
        frame->planes[0].width = f.width * 4;
    } else if (frame->layout == PixelLayout::Nv12) {
        frame->planeCount = 2;
        frame->planes[1] = Plane{f.data[1], f.linesize[1], chromaWidth * 2, chromaHeight};
    } else {
        frame->planeCount = 3;
        frame->planes[1] = Plane{f.data[1], f.linesize[1], chromaWidth, chromaHeight};
        frame->planes[2] = Plane{f.data[2], f.linesize[2], chromaWidth, chromaHeight};
    }
    frame->storage = std::move(storage);
    // The hand-off: on Ok the frame queue owns the frame, then the consumer that pops it.
    return videoFrames.push(VideoItem{std::move(frame), serial}) != QueueStatus::Aborted;
}

// Hands a packet (null drains) to a decoder. A corrupt packet is logged and skipped: the
// decoder resynchronises at the next keyframe, and the stream goes on.
void MediaSource::Impl::sendPacket(AVCodecContext& codec, const AVPacket* packet,
                                   const char* kind) {
    const int sent = avcodec_send_packet(&codec, packet);
    if (sent < 0 && sent != AVERROR(EAGAIN) && sent != AVERROR_EOF) {
        av_log(nullptr, AV_LOG_WARNING, "docent: %s decode error in %s: %s\n", kind, url.c_str(),
               avText(sent).c_str());
    }
}

void MediaSource::Impl::videoMain() {
    AvFramePtr decoded(av_frame_alloc());
    if (!decoded) {
        fail("out of memory decoding video");
        return;
    }
    Serial current = std::numeric_limits<Serial>::max();
    std::int64_t dropBefore = kNoDropTarget;
    bool awaitKeyframe = false;
    for (;;) {
        PacketPtr packet;
        Serial serial = 0;
        if (videoPackets.pop(packet, serial) != QueueStatus::Ok) {
            return; // aborted
        }
        if (serial != current) {
            avcodec_flush_buffers(videoCodec.get());
            current = serial;
            dropBefore = dropTargetFor(true, serial);
            // After a seek (MPEG-TS lands anywhere in a GOP) decoding starts at a keyframe:
            // what comes before it has no references and would only decode into errors.
            awaitKeyframe = dropBefore != kNoDropTarget;
        }
        if (awaitKeyframe && packet) {
            if (!(packet->flags & AV_PKT_FLAG_KEY)) {
                continue;
            }
            awaitKeyframe = false;
        }
        // Behind the clock: skip the frames nothing else refers to (B-frames, typically), but
        // not one a cue takes effect on (the producer sends cues ahead of their frames).
        const AVDiscard skip =
            lightenDecoding.load() &&
                    !(packet && keepsCueFrame(*packet, format->streams[videoIndex]->time_base))
                ? AVDISCARD_NONREF
                : AVDISCARD_DEFAULT;
        if (videoCodec->skip_frame != skip) {
            videoCodec->skip_frame = skip;
        }
        // A null packet drains the decoder.
        sendPacket(*videoCodec, packet.get(), "video");
        int ret = 0;
        while ((ret = avcodec_receive_frame(videoCodec.get(), decoded.get())) >= 0) {
            const bool keepGoing = deliverVideo(*decoded, serial, dropBefore);
            av_frame_unref(decoded.get());
            if (!keepGoing) {
                if (!aborted.load()) { // a fatal error: let the consumer know
                    videoFrames.push(VideoItem{nullptr, acceptedVideoSerial.load()});
                }
                return;
            }
        }
        if (ret == AVERROR_EOF) {
            if (serial == acceptedVideoSerial.load()) {
                {
                    // Before the end marker, so that a consumer who pops it sees Ended.
                    std::lock_guard lock(mutex);
                    if (state == State::Playing && serial == acceptedVideoSerial.load()) {
                        state = State::Ended;
                    }
                }
                changed.notify_all();
                if (videoFrames.push(VideoItem{nullptr, serial}) == QueueStatus::Aborted) {
                    return;
                }
            }
            avcodec_flush_buffers(videoCodec.get()); // ready for packets after a seek
        }
    }
}

bool MediaSource::Impl::deliverAudio(const AVFrame* decoded, Serial serial,
                                     std::int64_t dropBefore) {
    if (serial != acceptedAudioSerial.load()) {
        return true;
    }
    // FFmpeg 5.1 takes the layouts as non-const pointers but only reads them.
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    if (decoded && !swr) {
        if (swr_alloc_set_opts2(&swr, &stereo, AV_SAMPLE_FMT_FLT, kAudioSampleRate,
                                const_cast<AVChannelLayout*>(&decoded->ch_layout),
                                static_cast<AVSampleFormat>(decoded->format), decoded->sample_rate,
                                0, nullptr) < 0 ||
            swr_init(swr) < 0) {
            swr_free(&swr);
            fail("cannot convert the audio");
            return false;
        }
    }
    if (!swr) {
        return true;
    }
    std::int64_t ticks = 0;
    bool haveTicks = false;
    if (decoded) {
        const std::int64_t pts = decoded->best_effort_timestamp;
        if (pts != AV_NOPTS_VALUE) {
            // The resampler's buffered input comes out first, so the chunk starts earlier.
            ticks = av_rescale_q(pts, audioTimeBase, kTicksTimeBase);
            if (audioWraps33) {
                ticks = audioUnwrapper.unwrap(static_cast<std::uint64_t>(ticks));
            }
            ticks -=
                av_rescale_q(swr_get_delay(swr, kAudioSampleRate), kAudioTimeBase, kTicksTimeBase);
            haveTicks = true;
        }
    }
    const int inSamples = decoded ? decoded->nb_samples : 0;
    const int capacity = swr_get_out_samples(swr, inSamples);
    if (capacity <= 0) {
        return true;
    }
    auto chunk = std::make_unique<AudioChunk>();
    chunk->samples.resize(static_cast<std::size_t>(capacity) * kAudioChannels);
    auto* out = reinterpret_cast<std::uint8_t*>(chunk->samples.data());
    const int produced = swr_convert(
        swr, &out, capacity,
        decoded ? const_cast<const std::uint8_t**>(decoded->extended_data) : nullptr, inSamples);
    if (produced <= 0) {
        return true;
    }
    chunk->samples.resize(static_cast<std::size_t>(produced) * kAudioChannels);
    chunk->serial = serial;
    if (haveTicks && dropBefore != kNoDropTarget && ticks < dropBefore) {
        // Trim what lies before the seek target.
        const std::int64_t skip = av_rescale_q(dropBefore - ticks, kTicksTimeBase, kAudioTimeBase);
        if (skip >= produced) {
            return true;
        }
        chunk->samples.erase(chunk->samples.begin(),
                             chunk->samples.begin() +
                                 static_cast<std::ptrdiff_t>(skip) * kAudioChannels);
        ticks = dropBefore;
    }
    chunk->ptsSeconds = Pts33::ticksToSeconds(ticks);
    return audioChunks.push(AudioItem{std::move(chunk), serial}) != QueueStatus::Aborted;
}

void MediaSource::Impl::audioMain() {
    AvFramePtr decoded(av_frame_alloc());
    if (!decoded) {
        fail("out of memory decoding audio");
        return;
    }
    Serial current = std::numeric_limits<Serial>::max();
    std::int64_t dropBefore = kNoDropTarget;
    for (;;) {
        PacketPtr packet;
        Serial serial = 0;
        if (audioPackets.pop(packet, serial) != QueueStatus::Ok) {
            return;
        }
        if (serial != current) {
            avcodec_flush_buffers(audioCodec.get());
            swr_free(&swr); // its buffered samples belong to the old position
            current = serial;
            dropBefore = dropTargetFor(false, serial);
        }
        sendPacket(*audioCodec, packet.get(), "audio");
        int ret = 0;
        while ((ret = avcodec_receive_frame(audioCodec.get(), decoded.get())) >= 0) {
            const bool keepGoing = deliverAudio(decoded.get(), serial, dropBefore);
            av_frame_unref(decoded.get());
            if (!keepGoing) {
                if (!aborted.load()) {
                    audioChunks.push(AudioItem{nullptr, acceptedAudioSerial.load()});
                }
                return;
            }
        }
        if (ret == AVERROR_EOF) {
            if (!deliverAudio(nullptr, serial, dropBefore)) { // the resampler's tail
                return;
            }
            swr_free(&swr);
            if (serial == acceptedAudioSerial.load() &&
                audioChunks.push(AudioItem{nullptr, serial}) == QueueStatus::Aborted) {
                return;
            }
            avcodec_flush_buffers(audioCodec.get());
        }
    }
}

MediaSource::MediaSource(std::string url, MediaSourceOptions options)
    : m_url(url), m_impl(std::make_unique<Impl>(std::move(url), std::move(options))) {
    m_impl->demuxThread = std::thread([impl = m_impl.get()] { impl->demuxMain(); });
}

MediaSource::~MediaSource() {
    stop();
}

void MediaSource::stop() {
    Impl& impl = *m_impl;
    impl.aborted.store(true);
    {
        std::lock_guard lock(impl.mutex);
        impl.stopped = true;
    }
    impl.changed.notify_all();
    impl.videoPackets.abort();
    impl.audioPackets.abort();
    impl.videoFrames.abort();
    impl.audioChunks.abort();
    if (impl.demuxThread.joinable()) {
        impl.demuxThread.join();
    }
    // The decoders were started by the demux thread; joined after it, they are visible here.
    if (impl.videoThread.joinable()) {
        impl.videoThread.join();
    }
    if (impl.audioThread.joinable()) {
        impl.audioThread.join();
    }
    impl.videoPackets.flush();
    impl.audioPackets.flush();
    impl.videoFrames.flush();
    impl.audioChunks.flush();
    impl.videoCodec.reset();
    impl.audioCodec.reset();
    sws_freeContext(impl.sws);
    impl.sws = nullptr;
    sws_freeContext(impl.rgbaSws);
    impl.rgbaSws = nullptr;
    swr_free(&impl.swr);
    avformat_close_input(&impl.format);
    if (impl.memoryIo) {
        av_freep(&impl.memoryIo->buffer);
        avio_context_free(&impl.memoryIo);
    }
}

void MediaSource::seek(double seconds) {
    Impl& impl = *m_impl;
    {
        std::lock_guard lock(impl.mutex);
        if (impl.stopped || impl.state == State::Error || !impl.opened.load()) {
            return;
        }
        impl.seekRequested = true;
        impl.seekSeconds = std::max(0.0, seconds);
        impl.acceptedVideoSerial.store(kNoSerial);
        impl.acceptedAudioSerial.store(kNoSerial);
        // Wake a demux thread waiting for room and decoders waiting to hand a frame over; what
        // they hold is stale now. The demux thread flushes again once it has seeked. Done under
        // the lock so that this flush cannot come after the demux thread's (lock order: mutex,
        // then a queue's own lock, never the other way round).
        impl.videoPackets.flush();
        impl.audioPackets.flush();
        impl.videoFrames.flush();
        impl.audioChunks.flush();
    }
    impl.changed.notify_all();
}

MediaSource::PopResult MediaSource::popVideoFrame(VideoFrame& out, Deadline deadline) {
    Impl& impl = *m_impl;
    for (;;) {
        VideoItem item;
        Serial queueSerial = 0;
        const QueueStatus status = impl.videoFrames.pop(item, queueSerial, deadline);
        if (status == QueueStatus::Aborted) {
            return PopResult::Aborted;
        }
        if (status != QueueStatus::Ok) {
            return PopResult::Timeout;
        }
        if (item.serial != impl.acceptedVideoSerial.load()) {
            continue; // decoded before a seek
        }
        if (!item.frame) {
            return PopResult::EndOfStream;
        }
        // The hand-off: the frame and its pixels belong to the caller from here on.
        out = std::move(*item.frame);
        return PopResult::Frame;
    }
}

MediaSource::PopResult MediaSource::popAudio(AudioChunk& out, Deadline deadline) {
    Impl& impl = *m_impl;
    for (;;) {
        if (impl.opened.load() && !impl.hasAudio.load()) {
            return impl.audioChunks.aborted() ? PopResult::Aborted : PopResult::EndOfStream;
        }
        AudioItem item;
        Serial queueSerial = 0;
        const QueueStatus status = impl.audioChunks.pop(item, queueSerial, deadline);
        if (status == QueueStatus::Aborted) {
            return PopResult::Aborted;
        }
        if (status != QueueStatus::Ok) {
            return PopResult::Timeout;
        }
        if (item.serial != impl.acceptedAudioSerial.load()) {
            continue;
        }
        if (!item.chunk) {
            return PopResult::EndOfStream;
        }
        out = std::move(*item.chunk);
        return PopResult::Frame;
    }
}

std::vector<TimedCue> MediaSource::popCues() {
    std::lock_guard lock(m_impl->cueMutex);
    std::vector<TimedCue> out(std::make_move_iterator(m_impl->cues.begin()),
                              std::make_move_iterator(m_impl->cues.end()));
    m_impl->cues.clear();
    return out;
}

int MediaSource::rejectedCues() const {
    return m_impl->rejectedCues.load();
}

double MediaSource::newestArrivedSeconds() const {
    const std::int64_t ticks = m_impl->newestVideoTicks.load();
    return ticks == Impl::kNoTicks ? std::numeric_limits<double>::quiet_NaN()
                                   : Pts33::ticksToSeconds(ticks);
}

void MediaSource::setSkipNonReferenceFrames(bool skip) {
    m_impl->lightenDecoding.store(skip);
}

MediaSource::State MediaSource::waitWhileConnecting(Deadline deadline) const {
    std::unique_lock lock(m_impl->mutex);
    m_impl->changed.wait_until(
        lock, deadline, [&] { return m_impl->state != State::Connecting || m_impl->stopped; });
    return m_impl->state;
}

MediaSource::State MediaSource::state() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->state;
}

std::string MediaSource::error() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->errorText;
}

MediaInfo MediaSource::info() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->info;
}

Serial MediaSource::videoSerial() const {
    return m_impl->acceptedVideoSerial.load();
}

std::size_t MediaSource::waitingForVideo() const {
    return m_impl->videoFrames.waitingConsumers();
}

std::size_t MediaSource::waitingForAudio() const {
    return m_impl->audioChunks.waitingConsumers();
}

} // namespace docent::streaming
