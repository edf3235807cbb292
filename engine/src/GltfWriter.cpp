#include "engine/GltfWriter.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

namespace docent::engine {

namespace {

static_assert(std::endian::native == std::endian::little, "glTF's binary data is little-endian");

constexpr std::uint32_t kGlbMagic = 0x46546C67; // "glTF"
constexpr std::uint32_t kGlbVersion = 2;
constexpr std::uint32_t kChunkJson = 0x4E4F534A; // "JSON"
constexpr std::uint32_t kChunkBin = 0x004E4942;  // "BIN\0"
constexpr std::size_t kAlignment = 4;            // bytes; GLB chunks and accessor offsets
constexpr int kTriangles = 4;

using Json = GlbBuilder::Json;

void putU32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) {
        out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

template <typename T>
std::span<const std::uint8_t> bytesOf(const std::vector<T>& values) {
    return {reinterpret_cast<const std::uint8_t*>(values.data()), values.size() * sizeof(T)};
}

template <typename Vec>
std::span<const float> floatsOf(const std::vector<Vec>& values) {
    return {reinterpret_cast<const float*>(values.data()), values.size() * Vec::length()};
}

Json numbers(const float* values, int count) {
    Json out = Json::array();
    for (int i = 0; i < count; ++i) {
        out.push_back(values[i]);
    }
    return out;
}

// A material's texture reference, with KHR_texture_transform when the slot's matrix is not the
// identity: the loader builds it as T * R * S with R's columns (c, -s) and (s, c), so the
// offset is the third column, the scales the lengths of the first two, and the rotation the
// angle of the first.
Json textureInfo(const TextureSlot& slot, bool& usesTransform) {
    Json info;
    info["index"] = slot.texture;
    if (slot.texCoord != 0) {
        info["texCoord"] = slot.texCoord;
    }
    if (slot.transform != glm::mat3(1.0f)) {
        const glm::vec2 column0(slot.transform[0]);
        const glm::vec2 column1(slot.transform[1]);
        const float scale[2] = {glm::length(column0), glm::length(column1)};
        const float offset[2] = {slot.transform[2][0], slot.transform[2][1]};
        Json transform;
        transform["offset"] = numbers(offset, 2);
        transform["rotation"] = std::atan2(-column0.y, column0.x);
        transform["scale"] = numbers(scale, 2);
        info["extensions"]["KHR_texture_transform"] = std::move(transform);
        usesTransform = true;
    }
    return info;
}

} // namespace

int GlbBuilder::addView(std::span<const std::uint8_t> bytes, int target) {
    while (m_data.size() % kAlignment != 0) {
        m_data.push_back(0);
    }
    Json view;
    view["buffer"] = 0;
    view["byteOffset"] = m_data.size();
    view["byteLength"] = bytes.size();
    if (target != 0) {
        view["target"] = target;
    }
    m_data.insert(m_data.end(), bytes.begin(), bytes.end());
    m_views.push_back(std::move(view));
    return static_cast<int>(m_views.size() - 1);
}

int GlbBuilder::addAccessor(int view, int componentType, std::size_t count, const char* type) {
    Json accessor;
    accessor["bufferView"] = view;
    accessor["componentType"] = componentType;
    accessor["count"] = count;
    accessor["type"] = type;
    m_accessors.push_back(std::move(accessor));
    return static_cast<int>(m_accessors.size() - 1);
}

GlbBuilder::Json& GlbBuilder::accessor(int index) {
    return m_accessors[static_cast<std::size_t>(index)];
}

int GlbBuilder::addFloats(std::span<const float> values, int components, const char* type,
                          bool bounds) {
    const auto width = static_cast<std::size_t>(components);
    const std::size_t count = values.size() / width;
    const int view = addView(
        {reinterpret_cast<const std::uint8_t*>(values.data()), count * width * sizeof(float)},
        kArrayBuffer);
    const int index = addAccessor(view, kFloat, count, type);
    if (bounds && count > 0) {
        // The validator compares min/max with the data as float32; a float widened to double
        // and printed round-trip exactly, so these match bit for bit.
        std::vector<float> lo(width, std::numeric_limits<float>::max());
        std::vector<float> hi(width, std::numeric_limits<float>::lowest());
        for (std::size_t i = 0; i < count * width; ++i) {
            lo[i % width] = std::min(lo[i % width], values[i]);
            hi[i % width] = std::max(hi[i % width], values[i]);
        }
        accessor(index)["min"] = numbers(lo.data(), components);
        accessor(index)["max"] = numbers(hi.data(), components);
    }
    return index;
}

int GlbBuilder::addIndices(std::span<const std::uint32_t> indices, std::size_t vertexCount) {
    const bool shortIndices = vertexCount <= std::numeric_limits<std::uint16_t>::max();
    std::vector<std::uint8_t> bytes;
    bytes.reserve(indices.size() * (shortIndices ? 2 : 4));
    for (const std::uint32_t index : indices) {
        bytes.push_back(static_cast<std::uint8_t>(index));
        bytes.push_back(static_cast<std::uint8_t>(index >> 8));
        if (!shortIndices) {
            bytes.push_back(static_cast<std::uint8_t>(index >> 16));
            bytes.push_back(static_cast<std::uint8_t>(index >> 24));
        }
    }
    return addAccessor(addView(bytes, kElementArrayBuffer),
                       shortIndices ? kUnsignedShort : kUnsignedInt, indices.size(), "SCALAR");
}

std::vector<std::uint8_t> GlbBuilder::finish(Json gltf) {
    while (m_data.size() % kAlignment != 0) {
        m_data.push_back(0);
    }
    gltf["accessors"] = std::move(m_accessors);
    gltf["bufferViews"] = std::move(m_views);
    gltf["buffers"] = Json::array({{{"byteLength", m_data.size()}}});
    std::string json = gltf.dump();
    while (json.size() % kAlignment != 0) {
        json.push_back(' '); // the GLB specification pads the JSON chunk with spaces
    }
    const std::size_t total = 12 + 8 + json.size() + 8 + m_data.size();
    std::vector<std::uint8_t> out;
    out.reserve(total);
    putU32(out, kGlbMagic);
    putU32(out, kGlbVersion);
    putU32(out, static_cast<std::uint32_t>(total));
    putU32(out, static_cast<std::uint32_t>(json.size()));
    putU32(out, kChunkJson);
    out.insert(out.end(), json.begin(), json.end());
    putU32(out, static_cast<std::uint32_t>(m_data.size()));
    putU32(out, kChunkBin);
    out.insert(out.end(), m_data.begin(), m_data.end());
    m_data.clear();
    m_views = Json::array();
    m_accessors = Json::array();
    return out;
}

std::vector<std::uint8_t> writeSceneGlb(const SceneAsset& asset, const std::string& generator,
                                        SceneGlbSummary* summary) {
    SceneGlbSummary stats;
    GlbBuilder binary;
    std::set<std::string> used;
    Json gltf;
    gltf["asset"] = {{"version", "2.0"}, {"generator", generator}};

    // Meshes, without those left with no primitive (glTF requires at least one).
    std::vector<int> meshIndex(asset.meshes.size(), -1);
    Json meshes = Json::array();
    for (std::size_t mi = 0; mi < asset.meshes.size(); ++mi) {
        const MeshData& mesh = asset.meshes[mi];
        Json primitives = Json::array();
        for (const PrimitiveData& p : mesh.primitives) {
            Json attributes;
            attributes["POSITION"] = binary.addFloats(floatsOf(p.positions), 3, "VEC3", true);
            if (!p.normals.empty()) {
                attributes["NORMAL"] = binary.addFloats(floatsOf(p.normals), 3, "VEC3", false);
            }
            if (!p.tangents.empty()) {
                attributes["TANGENT"] = binary.addFloats(floatsOf(p.tangents), 4, "VEC4", false);
            }
            if (!p.texCoords0.empty()) {
                attributes["TEXCOORD_0"] =
                    binary.addFloats(floatsOf(p.texCoords0), 2, "VEC2", false);
            }
            if (!p.texCoords1.empty()) {
                attributes["TEXCOORD_1"] =
                    binary.addFloats(floatsOf(p.texCoords1), 2, "VEC2", false);
            }
            if (!p.colors.empty()) {
                attributes["COLOR_0"] = binary.addFloats(floatsOf(p.colors), 4, "VEC4", false);
            }
            Json out;
            out["attributes"] = std::move(attributes);
            out["indices"] = binary.addIndices(p.indices, p.positions.size());
            if (p.material >= 0) {
                out["material"] = p.material;
            }
            out["mode"] = kTriangles;
            if (!p.lods.empty()) {
                Json levels = Json::array();
                for (const LodLevel& level : p.lods) {
                    levels.push_back(
                        {{"indices", binary.addIndices(level.indices, p.positions.size())},
                         {"error", level.error}});
                }
                out["extensions"]["DOCENT_mesh_lod"] = {{"levels", std::move(levels)}};
                used.insert("DOCENT_mesh_lod");
                stats.lodLevels += p.lods.size();
            }
            stats.triangles += p.indices.size() / 3;
            primitives.push_back(std::move(out));
        }
        if (primitives.empty()) {
            continue;
        }
        meshIndex[mi] = static_cast<int>(meshes.size());
        Json out;
        if (!mesh.name.empty()) {
            out["name"] = mesh.name;
        }
        out["primitives"] = std::move(primitives);
        meshes.push_back(std::move(out));
    }

    // The node tree as it was; the roots of the trees that hold the displayed instances.
    Json nodes = Json::array();
    for (const NodeData& node : asset.nodes) {
        Json out;
        if (!node.name.empty()) {
            out["name"] = node.name;
        }
        if (!node.children.empty()) {
            out["children"] = node.children;
        }
        if (node.local != glm::mat4(1.0f)) {
            out["matrix"] = numbers(&node.local[0][0], 16);
        }
        if (node.mesh >= 0 && meshIndex[static_cast<std::size_t>(node.mesh)] >= 0) {
            out["mesh"] = meshIndex[static_cast<std::size_t>(node.mesh)];
        }
        nodes.push_back(std::move(out));
    }
    std::set<int> roots;
    for (const MeshInstance& instance : asset.instances) {
        int node = instance.node;
        for (std::size_t steps = 0;
             node >= 0 && asset.nodes[static_cast<std::size_t>(node)].parent >= 0 &&
             steps < asset.nodes.size();
             ++steps) {
            node = asset.nodes[static_cast<std::size_t>(node)].parent;
        }
        if (node >= 0) {
            roots.insert(node);
        }
    }
    gltf["scene"] = 0;
    gltf["scenes"] = Json::array({{{"nodes", Json(std::vector<int>(roots.begin(), roots.end()))}}});
    if (!nodes.empty()) {
        gltf["nodes"] = std::move(nodes);
    }
    if (!meshes.empty()) {
        gltf["meshes"] = std::move(meshes);
    }

    Json materials = Json::array();
    for (const MaterialDesc& m : asset.materials) {
        bool transform = false;
        Json pbr;
        pbr["baseColorFactor"] = numbers(&m.baseColorFactor[0], 4);
        pbr["metallicFactor"] = m.metallicFactor;
        pbr["roughnessFactor"] = m.roughnessFactor;
        if (m.baseColor.present()) {
            pbr["baseColorTexture"] = textureInfo(m.baseColor, transform);
        }
        if (m.metallicRoughness.present()) {
            pbr["metallicRoughnessTexture"] = textureInfo(m.metallicRoughness, transform);
        }
        Json out;
        if (!m.name.empty()) {
            out["name"] = m.name;
        }
        out["pbrMetallicRoughness"] = std::move(pbr);
        if (m.normal.present()) {
            out["normalTexture"] = textureInfo(m.normal, transform);
            out["normalTexture"]["scale"] = m.normalScale;
        }
        if (m.occlusion.present()) {
            out["occlusionTexture"] = textureInfo(m.occlusion, transform);
            out["occlusionTexture"]["strength"] = m.occlusionStrength;
        }
        if (m.emissive.present()) {
            out["emissiveTexture"] = textureInfo(m.emissive, transform);
        }
        if (m.emissiveFactor != glm::vec3(0.0f)) {
            out["emissiveFactor"] = numbers(&m.emissiveFactor[0], 3);
        }
        if (m.emissiveStrength != 1.0f) {
            out["extensions"]["KHR_materials_emissive_strength"] = {
                {"emissiveStrength", m.emissiveStrength}};
            used.insert("KHR_materials_emissive_strength");
        }
        if (m.unlit) {
            out["extensions"]["KHR_materials_unlit"] = Json::object();
            used.insert("KHR_materials_unlit");
        }
        if (m.alphaMode != AlphaMode::Opaque) {
            out["alphaMode"] = m.alphaMode == AlphaMode::Mask ? "MASK" : "BLEND";
        }
        if (m.alphaMode == AlphaMode::Mask) {
            out["alphaCutoff"] = m.alphaCutoff;
        }
        if (m.doubleSided) {
            out["doubleSided"] = true;
        }
        if (transform) {
            used.insert("KHR_texture_transform");
        }
        materials.push_back(std::move(out));
    }
    if (!materials.empty()) {
        gltf["materials"] = std::move(materials);
    }

    // Each texture with its own sampler; images in the BIN chunk. A WebP image is reached
    // through EXT_texture_webp: glTF's own `source` names PNG or JPEG only.
    std::vector<ImageFormat> formats;
    for (const ImageData& image : asset.images) {
        formats.push_back(image.pending() ? sniffImageFormat(*image.encoded) : ImageFormat::Png);
    }
    Json textures = Json::array();
    Json samplers = Json::array();
    for (const TextureDesc& texture : asset.textures) {
        samplers.push_back({{"magFilter", texture.sampler.magFilter},
                            {"minFilter", texture.sampler.minFilter},
                            {"wrapS", texture.sampler.wrapS},
                            {"wrapT", texture.sampler.wrapT}});
        Json out;
        out["sampler"] = samplers.size() - 1;
        if (texture.image >= 0 && static_cast<std::size_t>(texture.image) < formats.size()) {
            if (formats[static_cast<std::size_t>(texture.image)] == ImageFormat::Webp) {
                out["extensions"]["EXT_texture_webp"] = {{"source", texture.image}};
                used.insert("EXT_texture_webp");
            } else {
                out["source"] = texture.image;
            }
        }
        textures.push_back(std::move(out));
    }
    Json images = Json::array();
    for (const ImageData& image : asset.images) {
        std::vector<std::uint8_t> png;
        std::span<const std::uint8_t> bytes;
        if (image.pending()) {
            bytes = *image.encoded;
        } else {
            png = encodePng(image.image);
            bytes = png;
        }
        const ImageFormat format = formats[stats.images];
        Json out;
        if (!image.name.empty()) {
            out["name"] = image.name;
        }
        out["bufferView"] = binary.addView(bytes, 0);
        out["mimeType"] = format == ImageFormat::Jpeg   ? "image/jpeg"
                          : format == ImageFormat::Webp ? "image/webp"
                                                        : "image/png";
        images.push_back(std::move(out));
        ++stats.images;
    }
    if (!textures.empty()) {
        gltf["textures"] = std::move(textures);
        gltf["samplers"] = std::move(samplers);
    }
    if (!images.empty()) {
        gltf["images"] = std::move(images);
    }
    if (!used.empty()) {
        gltf["extensionsUsed"] = Json(std::vector<std::string>(used.begin(), used.end()));
    }
    std::vector<std::uint8_t> out = binary.finish(std::move(gltf));
    stats.bytes = out.size();
    if (summary != nullptr) {
        *summary = stats;
    }
    return out;
}

} // namespace docent::engine
