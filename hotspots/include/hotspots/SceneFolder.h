#pragma once
// Reads and checks a scene folder: scene.json, hotspots.json and the cue sheet it names.
// Every problem is collected (not only the first) with its file and where in it: a JSON
// pointer, or line:column for malformed JSON. The glTF side (does an anchor's node exist?) is
// checked by checkAnchors() with node names the caller read from the model, so that this
// module needs no renderer.
//
// Any thread; no shared state. Nothing here throws for bad input.

#include <optional>
#include <string>
#include <vector>

#include "hotspots/SceneModel.h"

namespace docent::hotspots {

enum class Severity { Error, Warning };

struct Problem {
    Severity severity = Severity::Error;
    std::string file;    // path as opened
    std::string where;   // "line:column" in the file, or "" when not known
    std::string pointer; // JSON pointer of the value ("/hotspots/3/title/zh"), or ""
    std::string message;

    // "file:line:column: error: message (at /pointer)", the form `docent validate` prints.
    std::string toString() const;
};

struct SceneFolder {
    std::string folder;       // absolute
    std::string manifestPath; // absolute; empty for a bare model
    std::string modelPath;    // absolute
    SceneManifest manifest;
    std::vector<Hotspot> hotspots;
    std::optional<CueSheet> cueSheet;
    std::vector<Problem> problems;

    bool hasErrors() const;
    const Hotspot* findHotspot(const std::string& id) const;
    const Viewpoint* findViewpoint(const std::string& id) const;
};

// Opens SCENE: a scene folder (with scene.json), a scene.json, or a bare .gltf/.glb (then the
// manifest is empty and the model is the file). Problems are in the result; a SCENE that is
// none of these is one error.
SceneFolder openSceneFolder(const std::string& scene);

// Adds an error for every hotspot anchor whose node is not among nodeNames.
void checkAnchors(SceneFolder& scene, const std::vector<std::string>& nodeNames);

} // namespace docent::hotspots
