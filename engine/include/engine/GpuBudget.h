#pragma once
// The GPU-memory budget of a scene: docent counts every byte it asks OpenGL for (software
// renderers offer no memory query), and keeps a scene's geometry and textures within a budget by
// uploading large textures at lower mip levels, the largest first. Geometry is never reduced
// here: a scene whose geometry alone exceeds the budget is refused with a message.
//
// Pure functions: no OpenGL, safe on any thread.

#include <cstddef>
#include <string>
#include <vector>

#include "engine/Image.h"
#include "engine/SceneAsset.h"

namespace docent::engine {

// One texture as the GPU will hold it: RGBA8, with a full mip chain when mipmapped.
struct TextureCost {
    int width = 0;
    int height = 0;
    bool mipmapped = false;
};

// What the renderer holds per vertex (position, normal, two texture coordinates, colour,
// tangent: 18 floats) whatever the file stored.
constexpr std::size_t kGpuVertexBytes = 72;

// GPU bytes of the scene's geometry: every primitive's vertices and indices, its levels of
// detail included.
std::size_t sceneGeometryBytes(const SceneAsset& asset);

// Bytes of `texture` uploaded `drop` levels down (each level halves both sides, to at least 1).
std::size_t textureBytes(const TextureCost& texture, int drop);

// Chooses how many levels to drop from each texture so that their total fits in `available`
// bytes: repeatedly halves the texture that costs most now. drops[i] is 0 for a texture that
// keeps its full size. False when even every texture at 1x1 does not fit.
bool fitTexturesInBudget(const std::vector<TextureCost>& textures, std::size_t available,
                         std::vector<int>& drops);

// The image at half its width and height (each at least 1), each pixel the mean of the 2x2 (or
// 2x1, 1x2) block it covers. Averages the stored values: for sRGB textures that is a slight
// darkening at high-contrast edges, the same trade-off most mipmap generators make.
Image halveImage(const Image& image);

// "12.3 MiB", for messages.
std::string formatMebibytes(std::size_t bytes);

} // namespace docent::engine
