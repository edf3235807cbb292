#include "engine/Renderer.h"
#include "ShaderProgram.h"
#include "engine/GpuBudget.h"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include <unistd.h>

#include <glm/gtc/type_ptr.hpp>

namespace docent::engine {

namespace shaders {
extern const char* const kPbrVert;
extern const char* const kPbrFrag;
} // namespace shaders

namespace {

// Interleaved vertex: position, normal, uv0, uv1, colour, tangent.
struct Vertex {
    glm::vec3 position;
    glm::vec3 normal;
    glm::vec2 texCoord0;
    glm::vec2 texCoord1;
    glm::vec4 color;
    glm::vec4 tangent;
};
static_assert(sizeof(Vertex) == kGpuVertexBytes, "the budget counts what is uploaded");

constexpr float kMaxAnisotropyWanted = 8.0f; // diminishing returns above this for floors

enum TextureUnit : int {
    kUnitBaseColor = 0,
    kUnitMetallicRoughness = 1,
    kUnitNormal = 2,
    kUnitOcclusion = 3,
    kUnitEmissive = 4,
};

bool isMipmapFilter(int filter) {
    return filter == GL_NEAREST_MIPMAP_NEAREST || filter == GL_LINEAR_MIPMAP_NEAREST ||
           filter == GL_NEAREST_MIPMAP_LINEAR || filter == GL_LINEAR_MIPMAP_LINEAR;
}

GLint validFilter(int filter, bool minifying) {
    switch (filter) {
    case GL_NEAREST:
    case GL_LINEAR:
        return filter;
    case GL_NEAREST_MIPMAP_NEAREST:
    case GL_LINEAR_MIPMAP_NEAREST:
    case GL_NEAREST_MIPMAP_LINEAR:
    case GL_LINEAR_MIPMAP_LINEAR:
        return minifying ? filter : GL_LINEAR;
    default:
        return minifying ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR;
    }
}

GLint validWrap(int wrap) {
    return wrap == GL_CLAMP_TO_EDGE || wrap == GL_MIRRORED_REPEAT ? wrap : GL_REPEAT;
}

GlTexture solidTexture(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a) {
    GLuint name = 0;
    glGenTextures(1, &name);
    GlTexture texture(name);
    const std::uint8_t pixel[4] = {r, g, b, a};
    glBindTexture(GL_TEXTURE_2D, name);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 1, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    return texture;
}

} // namespace

Renderer::Renderer() = default;
Renderer::~Renderer() = default;

bool Renderer::isSoftwareRenderer() {
    // Mesa 22.3's llvmpipe spends up to tens of seconds on one textured triangle seen nearly
    // edge-on when anisotropic filtering is on (a column flute at a grazing angle froze a frame
    // for 21 s at 4x and 8x; 0.9 s without). Software rasterisers get trilinear filtering only.
    const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const std::string renderer = name ? name : "";
    return renderer.find("llvmpipe") != std::string::npos ||
           renderer.find("softpipe") != std::string::npos ||
           renderer.find("SwiftShader") != std::string::npos;
}

int Renderer::uniform(const char* name) {
    auto& cache = m_current->uniforms;
    const auto it = cache.find(name);
    if (it != cache.end()) {
        return it->second;
    }
    const int location = glGetUniformLocation(m_current->gl.get(), name);
    cache.emplace(name, location);
    return location;
}

void Renderer::useProgram(Program& program) {
    m_current = &program;
    glUseProgram(program.gl.get());
}

bool Renderer::init(std::string& error) {
    // The variants: the same source with ALPHA_MASK and SIMPLE_SHADING defined or not after
    // its #version line. The GLSL is compiled here; a software rasteriser generates the machine
    // code at a variant's first draw.
    const auto variant = [](bool masked, bool simple) {
        std::string source = shaders::kPbrFrag;
        const std::size_t afterVersion = source.find('\n') + 1;
        source.insert(afterVersion, std::string(masked ? "#define ALPHA_MASK\n" : "") +
                                        (simple ? "#define SIMPLE_SHADING\n" : ""));
        return source;
    };
    for (const bool simple : {false, true}) {
        Shading& shading = simple ? m_simple : m_full;
        const std::string what = simple ? "scene, simple shading" : "scene";
        shading.opaque.gl =
            buildProgram(shaders::kPbrVert, variant(false, simple).c_str(), what.c_str(), error);
        shading.masked.gl = buildProgram(shaders::kPbrVert, variant(true, simple).c_str(),
                                         (what + ", masked").c_str(), error);
        if (!shading.opaque.gl || !shading.masked.gl) {
            return false;
        }
    }
    for (Program* program : {&m_full.masked, &m_full.opaque, &m_simple.masked, &m_simple.opaque}) {
        useProgram(*program);
        glUniform1i(uniform("uBaseColorTexture"), kUnitBaseColor);
        glUniform1i(uniform("uMetallicRoughnessTexture"), kUnitMetallicRoughness);
        glUniform1i(uniform("uNormalTexture"), kUnitNormal);
        glUniform1i(uniform("uOcclusionTexture"), kUnitOcclusion);
        glUniform1i(uniform("uEmissiveTexture"), kUnitEmissive);
    }

    m_white = solidTexture(255, 255, 255, 255);
    m_flatNormal = solidTexture(128, 128, 255, 255);
    if (!isSoftwareRenderer() &&
        (GLAD_GL_ARB_texture_filter_anisotropic || GLAD_GL_EXT_texture_filter_anisotropic)) {
        GLfloat maxAniso = 1.0f;
        glGetFloatv(GL_MAX_TEXTURE_MAX_ANISOTROPY, &maxAniso);
        m_maxAnisotropy = std::min(maxAniso, kMaxAnisotropyWanted);
    }
    return true;
}

void Renderer::setScene(const SceneAsset& asset) {
    std::string unused;
    setScene(asset, 0, unused);
}

bool Renderer::setScene(const SceneAsset& asset, std::size_t budgetBytes, std::string& error) {
    m_scene = nullptr;
    m_meshes.clear();
    m_textures.clear();
    m_texturePlans.clear();
    m_geometryBytes = 0;
    m_textureBytes = 0;
    m_texturesReduced = 0;
    m_textureLevelsDropped = 0;
    const std::size_t geometry = sceneGeometryBytes(asset);
    if (budgetBytes > 0 && geometry > budgetBytes) {
        error = "the scene's geometry needs " + formatMebibytes(geometry) +
                " of GPU memory, more than the budget of " + formatMebibytes(budgetBytes);
        return false;
    }
    // Every texture a material uses, once per colour space, with what it would cost in full.
    std::vector<std::pair<int, bool>> keys;
    std::vector<TextureCost> costs;
    const auto plan = [&](int textureIndex, bool srgb) {
        if (textureIndex < 0 || static_cast<std::size_t>(textureIndex) >= asset.textures.size() ||
            std::find(keys.begin(), keys.end(), std::make_pair(textureIndex, srgb)) != keys.end()) {
            return;
        }
        const TextureDesc& desc = asset.textures[static_cast<std::size_t>(textureIndex)];
        if (desc.image < 0 || static_cast<std::size_t>(desc.image) >= asset.images.size()) {
            return;
        }
        const ImageData& data = asset.images[static_cast<std::size_t>(desc.image)];
        const glm::ivec2 size = data.size();
        if (size.x <= 0 || size.y <= 0) {
            return;
        }
        keys.emplace_back(textureIndex, srgb);
        costs.push_back(
            {size.x, size.y, isMipmapFilter(validFilter(desc.sampler.minFilter, true))});
    };
    for (const auto& material : asset.materials) {
        plan(material.baseColor.texture, true);
        plan(material.emissive.texture, true);
        plan(material.metallicRoughness.texture, false);
        plan(material.normal.texture, false);
        plan(material.occlusion.texture, false);
    }
    std::vector<int> drops(keys.size(), 0);
    if (budgetBytes > 0 && !fitTexturesInBudget(costs, budgetBytes - geometry, drops)) {
        error = "the scene's textures do not fit in the GPU budget of " +
                formatMebibytes(budgetBytes) + " even at 1x1 pixel";
        return false;
    }
    m_scene = &asset;
    for (const auto& mesh : asset.meshes) {
        uploadMesh(mesh);
    }
    // Textures are created now rather than on first use so that a frame never stalls on them;
    // those whose image is still encoded come through uploadImage().
    for (std::size_t i = 0; i < keys.size(); ++i) {
        TexturePlan& texture = m_texturePlans[keys[i]];
        texture.image = asset.textures[static_cast<std::size_t>(keys[i].first)].image;
        texture.drop = drops[i];
        const ImageData& data = asset.images[static_cast<std::size_t>(texture.image)];
        if (!data.pending()) {
            createTexture(keys[i].first, keys[i].second, data.image, drops[i]);
            texture.complete = true;
        }
        m_texturesReduced += drops[i] > 0 ? 1 : 0;
        m_textureLevelsDropped += drops[i];
    }
    return true;
}

void Renderer::uploadImage(int imageIndex, const Image& image, int levelsDropped) {
    if (image.empty()) {
        return;
    }
    for (auto& [key, plan] : m_texturePlans) {
        if (plan.image != imageIndex || plan.complete) {
            continue;
        }
        createTexture(key.first, key.second, image, std::max(0, plan.drop - levelsDropped));
        plan.complete = levelsDropped <= plan.drop;
    }
}

int Renderer::texturesWaiting() const {
    int waiting = 0;
    for (const auto& [key, plan] : m_texturePlans) {
        waiting += plan.complete ? 0 : 1;
    }
    return waiting;
}

std::size_t Renderer::defaultGpuBudget() {
    constexpr std::size_t kKiB = 1024;
    constexpr std::size_t kGiB = std::size_t{1} << 30;
    GLint kib[4] = {0, 0, 0, 0};
    if (GLAD_GL_NVX_gpu_memory_info) {
        glGetIntegerv(GL_GPU_MEMORY_INFO_DEDICATED_VIDMEM_NVX, kib);
    } else if (GLAD_GL_ATI_meminfo) {
        glGetIntegerv(GL_TEXTURE_FREE_MEMORY_ATI, kib);
    }
    if (kib[0] > 0) {
        return static_cast<std::size_t>(kib[0]) * kKiB / 4 * 3;
    }
    if (isSoftwareRenderer()) {
        const long pages = ::sysconf(_SC_PHYS_PAGES);
        const long pageSize = ::sysconf(_SC_PAGESIZE);
        if (pages > 0 && pageSize > 0) {
            const std::size_t ram =
                static_cast<std::size_t>(pages) * static_cast<std::size_t>(pageSize);
            return std::min(ram / 4, 4 * kGiB);
        }
    }
    return kGiB;
}

void Renderer::uploadMesh(const MeshData& mesh) {
    GpuMesh gpu;
    for (const auto& p : mesh.primitives) {
        GpuPrimitive prim;
        std::vector<Vertex> vertices(p.positions.size());
        for (std::size_t i = 0; i < vertices.size(); ++i) {
            auto& v = vertices[i];
            v.position = p.positions[i];
            v.normal = i < p.normals.size() ? p.normals[i] : glm::vec3(0, 1, 0);
            v.texCoord0 = i < p.texCoords0.size() ? p.texCoords0[i] : glm::vec2(0);
            v.texCoord1 = i < p.texCoords1.size() ? p.texCoords1[i] : glm::vec2(0);
            v.color = i < p.colors.size() ? p.colors[i] : glm::vec4(1);
            v.tangent = i < p.tangents.size() ? p.tangents[i] : glm::vec4(0);
        }
        GLuint names[3] = {};
        glGenVertexArrays(1, &names[0]);
        glGenBuffers(2, &names[1]);
        prim.vao = GlVertexArray(names[0]);
        prim.vertices = GlBuffer(names[1]);
        prim.indices = GlBuffer(names[2]);
        glBindVertexArray(prim.vao.get());
        glBindBuffer(GL_ARRAY_BUFFER, prim.vertices.get());
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(Vertex)),
                     vertices.data(), GL_STATIC_DRAW);
        // One index buffer: the full triangles, then each level of detail's.
        std::size_t indexCount = p.indices.size();
        for (const auto& lod : p.lods) {
            double edges = 0.0;
            for (std::size_t i = 0; i + 2 < lod.indices.size(); i += 3) {
                const glm::vec3& a = p.positions[lod.indices[i]];
                const glm::vec3& b = p.positions[lod.indices[i + 1]];
                const glm::vec3& c = p.positions[lod.indices[i + 2]];
                edges += glm::length(b - a) + glm::length(c - b) + glm::length(a - c);
            }
            const float meanEdge =
                lod.indices.empty()
                    ? 0.0f
                    : static_cast<float>(edges / static_cast<double>(lod.indices.size()));
            prim.lods.push_back({static_cast<int>(indexCount), static_cast<int>(lod.indices.size()),
                                 lod.error, meanEdge});
            indexCount += lod.indices.size();
        }
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, prim.indices.get());
        glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(indexCount * sizeof(std::uint32_t)), nullptr,
                     GL_STATIC_DRAW);
        glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, 0,
                        static_cast<GLsizeiptr>(p.indices.size() * sizeof(std::uint32_t)),
                        p.indices.data());
        for (std::size_t i = 0; i < p.lods.size(); ++i) {
            glBufferSubData(
                GL_ELEMENT_ARRAY_BUFFER,
                static_cast<GLintptr>(static_cast<std::size_t>(prim.lods[i].firstIndex) *
                                      sizeof(std::uint32_t)),
                static_cast<GLsizeiptr>(p.lods[i].indices.size() * sizeof(std::uint32_t)),
                p.lods[i].indices.data());
        }
        const auto attribute = [](GLuint location, GLint size, std::size_t offset) {
            glEnableVertexAttribArray(location);
            glVertexAttribPointer(location, size, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                                  reinterpret_cast<const void*>(offset));
        };
        attribute(0, 3, offsetof(Vertex, position));
        attribute(1, 3, offsetof(Vertex, normal));
        attribute(2, 2, offsetof(Vertex, texCoord0));
        attribute(3, 2, offsetof(Vertex, texCoord1));
        attribute(4, 4, offsetof(Vertex, color));
        attribute(5, 4, offsetof(Vertex, tangent));
        glBindVertexArray(0);
        prim.indexCount = static_cast<int>(p.indices.size());
        prim.material = p.material;
        prim.lit =
            !(p.material >= 0 && static_cast<std::size_t>(p.material) < m_scene->materials.size() &&
              m_scene->materials[static_cast<std::size_t>(p.material)].unlit);
        prim.hasNormals = !p.normals.empty();
        prim.hasTangents = !p.tangents.empty();
        prim.bounds = p.bounds;
        m_geometryBytes += vertices.size() * sizeof(Vertex) + indexCount * sizeof(std::uint32_t);
        gpu.primitives.push_back(std::move(prim));
    }
    m_meshes.push_back(std::move(gpu));
}

