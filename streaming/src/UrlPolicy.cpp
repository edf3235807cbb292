#include "streaming/UrlPolicy.h"

#include <algorithm>
#include <cctype>

namespace docent::streaming {

SourcePolicy sourcePolicyFor(const std::string& url) {
    const auto schemeEnd = url.find("://");
    const std::string name = schemeEnd == std::string::npos ? "" : [&] {
        std::string scheme = url.substr(0, schemeEnd);
        std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return scheme;
    }();
    if (name.empty() || name == "file") {
        return {"file", "mpegts,matroska,mov", false};
    }
    if (name == "http" || name == "https") {
        return {"http,https,tcp,tls,crypto", "hls,mpegts", true};
    }
    if (name == "srt") {
        return {"srt,udp", "mpegts", true};
    }
    if (name == "udp") {
        return {"udp", "mpegts", true};
    }
    if (name == "rtmp") {
        return {"rtmp,tcp", "flv", true};
    }
    return {};
}

} // namespace docent::streaming
