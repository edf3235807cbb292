#include <algorithm>
#include <bit>
#include <cstdio>
#include <exception>
#include <limits>

#include <nlohmann/json.hpp>

#include "FileOutput.h"
#include "GlbWriter.h"

namespace docent::tools {

namespace {

using Json = nlohmann::ordered_json;

// glTF's numeric enums (glTF 2.0 specification, 3.6 and 5.26).
constexpr int kFloat = 5126;
constexpr int kUnsignedShort = 5123;
constexpr int kUnsignedInt = 5125;
constexpr int kArrayBuffer = 34962;
constexpr int kElementArrayBuffer = 34963;
constexpr int kTriangles = 4;
constexpr int kLinear = 9729;
constexpr int kLinearMipmapLinear = 9987;
constexpr int kRepeat = 10497;
constexpr int kClampToEdge = 33071;

constexpr std::uint32_t kGlbMagic = 0x46546C67; // "glTF"
constexpr std::uint32_t kGlbVersion = 2;
constexpr std::uint32_t kChunkJson = 0x4E4F534A; // "JSON"
constexpr std::uint32_t kChunkBin = 0x004E4942;  // "BIN\0"
constexpr std::size_t kAlignment = 4;            // bytes; GLB chunks and accessor offsets

// The BIN chunk under construction plus the bufferViews that cut it up.
class BinaryBuilder {
public:
    // Appends `bytes` as a new bufferView (4-byte aligned) and returns its index.
    int addView(const std::vector<std::uint8_t>& bytes, int target) {
        pad();
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

    void pad() {
        while (m_data.size() % kAlignment != 0) {
            m_data.push_back(0);
        }
    }

    std::vector<std::uint8_t>& data() { return m_data; }
    Json& views() { return m_views; }

private:
    std::vector<std::uint8_t> m_data;
    Json m_views = Json::array();
};

void putU32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) {
        out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

void putU16(std::vector<std::uint8_t>& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
}

void putFloat(std::vector<std::uint8_t>& out, float value) {
    putU32(out, std::bit_cast<std::uint32_t>(value));
}

Json vec(const glm::vec3& v) {
    return Json::array({v.x, v.y, v.z});
}

// Writes one primitive's attributes and indices; returns the glTF primitive object.
Json writePrimitive(const Primitive& primitive, BinaryBuilder& binary, Json& accessors) {
    const auto& vertices = primitive.mesh.vertices();
    const auto& indices = primitive.mesh.indices();

    std::vector<std::uint8_t> positions;
    std::vector<std::uint8_t> normals;
    std::vector<std::uint8_t> uvs;
    glm::vec3 lo(std::numeric_limits<float>::max());
    glm::vec3 hi(std::numeric_limits<float>::lowest());
    for (const Vertex& v : vertices) {
        for (int axis = 0; axis < 3; ++axis) {
            putFloat(positions, v.position[axis]);
            putFloat(normals, v.normal[axis]);
        }
        putFloat(uvs, v.uv.x);
        putFloat(uvs, v.uv.y);
        lo = glm::min(lo, v.position);
        hi = glm::max(hi, v.position);
    }

    auto addAccessor = [&](int view, int componentType, std::size_t count, const char* type) {
        Json accessor;
        accessor["bufferView"] = view;
        accessor["componentType"] = componentType;
        accessor["count"] = count;
        accessor["type"] = type;
        accessors.push_back(std::move(accessor));
        return static_cast<int>(accessors.size() - 1);
    };

    const std::size_t count = vertices.size();
    const int position =
        addAccessor(binary.addView(positions, kArrayBuffer), kFloat, count, "VEC3");
    // The validator compares min/max with the data as float32; a float widened to double and
    // printed round-trip exactly, so these match bit for bit.
    accessors[static_cast<std::size_t>(position)]["min"] = vec(lo);
    accessors[static_cast<std::size_t>(position)]["max"] = vec(hi);
    const int normal = addAccessor(binary.addView(normals, kArrayBuffer), kFloat, count, "VEC3");
    const int uv = addAccessor(binary.addView(uvs, kArrayBuffer), kFloat, count, "VEC2");

    std::vector<std::uint8_t> indexBytes;
    const bool shortIndices = count <= std::numeric_limits<std::uint16_t>::max();
    for (const std::uint32_t index : indices) {
        if (shortIndices) {
            putU16(indexBytes, static_cast<std::uint16_t>(index));
        } else {
            putU32(indexBytes, index);
        }
    }
    const int indexAccessor =
        addAccessor(binary.addView(indexBytes, kElementArrayBuffer),
                    shortIndices ? kUnsignedShort : kUnsignedInt, indices.size(), "SCALAR");

    Json out;
    out["attributes"] = {{"POSITION", position}, {"NORMAL", normal}, {"TEXCOORD_0", uv}};
    out["indices"] = indexAccessor;
    out["material"] = primitive.material;
    out["mode"] = kTriangles;
    return out;
}

} // namespace

std::vector<std::uint8_t> writeGlb(const Scene& scene, const std::string& generator,
                                   GlbSummary* summary) {
    GlbSummary stats;
    BinaryBuilder binary;
    Json gltf;
    gltf["asset"] = {{"version", "2.0"}, {"generator", generator}};
    gltf["scene"] = 0;
    gltf["scenes"] = Json::array({{{"name", "gallery"}, {"nodes", scene.roots()}}});

    // Nodes and their meshes. A node without triangles gets no mesh.
    Json nodes = Json::array();
    Json meshes = Json::array();
    Json accessors = Json::array();
    for (const Node& node : scene.nodes()) {
        Json out;
        out["name"] = node.name;
        if (!node.children.empty()) {
            out["children"] = node.children;
        }
        if (node.translation != glm::vec3(0.0f)) {
            out["translation"] = vec(node.translation);
        }
        if (node.rotation != glm::quat(1.0f, 0.0f, 0.0f, 0.0f)) {
            const glm::quat q = glm::normalize(node.rotation);
            out["rotation"] = Json::array({q.x, q.y, q.z, q.w});
        }
        Json primitives = Json::array();
        for (const Primitive& primitive : node.primitives) {
            if (primitive.mesh.empty()) {
                continue;
            }
            primitives.push_back(writePrimitive(primitive, binary, accessors));
            stats.triangles += primitive.mesh.triangleCount();
            stats.vertices += primitive.mesh.vertices().size();
        }
        if (!primitives.empty()) {
            out["mesh"] = meshes.size();
            meshes.push_back({{"name", node.name}, {"primitives", std::move(primitives)}});
        }
        nodes.push_back(std::move(out));
    }

    // Images live in the BIN chunk; each texture samples its own image with one of two
    // samplers, written only when used (validators report unused objects).
    Json images = Json::array();
    Json textures = Json::array();
    Json samplers = Json::array();
    int samplerFor[2] = {-1, -1};
    for (const Texture& texture : scene.textures()) {
        const int view = binary.addView(texture.png, 0);
        images.push_back({{"name", texture.name}, {"bufferView", view}, {"mimeType", "image/png"}});
        const int wrapIndex = texture.wrap == Wrap::Repeat ? 0 : 1;
        if (samplerFor[wrapIndex] < 0) {
            const int wrap = texture.wrap == Wrap::Repeat ? kRepeat : kClampToEdge;
            samplerFor[wrapIndex] = static_cast<int>(samplers.size());
            samplers.push_back({{"magFilter", kLinear},
                                {"minFilter", kLinearMipmapLinear},
                                {"wrapS", wrap},
                                {"wrapT", wrap}});
        }
        textures.push_back({{"name", texture.name},
                            {"sampler", samplerFor[wrapIndex]},
                            {"source", images.size() - 1}});
    }

    Json materials = Json::array();
    for (const Material& material : scene.materials()) {
        Json pbr;
        pbr["baseColorFactor"] = Json::array({material.baseColor.r, material.baseColor.g,
                                              material.baseColor.b, material.baseColor.a});
        pbr["metallicFactor"] = material.metallic;
        pbr["roughnessFactor"] = material.roughness;
        if (material.baseColorTexture >= 0) {
            pbr["baseColorTexture"] = {{"index", material.baseColorTexture}};
        }
        if (material.metallicRoughnessTexture >= 0) {
            pbr["metallicRoughnessTexture"] = {{"index", material.metallicRoughnessTexture}};
        }
        Json out;
        out["name"] = material.name;
        out["pbrMetallicRoughness"] = std::move(pbr);
        if (material.emissive != glm::vec3(0.0f)) {
            out["emissiveFactor"] = vec(material.emissive);
        }
        materials.push_back(std::move(out));
    }

    gltf["nodes"] = std::move(nodes);
    gltf["meshes"] = std::move(meshes);
    gltf["materials"] = std::move(materials);
    if (!textures.empty()) {
        gltf["textures"] = std::move(textures);
        gltf["images"] = std::move(images);
        gltf["samplers"] = std::move(samplers);
    }
    gltf["accessors"] = std::move(accessors);
    binary.pad();
    gltf["bufferViews"] = std::move(binary.views());
    gltf["buffers"] = Json::array({{{"byteLength", binary.data().size()}}});

    std::string json = gltf.dump();
    while (json.size() % kAlignment != 0) {
        json.push_back(' '); // the GLB specification pads the JSON chunk with spaces
    }
    const std::vector<std::uint8_t>& bin = binary.data();
    const std::size_t total = 12 + 8 + json.size() + 8 + bin.size();

    std::vector<std::uint8_t> out;
    out.reserve(total);
    putU32(out, kGlbMagic);
    putU32(out, kGlbVersion);
    putU32(out, static_cast<std::uint32_t>(total));
    putU32(out, static_cast<std::uint32_t>(json.size()));
    putU32(out, kChunkJson);
    out.insert(out.end(), json.begin(), json.end());
    putU32(out, static_cast<std::uint32_t>(bin.size()));
    putU32(out, kChunkBin);
    out.insert(out.end(), bin.begin(), bin.end());

    stats.nodes = scene.nodes().size();
    stats.textures = scene.textures().size();
    stats.materials = scene.materials().size();
    stats.bytes = out.size();
    if (summary != nullptr) {
        *summary = stats;
    }
    return out;
}

int generateGlb(const char* program, const std::string& out, Scene& scene,
                const std::function<void(Scene&)>& build) {
    std::string reason;
    if (!canWrite(out, reason)) {
        std::fprintf(stderr, "%s: cannot write %s: %s\n", program, out.c_str(), reason.c_str());
        return 1;
    }
    GlbSummary summary;
    std::vector<std::uint8_t> glb;
    try {
        build(scene);
        glb = writeGlb(scene, program, &summary);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s: cannot build the gallery: %s\n", program, error.what());
        return 1;
    }
    if (!writeFileAtomically(out, glb, reason)) {
        std::fprintf(stderr, "%s: cannot write %s: %s\n", program, out.c_str(), reason.c_str());
        return 1;
    }
    std::printf("%s: wrote %s: %zu nodes, %zu triangles, %zu textures, %zu materials, %zu bytes\n",
                program, out.c_str(), summary.nodes, summary.triangles, summary.textures,
                summary.materials, summary.bytes);
    return 0;
}

} // namespace docent::tools