unsigned int Renderer::textureFor(int textureIndex, bool srgb) const {
    const auto found = m_textures.find(std::make_pair(textureIndex, srgb));
    return found != m_textures.end() ? found->second.get() : 0;
}

void Renderer::createTexture(int textureIndex, bool srgb, const Image& full, int drop) {
    const TextureDesc& desc = m_scene->textures[static_cast<std::size_t>(textureIndex)];
    Image reduced;
    for (int level = 0; level < drop; ++level) {
        reduced = halveImage(level == 0 ? full : reduced);
    }
    const Image& image = drop > 0 ? reduced : full;
    GLuint name = 0;
    glGenTextures(1, &name);
    GlTexture texture(name);
    glBindTexture(GL_TEXTURE_2D, name);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, srgb ? GL_SRGB8_ALPHA8 : GL_RGBA8, image.width, image.height, 0,
                 GL_RGBA, GL_UNSIGNED_BYTE, image.pixels.data());
    const GLint minFilter = validFilter(desc.sampler.minFilter, true);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, minFilter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER,
                    validFilter(desc.sampler.magFilter, false));
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, validWrap(desc.sampler.wrapS));
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, validWrap(desc.sampler.wrapT));
    const bool mipmapped = isMipmapFilter(minFilter);
    if (mipmapped) {
        glGenerateMipmap(GL_TEXTURE_2D);
        if (m_maxAnisotropy > 1.0f) {
            glTexParameterf(GL_TEXTURE_2D, GL_TEXTURE_MAX_ANISOTROPY, m_maxAnisotropy);
        }
    }
    // A texture replaced (a preview by its full image) gives its memory back.
    const auto key = std::make_pair(textureIndex, srgb);
    std::size_t& bytes = m_texturePlans[key].bytes;
    m_textureBytes -= bytes;
    bytes = textureBytes({image.width, image.height, mipmapped}, 0);
    m_textureBytes += bytes;
    m_textures.insert_or_assign(key, std::move(texture));
}

