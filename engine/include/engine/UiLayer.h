#pragma once
// Hosts Dear ImGui over the rendered scene: in a GLFW window (mouse, keyboard and touch through
// ImGui's GLFW backend) or headless (a fixed display size and time step, no input), drawn with
// the OpenGL 3 backend into whatever framebuffer is bound, so that screenshots include the UI.
//
// Thread: the render thread only, with the context current. One UiLayer per context (ImGui's
// backends keep global state). init() failing leaves the layer inert with a message.

#include <glm/glm.hpp>

#include <cstdint>
#include <string>
#include <vector>

struct GLFWwindow;
struct ImGuiContext;

namespace docent::engine {

class UiLayer {
public:
    UiLayer() = default;
    ~UiLayer();
    UiLayer(const UiLayer&) = delete;
    UiLayer& operator=(const UiLayer&) = delete;

    // window: the GLFW window that gives input, or nullptr when headless. text: every string the
    // UI may show (UTF-8; the scene's texts in all languages and the UI's own): the font atlas
    // holds Latin from DejaVu Sans plus exactly the other characters text uses, CJK ones from
    // Noto Sans CJK SC (fonts-noto-cjk), found through fontconfig (else at Debian's path;
    // DOCENT_CJK_FONT=path[:index] overrides both). A missing CJK
    // font is a warning naming the package; the text then shows without those characters.
    // scale: the UI's size (0.5 to 6: the visitor's setting times the monitor's content
    // scale); the font atlas is built at that size, so text stays
    // crisp. highContrast: white on black with a yellow keyboard-focus frame.
    bool init(GLFWwindow* window, std::string& error, const std::string& text = {},
              float scale = 1.0f, bool highContrast = false);

    // What went wrong while building the fonts (a missing font file, naming its package), for the
    // app's log; appended to by each rebuild.
    const std::vector<std::string>& warnings() const { return m_warnings; }
    // The characters of init()'s text that no loaded font has (U+XXXX each), after init().
    const std::vector<std::uint32_t>& missingGlyphs() const { return m_missing; }
    // The characters of text that the atlas has no glyph for (they would show as '?'), after
    // init(): a check of what was actually shown.
    std::vector<std::uint32_t> missingGlyphsIn(const std::string& text) const;

    // Headless runs: the pointer and keys (GLFW key codes) held during the next frame, as a
    // scripted visitor would (a tap on a touch screen is a click: GLFW delivers it so).
    struct HeadlessInput {
        glm::vec2 pointer{-1.0f, -1.0f}; // pixels; negative: no pointer over the window
        bool pointerDown = false;
        std::vector<int> keysDown;
        bool ctrl = false;
        bool shift = false;
        std::string characters; // typed text (UTF-8), as GLFW's character callback gives it
    };
    void setHeadlessInput(const HeadlessInput& input);

    // Starts a UI frame of the framebuffer's size; ImGui calls may follow until draw().
    void beginFrame(glm::ivec2 framebufferSize, float dtSeconds);
    // Draws the UI into the framebuffer that is bound now (its content is sRGB-encoded).
    void draw();
    // Ends the frame without drawing it. ImGui sizes auto-sized windows on their first frame
    // and shows them from the second, so a one-frame headless run warms the UI up with this.
    void discardFrame();

    // Changes the UI's scale and contrast between frames (the font atlas is rebuilt at the new
    // size). Outside beginFrame()/draw().
    void setAppearance(float scale, bool highContrast);

    // Adds text's characters to the font atlas when it lacks some that a font has (a curator
    // typing a character the scene did not use yet), rebuilding it; true when it did. Outside
    // beginFrame()/draw().
    bool addText(const std::string& text);

    // Keyboard navigation of the UI (arrows move, Space and Enter press): on while the app
    // gives the UI the keyboard, off otherwise so that keys stay with the scene.
    void setKeyboardNavigation(bool on);

    bool active() const { return m_context != nullptr; }
    // True when ImGui wants the mouse or keyboard (the scene should then ignore them).
    bool wantsMouse() const;
    bool wantsKeyboard() const;

private:
    void loadFonts(const std::string& text, float pixels);
    void applyStyle(float scale, bool highContrast);

    ImGuiContext* m_context = nullptr;
    bool m_glfw = false;
    HeadlessInput m_input;
    float m_scale = 1.0f;
    std::string m_text; // what the atlas covers, for a rebuild
    std::vector<std::uint32_t> m_missing;
    std::vector<std::string> m_warnings;
    // The atlas's extra glyph ranges (ImWchar pairs, 0-terminated); ImGui keeps a pointer to them.
    std::vector<unsigned short> m_ranges;
};

} // namespace docent::engine
