#include <stdexcept>
#include <utility>

#include "Scene.h"

namespace docent::tools {

Mesh& Node::meshFor(int material) {
    for (Primitive& primitive : primitives) {
        if (primitive.material == material) {
            return primitive.mesh;
        }
    }
    primitives.push_back({material, Mesh{}});
    return primitives.back().mesh;
}

int Scene::addTexture(const std::string& name, const engine::Image& image, Wrap wrap) {
    Texture texture;
    texture.name = name;
    texture.png = engine::encodePng(image);
    if (texture.png.empty()) {
        // Only a programming error gets here (an empty image), never user input.
        throw std::runtime_error("could not encode texture " + name);
    }
    texture.width = image.width;
    texture.height = image.height;
    texture.wrap = wrap;
    m_textures.push_back(std::move(texture));
    return static_cast<int>(m_textures.size() - 1);
}

int Scene::addMaterial(Material material) {
    m_materials.push_back(std::move(material));
    return static_cast<int>(m_materials.size() - 1);
}

int Scene::addNode(Node node, int parent) {
    m_nodes.push_back(std::move(node));
    const int index = static_cast<int>(m_nodes.size() - 1);
    if (parent < 0) {
        m_roots.push_back(index);
    } else {
        m_nodes[static_cast<std::size_t>(parent)].children.push_back(index);
    }
    return index;
}

} // namespace docent::tools
