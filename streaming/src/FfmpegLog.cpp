#include "FfmpegLog.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

extern "C" {
#include <libavutil/log.h>
}

namespace docent::streaming::ffmpegLog {
namespace {

thread_local std::string t_refusal;
bool g_verbose = false; // written once, before the callback is installed

void callback(void* context, int level, const char* format, va_list args) {
    if (level <= AV_LOG_ERROR) {
        va_list copy;
        va_copy(copy, args);
        char line[512];
        std::vsnprintf(line, sizeof line, format, copy);
        va_end(copy);
        // An operation docent interrupted itself (stopping, closing a source) is not a fault.
        if (!g_verbose && std::strstr(line, "Immediate exit requested") != nullptr) {
            return;
        }
        if (std::strstr(format, "whitelist") != nullptr) {
            std::string text(line);
            while (!text.empty() && (text.back() == '\n' || text.back() == '!')) {
                text.pop_back();
            }
            t_refusal = text;
        }
    }
    // Warnings (a corrupt packet in a live stream, an encoder's statistics) are part of normal
    // runs; docent reports what matters in its own words.
    if (g_verbose || level <= AV_LOG_ERROR) {
        av_log_default_callback(context, level, format, args);
    }
}

} // namespace

void install() {
    static std::once_flag once;
    std::call_once(once, [] {
        const char* mode = std::getenv("DOCENT_FFMPEG_LOG");
        g_verbose = mode != nullptr && std::strcmp(mode, "verbose") == 0;
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

} // namespace docent::streaming::ffmpegLog
