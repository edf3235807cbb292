#pragma once
// The material table of the demo museum: every surface material with its textures, made once
// and shared by all rooms. Canvases are not here: each painting has its own material.

#include "Scene.h"

namespace docent::tools {

struct GalleryMaterials {
    int parquet = -1;
    int wallPaint = -1; // the upper walls
    int dadoPaint = -1; // the lower walls, below the dado rail
    int trimPaint = -1; // mouldings: dado rail, cornice
    int ceilingPaint = -1;
    int darkMarble = -1;    // skirting, door architrave, threshold
    int whiteMarble = -1;   // plinths
    int gilding = -1;       // frames, the cornice's bead, the picture rail
    int brass = -1;         // picture-hanging rods
    int laylightGlass = -1; // the glazed ceiling, lit from above by daylight
    int laylightIron = -1;  // its glazing bars
    int velvet = -1;        // bench cushions
    int mahogany = -1;      // bench frames
    int vaseGlaze = -1;
};

// Generates the shared textures and adds the materials to `scene`.
GalleryMaterials makeGalleryMaterials(Scene& scene);

// A glTF colour factor (linear) from an sRGB colour.
glm::vec4 linearColor(glm::vec3 srgb, float alpha = 1.0f);

} // namespace docent::tools
