#include "streaming/Cue.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string_view>

#include <nlohmann/json.hpp>

namespace docent::streaming {
namespace {

constexpr std::size_t kTagHeaderBytes = 10;   // "ID3", version (2), flags, synchsafe size (4)
constexpr std::size_t kDemuxerSkipBytes = 5;  // eaten by FFmpeg's mpegts demuxer per payload
constexpr std::size_t kFrameHeaderBytes = 10; // id (4), synchsafe size (4), flags (2)
constexpr std::uint8_t kUtf8Encoding = 3;     // ID3v2.4 text encoding byte
constexpr std::uint8_t kTagUnsynchronised = 0x80;
constexpr std::uint8_t kFrameUnsynchronised = 0x02; // second frame flags byte
constexpr std::size_t kMaxValueBytes = 4096;        // a cue is a few dozen bytes of JSON
// The longest hotspot or camera id and "sent" stamp a cue may carry: far beyond any scene's, and
// short enough that the tag docent writes for a cue it read is always within kMaxValueBytes,
// escapes included (found by the cue fuzz target: a 4000-byte id read fine, its tag did not).
constexpr std::size_t kMaxIdBytes = 128;
constexpr std::size_t kMaxSentBytes = 64;

std::uint32_t synchsafe(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 21) | (std::uint32_t{p[1]} << 14) | (std::uint32_t{p[2]} << 7) |
           std::uint32_t{p[3]};
}

bool isSynchsafe(const std::uint8_t* p) {
    return ((p[0] | p[1] | p[2] | p[3]) & 0x80) == 0;
}

void putSynchsafe(std::vector<std::uint8_t>& out, std::uint32_t value) {
    out.push_back(static_cast<std::uint8_t>((value >> 21) & 0x7f));
    out.push_back(static_cast<std::uint8_t>((value >> 14) & 0x7f));
    out.push_back(static_cast<std::uint8_t>((value >> 7) & 0x7f));
    out.push_back(static_cast<std::uint8_t>(value & 0x7f));
}

bool validUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int extra = 0;
        std::uint32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1;
            code = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            code = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            code = c & 0x07;
        } else {
            return false;
        }
        if (i + static_cast<std::size_t>(extra) >= s.size()) {
            return false; // cut short
        }
        for (int k = 1; k <= extra; ++k) {
            const auto d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((d & 0xc0) != 0x80) {
                return false;
            }
            code = (code << 6) | (d & 0x3f);
        }
        // Overlong forms, surrogates and values past Unicode are not UTF-8.
        if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
            (extra == 3 && (code < 0x10000 || code > 0x10ffff)) ||
            (code >= 0xd800 && code <= 0xdfff)) {
            return false;
        }
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

} // namespace

