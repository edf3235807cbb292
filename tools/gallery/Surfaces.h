#pragma once
// Procedural textures for the gallery's surfaces: parquet, painted plaster, marble, gilding
// and a glazed vase. Each tiles seamlessly where it repeats. Colour images are sRGB; the
// metallic-roughness images follow glTF (green = roughness, blue = metalness). Deterministic.

#include <glm/glm.hpp>

#include "engine/Image.h"

namespace docent::tools {

struct SurfaceImages {
    engine::Image color;
    engine::Image metallicRoughness;
};

// Point de Hongrie (chevron) oak parquet: kParquetStrips strips of mitred planks across one
// tile of kParquetTileMetres.
constexpr float kParquetTileMetres = 1.6f; // m of floor per texture repeat
constexpr int kParquetStrips = 4;          // chevron strips per repeat (even, so it tiles)
SurfaceImages makeParquet(int size);

// Painted plaster: a faint mottling of the paint over a tile of kPlasterTileMetres.
constexpr float kPlasterTileMetres = 2.0f; // m of wall per texture repeat
engine::Image makePlaster(int size, glm::vec3 color);

// White veined marble, tiling over kMarbleTileMetres.
constexpr float kMarbleTileMetres = 0.8f; // m per texture repeat
engine::Image makeMarble(int size);

// The entrance hall's floor: a chequer of white and grey-veined marble slabs laid on the
// diagonal, kStoneFloorDiamonds diamonds across one tile of kStoneFloorTileMetres, with
// fine joints. The metallic-roughness image keeps the slabs polished and the joints matt.
constexpr float kStoneFloorTileMetres = 1.6f; // m of floor per texture repeat
constexpr int kStoneFloorDiamonds = 2;        // diamonds of each colour across one repeat
SurfaceImages makeStoneFloor(int size);

// Dressed limestone walls (ashlar): courses of kAshlarCourseMetres, blocks twice as long,
// staggered by half a block from course to course, over a tile of kAshlarTileMetres.
constexpr float kAshlarTileMetres = 2.0f;   // m of wall per texture repeat
constexpr float kAshlarCourseMetres = 0.5f; // m, one course of stone
engine::Image makeAshlar(int size);

// Cast bronze with a brown patina that has gone green in the hollows and worn back to
// metal on the high points, tiling; for the figure sculpture.
SurfaceImages makeBronze(int size);

// Water gilding for picture frames: u runs along the moulding (one repeat per
// kGildingRepeatMetres), v across the profile from the sight edge (0) to the outer edge (1),
// with a row of beads and an egg-and-dart band where the frame profile carries them.
constexpr float kGildingRepeatMetres = 0.24f; // m of frame per texture repeat
SurfaceImages makeGilding(int width, int height);

// Cobalt glaze with gilt bands and a frieze of crescent moons and stars, for the lathe-turned
// vase: u around, v from the lip (0) to the foot (1). `aspect` is the belly's circumference
// over the vase's height, so the motifs come out round.
SurfaceImages makeVaseGlaze(int width, int height, float aspect);

} // namespace docent::tools
