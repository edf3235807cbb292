// Renders the reference models headless and compares each frame with a baseline image in
// tests/baselines/ (ATTRIBUTION.md there names each model's authors and licence). A failure
// writes the actual frame and a diff image under build/test-output/baselines/.
// DamagedHelmet is under a non-commercial licence: no image of it is committed; its render is
// checked by invariants instead.

#include <glad/gl.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "engine/Camera.h"
#include "engine/GltfLoader.h"
#include "engine/GltfWriter.h"
#include "engine/GpuBudget.h"
#include "engine/MeshLod.h"
#include "engine/Renderer.h"
#include "engine/TextureStreamer.h"
#include "hotspots/SceneFolder.h"
#include "support/GlTestContext.h"
#include "support/ImageCompare.h"
#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;
using namespace docent;

namespace {

constexpr int kWidth = 480; // pixels: small keeps llvmpipe quick, large enough to see faults
constexpr int kHeight = 270;
constexpr int kSamples = 4;

// Software rasterisers differ slightly across CPUs (vector width); edges may move by a pixel.
const test::ImageTolerance kTolerance{24, 0.01};

struct Frame {
    engine::Image image;
    engine::SceneAsset asset;
    engine::DrawStats stats;
};

Frame render(const fs::path& model, const std::optional<engine::Camera>& camera = std::nullopt) {
    std::string error;
    REQUIRE(test::ensureGlContext(error));
    INFO(error);
    Frame frame;
    auto loaded = engine::loadGltf(model.string());
    INFO(loaded.error);
    REQUIRE(loaded.ok());
    frame.asset = std::move(loaded.asset);
    engine::Renderer renderer;
    REQUIRE(renderer.init(error));
    renderer.setScene(frame.asset);
    REQUIRE(renderer.resize({kWidth, kHeight}, kSamples, error));
    const float aspect = static_cast<float>(kWidth) / kHeight;
    const engine::Camera cam =
        camera ? *camera : engine::Camera::fitToBounds(frame.asset.bounds, aspect);
    frame.stats = renderer.render(cam, engine::LightingSettings{});
    frame.image = renderer.readPixels();
    REQUIRE(glGetError() == GL_NO_ERROR);
    return frame;
}

void requireBaseline(const std::string& name, const engine::Image& image) {
    const auto result = test::compareWithBaseline(name, image, kTolerance);
    INFO(result.message);
    CHECK(result.passed);
}

// Two renders that must agree within `tolerance`; the figures go in the failure message.
void checkSameImage(const engine::Image& expected, const engine::Image& actual,
                    const test::ImageTolerance& tolerance) {
    const auto same = test::compareImages(expected, actual, tolerance);
    INFO(same.message);
    CHECK(same.passed);
}

// Share of pixels that differ from the clear colour, i.e. that show the model.
double coverage(const engine::Image& image) {
    const glm::vec3 linear = engine::LightingSettings{}.clearColor;
    int clear[3];
    for (int c = 0; c < 3; ++c) {
        const float v = linear[c] <= 0.0031308f
                            ? 12.92f * linear[c]
                            : 1.055f * std::pow(linear[c], 1.0f / 2.4f) - 0.055f;
        clear[c] = static_cast<int>(std::lround(v * 255.0f));
    }
    std::size_t covered = 0;
    for (std::size_t i = 0; i < image.pixels.size(); i += 4) {
        const int d = std::abs(image.pixels[i] - clear[0]) +
                      std::abs(image.pixels[i + 1] - clear[1]) +
                      std::abs(image.pixels[i + 2] - clear[2]);
        covered += d > 6 ? 1 : 0;
    }
    return static_cast<double>(covered) / static_cast<double>(image.pixels.size() / 4);
}

std::size_t countNear(const engine::Image& image, int r, int g, int b, int tolerance) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < image.pixels.size(); i += 4) {
        if (std::abs(image.pixels[i] - r) <= tolerance &&
            std::abs(image.pixels[i + 1] - g) <= tolerance &&
            std::abs(image.pixels[i + 2] - b) <= tolerance) {
            ++count;
        }
    }
    return count;
}

