#include "support/RawTagMuxer.h"

#include <cstring>
#include <string>

#include <catch2/catch.hpp>

extern "C" {
#include <libavformat/avformat.h>
}

namespace docent::test {

void muxRawTags(const std::filesystem::path& clip, const std::filesystem::path& out,
                const std::vector<RawTag>& tags) {
    AVFormatContext* input = nullptr;
    REQUIRE(avformat_open_input(&input, clip.c_str(), nullptr, nullptr) == 0);
    REQUIRE(avformat_find_stream_info(input, nullptr) >= 0);
    AVFormatContext* output = nullptr;
    REQUIRE(avformat_alloc_output_context2(&output, nullptr, "mpegts", out.c_str()) >= 0);

    int videoIndex = -1;
    std::vector<int> map(input->nb_streams, -1);
    for (unsigned i = 0; i < input->nb_streams; ++i) {
        const AVCodecParameters* par = input->streams[i]->codecpar;
        if (par->codec_type != AVMEDIA_TYPE_VIDEO && par->codec_type != AVMEDIA_TYPE_AUDIO) {
            continue;
        }
        if (par->codec_type == AVMEDIA_TYPE_VIDEO && videoIndex < 0) {
            videoIndex = static_cast<int>(i);
        }
        AVStream* stream = avformat_new_stream(output, nullptr);
        REQUIRE(stream);
        REQUIRE(avcodec_parameters_copy(stream->codecpar, par) >= 0);
        stream->codecpar->codec_tag = 0;
        stream->time_base = input->streams[i]->time_base;
        map[i] = stream->index;
    }
    REQUIRE(videoIndex >= 0);
    AVStream* tagStream = avformat_new_stream(output, nullptr);
    REQUIRE(tagStream);
    tagStream->codecpar->codec_type = AVMEDIA_TYPE_DATA;
    tagStream->codecpar->codec_id = AV_CODEC_ID_TIMED_ID3;
    tagStream->time_base = AVRational{1, 90000};
    REQUIRE(avio_open(&output->pb, out.c_str(), AVIO_FLAG_WRITE) >= 0);
    REQUIRE(avformat_write_header(output, nullptr) >= 0);

    const AVStream* video = input->streams[videoIndex];
    const std::int64_t origin = video->start_time != AV_NOPTS_VALUE ? video->start_time : 0;
    std::size_t nextTag = 0;
    AVPacket* packet = av_packet_alloc();
    REQUIRE(packet);
    while (av_read_frame(input, packet) >= 0) {
        const int index = packet->stream_index;
        if (map[index] < 0) {
            av_packet_unref(packet);
            continue;
        }
        if (index == videoIndex && packet->dts != AV_NOPTS_VALUE) {
            const double seconds =
                static_cast<double>(packet->dts - origin) * av_q2d(video->time_base);
            // Each tag goes out half a second ahead of its frame, as a producer sends them.
            while (nextTag < tags.size() && tags[nextTag].seconds <= seconds + 0.5) {
                const RawTag& tag = tags[nextTag++];
                AVPacket* data = av_packet_alloc();
                REQUIRE(data);
                REQUIRE(av_new_packet(data, static_cast<int>(tag.bytes.size())) == 0);
                std::memcpy(data->data, tag.bytes.data(), tag.bytes.size());
                data->pts = av_rescale_q(origin, video->time_base, tagStream->time_base) +
                            static_cast<std::int64_t>(tag.seconds * 90000.0 + 0.5);
                data->dts = data->pts;
                data->stream_index = tagStream->index;
                REQUIRE(av_interleaved_write_frame(output, data) >= 0);
                av_packet_free(&data);
            }
        }
        av_packet_rescale_ts(packet, input->streams[index]->time_base,
                             output->streams[map[index]]->time_base);
        packet->stream_index = map[index];
        packet->pos = -1;
        REQUIRE(av_interleaved_write_frame(output, packet) >= 0);
    }
    av_packet_free(&packet);
    REQUIRE(av_write_trailer(output) >= 0);
    avio_closep(&output->pb);
    avformat_free_context(output);
    avformat_close_input(&input);
}

} // namespace docent::test
