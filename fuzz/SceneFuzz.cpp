// A scene folder on arbitrary files: the input's parts (split at kFileSeparator) are scene.json,
// hotspots.json and cues.json, beside an empty model and recording. Whatever they hold, reading
// them gives problems with a place and a message, never a crash; a folder read without errors
// holds cues in time order that name its hotspots.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "FuzzInput.h"
#include "hotspots/SceneFolder.h"

using namespace docent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool prepared = [] {
        fuzz::writeFile("room.gltf", "");
        fuzz::writeFile("tour.ts", "");
        return true;
    }();
    (void)prepared;
    const std::vector<std::string> parts = fuzz::splitFiles(data, size);
    const char* const names[] = {"scene.json", "hotspots.json", "cues.json"};
    for (std::size_t i = 0; i < 3; ++i) {
        fuzz::writeFile(names[i], i < parts.size() ? parts[i] : std::string());
    }
    hotspots::SceneFolder scene = hotspots::openSceneFolder(fuzz::scratchFolder());
    for (const hotspots::Problem& problem : scene.problems) {
        if (problem.message.empty() || problem.toString().find(problem.file) != 0) {
            __builtin_trap(); // every problem names its file and says what is wrong
        }
    }
    hotspots::checkAnchors(scene, {"artwork.a", "artwork.b", ""});
    if (!scene.hasErrors() && scene.cueSheet) {
        double previous = 0.0;
        for (const auto& cue : scene.cueSheet->cues) {
            if ((cue.hotspot && !scene.findHotspot(*cue.hotspot)) || cue.time < previous) {
                __builtin_trap();
            }
            previous = cue.time;
        }
    }
    return 0;
}
