#pragma once
// An OpenGL 4.1 core context: a GLFW window, or headless through EGL on Mesa's surfaceless
// platform (no display, no window system). Both load the GL entry points with glad.
//
// Thread: a context is created on, and used from, the render thread only. Creation failure
// (no display, no EGL, no GL 4.1) returns nullptr with a one-line reason; it never aborts.

#include <glm/glm.hpp>

#include <memory>
#include <string>

struct GLFWwindow;

namespace docent::engine {

class GlContext {
public:
    virtual ~GlContext() = default;
    GlContext(const GlContext&) = delete;
    GlContext& operator=(const GlContext&) = delete;

    // A context with no window: the caller renders into its own framebuffer objects.
    static std::unique_ptr<GlContext> createHeadless(std::string& error);
    // A visible window of the given size in screen coordinates (resizable, 4x MSAA is done by
    // the renderer's own framebuffer, not by the window).
    static std::unique_ptr<GlContext> createWindow(int width, int height, const std::string& title,
                                                   std::string& error);

    virtual bool headless() const = 0;
    // Size of the window's framebuffer in pixels; (0, 0) when headless.
    virtual glm::ivec2 framebufferSize() const = 0;
    virtual void swapBuffers() = 0;
    virtual GLFWwindow* window() const { return nullptr; }

    // GL_RENDERER and GL_VERSION strings, for logs and --stats.
    std::string rendererName() const;
    std::string versionString() const;

protected:
    GlContext() = default;
};

// True when a window can be opened (an X11 or Wayland display is named in the environment).
bool displayAvailable();

} // namespace docent::engine
