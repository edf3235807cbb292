#pragma once
// Draws a SceneAsset with OpenGL 4.1 core: glTF metallic-roughness materials (plus unlit,
// texture transforms, emissive strength), alpha mask and blend (blend sorted back to front),
// double-sided materials, mipmapped and anisotropically filtered textures, MSAA, sRGB-correct
// shading with tone mapping, and frustum culling per mesh instance.
//
// The renderer draws into its own multisampled framebuffer and resolves it into a texture,
// so headless and windowed runs produce the same pixels; a window gets the resolved image
// blitted to its back buffer. The quality setting's levers: the scene may be drawn at a fraction
// of the output's size and scaled up into it (overlays still draw at full size on the output),
// with one sample, and with simple shading.
//
// Thread: the render thread only (a current GL context is required for every call but the
// constructor and destructor of an uninitialised renderer). Failures (a shader that does not
// compile, an incomplete framebuffer) are reported through init()/resize() with a message.

#include <glm/glm.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/Camera.h"
#include "engine/GlHandle.h"
#include "engine/Image.h"
#include "engine/SceneAsset.h"

namespace docent::engine {

struct LightingSettings {
    glm::vec3 sunDirection = glm::normalize(glm::vec3(0.35f, 0.85f, 0.4f)); // towards the sun
    glm::vec3 sunColor{2.6f, 2.5f, 2.3f};       // warm daylight through high windows
    glm::vec3 skyColor{0.42f, 0.45f, 0.50f};    // light from above: skylights, pale ceilings
    glm::vec3 groundColor{0.16f, 0.14f, 0.12f}; // bounce from a wooden or stone floor
    float exposure = 1.0f;
    glm::vec3 clearColor{0.05f, 0.05f, 0.06f}; // linear
};

struct DrawStats {
    std::size_t instancesDrawn = 0;
    std::size_t instancesCulled = 0;
    std::size_t drawCalls = 0;
    std::size_t triangles = 0;
    std::size_t coarserDraws = 0; // draws at one of the primitive's levels of detail
};

class Renderer {
public:
    Renderer();
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Compiles the shaders and creates the default textures. False with a message on failure.
    bool init(std::string& error);

    // Uploads every mesh and texture of the asset (replacing any previous scene). The asset
    // must outlive the renderer's use of it (instances and materials are read at draw time).
    // With a budget (bytes, 0 = none), textures are uploaded at lower mip levels, the largest
    // first, until geometry and textures fit (GpuBudget.h); false with a message, and no scene,
    // when the geometry alone does not fit.
    bool setScene(const SceneAsset& asset, std::size_t budgetBytes, std::string& error);
    void setScene(const SceneAsset& asset);

    // (Re)creates the offscreen targets when the size or sample count changes.
    bool resize(glm::ivec2 size, int msaaSamples, std::string& error);
    // The same, with the scene drawn at `renderScale` (kMinRenderScale..1) of the size in each
    // direction and scaled up, filtered, to the output: the quality setting's fill-rate lever.
    // Overlays (the UI, the picture-in-picture) still draw on the output at the full size.
    bool resize(glm::ivec2 size, int msaaSamples, float renderScale, std::string& error);
    static constexpr float kMinRenderScale = 0.25f;
    // The size the scene is drawn at for an output size and a scale (at least 1x1).
    static glm::ivec2 scaledSize(glm::ivec2 size, float renderScale);

    // Draws the scene from the camera into the offscreen targets and resolves them.
    DrawStats render(const Camera& camera, const LightingSettings& lighting);

    // Called during render() after the scene's opaque and masked geometry and before the
    // blended geometry, with the multisampled target bound and depth testing on: for things
    // that live in the scene but are not part of the glTF (the guide's video panel). The hook
    // may change GL state the renderer sets per draw; it must leave framebuffer bindings alone.
    using SceneHook = std::function<void(const glm::mat4& viewProjection)>;
    void setSceneHook(SceneHook hook) { m_sceneHook = std::move(hook); }

    // The output frame as RGBA8 (sRGB-encoded), rows top to bottom, at the full size.
    Image readPixels() const;
    // Binds the resolved frame as the draw target, for overlays (the UI) drawn after render().
    void bindResolvedFramebuffer() const;
    // Copies the resolved frame to the window's default framebuffer (of the given size).
    void presentToWindow(glm::ivec2 windowSize) const;

    // Simple shading (the lower quality levels): diffuse light on the geometric normal and the
    // base colour only, without normal, metallic-roughness and occlusion maps or specular
    // highlights. Emissive, alpha modes and unlit materials are kept.
    void setSimpleShading(bool simple) { m_simpleShading = simple; }
    bool simpleShading() const { return m_simpleShading; }

    // Geometry levels of detail (PrimitiveData::lods): each primitive is drawn at its coarsest
    // level whose error, projected from the nearest point of the primitive's box, stays within
    // this many of the scene's pixels; 0 always draws the full triangles. A shaded (not unlit)
    // level must also have triangles no larger than that on screen: its surface may lie within
    // a pixel of the full one, but its normals are interpolated across its larger triangles, and
    // the light on a bumpy surface would change where they cover several pixels. Scans lit by
    // their own texture (unlit) gain the most. At the default of one pixel a change of level is
    // not visible at walking speed.
    void setLodPixelError(float pixels) { m_lodPixelError = std::max(0.0f, pixels); }
    float lodPixelError() const { return m_lodPixelError; }