engine::Camera eyeAt(glm::vec3 position, float yaw, float pitch, const engine::Aabb& bounds) {
    engine::Camera camera;
    camera.position = position;
    camera.yawDegrees = yaw;
    camera.pitchDegrees = pitch;
    camera.verticalFovDegrees = 70.0f;
    camera.nearPlane = 0.05f;
    camera.farPlane = std::max(100.0f, glm::length(bounds.size()) * 2.0f);
    return camera;
}

} // namespace

TEST_CASE("BoxTextured renders like its baseline, as .gltf and as .glb", "[gl][render]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const Frame gltf = render(ref / "models/BoxTextured/glTF/BoxTextured.gltf");
    requireBaseline("box-textured", gltf.image);
    // The binary version samples with REPEAT where the .gltf mirrors and clamps: its own image.
    const Frame glb = render(ref / "models/BoxTextured/glTF-Binary/BoxTextured.glb");
    requireBaseline("box-textured-glb", glb.image);
}

TEST_CASE("Duck renders like its baseline", "[gl][render]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const Frame frame = render(ref / "models/Duck/glTF/Duck.gltf");
    requireBaseline("duck", frame.image);
    // The duck is yellow: most covered pixels have far more red and green than blue.
    const double covered = coverage(frame.image) * kWidth * kHeight;
    CHECK(static_cast<double>(countNear(frame.image, 230, 210, 20, 60)) > 0.1 * covered);
}

TEST_CASE("Avocado, a 5 cm model, is framed and renders like its baseline", "[gl][render]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const Frame frame = render(ref / "models/Avocado/glTF/Avocado.gltf");
    requireBaseline("avocado", frame.image);
    CHECK(coverage(frame.image) > 0.05);
}

TEST_CASE("UnlitTest shows its two flat colours unshaded", "[gl][render]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const Frame frame = render(ref / "models/UnlitTest/glTF/UnlitTest.gltf");
    requireBaseline("unlit-test", frame.image);
    // KHR_materials_unlit: #FF7F00 and #007FFF exactly, whatever the lighting.
    CHECK(countNear(frame.image, 0xFF, 0x7F, 0x00, 2) > 2000);
    CHECK(countNear(frame.image, 0x00, 0x7F, 0xFF, 2) > 2000);
}

TEST_CASE("TextureTransformTest applies offset, rotation and scale", "[gl][render]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const Frame frame = render(ref / "models/TextureTransformTest/glTF/TextureTransformTest.gltf");
    requireBaseline("texture-transform-test", frame.image);
}

// ==== Compressed geometry: each twin renders like its uncompressed original ==================

namespace {

// Writes `model` through gltfpack with `options` into build/test-output/compressed/NAME.glb.
fs::path gltfpackTwin(const fs::path& model, const std::string& name, const std::string& options) {
    const fs::path out = test::outputDir("compressed") / (name + ".glb");
    fs::remove(out);
    const std::string command = "gltfpack -i " + test::shellQuote(model.string()) + " -o " +
                                test::shellQuote(out.string()) + " " + options + " >" +
                                test::shellQuote(out.string() + ".log") + " 2>&1";
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
    return out;
}

// Whether the file's JSON names `word` (an extension, a filter): the twin really is compressed.
bool fileMentions(const fs::path& model, const std::string& word) {
    return test::readBytes(model).find(word) != std::string::npos;
}

// Quantisation moves vertices by a fraction of a millimetre and normals by a degree: edges may
// shift by a pixel and shading by a few levels, nothing more.
const test::ImageTolerance kTwinTolerance{24, 0.002};

void requireSameAsOriginal(const Frame& original, const fs::path& twinPath,
                           const std::string& extension) {
    INFO("twin " << twinPath.string());
    REQUIRE(fileMentions(twinPath, extension));
    const float aspect = static_cast<float>(kWidth) / kHeight;
    const Frame twin = render(twinPath, engine::Camera::fitToBounds(original.asset.bounds, aspect));
    CHECK(twin.asset.triangleCount() == original.asset.triangleCount());
    checkSameImage(original.image, twin.image, kTwinTolerance);
    CHECK(coverage(twin.image) > 0.5 * coverage(original.image));
}

} // namespace

