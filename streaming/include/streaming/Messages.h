#pragma once
// Where the streaming module's own messages go: a rejected cue, and FFmpeg's log (errors only,
// everything with verbose on). By default they are printed to stderr; an app routes them into its
// log with setMessageSink().
//
// Threads: messages come from the demux and decode threads; the sink must be thread-safe and is
// set once, before any source opens.

#include <functional>
#include <string>

namespace docent::streaming {

enum class MessageLevel { Error, Warning, Info, Debug };

using MessageSink = std::function<void(MessageLevel, const std::string&)>;

// sink: receives each message (one line, no newline); nullptr restores stderr. verbose: FFmpeg's
// log down to its verbose level, as debug messages (DOCENT_FFMPEG_LOG=verbose does the same).
void setMessageSink(MessageSink sink, bool verbose = false);

// One message to the sink (or stderr).
void emitMessage(MessageLevel level, const std::string& text);

} // namespace docent::streaming
