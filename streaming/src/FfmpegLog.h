#pragma once
// FFmpeg's log, as docent uses it: one process-wide callback (installed by the first MediaSource
// or Recorder) that prints errors only, unless DOCENT_FFMPEG_LOG=verbose asks for everything,
// and notes on the calling thread the last whitelist refusal, which FFmpeg logs but reports to
// the caller of a nested open only as a generic error.
// Threads: any; the refusal note is per thread (the demux thread that opens reads its own).

#include <string>

namespace docent::streaming::ffmpegLog {

void install();
void clearRefusal();
// The last "Protocol '...' not on whitelist '...'" line logged on this thread; empty if none.
const std::string& refusal();

} // namespace docent::streaming::ffmpegLog
