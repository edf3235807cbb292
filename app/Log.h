#pragma once
// docent's log: messages with a level (error, warning, info, debug) go to the terminal -- errors
// and warnings to stderr, the rest to stdout -- when at or above the chosen level
// (`--log-level`), and to a log file in the platform's state folder
// ($XDG_STATE_HOME/docent/docent.log, else ~/.local/state/docent/docent.log) with a time stamp,
// so that a visitor's or a kiosk's problem can be read afterwards. The file is capped: past
// kMaxLogBytes it is renamed to docent.log.1 (one older file kept) and a new one begins.
//
// Threads: any (one mutex). Failure: a log file that cannot be opened is a warning on stderr;
// messages then go to the terminal only.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace docent::app::log {

enum class Level { Error = 0, Warning = 1, Info = 2, Debug = 3 };

constexpr std::uintmax_t kMaxLogBytes = 1024 * 1024;

std::optional<Level> parseLevel(std::string_view name);
const char* levelName(Level level);

// The log file of this user; empty when neither XDG_STATE_HOME nor HOME gives a home.
std::filesystem::path defaultLogFile();

// Sets the terminal's level and opens file for appending (empty: no file). program names the
// messages' prefix ("docent", "docent-broadcast").
void configure(Level level, const std::filesystem::path& file, const std::string& program);

// What a program does first: configure() from the --log-level and --log-file options (file
// empty: defaultLogFile(); "none": no file), with the streaming module's messages (and FFmpeg's
// log at debug) routed here.
void start(const std::string& level, const std::string& file, const std::string& program);

bool enabled(Level level);
// One message (no trailing newline needed). printf-style.
void write(Level level, const char* format, ...) __attribute__((format(printf, 2, 3)));
void message(Level level, std::string_view text);

void error(const char* format, ...) __attribute__((format(printf, 1, 2)));
void warning(const char* format, ...) __attribute__((format(printf, 1, 2)));
void info(const char* format, ...) __attribute__((format(printf, 1, 2)));
void debug(const char* format, ...) __attribute__((format(printf, 1, 2)));

// Closes the file (at exit; later messages go to the terminal only).
void close();

} // namespace docent::app::log
