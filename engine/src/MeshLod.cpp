#include "engine/MeshLod.h"

#include <meshoptimizer.h>

#include <algorithm>
#include <cmath>

namespace docent::engine {

namespace {
// The simplifier may move the surface by up to this share of the mesh's extent to reach a
// level's triangle count; levels that would need more are not made.
constexpr float kMaxRelativeError = 0.05f;
// A level that keeps more than this share of the one before is not worth its memory.
constexpr float kMinUsefulReduction = 0.8f;
} // namespace

std::vector<LodLevel> buildLods(const PrimitiveData& primitive, const LodOptions& options) {
    std::vector<LodLevel> levels;
    const std::size_t fullTriangles = primitive.indices.size() / 3;
    if (fullTriangles < options.minTriangles || primitive.positions.empty() ||
        primitive.indices.size() % 3 != 0) {
        return levels;
    }
    const auto* positions = reinterpret_cast<const float*>(primitive.positions.data());
    const std::size_t vertexCount = primitive.positions.size();
    const float scale = meshopt_simplifyScale(positions, vertexCount, sizeof(glm::vec3));
    std::size_t previous = primitive.indices.size();
    float previousError = 0.0f;
    std::vector<std::uint32_t> out(primitive.indices.size());
    for (int level = 0; level < options.maxLevels; ++level) {
        const auto target =
            static_cast<std::size_t>(static_cast<float>(previous / 3) * options.reduction) * 3;
        if (target / 3 < options.minTriangles / 4) {
            break;
        }
        float relativeError = 0.0f;
        const std::size_t count =
            meshopt_simplify(out.data(), primitive.indices.data(), primitive.indices.size(),
                             positions, vertexCount, sizeof(glm::vec3), target, kMaxRelativeError,
                             meshopt_SimplifyLockBorder, &relativeError);
        if (count == 0 ||
            static_cast<float>(count) > static_cast<float>(previous) * kMinUsefulReduction) {
            break;
        }
        LodLevel l;
        l.indices.assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(count));
        l.error = std::max(previousError, relativeError * scale);
        previous = count;
        previousError = l.error;
        levels.push_back(std::move(l));
    }
    return levels;
}

} // namespace docent::engine