TEST_CASE("Duck compressed with Draco, meshopt or quantisation renders like the original",
          "[gl][render][compression]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path plain = ref / "models/Duck/glTF/Duck.gltf";
    const Frame original = render(plain);
    requireSameAsOriginal(original, ref / "models/Duck/glTF-Draco/Duck.gltf",
                          "KHR_draco_mesh_compression");
    requireSameAsOriginal(original, gltfpackTwin(plain, "duck-quantized", ""),
                          "KHR_mesh_quantization");
    requireSameAsOriginal(original, gltfpackTwin(plain, "duck-meshopt", "-c"),
                          "EXT_meshopt_compression");
    requireSameAsOriginal(original, gltfpackTwin(plain, "duck-meshopt-float", "-c -noq"),
                          "EXT_meshopt_compression");
}

TEST_CASE("DamagedHelmet with meshopt, octahedral normals and quantised UVs renders like the "
          "original",
          "[gl][render][compression]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path plain = ref / "models/DamagedHelmet/glTF/DamagedHelmet.gltf";
    const Frame original = render(plain);
    // -cc: the normals and tangents go through the OCTAHEDRAL filter; quantised UVs come with a
    // KHR_texture_transform that scales them back.
    const fs::path twin = gltfpackTwin(plain, "helmet-meshopt", "-cc");
    REQUIRE(fileMentions(twin, "OCTAHEDRAL"));
    requireSameAsOriginal(original, twin, "EXT_meshopt_compression");
}

TEST_CASE("BoxMeshopt, meshopt and quantisation with no fallback, renders as .glb and .gltf",
          "[gl][render][compression]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const Frame glb = render(ref / "models/BoxMeshopt/BoxMeshopt.glb");
    CHECK(glb.asset.triangleCount() == 12);
    requireBaseline("box-meshopt", glb.image);
    const Frame gltf = render(ref / "models/BoxMeshopt/BoxMeshopt.gltf");
    checkSameImage(glb.image, gltf.image, {2, 0.001});
}

TEST_CASE("MeshoptFallback renders its meshopt data whether the extension is required or not",
          "[gl][render][compression]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    // The sample's fallback buffer holds the cube's normals before the OCTAHEDRAL filter; the
    // baseline shows the decoded ones (flat faces, each lit evenly).
    const Frame optional =
        render(ref / "models/MeshoptFallback/meshopt-fallback/meshopt-fallback.gltf");
    requireBaseline("meshopt-fallback", optional.image);
    CHECK(coverage(optional.image) > 0.02);
    const Frame required =
        render(ref / "models/MeshoptFallback/meshopt-no-fallback/meshopt-no-fallback.gltf");
    checkSameImage(optional.image, required.image, {2, 0.001});
}

TEST_CASE("DamagedHelmet renders its textures and emission (checked by invariants)",
          "[gl][render]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const Frame frame = render(ref / "models/DamagedHelmet/glTF/DamagedHelmet.gltf");
    // All five maps decoded: no placeholder (magenta) anywhere.
    for (const auto& image : frame.asset.images) {
        CHECK_FALSE(image.placeholder);
    }
    CHECK(countNear(frame.image, 255, 0, 255, 40) == 0);
    const double covered = coverage(frame.image);
    CHECK(covered > 0.05);
    CHECK(covered < 0.6);
    // The emissive visor display glows cyan.
    CHECK(countNear(frame.image, 60, 230, 230, 70) > 20);
    // The GLB with embedded images renders the same picture.
    const Frame glb = render(ref / "models/DamagedHelmet/glTF-Binary/DamagedHelmet.glb");
    checkSameImage(frame.image, glb.image, {2, 0.001});
}

