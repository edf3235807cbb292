#pragma once
// Writes a scene back to its files: the inverse of SceneFolder.h's reader. The text is what a
// curator would write by hand (docs/SCENE_FORMAT.md): 2-space indented JSON ending in a newline,
// fields in the order the format lists them, optional fields left out when absent or empty,
// texts in the order zh, fr, en, UTF-8 written as it is. Numbers read back exactly; whole ones
// are written without a fraction (60, not 60.0). What openSceneFolder() read, written and read
// again, compares equal; writing it again gives the same bytes.
//
// Any thread; no shared state. The *ToJson functions cannot fail (text that is not UTF-8 is
// written with U+FFFD in its place); saveScene() reports failure with a one-line message.

#include <string>
#include <vector>

#include "hotspots/SceneFolder.h"
#include "hotspots/SceneModel.h"

namespace docent::hotspots {

std::string manifestToJson(const SceneManifest& manifest);        // scene.json's text
std::string hotspotsToJson(const std::vector<Hotspot>& hotspots); // hotspots.json's text
std::string cueSheetToJson(const CueSheet& sheet);                // the cue sheet's text

// Writes the scene's scene.json, hotspots.json and (when scene.cueSheet is set) its cue sheet at
// the path manifest.replay->cues (default "cues.json"; set it in the manifest written if empty)
// into `folder`, each with writeFileDurably (backup kept), scene.json last. When `folder` is not
// scene.folder (Save As / --out: a complete scene folder elsewhere), first creates it and copies
// every other regular file of scene.folder recursively (the model, its .bin and images, the
// recording, captions) except scene.json, hotspots.json, the cue sheet being written (a cue
// sheet scene.cueSheet lacks, one that failed to read, is copied as it is), "*.bak" and
// "*.tmp-*" files; refuses (false + error) a folder that is scene.folder's own subfolder or that
// already holds a scene.json unless `overwrite` is true. A bare-model scene (scene.manifestPath
// empty) gets a manifest whose model is the model file's name (and all of the model's folder is
// copied, as for any scene). Returns false with a one-line error naming the file and the OS
// reason (strerror) on failure; what was already on disk stays intact (each copied file, too,
// takes its name only once whole and synced).
bool saveScene(const SceneFolder& scene, const std::string& folder, bool overwrite,
               std::string& error);

} // namespace docent::hotspots
