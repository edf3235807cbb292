#pragma once
// Small FFmpeg helpers shared inside streaming: an error code in words, and deleters that let
// std::unique_ptr own FFmpeg's objects. Internal (src/): the public headers stay FFmpeg-free.
// Any thread.

#include <memory>
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
// Opens a local recording (the file protocol only) and reads its stream info; on failure sets
// error to a line naming path and returns null. For the scans that read a whole file up front.
inline std::unique_ptr<AVFormatContext, InputCloser> openLocalRecording(const std::string& path,
                                                                        std::string& error) {
    AVFormatContext* raw = nullptr;
    AVDictionary* options = nullptr;
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    const int ret = avformat_open_input(&raw, path.c_str(), nullptr, &options);
    av_dict_free(&options);
    if (ret < 0) {
        error = path + ": cannot open: " + avText(ret);
        return nullptr;
    }
    std::unique_ptr<AVFormatContext, InputCloser> input(raw);
    if (avformat_find_stream_info(input.get(), nullptr) < 0) {
        error = path + ": cannot read the stream info";
        return nullptr;
    }
    return input;
}

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