TEST_CASE("a GPU budget lowers the helmet's texture mips to fit, and the render keeps its look",
          "[gl][render][gpu-budget]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    std::string error;
    REQUIRE(test::ensureGlContext(error));
    auto loaded = engine::loadGltf((ref / "models/DamagedHelmet/glTF/DamagedHelmet.gltf").string());
    REQUIRE(loaded.ok());
    const engine::SceneAsset& asset = loaded.asset;
    const float aspect = static_cast<float>(kWidth) / kHeight;
    const engine::Camera camera = engine::Camera::fitToBounds(asset.bounds, aspect);
    const auto draw = [&](std::size_t budget, engine::Renderer& renderer) {
        REQUIRE(renderer.init(error));
        INFO(error);
        REQUIRE(renderer.setScene(asset, budget, error));
        REQUIRE(renderer.resize({kWidth, kHeight}, kSamples, error));
        renderer.render(camera, engine::LightingSettings{});
        return renderer.readPixels();
    };
    engine::Renderer full;
    const engine::Image fullImage = draw(0, full);
    CHECK(full.texturesReduced() == 0);
    CHECK(full.gpuTextureBytes() > 100u << 20); // five 2048x2048 maps with mips

    constexpr std::size_t kBudget = std::size_t{20} << 20;
    engine::Renderer budgeted;
    const engine::Image budgetImage = draw(kBudget, budgeted);
    CHECK(budgeted.gpuTextureBytes() + budgeted.gpuGeometryBytes() <= kBudget);
    CHECK(budgeted.gpuGeometryBytes() == full.gpuGeometryBytes());
    CHECK(budgeted.texturesReduced() == 5);
    CHECK(budgeted.textureLevelsDropped() >= 5);
    // At 480x270 the helmet's maps are minified anyway: the picture barely changes.
    checkSameImage(fullImage, budgetImage, {24, 0.01});
    CHECK(countNear(budgetImage, 60, 230, 230, 70) > 20); // the visor still glows

    engine::Renderer tooSmall;
    REQUIRE(tooSmall.init(error));
    CHECK_FALSE(tooSmall.setScene(asset, std::size_t{1} << 20, error));
    CHECK(error == "the scene's geometry needs 1.2 MiB of GPU memory, more than the budget of "
                   "1.0 MiB");
    CHECK(tooSmall.gpuGeometryBytes() == 0);
    CHECK(tooSmall.gpuTextureBytes() == 0);
}

TEST_CASE("the helmet written with levels of detail renders like the original, near and far",
          "[gl][render][lod]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    // What `docent import` does: load with the images left encoded, add levels, write a .glb.
    engine::GltfLimits keepEncoded;
    keepEncoded.decodeImages = false;
    const fs::path scan = ref / "models/DamagedHelmet/glTF-Binary/DamagedHelmet.glb";
    auto loaded = engine::loadGltf(scan.string(), keepEncoded);
    REQUIRE(loaded.ok());
    std::size_t levels = 0;
    for (auto& mesh : loaded.asset.meshes) {
        for (auto& primitive : mesh.primitives) {
            primitive.lods = engine::buildLods(primitive);
            levels += primitive.lods.size();
        }
    }
    // Its many texture seams stop the simplifier at about half the triangles: one level.
    REQUIRE(levels >= 1);
    const fs::path written = test::freshOutputDir("lod-helmet") / "helmet-lod.glb";
    {
        const auto glb = engine::writeSceneGlb(loaded.asset, "test");
        std::ofstream out(written, std::ios::binary);
        out.write(reinterpret_cast<const char*>(glb.data()),
                  static_cast<std::streamsize>(glb.size()));
        REQUIRE(out.good());
    }
    const float aspect = static_cast<float>(kWidth) / kHeight;
    engine::Camera near = engine::Camera::fitToBounds(loaded.asset.bounds, aspect);
    const Frame original = render(scan, near);
    const Frame imported = render(written, near);
    // Close up, every triangle a pixel could show is drawn: the same picture.
    checkSameImage(original.image, imported.image, kTolerance);

    // Eight times as far, the coarser levels are drawn, and still within a pixel.
    engine::Camera far = near;
    far.position =
        loaded.asset.bounds.center() + (near.position - loaded.asset.bounds.center()) * 8.0f;
    far.farPlane = near.farPlane * 10.0f;
    const Frame originalFar = render(scan, far);
    const Frame importedFar = render(written, far);
    CHECK(originalFar.stats.coarserDraws == 0);
    CHECK(importedFar.stats.coarserDraws > 0);
    CHECK(importedFar.stats.triangles * 5 < originalFar.stats.triangles * 3);
    checkSameImage(originalFar.image, importedFar.image, kTolerance);
}

