#pragma once
// Move-only owners of OpenGL object names. Copying is deleted; a moved-from handle is empty
// and may be destroyed without a current context; release() hands the raw name over.
// Thread: the render thread (the one whose context is current) only.

#include <utility>

namespace docent::engine {

using GlDeleter = void (*)(unsigned int name);

template <GlDeleter Delete>
class GlHandle {
public:
    GlHandle() = default;
    explicit GlHandle(unsigned int name) : m_name(name) {}
    ~GlHandle() { reset(); }
    GlHandle(const GlHandle&) = delete;
    GlHandle& operator=(const GlHandle&) = delete;
    GlHandle(GlHandle&& other) noexcept : m_name(other.release()) {}
    GlHandle& operator=(GlHandle&& other) noexcept {
        if (this != &other) {
            reset(other.release());
        }
        return *this;
    }

    unsigned int get() const { return m_name; }
    explicit operator bool() const { return m_name != 0; }
    unsigned int release() { return std::exchange(m_name, 0u); }
    void reset(unsigned int name = 0) {
        if (m_name != 0) {
            Delete(m_name);
        }
        m_name = name;
    }

private:
    unsigned int m_name = 0;
};

void deleteGlBuffer(unsigned int name);
void deleteGlVertexArray(unsigned int name);
void deleteGlTexture(unsigned int name);
void deleteGlFramebuffer(unsigned int name);
void deleteGlRenderbuffer(unsigned int name);
void deleteGlProgram(unsigned int name);
void deleteGlShader(unsigned int name);

using GlBuffer = GlHandle<&deleteGlBuffer>;
using GlVertexArray = GlHandle<&deleteGlVertexArray>;
using GlTexture = GlHandle<&deleteGlTexture>;
using GlFramebuffer = GlHandle<&deleteGlFramebuffer>;
using GlRenderbuffer = GlHandle<&deleteGlRenderbuffer>;
using GlProgram = GlHandle<&deleteGlProgram>;
using GlShader = GlHandle<&deleteGlShader>;

} // namespace docent::engine
