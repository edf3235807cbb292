// Renders the video panel headless through Renderer's scene hook, with synthetic Y'CbCr frames
// whose colours are known: colour bars encoded with the standard equations (BT.709 limited range,
// BT.601 full range), a 4:3 frame for the side bars, and no frame for the placeholder.

#include <glad/gl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/Camera.h"
#include "engine/Renderer.h"
#include "engine/SceneAsset.h"
#include "engine/VideoPanel.h"
#include "support/GlTestContext.h"

using namespace docent;

namespace {

constexpr int kWidth = 320; // pixels: small keeps llvmpipe quick
constexpr int kHeight = 180;
constexpr int kSamples = 4;
constexpr int kTolerance = 3;                  // 0..255 per channel: filtering and sRGB rounding
constexpr float kCameraDistance = 2.2f;        // metres in front of the panel
constexpr float kPanelWidth = 3.2f;            // metres, the picture area
const glm::vec3 kClearColor{0.2f, 0.0f, 0.3f}; // linear; unlike anything the panel draws

// 75% colour bars: white, yellow, cyan, green, magenta, red, blue, black (R'G'B', 0..1).
const std::vector<glm::vec3> kBars = {
    {0.75f, 0.75f, 0.75f}, {0.75f, 0.75f, 0.0f}, {0.0f, 0.75f, 0.75f}, {0.0f, 0.75f, 0.0f},
    {0.75f, 0.0f, 0.75f},  {0.75f, 0.0f, 0.0f},  {0.0f, 0.0f, 0.75f},  {0.0f, 0.0f, 0.0f},
};

glm::vec2 lumaWeights(engine::YuvMatrix matrix) {
    switch (matrix) {
    case engine::YuvMatrix::Bt601:
        return {0.299f, 0.114f};
    case engine::YuvMatrix::Bt2020:
        return {0.2627f, 0.0593f};
    default:
        return {0.2126f, 0.0722f};
    }
}

int quantise(double value) {
    return static_cast<int>(std::lround(std::clamp(value, 0.0, 255.0)));
}

// R'G'B' -> 8-bit Y'CbCr codes.
std::array<int, 3> encode(glm::vec3 rgb, engine::YuvMatrix matrix, bool fullRange) {
    const glm::dvec2 k = lumaWeights(matrix);
    const double y = k.x * rgb.r + (1.0 - k.x - k.y) * rgb.g + k.y * rgb.b;
    const double cb = (rgb.b - y) / (2.0 * (1.0 - k.y));
    const double cr = (rgb.r - y) / (2.0 * (1.0 - k.x));
    if (fullRange) {
        return {quantise(255.0 * y), quantise(128.0 + 255.0 * cb), quantise(128.0 + 255.0 * cr)};
    }
    return {quantise(16.0 + 219.0 * y), quantise(128.0 + 224.0 * cb), quantise(128.0 + 224.0 * cr)};
}

// 8-bit Y'CbCr codes -> R'G'B' (0..1), the inverse equations.
glm::dvec3 decode(const std::array<int, 3>& codes, engine::YuvMatrix matrix, bool fullRange) {
    const glm::dvec2 k = lumaWeights(matrix);
    const double kr = k.x;
    const double kb = k.y;
    const double kg = 1.0 - kr - kb;
    const double y = fullRange ? codes[0] / 255.0 : (codes[0] - 16.0) / 219.0;
    const double cb = (codes[1] - 128.0) / (fullRange ? 255.0 : 224.0);
    const double cr = (codes[2] - 128.0) / (fullRange ? 255.0 : 224.0);
    const glm::dvec3 rgb(y + 2.0 * (1.0 - kr) * cr,
                         y - 2.0 * kb * (1.0 - kb) / kg * cb - 2.0 * kr * (1.0 - kr) / kg * cr,
                         y + 2.0 * (1.0 - kb) * cb);
    return glm::clamp(rgb, 0.0, 1.0);
}

double srgbToLinear(double c) {
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double linearToSrgb(double c) {
    return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

// The 8-bit sRGB pixel the panel should produce for R'G'B' dimmed by brightness.
glm::ivec3 expectedPixel(const glm::dvec3& rgb, double brightness) {
    glm::ivec3 out;
    for (int c = 0; c < 3; ++c) {
        out[c] = quantise(255.0 * linearToSrgb(srgbToLinear(rgb[c]) * brightness));
    }
    return out;
}

// A synthetic frame owning its planes. Vertical bars of the given colours, equal widths.
// Rows carry `padding` extra bytes so that strides differ from widths.
struct TestFrame {
    std::vector<std::uint8_t> planes[3];
    engine::VideoImage image;
    std::vector<std::array<int, 3>> codes; // per bar

    TestFrame() = default;
    TestFrame(const TestFrame&) = delete;
    TestFrame& operator=(const TestFrame&) = delete;
};

void makeFrame(TestFrame& frame, engine::YuvLayout layout, engine::YuvMatrix matrix, bool fullRange,
               int width, int height, const std::vector<glm::vec3>& bars, int padding = 12) {
    const int n = static_cast<int>(bars.size());
    frame.codes.clear();
    for (const auto& bar : bars) {
        frame.codes.push_back(encode(bar, matrix, fullRange));
    }
    const auto barAt = [&](int x) { return frame.codes[static_cast<std::size_t>(x * n / width)]; };
    const int cw = (width + 1) / 2;
    const int ch = (height + 1) / 2;
    auto& image = frame.image;
    image = engine::VideoImage{};
    image.layout = layout;
    image.width = width;
    image.height = height;
    image.matrix = matrix;
    image.fullRange = fullRange;

    const auto fill = [&](int index, int w, int h, int bytesPerSample, auto sample) {
        const int stride = w * bytesPerSample + padding;
        auto& data = frame.planes[index];
        data.assign(static_cast<std::size_t>(stride) * static_cast<std::size_t>(h), 0xAB);
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                for (int b = 0; b < bytesPerSample; ++b) {
                    data[static_cast<std::size_t>(y * stride + x * bytesPerSample + b)] =
                        static_cast<std::uint8_t>(sample(x, b));
                }
            }
        }
        image.planes[index] = {data.data(), stride, w, h};
    };
    if (layout == engine::YuvLayout::Rgba) {
        // Converted as a decoder's thread would: the inverse equations, quantised, opaque.
        fill(0, width, height, 4, [&](int x, int b) {
            return b == 3 ? 255 : quantise(255.0 * decode(barAt(x), matrix, fullRange)[b]);
        });
        image.planeCount = 1;
        return;
    }
    fill(0, width, height, 1, [&](int x, int) { return barAt(x)[0]; });
    if (layout == engine::YuvLayout::I420) {
        fill(1, cw, ch, 1, [&](int x, int) { return barAt(2 * x)[1]; });
        fill(2, cw, ch, 1, [&](int x, int) { return barAt(2 * x)[2]; });
        image.planeCount = 3;
    } else {
        fill(1, cw, ch, 2, [&](int x, int b) { return barAt(2 * x)[1 + b]; });
        image.planeCount = 2;
    }
}

engine::Camera frontCamera() {
    engine::Camera camera;
    camera.position = {0.0f, 0.0f, kCameraDistance};
    camera.yawDegrees = 0.0f;
    camera.verticalFovDegrees = 60.0f;
    camera.nearPlane = 0.05f;
    camera.farPlane = 100.0f;
    return camera;
}

void initPanel(engine::VideoPanel& panel) {
    std::string error;
    REQUIRE(test::ensureGlContext(error));
    const bool ok = panel.init(error);
    INFO(error);
    REQUIRE(ok);
}

// Renders the panel into an empty scene; after() may draw more into the resolved frame.
engine::Image renderPanel(engine::VideoPanel& panel, float brightness,
                          const engine::PanelPlacement& placement = {},
                          const engine::Camera& camera = frontCamera(),
                          const std::function<void(engine::Renderer&)>& after = {}) {
    static const engine::SceneAsset kEmpty;
    std::string error;
    engine::Renderer renderer;
    REQUIRE(renderer.init(error));
    renderer.setScene(kEmpty);
    REQUIRE(renderer.resize({kWidth, kHeight}, kSamples, error));
    renderer.setSceneHook([&](const glm::mat4& viewProjection) {
        panel.draw(viewProjection, placement, brightness);
    });
    engine::LightingSettings lighting;
    lighting.clearColor = kClearColor;
    renderer.render(camera, lighting);
    if (after) {
        after(renderer);
    }
    engine::Image image = renderer.readPixels();
    REQUIRE(glGetError() == GL_NO_ERROR);
    return image;
}

// The pixel (x right, y down) showing a point of the default panel's picture area, given in
// picture coordinates (0..1 across, 0 at the bottom), seen by frontCamera().
glm::ivec2 pixelOf(glm::vec2 picture) {
    const float height = kPanelWidth / engine::VideoPanel::kScreenAspect;
    const glm::vec4 world((picture.x - 0.5f) * kPanelWidth, (picture.y - 0.5f) * height, 0.0f,
                          1.0f);
    const engine::Camera camera = frontCamera();
    const float aspect = static_cast<float>(kWidth) / kHeight;
    const glm::vec4 clip = camera.projection(aspect) * camera.view() * world;
    const glm::vec2 ndc = glm::vec2(clip) / clip.w;
    return {static_cast<int>(std::floor((ndc.x * 0.5f + 0.5f) * kWidth)),
            static_cast<int>(std::floor((0.5f - ndc.y * 0.5f) * kHeight))};
}

glm::ivec3 pixelAt(const engine::Image& image, glm::ivec2 p) {
    const auto i = static_cast<std::size_t>((p.y * image.width + p.x) * 4);
    return {image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]};
}

