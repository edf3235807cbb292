#pragma once
// The canvases of the demo gallery's paintings: original compositions painted by code (see
// Canvas.h), no copies of real works. Each function paints at the pixel size it is given, so
// the caller chooses the texture budget; the composition scales with the aspect ratio it was
// drawn for. Deterministic: fixed seeds, no clock.

#include "engine/Image.h"

namespace docent::tools {

// A harbour town at night under a full moon, its path of light on the water.
engine::Image paintMoonHarbour(int width, int height);
// A rocky coast under storm clouds at dusk, light breaking through over the sea.
engine::Image paintStormyCoast(int width, int height);
// Poplars along a river on a summer afternoon, with cumulus clouds and poppies.
engine::Image paintRiverPoplars(int width, int height);
// A still life: an earthenware jug, fruit and a white cloth on a table in a dark room.
engine::Image paintStillLife(int width, int height);
// A portrait-like study: a woman in a blue dress against a warm dark ground, the face only
// suggested.
engine::Image paintLadyInBlue(int width, int height);
// A snowy village at night under a crescent moon, with bare trees.
engine::Image paintWinterMoon(int width, int height);

} // namespace docent::tools
