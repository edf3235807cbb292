#include "streaming/Recorder.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include "AvHelpers.h"
#include "FfmpegLog.h"
#include "streaming/MediaSource.h" // kAudioSampleRate, kAudioChannels

namespace docent::streaming {
struct Recorder::Impl {
    std::string path;
    AVFormatContext* format = nullptr;
    std::unique_ptr<AVCodecContext, CodecContextFree> video;
    std::unique_ptr<AVCodecContext, CodecContextFree> audio;
    AVStream* videoStream = nullptr;
    AVStream* audioStream = nullptr;
    std::unique_ptr<AVFrame, FrameFree> picture;
    std::unique_ptr<AVFrame, FrameFree> sound;
    std::unique_ptr<AVPacket, PacketFree> packet;
    SwsContext* sws = nullptr;
    int width = 0; // encoded (even) size
    int height = 0;
    std::int64_t frames = 0;        // video frames added
    std::int64_t samplesSent = 0;   // audio sample frames encoded
    std::vector<float> pendingLeft; // audio waiting for a full encoder frame
    std::vector<float> pendingRight;
    bool headerWritten = false;
    bool finished = false;
    bool failed = false;

    ~Impl() {
        sws_freeContext(sws);
        if (format) {
            if (format->pb) {
                avio_closep(&format->pb);
            }
            avformat_free_context(format);
        }
        if (!finished && !path.empty()) {
            std::error_code ec;
            std::filesystem::remove(path, ec); // an unfinished file is not playable
        }
    }

    // Sends frame (nullptr: flush) to the encoder and writes what comes out.
    int encode(AVCodecContext* codec, AVStream* stream, AVFrame* frame) {
        int ret = avcodec_send_frame(codec, frame);
        if (ret < 0) {
            return ret;
        }
        while ((ret = avcodec_receive_packet(codec, packet.get())) >= 0) {
            av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
            packet->stream_index = stream->index;
            ret = av_interleaved_write_frame(format, packet.get());
            if (ret < 0) {
                return ret;
            }
        }
        return ret == AVERROR(EAGAIN) || ret == AVERROR_EOF ? 0 : ret;
    }

    // Encodes whole encoder frames of pending audio; with flush, the rest padded with silence.
    int drainAudio(bool flush) {
        const int size = audio->frame_size > 0 ? audio->frame_size : 1024;
        while (pendingLeft.size() >= static_cast<std::size_t>(size) ||
               (flush && !pendingLeft.empty())) {
            pendingLeft.resize(std::max(pendingLeft.size(), static_cast<std::size_t>(size)), 0.0f);
            pendingRight.resize(pendingLeft.size(), 0.0f);
            int ret = av_frame_make_writable(sound.get());
            if (ret < 0) {
                return ret;
            }
            std::copy_n(pendingLeft.begin(), size, reinterpret_cast<float*>(sound->data[0]));
            std::copy_n(pendingRight.begin(), size, reinterpret_cast<float*>(sound->data[1]));
            sound->pts = samplesSent;
            samplesSent += size;
            pendingLeft.erase(pendingLeft.begin(), pendingLeft.begin() + size);
            pendingRight.erase(pendingRight.begin(), pendingRight.begin() + size);
            ret = encode(audio.get(), audioStream, sound.get());
            if (ret < 0) {
                return ret;
            }
        }
        return 0;
    }
};

Recorder::Recorder() = default;
Recorder::~Recorder() = default;

std::int64_t Recorder::videoFrames() const {
    return m_impl ? m_impl->frames : 0;
}

bool Recorder::open(const std::string& path, int width, int height, int fps) {
    ffmpegLog::install();
    m_impl = std::make_unique<Impl>();
    Impl& r = *m_impl;
    const auto fail = [&](const std::string& problem) {
        m_error = path + ": cannot record: " + problem;
        r.failed = true;
        return false;
    };
    r.width = width & ~1;
    r.height = height & ~1;
    if (r.width < 2 || r.height < 2 || fps <= 0) {
        return fail("the view is too small to encode");
    }
    int ret = avformat_alloc_output_context2(&r.format, nullptr, nullptr, path.c_str());
    if (ret < 0 || !r.format) {
        return fail("no container for this file name (use .mp4, .mkv or .mov)");
    }
    r.path = path;

    const AVCodec* h264 = avcodec_find_encoder_by_name("libx264");
    const AVCodec* aac = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!h264 || !aac) {
        return fail("FFmpeg has no libx264 or AAC encoder");
    }
    r.video.reset(avcodec_alloc_context3(h264));
    r.audio.reset(avcodec_alloc_context3(aac));
    r.picture.reset(av_frame_alloc());
    r.sound.reset(av_frame_alloc());
    r.packet.reset(av_packet_alloc());
    if (!r.video || !r.audio || !r.picture || !r.sound || !r.packet) {
        return fail("out of memory");
    }
    const bool globalHeader = (r.format->oformat->flags & AVFMT_GLOBALHEADER) != 0;

