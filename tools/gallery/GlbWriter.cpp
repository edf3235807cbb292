#include <algorithm>
#include <cstdio>
#include <exception>

#include <nlohmann/json.hpp>

#include "FileOutput.h"
#include "GlbWriter.h"
#include "engine/GltfWriter.h"

namespace docent::tools {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kTriangles = 4;
constexpr int kLinear = 9729;
constexpr int kLinearMipmapLinear = 9987;
constexpr int kRepeat = 10497;
constexpr int kClampToEdge = 33071;

Json vec(const glm::vec3& v) {
    return Json::array({v.x, v.y, v.z});
}

// Writes one primitive's attributes and indices; returns the glTF primitive object.
Json writePrimitive(const Primitive& primitive, engine::GlbBuilder& binary) {
    const auto& vertices = primitive.mesh.vertices();
    std::vector<float> positions;
    std::vector<float> normals;
    std::vector<float> uvs;
    for (const Vertex& v : vertices) {
        for (int axis = 0; axis < 3; ++axis) {
            positions.push_back(v.position[axis]);
            normals.push_back(v.normal[axis]);
        }
        uvs.push_back(v.uv.x);
        uvs.push_back(v.uv.y);
    }
    const int position = binary.addFloats(positions, 3, "VEC3", true);
    const int normal = binary.addFloats(normals, 3, "VEC3", false);
    const int uv = binary.addFloats(uvs, 2, "VEC2", false);
    const int indexAccessor = binary.addIndices(primitive.mesh.indices(), vertices.size());

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
    engine::GlbBuilder binary;
    Json gltf;
    gltf["asset"] = {{"version", "2.0"}, {"generator", generator}};
    gltf["scene"] = 0;
    gltf["scenes"] = Json::array({{{"name", "gallery"}, {"nodes", scene.roots()}}});

    // Nodes and their meshes. A node without triangles gets no mesh.
    Json nodes = Json::array();
    Json meshes = Json::array();
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
            primitives.push_back(writePrimitive(primitive, binary));
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
    std::vector<std::uint8_t> out = binary.finish(std::move(gltf));

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
