#pragma once
// Writing binary glTF 2.0 (.glb): the container and its BIN chunk (GlbBuilder), and a whole
// SceneAsset as docent reads it back (writeSceneGlb, for `docent import`). The bytes depend only
// on the input: the same scene always gives the same file.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/SceneAsset.h"

namespace docent::engine {

// The BIN chunk under construction, the bufferViews and accessors that cut it up, and the
// final packing of the JSON and BIN chunks into one file.
class GlbBuilder {
public:
    using Json = nlohmann::ordered_json;

    // glTF's numeric enums (glTF 2.0 specification, 3.6 and 5.26).
    static constexpr int kFloat = 5126;
    static constexpr int kUnsignedShort = 5123;
    static constexpr int kUnsignedInt = 5125;
    static constexpr int kArrayBuffer = 34962;
    static constexpr int kElementArrayBuffer = 34963;

    // Appends `bytes` as a new bufferView (4-byte aligned; target 0 for none); its index.
    int addView(std::span<const std::uint8_t> bytes, int target);
    // An accessor over the whole of `view`; its index. accessor() reaches it to add min/max.
    int addAccessor(int view, int componentType, std::size_t count, const char* type);
    Json& accessor(int index);
    // Float vertex data, `components` per element, as a view and an accessor (with the min and
    // max glTF requires of POSITION when `bounds` is set).
    int addFloats(std::span<const float> values, int components, const char* type, bool bounds);
    // Indices, as 16-bit values when every vertex index fits in them, else 32-bit.
    int addIndices(std::span<const std::uint32_t> indices, std::size_t vertexCount);

    // Adds the accessors, bufferViews and the buffer to `gltf` and packs the file.
    std::vector<std::uint8_t> finish(Json gltf);

private:
    std::vector<std::uint8_t> m_data;
    Json m_views = Json::array();
    Json m_accessors = Json::array();
};

struct SceneGlbSummary {
    std::size_t triangles = 0; // full detail, of every primitive once
    std::size_t lodLevels = 0;
    std::size_t images = 0;
    std::size_t bytes = 0;
};

// The asset as one .glb that loadGltf() reads back to the same scene: the node tree with names
// (hotspots anchor to them) and local transforms, meshes with every attribute the loader keeps,
// their levels of detail (DOCENT_mesh_lod), materials with texture transforms, unlit and
// emissive strength, samplers, and images: an image still encoded (ImageData::pending) is
// stored as it came, byte for byte; a decoded one is stored as PNG. Only the nodes of the
// displayed scene's trees become the scene's roots.
std::vector<std::uint8_t> writeSceneGlb(const SceneAsset& asset, const std::string& generator,
                                        SceneGlbSummary* summary = nullptr);

} // namespace docent::engine
