#pragma once
// The generator's in-memory scene: a texture table, a material table and a node tree whose
// nodes hold meshes, one per material. It mirrors the parts of glTF 2.0 the gallery uses and
// nothing more; GlbWriter turns it into a .glb. Plain value, built on one thread.

#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include "Mesh.h"
#include "engine/Image.h"

namespace docent::tools {

enum class Wrap { Repeat, ClampToEdge };

struct Texture {
    std::string name;
    std::vector<std::uint8_t> png; // the encoded image, stored in the .glb as it is
    int width = 0;
    int height = 0;
    Wrap wrap = Wrap::Repeat;
};

// glTF's metallic-roughness material. Texture fields are indices into the scene's textures,
// -1 for none. Colours are linear factors as glTF defines them; textures are sRGB images.
struct Material {
    std::string name;
    glm::vec4 baseColor{1.0f};
    float metallic = 0.0f;
    float roughness = 1.0f;
    glm::vec3 emissive{0.0f}; // each component 0-1 (no emissive-strength extension)
    int baseColorTexture = -1;
    int metallicRoughnessTexture = -1;
};

struct Primitive {
    int material = -1;
    Mesh mesh;
};

struct Node {
    std::string name;
    glm::vec3 translation{0.0f};
    glm::quat rotation{1.0f, 0.0f, 0.0f, 0.0f}; // w, x, y, z
    std::vector<Primitive> primitives;          // empty for a grouping node
    std::vector<int> children;

    // The mesh that holds this node's triangles of `material`, created on first use so that
    // builders can add parts in any order; primitives keep the order of first use.
    Mesh& meshFor(int material);
};

class Scene {
public:
    // Encodes `image` as PNG and adds it; returns its index.
    int addTexture(const std::string& name, const engine::Image& image, Wrap wrap);
    int addMaterial(Material material);
    // Adds a node under `parent`, or as a root of the scene when parent is -1; returns its
    // index. Indices stay valid; references returned by node() do not survive the next add.
    int addNode(Node node, int parent = -1);
    Node& node(int index) { return m_nodes[static_cast<std::size_t>(index)]; }

    const std::vector<Texture>& textures() const { return m_textures; }
    const std::vector<Material>& materials() const { return m_materials; }
    const std::vector<Node>& nodes() const { return m_nodes; }
    const std::vector<int>& roots() const { return m_roots; }

private:
    std::vector<Texture> m_textures;
    std::vector<Material> m_materials;
    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
};

} // namespace docent::tools
