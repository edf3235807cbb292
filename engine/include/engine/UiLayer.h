#pragma once
// Hosts Dear ImGui over the rendered scene: in a GLFW window (mouse, keyboard and touch through
// ImGui's GLFW backend) or headless (a fixed display size and time step, no input), drawn with
// the OpenGL 3 backend into whatever framebuffer is bound, so that screenshots include the UI.
//
// Thread: the render thread only, with the context current. One UiLayer per context (ImGui's
// backends keep global state). init() failing leaves the layer inert with a message.

#include <glm/glm.hpp>

#include <string>

struct GLFWwindow;
struct ImGuiContext;

namespace docent::engine {

class UiLayer {
public:
    UiLayer() = default;
    ~UiLayer();
    UiLayer(const UiLayer&) = delete;
    UiLayer& operator=(const UiLayer&) = delete;

    // window: the GLFW window that gives input, or nullptr when headless.
    bool init(GLFWwindow* window, std::string& error);

    // Starts a UI frame of the framebuffer's size; ImGui calls may follow until draw().
    void beginFrame(glm::ivec2 framebufferSize, float dtSeconds);
    // Draws the UI into the framebuffer that is bound now (its content is sRGB-encoded).
    void draw();
    // Ends the frame without drawing it. ImGui sizes auto-sized windows on their first frame
    // and shows them from the second, so a one-frame headless run warms the UI up with this.
    void discardFrame();

    bool active() const { return m_context != nullptr; }
    // True when ImGui wants the mouse or keyboard (the scene should then ignore them).
    bool wantsMouse() const;
    bool wantsKeyboard() const;

private:
    ImGuiContext* m_context = nullptr;
    bool m_glfw = false;
};

} // namespace docent::engine
