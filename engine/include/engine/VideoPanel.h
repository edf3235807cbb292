#pragma once
// The guide's video shown on a screen inside the gallery: a flat 16:9 panel with a thin dark
// frame, placed in the world and drawn from Renderer's scene hook. Decoded frames arrive as
// 8-bit Y'CbCr planes (I420 or NV12, any row stride); they are copied to single- and two-channel
// textures and converted to colour in the fragment shader with the frame's matrix (BT.601, 709,
// 2020) and range (limited or full). A video of another aspect is letterboxed or pillarboxed
// with black bars inside the 16:9 screen; before the first frame the screen is a dark grey.
//
// The decoder side is not known here: the caller maps its frames to VideoImage (the engine
// includes no FFmpeg header).
//
// Textures are re-created only when the frame size or layout changes; other frames are copied
// into the existing textures. The last uploaded frame is kept and redrawn until the next one, so
// the caller uploads at most once per drawn frame and only when the decoder has a new picture.
//
// Thread: the render thread only (a current GL context is required for every call but the
// constructor, hasFrame(), textureGeneration() and the destructor). Failures: init() reports a
// shader that does not compile or link through its message; upload() ignores a malformed image
// (missing planes, null data, a stride shorter than a row), keeping the last frame, and counts
// it in rejectedUploads(); draw() before a successful init() draws nothing.

#include <glm/glm.hpp>

#include <cstdint>
#include <string>

#include "engine/GlHandle.h"

namespace docent::engine {

// I420: Y, U, V planes; NV12: Y plane + interleaved UV plane. Chroma is subsampled 2x2 in both.
// Rgba: one plane of R'G'B'A, already converted (by the decoder's thread) and sRGB-encoded: one
// texture to sample instead of three, which is what a software rasteriser pays for per pixel.
enum class YuvLayout { I420, Nv12, Rgba };
enum class YuvMatrix { Bt601, Bt709, Bt2020 };

// One plane of a frame: stride in bytes per row; width and height in samples (an NV12 UV plane
// of a 64x36 frame is 32x18 samples of two bytes each). The data is only read during upload().
struct VideoPlane {
    const std::uint8_t* data = nullptr;
    int stride = 0;
    int width = 0;
    int height = 0;
};

// A decoded 8-bit frame. width and height are the picture size in pixels (square pixels are
// assumed for the aspect); planeCount is 3 for I420, 2 for NV12 and 1 for Rgba (whose matrix and
// range are not used).
struct VideoImage {
    YuvLayout layout = YuvLayout::I420;
    int width = 0;
    int height = 0;
    YuvMatrix matrix = YuvMatrix::Bt709;
    bool fullRange = false; // false: limited ("TV") range, Y' 16..235, Cb/Cr 16..240
    VideoPlane planes[3];
    int planeCount = 0;
};

// Where the screen hangs, in world space (metres, +Y up).
struct PanelPlacement {
    glm::vec3 centre{0.0f};
    // The direction a viewer in front of it looks, as Camera::yawDegrees: yaw 0 means the panel
    // faces +Z (seen by a camera of yaw 0 standing on its +Z side).
    float yawDegrees = 0.0f;
    // The width of the 16:9 picture area; the frame adds kFrameMetres on every side.
    float widthMetres = 3.2f;
};

class VideoPanel {
public:
    static constexpr float kScreenAspect = 16.0f / 9.0f; // width / height of the picture area
    static constexpr float kFrameMetres = 0.05f;         // frame border, on each side
    static constexpr float kPlaceholderSrgb = 0.2f;      // grey level of the screen with no frame
    static constexpr float kFrameSrgb = 0.06f;           // grey level of the frame (sRGB-encoded)

    VideoPanel();
    ~VideoPanel();
    VideoPanel(const VideoPanel&) = delete;
    VideoPanel& operator=(const VideoPanel&) = delete;

    // Compiles the panel shader and creates the quad. False with a message on failure.
    bool init(std::string& error);

    // Copies the planes to R8 (Y, U, V), R8 + RG8 (Y, UV) or one sRGB RGBA8 texture, honouring
    // the strides.
    // Re-creates the textures only when the frame size or layout changes. A malformed image is
    // ignored (see the top of this file).
    void upload(const VideoImage& image);
    // Forgets the current frame: the screen shows the placeholder until the next upload (the
    // textures are kept for it).
    void clearFrame() { m_hasFrame = false; }
    bool hasFrame() const { return m_hasFrame; }

    // Draws the screen and its frame (front face only) with the current frame, or the dark grey
    // placeholder when there is none. Writes linear colour for the sRGB target; depth-tested.
    // brightness multiplies the picture in linear light: 1 normal, e.g. 0.4 dimmed while the
    // stream reconnects. Call from Renderer's scene hook (or with any sRGB target bound). Leaves
    // the framebuffer bindings alone; changes the program, the vertex array, texture units 0-2,
    // blending (off), culling (on, back faces) and the front face (counter-clockwise).
    void draw(const glm::mat4& viewProjection, const PanelPlacement& placement, float brightness);

    // The same picture as a 2D picture-in-picture in the bottom-right corner of the bound
    // framebuffer (framebufferSize pixels), widthFraction of its width, over everything (no depth
    // test; restored after). For the resolved frame, before the UI.
    void drawPictureInPicture(glm::ivec2 framebufferSize, float widthFraction, float brightness);

    // How many times the textures were (re)created: for tests and statistics.
    int textureGeneration() const { return m_textureGeneration; }
    int rejectedUploads() const { return m_rejectedUploads; }

private:
    // Uniform locations of the panel program, looked up once in init().
    struct Uniforms {
        int model = -1;
        int viewProjection = -1;
        int outerOverPicture = -1;
        int brightness = -1;
        int placeholder = -1;
        int frame = -1;
        int hasFrame = -1;
        int yuvToRgb = -1;
        int yuvOffset = -1;
        int nv12 = -1;
        int contentSize = -1;
    };

    struct Program {
        GlProgram gl;
        Uniforms uniforms;
    };
    Program m_yuv;  // Y'CbCr planes, converted in the shader
    Program m_rgba; // converted frames: one texture read
    void uploadRgba(const VideoImage& image);
    Program& programFor(YuvLayout layout) { return layout == YuvLayout::Rgba ? m_rgba : m_yuv; }
    GlVertexArray m_vao;
    GlBuffer m_vertices;
    GlTexture m_planes[3]; // Y, U, V (I420) or Y, UV (NV12)

    // What the textures were created for; a frame of another shape re-creates them.
    YuvLayout m_layout = YuvLayout::I420;
    glm::ivec2 m_lumaSize{0};
    glm::ivec2 m_chromaSize{0};

    // The displayed frame's colour description and picture size.
    bool m_hasFrame = false;
    YuvMatrix m_matrix = YuvMatrix::Bt709;
    bool m_fullRange = false;
    glm::ivec2 m_pictureSize{0};

    int m_textureGeneration = 0;
    int m_rejectedUploads = 0;
};

} // namespace docent::engine
