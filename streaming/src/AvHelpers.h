#pragma once
// Small FFmpeg helpers shared inside streaming: an error code in words, and deleters that let
// std::unique_ptr own FFmpeg's objects. Internal (src/): the public headers stay FFmpeg-free.
// Any thread.

#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
}

namespace docent::streaming {

// FFmpeg's text for an error code, e.g. "Connection refused".
inline std::string avText(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

struct InputCloser {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct PacketFree {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FrameFree {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct CodecContextFree {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};

} // namespace docent::streaming