glm::ivec3 pictureAt(const engine::Image& image, glm::vec2 picture) {
    return pixelAt(image, pixelOf(picture));
}

bool near(glm::ivec3 actual, glm::ivec3 expected, int tolerance = kTolerance) {
    const glm::ivec3 d = glm::abs(actual - expected);
    return d.x <= tolerance && d.y <= tolerance && d.z <= tolerance;
}

std::string describe(glm::ivec3 v) {
    return "(" + std::to_string(v.x) + ", " + std::to_string(v.y) + ", " + std::to_string(v.z) +
           ")";
}

// Every bar's centre shows the colour the inverse equations give for its codes.
void checkBars(const engine::Image& image, const TestFrame& frame, double brightness) {
    const int n = static_cast<int>(frame.codes.size());
    for (int bar = 0; bar < n; ++bar) {
        const glm::vec2 centre((static_cast<float>(bar) + 0.5f) / static_cast<float>(n), 0.5f);
        const glm::ivec3 expected = expectedPixel(decode(frame.codes[static_cast<std::size_t>(bar)],
                                                         frame.image.matrix, frame.image.fullRange),
                                                  brightness);
        const glm::ivec3 actual = pictureAt(image, centre);
        INFO("bar " << bar << ": expected " << describe(expected) << ", got " << describe(actual));
        CHECK(near(actual, expected));
    }
}

