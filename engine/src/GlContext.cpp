#include "engine/GlContext.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdlib>

namespace docent::engine {
namespace {

constexpr int kGlMajor = 4;
constexpr int kGlMinor = 1;

class EglContext final : public GlContext {
public:
    ~EglContext() override {
        if (m_display != EGL_NO_DISPLAY) {
            eglMakeCurrent(m_display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
            if (m_context != EGL_NO_CONTEXT) {
                eglDestroyContext(m_display, m_context);
            }
            eglTerminate(m_display);
        }
    }

    bool init(std::string& error) {
        // Mesa's surfaceless platform needs no display server at all.
        m_display = eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA,
                                          reinterpret_cast<void*>(EGL_DEFAULT_DISPLAY), nullptr);
        if (m_display == EGL_NO_DISPLAY) {
            // Other drivers (NVIDIA's) expose their device through the default display.
            m_display = eglGetDisplay(EGL_DEFAULT_DISPLAY);
        }
        if (m_display == EGL_NO_DISPLAY) {
            error = "EGL: no display (is Mesa's EGL, libegl-mesa0, installed?)";
            return false;
        }
        EGLint major = 0;
        EGLint minor = 0;
        if (!eglInitialize(m_display, &major, &minor)) {
            error = "EGL: eglInitialize failed (error 0x" + hex(eglGetError()) + ")";
            m_display = EGL_NO_DISPLAY;
            return false;
        }
        if (!eglBindAPI(EGL_OPENGL_API)) {
            error = "EGL: desktop OpenGL is not available";
            return false;
        }
        const EGLint attributes[] = {EGL_CONTEXT_MAJOR_VERSION,
                                     kGlMajor,
                                     EGL_CONTEXT_MINOR_VERSION,
                                     kGlMinor,
                                     EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                     EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                     EGL_NONE};
        // The surfaceless platform offers no EGLConfig; contexts without one are the way in.
        m_context = eglCreateContext(m_display, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attributes);
        if (m_context == EGL_NO_CONTEXT) {
            error = "EGL: cannot create an OpenGL 4.1 core context (error 0x" + hex(eglGetError()) +
                    ")";
            return false;
        }
        if (!eglMakeCurrent(m_display, EGL_NO_SURFACE, EGL_NO_SURFACE, m_context)) {
            error = "EGL: cannot make the context current";
            return false;
        }
        if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress))) {
            error = "cannot load the OpenGL 4.1 entry points";
            return false;
        }
        return true;
    }

    bool headless() const override { return true; }
    glm::ivec2 framebufferSize() const override { return {0, 0}; }
    void swapBuffers() override {}

private:
    static std::string hex(EGLint value) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(value));
        return buf;
    }

    EGLDisplay m_display = EGL_NO_DISPLAY;
    EGLContext m_context = EGL_NO_CONTEXT;
};

class GlfwContext final : public GlContext {
public:
    ~GlfwContext() override {
        if (m_window) {
            glfwDestroyWindow(m_window);
        }
        glfwTerminate();
    }

    bool init(int width, int height, const std::string& title, std::string& error) {
        glfwSetErrorCallback(nullptr);
        if (!glfwInit()) {
            const char* description = nullptr;
            glfwGetError(&description);
            error = std::string("GLFW: cannot initialise: ") +
                    (description ? description : "unknown error");
            return false;
        }
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, kGlMajor);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, kGlMinor);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE); // required on macOS
        glfwWindowHint(GLFW_SRGB_CAPABLE, GLFW_TRUE);
        glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
        m_window = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
        if (!m_window) {
            const char* description = nullptr;
            glfwGetError(&description);
            error = std::string("GLFW: cannot open an OpenGL 4.1 window: ") +
                    (description ? description : "unknown error");
            return false;
        }
        glfwMakeContextCurrent(m_window);
        glfwSwapInterval(1);
        if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) {
            error = "cannot load the OpenGL 4.1 entry points";
            return false;
        }
        return true;
    }

    bool headless() const override { return false; }
    glm::ivec2 framebufferSize() const override {
        int w = 0;
        int h = 0;
        glfwGetFramebufferSize(m_window, &w, &h);
        return {w, h};
    }
    void swapBuffers() override { glfwSwapBuffers(m_window); }
    GLFWwindow* window() const override { return m_window; }

private:
    GLFWwindow* m_window = nullptr;
};

} // namespace

std::unique_ptr<GlContext> GlContext::createHeadless(std::string& error) {
    auto context = std::unique_ptr<EglContext>(new EglContext());
    if (!context->init(error)) {
        return nullptr;
    }
    return context;
}

std::unique_ptr<GlContext> GlContext::createWindow(int width, int height, const std::string& title,
                                                   std::string& error) {
    auto context = std::unique_ptr<GlfwContext>(new GlfwContext());
    if (!context->init(width, height, title, error)) {
        return nullptr;
    }
    return context;
}

std::string GlContext::rendererName() const {
    const auto* s = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return s ? s : "";
}

std::string GlContext::versionString() const {
    const auto* s = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    return s ? s : "";
}

bool displayAvailable() {
    const char* x11 = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x11 && *x11) || (wayland && *wayland);
}

} // namespace docent::engine