CueParse parseCuePayload(const std::uint8_t* data, std::size_t size) {
    CueParse result;
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    const std::string description = std::string(kCueDescription) + '\0';
    const std::size_t at = payload.find(description);
    if (at == std::string_view::npos) {
        return result; // another kind of timed metadata: not ours, not an error
    }
    // Whatever of the headers is still in front of the description must be sound.
    std::size_t valueEnd = size;
    if (at >= 1 && data[at - 1] != kUtf8Encoding) {
        result.error = "the docent.cue frame is not UTF-8 (encoding byte " +
                       std::to_string(data[at - 1]) + ")";
        return result;
    }
    if (at >= 1 + kFrameHeaderBytes &&
        std::memcmp(data + at - 1 - kFrameHeaderBytes, "TXXX", 4) == 0) {
        const std::uint8_t* frame = data + at - 1 - kFrameHeaderBytes;
        if (!isSynchsafe(frame + 4)) {
            result.error = "the TXXX frame size is not synchsafe";
            return result;
        }
        if ((frame[9] & kFrameUnsynchronised) != 0) {
            result.error = "the TXXX frame is unsynchronised (not supported for cues)";
            return result;
        }
        const std::size_t frameSize = synchsafe(frame + 4);
        const std::size_t frameStart = at - 1; // the encoding byte
        if (frameSize < 1 + description.size() || frameStart + frameSize > size) {
            result.error =
                "the TXXX frame size (" + std::to_string(frameSize) + " bytes) runs past the tag";
            return result;
        }
        valueEnd = frameStart + frameSize;
        const std::size_t frameAt = at - 1 - kFrameHeaderBytes;
        // The tag header: whole, or the flags and size the demuxer's 5-byte skip leaves in
        // front of the frame ("ID3" and the version gone, PLATFORM.md).
        const std::uint8_t* flags = nullptr;
        if (frameAt >= kTagHeaderBytes &&
            std::memcmp(data + frameAt - kTagHeaderBytes, "ID3", 3) == 0) {
            const std::uint8_t* tag = data + frameAt - kTagHeaderBytes;
            if (tag[3] != 4) {
                result.error = "not an ID3v2.4 tag (version 2." + std::to_string(tag[3]) + ")";
                return result;
            }
            flags = tag + 5;
        } else if (frameAt == kTagHeaderBytes - kDemuxerSkipBytes) {
            flags = data;
        }
        if (flags) {
            if ((flags[0] & kTagUnsynchronised) != 0) {
                result.error = "the ID3 tag is unsynchronised (not supported for cues)";
                return result;
            }
            const std::uint8_t* tagSize = flags + 1;
            if (!isSynchsafe(tagSize) || frameAt + synchsafe(tagSize) > size ||
                valueEnd > frameAt + synchsafe(tagSize)) {
                result.error = "the ID3 tag size does not match its frames";
                return result;
            }
        }
    }
    std::string_view value =
        payload.substr(at + description.size(), valueEnd - (at + description.size()));
    while (!value.empty() && value.back() == '\0') {
        value.remove_suffix(1); // a terminator or padding
    }
    if (value.empty()) {
        result.error = "the docent.cue frame is empty (truncated?)";
        return result;
    }
    if (value.size() > kMaxValueBytes) {
        result.error =
            "the docent.cue value is too long (" + std::to_string(value.size()) + " bytes)";
        return result;
    }
    if (!validUtf8(value)) {
        result.error = "the docent.cue value is not valid UTF-8";
        return result;
    }
    const nlohmann::json doc = nlohmann::json::parse(value, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        result.error = "the docent.cue value is not a JSON object (truncated?)";
        return result;
    }
    if (!doc.contains("v") || !doc["v"].is_number_integer() || doc["v"].get<int>() != kCueVersion) {
        result.error = "the docent.cue value has no \"v\": 1";
        return result;
    }
    if (!doc.contains("hotspot") || !(doc["hotspot"].is_null() || doc["hotspot"].is_string())) {
        result.error = "the docent.cue value has no \"hotspot\" (a string or null)";
        return result;
    }
    Cue cue;
    if (doc["hotspot"].is_string()) {
        cue.hotspot = doc["hotspot"].get<std::string>();
        if (cue.hotspot->empty()) {
            result.error = "the docent.cue hotspot is an empty string";
            return result;
        }
    }
    if (doc.contains("sent") && doc["sent"].is_string()) {
        cue.sent = doc["sent"].get<std::string>();
    }
    if (doc.contains("camera") && doc["camera"].is_string()) {
        cue.camera = doc["camera"].get<std::string>();
    }
    if ((cue.hotspot && cue.hotspot->size() > kMaxIdBytes) || cue.camera.size() > kMaxIdBytes ||
        cue.sent.size() > kMaxSentBytes) {
        result.error = "the docent.cue value has an id longer than " + std::to_string(kMaxIdBytes) +
                       " bytes or a stamp longer than " + std::to_string(kMaxSentBytes);
        return result;
    }
    result.cue = std::move(cue);
    return result;
}

std::vector<std::uint8_t> makeCueTag(const Cue& cue) {
    nlohmann::json doc;
    doc["v"] = kCueVersion;
    doc["hotspot"] = cue.hotspot ? nlohmann::json(*cue.hotspot) : nlohmann::json(nullptr);
    doc["sent"] = cue.sent;
    if (!cue.camera.empty()) {
        doc["camera"] = cue.camera;
    }
    const std::string value = doc.dump();
    const std::string description = kCueDescription;
    const auto frameSize = static_cast<std::uint32_t>(1 + description.size() + 1 + value.size());
    std::vector<std::uint8_t> tag = {'I', 'D', '3', 4, 0, 0};
    putSynchsafe(tag, static_cast<std::uint32_t>(kFrameHeaderBytes) + frameSize);
    tag.insert(tag.end(), {'T', 'X', 'X', 'X'});
    putSynchsafe(tag, frameSize);
    tag.insert(tag.end(), {0, 0, kUtf8Encoding});
    tag.insert(tag.end(), description.begin(), description.end());
    tag.push_back(0);
    tag.insert(tag.end(), value.begin(), value.end());
    return tag;
}

std::string utcNowRfc3339(double aheadSeconds) {
    const auto now = std::chrono::system_clock::now() +
                     std::chrono::duration_cast<std::chrono::system_clock::duration>(
                         std::chrono::duration<double>(aheadSeconds));
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[80];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(ms));
    return text;
}

} // namespace docent::streaming
