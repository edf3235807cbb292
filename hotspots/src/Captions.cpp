#include "hotspots/Captions.h"

#include <cstdio>
#include <sstream>

namespace docent::hotspots {
namespace {

// "[HH:]MM:SS.mmm" → seconds; false when it is not a timestamp.
bool parseTimestamp(const std::string& s, double& seconds) {
    int h = 0;
    int m = 0;
    int sec = 0;
    int ms = 0;
    char tail = 0;
    if (std::sscanf(s.c_str(), "%d:%d:%d.%3d%c", &h, &m, &sec, &ms, &tail) == 4) {
        // HH:MM:SS.mmm
    } else if (std::sscanf(s.c_str(), "%d:%d.%3d%c", &m, &sec, &ms, &tail) == 3) {
        h = 0;
    } else {
        return false;
    }
    if (h < 0 || m < 0 || m > 59 || sec < 0 || sec > 59 || ms < 0) {
        return false;
    }
    seconds = h * 3600.0 + m * 60.0 + sec + ms / 1000.0;
    return true;
}

} // namespace

bool parseWebVtt(const std::string& text, std::vector<Caption>& captions, std::string& error) {
    std::istringstream in(text);
    std::string line;
    int number = 0;
    const auto next = [&] {
        if (!std::getline(in, line)) {
            return false;
        }
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        return true;
    };
    if (!next() || line.rfind("WEBVTT", 0) != 0) {
        // A UTF-8 byte order mark may come first.
        if (line.rfind("\xEF\xBB\xBFWEBVTT", 0) != 0) {
            error = "line 1: a WebVTT file starts with WEBVTT";
            return false;
        }
    }
    while (next()) {
        if (line.empty()) {
            continue;
        }
        if (line.rfind("NOTE", 0) == 0) {
            while (next() && !line.empty()) {
            }
            continue;
        }
        if (line.find("-->") == std::string::npos) {
            if (!next()) { // a cue identifier: its timing follows
                break;
            }
        }
        const auto arrow = line.find("-->");
        if (arrow == std::string::npos) {
            error = "line " + std::to_string(number) + ": expected a timing 'start --> end'";
            return false;
        }
        Caption caption;
        std::istringstream left(line.substr(0, arrow));
        std::istringstream right(line.substr(arrow + 3));
        std::string from;
        std::string to;
        left >> from;
        right >> to;
        if (!parseTimestamp(from, caption.start) || !parseTimestamp(to, caption.end) ||
            caption.end < caption.start) {
            error = "line " + std::to_string(number) + ": '" + line + "' is not a valid timing";
            return false;
        }
        while (next() && !line.empty()) {
            caption.text += (caption.text.empty() ? "" : "\n") + line;
        }
        captions.push_back(std::move(caption));
    }
    return true;
}

const Caption* captionAt(const std::vector<Caption>& captions, double seconds) {
    for (const Caption& c : captions) {
        if (seconds >= c.start && seconds < c.end) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace docent::hotspots
