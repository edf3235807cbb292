#include "hotspots/UrlAllowlist.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace docent::hotspots {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

struct UrlParts {
    std::string scheme; // lower case
    bool hasUserInfo = false;
    std::string host;     // lower case; empty: any (in a prefix)
    bool anyPort = false; // a prefix whose authority ends in ':'
    std::string port;     // digits, or empty
    std::string path;     // from the first '/', '?' or '#' on
};

std::optional<UrlParts> parse(const std::string& url) {
    const auto schemeEnd = url.find("://");
    if (schemeEnd == std::string::npos || schemeEnd == 0) {
        return std::nullopt;
    }
    UrlParts parts;
    parts.scheme = lower(url.substr(0, schemeEnd));
    const std::size_t begin = schemeEnd + 3;
    const std::size_t end = std::min(url.find_first_of("/?#", begin), url.size());
    std::string authority = url.substr(begin, end - begin);
    parts.path = url.substr(end);
    if (const auto at = authority.rfind('@'); at != std::string::npos) {
        parts.hasUserInfo = true;
        authority.erase(0, at + 1);
    }
    std::size_t hostEnd = authority.size();
    if (!authority.empty() && authority[0] == '[') {
        hostEnd = authority.find(']');
        if (hostEnd == std::string::npos) {
            return std::nullopt;
        }
        ++hostEnd;
    } else if (const auto colon = authority.find(':'); colon != std::string::npos) {
        hostEnd = colon;
    }
    parts.host = lower(authority.substr(0, hostEnd));
    if (hostEnd < authority.size()) {
        if (authority[hostEnd] != ':') {
            return std::nullopt;
        }
        parts.port = authority.substr(hostEnd + 1);
        parts.anyPort = parts.port.empty();
        if (!std::all_of(parts.port.begin(), parts.port.end(),
                         [](unsigned char c) { return std::isdigit(c); })) {
            return std::nullopt;
        }
    }
    return parts;
}

// A path that could climb out of a prefix's folder once the server resolves it.
bool climbs(const std::string& path) {
    const std::string p = lower(path);
    return p.find("/..") != std::string::npos || p.find("%2e") != std::string::npos ||
           p.find("%2f") != std::string::npos || p.find('\\') != std::string::npos;
}

bool matches(const UrlParts& url, const UrlParts& prefix) {
    if (url.scheme != prefix.scheme) {
        return false;
    }
    if (!prefix.host.empty()) {
        if (url.hasUserInfo || url.host != prefix.host) {
            return false;
        }
        if (!prefix.anyPort && url.port != prefix.port) {
            return false;
        }
    }
    if (prefix.path.empty() || prefix.path == "/") {
        return true;
    }
    return url.path.rfind(prefix.path, 0) == 0 && !climbs(url.path);
}

} // namespace

const std::vector<std::string>& defaultStreamAllowlist() {
    static const std::vector<std::string> prefixes{"https://", "srt://", "udp://"};
    return prefixes;
}

const std::vector<std::string>& streamAllowlist(const SceneManifest& manifest) {
    return manifest.allowlist.empty() ? defaultStreamAllowlist() : manifest.allowlist;
}

bool urlAllowedBy(const std::string& url, const std::vector<std::string>& prefixes) {
    const auto candidate = parse(url);
    if (!candidate) {
        return false;
    }
    return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& prefix) {
        const auto allowed = parse(prefix);
        return allowed && matches(*candidate, *allowed);
    });
}

} // namespace docent::hotspots