    glm::ivec2 size() const { return m_size; }
    glm::ivec2 sceneSize() const { return m_sceneSize; } // the scene's pixels before scaling
    int samples() const { return m_samples; }
    // The anisotropic filtering level textures get (1 = off; off on software rasterisers).
    float maxAnisotropy() const { return m_maxAnisotropy; }
    // True when the current context renders on the CPU (llvmpipe, softpipe, SwiftShader).
    static bool isSoftwareRenderer();
    // docent's own count of the GPU memory it asked for: the scene's textures and geometry, and
    // the render targets. Software renderers have no query for it.
    std::size_t gpuTextureBytes() const { return m_textureBytes; }
    std::size_t gpuGeometryBytes() const { return m_geometryBytes; }
    std::size_t gpuTargetBytes() const { return m_targetBytes; }
    // Textures of the current scene uploaded below full size to fit the budget, and the mip
    // levels dropped from them in all.
    int texturesReduced() const { return m_texturesReduced; }
    int textureLevelsDropped() const { return m_textureLevelsDropped; }
    // A budget for the scene's geometry and textures on this machine, with a context current:
    // three quarters of the dedicated memory the driver reports (NVX_gpu_memory_info, or the
    // free texture memory of ATI_meminfo); on a software renderer, a quarter of the RAM, at most
    // 4 GiB; on other hardware, 1 GiB.
    static std::size_t defaultGpuBudget();

    // Progressive loading: an image the scene left pending (ImageData::pending) arrives, as a
    // preview or in full. Every texture that uses it is (re)created at its planned level;
    // `levelsDropped` says how many halvings `image` already had (a preview: 3). The budget
    // stays respected: a preview is never larger than the planned level.
    void uploadImage(int imageIndex, const Image& image, int levelsDropped);
    // Textures of the scene still waiting for their image (drawn with white meanwhile).
    int texturesWaiting() const;

private:
    struct GpuLod {
        int firstIndex = 0; // into the primitive's index buffer, after the full triangles
        int indexCount = 0;
        float error = 0.0f;    // local units
        float meanEdge = 0.0f; // of its triangles, local units
    };
    struct GpuPrimitive {
        GlVertexArray vao;
        GlBuffer vertices;
        GlBuffer indices; // the full triangles, then each level's
        int indexCount = 0;
        std::vector<GpuLod> lods;
        bool lit = true; // its material is shaded (not KHR_materials_unlit)
        int material = -1;
        bool hasNormals = false;
        bool hasTangents = false;
        Aabb bounds;
    };
    struct GpuMesh {
        std::vector<GpuPrimitive> primitives;
    };

    unsigned int textureFor(int textureIndex, bool srgb) const;
    void createTexture(int textureIndex, bool srgb, const Image& image, int drop);
    void uploadMesh(const MeshData& mesh);
    void bindMaterial(int materialIndex);
    struct Draw;
    void drawPrimitive(const Draw& draw, DrawStats& stats);

    const SceneAsset* m_scene = nullptr;
    SceneHook m_sceneHook;
    // The scene's programs, in full and simple shading: opaque and blended materials, and
    // masked ones (the only variant that discards). Uniform locations are cached by the address
    // of the name: every caller passes a string literal, so a lookup on the draw path costs no
    // allocation.
    struct Program {
        GlProgram gl;
        std::unordered_map<const char*, int> uniforms;
    };
    struct Shading {
        Program opaque;
        Program masked;
    };
    Shading m_full;
    Shading m_simple;
    bool m_simpleShading = false;
    Program* m_current = &m_full.opaque; // the program in use: what uniform() looks up
    void useProgram(Program& program);
    int uniform(const char* name);
    // Reused from frame to frame: the draw lists cost no allocation once they have grown.
    struct Draw {
        float distance = 0.0f; // of the primitive's centre from the eye
        const GpuPrimitive* primitive = nullptr;
        const glm::mat4* world = nullptr;
        int lod = -1; // index into primitive->lods; -1: the full triangles
    };
    float m_lodPixelError = 1.0f;
    int chooseLod(const GpuPrimitive& primitive, const glm::mat4& world, const glm::vec3& eye,
                  float pixelsPerUnitAtOne) const;
    std::vector<Draw> m_opaqueDraws;
    std::vector<Draw> m_maskDraws;
    std::vector<Draw> m_blendDraws;
    void drawList(const std::vector<Draw>& draws, DrawStats& stats);

    std::vector<GpuMesh> m_meshes;
    std::map<std::pair<int, bool>, GlTexture> m_textures; // (texture index, sRGB) -> GL texture
    struct TexturePlan {
        int image = -1;
        int drop = 0;          // levels below the image's full size (the budget's choice)
        std::size_t bytes = 0; // of the GL texture now, 0 while none
        bool complete = false; // uploaded at its planned level
    };
    std::map<std::pair<int, bool>, TexturePlan> m_texturePlans;
    GlTexture m_white;
    GlTexture m_flatNormal;
    float m_maxAnisotropy = 1.0f;

    glm::ivec2 m_size{0};      // the output
    glm::ivec2 m_sceneSize{0}; // the scene's targets: the output's size times the render scale
    int m_samples = 0;
    GlFramebuffer m_msaaFbo;
    GlRenderbuffer m_msaaColor;
    GlRenderbuffer m_msaaDepth;
    GlFramebuffer m_sceneFbo; // the resolved scene, only when it is both multisampled and scaled
    GlTexture m_sceneColor;
    GlFramebuffer m_resolveFbo; // the output, at the full size
    GlTexture m_resolveColor;

    std::size_t m_textureBytes = 0;
    std::size_t m_geometryBytes = 0;
    std::size_t m_targetBytes = 0;
    int m_texturesReduced = 0;
    int m_textureLevelsDropped = 0;
};

} // namespace docent::engine
