#include "streaming/CueScan.h"

#include <memory>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}

#include "AvHelpers.h"
#include "FfmpegLog.h"
#include "streaming/Cue.h"
#include "streaming/Pts33.h"

namespace docent::streaming {
namespace {

constexpr AVRational kTicks{1, 90000};

} // namespace

bool scanCueTrack(const std::string& path, std::vector<ScriptedCue>& changes, std::string& error) {
    ffmpegLog::install();
    const auto input = openLocalRecording(path, error);
    if (!input) {
        return false;
    }
    const int video = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (video < 0) {
        error = path + ": no video stream";
        return false;
    }
    const AVStream* v = input->streams[video];
    std::int64_t start =
        v->start_time != AV_NOPTS_VALUE ? av_rescale_q(v->start_time, v->time_base, kTicks) : 0;
    if (v->pts_wrap_bits == 33) {
        start &= static_cast<std::int64_t>(Pts33::kRawMask); // the raw timeline, as playback
    }
    // Only the data streams are read: the demuxer skips the rest cheaply.
    for (unsigned i = 0; i < input->nb_streams; ++i) {
        if (input->streams[i]->codecpar->codec_id != AV_CODEC_ID_TIMED_ID3) {
            input->streams[i]->discard = AVDISCARD_ALL;
        }
    }
    std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
    std::int64_t reference = start;
    bool known = false;
    std::optional<std::string> state;
    while (av_read_frame(input.get(), packet.get()) >= 0) {
        const AVStream* stream = input->streams[packet->stream_index];
        if (stream->codecpar->codec_id == AV_CODEC_ID_TIMED_ID3 && packet->pts != AV_NOPTS_VALUE) {
            const CueParse parsed =
                parseCuePayload(packet->data, static_cast<std::size_t>(packet->size));
            if (parsed.cue) {
                std::int64_t ticks = av_rescale_q(packet->pts, stream->time_base, kTicks);
                if (stream->pts_wrap_bits == 33) {
                    ticks = Pts33::unwrapPts(reference, static_cast<std::uint64_t>(ticks));
                }
                reference = ticks;
                if (!known || parsed.cue->hotspot != state) {
                    changes.push_back({Pts33::ticksToSeconds(ticks - start), parsed.cue->hotspot,
                                       parsed.cue->camera});
                    state = parsed.cue->hotspot;
                    known = true;
                }
            }
        }
        av_packet_unref(packet.get());
    }
    return true;
}

} // namespace docent::streaming