namespace {

// A colour texture of the given size with a framebuffer around it; false when incomplete.
bool createColorTarget(glm::ivec2 size, GlFramebuffer& fbo, GlTexture& color) {
    GLuint name = 0;
    glGenFramebuffers(1, &name);
    fbo = GlFramebuffer(name);
    glGenTextures(1, &name);
    color = GlTexture(name);
    glBindTexture(GL_TEXTURE_2D, color.get());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_SRGB8_ALPHA8, size.x, size.y, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo.get());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color.get(), 0);
    return glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
}

} // namespace

glm::ivec2 Renderer::scaledSize(glm::ivec2 size, float renderScale) {
    const float scale = std::clamp(renderScale, kMinRenderScale, 1.0f);
    return glm::max(glm::ivec2(glm::round(glm::vec2(size) * scale)), glm::ivec2(1));
}

bool Renderer::resize(glm::ivec2 size, int msaaSamples, std::string& error) {
    return resize(size, msaaSamples, 1.0f, error);
}

bool Renderer::resize(glm::ivec2 size, int msaaSamples, float renderScale, std::string& error) {
    size = glm::max(size, glm::ivec2(1));
    GLint maxSamples = 1;
    glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
    msaaSamples = std::clamp(msaaSamples, 1, std::max(1, maxSamples));
    const glm::ivec2 sceneSize = scaledSize(size, renderScale);
    if (size == m_size && sceneSize == m_sceneSize && msaaSamples == m_samples && m_msaaFbo) {
        return true;
    }
    // A failure leaves no targets, so that the next call tries again.
    m_msaaFbo = GlFramebuffer();
    GLuint names[2] = {};
    glGenFramebuffers(1, names);
    GlFramebuffer msaaFbo(names[0]);
    glGenRenderbuffers(2, names);
    m_msaaColor = GlRenderbuffer(names[0]);
    m_msaaDepth = GlRenderbuffer(names[1]);

    // One sample asks for plain storage: a driver may give a "multisampled" buffer of one
    // sample more than one, and only a single-sampled source may be scaled as it is blitted.
    const auto storage = [&](GLenum format) {
        if (msaaSamples > 1) {
            glRenderbufferStorageMultisample(GL_RENDERBUFFER, msaaSamples, format, sceneSize.x,
                                             sceneSize.y);
        } else {
            glRenderbufferStorage(GL_RENDERBUFFER, format, sceneSize.x, sceneSize.y);
        }
    };
    glBindRenderbuffer(GL_RENDERBUFFER, m_msaaColor.get());
    storage(GL_SRGB8_ALPHA8);
    glBindRenderbuffer(GL_RENDERBUFFER, m_msaaDepth.get());
    storage(GL_DEPTH_COMPONENT24);
    glBindFramebuffer(GL_FRAMEBUFFER, msaaFbo.get());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              m_msaaColor.get());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER,
                              m_msaaDepth.get());
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        error = "the multisampled framebuffer is incomplete";
        return false;
    }
    // The resolved scene at its own size, needed when a multisampled scene is also scaled (a
    // multisampled source can only be resolved to its own size); the output at the full size.
    const bool scaled = sceneSize != size;
    const bool intermediate = scaled && msaaSamples > 1;
    if (intermediate && !createColorTarget(sceneSize, m_sceneFbo, m_sceneColor)) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        error = "the resolve framebuffer is incomplete";
        return false;
    }
    if (!intermediate) {
        m_sceneFbo = GlFramebuffer();
        m_sceneColor = GlTexture();
    }
    if (!createColorTarget(size, m_resolveFbo, m_resolveColor)) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        error = "the output framebuffer is incomplete";
        return false;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    m_msaaFbo = std::move(msaaFbo);
    m_size = size;
    m_sceneSize = sceneSize;
    m_samples = msaaSamples;
    // Four bytes per sample of colour and of depth (24-bit depth is stored in 32), the resolved
    // scene when it has its own target, and the output.
    const auto pixels = [](glm::ivec2 s) {
        return static_cast<std::size_t>(s.x) * static_cast<std::size_t>(s.y);
    };
    m_targetBytes = pixels(sceneSize) * 4 * 2 * static_cast<std::size_t>(msaaSamples) +
                    (intermediate ? pixels(sceneSize) * 4 : 0) + pixels(size) * 4;
    return true;
}

