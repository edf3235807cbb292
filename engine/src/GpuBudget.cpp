#include "engine/GpuBudget.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace docent::engine {

namespace {

constexpr std::size_t kBytesPerTexel = 4; // RGBA8, sRGB or linear

int levelSize(int size, int drop) {
    return std::max(1, size >> std::min(drop, 30));
}

bool canDrop(const TextureCost& texture, int drop) {
    return levelSize(texture.width, drop) > 1 || levelSize(texture.height, drop) > 1;
}

} // namespace

std::size_t sceneGeometryBytes(const SceneAsset& asset) {
    std::size_t bytes = 0;
    for (const auto& mesh : asset.meshes) {
        for (const auto& p : mesh.primitives) {
            bytes += p.positions.size() * kGpuVertexBytes + p.indices.size() * 4;
            for (const auto& lod : p.lods) {
                bytes += lod.indices.size() * 4;
            }
        }
    }
    return bytes;
}

std::size_t textureBytes(const TextureCost& texture, int drop) {
    if (texture.width <= 0 || texture.height <= 0) {
        return 0;
    }
    int w = levelSize(texture.width, drop);
    int h = levelSize(texture.height, drop);
    std::size_t total = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    if (texture.mipmapped) {
        while (w > 1 || h > 1) {
            w = std::max(1, w / 2);
            h = std::max(1, h / 2);
            total += static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
        }
    }
    return total * kBytesPerTexel;
}

bool fitTexturesInBudget(const std::vector<TextureCost>& textures, std::size_t available,
                         std::vector<int>& drops) {
    drops.assign(textures.size(), 0);
    std::vector<std::size_t> cost(textures.size());
    std::size_t total = 0;
    for (std::size_t i = 0; i < textures.size(); ++i) {
        cost[i] = textureBytes(textures[i], 0);
        total += cost[i];
    }
    while (total > available) {
        // The texture that costs most now and can still shrink; ties go to the first listed,
        // so the choice is the same on every run.
        std::size_t pick = textures.size();
        for (std::size_t i = 0; i < textures.size(); ++i) {
            if (canDrop(textures[i], drops[i]) &&
                (pick == textures.size() || cost[i] > cost[pick])) {
                pick = i;
            }
        }
        if (pick == textures.size()) {
            return false; // everything is 1x1 already
        }
        ++drops[pick];
        const std::size_t smaller = textureBytes(textures[pick], drops[pick]);
        total -= cost[pick] - smaller;
        cost[pick] = smaller;
    }
    return true;
}

Image halveImage(const Image& image) {
    Image out;
    if (image.empty()) {
        return out;
    }
    out.width = std::max(1, image.width / 2);
    out.height = std::max(1, image.height / 2);
    out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) *
                      kBytesPerTexel);
    const auto at = [&](int x, int y, int c) {
        x = std::min(x, image.width - 1);
        y = std::min(y, image.height - 1);
        return static_cast<unsigned>(
            image.pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                          static_cast<std::size_t>(x)) *
                             kBytesPerTexel +
                         static_cast<std::size_t>(c)]);
    };
    // An odd last column or row is left out, as in the mip levels OpenGL makes.
    const int spanX = image.width > 1 ? 2 : 1;
    const int spanY = image.height > 1 ? 2 : 1;
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            for (int c = 0; c < 4; ++c) {
                unsigned sum = 0;
                for (int dy = 0; dy < spanY; ++dy) {
                    for (int dx = 0; dx < spanX; ++dx) {
                        sum += at(x * spanX + dx, y * spanY + dy, c);
                    }
                }
                const unsigned count = static_cast<unsigned>(spanX * spanY);
                out.pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(out.width) +
                            static_cast<std::size_t>(x)) *
                               kBytesPerTexel +
                           static_cast<std::size_t>(c)] =
                    static_cast<std::uint8_t>((sum + count / 2) / count);
            }
        }
    }
    return out;
}

std::string formatMebibytes(std::size_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / 1048576.0);
    return text;
}

} // namespace docent::engine
