#include "FfmpegLog.h"

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

extern "C" {
#include <libavutil/log.h>
}

#include "streaming/Messages.h"

namespace docent::streaming {
namespace {

struct Sink {
    std::mutex mutex;
    MessageSink sink;
    bool verbose = false;
};

Sink& sink() {
    static Sink s;
    return s;
}

} // namespace

void setMessageSink(MessageSink messageSink, bool verbose) {
    Sink& s = sink();
    std::lock_guard lock(s.mutex);
    s.sink = std::move(messageSink);
    s.verbose = verbose;
}

void emitMessage(MessageLevel level, const std::string& text) {
    Sink& s = sink();
    std::lock_guard lock(s.mutex);
    if (s.sink) {
        s.sink(level, text);
    } else {
        std::fprintf(stderr, "docent: %s%s\n", level == MessageLevel::Warning ? "warning: " : "",
                     text.c_str());
    }
}

namespace ffmpegLog {
namespace {

// The same line again and again (every packet of a stream joined between key frames) is
// reported once per interval per line, with how many were held back since.
class Repeats {
public:
    bool admit(std::string& text) {
        // Without FFmpeg's "[context @ address] " prefix: the address changes with every open.
        std::string key = text;
        if (const auto at = key.find(" @ 0x"); key.rfind('[', 0) == 0 && at != std::string::npos) {
            if (const auto close = key.find("] ", at); close != std::string::npos) {
                key.erase(at, close - at);
            }
        }
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(m_mutex); // a decoder's threads log at once
        if (m_lines.size() > kMaxLines) {
            m_lines.clear();
        }
        auto [it, fresh] = m_lines.try_emplace(key, Line{now, 0});
        if (fresh) {
            return true;
        }
        if (now - it->second.shown < kInterval) {
            ++it->second.held;
            return false;
        }
        if (it->second.held > 0) {
            text += " (" + std::to_string(it->second.held) + " more like it held back)";
        }
        it->second = Line{now, 0};
        return true;
    }

private:
    struct Line {
        std::chrono::steady_clock::time_point shown;
        int held = 0;
    };
    static constexpr auto kInterval = std::chrono::seconds(30);
    static constexpr std::size_t kMaxLines = 256;
    std::mutex m_mutex;
    std::unordered_map<std::string, Line> m_lines;
};

Repeats g_repeats;

bool isDecoder(void* context) {
    if (context == nullptr) {
        return false;
    }
    const AVClass* avClass = *static_cast<const AVClass**>(context);
    if (avClass == nullptr) {
        return false;
    }
    const AVClassCategory category =
        avClass->get_category != nullptr ? avClass->get_category(context) : avClass->category;
    return category == AV_CLASS_CATEGORY_DECODER;
}

thread_local std::string t_refusal;
thread_local std::string t_lastError;

// Without FFmpeg's "[context @ address] " prefix.
std::string withoutPrefix(std::string text) {
    if (const auto close = text.find("] "); text.rfind('[', 0) == 0 && close != std::string::npos) {
        text.erase(0, close + 2);
    }
    return text;
}

thread_local int t_printPrefix = 1; // FFmpeg's line state: a new line starts with "[ctx @ p]"
bool g_verbose = false;             // written once, before the callback is installed

void callback(void* context, int level, const char* format, va_list args) {
    // Warnings (a corrupt packet in a live stream, an encoder's statistics) are part of normal
    // runs; docent reports what matters in its own words.
    if (!g_verbose && level > AV_LOG_ERROR) {
        return;
    }
    char line[1024];
    va_list copy;
    va_copy(copy, args);
    av_log_format_line2(context, level, format, copy, line, sizeof line, &t_printPrefix);
    va_end(copy);
    // An operation docent interrupted itself (stopping, closing a source) is not a fault.
    if (!g_verbose && std::strstr(line, "Immediate exit requested") != nullptr) {
        return;
    }
    std::string text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    // A message quotes what the input said (a playlist's URL, a tag): control characters in it
    // would break the log's one line per message, or forge lines. FFmpeg's own callback does the
    // same.
    for (char& c : text) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
            c = '?';
        }
    }
    if (level <= AV_LOG_ERROR && std::strstr(format, "whitelist") != nullptr) {
        std::string refusal = withoutPrefix(text);
        while (!refusal.empty() && refusal.back() == '!') {
            refusal.pop_back();
        }
        t_refusal = refusal;
    }
    if (level <= AV_LOG_ERROR && !text.empty()) {
        t_lastError = withoutPrefix(text);
    }
    if (text.empty()) {
        return;
    }
    if (!g_verbose && level <= AV_LOG_ERROR && isDecoder(context)) {
        // A decoder's complaints (a live stream joined between key frames, a lost packet) are
        // what it recovers from by itself: warnings, not errors.
        level = AV_LOG_WARNING;
    }
    if (!g_verbose && !g_repeats.admit(text)) {
        return;
    }
    emitMessage(level <= AV_LOG_ERROR     ? MessageLevel::Error
                : level <= AV_LOG_WARNING ? MessageLevel::Warning
                : level <= AV_LOG_INFO    ? MessageLevel::Info
                                          : MessageLevel::Debug,
                "ffmpeg: " + text);
}

} // namespace

void install() {
    static std::once_flag once;
    std::call_once(once, [] {
        const char* mode = std::getenv("DOCENT_FFMPEG_LOG");
        {
            Sink& s = sink();
            std::lock_guard lock(s.mutex);
            g_verbose = s.verbose || (mode != nullptr && std::strcmp(mode, "verbose") == 0);
        }
        if (g_verbose) {
            av_log_set_level(AV_LOG_VERBOSE);
        }
        av_log_set_callback(&callback);
    });
}

void clearRefusal() {
    t_refusal.clear();
    t_lastError.clear();
}

const std::string& lastError() {
    return t_lastError;
}

const std::string& refusal() {
    return t_refusal;
}

} // namespace ffmpegLog
} // namespace docent::streaming