void Renderer::bindMaterial(int materialIndex) {
    static const MaterialDesc kDefaultMaterial = [] {
        // For primitives without a material: a light matte grey, as most viewers show them
        // (glTF's literal defaults, fully metallic white, read as a dark mirror indoors).
        MaterialDesc m;
        m.metallicFactor = 0.0f;
        m.roughnessFactor = 0.9f;
        m.baseColorFactor = glm::vec4(0.6f, 0.6f, 0.6f, 1.0f);
        return m;
    }();
    const MaterialDesc& m = (m_scene && materialIndex >= 0 &&
                             static_cast<std::size_t>(materialIndex) < m_scene->materials.size())
                                ? m_scene->materials[static_cast<std::size_t>(materialIndex)]
                                : kDefaultMaterial;
    glUniform4fv(uniform("uBaseColorFactor"), 1, glm::value_ptr(m.baseColorFactor));
    glUniform1f(uniform("uMetallicFactor"), m.metallicFactor);
    glUniform1f(uniform("uRoughnessFactor"), m.roughnessFactor);
    const glm::vec3 emissive = m.emissiveFactor * m.emissiveStrength;
    glUniform3fv(uniform("uEmissive"), 1, glm::value_ptr(emissive));
    glUniform1f(uniform("uNormalScale"), m.normalScale);
    glUniform1f(uniform("uOcclusionStrength"), m.occlusionStrength);
    glUniform1i(uniform("uAlphaMode"), static_cast<int>(m.alphaMode));
    glUniform1f(uniform("uAlphaCutoff"), m.alphaCutoff);
    glUniform1i(uniform("uUnlit"), m.unlit ? 1 : 0);

    const auto bind = [&](int unit, const TextureSlot& slot, bool srgb, unsigned int fallback,
                          const char* transformName) {
        unsigned int name = slot.present() ? textureFor(slot.texture, srgb) : 0;
        glActiveTexture(static_cast<GLenum>(GL_TEXTURE0 + unit));
        glBindTexture(GL_TEXTURE_2D, name ? name : fallback);
        glUniformMatrix3fv(uniform(transformName), 1, GL_FALSE, glm::value_ptr(slot.transform));
        return name != 0;
    };
    bind(kUnitBaseColor, m.baseColor, true, m_white.get(), "uBaseColorTransform");
    const bool hasMetallicRoughness = bind(kUnitMetallicRoughness, m.metallicRoughness, false,
                                           m_white.get(), "uMetallicRoughnessTransform");
    // A placeholder normal map would only add noise: treat it as absent.
    bool normalPresent = m.normal.present();
    if (normalPresent && m_scene) {
        const auto& tex = m_scene->textures[static_cast<std::size_t>(m.normal.texture)];
        normalPresent =
            tex.image >= 0 && !m_scene->images[static_cast<std::size_t>(tex.image)].placeholder;
    }
    const bool hasNormalTexture = bind(kUnitNormal, normalPresent ? m.normal : TextureSlot{}, false,
                                       m_flatNormal.get(), "uNormalTransform");
    const bool hasOcclusion =
        bind(kUnitOcclusion, m.occlusion, false, m_white.get(), "uOcclusionTransform");
    const bool hasEmissive =
        bind(kUnitEmissive, m.emissive, true, m_white.get(), "uEmissiveTransform");
    glUniform1i(uniform("uHasNormalTexture"), hasNormalTexture ? 1 : 0);
    glUniform1i(uniform("uHasMetallicRoughnessTexture"), hasMetallicRoughness ? 1 : 0);
    glUniform1i(uniform("uHasOcclusionTexture"), hasOcclusion ? 1 : 0);
    glUniform1i(uniform("uHasEmissiveTexture"), hasEmissive ? 1 : 0);
    glUniform4i(uniform("uTexCoordSets"), m.baseColor.texCoord, m.metallicRoughness.texCoord,
                m.normal.texCoord, m.occlusion.texCoord);
    glUniform1i(uniform("uEmissiveTexCoordSet"), m.emissive.texCoord);

    if (m.doubleSided) {
        glDisable(GL_CULL_FACE);
    } else {
        glEnable(GL_CULL_FACE);
    }
}

