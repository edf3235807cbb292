#pragma once
// BroadcastEncoder: re-encodes one stream of a broadcast source for the wire. Video is decoded
// and encoded as H.264 (libx264, 4:2:0, GOP of 2 s, no B-frames, tuned for low latency); audio is
// decoded, resampled to 48 kHz stereo and encoded as AAC. Timestamps keep the source's timeline:
// a video frame keeps its pts, audio is stamped by sample count from its first frame's pts, so
// cue times measured on the source hold for the output.
//
// Internal to streaming (Broadcaster). One thread. Failure: open() returns false with a reason;
// feed() returns a negative FFmpeg error code.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

extern "C" {
struct AVCodecContext;
struct AVFrame;
struct AVPacket;
struct AVStream;
struct SwrContext;
struct SwsContext;
struct AVAudioFifo;
}

namespace docent::streaming {

class BroadcastEncoder {
public:
    static constexpr int kCrf = 23;                             // x264 quality for live
    static constexpr std::int64_t kMaxVideoBitRate = 4'000'000; // bits per second, VBV cap
    static constexpr std::int64_t kAudioBitRate = 128'000;      // bits per second
    static constexpr double kGopSeconds = 2.0; // a keyframe this often: joiners start

    BroadcastEncoder();
    ~BroadcastEncoder();
    BroadcastEncoder(const BroadcastEncoder&) = delete;
    BroadcastEncoder& operator=(const BroadcastEncoder&) = delete;

    // Sets up the decoder for input (a video or audio stream of an open input; frameRate is the
    // guessed video rate, unused for audio) and the matching encoder.
    bool open(const AVStream& input, int frameRateNum, int frameRateDen, std::string& error);
    // The encoder, for the output stream's parameters and time base.
    const AVCodecContext& encoder() const { return *m_encoder; }
    // Decodes packet (nullptr: the end, flush everything) and hands each encoded packet, stamped
    // in the encoder's time base, to sink; a negative return from sink stops and is returned.
    int feed(const AVPacket* packet, const std::function<int(AVPacket&)>& sink);

private:
    int encodeFrame(AVFrame* frame, const std::function<int(AVPacket&)>& sink);
    int encodeVideo(AVFrame& decoded, const std::function<int(AVPacket&)>& sink);
    int encodeAudio(AVFrame* decoded, const std::function<int(AVPacket&)>& sink);

    struct CodecFree {
        void operator()(AVCodecContext* c) const;
    };
    struct FrameFree {
        void operator()(AVFrame* f) const;
    };
    struct PacketFree {
        void operator()(AVPacket* p) const;
    };

    bool m_video = false;
    std::unique_ptr<AVCodecContext, CodecFree> m_decoder;
    std::unique_ptr<AVCodecContext, CodecFree> m_encoder;
    std::unique_ptr<AVFrame, FrameFree> m_decoded;
    std::unique_ptr<AVFrame, FrameFree> m_converted; // scaled picture / one encoder frame of sound
    std::unique_ptr<AVPacket, PacketFree> m_packet;
    SwsContext* m_sws = nullptr;
    SwrContext* m_swr = nullptr;
    AVAudioFifo* m_fifo = nullptr;
    std::int64_t m_lastVideoPts = 0;
    bool m_anyVideo = false;
    std::int64_t m_nextSample = 0; // pts of the next encoded audio frame, in samples
    bool m_anyAudio = false;
};

} // namespace docent::streaming
