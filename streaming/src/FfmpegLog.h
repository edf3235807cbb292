#pragma once
// FFmpeg's log, as docent uses it: one process-wide callback (installed by the first MediaSource
// or Recorder) that prints errors only, unless DOCENT_FFMPEG_LOG=verbose asks for everything,
// and notes on the calling thread the last whitelist refusal and the last error, which FFmpeg
// logs but reports to the caller only as a generic error code.
// Threads: any; the refusal note is per thread (the demux thread that opens reads its own).

#include <string>

namespace docent::streaming::ffmpegLog {

void install();
// Forgets this thread's notes (before an open).
void clearRefusal();
// The last "Protocol '...' not on whitelist '...'" line logged on this thread; empty if none.
const std::string& refusal();
// The last error FFmpeg logged on this thread, without its "[context @ address]" prefix: the
// reason behind a generic return code ("Peer certificate failed verification" behind EIO).
const std::string& lastError();

} // namespace docent::streaming::ffmpegLog