void Renderer::drawList(const std::vector<Draw>& draws, DrawStats& stats) {
    int bound = -2; // no material yet (-1 is the default material)
    for (const Draw& draw : draws) {
        if (draw.primitive->material != bound) {
            bindMaterial(draw.primitive->material);
            bound = draw.primitive->material;
        }
        drawPrimitive(draw, stats);
    }
}

int Renderer::chooseLod(const GpuPrimitive& primitive, const glm::mat4& world, const glm::vec3& eye,
                        float pixelsPerUnitAtOne) const {
    if (primitive.lods.empty() || m_lodPixelError <= 0.0f) {
        return -1;
    }
    // The error is measured from the nearest point of the primitive's box: a level seen from
    // inside or beside its box is never coarser than one pixel anywhere on it.
    const Aabb box = primitive.bounds.transformed(world);
    const glm::vec3 nearest = glm::clamp(eye, box.min, box.max);
    const float distance = glm::length(nearest - eye);
    if (!(distance > 0.0f)) {
        return -1;
    }
    const glm::mat3 linear(world);
    const float scale =
        std::max({glm::length(linear[0]), glm::length(linear[1]), glm::length(linear[2])});
    const float budget = m_lodPixelError * distance / (pixelsPerUnitAtOne * scale);
    int chosen = -1;
    for (std::size_t i = 0; i < primitive.lods.size(); ++i) {
        if (primitive.lods[i].error > budget ||
            (primitive.lit && primitive.lods[i].meanEdge > budget)) {
            break;
        }
        chosen = static_cast<int>(i);
    }
    return chosen;
}