int maxDifference(const engine::Image& a, const engine::Image& b) {
    int most = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) {
        most = std::max(most, std::abs(a.pixels[i] - b.pixels[i]));
    }
    return most;
}

glm::ivec3 clearPixel() {
    return expectedPixel(
        {linearToSrgb(kClearColor.r), linearToSrgb(kClearColor.g), linearToSrgb(kClearColor.b)},
        1.0);
}

} // namespace

TEST_CASE("panel decodes BT.709 limited-range I420 colour bars", "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    TestFrame frame;
    makeFrame(frame, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 64, 36, kBars);
    panel.upload(frame.image);
    REQUIRE(panel.hasFrame());
    const engine::Image image = renderPanel(panel, 1.0f);
    checkBars(image, frame, 1.0);
}

TEST_CASE("panel decodes BT.601 full-range NV12 colour bars", "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    TestFrame frame;
    makeFrame(frame, engine::YuvLayout::Nv12, engine::YuvMatrix::Bt601, true, 64, 36, kBars);
    panel.upload(frame.image);
    REQUIRE(panel.hasFrame());
    checkBars(renderPanel(panel, 1.0f), frame, 1.0);
}

TEST_CASE("panel decodes BT.2020 limited-range colour bars", "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    TestFrame frame;
    makeFrame(frame, engine::YuvLayout::I420, engine::YuvMatrix::Bt2020, false, 64, 36, kBars);
    panel.upload(frame.image);
    checkBars(renderPanel(panel, 1.0f), frame, 1.0);
}

