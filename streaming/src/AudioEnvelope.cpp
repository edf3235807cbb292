#include "streaming/AudioEnvelope.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "AvHelpers.h"
#include "FfmpegLog.h"

namespace docent::streaming {
namespace {

constexpr std::size_t kMaxBuckets = 1 << 20; // a cap against a lying timestamp

// The loudest sample of a decoded frame, whatever its sample format (0 to 1).
float framePeak(const AVFrame& frame) {
    const auto format = static_cast<AVSampleFormat>(frame.format);
    const bool planar = av_sample_fmt_is_planar(format) != 0;
    const int channels = frame.ch_layout.nb_channels;
    const int planes = planar ? channels : 1;
    const int perPlane = planar ? frame.nb_samples : frame.nb_samples * channels;
    float peak = 0.0f;
    for (int p = 0; p < planes; ++p) {
        const std::uint8_t* data = frame.extended_data[p];
        for (int i = 0; i < perPlane; ++i) {
            float v = 0.0f;
            switch (av_get_packed_sample_fmt(format)) {
            case AV_SAMPLE_FMT_FLT:
                v = reinterpret_cast<const float*>(data)[i];
                break;
            case AV_SAMPLE_FMT_DBL:
                v = static_cast<float>(reinterpret_cast<const double*>(data)[i]);
                break;
            case AV_SAMPLE_FMT_S16:
                v = reinterpret_cast<const std::int16_t*>(data)[i] / 32768.0f;
                break;
            case AV_SAMPLE_FMT_S32:
                v = static_cast<float>(reinterpret_cast<const std::int32_t*>(data)[i] /
                                       2147483648.0);
                break;
            case AV_SAMPLE_FMT_U8:
                v = (data[i] - 128) / 128.0f;
                break;
            default:
                return 0.0f; // no other format comes out of FFmpeg's decoders
            }
            peak = std::max(peak, std::abs(v));
        }
    }
    return std::min(peak, 1.0f);
}

} // namespace

bool audioEnvelope(const std::string& path, double bucketSeconds, std::vector<float>& peaks,
                   std::string& error) {
    peaks.clear();
    if (!(bucketSeconds > 0.0)) {
        error = path + ": the envelope's buckets must be longer than 0 s";
        return false;
    }
    ffmpegLog::install();
    const auto input = openLocalRecording(path, error);
    if (!input) {
        return false;
    }
    const int audio = av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (audio < 0) {
        return true; // a silent recording: no waveform
    }
    // Times from the first video frame, as the player's position and the cues count them.
    double origin = input->start_time != AV_NOPTS_VALUE
                        ? static_cast<double>(input->start_time) / AV_TIME_BASE
                        : 0.0;
    const int video = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (video >= 0 && input->streams[video]->start_time != AV_NOPTS_VALUE) {
        origin = static_cast<double>(input->streams[video]->start_time) *
                 av_q2d(input->streams[video]->time_base);
    }
    AVStream* stream = input->streams[audio];
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    std::unique_ptr<AVCodecContext, CodecContextFree> context(avcodec_alloc_context3(codec));
    if (!codec || !context || avcodec_parameters_to_context(context.get(), stream->codecpar) < 0 ||
        avcodec_open2(context.get(), codec, nullptr) < 0) {
        error = path + ": cannot decode its audio";
        return false;
    }
    for (unsigned i = 0; i < input->nb_streams; ++i) {
        if (static_cast<int>(i) != audio) {
            input->streams[i]->discard = AVDISCARD_ALL;
        }
    }
    std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
    std::unique_ptr<AVFrame, FrameFree> frame(av_frame_alloc());
    if (!packet || !frame) {
        error = path + ": out of memory";
        return false;
    }
    const double timeBase = av_q2d(stream->time_base);
    auto drain = [&] {
        while (avcodec_receive_frame(context.get(), frame.get()) >= 0) {
            if (frame->best_effort_timestamp != AV_NOPTS_VALUE) {
                const double t =
                    static_cast<double>(frame->best_effort_timestamp) * timeBase - origin;
                const double bucket = std::floor(std::max(0.0, t) / bucketSeconds);
                if (bucket < static_cast<double>(kMaxBuckets)) {
                    const auto k = static_cast<std::size_t>(bucket);
                    if (peaks.size() <= k) {
                        peaks.resize(k + 1, 0.0f);
                    }
                    peaks[k] = std::max(peaks[k], framePeak(*frame));
                }
            }
            av_frame_unref(frame.get());
        }
    };
    while (av_read_frame(input.get(), packet.get()) >= 0) {
        if (packet->stream_index == audio &&
            avcodec_send_packet(context.get(), packet.get()) >= 0) {
            drain();
        }
        av_packet_unref(packet.get());
    }
    avcodec_send_packet(context.get(), nullptr);
    drain();
    return true;
}

} // namespace docent::streaming