void Renderer::drawPrimitive(const Draw& draw, DrawStats& stats) {
    const GpuPrimitive& primitive = *draw.primitive;
    const glm::mat4& world = *draw.world;
    glUniformMatrix4fv(uniform("uModel"), 1, GL_FALSE, glm::value_ptr(world));
    const glm::mat3 normalMatrix = glm::transpose(glm::inverse(glm::mat3(world)));
    glUniformMatrix3fv(uniform("uNormalMatrix"), 1, GL_FALSE, glm::value_ptr(normalMatrix));
    glUniform1i(uniform("uHasNormals"), primitive.hasNormals ? 1 : 0);
    glUniform1i(uniform("uHasTangents"), primitive.hasTangents ? 1 : 0);
    // A mirroring transform flips the winding; keep back-face culling correct.
    glFrontFace(glm::determinant(glm::mat3(world)) < 0.0f ? GL_CW : GL_CCW);
    glBindVertexArray(primitive.vao.get());
    int first = 0;
    int count = primitive.indexCount;
    if (draw.lod >= 0) {
        const GpuLod& lod = primitive.lods[static_cast<std::size_t>(draw.lod)];
        first = lod.firstIndex;
        count = lod.indexCount;
        ++stats.coarserDraws;
    }
    glDrawElements(
        GL_TRIANGLES, count, GL_UNSIGNED_INT,
        reinterpret_cast<const void*>(static_cast<std::size_t>(first) * sizeof(std::uint32_t)));
    ++stats.drawCalls;
    stats.triangles += static_cast<std::size_t>(count / 3);
}