TEST_CASE("I420 and NV12 of the same picture render the same image", "[gl][panel]") {
    engine::VideoPanel i420Panel;
    engine::VideoPanel nv12Panel;
    initPanel(i420Panel);
    initPanel(nv12Panel);
    TestFrame i420;
    TestFrame nv12;
    makeFrame(i420, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 64, 36, kBars);
    makeFrame(nv12, engine::YuvLayout::Nv12, engine::YuvMatrix::Bt709, false, 64, 36, kBars, 6);
    i420Panel.upload(i420.image);
    nv12Panel.upload(nv12.image);
    const engine::Image a = renderPanel(i420Panel, 1.0f);
    const engine::Image b = renderPanel(nv12Panel, 1.0f);
    REQUIRE(a.pixels.size() == b.pixels.size());
    CHECK(maxDifference(a, b) <= 1);
}

TEST_CASE("converted RGBA frames render like their Y'CbCr twins, and layouts can alternate",
          "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    TestFrame rgba;
    TestFrame i420;
    makeFrame(rgba, engine::YuvLayout::Rgba, engine::YuvMatrix::Bt709, false, 64, 36, kBars, 8);
    makeFrame(i420, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 64, 36, kBars);
    panel.upload(rgba.image);
    REQUIRE(panel.hasFrame());
    const engine::Image fromRgba = renderPanel(panel, 1.0f);
    checkBars(fromRgba, rgba, 1.0);
    const int generation = panel.textureGeneration();
    panel.upload(i420.image); // another layout: new textures, the other program
    CHECK(panel.textureGeneration() == generation + 1);
    const engine::Image fromI420 = renderPanel(panel, 1.0f);
    checkBars(fromI420, i420, 1.0);
    // The same colour in the middle of every bar (at the bars' edges the two differ by design:
    // Y'CbCr filters its half-size chroma, RGBA its colours).
    for (std::size_t bar = 0; bar < kBars.size(); ++bar) {
        const glm::vec2 centre((static_cast<float>(bar) + 0.5f) / static_cast<float>(kBars.size()),
                               0.5f);
        INFO("bar " << bar);
        CHECK(near(pictureAt(fromRgba, centre), pictureAt(fromI420, centre), 2));
    }
    panel.upload(rgba.image);
    CHECK(panel.textureGeneration() == generation + 2);
    checkBars(renderPanel(panel, 0.4f), rgba, 0.4); // dimmed in linear light as well

    // A row shorter than the picture's width: ignored, the last frame kept.
    TestFrame broken;
    makeFrame(broken, engine::YuvLayout::Rgba, engine::YuvMatrix::Bt709, false, 64, 36, kBars);
    broken.image.planes[0].stride = 64 * 4 - 4;
    const int rejected = panel.rejectedUploads();
    panel.upload(broken.image);
    CHECK(panel.rejectedUploads() == rejected + 1);
    checkBars(renderPanel(panel, 1.0f), rgba, 1.0);
}

TEST_CASE("panel re-creates its textures only when the frame size or layout changes",
          "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    CHECK(panel.textureGeneration() == 0);
    TestFrame first;
    makeFrame(first, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 64, 36, kBars);
    panel.upload(first.image);
    CHECK(panel.textureGeneration() == 1);

    // Same size, other content (bars reversed) and other strides: the textures are re-used and
    // the new picture is shown.
    TestFrame second;
    std::vector<glm::vec3> reversed(kBars.rbegin(), kBars.rend());
    makeFrame(second, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 64, 36, reversed,
              30);
    panel.upload(second.image);
    CHECK(panel.textureGeneration() == 1);
    checkBars(renderPanel(panel, 1.0f), second, 1.0);

    TestFrame smaller;
    makeFrame(smaller, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 32, 18, kBars);
    panel.upload(smaller.image);
    CHECK(panel.textureGeneration() == 2);
    panel.upload(smaller.image);
    CHECK(panel.textureGeneration() == 2);

    TestFrame nv12;
    makeFrame(nv12, engine::YuvLayout::Nv12, engine::YuvMatrix::Bt709, false, 32, 18, kBars);
    panel.upload(nv12.image);
    CHECK(panel.textureGeneration() == 3);
    checkBars(renderPanel(panel, 1.0f), nv12, 1.0);
    CHECK(panel.rejectedUploads() == 0);
}

