#include "Log.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <system_error>

#include "streaming/Messages.h"

namespace docent::app::log {
namespace {

namespace fs = std::filesystem;

struct State {
    std::mutex mutex;
    Level level = Level::Info;
    std::string program = "docent";
    fs::path path;
    std::FILE* file = nullptr;
    std::uintmax_t bytes = 0;
};

State& state() {
    static State s;
    return s;
}

// UTC, to the millisecond: lines from a kiosk compare with the broadcast's logs.
std::string timeStamp() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    std::tm utc{};
    gmtime_r(&now.tv_sec, &utc);
    char text[40];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(text + n, sizeof text - n, ".%03ldZ", now.tv_nsec / 1000000);
    return text;
}

// Past the cap: the file becomes docent.log.1 (replacing the older one) and a new one starts.
void rotateLocked(State& s) {
    if (!s.file || s.bytes < kMaxLogBytes) {
        return;
    }
    std::fclose(s.file);
    s.file = nullptr;
    std::error_code ec;
    fs::rename(s.path, fs::path(s.path.string() + ".1"), ec);
    s.file = std::fopen(s.path.c_str(), "a");
    s.bytes = 0;
}

void vwrite(Level level, const char* format, va_list args) {
    char stack[1024];
    va_list copy;
    va_copy(copy, args);
    const int needed = std::vsnprintf(stack, sizeof stack, format, copy);
    va_end(copy);
    if (needed < 0) {
        return;
    }
    std::string text;
    if (static_cast<std::size_t>(needed) < sizeof stack) {
        text.assign(stack, static_cast<std::size_t>(needed));
    } else {
        text.resize(static_cast<std::size_t>(needed) + 1);
        std::vsnprintf(text.data(), text.size(), format, args);
        text.resize(static_cast<std::size_t>(needed));
    }
    message(level, text);
}

} // namespace

std::optional<Level> parseLevel(std::string_view name) {
    for (const Level level : {Level::Error, Level::Warning, Level::Info, Level::Debug}) {
        if (name == levelName(level)) {
            return level;
        }
    }
    return std::nullopt;
}

const char* levelName(Level level) {
    switch (level) {
    case Level::Error:
        return "error";
    case Level::Warning:
        return "warning";
    case Level::Info:
        return "info";
    case Level::Debug:
        return "debug";
    }
    return "info";
}

fs::path defaultLogFile() {
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state && *state == '/') {
        return fs::path(state) / "docent" / "docent.log";
    }
    const char* home = std::getenv("HOME");
    if (home && *home == '/') {
        return fs::path(home) / ".local" / "state" / "docent" / "docent.log";
    }
    return {};
}

void configure(Level level, const fs::path& file, const std::string& program) {
    State& s = state();
    std::string problem;
    {
        std::lock_guard lock(s.mutex);
        s.level = level;
        s.program = program;
        if (s.file) {
            std::fclose(s.file);
            s.file = nullptr;
        }
        s.path = file;
        if (!file.empty()) {
            std::error_code ec;
            fs::create_directories(file.parent_path(), ec);
            s.file = std::fopen(file.c_str(), "a");
            if (s.file) {
                s.bytes = static_cast<std::uintmax_t>(std::ftell(s.file));
                rotateLocked(s);
            } else {
                problem = file.string() + ": cannot write the log file; logging to the " +
                          "terminal only";
            }
        }
    }
    if (!problem.empty()) {
        message(Level::Warning, problem);
    }
}

void start(const std::string& level, const std::string& file, const std::string& program) {
    const Level chosen = parseLevel(level).value_or(Level::Info);
    configure(chosen,
              file == "none" ? fs::path()
              : file.empty() ? defaultLogFile()
                             : fs::path(file),
              program);
    streaming::setMessageSink(
        [](streaming::MessageLevel from, const std::string& text) {
            message(from == streaming::MessageLevel::Error     ? Level::Error
                    : from == streaming::MessageLevel::Warning ? Level::Warning
                    : from == streaming::MessageLevel::Info    ? Level::Info
                                                               : Level::Debug,
                    text);
        },
        chosen == Level::Debug);
}

bool enabled(Level level) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    return level <= s.level || (s.file && level <= Level::Info);
}

void message(Level level, std::string_view text) {
    State& s = state();
    while (!text.empty() && text.back() == '\n') {
        text.remove_suffix(1);
    }
    std::lock_guard lock(s.mutex);
    if (level <= s.level) {
        // The terminal keeps the program's usual shape: "docent: warning: ...".
        std::FILE* out = level <= Level::Warning ? stderr : stdout;
        const char* tag = level == Level::Warning ? "warning: " : "";
        std::fprintf(out, "%s: %s%.*s\n", s.program.c_str(), tag, static_cast<int>(text.size()),
                     text.data());
        std::fflush(out);
    }
    // The file has everything down to info whatever the terminal shows (a kiosk's history),
    // and debug lines when asked for.
    if (s.file && (level <= Level::Info || level <= s.level)) {
        const std::string stamp = timeStamp();
        const int written =
            std::fprintf(s.file, "%s %s %-7s %.*s\n", stamp.c_str(), s.program.c_str(),
                         levelName(level), static_cast<int>(text.size()), text.data());
        std::fflush(s.file);
        if (written > 0) {
            s.bytes += static_cast<std::uintmax_t>(written);
        }
        rotateLocked(s);
    }
}

void error(const char* format, ...) {
    va_list args;
    va_start(args, format);
    vwrite(Level::Error, format, args);
    va_end(args);
}

void warning(const char* format, ...) {
    va_list args;
    va_start(args, format);
    vwrite(Level::Warning, format, args);
    va_end(args);
}

void info(const char* format, ...) {
    va_list args;
    va_start(args, format);
    vwrite(Level::Info, format, args);
    va_end(args);
}

void debug(const char* format, ...) {
    va_list args;
    va_start(args, format);
    vwrite(Level::Debug, format, args);
    va_end(args);
}

void close() {
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (s.file) {
        std::fclose(s.file);
        s.file = nullptr;
    }
}

} // namespace docent::app::log
