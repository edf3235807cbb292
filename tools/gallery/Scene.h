#pragma once
// The generator's in-memory scene: a texture table, a material table and a node tree whose
// nodes hold meshes, one per material. It mirrors the parts of glTF 2.0 the gallery uses and
// nothing more; GlbWriter turns it into a .glb. Plain value, built on one thread.

#include <cstdint>
#include <functional>
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
    std::vector<std::uint8_t> png; // the encoded image, stored in the .glb as it is (empty
                                   // until Scene::generateTextures has run)
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

using ImageGenerator = std::function<engine::Image()>;
using ImagesGenerator = std::function<std::vector<engine::Image>()>;

class Scene {
public:
    // Adds a texture whose image `generator` makes later, in generateTextures(); returns its
    // index, valid at once for materials to refer to.
    int addTexture(const std::string& name, Wrap wrap, ImageGenerator generator);
    // The same for several textures made by one computation (a colour image and its
    // metallic-roughness partner): the generator returns one image per entry, in order.
    std::vector<int> addTextures(const std::vector<std::pair<std::string, Wrap>>& textures,
                                 ImagesGenerator generator);
    // Runs the pending generators, on up to `threads` threads, and encodes their images as
    // PNG. Each generator must be a pure function of what it captured (they run concurrently
    // and in any order); the results land in the order the textures were added, so the scene
    // is the same whatever the thread count. Throws std::runtime_error if an image is empty.
    void generateTextures(unsigned threads);
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
    struct Job {
        std::vector<int> textures;
        ImagesGenerator generator;
    };

    std::vector<Job> m_jobs; // pending texture generators
    std::vector<Texture> m_textures;
    std::vector<Material> m_materials;
    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
};

} // namespace docent::tools
