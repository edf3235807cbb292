#pragma once
// Finds what a SCENE argument names: a scene folder (with scene.json), a scene manifest, or a
// bare .gltf/.glb. Reads the manifest's fields that opening a gallery needs (title, model,
// spawn point). The full tour model (hotspots, cues, schedule) builds on this.
//
// Any thread; no shared state. Failures are returned as one line naming the file and, for
// JSON, the line and column.

#include <array>
#include <optional>
#include <string>

namespace docent::hotspots {

// Where the visitor starts: metres in glTF's +Y-up world, yaw and pitch in degrees.
struct Spawn {
    std::array<double, 3> position{0.0, 0.0, 0.0};
    double yawDegrees = 0.0;
    double pitchDegrees = 0.0;
};

struct SceneLocation {
    std::string folder;       // the scene folder (absolute)
    std::string manifestPath; // empty for a bare model
    std::string modelPath;    // the glTF/GLB to open (absolute)
    std::string title;        // the manifest's title, else the model's file name
    std::optional<Spawn> spawn;
};

struct LocateResult {
    std::optional<SceneLocation> location;
    std::string error; // set when location is empty
};

// SCENE may be a folder, a manifest (.json) or a model (.gltf/.glb).
LocateResult locateScene(const std::string& scene);

} // namespace docent::hotspots