DrawStats Renderer::render(const Camera& camera, const LightingSettings& lighting) {
    DrawStats stats;
    glBindFramebuffer(GL_FRAMEBUFFER, m_msaaFbo.get());
    glViewport(0, 0, m_sceneSize.x, m_sceneSize.y);
    glEnable(GL_FRAMEBUFFER_SRGB);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDepthMask(GL_TRUE);
    glDisable(GL_BLEND);
    glEnable(GL_MULTISAMPLE);
    glCullFace(GL_BACK);
    glClearColor(lighting.clearColor.r, lighting.clearColor.g, lighting.clearColor.b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);

    Shading& shading = m_simpleShading ? m_simple : m_full;
    if (m_scene && shading.opaque.gl) {
        const float aspect = static_cast<float>(m_size.x) / static_cast<float>(m_size.y);
        const glm::mat4 viewProjection = camera.projection(aspect) * camera.view();
        const Frustum frustum(viewProjection);
        // Scene pixels per unit of length one unit in front of the eye: a level's error e seen
        // at distance d covers e * this / d pixels.
        const float pixelsPerUnitAtOne =
            static_cast<float>(m_sceneSize.y) /
            (2.0f * std::tan(glm::radians(camera.verticalFovDegrees) * 0.5f));
        for (Program* program : {&shading.masked, &shading.opaque}) {
            useProgram(*program);
            glUniformMatrix4fv(uniform("uViewProjection"), 1, GL_FALSE,
                               glm::value_ptr(viewProjection));
            glUniform3fv(uniform("uCameraPosition"), 1, glm::value_ptr(camera.position));
            glUniform3fv(uniform("uSunDirection"), 1, glm::value_ptr(lighting.sunDirection));
            glUniform3fv(uniform("uSunColor"), 1, glm::value_ptr(lighting.sunColor));
            glUniform3fv(uniform("uSkyColor"), 1, glm::value_ptr(lighting.skyColor));
            glUniform3fv(uniform("uGroundColor"), 1, glm::value_ptr(lighting.groundColor));
            glUniform1f(uniform("uExposure"), lighting.exposure);
        }

        m_opaqueDraws.clear();
        m_maskDraws.clear();
        m_blendDraws.clear();
        for (const auto& inst : m_scene->instances) {
            if (!inst.worldBounds.empty() && !frustum.intersects(inst.worldBounds)) {
                ++stats.instancesCulled;
                continue;
            }
            ++stats.instancesDrawn;
            for (const auto& prim : m_meshes[static_cast<std::size_t>(inst.mesh)].primitives) {
                const AlphaMode mode =
                    prim.material >= 0
                        ? m_scene->materials[static_cast<std::size_t>(prim.material)].alphaMode
                        : AlphaMode::Opaque;
                const glm::vec3 centre =
                    glm::vec3(inst.world * glm::vec4(prim.bounds.center(), 1.0f));
                const Draw draw{glm::length(centre - camera.position), &prim, &inst.world,
                                chooseLod(prim, inst.world, camera.position, pixelsPerUnitAtOne)};
                (mode == AlphaMode::Blend  ? m_blendDraws
                 : mode == AlphaMode::Mask ? m_maskDraws
                                           : m_opaqueDraws)
                    .push_back(draw);
            }
        }
        // Opaque surfaces front to back, so that the depth test rejects what they hide before
        // it is shaded (a software rasteriser shades nothing it can reject early); then the
        // masked ones, which test depth only after shading.
        const auto nearFirst = [](const Draw& a, const Draw& b) { return a.distance < b.distance; };
        std::stable_sort(m_opaqueDraws.begin(), m_opaqueDraws.end(), nearFirst);
        std::stable_sort(m_maskDraws.begin(), m_maskDraws.end(), nearFirst);
        useProgram(shading.opaque);
        drawList(m_opaqueDraws, stats);
        if (!m_maskDraws.empty()) {
            useProgram(shading.masked);
            drawList(m_maskDraws, stats);
            useProgram(shading.opaque);
        }
        if (m_sceneHook) {
            glBindVertexArray(0);
            m_sceneHook(viewProjection);
            useProgram(shading.opaque);
            glEnable(GL_FRAMEBUFFER_SRGB);
            glEnable(GL_DEPTH_TEST);
        }
        if (!m_blendDraws.empty()) {
            // Back to front, so that what is nearer is blended over what is behind it.
            std::stable_sort(m_blendDraws.begin(), m_blendDraws.end(),
                             [](const Draw& a, const Draw& b) { return a.distance > b.distance; });
            glEnable(GL_BLEND);
            glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE,
                                GL_ONE_MINUS_SRC_ALPHA);
            glDepthMask(GL_FALSE);
            drawList(m_blendDraws, stats);
            glDepthMask(GL_TRUE);
            glDisable(GL_BLEND);
        }
        glBindVertexArray(0);
    }

    // Resolve the samples, then scale up to the output (one filtered blit when there is only
    // one sample: a single-sampled source may be scaled as it is copied).
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_msaaFbo.get());
    if (m_sceneFbo) {
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_sceneFbo.get());
        glBlitFramebuffer(0, 0, m_sceneSize.x, m_sceneSize.y, 0, 0, m_sceneSize.x, m_sceneSize.y,
                          GL_COLOR_BUFFER_BIT, GL_NEAREST);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, m_sceneFbo.get());
    }
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_resolveFbo.get());
    glBlitFramebuffer(0, 0, m_sceneSize.x, m_sceneSize.y, 0, 0, m_size.x, m_size.y,
                      GL_COLOR_BUFFER_BIT, m_sceneSize == m_size ? GL_NEAREST : GL_LINEAR);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return stats;
}

