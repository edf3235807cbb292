#pragma once
// The demo museum: the ground floor of an imagined 19th-century palace museum. An entrance
// hall with a colonnade under a glass roof, and three picture galleries around it, walked
// in a ring: hall -> A (Sea and Sky) -> B (Faces) -> C (Night and Still Life) -> hall.
//
// Conventions: metres, +Y up, every floor at y = 0; the hall's nave runs along z, and the
// visitor enters it from its south end (+Z) looking north (-Z). Node names carry their room:
// "hall.floor", "gallery-a.walls", "gallery-b.bench-1"; the works are "artwork.<id>" (see
// Hanging.h and Sculptures.h for their local frames).

#include "Scene.h"

namespace docent::tools {

// Builds the whole demo scene, textures included (generated on all hardware threads; the
// result does not depend on how many there are).
void buildGallery(Scene& scene);

} // namespace docent::tools
