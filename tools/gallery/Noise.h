#pragma once
// Procedural noise and colour helpers for the generated textures. Pure functions of their
// arguments (integer hashing, no tables, no global state), so every texture is the same on
// every run and any thread may call them.

#include <cstdint>

#include <glm/glm.hpp>

namespace docent::tools {

// A well-mixed 32-bit hash of a lattice point and a seed.
std::uint32_t hashPoint(int x, int y, std::uint32_t seed);
// The hash mapped to [0, 1).
float hashUnit(int x, int y, std::uint32_t seed);

// Gradient noise in [0, 1] (0.5 on average). With period > 0 the lattice wraps every `period`
// units, so the noise tiles when sampled over a whole number of periods.
float gradientNoise(glm::vec2 p, std::uint32_t seed, int period = 0);

// Fractal sum of `octaves` gradient-noise octaves (each twice the frequency and half the
// amplitude of the last), normalised to [0, 1]. Tiles like gradientNoise: each octave's period
// doubles with its frequency.
float fbm(glm::vec2 p, int octaves, std::uint32_t seed, int period = 0);

// Hermite step from 0 at edge0 to 1 at edge1 (edge0 > edge1 gives a falling step).
float smoothStep(float edge0, float edge1, float x);

// An sRGB colour from 0-255 components, as the 0-1 floats the textures are built in.
glm::vec3 rgb(int r, int g, int b);

// Scales the brightness and saturation of an sRGB colour about its grey value.
glm::vec3 adjust(glm::vec3 color, float brightness, float saturation);

} // namespace docent::tools
