#pragma once
// Geometry levels of detail for `docent import`: coarser triangle lists over a primitive's own
// vertices, made with meshoptimizer's simplifier. Pure CPU work, safe on any thread.

#include <cstddef>
#include <vector>

#include "engine/SceneAsset.h"

namespace docent::engine {

struct LodOptions {
    std::size_t minTriangles = 512; // primitives smaller than this get no levels
    float reduction = 0.5f;         // each level aims at this share of the level before's triangles
    int maxLevels = 6;
};

// Levels for `primitive`, each about `reduction` times the triangles of the one before, until a
// level would have fewer than a quarter of minTriangles or the simplifier can reduce no further.
// Each is simplified from the full triangles, so its error (the simplifier's own bound, in the
// mesh's units) is measured against the surface the visitor would otherwise see. Edges on the
// primitive's open border stay where they are, so that neighbouring pieces of a scan never open
// a crack between them.
std::vector<LodLevel> buildLods(const PrimitiveData& primitive, const LodOptions& options = {});

} // namespace docent::engine
