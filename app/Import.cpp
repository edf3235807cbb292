#include "Import.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <thread>
#include <vector>

#include "Options.h"
#include "engine/GltfLoader.h"
#include "engine/GltfWriter.h"
#include "engine/GpuBudget.h"
#include "engine/MeshLod.h"
#include "hotspots/DurableFile.h"
#include "hotspots/SceneFolder.h"
#include "hotspots/SceneWriter.h"

namespace docent::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kProgram = "docent import";
constexpr const char* kModelName = "model.glb";
constexpr double kBytesPerMb = 1024.0 * 1024.0;

// Levels of detail for every primitive, on all cores.
std::size_t buildAllLods(engine::SceneAsset& asset) {
    std::vector<engine::PrimitiveData*> work;
    for (auto& mesh : asset.meshes) {
        for (auto& primitive : mesh.primitives) {
            work.push_back(&primitive);
        }
    }
    // Largest first, so that the last thread to finish is not the one given the largest.
    std::sort(work.begin(), work.end(),
              [](const auto* a, const auto* b) { return a->indices.size() > b->indices.size(); });
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        for (std::size_t i = next++; i < work.size(); i = next++) {
            work[i]->lods = engine::buildLods(*work[i]);
        }
    };
    const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), 16u));
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(worker);
    }
    worker();
    pool.clear();
    std::size_t levels = 0;
    for (const auto* primitive : work) {
        levels += primitive->lods.size();
    }
    return levels;
}

// Halves the images that the budget asks to shrink (each once per texture using it, with its
// full mip chain), decoding them from the scan's bytes; the others stay encoded as they came.
// False with a message when the budget cannot be met.
bool fitImages(engine::SceneAsset& asset, std::size_t budget, int& reduced, std::string& error) {
    const std::size_t geometry = engine::sceneGeometryBytes(asset);
    if (geometry > budget) {
        error = "the scan's geometry needs " + engine::formatMebibytes(geometry) +
                " of GPU memory, more than the budget of " + engine::formatMebibytes(budget);
        return false;
    }
    std::vector<int> images;
    std::vector<engine::TextureCost> costs;
    for (std::size_t i = 0; i < asset.images.size(); ++i) {
        const auto& image = asset.images[i];
        const glm::ivec2 size = image.size();
        if (size.x > 0 && size.y > 0 && !image.placeholder) {
            images.push_back(static_cast<int>(i));
            costs.push_back({size.x, size.y, true});
        }
    }
    std::vector<int> drops;
    if (!engine::fitTexturesInBudget(costs, budget - geometry, drops)) {
        error = "the scan's textures do not fit in the GPU budget of " +
                engine::formatMebibytes(budget) + " even at 1x1 pixel";
        return false;
    }
    for (std::size_t k = 0; k < images.size(); ++k) {
        if (drops[k] == 0) {
            continue;
        }
        auto& data = asset.images[static_cast<std::size_t>(images[k])];
        engine::Image image = data.image;
        if (data.pending()) {
            engine::DecodeResult decoded = engine::decodeImage(*data.encoded);
            if (!decoded.ok()) {
                error = "image '" + data.name + "': " + decoded.error;
                return false;
            }
            image = std::move(decoded.image);
        }
        for (int d = 0; d < drops[k]; ++d) {
            image = engine::halveImage(image);
        }
        data.image = std::move(image);
        data.encoded.reset();
        ++reduced;
    }
    return true;
}

} // namespace

int runImport(const std::string& scan, const std::string& outFolder, double budgetMb) {
    const auto started = std::chrono::steady_clock::now();
    std::error_code ec;
    const fs::path out(outFolder);
    const fs::path model = out / kModelName;
    if (fs::exists(model, ec) && fs::equivalent(model, scan, ec)) {
        std::fprintf(stderr, "%s: %s is the scan itself; choose another --out folder\n", kProgram,
                     model.string().c_str());
        return kExitBadInput;
    }

    // The scan with every check the viewer applies; its images stay encoded, to be stored as
    // they came unless the budget shrinks them.
    engine::GltfLimits limits;
    limits.decodeImages = false;
    engine::LoadResult loaded = engine::loadGltf(scan, limits);
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s: %s\n", kProgram, loaded.error.c_str());
        return kExitBadInput;
    }
    engine::SceneAsset& asset = loaded.asset;
    for (const auto& warning : asset.warnings) {
        std::fprintf(stderr, "%s: warning: %s\n", kProgram, warning.c_str());
    }

    const std::size_t levels = buildAllLods(asset);
    int reduced = 0;
    if (budgetMb > 0.0) {
        std::string error;
        if (!fitImages(asset, static_cast<std::size_t>(budgetMb * kBytesPerMb), reduced, error)) {
            std::fprintf(stderr, "%s: %s: %s\n", kProgram, scan.c_str(), error.c_str());
            return kExitBadInput;
        }
    }
    engine::SceneGlbSummary summary;
    const std::vector<std::uint8_t> glb = engine::writeSceneGlb(asset, "docent import", &summary);

    fs::create_directories(out, ec);
    if (ec) {
        std::fprintf(stderr, "%s: cannot create %s: %s\n", kProgram, out.string().c_str(),
                     ec.message().c_str());
        return kExitBadInput;
    }
    std::string error;
    if (!hotspots::writeFileDurably(model.string(), std::string(glb.begin(), glb.end()), error,
                                    false)) {
        std::fprintf(stderr, "%s: %s\n", kProgram, error.c_str());
        return kExitBadInput;
    }
    const fs::path manifestPath = out / "scene.json";
    const bool keptManifest = fs::exists(manifestPath, ec);
    if (!keptManifest) {
        hotspots::SceneManifest manifest;
        manifest.title["en"] = fs::path(scan).stem().string();
        manifest.model = kModelName;
        if (!hotspots::writeFileDurably(manifestPath.string(), hotspots::manifestToJson(manifest),
                                        error, false)) {
            std::fprintf(stderr, "%s: %s\n", kProgram, error.c_str());
            return kExitBadInput;
        }
    } else {
        // A curator's scene.json stays as it is; say so when it does not open the import.
        const hotspots::SceneFolder folder = hotspots::openSceneFolder(out.string());
        if (!folder.modelPath.empty() && !fs::equivalent(folder.modelPath, model, ec)) {
            std::fprintf(stderr,
                         "%s: note: %s names %s as its model; set \"model\": \"%s\" there to "
                         "open the import\n",
                         kProgram, manifestPath.string().c_str(), folder.modelPath.c_str(),
                         kModelName);
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%s: wrote %s: %zu triangles, %zu levels of detail, %zu images (%d shrunk), "
                "%.1f MB, in %.1f s%s\n",
                kProgram, model.string().c_str(), summary.triangles, levels, summary.images,
                reduced, static_cast<double>(summary.bytes) / kBytesPerMb, seconds,
                keptManifest ? "; scene.json kept as it was" : "");
    return kExitOk;
}

} // namespace docent::app
