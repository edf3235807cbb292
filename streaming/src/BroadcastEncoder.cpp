#include "BroadcastEncoder.h"

#include "AvHelpers.h"

#include <algorithm>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

namespace docent::streaming {
namespace {

constexpr int kSampleRate = 48000;
constexpr int kChannels = 2;

} // namespace

void BroadcastEncoder::CodecFree::operator()(AVCodecContext* c) const {
    avcodec_free_context(&c);
}
void BroadcastEncoder::FrameFree::operator()(AVFrame* f) const {
    av_frame_free(&f);
}
void BroadcastEncoder::PacketFree::operator()(AVPacket* p) const {
    av_packet_free(&p);
}

BroadcastEncoder::BroadcastEncoder() = default;

BroadcastEncoder::~BroadcastEncoder() {
    sws_freeContext(m_sws);
    swr_free(&m_swr);
    if (m_fifo) {
        av_audio_fifo_free(m_fifo);
    }
}

bool BroadcastEncoder::open(const AVStream& input, int frameRateNum, int frameRateDen,
                            std::string& error) {
    const AVCodecParameters& par = *input.codecpar;
    m_video = par.codec_type == AVMEDIA_TYPE_VIDEO;
    const AVCodec* decoder = avcodec_find_decoder(par.codec_id);
    if (!decoder) {
        error = std::string("no decoder for its ") + (m_video ? "video" : "audio") + " (" +
                avcodec_get_name(par.codec_id) + ")";
        return false;
    }
    m_decoder.reset(avcodec_alloc_context3(decoder));
    m_decoded.reset(av_frame_alloc());
    m_converted.reset(av_frame_alloc());
    m_packet.reset(av_packet_alloc());
    if (!m_decoder || !m_decoded || !m_converted || !m_packet ||
        avcodec_parameters_to_context(m_decoder.get(), &par) < 0) {
        error = "out of memory";
        return false;
    }
    m_decoder->pkt_timebase = input.time_base;
    m_decoder->thread_count = 0; // as many as the machine has
    int ret = avcodec_open2(m_decoder.get(), decoder, nullptr);
    if (ret < 0) {
        error = std::string("cannot open the ") + avcodec_get_name(par.codec_id) +
                " decoder: " + avText(ret);
        return false;
    }

    if (m_video) {
        const AVCodec* h264 = avcodec_find_encoder_by_name("libx264");
        if (!h264) {
            error = "FFmpeg has no libx264 encoder";
            return false;
        }
        m_encoder.reset(avcodec_alloc_context3(h264));
        if (!m_encoder) {
            error = "out of memory";
            return false;
        }
        AVCodecContext& v = *m_encoder;
        v.width = par.width & ~1; // 4:2:0 needs even sizes
        v.height = par.height & ~1;
        if (v.width < 2 || v.height < 2) {
            error = "its video has no usable picture size";
            return false;
        }
        v.pix_fmt = AV_PIX_FMT_YUV420P;
        v.time_base = input.time_base; // frames keep their source pts
        v.framerate = frameRateNum > 0 && frameRateDen > 0 ? AVRational{frameRateNum, frameRateDen}
                                                           : AVRational{25, 1};
        v.gop_size = std::max(1, static_cast<int>(kGopSeconds * av_q2d(v.framerate) + 0.5));
        v.max_b_frames = 0;
        v.rc_max_rate = kMaxVideoBitRate;
        v.rc_buffer_size = static_cast<int>(kMaxVideoBitRate);
        v.sample_aspect_ratio = par.sample_aspect_ratio;
        av_opt_set(v.priv_data, "preset", "veryfast", 0);
        av_opt_set(v.priv_data, "tune", "zerolatency", 0);
        av_opt_set_int(v.priv_data, "crf", kCrf, 0);
        if ((ret = avcodec_open2(&v, h264, nullptr)) < 0) {
            error = "cannot open the H.264 encoder: " + avText(ret);
            return false;
        }
        m_converted->format = v.pix_fmt;
        m_converted->width = v.width;
        m_converted->height = v.height;
        if (av_frame_get_buffer(m_converted.get(), 0) < 0) {
            error = "out of memory";
            return false;
        }
        return true;
    }

    const AVCodec* aac = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!aac) {
        error = "FFmpeg has no AAC encoder";
        return false;
    }
    m_encoder.reset(avcodec_alloc_context3(aac));
    if (!m_encoder) {
        error = "out of memory";
        return false;
    }
    AVCodecContext& a = *m_encoder;
    a.sample_fmt = AV_SAMPLE_FMT_FLTP;
    a.sample_rate = kSampleRate;
    av_channel_layout_default(&a.ch_layout, kChannels);
    a.bit_rate = kAudioBitRate;
    a.time_base = AVRational{1, kSampleRate};
    if ((ret = avcodec_open2(&a, aac, nullptr)) < 0) {
        error = "cannot open the AAC encoder: " + avText(ret);
        return false;
    }
    if (m_decoder->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
        const int channels = std::max(1, m_decoder->ch_layout.nb_channels);
        av_channel_layout_uninit(&m_decoder->ch_layout);
        av_channel_layout_default(&m_decoder->ch_layout, channels);
    }
    if (swr_alloc_set_opts2(&m_swr, &a.ch_layout, a.sample_fmt, a.sample_rate,
                            &m_decoder->ch_layout, m_decoder->sample_fmt, m_decoder->sample_rate, 0,
                            nullptr) < 0 ||
        swr_init(m_swr) < 0) {
        error = "cannot resample its audio to 48 kHz stereo";
        return false;
    }
    m_fifo = av_audio_fifo_alloc(a.sample_fmt, kChannels, a.frame_size > 0 ? a.frame_size : 1024);
    m_converted->format = a.sample_fmt;
    m_converted->sample_rate = a.sample_rate;
    m_converted->nb_samples = a.frame_size > 0 ? a.frame_size : 1024;
    av_channel_layout_copy(&m_converted->ch_layout, &a.ch_layout);
    if (!m_fifo || av_frame_get_buffer(m_converted.get(), 0) < 0) {
        error = "out of memory";
        return false;
    }
    return true;
}

