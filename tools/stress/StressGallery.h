#pragma once
// A generated stand-in for a museum's photogrammetry scan, for benchmarks and budget tests:
// rooms in a row joined by doorways, each holding scanned-looking objects (lumpy, densely
// triangulated forms on plinths, one texture of their own each). Sizes are parameters, so a
// test makes a small one and `make bench` the full 5-million-triangle, 150-texture gallery.
// Deterministic: the same parameters give the same scene.

#include "../gallery/Scene.h"

namespace docent::tools {

struct StressParameters {
    int rooms = 6;
    long triangles = 5'000'000; // in the objects; walls and floors add a few hundred
    int textures = 150;         // one per object
    int textureSize = 2048;     // pixels a side
};

// Fills `scene`; its textures still have to be generated (Scene::generateTextures).
void buildStressGallery(Scene& scene, const StressParameters& parameters);

} // namespace docent::tools