TEST_CASE("panel ignores a malformed frame and keeps the last one", "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    TestFrame frame;
    makeFrame(frame, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 64, 36, kBars);
    panel.upload(frame.image);

    engine::VideoImage missingPlane = frame.image;
    missingPlane.planeCount = 2;
    panel.upload(missingPlane);
    engine::VideoImage shortStride = frame.image;
    shortStride.planes[0].stride = 10;
    panel.upload(shortStride);
    engine::VideoImage noData = frame.image;
    noData.planes[2].data = nullptr;
    panel.upload(noData);

    CHECK(panel.rejectedUploads() == 3);
    CHECK(panel.textureGeneration() == 1);
    CHECK(panel.hasFrame());
    checkBars(renderPanel(panel, 1.0f), frame, 1.0);
}

TEST_CASE("panel brightness 0.4 dims the picture in linear light", "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    TestFrame frame;
    makeFrame(frame, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 64, 36, kBars);
    panel.upload(frame.image);
    const engine::Image normal = renderPanel(panel, 1.0f);
    const engine::Image dimmed = renderPanel(panel, 0.4f);
    checkBars(dimmed, frame, 0.4);
    const glm::ivec3 white = pictureAt(normal, {0.5f / 8.0f, 0.5f});
    const glm::ivec3 dimWhite = pictureAt(dimmed, {0.5f / 8.0f, 0.5f});
    CHECK(dimWhite.x < white.x - 40);
}

TEST_CASE("panel without a frame shows the dark grey placeholder in its frame", "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    CHECK_FALSE(panel.hasFrame());
    const engine::Image image = renderPanel(panel, 1.0f);
    const int grey = quantise(255.0 * engine::VideoPanel::kPlaceholderSrgb);
    for (const glm::vec2 p :
         {glm::vec2(0.5f, 0.5f), glm::vec2(0.1f, 0.2f), glm::vec2(0.9f, 0.8f)}) {
        const glm::ivec3 actual = pictureAt(image, p);
        INFO("at " << p.x << ", " << p.y << ": " << describe(actual));
        CHECK(near(actual, glm::ivec3(grey)));
    }
    // The frame, halfway through its width outside the picture area's left and top edges.
    const float frameX = 0.5f * engine::VideoPanel::kFrameMetres / kPanelWidth;
    const float frameY =
        0.5f * engine::VideoPanel::kFrameMetres * engine::VideoPanel::kScreenAspect / kPanelWidth;
    const int frameGrey = quantise(255.0 * engine::VideoPanel::kFrameSrgb);
    CHECK(near(pictureAt(image, {-frameX, 0.5f}), glm::ivec3(frameGrey), 4));
    CHECK(near(pictureAt(image, {0.5f, 1.0f + frameY}), glm::ivec3(frameGrey), 4));
    // Beyond the frame: the clear colour.
    CHECK(near(pictureAt(image, {-0.1f, 0.5f}), clearPixel()));

    // clearFrame() returns to the placeholder.
    TestFrame frame;
    makeFrame(frame, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 64, 36, kBars);
    panel.upload(frame.image);
    panel.clearFrame();
    CHECK_FALSE(panel.hasFrame());
    CHECK(near(pictureAt(renderPanel(panel, 1.0f), {0.5f, 0.5f}), glm::ivec3(grey)));
}