Image Renderer::readPixels() const {
    Image image;
    image.width = m_size.x;
    image.height = m_size.y;
    image.pixels.resize(static_cast<std::size_t>(m_size.x) * static_cast<std::size_t>(m_size.y) *
                        4);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_resolveFbo.get());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, m_size.x, m_size.y, GL_RGBA, GL_UNSIGNED_BYTE, image.pixels.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    // GL's rows run bottom to top; images run top to bottom.
    const std::size_t stride = static_cast<std::size_t>(m_size.x) * 4;
    std::vector<std::uint8_t> row(stride);
    for (int y = 0; y < m_size.y / 2; ++y) {
        auto* a = image.pixels.data() + static_cast<std::size_t>(y) * stride;
        auto* b = image.pixels.data() + static_cast<std::size_t>(m_size.y - 1 - y) * stride;
        std::memcpy(row.data(), a, stride);
        std::memcpy(a, b, stride);
        std::memcpy(b, row.data(), stride);
    }
    for (std::size_t i = 3; i < image.pixels.size(); i += 4) {
        image.pixels[i] = 255; // the frame is opaque; blended alpha is not meaningful here
    }
    return image;
}

void Renderer::bindResolvedFramebuffer() const {
    glBindFramebuffer(GL_FRAMEBUFFER, m_resolveFbo.get());
    glViewport(0, 0, m_size.x, m_size.y);
}

void Renderer::presentToWindow(glm::ivec2 windowSize) const {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_resolveFbo.get());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, m_size.x, m_size.y, 0, 0, windowSize.x, windowSize.y,
                      GL_COLOR_BUFFER_BIT, GL_LINEAR);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

} // namespace docent::engine
