#pragma once
// The material table of the demo museum: every surface material with its textures, made once
// and shared by all rooms. Canvases are not here: each painting has its own material.

#include "Scene.h"

namespace docent::tools {

struct GalleryMaterials {
    int parquet = -1;    // gallery floors
    int stoneFloor = -1; // the entrance hall's marble chequer
    int ashlar = -1;     // the entrance hall's dressed-stone walls
    // The galleries' upper walls, one colour per room so that visitors tell them apart.
    int sageWall = -1;     // gallery A, Sea and Sky
    int redWall = -1;      // gallery B, Faces
    int blueGreyWall = -1; // gallery C, Night and Still Life
    int dadoPaint = -1;    // the lower walls, below the dado rail
    int trimPaint = -1;    // mouldings: dado rail, cornice
    int ceilingPaint = -1;
    int darkMarble = -1;    // skirting, door architrave, threshold
    int whiteMarble = -1;   // plinths, the bust
    int sienaMarble = -1;   // column shafts
    int gilding = -1;       // carved frames, the cornice's bead, the picture rail
    int plainGilt = -1;     // flat (cassetta) frames
    int ebony = -1;         // black frames
    int brass = -1;         // picture-hanging rods
    int laylightGlass = -1; // the galleries' glazed ceilings, lit from above by daylight
    int skylightGlass = -1; // the hall's glass roof, clear sky beyond
    int laylightIron = -1;  // glazing bars
    int velvet = -1;        // bench cushions
    int mahogany = -1;      // bench frames, the entrance doors
    int bronze = -1;
    int vaseGlaze = -1;
};

// Generates the shared textures and adds the materials to `scene`.
GalleryMaterials makeGalleryMaterials(Scene& scene);

// A glTF colour factor (linear) from an sRGB colour.
glm::vec4 linearColor(glm::vec3 srgb, float alpha = 1.0f);

} // namespace docent::tools
