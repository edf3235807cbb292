#pragma once
// Where the guide's stream may come from, and what libavformat may do once it is open.
//
// A URL's kind decides the protocols and container formats libavformat may use for it, and
// nothing nested inside it may switch to another (DESIGN.md: a playlist fetched over HTTP may
// not reach local files or other protocols); `file` is never allowed together with a network
// protocol:
//   kind                  protocols                       formats
//   recording (a path)    file                            mpegts, matroska, mov
//   HLS (http, https)     http, https, tcp, tls, crypto   hls, mpegts
//   SRT                   srt, udp                        mpegts
//   UDP                   udp                             mpegts
//   RTMP                  rtmp, tcp                       flv
// On top of that MediaSourceOptions::allowUrl can hold every URL opened, nested ones included, to
// a list of places (the scene's allowlist: hotspots/UrlAllowlist.h).
//
// Pure functions; any thread.

#include <string>

namespace docent::streaming {

struct SourcePolicy {
    std::string protocols; // protocol_whitelist; empty: a scheme docent does not play
    std::string formats;   // format_whitelist
    bool network = false;  // a live network source (reconnects when lost)
};

// The decoders docent opens for the guide's stream (codec_whitelist): H.264, HEVC and VP9
// pictures; AAC, MP3, MPEG audio layer II (common in MPEG-TS broadcasts) and Opus voices.
inline constexpr const char* kDecoderWhitelist = "h264,hevc,vp9,aac,mp3float,mp3,mp2float,mp2,opus";

SourcePolicy sourcePolicyFor(const std::string& url);

} // namespace docent::streaming