TEST_CASE("progressive loading: geometry first, textures as previews then in full, the same "
          "final picture",
          "[gl][render][progressive]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path helmet = ref / "models/DamagedHelmet/glTF/DamagedHelmet.gltf";
    const Frame complete = render(helmet);
    std::string error;
    engine::GltfLimits limits;
    limits.decodeImages = false;
    auto loaded = engine::loadGltf(helmet.string(), limits);
    REQUIRE(loaded.ok());
    const engine::SceneAsset& asset = loaded.asset;
    engine::Renderer renderer;
    REQUIRE(renderer.init(error));
    REQUIRE(renderer.setScene(asset, 0, error));
    REQUIRE(renderer.resize({kWidth, kHeight}, kSamples, error));
    const float aspect = static_cast<float>(kWidth) / kHeight;
    const engine::Camera camera = engine::Camera::fitToBounds(asset.bounds, aspect);
    const auto draw = [&] {
        renderer.render(camera, engine::LightingSettings{});
        return renderer.readPixels();
    };
    // The first frame: the geometry, every texture still white.
    CHECK(renderer.texturesWaiting() == 5);
    CHECK(renderer.gpuTextureBytes() == 0);
    const engine::Image first = draw();
    CHECK(coverage(first) > 0.05);
    CHECK_FALSE(test::compareImages(complete.image, first, kTolerance).passed);

    engine::TextureStreamer streamer(asset, {}, 2, engine::ImageLimits{});
    const std::vector<engine::DecodedImage> decoded = streamer.waitForAll();
    REQUIRE(decoded.size() == 5);
    for (const auto& d : decoded) {
        REQUIRE(d.error.empty());
        renderer.uploadImage(d.index, d.preview, engine::TextureStreamer::kPreviewLevels);
    }
    // Previews: every texture shown, blurred, at 1/64 of the memory.
    CHECK(renderer.texturesWaiting() == 5);
    const std::size_t fullBytes = 5 * engine::textureBytes({2048, 2048, true}, 0);
    CHECK(renderer.gpuTextureBytes() > 0);
    CHECK(renderer.gpuTextureBytes() < fullBytes / 50);
    const engine::Image blurred = draw();
    CHECK(countNear(blurred, 60, 230, 230, 70) > 20); // the visor glows already
    for (const auto& d : decoded) {
        renderer.uploadImage(d.index, d.image, 0);
    }
    CHECK(renderer.texturesWaiting() == 0);
    CHECK(renderer.gpuTextureBytes() == fullBytes); // the previews' memory given back
    const engine::Image final = draw();
    checkSameImage(complete.image, final, {2, 0.001});
}

TEST_CASE("CubeRoom interior renders like its baseline from inside", "[gl][render][interior]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path model = ref / "interior/CubeRoom/cube-room.gltf";
    auto probe = engine::loadGltf(model.string());
    REQUIRE(probe.ok());
    const auto& b = probe.asset.bounds;
    const glm::vec3 eye(b.center().x, b.min.y + 1.6f, b.center().z);
    const Frame frame = render(model, eyeAt(eye, 30.0f, -5.0f, b));
    requireBaseline("cube-room", frame.image);
    // Inside a closed room every pixel is wall, floor or ceiling: no clear colour shows.
    CHECK(coverage(frame.image) > 0.98);
}

