#pragma once
// `docent import SCAN --out DIR [--gpu-budget MB]`: optimises a scan once so that later opens
// are fast and walking it stays smooth. Loads it with every check the viewer applies, makes
// levels of detail for its larger meshes (meshoptimizer's simplifier), shrinks its textures to
// the budget when one is given, and writes DIR/model.glb (atomically) and, when DIR has none,
// a DIR/scene.json naming it. The scan is never modified, and an existing scene.json (a
// curator's hotspots and tour) is kept as it is.

#include <string>

namespace docent::app {

// Returns the exit code: 0 written, 1 when the scan is unreadable or the folder cannot be
// written (one line on stderr names the file and the problem).
int runImport(const std::string& scan, const std::string& outFolder, double budgetMb);

} // namespace docent::app
