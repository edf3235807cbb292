#pragma once

namespace docent::app {

// SIGTERM (systemd stopping the kiosk, a session logging out), SIGINT (Ctrl+C in a terminal) and
// SIGHUP (the terminal closing) ask docent to stop: the frame loop finishes its frame and ends
// the run as a normal exit, so the statistics are written, the watchdog hears STOPPING=1 and
// the kiosk's crash-loop counter is not left counting a crash.
void installStopSignals();

// The signal that asked docent to stop, or 0.
int stopSignal();

} // namespace docent::app
