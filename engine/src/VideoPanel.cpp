#include "engine/VideoPanel.h"
#include "ShaderProgram.h"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/type_ptr.hpp>

namespace docent::engine {

namespace shaders {
extern const char* const kPanelVert;
extern const char* const kPanelFrag;
} // namespace shaders

namespace {

enum TextureUnit : int { kUnitY = 0, kUnitU = 1, kUnitV = 2 };

float srgbToLinear(float c) {
    return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

// Luma weights (Kr, Kb) of each matrix; Kg = 1 - Kr - Kb.
glm::vec2 lumaWeights(YuvMatrix matrix) {
    switch (matrix) {
    case YuvMatrix::Bt601:
        return {0.299f, 0.114f};
    case YuvMatrix::Bt2020:
        return {0.2627f, 0.0593f};
    case YuvMatrix::Bt709:
    default:
        return {0.2126f, 0.0722f};
    }
}

// R'G'B' = matrix * (samples - offset), samples being the 8-bit codes / 255.
void yuvToRgb(YuvMatrix matrix, bool fullRange, glm::mat3& toRgb, glm::vec3& offset) {
    const glm::vec2 k = lumaWeights(matrix);
    const float kr = k.x;
    const float kb = k.y;
    const float kg = 1.0f - kr - kb;
    // Columns: the contribution of Y', Cb, Cr (Cb, Cr in -0.5..0.5).
    const glm::mat3 fromYcc(glm::vec3(1.0f, 1.0f, 1.0f),
                            glm::vec3(0.0f, -2.0f * kb * (1.0f - kb) / kg, 2.0f * (1.0f - kb)),
                            glm::vec3(2.0f * (1.0f - kr), -2.0f * kr * (1.0f - kr) / kg, 0.0f));
    // Limited range: Y' = (code - 16) / 219, C = (code - 128) / 224; full: Y' = code / 255,
    // C = (code - 128) / 255.
    const glm::vec3 scale =
        fullRange ? glm::vec3(1.0f) : glm::vec3(255.0f / 219.0f, 255.0f / 224.0f, 255.0f / 224.0f);
    toRgb = fromYcc *
            glm::mat3(glm::vec3(scale.x, 0, 0), glm::vec3(0, scale.y, 0), glm::vec3(0, 0, scale.z));
    offset = glm::vec3(fullRange ? 0.0f : 16.0f / 255.0f, 128.0f / 255.0f, 128.0f / 255.0f);
}

bool planeValid(const VideoPlane& plane, int bytesPerSample) {
    return plane.data != nullptr && plane.width > 0 && plane.height > 0 &&
           plane.stride >= plane.width * bytesPerSample;
}

// What a plane's texture holds: its storage, its client format and the bytes of one sample.
struct PlaneFormat {
    GLenum internalFormat;
    GLenum format;
    int bytesPerSample;
};
constexpr PlaneFormat kOneChannel{GL_R8, GL_RED, 1};
constexpr PlaneFormat kTwoChannels{GL_RG8, GL_RG, 2};     // NV12's interleaved UV
constexpr PlaneFormat kRgba{GL_SRGB8_ALPHA8, GL_RGBA, 4}; // decoded to linear by the sampler

void createPlaneTexture(GlTexture& texture, glm::ivec2 size, const PlaneFormat& plane) {
    GLuint name = 0;
    glGenTextures(1, &name);
    texture = GlTexture(name);
    glBindTexture(GL_TEXTURE_2D, name);
    glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(plane.internalFormat), size.x, size.y, 0,
                 plane.format, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

// Copies a plane into its texture; rows are read with the plane's stride. A stride that is not
// a whole number of samples (which UNPACK_ROW_LENGTH cannot express) goes through a packed copy.
void uploadPlane(const GlTexture& texture, const VideoPlane& plane, const PlaneFormat& format) {
    const int bytesPerSample = format.bytesPerSample;
    glBindTexture(GL_TEXTURE_2D, texture.get());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (plane.stride % bytesPerSample == 0) {
        glPixelStorei(GL_UNPACK_ROW_LENGTH, plane.stride / bytesPerSample);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, plane.width, plane.height, format.format,
                        GL_UNSIGNED_BYTE, plane.data);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        return;
    }
    const std::size_t row = static_cast<std::size_t>(plane.width) * bytesPerSample;
    std::vector<std::uint8_t> packed(row * static_cast<std::size_t>(plane.height));
    for (int y = 0; y < plane.height; ++y) {
        std::memcpy(packed.data() + row * static_cast<std::size_t>(y),
                    plane.data + static_cast<std::size_t>(plane.stride) * y, row);
    }
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, plane.width, plane.height, format.format,
                    GL_UNSIGNED_BYTE, packed.data());
}

} // namespace

VideoPanel::VideoPanel() = default;
VideoPanel::~VideoPanel() = default;

bool VideoPanel::init(std::string& error) {
    // Two variants of one source: RGBA_FRAME defined after the #version line, or not.
    std::string rgbaSource = shaders::kPanelFrag;
    rgbaSource.insert(rgbaSource.find('\n') + 1, "#define RGBA_FRAME\n");
    for (Program* program : {&m_yuv, &m_rgba}) {
        const bool rgba = program == &m_rgba;
        program->gl =
            buildProgram(shaders::kPanelVert, rgba ? rgbaSource.c_str() : shaders::kPanelFrag,
                         rgba ? "panel (RGBA)" : "panel", error);
        if (!program->gl) {
            return false;
        }
        const auto location = [&](const char* name) {
            return glGetUniformLocation(program->gl.get(), name);
        };
        Uniforms& u = program->uniforms;
        u.model = location("uModel");
        u.viewProjection = location("uViewProjection");
        u.outerOverPicture = location("uOuterOverPicture");
        u.brightness = location("uBrightness");
        u.placeholder = location("uPlaceholder");
        u.frame = location("uFrame");
        u.hasFrame = location("uHasFrame");
        u.yuvToRgb = location("uYuvToRgb");
        u.yuvOffset = location("uYuvOffset");
        u.nv12 = location("uNv12");
        u.contentSize = location("uContentSize");
        glUseProgram(program->gl.get());
        glUniform1i(location("uPlaneY"), kUnitY);
        glUniform1i(location("uPlaneU"), kUnitU);
        glUniform1i(location("uPlaneV"), kUnitV);
    }

    // Two counter-clockwise triangles facing +Z, as a strip.
    const float corners[] = {-0.5f, -0.5f, 0.5f, -0.5f, -0.5f, 0.5f, 0.5f, 0.5f};
    GLuint names[2] = {};
    glGenVertexArrays(1, &names[0]);
    glGenBuffers(1, &names[1]);
    m_vao = GlVertexArray(names[0]);
    m_vertices = GlBuffer(names[1]);
    glBindVertexArray(m_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, m_vertices.get());
    glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
    glBindVertexArray(0);
    return true;
}

void VideoPanel::upload(const VideoImage& image) {
    if (image.layout == YuvLayout::Rgba) {
        uploadRgba(image);
        return;
    }
    const bool nv12 = image.layout == YuvLayout::Nv12;
    const int planeCount = nv12 ? 2 : 3;
    bool valid = image.width > 0 && image.height > 0 && image.planeCount == planeCount &&
                 planeValid(image.planes[0], 1);
    for (int i = 1; valid && i < planeCount; ++i) {
        valid = planeValid(image.planes[i], nv12 ? 2 : 1) &&
                image.planes[i].width == image.planes[1].width &&
                image.planes[i].height == image.planes[1].height;
    }
    if (!valid) {
        ++m_rejectedUploads;
        return;
    }
    const glm::ivec2 luma(image.planes[0].width, image.planes[0].height);
    const glm::ivec2 chroma(image.planes[1].width, image.planes[1].height);
    if (!m_planes[0] || luma != m_lumaSize || chroma != m_chromaSize || image.layout != m_layout) {
        createPlaneTexture(m_planes[0], luma, kOneChannel);
        createPlaneTexture(m_planes[1], chroma, nv12 ? kTwoChannels : kOneChannel);
        if (nv12) {
            m_planes[2].reset();
        } else {
            createPlaneTexture(m_planes[2], chroma, kOneChannel);
        }
        m_layout = image.layout;
        m_lumaSize = luma;
        m_chromaSize = chroma;
        ++m_textureGeneration;
    }
    for (int i = 0; i < planeCount; ++i) {
        uploadPlane(m_planes[i], image.planes[i], nv12 && i == 1 ? kTwoChannels : kOneChannel);
    }
    m_matrix = image.matrix;
    m_fullRange = image.fullRange;
    m_pictureSize = {image.width, image.height};
    m_hasFrame = true;
}

void VideoPanel::uploadRgba(const VideoImage& image) {
    const VideoPlane& plane = image.planes[0];
    if (image.width <= 0 || image.height <= 0 || image.planeCount != 1 || !planeValid(plane, 4) ||
        plane.width != image.width || plane.height != image.height) {
        ++m_rejectedUploads;
        return;
    }
    const glm::ivec2 size(image.width, image.height);
    if (!m_planes[0] || size != m_lumaSize || m_layout != YuvLayout::Rgba) {
        createPlaneTexture(m_planes[0], size, kRgba);
        m_planes[1].reset();
        m_planes[2].reset();
        m_layout = YuvLayout::Rgba;
        m_lumaSize = size;
        m_chromaSize = glm::ivec2(0);
        ++m_textureGeneration;
    }
    uploadPlane(m_planes[0], plane, kRgba);
    m_pictureSize = size;
    m_hasFrame = true;
}

void VideoPanel::draw(const glm::mat4& viewProjection, const PanelPlacement& placement,
                      float brightness) {
    Program& program = programFor(m_hasFrame ? m_layout : YuvLayout::I420);
    if (!program.gl || !(placement.widthMetres > 0.0f)) {
        return;
    }
    const Uniforms& uniforms = program.uniforms;
    const glm::vec2 picture(placement.widthMetres, placement.widthMetres / kScreenAspect);
    const glm::vec2 outer = picture + glm::vec2(2.0f * kFrameMetres);
    glm::mat4 model = glm::translate(glm::mat4(1.0f), placement.centre);
    model = glm::rotate(model, glm::radians(placement.yawDegrees), glm::vec3(0.0f, 1.0f, 0.0f));
    model = glm::scale(model, glm::vec3(outer, 1.0f));

    glUseProgram(program.gl.get());
    glUniformMatrix4fv(uniforms.model, 1, GL_FALSE, glm::value_ptr(model));
    glUniformMatrix4fv(uniforms.viewProjection, 1, GL_FALSE, glm::value_ptr(viewProjection));
    glUniform2fv(uniforms.outerOverPicture, 1, glm::value_ptr(outer / picture));
    glUniform1f(uniforms.brightness, std::max(brightness, 0.0f));
    glUniform1f(uniforms.placeholder, srgbToLinear(kPlaceholderSrgb));
    glUniform1f(uniforms.frame, srgbToLinear(kFrameSrgb));
    glUniform1i(uniforms.hasFrame, m_hasFrame ? 1 : 0);
    if (m_hasFrame) {
        const bool nv12 = m_layout == YuvLayout::Nv12;
        glm::mat3 toRgb(1.0f);
        glm::vec3 offset(0.0f);
        yuvToRgb(m_matrix, m_fullRange, toRgb, offset);
        glUniformMatrix3fv(uniforms.yuvToRgb, 1, GL_FALSE, glm::value_ptr(toRgb));
        glUniform3fv(uniforms.yuvOffset, 1, glm::value_ptr(offset));
        glUniform1i(uniforms.nv12, nv12 ? 1 : 0);
        // Fit the video inside the 16:9 area: bars at the sides or at the top and bottom.
        const float videoAspect =
            static_cast<float>(m_pictureSize.x) / static_cast<float>(m_pictureSize.y);
        const glm::vec2 content = videoAspect < kScreenAspect
                                      ? glm::vec2(videoAspect / kScreenAspect, 1.0f)
                                      : glm::vec2(1.0f, kScreenAspect / videoAspect);
        glUniform2fv(uniforms.contentSize, 1, glm::value_ptr(content));
        for (int unit = 0; unit < 3; ++unit) {
            // NV12 has no third plane: unit 2 gets the UV texture so that every sampler is
            // complete.
            const GlTexture& texture = m_layout == YuvLayout::Rgba ? m_planes[0]
                                       : (nv12 && unit == kUnitV)  ? m_planes[kUnitU]
                                                                   : m_planes[unit];
            glActiveTexture(static_cast<GLenum>(GL_TEXTURE0 + unit));
            glBindTexture(GL_TEXTURE_2D, texture.get());
        }
        glActiveTexture(GL_TEXTURE0);
    }
    glDisable(GL_BLEND);
    glEnable(GL_CULL_FACE);
    glCullFace(GL_BACK);
    glFrontFace(GL_CCW);
    glBindVertexArray(m_vao.get());
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
}

void VideoPanel::drawPictureInPicture(glm::ivec2 framebufferSize, float widthFraction,
                                      float brightness) {
    if (framebufferSize.x <= 0 || framebufferSize.y <= 0) {
        return;
    }
    constexpr float kMarginFraction = 0.02f; // of the framebuffer's width, from the corner
    const auto size = glm::vec2(framebufferSize);
    const float width = size.x * widthFraction;
    const float margin = size.x * kMarginFraction;
    PanelPlacement corner;
    corner.widthMetres = width; // in pixels here: the projection below is in pixels
    corner.centre = {size.x - margin - width / 2.0f, margin + width / kScreenAspect / 2.0f, 0.0f};
    const glm::mat4 pixels = glm::ortho(0.0f, size.x, 0.0f, size.y, -1.0f, 1.0f);
    const GLboolean depthTest = glIsEnabled(GL_DEPTH_TEST);
    glDisable(GL_DEPTH_TEST);
    draw(pixels, corner, brightness);
    if (depthTest) {
        glEnable(GL_DEPTH_TEST);
    }
}

} // namespace docent::engine
