#pragma once
// The canvases of the demo museum's fifteen paintings: original compositions painted by code
// (see Canvas.h), no copies of real works. Each function paints at the pixel size it is given,
// so the caller chooses the texture budget; the composition scales with the aspect ratio it
// was drawn for. Deterministic: fixed seeds, no clock. Four of the works show a moon.
//
// Paintings.cpp holds the first six, LandscapePaintings.cpp, FigurePaintings.cpp and
// StillLifePaintings.cpp the others; PaintingKit.h their shared tools.

#include "engine/Image.h"

namespace docent::tools {

// Gallery A, Sea and Sky.
// A harbour town at night under a full moon, its path of light on the water. (Moon.)
engine::Image paintMoonHarbour(int width, int height);
// Waves breaking against chalk cliffs under storm clouds, light breaking through.
engine::Image paintStormyCoast(int width, int height);
// White sails on a bay at sunset under an orange and violet sky.
engine::Image paintSunsetRegatta(int width, int height);
// Poplars along a river on a summer afternoon, with cumulus clouds and poppies.
engine::Image paintRiverPoplars(int width, int height);
// Snow mountains mirrored in a still lake in the pink light of dawn.
engine::Image paintAlpineLake(int width, int height);
// A spring orchard in white blossom, with two small figures in the grass.
engine::Image paintOrchardInBloom(int width, int height);

// Gallery B, Faces.
// A half-length portrait of a woman in a deep blue gown against a warm dark ground.
engine::Image paintLadyInBlue(int width, int height);
// A woman reading a letter by an open window, a crescent moon outside. (Moon.)
engine::Image paintLetterByMoonlight(int width, int height);
// A weathered fisherman with a pipe and a knitted cap.
engine::Image paintOldFisherman(int width, int height);
// A boy playing a cello in a dim room, lit from the left.
engine::Image paintYoungCellist(int width, int height);
// A busy market square on a morning: awnings, baskets, a crowd.
engine::Image paintMarketMorning(int width, int height);

// Gallery C, Night and Still Life.
// A snowy village at night under a full moon, its windows lit. (Moon.)
engine::Image paintWinterMoon(int width, int height);
// Lemons, a pewter jug and a white cloth on a dark table.
engine::Image paintStillLifeLemons(int width, int height);
// Pink and white peonies in a blue vase.
engine::Image paintPeonies(int width, int height);
// Copper pans, onions and a loaf on a kitchen shelf.
engine::Image paintCopperPots(int width, int height);

} // namespace docent::tools
