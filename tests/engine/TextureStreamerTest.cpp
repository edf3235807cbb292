// The texture streamer of progressive loading: it decodes a scene's pending images on worker
// threads in the order asked for, hands each over once with its preview, and stops cleanly.

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/Image.h"
#include "engine/SceneAsset.h"
#include "engine/TextureStreamer.h"

using namespace docent::engine;

namespace {

Image gradient(int width, int height, int seed) {
    Image image;
    image.width = width;
    image.height = height;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            image.pixels.push_back(static_cast<std::uint8_t>(x * 7 + seed));
            image.pixels.push_back(static_cast<std::uint8_t>(y * 5 + seed));
            image.pixels.push_back(static_cast<std::uint8_t>(seed * 31));
            image.pixels.push_back(255);
        }
    }
    return image;
}

// A scene whose images are all pending: PNGs of the given sizes, plus one that is not an image.
SceneAsset pendingScene(const std::vector<Image>& images, bool withBroken) {
    SceneAsset asset;
    for (const Image& image : images) {
        ImageData data;
        data.encoded = std::make_shared<const std::vector<std::uint8_t>>(encodePng(image));
        data.declaredWidth = image.width;
        data.declaredHeight = image.height;
        asset.images.push_back(std::move(data));
    }
    if (withBroken) {
        ImageData broken;
        broken.encoded = std::make_shared<const std::vector<std::uint8_t>>(40, 0x42);
        broken.declaredWidth = 8;
        broken.declaredHeight = 8;
        asset.images.push_back(std::move(broken));
    }
    ImageData decoded; // already decoded: not the streamer's business
    decoded.image = gradient(4, 4, 9);
    asset.images.push_back(std::move(decoded));
    return asset;
}

} // namespace

TEST_CASE("one worker decodes the pending images in the order asked for, then the rest",
          "[texture-streamer]") {
    const std::vector<Image> images = {gradient(64, 32, 1), gradient(16, 16, 2),
                                       gradient(40, 24, 3)};
    const SceneAsset asset = pendingScene(images, false);
    TextureStreamer streamer(asset, {2, 0}, 1, ImageLimits{});
    CHECK(streamer.total() == 3);
    const std::vector<DecodedImage> decoded = streamer.waitForAll();
    REQUIRE(decoded.size() == 3);
    CHECK(decoded[0].index == 2);
    CHECK(decoded[1].index == 0);
    CHECK(decoded[2].index == 1);
    for (const DecodedImage& d : decoded) {
        INFO("image " << d.index);
        CHECK(d.error.empty());
        const Image& original = images[static_cast<std::size_t>(d.index)];
        CHECK(d.image.width == original.width);
        CHECK(d.image.pixels == original.pixels);
        // The preview: three halvings, each side at least 1.
        CHECK(d.preview.width == std::max(1, original.width >> 3));
        CHECK(d.preview.height == std::max(1, original.height >> 3));
    }
    CHECK(streamer.delivered() == 3);
    CHECK(streamer.take().empty());
}

TEST_CASE("an image that fails to decode is handed over with the reason", "[texture-streamer]") {
    const SceneAsset asset = pendingScene({gradient(8, 8, 1)}, true);
    TextureStreamer streamer(asset, {}, 2, ImageLimits{});
    std::vector<DecodedImage> decoded = streamer.waitForAll();
    REQUIRE(decoded.size() == 2);
    std::sort(decoded.begin(), decoded.end(),
              [](const DecodedImage& a, const DecodedImage& b) { return a.index < b.index; });
    CHECK(decoded[0].error.empty());
    CHECK(decoded[1].index == 1);
    CHECK(decoded[1].image.empty());
    CHECK_FALSE(decoded[1].error.empty());
}

TEST_CASE("a streamer destroyed while decoding stops and joins its workers", "[texture-streamer]") {
    std::vector<Image> images;
    for (int i = 0; i < 24; ++i) {
        images.push_back(gradient(256, 256, i));
    }
    const SceneAsset asset = pendingScene(images, false);
    {
        TextureStreamer streamer(asset, {}, 2, ImageLimits{});
        (void)streamer.take();
    } // must return: each worker finishes its image and stops
    SUCCEED("the destructor joined");
}

TEST_CASE("with a backlog the decoders pause until the uploader takes what waits",
          "[texture-streamer]") {
    std::vector<Image> images;
    for (int i = 0; i < 6; ++i) {
        images.push_back(gradient(32, 32, i));
    }
    const SceneAsset asset = pendingScene(images, false);
    TextureStreamer streamer(asset, {}, 1, ImageLimits{}, 2);
    // However long the wait (six 32x32 images need a few milliseconds), the worker stops with
    // two waiting; on a slow machine fewer may be ready, never more. No timing is asserted.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::vector<DecodedImage> first = streamer.take();
    CHECK(first.size() <= 2);
    for (std::size_t i = 0; i < first.size(); ++i) {
        CHECK(first[i].index == static_cast<int>(i));
    }
    // waitForSome hands over at least one; waitForAll collects the rest.
    const std::vector<DecodedImage> one = streamer.waitForSome();
    CHECK_FALSE(one.empty());
    std::vector<DecodedImage> rest = streamer.waitForAll();
    CHECK(first.size() + one.size() + rest.size() == 6);
    CHECK(streamer.delivered() == 6);
}
