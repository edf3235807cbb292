#pragma once
// Loads glTF 2.0 (.gltf with external or data-URI buffers, and .glb) into a SceneAsset.
//
// The input is untrusted: every read is confined to the asset's folder (regular files only,
// no absolute paths, no `..`, no URI schemes), every bufferView, accessor and index range is
// checked with overflow-safe arithmetic before use, JSON nesting depth is capped before parsing,
// and images are decoded only as PNG, JPEG or WebP with dimension caps. Any thread may call
// loadGltf(); it touches no global state and no OpenGL.
//
// Failure: a refused URI, out-of-range data, a limit exceeded, malformed JSON or GLB, or a
// required extension docent lacks returns an error (LoadStatus::BadInput) whose message is one
// line naming the file and the problem. A missing or undecodable image is not an error: it
// gets a placeholder texture and a warning.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "engine/SceneAsset.h"

namespace docent::engine {

struct GltfLimits {
    std::size_t maxFileBytes = std::size_t{2} << 30; // the .gltf/.glb and each resource
    std::size_t maxTotalResourceBytes = std::size_t{4} << 30;
    std::size_t maxVerticesPerPrimitive = std::size_t{1} << 26;
    std::size_t maxIndicesPerPrimitive = std::size_t{3} << 26;
    std::size_t maxNodes = 1u << 20;
    int maxJsonDepth = 64; // nesting of arrays/objects, extras included
    // Off: images are checked and their sizes read, but left encoded for a TextureStreamer
    // (progressive loading); the asset is ready as soon as its geometry is.
    bool decodeImages = true;
    ImageLimits image;
};

enum class LoadStatus { Ok, BadInput };

struct LoadResult {
    LoadStatus status = LoadStatus::Ok;
    std::string error; // one line, naming the file; empty when Ok
    SceneAsset asset;
    bool ok() const { return status == LoadStatus::Ok; }
};

// Extensions docent implements. A file that lists any other one in extensionsRequired is
// refused with "unsupported extension NAME"; unknown optional extensions are ignored.
bool isSupportedGltfExtension(const std::string& name);

LoadResult loadGltf(const std::string& path, const GltfLimits& limits = {});

// Where a glTF held in memory finds the external resources (buffers and images) its URIs name.
// The reader gets a URI the loader has already checked (relative, no scheme, no `..`, also when
// percent-encoded) and percent-decoded; it fills `out` (at most limits.maxFileBytes) or says why
// not. Refused: the name exists but may not be followed (a link, a FIFO, a directory), which
// fails the load; Unreadable: missing or unreadable, which loses only what needed it.
enum class ResourceRead { Ok, Unreadable, Refused };
using GltfResourceReader = std::function<ResourceRead(
    const std::string& relative, std::vector<unsigned char>& out, std::string& why)>;

// loadGltf() for a .gltf or .glb already in memory (a download, a fuzzer's input); `name`
// stands for the file in messages. loadGltf() is this with a reader confined to the file's
// folder.
LoadResult loadGltfFromMemory(const std::string& name, const std::vector<unsigned char>& bytes,
                              const GltfResourceReader& resources, const GltfLimits& limits = {});

} // namespace docent::engine
