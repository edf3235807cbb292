#include "streaming/Broadcaster.h"

#include <chrono>
#include <cstring>
#include <sstream>
#include <thread>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavdevice/avdevice.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}

#include "AvHelpers.h"
#include "BroadcastEncoder.h"
#include "FfmpegLog.h"
#include "streaming/Cue.h"
#include "streaming/Pts33.h"

namespace docent::streaming {
namespace {

constexpr AVRational kTicks{1, 90000};
constexpr double kCueLeadSeconds = 0.5; // cues go out this far ahead of their frame's packet
constexpr std::int64_t kLiveInterleaveMicroseconds = 100'000; // µs a live output holds media

bool startsWith(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

struct OutputCloser {
    void operator()(AVFormatContext* c) const {
        if (c->pb && !(c->oformat->flags & AVFMT_NOFILE)) {
            avio_closep(&c->pb);
        }
        avformat_free_context(c);
    }
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

std::string testPatternGraph(int width, int height, int fps) {
    return "testsrc2=size=" + std::to_string(width) + "x" + std::to_string(height) +
           ":rate=" + std::to_string(fps) + "[out0];sine=frequency=440:sample_rate=48000[out1]";
}

namespace {

// One destination of the broadcast, with its own muxer.
struct Output {
    std::string name; // as the producer gave it
    std::unique_ptr<AVFormatContext, OutputCloser> context;
    AVStream* video = nullptr;
    AVStream* audio = nullptr;
    AVStream* cue = nullptr;
    bool lost = false;
};

// What goes into every output for one source stream: its parameters and time base.
struct StreamShape {
    const AVCodecParameters* parameters = nullptr; // copied
    AVCodecParameters* owned = nullptr;            // from an encoder (freed by the caller)
    AVRational timeBase{1, 90000};
};

bool isLiveOutput(const std::string& name) {
    return startsWith(name, "udp://") || startsWith(name, "srt://");
}

bool openOutput(Output& out, const StreamShape& video, const StreamShape* audio,
                double hlsSegmentSeconds, AVIOInterruptCB interrupt, std::string& error) {
    std::string url = out.name;
    const char* formatName = "mpegts";
    AVDictionary* muxOptions = nullptr;
    if (startsWith(url, "hls:")) {
        const std::string folder = url.substr(4);
        formatName = "hls";
        url = folder + "/index.m3u8";
        av_dict_set(&muxOptions, "hls_time", std::to_string(hlsSegmentSeconds).c_str(), 0);
        av_dict_set(&muxOptions, "hls_list_size", "0", 0);
        av_dict_set(&muxOptions, "hls_segment_type", "mpegts", 0);
        av_dict_set(&muxOptions, "hls_segment_filename", (folder + "/segment%05d.ts").c_str(), 0);
    } else if (startsWith(url, "udp://") && url.find("pkt_size") == std::string::npos) {
        url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("pkt_size=1316");
    }
    AVFormatContext* raw = nullptr;
    int ret = avformat_alloc_output_context2(&raw, nullptr, formatName, url.c_str());
    if (ret < 0 || !raw) {
        av_dict_free(&muxOptions);
        error = out.name + ": cannot set up the output: " + avText(ret);
        return false;
    }
    out.context.reset(raw);
    raw->interrupt_callback = interrupt;
    if (isLiveOutput(out.name)) {
        // FFmpeg's interleaver waits for a packet of every stream, the sparse cue stream too
        // (one every 2 s): live, it may hold the media back this long at most, or it would
        // leave in bursts a cue repeat apart.
        raw->max_interleave_delta = kLiveInterleaveMicroseconds;
    }
    const auto addStream = [&](const StreamShape& shape) -> AVStream* {
        AVStream* stream = avformat_new_stream(raw, nullptr);
        const AVCodecParameters* from = shape.owned ? shape.owned : shape.parameters;
        if (!stream || avcodec_parameters_copy(stream->codecpar, from) < 0) {
            return nullptr;
        }
        stream->codecpar->codec_tag = 0;
        stream->time_base = shape.timeBase;
        return stream;
    };
    out.video = addStream(video);
    out.audio = audio ? addStream(*audio) : nullptr;
    out.cue = avformat_new_stream(raw, nullptr);
    if (!out.video || (audio && !out.audio) || !out.cue) {
        av_dict_free(&muxOptions);
        error = out.name + ": cannot create the output streams";
        return false;
    }
    out.cue->codecpar->codec_type = AVMEDIA_TYPE_DATA;
    out.cue->codecpar->codec_id = AV_CODEC_ID_TIMED_ID3;
    out.cue->time_base = kTicks;
    if (!(raw->oformat->flags & AVFMT_NOFILE)) {
        // An SRT listener waits here for its viewer to call.
        ret = avio_open2(&raw->pb, url.c_str(), AVIO_FLAG_WRITE, &raw->interrupt_callback, nullptr);
        if (ret < 0) {
            av_dict_free(&muxOptions);
            error = out.name + ": cannot open for writing: " + avText(ret);
            return false;
        }
    }
    ret = avformat_write_header(raw, &muxOptions);
    av_dict_free(&muxOptions);
    if (ret < 0) {
        error = out.name + ": cannot write the stream header: " + avText(ret);
        return false;
    }
    return true;
}

} // namespace

bool Broadcaster::run(BroadcastReport& report, std::string& error) {
    ffmpegLog::install();
    const std::string& source = m_options.source;
    if (m_options.outputs.empty()) {
        error = "no output given";
        return false;
    }
    // --- input: a file, or a device / filter graph through libavdevice
    const AVInputFormat* inputFormat = nullptr;
    if (!m_options.inputFormat.empty()) {
        avdevice_register_all();
        inputFormat = av_find_input_format(m_options.inputFormat.c_str());
        if (!inputFormat) {
            error = "'" + m_options.inputFormat + "' is not an input format or device FFmpeg has";
            return false;
        }
    }
    // A capture device delivers at its own pace; a filter graph (lavfi: the test pattern) makes
    // frames as fast as it is asked, so it is paced like a file.
    const bool liveSource = inputFormat && (inputFormat->flags & AVFMT_NOFILE) != 0 &&
                            std::strcmp(inputFormat->name, "lavfi") != 0;
    AVFormatContext* rawInput = nullptr;
    AVDictionary* inputOptions = nullptr;
    av_dict_set(&inputOptions, "protocol_whitelist", "file", 0);
    int ret = avformat_open_input(&rawInput, source.c_str(), inputFormat, &inputOptions);
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
    AVStream* videoStream = input->streams[videoIn];
    AVStream* audioStream = audioIn >= 0 ? input->streams[audioIn] : nullptr;

    // --- copy what is already H.264 / AAC, re-encode the rest
    const bool encode = m_options.encode || liveSource ||
                        videoStream->codecpar->codec_id != AV_CODEC_ID_H264 ||
                        (audioStream && audioStream->codecpar->codec_id != AV_CODEC_ID_AAC);
    report.encoded = encode;
    std::unique_ptr<BroadcastEncoder> videoEncoder;
    std::unique_ptr<BroadcastEncoder> audioEncoder;
    StreamShape videoShape{videoStream->codecpar, nullptr, videoStream->time_base};
    StreamShape audioShape{audioStream ? audioStream->codecpar : nullptr, nullptr,
                           audioStream ? audioStream->time_base : kTicks};
    struct ParametersFree {
        void operator()(AVCodecParameters* p) const { avcodec_parameters_free(&p); }
    };
    std::unique_ptr<AVCodecParameters, ParametersFree> videoParameters;
    std::unique_ptr<AVCodecParameters, ParametersFree> audioParameters;
    if (encode) {
        const AVRational rate = av_guess_frame_rate(input.get(), videoStream, nullptr);
        videoEncoder = std::make_unique<BroadcastEncoder>();
        std::string problem;
        if (!videoEncoder->open(*videoStream, rate.num, rate.den, problem)) {
            error = source + ": cannot re-encode: " + problem;
            return false;
        }
        videoParameters.reset(avcodec_parameters_alloc());
        if (!videoParameters ||
            avcodec_parameters_from_context(videoParameters.get(), &videoEncoder->encoder()) < 0) {
            error = "out of memory";
            return false;
        }
        videoShape = {nullptr, videoParameters.get(), videoEncoder->encoder().time_base};
        if (audioStream) {
            audioEncoder = std::make_unique<BroadcastEncoder>();
            if (!audioEncoder->open(*audioStream, 0, 0, problem)) {
                error = source + ": cannot re-encode: " + problem;
                return false;
            }
            audioParameters.reset(avcodec_parameters_alloc());
            if (!audioParameters || avcodec_parameters_from_context(audioParameters.get(),
                                                                    &audioEncoder->encoder()) < 0) {
                error = "out of memory";
                return false;
            }
            audioShape = {nullptr, audioParameters.get(), audioEncoder->encoder().time_base};
        }
    }

    // --- outputs
    AVIOInterruptCB interrupt{};
    interrupt.callback = [](void* self) {
        return static_cast<Broadcaster*>(self)->m_stop.load() ? 1 : 0;
    };
    interrupt.opaque = this;
    std::vector<Output> outputs(m_options.outputs.size());
    bool live = false;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        outputs[i].name = m_options.outputs[i];
        live = live || isLiveOutput(outputs[i].name);
        if (!openOutput(outputs[i], videoShape, audioStream ? &audioShape : nullptr,
                        m_options.hlsSegmentSeconds, interrupt, error)) {
            return false;
        }
    }
    // Writes packet (stamped in timeBase) to every output still working. Fails when none is.
    std::unique_ptr<AVPacket, PacketFree> copy(av_packet_alloc());
    const auto writeAll = [&](const AVPacket& packet, AVRational timeBase,
                              AVStream* Output::*stream) {
        int last = 0;
        bool anyWorking = false;
        for (Output& out : outputs) {
            if (out.lost) {
                continue;
            }
            if ((last = av_packet_ref(copy.get(), &packet)) < 0) {
                return last;
            }
            AVStream* target = out.*stream;
            av_packet_rescale_ts(copy.get(), timeBase, target->time_base);
            copy->stream_index = target->index;
            copy->pos = -1;
            last = av_interleaved_write_frame(out.context.get(), copy.get());
            av_packet_unref(copy.get());
            if (last < 0 && !m_stop.load()) {
                out.lost = true;
                report.lostOutputs.push_back(out.name + ": " + avText(last));
                continue;
            }
            anyWorking = true;
        }
        return anyWorking || m_stop.load() ? 0 : (last < 0 ? last : AVERROR(EIO));
    };

    // The cue clock: ticks of the first video frame, the origin of the script's times.
    std::int64_t baseTicks =
        videoStream->start_time != AV_NOPTS_VALUE
            ? av_rescale_q(videoStream->start_time, videoStream->time_base, kTicks)
            : AV_NOPTS_VALUE;
    std::size_t nextScripted = 0;
    std::optional<std::string> state;
    bool stateKnown = false;
    double lastStateSent = 0.0;
    // The stamp is the wall-clock time the cue's frame goes out (cues are written up to
    // kCueLeadSeconds ahead of it), so that a viewer's latency reads from the picture.
    double mediaNow = 0.0;
    const bool pacedOut = m_options.realtime || live;
    const auto writeCue = [&](const std::optional<std::string>& hotspot, const std::string& camera,
                              double seconds) {
        Cue cue;
        cue.hotspot = hotspot;
        cue.camera = camera;
        cue.sent = utcNowRfc3339(pacedOut ? std::max(0.0, seconds - mediaNow) : 0.0);
        const std::vector<std::uint8_t> tag = makeCueTag(cue);
        std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
        if (!packet || av_new_packet(packet.get(), static_cast<int>(tag.size())) < 0) {
            return AVERROR(ENOMEM);
        }
        std::memcpy(packet->data, tag.data(), tag.size());
        packet->pts = baseTicks + std::llround(seconds * Pts33::kTicksPerSecond);
        packet->dts = packet->pts;
        ++report.cuePackets;
        lastStateSent = seconds;
        return writeAll(*packet, kTicks, &Output::cue);
    };

    // Sends one video or audio packet (stamped in timeBase); video packets carry the cue clock.
    const bool paced = pacedOut;
    auto wallStart = std::chrono::steady_clock::now();
    const auto send = [&](AVPacket& packet, AVRational timeBase, bool video) {
        const std::int64_t ts = packet.dts != AV_NOPTS_VALUE ? packet.dts : packet.pts;
        if (video && ts != AV_NOPTS_VALUE) {
            const std::int64_t ticks = av_rescale_q(ts, timeBase, kTicks);
            if (baseTicks == AV_NOPTS_VALUE) {
                baseTicks = ticks;
            }
            const double media = Pts33::ticksToSeconds(ticks - baseTicks);
            mediaNow = media;
            report.mediaSeconds = std::max(report.mediaSeconds, media);
            if (paced && !liveSource) {
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
            int status = 0;
            for (const ScriptedCue& cue : due) {
                if ((status = writeCue(cue.hotspot, cue.camera, cue.seconds)) < 0) {
                    return status;
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
            if (stateKnown && due.empty() && media >= lastStateSent + m_options.repeatSeconds &&
                (status = writeCue(state, {}, media)) < 0) {
                return status;
            }
        }
        (video ? report.videoPackets : report.audioPackets) += 1;
        return writeAll(packet, timeBase, video ? &Output::video : &Output::audio);
    };

    const auto sendEncodedVideo = [&](AVPacket& packet) {
        return send(packet, videoEncoder->encoder().time_base, true);
    };
    const auto sendEncodedAudio = [&](AVPacket& packet) {
        return send(packet, audioEncoder->encoder().time_base, false);
    };
    std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
    wallStart = std::chrono::steady_clock::now(); // after every output is open
    while (!m_stop.load() && (ret = av_read_frame(input.get(), packet.get())) >= 0) {
        const int index = packet->stream_index;
        if (index != videoIn && index != audioIn) {
            av_packet_unref(packet.get());
            continue;
        }
        const AVStream* in = input->streams[index];
        if (index == videoIn && m_options.durationSeconds > 0.0 && baseTicks != AV_NOPTS_VALUE &&
            packet->pts != AV_NOPTS_VALUE &&
            Pts33::ticksToSeconds(av_rescale_q(packet->pts, in->time_base, kTicks) - baseTicks) >=
                m_options.durationSeconds - 1e-6) {
            av_packet_unref(packet.get());
            ret = AVERROR_EOF; // the duration is reached
            break;
        }
        if (encode) {
            ret = index == videoIn ? videoEncoder->feed(packet.get(), sendEncodedVideo)
                                   : audioEncoder->feed(packet.get(), sendEncodedAudio);
        } else {
            ret = send(*packet, in->time_base, index == videoIn);
        }
        av_packet_unref(packet.get());
        if (ret < 0) {
            break;
        }
    }
    if (encode && (ret >= 0 || ret == AVERROR_EOF) && !m_stop.load()) {
        int flushed = videoEncoder->feed(nullptr, sendEncodedVideo);
        if (flushed >= 0 && audioEncoder) {
            flushed = audioEncoder->feed(nullptr, sendEncodedAudio);
        }
        if (flushed < 0) {
            ret = flushed;
        }
    }
    const std::string where =
        outputs.size() == 1 ? outputs.front().name : std::string("every output");
    if (ret < 0 && ret != AVERROR_EOF && !m_stop.load()) {
        error = where + ": sending failed: " + avText(ret);
        if (ret != AVERROR(EIO) || outputs.size() == 1) {
            for (Output& out : outputs) {
                av_write_trailer(out.context.get());
            }
        }
        return false;
    }
    for (Output& out : outputs) {
        if (!out.lost && (ret = av_write_trailer(out.context.get())) < 0) {
            error = out.name + ": cannot finish: " + avText(ret);
            return false;
        }
    }
    return true;
}

} // namespace docent::streaming