    AVCodecContext& v = *r.video;
    v.width = r.width;
    v.height = r.height;
    v.pix_fmt = AV_PIX_FMT_YUV420P;
    v.time_base = AVRational{1, fps};
    v.framerate = AVRational{fps, 1};
    v.gop_size = fps * 2;
    v.color_range = AVCOL_RANGE_MPEG;
    v.colorspace = AVCOL_SPC_BT709;
    v.color_primaries = AVCOL_PRI_BT709;
    v.color_trc = AVCOL_TRC_BT709;
    if (globalHeader) {
        v.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    }
    av_opt_set(v.priv_data, "preset", "veryfast", 0);
    av_opt_set_int(v.priv_data, "crf", kCrf, 0);
    if ((ret = avcodec_open2(&v, h264, nullptr)) < 0) {
        return fail("cannot open the H.264 encoder: " + avText(ret));
    }

    AVCodecContext& a = *r.audio;
    a.sample_fmt = AV_SAMPLE_FMT_FLTP;
    a.sample_rate = kAudioSampleRate;
    av_channel_layout_default(&a.ch_layout, kAudioChannels);
    a.bit_rate = kAudioBitRate;
    a.time_base = AVRational{1, kAudioSampleRate};
    if (globalHeader) {
        a.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    }
    if ((ret = avcodec_open2(&a, aac, nullptr)) < 0) {
        return fail("cannot open the AAC encoder: " + avText(ret));
    }

    r.videoStream = avformat_new_stream(r.format, nullptr);
    r.audioStream = avformat_new_stream(r.format, nullptr);
    if (!r.videoStream || !r.audioStream ||
        avcodec_parameters_from_context(r.videoStream->codecpar, &v) < 0 ||
        avcodec_parameters_from_context(r.audioStream->codecpar, &a) < 0) {
        return fail("cannot set up the streams");
    }
    r.videoStream->time_base = v.time_base;
    r.videoStream->avg_frame_rate = v.framerate;
    r.audioStream->time_base = a.time_base;

    r.picture->format = v.pix_fmt;
    r.picture->width = v.width;
    r.picture->height = v.height;
    r.sound->format = a.sample_fmt;
    r.sound->sample_rate = a.sample_rate;
    r.sound->nb_samples = a.frame_size > 0 ? a.frame_size : 1024;
    av_channel_layout_copy(&r.sound->ch_layout, &a.ch_layout);
    if (av_frame_get_buffer(r.picture.get(), 0) < 0 || av_frame_get_buffer(r.sound.get(), 0) < 0) {
        return fail("out of memory");
    }
    r.sws = sws_getContext(r.width, r.height, AV_PIX_FMT_RGBA, r.width, r.height,
                           AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
    if (!r.sws) {
        return fail("cannot convert RGBA to YUV");
    }
    // BT.709 limited range, as the stream is tagged.
    const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(r.sws, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);

    if ((ret = avio_open(&r.format->pb, path.c_str(), AVIO_FLAG_WRITE)) < 0) {
        r.path.clear(); // nothing was created: nothing to remove
        return fail(avText(ret));
    }
    AVDictionary* muxOptions = nullptr;
    av_dict_set(&muxOptions, "movflags", "+faststart", 0);
    ret = avformat_write_header(r.format, &muxOptions);
    av_dict_free(&muxOptions);
    if (ret < 0) {
        return fail("cannot write the header: " + avText(ret));
    }
    r.headerWritten = true;
    return true;
}

bool Recorder::addVideoFrame(const std::uint8_t* rgba, int strideBytes) {
    if (!m_impl || m_impl->failed || m_impl->finished) {
        return false;
    }
    Impl& r = *m_impl;
    int ret = av_frame_make_writable(r.picture.get());
    if (ret >= 0) {
        const std::uint8_t* source[1] = {rgba};
        const int stride[1] = {strideBytes};
        sws_scale(r.sws, source, stride, 0, r.height, r.picture->data, r.picture->linesize);
        r.picture->pts = r.frames++;
        ret = r.encode(r.video.get(), r.videoStream, r.picture.get());
    }
    if (ret < 0) {
        m_error = r.path + ": cannot record a video frame: " + avText(ret);
        r.failed = true;
        return false;
    }
    return true;
}

bool Recorder::addAudio(const float* samples, int frames) {
    if (!m_impl || m_impl->failed || m_impl->finished) {
        return false;
    }
    Impl& r = *m_impl;
    for (int i = 0; i < frames; ++i) {
        r.pendingLeft.push_back(samples[i * kAudioChannels]);
        r.pendingRight.push_back(samples[i * kAudioChannels + 1]);
    }
    const int ret = r.drainAudio(false);
    if (ret < 0) {
        m_error = r.path + ": cannot record the audio: " + avText(ret);
        r.failed = true;
        return false;
    }
    return true;
}

bool Recorder::finish() {
    if (!m_impl || m_impl->failed || m_impl->finished) {
        return false;
    }
    Impl& r = *m_impl;
    int ret = r.drainAudio(true);
    if (ret >= 0) {
        ret = r.encode(r.video.get(), r.videoStream, nullptr);
    }
    if (ret >= 0) {
        ret = r.encode(r.audio.get(), r.audioStream, nullptr);
    }
    if (ret >= 0) {
        ret = av_write_trailer(r.format);
    }
    if (ret >= 0) {
        ret = avio_closep(&r.format->pb);
    }
    if (ret < 0) {
        m_error = r.path + ": cannot finish the recording: " + avText(ret);
        r.failed = true;
        return false;
    }
    r.finished = true;
    return true;
}

} // namespace docent::streaming
