#pragma once
// The visitor view: opens a scene, then renders it in a window (walk, look, orbit, fly to a
// clicked point) or headless with a fixed time step (screenshot and stats for tests,
// benchmarks and `make run` on machines without a display).

#include <string>

#include "Options.h"

namespace docent::app {

// The scene opened when none is given: the assembled demo, found relative to the executable
// (`../scenes/demo` in the build tree, `../share/docent/scenes/demo` once installed).
std::string defaultScenePath(const std::string& argv0);

// Runs the viewer to completion and returns the process exit code (Options.h).
int runViewer(const Options& options, const std::string& argv0);

} // namespace docent::app