TEST_CASE("zdm2 level renders like its baseline from inside", "[gl][render][interior]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path model = ref / "interior/zdm2/zdm2.glb";
    auto probe = engine::loadGltf(model.string());
    REQUIRE(probe.ok());
    const auto& b = probe.asset.bounds;
    const glm::vec3 eye(b.center().x, b.min.y + 0.35f * b.size().y, b.center().z);
    const Frame frame = render(model, eyeAt(eye, 45.0f, -10.0f, b));
    requireBaseline("zdm2", frame.image);
    CHECK(frame.stats.instancesDrawn > 0);
}

// The assembled demo scene (build/scenes/demo: the generated museum plus scenes/demo/) seen from
// the viewpoints its scene.json names: the entrance hall, a gallery with moon paintings, and a
// sculpture.
TEST_CASE("the demo museum renders like its baselines from its named viewpoints",
          "[gl][render][demo]") {
    const fs::path folder = test::binaryDir() / "scenes" / "demo";
    const hotspots::SceneFolder scene = hotspots::openSceneFolder(folder.string());
    const std::string firstProblem =
        scene.problems.empty() ? std::string() : scene.problems.front().toString();
    INFO(firstProblem);
    REQUIRE_FALSE(scene.hasErrors());
    auto probe = engine::loadGltf(scene.modelPath);
    REQUIRE(probe.ok());
    CHECK(probe.asset.warnings.empty());
    for (const char* id : {"hall", "gallery-a", "celestial-vase"}) {
        const hotspots::Viewpoint* viewpoint = scene.findViewpoint(id);
        INFO("viewpoint " << id);
        REQUIRE(viewpoint != nullptr);
        const auto& p = viewpoint->pose;
        const Frame frame =
            render(scene.modelPath,
                   eyeAt({static_cast<float>(p.position[0]), static_cast<float>(p.position[1]),
                          static_cast<float>(p.position[2])},
                         static_cast<float>(p.yawDegrees), static_cast<float>(p.pitchDegrees),
                         probe.asset.bounds));
        requireBaseline(std::string("demo-") + id, frame.image);
        CHECK(coverage(frame.image) > 0.99); // inside the museum: walls everywhere
    }
}

TEST_CASE("software rasterisers get no anisotropic filtering, which stalls llvmpipe",
          "[gl][render]") {
    std::string error;
    REQUIRE(test::ensureGlContext(error));
    engine::Renderer renderer;
    REQUIRE(renderer.init(error));
    const std::string name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    INFO(name);
    if (name.find("llvmpipe") != std::string::npos) {
        CHECK(engine::Renderer::isSoftwareRenderer());
        CHECK(renderer.maxAnisotropy() == 1.0f);
    } else {
        CHECK(renderer.maxAnisotropy() >= 1.0f);
    }
}

namespace {

// The mean of each `factor` x `factor` block: what a picture looks like from further away, where
// the blur of a scaled-up render and the aliasing of a single-sampled one no longer show.
engine::Image boxDownsample(const engine::Image& image, int factor) {
    engine::Image small;
    small.width = image.width / factor;
    small.height = image.height / factor;
    small.pixels.resize(static_cast<std::size_t>(small.width) * small.height * 4);
    for (int y = 0; y < small.height; ++y) {
        for (int x = 0; x < small.width; ++x) {
            for (int c = 0; c < 4; ++c) {
                int sum = 0;
                for (int dy = 0; dy < factor; ++dy) {
                    for (int dx = 0; dx < factor; ++dx) {
                        sum += image.pixels[(static_cast<std::size_t>(y * factor + dy) *
                                                 static_cast<std::size_t>(image.width) +
                                             static_cast<std::size_t>(x * factor + dx)) *
                                                4 +
                                            static_cast<std::size_t>(c)];
                    }
                }
                small.pixels[(static_cast<std::size_t>(y) * small.width + x) * 4 + c] =
                    static_cast<std::uint8_t>(sum / (factor * factor));
            }
        }
    }
    return small;
}

} // namespace

