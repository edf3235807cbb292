#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
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

int Scene::addTexture(const std::string& name, Wrap wrap, ImageGenerator generator) {
    return addTextures({{name, wrap}}, [make = std::move(generator)]() {
        return std::vector<engine::Image>{make()};
    })[0];
}

std::vector<int> Scene::addTextures(const std::vector<std::pair<std::string, Wrap>>& textures,
                                    ImagesGenerator generator) {
    Job job;
    for (const auto& [name, wrap] : textures) {
        Texture texture;
        texture.name = name;
        texture.wrap = wrap;
        m_textures.push_back(std::move(texture));
        job.textures.push_back(static_cast<int>(m_textures.size() - 1));
    }
    std::vector<int> indices = job.textures;
    job.generator = std::move(generator);
    m_jobs.push_back(std::move(job));
    return indices;
}

void Scene::generateTextures(unsigned threads) {
    // Each job writes only its own textures, so the workers share nothing but the counter.
    std::atomic<std::size_t> next{0};
    std::mutex failureMutex;
    std::string failure; // guarded by failureMutex
    auto work = [&]() {
        for (std::size_t i = next++; i < m_jobs.size(); i = next++) {
            try {
                const Job& job = m_jobs[i];
                const std::vector<engine::Image> images = job.generator();
                if (images.size() != job.textures.size()) {
                    throw std::runtime_error("a texture generator made the wrong number of images");
                }
                for (std::size_t k = 0; k < images.size(); ++k) {
                    Texture& texture = m_textures[static_cast<std::size_t>(job.textures[k])];
                    texture.png = engine::encodePng(images[k]);
                    if (texture.png.empty()) {
                        throw std::runtime_error("could not encode texture " + texture.name);
                    }
                    texture.width = images[k].width;
                    texture.height = images[k].height;
                }
            } catch (const std::exception& error) {
                const std::lock_guard<std::mutex> lock(failureMutex);
                if (failure.empty()) {
                    failure = error.what();
                }
            }
        }
    };
    const std::size_t workers =
        std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(m_jobs.size(), 1));
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < workers; ++i) {
        pool.emplace_back(work);
    }
    work();
    for (std::thread& thread : pool) {
        thread.join();
    }
    m_jobs.clear();
    if (!failure.empty()) {
        throw std::runtime_error(failure);
    }
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
