// The GPU-memory budget's arithmetic: what a texture costs with and without mips, which
// textures give up levels when a scene does not fit (the largest first), and the 2x2 averaging
// that makes each lower level.

#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/GpuBudget.h"

using namespace docent::engine;

namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

Image solid(int width, int height, std::uint8_t value) {
    Image image;
    image.width = width;
    image.height = height;
    image.pixels.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4,
                        value);
    return image;
}

} // namespace

TEST_CASE("a texture costs four bytes a texel, a third more with its mip chain", "[gpu-budget]") {
    CHECK(textureBytes({2048, 2048, false}, 0) == 16 * kMiB);
    // 2048^2 + 1024^2 + ... + 1 = (4^12 - 1) / 3 texels.
    CHECK(textureBytes({2048, 2048, true}, 0) == 4 * ((std::size_t{1} << 24) - 1) / 3);
    CHECK(textureBytes({2048, 2048, false}, 1) == 4 * kMiB);
    // A level never goes below 1 texel a side; a non-square chain runs to 1x1.
    CHECK(textureBytes({4, 1, false}, 5) == 4);
    CHECK(textureBytes({4, 1, true}, 0) == (4 + 2 + 1) * 4);
    CHECK(textureBytes({0, 16, true}, 0) == 0);
}

TEST_CASE("textures that fit keep their full size", "[gpu-budget]") {
    const std::vector<TextureCost> textures = {{1024, 1024, true}, {512, 512, true}};
    std::vector<int> drops;
    REQUIRE(fitTexturesInBudget(textures, 64 * kMiB, drops));
    CHECK(drops == std::vector<int>{0, 0});
}

TEST_CASE("the texture that costs most gives up a level first, until the set fits",
          "[gpu-budget]") {
    const std::vector<TextureCost> textures = {
        {512, 512, false}, {2048, 2048, false}, {1024, 1024, false}};
    std::vector<int> drops;
    // 1 + 16 + 4 MiB; 10 MiB fits once the 2048 is 1024 (1 + 4 + 4).
    REQUIRE(fitTexturesInBudget(textures, 10 * kMiB, drops));
    CHECK(drops == std::vector<int>{0, 1, 0});
    // 3 MiB: 2048 -> 1024 (1 + 4 + 4); of the two 4 MiB textures the first listed halves
    // (1 + 1 + 4); then the other (1 + 1 + 1).
    REQUIRE(fitTexturesInBudget(textures, 3 * kMiB, drops));
    CHECK(drops == std::vector<int>{0, 2, 1});
    std::size_t total = 0;
    for (std::size_t i = 0; i < textures.size(); ++i) {
        total += textureBytes(textures[i], drops[i]);
    }
    CHECK(total <= 3 * kMiB);
}

TEST_CASE("a budget smaller than every texture at 1x1 cannot be met", "[gpu-budget]") {
    const std::vector<TextureCost> textures = {{64, 64, true}, {64, 64, true}};
    std::vector<int> drops;
    CHECK_FALSE(fitTexturesInBudget(textures, 7, drops));
    CHECK(fitTexturesInBudget(textures, 8, drops));
    CHECK(drops == std::vector<int>{6, 6});
}

TEST_CASE("halving an image averages each 2x2 block, rounding to nearest", "[gpu-budget]") {
    Image image = solid(4, 2, 0);
    // The left block: 0, 10, 20, 31 in every channel -> 15.25 -> 15; the right block stays 0.
    const std::uint8_t values[4] = {0, 10, 20, 31};
    const int xs[4] = {0, 1, 0, 1};
    const int ys[4] = {0, 0, 1, 1};
    for (int i = 0; i < 4; ++i) {
        for (int c = 0; c < 4; ++c) {
            image.pixels[static_cast<std::size_t>((ys[i] * 4 + xs[i]) * 4 + c)] = values[i];
        }
    }
    const Image half = halveImage(image);
    REQUIRE(half.width == 2);
    REQUIRE(half.height == 1);
    CHECK(half.pixels == std::vector<std::uint8_t>{15, 15, 15, 15, 0, 0, 0, 0});
    // One texel high: pairs along the row only.
    const Image row = halveImage(solid(8, 1, 200));
    CHECK(row.width == 4);
    CHECK(row.height == 1);
    CHECK(row.pixels == std::vector<std::uint8_t>(16, 200));
    // 1x1 stays 1x1; an odd last column is left out, as in OpenGL's levels.
    CHECK(halveImage(solid(1, 1, 7)).pixels == std::vector<std::uint8_t>(4, 7));
    CHECK(halveImage(solid(5, 3, 9)).width == 2);
    CHECK(halveImage(solid(5, 3, 9)).height == 1);
}

TEST_CASE("budget messages give sizes in MiB", "[gpu-budget]") {
    CHECK(formatMebibytes(3 * kMiB / 2) == "1.5 MiB");
    CHECK(formatMebibytes(0) == "0.0 MiB");
}