TEST_CASE("the quality levels' levers: a scaled scene keeps the output's size and looks the same "
          "from afar, simple shading has its own baseline",
          "[gl][render][demo][quality]") {
    const fs::path folder = test::binaryDir() / "scenes" / "demo";
    const hotspots::SceneFolder scene = hotspots::openSceneFolder(folder.string());
    REQUIRE_FALSE(scene.hasErrors());
    auto loaded = engine::loadGltf(scene.modelPath);
    REQUIRE(loaded.ok());
    const engine::SceneAsset asset = std::move(loaded.asset);
    const hotspots::Viewpoint* hall = scene.findViewpoint("hall");
    REQUIRE(hall != nullptr);
    const auto& p = hall->pose;
    const engine::Camera camera =
        eyeAt({static_cast<float>(p.position[0]), static_cast<float>(p.position[1]),
               static_cast<float>(p.position[2])},
              static_cast<float>(p.yawDegrees), static_cast<float>(p.pitchDegrees), asset.bounds);

    std::string error;
    REQUIRE(test::ensureGlContext(error));
    engine::Renderer renderer;
    REQUIRE(renderer.init(error));
    renderer.setScene(asset);
    const auto draw = [&](int samples, float scale, bool simple) {
        INFO(error);
        REQUIRE(renderer.resize({kWidth, kHeight}, samples, scale, error));
        renderer.setSimpleShading(simple);
        renderer.render(camera, engine::LightingSettings{});
        engine::Image image = renderer.readPixels();
        REQUIRE(glGetError() == GL_NO_ERROR);
        return image;
    };

    const engine::Image full = draw(kSamples, 1.0f, false);
    const std::size_t fullTargets = renderer.gpuTargetBytes();
    requireBaseline("demo-hall", full); // the same picture as the baseline test's

    // Half the resolution, one sample: the output keeps its size, the scene's targets shrink,
    // and seen from afar (blocks of 10x10) it is the same picture.
    const engine::Image half = draw(1, 0.5f, false);
    CHECK(renderer.sceneSize() == glm::ivec2(kWidth / 2, kHeight / 2));
    CHECK(renderer.size() == glm::ivec2(kWidth, kHeight));
    CHECK(renderer.samples() == 1);
    REQUIRE(half.width == kWidth);
    REQUIRE(half.height == kHeight);
    CHECK(renderer.gpuTargetBytes() < fullTargets / 4);
    checkSameImage(boxDownsample(full, 10), boxDownsample(half, 10), {24, 0.02});
    CHECK(coverage(half) > 0.99);

    // Multisampled and scaled (resolved at the scene's size, then scaled up).
    const engine::Image medium = draw(kSamples, 0.75f, false);
    CHECK(renderer.sceneSize() == glm::ivec2(360, 203));
    checkSameImage(boxDownsample(full, 10), boxDownsample(medium, 10), {24, 0.02});

    // Simple shading: a picture of its own, reviewed as a baseline, and close to the full one in
    // its light (no specular highlights, no normal maps).
    const engine::Image simple = draw(kSamples, 1.0f, true);
    requireBaseline("demo-hall-simple-shading", simple);
    CHECK(coverage(simple) > 0.99);
    const auto meanLevel = [](const engine::Image& image) {
        double sum = 0.0;
        for (std::size_t i = 0; i < image.pixels.size(); i += 4) {
            sum += image.pixels[i] + image.pixels[i + 1] + image.pixels[i + 2];
        }
        return sum / static_cast<double>(image.pixels.size() / 4 * 3);
    };
    CHECK(std::abs(meanLevel(simple) - meanLevel(full)) < 0.15 * meanLevel(full));
    CHECK_FALSE(test::compareImages(full, simple, {8, 0.05}).passed);

    // Back to full quality: the first picture again, exactly.
    const engine::Image again = draw(kSamples, 1.0f, false);
    checkSameImage(full, again, {0, 0.0});
}
