// The glTF loader on arbitrary bytes: .gltf JSON or .glb, the conversion to meshes and the BVH
// built over them. External URIs come from a fake file system: the input's later parts (split at
// kFileSeparator) are the files, handed out in the order they are asked for; a name containing
// "missing" is unreadable and one containing "link" is refused, as on a disk.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "FuzzInput.h"
#include "engine/Bvh.h"
#include "engine/GltfLoader.h"

using namespace docent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> parts = fuzz::splitFiles(data, size);
    const std::vector<unsigned char> model(parts[0].begin(), parts[0].end());
    std::map<std::string, std::size_t> handedOut; // name -> part
    const engine::GltfResourceReader files =
        [&](const std::string& name, std::vector<unsigned char>& out, std::string& why) {
            if (name.find("missing") != std::string::npos) {
                why = "does not exist";
                return engine::ResourceRead::Unreadable;
            }
            if (name.find("link") != std::string::npos) {
                why = "is a symbolic link";
                return engine::ResourceRead::Refused;
            }
            auto it = handedOut.find(name);
            if (it == handedOut.end()) {
                it = handedOut.emplace(name, handedOut.size() + 1).first;
            }
            if (it->second >= parts.size()) {
                why = "does not exist";
                return engine::ResourceRead::Unreadable;
            }
            out.assign(parts[it->second].begin(), parts[it->second].end());
            return engine::ResourceRead::Ok;
        };
    // Caps a fuzzer's memory can afford; the checks they exercise are the same as the defaults'.
    engine::GltfLimits limits;
    limits.maxFileBytes = std::size_t{16} << 20;
    limits.maxTotalResourceBytes = std::size_t{64} << 20;
    limits.maxVerticesPerPrimitive = std::size_t{1} << 20;
    limits.maxIndicesPerPrimitive = std::size_t{3} << 20;
    limits.maxNodes = 1u << 12;
    limits.image.maxDimension = 4096;
    limits.image.maxPixels = std::size_t{1} << 22;
    const engine::LoadResult result = engine::loadGltfFromMemory("fuzz.glb", model, files, limits);
    if (result.ok()) {
        // What the loader promises the renderer: every index names a vertex, every instance a
        // mesh, every material reference a material.
        const engine::SceneAsset& asset = result.asset;
        for (const engine::MeshData& mesh : asset.meshes) {
            for (const engine::PrimitiveData& p : mesh.primitives) {
                for (const std::uint32_t index : p.indices) {
                    if (index >= p.positions.size()) {
                        __builtin_trap();
                    }
                }
                if (p.material >= static_cast<int>(asset.materials.size())) {
                    __builtin_trap();
                }
            }
        }
        for (const engine::MeshInstance& instance : asset.instances) {
            if (instance.mesh < 0 || instance.mesh >= static_cast<int>(asset.meshes.size())) {
                __builtin_trap();
            }
        }
        engine::buildSceneBvh(asset);
    } else if (result.error.empty()) {
        __builtin_trap(); // a refusal always says why
    }
    return 0;
}