TEST_CASE("panel pillarboxes a 4:3 video inside its 16:9 screen", "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    TestFrame frame;
    const std::vector<glm::vec3> yellow = {{0.75f, 0.75f, 0.0f}};
    makeFrame(frame, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 48, 36, yellow);
    panel.upload(frame.image);
    const engine::Image image = renderPanel(panel, 1.0f);
    const glm::ivec3 expected =
        expectedPixel(decode(frame.codes[0], engine::YuvMatrix::Bt709, false), 1.0);
    // The video spans 3/4 of the width, centred: 0.125..0.875.
    for (const float x : {0.16f, 0.5f, 0.84f}) {
        INFO("inside at " << x);
        CHECK(near(pictureAt(image, {x, 0.5f}), expected));
    }
    for (const float x : {0.03f, 0.09f, 0.91f, 0.97f}) {
        INFO("side bar at " << x);
        CHECK(near(pictureAt(image, {x, 0.5f}), glm::ivec3(0)));
    }
    // Full height: no bars at the top or bottom.
    CHECK(near(pictureAt(image, {0.5f, 0.03f}), expected));
    CHECK(near(pictureAt(image, {0.5f, 0.97f}), expected));
}

TEST_CASE("panel faces along its yaw and is culled from behind", "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    TestFrame frame;
    const std::vector<glm::vec3> cyan = {{0.0f, 0.75f, 0.75f}};
    makeFrame(frame, engine::YuvLayout::Nv12, engine::YuvMatrix::Bt709, false, 64, 36, cyan);
    panel.upload(frame.image);
    const glm::ivec3 expected =
        expectedPixel(decode(frame.codes[0], engine::YuvMatrix::Bt709, false), 1.0);

    // Turned to face +X, seen by a camera of the same yaw standing on its +X side.
    engine::PanelPlacement placement;
    placement.centre = {1.0f, 1.5f, -2.0f};
    placement.yawDegrees = 90.0f;
    engine::Camera camera = frontCamera();
    camera.position = placement.centre + glm::vec3(kCameraDistance, 0.0f, 0.0f);
    camera.yawDegrees = 90.0f;
    const glm::ivec2 centre(kWidth / 2, kHeight / 2);
    CHECK(near(pixelAt(renderPanel(panel, 1.0f, placement, camera), centre), expected));

    // From behind, only the clear colour.
    camera.position = placement.centre - glm::vec3(kCameraDistance, 0.0f, 0.0f);
    camera.yawDegrees = -90.0f;
    CHECK(near(pixelAt(renderPanel(panel, 1.0f, placement, camera), centre), clearPixel()));
}

TEST_CASE("picture-in-picture shows the frame in the bottom-right corner over the scene",
          "[gl][panel]") {
    engine::VideoPanel panel;
    initPanel(panel);
    TestFrame frame;
    makeFrame(frame, engine::YuvLayout::I420, engine::YuvMatrix::Bt709, false, 64, 36, kBars);
    panel.upload(frame.image);

    // The panel in the scene is turned away (culled), so only the 2D overlay shows the picture.
    engine::PanelPlacement away;
    away.yawDegrees = 180.0f;
    constexpr float kWidthFraction = 0.5f;
    const engine::Image image =
        renderPanel(panel, 1.0f, away, frontCamera(), [&](engine::Renderer& renderer) {
            renderer.bindResolvedFramebuffer();
            panel.drawPictureInPicture({kWidth, kHeight}, kWidthFraction, 1.0f);
        });

    // The overlay spans the right part of the bottom edge; each bar's centre has its colour.
    const float margin = 0.02f * kWidth;
    const float width = kWidthFraction * kWidth;
    const float height = width / engine::VideoPanel::kScreenAspect;
    const int n = static_cast<int>(frame.codes.size());
    for (int bar = 0; bar < n; ++bar) {
        const float across = (static_cast<float>(bar) + 0.5f) / static_cast<float>(n);
        const int x = static_cast<int>(kWidth - margin - width + across * width);
        const int y = static_cast<int>(kHeight - margin - height / 2.0f);
        const glm::ivec3 expected = expectedPixel(
            decode(frame.codes[static_cast<std::size_t>(bar)], frame.image.matrix, false), 1.0);
        const glm::ivec3 actual = pixelAt(image, {x, y});
        INFO("bar " << bar << ": expected " << describe(expected) << ", got " << describe(actual));
        CHECK(near(actual, expected));
    }
    // The top-left corner is the scene's background.
    CHECK(near(pixelAt(image, {4, 4}), clearPixel()));
}
