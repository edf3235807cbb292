#pragma once
// Shared tools of the painting functions (Paintings.h): simple form shading in the studio
// light, and the layered way every canvas is painted. Pure functions; any thread.

#include <glm/glm.hpp>

#include "Canvas.h"
#include "Random.h"

namespace docent::tools {

constexpr float kPaintPi = 3.14159265f;
constexpr float kPaintHalfPi = kPaintPi * 0.5f;

// Coarsest brush of the layered painting, in picture heights; later layers halve it.
constexpr float kCoarseBrush = 0.045f;

// Distance from c in units of the radii: below 1 inside the ellipse.
float ellipse(glm::vec2 p, glm::vec2 c, glm::vec2 r);

// Whether p lies inside the triangle a, b, c (either winding).
bool inTriangle(glm::vec2 p, glm::vec2 a, glm::vec2 b, glm::vec2 c);

// The normal of a sphere (or a squashed one) seen from the front, at `local` (-1..1 across).
glm::vec3 sphereNormal(glm::vec2 local);

// Diffuse light on a rounded form from the studio light (the upper left, the painter's
// convention) plus a soft bounce from below, so shadows never go black.
float formLight(glm::vec3 normal);
// The studio light's highlight on a glossy form; larger `sharpness`, smaller highlight.
float specular(glm::vec3 normal, float sharpness);

// Underpaints the subject and lays layers of strokes from broad (`coarse`) to fine.
void paintInLayers(Canvas& canvas, const Subject& subject, Pcg32& rng, float coarse);

// A bare tree: a trunk of `width` that forks `depth` times into thinner branches.
void paintTree(Canvas& canvas, Pcg32& rng, glm::vec2 base, float angle, float length, float width,
               int depth, glm::vec3 color);

// A full moon with a soft halo and faint seas, laid over the finished layers so that it
// stays crisp: the four moon works must show their moon clearly.
void paintFullMoon(Canvas& canvas, glm::vec2 center, float radius);
// A crescent: the lit disc less an offset disc of earthshine, with a faint halo; `phase`
// offsets the shadow disc (in radii) toward +x and up.
void paintCrescentMoon(Canvas& canvas, glm::vec2 center, float radius, glm::vec2 phase);

} // namespace docent::tools