int BroadcastEncoder::feed(const AVPacket* packet, const std::function<int(AVPacket&)>& sink) {
    int ret = avcodec_send_packet(m_decoder.get(), packet);
    if (ret < 0 && ret != AVERROR_EOF) {
        // A damaged packet: skip it, as a player would; the next keyframe recovers.
        return ret == AVERROR_INVALIDDATA ? 0 : ret;
    }
    while ((ret = avcodec_receive_frame(m_decoder.get(), m_decoded.get())) >= 0) {
        ret = m_video ? encodeVideo(*m_decoded, sink) : encodeAudio(m_decoded.get(), sink);
        av_frame_unref(m_decoded.get());
        if (ret < 0) {
            return ret;
        }
    }
    if (ret != AVERROR(EAGAIN) && ret != AVERROR_EOF && ret != AVERROR_INVALIDDATA) {
        return ret;
    }
    if (!packet) {
        // The end: the audio left over (padded to a whole frame), then the encoder's delay.
        if (!m_video && (ret = encodeAudio(nullptr, sink)) < 0) {
            return ret;
        }
        return encodeFrame(nullptr, sink);
    }
    return 0;
}

int BroadcastEncoder::encodeFrame(AVFrame* frame, const std::function<int(AVPacket&)>& sink) {
    int ret = avcodec_send_frame(m_encoder.get(), frame);
    if (ret < 0 && ret != AVERROR_EOF) {
        return ret;
    }
    while ((ret = avcodec_receive_packet(m_encoder.get(), m_packet.get())) >= 0) {
        ret = sink(*m_packet);
        av_packet_unref(m_packet.get());
        if (ret < 0) {
            return ret;
        }
    }
    return ret == AVERROR(EAGAIN) || ret == AVERROR_EOF ? 0 : ret;
}

int BroadcastEncoder::encodeVideo(AVFrame& decoded, const std::function<int(AVPacket&)>& sink) {
    std::int64_t pts = decoded.best_effort_timestamp;
    if (pts == AV_NOPTS_VALUE) {
        pts = m_anyVideo ? m_lastVideoPts + 1 : 0;
    }
    if (m_anyVideo && pts <= m_lastVideoPts) {
        return 0; // a repeated or backwards timestamp: the encoder needs them increasing
    }
    m_anyVideo = true;
    m_lastVideoPts = pts;
    int ret = av_frame_make_writable(m_converted.get());
    if (ret < 0) {
        return ret;
    }
    m_sws = sws_getCachedContext(m_sws, decoded.width, decoded.height,
                                 static_cast<AVPixelFormat>(decoded.format), m_converted->width,
                                 m_converted->height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr,
                                 nullptr, nullptr);
    if (!m_sws) {
        return AVERROR(EINVAL);
    }
    sws_scale(m_sws, decoded.data, decoded.linesize, 0, decoded.height, m_converted->data,
              m_converted->linesize);
    m_converted->pts = pts;
    m_converted->pict_type = AV_PICTURE_TYPE_NONE;
    return encodeFrame(m_converted.get(), sink);
}

int BroadcastEncoder::encodeAudio(AVFrame* decoded, const std::function<int(AVPacket&)>& sink) {
    const int frameSize = m_converted->nb_samples;
    if (decoded) {
        if (!m_anyAudio) {
            const std::int64_t pts = decoded->best_effort_timestamp;
            m_nextSample = pts == AV_NOPTS_VALUE ? 0
                                                 : av_rescale_q(pts, m_decoder->pkt_timebase,
                                                                AVRational{1, kSampleRate});
            m_anyAudio = true;
        }
        const int room = swr_get_out_samples(m_swr, decoded->nb_samples);
        if (room < 0) {
            return room;
        }
        AVFrame* out = av_frame_alloc();
        if (!out) {
            return AVERROR(ENOMEM);
        }
        out->format = m_encoder->sample_fmt;
        out->sample_rate = kSampleRate;
        out->nb_samples = std::max(room, 1);
        av_channel_layout_copy(&out->ch_layout, &m_encoder->ch_layout);
        int ret = av_frame_get_buffer(out, 0);
        if (ret >= 0) {
            ret = swr_convert(m_swr, out->data, out->nb_samples,
                              const_cast<const std::uint8_t**>(decoded->extended_data),
                              decoded->nb_samples);
        }
        if (ret > 0) {
            ret = av_audio_fifo_write(m_fifo, reinterpret_cast<void**>(out->data), ret);
        }
        av_frame_free(&out);
        if (ret < 0) {
            return ret;
        }
    }
    while (av_audio_fifo_size(m_fifo) >= frameSize ||
           (!decoded && av_audio_fifo_size(m_fifo) > 0)) {
        int ret = av_frame_make_writable(m_converted.get());
        if (ret < 0) {
            return ret;
        }
        const int got =
            av_audio_fifo_read(m_fifo, reinterpret_cast<void**>(m_converted->data), frameSize);
        if (got < frameSize) {
            av_samples_set_silence(m_converted->data, got, frameSize - got, kChannels,
                                   static_cast<AVSampleFormat>(m_converted->format));
        }
        m_converted->pts = m_nextSample;
        m_nextSample += frameSize;
        if ((ret = encodeFrame(m_converted.get(), sink)) < 0) {
            return ret;
        }
    }
    return 0;
}

} // namespace docent::streaming
