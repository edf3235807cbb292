#include "streaming/Broadcaster.h"

#include <chrono>
#include <cstring>
#include <sstream>
#include <thread>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}

#include "FfmpegLog.h"
#include "streaming/Cue.h"
#include "streaming/Pts33.h"

namespace docent::streaming {
namespace {

constexpr AVRational kTicks{1, 90000};
constexpr double kCueLeadSeconds = 0.5; // cues go out this far ahead of their frame's packet

std::string avText(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

bool startsWith(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

struct InputCloser {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct OutputCloser {
    void operator()(AVFormatContext* c) const {
        if (c->pb && !(c->oformat->flags & AVFMT_NOFILE)) {
            avio_closep(&c->pb);
        }
        avformat_free_context(c);
    }
};
struct PacketFree {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};

} // namespace

bool parseCueScript(const std::string& text, const std::string& name,
                    std::vector<ScriptedCue>& cues, std::string& error) {
    std::istringstream in(text);
    std::string line;
    int number = 0;
    double last = -1.0;
    while (std::getline(in, line)) {
        ++number;
        const auto hash = line.find('#');
        if (hash != std::string::npos) {
            line.erase(hash);
        }
        std::istringstream fields(line);
        std::string time;
        std::string hotspot;
        std::string extra;
        if (!(fields >> time)) {
            continue; // blank
        }
        const auto where = name + ":" + std::to_string(number) + ": ";
        char* end = nullptr;
        const double seconds = std::strtod(time.c_str(), &end);
        if (end == time.c_str() || *end != '\0' || !(seconds >= 0.0)) {
            error = where + "'" + time + "' is not a time in seconds";
            return false;
        }
        if (!(fields >> hotspot)) {
            error = where + "a hotspot id (or -) must follow the time";
            return false;
        }
        if (fields >> extra) {
            error = where + "unexpected '" + extra + "' after the hotspot id";
            return false;
        }
        if (seconds < last) {
            error = where + "cues must be in time order";
            return false;
        }
        last = seconds;
        ScriptedCue cue;
        cue.seconds = seconds;
        if (hotspot != "-") {
            cue.hotspot = hotspot;
        }
        cues.push_back(std::move(cue));
    }
    return true;
}

Broadcaster::Broadcaster(BroadcastOptions options) : m_options(std::move(options)) {}

void Broadcaster::fire(const std::optional<std::string>& hotspot) {
    std::lock_guard lock(m_mutex);
    m_fired.push_back(hotspot);
}

bool Broadcaster::run(BroadcastReport& report, std::string& error) {
    ffmpegLog::install();
    const std::string& source = m_options.source;
    // --- input
    AVFormatContext* rawInput = nullptr;
    AVDictionary* inputOptions = nullptr;
    av_dict_set(&inputOptions, "protocol_whitelist", "file", 0);
    int ret = avformat_open_input(&rawInput, source.c_str(), nullptr, &inputOptions);
    av_dict_free(&inputOptions);
    if (ret < 0) {
        error = source + ": cannot open: " + avText(ret);
        return false;
    }
    std::unique_ptr<AVFormatContext, InputCloser> input(rawInput);
    if ((ret = avformat_find_stream_info(input.get(), nullptr)) < 0) {
        error = source + ": cannot read the stream info: " + avText(ret);
        return false;
    }
    const int videoIn = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (videoIn < 0) {
        error = source + ": no video stream";
        return false;
    }
    const int audioIn =
        av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, videoIn, nullptr, 0);
    const AVStream* videoStream = input->streams[videoIn];

    // --- output
    std::string url = m_options.output;
    const char* formatName = "mpegts";
    AVDictionary* muxOptions = nullptr;
    const bool live = startsWith(url, "udp://") || startsWith(url, "srt://");
    if (startsWith(url, "hls:")) {
        const std::string folder = url.substr(4);
        formatName = "hls";
        url = folder + "/index.m3u8";
        av_dict_set(&muxOptions, "hls_time", std::to_string(m_options.hlsSegmentSeconds).c_str(),
                    0);
        av_dict_set(&muxOptions, "hls_list_size", "0", 0);
        av_dict_set(&muxOptions, "hls_segment_type", "mpegts", 0);
        av_dict_set(&muxOptions, "hls_segment_filename", (folder + "/segment%05d.ts").c_str(), 0);
    } else if (startsWith(url, "udp://") && url.find("pkt_size") == std::string::npos) {
        url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("pkt_size=1316");
    }
    AVFormatContext* rawOutput = nullptr;
    ret = avformat_alloc_output_context2(&rawOutput, nullptr, formatName, url.c_str());
    if (ret < 0 || !rawOutput) {
        av_dict_free(&muxOptions);
        error = m_options.output + ": cannot set up the output: " + avText(ret);
        return false;
    }
    std::unique_ptr<AVFormatContext, OutputCloser> output(rawOutput);
    output->interrupt_callback.callback = [](void* self) {
        return static_cast<Broadcaster*>(self)->m_stop.load() ? 1 : 0;
    };
    output->interrupt_callback.opaque = this;

    const auto copyStream = [&](int index) -> AVStream* {
        AVStream* out = avformat_new_stream(output.get(), nullptr);
        if (!out || avcodec_parameters_copy(out->codecpar, input->streams[index]->codecpar) < 0) {
            return nullptr;
        }
        out->codecpar->codec_tag = 0;
        out->time_base = input->streams[index]->time_base;
        return out;
    };
    AVStream* videoOut = copyStream(videoIn);
    AVStream* audioOut = audioIn >= 0 ? copyStream(audioIn) : nullptr;
    AVStream* cueOut = avformat_new_stream(output.get(), nullptr);
    if (!videoOut || (audioIn >= 0 && !audioOut) || !cueOut) {
        av_dict_free(&muxOptions);
        error = m_options.output + ": cannot create the output streams";
        return false;
    }
    cueOut->codecpar->codec_type = AVMEDIA_TYPE_DATA;
    cueOut->codecpar->codec_id = AV_CODEC_ID_TIMED_ID3;
    cueOut->time_base = kTicks;

    if (!(output->oformat->flags & AVFMT_NOFILE)) {
        AVDictionary* ioOptions = nullptr;
        ret = avio_open2(&output->pb, url.c_str(), AVIO_FLAG_WRITE, &output->interrupt_callback,
                         &ioOptions);
        av_dict_free(&ioOptions);
        if (ret < 0) {
            av_dict_free(&muxOptions);
            error = m_options.output + ": cannot open for writing: " + avText(ret);
            return false;
        }
    }
    ret = avformat_write_header(output.get(), &muxOptions);
    av_dict_free(&muxOptions);
    if (ret < 0) {
        error = m_options.output + ": cannot write the stream header: " + avText(ret);
        return false;
    }

    // The cue clock: ticks of the first video frame, the origin of the script's times.
    std::int64_t baseTicks =
        videoStream->start_time != AV_NOPTS_VALUE
            ? av_rescale_q(videoStream->start_time, videoStream->time_base, kTicks)
            : AV_NOPTS_VALUE;
    std::size_t nextScripted = 0;
    std::optional<std::string> state;
    bool stateKnown = false;
    double lastStateSent = 0.0;
    const auto writeCue = [&](const std::optional<std::string>& hotspot, const std::string& camera,
                              double seconds) {
        Cue cue;
        cue.hotspot = hotspot;
        cue.camera = camera;
        cue.sent = utcNowRfc3339();
        const std::vector<std::uint8_t> tag = makeCueTag(cue);
        std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
        if (!packet || av_new_packet(packet.get(), static_cast<int>(tag.size())) < 0) {
            return AVERROR(ENOMEM);
        }
        std::memcpy(packet->data, tag.data(), tag.size());
        const std::int64_t ticks = baseTicks + std::llround(seconds * Pts33::kTicksPerSecond);
        packet->pts = av_rescale_q(ticks, kTicks, cueOut->time_base);
        packet->dts = packet->pts;
        packet->stream_index = cueOut->index;
        ++report.cuePackets;
        lastStateSent = seconds;
        return av_interleaved_write_frame(output.get(), packet.get());
    };

    std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
    const bool paced = m_options.realtime || live;
    const auto wallStart = std::chrono::steady_clock::now();
    while (!m_stop.load() && (ret = av_read_frame(input.get(), packet.get())) >= 0) {
        const int index = packet->stream_index;
        if (index != videoIn && index != audioIn) {
            av_packet_unref(packet.get());
            continue;
        }
        const AVStream* in = input->streams[index];
        const std::int64_t ts = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;
        if (index == videoIn && ts != AV_NOPTS_VALUE) {
            const std::int64_t ticks = av_rescale_q(ts, in->time_base, kTicks);
            if (baseTicks == AV_NOPTS_VALUE) {
                baseTicks = ticks;
            }
            const double media = Pts33::ticksToSeconds(ticks - baseTicks);
            report.mediaSeconds = std::max(report.mediaSeconds, media);
            if (paced) {
                std::this_thread::sleep_until(
                    wallStart + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(media)));
            }
            // Scripted cues due soon, the producer's live cues, and the 2 s repeat.
            std::vector<ScriptedCue> due;
            while (nextScripted < m_options.cues.size() &&
                   m_options.cues[nextScripted].seconds <= media + kCueLeadSeconds) {
                due.push_back(m_options.cues[nextScripted++]);
            }
            {
                std::lock_guard lock(m_mutex);
                for (const auto& hotspot : m_fired) {
                    due.push_back({std::max(media, 0.0), hotspot, {}});
                }
                m_fired.clear();
            }
            for (const ScriptedCue& cue : due) {
                if ((ret = writeCue(cue.hotspot, cue.camera, cue.seconds)) < 0) {
                    break;
                }
                if (!stateKnown || cue.hotspot != state) {
                    report.sent.push_back(cue);
                    if (onSent) {
                        onSent(cue);
                    }
                }
                state = cue.hotspot;
                stateKnown = true;
            }
            if (ret >= 0 && stateKnown && due.empty() &&
                media >= lastStateSent + m_options.repeatSeconds) {
                ret = writeCue(state, {}, media);
            }
            if (ret < 0) {
                break;
            }
        }
        AVStream* out = index == videoIn ? videoOut : audioOut;
        av_packet_rescale_ts(packet.get(), in->time_base, out->time_base);
        packet->stream_index = out->index;
        packet->pos = -1;
        (index == videoIn ? report.videoPackets : report.audioPackets) += 1;
        if ((ret = av_interleaved_write_frame(output.get(), packet.get())) < 0) {
            break;
        }
    }
    if (ret < 0 && ret != AVERROR_EOF && !m_stop.load()) {
        error = m_options.output + ": sending failed: " + avText(ret);
        av_write_trailer(output.get());
        return false;
    }
    if ((ret = av_write_trailer(output.get())) < 0) {
        error = m_options.output + ": cannot finish: " + avText(ret);
        return false;
    }
    return true;
}

} // namespace docent::streaming
