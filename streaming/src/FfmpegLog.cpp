#include "FfmpegLog.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

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

thread_local std::string t_refusal;
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
    if (level <= AV_LOG_ERROR && std::strstr(format, "whitelist") != nullptr) {
        std::string refusal(text);
        while (!refusal.empty() && refusal.back() == '!') {
            refusal.pop_back();
        }
        // Without FFmpeg's "[context @ address] " prefix.
        if (const auto close = refusal.find("] ");
            refusal.rfind('[', 0) == 0 && close != std::string::npos) {
            refusal.erase(0, close + 2);
        }
        t_refusal = refusal;
    }
    if (text.empty()) {
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
}

const std::string& refusal() {
    return t_refusal;
}

} // namespace ffmpegLog
} // namespace docent::streaming
